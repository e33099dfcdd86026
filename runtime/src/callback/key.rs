//! The callback key and the signature the sender computes with it.

use std::fmt;

use md5::{Digest, Md5};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::sensitive::Sensitive;

/// The key a service signs its callbacks with (`AuthKeyPrimary` of the callback configuration).
///
/// `Debug` and `Display` print `***`, like [`Sensitive`]; the bytes are overwritten with zeros
/// when the key is dropped (clones included). There is deliberately no way to read the key back
/// and no `PartialEq` (which would not run in constant time).
///
/// Any string is accepted, the empty string included: the key is hashed as its UTF-8 bytes. An
/// empty key authenticates nothing (anyone can compute the MD5 of `t` alone); it exists only
/// because the API does not forbid one.
#[derive(Clone)]
pub struct CallbackKey(Zeroizing<String>);

impl CallbackKey {
    /// Wraps a key. The `String` is moved, not copied, so no unzeroized copy is left behind by
    /// this call (copies the caller made are the caller's).
    pub fn new(key: impl Into<String>) -> Self {
        Self(Zeroizing::new(key.into()))
    }

    /// Whether the key is the empty string (which authenticates nothing).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The `sign` the sender puts in a callback whose `t` is `t`: the lower-case hex MD5 of the
    /// key followed by `t` in decimal. For tests of a receiver; the verifier computes it itself.
    pub fn sign(&self, t: u64) -> String {
        let digest = self.digest(t.to_string().as_bytes());
        let mut hex = [0u8; 32];
        // 16 bytes always fit 32 hex digits; the error case cannot happen.
        if hex::encode_to_slice(digest, &mut hex).is_err() {
            return String::new();
        }
        hex.iter().map(|&b| char::from(b)).collect()
    }

    /// Whether `received` is the signature of `t_text` (the decimal text of `t` as received),
    /// comparing hex digits case-insensitively and in constant time.
    pub(crate) fn matches(&self, t_text: &str, received: &str) -> bool {
        let received = received.as_bytes();
        if received.len() != 32 {
            // The length of a valid signature is public; a wrong length is simply wrong.
            return false;
        }
        let digest = self.digest(t_text.as_bytes());
        let mut expected = [0u8; 32];
        if hex::encode_to_slice(digest, &mut expected).is_err() {
            return false;
        }
        let mut lower = [0u8; 32];
        for (l, r) in lower.iter_mut().zip(received) {
            *l = r.to_ascii_lowercase();
        }
        expected.ct_eq(&lower).into()
    }

    /// The key itself, for redacting it from error messages.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    fn digest(&self, t_text: &[u8]) -> [u8; 16] {
        Md5::new()
            .chain_update(self.0.as_bytes())
            .chain_update(t_text)
            .finalize()
            .into()
    }
}

impl From<String> for CallbackKey {
    fn from(key: String) -> Self {
        Self::new(key)
    }
}

impl From<&str> for CallbackKey {
    fn from(key: &str) -> Self {
        Self::new(key)
    }
}

impl From<Sensitive<String>> for CallbackKey {
    /// Takes over an `AuthKeyPrimary` read from `DescribeCallback`, for example.
    fn from(key: Sensitive<String>) -> Self {
        Self::new(key.into_inner())
    }
}

impl fmt::Debug for CallbackKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CallbackKey(***)")
    }
}

impl fmt::Display for CallbackKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_itself() {
        let key = CallbackKey::new("hunter2-key");
        assert_eq!(format!("{key:?}"), "CallbackKey(***)");
        assert_eq!(format!("{key}"), "***");
        assert!(!format!("{:?}", key.clone()).contains("hunter2"));
    }

    #[test]
    fn sign_is_md5_of_key_then_t() {
        // MD5("abc") is the RFC 1321 test vector: key "a", t written "bc" is not possible, so
        // use key "" and check against the well-known MD5 of "0".
        assert_eq!(
            CallbackKey::new("").sign(0),
            "cfcd208495d565ef66e7dff9f98764da"
        );
        let key = CallbackKey::new("k");
        let sign = key.sign(1_640_849_510);
        assert!(key.matches("1640849510", &sign));
        assert!(key.matches("1640849510", &sign.to_ascii_uppercase()));
        assert!(!key.matches("1640849511", &sign));
        assert!(!key.matches("1640849510", &sign[..31]));
        assert!(!key.matches("1640849510", ""));
        assert!(!CallbackKey::new("K").matches("1640849510", &sign));
    }
}
