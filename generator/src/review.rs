//! `volc-codegen rules`: the sentences of a spec's docs that state a constraint in the API
//! reference's standard phrasings, each with its review status: covered by a rule of the spec
//! (whose docs quote it), dismissed (a person read it and recorded why it is not a rule), or
//! open, with a proposed rule in overlay syntax.
//!
//! The phrasings, in the Chinese docs of request fields and shapes:
//!
//! | kind | phrasings |
//! |---|---|
//! | `exactly_one_of` | 传且仅传一个, 二选一(必传), 有且仅有一个, 有且只有一个 |
//! | `not_together` | 不可同时, 不能同时, 不支持同时, 不可以同时, 不得同时 |
//! | `required_if` | a condition (当, 如果, 若, ... 时) and 必填, 必传, 必须传入, 不能为空 |
//! | `range` | 取值范围 / 范围 / 取值 with two numbers (`[1, 1000]`, `1～100`, `(0, 10]`, `1 到 5`), or 大于等于 / 小于等于 / 不超过 a number |
//! | `length` | 长度 or 字符 with a bound: `1 到 30 个字符`, `不超过 64 个字符`, `最大长度为 128` |
//! | `max_items` | 最多 N 个, 不超过 N 个, 上限为 N 个 (not characters) |
//!
//! Only shapes that requests reach are read: what a response holds is decoded leniently and
//! never checked, so a constraint stated there is not a rule of the client. Sentences that
//! look like one but are not (默认, 不传则, examples) match none of the phrasings above unless
//! they also state one, and are then reviewed like any other.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde_json::{json, Value};

use crate::model::{Model, Ty};
use crate::spec::{Docs, Rule, Shape, Spec};

/// The kind of constraint a sentence states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Exactly one of several fields.
    ExactlyOneOf,
    /// Two fields not together.
    NotTogether,
    /// A field required when another has a value.
    RequiredIf,
    /// A number within bounds.
    Range,
    /// A string's length within bounds.
    Length,
    /// A list's size at most a bound.
    MaxItems,
}

impl Kind {
    /// The kind's name in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ExactlyOneOf => "exactly_one_of",
            Self::NotTogether => "not_together",
            Self::RequiredIf => "required_if",
            Self::Range => "range",
            Self::Length => "length",
            Self::MaxItems => "max_items",
        }
    }
}

/// Where a sentence stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// A rule of the shape quotes it.
    Rule,
    /// A dismissal of the shape records it.
    Dismissed,
    /// Neither: someone has to read it.
    Open,
}

impl Status {
    /// The status's name in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rule => "rule",
            Self::Dismissed => "dismissed",
            Self::Open => "open",
        }
    }
}

/// One sentence found.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The first action (in spec order) whose request reaches the shape.
    pub action: String,
    /// The shape whose docs hold the sentence.
    pub shape: String,
    /// The field whose docs hold it; `None` for the shape's own docs.
    pub field: Option<String>,
    /// The sentence, as the docs write it.
    pub sentence: String,
    /// What it states.
    pub kind: Kind,
    /// Its review status.
    pub status: Status,
    /// For an open sentence, a rule in overlay syntax when one can be read from it.
    pub proposal: Option<Value>,
}

impl Finding {
    /// The finding as the JSON output writes it: exactly `action`, `shape`, `field`,
    /// `sentence`, `kind`, `status`, `proposal`.
    pub fn to_json(&self) -> Value {
        json!({
            "action": self.action,
            "shape": self.shape,
            "field": self.field,
            "sentence": self.sentence,
            "kind": self.kind.as_str(),
            "status": self.status.as_str(),
            "proposal": self.proposal,
        })
    }
}

