//! Overlays: what we know beyond an imported model (English docs, enums, rules, string types,
//! callback events, more endpoints) and corrections of what it gets wrong, kept in a file of
//! their own so that they survive re-import.
//!
//! An overlay is keyed by the names the import gives (actions, shapes, fields by wire name), so
//! an entry whose target the import no longer has (an upstream rename or removal) is an error
//! located in the overlay, never silently dropped. Several overlays apply in order, each to the
//! result of the one before. Applying one is a pure function of the spec and the overlay, and
//! a stage before the spec: the checker sees an ordinary spec. `overlay.schema.json` is the
//! format's JSON Schema (`volc-codegen schema --overlay`).
//!
//! Within one overlay: service entries first; then `new_shapes`, `enums` and `strings` are
//! added; then every shape's `groups` move fields into the shapes they name; then every other
//! shape, field and action entry applies; then `events`; renames (`shapes.X.name`) apply last,
//! to every reference. Every name an overlay writes is the imported one (or one it adds).
//! Finally shapes nothing reaches any more (an overlay pointed their users elsewhere) are left
//! out.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diag::{closest, Diagnostic, Diagnostics};
use crate::spec::{self, Docs, EndpointSpec, Rule, Spec};

/// An overlay file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Overlay {
    /// Where editors find this schema; ignored.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Version of the overlay format; must be 1.
    pub format: u32,
    /// The service's metadata.
    #[serde(default)]
    pub service: ServiceOverlay,
    /// Per action, by name.
    #[serde(default)]
    pub actions: BTreeMap<String, ActionOverlay>,
    /// Shapes the model does not have, added whole (callback events, for one).
    #[serde(default)]
    pub new_shapes: Vec<spec::Shape>,
    /// Per shape: by its imported name (`UpdateCallbackRequest`), or by where it is held, a
    /// shape's name and a chain of fields through lists and maps (`DescribeCallbackResult.
    /// CallbackList`: the item shape of that list), which stays the same however the import
    /// names the shape (a subset of the actions, a new shape elsewhere taking its name).
    #[serde(default)]
    pub shapes: BTreeMap<String, ShapeOverlay>,
    /// Enums, added (a field becomes one through its `type`).
    #[serde(default)]
    pub enums: Vec<spec::Enum>,
    /// Constrained string types, added.
    #[serde(default)]
    pub strings: Vec<spec::StringType>,
    /// The callback events (replacing any the spec has).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<spec::Events>,
}

/// The service's metadata; what is absent stays as imported.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceOverlay {
    /// The generated crate's package name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crate_name: Option<String>,
    /// The generated crate's version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crate_version: Option<String>,
    /// One cargo feature per action (see the spec's `service.action_features`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_features: Option<bool>,
    /// Title (each language given replaces the imported one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Docs>,
    /// Description (each language given replaces the imported one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<Docs>,
    /// More endpoints (another provider, e.g. BytePlus, or more regions), after the imported.
    #[serde(default)]
    pub endpoints: Vec<EndpointSpec>,
    /// Notes, after the imported ones: where sources disagree and what was decided.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Error codes every action may return, after the imported ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<spec::ErrorCode>,
}

/// One action; what is absent stays as imported.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionOverlay {
    /// Docs (each language given replaces the imported one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<Docs>,
    /// Whether sending it twice has the effect of sending it once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotent: Option<bool>,
    /// The documented rate limit, requests per second per account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit_per_second: Option<u32>,
    /// The error codes its documentation lists as its own, after the imported ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<spec::ErrorCode>,
}

/// One shape; what is absent stays as imported.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShapeOverlay {
    /// A new name for the shape (every reference follows); applies last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its name in Rust, when it must differ from its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// Docs (each language given replaces the imported one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<Docs>,
    /// How it is represented in Rust.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representation: Option<spec::Representation>,
    /// Rules, added to the shape's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
    /// Fields moved into a shape of their own, held by one flattened field (so that rules
    /// over them can be types: a one_of or switch shape).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// Per field, by wire name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, FieldOverlay>,
    /// Fields the model lacks, added after its own (a field it has is an error: change it
    /// through `fields`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub new_fields: Vec<spec::Field>,
    /// Sentences reviewed as not rules, with why (added to the shape's).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dismissed: Vec<spec::Dismissal>,
    /// Request shapes it converts into (added to the shape's).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub into: Vec<String>,
}

