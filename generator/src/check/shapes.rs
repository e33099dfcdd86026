//! Shapes and their fields: names, identifiers and types.
//!
//! Each shape becomes a [`ShapeDraft`] with one [`FieldDraft`] per spec field, in spec order;
//! a field whose type does not resolve keeps its place with no type, so that field indices are
//! the spec's everywhere (rules, diagnostics, the model).

use std::collections::BTreeMap;

use super::names::{
    is_identifier, pascal_name, snake_ident, Named, Namespace, RESERVED_FIELD_IDENTS,
};
use super::Sink;
use crate::diag::{closest, Diagnostic};
use crate::model::{Check, Docs, OneOfVariant, SwitchForm, Ty};
use crate::spec;

/// A shape as checked so far.
#[derive(Debug)]
pub(super) struct ShapeDraft {
    pub name: String,
    /// The type's name in Rust.
    pub rust_name: String,
    pub docs: Docs,
    pub fields: Vec<FieldDraft>,
    /// The rules as checks, once [`super::rules`] has read them all; `None` while not read,
    /// or when one of them could not be (it was reported).
    pub checks: Option<Vec<Check>>,
    /// The docs of every rule, in spec order.
    pub rule_docs: Vec<Docs>,
    /// The representation, once [`super::repr`] has accepted it.
    pub repr: Option<Repr>,
}

impl ShapeDraft {
    /// Whether every field's type resolved.
    pub fn resolved(&self) -> bool {
        self.fields.iter().all(|f| f.ty.is_some())
    }
}

/// A field as checked so far.
#[derive(Debug)]
pub(super) struct FieldDraft {
    pub wire: String,
    pub ident: String,
    /// `None` when the type did not resolve (reported).
    pub ty: Option<Ty>,
    pub required: bool,
    pub sensitive: bool,
    pub flatten: bool,
    /// Where the spec places it beside the body (`"location"`).
    pub location: Option<spec::Location>,
    pub docs: Docs,
    pub example: Option<serde_json::Value>,
    pub notes: Vec<Docs>,
}

/// A representation the rules allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Repr {
    Struct,
    OneOf(Vec<OneOfVariant>),
    Switch(SwitchForm),
}

/// Checks the fields of every shape.
pub(super) fn resolve(
    shapes: &[spec::Shape],
    names: &Namespace,
    sink: &mut Sink,
) -> Vec<ShapeDraft> {
    shapes
        .iter()
        .enumerate()
        .map(|(i, s)| shape(i, s, names, sink))
        .collect()
}

fn shape(index: usize, s: &spec::Shape, names: &Namespace, sink: &mut Sink) -> ShapeDraft {
    let path = format!("shapes[{index}]");
    let mut wire_seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut ident_seen: BTreeMap<String, &str> = BTreeMap::new();
    let mut fields = Vec::with_capacity(s.fields.len());
    for (i, f) in s.fields.iter().enumerate() {
        let fpath = format!("{path}.fields[{i}]");
        if let Some(first) = wire_seen.get(f.name.as_str()) {
            sink.push(
                Diagnostic::new(
                    format!("{fpath}.name"),
                    format!("field `{}` is listed twice in shape `{}`", f.name, s.name),
                )
                .with_hint(format!("the first is {path}.fields[{first}]")),
            );
        } else {
            wire_seen.insert(f.name.as_str(), i);
        }
        let ident = field_ident(&fpath, f, sink);
        if let Some(ident) = &ident {
            if let Some(other) = ident_seen.get(ident) {
                if *other != f.name {
                    let at = if f.rust_name.is_some() {
                        "rust_name"
                    } else {
                        "name"
                    };
                    sink.push(
                        Diagnostic::new(
                            format!("{fpath}.{at}"),
                            format!(
                                "fields `{other}` and `{}` both become `{ident}` in Rust",
                                f.name
                            ),
                        )
                        .with_hint(format!(
                            "give one of them a `rust_name`, e.g. \"rust_name\": \"{}_2\"",
                            ident.trim_start_matches("r#")
                        )),
                    );
                }
            } else {
                ident_seen.insert(ident.clone(), &f.name);
            }
        }
        let ident = ident.unwrap_or_default();
        let ty = resolve_type(&format!("{fpath}.type"), &f.ty, names, sink);
        if f.sensitive && !matches!(ty, None | Some(Ty::String)) {
            sink.error(
                format!("{fpath}.sensitive"),
                "only `String` fields can be sensitive",
            );
        }
        if f.flatten && !matches!(ty, None | Some(Ty::Shape(_))) {
            let what = match ty {
                Some(Ty::Enum(_)) => "an enum",
                Some(Ty::Str(_)) => "a string type",
                Some(Ty::List(_)) => "a list",
                Some(Ty::Map(_)) => "a map",
                _ => "a primitive",
            };
            sink.error(
                format!("{fpath}.flatten"),
                format!(
                    "only a shape can be flattened, and `{}` is {what}",
                    f.ty.trim()
                ),
            );
        }
        fields.push(FieldDraft {
            wire: f.name.clone(),
            ident,
            ty,
            required: f.required,
            sensitive: f.sensitive,
            flatten: f.flatten,
            location: f.location,
            docs: f.docs.clone(),
            example: f.example.clone(),
            notes: Vec::new(),
        });
    }
    // A builder's `Option` setter of `a` is `set_a`: a field whose own name is that would
    // take it.
    for (i, field) in fields.iter().enumerate() {
        let Some(rest) = field.ident.strip_prefix("set_") else {
            continue;
        };
        if let Some(other) = fields
            .iter()
            .find(|f| f.ident.trim_start_matches("r#") == rest)
        {
            sink.push(
                Diagnostic::new(
                    format!("{path}.fields[{i}].name"),
                    format!(
                        "field `{}` becomes `{}`, the name of the `Option` setter of field `{}`",
                        field.wire, field.ident, other.wire
                    ),
                )
                .with_hint(format!(
                    "give one of them a `rust_name`, e.g. \"rust_name\": \"{}_value\"",
                    field.ident
                )),
            );
        }
    }
    ShapeDraft {
        name: s.name.clone(),
        rust_name: s.rust_name.clone().unwrap_or_else(|| s.name.clone()),
        docs: s.docs.or_else(|| format!("The `{}` structure.", s.name)),
        fields,
        checks: None,
        rule_docs: Vec::new(),
        repr: None,
    }
}