/// Every constraint sentence of the shapes requests reach, in spec order.
pub fn findings(spec: &Spec, model: &Model) -> Vec<Finding> {
    let mut out = Vec::new();
    for (index, shape) in spec.shapes.iter().enumerate() {
        let Some(action) = first_action(model, index) else {
            continue;
        };
        let mut docs: Vec<(Option<&str>, &Docs)> = vec![(None, &shape.docs)];
        docs.extend(
            shape
                .fields
                .iter()
                .map(|f| (Some(f.name.as_str()), &f.docs)),
        );
        for (field, text) in docs {
            for sentence in sentences(&text.zh) {
                for kind in kinds(sentence) {
                    let status = status(shape, field, sentence);
                    let proposal = (status == Status::Open)
                        .then(|| propose(model, index, shape, field, sentence, kind))
                        .flatten();
                    out.push(Finding {
                        action: action.clone(),
                        shape: shape.name.clone(),
                        field: field.map(str::to_owned),
                        sentence: sentence.to_owned(),
                        kind,
                        status,
                        proposal,
                    });
                }
            }
        }
    }
    out
}

/// The first action whose request reaches shape `index`.
fn first_action(model: &Model, index: usize) -> Option<String> {
    for action in &model.actions {
        let mut seen = BTreeSet::new();
        let mut stack = vec![action.input];
        while let Some(s) = stack.pop() {
            if s == index {
                return Some(action.name.clone());
            }
            if !seen.insert(s) {
                continue;
            }
            if let Some(shape) = model.shapes.get(s) {
                for field in &shape.fields {
                    push_shapes(&field.ty, &mut stack);
                }
            }
        }
    }
    None
}

fn push_shapes(ty: &Ty, stack: &mut Vec<usize>) {
    match ty {
        Ty::Shape(i) => stack.push(*i),
        Ty::List(inner) | Ty::Map(inner) => push_shapes(inner, stack),
        _ => {}
    }
}

/// The sentences of a text: split at 。；; and line ends, without list markers and tips.
fn sentences(text: &str) -> Vec<&str> {
    text.split(['。', '；', ';', '\n'])
        .map(|s| {
            s.trim()
                .trim_start_matches(":::tip")
                .trim_start_matches(":::")
                .trim_end_matches(":::")
                .trim()
                .trim_start_matches(['*', '-', '•'])
                .trim()
        })
        .filter(|s| s.chars().count() > 1)
        .collect()
}

const ONE_OF: &[&str] = &["传且仅传一个", "二选一", "有且仅有一个", "有且只有一个"];
const TOGETHER: &[&str] = &[
    "不可同时",
    "不能同时",
    "不支持同时",
    "不可以同时",
    "不得同时",
];
const REQUIRED: &[&str] = &["必填", "必传", "必须传入", "不能为空"];
const CONDITION: &[&str] = &["当", "如果", "若", "时"];

/// The kinds of constraint a sentence states.
pub fn kinds(sentence: &str) -> Vec<Kind> {
    let has = |words: &[&str]| words.iter().any(|w| sentence.contains(w));
    let mut out = Vec::new();
    if has(ONE_OF) {
        out.push(Kind::ExactlyOneOf);
    }
    if has(TOGETHER) {
        out.push(Kind::NotTogether);
    }
    if has(REQUIRED) && has(CONDITION) && !sentence.contains("非必填") {
        out.push(Kind::RequiredIf);
    }
    let characters = sentence.contains("字符") || sentence.contains("长度");
    if characters && length_bounds(sentence).is_some() {
        out.push(Kind::Length);
    } else if range_bounds(sentence).is_some() {
        out.push(Kind::Range);
    }
    if !characters && max_items(sentence).is_some() {
        out.push(Kind::MaxItems);
    }
    out
}

/// Whether the spec has a rule whose docs quote the sentence, or a dismissal of it.
fn status(shape: &Shape, field: Option<&str>, sentence: &str) -> Status {
    let wanted = normalize(sentence);
    let quotes = |docs: &Option<Docs>| {
        docs.as_ref().is_some_and(|d| {
            let have = normalize(&d.zh);
            !have.is_empty() && (have.contains(&wanted) || wanted.contains(&have))
        })
    };
    if shape.rules.iter().any(|rule| quotes(rule_docs(rule))) {
        return Status::Rule;
    }
    let dismissed = shape
        .dismissed
        .iter()
        .any(|d| d.field.as_deref() == field && normalize(&d.sentence) == wanted);
    if dismissed {
        Status::Dismissed
    } else {
        Status::Open
    }
}

