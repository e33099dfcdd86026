//! Stage 2: the checked model. Every name is resolved, every rule is attached to field indices,
//! and every decision the emitter needs (representation, derives, module) is already made, so the
//! emitter never has to check anything.

use serde_json::Value;

pub use crate::spec::{Docs, EndpointSpec, EnumKind, MethodSpec, ProviderSpec};

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
    /// snake_case name: the module and the client method.
    pub snake: String,
    /// HTTP method.
    pub method: MethodSpec,
    /// Index of the input shape in [`Model::shapes`].
    pub input: usize,
    /// Index of the result shape, if the action returns a `Result`.
    pub result: Option<usize>,
    /// Rate limit, requests per second.
    pub rate_limit_per_second: Option<u32>,
    /// Docs.
    pub docs: Docs,
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
    /// A list.
    List(Box<Ty>),
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
}

/// A field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldModel {
    /// Wire name (for a flattened field, the spec's name of the group).
    pub wire: String,
    /// Rust identifier, snake_case, already escaped (`r#type`) or renamed (`self_`).
    pub ident: String,
    /// Type.
    pub ty: Ty,
    /// Required in requests.
    pub required: bool,
    /// Secret.
    pub sensitive: bool,
    /// Flattened shape.
    pub flatten: bool,
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
}

/// A shape.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapeModel {
    /// Type name.
    pub name: String,
    /// Docs.
    pub docs: Docs,
    /// Fields in wire order.
    pub fields: Vec<FieldModel>,
    /// Representation.
    pub repr: Repr,
    /// Rules checked when the value is built (struct representation only).
    pub checks: Vec<Check>,
    /// The docs of every rule, in spec order.
    pub rule_docs: Vec<Docs>,
    /// Where it is used.
    pub usage: Usage,
    /// Where it is emitted.
    pub home: Home,
}

/// How a shape is represented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repr {
    /// A struct.
    Struct,
    /// An enum with one variant per member of an exactly-one-of group.
    OneOf {
        /// The variants in member order.
        variants: Vec<OneOfVariant>,
    },
    /// An enum over a Boolean field.
    Switch {
        /// Index of the Boolean field.
        field: usize,
        /// Variant for `true`.
        on: String,
        /// Variant for `false`.
        off: String,
        /// Fields required in the `on` variant.
        required_on: Vec<usize>,
    },
}

/// A variant of a one-of enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneOfVariant {
    /// Variant name (the member's wire name in UpperCamelCase).
    pub name: String,
    /// The member field, required in this variant.
    pub member: usize,
    /// The optional fields this member allows beside it.
    pub others: Vec<usize>,
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
}

/// A value a rule compares with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleValue {
    /// A Boolean.
    Bool(bool),
    /// An enum variant, by index into the enum's values.
    Variant(usize),
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
}

/// An enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValueModel {
    /// Wire value.
    pub wire: WireValue,
    /// Variant name.
    pub name: String,
    /// Docs.
    pub docs: Docs,
}

/// A wire value of an enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireValue {
    /// A string.
    String(String),
    /// An integer.
    Integer(i64),
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
}
