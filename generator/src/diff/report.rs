//! The report: what kinds of change there are, their impact, the version bump they need, and
//! the text and JSON forms of a report.

use std::fmt::{self, Write as _};

use serde::{Serialize, Serializer};

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
    /// A provider's endpoint preset for a region appeared.
    EndpointAdded => "endpoint_added",
    /// A provider's endpoint preset for a region disappeared.
    EndpointRemoved => "endpoint_removed",
    /// The URL of a provider's preset for a region, or which region a provider calls by
    /// default.
    EndpointChanged => "endpoint_changed",
    /// The order of the endpoint presets.
    EndpointOrder => "endpoint_order",
    /// A new action.
    ActionAdded => "action_added",
    /// An action disappeared.
    ActionRemoved => "action_removed",
    /// An action's HTTP method.
    ActionMethod => "action_method",
    /// The API version an action is called with.
    ActionVersion => "action_version",
    /// The cargo feature that compiles an action in (when the crate has one per action).
    ActionFeature => "action_feature",
    /// An action's input shape.
    ActionInput => "action_input",
    /// An action's result shape (added, removed or another).
    ActionResult => "action_result",
    /// An action's documented rate limit.
    ActionRateLimit => "action_rate_limit",
    /// Whether an action is retried after a failure that may have reached the service.
    ActionIdempotent => "action_idempotent",
    /// An action's docs.
    ActionDocs => "action_docs",
    /// A documented error code appeared (a new constant of `error_codes`).
    ErrorCodeAdded => "error_code_added",
    /// A documented error code disappeared (its constant is gone).
    ErrorCodeRemoved => "error_code_removed",
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
    /// A shape's name in Rust (its `rust_name`).
    ShapeRustName => "shape_rust_name",
    /// Whether a shape's types implement `Eq` (not when a float is inside).
    ShapeEq => "shape_eq",
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
    /// Whether a field of a POST action's input travels in the query string or the JSON body.
    FieldLocation => "field_location",
    /// A field's name in Rust (its `rust_name`).
    FieldRustName => "field_rust_name",
    /// Whether a field holds its value in a `Box` (it closes a cycle of shapes).
    FieldBoxed => "field_boxed",
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
    /// The other spellings an enum value decodes from.
    EnumValueAlias => "enum_value_alias",
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
    /// The spec gained callback events.
    EventsAdded => "events_added",
    /// The spec lost its callback events.
    EventsRemoved => "events_removed",
    /// The shape of the fields every event carries.
    EventsEnvelope => "events_envelope",
    /// How deliveries are signed.
    EventsSignature => "events_signature",
    /// The docs of the events or of an event type.
    EventsDocs => "events_docs",
    /// A new known event type.
    EventTypeAdded => "event_type_added",
    /// A known event type disappeared.
    EventTypeRemoved => "event_type_removed",
    /// An event type's variant name, fields shape or message type.
    EventTypeChanged => "event_type_changed",
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
