//! Stage 1: the spec as written, a serde model of `spec/*.json`.
//!
//! This module only describes the format; [`crate::check`] gives it meaning. The JSON Schema in
//! `spec/spec.schema.json` is derived from these types (`volc-codegen schema`), so the doc comments
//! here are the format's reference.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A whole spec: one service, its actions and the types they use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// Where editors find this schema; ignored by the generator.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Version of this spec format; must be 1.
    pub format: u32,
    /// The service the generated crate calls.
    pub service: Service,
    /// The service's actions, in the order the generated code lists them.
    pub actions: Vec<Action>,
    /// Structures: requests, results and the structures inside them.
    #[serde(default)]
    pub shapes: Vec<Shape>,
    /// Enumerations with documented values.
    #[serde(default)]
    pub enums: Vec<Enum>,
    /// Constrained string types (pattern and length), emitted as validated newtypes.
    #[serde(default)]
    pub strings: Vec<StringType>,
    /// The callback events the service POSTs to the addresses users configure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<Events>,
}

impl Spec {
    /// The type names everything generated starts from: each action's input and result, and
    /// the events' envelope, message-type enum and event shapes.
    pub(crate) fn roots(&self) -> Vec<&str> {
        let mut roots = Vec::new();
        for action in &self.actions {
            roots.push(action.input.as_str());
            roots.extend(action.result.as_deref().map(named));
        }
        if let Some(events) = &self.events {
            roots.push(events.envelope.as_str());
            roots.extend(events.message_types.as_deref());
            roots.extend(events.types.iter().map(|t| t.shape.as_str()));
        }
        roots
    }

    /// Every shape, enum and string type name reachable from `roots` (type names) through
    /// fields, lists and maps; primitives and unknown names are left out.
    pub(crate) fn reachable<'s>(
        &'s self,
        roots: impl IntoIterator<Item = &'s str>,
    ) -> BTreeSet<&'s str> {
        let shapes: BTreeMap<&str, &Shape> =
            self.shapes.iter().map(|s| (s.name.as_str(), s)).collect();
        let scalars: BTreeSet<&str> = self
            .enums
            .iter()
            .map(|e| e.name.as_str())
            .chain(self.strings.iter().map(|s| s.name.as_str()))
            .collect();
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&str> = roots.into_iter().map(named).collect();
        while let Some(name) = stack.pop() {
            if let Some(shape) = shapes.get(name) {
                if seen.insert(name) {
                    stack.extend(shape.fields.iter().map(|f| named(&f.ty)));
                }
            } else if scalars.contains(name) {
                seen.insert(name);
            }
        }
        seen
    }
}

/// `List<T>` or `Map<T>`: the constructor and `T`.
pub(crate) fn constructed(ty: &str) -> Option<(&str, &str)> {
    ["List", "Map"].into_iter().find_map(|constructor| {
        ty.strip_prefix(constructor)
            .and_then(|rest| rest.trim_start().strip_prefix('<'))
            .and_then(|rest| rest.strip_suffix('>'))
            .map(|inner| (constructor, inner.trim()))
    })
}

/// The innermost name of a type: `List<Map<X>>` -> `X`.
pub(crate) fn named(ty: &str) -> &str {
    let ty = ty.trim();
    match constructed(ty) {
        Some((_, inner)) => named(inner),
        None => ty,
    }
}

/// Callback events: what the service sends to a user's endpoint, how it is signed, and the
/// event types whose fields are known (every other type is kept whole as raw JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Events {
    /// What the events are, and how they are delivered.
    pub docs: Docs,
    /// The shape of the fields every event carries; it must have `event_type` (`String`, the
    /// discriminator) and `t` (`Integer`, when the signature expires).
    pub envelope: String,
    /// How deliveries are signed.
    pub signature: Signature,
    /// The enum whose values the event types stand for (the `MessageType` of the callback
    /// configurations that send them), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_types: Option<String>,
    /// The event types whose fields are known.
    pub types: Vec<EventType>,
}

/// How a delivery proves where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Signature {
    /// `sign` is the hex MD5 of the callback key followed by `t` in decimal, where `t` is the
    /// Unix time (seconds) at which the delivery expires; with authentication off, `sign` is
    /// empty. Checked by `volc_runtime::callback::Verifier`.
    Md5KeyThenT,
}

/// One event type whose fields are known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventType {
    /// The `event_type` value, e.g. `push_start`.
    pub event_type: String,
    /// Its variant of the generated `Event` enum, in UpperCamelCase.
    pub name: String,
    /// The shape of its fields (read from the event, and from its `detail` object).
    pub shape: String,
    /// The value of `message_types` it stands for, e.g. `push`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_type: Option<Value>,
    /// What the event reports.
    pub docs: Docs,
}

