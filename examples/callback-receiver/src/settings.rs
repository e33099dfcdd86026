//! What the binary reads from its environment.

use std::ffi::OsString;
use std::fmt;
use std::net::SocketAddr;

use volc_live_callback::events::Verifier;

/// Where the binary listens when `LISTEN` is not set.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// The binary's settings: the verifier made from `VOLC_CALLBACK_KEY` and the address from
/// `LISTEN`.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `Verifier::new(key)`, or `Verifier::authentication_disabled()` when the variable is not
    /// set.
    pub verifier: Verifier,
    /// Where to listen.
    pub listen: SocketAddr,
}

/// Why the environment cannot be used. Its `Display` is one line and never shows the key.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SettingsError {
    /// `VOLC_CALLBACK_KEY` is set to the empty string.
    EmptyKey,
    /// `VOLC_CALLBACK_KEY` starts or ends with whitespace.
    KeyWhitespace,
    /// `VOLC_CALLBACK_KEY` is not valid UTF-8.
    KeyNotUnicode,
    /// `LISTEN` is not an IP address and port.
    BadListen {
        /// The value, escaped and cut to 64 bytes.
        value: String,
        /// The parser's message.
        reason: String,
    },
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyKey => f.write_str(
                "VOLC_CALLBACK_KEY is set but empty: set it to the callback key (AuthKeyPrimary), \
                 or unset it to accept callbacks without authentication",
            ),
            Self::KeyWhitespace => f.write_str(
                "VOLC_CALLBACK_KEY starts or ends with whitespace (a stray newline?): the key is \
                 compared byte for byte, remove it",
            ),
            Self::KeyNotUnicode => f.write_str("VOLC_CALLBACK_KEY is not valid UTF-8"),
            Self::BadListen { value, reason } => write!(
                f,
                "LISTEN={value} is not an IP address and port (e.g. 127.0.0.1:8080 or \
                 [::]:8080): {reason}"
            ),
        }
    }
}

impl std::error::Error for SettingsError {}

impl Settings {
    /// Reads `VOLC_CALLBACK_KEY` and `LISTEN` from the process environment.
    ///
    /// # Errors
    ///
    /// As [`Settings::from_vars`].
    pub fn from_env() -> Result<Self, SettingsError> {
        Self::from_vars(
            std::env::var_os("VOLC_CALLBACK_KEY"),
            std::env::var_os("LISTEN"),
        )
    }

    /// The settings for these values of `VOLC_CALLBACK_KEY` and `LISTEN` (`None`: not set).
    ///
    /// - No key: authentication off. An empty key is an error rather than authentication off
    ///   (an empty variable is more likely a mistake than a choice, and an empty key
    ///   authenticates nothing); so is a key with whitespace around it, which would make every
    ///   delivery fail with 401.
    /// - No `LISTEN`: [`DEFAULT_LISTEN`]. Port 0 picks a free port.
    ///
    /// # Errors
    ///
    /// The first value that cannot be used.
    pub fn from_vars(
        key: Option<OsString>,
        listen: Option<OsString>,
    ) -> Result<Self, SettingsError> {
        let verifier = match key {
            None => Verifier::authentication_disabled(),
            Some(key) => {
                let key = key
                    .into_string()
                    .map_err(|_| SettingsError::KeyNotUnicode)?;
                if key.is_empty() {
                    return Err(SettingsError::EmptyKey);
                }
                if key.trim() != key {
                    return Err(SettingsError::KeyWhitespace);
                }
                Verifier::new(key)
            }
        };
        let listen = match listen {
            None => DEFAULT_LISTEN.to_owned(),
            Some(value) => value
                .into_string()
                .map_err(|value| SettingsError::BadListen {
                    value: shown(&value.to_string_lossy()),
                    reason: "not valid UTF-8".to_owned(),
                })?,
        };
        let listen = listen
            .parse::<SocketAddr>()
            .map_err(|e| SettingsError::BadListen {
                value: shown(&listen),
                reason: e.to_string(),
            })?;
        Ok(Self { verifier, listen })
    }
}

/// A value for a message: cut to 64 bytes, quoted, control characters escaped.
fn shown(value: &str) -> String {
    let mut end = value.len().min(64);
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    let ellipsis = if end < value.len() { "…" } else { "" };
    format!("{:?}{ellipsis}", &value[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(key: Option<&str>, listen: Option<&str>) -> Result<Settings, SettingsError> {
        Settings::from_vars(key.map(OsString::from), listen.map(OsString::from))
    }

    #[test]
    fn defaults_and_values() -> Result<(), SettingsError> {
        let defaults = vars(None, None)?;
        assert!(!defaults.verifier.authentication_enabled());
        assert_eq!(defaults.listen.to_string(), DEFAULT_LISTEN);
        let set = vars(Some("k"), Some("[::1]:0"))?;
        assert!(set.verifier.authentication_enabled());
        assert_eq!(set.listen.to_string(), "[::1]:0");
        Ok(())
    }

    #[test]
    fn refusals_are_one_line_and_never_show_the_key() {
        assert_eq!(vars(Some(""), None).err(), Some(SettingsError::EmptyKey));
        assert_eq!(
            vars(Some("s3cret\n"), None).err(),
            Some(SettingsError::KeyWhitespace)
        );
        for listen in ["localhost:8080", "127.0.0.1", "", "1.2.3.4:99999", "a\nb"] {
            let Err(e) = vars(Some("s3cret"), Some(listen)) else {
                panic!("{listen:?} accepted");
            };
            let text = e.to_string();
            assert!(text.starts_with("LISTEN="), "{text}");
            assert!(!text.contains('\n') && !text.contains("s3cret"), "{text}");
        }
        let Err(e) = vars(None, Some(&"9".repeat(1000))) else {
            panic!("accepted");
        };
        assert!(e.to_string().len() < 300, "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn non_unicode_values() {
        use std::os::unix::ffi::OsStringExt;
        let bad = || Some(OsString::from_vec(vec![0x66, 0xff]));
        assert_eq!(
            Settings::from_vars(bad(), None).err(),
            Some(SettingsError::KeyNotUnicode)
        );
        assert!(matches!(
            Settings::from_vars(None, bad()),
            Err(SettingsError::BadListen { .. })
        ));
    }
}
