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
    // The generated crate and its runtime (what the crate root re-exports).
    "Action",
    "Attempt",
    "CallOptions",
    "Client",
    "Config",
    "ConfigBuilder",
    "Credentials",
    "CredentialsError",
    "CredentialsFuture",
    "DefaultChainProvider",
    "Endpoint",
    "EnvironmentProvider",
    "Error",
    "HttpClient",
    "HttpMethod",
    "Interceptor",
    "Operation",
    "Outcome",
    "ProfileProvider",
    "ProvideCredentials",
    "Provider",
    "ResponseMetadata",
    "RetryClass",
    "RetryPolicy",
    "Sensitive",
    "ServiceError",
    "ServiceInfo",
    "TransportError",
    "TransportErrorKind",
    "UnknownValue",
    "ValidationError",
    "Decoded",
    "JsonValue",
    // std imports.
    "BTreeMap",
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

/// The type names a spec cannot use (the generated crate and Rust's prelude use them).
#[cfg(feature = "import")]
pub(crate) fn reserved_type_names() -> impl Iterator<Item = &'static str> {
    RESERVED_TYPE_NAMES.iter().chain(PRIMITIVES.iter()).copied()
}

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
    "transport",
    "test_util",
    "events",
    "error_codes",
    "sealed",
    // The client's own methods beside one per action.
    "send",
    "with_options",
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

/// Methods of request structs, their builders and fluent calls: a field whose getter or setter
/// would take one of these names gets a trailing underscore instead (`Build` -> `build_`).
pub(super) const RESERVED_FIELD_IDENTS: &[&str] =
    &["builder", "build", "new", "send", "with_options"];

/// The field types that are not names of spec types, and the type constructors.
pub(super) const PRIMITIVES: &[&str] = &[
    "String", "Boolean", "Integer", "Float", "Json", "List", "Map",
];

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
    /// Every declared type's name in Rust, with its spec name.
    rust_names: BTreeMap<String, String>,
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

    /// The spec name of the type whose Rust name is `rust`, if one is.
    pub fn rust_name_taken(&self, rust: &str) -> Option<&str> {
        self.rust_names.get(rust).map(String::as_str)
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

/// One namespace for shapes, enums and string types, by spec name; and their names in Rust,
/// which must be unique, not reserved, and not the names generated beside them
/// (`{Action}Output`, `{Shape}Builder`).
pub(super) fn type_names(spec: &Spec, sink: &mut Sink) -> Namespace {
    let mut names: BTreeMap<String, Named> = BTreeMap::new();
    let declared = spec
        .shapes
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                format!("shapes[{i}]"),
                s.name.as_str(),
                s.rust_name.as_deref(),
                Named::Shape(i),
            )
        })
        .chain(
            spec.enums
                .iter()
                .enumerate()
                .map(|(i, e)| (format!("enums[{i}]"), e.name.as_str(), None, Named::Enum(i))),
        )
        .chain(spec.strings.iter().enumerate().map(|(i, s)| {
            (
                format!("strings[{i}]"),
                s.name.as_str(),
                None,
                Named::Str(i),
            )
        }));
    let mut generated: BTreeMap<String, String> = BTreeMap::new();
    for action in &spec.actions {
        generated.insert(
            format!("{}Output", action.name),
            format!("the output of action `{}`", action.name),
        );
        generated.insert(
            format!("{}Call", action.name),
            format!("the fluent call of action `{}`", action.name),
        );
    }
    let mut rust_names: BTreeMap<String, String> = BTreeMap::new();
    for (place, name, rust_name, named) in declared {
        let path = format!("{place}.name");
        // The name in Rust is checked where it is written: `rust_name` when there is one.
        let (rust, rust_path) = match rust_name {
            Some(rust) => (rust, format!("{place}.rust_name")),
            None => (name, path.clone()),
        };
        if !is_upper_camel(name) && rust_name.is_none() {
            sink.push(not_upper_camel(path.clone(), "type name", name));
        }
        if rust_name.is_some() && !is_upper_camel(rust) {
            sink.push(not_upper_camel(rust_path.clone(), "Rust name", rust));
        }
        if RESERVED_TYPE_NAMES.contains(&rust) || PRIMITIVES.contains(&rust) {
            let hint = if rust_name.is_some() {
                format!("the generated code uses `{rust}` itself (from Rust's prelude, serde or the runtime); pick another `rust_name`")
            } else if matches!(named, Named::Shape(_)) {
                format!("the generated code uses `{rust}` itself (from Rust's prelude, serde or the runtime); pick another name, or keep it and give the shape a `rust_name`")
            } else {
                format!("the generated code uses `{rust}` itself (from Rust's prelude, serde or the runtime); pick another name")
            };
            sink.push(
                Diagnostic::new(
                    rust_path.clone(),
                    format!("type name `{rust}` is reserved by the generated crate"),
                )
                .with_hint(hint),
            );
        }
        if let Some(what) = generated.get(rust) {
            sink.error(
                rust_path.clone(),
                format!("type name `{rust}` collides with {what}"),
            );
        }
        if matches!(named, Named::Shape(_)) {
            generated.insert(
                format!("{rust}Builder"),
                format!("the builder of shape `{name}`"),
            );
        }
        if let Some(first) = names.get(name) {
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
            if let Some(other) = rust_names.get(rust) {
                sink.error(
                    rust_path,
                    format!("types `{other}` and `{name}` both become `{rust}` in Rust"),
                );
            } else {
                rust_names.insert(rust.to_owned(), name.to_owned());
            }
        }
    }
    // A builder name can also collide with a type declared before its shape.
    for (i, shape) in spec.shapes.iter().enumerate() {
        let rust = shape.rust_name.as_deref().unwrap_or(&shape.name);
        let builder = format!("{rust}Builder");
        if rust_names.contains_key(&builder) {
            sink.error(
                format!("shapes[{i}].name"),
                format!("the builder `{builder}` of this shape collides with a type of that name"),
            );
        }
    }
    Namespace { names, rust_names }
}