/// Text in both languages of the API reference; either may be absent (an imported model has
/// Chinese only, until an overlay adds English).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Docs {
    /// Chinese, as in the official documentation.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub zh: String,
    /// English.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub en: String,
}

impl Docs {
    /// Whether neither language says anything.
    pub fn is_empty(&self) -> bool {
        self.zh.is_empty() && self.en.is_empty()
    }
}

/// The service: its signing name, API version, endpoints and the crate to generate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// The service's name as it signs: ASCII letters and digits, starting with a letter, used
    /// verbatim in the credential scope (`live`, `ImageX`, `iPaaS`).
    pub name: String,
    /// API version sent as `Version` (`YYYY-MM-DD`, e.g. `2023-01-01`); an action's own
    /// `version` overrides it for that action.
    pub version: String,
    /// Cargo package name of the generated crate; absent, `volc-` and the service name in
    /// lower case (`volc-imagex`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crate_name: Option<String>,
    /// Cargo package version of the generated crate; absent, `0.1.0`.
    #[serde(default = "first_version", skip_serializing_if = "is_first_version")]
    pub crate_version: String,
    /// One-line title of the generated crate; absent, the service's name.
    #[serde(default, skip_serializing_if = "Docs::is_empty")]
    pub title: Docs,
    /// What the service does; the crate's documentation starts with it.
    #[serde(default, skip_serializing_if = "Docs::is_empty")]
    pub docs: Docs,
    /// Where the service is served: one entry per provider and region; the first is the
    /// default, and the first of each provider is that provider's default.
    pub endpoints: Vec<EndpointSpec>,
    /// Where sources disagree and what was decided; kept in the generated README.
    #[serde(default)]
    pub notes: Vec<String>,
    /// The error codes every action may return (the service's common codes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorCode>,
    /// One cargo feature per action in the generated crate, named after the action in
    /// kebab-case (`update-callback`), all enabled by default through the feature `all`: a
    /// user who sets `default-features = false` compiles only the actions they enable. For
    /// whole-service crates; at most 290 actions (crates.io allows 300 features a crate).
    #[serde(default, skip_serializing_if = "is_false")]
    pub action_features: bool,
}

fn is_false(value: &bool) -> bool {
    !value
}

fn first_version() -> String {
    "0.1.0".to_owned()
}

fn is_first_version(version: &str) -> bool {
    version == "0.1.0"
}

/// One provider's endpoint in one region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EndpointSpec {
    /// The cloud that serves it.
    pub provider: ProviderSpec,
    /// Base URL, `https://...`.
    pub url: String,
    /// The region it serves; requests sent there are signed for it.
    pub region: String,
}

/// A cloud that serves Volcengine OpenAPI services.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ProviderSpec {
    /// Volcengine (China).
    Volcengine,
    /// BytePlus (international).
    Byteplus,
}

impl ProviderSpec {
    /// `volcengine` or `byteplus`, as the spec writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Volcengine => "volcengine",
            Self::Byteplus => "byteplus",
        }
    }
}

/// HTTP method of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum MethodSpec {
    /// Fields travel in the query string.
    #[serde(rename = "GET")]
    Get,
    /// Fields travel as a JSON body.
    #[serde(rename = "POST")]
    Post,
}

impl MethodSpec {
    /// `GET` or `POST`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

/// One action of the service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// Action name as sent in `Action`, in UpperCamelCase, e.g. `UpdateCallback`.
    pub name: String,
    /// HTTP method.
    pub method: MethodSpec,
    /// The API version this action is called with (`YYYY-MM-DD`), when it is not the
    /// service's: sent as `Version` and signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Name of the request shape.
    pub input: String,
    /// The type of the response's `Result`: a shape's name (the usual case), `Json` (any value,
    /// kept as sent), or a list or map (`List<Item>`); absent when the action returns no
    /// `Result`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// Documented rate limit, requests per second per account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit_per_second: Option<u32>,
    /// Whether sending the request twice has the effect of sending it once; only idempotent
    /// actions are retried after a failure that may have reached the service. Absent: true
    /// for actions named `Describe*`, `List*`, `Get*`, `Query*`, `Update*` (a full replace) and
    /// `Delete*`, false for every other (`Create*`, `Start*`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotent: Option<bool>,
    /// What the action does.
    #[serde(default, skip_serializing_if = "Docs::is_empty")]
    pub docs: Docs,
    /// The error codes the action's documentation lists as its own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorCode>,
}

