//! Why a callback was refused.

use std::fmt;
use std::time::Duration;

/// Why [`Verifier::verify`](super::Verifier::verify) refused a callback.
///
/// Each `Display` is one line of at most about 1 KiB: text taken from the request (the
/// `event_type`, parser messages) is cut to a few hundred bytes, and control characters and
/// bidirectional-text controls in it are replaced by spaces, so a sender cannot forge log lines.
/// No message contains the callback key or the received `sign` (both are replaced by `***`
/// wherever a parser message would quote them).
///
/// [`t`](Self::t) and [`event_type`](Self::event_type) give what was read of the callback, for
/// logging. They come from the request and, for the authentication errors, are not
/// authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallbackError {
    /// The body is larger than the configured limit; it was not parsed.
    #[non_exhaustive]
    TooLarge {
        /// The size of the body, in bytes.
        size: usize,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The body is not JSON: a syntax error, invalid UTF-8, trailing characters, or nesting
    /// deeper than the JSON parser's limit of 128 levels.
    #[non_exhaustive]
    NotJson {
        /// The parser's message (with line and column).
        reason: String,
    },
    /// The body is JSON but not an object.
    #[non_exhaustive]
    NotAnObject {
        /// What it is: `"an array"`, `"a string"`, ...
        found: &'static str,
    },
    /// Authentication is on and `t` is missing, or is neither a non-negative integer nor a
    /// string of decimal digits that fits 64 bits.
    #[non_exhaustive]
    BadTimestamp {
        /// What is wrong with it.
        reason: &'static str,
        /// The `event_type`, when the event has a string one.
        event_type: Option<String>,
    },
    /// Authentication is on and the callback carries no signature: `sign` is missing, `null` or
    /// the empty string (what a sender with authentication off sends).
    #[non_exhaustive]
    MissingSignature {
        /// `t`, when it could be read.
        t: Option<u64>,
        /// The `event_type`, when the event has a string one.
        event_type: Option<String>,
    },
    /// `sign` is not the signature of `t` with the key (or is not a string): the callback was
    /// not sent with this key, or was altered.
    #[non_exhaustive]
    BadSignature {
        /// `t` as received.
        t: Option<u64>,
        /// The `event_type`, when the event has a string one.
        event_type: Option<String>,
    },
    /// The signature is right, but `t`, the time the notification expires, has passed by more
    /// than the allowed clock skew: a late delivery or a replay.
    #[non_exhaustive]
    Expired {
        /// `t`, Unix seconds.
        t: u64,
        /// The verifier's clock, Unix seconds.
        now: u64,
        /// The clock skew allowed.
        clock_skew: Duration,
        /// The `event_type`, when the event has a string one.
        event_type: Option<String>,
    },
    /// The signature is right, but `t` is further in the future than the verifier allows.
    #[non_exhaustive]
    TooFarInFuture {
        /// `t`, Unix seconds.
        t: u64,
        /// The verifier's clock, Unix seconds.
        now: u64,
        /// How far ahead `t` may be.
        max_future: Duration,
        /// The `event_type`, when the event has a string one.
        event_type: Option<String>,
    },
    /// The callback was authenticated (or authentication is off) but its event object does not
    /// fit the event type asked for (a field of a known event type has the wrong type, ...).
    #[non_exhaustive]
    Event {
        /// `t`, when it could be read.
        t: Option<u64>,
        /// The `event_type`, when the event has a string one.
        event_type: Option<String>,
        /// The decoder's message.
        reason: String,
    },
}

impl CallbackError {
    /// `t` as read from the callback, when it could be read.
    pub fn t(&self) -> Option<u64> {
        match self {
            Self::MissingSignature { t, .. }
            | Self::BadSignature { t, .. }
            | Self::Event { t, .. } => *t,
            Self::Expired { t, .. } | Self::TooFarInFuture { t, .. } => Some(*t),
            _ => None,
        }
    }

    /// The callback's `event_type` (cut to a bounded length), when it has a string one.
    pub fn event_type(&self) -> Option<&str> {
        match self {
            Self::BadTimestamp { event_type, .. }
            | Self::MissingSignature { event_type, .. }
            | Self::BadSignature { event_type, .. }
            | Self::Expired { event_type, .. }
            | Self::TooFarInFuture { event_type, .. }
            | Self::Event { event_type, .. } => event_type.as_deref(),
            _ => None,
        }
    }

    /// Whether the callback was refused because it could not be authenticated or is out of its
    /// validity window (the signature, `t`, or the missing signature), as opposed to being
    /// unreadable or too large.
    pub fn is_authentication_failure(&self) -> bool {
        matches!(
            self,
            Self::BadTimestamp { .. }
                | Self::MissingSignature { .. }
                | Self::BadSignature { .. }
                | Self::Expired { .. }
                | Self::TooFarInFuture { .. }
        )
    }
}

/// ` (event_type "x")`, or nothing.
struct EventType<'a>(&'a Option<String>);

impl fmt::Display for EventType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(event_type) => write!(f, " (event_type \"{event_type}\")"),
            None => Ok(()),
        }
    }
}

/// ` with t = N`, or nothing.
struct T(Option<u64>);

impl fmt::Display for T {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(t) => write!(f, " with t = {t}"),
            None => Ok(()),
        }
    }
}

