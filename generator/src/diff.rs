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

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};

use serde::{Serialize, Serializer};

use crate::model::{
    Check, EndpointSpec, EnumKind, EnumModel, FieldModel, Home, MethodSpec, Model, ProviderSpec,
    Repr, RuleValue, ShapeModel, StringModel, Ty, Usage, WireValue,
};

/// What a change does to users of the generated crate. Ordered from harmless to breaking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    /// Compatible, and nothing new to call: docs, examples, notes, rate limits, loosened rules.
    Compatible,
    /// Compatible, and new API: an action, an optional field, an enum value, an endpoint.
    Addition,
    /// Code written against the old crate may not compile, or the crate behaves differently on
    /// the wire.
    Breaking,
}

impl Impact {
    /// `compatible`, `addition` or `breaking`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Compatible => "compatible",
            Self::Addition => "addition",
            Self::Breaking => "breaking",
        }
    }
}

impl Serialize for Impact {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A semantic-versioning bump. Ordered from none to major.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// Nothing changed.
    None,
    /// `x.y.z -> x.y.(z+1)`.
    Patch,
    /// `x.y.z -> x.(y+1).0`.
    Minor,
    /// `x.y.z -> (x+1).0.0`.
    Major,
}

impl Bump {
    /// `none`, `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Patch => "patch",
            Self::Minor => "minor",
            Self::Major => "major",
        }
    }

    /// The bump a 0.x crate needs for changes of this impact: Cargo treats a new minor version
    /// as incompatible there, so breaking changes bump the minor version, everything else the
    /// patch version.
    pub fn before_1_0(impact: Option<Impact>) -> Self {
        match impact {
            None => Self::None,
            Some(Impact::Breaking) => Self::Minor,
            Some(Impact::Addition | Impact::Compatible) => Self::Patch,
        }
    }

    /// The bump a 1.0-or-later crate needs: major for breaking changes, minor for additions,
    /// patch for the rest.
    pub fn after_1_0(impact: Option<Impact>) -> Self {
        match impact {
            None => Self::None,
            Some(Impact::Breaking) => Self::Major,
            Some(Impact::Addition) => Self::Minor,
            Some(Impact::Compatible) => Self::Patch,
        }
    }

    /// `version` bumped, or `None` when it is not `MAJOR.MINOR.PATCH` (a pre-release or build
    /// suffix is dropped).
    pub fn apply(self, version: &str) -> Option<String> {
        let (major, minor, patch) = parse_version(version)?.core;
        let next = match self {
            Self::None => (major, minor, patch),
            Self::Patch => (major, minor, patch.checked_add(1)?),
            Self::Minor => (major, minor.checked_add(1)?, 0),
            Self::Major => (major.checked_add(1)?, 0, 0),
        };
        Some(format!("{}.{}.{}", next.0, next.1, next.2))
    }
}

impl Serialize for Bump {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

macro_rules! change_kinds {
    ($($(#[doc = $doc:literal])+ $variant:ident => $name:literal,)+) => {
        /// What kind of thing changed; its [`ChangeKind::as_str`] name is stable and is the
        /// `kind` of the JSON report.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ChangeKind {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl ChangeKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [ChangeKind] = &[$(Self::$variant,)+];

            /// The kind's stable snake_case name, e.g. `field_added`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)+
                }
            }
        }
    };
}

change_kinds! {
    /// The signing service name.
    ServiceName => "service_name",
    /// The API version sent with every request.
    ServiceVersion => "service_version",
    /// The generated crate's package name.
    CrateName => "crate_name",
    /// The service's title or description.
    ServiceDocs => "service_docs",
    /// The notes copied to the generated README.
    ServiceNotes => "service_notes",
    /// A provider's endpoint preset appeared.
    EndpointAdded => "endpoint_added",
    /// A provider's endpoint preset disappeared.
    EndpointRemoved => "endpoint_removed",
    /// A provider's URL or region.
    EndpointChanged => "endpoint_changed",
    /// The order of the endpoint presets.
    EndpointOrder => "endpoint_order",
    /// A new action.
    ActionAdded => "action_added",
    /// An action disappeared.
    ActionRemoved => "action_removed",
    /// An action's HTTP method.
    ActionMethod => "action_method",
    /// An action's input shape.
    ActionInput => "action_input",
    /// An action's result shape (added, removed or another).
    ActionResult => "action_result",
    /// An action's documented rate limit.
    ActionRateLimit => "action_rate_limit",
    /// An action's docs.
    ActionDocs => "action_docs",
    /// A new shape.
    ShapeAdded => "shape_added",
    /// A shape disappeared (a rename is a removal and an addition).
    ShapeRemoved => "shape_removed",
    /// How a shape is emitted: request struct, response struct, one_of enum, switch enum.
    ShapeRepresentation => "shape_representation",
    /// A request struct's constructor: `new` or a builder.
    ShapeConstructor => "shape_constructor",
    /// Whether a request struct is also decoded from responses.
    ShapeDecoding => "shape_decoding",
    /// The module of the generated crate that holds a shape.
    ShapeModule => "shape_module",
    /// A shape's docs.
    ShapeDocs => "shape_docs",
    /// A new field.
    FieldAdded => "field_added",
    /// A field disappeared.
    FieldRemoved => "field_removed",
    /// A field's type.
    FieldType => "field_type",
    /// A field's `required`.
    FieldRequired => "field_required",
    /// A field's `sensitive`.
    FieldSensitive => "field_sensitive",
    /// A field's `flatten`.
    FieldFlatten => "field_flatten",
    /// A field's docs.
    FieldDocs => "field_docs",
    /// A field's example.
    FieldExample => "field_example",
    /// A field's notes (from `effective_only_when` rules, which are documentation).
    FieldNotes => "field_notes",
    /// The order of a shape's fields.
    FieldOrder => "field_order",
    /// A new rule checked by `build()`.
    RuleAdded => "rule_added",
    /// A rule checked by `build()` disappeared.
    RuleRemoved => "rule_removed",
    /// A rule's value: `min_items`' minimum, `required_if`'s value.
    RuleChanged => "rule_changed",
    /// The rules' docs.
    RuleDocs => "rule_docs",
    /// A new variant of a one_of enum.
    VariantAdded => "variant_added",
    /// A variant of a one_of enum disappeared.
    VariantRemoved => "variant_removed",
    /// The fields of a one_of or switch variant, or which of them are required.
    VariantFields => "variant_fields",
    /// A switch enum's field or variant names.
    SwitchChanged => "switch_changed",
    /// A new enum.
    EnumAdded => "enum_added",
    /// An enum disappeared.
    EnumRemoved => "enum_removed",
    /// An enum's wire kind (string or integer).
    EnumKind => "enum_kind",
    /// A new enum value.
    EnumValueAdded => "enum_value_added",
    /// An enum value disappeared.
    EnumValueRemoved => "enum_value_removed",
    /// A variant now stands for another wire value.
    EnumValueWire => "enum_value_wire",
    /// A wire value now has another variant name.
    EnumValueRenamed => "enum_value_renamed",
    /// An enum value's docs.
    EnumValueDocs => "enum_value_docs",
    /// An enum's docs.
    EnumDocs => "enum_docs",
    /// Whether an enum is used in requests or responses (its serde impls).
    EnumUsage => "enum_usage",
    /// A new constrained string type.
    StringAdded => "string_added",
    /// A constrained string type disappeared.
    StringRemoved => "string_removed",
    /// A string type's pattern.
    StringPattern => "string_pattern",
    /// A string type's `min_length`.
    StringMinLength => "string_min_length",
    /// A string type's `max_length`.
    StringMaxLength => "string_max_length",
    /// A string type's example.
    StringExample => "string_example",
    /// A string type's docs.
    StringDocs => "string_docs",
    /// Whether a string type is used in requests or responses (its serde impls).
    StringUsage => "string_usage",
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ChangeKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One change between two specs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Change {
    /// Where, by name: `actions.UpdateCallback`, `shapes.CallbackConfig.fields.App`,
    /// `shapes.UpdateCallbackRequest.rules.min_items(CallbackDetailList)`,
    /// `enums.MessageType.values["push"]`, `strings.AppName`, `service.endpoints.byteplus`.
    pub path: String,
    /// What changed.
    pub kind: ChangeKind,
    /// What it does to users of the generated crate.
    pub impact: Impact,
    /// One line: the change, and why it is breaking or not.
    pub description: String,
}

impl Change {
    /// Whether the change breaks users of the generated crate.
    pub fn is_breaking(&self) -> bool {
        self.impact == Impact::Breaking
    }
}

/// Every change between two specs, sorted by path, then kind, then description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The old spec, as named to the generator.
    pub old_source: String,
    /// The new spec, as named to the generator.
    pub new_source: String,
    /// The generated crate's package name in the old spec.
    pub crate_name: String,
    /// `crate_version` of the old spec: the released version the bump starts from.
    pub old_version: String,
    /// `crate_version` of the new spec.
    pub new_version: String,
    /// The changes.
    pub changes: Vec<Change>,
}

/// The version of the JSON report's layout; it changes only when the layout does.
pub const JSON_REPORT_FORMAT: u32 = 1;