/// Fields of a shape moved into another shape, flattened back in their place: the JSON does
/// not change, the Rust API groups them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// The name of the flattened field that holds the group (`Target`).
    pub name: String,
    /// The group's shape (`CallbackTarget`): created from the fields when the spec has no shape
    /// of that name, else it must have exactly these fields (several requests share one group).
    pub shape: String,
    /// The fields moved, by wire name.
    pub fields: Vec<String>,
    /// Whether a request must set the group.
    #[serde(default)]
    pub required: bool,
    /// The docs of the flattened field.
    #[serde(default, skip_serializing_if = "Docs::is_empty")]
    pub docs: Docs,
}

/// One field; what is absent stays as imported.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldOverlay {
    /// Another type: an enum or string type instead of `String`, a narrower number, ...
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
    /// Whether a request must carry it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// Docs (each language given replaces the imported one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<Docs>,
    /// A secret: redacted in `Debug`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitive: Option<bool>,
    /// An example value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    /// Its name in Rust, when the snake_case of its wire name cannot be used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// Leave the field out (the model is wrong about it); say why in a service note.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub remove: bool,
}

/// The JSON Schema of the overlay format.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Overlay);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Reads overlay text (`source` names it in diagnostics) and applies it to `spec`.
pub fn apply_text(spec: Spec, text: &str, source: &str) -> Result<Spec, Diagnostics> {
    let overlay = load(text, source)?;
    apply(spec, &overlay).map_err(|items| {
        Diagnostics {
            file: source.to_owned(),
            items,
        }
        .located(text)
    })
}

/// Parses overlay text, reporting every structural problem at once.
pub fn load(text: &str, source: &str) -> Result<Overlay, Diagnostics> {
    let fail = |items: Vec<Diagnostic>| Diagnostics {
        file: source.to_owned(),
        items,
    };
    if text.trim().is_empty() {
        return Err(fail(vec![Diagnostic::new("", "the overlay is empty")
            .with_hint("an overlay is a JSON object: {\"format\": 1, ...}")]));
    }
    let value: Value = serde_json::from_str(text)
        .map_err(|e| fail(vec![crate::json_error(text, &e, "the overlay format")]))?;
    static SCHEMA: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    let root = SCHEMA.get_or_init(|| schemars::schema_for!(Overlay).to_value());
    let items = crate::validate::validate_with(root, &value, "the overlay");
    if !items.is_empty() {
        return Err(fail(items).located(text));
    }
    let overlay: Overlay = serde_json::from_value(value)
        .map_err(|e| fail(vec![Diagnostic::new("", format!("not an overlay: {e}"))]))?;
    if overlay.format != 1 {
        return Err(fail(vec![Diagnostic::new(
            "format",
            format!("unsupported overlay format {}", overlay.format),
        )
        .with_hint("this generator reads overlay format 1")])
        .located(text));
    }
    Ok(overlay)
}

