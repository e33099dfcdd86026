//! Stage 2: the checked model. Every name is resolved, every rule is attached to field indices,
//! and every decision about how an item is emitted is made here, once: the form of each shape
//! (request struct built with `new` or a builder, response struct, one_of or switch enum),
//! which rules `build()` checks, serde renames, module homes, file and constructor names. The
//! emitter and the differ read these decisions; they decide nothing.

use serde_json::Value;

pub use crate::spec::{Docs, EndpointSpec, EnumKind, Location, MethodSpec, ProviderSpec};

impl Docs {
    /// These docs, or when both languages are empty, `en` (so that every generated item has
    /// docs: imported models and overlays leave some out).
    pub fn or_else(&self, en: impl FnOnce() -> String) -> Docs {
        if self.is_empty() {
            Docs {
                zh: String::new(),
                en: en(),
            }
        } else {
            self.clone()
        }
    }
}

/// A checked spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The spec file as named in generated headers, e.g. `spec/live-callback.json`.
    pub source: String,
    /// The service.
    pub service: ServiceModel,
    /// Actions in spec order.
    pub actions: Vec<ActionModel>,
    /// Shapes in spec order.
    pub shapes: Vec<ShapeModel>,
    /// Enums in spec order.
    pub enums: Vec<EnumModel>,
    /// Constrained string types in spec order.
    pub strings: Vec<StringModel>,
    /// The callback events, when the spec describes them.
    pub events: Option<EventsModel>,
    /// The documented error codes, by constant name.
    pub error_codes: Vec<ErrorCodeModel>,
}

/// A documented error code and the constant of `error_codes` that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorCodeModel {
    /// The constant's name, e.g. `INVALID_PARAM`.
    pub constant: String,
    /// The code, e.g. `InvalidParam`.
    pub code: String,
    /// The HTTP status it comes with, when documented.
    pub http_status: Option<u16>,
    /// Its `CodeN`, when documented.
    pub code_n: Option<i64>,
    /// The constant's docs: the code with its status, what it means, who returns it.
    pub docs: Docs,
    /// Whether the service lists it for every action.
    pub common: bool,
    /// The actions whose docs list it as their own, sorted.
    pub actions: Vec<String>,
}

/// Callback events.
#[derive(Debug, Clone, PartialEq)]
pub struct EventsModel {
    /// Docs.
    pub docs: Docs,
    /// Index of the envelope shape (the fields every event carries).
    pub envelope: usize,
    /// How deliveries are signed.
    pub signature: crate::spec::Signature,
    /// Index of the enum the event types stand for.
    pub message_types: Option<usize>,
    /// The known event types, in spec order.
    pub types: Vec<EventTypeModel>,
    /// Whether the event enum derives `Eq`: every shape it holds does.
    pub eq: bool,
}

/// One known event type.
#[derive(Debug, Clone, PartialEq)]
pub struct EventTypeModel {
    /// The `event_type` value.
    pub event_type: String,
    /// Its variant name.
    pub name: String,
    /// Index of the shape of its fields.
    pub shape: usize,
    /// The index of the value of `message_types` it stands for.
    pub message_type: Option<usize>,
    /// Docs.
    pub docs: Docs,
}

/// The service.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceModel {
    /// Signing name.
    pub name: String,
    /// API version.
    pub version: String,
    /// Cargo package name.
    pub crate_name: String,
    /// The crate's name in Rust paths (`volc_live_callback`).
    pub crate_ident: String,
    /// Cargo package version.
    pub crate_version: String,
    /// Title.
    pub title: Docs,
    /// Description.
    pub docs: Docs,
    /// Endpoints, default first.
    pub endpoints: Vec<EndpointSpec>,
    /// Source notes.
    pub notes: Vec<String>,
}

