//! Enums and constrained string types.

use std::collections::BTreeSet;

use regex_syntax::hir::{Class, Hir, HirKind, Look};
use serde_json::Value;

use super::names::{is_upper_camel, not_upper_camel};
use super::Sink;
use crate::diag::{json_kind, Diagnostic};
use crate::model::{EnumKind, EnumModel, EnumValueModel, StringModel, Usage, WireValue};
use crate::spec;
use crate::text::code_span;

/// Checks every enum; values that cannot be read are left out of their enum (and reported).
pub(super) fn enums(enums: &[spec::Enum], sink: &mut Sink) -> Vec<EnumModel> {
    enums
        .iter()
        .enumerate()
        .map(|(i, e)| enumeration(i, e, sink))
        .collect()
}

/// Checks every constrained string type.
pub(super) fn strings(strings: &[spec::StringType], sink: &mut Sink) -> Vec<StringModel> {
    strings
        .iter()
        .enumerate()
        .map(|(i, s)| string_type(i, s, sink))
        .collect()
}

fn enumeration(index: usize, e: &spec::Enum, sink: &mut Sink) -> EnumModel {
    let path = format!("enums[{index}]");
    if e.values.is_empty() {
        sink.push(
            Diagnostic::new(
                format!("{path}.values"),
                format!("enum `{}` has no values", e.name),
            )
            .with_hint("list the documented values; a field without a fixed set of values is a `String` or `Integer`"),
        );
    }
    let mut wire_seen = BTreeSet::new();
    let mut names_seen = BTreeSet::new();
    let mut values: Vec<(usize, EnumValueModel)> = Vec::new();
    for (i, v) in e.values.iter().enumerate() {
        let vpath = format!("{path}.values[{i}]");
        let wire = wire_value(&format!("{vpath}.value"), e, &v.value, sink);
        if let Some(wire) = &wire {
            if !wire_seen.insert(wire.clone()) {
                sink.error(
                    format!("{vpath}.value"),
                    format!("value {} is listed twice in enum `{}`", v.value, e.name),
                );
            }
        }
        if !is_upper_camel(&v.name) {
            sink.push(not_upper_camel(
                format!("{vpath}.name"),
                "variant name",
                &v.name,
            ));
        } else if v.name == "Self" {
            sink.error(
                format!("{vpath}.name"),
                "`Self` cannot name a variant in Rust; pick another name",
            );
        } else if v.name == "Unknown" {
            sink.error(format!("{vpath}.name"), "`Unknown` is the variant that keeps values this crate does not know; pick another name");
        } else if !names_seen.insert(v.name.clone()) {
            sink.error(
                format!("{vpath}.name"),
                format!("variant `{}` is listed twice in enum `{}`", v.name, e.name),
            );
        }
        if let Some(wire) = wire {
            let docs = v
                .docs
                .or_else(|| format!("The value {}.", code_span(&wire.text())));
            values.push((
                i,
                EnumValueModel {
                    wire,
                    aliases: Vec::new(),
                    name: v.name.clone(),
                    docs,
                },
            ));
        }
    }
    // Aliases once every value is known: a spelling stands for one value only.
    for (i, value) in &mut values {
        let Some(v) = e.values.get(*i) else { continue };
        for (j, alias) in v.aliases.iter().enumerate() {
            let apath = format!("{path}.values[{i}].aliases[{j}]");
            let Some(alias) = wire_value(&apath, e, alias, sink) else {
                continue;
            };
            if wire_seen.insert(alias.clone()) {
                value.aliases.push(alias);
            } else {
                sink.push(
                    Diagnostic::new(
                        apath,
                        format!(
                            "alias {} of `{}` is already a value or an alias in enum `{}`",
                            match &alias {
                                WireValue::String(s) => format!("{s:?}"),
                                WireValue::Integer(n) => n.to_string(),
                            },
                            value.name,
                            e.name
                        ),
                    )
                    .with_hint("a spelling can stand for one value only"),
                );
            }
        }
    }
    let values = values.into_iter().map(|(_, value)| value).collect();
    EnumModel {
        name: e.name.clone(),
        kind: e.kind,
        docs: e.docs.or_else(|| format!("The `{}` values.", e.name)),
        values,
        usage: Usage::default(),
        features: Vec::new(),
    }
}

/// A value of enum `e` as its kind reads it.
fn wire_value(path: &str, e: &spec::Enum, value: &Value, sink: &mut Sink) -> Option<WireValue> {
    match (e.kind, value) {
        (EnumKind::String, Value::String(s)) if !s.is_empty() => Some(WireValue::String(s.clone())),
        (EnumKind::String, Value::String(_)) => {
            sink.error(path, "an enum value must not be empty");
            None
        }
        (EnumKind::Integer, Value::Number(n)) => match n.as_i64() {
            Some(n) => Some(WireValue::Integer(n)),
            None => {
                // serde_json keeps integers beyond i64 as u64 or f64; a fraction is another
                // problem than a size.
                let whole = n.is_u64()
                    || n.as_f64()
                        .is_some_and(|f| f.fract() == 0.0 && f.abs() >= 9.2e18);
                sink.push(if whole {
                    Diagnostic::new(
                        path,
                        format!("value {n} of integer enum `{}` is out of range", e.name),
                    )
                    .with_hint(format!(
                        "integer enum values are 64-bit signed: {} to {}",
                        i64::MIN,
                        i64::MAX
                    ))
                } else {
                    Diagnostic::new(
                        path,
                        format!("value {n} of integer enum `{}` is not an integer", e.name),
                    )
                });
                None
            }
        },
        (kind, other) => {
            let mut diag = Diagnostic::new(
                path,
                format!(
                    "enum `{}` has {} values, but this one is {}",
                    e.name,
                    kind.as_str(),
                    json_kind(other)
                ),
            );
            if let (EnumKind::Integer, Value::String(text)) = (kind, other) {
                if let Ok(n) = text.trim().parse::<i64>() {
                    diag = diag.with_hint(format!("write the number without quotes: {n}"));
                }
            }
            if let (EnumKind::String, Value::Number(n)) = (kind, other) {
                diag = diag.with_hint(format!(
                    "quote it (\"{n}\"), or make the enum's kind `integer`"
                ));
            }
            sink.push(diag);
            None
        }
    }
}