fn rule_docs(rule: &Rule) -> &Option<Docs> {
    match rule {
        Rule::ExactlyOneOf { docs, .. }
        | Rule::Forbids { docs, .. }
        | Rule::RequiredIf { docs, .. }
        | Rule::Range { docs, .. }
        | Rule::MinItems { docs, .. }
        | Rule::MaxItems { docs, .. }
        | Rule::Length { docs, .. }
        | Rule::EffectiveOnlyWhen { docs, .. } => docs,
    }
}

/// A sentence compared without spaces and closing punctuation.
fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !"。；;.,，".contains(*c))
        .collect()
}

/// A number in the text at byte `at`: `-12`, `3.5`.
fn number_at(text: &str, at: usize) -> Option<(f64, String, usize)> {
    let rest = text.get(at..)?;
    let mut end = 0;
    for (i, c) in rest.char_indices() {
        let ok = c.is_ascii_digit() || (c == '.' && i > 0) || (c == '-' && i == 0);
        if !ok {
            break;
        }
        end = i + c.len_utf8();
    }
    let literal = rest.get(..end)?.trim_end_matches('.');
    if !literal.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    literal
        .parse::<f64>()
        .ok()
        .map(|v| (v, literal.to_owned(), at + literal.len()))
}

/// Every number in the text with its byte span.
fn numbers(text: &str) -> Vec<(f64, String, usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let c = text[at..].chars().next().unwrap_or(' ');
        let starts = c.is_ascii_digit()
            || (c == '-'
                && text[at + 1..].starts_with(|d: char| d.is_ascii_digit())
                && !text[..at].ends_with(|d: char| d.is_ascii_digit()));
        if starts {
            if let Some((value, literal, end)) = number_at(text, at) {
                out.push((value, literal, at, end));
                at = end;
                continue;
            }
        }
        at += c.len_utf8();
    }
    out
}

/// Words before a bracketed span of characters: `数字（0 - 9）`.
const CHARACTER_SETS: &[&str] = &["数字", "字母", "字符"];

const SEPARATORS: &[&str] = &[",", "，", "~", "～", "-", "—", "至", "到", "、"];

/// Two numbers joined by a range separator: `(min, max, min inclusive, max inclusive)`.
fn pair(text: &str) -> Option<(String, String, bool, bool)> {
    let found = numbers(text);
    for window in found.windows(2) {
        let (a, b) = (&window[0], &window[1]);
        let between = text.get(a.3..b.2)?.trim();
        let between = between.trim_end_matches(['(', '（', '[', '【']).trim();
        if SEPARATORS.contains(&between) && a.0 <= b.0 {
            let before = text.get(..a.2).unwrap_or("").trim_end();
            let after = text.get(b.3..).unwrap_or("").trim_start();
            // `数字（0 - 9）` names a set of characters, not a range of values or lengths.
            let opened = before.trim_end_matches(['(', '（']);
            if opened.len() < before.len() && CHARACTER_SETS.iter().any(|w| opened.ends_with(w)) {
                continue;
            }
            let open_low = before.ends_with(['(', '（']);
            let open_high = after.starts_with([')', '）']);
            return Some((a.1.clone(), b.1.clone(), !open_low, !open_high));
        }
    }
    None
}