impl Report {
    /// Whether any change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(Change::is_breaking)
    }

    /// The worst impact, `None` when nothing changed.
    pub fn impact(&self) -> Option<Impact> {
        self.changes.iter().map(|c| c.impact).max()
    }

    /// Whether the old crate version is 1.0 or later (unparsable versions count as 0.x).
    pub fn is_post_1_0(&self) -> bool {
        parse_version(&self.old_version).is_some_and(|v| v.core.0 >= 1)
    }

    /// The bump the generated crate needs from its old version: for 0.x, minor when something
    /// breaks and patch otherwise; from 1.0 on, [`Report::bump_after_1_0`].
    pub fn bump(&self) -> Bump {
        if self.is_post_1_0() {
            self.bump_after_1_0()
        } else {
            Bump::before_1_0(self.impact())
        }
    }

    /// The bump the same changes would need once the crate is 1.0 or later: major when
    /// something breaks, minor for additions, patch for the rest.
    pub fn bump_after_1_0(&self) -> Bump {
        Bump::after_1_0(self.impact())
    }

    /// The old version with [`Report::bump`] applied; `None` when it is not `MAJOR.MINOR.PATCH`.
    pub fn next_version(&self) -> Option<String> {
        self.bump().apply(&self.old_version)
    }

    /// Whether the new spec's `crate_version` is at least [`Report::next_version`]; `None` when
    /// either version cannot be read.
    pub fn new_version_suffices(&self) -> Option<bool> {
        let next = parse_version(&self.next_version()?)?;
        let new = parse_version(&self.new_version)?;
        Some(new.core > next.core || (new.core == next.core && !new.pre_release))
    }

    /// The report for people: breaking changes first, then compatible ones, then the bump.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = self.write_text(&mut out);
        out
    }

    fn write_text(&self, out: &mut String) -> fmt::Result {
        writeln!(
            out,
            "Spec changes from {} to {}",
            self.old_source, self.new_source
        )?;
        let breaking: Vec<&Change> = self.changes.iter().filter(|c| c.is_breaking()).collect();
        let compatible: Vec<&Change> = self.changes.iter().filter(|c| !c.is_breaking()).collect();
        let additions = compatible
            .iter()
            .filter(|c| c.impact == Impact::Addition)
            .count();
        if self.changes.is_empty() {
            writeln!(out, "\nNo changes.\n")?;
            return self.write_version_text(out);
        }
        for (title, changes) in [("Breaking", &breaking), ("Compatible", &compatible)] {
            if changes.is_empty() {
                continue;
            }
            writeln!(out, "\n{title} ({}):", changes.len())?;
            for change in changes {
                let addition = if change.impact == Impact::Addition {
                    ", addition"
                } else {
                    ""
                };
                writeln!(out, "  {} [{}{addition}]", change.path, change.kind)?;
                writeln!(out, "    {}", change.description)?;
            }
        }
        writeln!(
            out,
            "\nSummary: {} change{}: {} breaking, {} compatible ({} addition{}).",
            self.changes.len(),
            plural(self.changes.len()),
            breaking.len(),
            compatible.len(),
            additions,
            plural(additions)
        )?;
        self.write_version_text(out)
    }

    fn write_version_text(&self, out: &mut String) -> fmt::Result {
        let name = &self.crate_name;
        let old = &self.old_version;
        let bump = self.bump();
        let after = self.bump_after_1_0();
        let next = self
            .next_version()
            .unwrap_or_else(|| format!("(cannot read `{old}` as MAJOR.MINOR.PATCH)"));
        if bump == Bump::None {
            writeln!(out, "Version: no bump needed, {name} stays {old}.")?;
        } else if self.is_post_1_0() {
            writeln!(out, "Version: {} bump, {name} {old} -> {next}: the crate is 1.0 or later, where breaking changes bump the major version, additions the minor and the rest the patch version.", bump.as_str())?;
        } else {
            writeln!(out, "Version: {} bump, {name} {old} -> {next}: the crate is 0.x, where a breaking change bumps the minor version and anything else the patch version.", bump.as_str())?;
            writeln!(
                out,
                "After 1.0 the same changes would need a {} bump.",
                after.as_str()
            )?;
        }
        if self.new_version != self.old_version || bump != Bump::None {
            let still = if self.new_version == self.old_version {
                "still "
            } else {
                ""
            };
            match self.new_version_suffices() {
                Some(true) => writeln!(
                    out,
                    "The new spec's crate_version {} covers it.",
                    self.new_version
                )?,
                Some(false) => writeln!(
                    out,
                    "The new spec's crate_version is {still}{}: set it to {next} before releasing.",
                    self.new_version
                )?,
                None => writeln!(out, "The new spec's crate_version is {}.", self.new_version)?,
            }
        }
        Ok(())
    }

    /// The report as pretty-printed JSON (keys sorted, changes in report order), ending in a
    /// newline. The layout is documented in the README's "Change reports" section.
    pub fn to_json(&self) -> String {
        let compatible = self.changes.iter().filter(|c| !c.is_breaking()).count();
        let json = JsonReport {
            breaking: self.is_breaking(),
            bump: JsonBump {
                after_1_0: self.bump_after_1_0(),
                current: self.bump(),
                new_spec_version_suffices: self.new_version_suffices(),
                next_version: self.next_version(),
            },
            changes: self
                .changes
                .iter()
                .map(|c| JsonChange {
                    breaking: c.is_breaking(),
                    description: &c.description,
                    impact: c.impact,
                    kind: c.kind,
                    path: &c.path,
                })
                .collect(),
            crate_name: &self.crate_name,
            new: JsonSide {
                crate_version: &self.new_version,
                source: &self.new_source,
            },
            old: JsonSide {
                crate_version: &self.old_version,
                source: &self.old_source,
            },
            report_format: JSON_REPORT_FORMAT,
            summary: JsonSummary {
                additions: self
                    .changes
                    .iter()
                    .filter(|c| c.impact == Impact::Addition)
                    .count(),
                breaking: self.changes.len() - compatible,
                compatible,
                total: self.changes.len(),
            },
        };
        let mut text = serde_json::to_string_pretty(&json).unwrap_or_default();
        text.push('\n');
        text
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

// The JSON report. Fields are declared in alphabetical order so that keys come out sorted.

#[derive(Serialize)]
struct JsonReport<'a> {
    breaking: bool,
    bump: JsonBump,
    changes: Vec<JsonChange<'a>>,
    crate_name: &'a str,
    new: JsonSide<'a>,
    old: JsonSide<'a>,
    report_format: u32,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonBump {
    after_1_0: Bump,
    current: Bump,
    new_spec_version_suffices: Option<bool>,
    next_version: Option<String>,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    breaking: bool,
    description: &'a str,
    impact: Impact,
    kind: ChangeKind,
    path: &'a str,
}

#[derive(Serialize)]
struct JsonSide<'a> {
    crate_version: &'a str,
    source: &'a str,
}

#[derive(Serialize)]
struct JsonSummary {
    additions: usize,
    breaking: usize,
    compatible: usize,
    total: usize,
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

struct Version {
    core: (u64, u64, u64),
    pre_release: bool,
}

/// `MAJOR.MINOR.PATCH`, optionally followed by `-pre` and/or `+build`.
fn parse_version(text: &str) -> Option<Version> {
    let text = text.trim();
    let (text, _build) = text.split_once('+').unwrap_or((text, ""));
    let (core, pre) = match text.split_once('-') {
        Some((core, pre)) => (core, !pre.is_empty()),
        None => (text, false),
    };
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    let version = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() {
        return None;
    }
    Some(Version {
        core: version,
        pre_release: pre,
    })
}

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

/// How a shape is emitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// Private fields, getters, and `new` (`simple`) or a builder; `decodes` when results reach
    /// it too.
    Request { simple: bool, decodes: bool },
    /// Public optional fields, `#[non_exhaustive]`.
    Response,
    /// An exhaustive enum, one variant per member.
    OneOf,
    /// An exhaustive enum over a Boolean.
    Switch,
}

impl Form {
    fn of(shape: &ShapeModel) -> Self {
        match shape.repr {
            Repr::Struct if shape.usage.input => Self::Request {
                simple: shape.checks.is_empty()
                    && shape.fields.iter().all(|f| f.required && !f.flatten),
                decodes: shape.usage.output,
            },
            Repr::Struct => Self::Response,
            Repr::OneOf { .. } => Self::OneOf,
            Repr::Switch { .. } => Self::Switch,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Request { simple: true, .. } => "request struct built with `new`",
            Self::Request { simple: false, .. } => "request struct built with a builder",
            Self::Response => "response struct with public optional fields",
            Self::OneOf => "one_of enum",
            Self::Switch => "switch enum",
        }
    }

    fn same_category(self, other: Self) -> bool {
        matches!(
            (self, other),
            (Self::Request { .. }, Self::Request { .. })
                | (Self::Response, Self::Response)
                | (Self::OneOf, Self::OneOf)
                | (Self::Switch, Self::Switch)
        )
    }

    fn is_request(self) -> bool {
        matches!(self, Self::Request { .. })
    }
}

impl<'m> Differ<'m> {
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