fn string_type(index: usize, s: &spec::StringType, sink: &mut Sink) -> StringModel {
    let path = format!("strings[{index}]");
    let pattern = s
        .pattern
        .as_ref()
        .and_then(|pattern| match char_class_pattern(pattern) {
            Ok(ranges) => Some((pattern.clone(), ranges)),
            Err(reason) => {
                sink.push(
                    Diagnostic::new(
                        format!("{path}.pattern"),
                        format!("pattern {pattern:?} {reason}"),
                    )
                    .with_hint("write the allowed characters as one class: `^[A-Za-z0-9_-]*$`"),
                );
                None
            }
        });
    if let (Some(min), Some(max)) = (s.min_length, s.max_length) {
        if min > max {
            sink.error(
                format!("{path}.min_length"),
                format!("min_length {min} is greater than max_length {max}: no value can be valid"),
            );
        }
    }
    if s.pattern.is_none() && s.min_length.is_none() && s.max_length.is_none() {
        sink.push(
            Diagnostic::new(
                path.clone(),
                format!("string type `{}` has no constraint", s.name),
            )
            .with_hint("give it a pattern, min_length or max_length, or use `String`"),
        );
    }
    StringModel {
        name: s.name.clone(),
        docs: s.docs.or_else(|| format!("A checked `{}` string.", s.name)),
        pattern,
        min_length: s.min_length,
        max_length: s.max_length,
        example: s.example.clone(),
        usage: Usage::default(),
        features: Vec::new(),
    }
}

/// Reads `^[class]*$` or `^[class]+$` and returns the class's ranges.
fn char_class_pattern(pattern: &str) -> Result<Vec<(char, char)>, String> {
    let hir = regex_syntax::parse(pattern).map_err(|e| {
        let (what, span) = match &e {
            regex_syntax::Error::Parse(e) => (e.kind().to_string(), Some(e.span())),
            regex_syntax::Error::Translate(e) => (e.kind().to_string(), Some(e.span())),
            _ => (last_line(&e.to_string()).to_owned(), None),
        };
        let part = span
            .and_then(|span| pattern.get(span.start.offset..span.end.offset))
            .filter(|part| !part.is_empty() && *part != pattern);
        match part {
            Some(part) => format!("is not a valid regular expression: {what}, at `{part}`"),
            None => format!("is not a valid regular expression: {what}"),
        }
    })?;
    let not_a_class = || "is not of the form `^[class]*$`".to_owned();
    let HirKind::Concat(parts) = hir.kind() else {
        return Err(not_a_class());
    };
    let [start, repeat, end] = parts.as_slice() else {
        return Err(not_a_class());
    };
    let anchored = |h: &Hir, look: Look| matches!(h.kind(), HirKind::Look(l) if *l == look);
    if !anchored(start, Look::Start) || !anchored(end, Look::End) {
        return Err("must be anchored with `^` and `$`".into());
    }
    let HirKind::Repetition(rep) = repeat.kind() else {
        return Err(not_a_class());
    };
    if rep.max.is_some() || rep.min > 1 {
        return Err(
            "must repeat its class with `*` or `+`; use min_length and max_length for lengths"
                .into(),
        );
    }
    match rep.sub.kind() {
        HirKind::Class(Class::Unicode(class)) => Ok(class
            .ranges()
            .iter()
            .map(|r| (r.start(), r.end()))
            .collect()),
        HirKind::Class(Class::Bytes(_)) => Err("matches bytes, not characters".into()),
        HirKind::Literal(lit) => match std::str::from_utf8(&lit.0)
            .ok()
            .and_then(|s| s.chars().next())
        {
            Some(c) => Ok(vec![(c, c)]),
            None => Err(not_a_class()),
        },
        _ => Err(not_a_class()),
    }
}

/// regex-syntax errors draw the pattern and a caret over several lines; the last says what.
fn last_line(text: &str) -> &str {
    text.lines().last().unwrap_or(text).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_patterns() {
        assert_eq!(
            char_class_pattern("^[a-c_]*$"),
            Ok(vec![('_', '_'), ('a', 'c')])
        );
        assert!(char_class_pattern("^[a-c]{2}$").is_err());
        assert!(char_class_pattern("[a-c]*").is_err());
        assert!(char_class_pattern("^[a-c*$").is_err());
    }
}
