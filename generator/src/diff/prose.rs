//! How changed things are named and shown in descriptions.

use std::collections::BTreeMap;
use std::fmt;

use crate::model::{
    Bound, BoundValue, Check, EnumKind, Form, Home, Model, RuleValue, ShapeModel, Ty, WireValue,
};

/// What users see of a shape's form, read from the model, for comparing two specs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FormView {
    /// Private fields, getters, and `new` (`simple`), a builder (`builder`) or both; `decodes`
    /// when results reach it too.
    Request {
        simple: bool,
        builder: bool,
        decodes: bool,
    },
    /// Public optional fields, `#[non_exhaustive]`.
    Response,
    /// An exhaustive enum, one variant per member.
    OneOf,
    /// An exhaustive enum over a Boolean.
    Switch,
}

impl FormView {
    pub(super) fn of(shape: &ShapeModel) -> Self {
        match &shape.form {
            Form::Request(form) => Self::Request {
                simple: form.construction.has_new(),
                builder: form.construction.builder().is_some(),
                decodes: form.decoded.is_some(),
            },
            Form::Response => Self::Response,
            Form::OneOf(_) => Self::OneOf,
            Form::Switch(_) => Self::Switch,
        }
    }

    pub(super) fn label(self) -> &'static str {
        match self {
            Self::Request { simple: true, .. } => "request struct built with `new`",
            Self::Request { simple: false, .. } => "request struct built with a builder",
            Self::Response => "response struct with public optional fields",
            Self::OneOf => "one_of enum",
            Self::Switch => "switch enum",
        }
    }

    pub(super) fn same_category(self, other: Self) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }

    pub(super) fn is_request(self) -> bool {
        matches!(self, Self::Request { .. })
    }
}

/// Which variants of an enum-represented shape hold the field `wire`, as prose.
pub(super) fn variant_holders(shape: &ShapeModel, wire: &str) -> String {
    let Some(index) = shape.fields.iter().position(|f| f.wire == wire) else {
        return "a variant changes".to_owned();
    };
    let names: Vec<String> = match &shape.form {
        Form::OneOf(variants) => variants
            .iter()
            .filter(|v| v.member == index || v.others.contains(&index))
            .map(|v| format!("`{}::{}`", shape.name, v.name))
            .collect(),
        Form::Switch(switch) => vec![
            format!("`{}::{}`", shape.name, switch.on.name),
            format!("`{}::{}`", shape.name, switch.off.name),
        ],
        Form::Request(_) | Form::Response => Vec::new(),
    };
    if names.is_empty() {
        "a variant changes".to_owned()
    } else {
        format!("held by {}", names.join(", "))
    }
}

/// A removed name whose content reappears under exactly one added name (and only there).
/// Names with the rename hint to show after them (empty when there is none).
pub(super) type Hinted<'a> = Vec<(&'a str, String)>;

/// The names only `olds` has and the names only `news` has, in name order, each with a hint
/// naming the other side's name when the two look like a rename (same signature, one to one).
pub(super) fn removed_and_added<'a, T: Copy, S: PartialEq>(
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

pub(super) fn renames<'a, T: PartialEq>(
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
pub(super) struct RuleInfo {
    pub value: RuleArg,
    pub subject: String,
    pub shown: String,
    pub guards: Vec<String>,
}

#[derive(PartialEq, Eq)]
pub(super) enum RuleArg {
    None,
    Min(u32),
    Max(u32),
    Value(String),
    Range {
        min: Option<Bound>,
        max: Option<Bound>,
    },
}

impl fmt::Display for RuleArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::None => Ok(()),
            Self::Min(n) | Self::Max(n) => write!(f, "{n}"),
            Self::Value(v) => f.write_str(v),
            Self::Range { min, max } => f.write_str(&show_range(min.as_ref(), max.as_ref())),
        }
    }
}

/// `1 to 1000`, `at least 1`, `at most 1000`.
pub(super) fn show_range(min: Option<&Bound>, max: Option<&Bound>) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!("{} to {}", min.text, max.text),
        (Some(min), None) => format!("at least {}", min.text),
        (None, Some(max)) => format!("at most {}", max.text),
        (None, None) => "any value".to_owned(),
    }
}

/// How a range changed: whether some value it accepted is now refused (`narrower`), and
/// whether some value it refused is now accepted (`wider`).
pub(super) fn range_change(
    old: (Option<&Bound>, Option<&Bound>),
    new: (Option<&Bound>, Option<&Bound>),
) -> (bool, bool) {
    let value = |b: &Bound| match b.value {
        BoundValue::Integer(n) => n as f64,
        BoundValue::Float(x) => x,
    };
    // A lower bound that rises, or appears, refuses more; one that falls, or goes, accepts more.
    let lower = |old: Option<&Bound>, new: Option<&Bound>| match (old, new) {
        (None, None) => (false, false),
        (None, Some(_)) => (true, false),
        (Some(_), None) => (false, true),
        (Some(a), Some(b)) => (value(b) > value(a), value(b) < value(a)),
    };
    let upper = |old: Option<&Bound>, new: Option<&Bound>| match (old, new) {
        (None, None) => (false, false),
        (None, Some(_)) => (true, false),
        (Some(_), None) => (false, true),
        (Some(a), Some(b)) => (value(b) < value(a), value(b) > value(a)),
    };
    let (low_narrower, low_wider) = lower(old.0, new.0);
    let (high_narrower, high_wider) = upper(old.1, new.1);
    (low_narrower || high_narrower, low_wider || high_wider)
}