    fn service(&mut self) {
        use ChangeKind as K;
        use Impact::{Breaking, Compatible};
        let (o, n) = (&self.old.service, &self.new.service);
        if o.name != n.name {
            self.push(
                "service.name",
                K::ServiceName,
                Breaking,
                format!(
                    "service name `{}` -> `{}`: requests are signed for another service",
                    o.name, n.name
                ),
            );
        }
        if o.version != n.version {
            self.push("service.version", K::ServiceVersion, Breaking, format!("API version `{}` -> `{}`: every request sends the new `Version`, which the service may answer differently", o.version, n.version));
        }
        if o.crate_name != n.crate_name {
            self.push(
                "service.crate_name",
                K::CrateName,
                Breaking,
                format!(
                    "package `{}` -> `{}`: dependents must change their Cargo.toml and their paths",
                    o.crate_name, n.crate_name
                ),
            );
        }
        if o.title != n.title {
            self.push(
                "service.title",
                K::ServiceDocs,
                Compatible,
                "title changed (crate docs and README)",
            );
        }
        if o.docs != n.docs {
            self.push(
                "service.docs",
                K::ServiceDocs,
                Compatible,
                "description changed (crate docs and README)",
            );
        }
        if o.notes != n.notes {
            let added = n.notes.iter().filter(|x| !o.notes.contains(x)).count();
            let removed = o.notes.iter().filter(|x| !n.notes.contains(x)).count();
            let what = if added == 0 && removed == 0 {
                "reordered".to_owned()
            } else {
                format!("{added} added, {removed} removed")
            };
            self.push(
                "service.notes",
                K::ServiceNotes,
                Compatible,
                format!("notes {what} (generated README only)"),
            );
        }
        self.endpoints(&o.endpoints, &n.endpoints);
    }