/// Applies `overlay` to `spec`; every entry that names nothing is reported.
pub fn apply(mut spec: Spec, overlay: &Overlay) -> Result<Spec, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let reached_before = reachable(&spec);
    service(&mut spec.service, &overlay.service);
    add_types(&mut spec, overlay, &mut errors);
    // Keys resolve against the spec as imported (and added to), before any group or rename.
    let grouped: BTreeSet<&str> = overlay
        .shapes
        .values()
        .flat_map(|e| &e.groups)
        .map(|g| g.shape.as_str())
        .collect();
    let mut targets: Vec<(&String, String, &ShapeOverlay)> = Vec::new();
    for (key, entry) in &overlay.shapes {
        match resolve(&spec, key) {
            Ok(name) => targets.push((key, name, entry)),
            // A key naming a shape a group of this overlay creates resolves later.
            Err(_) if grouped.contains(key.as_str()) => targets.push((key, key.clone(), entry)),
            Err(diag) => errors.push(*diag),
        }
    }
    let mut moved: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut failed: BTreeSet<String> = BTreeSet::new();
    for (key, name, entry) in &targets {
        for (i, group) in entry.groups.iter().enumerate() {
            let path = format!("shapes.{key}.groups[{i}]");
            let before = errors.len();
            make_group(&mut spec, name, group, &path, &mut errors);
            if errors.len() == before {
                for field in &group.fields {
                    moved.insert((name.clone(), field.clone()), group.shape.clone());
                }
            } else {
                failed.insert(group.shape.clone());
            }
        }
    }
    for (key, name, entry) in &targets {
        if failed.contains(name) && !spec.shapes.iter().any(|s| s.name == *name) {
            // Its group could not be made, which is reported; nothing more to say here.
            continue;
        }
        shape(&mut spec, key, name, entry, &moved, &mut errors);
    }
    for (name, entry) in &overlay.actions {
        let path = format!("actions.{name}");
        let Some(action) = spec.actions.iter_mut().find(|a| a.name == *name) else {
            let known = spec.actions.iter().map(|a| a.name.as_str());
            errors.push(missing(&path, "action", name, known));
            continue;
        };
        if let Some(docs) = &entry.docs {
            merge_docs(&mut action.docs, docs);
        }
        if entry.idempotent.is_some() {
            action.idempotent = entry.idempotent;
        }
        if entry.rate_limit_per_second.is_some() {
            action.rate_limit_per_second = entry.rate_limit_per_second;
        }
        action.errors.extend(entry.errors.iter().cloned());
    }
    if let Some(events) = &overlay.events {
        spec.events = Some(events.clone());
    }
    let renames = renames(&spec, &targets, &mut errors);
    rename(&mut spec, &renames);
    if !errors.is_empty() {
        return Err(errors);
    }
    // Shapes this overlay made unreachable (it pointed their users elsewhere) go; shapes it
    // added, and shapes nothing reached before it, stay.
    let renamed = |name: &str| {
        renames
            .get(name)
            .map_or(name.to_owned(), |n| (*n).to_owned())
    };
    let added: BTreeSet<String> = overlay
        .new_shapes
        .iter()
        .map(|s| renamed(&s.name))
        .collect();
    let reached_after = reachable(&spec);
    let dropped: BTreeSet<String> = reached_before
        .iter()
        .map(|n| renamed(n))
        .filter(|n| !reached_after.contains(n) && !added.contains(n))
        .collect();
    spec.shapes.retain(|s| !dropped.contains(&s.name));
    Ok(spec)
}

/// The renames of this overlay, checked: one per shape, onto a name nothing else has.
fn renames<'o>(
    spec: &Spec,
    targets: &[(&String, String, &'o ShapeOverlay)],
    errors: &mut Vec<Diagnostic>,
) -> BTreeMap<String, &'o str> {
    let mut out: BTreeMap<String, &str> = BTreeMap::new();
    let mut keys: BTreeMap<String, &str> = BTreeMap::new();
    let taken: BTreeSet<&str> = spec
        .shapes
        .iter()
        .map(|s| s.name.as_str())
        .chain(spec.enums.iter().map(|e| e.name.as_str()))
        .chain(spec.strings.iter().map(|s| s.name.as_str()))
        .collect();
    for (key, from, entry) in targets {
        let Some(to) = entry.name.as_deref() else {
            continue;
        };
        let path = format!("shapes.{key}.name");
        if let Some(other) = keys.insert(from.clone(), key.as_str()) {
            errors.push(
                Diagnostic::new(
                    path,
                    format!("`{from}` is renamed twice: by `{other}` and by `{key}`"),
                )
                .with_hint("keep one of the two entries' `name`"),
            );
            continue;
        }
        if to != from && (taken.contains(to) || out.values().any(|t| *t == to)) {
            errors.push(
                Diagnostic::new(
                    path,
                    format!(
                        "`{from}` cannot be renamed to `{to}`: the spec has a type of that name"
                    ),
                )
                .with_hint("pick a name no shape, enum or string type has"),
            );
            continue;
        }
        out.insert(from.clone(), to);
    }
    out
}

fn service(service: &mut spec::Service, entry: &ServiceOverlay) {
    if entry.crate_name.is_some() {
        service.crate_name = entry.crate_name.clone();
    }
    if let Some(version) = &entry.crate_version {
        service.crate_version = version.clone();
    }
    if let Some(features) = entry.action_features {
        service.action_features = features;
    }
    if let Some(title) = &entry.title {
        merge_docs(&mut service.title, title);
    }
    if let Some(docs) = &entry.docs {
        merge_docs(&mut service.docs, docs);
    }
    service.endpoints.extend(entry.endpoints.iter().cloned());
    service.notes.extend(entry.notes.iter().cloned());
    service.errors.extend(entry.errors.iter().cloned());
}