/// An error code the documentation lists (`ResponseMetadata.Error.Code`), for the whole
/// service or for one action. Each becomes a constant of the generated crate's `error_codes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorCode {
    /// The code as the service sends it, e.g. `InvalidParam`.
    pub code: String,
    /// The HTTP status it comes with, when documented (`CommonErr` arrives with 200).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// Its `CodeN`, when documented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_n: Option<i64>,
    /// What it means.
    #[serde(default, skip_serializing_if = "Docs::is_empty")]
    pub docs: Docs,
}

/// A structure. Requests are shapes; so are results and the items inside them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Shape {
    /// Type name in UpperCamelCase, as fields and actions refer to it.
    pub name: String,
    /// The type's name in Rust, when it must differ from `name` (a name the generated crate
    /// reserves, or one that collides with a generated name); UpperCamelCase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// How the shape is represented in Rust; a struct unless said otherwise.
    #[serde(default)]
    pub representation: Representation,
    /// What the shape is.
    #[serde(default, skip_serializing_if = "Docs::is_empty")]
    pub docs: Docs,
    /// Fields in wire order; none for an action that takes no parameters.
    pub fields: Vec<Field>,
    /// Cross-field rules the documentation states in prose.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// Sentences of the docs that read like a rule and were reviewed as not one (a default, a
    /// server-side behaviour, a contradiction), each with why: the review record that
    /// `volc-codegen rules` reads.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dismissed: Vec<Dismissal>,
    /// Request shapes a value of this one (as results carry it) converts into, for
    /// read-modify-write: a `TryFrom` making the target's builder, fields matched by wire name
    /// (DescribeCallback's `CallbackConfig` into `UpdateCallbackRequest`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub into: Vec<String>,
}

/// A sentence of the docs a person read and decided is not a rule the client checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dismissal {
    /// The field whose docs hold the sentence; absent for the shape's own docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The sentence, as the docs write it.
    pub sentence: String,
    /// Why it is not a rule (and what the API reference says, where it was read).
    pub reason: String,
}

/// How a shape becomes Rust. The enum forms turn rules into types: a request that breaks them
/// cannot be written. The generator refuses a representation its rules do not allow.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Representation {
    /// A struct; its rules are checked when the request is built.
    #[default]
    Struct,
    /// An enum with one variant per member of the shape's single `exactly_one_of` rule. Every
    /// other field must be optional and forbidden by some member; it is a field of the variants
    /// whose member does not forbid it.
    OneOf,
    /// An enum over a Boolean field: the `on` variant stands for `true` and holds, as required,
    /// the fields that a `required_if` rule demands when it is `true`; the `off` variant stands
    /// for `false`.
    Switch {
        /// The Boolean field that selects the variant.
        field: String,
        /// Variant name for `true`.
        on: String,
        /// Variant name for `false`.
        off: String,
    },
}

/// A field of a shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Wire name (the JSON key). For a `flatten` field, the name of the Rust field that holds the
    /// flattened shape.
    pub name: String,
    /// The field's name in Rust, when the snake_case of `name` cannot be used (two wire names
    /// that make one identifier, like `URL` and `Url`, or a name that is no identifier);
    /// snake_case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// `String`, `Boolean`, `Integer` (64-bit), `Float` (64-bit), `Json` (any JSON value, kept
    /// as it is), `List<T>`, `Map<T>` (a JSON object with string keys), or the name of a shape,
    /// enum or string type; they nest (`List<Map<Float>>`).
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether a request must carry it. Responses are decoded leniently whatever this says,
    /// except in shapes that requests use too.
    #[serde(default)]
    pub required: bool,
    /// A secret: redacted in `Debug`, never logged.
    #[serde(default)]
    pub sensitive: bool,
    /// The field's type is a shape whose fields sit directly in this one on the wire.
    #[serde(default)]
    pub flatten: bool,
    /// Where a field of an action's input travels, when not where its method puts it:
    /// `query` sends a field of a POST action's input in the query string (encoded as a GET
    /// field is) instead of the JSON body; `query_and_body` in both (some models send one value
    /// both ways). Every field of a GET input is in the query already.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// What the field means.
    #[serde(default, skip_serializing_if = "Docs::is_empty")]
    pub docs: Docs,
    /// An example value, shown in the docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
}

/// Where a field of an action's input is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    /// In the query string, as a parameter named by the field's wire name.
    Query,
    /// In the query string and in the JSON body, the same value.
    QueryAndBody,
}

