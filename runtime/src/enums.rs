//! What every generated enum and constrained string type shares: the value an enum keeps when
//! the server sends one it does not know, and the macros that implement the conversions.
//!
//! The types themselves (variants, docs) are generated as ordinary items; these macros only add
//! the trait impls and accessors, which are the same for every type.

use std::fmt;

/// A value the generated crate does not know, kept exactly as the server sent it.
///
/// Held by the `Unknown` variant of generated enums. It can be read ([`UnknownValue::as_str`]
/// or [`UnknownValue::value`]) but not written by hand: only decoding (or `From<&str>` /
/// `From<i64>` on the enum) makes one. So a match on `Unknown(_)` keeps meaning "a value this
/// version does not know", and code cannot start depending on a value that a later version
/// turns into a variant of its own.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue<T>(T);

impl<T> UnknownValue<T> {
    /// Wraps a wire value. Used by the generated conversions; not part of the API.
    #[doc(hidden)]
    pub fn __from_wire(value: T) -> Self {
        Self(value)
    }
}

impl UnknownValue<String> {
    /// The value as the server sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl UnknownValue<i64> {
    /// The value as the server sent it.
    pub fn value(&self) -> i64 {
        self.0
    }
}

impl<T: fmt::Debug> fmt::Debug for UnknownValue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: fmt::Display> fmt::Display for UnknownValue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Paths the exported macros expand to, so that a generated crate needs no `use` for them.
#[doc(hidden)]
pub mod __private {
    pub use serde;
}

/// Implements a generated enum of string values: `as_str`, `From<&str>` (which maps unknown
/// values to `Unknown`, and the `| "alias"` spellings accepted on decode to their variant),
/// `Display`, and the serde traits listed in brackets.
///
/// The enum must have one unit variant per value and `Unknown(UnknownValue<String>)`.
///
/// ```
/// #[derive(Debug, Clone, PartialEq, Eq, Hash)]
/// #[non_exhaustive]
/// pub enum CallbackType {
///     /// `http`
///     Http,
///     /// A value this version does not know.
///     Unknown(volc_runtime::UnknownValue<String>),
/// }
///
/// volc_runtime::string_enum!(CallbackType, [Serialize, Deserialize], Http("http" | "HTTP"));
///
/// let decoded: CallbackType = serde_json::from_str("\"HTTP\"")?;
/// assert_eq!(decoded, CallbackType::Http);
/// assert_eq!(serde_json::to_string(&decoded)?, "\"http\"");
/// let new = CallbackType::from("rtmp");
/// assert!(matches!(&new, CallbackType::Unknown(v) if v.as_str() == "rtmp"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[macro_export]
macro_rules! string_enum {
    ($name:ident, [$($serde:ident),*], $($variant:ident($wire:literal $(| $alias:literal)*)),+ $(,)?) => {
        impl $name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire $(| $alias)* => Self::$variant,)+
                    other => Self::Unknown($crate::UnknownValue::__from_wire(other.to_owned())),
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        $($crate::string_enum!(@$serde $name);)*
    };
    (@Serialize $name:ident) => {
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                serializer.serialize_str(self.as_str())
            }
        }
    };
    (@Deserialize $name:ident) => {
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                $crate::de::lenient_string(deserializer).map(|value| Self::from(value.as_str()))
            }
        }

        impl $crate::de::Decoded for $name {}
    };
}