/// New shapes, enums and string types; a name the spec already has is an error.
fn add_types(spec: &mut Spec, overlay: &Overlay, errors: &mut Vec<Diagnostic>) {
    let mut names: BTreeSet<String> = spec
        .shapes
        .iter()
        .map(|s| s.name.clone())
        .chain(spec.enums.iter().map(|e| e.name.clone()))
        .chain(spec.strings.iter().map(|s| s.name.clone()))
        .collect();
    let mut taken = |path: String, name: &str| -> bool {
        if names.insert(name.to_owned()) {
            false
        } else {
            errors.push(
                Diagnostic::new(path, format!("the spec already has a type named `{name}`"))
                    .with_hint(
                        "an overlay adds new types; change an imported one through `shapes`",
                    ),
            );
            true
        }
    };
    for (i, shape) in overlay.new_shapes.iter().enumerate() {
        if !taken(format!("new_shapes[{i}].name"), &shape.name) {
            spec.shapes.push(shape.clone());
        }
    }
    for (i, e) in overlay.enums.iter().enumerate() {
        if !taken(format!("enums[{i}].name"), &e.name) {
            spec.enums.push(e.clone());
        }
    }
    for (i, s) in overlay.strings.iter().enumerate() {
        if !taken(format!("strings[{i}].name"), &s.name) {
            spec.strings.push(s.clone());
        }
    }
}

fn make_group(
    spec: &mut Spec,
    owner: &str,
    group: &Group,
    path: &str,
    errors: &mut Vec<Diagnostic>,
) {
    let Some(index) = spec.shapes.iter().position(|s| s.name == owner) else {
        // Reported once, with the shape's other entries.
        return;
    };
    let distinct: BTreeSet<&String> = group.fields.iter().collect();
    if group.fields.is_empty() || distinct.len() != group.fields.len() {
        let what = if group.fields.is_empty() {
            "a group moves no field"
        } else {
            "a group names a field twice"
        };
        errors.push(
            Diagnostic::new(format!("{path}.fields"), what)
                .with_hint("list each field the group moves, once"),
        );
        return;
    }
    let clash = spec.shapes[index]
        .fields
        .iter()
        .any(|f| f.name == group.name && !group.fields.contains(&f.name));
    if clash {
        errors.push(Diagnostic::new(
            format!("{path}.name"),
            format!("`{owner}` already has a field `{}`", group.name),
        ));
        return;
    }

    let mut moved = Vec::new();
    for (j, field) in group.fields.iter().enumerate() {
        let shape = &spec.shapes[index];
        match shape.fields.iter().position(|f| f.name == *field) {
            Some(at) => moved.push(at),
            None => errors.push(missing(
                &format!("{path}.fields[{j}]"),
                &format!("field of `{owner}`"),
                field,
                shape.fields.iter().map(|f| f.name.as_str()),
            )),
        }
    }
    if moved.len() != group.fields.len() || moved.is_empty() {
        return;
    }
    let first = moved.iter().copied().min().unwrap_or(0);
    let shape = &mut spec.shapes[index];
    let mut taken: Vec<Option<spec::Field>> = vec![None; moved.len()];
    let mut kept = Vec::new();
    for (at, field) in std::mem::take(&mut shape.fields).into_iter().enumerate() {
        match moved.iter().position(|m| *m == at) {
            // The group's shape lists its fields in the order the group names them.
            Some(k) => taken[k] = Some(field),
            None => kept.push(field),
        }
    }
    let taken: Vec<spec::Field> = taken.into_iter().flatten().collect();
    let insert_at = kept.len().min(first);
    kept.insert(
        insert_at,
        spec::Field {
            name: group.name.clone(),
            rust_name: None,
            ty: group.shape.clone(),
            required: group.required,
            sensitive: false,
            flatten: true,
            location: None,
            docs: group.docs.clone(),
            example: None,
        },
    );
    shape.fields = kept;
    match spec.shapes.iter().find(|s| s.name == group.shape) {
        None => spec.shapes.push(spec::Shape {
            name: group.shape.clone(),
            rust_name: None,
            representation: spec::Representation::Struct,
            docs: Docs::default(),
            fields: taken,
            rules: Vec::new(),
            dismissed: Vec::new(),
            into: Vec::new(),
        }),
        Some(existing) => {
            let want: BTreeSet<&str> = existing.fields.iter().map(|f| f.name.as_str()).collect();
            let have: BTreeSet<&str> = taken.iter().map(|f| f.name.as_str()).collect();
            if want != have {
                errors.push(
                    Diagnostic::new(
                        format!("{path}.fields"),
                        format!(
                            "`{}` already holds the fields {}; this group moves {}",
                            group.shape,
                            want.into_iter().collect::<Vec<_>>().join(", "),
                            have.into_iter().collect::<Vec<_>>().join(", ")
                        ),
                    )
                    .with_hint("a group shared by several shapes must move the same fields"),
                );
            }
        }
    }
}

