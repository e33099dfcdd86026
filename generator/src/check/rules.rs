//! Rules: each attached to the indices of the fields it names, and the combinations of rules
//! that no request can meet.

use std::collections::BTreeMap;

use serde_json::Value;

use super::shapes::{FieldDraft, ShapeDraft};
use super::Sink;
use crate::diag::{closest, Diagnostic};
use crate::model::{Bound, BoundValue, Check, Docs, EnumModel, RuleValue, Ty, WireValue};
use crate::spec::{self, Rule};

/// What one rule became.
enum Read {
    /// A rule `build()` can check.
    Check(Check),
    /// A note added to a field's docs (`effective_only_when`).
    Note,
}

/// Reads the rules of a shape whose fields all resolved. Sets `draft.checks` when every rule
/// was understood and together they can be met; otherwise each problem is reported and
/// `draft.checks` stays `None`.
pub(super) fn attach(
    index: usize,
    shape: &spec::Shape,
    draft: &mut ShapeDraft,
    enums: &[EnumModel],
    sink: &mut Sink,
) {
    if !draft.resolved() {
        // Rules about fields of unknown type would only echo that problem.
        return;
    }
    let path = format!("shapes[{index}]");
    let mut checks = Vec::new();
    let mut all_read = true;
    for (i, rule) in shape.rules.iter().enumerate() {
        let rpath = format!("{path}.rules[{i}]");
        match read(&rpath, shape, rule, &mut draft.fields, enums, sink) {
            Some(Read::Check(check)) => checks.push((i, check)),
            Some(Read::Note) => {}
            None => all_read = false,
        }
        if let Some(docs) = rule_docs(rule) {
            draft.rule_docs.push(docs.clone());
        }
    }
    if all_read && meetable(&path, &draft.fields, &checks, enums, sink) {
        draft.checks = Some(checks.into_iter().map(|(_, check)| check).collect());
    }
    for (i, dismissal) in shape.dismissed.iter().enumerate() {
        let dpath = format!("{path}.dismissed[{i}]");
        if let Some(field) = &dismissal.field {
            if !shape.fields.iter().any(|f| f.name == *field) {
                sink.push(unknown_field(
                    &format!("{dpath}.field"),
                    shape,
                    field,
                    "the dismissal",
                ));
            }
        }
        if dismissal.sentence.trim().is_empty() || dismissal.reason.trim().is_empty() {
            sink.error(
                dpath,
                "a dismissal quotes its sentence and says why it is not a rule",
            );
        }
    }
}

/// The docs a rule adds to its shape's; an `effective_only_when` note is shown on its field.
fn rule_docs(rule: &Rule) -> Option<&Docs> {
    match rule {
        Rule::ExactlyOneOf { docs, .. }
        | Rule::Forbids { docs, .. }
        | Rule::RequiredIf { docs, .. }
        | Rule::MinItems { docs, .. }
        | Rule::MaxItems { docs, .. }
        | Rule::Length { docs, .. }
        | Rule::Range { docs, .. } => docs.as_ref(),
        Rule::EffectiveOnlyWhen { .. } => None,
    }
}

/// The index of the field a rule names, or a problem with the nearest name as a hint.
fn field_index(path: &str, shape: &spec::Shape, name: &str, sink: &mut Sink) -> Option<usize> {
    let found = shape.fields.iter().position(|f| f.name == name);
    if found.is_none() {
        sink.push(unknown_field(path, shape, name, "rule"));
    }
    found
}

/// `who` (a rule, a dismissal) names a field the shape does not have.
fn unknown_field(path: &str, shape: &spec::Shape, name: &str, who: &str) -> Diagnostic {
    let diag = Diagnostic::new(
        path,
        format!(
            "{who} names `{name}`, which is not a field of `{}`",
            shape.name
        ),
    );
    match closest(name, shape.fields.iter().map(|f| f.name.as_str())) {
        Some(near) => diag.with_hint(format!("did you mean `{near}`?")),
        None => diag,
    }
}