/// Whether serde needs `rename = "Wire"` for a field under `rename_all = "PascalCase"`.
pub(super) fn needs_rename(field: &FieldDraft) -> bool {
    !field.flatten && pascal_name(&field.ident) != field.wire
}

/// The Rust identifier of a field: its `rust_name` (snake_case, checked) or the snake_case of
/// its wire name; `None` when neither makes one (reported).
fn field_ident(path: &str, field: &spec::Field, sink: &mut Sink) -> Option<String> {
    if let Some(rust) = &field.rust_name {
        let snake = rust.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && rust
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !snake {
            sink.push(
                Diagnostic::new(
                    format!("{path}.rust_name"),
                    format!("Rust name {rust:?} is not a snake_case identifier"),
                )
                .with_hint(format!(
                    "try `{}`",
                    snake_ident(rust).trim_start_matches("r#")
                )),
            );
            return None;
        }
        return Some(escape_field_ident(snake_ident(rust)));
    }
    let ident = escape_field_ident(snake_ident(&field.name));
    if is_identifier(&ident) {
        Some(ident)
    } else {
        sink.push(
            Diagnostic::new(
                format!("{path}.name"),
                format!(
                    "field name {:?} does not make a Rust identifier",
                    field.name
                ),
            )
            .with_hint("give the field a `rust_name`"),
        );
        None
    }
}

/// Getters and setters share the field's name: the methods of requests and builders are
/// taken (`Build` becomes `build_`).
fn escape_field_ident(mut ident: String) -> String {
    if RESERVED_FIELD_IDENTS.contains(&ident.as_str()) {
        ident.push('_');
    }
    ident
}

/// Reads a type expression: a primitive, `List<T>`, `Map<T>`, or a declared name.
pub(super) fn resolve_type(
    path: &str,
    text: &str,
    names: &Namespace,
    sink: &mut Sink,
) -> Option<Ty> {
    let text = text.trim();
    for (constructor, make) in [
        ("List<", Ty::List as fn(Box<Ty>) -> Ty),
        ("Map<", Ty::Map as fn(Box<Ty>) -> Ty),
    ] {
        if let Some(inner) = text
            .strip_prefix(constructor)
            .and_then(|rest| rest.strip_suffix('>'))
        {
            return resolve_type(path, inner, names, sink).map(|ty| make(Box::new(ty)));
        }
    }
    match text {
        "String" => return Some(Ty::String),
        "Boolean" => return Some(Ty::Boolean),
        "Integer" => return Some(Ty::Integer),
        "Float" => return Some(Ty::Float),
        "Json" => return Some(Ty::Json),
        _ => {}
    }
    match names.get(text) {
        Some(Named::Shape(i)) => Some(Ty::Shape(*i)),
        Some(Named::Enum(i)) => Some(Ty::Enum(*i)),
        Some(Named::Str(i)) => Some(Ty::Str(*i)),
        None => {
            let known = ["String", "Boolean", "Integer", "Float", "Json"]
                .into_iter()
                .chain(names.keys().map(String::as_str));
            let diag = Diagnostic::new(path, format!("unknown type `{text}`"));
            sink.push(match closest(text, known) {
                Some(near) => diag.with_hint(format!("did you mean `{near}`?")),
                None => diag.with_hint("a type is `String`, `Boolean`, `Integer`, `Float`, `Json`, `List<T>`, `Map<T>`, or the name of a shape, enum or string type"),
            });
            None
        }
    }
}

/// The struct-represented shape `name` names; `why` says, when it names an enum-represented
/// shape, why a struct is needed (reported with the other misses, a near name as a hint).
pub(super) fn struct_shape(
    path: &str,
    name: &str,
    names: &Namespace,
    shapes: &[ShapeDraft],
    why: &str,
    sink: &mut Sink,
) -> Option<usize> {
    match names.get(name) {
        Some(Named::Shape(i)) => {
            let enum_represented = shapes
                .get(*i)
                .is_some_and(|s| matches!(s.repr, Some(Repr::OneOf(_) | Repr::Switch(_))));
            if enum_represented {
                sink.error(
                    path,
                    format!("`{name}` is an enum-represented shape; {why}"),
                );
                None
            } else {
                Some(*i)
            }
        }
        Some(_) => {
            sink.error(path, format!("`{name}` is not a shape"));
            None
        }
        None => {
            let mut diag = Diagnostic::new(path, format!("unknown shape `{name}`"));
            let known = names
                .iter()
                .filter(|(_, n)| matches!(n, Named::Shape(_)))
                .map(|(k, _)| k.as_str());
            if let Some(near) = closest(name, known) {
                diag = diag.with_hint(format!("did you mean `{near}`?"));
            }
            sink.push(diag);
            None
        }
    }
}