fn shape(
    spec: &mut Spec,
    key: &str,
    name: &str,
    entry: &ShapeOverlay,
    moved: &BTreeMap<(String, String), String>,
    errors: &mut Vec<Diagnostic>,
) {
    let path = format!("shapes.{key}");
    let Some(shape) = spec.shapes.iter_mut().find(|s| s.name == name) else {
        let known: Vec<String> = spec.shapes.iter().map(|s| s.name.clone()).collect();
        errors.push(missing(
            &path,
            "shape",
            name,
            known.iter().map(String::as_str),
        ));
        return;
    };
    if entry.rust_name.is_some() {
        shape.rust_name = entry.rust_name.clone();
    }
    if let Some(docs) = &entry.docs {
        merge_docs(&mut shape.docs, docs);
    }
    if let Some(representation) = &entry.representation {
        shape.representation = representation.clone();
    }
    shape.rules.extend(entry.rules.iter().cloned());
    shape.dismissed.extend(entry.dismissed.iter().cloned());
    shape.into.extend(entry.into.iter().cloned());
    let mut removed = BTreeSet::new();
    for (wire, f) in &entry.fields {
        let fpath = format!("{path}.fields.{wire}");
        let Some(field) = shape.fields.iter_mut().find(|x| x.name == *wire) else {
            if let Some(group) = moved.get(&(name.to_owned(), wire.clone())) {
                let mut diag = Diagnostic::new(
                    &fpath,
                    format!("`{wire}` was moved into `{group}` by a group of this overlay"),
                )
                .with_hint(format!("write this entry under `shapes.{group}.fields`"));
                diag.at_key = true;
                errors.push(diag);
                continue;
            }
            let known: Vec<&str> = shape.fields.iter().map(|x| x.name.as_str()).collect();
            errors.push(missing(
                &fpath,
                &format!("field of `{name}`"),
                wire,
                known.into_iter(),
            ));
            continue;
        };
        if f.remove {
            removed.insert(wire.clone());
            continue;
        }
        if let Some(ty) = &f.ty {
            field.ty = ty.clone();
        }
        if let Some(required) = f.required {
            field.required = required;
        }
        if let Some(docs) = &f.docs {
            merge_docs(&mut field.docs, docs);
        }
        if let Some(sensitive) = f.sensitive {
            field.sensitive = sensitive;
        }
        if f.example.is_some() {
            field.example = f.example.clone();
        }
        if f.rust_name.is_some() {
            field.rust_name = f.rust_name.clone();
        }
    }
    shape.fields.retain(|f| !removed.contains(&f.name));
    for (i, field) in entry.new_fields.iter().enumerate() {
        if shape.fields.iter().any(|f| f.name == field.name) {
            errors.push(
                Diagnostic::new(
                    format!("{path}.new_fields[{i}].name"),
                    format!("`{}` already has a field `{}`", shape.name, field.name),
                )
                .with_hint("change it through `fields` instead (the model has it now?)"),
            );
        } else {
            shape.fields.push(field.clone());
        }
    }
    // What the overlay's rules and dismissals name must be there after the entry's own changes:
    // an upstream rename or removal shows here, in the overlay, not later in the spec.
    let known = |wire: &str| shape.fields.iter().any(|f| f.name == wire);
    let names = || shape.fields.iter().map(|f| f.name.as_str());
    for (i, rule) in entry.rules.iter().enumerate() {
        for wire in rule.fields() {
            if !known(wire) {
                errors.push(missing(
                    &format!("{path}.rules[{i}]"),
                    &format!("field of `{name}`"),
                    wire,
                    names(),
                ));
            }
        }
    }
    for (i, dismissal) in entry.dismissed.iter().enumerate() {
        if let Some(wire) = dismissal.field.as_deref().filter(|w| !known(w)) {
            errors.push(missing(
                &format!("{path}.dismissed[{i}].field"),
                &format!("field of `{name}`"),
                wire,
                names(),
            ));
        }
    }
}