/// The bounds a range sentence gives: `(min, max)` as written, each possibly absent; an open
/// bracket makes an integer bound one step inward (recorded in the proposal).
fn range_bounds(sentence: &str) -> Option<(Option<Bound>, Option<Bound>)> {
    let ranged = ["取值范围", "范围", "取值", "区间"]
        .iter()
        .any(|w| sentence.contains(w));
    if ranged {
        if let Some((min, max, low, high)) = pair(sentence) {
            return Some((
                Some(Bound {
                    text: min,
                    inclusive: low,
                }),
                Some(Bound {
                    text: max,
                    inclusive: high,
                }),
            ));
        }
    }
    let one_sided = |words: &[&str]| -> Option<String> {
        words.iter().find_map(|w| {
            let at = sentence.find(w)? + w.len();
            let rest = sentence.get(at..)?.trim_start();
            let rest = rest
                .trim_start_matches(['为', '是', ':', '：'])
                .trim_start();
            number_at(rest, 0).map(|(_, literal, _)| literal)
        })
    };
    let low = one_sided(&["大于等于", "不小于", "最小值为", "最小为"]);
    let high = one_sided(&["小于等于", "不大于", "最大值为", "最大为", "不超过"]);
    if low.is_none() && high.is_none() {
        return None;
    }
    Some((
        low.map(|text| Bound {
            text,
            inclusive: true,
        }),
        high.map(|text| Bound {
            text,
            inclusive: true,
        }),
    ))
}

/// A bound as written.
#[derive(Debug, Clone, PartialEq)]
struct Bound {
    text: String,
    inclusive: bool,
}

/// A length sentence's bounds in characters.
fn length_bounds(sentence: &str) -> Option<(Option<u32>, Option<u32>)> {
    let whole = |text: &str| text.parse::<u32>().ok();
    if let Some((min, max, _, _)) = pair(sentence) {
        return Some((whole(&min), whole(&max))).filter(|(a, b)| a.is_some() || b.is_some());
    }
    let after = |words: &[&str]| -> Option<u32> {
        words.iter().find_map(|w| {
            let at = sentence.find(w)? + w.len();
            let rest = sentence.get(at..)?;
            numbers(rest)
                .first()
                .and_then(|(_, literal, _, _)| whole(literal))
        })
    };
    let max = after(&[
        "不超过",
        "最多",
        "最大长度",
        "最长",
        "上限",
        "以内",
        "小于等于",
        "限制为",
    ]);
    let min = after(&["至少", "不少于", "最小长度", "最短"]);
    (min.is_some() || max.is_some()).then_some((min, max))
}

/// A list size sentence's bound: 最多 N 个.
fn max_items(sentence: &str) -> Option<u32> {
    ["最多", "不超过", "上限为", "上限"].iter().find_map(|w| {
        let at = sentence.find(w)? + w.len();
        let rest = sentence.get(at..)?;
        let (_, literal, start, end) = numbers(rest).into_iter().next()?;
        // Close by (`最多支持 10 个`), and a count (`个`, `条`, `项`).
        let gap = rest.get(..start)?.chars().count();
        let unit = rest.get(end..)?.trim_start();
        (gap <= 6 && ["个", "条", "项", "组"].iter().any(|u| unit.starts_with(u)))
            .then(|| literal.parse().ok())
            .flatten()
    })
}

/// The fields of the shape a sentence names (by wire name, whole words).
fn named_fields<'s>(shape: &'s Shape, sentence: &str) -> Vec<&'s str> {
    shape
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .filter(|name| {
            sentence.match_indices(name).any(|(at, _)| {
                let before = sentence[..at].chars().next_back();
                let after = sentence[at + name.len()..].chars().next();
                !before.is_some_and(|c| c.is_ascii_alphanumeric())
                    && !after.is_some_and(|c| c.is_ascii_alphanumeric())
            })
        })
        .collect()
}

