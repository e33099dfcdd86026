//! The spec as an OpenAPI 3.0.3 document, for tools that read OpenAPI (other client generators,
//! documentation viewers, mock servers).
//!
//! OpenAPI describes an API by path and method; a Volcengine action is `POST /` or `GET /` with
//! `Action=<name>&Version=<version>` in the query. The mapping, and what it cannot say:
//!
//! - each action gets the **synthetic** path `/{Action}` (the service does not serve it: a client
//!   must send to `/`), its snake_case name as `operationId`, and two required query parameters
//!   `Action` and `Version`, each a one-value `enum` (an action's own `version` wins over the
//!   service's);
//! - a POST input's body fields are the `requestBody` (`application/json`); fields with
//!   `"location": "query"` are query parameters only, `query_and_body` ones both; every field of
//!   a GET input is a query parameter (`style: form`, `explode: true`: a list repeats its key);
//! - the `200` answer is `{ResponseMetadata, Result}`, every other (`default`) the error envelope;
//!   an error can also come with 200 (`ResponseMetadata.Error` set), which OpenAPI cannot say;
//! - shapes, enums and string types are `components/schemas`; a `flatten` field's fields are
//!   inlined into the parent (as on the wire); `required` is emitted for shapes requests use
//!   (results are read leniently, so result-only shapes list theirs in `x-volc-required`);
//!   `range`, `length`, `min_items` and `max_items` rules of request shapes become `minimum`,
//!   `maxLength`, ... and every other rule is text in `x-volc-rules`;
//! - signing (HMAC-SHA256 over the canonical request, Volcengine's V4) has no
//!   `securitySchemes` form, so the document has none and says so in `info.description` and
//!   `x-volc-note`; callback events and their MD5 signature are in `x-volc-events`.
//!
//! The document is deterministic: every object's keys are sorted.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;
use serde_json::{json, Map, Value};

use crate::spec::{
    constructed, named, Action, Docs, Enum, EnumKind, ErrorCode, Field, Location, MethodSpec, Rule,
    Shape, Spec, StringType,
};

/// The OpenAPI version of the exported document.
pub const OPENAPI_VERSION: &str = "3.0.3";

const REF_PREFIX: &str = "#/components/schemas/";

/// What the document cannot say, in `info.description` and `x-volc-note`.
const NOTE: &str = "Every action is really sent to `/`: `POST /?Action=<name>&Version=<version>` \
with a JSON body, or `GET /?Action=<name>&Version=<version>&...`. OpenAPI cannot key an \
operation on a query value, so each action has the synthetic path `/<name>`, which the service \
does not serve: send to `/` with the same query. Every request must be signed with Volcengine's \
HMAC-SHA256 signature V4 (over the canonical request: method, path, sorted query, signed headers \
and the body's SHA-256; credential scope `<date>/<region>/<service>/request`), which \
`components.securitySchemes` cannot express, so the document declares none. Not expressed \
either: cross-field rules (listed as text in `x-volc-rules`), enums that keep values they do \
not list, results read leniently (numbers sent as strings, `null` lists), and errors that come \
with HTTP 200 (`ResponseMetadata.Error` set).";

/// The OpenAPI 3.0.3 document of a spec's service (see the module docs for the mapping).
///
/// The spec should have passed [`crate::check_spec`]; an unchecked spec still gives a
/// document (an unknown type becomes `{}`), never a panic.
pub fn openapi(spec: &Spec) -> Value {
    let export = Export::new(spec);
    let mut paths = Map::new();
    for action in &spec.actions {
        paths.insert(format!("/{}", action.name), export.path_item(action));
    }
    let mut doc = Map::new();
    doc.insert("openapi".into(), json!(OPENAPI_VERSION));
    doc.insert("info".into(), export.info());
    doc.insert("servers".into(), export.servers());
    doc.insert("paths".into(), Value::Object(paths));
    doc.insert("x-volc-note".into(), json!(NOTE));
    doc.insert(
        "x-volc-service".into(),
        json!({"name": spec.service.name, "version": spec.service.version}),
    );
    if !spec.service.errors.is_empty() {
        doc.insert("x-volc-errors".into(), errors(&spec.service.errors));
    }
    if let Some(events) = export.events() {
        doc.insert("x-volc-events".into(), events);
    }
    let schemas = export.schemas(&Value::Object(doc.clone()));
    doc.insert(
        "components".into(),
        json!({"schemas": Value::Object(schemas)}),
    );
    sorted(Value::Object(doc))
}

/// The spec, indexed.
struct Export<'s> {
    spec: &'s Spec,
    shapes: BTreeMap<&'s str, &'s Shape>,
    enums: BTreeMap<&'s str, &'s Enum>,
    strings: BTreeMap<&'s str, &'s StringType>,
    /// Shapes reached from an action's input: their request form has `required` and checks
    /// rules.
    requested: BTreeSet<&'s str>,
    /// Shapes reached from any action, by its input or its result.
    used: BTreeSet<&'s str>,
    /// Action inputs: their rules are the operation's.
    inputs: BTreeSet<&'s str>,
    /// Component names of the response envelope, unique among the spec's type names.
    metadata: String,
    service_error: String,
    error_response: String,
}

