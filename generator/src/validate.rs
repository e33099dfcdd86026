//! Every structural problem of a spec at once: unknown keys, wrong JSON types, missing keys,
//! unknown tags, checked against the JSON Schema derived from [`crate::spec`].
//!
//! serde stops at the first problem; a maintainer fixing a spec wants them all. This walks the
//! parsed JSON with the schema, which schemars writes with a small set of keywords: `$ref`,
//! `type`, `properties`, `additionalProperties`, `required`, `items`, `oneOf`/`anyOf` (tagged
//! by a `const` `kind`, or one alternative per `const` value), `const` and `minimum`.

use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::diag::{closest, json_kind, Diagnostic};

/// Checks `value` against the spec schema.
pub fn validate(value: &Value) -> Vec<Diagnostic> {
    // Deriving the schema costs more than walking a spec with it: derive it once.
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    let root = SCHEMA.get_or_init(|| schemars::schema_for!(crate::spec::Spec).to_value());
    validate_with(root, value, "the spec")
}

/// Checks `value` against the JSON Schema `root` (one schemars derived); `document` names the
/// whole value in messages (`the spec`, `the overlay`).
pub fn validate_with(root: &Value, value: &Value, document: &'static str) -> Vec<Diagnostic> {
    let mut walker = Walker {
        root,
        document,
        out: Vec::new(),
    };
    walker.check(value, root, "");
    walker.out
}

struct Walker<'s> {
    root: &'s Value,
    document: &'static str,
    out: Vec<Diagnostic>,
}

/// A JSON Schema type name as a message says it, matching [`json_kind`]'s wording.
fn type_phrase(name: &str) -> &str {
    match name {
        "boolean" => "a Boolean",
        "integer" => "an integer",
        "number" => "a number",
        "string" => "a string",
        "array" => "an array",
        "object" => "an object",
        other => other,
    }
}