/// An action.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionModel {
    /// Wire name, e.g. `UpdateCallback`.
    pub name: String,
    /// snake_case identifier: the module and the client method (`r#match` for a keyword).
    pub snake: String,
    /// The snake_case name without `r#` (`match` for `r#match`): the module's file name, and
    /// how docs link to the method.
    pub bare: String,
    /// HTTP method.
    pub method: MethodSpec,
    /// The API version it is called with: its own, else the service's.
    pub version: String,
    /// Whether `version` is the action's own (emitted as `Operation::VERSION`) rather than
    /// the service's.
    pub own_version: bool,
    /// Where the input's fields travel.
    pub parameters: Parameters,
    /// Index of the input shape in [`Model::shapes`].
    pub input: usize,
    /// The type of the response's `Result` (a shape, usually), if the action returns one.
    pub result: Option<Ty>,
    /// The output struct's name, `{Action}Output`.
    pub output: String,
    /// The fluent call's name, `{Action}Call`: what the client's method returns.
    pub call: String,
    /// Indices in [`Model::error_codes`] of the codes its docs list as its own.
    pub errors: Vec<usize>,
    /// Rate limit, requests per second.
    pub rate_limit_per_second: Option<u32>,
    /// Whether the action may be retried after a failure that may have reached the service:
    /// the spec's `idempotent`, or the default for the action's name.
    pub idempotent: bool,
    /// Docs.
    pub docs: Docs,
    /// The cargo feature that compiles this action in (its module, its client method, and the
    /// conversions of other modules that name its shapes), when the service has one feature
    /// per action; `None` when the action is always compiled.
    pub feature: Option<String>,
}

/// Where an action's input travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parameters {
    /// A POST action: every field in the JSON body.
    JsonBody,
    /// Every field in the query string: a GET action, or a POST action whose every field is
    /// placed there (its body is empty, as the official SDK sends it).
    Query,
    /// A POST action with fields (wire names, in field order) in the query string and the
    /// others in the JSON body.
    QueryAndJsonBody {
        /// Fields in the query string only.
        query: Vec<String>,
        /// Fields in the query string and in the JSON body.
        both: Vec<String>,
    },
}

/// A field type, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// A string.
    String,
    /// A Boolean.
    Boolean,
    /// A 64-bit signed integer.
    Integer,
    /// A 64-bit float.
    Float,
    /// Any JSON value, kept as it is.
    Json,
    /// A list.
    List(Box<Ty>),
    /// A JSON object with string keys.
    Map(Box<Ty>),
    /// An enum, by index in [`Model::enums`].
    Enum(usize),
    /// A constrained string type, by index in [`Model::strings`].
    Str(usize),
    /// A shape, by index in [`Model::shapes`].
    Shape(usize),
}

impl Ty {
    /// Whether the type is a list.
    pub fn is_list(&self) -> bool {
        matches!(self, Self::List(_))
    }

    /// Whether the type is a number (`Integer` or `Float`).
    pub fn is_number(&self) -> bool {
        matches!(self, Self::Integer | Self::Float)
    }
}

/// A field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldModel {
    /// Wire name (for a flattened field, the spec's name of the group).
    pub wire: String,
    /// Rust identifier, snake_case (from the spec's `rust_name`, else the wire name), already
    /// escaped (`r#type`) or renamed (`self_`).
    pub ident: String,
    /// Whether serde needs `rename = "Wire"`: the wire name is not what
    /// `rename_all = "PascalCase"` makes of the identifier (never for a flattened field).
    pub rename: bool,
    /// Type.
    pub ty: Ty,
    /// Required in requests.
    pub required: bool,
    /// Secret.
    pub sensitive: bool,
    /// Flattened shape.
    pub flatten: bool,
    /// Where a field of a POST action's input goes when not (only) in the JSON body.
    pub location: Option<crate::spec::Location>,
    /// The field holds a shape of its own cycle (`A.next: A`): it is boxed, `Option<Box<A>>`.
    pub boxed: bool,
    /// Docs.
    pub docs: Docs,
    /// Example value.
    pub example: Option<Value>,
    /// Notes from `effective_only_when` rules and rules that mention the field.
    pub notes: Vec<Docs>,
}

/// Where a type is used; decides which serde traits it gets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Reachable from an action's input: serialized.
    pub input: bool,
    /// Reachable from an action's result: deserialized.
    pub output: bool,
}

/// Which module of the generated crate holds a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Home {
    /// `types`: used by several actions, or by none.
    Types,
    /// The module of the action with this index.
    Action(usize),
    /// `events`: used by callback events only.
    Events,
}