/// The shape an overlay key names: a shape's name, or a shape's name followed by `.Field`
/// steps, each to the shape that field holds (through lists and maps).
fn resolve(spec: &Spec, key: &str) -> Result<String, Box<Diagnostic>> {
    let path = format!("shapes.{key}");
    let mut steps = key.split('.');
    let first = steps.next().unwrap_or_default();
    let find = |name: &str| spec.shapes.iter().find(|s| s.name == name);
    let Some(mut shape) = find(first) else {
        return Err(Box::new(missing(
            &path,
            "shape",
            first,
            spec.shapes.iter().map(|s| s.name.as_str()),
        )));
    };
    for step in steps {
        let Some(field) = shape.fields.iter().find(|f| f.name == step) else {
            return Err(Box::new(missing(
                &path,
                &format!("field of `{}`", shape.name),
                step,
                shape.fields.iter().map(|f| f.name.as_str()),
            )));
        };
        let held = field
            .ty
            .split(['<', '>'])
            .map(str::trim)
            .rfind(|n| !n.is_empty() && *n != "List" && *n != "Map")
            .unwrap_or_default();
        shape = find(held).ok_or_else(|| {
            let mut diag = Diagnostic::new(
                &path,
                format!("`{}.{step}` holds `{}`, not a shape", shape.name, field.ty),
            );
            diag.at_key = true;
            Box::new(diag)
        })?;
    }
    Ok(shape.name.clone())
}

/// Each language the overlay gives replaces the spec's.
fn merge_docs(docs: &mut Docs, overlay: &Docs) {
    if !overlay.zh.is_empty() {
        docs.zh = overlay.zh.clone();
    }
    if !overlay.en.is_empty() {
        docs.en = overlay.en.clone();
    }
}

fn missing<'a>(
    path: &str,
    what: &str,
    name: &str,
    known: impl Iterator<Item = &'a str>,
) -> Diagnostic {
    let diag = Diagnostic::new(
        path,
        format!("the spec has no {what} `{name}` (renamed or removed upstream?)"),
    );
    let mut diag = match closest(name, known) {
        Some(near) => diag.with_hint(format!("did you mean `{near}`?")),
        None => diag.with_hint("update or remove this entry"),
    };
    diag.at_key = true;
    diag
}

/// Renames shapes and every reference to them: inputs, results, field types, events.
fn rename(spec: &mut Spec, renames: &BTreeMap<String, &str>) {
    if renames.is_empty() {
        return;
    }
    let map = |name: &str| -> String { rename_type(name, renames) };
    for shape in &mut spec.shapes {
        shape.name = map(&shape.name);
        for field in &mut shape.fields {
            field.ty = map(&field.ty);
        }
    }
    for action in &mut spec.actions {
        action.input = map(&action.input);
        action.result = action.result.as_deref().map(map);
    }
    if let Some(events) = &mut spec.events {
        events.envelope = map(&events.envelope);
        for t in &mut events.types {
            t.shape = map(&t.shape);
        }
    }
}

/// A type expression with the names in it renamed (`List<A>` -> `List<B>`).
fn rename_type(ty: &str, renames: &BTreeMap<String, &str>) -> String {
    let mut out = String::with_capacity(ty.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let name = word.trim();
        out.push_str(renames.get(name).copied().unwrap_or(name));
        word.clear();
    };
    for c in ty.chars() {
        if c == '<' || c == '>' {
            flush(&mut word, &mut out);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The types the actions and the events reach.
fn reachable(spec: &Spec) -> BTreeSet<String> {
    spec.reachable(spec.roots())
        .into_iter()
        .map(str::to_owned)
        .collect()
}