fn wire_matches(wire: &WireValue, value: &Value) -> bool {
    match (wire, value) {
        (WireValue::String(a), Value::String(b)) => a == b,
        (WireValue::Integer(a), Value::Number(b)) => b.as_i64() == Some(*a),
        _ => false,
    }
}

/// Reads one rule; `None` when it has a problem (reported).
fn read(
    path: &str,
    shape: &spec::Shape,
    rule: &Rule,
    fields: &mut [FieldDraft],
    enums: &[EnumModel],
    sink: &mut Sink,
) -> Option<Read> {
    match rule {
        Rule::ExactlyOneOf {
            fields: members, ..
        } => exactly_one_of(path, shape, members, fields, sink).map(Read::Check),
        Rule::Forbids {
            field, forbidden, ..
        } => forbids(path, shape, field, forbidden, fields, sink).map(Read::Check),
        Rule::RequiredIf {
            field,
            when,
            equals,
            ..
        } => {
            let rule = RequiredIf {
                field,
                when,
                equals,
            };
            required_if(path, shape, rule, fields, enums, sink).map(Read::Check)
        }
        Rule::MinItems { field, min, .. } => {
            let index = field_index(&format!("{path}.field"), shape, field, sink)?;
            if !fields[index].ty.as_ref().is_some_and(Ty::is_list) {
                sink.error(
                    format!("{path}.field"),
                    format!("min_items applies to lists; `{field}` is not one"),
                );
                return None;
            }
            Some(Read::Check(Check::MinItems {
                field: index,
                min: *min,
            }))
        }
        Rule::MaxItems { field, max, .. } => {
            let index = field_index(&format!("{path}.field"), shape, field, sink)?;
            if !fields[index].ty.as_ref().is_some_and(Ty::is_list) {
                sink.error(
                    format!("{path}.field"),
                    format!("max_items applies to lists; `{field}` is not one"),
                );
                return None;
            }
            Some(Read::Check(Check::MaxItems {
                field: index,
                max: *max,
            }))
        }
        Rule::Length {
            field, min, max, ..
        } => {
            let index = field_index(&format!("{path}.field"), shape, field, sink)?;
            if fields[index].ty != Some(Ty::String) {
                sink.push(
                    Diagnostic::new(
                        format!("{path}.field"),
                        format!(
                            "length applies to `String` fields; `{field}` is of type `{}`",
                            shape.fields[index].ty.trim()
                        ),
                    )
                    .with_hint("for a list's size use min_items or max_items; for a string type, its min_length and max_length"),
                );
                return None;
            }
            match (min, max) {
                (None, None) => {
                    sink.error(path, "a length needs `min`, `max` or both");
                    None
                }
                (Some(a), Some(b)) if a > b => {
                    sink.error(
                        format!("{path}.min"),
                        format!("min {a} is greater than max {b}: no value can be valid"),
                    );
                    None
                }
                _ => Some(Read::Check(Check::Length {
                    field: index,
                    min: *min,
                    max: *max,
                })),
            }
        }
        Rule::Range {
            field, min, max, ..
        } => range(path, shape, field, min.as_ref(), max.as_ref(), fields, sink).map(Read::Check),
        Rule::EffectiveOnlyWhen {
            field,
            when,
            values,
            docs,
        } => {
            let index = field_index(&format!("{path}.field"), shape, field, sink)?;
            let when_index = field_index(&format!("{path}.when"), shape, when, sink)?;
            let shown: Vec<String> = values
                .iter()
                .map(|v| match v {
                    Value::String(s) => format!("`{s}`"),
                    other => format!("`{other}`"),
                })
                .collect();
            let mut ok = true;
            if let Some(Ty::Enum(e)) = fields[when_index].ty {
                for (i, value) in values.iter().enumerate() {
                    let known = enums
                        .get(e)
                        .is_some_and(|e| e.values.iter().any(|v| wire_matches(&v.wire, value)));
                    if !known {
                        sink.error(
                            format!("{path}.in[{i}]"),
                            format!("{value} is not a value of `{when}`"),
                        );
                        ok = false;
                    }
                }
            }
            // The English note is made from the rule so that it names the exact values; the
            // Chinese one keeps the documentation's wording when there is one.
            let en = format!("Takes effect only when `{when}` is {}.", shown.join(" or "));
            let zh = docs.as_ref().map_or_else(
                || format!("仅当 `{when}` 为 {} 时生效。", shown.join("、")),
                |d| d.zh.clone(),
            );
            fields[index].notes.push(Docs { zh, en });
            ok.then_some(Read::Note)
        }
    }
}