/// A shape.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapeModel {
    /// Spec name: how fields, actions and change reports refer to it.
    pub name: String,
    /// The type's name in Rust (the spec's `rust_name`, else `name`).
    pub rust_name: String,
    /// Whether its Rust types can derive `Eq` (no float inside).
    pub eq: bool,
    /// Docs.
    pub docs: Docs,
    /// Fields in wire order.
    pub fields: Vec<FieldModel>,
    /// How the shape is emitted.
    pub form: Form,
    /// Every rule of a struct shape that can be checked, in spec order (empty for the enum
    /// forms, whose types encode their rules).
    pub rules: Vec<Check>,
    /// The docs of every rule, in spec order.
    pub rule_docs: Vec<Docs>,
    /// Where it is used.
    pub usage: Usage,
    /// Where it is emitted.
    pub home: Home,
    /// The request shapes its decoded form converts into (their `TryFrom`s).
    pub into: Vec<usize>,
    /// The cargo features under which it is compiled (any of them), when it lives in `types`
    /// and only actions with their own features use it; empty when it is always compiled.
    pub features: Vec<String>,
}

impl ShapeModel {
    /// The rule docs shown in the type's own docs: the struct forms state their rules; the enum
    /// forms do not repeat what their variants already encode.
    pub fn documented_rules(&self) -> &[Docs] {
        match self.form {
            Form::Request(_) | Form::Response => &self.rule_docs,
            Form::OneOf(_) | Form::Switch(_) => &[],
        }
    }

    /// The one_of variants, when the shape is a one_of enum.
    pub fn one_of_variants(&self) -> Option<&[OneOfVariant]> {
        match &self.form {
            Form::OneOf(variants) => Some(variants),
            _ => None,
        }
    }
}

/// How a shape is emitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Form {
    /// Reached from an action's input: a struct with private fields and getters.
    Request(RequestForm),
    /// Reached only from results: public optional fields, decoded leniently,
    /// `#[non_exhaustive]`.
    Response,
    /// An enum with one variant per member of an exactly-one-of group.
    OneOf(Vec<OneOfVariant>),
    /// An enum over a Boolean field.
    Switch(SwitchForm),
}

/// A request struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestForm {
    /// How a value is made.
    pub construction: Construction,
    /// The rules `build()` checks, in spec order (rules that hold by construction left out).
    pub checks: Vec<Check>,
    /// Results reach the shape too: the name of its decoded twin, `{Name}Decoded`, a response
    /// struct with the same fields, all optional, decoded leniently.
    pub decoded: Option<String>,
    /// What converts into it (read-modify-write): its decoded twin, and the result shapes
    /// that declare it in `into`.
    pub conversions: Vec<Conversion>,
}

/// How a value as results carry it becomes a request's: a `TryFrom<&Source>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversion {
    /// The shape read from, in its decoded form (a response struct, or a twin).
    pub source: usize,
    /// Whether it makes the target's builder (a declared conversion: the caller changes what
    /// it wants, then builds) or the target itself (a twin: built, rules checked).
    pub into_builder: bool,
    /// Per field of the target, in order, where its value comes from.
    pub fields: Vec<FieldSource>,
    /// Wire names of the source's fields the target has no place for.
    pub dropped: Vec<String>,
}

/// Where a field of a conversion's target comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldSource {
    /// The source has no such field: left unset.
    Unset,
    /// The source's field of this index (same wire name), converted.
    Field {
        /// Index of the source field.
        source: usize,
        /// How its value becomes the target's.
        convert: Convert,
    },
    /// A flattened one_of or switch shape, built from the source's fields of the same wire
    /// names (per field of the group shape).
    Group {
        /// Index of the group shape.
        shape: usize,
        /// Per field of the group shape.
        fields: Vec<FieldSource>,
    },
}

/// How one value becomes another in a conversion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Convert {
    /// The same type on both sides.
    Clone,
    /// A plain string into a secret.
    Wrap,
    /// A secret into a plain string.
    Unwrap,
    /// A string into a string type, checked by its `new`.
    Str(usize),
    /// A decoded twin into its shape (its own conversion).
    Twin(usize),
    /// Each item of a list.
    List(Box<Convert>),
    /// Each value of a map.
    Map(Box<Convert>),
}

/// How a request struct is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Construction {
    /// `new` with every field as a parameter; it cannot fail (every field is required, none is
    /// flattened, and there is no rule to check).
    New,
    /// `new` as above, and a builder too: an action's input, which its fluent call sets field
    /// by field.
    NewAndBuilder {
        /// The builder's type name, `{Shape}Builder`.
        name: String,
    },
    /// A builder whose `build()` checks the required fields and the rules.
    Builder {
        /// The builder's type name, `{Shape}Builder`.
        name: String,
    },
}