/// A rule for an open sentence, in overlay syntax (`{"shapes": {"S": {"rules": [...]}}}`),
/// when the sentence and the field's type say enough.
fn propose(
    model: &Model,
    index: usize,
    shape: &Shape,
    field: Option<&str>,
    sentence: &str,
    kind: Kind,
) -> Option<Value> {
    let ty = |name: &str| -> Option<&Ty> {
        let checked = model.shapes.get(index)?;
        checked
            .fields
            .iter()
            .find(|f| f.wire == name)
            .map(|f| &f.ty)
    };
    let docs = json!({"zh": sentence});
    let mut mentioned: Vec<&str> = named_fields(shape, sentence);
    if let Some(f) = field {
        if !mentioned.contains(&f) {
            mentioned.insert(0, f);
        }
    }
    let rule = match kind {
        Kind::ExactlyOneOf => {
            let members: Vec<&str> = shape
                .fields
                .iter()
                .map(|f| f.name.as_str())
                .filter(|n| mentioned.contains(n))
                .collect();
            (members.len() >= 2)
                .then(|| json!({"kind": "exactly_one_of", "fields": members, "docs": docs}))?
        }
        Kind::NotTogether => {
            let (a, b) = (mentioned.first()?, mentioned.get(1)?);
            json!({"kind": "forbids", "field": a, "forbidden": [b], "docs": docs})
        }
        Kind::RequiredIf => {
            let field = field?;
            let when = mentioned.iter().find(|n| **n != field)?;
            let after = sentence.get(sentence.find(when)? + when.len()..)?;
            let after = after
                .trim_start()
                .trim_start_matches(['为', '是', '=', '：', ':'])
                .trim_start();
            let equals = match ty(when)? {
                Ty::Boolean if after.starts_with("true") => json!(true),
                Ty::Boolean if after.starts_with("false") => json!(false),
                Ty::Integer => {
                    let (_, literal, _) = number_at(after, 0)?;
                    json!(literal.parse::<i64>().ok()?)
                }
                Ty::String | Ty::Enum(_) => {
                    let word: String = after
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if word.is_empty() {
                        return None;
                    }
                    json!(word)
                }
                _ => return None,
            };
            json!({"kind": "required_if", "field": field, "when": when, "equals": equals, "docs": docs})
        }
        Kind::Range => {
            let field = field?;
            let integer = match ty(field)? {
                Ty::Integer => true,
                Ty::Float => false,
                _ => return None,
            };
            let (min, max) = range_bounds(sentence)?;
            let bound = |b: Option<Bound>, step: i64| -> Option<Value> {
                let b = b?;
                if integer {
                    let n: i64 = b.text.parse().ok()?;
                    Some(json!(if b.inclusive { n } else { n + step }))
                } else {
                    b.text.parse::<f64>().ok().map(|x| json!(x))
                }
            };
            let (min, max) = (bound(min, 1), bound(max, -1));
            let mut rule = json!({"kind": "range", "field": field});
            if let Some(min) = min {
                rule["min"] = min;
            }
            if let Some(max) = max {
                rule["max"] = max;
            }
            rule["docs"] = docs;
            rule
        }
        Kind::Length => {
            let field = field?;
            if ty(field)? != &Ty::String {
                return None;
            }
            let (min, max) = length_bounds(sentence)?;
            let mut rule = json!({"kind": "length", "field": field});
            if let Some(min) = min {
                rule["min"] = json!(min);
            }
            if let Some(max) = max {
                rule["max"] = json!(max);
            }
            rule["docs"] = docs;
            rule
        }
        Kind::MaxItems => {
            let field = field?;
            if !ty(field)?.is_list() {
                return None;
            }
            json!({"kind": "max_items", "field": field, "max": max_items(sentence)?, "docs": docs})
        }
    };
    Some(json!({"shapes": {shape.name.clone(): {"rules": [rule]}}}))
}

