//! The checks behind the rules of generated request types.
//!
//! A generated `build()` or `new()` calls these with the names the spec gives its shapes and
//! fields, so that every crate shares one implementation of each rule and each error says which
//! rule failed and where. They are public for generated code; calling them by hand is fine too.

use crate::validation::ValidationError;

/// `value`, or [`ValidationError::MissingField`] when it was not set.
///
/// # Errors
///
/// [`ValidationError::MissingField`] when `value` is `None`.
pub fn required<T>(
    value: Option<T>,
    shape: &'static str,
    field: &'static str,
) -> Result<T, ValidationError> {
    value.ok_or(ValidationError::MissingField { shape, field })
}

/// Checks that exactly one of `fields` is set; `set` says, in the same order, which are.
///
/// # Errors
///
/// [`ValidationError::ExactlyOneOf`] when none or several are set.
pub fn exactly_one_of(
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
        Err(ValidationError::ExactlyOneOf {
            shape,
            fields,
            present,
        })
    }
}

/// Checks that `forbidden` is not set together with `field`; `both` says whether both are.
///
/// # Errors
///
/// [`ValidationError::Forbidden`] when `both` is true.
pub fn forbids(
    shape: &'static str,
    field: &'static str,
    forbidden: &'static str,
    both: bool,
) -> Result<(), ValidationError> {
    if both {
        Err(ValidationError::Forbidden {
            shape,
            field,
            forbidden,
        })
    } else {
        Ok(())
    }
}

/// Checks a conditional requirement; `missing` says whether `field` is absent although `when`
/// equals `equals` (the value as the spec writes it).
///
/// # Errors
///
/// [`ValidationError::RequiredIf`] when `missing` is true.
pub fn required_if(
    shape: &'static str,
    field: &'static str,
    when: &'static str,
    equals: &'static str,
    missing: bool,
) -> Result<(), ValidationError> {
    if missing {
        Err(ValidationError::RequiredIf {
            shape,
            field,
            when,
            equals,
        })
    } else {
        Ok(())
    }
}

/// Checks that a list has at least `min` items.
///
/// # Errors
///
/// [`ValidationError::TooFewItems`] when `actual < min`.
pub fn min_items(
    shape: &'static str,
    field: &'static str,
    min: usize,
    actual: usize,
) -> Result<(), ValidationError> {
    if actual < min {
        Err(ValidationError::TooFewItems {
            shape,
            field,
            min,
            actual,
        })
    } else {
        Ok(())
    }
}

/// Checks that a list has at most `max` items.
///
/// # Errors
///
/// [`ValidationError::TooManyItems`] when `actual > max`.
pub fn max_items(
    shape: &'static str,
    field: &'static str,
    max: usize,
    actual: usize,
) -> Result<(), ValidationError> {
    if actual > max {
        Err(ValidationError::TooManyItems {
            shape,
            field,
            max,
            actual,
        })
    } else {
        Ok(())
    }
}

/// Checks that a string field has `min ..= max` characters (Unicode scalar values; either
/// bound may be absent). The value itself is never part of the error (the field may be secret).
///
/// # Errors
///
/// [`ValidationError::FieldLength`] when the length is outside the bounds.
pub fn field_length(
    shape: &'static str,
    field: &'static str,
    value: &str,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), ValidationError> {
    let actual = value.chars().count();
    if min.is_some_and(|m| actual < m) || max.is_some_and(|m| actual > m) {
        Err(ValidationError::FieldLength {
            shape,
            field,
            min,
            max,
            actual,
        })
    } else {
        Ok(())
    }
}