impl Construction {
    /// Whether the shape has `new`, which cannot fail.
    pub fn has_new(&self) -> bool {
        matches!(self, Self::New | Self::NewAndBuilder { .. })
    }

    /// The builder's name, when the shape has one.
    pub fn builder(&self) -> Option<&str> {
        match self {
            Self::New => None,
            Self::NewAndBuilder { name } | Self::Builder { name } => Some(name),
        }
    }
}

/// A variant of a one-of enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneOfVariant {
    /// Variant name (the member's wire name in UpperCamelCase).
    pub name: String,
    /// The constructor function's identifier (the variant name in snake_case).
    pub constructor: String,
    /// The member field, required in this variant.
    pub member: usize,
    /// The optional fields this member allows beside it.
    pub others: Vec<usize>,
}

/// An enum over a Boolean field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwitchForm {
    /// Index of the Boolean field.
    pub field: usize,
    /// Variant for `true`.
    pub on: SwitchVariant,
    /// Variant for `false`.
    pub off: SwitchVariant,
    /// Fields required in the `on` variant.
    pub required_on: Vec<usize>,
}

/// One variant of a switch enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwitchVariant {
    /// Variant name.
    pub name: String,
    /// The constructor function's identifier.
    pub constructor: String,
}

/// A rule checked in `build()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// Exactly one of these optional fields.
    ExactlyOneOf(Vec<usize>),
    /// `field` forbids `forbidden`.
    Forbids {
        /// The field whose presence forbids.
        field: usize,
        /// The forbidden field.
        forbidden: usize,
    },
    /// `field` is required when `when` equals `equals`.
    RequiredIf {
        /// The required field.
        field: usize,
        /// The field the rule depends on.
        when: usize,
        /// The value.
        equals: RuleValue,
    },
    /// A list needs `min` items.
    MinItems {
        /// The list field.
        field: usize,
        /// The least number of items.
        min: u32,
    },
    /// A list holds at most `max` items.
    MaxItems {
        /// The list field.
        field: usize,
        /// The most items.
        max: u32,
    },
    /// A string field's length in characters lies within the bounds.
    Length {
        /// The `String` field.
        field: usize,
        /// Least characters.
        min: Option<u32>,
        /// Most characters.
        max: Option<u32>,
    },
    /// A number lies within the bounds.
    Range {
        /// The `Integer` or `Float` field.
        field: usize,
        /// The least value allowed.
        min: Option<Bound>,
        /// The greatest value allowed.
        max: Option<Bound>,
    },
}

/// A bound of a range rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    /// The value, as the field's type compares it.
    pub value: BoundValue,
    /// The value as the spec writes it (for messages and docs).
    pub text: String,
}

impl Eq for Bound {}

/// The value of a bound: an integer for `Integer` fields, a float for `Float` fields.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BoundValue {
    /// For an `Integer` field.
    Integer(i64),
    /// For a `Float` field.
    Float(f64),
}

/// A value a rule compares with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleValue {
    /// A Boolean.
    Bool(bool),
    /// An enum variant: the enum's index in [`Model::enums`] and the value's index in it.
    Variant {
        /// The enum.
        enumeration: usize,
        /// The value.
        value: usize,
    },
    /// An `Integer` field's value.
    Integer(i64),
    /// A `String` field's value.
    String(String),
}

/// An enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumModel {
    /// Type name.
    pub name: String,
    /// Wire kind.
    pub kind: EnumKind,
    /// Docs.
    pub docs: Docs,
    /// Values in spec order.
    pub values: Vec<EnumValueModel>,
    /// Where it is used.
    pub usage: Usage,
    /// The cargo features under which it is compiled (any of them), when it lives in `types`
    /// and only actions with their own features use it; empty when it is always compiled.
    pub features: Vec<String>,
}

/// An enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValueModel {
    /// Wire value.
    pub wire: WireValue,
    /// Other spellings accepted on decode.
    pub aliases: Vec<WireValue>,
    /// Variant name.
    pub name: String,
    /// Docs.
    pub docs: Docs,
}

/// A wire value of an enum.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WireValue {
    /// A string.
    String(String),
    /// An integer.
    Integer(i64),
}

impl WireValue {
    /// The value as text: `push` or `1`.
    pub fn text(&self) -> String {
        match self {
            Self::String(s) => s.clone(),
            Self::Integer(n) => n.to_string(),
        }
    }
}