/// A field as it travels: a `flatten` field's fields stand in for it.
struct WireField<'s> {
    field: &'s Field,
    /// Required where it travels: the field is, and so is every flatten field holding it.
    required: bool,
}

impl<'s> Export<'s> {
    fn new(spec: &'s Spec) -> Self {
        let shapes: BTreeMap<&str, &Shape> =
            spec.shapes.iter().map(|s| (s.name.as_str(), s)).collect();
        let requested = spec.reachable(spec.actions.iter().map(|a| a.input.as_str()));
        let used = spec.reachable(
            spec.actions
                .iter()
                .flat_map(|a| std::iter::once(a.input.as_str()).chain(a.result.as_deref())),
        );
        let taken: BTreeSet<&str> = spec
            .shapes
            .iter()
            .map(|s| s.name.as_str())
            .chain(spec.enums.iter().map(|e| e.name.as_str()))
            .chain(spec.strings.iter().map(|s| s.name.as_str()))
            .collect();
        let mut own = BTreeSet::new();
        let mut unique = |name: &str| {
            let mut candidate = name.to_owned();
            let mut n = 1;
            while taken.contains(candidate.as_str()) || own.contains(&candidate) {
                candidate = if n == 1 {
                    format!("Volc{name}")
                } else {
                    format!("Volc{name}{n}")
                };
                n += 1;
            }
            own.insert(candidate.clone());
            candidate
        };
        Self {
            spec,
            metadata: unique("ResponseMetadata"),
            service_error: unique("ResponseError"),
            error_response: unique("ErrorResponse"),
            enums: spec.enums.iter().map(|e| (e.name.as_str(), e)).collect(),
            strings: spec.strings.iter().map(|s| (s.name.as_str(), s)).collect(),
            inputs: spec.actions.iter().map(|a| a.input.as_str()).collect(),
            shapes,
            requested,
            used,
        }
    }

    fn info(&self) -> Value {
        let service = &self.spec.service;
        let title = text(&service.title).unwrap_or(&service.name);
        let mut description = String::new();
        if let Some(docs) = text(&service.docs) {
            description.push_str(docs);
            description.push_str("\n\n");
        }
        description.push_str(&format!(
            "Exported by `volc-codegen export openapi` from the spec of the `{}` service \
             (API version {}). {NOTE}",
            service.name, service.version
        ));
        json!({"title": title, "version": service.version, "description": description})
    }

    fn servers(&self) -> Value {
        self.spec
            .service
            .endpoints
            .iter()
            .map(|e| {
                json!({
                    "url": e.url,
                    "description": format!("{}, region {}", e.provider.as_str(), e.region),
                })
            })
            .collect()
    }

    /// `/{Action}` with its one operation.
    fn path_item(&self, action: &Action) -> Value {
        let version = action
            .version
            .as_deref()
            .unwrap_or(&self.spec.service.version);
        let method = action.method.as_str();
        let request_line = format!("{method} /?Action={}&Version={version}", action.name);
        let mut parameters = vec![
            json!({
                "name": "Action", "in": "query", "required": true,
                "description": "The action; the only value this operation takes.",
                "schema": {"type": "string", "enum": [action.name]},
            }),
            json!({
                "name": "Version", "in": "query", "required": true,
                "description": "The API version the action is called with.",
                "schema": {"type": "string", "enum": [version]},
            }),
        ];
        let input = self.shapes.get(action.input.as_str()).copied();
        let wire = input.map(|s| self.wire_fields(s)).unwrap_or_default();
        let rules = input.map(|s| self.rules(s)).unwrap_or_default();
        for wf in &wire {
            let in_query = match action.method {
                MethodSpec::Get => true,
                MethodSpec::Post => wf.field.location.is_some(),
            };
            if in_query {
                parameters.push(self.parameter(wf, &rules));
            }
        }
        let mut operation = Map::new();
        operation.insert("operationId".into(), json!(action.name.to_snake_case()));
        let mut description = text(&action.docs).unwrap_or_default().to_owned();
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(&format!(
            "Sent as `{request_line}`; the path `/{}` is synthetic.",
            action.name
        ));
        operation.insert("description".into(), json!(description));
        operation.insert("parameters".into(), Value::Array(parameters));
        let body = action.method == MethodSpec::Post
            && (wire.is_empty()
                || wire
                    .iter()
                    .any(|wf| wf.field.location != Some(Location::Query)));
        if body {
            operation.insert(
                "requestBody".into(),
                json!({
                    "required": true,
                    "content": {"application/json": {"schema": reference(&action.input)}},
                }),
            );
        }
        operation.insert("responses".into(), self.responses(action));
        // The input's rules are the request's: here, unless a keyword says them.
        let texts: Vec<String> = rules
            .iter()
            .filter(|rule| !self.keyword_rule(rule, &wire))
            .map(|rule| rule_text(rule))
            .collect();
        if !texts.is_empty() {
            operation.insert("x-volc-rules".into(), json!(texts));
        }
        operation.insert("x-volc-request".into(), json!(request_line));
        operation.insert(
            "x-volc-idempotent".into(),
            json!(action
                .idempotent
                .unwrap_or_else(|| idempotent_by_name(&action.name))),
        );
        if let Some(rate) = action.rate_limit_per_second {
            operation.insert("x-volc-rate-limit-per-second".into(), json!(rate));
        }
        if !action.errors.is_empty() {
            operation.insert("x-volc-errors".into(), errors(&action.errors));
        }
        let mut item = Map::new();
        item.insert(method.to_ascii_lowercase(), Value::Object(operation));
        Value::Object(item)
    }