    fn endpoints(&mut self, old: &'m [EndpointSpec], new: &'m [EndpointSpec]) {
        use ChangeKind as K;
        use Impact::{Addition, Breaking};
        let by_provider = |list: &'m [EndpointSpec]| -> BTreeMap<&'static str, &'m EndpointSpec> {
            list.iter()
                .map(|e| (provider_name(e.provider), e))
                .collect()
        };
        let (olds, news) = (by_provider(old), by_provider(new));
        for (provider, o) in &olds {
            let path = format!("service.endpoints.{provider}");
            let Some(n) = news.get(provider) else {
                self.push(path, K::EndpointRemoved, Breaking, format!("no `{provider}` endpoint preset any more: `Client::new` with that provider fails unless the configuration sets an endpoint and region"));
                continue;
            };
            if o.url != n.url {
                self.push(path.clone(), K::EndpointChanged, Breaking, format!("`{provider}` URL `{}` -> `{}`: requests of clients using the preset go to another address", o.url, n.url));
            }
            if o.region != n.region {
                self.push(path, K::EndpointChanged, Breaking, format!("`{provider}` region `{}` -> `{}`: requests of clients using the preset are signed for another region", o.region, n.region));
            }
        }
        for (provider, n) in &news {
            if !olds.contains_key(provider) {
                self.push(
                    format!("service.endpoints.{provider}"),
                    K::EndpointAdded,
                    Addition,
                    format!(
                        "new `{provider}` endpoint preset `{}` (region `{}`)",
                        n.url, n.region
                    ),
                );
            }
        }
        let order =
            |list: &[EndpointSpec], other: &BTreeMap<&str, &EndpointSpec>| -> Vec<&'static str> {
                list.iter()
                    .map(|e| provider_name(e.provider))
                    .filter(|p| other.contains_key(p))
                    .collect()
            };
        let (old_order, new_order) = (order(old, &news), order(new, &olds));
        if old_order != new_order {
            self.push("service.endpoints", K::EndpointOrder, Impact::Compatible, format!("endpoint order {} -> {}: the client picks its preset by provider, so only the order of `SERVICE.endpoints` changes", old_order.join(", "), new_order.join(", ")));
        }
    }

    fn actions(&mut self) {
        use ChangeKind as K;
        use Impact::{Addition, Breaking, Compatible};
        let olds: BTreeMap<&str, _> = self
            .old
            .actions
            .iter()
            .map(|a| (a.name.as_str(), a))
            .collect();
        let news: BTreeMap<&str, _> = self
            .new
            .actions
            .iter()
            .map(|a| (a.name.as_str(), a))
            .collect();
        for (name, o) in &olds {
            let path = format!("actions.{name}");
            let Some(n) = news.get(name) else {
                self.push(path, K::ActionRemoved, Breaking, format!("action `{name}` removed: `Client::{}`, the module `{}` and `{name}Output` are gone", o.snake, o.snake));
                continue;
            };
            if o.method != n.method {
                self.push(
                    path.clone(),
                    K::ActionMethod,
                    Breaking,
                    format!(
                        "HTTP method {} -> {}: the request travels differently on the wire ({})",
                        method_name(o.method),
                        method_name(n.method),
                        match n.method {
                            MethodSpec::Get => "fields in the query string",
                            MethodSpec::Post => "fields in a JSON body",
                        }
                    ),
                );
            }
            let (oi, ni) = (shape_name(self.old, o.input), shape_name(self.new, n.input));
            if oi != ni {
                self.push(
                    path.clone(),
                    K::ActionInput,
                    Breaking,
                    format!(
                        "input `{oi}` -> `{ni}`: `Client::{}` now takes `&{ni}`",
                        n.snake
                    ),
                );
            }
            let (or, nr) = (
                o.result.map(|r| shape_name(self.old, r)),
                n.result.map(|r| shape_name(self.new, r)),
            );
            match (or, nr) {
                (None, Some(nr)) => self.push(path.clone(), K::ActionResult, Addition, format!("now returns a result `{nr}`: `{name}Output` gains the public field `result` (the struct is `#[non_exhaustive]`)")),
                (Some(or), None) => self.push(path.clone(), K::ActionResult, Breaking, format!("no longer returns a result: the field `result` (`{or}`) of `{name}Output` is gone")),
                (Some(or), Some(nr)) if or != nr => self.push(path.clone(), K::ActionResult, Breaking, format!("result `{or}` -> `{nr}`: the field `result` of `{name}Output` changes type")),
                _ => {}
            }
            if o.rate_limit_per_second != n.rate_limit_per_second {
                let shown =
                    |r: Option<u32>| r.map_or_else(|| "none".to_owned(), |r| format!("{r}/s"));
                self.push(
                    path.clone(),
                    K::ActionRateLimit,
                    Compatible,
                    format!(
                        "documented rate limit {} -> {} (docs only: the client does not throttle)",
                        shown(o.rate_limit_per_second),
                        shown(n.rate_limit_per_second)
                    ),
                );
            }
            if o.docs != n.docs {
                self.push(path, K::ActionDocs, Compatible, "docs changed");
            }
        }
        for (name, n) in &news {
            if !olds.contains_key(name) {
                self.push(
                    format!("actions.{name}"),
                    K::ActionAdded,
                    Addition,
                    format!(
                        "new action `{name}`: `Client::{}` and the module `{}`",
                        n.snake, n.snake
                    ),
                );
            }
        }
    }

    fn shapes(&mut self) {
        use ChangeKind as K;
        let olds: BTreeMap<&str, &ShapeModel> = self
            .old
            .shapes
            .iter()
            .map(|s| (s.name.as_str(), s))
            .collect();
        let news: BTreeMap<&str, &ShapeModel> = self
            .new
            .shapes
            .iter()
            .map(|s| (s.name.as_str(), s))
            .collect();
        let signature = |model: &Model, shape: &ShapeModel| {
            let form = Form::of(shape);
            let fields: Vec<(String, String, bool)> = shape
                .fields
                .iter()
                .map(|f| (f.wire.clone(), ty_name(model, &f.ty), f.required))
                .collect();
            (format!("{form:?}"), fields)
        };
        let (removed, added) = removed_and_added(
            &olds,
            &news,
            |s| signature(self.old, s),
            |s| signature(self.new, s),
        );
        for (name, hint) in &removed {
            let builder = olds
                .get(name)
                .is_some_and(|s| matches!(Form::of(s), Form::Request { simple: false, .. }));
            let also = if builder {
                format!(" and `{name}Builder` are")
            } else {
                " is".to_owned()
            };
            self.push(
                format!("shapes.{name}"),
                K::ShapeRemoved,
                Impact::Breaking,
                format!("shape `{name}` removed{hint}: the type `{name}`{also} gone"),
            );
        }
        for (name, hint) in &added {
            let form = news.get(name).map_or("shape", |s| Form::of(s).label());
            self.push(
                format!("shapes.{name}"),
                K::ShapeAdded,
                Impact::Addition,
                format!("new shape `{name}`{hint}: a {form}"),
            );
        }
        for (name, o) in &olds {
            if let Some(n) = news.get(name) {
                self.shape(o, n);
            }
        }
    }

    fn shape(&mut self, o: &'m ShapeModel, n: &'m ShapeModel) {
        use ChangeKind as K;
        use Impact::{Addition, Breaking, Compatible};
        let name = &n.name;
        let path = format!("shapes.{name}");
        let (fo, fnew) = (Form::of(o), Form::of(n));
        if !fo.same_category(fnew) {
            self.push(
                path.clone(),
                K::ShapeRepresentation,
                Breaking,
                format!(
                    "{} -> {}: {}",
                    fo.label(),
                    fnew.label(),
                    match fo {
                        Form::Request { .. } => "its constructor, builder and getters are gone",
                        Form::Response => "its public fields are gone",
                        Form::OneOf | Form::Switch =>
                            "code that builds or matches its variants breaks",
                    }
                ),
            );
        } else if let (
            Form::Request {
                simple: os,
                decodes: od,
            },
            Form::Request {
                simple: ns,
                decodes: nd,
            },
        ) = (fo, fnew)
        {
            match (os, ns) {
                (true, false) => self.push(path.clone(), K::ShapeConstructor, Breaking, format!("`{name}::new` is replaced by `{name}::builder()` (a field is now optional or flattened, or a rule needs checking): calls of `new` break")),
                (false, true) => self.push(path.clone(), K::ShapeConstructor, Breaking, format!("`{name}::builder()` and `{name}Builder` are replaced by `{name}::new` (every field is now required and no rule is left): builder code breaks")),
                _ => {}
            }
            match (od, nd) {
                (false, true) => self.push(
                    path.clone(),
                    K::ShapeDecoding,
                    Addition,
                    format!("now also decoded from responses: `{name}` gains `Deserialize`"),
                ),
                (true, false) => self.push(
                    path.clone(),
                    K::ShapeDecoding,
                    Breaking,
                    format!(
                        "no longer decoded from responses: `{name}` loses its `Deserialize` impl"
                    ),
                ),
                _ => {}
            }
        }
        let (oh, nh) = (home_name(self.old, o.home), home_name(self.new, n.home));
        if oh != nh {
            self.push(path.clone(), K::ShapeModule, Breaking, format!("moves from the module `{oh}` to `{nh}`: paths through `{oh}::` break (the crate-root re-export stays)"));
        }
        if o.docs != n.docs {
            self.push(path.clone(), K::ShapeDocs, Compatible, "docs changed");
        }
        if o.rule_docs != n.rule_docs {
            self.push(
                format!("{path}.rules"),
                K::RuleDocs,
                Compatible,
                "rule docs changed (shown in the type's docs)",
            );
        }
        self.fields(o, n, fo, fnew);
        if matches!(o.repr, Repr::Struct) && matches!(n.repr, Repr::Struct) {
            self.rules(o, n, fnew);
        }
        self.variants(o, n);
    }

    fn fields(&mut self, o: &'m ShapeModel, n: &'m ShapeModel, fo: Form, fnew: Form) {
        use ChangeKind as K;
        use Impact::{Addition, Breaking, Compatible};
        let name = &n.name;
        let path = format!("shapes.{name}.fields");
        let olds: BTreeMap<&str, &FieldModel> =
            o.fields.iter().map(|f| (f.wire.as_str(), f)).collect();
        let news: BTreeMap<&str, &FieldModel> =
            n.fields.iter().map(|f| (f.wire.as_str(), f)).collect();
        for (wire, f) in &olds {
            if news.contains_key(wire) {
                continue;
            }
            let why = match fo {
                Form::Response => format!("the public field `{}` is gone", f.ident),
                Form::Request { .. } => {
                    "its getter and setter are gone, and requests no longer send it".to_owned()
                }
                Form::OneOf | Form::Switch => {
                    "the enum variants that held it change, which breaks their literals and patterns"
                        .to_owned()
                }
            };
            self.push(
                format!("{path}.{wire}"),
                K::FieldRemoved,
                Breaking,
                format!("field `{wire}` removed: {why}"),
            );
        }
        for (wire, f) in &news {
            if olds.contains_key(wire) {
                continue;
            }
            let ty = ty_name(self.new, &f.ty);
            let (impact, why) = match fnew {
                Form::Response => (Addition, format!("a new public field of a `#[non_exhaustive]` response struct, `{}` when absent", if f.ty.is_list() { "empty" } else { "None" })),
                Form::Request { simple: true, .. } => (Breaking, format!("`{name}::new` gains a parameter")),
                Form::Request { simple: false, decodes } if f.required => (Breaking, format!("required: requests built without it now fail with `ValidationError::MissingField`{}", if decodes { ", and responses without it no longer decode" } else { "" })),
                Form::Request { simple: false, .. } => (Addition, "optional: a new builder setter and getter".to_owned()),
                Form::OneOf | Form::Switch => (Breaking, format!("{}: enum variants are exhaustive, so their literals and patterns break", variant_holders(n, wire))),
            };
            self.push(
                format!("{path}.{wire}"),
                K::FieldAdded,
                impact,
                format!("new field `{wire}` (`{ty}`): {why}"),
            );
        }
        for (wire, of) in &olds {
            if let Some(nf) = news.get(wire) {
                self.field(&format!("{path}.{wire}"), of, nf, fo, fnew);
            }
        }
        // Field order: the order of JSON keys, and of `new`'s parameters.
        let old_order: Vec<&str> = o
            .fields
            .iter()
            .map(|f| f.wire.as_str())
            .filter(|w| news.contains_key(w))
            .collect();
        let new_order: Vec<&str> = n
            .fields
            .iter()
            .map(|f| f.wire.as_str())
            .filter(|w| olds.contains_key(w))
            .collect();
        if old_order != new_order {
            let positional = match (fo, fnew) {
                (Form::Request { simple: true, .. }, Form::Request { simple: true, .. }) => {
                    Some(format!("the parameters of `{name}::new` follow it"))
                }
                (Form::Switch, Form::Switch) => {
                    let required = |s: &'m ShapeModel| -> Vec<&'m str> {
                        match &s.repr {
                            Repr::Switch { required_on, .. } => required_on
                                .iter()
                                .filter_map(|&i| s.fields.get(i))
                                .map(|f| f.wire.as_str())
                                .filter(|w| olds.contains_key(w) && news.contains_key(w))
                                .collect(),
                            _ => Vec::new(),
                        }
                    };
                    (required(o) != required(n)).then(|| {
                        "the parameters of the on-variant's constructor follow it".to_owned()
                    })
                }
                _ => None,
            };
            let shown = format!("{} -> {}", old_order.join(", "), new_order.join(", "));
            match positional {
                Some(why) => self.push(
                    path,
                    K::FieldOrder,
                    Breaking,
                    format!("field order {shown}: {why}"),
                ),
                None => self.push(
                    path,
                    K::FieldOrder,
                    Compatible,
                    format!("field order {shown}: only the order of JSON keys and docs changes"),
                ),
            }
        }
    }

    fn field(&mut self, path: &str, o: &FieldModel, n: &FieldModel, fo: Form, fnew: Form) {
        use ChangeKind as K;
        use Impact::{Breaking, Compatible};
        let (ot, nt) = (ty_name(self.old, &o.ty), ty_name(self.new, &n.ty));
        let public = if fnew == Form::Response {
            "the public field changes"
        } else if fnew.is_request() {
            "its getter and setter change"
        } else {
            "the variant fields change"
        };
        if ot != nt {
            let (ow, nw) = (wire_kind(self.old, &o.ty), wire_kind(self.new, &n.ty));
            let json = if ow == nw {
                format!("(the JSON stays {nw})")
            } else {
                format!("and the JSON value is {nw} instead of {ow}")
            };
            self.push(
                path,
                K::FieldType,
                Breaking,
                format!("type `{ot}` -> `{nt}`: {public} type {json}"),
            );
        }
        if o.flatten != n.flatten {
            let what = if n.flatten {
                "now flattened: its fields move to the top level of the JSON"
            } else {
                "no longer flattened: its fields move under its own key in the JSON"
            };
            self.push(path, K::FieldFlatten, Breaking, what);
        }
        if o.sensitive != n.sensitive {
            let what = if n.sensitive {
                format!("now sensitive: {public} type from `String` to `Sensitive<String>`")
            } else {
                format!("no longer sensitive: `Debug` now prints the value, so a secret can leak into logs, and {public} type from `Sensitive<String>` to `String`")
            };
            self.push(path, K::FieldSensitive, Breaking, what);
        }
        if o.required != n.required {
            let (impact, what) = if fo == Form::Response && fnew == Form::Response {
                (Compatible, format!("{}: no effect, every field of a response-only shape is decoded as optional", if n.required { "optional -> required" } else { "required -> optional" }))
            } else if fo.is_request() || fnew.is_request() {
                let decodes = matches!(fnew, Form::Request { decodes: true, .. });
                if n.required {
                    (Breaking, format!("optional -> required: requests built without it now fail with `ValidationError::MissingField`{}, and its getter no longer returns an `Option`", if decodes { ", responses without it no longer decode" } else { "" }))
                } else {
                    (Breaking, "required -> optional: requests may omit it now, but its getter returns an `Option`".to_owned())
                }
            } else {
                (
                    Breaking,
                    format!(
                        "{} in an enum-represented shape: the variant fields change type",
                        if n.required {
                            "optional -> required"
                        } else {
                            "required -> optional"
                        }
                    ),
                )
            };
            self.push(path, K::FieldRequired, impact, what);
        }
        if o.docs != n.docs {
            self.push(path, K::FieldDocs, Compatible, "docs changed");
        }
        if o.example != n.example {
            let shown = |e: &Option<serde_json::Value>| {
                e.as_ref()
                    .map_or_else(|| "none".to_owned(), |v| format!("`{v}`"))
            };
            self.push(
                path,
                K::FieldExample,
                Compatible,
                format!(
                    "example {} -> {} (docs only)",
                    shown(&o.example),
                    shown(&n.example)
                ),
            );
        }
        if o.notes != n.notes {
            self.push(
                path,
                K::FieldNotes,
                Compatible,
                "notes changed (effective_only_when rules are documentation, not checks)",
            );
        }
    }

    fn rules(&mut self, o: &ShapeModel, n: &ShapeModel, fnew: Form) {
        use ChangeKind as K;
        use Impact::{Breaking, Compatible};
        let path = format!("shapes.{}.rules", n.name);
        let olds = rule_infos(self.old, o);
        let news = rule_infos(self.new, n);
        let checked = fnew.is_request();
        let unchecked = "no effect: rules of a response-only shape are not checked";
        for (key, info) in &olds {
            let rpath = format!("{path}.{key}");
            match news.get(key) {
                None => {
                    let what = if checked {
                        "`build()` accepts requests it refused (loosened)"
                    } else {
                        unchecked
                    };
                    self.push(
                        rpath,
                        K::RuleRemoved,
                        Compatible,
                        format!("rule removed, {}: {what}", info.shown),
                    );
                }
                Some(new) if new.value != info.value => {
                    let (impact, what) = if !checked {
                        (Compatible, unchecked.to_owned())
                    } else {
                        match (&info.value, &new.value) {
                            (RuleArg::Min(a), RuleArg::Min(b)) if b < a => (
                                Compatible,
                                format!("{} {a} -> {b} item(s): `build()` accepts shorter lists (loosened)", new.subject),
                            ),
                            (RuleArg::Min(a), RuleArg::Min(b)) => (
                                Breaking,
                                format!("{} {a} -> {b} item(s): `build()` refuses shorter lists (tightened)", new.subject),
                            ),
                            (a, b) => (
                                Breaking,
                                format!("{} {a} -> {b}: `build()` refuses requests it accepted", new.subject),
                            ),
                        }
                    };
                    self.push(rpath, K::RuleChanged, impact, what);
                }
                Some(_) => {}
            }
        }
        for (key, info) in &news {
            if olds.contains_key(key) {
                continue;
            }
            let rpath = format!("{path}.{key}");
            // A rule that only fires when a field the old crate did not have is set cannot
            // refuse a request that existing code builds.
            let new_optional = info.guards.iter().find(|w| {
                !o.fields.iter().any(|f| &f.wire == *w)
                    && n.fields.iter().any(|f| &f.wire == *w && !f.required)
            });
            let (impact, what) = if !checked {
                (Compatible, unchecked.to_owned())
            } else if let Some(guard) = new_optional {
                (Compatible, format!("it only applies when the new field `{guard}` is set, which existing code does not do"))
            } else {
                (
                    Breaking,
                    "`build()` now refuses requests that break it (tightened)".to_owned(),
                )
            };
            self.push(
                rpath,
                K::RuleAdded,
                impact,
                format!("new rule, {}: {what}", info.shown),
            );
        }
    }

    fn variants(&mut self, o: &'m ShapeModel, n: &'m ShapeModel) {
        use ChangeKind as K;
        use Impact::Breaking;
        let name = &n.name;
        let path = format!("shapes.{name}.variants");
        let common =
            |w: &str| o.fields.iter().any(|f| f.wire == w) && n.fields.iter().any(|f| f.wire == w);
        match (&o.repr, &n.repr) {
            (Repr::OneOf { variants: ov }, Repr::OneOf { variants: nv }) => {
                let set = |shape: &'m ShapeModel, others: &'m [usize]| -> BTreeSet<&'m str> {
                    others
                        .iter()
                        .filter_map(|&i| shape.fields.get(i))
                        .map(|f| f.wire.as_str())
                        .collect()
                };
                let olds: BTreeMap<&str, _> = ov.iter().map(|v| (v.name.as_str(), v)).collect();
                let news: BTreeMap<&str, _> = nv.iter().map(|v| (v.name.as_str(), v)).collect();
                for (v, ovar) in &olds {
                    let vpath = format!("{path}.{v}");
                    let Some(nvar) = news.get(v) else {
                        self.push(vpath, K::VariantRemoved, Breaking, format!("variant `{name}::{v}` removed: code that builds or matches it breaks"));
                        continue;
                    };
                    let (os, ns) = (set(o, &ovar.others), set(n, &nvar.others));
                    for w in ns.difference(&os).filter(|w| common(w)) {
                        self.push(vpath.clone(), K::VariantFields, Breaking, format!("`{name}::{v}` now holds `{w}`: literals and patterns of the variant break"));
                    }
                    for w in os.difference(&ns).filter(|w| common(w)) {
                        self.push(vpath.clone(), K::VariantFields, Breaking, format!("`{name}::{v}` no longer holds `{w}`: it can no longer be sent with it, and literals and patterns of the variant break"));
                    }
                }
                for (v, nvar) in &news {
                    if !olds.contains_key(v) {
                        let member = n.fields.get(nvar.member).map_or("", |f| f.wire.as_str());
                        self.push(format!("{path}.{v}"), K::VariantAdded, Breaking, format!("new variant `{name}::{v}` (sends `{member}`): the enum is exhaustive, so `match`es on it break"));
                    }
                }
            }
            (
                Repr::Switch {
                    field: of,
                    on: oon,
                    off: ooff,
                    required_on: oreq,
                },
                Repr::Switch {
                    field: nf,
                    on: non,
                    off: noff,
                    required_on: nreq,
                },
            ) => {
                let wire =
                    |s: &'m ShapeModel, i: usize| s.fields.get(i).map_or("", |f| f.wire.as_str());
                if wire(o, *of) != wire(n, *nf) {
                    self.push(
                        path.clone(),
                        K::SwitchChanged,
                        Breaking,
                        format!(
                            "switch field `{}` -> `{}`: the variants send another field",
                            wire(o, *of),
                            wire(n, *nf)
                        ),
                    );
                }
                for (which, a, b) in [("on", oon, non), ("off", ooff, noff)] {
                    if a != b {
                        self.push(path.clone(), K::SwitchChanged, Breaking, format!("{which} variant `{name}::{a}` renamed to `{name}::{b}`: code that builds or matches it breaks"));
                    }
                }
                let set = |s: &'m ShapeModel, req: &'m [usize]| -> BTreeSet<&'m str> {
                    req.iter()
                        .map(|&i| wire(s, i))
                        .filter(|w| common(w))
                        .collect()
                };
                let (os, ns) = (set(o, oreq), set(n, nreq));
                for w in ns.difference(&os) {
                    self.push(format!("{path}.{non}"), K::VariantFields, Breaking, format!("`{w}` is now required in `{name}::{non}`: the variant field loses its `Option` and the constructor gains a parameter"));
                }
                for w in os.difference(&ns) {
                    self.push(format!("{path}.{non}"), K::VariantFields, Breaking, format!("`{w}` is no longer required in `{name}::{non}`: the variant field becomes an `Option` and the constructor loses a parameter"));
                }
            }
            _ => {}
        }
    }

    fn enums(&mut self) {
        use ChangeKind as K;
        let olds: BTreeMap<&str, &EnumModel> = self
            .old
            .enums
            .iter()
            .map(|e| (e.name.as_str(), e))
            .collect();
        let news: BTreeMap<&str, &EnumModel> = self
            .new
            .enums
            .iter()
            .map(|e| (e.name.as_str(), e))
            .collect();
        let signature = |e: &EnumModel| {
            let values: Vec<(String, String)> = e
                .values
                .iter()
                .map(|v| (wire_text(&v.wire), v.name.clone()))
                .collect();
            (format!("{:?}", e.kind), values)
        };
        let (removed, added) = removed_and_added(&olds, &news, signature, signature);
        for (name, hint) in &removed {
            self.push(
                format!("enums.{name}"),
                K::EnumRemoved,
                Impact::Breaking,
                format!("enum `{name}` removed{hint}: the type is gone"),
            );
        }
        for (name, hint) in &added {
            self.push(
                format!("enums.{name}"),
                K::EnumAdded,
                Impact::Addition,
                format!("new enum `{name}`{hint}"),
            );
        }
        for (name, o) in &olds {
            if let Some(n) = news.get(name) {
                self.enumeration(o, n);
            }
        }
    }

    fn enumeration(&mut self, o: &EnumModel, n: &EnumModel) {
        use ChangeKind as K;
        use Impact::{Addition, Breaking, Compatible};
        let name = &n.name;
        let path = format!("enums.{name}");
        if o.docs != n.docs {
            self.push(path.clone(), K::EnumDocs, Compatible, "docs changed");
        }
        self.usage(&path, K::EnumUsage, o.usage, n.usage, "`Deserialize`");
        if o.kind != n.kind {
            self.push(path, K::EnumKind, Breaking, format!("wire kind {} -> {}: the values, `Unknown`'s payload and the accessors change type", kind_name(o.kind), kind_name(n.kind)));
            return;
        }
        let olds: BTreeMap<String, _> = o.values.iter().map(|v| (wire_text(&v.wire), v)).collect();
        let news: BTreeMap<String, _> = n.values.iter().map(|v| (wire_text(&v.wire), v)).collect();
        // A variant whose wire value changed: the same name on an old and a new value.
        let gone: Vec<&String> = olds.keys().filter(|w| !news.contains_key(*w)).collect();
        let fresh: Vec<&String> = news.keys().filter(|w| !olds.contains_key(*w)).collect();
        let mut moved: BTreeMap<&String, &String> = BTreeMap::new();
        for g in &gone {
            let Some(ov) = olds.get(*g) else { continue };
            if let Some(f) = fresh
                .iter()
                .find(|f| news.get(**f).is_some_and(|nv| nv.name == ov.name))
            {
                moved.insert(*g, *f);
            }
        }
        let moved_to: BTreeSet<&String> = moved.values().copied().collect();
        for (wire, ov) in &olds {
            let vpath = format!("{path}.values[{wire}]");
            if let Some(to) = moved.get(wire) {
                self.push(vpath, K::EnumValueWire, Breaking, format!("`{name}::{}` is sent as {to} instead of {wire}, and {wire} now decodes as `Unknown`", ov.name));
                continue;
            }
            let Some(nv) = news.get(wire) else {
                self.push(vpath, K::EnumValueRemoved, Breaking, format!("value {wire} removed: the variant `{name}::{}` is gone, and the value now decodes as `Unknown`", ov.name));
                continue;
            };
            if ov.name != nv.name {
                self.push(vpath.clone(), K::EnumValueRenamed, Breaking, format!("variant `{name}::{}` renamed to `{name}::{}` (same wire value): code that names it breaks", ov.name, nv.name));
            }
            if ov.docs != nv.docs {
                self.push(vpath, K::EnumValueDocs, Compatible, "docs changed");
            }
        }
        for (wire, nv) in &news {
            if olds.contains_key(wire) || moved_to.contains(wire) {
                continue;
            }
            self.push(format!("{path}.values[{wire}]"), K::EnumValueAdded, Addition, format!("new value {wire}, `{name}::{}`: the enum is `#[non_exhaustive]` with an `Unknown` variant, so matches already have a wildcard arm (responses with {wire} decoded as `Unknown` before)", nv.name));
        }
    }

    /// The serde impls that follow a type's usage: `Serialize` for requests, `decode` for
    /// responses.
    fn usage(&mut self, path: &str, kind: ChangeKind, old: Usage, new: Usage, decode: &str) {
        match (old.input, new.input) {
            (false, true) => self.push(
                path,
                kind,
                Impact::Addition,
                "now used in requests: gains `Serialize`",
            ),
            (true, false) => self.push(
                path,
                kind,
                Impact::Breaking,
                "no longer used in requests: loses its `Serialize` impl",
            ),
            _ => {}
        }
        match (old.output, new.output) {
            (false, true) => self.push(
                path,
                kind,
                Impact::Addition,
                format!("now used in responses: gains {decode}"),
            ),
            (true, false) => self.push(
                path,
                kind,
                Impact::Breaking,
                format!("no longer used in responses: loses {decode}"),
            ),
            _ => {}
        }
    }

    fn strings(&mut self) {
        use ChangeKind as K;
        let olds: BTreeMap<&str, &StringModel> = self
            .old
            .strings
            .iter()
            .map(|s| (s.name.as_str(), s))
            .collect();
        let news: BTreeMap<&str, &StringModel> = self
            .new
            .strings
            .iter()
            .map(|s| (s.name.as_str(), s))
            .collect();
        let signature = |s: &StringModel| {
            (
                s.pattern.as_ref().map(|(p, _)| p.clone()),
                s.min_length,
                s.max_length,
            )
        };
        let (removed, added) = removed_and_added(&olds, &news, signature, signature);
        for (name, hint) in &removed {
            self.push(
                format!("strings.{name}"),
                K::StringRemoved,
                Impact::Breaking,
                format!("string type `{name}` removed{hint}: the type is gone"),
            );
        }
        for (name, hint) in &added {
            self.push(
                format!("strings.{name}"),
                K::StringAdded,
                Impact::Addition,
                format!("new string type `{name}`{hint}"),
            );
        }
        for (name, o) in &olds {
            if let Some(n) = news.get(name) {
                self.string_type(o, n);
            }
        }
    }

    fn string_type(&mut self, o: &StringModel, n: &StringModel) {
        use ChangeKind as K;
        use Impact::{Breaking, Compatible};
        let name = &n.name;
        let path = format!("strings.{name}");
        let refused = if n.usage.output {
            format!("values `{name}::new` accepted are refused, and responses carrying them no longer decode")
        } else {
            format!("values `{name}::new` accepted are refused")
        };
        match (&o.pattern, &n.pattern) {
            (None, Some((p, _))) => self.push(
                path.clone(),
                K::StringPattern,
                Breaking,
                format!("new pattern `{p}` (tightened): {refused}"),
            ),
            (Some((p, _)), None) => self.push(
                path.clone(),
                K::StringPattern,
                Compatible,
                format!("pattern `{p}` removed: any character is allowed (loosened)"),
            ),
            (Some((op, or)), Some((np, nr))) => {
                let lost = subtract(or, nr);
                let gained = subtract(nr, or);
                let shown = format!("pattern `{op}` -> `{np}`");
                match (lost.is_empty(), gained.is_empty()) {
                    (true, true) if op != np => self.push(path.clone(), K::StringPattern, Compatible, format!("{shown}: the same characters are allowed (only the text in errors and docs changes)")),
                    (true, true) => {}
                    (true, false) => self.push(path.clone(), K::StringPattern, Compatible, format!("{shown}: allows more characters, now also {} (loosened)", show_ranges(&gained))),
                    (false, true) => self.push(path.clone(), K::StringPattern, Breaking, format!("{shown}: allows fewer characters, no longer {} (tightened): {refused}", show_ranges(&lost))),
                    (false, false) => self.push(path.clone(), K::StringPattern, Breaking, format!("{shown}: no longer allows {}, now allows {}: {refused}", show_ranges(&lost), show_ranges(&gained))),
                }
            }
            (None, None) => {}
        }
        if o.min_length != n.min_length {
            let (a, b) = (o.min_length.unwrap_or(0), n.min_length.unwrap_or(0));
            let shown = format!(
                "min_length {} -> {}",
                show_len(o.min_length),
                show_len(n.min_length)
            );
            let (impact, what) = match b.cmp(&a) {
                std::cmp::Ordering::Greater => {
                    (Breaking, format!("{shown} (tightened): {refused}"))
                }
                std::cmp::Ordering::Less => (
                    Compatible,
                    format!("{shown}: shorter values are allowed (loosened)"),
                ),
                std::cmp::Ordering::Equal => (Compatible, format!("{shown}: the same check")),
            };
            self.push(path.clone(), K::StringMinLength, impact, what);
        }
        if o.max_length != n.max_length {
            let (a, b) = (
                o.max_length.map_or(u64::MAX, u64::from),
                n.max_length.map_or(u64::MAX, u64::from),
            );
            let shown = format!(
                "max_length {} -> {}",
                show_len(o.max_length),
                show_len(n.max_length)
            );
            let (impact, what) = if b < a {
                (Breaking, format!("{shown} (tightened): {refused}"))
            } else {
                (
                    Compatible,
                    format!("{shown}: longer values are allowed (loosened)"),
                )
            };
            self.push(path.clone(), K::StringMaxLength, impact, what);
        }
        if o.example != n.example {
            self.push(
                path.clone(),
                K::StringExample,
                Compatible,
                "example changed (docs only)",
            );
        }
        if o.docs != n.docs {
            self.push(path.clone(), K::StringDocs, Compatible, "docs changed");
        }
        self.usage(
            &path,
            K::StringUsage,
            o.usage,
            n.usage,
            "`Deserialize` and `TryFrom<String>`",
        );
    }
}