impl fmt::Display for CallbackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { size, limit } => write!(
                f,
                "callback refused: the body of {size} bytes exceeds the limit of {limit} bytes"
            ),
            Self::NotJson { reason } => write!(f, "callback refused: the body is not JSON: {reason}"),
            Self::NotAnObject { found } => write!(
                f,
                "callback refused: the body is {found}, not a JSON object"
            ),
            Self::BadTimestamp { reason, event_type } => write!(
                f,
                "callback{} refused: {reason}",
                EventType(event_type)
            ),
            Self::MissingSignature { t, event_type } => write!(
                f,
                "callback{}{} refused: no signature (`sign` missing or empty; is authentication off on the sender?)",
                EventType(event_type),
                T(*t)
            ),
            Self::BadSignature { t, event_type } => write!(
                f,
                "callback{}{} refused: `sign` is not the signature of `t` with the callback key",
                EventType(event_type),
                T(*t)
            ),
            Self::Expired {
                t,
                now,
                clock_skew,
                event_type,
            } => write!(
                f,
                "callback{} refused: expired at t = {t}, now is {now} ({}s past, {}s of clock skew allowed)",
                EventType(event_type),
                now.saturating_sub(*t),
                clock_skew.as_secs()
            ),
            Self::TooFarInFuture {
                t,
                now,
                max_future,
                event_type,
            } => write!(
                f,
                "callback{} refused: t = {t} is {}s after now ({now}), more than the {}s allowed",
                EventType(event_type),
                t.saturating_sub(*now),
                max_future.as_secs()
            ),
            Self::Event {
                t,
                event_type,
                reason,
            } => write!(
                f,
                "callback{}{} authenticated but not decoded: {reason}",
                EventType(event_type),
                T(*t)
            ),
        }
    }
}

impl std::error::Error for CallbackError {}

/// The most bytes of `event_type` an error keeps.
pub(crate) const EVENT_TYPE_BYTES: usize = 128;
/// The most bytes of a parser message an error keeps.
pub(crate) const REASON_BYTES: usize = 512;

/// `text` for an error message: at most `max_bytes` bytes (cut at a character boundary, `…`
/// added), with control characters and bidirectional-text controls replaced by spaces, and every
/// occurrence of each non-empty `secret` replaced by `***`.
pub(crate) fn sanitize(text: &str, max_bytes: usize, secrets: &[&str]) -> String {
    let secrets: Vec<&str> = secrets.iter().copied().filter(|s| !s.is_empty()).collect();
    let mut scrubbed = std::borrow::Cow::Borrowed(text);
    for secret in &secrets {
        if scrubbed.contains(secret) {
            scrubbed = std::borrow::Cow::Owned(scrubbed.replace(secret, "***"));
        }
    }
    // Replacing can join the text around a secret into another copy of it (a key that itself
    // contains `***`, written around itself); then nothing of the text is shown.
    if secrets.iter().any(|s| scrubbed.contains(s)) {
        return "***".to_owned();
    }
    let mut out = String::with_capacity(scrubbed.len().min(max_bytes + 3));
    for c in scrubbed.chars() {
        let c = if c.is_control() || is_bidi_control(c) {
            ' '
        } else {
            c
        };
        if out.len() + c.len_utf8() > max_bytes {
            out.push('…');
            break;
        }
        out.push(c);
    }
    out
}

/// Characters that reorder displayed text (Trojan Source) or hide in it.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_bounds_and_cleans() {
        assert_eq!(sanitize("a\nb\u{202E}c", 100, &[]), "a b c");
        assert_eq!(sanitize("abcdef", 3, &[]), "abc…");
        // Never cut inside a character.
        assert_eq!(sanitize("直直", 4, &[]), "直…");
        assert_eq!(
            sanitize("value \"s3cr3t\" and s3cr3t", 100, &["s3cr3t", ""]),
            "value \"***\" and ***"
        );
        // The text around a removed key must not form the key again.
        let key = "ab***cd";
        assert_eq!(sanitize(&format!("x {key} y"), 100, &[key]), "x *** y");
        assert_eq!(sanitize(&format!("ab{key}cd"), 100, &[key]), "***");
    }

    #[test]
    fn displays_are_one_line() {
        let errors = [
            CallbackError::TooLarge { size: 2, limit: 1 },
            CallbackError::NotJson {
                reason: "EOF while parsing a value at line 1 column 0".into(),
            },
            CallbackError::NotAnObject { found: "an array" },
            CallbackError::BadTimestamp {
                reason: "`t` is missing",
                event_type: Some("push_start".into()),
            },
            CallbackError::MissingSignature {
                t: Some(0),
                event_type: None,
            },
            CallbackError::BadSignature {
                t: Some(1),
                event_type: Some("push_start".into()),
            },
            CallbackError::Expired {
                t: 10,
                now: 100,
                clock_skew: Duration::from_secs(60),
                event_type: None,
            },
            CallbackError::TooFarInFuture {
                t: 1000,
                now: 100,
                max_future: Duration::from_secs(600),
                event_type: None,
            },
            CallbackError::Event {
                t: None,
                event_type: None,
                reason: "invalid type".into(),
            },
        ];
        for e in &errors {
            let text = e.to_string();
            assert!(!text.contains('\n') && text.len() < 1024, "{text}");
        }
        assert_eq!(
            errors[6].to_string(),
            "callback refused: expired at t = 10, now is 100 (90s past, 60s of clock skew allowed)"
        );
        assert_eq!(errors[5].t(), Some(1));
        assert_eq!(errors[5].event_type(), Some("push_start"));
        assert!(errors[5].is_authentication_failure());
        assert!(!errors[0].is_authentication_failure());
    }
}