    /// A query parameter for a field (scalars and lists of scalars: the checker refuses the
    /// rest in a query).
    fn parameter(&self, wf: &WireField<'_>, rules: &[&Rule]) -> Value {
        let field = wf.field;
        let mut schema = self.schema_of(&field.ty);
        for rule in rules {
            if rule_field(rule) == Some(field.name.as_str()) {
                apply_keyword(&mut schema, rule);
            }
        }
        let mut parameter = Map::new();
        parameter.insert("name".into(), json!(field.name));
        parameter.insert("in".into(), json!("query"));
        parameter.insert("required".into(), json!(wf.required));
        parameter.insert("style".into(), json!("form"));
        parameter.insert("explode".into(), json!(true));
        parameter.insert("schema".into(), schema);
        if let Some(docs) = text(&field.docs) {
            parameter.insert("description".into(), json!(docs));
        }
        if let Some(example) = &field.example {
            parameter.insert("example".into(), example.clone());
        }
        if field.location == Some(Location::QueryAndBody) {
            parameter.insert("x-volc-location".into(), json!("query_and_body"));
        }
        Value::Object(parameter)
    }

    fn responses(&self, action: &Action) -> Value {
        let result = match action.result.as_deref() {
            Some(ty) => self.schema_of(ty),
            None => json!({"description": "The action returns no `Result`."}),
        };
        let success = json!({
            "type": "object",
            "required": ["ResponseMetadata"],
            "properties": {"ResponseMetadata": reference(&self.metadata), "Result": result},
        });
        json!({
            "200": {
                "description": "The answer: `ResponseMetadata`, and `Result`. A \
                    `ResponseMetadata.Error` in it is a failure (some errors come with 200).",
                "content": {"application/json": {"schema": success}},
            },
            "default": {
                "description": "A failure; `ResponseMetadata.Error` says what went wrong.",
                "content": {"application/json": {"schema": reference(&self.error_response)}},
            },
        })
    }

    fn events(&self) -> Option<Value> {
        let events = self.spec.events.as_ref()?;
        let types: Map<String, Value> = events
            .types
            .iter()
            .map(|t| (t.event_type.clone(), reference(&t.shape)))
            .collect();
        Some(json!({
            "description": text(&events.docs).unwrap_or_default(),
            "envelope": reference(&events.envelope),
            "types": types,
            "signature": "md5_key_then_t: `sign` is the hex MD5 of the callback key followed by \
                `t` in decimal (empty with authentication off); not expressible in OpenAPI.",
        }))
    }

    /// `components.schemas`: the envelope, every enum and string type, every shape the
    /// document refers to (transitively), and every shape no action reaches (kept types, the
    /// callback events).
    fn schemas(&self, document: &Value) -> Map<String, Value> {
        let mut schemas = Map::new();
        schemas.insert(
            self.metadata.clone(),
            json!({
                "type": "object",
                "description": "What every answer of the gateway carries; every field may be \
                    missing.",
                "properties": {
                    "RequestId": {"type": "string", "description": "The request id the gateway assigned."},
                    "Action": {"type": "string"},
                    "Version": {"type": "string"},
                    "Service": {"type": "string"},
                    "Region": {"type": "string"},
                    "Error": reference(&self.service_error),
                },
            }),
        );
        schemas.insert(
            self.service_error.clone(),
            json!({
                "type": "object",
                "description": "`ResponseMetadata.Error`: what the service says went wrong.",
                "properties": {
                    "Code": {"type": "string", "description": "The error code, e.g. `InvalidParam`."},
                    "CodeN": {"type": "integer", "format": "int64", "description": "The numeric code; only some APIs send it."},
                    "Message": {"type": "string"},
                },
            }),
        );
        schemas.insert(
            self.error_response.clone(),
            json!({
                "type": "object",
                "required": ["ResponseMetadata"],
                "properties": {"ResponseMetadata": reference(&self.metadata)},
            }),
        );
        for e in &self.spec.enums {
            schemas.insert(e.name.clone(), enum_schema(e));
        }
        for s in &self.spec.strings {
            schemas.insert(s.name.clone(), string_schema(s));
        }
        let mut pending: Vec<String> = Vec::new();
        collect_refs(document, &mut pending);
        pending.extend(
            self.spec
                .shapes
                .iter()
                .filter(|s| !self.used.contains(s.name.as_str()))
                .map(|s| s.name.clone()),
        );
        while let Some(name) = pending.pop() {
            if schemas.contains_key(&name) {
                continue;
            }
            if let Some(shape) = self.shapes.get(name.as_str()) {
                let schema = self.shape_schema(shape);
                collect_refs(&schema, &mut pending);
                schemas.insert(name, schema);
            }
        }
        schemas
    }