/// Which variants of an enum-represented shape hold the field `wire`, as prose.
fn variant_holders(shape: &ShapeModel, wire: &str) -> String {
    let Some(index) = shape.fields.iter().position(|f| f.wire == wire) else {
        return "a variant changes".to_owned();
    };
    let names: Vec<String> = match &shape.repr {
        Repr::OneOf { variants } => variants
            .iter()
            .filter(|v| v.member == index || v.others.contains(&index))
            .map(|v| format!("`{}::{}`", shape.name, v.name))
            .collect(),
        Repr::Switch { on, off, .. } => vec![
            format!("`{}::{on}`", shape.name),
            format!("`{}::{off}`", shape.name),
        ],
        Repr::Struct => Vec::new(),
    };
    if names.is_empty() {
        "a variant changes".to_owned()
    } else {
        format!("held by {}", names.join(", "))
    }
}

/// A removed name whose content reappears under exactly one added name (and only there).
/// Names with the rename hint to show after them (empty when there is none).
type Hinted<'a> = Vec<(&'a str, String)>;

/// The names only `olds` has and the names only `news` has, in name order, each with a hint
/// naming the other side's name when the two look like a rename (same signature, one to one).
fn removed_and_added<'a, T: Copy, S: PartialEq>(
    olds: &BTreeMap<&'a str, T>,
    news: &BTreeMap<&'a str, T>,
    old_signature: impl Fn(T) -> S,
    new_signature: impl Fn(T) -> S,
) -> (Hinted<'a>, Hinted<'a>) {
    let removed: Vec<(&str, S)> = olds
        .iter()
        .filter(|(name, _)| !news.contains_key(*name))
        .map(|(name, item)| (*name, old_signature(*item)))
        .collect();
    let added: Vec<(&str, S)> = news
        .iter()
        .filter(|(name, _)| !olds.contains_key(*name))
        .map(|(name, item)| (*name, new_signature(*item)))
        .collect();
    let renames = renames(&removed, &added);
    let reverse: BTreeMap<&str, &str> = renames.iter().map(|(a, b)| (*b, *a)).collect();
    let removed = removed
        .iter()
        .map(|(name, _)| {
            let hint = renames
                .get(name)
                .map_or_else(String::new, |to| format!(" (looks renamed to `{to}`)"));
            (*name, hint)
        })
        .collect();
    let added = added
        .iter()
        .map(|(name, _)| {
            let hint = reverse.get(name).map_or_else(String::new, |from| {
                format!(" (looks renamed from `{from}`)")
            });
            (*name, hint)
        })
        .collect();
    (removed, added)
}

