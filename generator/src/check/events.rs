//! Callback events: the envelope every event carries, and the event types whose fields are
//! known.

use std::collections::BTreeMap;

use super::names::{is_upper_camel, not_upper_camel, Named, Namespace};
use super::shapes::{struct_shape, ShapeDraft};
use super::Sink;
use crate::diag::Diagnostic;
use crate::model::{EnumModel, EventTypeModel, EventsModel, Ty, WireValue};
use crate::spec;

/// The generated enum of events; a type of this name would collide with it.
pub(super) const EVENT_ENUM: &str = "Event";

/// Checks the events section; `None` when a part of it cannot be used (reported).
pub(super) fn check(
    events: &spec::Events,
    names: &Namespace,
    shapes: &[ShapeDraft],
    enums: &[EnumModel],
    sink: &mut Sink,
) -> Option<EventsModel> {
    if let Some(spec_name) = names.rust_name_taken(EVENT_ENUM) {
        sink.push(
            Diagnostic::new(
                "events",
                format!("the type `{spec_name}` is named `{EVENT_ENUM}` in Rust, the name of the generated enum of events"),
            )
            .with_hint("give that type another name, or a `rust_name`"),
        );
    }
    let envelope = struct_shape(
        "events.envelope",
        &events.envelope,
        names,
        shapes,
        "events decode into structs",
        sink,
    );
    let mut ok = envelope.is_some();
    if let Some(index) = envelope {
        ok &= envelope_fields(&shapes[index], sink);
    }
    let message_types = match &events.message_types {
        None => None,
        Some(name) => match names.get(name) {
            Some(Named::Enum(i)) => Some(*i),
            _ => {
                sink.error("events.message_types", format!("`{name}` is not an enum"));
                ok = false;
                None
            }
        },
    };
    let mut wire_seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut names_seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut types = Vec::new();
    for (i, t) in events.types.iter().enumerate() {
        let path = format!("events.types[{i}]");
        if t.event_type.is_empty() {
            sink.error(
                format!("{path}.event_type"),
                "an event type must not be empty",
            );
            ok = false;
        } else if let Some(first) = wire_seen.insert(&t.event_type, i) {
            sink.push(
                Diagnostic::new(
                    format!("{path}.event_type"),
                    format!("event type `{}` is listed twice", t.event_type),
                )
                .with_hint(format!("the first is events.types[{first}]")),
            );
            ok = false;
        }
        if !is_upper_camel(&t.name) {
            sink.push(not_upper_camel(
                format!("{path}.name"),
                "variant name",
                &t.name,
            ));
            ok = false;
        } else if t.name == "Unknown" || t.name == "Self" {
            sink.error(
                format!("{path}.name"),
                format!("`{}` cannot name an event: `Unknown` keeps the events this crate does not know, and `Self` is Rust's", t.name),
            );
            ok = false;
        } else if let Some(first) = names_seen.insert(&t.name, i) {
            sink.push(
                Diagnostic::new(
                    format!("{path}.name"),
                    format!("variant `{}` is listed twice", t.name),
                )
                .with_hint(format!("the first is events.types[{first}]")),
            );
            ok = false;
        }
        let shape = struct_shape(
            &format!("{path}.shape"),
            &t.shape,
            names,
            shapes,
            "events decode into structs",
            sink,
        );
        let message_type = match (&t.message_type, message_types) {
            (None, _) => Some(None),
            (Some(value), Some(e)) => {
                let found = enums.get(e).and_then(|en| {
                    en.values.iter().position(|v| match (&v.wire, value) {
                        (WireValue::String(a), serde_json::Value::String(b)) => a == b,
                        (WireValue::Integer(a), serde_json::Value::Number(b)) => {
                            b.as_i64() == Some(*a)
                        }
                        _ => false,
                    })
                });
                match found {
                    Some(v) => Some(Some(v)),
                    None => {
                        let enum_name = events.message_types.as_deref().unwrap_or_default();
                        sink.error(
                            format!("{path}.message_type"),
                            format!("{value} is not a value of `{enum_name}`"),
                        );
                        None
                    }
                }
            }
            (Some(_), None) => {
                sink.push(
                    Diagnostic::new(
                        format!("{path}.message_type"),
                        "a message_type needs the enum it is a value of",
                    )
                    .with_hint("name the enum in `events.message_types`"),
                );
                None
            }
        };
        match (shape, message_type) {
            (Some(shape), Some(message_type)) => types.push(EventTypeModel {
                event_type: t.event_type.clone(),
                name: t.name.clone(),
                shape,
                message_type,
                docs: t.docs.clone(),
            }),
            _ => ok = false,
        }
    }
    let envelope = envelope?;
    ok.then(|| EventsModel {
        docs: events.docs.clone(),
        envelope,
        signature: events.signature.clone(),
        message_types,
        types,
        // Decided with the shapes' forms (`check::finish_events`).
        eq: false,
    })
}

/// The envelope must hold what the runtime reads by name: `event_type` (a `String`) and `t` (an
/// `Integer`).
fn envelope_fields(shape: &ShapeDraft, sink: &mut Sink) -> bool {
    let mut ok = true;
    for (wire, ty, what) in [
        ("event_type", Ty::String, "a `String`"),
        ("t", Ty::Integer, "an `Integer`"),
    ] {
        match shape.fields.iter().find(|f| f.wire == wire) {
            Some(field) if field.ty.as_ref().is_none_or(|t| *t == ty) => {}
            Some(_) => {
                sink.error(
                    "events.envelope",
                    format!("the envelope's field `{wire}` must be {what}"),
                );
                ok = false;
            }
            None => {
                sink.push(
                    Diagnostic::new(
                        "events.envelope",
                        format!("the envelope `{}` has no field `{wire}`", shape.name),
                    )
                    .with_hint(format!(
                        "the verifier reads `{wire}` from every event; list it ({what}) in the envelope"
                    )),
                );
                ok = false;
            }
        }
    }
    ok
}