    /// A shape as an object schema: its wire fields (a POST input's query-only fields left
    /// out: they are parameters).
    fn shape_schema(&self, shape: &Shape) -> Value {
        let request = self.requested.contains(shape.name.as_str());
        let wire = self.wire_fields(shape);
        let rules = self.rules(shape);
        let mut properties = Map::new();
        let mut required = Vec::new();
        for wf in &wire {
            let field = wf.field;
            if field.location == Some(Location::Query) {
                continue;
            }
            let mut schema = self.schema_of(&field.ty);
            if request {
                for rule in &rules {
                    if rule_field(rule) == Some(field.name.as_str()) {
                        apply_keyword(&mut schema, rule);
                    }
                }
            }
            properties.insert(field.name.clone(), annotate(schema, field));
            if wf.required {
                required.push(field.name.clone());
            }
        }
        let mut schema = Map::new();
        schema.insert("type".into(), json!("object"));
        schema.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            let key = if request {
                "required"
            } else {
                "x-volc-required"
            };
            schema.insert(key.into(), json!(required));
        }
        if let Some(docs) = text(&shape.docs) {
            schema.insert("description".into(), json!(docs));
        }
        let flattened: Vec<Value> = shape
            .fields
            .iter()
            .filter(|f| f.flatten)
            .map(|f| json!({"field": f.name, "shape": named(&f.ty)}))
            .collect();
        if !flattened.is_empty() {
            schema.insert("x-volc-flattened".into(), Value::Array(flattened));
        }
        // An input's rules are on its operation; a result's are documentation only.
        if !self.inputs.contains(shape.name.as_str()) {
            let texts: Vec<String> = rules
                .iter()
                .filter(|rule| !(request && self.keyword_rule(rule, &wire)))
                .map(|rule| rule_text(rule))
                .collect();
            if !texts.is_empty() {
                schema.insert("x-volc-rules".into(), json!(texts));
            }
        }
        Value::Object(schema)
    }

    /// A type string as a schema.
    fn schema_of(&self, ty: &str) -> Value {
        let ty = ty.trim();
        if let Some((constructor, inner)) = constructed(ty) {
            let inner = self.schema_of(inner);
            return if constructor == "List" {
                json!({"type": "array", "items": inner})
            } else {
                json!({"type": "object", "additionalProperties": inner})
            };
        }
        match ty {
            "String" => json!({"type": "string"}),
            "Boolean" => json!({"type": "boolean"}),
            "Integer" => json!({"type": "integer", "format": "int64"}),
            "Float" => json!({"type": "number", "format": "double"}),
            "Json" => json!({}),
            name if self.shapes.contains_key(name)
                || self.enums.contains_key(name)
                || self.strings.contains_key(name) =>
            {
                reference(name)
            }
            unknown => json!({"x-volc-unknown-type": unknown}),
        }
    }

    /// The fields of a shape as they travel, `flatten` fields replaced by theirs.
    fn wire_fields(&self, shape: &'s Shape) -> Vec<WireField<'s>> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        self.push_wire_fields(shape, true, &mut seen, &mut out);
        out
    }

    fn push_wire_fields(
        &self,
        shape: &'s Shape,
        required: bool,
        seen: &mut BTreeSet<&'s str>,
        out: &mut Vec<WireField<'s>>,
    ) {
        if !seen.insert(shape.name.as_str()) {
            return; // a flatten cycle, which the checker refuses
        }
        for field in &shape.fields {
            let inner = field
                .flatten
                .then(|| self.shapes.get(named(&field.ty)).copied())
                .flatten();
            match inner {
                Some(inner) => {
                    self.push_wire_fields(inner, required && field.required, seen, out);
                }
                None => out.push(WireField {
                    field,
                    required: required && field.required,
                }),
            }
        }
        seen.remove(shape.name.as_str());
    }

    /// A shape's rules and those of the shapes its `flatten` fields hold (which name wire
    /// fields of this one).
    fn rules(&self, shape: &'s Shape) -> Vec<&'s Rule> {
        let mut out = Vec::new();
        let mut stack = vec![shape];
        let mut seen = BTreeSet::new();
        while let Some(shape) = stack.pop() {
            if !seen.insert(shape.name.as_str()) {
                continue;
            }
            out.extend(shape.rules.iter());
            stack.extend(
                shape
                    .fields
                    .iter()
                    .rev()
                    .filter(|f| f.flatten)
                    .filter_map(|f| self.shapes.get(named(&f.ty)).copied()),
            );
        }
        out
    }

    /// Whether a rule is said by a JSON Schema keyword on its field's schema.
    fn keyword_rule(&self, rule: &Rule, wire: &[WireField<'_>]) -> bool {
        let Some(name) = rule_field(rule) else {
            return false;
        };
        wire.iter()
            .find(|wf| wf.field.name == name)
            .is_some_and(|wf| apply_keyword(&mut self.schema_of(&wf.field.ty), rule))
    }
}

fn reference(name: &str) -> Value {
    json!({"$ref": format!("{REF_PREFIX}{name}")})
}

/// English if there is any, else Chinese.
fn text(docs: &Docs) -> Option<&str> {
    [docs.en.trim(), docs.zh.trim()]
        .into_iter()
        .find(|t| !t.is_empty())
}

/// A field's schema with its docs, example and secrecy. OpenAPI 3.0 ignores the siblings of
/// a `$ref`, so a reference with docs is wrapped in a one-member `allOf`.
fn annotate(schema: Value, field: &Field) -> Value {
    let mut notes = Map::new();
    if let Some(docs) = text(&field.docs) {
        notes.insert("description".into(), json!(docs));
    }
    if let Some(example) = &field.example {
        notes.insert("example".into(), example.clone());
    }
    if field.sensitive {
        notes.insert("x-volc-sensitive".into(), json!(true));
    }
    if notes.is_empty() {
        return schema;
    }
    let mut out = match schema {
        Value::Object(map) if !map.contains_key("$ref") => map,
        other => {
            let mut wrapper = Map::new();
            wrapper.insert("allOf".into(), json!([other]));
            wrapper
        }
    };
    out.extend(notes);
    Value::Object(out)
}

/// The field a single-field rule with a JSON Schema keyword names.
fn rule_field(rule: &Rule) -> Option<&str> {
    match rule {
        Rule::Range { field, .. }
        | Rule::Length { field, .. }
        | Rule::MinItems { field, .. }
        | Rule::MaxItems { field, .. } => Some(field),
        _ => None,
    }
}

/// Puts a rule into its field's schema as JSON Schema keywords, when the schema is of the type
/// the keywords apply to; says whether it did.
fn apply_keyword(schema: &mut Value, rule: &Rule) -> bool {
    let Value::Object(map) = schema else {
        return false;
    };
    let ty = map
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(value) = value {
            map.insert(key.into(), value);
        }
    };
    match rule {
        Rule::Range { min, max, .. } if ty == "integer" || ty == "number" => {
            put("minimum", min.clone().map(Value::Number));
            put("maximum", max.clone().map(Value::Number));
            true
        }
        Rule::Length { min, max, .. } if ty == "string" => {
            put("minLength", min.map(|n| json!(n)));
            put("maxLength", max.map(|n| json!(n)));
            true
        }
        Rule::MinItems { min, .. } if ty == "array" => {
            put("minItems", Some(json!(min)));
            true
        }
        Rule::MaxItems { max, .. } if ty == "array" => {
            put("maxItems", Some(json!(max)));
            true
        }
        _ => false,
    }
}

