//! `ValidationError`: a request that breaks one of the API's rules.

use std::fmt;

use crate::display::{bounded, Clean, VALUE_BYTES};

/// A request that breaks a rule of the API, found before anything is sent.
///
/// Each variant names the shape, the rule and the fields involved, so the message says exactly
/// what to change. Values of secret fields are never included. `Display` is one line of at
/// most 1 KiB: a rejected value is shown cleaned (control characters replaced) and cut to 64
/// bytes; the variant's fields keep it whole.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValidationError {
    /// A required field was not set.
    MissingField {
        /// The shape (request or structure) the field belongs to.
        shape: &'static str,
        /// The field's wire name.
        field: &'static str,
    },
    /// Exactly one of a group of fields must be set; none or several were.
    ExactlyOneOf {
        /// The shape the fields belong to.
        shape: &'static str,
        /// The fields of the group, by wire name.
        fields: &'static [&'static str],
        /// The fields of the group that were set.
        present: Vec<&'static str>,
    },
    /// A field was set although another field that forbids it was set too.
    Forbidden {
        /// The shape the fields belong to.
        shape: &'static str,
        /// The field whose presence forbids the other.
        field: &'static str,
        /// The forbidden field.
        forbidden: &'static str,
    },
    /// A field is required because another field has a given value.
    RequiredIf {
        /// The shape the fields belong to.
        shape: &'static str,
        /// The required field.
        field: &'static str,
        /// The field whose value makes it required.
        when: &'static str,
        /// That value, as the spec writes it.
        equals: &'static str,
    },
    /// A list has fewer items than the API accepts.
    TooFewItems {
        /// The shape the list belongs to.
        shape: &'static str,
        /// The list field.
        field: &'static str,
        /// The least number of items.
        min: usize,
        /// The number given.
        actual: usize,
    },
    /// A list has more items than the API accepts.
    TooManyItems {
        /// The shape the list belongs to.
        shape: &'static str,
        /// The list field.
        field: &'static str,
        /// The most items.
        max: usize,
        /// The number given.
        actual: usize,
    },
    /// A string field is shorter or longer than the API accepts (its value is not kept: the
    /// field may be secret).
    FieldLength {
        /// The shape the field belongs to.
        shape: &'static str,
        /// The field's wire name.
        field: &'static str,
        /// Least characters, when bounded.
        min: Option<usize>,
        /// Most characters, when bounded.
        max: Option<usize>,
        /// Characters given.
        actual: usize,
    },
    /// A number is outside the range the API accepts.
    OutOfRange {
        /// The shape the field belongs to.
        shape: &'static str,
        /// The field's wire name.
        field: &'static str,
        /// The least value allowed, as the spec writes it; `None` when there is no lower bound.
        min: Option<&'static str>,
        /// The greatest value allowed, as the spec writes it; `None` when there is no upper bound.
        max: Option<&'static str>,
        /// The value given.
        actual: String,
    },
    /// A string is shorter or longer than the API accepts.
    Length {
        /// The constrained string type, e.g. `AppName`.
        type_name: &'static str,
        /// The value given.
        value: String,
        /// Least number of characters.
        min: usize,
        /// Most characters.
        max: usize,
        /// Characters given.
        actual: usize,
    },
    /// A string holds a character the API does not accept.
    Pattern {
        /// The constrained string type, e.g. `AppName`.
        type_name: &'static str,
        /// The value given.
        value: String,
        /// The pattern the value must match, as the spec writes it.
        pattern: &'static str,
        /// The first character that does not match.
        invalid: char,
    },
}

impl ValidationError {
    /// Whether the error comes from one of the spec's rules checked by `build()` (a group, a
    /// condition, a range, a size): the deliberately named `build_without_rule_checks()` skips
    /// those for a request the service accepts although the rule refuses it. Missing required
    /// fields and the checks of constrained types are not rules: they always hold.
    pub fn is_rule(&self) -> bool {
        !matches!(
            self,
            Self::MissingField { .. } | Self::Length { .. } | Self::Pattern { .. }
        )
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_rule() {
            bounded(
                f,
                format_args!(
                    "{} (a rule the client checks; if the service no longer enforces it, `build_without_rule_checks()` skips the rule checks)",
                    Unbounded(self)
                ),
            )
        } else {
            bounded(f, format_args!("{}", Unbounded(self)))
        }
    }
}

/// The message before [`bounded`] cleans and caps the whole line.
struct Unbounded<'a>(&'a ValidationError);

impl fmt::Display for Unbounded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            ValidationError::MissingField { shape, field } => {
                write!(f, "{shape}: required field `{field}` is not set")
            }
            ValidationError::ExactlyOneOf {
                shape,
                fields,
                present,
            } => {
                let group = fields.join("`, `");
                if present.is_empty() {
                    write!(f, "{shape}: exactly one of `{group}` must be set, none is")
                } else {
                    write!(
                        f,
                        "{shape}: exactly one of `{group}` must be set, but `{}` are all set",
                        present.join("`, `")
                    )
                }
            }
            ValidationError::Forbidden {
                shape,
                field,
                forbidden,
            } => write!(
                f,
                "{shape}: `{forbidden}` must not be set when `{field}` is set"
            ),
            ValidationError::RequiredIf {
                shape,
                field,
                when,
                equals,
            } => write!(
                f,
                "{shape}: `{field}` is required when `{when}` is {equals}"
            ),
            ValidationError::TooFewItems {
                shape,
                field,
                min,
                actual,
            } => write!(
                f,
                "{shape}: `{field}` needs at least {min} item{}, {actual} given",
                if *min == 1 { "" } else { "s" }
            ),
            ValidationError::TooManyItems {
                shape,
                field,
                max,
                actual,
            } => write!(
                f,
                "{shape}: `{field}` takes at most {max} item{}, {actual} given",
                if *max == 1 { "" } else { "s" }
            ),
            ValidationError::FieldLength {
                shape,
                field,
                min,
                max,
                actual,
            } => {
                let allowed = match (min, max) {
                    (Some(min), Some(max)) => format!("{min} to {max}"),
                    (Some(min), None) => format!("at least {min}"),
                    (None, Some(max)) => format!("at most {max}"),
                    (None, None) => "any number of".to_owned(),
                };
                write!(
                    f,
                    "{shape}: `{field}` is {actual} characters long, {allowed} characters allowed"
                )
            }
            ValidationError::OutOfRange {
                shape,
                field,
                min,
                max,
                actual,
            } => {
                let allowed = match (min, max) {
                    (Some(min), Some(max)) => format!("{min} to {max}"),
                    (Some(min), None) => format!("at least {min}"),
                    (None, Some(max)) => format!("at most {max}"),
                    (None, None) => "any value".to_owned(),
                };
                write!(
                    f,
                    "{shape}: `{field}` is {}, {allowed} allowed",
                    Clean::new(actual, VALUE_BYTES)
                )
            }
            ValidationError::Length {
                type_name,
                value,
                min,
                max,
                actual,
            } => write!(
                f,
                "{type_name}: \"{}\" is {actual} characters long, {min} to {max} allowed",
                Clean::new(&value.escape_debug().to_string(), VALUE_BYTES)
            ),
            ValidationError::Pattern {
                type_name,
                value,
                pattern,
                invalid,
            } => write!(
                f,
                "{type_name}: \"{}\" contains {invalid:?}, which `{pattern}` does not allow",
                Clean::new(&value.escape_debug().to_string(), VALUE_BYTES)
            ),
        }
    }
}

impl std::error::Error for ValidationError {}