/// The findings as text: each open one with its proposal, then counts.
pub fn to_text(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let place = match &f.field {
            Some(field) => format!("{}.{field}", f.shape),
            None => f.shape.clone(),
        };
        let _ = writeln!(
            out,
            "[{}] {} ({}): {}: {}",
            f.status.as_str(),
            place,
            f.action,
            f.kind.as_str(),
            f.sentence
        );
        if let Some(proposal) = &f.proposal {
            let _ = writeln!(out, "    proposal: {proposal}");
        }
    }
    let count = |s: Status| findings.iter().filter(|f| f.status == s).count();
    let _ = writeln!(
        out,
        "\n{} sentences: {} covered by a rule, {} dismissed, {} open",
        findings.len(),
        count(Status::Rule),
        count(Status::Dismissed),
        count(Status::Open)
    );
    out
}

/// The findings as a JSON array, one object per sentence.
pub fn to_json(findings: &[Finding]) -> Result<String, serde_json::Error> {
    let values: Vec<Value> = findings.iter().map(Finding::to_json).collect();
    let mut text = serde_json::to_string_pretty(&values)?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrasings() {
        for (sentence, expected) in [
            ("Vhost和Domain传且仅传一个", vec![Kind::ExactlyOneOf]),
            ("domain / app 二选一必传", vec![Kind::ExactlyOneOf]),
            ("与 Bucket 不可同时传入", vec![Kind::NotTogether]),
            ("当 Type 为 1 时，Url 必填", vec![Kind::RequiredIf]),
            (
                "如果 AuthEnable 为 true，则密钥必填",
                vec![Kind::RequiredIf],
            ),
            ("取值范围为 [1,1000]", vec![Kind::Range]),
            ("取值范围：1～100", vec![Kind::Range]),
            ("取值范围为 (0, 10]", vec![Kind::Range]),
            ("取值范围为 1 到 5", vec![Kind::Range]),
            ("单位为秒，取值范围为 [-1, 86400]", vec![Kind::Range]),
            ("长度为 1 到 30 个字符", vec![Kind::Length]),
            ("长度不超过 64 个字符", vec![Kind::Length]),
            ("最多支持 10 个", vec![Kind::MaxItems]),
            ("最多传入 100 个域名", vec![Kind::MaxItems]),
            // Look like rules, are not.
            ("默认值为 10", vec![]),
            ("不传则查询全部", vec![]),
            ("例如 [1, 2]", vec![]),
            ("非必填", vec![]),
            ("单位为毫秒", vec![]),
        ] {
            assert_eq!(kinds(sentence), expected, "{sentence}");
        }
    }

    #[test]
    fn bounds() {
        let show = |b: Option<(Option<Bound>, Option<Bound>)>| {
            b.map(|(a, b)| {
                (
                    a.map(|x| (x.text, x.inclusive)),
                    b.map(|x| (x.text, x.inclusive)),
                )
            })
        };
        assert_eq!(
            show(range_bounds("取值范围为 (0, 10]")),
            Some((Some(("0".into(), false)), Some(("10".into(), true))))
        );
        assert_eq!(
            show(range_bounds("取值范围为 [-1，86400]")),
            Some((Some(("-1".into(), true)), Some(("86400".into(), true))))
        );
        assert_eq!(
            show(range_bounds("取值大于等于 5")),
            Some((Some(("5".into(), true)), None))
        );
        assert_eq!(
            length_bounds("长度为 1～64 个字符"),
            Some((Some(1), Some(64)))
        );
        assert_eq!(length_bounds("不超过 128 个字符"), Some((None, Some(128))));
        // A bracketed set of characters is not a bound.
        assert_eq!(
            length_bounds(
                "由字母（A - Z、a - z）、数字（0 - 9）和下划线组成，长度为 1 到 20 个字符"
            ),
            Some((Some(1), Some(20)))
        );
        assert_eq!(
            kinds("由字母（A - Z、a -z）、数字（0 - 9）和连字符（-） 组成"),
            vec![]
        );
        assert_eq!(max_items("最多 20 个"), Some(20));
        assert_eq!(max_items("最多为 30 秒"), None);
        assert_eq!(
            sentences("a。b；* c\n:::tip 取值范围 [1, 2] :::"),
            ["取值范围 [1, 2]"]
        );
    }
}