/// A rule in words, with its documentation's own.
fn rule_text(rule: &Rule) -> String {
    let names = |fields: &[String]| {
        fields
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let bound = |n: Option<String>| n.unwrap_or_default();
    let (what, docs) = match rule {
        Rule::ExactlyOneOf { fields, docs } => (
            format!("exactly_one_of: exactly one of {} is set", names(fields)),
            docs,
        ),
        Rule::Forbids {
            field,
            forbidden,
            docs,
        } => (
            format!(
                "forbids: when `{field}` is set, none of {} is",
                names(forbidden)
            ),
            docs,
        ),
        Rule::RequiredIf {
            field,
            when,
            equals,
            docs,
        } => (
            format!("required_if: `{field}` is required when `{when}` is {equals}"),
            docs,
        ),
        Rule::Range {
            field,
            min,
            max,
            docs,
        } => (
            format!(
                "range: `{field}` lies within {}..={}",
                bound(min.as_ref().map(ToString::to_string)),
                bound(max.as_ref().map(ToString::to_string))
            ),
            docs,
        ),
        Rule::Length {
            field,
            min,
            max,
            docs,
        } => (
            format!(
                "length: `{field}` holds {}..={} characters",
                bound(min.map(|n| n.to_string())),
                bound(max.map(|n| n.to_string()))
            ),
            docs,
        ),
        Rule::MinItems { field, min, docs } => (
            format!("min_items: `{field}` has at least {min} items"),
            docs,
        ),
        Rule::MaxItems { field, max, docs } => (
            format!("max_items: `{field}` has at most {max} items"),
            docs,
        ),
        Rule::EffectiveOnlyWhen {
            field,
            when,
            values,
            docs,
        } => (
            format!(
                "effective_only_when (a note, not a check): `{field}` takes effect only when \
                 `{when}` is one of {}",
                Value::Array(values.clone())
            ),
            docs,
        ),
    };
    match docs.as_ref().and_then(text) {
        Some(docs) => format!("{what}. {docs}"),
        None => what,
    }
}

fn enum_schema(e: &Enum) -> Value {
    let mut schema = Map::new();
    match e.kind {
        EnumKind::String => {
            schema.insert("type".into(), json!("string"));
        }
        EnumKind::Integer => {
            schema.insert("type".into(), json!("integer"));
            schema.insert("format".into(), json!("int64"));
        }
    }
    schema.insert(
        "enum".into(),
        e.values.iter().map(|v| v.value.clone()).collect(),
    );
    let mut description = text(&e.docs).unwrap_or_default().to_owned();
    if !description.is_empty() {
        description.push_str("\n\n");
    }
    description.push_str("volc clients keep values this list does not have.");
    schema.insert("description".into(), json!(description));
    schema.insert(
        "x-enum-varnames".into(),
        e.values.iter().map(|v| json!(v.name)).collect(),
    );
    schema.insert(
        "x-enum-descriptions".into(),
        e.values
            .iter()
            .map(|v| json!(text(&v.docs).unwrap_or_default()))
            .collect(),
    );
    let aliases: Map<String, Value> = e
        .values
        .iter()
        .filter(|v| !v.aliases.is_empty())
        .map(|v| {
            let key = v
                .value
                .as_str()
                .map_or_else(|| v.value.to_string(), str::to_owned);
            (key, json!(v.aliases))
        })
        .collect();
    if !aliases.is_empty() {
        schema.insert("x-volc-aliases".into(), Value::Object(aliases));
    }
    Value::Object(schema)
}

fn string_schema(s: &StringType) -> Value {
    let mut schema = Map::new();
    schema.insert("type".into(), json!("string"));
    if let Some(pattern) = &s.pattern {
        schema.insert("pattern".into(), json!(pattern));
    }
    if let Some(min) = s.min_length {
        schema.insert("minLength".into(), json!(min));
    }
    if let Some(max) = s.max_length {
        schema.insert("maxLength".into(), json!(max));
    }
    if let Some(docs) = text(&s.docs) {
        schema.insert("description".into(), json!(docs));
    }
    if let Some(example) = &s.example {
        schema.insert("example".into(), json!(example));
    }
    Value::Object(schema)
}

fn errors(codes: &[ErrorCode]) -> Value {
    codes
        .iter()
        .map(|c| {
            let mut entry = Map::new();
            entry.insert("code".into(), json!(c.code));
            if let Some(status) = c.http_status {
                entry.insert("http_status".into(), json!(status));
            }
            if let Some(n) = c.code_n {
                entry.insert("code_n".into(), json!(n));
            }
            if let Some(docs) = text(&c.docs) {
                entry.insert("description".into(), json!(docs));
            }
            Value::Object(entry)
        })
        .collect()
}

/// The default of `idempotent` (see the spec format).
fn idempotent_by_name(name: &str) -> bool {
    ["Describe", "List", "Get", "Query", "Update", "Delete"]
        .iter()
        .any(|prefix| name.starts_with(prefix))
}

/// The names of the components every `$ref` under `value` points to.
fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(name) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix(REF_PREFIX))
            {
                out.push(name.to_owned());
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// Every object with its keys sorted, whatever order `serde_json::Map` keeps.
fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let ordered: BTreeMap<String, Value> =
                map.into_iter().map(|(k, v)| (k, sorted(v))).collect();
            Value::Object(ordered.into_iter().collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    const CALLBACK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/live-callback.json");
    const LIVE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/live.json");

    fn load(path: &str) -> Result<Spec, Box<dyn std::error::Error>> {
        let text = std::fs::read_to_string(path)?;
        Ok(crate::load(&text, path)?)
    }

    fn get<'v>(value: &'v Value, pointer: &str) -> Result<&'v Value, String> {
        value
            .pointer(pointer)
            .ok_or_else(|| format!("no {pointer} in the document"))
    }

    fn parameter<'v>(operation: &'v Value, name: &str) -> Result<&'v Value, String> {
        operation["parameters"]
            .as_array()
            .and_then(|ps| ps.iter().find(|p| p["name"] == name))
            .ok_or_else(|| format!("no parameter {name}"))
    }

    #[test]
    fn every_action_is_a_synthetic_path_with_a_snake_case_operation_id() -> TestResult {
        let doc = openapi(&load(CALLBACK)?);
        assert_eq!(doc["openapi"], "3.0.3");
        let paths: Vec<&String> = get(&doc, "/paths")?
            .as_object()
            .ok_or("paths")?
            .keys()
            .collect();
        assert_eq!(
            paths,
            ["/DeleteCallback", "/DescribeCallback", "/UpdateCallback"]
        );
        let update = get(&doc, "/paths/~1UpdateCallback/post")?;
        assert_eq!(update["operationId"], "update_callback");
        assert_eq!(
            get(&doc, "/paths/~1DescribeCallback/post/operationId")?,
            "describe_callback"
        );
        assert_eq!(
            update["x-volc-request"],
            "POST /?Action=UpdateCallback&Version=2023-01-01"
        );
        assert!(doc["x-volc-note"]
            .as_str()
            .is_some_and(|n| n.contains("HMAC-SHA256") && n.contains("sent to `/`")));
        assert!(doc["info"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("securitySchemes")));
        assert!(doc["components"].get("securitySchemes").is_none());
        Ok(())
    }

    #[test]
    fn action_and_version_are_required_one_value_enums() -> TestResult {
        let mut spec = load(CALLBACK)?;
        let doc = openapi(&spec);
        let update = get(&doc, "/paths/~1UpdateCallback/post")?;
        let action = parameter(update, "Action")?;
        assert_eq!(action["in"], "query");
        assert_eq!(action["required"], true);
        assert_eq!(action["schema"]["enum"], json!(["UpdateCallback"]));
        let version = parameter(update, "Version")?;
        assert_eq!(version["required"], true);
        assert_eq!(version["schema"]["enum"], json!(["2023-01-01"]));

        // An action's own version wins over the service's.
        let describe = spec
            .actions
            .iter_mut()
            .find(|a| a.name == "DescribeCallback")
            .ok_or("DescribeCallback")?;
        describe.version = Some("2024-06-01".to_owned());
        let doc = openapi(&spec);
        let describe = get(&doc, "/paths/~1DescribeCallback/post")?;
        assert_eq!(
            parameter(describe, "Version")?["schema"]["enum"],
            json!(["2024-06-01"])
        );
        assert_eq!(
            describe["x-volc-request"],
            "POST /?Action=DescribeCallback&Version=2024-06-01"
        );
        let update = get(&doc, "/paths/~1UpdateCallback/post")?;
        assert_eq!(
            parameter(update, "Version")?["schema"]["enum"],
            json!(["2023-01-01"])
        );
        Ok(())
    }

    #[test]
    fn post_bodies_inline_flattened_fields_and_keep_rules_as_text() -> TestResult {
        let doc = openapi(&load(CALLBACK)?);
        let update = get(&doc, "/paths/~1UpdateCallback/post")?;
        assert_eq!(
            update["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/UpdateCallbackRequest"
        );
        // Only Action and Version travel in the query.
        assert_eq!(update["parameters"].as_array().map(Vec::len), Some(2));
        let request = get(&doc, "/components/schemas/UpdateCallbackRequest")?;
        for field in ["Vhost", "Domain", "App", "AuthEnable", "AuthKeyPrimary"] {
            assert!(request["properties"].get(field).is_some(), "{field}");
        }
        assert!(request["properties"].get("Target").is_none());
        assert_eq!(
            request["required"],
            json!(["CallbackDetailList", "MessageType"])
        );
        // min_items is a keyword; exactly one of Vhost and Domain is text, on the operation.
        assert_eq!(request["properties"]["CallbackDetailList"]["minItems"], 1);
        let rules = update["x-volc-rules"].as_array().ok_or("x-volc-rules")?;
        assert!(rules.iter().any(|r| r
            .as_str()
            .is_some_and(|r| r.starts_with("exactly_one_of: exactly one of `Vhost`, `Domain`"))));
        assert!(!rules
            .iter()
            .any(|r| r.as_str().is_some_and(|r| r.starts_with("min_items"))));
        // The flattened shapes have no component of their own.
        assert!(doc["components"]["schemas"].get("CallbackTarget").is_none());
        // A referenced field with docs keeps them beside an allOf.
        let app = &request["properties"]["App"];
        assert_eq!(app["allOf"][0]["$ref"], "#/components/schemas/AppName");
        Ok(())
    }

    #[test]
    fn a_post_field_located_in_the_query_is_a_query_parameter() -> TestResult {
        let doc = openapi(&load(LIVE)?);
        let drm = get(&doc, "/paths/~1DescribeLicenseDRM/post")?;
        assert_eq!(drm["operationId"], "describe_license_drm");
        for name in ["App", "DRMType", "Domain", "StreamName", "Vhost"] {
            let p = parameter(drm, name)?;
            assert_eq!(p["in"], "query", "{name}");
            assert_eq!(p["style"], "form");
            assert_eq!(p["explode"], true);
            assert!(p["schema"].is_object());
        }
        // Every field is in the query: no body.
        assert!(drm.get("requestBody").is_none());
        Ok(())
    }

    #[test]
    fn get_fields_are_query_parameters_with_their_rules() -> TestResult {
        let doc = openapi(&load(LIVE)?);
        let get_op = get(&doc, "/paths/~1TranscodingJobStatus/get")?;
        assert!(get_op.get("requestBody").is_none());
        let app = parameter(get_op, "App")?;
        assert_eq!(app["schema"]["minLength"], 1);
        assert_eq!(app["schema"]["maxLength"], 30);
        assert_eq!(parameter(get_op, "Stream")?["schema"]["maxLength"], 100);
        // A range rule of a request body.
        let preset = get(&doc, "/components/schemas/CreateTranscodePresetRequest")?;
        assert_eq!(preset["properties"]["FPS"]["minimum"], 0);
        assert_eq!(preset["properties"]["FPS"]["maximum"], 60);
        Ok(())
    }

    #[test]
    fn responses_are_the_envelope_with_the_result() -> TestResult {
        let doc = openapi(&load(CALLBACK)?);
        let ok = get(
            &doc,
            "/paths/~1DescribeCallback/post/responses/200/content/application~1json/schema",
        )?;
        assert_eq!(
            ok["properties"]["ResponseMetadata"]["$ref"],
            "#/components/schemas/ResponseMetadata"
        );
        assert_eq!(
            ok["properties"]["Result"]["$ref"],
            "#/components/schemas/DescribeCallbackResult"
        );
        let json_result = get(
            &doc,
            "/paths/~1UpdateCallback/post/responses/200/content/application~1json/schema/properties/Result",
        )?;
        assert_eq!(json_result, &json!({}));
        assert_eq!(
            get(
                &doc,
                "/paths/~1UpdateCallback/post/responses/default/content/application~1json/schema/$ref"
            )?,
            "#/components/schemas/ErrorResponse"
        );
        // Results are read leniently: a result-only shape requires nothing.
        let config = get(&doc, "/components/schemas/CallbackConfig")?;
        assert!(config.get("required").is_none());
        assert!(config["x-volc-required"].is_array());
        Ok(())
    }

    #[test]
    fn enums_and_string_types() -> TestResult {
        let doc = openapi(&load(CALLBACK)?);
        let message = get(&doc, "/components/schemas/MessageType")?;
        assert_eq!(message["type"], "string");
        assert!(message["enum"]
            .as_array()
            .is_some_and(|v| v.iter().all(Value::is_string)));
        let transcode = get(&doc, "/components/schemas/TranscodeCallback")?;
        assert_eq!(transcode["type"], "integer");
        assert!(transcode["enum"]
            .as_array()
            .is_some_and(|v| !v.is_empty() && v.iter().all(Value::is_i64)));
        let app = get(&doc, "/components/schemas/AppName")?;
        assert_eq!(app["pattern"], "^[A-Za-z0-9_.-]*$");
        assert_eq!(app["minLength"], 1);
        assert_eq!(app["maxLength"], 30);
        Ok(())
    }

    #[test]
    fn every_ref_resolves() -> TestResult {
        for path in [CALLBACK, LIVE] {
            let doc = openapi(&load(path)?);
            let mut refs = Vec::new();
            collect_refs(&doc, &mut refs);
            assert!(!refs.is_empty());
            let mut all = Vec::new();
            collect_all_refs(&doc, &mut all);
            assert_eq!(all.len(), refs.len(), "a $ref outside components/schemas");
            for name in refs {
                assert!(
                    doc["components"]["schemas"].get(&name).is_some(),
                    "{path}: $ref {name} does not resolve"
                );
            }
        }
        Ok(())
    }

    fn collect_all_refs(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(r) = map.get("$ref").and_then(Value::as_str) {
                    out.push(r.to_owned());
                }
                map.values().for_each(|v| collect_all_refs(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| collect_all_refs(v, out)),
            _ => {}
        }
    }

    #[test]
    fn the_document_is_deterministic_and_sorted() -> TestResult {
        let spec = load(LIVE)?;
        let first = serde_json::to_string_pretty(&openapi(&spec))?;
        let second = serde_json::to_string_pretty(&openapi(&load(LIVE)?))?;
        assert_eq!(first, second);
        let doc = openapi(&spec);
        let keys: Vec<&String> = doc.as_object().ok_or("object")?.keys().collect();
        let mut sorted_keys = keys.clone();
        sorted_keys.sort();
        assert_eq!(keys, sorted_keys);
        assert_eq!(
            get(&doc, "/paths")?.as_object().map(Map::len),
            Some(spec.actions.len())
        );
        Ok(())
    }
}