/// Implements a generated enum of integer values: `value`, `From<i64>` (which maps unknown
/// values to `Unknown`, and the `| alias` values accepted on decode to their variant),
/// `Display`, and the serde traits listed in brackets. Decoding also reads a string holding
/// the integer.
///
/// The enum must have one unit variant per value and `Unknown(UnknownValue<i64>)`.
///
/// ```
/// #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
/// #[non_exhaustive]
/// pub enum TranscodeCallback {
///     /// `0`
///     Off,
///     /// `1`
///     On,
///     /// A value this version does not know.
///     Unknown(volc_runtime::UnknownValue<i64>),
/// }
///
/// volc_runtime::integer_enum!(TranscodeCallback, [Serialize, Deserialize], Off(0), On(1));
///
/// let decoded: TranscodeCallback = serde_json::from_str("\"1\"")?;
/// assert_eq!(decoded, TranscodeCallback::On);
/// assert_eq!(TranscodeCallback::from(7).value(), 7);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[macro_export]
macro_rules! integer_enum {
    ($name:ident, [$($serde:ident),*], $($variant:ident($wire:literal $(| $alias:literal)*)),+ $(,)?) => {
        impl $name {
            /// The value as it is sent on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Unknown(value) => value.value(),
                }
            }
        }

        impl ::core::convert::From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $($wire $(| $alias)* => Self::$variant,)+
                    other => Self::Unknown($crate::UnknownValue::__from_wire(other)),
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.value(), f)
            }
        }

        $($crate::integer_enum!(@$serde $name);)*
    };
    (@Serialize $name:ident) => {
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                serializer.serialize_i64(self.value())
            }
        }
    };
    (@Deserialize $name:ident) => {
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                $crate::de::lenient_integer(deserializer).map(Self::from)
            }
        }

        impl $crate::de::Decoded for $name {}
    };
}

/// Implements a generated constrained string newtype (`struct Name(String)` whose `new` checks
/// the value): `as_str`, `FromStr` (through `new`), `AsRef<str>`, `Display`, and the serde
/// traits listed in brackets (`Deserialize` checks the value with `new`).
///
/// ```
/// pub struct AppName(String);
///
/// impl AppName {
///     /// Checks and wraps a value.
///     pub fn new(value: impl Into<String>) -> Result<Self, volc_runtime::ValidationError> {
///         volc_runtime::validate::length("AppName", value.into(), 1, 30).map(Self)
///     }
/// }
///
/// volc_runtime::string_type!(AppName, [Serialize, Deserialize]);
///
/// let app: AppName = "live".parse()?;
/// assert_eq!(app.as_str(), "live");
/// assert!("".parse::<AppName>().is_err());
/// assert!(serde_json::from_str::<AppName>("\"\"").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[macro_export]
macro_rules! string_type {
    ($name:ident, [$($serde:ident),*]) => {
        impl $name {
            /// The value.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $crate::ValidationError;

            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                Self::new(value)
            }
        }

        impl ::core::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(&self.0)
            }
        }

        $($crate::string_type!(@$serde $name);)*
    };
    (@Serialize $name:ident) => {
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                serializer.serialize_str(&self.0)
            }
        }
    };
    (@Deserialize $name:ident) => {
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                let value = <::std::string::String as $crate::__private::serde::Deserialize>::deserialize(deserializer)?;
                Self::new(value).map_err(<D::Error as $crate::__private::serde::de::Error>::custom)
            }
        }

        impl $crate::de::Decoded for $name {}
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Kind {
        A,
        B,
        Unknown(UnknownValue<String>),
    }

    crate::string_enum!(Kind, [Serialize, Deserialize], A("a"), B("b" | "B" | "bee"));

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Level {
        Low,
        High,
        Unknown(UnknownValue<i64>),
    }

    crate::integer_enum!(Level, [Deserialize], Low(-1), High(1 | 2));

    #[test]
    fn string_enums_keep_unknown_values() -> Result<(), serde_json::Error> {
        assert_eq!(Kind::from("bee"), Kind::B);
        assert_eq!(Kind::B.as_str(), "b");
        let unknown: Kind = serde_json::from_str("\"c\"")?;
        assert_eq!(unknown.as_str(), "c");
        assert_eq!(format!("{unknown:?}"), "Unknown(\"c\")");
        assert_eq!(serde_json::to_string(&unknown)?, "\"c\"");
        assert_eq!(Kind::A.to_string(), "a");
        Ok(())
    }

    #[test]
    fn integer_enums_read_numbers_and_strings() -> Result<(), serde_json::Error> {
        assert_eq!(serde_json::from_str::<Level>("-1")?, Level::Low);
        assert_eq!(serde_json::from_str::<Level>("\"2\"")?, Level::High);
        assert_eq!(Level::High.value(), 1);
        assert_eq!(serde_json::from_str::<Level>("9")?.value(), 9);
        assert!(serde_json::from_str::<Level>("\"x\"").is_err());
        assert_eq!(Level::from(1).to_string(), "1");
        Ok(())
    }
}