fn renames<'a, T: PartialEq>(
    removed: &[(&'a str, T)],
    added: &[(&'a str, T)],
) -> BTreeMap<&'a str, &'a str> {
    let mut out = BTreeMap::new();
    for (old, sig) in removed {
        let matches: Vec<&str> = added
            .iter()
            .filter(|(_, s)| s == sig)
            .map(|(n, _)| *n)
            .collect();
        let back = removed.iter().filter(|(_, s)| s == sig).count();
        if let ([new], 1) = (matches.as_slice(), back) {
            out.insert(*old, *new);
        }
    }
    out
}

/// A rule as compared across specs: its key (kind and fields), its value, how it is shown, and
/// the fields that must be set for it to refuse a request.
struct RuleInfo {
    value: RuleArg,
    subject: String,
    shown: String,
    guards: Vec<String>,
}

#[derive(PartialEq, Eq)]
enum RuleArg {
    None,
    Min(u32),
    Value(String),
}

impl fmt::Display for RuleArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::None => Ok(()),
            Self::Min(n) => write!(f, "{n}"),
            Self::Value(v) => f.write_str(v),
        }
    }
}

fn rule_infos(model: &Model, shape: &ShapeModel) -> BTreeMap<String, RuleInfo> {
    let wire = |i: usize| {
        shape
            .fields
            .get(i)
            .map_or_else(String::new, |f| f.wire.clone())
    };
    let mut out = BTreeMap::new();
    for check in &shape.checks {
        let (key, info) = match check {
            Check::ExactlyOneOf(members) => {
                let mut names: Vec<String> = members.iter().map(|&i| wire(i)).collect();
                names.sort();
                let shown: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                (
                    format!("exactly_one_of({})", names.join(", ")),
                    RuleInfo {
                        value: RuleArg::None,
                        subject: String::new(),
                        shown: format!("exactly one of {}", shown.join(", ")),
                        guards: Vec::new(),
                    },
                )
            }
            Check::Forbids { field, forbidden } => {
                let (f, g) = (wire(*field), wire(*forbidden));
                (
                    format!("forbids({f}, {g})"),
                    RuleInfo {
                        value: RuleArg::None,
                        subject: String::new(),
                        shown: format!("`{f}` forbids `{g}`"),
                        guards: vec![f, g],
                    },
                )
            }
            Check::RequiredIf {
                field,
                when,
                equals,
            } => {
                let (f, w) = (wire(*field), wire(*when));
                let value = match equals {
                    RuleValue::Bool(b) => b.to_string(),
                    RuleValue::Variant(v) => {
                        let enum_values = match shape.fields.get(*when).map(|f| &f.ty) {
                            Some(Ty::Enum(e)) => model.enums.get(*e).map(|e| &e.values),
                            _ => None,
                        };
                        enum_values
                            .and_then(|values| values.get(*v))
                            .map_or_else(|| format!("#{v}"), |value| wire_text(&value.wire))
                    }
                };
                (
                    format!("required_if({f}, {w})"),
                    RuleInfo {
                        shown: format!("`{f}` required when `{w}` is {value}"),
                        subject: format!("`{f}` required when `{w}` is"),
                        value: RuleArg::Value(value),
                        guards: vec![w],
                    },
                )
            }
            Check::MinItems { field, min } => {
                let f = wire(*field);
                (
                    format!("min_items({f})"),
                    RuleInfo {
                        value: RuleArg::Min(*min),
                        subject: format!("`{f}` needs at least"),
                        shown: format!("`{f}` needs at least {min} item(s)"),
                        guards: vec![f],
                    },
                )
            }
        };
        out.insert(key, info);
    }
    out
}

