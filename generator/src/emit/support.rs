//! `src/support.rs` of the generated crate: the rule checks and trait impls that every
//! request, enum and string type would otherwise repeat, written once.
//!
//! The text is fixed (only the pieces the spec needs are included, so that nothing is unused),
//! so it is not built from tokens: it is already formatted.

use crate::model::{Check, EnumKind, Model, Repr};

/// What the spec needs from the support module.
#[derive(Debug, Default, Clone, Copy)]
pub struct Needs {
    pub string_enum: bool,
    pub integer_enum: bool,
    pub string_type: bool,
    pub string_type_try_from: bool,
    pub length: bool,
    pub pattern: bool,
    pub required: bool,
    pub exactly_one_of: bool,
    pub forbids: bool,
    pub required_if: bool,
    pub min_items: bool,
}

impl Needs {
    pub fn of(model: &Model) -> Self {
        let mut needs = Self {
            string_enum: model.enums.iter().any(|e| e.kind == EnumKind::String),
            integer_enum: model.enums.iter().any(|e| e.kind == EnumKind::Integer),
            string_type: !model.strings.is_empty(),
            string_type_try_from: model.strings.iter().any(|s| s.usage.output),
            length: model
                .strings
                .iter()
                .any(|s| s.min_length.is_some() || s.max_length.is_some()),
            pattern: model.strings.iter().any(|s| s.pattern.is_some()),
            ..Self::default()
        };
        for shape in &model.shapes {
            if !(shape.repr == Repr::Struct && shape.usage.input && super::has_builder_shape(shape))
            {
                continue;
            }
            needs.required |= shape.fields.iter().any(|f| f.required);
            for check in &shape.checks {
                match check {
                    Check::ExactlyOneOf(_) => needs.exactly_one_of = true,
                    Check::Forbids { .. } => needs.forbids = true,
                    // A rule on a required field holds by construction: no check is emitted.
                    Check::RequiredIf { field, .. } => {
                        needs.required_if |= shape.fields.get(*field).is_some_and(|f| !f.required)
                    }
                    Check::MinItems { .. } => needs.min_items = true,
                }
            }
        }
        needs
    }

    fn validation(&self) -> bool {
        self.length
            || self.pattern
            || self.required
            || self.exactly_one_of
            || self.forbids
            || self.required_if
            || self.min_items
    }
}

const HEAD: &str =
    "//! What the generated types share: the checks behind their rules, and the trait impls
//! that every enum, string type and action has, written once as functions and macros.
";

const USE_VALIDATION: &str = "
use volc_runtime::ValidationError;
";

const REQUIRED: &str = r#"
/// `value`, or [`ValidationError::MissingField`] when it was not set.
pub(crate) fn required<T>(
    value: Option<T>,
    shape: &'static str,
    field: &'static str,
) -> Result<T, ValidationError> {
    value.ok_or(ValidationError::MissingField { shape, field })
}
"#;

const EXACTLY_ONE_OF: &str = r#"
/// [`ValidationError::ExactlyOneOf`] unless exactly one of `fields` is set (`set`, in order).
pub(crate) fn exactly_one_of(
    shape: &'static str,
    fields: &'static [&'static str],
    set: &[bool],
) -> Result<(), ValidationError> {
    let present: Vec<&'static str> = fields
        .iter()
        .zip(set)
        .filter_map(|(name, set)| set.then_some(*name))
        .collect();
    if present.len() == 1 {
        Ok(())
    } else {
        Err(ValidationError::ExactlyOneOf { shape, fields, present })
    }
}
"#;

const FORBIDS: &str = r#"
/// [`ValidationError::Forbidden`] when `field` and `forbidden` are both set.
pub(crate) fn forbids(
    shape: &'static str,
    field: &'static str,
    forbidden: &'static str,
    both: bool,
) -> Result<(), ValidationError> {
    if both {
        Err(ValidationError::Forbidden { shape, field, forbidden })
    } else {
        Ok(())
    }
}
"#;

const REQUIRED_IF: &str = r#"
/// [`ValidationError::RequiredIf`] when `field` is missing although `when` equals `equals`.
pub(crate) fn required_if(
    shape: &'static str,
    field: &'static str,
    when: &'static str,
    equals: &'static str,
    missing: bool,
) -> Result<(), ValidationError> {
    if missing {
        Err(ValidationError::RequiredIf { shape, field, when, equals })
    } else {
        Ok(())
    }
}
"#;

const MIN_ITEMS: &str = r#"
/// [`ValidationError::TooFewItems`] when a list has fewer than `min` items.
pub(crate) fn min_items(
    shape: &'static str,
    field: &'static str,
    min: usize,
    actual: usize,
) -> Result<(), ValidationError> {
    if actual < min {
        Err(ValidationError::TooFewItems { shape, field, min, actual })
    } else {
        Ok(())
    }
}
"#;

const LENGTH: &str = r#"
/// `value`, or [`ValidationError::Length`] unless it has `min` to `max` characters.
pub(crate) fn length(
    type_name: &'static str,
    value: String,
    min: usize,
    max: usize,
) -> Result<String, ValidationError> {
    let actual = value.chars().count();
    if (min..=max).contains(&actual) {
        Ok(value)
    } else {
        Err(ValidationError::Length { type_name, value, min, max, actual })
    }
}
"#;

const PATTERN: &str = r#"
/// `value`, or [`ValidationError::Pattern`] naming the first character `allowed` refuses.
pub(crate) fn pattern(
    type_name: &'static str,
    value: String,
    pattern: &'static str,
    allowed: fn(char) -> bool,
) -> Result<String, ValidationError> {
    match value.chars().find(|c| !allowed(*c)) {
        Some(invalid) => Err(ValidationError::Pattern { type_name, value, pattern, invalid }),
        None => Ok(value),
    }
}
"#;