fn exactly_one_of(
    path: &str,
    shape: &spec::Shape,
    members: &[String],
    fields: &[FieldDraft],
    sink: &mut Sink,
) -> Option<Check> {
    let mut ok = true;
    if members.len() < 2 {
        sink.error(
            format!("{path}.fields"),
            "exactly_one_of needs two or more fields",
        );
        ok = false;
    }
    let mut indices = Vec::new();
    for (i, name) in members.iter().enumerate() {
        let index = field_index(&format!("{path}.fields[{i}]"), shape, name, sink)?;
        if fields[index].required {
            sink.push(
                Diagnostic::new(
                    format!("{path}.fields[{i}]"),
                    format!("`{name}` is required, so exactly_one_of can never be met by another member"),
                )
                .with_hint(format!("make `{name}` optional (remove \"required\")")),
            );
            ok = false;
        }
        if indices.contains(&index) {
            sink.error(
                format!("{path}.fields[{i}]"),
                format!("`{name}` is listed twice"),
            );
            ok = false;
        }
        indices.push(index);
    }
    ok.then_some(Check::ExactlyOneOf(indices))
}

fn forbids(
    path: &str,
    shape: &spec::Shape,
    field: &str,
    forbidden: &[String],
    fields: &[FieldDraft],
    sink: &mut Sink,
) -> Option<Check> {
    let subject = field_index(&format!("{path}.field"), shape, field, sink)?;
    let mut ok = true;
    let mut first = None;
    for (i, name) in forbidden.iter().enumerate() {
        let index = field_index(&format!("{path}.forbidden[{i}]"), shape, name, sink)?;
        if index == subject {
            sink.error(
                format!("{path}.forbidden[{i}]"),
                format!("`{name}` cannot forbid itself"),
            );
            ok = false;
        } else if fields[subject].required && fields[index].required {
            sink.error(
                format!("{path}.forbidden[{i}]"),
                format!(
                    "`{field}` and `{name}` are both required, so no request can meet this rule"
                ),
            );
            ok = false;
        }
        first.get_or_insert(index);
        if i > 0 {
            sink.push(
                Diagnostic::new(
                    format!("{path}.forbidden[{i}]"),
                    "one forbids rule names one forbidden field",
                )
                .with_hint("write one rule per forbidden field"),
            );
            ok = false;
        }
    }
    let forbidden = first?;
    ok.then_some(Check::Forbids {
        field: subject,
        forbidden,
    })
}