/// The characters of `a` that `b` does not allow, as code point ranges.
fn subtract(a: &[(char, char)], b: &[(char, char)]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    for &(start, end) in a {
        let mut pieces = vec![(u32::from(start), u32::from(end))];
        for &(bs, be) in b {
            let (bs, be) = (u32::from(bs), u32::from(be));
            pieces = pieces
                .into_iter()
                .flat_map(|(ps, pe)| {
                    let mut kept = Vec::new();
                    if be < ps || bs > pe {
                        kept.push((ps, pe));
                    } else {
                        if bs > ps {
                            kept.push((ps, bs - 1));
                        }
                        if be < pe {
                            kept.push((be + 1, pe));
                        }
                    }
                    kept
                })
                .collect();
        }
        out.extend(pieces);
    }
    out
}

fn show_ranges(ranges: &[(u32, u32)]) -> String {
    let show = |c: u32| match char::from_u32(c) {
        Some(c) if !c.is_control() && !c.is_whitespace() => c.to_string(),
        _ => format!("U+{c:04X}"),
    };
    let parts: Vec<String> = ranges
        .iter()
        .map(|&(s, e)| {
            if s == e {
                format!("`{}`", show(s))
            } else {
                format!("`{}`-`{}`", show(s), show(e))
            }
        })
        .collect();
    parts.join(" ")
}

fn show_len(len: Option<u32>) -> String {
    len.map_or_else(|| "none".to_owned(), |n| n.to_string())
}

fn ty_name(model: &Model, ty: &Ty) -> String {
    match ty {
        Ty::String => "String".to_owned(),
        Ty::Boolean => "Boolean".to_owned(),
        Ty::Integer => "Integer".to_owned(),
        Ty::List(inner) => format!("List<{}>", ty_name(model, inner)),
        Ty::Enum(i) => model
            .enums
            .get(*i)
            .map_or_else(|| format!("enum #{i}"), |e| e.name.clone()),
        Ty::Str(i) => model
            .strings
            .get(*i)
            .map_or_else(|| format!("string #{i}"), |s| s.name.clone()),
        Ty::Shape(i) => shape_name(model, *i),
    }
}

/// What a value of the type looks like in JSON.
fn wire_kind(model: &Model, ty: &Ty) -> String {
    match ty {
        Ty::String | Ty::Str(_) => "a string".to_owned(),
        Ty::Boolean => "a Boolean".to_owned(),
        Ty::Integer => "an integer".to_owned(),
        Ty::Enum(i) => match model.enums.get(*i).map(|e| e.kind) {
            Some(EnumKind::Integer) => "an integer".to_owned(),
            _ => "a string".to_owned(),
        },
        Ty::Shape(_) => "an object".to_owned(),
        Ty::List(inner) => format!(
            "a list of {}",
            wire_kind(model, inner)
                .trim_start_matches("an ")
                .trim_start_matches("a ")
        ),
    }
}

fn shape_name(model: &Model, index: usize) -> String {
    model
        .shapes
        .get(index)
        .map_or_else(|| format!("shape #{index}"), |s| s.name.clone())
}

fn home_name(model: &Model, home: Home) -> String {
    match home {
        Home::Types => "types".to_owned(),
        Home::Action(i) => model
            .actions
            .get(i)
            .map_or_else(|| format!("action #{i}"), |a| a.snake.clone()),
    }
}

/// A wire value as JSON: `"push"` or `1`.
fn wire_text(wire: &WireValue) -> String {
    match wire {
        WireValue::String(s) => serde_json::Value::String(s.clone()).to_string(),
        WireValue::Integer(n) => n.to_string(),
    }
}

fn kind_name(kind: EnumKind) -> &'static str {
    match kind {
        EnumKind::String => "string",
        EnumKind::Integer => "integer",
    }
}

fn method_name(method: MethodSpec) -> &'static str {
    match method {
        MethodSpec::Get => "GET",
        MethodSpec::Post => "POST",
    }
}

