//! Names: what a spec name becomes in Rust, the words Rust and the generated crate reserve, and
//! the one namespace that shapes, enums and string types share.

use std::collections::BTreeMap;

use heck::{ToSnakeCase, ToUpperCamelCase};

use super::Sink;
use crate::diag::Diagnostic;
use crate::spec::Spec;

/// Type names the generated crate defines, imports or uses unqualified: a spec type of one of
/// these names would clash with it (`use serde::Serializer` beside `struct Serializer`) or
/// shadow it (`struct Some(String)` breaks every `Some(..)` in its module).
const RESERVED_TYPE_NAMES: &[&str] = &[
    // The generated crate and its runtime.
    "Client",
    "Config",
    "ConfigBuilder",
    "Credentials",
    "Endpoint",
    "Error",
    "HttpMethod",
    "Operation",
    "Provider",
    "ResponseMetadata",
    "RetryPolicy",
    "Sensitive",
    "ServiceError",
    "ServiceInfo",
    "UnknownValue",
    "ValidationError",
    // serde and std imports.
    "Deserialize",
    "Deserializer",
    "FromStr",
    "Serialize",
    "SerializeMap",
    "Serializer",
    // Rust's prelude.
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "Drop",
    "Eq",
    "Err",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
    "Self",
];

/// Module names an action cannot take (its snake_case name is its module and file): the crate's
/// own files, and crates the generated code refers to by name.
pub(super) const RESERVED_MODULE_NAMES: &[&str] = &[
    "types",
    "client",
    "lib",
    "main",
    "new",
    "std",
    "core",
    "alloc",
    "serde",
    "volc_runtime",
];

/// Crates a generated crate depends on or refers to: it cannot take their names.
pub(super) const RESERVED_CRATE_NAMES: &[&str] = &[
    "std",
    "core",
    "alloc",
    "proc_macro",
    "test",
    "serde",
    "volc_runtime",
];

/// Methods of request structs and their builders: a field whose getter or setter would take one
/// of these names gets a trailing underscore instead (`Build` -> `build_`).
pub(super) const RESERVED_FIELD_IDENTS: &[&str] = &["builder", "build", "new"];

/// The field types that are not names of spec types.
pub(super) const PRIMITIVES: &[&str] = &["String", "Boolean", "Integer"];

/// Words that are keywords in Rust 2021 (strict and reserved).
pub(super) const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["self", "crate", "super"];

/// What a type name refers to.
#[derive(Debug, Clone, Copy)]
pub(super) enum Named {
    Shape(usize),
    Enum(usize),
    Str(usize),
}

impl Named {
    /// Where the definition is, for messages: `shapes[3]`.
    fn place(self) -> String {
        match self {
            Self::Shape(i) => format!("shapes[{i}]"),
            Self::Enum(i) => format!("enums[{i}]"),
            Self::Str(i) => format!("strings[{i}]"),
        }
    }
}

/// Every declared type name, by name.
#[derive(Debug, Default)]
pub(super) struct Namespace {
    names: BTreeMap<String, Named>,
    /// Whether no name was declared twice (a second definition cannot be referred to).
    pub unique: bool,
}

impl Namespace {
    pub fn get(&self, name: &str) -> Option<&Named> {
        self.names.get(name)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Named)> {
        self.names.iter()
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.names.keys()
    }
}