/// A `range` rule: bounds of the field's own number type, at least one, in order.
fn range(
    path: &str,
    shape: &spec::Shape,
    field: &str,
    min: Option<&serde_json::Number>,
    max: Option<&serde_json::Number>,
    fields: &[FieldDraft],
    sink: &mut Sink,
) -> Option<Check> {
    let index = field_index(&format!("{path}.field"), shape, field, sink)?;
    let integer = match &fields[index].ty {
        Some(Ty::Integer) => true,
        Some(Ty::Float) => false,
        _ => {
            sink.push(
                Diagnostic::new(
                    format!("{path}.field"),
                    format!(
                        "range applies to `Integer` and `Float` fields; `{field}` is of type `{}`",
                        shape.fields[index].ty.trim()
                    ),
                )
                .with_hint("for a list's length use min_items; for a string's, a string type with min_length and max_length"),
            );
            return None;
        }
    };
    if min.is_none() && max.is_none() {
        sink.error(path, "a range needs `min`, `max` or both");
        return None;
    }
    let bound = |which: &str,
                 n: Option<&serde_json::Number>,
                 sink: &mut Sink|
     -> Result<Option<Bound>, ()> {
        let Some(n) = n else { return Ok(None) };
        let value = if integer {
            n.as_i64().map(BoundValue::Integer)
        } else {
            n.as_f64().filter(|f| f.is_finite()).map(BoundValue::Float)
        };
        match value {
            Some(value) => Ok(Some(Bound {
                value,
                text: n.to_string(),
            })),
            None => {
                let what = if integer {
                    format!("`{field}` is an `Integer`, so its bounds are 64-bit integers")
                } else {
                    format!("`{field}` is a `Float`, so its bounds are finite numbers")
                };
                sink.error(
                    format!("{path}.{which}"),
                    format!("{which} {n} cannot bound it: {what}"),
                );
                Err(())
            }
        }
    };
    let (min, max) = (bound("min", min, sink), bound("max", max, sink));
    let (Ok(min), Ok(max)) = (min, max) else {
        return None;
    };
    if let (Some(a), Some(b)) = (&min, &max) {
        let above = match (a.value, b.value) {
            (BoundValue::Integer(a), BoundValue::Integer(b)) => a > b,
            (BoundValue::Float(a), BoundValue::Float(b)) => a > b,
            _ => false,
        };
        if above {
            sink.error(
                format!("{path}.min"),
                format!(
                    "min {} is greater than max {}: no value can be valid",
                    a.text, b.text
                ),
            );
            return None;
        }
    }
    Some(Check::Range {
        field: index,
        min,
        max,
    })
}

/// The names and value of a `required_if` rule.
struct RequiredIf<'r> {
    field: &'r str,
    when: &'r str,
    equals: &'r Value,
}

fn required_if(
    path: &str,
    shape: &spec::Shape,
    rule: RequiredIf<'_>,
    fields: &[FieldDraft],
    enums: &[EnumModel],
    sink: &mut Sink,
) -> Option<Check> {
    let RequiredIf {
        field,
        when,
        equals,
    } = rule;
    let required = field_index(&format!("{path}.field"), shape, field, sink)?;
    let when_index = field_index(&format!("{path}.when"), shape, when, sink)?;
    let equals = match (&fields[when_index].ty, equals) {
        (Some(Ty::Boolean), Value::Bool(b)) => RuleValue::Bool(*b),
        (Some(Ty::Enum(e)), value) => {
            let found = enums
                .get(*e)
                .and_then(|en| en.values.iter().position(|v| wire_matches(&v.wire, value)));
            match found {
                Some(v) => RuleValue::Variant {
                    enumeration: *e,
                    value: v,
                },
                None => {
                    sink.error(
                        format!("{path}.equals"),
                        format!("{value} is not a value of `{when}`"),
                    );
                    return None;
                }
            }
        }
        (Some(Ty::Boolean), value) => {
            sink.push(
                Diagnostic::new(
                    format!("{path}.equals"),
                    format!("`{when}` is a Boolean; it cannot equal {value}"),
                )
                .with_hint("write `true` or `false`"),
            );
            return None;
        }
        (Some(Ty::Integer), Value::Number(n)) if n.as_i64().is_some() => {
            RuleValue::Integer(n.as_i64().unwrap_or_default())
        }
        (Some(Ty::String), Value::String(s)) => RuleValue::String(s.clone()),
        (Some(Ty::Integer | Ty::String), value) => {
            sink.error(
                format!("{path}.equals"),
                format!(
                    "`{when}` is of type `{}`; it cannot equal {value}",
                    shape.fields[when_index].ty.trim()
                ),
            );
            return None;
        }
        _ => {
            sink.error(
                format!("{path}.when"),
                format!(
                    "required_if depends on a Boolean, enum, Integer or String field; `{when}` is of type `{}`",
                    shape.fields[when_index].ty.trim()
                ),
            );
            return None;
        }
    };
    if required == when_index {
        sink.error(
            format!("{path}.when"),
            "a field cannot be required by itself",
        );
        return None;
    }
    Some(Check::RequiredIf {
        field: required,
        when: when_index,
        equals,
    })
}

