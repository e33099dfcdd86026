//! Representations: a shape's rules decide whether it can be an enum (`one_of`, `switch`),
//! which turns the rules into types.

use heck::ToUpperCamelCase;

use super::names::{is_upper_camel, not_upper_camel, snake_ident};
use super::shapes::{FieldDraft, Repr, ShapeDraft};
use super::Sink;
use crate::diag::{closest, Diagnostic};
use crate::model::{Check, OneOfVariant, RuleValue, SwitchForm, SwitchVariant, Ty};
use crate::spec::{self, Representation};

/// Checks the representation the spec asks for against the shape's rules; sets `draft.repr`
/// when it is allowed. Skipped when the fields or rules could not be read: the representation
/// would look wrong for the same reason.
pub(super) fn choose(index: usize, shape: &spec::Shape, draft: &mut ShapeDraft, sink: &mut Sink) {
    let Some(checks) = &draft.checks else {
        return;
    };
    let path = format!("shapes[{index}]");
    draft.repr = match &shape.representation {
        Representation::Struct => Some(Repr::Struct),
        Representation::OneOf => one_of(&path, shape, &draft.fields, checks, sink).map(Repr::OneOf),
        Representation::Switch { field, on, off } => {
            let names = SwitchNames { field, on, off };
            switch(&path, shape, &draft.fields, checks, names, sink).map(Repr::Switch)
        }
    };
}

fn one_of(
    path: &str,
    shape: &spec::Shape,
    fields: &[FieldDraft],
    checks: &[Check],
    sink: &mut Sink,
) -> Option<Vec<OneOfVariant>> {
    let rpath = format!("{path}.representation");
    let groups: Vec<&Vec<usize>> = checks
        .iter()
        .filter_map(|c| match c {
            Check::ExactlyOneOf(m) => Some(m),
            _ => None,
        })
        .collect();
    let [members] = groups.as_slice() else {
        sink.error(
            rpath,
            format!(
                "representation one_of needs exactly one exactly_one_of rule; `{}` has {}",
                shape.name,
                groups.len()
            ),
        );
        return None;
    };
    let mut ok = true;
    for check in checks {
        if !matches!(check, Check::ExactlyOneOf(_) | Check::Forbids { .. }) {
            sink.error(
                rpath.clone(),
                "representation one_of allows only exactly_one_of and forbids rules",
            );
            ok = false;
        }
    }
    let forbidden_by = |member: usize, other: usize| {
        checks.iter().any(|c| matches!(c, Check::Forbids { field, forbidden } if *field == member && *forbidden == other))
    };
    let mut variants: Vec<OneOfVariant> = Vec::new();
    for &member in members.iter() {
        let others: Vec<usize> = (0..fields.len())
            .filter(|&i| !members.contains(&i) && !forbidden_by(member, i))
            .collect();
        let name = fields[member].wire.to_upper_camel_case();
        // The variant is named after its member: `Self` cannot name a variant, and two members
        // can meet in one name (`A_b` and `AB` are both `AB`).
        if name == "Self" {
            sink.push(
                Diagnostic::new(
                    format!("{path}.fields[{member}].name"),
                    format!("the one_of member `{}` would name a variant `Self`, which Rust does not allow", fields[member].wire),
                )
                .with_hint("one_of variants are named after their members; represent this shape as a struct, whose `build()` checks the rules"),
            );
            ok = false;
        } else if let Some(other) = variants.iter().find(|v| v.name == name) {
            sink.error(
                format!("{path}.fields[{member}].name"),
                format!(
                    "members `{}` and `{}` would both name the variant `{name}`",
                    fields[other.member].wire, fields[member].wire
                ),
            );
            ok = false;
        }
        variants.push(OneOfVariant {
            constructor: snake_ident(&name),
            name,
            member,
            others,
        });
    }
    for (i, field) in fields.iter().enumerate() {
        if members.contains(&i) {
            continue;
        }
        if field.required {
            sink.error(
                format!("{path}.fields[{i}].required"),
                format!(
                    "`{}` is required, but in a one_of shape only the group decides what is present",
                    field.wire
                ),
            );
            ok = false;
        }
        if members.iter().all(|&m| !forbidden_by(m, i)) {
            sink.push(
                Diagnostic::new(
                    format!("{path}.fields[{i}]"),
                    format!(
                        "`{}` is allowed with every member, so it does not belong in a one_of shape",
                        field.wire
                    ),
                )
                .with_hint("move it to the shape that flattens this one"),
            );
            ok = false;
        }
        if members.iter().all(|&m| forbidden_by(m, i)) {
            sink.error(
                format!("{path}.fields[{i}]"),
                format!(
                    "`{}` is forbidden by every member, so no request can carry it",
                    field.wire
                ),
            );
            ok = false;
        }
    }
    ok.then_some(variants)
}

/// The names a switch representation gives.
struct SwitchNames<'s> {
    field: &'s str,
    on: &'s str,
    off: &'s str,
}

fn switch(
    path: &str,
    shape: &spec::Shape,
    fields: &[FieldDraft],
    checks: &[Check],
    names: SwitchNames<'_>,
    sink: &mut Sink,
) -> Option<SwitchForm> {
    let SwitchNames { field, on, off } = names;
    let rpath = format!("{path}.representation");
    let Some(switch) = fields.iter().position(|f| f.wire == field) else {
        let mut diag = Diagnostic::new(
            format!("{rpath}.field"),
            format!("`{field}` is not a field of `{}`", shape.name),
        );
        if let Some(near) = closest(field, fields.iter().map(|f| f.wire.as_str())) {
            diag = diag.with_hint(format!("did you mean `{near}`?"));
        }
        sink.push(diag);
        return None;
    };
    let mut ok = true;
    if fields[switch].ty != Some(Ty::Boolean) {
        sink.error(
            format!("{rpath}.field"),
            format!("the switch field `{field}` must be a Boolean"),
        );
        ok = false;
    }
    for (name, which) in [(on, "on"), (off, "off")] {
        if !is_upper_camel(name) {
            sink.push(not_upper_camel(
                format!("{rpath}.{which}"),
                "variant name",
                name,
            ));
            ok = false;
        } else if name == "Self" {
            sink.error(
                format!("{rpath}.{which}"),
                "`Self` cannot name a variant in Rust; pick another name",
            );
            ok = false;
        }
    }
    if on == off {
        sink.error(
            format!("{rpath}.off"),
            "the on and off variants need different names",
        );
        ok = false;
    }
    let mut required_on = Vec::new();
    for check in checks {
        match check {
            Check::RequiredIf {
                field,
                when,
                equals: RuleValue::Bool(true),
            } if *when == switch => required_on.push(*field),
            _ => {
                sink.error(
                    rpath.clone(),
                    "representation switch allows only required_if rules on its field being true",
                );
                ok = false;
            }
        }
    }
    for (i, f) in fields.iter().enumerate() {
        if f.required {
            sink.error(
                format!("{path}.fields[{i}].required"),
                format!(
                    "`{}` is required, but in a switch shape the switch decides what is required",
                    f.wire
                ),
            );
            ok = false;
        }
    }
    let variant = |name: &str| SwitchVariant {
        name: name.to_owned(),
        constructor: snake_ident(name),
    };
    ok.then(|| SwitchForm {
        field: switch,
        on: variant(on),
        off: variant(off),
        required_on,
    })
}