/// A rule between fields of one shape. Fields are named by their wire names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Rule {
    /// Exactly one of these optional fields must be set.
    ExactlyOneOf {
        /// The fields of the group (two or more).
        fields: Vec<String>,
        /// The rule as the documentation states it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        docs: Option<Docs>,
    },
    /// When `field` is set, none of `forbidden` may be.
    Forbids {
        /// The field whose presence forbids the others.
        field: String,
        /// The fields it forbids.
        forbidden: Vec<String>,
        /// The rule as the documentation states it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        docs: Option<Docs>,
    },
    /// `field` is required when the field `when` equals `equals`.
    RequiredIf {
        /// The field that becomes required.
        field: String,
        /// The Boolean, enum, `Integer` or `String` field the rule depends on.
        when: String,
        /// The value that makes `field` required.
        equals: Value,
        /// The rule as the documentation states it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        docs: Option<Docs>,
    },
    /// A number lies within `min ..= max` (either bound may be absent, not both).
    Range {
        /// The `Integer` or `Float` field.
        field: String,
        /// The least value allowed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<serde_json::Number>,
        /// The greatest value allowed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<serde_json::Number>,
        /// The rule as the documentation states it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        docs: Option<Docs>,
    },
    /// A list needs at least `min` items.
    MinItems {
        /// The list field.
        field: String,
        /// The least number of items.
        min: u32,
        /// The rule as the documentation states it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        docs: Option<Docs>,
    },
    /// A list holds at most `max` items.
    MaxItems {
        /// The list field.
        field: String,
        /// The most items.
        max: u32,
        /// The rule as the documentation states it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        docs: Option<Docs>,
    },
    /// A `String` field holds `min ..= max` characters (Unicode scalar values; either bound
    /// may be absent, not both).
    Length {
        /// The `String` field.
        field: String,
        /// The least number of characters.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<u32>,
        /// The most characters.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<u32>,
        /// The rule as the documentation states it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        docs: Option<Docs>,
    },
    /// A note, not a check: `field` only takes effect when `when` is one of `in`.
    EffectiveOnlyWhen {
        /// The field the note is about.
        field: String,
        /// The field it depends on.
        when: String,
        /// The values of `when` for which `field` takes effect.
        #[serde(rename = "in")]
        values: Vec<Value>,
        /// The note as the documentation states it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        docs: Option<Docs>,
    },
}

impl Rule {
    /// The wire names of the fields the rule names, in the order it names them.
    pub fn fields(&self) -> Vec<&str> {
        match self {
            Rule::ExactlyOneOf { fields, .. } => fields.iter().map(String::as_str).collect(),
            Rule::Forbids {
                field, forbidden, ..
            } => std::iter::once(field.as_str())
                .chain(forbidden.iter().map(String::as_str))
                .collect(),
            Rule::RequiredIf { field, when, .. } | Rule::EffectiveOnlyWhen { field, when, .. } => {
                vec![field.as_str(), when.as_str()]
            }
            Rule::Range { field, .. }
            | Rule::MinItems { field, .. }
            | Rule::MaxItems { field, .. }
            | Rule::Length { field, .. } => vec![field.as_str()],
        }
    }
}

/// Whether an enum's wire values are strings or integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EnumKind {
    /// String values.
    String,
    /// Integer values (JSON numbers, 64-bit signed).
    Integer,
}

impl EnumKind {
    /// `string` or `integer`, as the spec writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Integer => "integer",
        }
    }
}

/// An enumeration. The generated enum also keeps values it does not know.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Enum {
    /// Type name in UpperCamelCase.
    pub name: String,
    /// Wire type of the values.
    pub kind: EnumKind,
    /// What the enum is.
    pub docs: Docs,
    /// The documented values.
    pub values: Vec<EnumValue>,
}

/// One documented value of an enum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// The wire value: a string or an integer, as the enum's kind says.
    pub value: Value,
    /// Other spellings of the same value that the server sends (`HTTP` for `http`): accepted
    /// on decode, never sent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Value>,
    /// Variant name in UpperCamelCase.
    pub name: String,
    /// What the value means.
    pub docs: Docs,
}

/// A string type with constraints; the generated newtype can only hold a valid value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StringType {
    /// Type name in UpperCamelCase.
    pub name: String,
    /// What the type is.
    pub docs: Docs,
    /// A regular expression of the form `^[class]*$` (or `+`): the characters allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Least number of characters (Unicode scalar values).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u32>,
    /// Most characters (Unicode scalar values).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// An example value, shown in the docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
}
