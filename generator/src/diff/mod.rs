//! Spec change reports: what changed between two specs, and what each change does to users of
//! the generated crate (`volc-codegen diff OLD NEW`).
//!
//! [`diff`] compares two checked [`Model`]s by name, never by position: actions, shapes, enums
//! and string types by name, fields by wire name, enum values by wire value, one_of variants by
//! name, rules by kind and the fields they name, endpoints by provider. Each [`Change`] has an
//! [`Impact`]:
//!
//! - [`Impact::Breaking`]: code that compiled against the crate generated from the old spec may
//!   no longer compile, or the crate now sends, refuses or decodes something differently (a
//!   tightened rule, another wire value, another API version);
//! - [`Impact::Addition`]: compatible, and adds to the API (an action, an optional field, an enum
//!   value, an endpoint);
//! - [`Impact::Compatible`]: compatible, and adds nothing to call (docs, examples, notes, rate
//!   limits, loosened rules and constraints).
//!
//! [`Report::bump`] turns the worst change into the version bump the generated crate needs. The
//! crate is 0.x, where Cargo treats `0.x.y -> 0.(x+1).0` as incompatible: a breaking change
//! bumps the minor version and anything else the patch version. [`Report::bump_after_1_0`] says
//! what the same changes would need once the crate is 1.0 or later (major, minor, patch).
//!
//! The order of declarations (actions, shapes, enums, enum values, strings) is not reported: it
//! only orders items in the generated files. The order of a shape's fields is, because it is the
//! order of `new`'s parameters. The `crate_version` of the specs is not a change; the report
//! compares it with the bump instead.

mod events;
mod markdown;
mod prose;
mod report;
mod scalars;
mod service;
mod shapes;
#[cfg(test)]
mod tests;

pub use markdown::insert_section;
pub use report::{Bump, Change, ChangeKind, Impact, Report, JSON_REPORT_FORMAT};

use crate::model::Model;

/// Compares two checked specs; see the module docs.
pub fn diff(old: &Model, new: &Model) -> Report {
    let mut differ = Differ {
        old,
        new,
        changes: Vec::new(),
    };
    differ.service();
    differ.actions();
    differ.shapes();
    differ.enums();
    differ.strings();
    differ.events();
    let mut changes = differ.changes;
    changes.sort_by(|a, b| {
        (&a.path, a.kind, &a.description, a.impact).cmp(&(
            &b.path,
            b.kind,
            &b.description,
            b.impact,
        ))
    });
    changes.dedup();
    Report {
        old_source: old.source.clone(),
        new_source: new.source.clone(),
        crate_name: old.service.crate_name.clone(),
        old_version: old.service.crate_version.clone(),
        new_version: new.service.crate_version.clone(),
        changes,
    }
}

struct Differ<'m> {
    old: &'m Model,
    new: &'m Model,
    changes: Vec<Change>,
}

impl Differ<'_> {
    fn push(
        &mut self,
        path: impl Into<String>,
        kind: ChangeKind,
        impact: Impact,
        description: impl Into<String>,
    ) {
        self.changes.push(Change {
            path: path.into(),
            kind,
            impact,
            description: description.into(),
        });
    }
}