/// The name of the decoded twin of every shape that requests and results both reach
/// (`{Name}Decoded`), checked against every other name the crate defines.
pub(super) fn twin_names(
    spec: &Spec,
    shared: &[bool],
    namespace: &Namespace,
    sink: &mut Sink,
) -> Vec<Option<String>> {
    let taken = |name: &str| -> Option<String> {
        if let Some(spec_name) = namespace.rust_name_taken(name) {
            return Some(format!("the type `{spec_name}`"));
        }
        if let Some(action) = spec
            .actions
            .iter()
            .find(|a| format!("{}Output", a.name) == name)
        {
            return Some(format!("the output of action `{}`", action.name));
        }
        if let Some(action) = spec
            .actions
            .iter()
            .find(|a| format!("{}Call", a.name) == name)
        {
            return Some(format!("the fluent call of action `{}`", action.name));
        }
        spec.shapes
            .iter()
            .find(|s| format!("{}Builder", s.rust_name.as_deref().unwrap_or(&s.name)) == name)
            .map(|s| format!("the builder of shape `{}`", s.name))
    };
    spec.shapes
        .iter()
        .zip(shared)
        .enumerate()
        .map(|(i, (shape, shared))| {
            if !shared {
                return None;
            }
            let rust = shape.rust_name.as_deref().unwrap_or(&shape.name);
            let twin = format!("{rust}Decoded");
            if let Some(what) = taken(&twin) {
                sink.push(
                    Diagnostic::new(
                        format!("shapes[{i}].name"),
                        format!(
                            "requests and results both use `{}`, so its decoded form is named `{twin}`, which is already {what}",
                            shape.name
                        ),
                    )
                    .with_hint("give one of the two a `rust_name`"),
                );
                return None;
            }
            Some(twin)
        })
        .collect()
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