fn provider_name(provider: ProviderSpec) -> &'static str {
    match provider {
        ProviderSpec::Volcengine => "volcengine",
        ProviderSpec::Byteplus => "byteplus",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    const SPEC: &str = include_str!("../../spec/live-callback.json");

    /// The real spec, edited by `edit`, checked.
    fn model(
        edit: impl FnOnce(&mut Value) -> Option<()>,
    ) -> Result<Model, Box<dyn std::error::Error>> {
        let mut value: Value = serde_json::from_str(SPEC)?;
        edit(&mut value).ok_or("the edit did not find what it edits")?;
        Ok(crate::check_spec(
            &serde_json::to_string(&value)?,
            "edited.json",
        )?)
    }

    fn named<'v>(value: &'v mut Value, list: &str, name: &str) -> Option<&'v mut Value> {
        value[list]
            .as_array_mut()?
            .iter_mut()
            .find(|item| item["name"] == name)
    }

    fn field<'v>(value: &'v mut Value, shape: &str, name: &str) -> Option<&'v mut Value> {
        named(value, "shapes", shape)?["fields"]
            .as_array_mut()?
            .iter_mut()
            .find(|f| f["name"] == name)
    }

    fn report(
        edit: impl FnOnce(&mut Value) -> Option<()>,
    ) -> Result<Report, Box<dyn std::error::Error>> {
        Ok(diff(&model(|_| Some(()))?, &model(edit)?))
    }

    fn kinds(report: &Report) -> Vec<(&str, &str, &str)> {
        report
            .changes
            .iter()
            .map(|c| (c.path.as_str(), c.kind.as_str(), c.impact.as_str()))
            .collect()
    }

    #[test]
    fn a_spec_against_itself_has_no_changes() -> TestResult {
        let report = report(|_| Some(()))?;
        assert!(report.changes.is_empty());
        assert_eq!(report.bump(), Bump::None);
        assert_eq!(report.next_version().as_deref(), Some("0.1.0"));
        assert!(!report.is_breaking());
        Ok(())
    }

    #[test]
    fn declaration_order_is_not_a_change() -> TestResult {
        let report = report(|v| {
            for list in ["actions", "shapes", "enums"] {
                v[list].as_array_mut()?.reverse();
            }
            named(v, "enums", "MessageType")?["values"]
                .as_array_mut()?
                .reverse();
            Some(())
        })?;
        assert_eq!(kinds(&report), Vec::<(&str, &str, &str)>::new());
        Ok(())
    }

    #[test]
    fn versions_and_bumps() {
        assert_eq!(Bump::Minor.apply("0.1.3").as_deref(), Some("0.2.0"));
        assert_eq!(Bump::Patch.apply("0.1.3").as_deref(), Some("0.1.4"));
        assert_eq!(Bump::Major.apply("1.4.2+build.7").as_deref(), Some("2.0.0"));
        assert_eq!(Bump::None.apply("0.1.0-alpha.1").as_deref(), Some("0.1.0"));
        assert_eq!(Bump::Minor.apply("0.1"), None);
        assert_eq!(Bump::Minor.apply("0.1.0.0"), None);
        assert_eq!(Bump::Minor.apply("v0.1.0"), None);
        assert_eq!(Bump::Patch.apply(&format!("0.1.{}", u64::MAX)), None);
        assert_eq!(Bump::before_1_0(Some(Impact::Breaking)), Bump::Minor);
        assert_eq!(Bump::before_1_0(Some(Impact::Addition)), Bump::Patch);
        assert_eq!(Bump::before_1_0(Some(Impact::Compatible)), Bump::Patch);
        assert_eq!(Bump::after_1_0(Some(Impact::Breaking)), Bump::Major);
        assert_eq!(Bump::after_1_0(Some(Impact::Addition)), Bump::Minor);
        assert_eq!(Bump::after_1_0(Some(Impact::Compatible)), Bump::Patch);
        assert_eq!(Bump::after_1_0(None), Bump::None);
    }

    #[test]
    fn a_1_x_crate_bumps_minor_for_additions() -> TestResult {
        let old = model(|v| {
            v["service"]["crate_version"] = "1.2.3".into();
            Some(())
        })?;
        let new = model(|v| {
            v["service"]["crate_version"] = "1.2.3".into();
            let values = named(v, "enums", "MessageType")?["values"].as_array_mut()?;
            values.push(serde_json::json!({"value": "transcode", "name": "Transcode", "docs": {"zh": "转码。", "en": "Transcoding."}}));
            Some(())
        })?;
        let report = diff(&old, &new);
        assert!(report.is_post_1_0());
        assert_eq!(report.bump(), Bump::Minor);
        assert_eq!(report.next_version().as_deref(), Some("1.3.0"));
        assert_eq!(report.new_version_suffices(), Some(false));
        assert!(report.to_text().contains("1.2.3 -> 1.3.0"));
        Ok(())
    }

    #[test]
    fn new_spec_version_is_compared_with_the_bump() -> TestResult {
        let report = report(|v| {
            v["service"]["version"] = "2024-01-01".into();
            v["service"]["crate_version"] = "0.2.0-rc.1".into();
            Some(())
        })?;
        assert_eq!(report.next_version().as_deref(), Some("0.2.0"));
        assert_eq!(report.new_version_suffices(), Some(false));
        let report = report_with_version("0.3.0")?;
        assert_eq!(report.new_version_suffices(), Some(true));
        Ok(())
    }

    fn report_with_version(version: &str) -> Result<Report, Box<dyn std::error::Error>> {
        report(|v| {
            v["service"]["version"] = "2024-01-01".into();
            v["service"]["crate_version"] = version.into();
            Some(())
        })
    }

    #[test]
    fn enum_kind_change_is_one_breaking_change() -> TestResult {
        let report = report(|v| {
            let e = named(v, "enums", "TranscodeCallback")?;
            e["kind"] = "string".into();
            for value in e["values"].as_array_mut()? {
                let text = value["value"].to_string();
                value["value"] = text.into();
            }
            Some(())
        })?;
        assert_eq!(
            kinds(&report),
            [("enums.TranscodeCallback", "enum_kind", "breaking")]
        );
        Ok(())
    }

    #[test]
    fn crate_name_and_switch_variant_names() -> TestResult {
        let report = report(|v| {
            v["service"]["crate_name"] = "volc-live".into();
            named(v, "shapes", "CallbackAuth")?["representation"]["on"] = "On".into();
            Some(())
        })?;
        assert_eq!(
            kinds(&report),
            [
                ("service.crate_name", "crate_name", "breaking"),
                ("shapes.CallbackAuth.variants", "switch_changed", "breaking"),
            ]
        );
        Ok(())
    }

    #[test]
    fn endpoint_region_and_order() -> TestResult {
        let report = report(|v| {
            let endpoints = v["service"]["endpoints"].as_array_mut()?;
            endpoints.reverse();
            endpoints.first_mut()?["region"] = "cn-north-1".into();
            Some(())
        })?;
        assert_eq!(
            kinds(&report),
            [
                ("service.endpoints", "endpoint_order", "compatible"),
                ("service.endpoints.byteplus", "endpoint_changed", "breaking"),
            ]
        );
        Ok(())
    }

    #[test]
    fn same_characters_in_another_pattern_is_compatible() -> TestResult {
        let report = report(|v| {
            named(v, "strings", "AppName")?["pattern"] = "^[-.0-9A-Z_a-z]+$".into();
            Some(())
        })?;
        assert_eq!(
            kinds(&report),
            [("strings.AppName", "string_pattern", "compatible")]
        );
        Ok(())
    }

    #[test]
    fn field_order_breaks_only_positional_constructors() -> TestResult {
        // CallbackDetail is built with `new(callback_type, url)`.
        let report = report(|v| {
            named(v, "shapes", "CallbackDetail")?["fields"]
                .as_array_mut()?
                .reverse();
            named(v, "shapes", "DescribeCallbackRequest")?["fields"]
                .as_array_mut()?
                .reverse();
            Some(())
        })?;
        assert_eq!(
            kinds(&report),
            [
                ("shapes.CallbackDetail.fields", "field_order", "breaking"),
                (
                    "shapes.DescribeCallbackRequest.fields",
                    "field_order",
                    "compatible"
                ),
            ]
        );
        Ok(())
    }

    #[test]
    fn rules_of_response_only_shapes_do_nothing() -> TestResult {
        let report = report(|v| {
            let rules =
                serde_json::json!([{"kind": "min_items", "field": "CallbackDetailList", "min": 1}]);
            named(v, "shapes", "CallbackConfig")?["rules"] = rules;
            Some(())
        })?;
        assert_eq!(
            kinds(&report),
            [(
                "shapes.CallbackConfig.rules.min_items(CallbackDetailList)",
                "rule_added",
                "compatible"
            )]
        );
        Ok(())
    }

    #[test]
    fn a_request_field_of_another_type_names_both() -> TestResult {
        let report = report(|v| {
            field(v, "CallbackDetail", "URL")?["type"] = "AppName".into();
            Some(())
        })?;
        // CallbackDetail is in responses too, so AppName now decodes.
        let [change, usage] = report.changes.as_slice() else {
            return Err(format!("{:?}", report.changes).into());
        };
        assert_eq!(
            (usage.path.as_str(), usage.kind, usage.impact),
            ("strings.AppName", ChangeKind::StringUsage, Impact::Addition)
        );
        assert_eq!(change.kind, ChangeKind::FieldType);
        assert_eq!(
            change.description,
            "type `String` -> `AppName`: its getter and setter change type (the JSON stays a string)"
        );
        Ok(())
    }

    #[test]
    fn character_ranges() {
        let lost = subtract(
            &[('-', '.'), ('0', '9'), ('a', 'z')],
            &[('-', '-'), ('0', '9'), ('b', 'y')],
        );
        assert_eq!(show_ranges(&lost), "`.` `a` `z`");
        assert!(subtract(&[('a', 'c')], &[('a', 'z')]).is_empty());
        assert_eq!(
            show_ranges(&subtract(&[(' ', '~')], &[('!', '~')])),
            "`U+0020`"
        );
        assert_eq!(show_ranges(&[(0x61, 0x7a)]), "`a`-`z`");
    }

    #[test]
    fn change_kind_names_are_unique_snake_case() {
        let names: BTreeSet<&str> = ChangeKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(names.len(), ChangeKind::ALL.len());
        for name in names {
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{name}"
            );
        }
    }

    #[test]
    fn json_keys_are_sorted() -> TestResult {
        let report = report(|v| {
            v["service"]["version"] = "2024-01-01".into();
            Some(())
        })?;
        let text = report.to_json();
        // serde_json's map is sorted (no `preserve_order`), so a re-print sorts every object.
        let value: Value = serde_json::from_str(&text)?;
        assert_eq!(serde_json::to_string_pretty(&value)? + "\n", text);
        assert_eq!(value["changes"][0]["kind"], "service_version");
        assert_eq!(value["bump"]["current"], "minor");
        assert_eq!(value["bump"]["after_1_0"], "major");
        Ok(())
    }
}