fn matches_type(value: &Value, name: &str) -> bool {
    match name {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "string" => value.is_string(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    }
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

impl<'s> Walker<'s> {
    fn resolve(&self, schema: &'s Value) -> &'s Value {
        let mut schema = schema;
        // `$ref`s point into `$defs`; a chain of them is followed, a cycle is not possible in
        // what schemars writes, but the bound keeps a broken schema from looping.
        for _ in 0..16 {
            let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let Some(name) = reference.strip_prefix("#/$defs/") else {
                break;
            };
            match self.root.get("$defs").and_then(|d| d.get(name)) {
                Some(target) => schema = target,
                None => break,
            }
        }
        schema
    }

    fn check(&mut self, value: &Value, schema: &'s Value, path: &str) {
        let schema = self.resolve(schema);
        if let Some(alternatives) = schema
            .get("oneOf")
            .or_else(|| schema.get("anyOf"))
            .and_then(Value::as_array)
        {
            self.alternatives(value, alternatives, path);
            return;
        }
        if let Some(expected) = schema.get("type") {
            let names: Vec<&str> = match expected {
                Value::String(name) => vec![name.as_str()],
                Value::Array(names) => names.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            if !names.is_empty() && !names.iter().any(|name| matches_type(value, name)) {
                let wanted: Vec<&str> = names
                    .iter()
                    .filter(|n| **n != "null")
                    .map(|n| type_phrase(n))
                    .collect();
                self.out.push(Diagnostic::new(
                    path,
                    format!(
                        "expected {}, found {}",
                        wanted.join(" or "),
                        json_kind(value)
                    ),
                ));
                return;
            }
        }
        if let Some(constant) = schema.get("const") {
            if constant != value {
                self.out.push(Diagnostic::new(
                    path,
                    format!("expected {constant}, found {value}"),
                ));
            }
        }
        if let (Some(minimum), Some(number)) = (
            schema.get("minimum").and_then(Value::as_f64),
            value.as_f64(),
        ) {
            if number < minimum {
                self.out.push(Diagnostic::new(
                    path,
                    format!("{value} is below the minimum {minimum}"),
                ));
            }
        }
        if schema.get("format").and_then(Value::as_str) == Some("uint32")
            && value.as_u64().is_some_and(|n| n > u64::from(u32::MAX))
        {
            self.out.push(Diagnostic::new(
                path,
                format!("{value} does not fit in 32 bits"),
            ));
        }
        match value {
            Value::Object(map) => self.object(map, schema, path),
            Value::Array(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        self.check(item, item_schema, &format!("{path}[{i}]"));
                    }
                }
            }
            _ => {}
        }
    }

    fn object(&mut self, map: &Map<String, Value>, schema: &'s Value, path: &str) {
        let properties = schema.get("properties").and_then(Value::as_object);
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for key in required.iter().filter_map(Value::as_str) {
                if !map.contains_key(key) {
                    let what = if path.is_empty() {
                        self.document.to_owned()
                    } else {
                        format!("`{path}`")
                    };
                    self.out.push(Diagnostic::new(
                        path,
                        format!("missing key `{key}` in {what}"),
                    ));
                }
            }
        }
        let closed = schema.get("additionalProperties") == Some(&Value::Bool(false));
        let others = schema.get("additionalProperties").filter(|s| s.is_object());
        for (key, item) in map {
            match properties.and_then(|p| p.get(key)).or(others) {
                Some(item_schema) => self.check(item, item_schema, &child(path, key)),
                None if closed => {
                    let known: Vec<&str> = properties
                        .map(|p| p.keys().map(String::as_str).collect())
                        .unwrap_or_default();
                    let mut diag =
                        Diagnostic::new(child(path, key), format!("unknown key `{key}`"));
                    diag.at_key = true;
                    self.out.push(match closest(key, known.iter().copied()) {
                        Some(near) => diag.with_hint(format!("did you mean `{near}`?")),
                        None => diag.with_hint(format!("known keys here: {}", known.join(", "))),
                    });
                }
                None => {}
            }
        }
    }

    fn alternatives(&mut self, value: &Value, alternatives: &'s [Value], path: &str) {
        let resolved: Vec<&'s Value> = alternatives.iter().map(|a| self.resolve(a)).collect();
        // Tagged by `kind`: pick the alternative the tag names, so its errors are the ones shown.
        let tags: Vec<&str> = resolved
            .iter()
            .filter_map(|a| a.pointer("/properties/kind/const").and_then(Value::as_str))
            .collect();
        if tags.len() == resolved.len() && value.is_object() {
            match value.get("kind") {
                None => self.out.push(
                    Diagnostic::new(path, "missing key `kind`")
                        .with_hint(format!("`kind` is one of: {}", tags.join(", "))),
                ),
                Some(Value::String(kind)) => match resolved.iter().position(|a| {
                    a.pointer("/properties/kind/const").and_then(Value::as_str) == Some(kind)
                }) {
                    Some(i) => self.check(value, resolved[i], path),
                    None => self.unknown_value(&child(path, "kind"), kind, &tags),
                },
                Some(other) => self.out.push(Diagnostic::new(
                    child(path, "kind"),
                    format!("expected a string, found {}", json_kind(other)),
                )),
            }
            return;
        }
        // One alternative per constant: an enumeration of strings.
        let constants: Vec<&str> = resolved
            .iter()
            .filter_map(|a| a.get("const").and_then(Value::as_str))
            .collect();
        if constants.len() == resolved.len() {
            match value.as_str() {
                Some(text) if constants.contains(&text) => {}
                Some(text) => self.unknown_value(path, text, &constants),
                None => self.out.push(Diagnostic::new(
                    path,
                    format!("expected a string, found {}", json_kind(value)),
                )),
            }
            return;
        }
        // Anything else (`X` or null): valid if some alternative takes it without a problem;
        // otherwise the problems of the first alternative that is not `null`.
        let mut first_errors = None;
        for alternative in &resolved {
            let mut trial = Walker {
                root: self.root,
                document: self.document,
                out: Vec::new(),
            };
            trial.check(value, alternative, path);
            if trial.out.is_empty() {
                return;
            }
            if alternative.get("type").and_then(Value::as_str) != Some("null")
                && first_errors.is_none()
            {
                first_errors = Some(trial.out);
            }
        }
        self.out.extend(first_errors.unwrap_or_else(|| {
            vec![Diagnostic::new(
                path,
                format!("unexpected {}", json_kind(value)),
            )]
        }));
    }

    fn unknown_value(&mut self, path: &str, found: &str, known: &[&str]) {
        let diag = Diagnostic::new(path, format!("unknown value `{found}`"));
        self.out.push(match closest(found, known.iter().copied()) {
            Some(near) => diag.with_hint(format!("did you mean `{near}`?")),
            None => diag.with_hint(format!("expected one of: {}", known.join(", "))),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn messages(value: &Value) -> Vec<String> {
        validate(value)
            .into_iter()
            .map(|d| format!("{}: {}", d.path, d.message))
            .collect()
    }

    #[test]
    fn reports_every_structural_problem() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../spec/live-callback.json"
        ));
        let text = text.unwrap_or_default();
        let mut spec = serde_json::from_str::<Value>(&text).unwrap_or_default();
        assert!(validate(&spec).is_empty(), "{:?}", messages(&spec));
        // The first shape with a rule, wherever the import put it.
        let with_rule = spec["shapes"]
            .as_array()
            .and_then(|s| s.iter().position(|s| s["rules"].get(0).is_some()))
            .unwrap_or_default();
        spec["actions"][0]["nmae"] = json!("x");
        spec["shapes"][0]["fields"][0]["required"] = json!("yes");
        spec["shapes"][with_rule]["rules"][0]["kind"] = json!("exactly_one");
        spec["enums"][0]["kind"] = json!("strng");
        spec["format"] = json!(-1);
        let found = messages(&spec);
        assert!(
            found.contains(&"actions[0].nmae: unknown key `nmae`".to_owned()),
            "{found:?}"
        );
        assert!(
            found.contains(
                &"shapes[0].fields[0].required: expected a Boolean, found a string".to_owned()
            ),
            "{found:?}"
        );
        assert!(
            found.contains(&format!(
                "shapes[{with_rule}].rules[0].kind: unknown value `exactly_one`"
            )),
            "{found:?}"
        );
        assert!(
            found.contains(&"enums[0].kind: unknown value `strng`".to_owned()),
            "{found:?}"
        );
        assert!(
            found.contains(&"format: -1 is below the minimum 0".to_owned()),
            "{found:?}"
        );
    }
}