const STRING_ENUM: &str = r#"
/// `as_str`, `From<&str>` and `Display` for an enum of string values with an `Unknown(String)`
/// variant, and the serde traits listed before the values:
/// `string_enum!(Name, [Serialize, Deserialize], Variant("wire"), ...)`.
macro_rules! string_enum {
    ($name:ident, [$($serde:ident),*], $($variant:ident($wire:literal)),* $(,)?) => {
        impl $name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        $($crate::support::string_enum!(@$serde $name);)*
    };
    (@Serialize $name:ident) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
    (@Deserialize $name:ident) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as ::serde::Deserialize>::deserialize(deserializer)
                    .map(|value| Self::from(value.as_str()))
            }
        }
    };
}
pub(crate) use string_enum;
"#;

const INTEGER_ENUM: &str = r#"
/// `value` and `From<i64>` for an enum of integer values with an `Unknown(i64)` variant, and the
/// serde traits listed before the values: `integer_enum!(Name, [Serialize], Variant(0), ...)`.
macro_rules! integer_enum {
    ($name:ident, [$($serde:ident),*], $($variant:ident($wire:literal)),* $(,)?) => {
        impl $name {
            /// The value as it is sent on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => *value,
                }
            }
        }

        impl ::core::convert::From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(other),
                }
            }
        }

        $($crate::support::integer_enum!(@$serde $name);)*
    };
    (@Serialize $name:ident) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }
    };
    (@Deserialize $name:ident) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    };
}
pub(crate) use integer_enum;
"#;

const STRING_TYPE: &str = r#"
/// `as_str`, `FromStr`, `AsRef<str>` and `Display` for a checked string newtype whose `new`
/// checks the value; with `TryFrom`, also `TryFrom<String>` (for decoding).
macro_rules! string_type {
    ($name:ident) => {
        impl $name {
            /// The value.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::volc_runtime::ValidationError;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
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
    };
"#;

const STRING_TYPE_TRY_FROM: &str = r#"    ($name:ident, TryFrom) => {
        $crate::support::string_type!($name);

        impl ::core::convert::TryFrom<String> for $name {
            type Error = ::volc_runtime::ValidationError;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }
    };
"#;

const STRING_TYPE_END: &str = "}
pub(crate) use string_type;
";

const OPERATION: &str = r#"
/// What an action returns, and what ties its request to it: `operation!("Action", method,
/// Method, Request => Output)`, with `, Result` at the end when the response carries one,
/// defines the `Output` struct and implements `Operation` for the request.
macro_rules! operation {
    ($action:literal, $method:ident, $http:ident, $input:ident => $output:ident) => {
        #[doc = concat!("What [`Client::", stringify!($method), "`](crate::Client::", stringify!($method), ") returns: the response metadata; this action returns no result.")]
        #[derive(Debug, Clone, Default, PartialEq, Eq, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct $output {
            /// Metadata of the response; `request_id` identifies the call.
            #[serde(rename = "ResponseMetadata", default)]
            pub response_metadata: ::volc_runtime::ResponseMetadata,
        }

        $crate::support::operation!(@impl $action, $http, $input => $output);
    };
    ($action:literal, $method:ident, $http:ident, $input:ident => $output:ident, $result:ident) => {
        #[doc = concat!("What [`Client::", stringify!($method), "`](crate::Client::", stringify!($method), ") returns: the response metadata and the result.")]
        #[derive(Debug, Clone, Default, PartialEq, Eq, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct $output {
            /// Metadata of the response; `request_id` identifies the call.
            #[serde(rename = "ResponseMetadata", default)]
            pub response_metadata: ::volc_runtime::ResponseMetadata,
            /// The action's result; empty when the response carries none.
            #[serde(rename = "Result", default, deserialize_with = "::volc_runtime::de::null_as_default")]
            pub result: $result,
        }

        $crate::support::operation!(@impl $action, $http, $input => $output);
    };
    (@impl $action:literal, $http:ident, $input:ident => $output:ident) => {
        impl ::core::convert::AsRef<::volc_runtime::ResponseMetadata> for $output {
            fn as_ref(&self) -> &::volc_runtime::ResponseMetadata {
                &self.response_metadata
            }
        }

        impl ::volc_runtime::Operation for $input {
            const ACTION: &'static str = $action;
            const METHOD: ::volc_runtime::HttpMethod = ::volc_runtime::HttpMethod::$http;
            type Output = $output;
        }
    };
}
pub(crate) use operation;
"#;

/// The text of `src/support.rs`, without the generated-file header.
pub fn support_rs(needs: &Needs) -> String {
    let mut out = String::from(HEAD);
    if needs.validation() {
        out.push_str(USE_VALIDATION);
    }
    for (needed, text) in [
        (needs.required, REQUIRED),
        (needs.exactly_one_of, EXACTLY_ONE_OF),
        (needs.forbids, FORBIDS),
        (needs.required_if, REQUIRED_IF),
        (needs.min_items, MIN_ITEMS),
        (needs.length, LENGTH),
        (needs.pattern, PATTERN),
        (needs.string_enum, STRING_ENUM),
        (needs.integer_enum, INTEGER_ENUM),
    ] {
        if needed {
            out.push_str(text);
        }
    }
    if needs.string_type {
        out.push_str(STRING_TYPE);
        if needs.string_type_try_from {
            out.push_str(STRING_TYPE_TRY_FROM);
        }
        out.push_str(STRING_TYPE_END);
    }
    out.push_str(OPERATION);
    out
}
