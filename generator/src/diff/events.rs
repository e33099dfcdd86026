//! Changes to the callback events: the section as a whole, its envelope and signature, and the
//! event types (compared by `event_type`).

use std::collections::BTreeMap;

use super::prose::shape_name;
use super::{ChangeKind, Differ, Impact};
use crate::model::{EventTypeModel, EventsModel, Model};

impl Differ<'_> {
    pub(super) fn events(&mut self) {
        use ChangeKind as K;
        use Impact::{Addition, Breaking, Compatible};
        let (old, new) = match (&self.old.events, &self.new.events) {
            (None, None) => return,
            (Some(_), None) => {
                self.push(
                    "events",
                    K::EventsRemoved,
                    Breaking,
                    "callback events removed: the module `events` and its `Event` are gone",
                );
                return;
            }
            (None, Some(_)) => {
                self.push(
                    "events",
                    K::EventsAdded,
                    Addition,
                    "callback events added: a new module `events` with `Event` and the verifier",
                );
                return;
            }
            (Some(old), Some(new)) => (old, new),
        };
        let (oe, ne) = (
            shape_name(self.old, old.envelope),
            shape_name(self.new, new.envelope),
        );
        if oe != ne {
            self.push("events.envelope", K::EventsEnvelope, Breaking, format!("envelope `{oe}` -> `{ne}`: the `common` field of every `Event` variant changes type"));
        }
        if old.signature != new.signature {
            self.push(
                "events.signature",
                K::EventsSignature,
                Breaking,
                "another signature scheme: deliveries the verifier accepted are refused",
            );
        }
        if old.docs != new.docs {
            self.push("events", K::EventsDocs, Compatible, "docs changed");
        }
        let olds: BTreeMap<&str, &EventTypeModel> = old
            .types
            .iter()
            .map(|t| (t.event_type.as_str(), t))
            .collect();
        let news: BTreeMap<&str, &EventTypeModel> = new
            .types
            .iter()
            .map(|t| (t.event_type.as_str(), t))
            .collect();
        for (wire, o) in &olds {
            let path = format!("events.types[\"{wire}\"]");
            let Some(n) = news.get(wire) else {
                self.push(path, K::EventTypeRemoved, Breaking, format!("event type `{wire}` removed: `Event::{}` is gone, and such events decode as `Event::Unknown`", o.name));
                continue;
            };
            if o.name != n.name {
                self.push(
                    path.clone(),
                    K::EventTypeChanged,
                    Breaking,
                    format!(
                        "variant `Event::{}` renamed to `Event::{}`: code that matches it breaks",
                        o.name, n.name
                    ),
                );
            }
            let (os, ns) = (shape_name(self.old, o.shape), shape_name(self.new, n.shape));
            if os != ns {
                self.push(
                    path.clone(),
                    K::EventTypeChanged,
                    Breaking,
                    format!(
                        "fields `{os}` -> `{ns}`: the `fields` of `Event::{}` change type",
                        n.name
                    ),
                );
            }
            let (om, nm) = (
                message_type(self.old, old, o),
                message_type(self.new, new, n),
            );
            if om != nm {
                self.push(
                    path.clone(),
                    K::EventTypeChanged,
                    Breaking,
                    format!(
                        "message type {} -> {}: `Event::message_type` answers differently",
                        om.as_deref().unwrap_or("none"),
                        nm.as_deref().unwrap_or("none")
                    ),
                );
            }
            if o.docs != n.docs {
                self.push(path, K::EventsDocs, Compatible, "docs changed");
            }
        }
        for (wire, n) in &news {
            if !olds.contains_key(wire) {
                self.push(format!("events.types[\"{wire}\"]"), K::EventTypeAdded, Addition, format!("new event type `{wire}`, `Event::{}`: `Event` is `#[non_exhaustive]`, so matches already have a wildcard arm (such events decoded as `Event::Unknown` before)", n.name));
            }
        }
    }
}

/// The message type an event type stands for, as `Enum::Variant`.
fn message_type(model: &Model, events: &EventsModel, t: &EventTypeModel) -> Option<String> {
    let e = model.enums.get(events.message_types?)?;
    let value = e.values.get(t.message_type?)?;
    Some(format!("`{}::{}`", e.name, value.name))
}