pub(super) fn rule_infos(model: &Model, shape: &ShapeModel) -> BTreeMap<String, RuleInfo> {
    let wire = |i: usize| {
        shape
            .fields
            .get(i)
            .map_or_else(String::new, |f| f.wire.clone())
    };
    let mut out = BTreeMap::new();
    for check in &shape.rules {
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
                    RuleValue::Integer(n) => n.to_string(),
                    RuleValue::String(s) => format!("{s:?}"),
                    RuleValue::Variant { enumeration, value } => model
                        .enums
                        .get(*enumeration)
                        .and_then(|e| e.values.get(*value))
                        .map_or_else(|| format!("#{value}"), |v| wire_text(&v.wire)),
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
            Check::Range { field, min, max } => {
                let f = wire(*field);
                let shown = show_range(min.as_ref(), max.as_ref());
                (
                    format!("range({f})"),
                    RuleInfo {
                        value: RuleArg::Range {
                            min: min.clone(),
                            max: max.clone(),
                        },
                        subject: format!("`{f}` range"),
                        shown: format!("`{f}` is {shown}"),
                        guards: vec![f],
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
                        shown: format!(
                            "`{f}` needs at least {min} item{}",
                            if *min == 1 { "" } else { "s" }
                        ),
                        guards: vec![f],
                    },
                )
            }
            Check::MaxItems { field, max } => {
                let f = wire(*field);
                (
                    format!("max_items({f})"),
                    RuleInfo {
                        value: RuleArg::Max(*max),
                        subject: format!("`{f}` takes at most"),
                        shown: format!(
                            "`{f}` takes at most {max} item{}",
                            if *max == 1 { "" } else { "s" }
                        ),
                        guards: vec![f],
                    },
                )
            }
            Check::Length { field, min, max } => {
                let f = wire(*field);
                let shown = match (min, max) {
                    (Some(a), Some(b)) => format!("{a} to {b} characters"),
                    (Some(a), None) => format!("at least {a} characters"),
                    (None, Some(b)) => format!("at most {b} characters"),
                    (None, None) => "any length".to_owned(),
                };
                (
                    format!("length({f})"),
                    RuleInfo {
                        value: RuleArg::Value(shown.clone()),
                        subject: format!("`{f}` length"),
                        shown: format!("`{f}` is {shown}"),
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
pub(super) fn subtract(a: &[(char, char)], b: &[(char, char)]) -> Vec<(u32, u32)> {
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

pub(super) fn show_ranges(ranges: &[(u32, u32)]) -> String {
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

pub(super) fn show_len(len: Option<u32>) -> String {
    len.map_or_else(|| "none".to_owned(), |n| n.to_string())
}

pub(super) fn ty_name(model: &Model, ty: &Ty) -> String {
    match ty {
        Ty::String => "String".to_owned(),
        Ty::Boolean => "Boolean".to_owned(),
        Ty::Integer => "Integer".to_owned(),
        Ty::Float => "Float".to_owned(),
        Ty::Json => "Json".to_owned(),
        Ty::List(inner) => format!("List<{}>", ty_name(model, inner)),
        Ty::Map(inner) => format!("Map<{}>", ty_name(model, inner)),
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
pub(super) fn wire_kind(model: &Model, ty: &Ty) -> String {
    match ty {
        Ty::String | Ty::Str(_) => "a string".to_owned(),
        Ty::Boolean => "a Boolean".to_owned(),
        Ty::Integer => "an integer".to_owned(),
        Ty::Float => "a number".to_owned(),
        Ty::Json => "any JSON value".to_owned(),
        Ty::Map(inner) => format!(
            "an object of {}",
            wire_kind(model, inner)
                .trim_start_matches("an ")
                .trim_start_matches("a ")
        ),
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

pub(super) fn shape_name(model: &Model, index: usize) -> String {
    model
        .shapes
        .get(index)
        .map_or_else(|| format!("shape #{index}"), |s| s.name.clone())
}

pub(super) fn home_name(model: &Model, home: Home) -> String {
    match home {
        Home::Types => "types".to_owned(),
        Home::Events => "events".to_owned(),
        Home::Action(i) => model
            .actions
            .get(i)
            .map_or_else(|| format!("action #{i}"), |a| a.snake.clone()),
    }
}

/// A wire value as JSON: `"push"` or `1`.
pub(super) fn wire_text(wire: &WireValue) -> String {
    match wire {
        WireValue::String(s) => serde_json::Value::String(s.clone()).to_string(),
        WireValue::Integer(n) => n.to_string(),
    }
}