/// A constrained string type.
#[derive(Debug, Clone, PartialEq)]
pub struct StringModel {
    /// Type name.
    pub name: String,
    /// Docs.
    pub docs: Docs,
    /// The pattern as written, and the character ranges it allows.
    pub pattern: Option<(String, Vec<(char, char)>)>,
    /// Least characters.
    pub min_length: Option<u32>,
    /// Most characters.
    pub max_length: Option<u32>,
    /// Example.
    pub example: Option<String>,
    /// Where it is used.
    pub usage: Usage,
    /// The cargo features under which it is compiled (any of them), when it lives in `types`
    /// and only actions with their own features use it; empty when it is always compiled.
    pub features: Vec<String>,
}

impl Model {
    /// The Rust name of the named type `ty` refers to; `None` for primitives, lists and maps.
    pub fn type_name(&self, ty: &Ty) -> Option<&str> {
        match ty {
            Ty::Enum(i) => self.enums.get(*i).map(|e| e.name.as_str()),
            Ty::Str(i) => self.strings.get(*i).map(|s| s.name.as_str()),
            Ty::Shape(i) => self.shapes.get(*i).map(|s| s.rust_name.as_str()),
            Ty::String | Ty::Boolean | Ty::Integer | Ty::Float | Ty::Json => None,
            Ty::List(_) | Ty::Map(_) => None,
        }
    }

    /// The Rust name of the type a result holds for `ty`: a shape's decoded twin where it has
    /// one, else its name; `None` for other types.
    pub fn decoded_name(&self, ty: &Ty) -> Option<&str> {
        match ty {
            Ty::Shape(i) => self.shapes.get(*i).map(|s| match &s.form {
                Form::Request(RequestForm {
                    decoded: Some(twin),
                    ..
                }) => twin.as_str(),
                _ => s.rust_name.as_str(),
            }),
            _ => None,
        }
    }

    /// Whether values of the type can derive `Eq`: no float inside.
    pub fn is_eq(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Float => false,
            Ty::List(inner) | Ty::Map(inner) => self.is_eq(inner),
            Ty::Shape(i) => self.shapes.get(*i).is_none_or(|s| s.eq),
            Ty::String | Ty::Boolean | Ty::Integer | Ty::Json | Ty::Enum(_) | Ty::Str(_) => true,
        }
    }

    /// Whether values of the type are `Copy`: Booleans, numbers and integer enums.
    pub fn is_copy(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Boolean | Ty::Integer | Ty::Float => true,
            Ty::Enum(i) => self
                .enums
                .get(*i)
                .is_some_and(|e| e.kind == EnumKind::Integer),
            _ => false,
        }
    }

    /// The module that holds a type of this home: `types`, or an action's module.
    pub fn module_of(&self, home: Home) -> &str {
        match home {
            Home::Types => "types",
            Home::Events => "events",
            Home::Action(i) => self.actions.get(i).map_or("types", |a| a.snake.as_str()),
        }
    }

    /// The same model with every action always compiled (no action features).
    pub fn without_action_features(&self) -> Model {
        let mut model = self.clone();
        for action in &mut model.actions {
            action.feature = None;
        }
        model
    }

    /// The cargo feature that compiles a module in: an action's, when the service has one
    /// per action; `None` for a module that is always compiled.
    pub fn feature_of(&self, home: Home) -> Option<&str> {
        match home {
            Home::Action(i) => self.actions.get(i).and_then(|a| a.feature.as_deref()),
            Home::Types | Home::Events => None,
        }
    }

    /// The module a named type lives in: enums and string types in `types`, shapes at their
    /// home.
    pub fn home_of(&self, ty: &Ty) -> Home {
        match ty {
            Ty::Shape(s) => self.shapes.get(*s).map_or(Home::Types, |s| s.home),
            _ => Home::Types,
        }
    }

    /// A rule value as the spec writes it: `true`, `push` or `1`.
    pub fn rule_value_text(&self, value: &RuleValue) -> String {
        match value {
            RuleValue::Bool(b) => b.to_string(),
            RuleValue::Integer(n) => n.to_string(),
            RuleValue::String(s) => s.clone(),
            RuleValue::Variant { enumeration, value } => self
                .enums
                .get(*enumeration)
                .and_then(|e| e.values.get(*value))
                .map_or_else(|| format!("#{value}"), |v| v.wire.text()),
        }
    }
}
