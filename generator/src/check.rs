//! Stage 1 -> 2: checks a parsed [`Spec`] and builds the [`Model`], collecting every problem.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};
use regex_syntax::hir::{Class, Hir, HirKind, Look};
use serde_json::Value;

use crate::diag::{closest, Diagnostic, Diagnostics};
use crate::model::*;
use crate::spec::{self, Representation, Rule, Spec};

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
const RESERVED_MODULE_NAMES: &[&str] = &[
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
const RESERVED_CRATE_NAMES: &[&str] = &[
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
const RESERVED_FIELD_IDENTS: &[&str] = &["builder", "build", "new"];

const PRIMITIVES: &[&str] = &["String", "Boolean", "Integer"];

/// Words that are keywords in Rust 2021 (strict and reserved).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["self", "crate", "super"];

/// Checks `spec` and builds the model, or returns every problem found.
pub fn check(spec: &Spec, source: &str) -> Result<Model, Diagnostics> {
    let mut cx = Checker {
        diags: Vec::new(),
        spec,
    };
    let model = cx.run(source);
    if cx.diags.is_empty() {
        Ok(model)
    } else {
        Err(Diagnostics {
            file: source.to_owned(),
            items: cx.diags,
        })
    }
}

struct Checker<'a> {
    diags: Vec<Diagnostic>,
    spec: &'a Spec,
}

/// What a type name refers to.
#[derive(Clone, Copy)]
enum Named {
    Shape(usize),
    Enum(usize),
    Str(usize),
}

impl Checker<'_> {
    fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.diags.push(Diagnostic::new(path, message));
    }

    fn run(&mut self, source: &str) -> Model {
        let spec = self.spec;
        if spec.format != 1 {
            self.diags.push(
                Diagnostic::new("format", format!("unsupported spec format {}", spec.format))
                    .with_hint("this generator reads format 1"),
            );
        }
        let service = self.service(&spec.service);
        let names = self.type_names();
        let enums: Vec<EnumModel> = spec
            .enums
            .iter()
            .enumerate()
            .map(|(i, e)| self.enumeration(i, e))
            .collect();
        let strings: Vec<StringModel> = spec
            .strings
            .iter()
            .enumerate()
            .map(|(i, s)| self.string_type(i, s))
            .collect();
        let mut shapes: Vec<ShapeModel> = spec
            .shapes
            .iter()
            .enumerate()
            .map(|(i, s)| self.shape(i, s, &names, &enums))
            .collect();
        let actions = self.actions(&names, &shapes);
        let mut model = Model {
            source: source.to_owned(),
            service,
            actions,
            shapes: Vec::new(),
            enums,
            strings,
        };
        self.recursion(&shapes);
        self.usage(&mut model, &mut shapes);
        model.shapes = shapes;
        self.usage_constraints(&model);
        model
    }

    fn service(&mut self, service: &spec::Service) -> ServiceModel {
        if service.name.is_empty()
            || !service
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_')
        {
            self.error(
                "service.name",
                format!("service name {:?} must be lower-case letters", service.name),
            );
        }
        if service.endpoints.is_empty() {
            self.error("service.endpoints", "at least one endpoint is needed");
        }
        let mut providers = BTreeSet::new();
        for (i, endpoint) in service.endpoints.iter().enumerate() {
            if !endpoint.url.starts_with("https://") {
                self.diags.push(
                    Diagnostic::new(format!("service.endpoints[{i}].url"), format!("endpoint {:?} is not https", endpoint.url))
                        .with_hint("presets must be https; plain http is for explicit overrides in the client config"),
                );
            }
            if !providers.insert(endpoint.provider) {
                self.error(
                    format!("service.endpoints[{i}].provider"),
                    "a provider is listed twice",
                );
            }
        }
        // Cargo's rules for a package name, and the crate's name in Rust (`-` -> `_`) must be an
        // identifier: the generated README's example says `use volc_live_callback::...`.
        let name = &service.crate_name;
        let rust_name = name.replace('-', "_");
        let problem = if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
            Some("must start with a lower-case letter")
        } else if !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        {
            Some("may hold only lower-case letters, digits, `-` and `_`")
        } else if KEYWORDS.contains(&rust_name.as_str()) {
            Some("is a Rust keyword")
        } else if RESERVED_CRATE_NAMES.contains(&rust_name.as_str()) {
            Some("is the name of a crate the generated crate uses")
        } else {
            None
        };
        if let Some(problem) = problem {
            self.diags.push(
                Diagnostic::new(
                    "service.crate_name",
                    format!("crate name {name:?} {problem}"),
                )
                .with_hint("a crate name is like `volc-live-callback`"),
            );
        }
        ServiceModel {
            name: service.name.clone(),
            version: service.version.clone(),
            crate_name: service.crate_name.clone(),
            crate_version: service.crate_version.clone(),
            title: service.title.clone(),
            docs: service.docs.clone(),
            endpoints: service.endpoints.clone(),
            notes: service.notes.clone(),
        }
    }

    /// One namespace for shapes, enums and string types; also the names generated beside them.
    fn type_names(&mut self) -> BTreeMap<String, Named> {
        let spec = self.spec;
        let mut names = BTreeMap::new();
        let declared =
            spec.shapes
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
                    spec.enums.iter().enumerate().map(|(i, e)| {
                        (format!("enums[{i}].name"), e.name.as_str(), Named::Enum(i))
                    }),
                )
                .chain(
                    spec.strings.iter().enumerate().map(|(i, s)| {
                        (format!("strings[{i}].name"), s.name.as_str(), Named::Str(i))
                    }),
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
                self.diags.push(
                    Diagnostic::new(
                        path.clone(),
                        format!("type name {name:?} is not UpperCamelCase"),
                    )
                    .with_hint(format!("try `{}`", name.to_upper_camel_case())),
                );
            }
            if RESERVED_TYPE_NAMES.contains(&name) || PRIMITIVES.contains(&name) {
                self.diags.push(
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
                self.error(
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
                let first = match first {
                    Named::Shape(i) => format!("shapes[{i}]"),
                    Named::Enum(i) => format!("enums[{i}]"),
                    Named::Str(i) => format!("strings[{i}]"),
                };
                self.diags.push(
                    Diagnostic::new(path, format!("type name `{name}` is defined twice"))
                        .with_hint(format!(
                            "the first definition is {first}; shapes, enums and string types share one namespace"
                        )),
                );
            } else {
                names.insert(name.to_owned(), named);
            }
        }
        // A builder name can also collide with a type declared before its shape.
        for (i, shape) in spec.shapes.iter().enumerate() {
            let builder = format!("{}Builder", shape.name);
            if names.contains_key(&builder) {
                self.error(
                    format!("shapes[{i}].name"),
                    format!(
                        "the builder `{builder}` of this shape collides with a type of that name"
                    ),
                );
            }
        }
        names
    }

    fn enumeration(&mut self, index: usize, e: &spec::Enum) -> EnumModel {
        let path = format!("enums[{index}]");
        if e.values.is_empty() {
            self.diags.push(
                Diagnostic::new(
                    format!("{path}.values"),
                    format!("enum `{}` has no values", e.name),
                )
                .with_hint("list the documented values; a field without a fixed set of values is a `String` or `Integer`"),
            );
        }
        let mut wire_seen = BTreeSet::new();
        let mut names_seen = BTreeSet::new();
        let mut values = Vec::new();
        for (i, v) in e.values.iter().enumerate() {
            let vpath = format!("{path}.values[{i}]");
            let wire = match (e.kind, &v.value) {
                (EnumKind::String, Value::String(s)) if !s.is_empty() => {
                    Some(WireValue::String(s.clone()))
                }
                (EnumKind::String, Value::String(_)) => {
                    self.error(format!("{vpath}.value"), "an enum value must not be empty");
                    None
                }
                (EnumKind::Integer, Value::Number(n)) => match n.as_i64() {
                    Some(n) => Some(WireValue::Integer(n)),
                    None => {
                        // serde_json keeps integers beyond i64 as u64 or f64; a fraction is
                        // another problem than a size.
                        let whole = n.is_u64()
                            || n.as_f64()
                                .is_some_and(|f| f.fract() == 0.0 && f.abs() >= 9.2e18);
                        self.diags.push(if whole {
                            Diagnostic::new(
                                format!("{vpath}.value"),
                                format!("value {n} of integer enum `{}` is out of range", e.name),
                            )
                            .with_hint(format!(
                                "integer enum values are 64-bit signed: {} to {}",
                                i64::MIN,
                                i64::MAX
                            ))
                        } else {
                            Diagnostic::new(
                                format!("{vpath}.value"),
                                format!("value {n} of integer enum `{}` is not an integer", e.name),
                            )
                        });
                        None
                    }
                },
                (kind, other) => {
                    let mut diag = Diagnostic::new(
                        format!("{vpath}.value"),
                        format!(
                            "enum `{}` has {} values, but this one is {}",
                            e.name,
                            kind_name(kind),
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
                    self.diags.push(diag);
                    None
                }
            };
            if let Some(wire) = &wire {
                if !wire_seen.insert(format!("{wire:?}")) {
                    self.error(
                        format!("{vpath}.value"),
                        format!("value {} is listed twice in enum `{}`", v.value, e.name),
                    );
                }
            }
            if !is_upper_camel(&v.name) {
                self.diags.push(
                    Diagnostic::new(
                        format!("{vpath}.name"),
                        format!("variant name {:?} is not UpperCamelCase", v.name),
                    )
                    .with_hint(format!("try `{}`", v.name.to_upper_camel_case())),
                );
            } else if v.name == "Self" {
                self.error(
                    format!("{vpath}.name"),
                    "`Self` cannot name a variant in Rust; pick another name",
                );
            } else if v.name == "Unknown" {
                self.error(format!("{vpath}.name"), "`Unknown` is the variant that keeps values this crate does not know; pick another name");
            } else if !names_seen.insert(v.name.clone()) {
                self.error(
                    format!("{vpath}.name"),
                    format!("variant `{}` is listed twice in enum `{}`", v.name, e.name),
                );
            }
            if let Some(wire) = wire {
                values.push(EnumValueModel {
                    wire,
                    name: v.name.clone(),
                    docs: v.docs.clone(),
                });
            }
        }
        EnumModel {
            name: e.name.clone(),
            kind: e.kind,
            docs: e.docs.clone(),
            values,
            usage: Usage::default(),
        }
    }

    fn string_type(&mut self, index: usize, s: &spec::StringType) -> StringModel {
        let path = format!("strings[{index}]");
        let pattern = s
            .pattern
            .as_ref()
            .and_then(|pattern| match char_class_pattern(pattern) {
                Ok(ranges) => Some((pattern.clone(), ranges)),
                Err(reason) => {
                    self.diags.push(
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
                self.error(
                    format!("{path}.min_length"),
                    format!(
                        "min_length {min} is greater than max_length {max}: no value can be valid"
                    ),
                );
            }
        }
        if s.pattern.is_none() && s.min_length.is_none() && s.max_length.is_none() {
            self.diags.push(
                Diagnostic::new(
                    path.clone(),
                    format!("string type `{}` has no constraint", s.name),
                )
                .with_hint("give it a pattern, min_length or max_length, or use `String`"),
            );
        }
        StringModel {
            name: s.name.clone(),
            docs: s.docs.clone(),
            pattern,
            min_length: s.min_length,
            max_length: s.max_length,
            example: s.example.clone(),
            usage: Usage::default(),
        }
    }

    fn resolve(&mut self, path: &str, text: &str, names: &BTreeMap<String, Named>) -> Option<Ty> {
        let text = text.trim();
        if let Some(inner) = text
            .strip_prefix("List<")
            .and_then(|rest| rest.strip_suffix('>'))
        {
            return self
                .resolve(path, inner, names)
                .map(|ty| Ty::List(Box::new(ty)));
        }
        match text {
            "String" => return Some(Ty::String),
            "Boolean" => return Some(Ty::Boolean),
            "Integer" => return Some(Ty::Integer),
            _ => {}
        }
        match names.get(text) {
            Some(Named::Shape(i)) => Some(Ty::Shape(*i)),
            Some(Named::Enum(i)) => Some(Ty::Enum(*i)),
            Some(Named::Str(i)) => Some(Ty::Str(*i)),
            None => {
                let known = PRIMITIVES
                    .iter()
                    .copied()
                    .chain(names.keys().map(String::as_str));
                let mut diag = Diagnostic::new(path, format!("unknown type `{text}`"));
                diag = match closest(text, known) {
                    Some(near) => diag.with_hint(format!("did you mean `{near}`?")),
                    None => diag.with_hint("a type is `String`, `Boolean`, `Integer`, `List<T>`, or the name of a shape, enum or string type"),
                };
                self.diags.push(diag);
                None
            }
        }
    }

    fn shape(
        &mut self,
        index: usize,
        s: &spec::Shape,
        names: &BTreeMap<String, Named>,
        enums: &[EnumModel],
    ) -> ShapeModel {
        let path = format!("shapes[{index}]");
        let mut fields = Vec::new();
        let mut wire_seen: BTreeMap<&str, usize> = BTreeMap::new();
        let mut ident_seen: BTreeMap<String, &str> = BTreeMap::new();
        if s.fields.is_empty() {
            self.error(
                format!("{path}.fields"),
                format!("shape `{}` has no fields", s.name),
            );
        }
        for (i, f) in s.fields.iter().enumerate() {
            let fpath = format!("{path}.fields[{i}]");
            if let Some(first) = wire_seen.get(f.name.as_str()) {
                self.diags.push(
                    Diagnostic::new(
                        format!("{fpath}.name"),
                        format!("field `{}` is listed twice in shape `{}`", f.name, s.name),
                    )
                    .with_hint(format!("the first is {path}.fields[{first}]")),
                );
            } else {
                wire_seen.insert(f.name.as_str(), i);
            }
            let mut ident = field_ident(&f.name);
            if RESERVED_FIELD_IDENTS.contains(&ident.as_str()) {
                ident.push('_');
            }
            if ident.trim_start_matches("r#").is_empty()
                || !ident
                    .trim_start_matches("r#")
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
                || ident.starts_with(|c: char| c.is_ascii_digit())
            {
                self.error(
                    format!("{fpath}.name"),
                    format!("field name {:?} does not make a Rust identifier", f.name),
                );
            } else if let Some(other) = ident_seen.get(&ident) {
                if *other != f.name {
                    self.error(
                        format!("{fpath}.name"),
                        format!(
                            "fields `{other}` and `{}` both become `{ident}` in Rust",
                            f.name
                        ),
                    );
                }
            } else {
                ident_seen.insert(ident.clone(), &f.name);
            }
            let ty = self.resolve(&format!("{fpath}.type"), &f.ty, names);
            if f.sensitive && !matches!(ty, None | Some(Ty::String)) {
                self.error(
                    format!("{fpath}.sensitive"),
                    "only `String` fields can be sensitive",
                );
            }
            if f.flatten && !matches!(ty, None | Some(Ty::Shape(_))) {
                self.error(
                    format!("{fpath}.flatten"),
                    format!(
                        "only a shape can be flattened, and `{}` is {}",
                        f.ty.trim(),
                        match ty {
                            Some(Ty::Enum(_)) => "an enum",
                            Some(Ty::Str(_)) => "a string type",
                            Some(Ty::List(_)) => "a list",
                            _ => "a primitive",
                        }
                    ),
                );
            }
            if let Some(ty) = ty {
                fields.push(FieldModel {
                    wire: f.name.clone(),
                    ident,
                    ty,
                    required: f.required,
                    sensitive: f.sensitive,
                    flatten: f.flatten,
                    docs: f.docs.clone(),
                    example: f.example.clone(),
                    notes: Vec::new(),
                });
            }
        }
        let resolved = fields.len() == s.fields.len();
        let problems_before_rules = self.diags.len();
        let mut checks = Vec::new();
        let mut rule_docs = Vec::new();
        if resolved {
            let mut check_rules = Vec::new();
            for (i, rule) in s.rules.iter().enumerate() {
                if let Some(check) =
                    self.rule(&format!("{path}.rules[{i}]"), s, rule, &mut fields, enums)
                {
                    checks.push(check);
                    check_rules.push(i);
                }
                if let Some(docs) = rule_docs_of(rule) {
                    rule_docs.push(docs.clone());
                }
            }
            if self.diags.len() == problems_before_rules {
                self.unmeetable(&path, &fields, &checks, &check_rules, enums);
            }
        }
        // A rule that could not be read would make the representation look wrong too; report
        // the cause only.
        let repr = if resolved && self.diags.len() == problems_before_rules {
            self.representation(&path, s, &fields, &mut checks)
        } else {
            Repr::Struct
        };
        ShapeModel {
            name: s.name.clone(),
            docs: s.docs.clone(),
            fields,
            repr,
            checks,
            rule_docs,
            usage: Usage::default(),
            home: Home::Types,
        }
    }

    fn field_index(&mut self, path: &str, shape: &spec::Shape, name: &str) -> Option<usize> {
        let found = shape.fields.iter().position(|f| f.name == name);
        if found.is_none() {
            let mut diag = Diagnostic::new(
                path,
                format!(
                    "rule names `{name}`, which is not a field of `{}`",
                    shape.name
                ),
            );
            if let Some(near) = closest(name, shape.fields.iter().map(|f| f.name.as_str())) {
                diag = diag.with_hint(format!("did you mean `{near}`?"));
            }
            self.diags.push(diag);
        }
        found
    }

    fn rule(
        &mut self,
        path: &str,
        shape: &spec::Shape,
        rule: &Rule,
        fields: &mut [FieldModel],
        enums: &[EnumModel],
    ) -> Option<Check> {
        match rule {
            Rule::ExactlyOneOf {
                fields: members, ..
            } => {
                if members.len() < 2 {
                    self.error(
                        format!("{path}.fields"),
                        "exactly_one_of needs two or more fields",
                    );
                }
                let mut indices = Vec::new();
                for (i, name) in members.iter().enumerate() {
                    let index = self.field_index(&format!("{path}.fields[{i}]"), shape, name)?;
                    if fields[index].required {
                        self.diags.push(
                            Diagnostic::new(format!("{path}.fields[{i}]"), format!("`{name}` is required, so exactly_one_of can never be met by another member"))
                                .with_hint(format!("make `{name}` optional (remove \"required\")")),
                        );
                    }
                    if indices.contains(&index) {
                        self.error(
                            format!("{path}.fields[{i}]"),
                            format!("`{name}` is listed twice"),
                        );
                    }
                    indices.push(index);
                }
                Some(Check::ExactlyOneOf(indices))
            }
            Rule::Forbids {
                field, forbidden, ..
            } => {
                let field_index = self.field_index(&format!("{path}.field"), shape, field)?;
                let mut first = None;
                for (i, name) in forbidden.iter().enumerate() {
                    let index = self.field_index(&format!("{path}.forbidden[{i}]"), shape, name)?;
                    if index == field_index {
                        self.error(
                            format!("{path}.forbidden[{i}]"),
                            format!("`{name}` cannot forbid itself"),
                        );
                    } else if fields[field_index].required && fields[index].required {
                        self.error(format!("{path}.forbidden[{i}]"), format!("`{field}` and `{name}` are both required, so no request can meet this rule"));
                    }
                    first.get_or_insert(index);
                    if i > 0 {
                        self.diags.push(
                            Diagnostic::new(
                                format!("{path}.forbidden[{i}]"),
                                "one forbids rule names one forbidden field",
                            )
                            .with_hint("write one rule per forbidden field"),
                        );
                    }
                }
                first.map(|forbidden| Check::Forbids {
                    field: field_index,
                    forbidden,
                })
            }
            Rule::RequiredIf {
                field,
                when,
                equals,
                ..
            } => {
                let field_index = self.field_index(&format!("{path}.field"), shape, field)?;
                let when_index = self.field_index(&format!("{path}.when"), shape, when)?;
                let equals = match (&fields[when_index].ty, equals) {
                    (Ty::Boolean, Value::Bool(b)) => RuleValue::Bool(*b),
                    (Ty::Enum(e), value) => {
                        let found = enums.get(*e).and_then(|e| {
                            e.values.iter().position(|v| wire_matches(&v.wire, value))
                        });
                        match found {
                            Some(v) => RuleValue::Variant(v),
                            None => {
                                self.error(
                                    format!("{path}.equals"),
                                    format!("{value} is not a value of `{when}`"),
                                );
                                return None;
                            }
                        }
                    }
                    (_, value) => {
                        let diag = match &fields[when_index].ty {
                            Ty::Boolean => Diagnostic::new(
                                format!("{path}.equals"),
                                format!("`{when}` is a Boolean; it cannot equal {value}"),
                            )
                            .with_hint("write `true` or `false`"),
                            _ => Diagnostic::new(
                                format!("{path}.when"),
                                format!(
                                    "required_if depends on a Boolean or enum field; `{when}` is of type `{}`",
                                    shape.fields[when_index].ty.trim()
                                ),
                            ),
                        };
                        self.diags.push(diag);
                        return None;
                    }
                };
                if field_index == when_index {
                    self.error(
                        format!("{path}.when"),
                        "a field cannot be required by itself",
                    );
                }
                Some(Check::RequiredIf {
                    field: field_index,
                    when: when_index,
                    equals,
                })
            }
            Rule::MinItems { field, min, .. } => {
                let index = self.field_index(&format!("{path}.field"), shape, field)?;
                if !fields[index].ty.is_list() {
                    self.error(
                        format!("{path}.field"),
                        format!("min_items applies to lists; `{field}` is not one"),
                    );
                    return None;
                }
                Some(Check::MinItems {
                    field: index,
                    min: *min,
                })
            }
            Rule::EffectiveOnlyWhen {
                field,
                when,
                values,
                docs,
            } => {
                let index = self.field_index(&format!("{path}.field"), shape, field)?;
                let when_index = self.field_index(&format!("{path}.when"), shape, when)?;
                let shown: Vec<String> = values
                    .iter()
                    .map(|v| match v {
                        Value::String(s) => format!("`{s}`"),
                        other => format!("`{other}`"),
                    })
                    .collect();
                if let Ty::Enum(e) = fields[when_index].ty {
                    for (i, value) in values.iter().enumerate() {
                        let known = enums
                            .get(e)
                            .is_some_and(|e| e.values.iter().any(|v| wire_matches(&v.wire, value)));
                        if !known {
                            self.error(
                                format!("{path}.in[{i}]"),
                                format!("{value} is not a value of `{when}`"),
                            );
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
                let note = Docs { zh, en };
                fields[index].notes.push(note);
                None
            }
        }
    }

    /// Rules that each make sense alone but together refuse every request, or every request
    /// with some value: a field that a required field forbids can never be set, so an
    /// exactly_one_of group made only of such fields cannot be met, nor can a required_if that
    /// demands one (or demands a field that its own condition forbids).
    fn unmeetable(
        &mut self,
        path: &str,
        fields: &[FieldModel],
        checks: &[Check],
        check_rules: &[usize],
        enums: &[EnumModel],
    ) {
        let wire = |i: usize| fields.get(i).map_or("", |f| f.wire.as_str());
        // Why a field can never be set: the required field that forbids it.
        let mut never: BTreeMap<usize, usize> = BTreeMap::new();
        for check in checks {
            if let Check::Forbids { field, forbidden } = check {
                if fields.get(*field).is_some_and(|f| f.required) {
                    never.entry(*forbidden).or_insert(*field);
                }
            }
        }
        let forbids = |a: usize, b: usize| {
            checks.iter().any(
                |c| matches!(c, Check::Forbids { field, forbidden } if *field == a && *forbidden == b),
            )
        };
        for (check, rule) in checks.iter().zip(check_rules) {
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
                    self.diags.push(
                        Diagnostic::new(
                            rpath,
                            format!(
                                "no request can meet this exactly_one_of: every member is forbidden by a required field ({})",
                                why.join(", ")
                            ),
                        )
                        .with_hint("drop one of those forbids rules, or make the forbidding field optional"),
                    );
                }
                Check::RequiredIf {
                    field,
                    when,
                    equals,
                } => {
                    let shown = match (equals, fields.get(*when).map(|f| &f.ty)) {
                        (RuleValue::Bool(b), _) => b.to_string(),
                        (RuleValue::Variant(v), Some(Ty::Enum(e))) => {
                            match enums
                                .get(*e)
                                .and_then(|e| e.values.get(*v))
                                .map(|v| &v.wire)
                            {
                                Some(WireValue::String(s)) => format!("{s:?}"),
                                Some(WireValue::Integer(n)) => n.to_string(),
                                None => "that value".to_owned(),
                            }
                        }
                        (RuleValue::Variant(_), _) => "that value".to_owned(),
                    };
                    if forbids(*when, *field) {
                        self.diags.push(
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
                    } else if let Some(by) = never.get(field) {
                        self.diags.push(
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
                    }
                }
                _ => {}
            }
        }
    }

    fn representation(
        &mut self,
        path: &str,
        shape: &spec::Shape,
        fields: &[FieldModel],
        checks: &mut Vec<Check>,
    ) -> Repr {
        let rpath = format!("{path}.representation");
        match &shape.representation {
            Representation::Struct => Repr::Struct,
            Representation::OneOf => {
                let groups: Vec<&Vec<usize>> = checks
                    .iter()
                    .filter_map(|c| match c {
                        Check::ExactlyOneOf(m) => Some(m),
                        _ => None,
                    })
                    .collect();
                let [members] = groups.as_slice() else {
                    self.error(rpath, format!("representation one_of needs exactly one exactly_one_of rule; `{}` has {}", shape.name, groups.len()));
                    return Repr::Struct;
                };
                let members = (*members).clone();
                let mut ok = true;
                for check in checks.iter() {
                    if !matches!(check, Check::ExactlyOneOf(_) | Check::Forbids { .. }) {
                        self.error(
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
                for &member in &members {
                    let others: Vec<usize> = (0..fields.len())
                        .filter(|&i| !members.contains(&i) && !forbidden_by(member, i))
                        .collect();
                    let name = fields[member].wire.to_upper_camel_case();
                    // The variant is named after its member: `Self` cannot name a variant, and
                    // two members can meet in one name (`A_b` and `AB` are both `AB`).
                    if name == "Self" {
                        self.diags.push(
                            Diagnostic::new(
                                format!("{path}.fields[{member}].name"),
                                format!("the one_of member `{}` would name a variant `Self`, which Rust does not allow", fields[member].wire),
                            )
                            .with_hint("one_of variants are named after their members; represent this shape as a struct, whose `build()` checks the rules"),
                        );
                        ok = false;
                    } else if let Some(other) = variants.iter().find(|v| v.name == name) {
                        self.error(
                            format!("{path}.fields[{member}].name"),
                            format!(
                                "members `{}` and `{}` would both name the variant `{name}`",
                                fields[other.member].wire, fields[member].wire
                            ),
                        );
                        ok = false;
                    }
                    variants.push(OneOfVariant {
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
                        self.error(format!("{path}.fields[{i}].required"), format!("`{}` is required, but in a one_of shape only the group decides what is present", field.wire));
                        ok = false;
                    }
                    if members.iter().all(|&m| !forbidden_by(m, i)) {
                        self.diags.push(
                            Diagnostic::new(format!("{path}.fields[{i}]"), format!("`{}` is allowed with every member, so it does not belong in a one_of shape", field.wire))
                                .with_hint("move it to the shape that flattens this one"),
                        );
                        ok = false;
                    }
                    if members.iter().all(|&m| forbidden_by(m, i)) {
                        self.error(
                            format!("{path}.fields[{i}]"),
                            format!(
                                "`{}` is forbidden by every member, so no request can carry it",
                                field.wire
                            ),
                        );
                        ok = false;
                    }
                }
                if !ok {
                    return Repr::Struct;
                }
                checks.clear();
                Repr::OneOf { variants }
            }
            Representation::Switch { field, on, off } => {
                let Some(switch) = fields.iter().position(|f| &f.wire == field) else {
                    let mut diag = Diagnostic::new(
                        format!("{rpath}.field"),
                        format!("`{field}` is not a field of `{}`", shape.name),
                    );
                    if let Some(near) = closest(field, fields.iter().map(|f| f.wire.as_str())) {
                        diag = diag.with_hint(format!("did you mean `{near}`?"));
                    }
                    self.diags.push(diag);
                    return Repr::Struct;
                };
                let mut ok = true;
                if fields[switch].ty != Ty::Boolean {
                    self.error(
                        format!("{rpath}.field"),
                        format!("the switch field `{field}` must be a Boolean"),
                    );
                    ok = false;
                }
                for (name, which) in [(on, "on"), (off, "off")] {
                    if !is_upper_camel(name) {
                        self.diags.push(
                            Diagnostic::new(
                                format!("{rpath}.{which}"),
                                format!("variant name {name:?} is not UpperCamelCase"),
                            )
                            .with_hint(format!("try `{}`", name.to_upper_camel_case())),
                        );
                        ok = false;
                    } else if name == "Self" {
                        self.error(
                            format!("{rpath}.{which}"),
                            "`Self` cannot name a variant in Rust; pick another name",
                        );
                        ok = false;
                    }
                }
                if on == off {
                    self.error(
                        format!("{rpath}.off"),
                        "the on and off variants need different names",
                    );
                    ok = false;
                }
                let mut required_on = Vec::new();
                for check in checks.iter() {
                    match check {
                        Check::RequiredIf {
                            field,
                            when,
                            equals: RuleValue::Bool(true),
                        } if *when == switch => required_on.push(*field),
                        _ => {
                            self.error(rpath.clone(), "representation switch allows only required_if rules on its field being true");
                            ok = false;
                        }
                    }
                }
                for (i, f) in fields.iter().enumerate() {
                    if f.required {
                        self.error(format!("{path}.fields[{i}].required"), format!("`{}` is required, but in a switch shape the switch decides what is required", f.wire));
                        ok = false;
                    }
                }
                if !ok {
                    return Repr::Struct;
                }
                checks.clear();
                Repr::Switch {
                    field: switch,
                    on: on.clone(),
                    off: off.clone(),
                    required_on,
                }
            }
        }
    }

    fn actions(
        &mut self,
        names: &BTreeMap<String, Named>,
        shapes: &[ShapeModel],
    ) -> Vec<ActionModel> {
        let spec = self.spec;
        let mut seen: BTreeMap<String, (usize, &str)> = BTreeMap::new();
        let mut inputs: BTreeMap<usize, &str> = BTreeMap::new();
        let mut actions = Vec::new();
        if spec.actions.is_empty() {
            self.error("actions", "the spec has no actions");
        }
        for (i, a) in spec.actions.iter().enumerate() {
            let path = format!("actions[{i}]");
            if !is_upper_camel(&a.name) {
                self.diags.push(
                    Diagnostic::new(
                        format!("{path}.name"),
                        format!("action name {:?} is not UpperCamelCase", a.name),
                    )
                    .with_hint(format!("try `{}`", a.name.to_upper_camel_case())),
                );
            }
            // A keyword (`Match` -> `match`) becomes a raw identifier, like a field name.
            let snake = field_ident(&a.name);
            match seen.get(&snake) {
                Some((first, other)) if *other == a.name => self.diags.push(
                    Diagnostic::new(
                        format!("{path}.name"),
                        format!("action `{}` is defined twice", a.name),
                    )
                    .with_hint(format!("the first definition is actions[{first}]")),
                ),
                Some((first, other)) => self.diags.push(
                    Diagnostic::new(
                        format!("{path}.name"),
                        format!(
                            "actions `{other}` and `{}` both become `{snake}` in Rust",
                            a.name
                        ),
                    )
                    .with_hint(format!(
                        "rename this action or actions[{first}]; the module and method of an action are its snake_case name"
                    )),
                ),
                None => {
                    seen.insert(snake.clone(), (i, a.name.as_str()));
                }
            }
            if RESERVED_MODULE_NAMES.contains(&snake.as_str()) {
                self.error(
                    format!("{path}.name"),
                    format!(
                        "action `{}` would become `{snake}`, a name the generated crate reserves",
                        a.name
                    ),
                );
            }
            let input = self.shape_ref(&format!("{path}.input"), &a.input, names, shapes);
            if let Some(input) = input {
                if let Some(other) = inputs.insert(input, &a.name) {
                    self.error(format!("{path}.input"), format!("`{}` is already the input of `{other}`; each action needs its own input shape", a.input));
                }
                if a.method == MethodSpec::Get {
                    let shape = &shapes[input];
                    let nested: Vec<String> = shape
                        .fields
                        .iter()
                        .filter(|f| f.flatten || f.ty.is_list() || matches!(f.ty, Ty::Shape(_)))
                        .map(|f| format!("`{}`", f.wire))
                        .collect();
                    if !nested.is_empty() {
                        self.diags.push(
                            Diagnostic::new(
                                format!("{path}.method"),
                                format!(
                                    "a GET action sends its input in the query string, which holds only scalars; in `{}`, {} {}",
                                    shape.name,
                                    nested.join(", "),
                                    if nested.len() == 1 { "is not one" } else { "are not" }
                                ),
                            )
                            .with_hint("send it as POST, or make those fields scalars"),
                        );
                    }
                }
            }
            let result = a
                .result
                .as_ref()
                .and_then(|r| self.shape_ref(&format!("{path}.result"), r, names, shapes));
            if let (Some(input), Some(result)) = (input, result) {
                if input == result {
                    self.error(
                        format!("{path}.result"),
                        "an action's input and result must be different shapes",
                    );
                }
            }
            if let Some(input) = input {
                actions.push(ActionModel {
                    name: a.name.clone(),
                    snake,
                    method: a.method,
                    input,
                    result,
                    rate_limit_per_second: a.rate_limit_per_second,
                    docs: a.docs.clone(),
                });
            }
        }
        actions
    }

    fn shape_ref(
        &mut self,
        path: &str,
        name: &str,
        names: &BTreeMap<String, Named>,
        shapes: &[ShapeModel],
    ) -> Option<usize> {
        match names.get(name) {
            Some(Named::Shape(i)) if shapes.get(*i).is_some_and(|s| s.repr == Repr::Struct) => {
                Some(*i)
            }
            Some(Named::Shape(_)) => {
                self.error(path, format!("`{name}` is an enum-represented shape; an action's input and result must be structs"));
                None
            }
            Some(_) => {
                self.error(path, format!("`{name}` is not a shape"));
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
                self.diags.push(diag);
                None
            }
        }
    }

    /// A shape that holds itself other than through a list would be infinitely large. Each
    /// cycle is reported once, at the field of its first shape that starts it, with the fields
    /// that close it.
    fn recursion(&mut self, shapes: &[ShapeModel]) {
        /// The fields of a shape that hold another shape directly: (field index, shape index).
        fn direct(shape: &ShapeModel) -> impl Iterator<Item = (usize, usize)> + '_ {
            shape
                .fields
                .iter()
                .enumerate()
                .filter_map(|(j, f)| match f.ty {
                    Ty::Shape(s) => Some((j, s)),
                    _ => None,
                })
        }
        let mut reported = BTreeSet::new();
        for (start, shape) in shapes.iter().enumerate() {
            if reported.contains(&start) {
                continue;
            }
            // Breadth first, so that the shortest cycle is the one shown.
            let mut came_from: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
            let mut queue = std::collections::VecDeque::from([start]);
            let mut closing = None;
            'search: while let Some(node) = queue.pop_front() {
                for (field, next) in shapes.get(node).into_iter().flat_map(direct) {
                    if next == start {
                        closing = Some((node, field));
                        break 'search;
                    }
                    if next != start && !came_from.contains_key(&next) {
                        came_from.insert(next, (node, field));
                        queue.push_back(next);
                    }
                }
            }
            let Some(mut edge) = closing else { continue };
            // The cycle's fields, from `start` round to `start`.
            let mut cycle = vec![edge];
            while edge.0 != start {
                let Some(previous) = came_from.get(&edge.0) else {
                    break;
                };
                edge = *previous;
                cycle.push(edge);
            }
            cycle.reverse();
            reported.extend(cycle.iter().map(|(s, _)| *s));
            let through: Vec<String> = cycle
                .iter()
                .filter_map(|(s, f)| {
                    let s = shapes.get(*s)?;
                    Some(format!("`{}.{}`", s.name, s.fields.get(*f)?.wire))
                })
                .collect();
            let first_field = cycle.first().map_or(0, |(_, f)| *f);
            let message = if cycle.len() == 1 {
                format!(
                    "shape `{}` contains itself through its field {}, so it would be infinitely large",
                    shape.name,
                    through.join("")
                )
            } else {
                format!(
                    "shape `{}` contains itself through {}, so it would be infinitely large",
                    shape.name,
                    through.join(" -> ")
                )
            };
            self.diags.push(
                Diagnostic::new(
                    format!(
                        "shapes[{start}].fields[{}].type",
                        self.spec_field_index(start, shape, first_field)
                    ),
                    message,
                )
                .with_hint("hold the inner value in a `List<...>` field, which may be empty"),
            );
        }
    }

    /// The index in the spec of a field of the model (they differ when a field before it did
    /// not resolve and was left out of the model).
    fn spec_field_index(&self, shape_index: usize, shape: &ShapeModel, field: usize) -> usize {
        let Some(spec_shape) = self.spec.shapes.get(shape_index) else {
            return field;
        };
        if spec_shape.fields.len() == shape.fields.len() {
            return field;
        }
        shape
            .fields
            .get(field)
            .and_then(|f| spec_shape.fields.iter().position(|g| g.name == f.wire))
            .unwrap_or(field)
    }

    /// Marks what inputs and results reach, and puts every shape in its module.
    fn usage(&mut self, model: &mut Model, shapes: &mut [ShapeModel]) {
        let mut users: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); shapes.len()];
        for (a, action) in model.actions.iter().enumerate() {
            for (root, output) in [(Some(action.input), false), (action.result, true)] {
                let Some(root) = root else { continue };
                let mut stack = vec![Ty::Shape(root)];
                let mut seen = BTreeSet::new();
                while let Some(ty) = stack.pop() {
                    let usage = match ty {
                        Ty::List(inner) => {
                            stack.push(*inner);
                            continue;
                        }
                        Ty::Enum(e) => model.enums.get_mut(e).map(|e| &mut e.usage),
                        Ty::Str(s) => model.strings.get_mut(s).map(|s| &mut s.usage),
                        Ty::Shape(s) => {
                            users[s].insert(a);
                            if seen.insert(s) {
                                stack.extend(shapes[s].fields.iter().map(|f| f.ty.clone()));
                            }
                            Some(&mut shapes[s].usage)
                        }
                        Ty::String | Ty::Boolean | Ty::Integer => None,
                    };
                    if let Some(usage) = usage {
                        if output {
                            usage.output = true
                        } else {
                            usage.input = true
                        }
                    }
                }
            }
        }
        for (shape, users) in shapes.iter_mut().zip(users) {
            shape.home = match users.iter().collect::<Vec<_>>().as_slice() {
                [only] => Home::Action(**only),
                _ => Home::Types,
            };
        }
    }

    fn usage_constraints(&mut self, model: &Model) {
        // After an unresolved name, usage is incomplete: "not used" would only echo that problem.
        let report_unused = self.diags.is_empty();
        for (i, shape) in model.shapes.iter().enumerate() {
            if shape.repr != Repr::Struct && shape.usage.output {
                self.error(format!("shapes[{i}].representation"), format!("`{}` is an enum-represented shape, which only requests can use; a result reaches it", shape.name));
            }
            for (j, field) in shape.fields.iter().enumerate() {
                let fpath = format!("shapes[{i}].fields[{}]", self.spec_field_index(i, shape, j));
                if field.flatten && shape.usage.output {
                    self.error(
                        format!("{fpath}.flatten"),
                        "flattened fields are for requests; a result reaches this one",
                    );
                }
            }
            if report_unused && shape.usage == Usage::default() {
                self.diags.push(
                    Diagnostic::new(
                        format!("shapes[{i}].name"),
                        format!("shape `{}` is not used by any action", shape.name),
                    )
                    .with_hint("remove it, or use it in a field"),
                );
            }
        }
        for (i, e) in model.enums.iter().enumerate() {
            if report_unused && e.usage == Usage::default() {
                self.diags.push(
                    Diagnostic::new(
                        format!("enums[{i}].name"),
                        format!("enum `{}` is not used by any action", e.name),
                    )
                    .with_hint("remove it, or use it in a field"),
                );
            }
        }
        for (i, s) in model.strings.iter().enumerate() {
            if report_unused && s.usage == Usage::default() {
                self.diags.push(
                    Diagnostic::new(
                        format!("strings[{i}].name"),
                        format!("string type `{}` is not used by any action", s.name),
                    )
                    .with_hint("remove it, or use it in a field"),
                );
            }
        }
    }
}

/// A JSON value's type, with its article, for messages.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a Boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn kind_name(kind: EnumKind) -> &'static str {
    match kind {
        EnumKind::String => "string",
        EnumKind::Integer => "integer",
    }
}

fn wire_matches(wire: &WireValue, value: &Value) -> bool {
    match (wire, value) {
        (WireValue::String(a), Value::String(b)) => a == b,
        (WireValue::Integer(a), Value::Number(b)) => b.as_i64() == Some(*a),
        _ => false,
    }
}

fn rule_docs_of(rule: &Rule) -> Option<&spec::Docs> {
    match rule {
        Rule::ExactlyOneOf { docs, .. }
        | Rule::Forbids { docs, .. }
        | Rule::RequiredIf { docs, .. }
        | Rule::MinItems { docs, .. } => docs.as_ref(),
        // Shown on the field itself.
        Rule::EffectiveOnlyWhen { .. } => None,
    }
}

fn is_upper_camel(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// The Rust identifier of a field: snake_case, keywords escaped.
pub(crate) fn field_ident(wire: &str) -> String {
    let snake = wire.to_snake_case();
    if NOT_RAW.contains(&snake.as_str()) {
        format!("{snake}_")
    } else if KEYWORDS.contains(&snake.as_str()) {
        format!("r#{snake}")
    } else {
        snake
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
    let HirKind::Concat(parts) = hir.kind() else {
        return Err("is not of the form `^[class]*$`".into());
    };
    let [start, repeat, end] = parts.as_slice() else {
        return Err("is not of the form `^[class]*$`".into());
    };
    let anchored = |h: &Hir, look: Look| matches!(h.kind(), HirKind::Look(l) if *l == look);
    if !anchored(start, Look::Start) || !anchored(end, Look::End) {
        return Err("must be anchored with `^` and `$`".into());
    }
    let HirKind::Repetition(rep) = repeat.kind() else {
        return Err("is not of the form `^[class]*$`".into());
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
            None => Err("is not of the form `^[class]*$`".into()),
        },
        _ => Err("is not of the form `^[class]*$`".into()),
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

    #[test]
    fn idents() {
        assert_eq!(field_ident("CallbackDetailList"), "callback_detail_list");
        assert_eq!(field_ident("URL"), "url");
        assert_eq!(field_ident("Type"), "r#type");
        assert_eq!(field_ident("Self"), "self_");
        assert_eq!(field_ident("CreateTimeUTC"), "create_time_utc");
    }
}