/// Checks that a number lies within `min ..= max` (either bound may be absent). The bounds are
/// given twice: as values to compare with, and as the spec writes them, for the message.
///
/// Works for integers and floats alike; a `NaN` is outside every range that has a bound.
///
/// # Errors
///
/// [`ValidationError::OutOfRange`] when `value` is below `min` or above `max`.
pub fn range<N: PartialOrd + Copy + std::fmt::Display>(
    shape: &'static str,
    field: &'static str,
    value: N,
    min: Option<(N, &'static str)>,
    max: Option<(N, &'static str)>,
) -> Result<(), ValidationError> {
    // Written so that an unordered value (NaN) fails any bound.
    let above_min = min.is_none_or(|(min, _)| value >= min);
    let below_max = max.is_none_or(|(max, _)| value <= max);
    if above_min && below_max {
        Ok(())
    } else {
        Err(ValidationError::OutOfRange {
            shape,
            field,
            min: min.map(|(_, text)| text),
            max: max.map(|(_, text)| text),
            actual: value.to_string(),
        })
    }
}

/// `value`, unless it has fewer than `min` or more than `max` characters (Unicode scalar values).
///
/// # Errors
///
/// [`ValidationError::Length`] when the length is outside `min ..= max`.
pub fn length(
    type_name: &'static str,
    value: String,
    min: usize,
    max: usize,
) -> Result<String, ValidationError> {
    let actual = value.chars().count();
    if (min..=max).contains(&actual) {
        Ok(value)
    } else {
        Err(ValidationError::Length {
            type_name,
            value,
            min,
            max,
            actual,
        })
    }
}

/// `value`, unless one of its characters is refused by `allowed` (the character class of
/// `pattern`, which is only quoted in the error).
///
/// # Errors
///
/// [`ValidationError::Pattern`] naming the first refused character.
pub fn pattern(
    type_name: &'static str,
    value: String,
    pattern: &'static str,
    allowed: fn(char) -> bool,
) -> Result<String, ValidationError> {
    match value.chars().find(|c| !allowed(*c)) {
        Some(invalid) => Err(ValidationError::Pattern {
            type_name,
            value,
            pattern,
            invalid,
        }),
        None => Ok(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_passes_and_fails() {
        assert_eq!(required(Some(1), "S", "F"), Ok(1));
        assert_eq!(
            required::<u8>(None, "S", "F"),
            Err(ValidationError::MissingField {
                shape: "S",
                field: "F"
            })
        );
        assert!(exactly_one_of("S", &["A", "B"], &[true, false]).is_ok());
        assert!(exactly_one_of("S", &["A", "B"], &[false, false]).is_err());
        assert!(exactly_one_of("S", &["A", "B"], &[true, true]).is_err());
        assert!(forbids("S", "A", "B", false).is_ok());
        assert!(forbids("S", "A", "B", true).is_err());
        assert!(required_if("S", "A", "B", "true", false).is_ok());
        assert!(required_if("S", "A", "B", "true", true).is_err());
        assert!(min_items("S", "L", 1, 1).is_ok());
        assert!(min_items("S", "L", 1, 0).is_err());
        assert!(length("T", "abc".into(), 1, 3).is_ok());
        assert!(length("T", "直直直直".into(), 1, 3).is_err());
        assert!(pattern("T", "ab".into(), "^[a-z]*$", |c| c.is_ascii_lowercase()).is_ok());
        assert!(pattern("T", "aB".into(), "^[a-z]*$", |c| c.is_ascii_lowercase()).is_err());
    }

    #[test]
    fn ranges() {
        let page = |n: i64| range("Req", "PageSize", n, Some((1, "1")), Some((1000, "1000")));
        assert!(page(1).is_ok() && page(1000).is_ok());
        assert_eq!(
            page(0),
            Err(ValidationError::OutOfRange {
                shape: "Req",
                field: "PageSize",
                min: Some("1"),
                max: Some("1000"),
                actual: "0".into(),
            })
        );
        assert!(page(1001).is_err());
        let ratio = |x: f64| range("Req", "Ratio", x, Some((0.0, "0")), None);
        assert!(ratio(0.0).is_ok() && ratio(1e300).is_ok());
        assert!(ratio(-0.5).is_err());
        assert!(ratio(f64::NAN).is_err());
        assert!(range("Req", "Any", f64::NAN, None, None).is_ok());
    }
}