/// Rules that each make sense alone but together refuse every request, or every request with
/// some value: a field that a required field forbids can never be set, so an exactly_one_of
/// group made only of such fields cannot be met, nor can a required_if that demands one (or
/// demands a field that its own condition forbids). Returns whether none was found.
fn meetable(
    path: &str,
    fields: &[FieldDraft],
    checks: &[(usize, Check)],
    enums: &[EnumModel],
    sink: &mut Sink,
) -> bool {
    let wire = |i: usize| fields.get(i).map_or("", |f| f.wire.as_str());
    // Why a field can never be set: the required field that forbids it.
    let mut never: BTreeMap<usize, usize> = BTreeMap::new();
    for (_, check) in checks {
        if let Check::Forbids { field, forbidden } = check {
            if fields.get(*field).is_some_and(|f| f.required) {
                never.entry(*forbidden).or_insert(*field);
            }
        }
    }
    let forbids = |a: usize, b: usize| {
        checks.iter().any(
            |(_, c)| matches!(c, Check::Forbids { field, forbidden } if *field == a && *forbidden == b),
        )
    };
    let mut ok = true;
    for (rule, check) in checks {
        let rpath = format!("{path}.rules[{rule}]");
        match check {
            Check::ExactlyOneOf(members)
                if !members.is_empty() && members.iter().all(|m| never.contains_key(m)) =>
            {
                let why: Vec<String> = members
                    .iter()
                    .filter_map(|m| {
                        never
                            .get(m)
                            .map(|by| format!("`{}` forbids `{}`", wire(*by), wire(*m)))
                    })
                    .collect();
                sink.push(
                    Diagnostic::new(
                        rpath,
                        format!(
                            "no request can meet this exactly_one_of: every member is forbidden by a required field ({})",
                            why.join(", ")
                        ),
                    )
                    .with_hint("drop one of those forbids rules, or make the forbidding field optional"),
                );
                ok = false;
            }
            Check::RequiredIf {
                field,
                when,
                equals,
            } => {
                let shown = match equals {
                    RuleValue::Bool(b) => b.to_string(),
                    RuleValue::Integer(n) => n.to_string(),
                    RuleValue::String(s) => format!("{s:?}"),
                    RuleValue::Variant { enumeration, value } => {
                        match enums
                            .get(*enumeration)
                            .and_then(|e| e.values.get(*value))
                            .map(|v| &v.wire)
                        {
                            Some(WireValue::String(s)) => format!("{s:?}"),
                            Some(WireValue::Integer(n)) => n.to_string(),
                            None => "that value".to_owned(),
                        }
                    }
                };
                if forbids(*when, *field) {
                    sink.push(
                        Diagnostic::new(
                            rpath,
                            format!(
                                "this rule requires `{}` when `{}` is {shown}, but a forbids rule says `{}` excludes `{}`: no request with `{}` = {shown} can be built",
                                wire(*field),
                                wire(*when),
                                wire(*when),
                                wire(*field),
                                wire(*when)
                            ),
                        )
                        .with_hint("one of the two rules is wrong; drop it"),
                    );
                    ok = false;
                } else if let Some(by) = never.get(field) {
                    sink.push(
                        Diagnostic::new(
                            rpath,
                            format!(
                                "this rule requires `{}` when `{}` is {shown}, but the required field `{}` forbids `{}`: no request with `{}` = {shown} can be built",
                                wire(*field),
                                wire(*when),
                                wire(*by),
                                wire(*field),
                                wire(*when)
                            ),
                        )
                        .with_hint("one of the rules is wrong; drop it"),
                    );
                    ok = false;
                }
            }
            _ => {}
        }
    }
    ok
}