pub(super) fn is_upper_camel(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// "type name "x" is not UpperCamelCase", with the fix as a hint.
pub(super) fn not_upper_camel(path: String, what: &str, name: &str) -> Diagnostic {
    Diagnostic::new(path, format!("{what} {name:?} is not UpperCamelCase"))
        .with_hint(format!("try `{}`", name.to_upper_camel_case()))
}

/// The Rust identifier of a spec name in snake_case (fields, modules, methods): keywords are
/// escaped (`r#type`) or, where Rust allows no raw identifier, renamed (`self_`).
pub(crate) fn snake_ident(name: &str) -> String {
    let snake = name.to_snake_case();
    if NOT_RAW.contains(&snake.as_str()) {
        format!("{snake}_")
    } else if KEYWORDS.contains(&snake.as_str()) {
        format!("r#{snake}")
    } else {
        snake
    }
}

/// Whether `ident` (possibly `r#`-prefixed) is a Rust identifier.
pub(super) fn is_identifier(ident: &str) -> bool {
    let bare = ident.trim_start_matches("r#");
    !bare.is_empty()
        && bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !ident.starts_with(|c: char| c.is_ascii_digit())
}

/// The wire name serde gives a field under `rename_all = "PascalCase"` (serde's own rule).
pub(super) fn pascal_name(ident: &str) -> String {
    let mut out = String::with_capacity(ident.len());
    let mut capitalize = true;
    for c in ident.trim_start_matches("r#").chars() {
        if c == '_' {
            capitalize = true;
        } else if capitalize {
            out.push(c.to_ascii_uppercase());
            capitalize = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// One namespace for shapes, enums and string types; also the names generated beside them
/// (`{Action}Output`, `{Shape}Builder`).
pub(super) fn type_names(spec: &Spec, sink: &mut Sink) -> Namespace {
    let mut names: BTreeMap<String, Named> = BTreeMap::new();
    let mut unique = true;
    let declared = spec
        .shapes
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                format!("shapes[{i}].name"),
                s.name.as_str(),
                Named::Shape(i),
            )
        })
        .chain(
            spec.enums
                .iter()
                .enumerate()
                .map(|(i, e)| (format!("enums[{i}].name"), e.name.as_str(), Named::Enum(i))),
        )
        .chain(
            spec.strings
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("strings[{i}].name"), s.name.as_str(), Named::Str(i))),
        );
    let mut generated: BTreeMap<String, String> = BTreeMap::new();
    for action in &spec.actions {
        generated.insert(
            format!("{}Output", action.name),
            format!("the output of action `{}`", action.name),
        );
    }
    for (path, name, named) in declared {
        if !is_upper_camel(name) {
            sink.push(not_upper_camel(path.clone(), "type name", name));
        }
        if RESERVED_TYPE_NAMES.contains(&name) || PRIMITIVES.contains(&name) {
            sink.push(
                Diagnostic::new(
                    path.clone(),
                    format!("type name `{name}` is reserved by the generated crate"),
                )
                .with_hint(format!(
                    "the generated code uses `{name}` itself (from Rust's prelude, serde or the runtime); pick another name"
                )),
            );
        }
        if let Some(what) = generated.get(name) {
            sink.error(
                path.clone(),
                format!("type name `{name}` collides with {what}"),
            );
        }
        if matches!(named, Named::Shape(_)) {
            generated.insert(
                format!("{name}Builder"),
                format!("the builder of shape `{name}`"),
            );
        }
        if let Some(first) = names.get(name) {
            unique = false;
            sink.push(
                Diagnostic::new(path, format!("type name `{name}` is defined twice")).with_hint(
                    format!(
                        "the first definition is {}; shapes, enums and string types share one namespace",
                        first.place()
                    ),
                ),
            );
        } else {
            names.insert(name.to_owned(), named);
        }
    }
    // A builder name can also collide with a type declared before its shape.
    for (i, shape) in spec.shapes.iter().enumerate() {
        let builder = format!("{}Builder", shape.name);
        if names.contains_key(&builder) {
            sink.error(
                format!("shapes[{i}].name"),
                format!("the builder `{builder}` of this shape collides with a type of that name"),
            );
        }
    }
    Namespace { names, unique }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idents() {
        assert_eq!(snake_ident("CallbackDetailList"), "callback_detail_list");
        assert_eq!(snake_ident("URL"), "url");
        assert_eq!(snake_ident("Type"), "r#type");
        assert_eq!(snake_ident("Self"), "self_");
        assert_eq!(snake_ident("CreateTimeUTC"), "create_time_utc");
    }

    #[test]
    fn pascal_names_follow_serde() {
        assert_eq!(pascal_name("callback_detail_list"), "CallbackDetailList");
        assert_eq!(pascal_name("r#type"), "Type");
        assert_eq!(pascal_name("url"), "Url");
    }
}
