//! Sample requests and results for every action of a spec, written twice: as Rust code that
//! builds the request through the generated crate's typed API, and as the wire form the spec
//! says it has (JSON body and query parameters by wire name), independently of the crate's
//! serializers. Every field is given a value unless a rule forbids it beside another
//! (exactly-one-of keeps the first member, `forbids` drops the forbidden field); values respect
//! ranges, list sizes, string types and enum values.

use std::fmt::Write as _;

use serde_json::{json, Map, Value};
use volc_codegen::model::{
    ActionModel, BoundValue, Check, Construction, FieldModel, Form, MethodSpec, Model, Parameters,
    RuleValue, ShapeModel, Ty, WireValue,
};

/// A value both ways: a Rust expression (in the form a setter takes, `param`, and the form a
/// struct holds, `stored`) and its JSON.
struct Sample {
    param: String,
    stored: String,
    wire: Value,
}

pub struct Samples {
    /// `samples.rs`: a function per action that sends it, and a table of them.
    pub rust: String,
    /// `samples.json`: per action, the method, query pairs and body the spec prescribes, and a
    /// full result.
    pub json: Value,
}

pub fn samples(model: &Model, krate: &str) -> Result<Samples, String> {
    let mut rust = rule_cases(model, krate)?;
    let mut table = String::new();
    let mut decodes = String::new();
    let mut actions = Map::new();
    for action in &model.actions {
        let input = shape(model, action.input)?;
        let built = struct_value(model, input, krate, 0)?;
        let wire = match built.wire {
            Value::Object(map) => map,
            _ => return Err(format!("{}: the input is not an object", action.name)),
        };
        let (query, body) = split(action, wire);
        let method = &action.snake;
        let fname = format!("send_{}", action.bare);
        // Through the fluent call: the client's method, a setter per field, `send()`.
        let mut call = format!("client.{method}()");
        for (ident, param) in builder_parts(model, input, krate)? {
            let _ = write!(call, "\n        .{ident}({param})");
        }
        writeln!(
            rust,
            "async fn {fname}(client: {krate}::Client) -> Result<(), Failure> {{\n    {call}\n        .send()\n        .await?;\n    Ok(())\n}}\n"
        )
        .map_err(|e| e.to_string())?;
        writeln!(
            table,
            "    (\"{}\", |c| Box::pin({fname}(c))),",
            action.name
        )
        .map_err(|e| e.to_string())?;
        let result = match &action.result {
            Some(ty) => {
                let full = wire_value(model, ty, None, 0)?;
                writeln!(
                    decodes,
                    "    (\"{}\", |v| serde_json::from_value::<{krate}::{}>(v).map(|_| ())),",
                    action.name, action.output
                )
                .map_err(|e| e.to_string())?;
                Some(full)
            }
            None => None,
        };
        actions.insert(
            action.name.clone(),
            json!({
                "method": action.method.as_str(),
                "version": action.version,
                "snake": action.bare,
                "query": query,
                "body": body,
                "result": result,
            }),
        );
    }
    writeln!(
        rust,
        "/// Every action and the function that sends its sample.\npub static SENDS: &[(&str, Sender)] = &[\n{table}];\n\n/// Every action with a result, and a decoder of its output.\npub static DECODES: &[(&str, Decode)] = &[\n{decodes}];"
    )
    .map_err(|e| e.to_string())?;
    Ok(Samples {
        rust,
        json: Value::Object(actions),
    })
}

fn shape(model: &Model, index: usize) -> Result<&ShapeModel, String> {
    model
        .shapes
        .get(index)
        .ok_or_else(|| format!("no shape #{index}"))
}

/// For every rule `build()` checks, a function that builds the shape's sample (which must
/// pass) and the same sample broken in that rule alone (which must fail, naming the rule), and
/// a table of them: `RULES`.
fn rule_cases(model: &Model, krate: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut table = String::new();
    let mut n = 0;
    for shape in &model.shapes {
        let Form::Request(form) = &shape.form else {
            continue;
        };
        if !shape.usage.input || form.checks.is_empty() {
            continue;
        }
        let parts = builder_parts(model, shape, krate)?;
        let path = format!("{krate}::{}", shape.rust_name);
        let chain = |parts: &[(String, String)]| -> String {
            let mut expr = format!("{path}::builder()");
            for (ident, param) in parts {
                let _ = write!(expr, ".{ident}({param})");
            }
            expr
        };
        for check in &form.checks {
            let Some((broken, expected, what)) = break_rule(model, shape, check, &parts, krate)?
            else {
                continue;
            };
            n += 1;
            let _ = writeln!(
                out,
                "fn rule_{n}() -> Result<(), Failure> {{\n    {}.build()?;\n    match {}.build() {{\n        Err(e) if matches!(e, {krate}::ValidationError::{expected} {{ .. }}) && e.to_string().contains({what:?}) => Ok(()),\n        other => Err(format!(\"{} broken in {what} gave {{other:?}}\").into()),\n    }}\n}}\n",
                chain(&parts),
                chain(&broken),
                shape.rust_name
            );
            let _ = writeln!(
                table,
                "    ({:?}, {:?}, rule_{n}),",
                shape.rust_name,
                format!("{expected} {what}")
            );
        }
    }
    let _ = writeln!(
        out,
        "/// Every rule `build()` checks: the shape, the rule, and a case that builds a valid value\n/// and one broken in that rule alone.\npub static RULES: &[(&str, &str, RuleCase)] = &[\n{table}];\n"
    );
    Ok(out)
}

/// The setter calls of a builder's sample: `(setter, argument)`.
fn builder_parts(
    model: &Model,
    shape: &ShapeModel,
    krate: &str,
) -> Result<Vec<(String, String)>, String> {
    let skip = excluded(shape);
    let mut parts = Vec::new();
    for (i, field) in shape.fields.iter().enumerate() {
        if !skip.contains(&i) {
            let value = field_value(model, shape, i, field, krate, 0)?;
            parts.push((field.ident.clone(), value.param));
        }
    }
    Ok(parts)
}

/// Setter calls of a sample: `(setter, argument)`.
type Calls = Vec<(String, String)>;

/// The setter calls with one rule broken, the `ValidationError` variant expected, and the field
/// name its message must show.
fn break_rule(
    model: &Model,
    shape: &ShapeModel,
    check: &Check,
    parts: &[(String, String)],
    krate: &str,
) -> Result<Option<(Calls, &'static str, String)>, String> {
    let field = |i: usize| {
        shape
            .fields
            .get(i)
            .ok_or_else(|| format!("{}: no field #{i}", shape.name))
    };
    // Setting a field the sample leaves out (a later member of an exactly-one-of group, one
    // side of a `forbids`) first drops what would break another rule beside it.
    let set = |parts: &mut Vec<(String, String)>, f: &FieldModel, value: String| {
        let others = exclusive_with(shape, shape_index(shape, f));
        parts.retain(|(ident, _)| *ident != f.ident && !others.contains(ident));
        parts.push((f.ident.clone(), value));
    };
    let mut broken = parts.to_vec();
    Ok(Some(match check {
        Check::Range { field: i, min, max } => {
            let f = field(*i)?;
            let value = match (min, max, &f.ty) {
                (Some(b), _, Ty::Integer) => match b.value {
                    BoundValue::Integer(n) if n > i64::MIN => format!("{}", n - 1),
                    _ => return Ok(None),
                },
                (None, Some(b), Ty::Integer) => match b.value {
                    BoundValue::Integer(n) if n < i64::MAX => format!("{}", n + 1),
                    _ => return Ok(None),
                },
                (Some(b), _, _) => match b.value {
                    BoundValue::Float(x) => format!("{:?}_f64", x - 1.0),
                    BoundValue::Integer(_) => return Ok(None),
                },
                (None, Some(b), _) => match b.value {
                    BoundValue::Float(x) => format!("{:?}_f64", x + 1.0),
                    BoundValue::Integer(_) => return Ok(None),
                },
                (None, None, _) => return Ok(None),
            };
            set(&mut broken, f, value);
            (broken, "OutOfRange", format!("`{}`", f.wire))
        }
        Check::Length { field: i, min, max } => {
            let f = field(*i)?;
            let len = match (min, max) {
                (_, Some(max)) => *max as usize + 1,
                (Some(min), None) if *min > 0 => *min as usize - 1,
                _ => return Ok(None),
            };
            set(&mut broken, f, format!("{:?}", "x".repeat(len)));
            (broken, "FieldLength", format!("`{}`", f.wire))
        }
        Check::MaxItems { field: i, max } => {
            let f = field(*i)?;
            let Ty::List(inner) = &f.ty else {
                return Ok(None);
            };
            let item = value(model, shape, *i, f, inner, krate, 1)?;
            let items = vec![item.stored; *max as usize + 1].join(", ");
            set(&mut broken, f, format!("[{items}]"));
            (broken, "TooManyItems", format!("`{}`", f.wire))
        }
        Check::MinItems { field: i, min } => {
            let f = field(*i)?;
            if *min == 0 {
                return Ok(None);
            }
            let Ty::List(inner) = &f.ty else {
                return Ok(None);
            };
            let item = value(model, shape, *i, f, inner, krate, 1)?;
            let items = vec![item.stored; *min as usize - 1].join(", ");
            set(&mut broken, f, format!("vec![{items}]"));
            (broken, "TooFewItems", format!("`{}`", f.wire))
        }
        Check::ExactlyOneOf(members) => {
            // None of the group set.
            let names: Vec<&str> = members
                .iter()
                .filter_map(|i| shape.fields.get(*i))
                .map(|f| f.ident.as_str())
                .collect();
            broken.retain(|(ident, _)| !names.contains(&ident.as_str()));
            let first = field(*members.first().ok_or("an empty group")?)?;
            (broken, "ExactlyOneOf", format!("`{}`", first.wire))
        }
        Check::Forbids {
            field: a,
            forbidden,
        } => {
            let (f, g) = (field(*a)?, field(*forbidden)?);
            for x in [f, g] {
                if !broken.iter().any(|(ident, _)| *ident == x.ident) {
                    let v = field_value(model, shape, shape_index(shape, x), x, krate, 1)?;
                    broken.push((x.ident.clone(), v.param));
                }
            }
            (broken, "Forbidden", format!("`{}`", g.wire))
        }
        Check::RequiredIf {
            field: a,
            when,
            equals,
        } => {
            let (f, w) = (field(*a)?, field(*when)?);
            let value = match equals {
                RuleValue::Bool(b) => b.to_string(),
                RuleValue::Integer(n) => n.to_string(),
                RuleValue::String(s) => format!("{s:?}"),
                RuleValue::Variant { enumeration, value } => {
                    let e = model.enums.get(*enumeration).ok_or("no such enum")?;
                    let v = e.values.get(*value).ok_or("no such value")?;
                    format!("{krate}::{}::{}", e.name, v.name)
                }
            };
            set(&mut broken, w, value);
            broken.retain(|(ident, _)| *ident != f.ident);
            (broken, "RequiredIf", format!("`{}`", f.wire))
        }
    }))
}

/// The setters of the fields that may not be set beside field `index`: the other members of
/// its exactly-one-of groups, and the fields it forbids or that forbid it.
fn exclusive_with(shape: &ShapeModel, index: usize) -> Vec<String> {
    let Form::Request(form) = &shape.form else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for check in &form.checks {
        match check {
            Check::ExactlyOneOf(members) if members.contains(&index) => {
                out.extend(members.iter().filter(|m| **m != index).copied());
            }
            Check::Forbids { field, forbidden } if *field == index => out.push(*forbidden),
            Check::Forbids { field, forbidden } if *forbidden == index => out.push(*field),
            _ => {}
        }
    }
    out.iter()
        .filter_map(|i| shape.fields.get(*i))
        .map(|f| f.ident.clone())
        .collect()
}

fn shape_index(shape: &ShapeModel, field: &FieldModel) -> usize {
    shape
        .fields
        .iter()
        .position(|f| f.ident == field.ident)
        .unwrap_or_default()
}

/// The query pairs (encoded as GET fields are) and the JSON body of an action's input.
fn split(action: &ActionModel, wire: Map<String, Value>) -> (Vec<(String, String)>, Value) {
    // (in the query, in the body)
    let place = |name: &str| match &action.parameters {
        Parameters::Query => (true, false),
        Parameters::QueryAndJsonBody { query, both } => {
            if query.iter().any(|n| n == name) {
                (true, false)
            } else {
                (both.iter().any(|n| n == name), true)
            }
        }
        Parameters::JsonBody => (false, true),
    };
    let mut query = Vec::new();
    let mut body = Map::new();
    for (key, value) in wire {
        let (in_query, in_body) = place(&key);
        if in_query {
            match &value {
                Value::Array(items) => {
                    query.extend(items.iter().map(|v| (key.clone(), query_text(v))))
                }
                v => query.push((key.clone(), query_text(v))),
            }
        }
        if in_body {
            body.insert(key, value);
        }
    }
    let body = match (action.method, &action.parameters) {
        (MethodSpec::Get, _) | (MethodSpec::Post, Parameters::Query) => Value::Null,
        _ => Value::Object(body),
    };
    (query, body)
}

fn query_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The fields a sample sets: all but those a rule keeps out beside another.
fn excluded(shape: &ShapeModel) -> Vec<usize> {
    let mut out = Vec::new();
    for check in &shape.rules {
        match check {
            Check::ExactlyOneOf(fields) => out.extend(fields.iter().skip(1)),
            Check::Forbids { forbidden, .. } => out.push(*forbidden),
            _ => {}
        }
    }
    out
}

fn struct_value(
    model: &Model,
    shape: &ShapeModel,
    krate: &str,
    depth: usize,
) -> Result<Sample, String> {
    if depth > 12 {
        return Err(format!("{}: nested too deep for a sample", shape.name));
    }
    let path = format!("{krate}::{}", shape.rust_name);
    let skip = excluded(shape);
    let mut wire = Map::new();
    let mut parts = Vec::new();
    match &shape.form {
        Form::Request(form) => {
            for (i, field) in shape.fields.iter().enumerate() {
                if skip.contains(&i) {
                    continue;
                }
                let value = field_value(model, shape, i, field, krate, depth)?;
                merge(&mut wire, field, value.wire);
                parts.push((field, value.param));
            }
            let expr = match &form.construction {
                Construction::New | Construction::NewAndBuilder { .. } => format!(
                    "{path}::new({})",
                    parts
                        .iter()
                        .map(|(_, p)| p.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Construction::Builder { .. } => {
                    let mut expr = format!("{path}::builder()");
                    for (field, param) in &parts {
                        let _ = write!(expr, ".{}({param})", field.ident);
                    }
                    expr.push_str(".build()?");
                    expr
                }
            };
            Ok(Sample {
                param: expr.clone(),
                stored: expr,
                wire: Value::Object(wire),
            })
        }
        Form::OneOf(variants) => {
            let variant = variants
                .first()
                .ok_or_else(|| format!("{}: a one_of without variants", shape.name))?;
            let mut inits = Vec::new();
            for (k, i) in std::iter::once(variant.member)
                .chain(variant.others.iter().copied())
                .enumerate()
            {
                let field = shape
                    .fields
                    .get(i)
                    .ok_or_else(|| format!("{}: no field #{i}", shape.name))?;
                let value = field_value(model, shape, i, field, krate, depth)?;
                merge(&mut wire, field, value.wire);
                let stored = if k == 0 {
                    value.stored
                } else {
                    format!("Some({})", value.stored)
                };
                inits.push(format!("{}: {stored}", field.ident));
            }
            let expr = format!("{path}::{} {{ {} }}", variant.name, inits.join(", "));
            Ok(Sample {
                param: expr.clone(),
                stored: expr,
                wire: Value::Object(wire),
            })
        }
        Form::Switch(switch) => {
            let flag = shape
                .fields
                .get(switch.field)
                .ok_or_else(|| format!("{}: no switch field", shape.name))?;
            wire.insert(flag.wire.clone(), Value::Bool(true));
            let mut inits = Vec::new();
            for (i, field) in shape.fields.iter().enumerate() {
                if i == switch.field {
                    continue;
                }
                let value = field_value(model, shape, i, field, krate, depth)?;
                merge(&mut wire, field, value.wire);
                let stored = if switch.required_on.contains(&i) {
                    value.stored
                } else {
                    format!("Some({})", value.stored)
                };
                inits.push(format!("{}: {stored}", field.ident));
            }
            let expr = format!("{path}::{} {{ {} }}", switch.on.name, inits.join(", "));
            Ok(Sample {
                param: expr.clone(),
                stored: expr,
                wire: Value::Object(wire),
            })
        }
        Form::Response => Err(format!(
            "{}: a response-only shape inside a request",
            shape.name
        )),
    }
}

/// A field's value in the JSON object: under its wire name, or its entries when flattened.
fn merge(wire: &mut Map<String, Value>, field: &FieldModel, value: Value) {
    match (field.flatten, value) {
        (true, Value::Object(inner)) => wire.extend(inner),
        (_, value) => {
            wire.insert(field.wire.clone(), value);
        }
    }
}

fn field_value(
    model: &Model,
    shape: &ShapeModel,
    index: usize,
    field: &FieldModel,
    krate: &str,
    depth: usize,
) -> Result<Sample, String> {
    let mut sample = value(model, shape, index, field, &field.ty, krate, depth)?;
    if field.boxed {
        sample.stored = format!("Box::new({})", sample.stored);
        sample.param = sample.stored.clone();
    }
    Ok(sample)
}

fn value(
    model: &Model,
    shape: &ShapeModel,
    index: usize,
    field: &FieldModel,
    ty: &Ty,
    krate: &str,
    depth: usize,
) -> Result<Sample, String> {
    let plain = |param: String, stored: String, wire: Value| Sample {
        param,
        stored,
        wire,
    };
    Ok(match ty {
        Ty::String => {
            let text = match &field.example {
                Some(Value::String(s)) => s.clone(),
                _ => format!("{}-1", field.wire),
            };
            let text = fit_length(shape, index, text);
            let literal = format!("{text:?}");
            let stored = if field.sensitive {
                format!("{krate}::Sensitive::new({literal}.to_owned())")
            } else {
                format!("{literal}.to_owned()")
            };
            plain(literal, stored, Value::String(text))
        }
        Ty::Boolean => plain("true".into(), "true".into(), Value::Bool(true)),
        Ty::Integer => {
            let n = integer_in_range(shape, index);
            plain(format!("{n}"), format!("{n}"), json!(n))
        }
        Ty::Float => {
            let x = float_in_range(shape, index);
            plain(format!("{x:?}_f64"), format!("{x:?}_f64"), json!(x))
        }
        Ty::Json => {
            let expr = "serde_json::json!({\"K\": \"v\"})".to_owned();
            plain(expr.clone(), expr, json!({"K": "v"}))
        }
        Ty::List(inner) => {
            let count = min_items(shape, index).max(1).min(max_items(shape, index));
            let item = value(model, shape, index, field, inner, krate, depth + 1)?;
            let items = vec![item.stored.clone(); count as usize].join(", ");
            let expr = format!("vec![{items}]");
            plain(
                format!("[{items}]"),
                expr,
                Value::Array(vec![item.wire; count as usize]),
            )
        }
        Ty::Map(inner) => {
            let item = value(model, shape, index, field, inner, krate, depth + 1)?;
            let param = format!("[(\"k\".to_owned(), {})]", item.stored);
            let stored = format!(
                "[(\"k\".to_owned(), {})].into_iter().collect()",
                item.stored
            );
            plain(param, stored, json!({"k": item.wire}))
        }
        Ty::Enum(e) => {
            let e = model.enums.get(*e).ok_or("no such enum")?;
            let v = e
                .values
                .first()
                .ok_or_else(|| format!("enum {} has no value", e.name))?;
            let expr = format!("{krate}::{}::{}", e.name, v.name);
            let wire = match &v.wire {
                WireValue::String(s) => Value::String(s.clone()),
                WireValue::Integer(n) => json!(n),
            };
            plain(expr.clone(), expr, wire)
        }
        Ty::Str(s) => {
            let s = model.strings.get(*s).ok_or("no such string type")?;
            let text = string_sample(s, field);
            let expr = format!("{krate}::{}::new({text:?})?", s.name);
            plain(expr.clone(), expr, Value::String(text))
        }
        Ty::Shape(i) => struct_value(model, shape_at(model, *i)?, krate, depth + 1)?,
    })
}

fn shape_at(model: &Model, i: usize) -> Result<&ShapeModel, String> {
    shape(model, i)
}

fn integer_in_range(shape: &ShapeModel, index: usize) -> i64 {
    let mut n = 1;
    for check in &shape.rules {
        if let Check::Range { field, min, max } = check {
            if *field == index {
                if let Some(BoundValue::Integer(lo)) = min.as_ref().map(|b| b.value) {
                    n = n.max(lo);
                }
                if let Some(BoundValue::Integer(hi)) = max.as_ref().map(|b| b.value) {
                    n = n.min(hi);
                }
            }
        }
    }
    n
}

fn float_in_range(shape: &ShapeModel, index: usize) -> f64 {
    let mut x: f64 = 1.5;
    for check in &shape.rules {
        if let Check::Range { field, min, max } = check {
            if *field == index {
                if let Some(BoundValue::Float(lo)) = min.as_ref().map(|b| b.value) {
                    x = x.max(lo);
                }
                if let Some(BoundValue::Float(hi)) = max.as_ref().map(|b| b.value) {
                    x = x.min(hi);
                }
            }
        }
    }
    x
}

fn max_items(shape: &ShapeModel, index: usize) -> u32 {
    shape
        .rules
        .iter()
        .filter_map(|c| match c {
            Check::MaxItems { field, max } if *field == index => Some(*max),
            _ => None,
        })
        .min()
        .unwrap_or(u32::MAX)
}

/// The length bounds the rules give a string field.
fn length_bounds(shape: &ShapeModel, index: usize) -> (usize, usize) {
    let mut bounds = (0, usize::MAX);
    for check in &shape.rules {
        if let Check::Length { field, min, max } = check {
            if *field == index {
                bounds.0 = bounds.0.max(min.unwrap_or(0) as usize);
                bounds.1 = bounds.1.min(max.map_or(usize::MAX, |m| m as usize));
            }
        }
    }
    bounds
}

/// `text` cut or padded to the length the rules allow.
fn fit_length(shape: &ShapeModel, index: usize, text: String) -> String {
    let (min, max) = length_bounds(shape, index);
    let mut chars: Vec<char> = text.chars().collect();
    chars.truncate(max);
    while chars.len() < min {
        chars.push('x');
    }
    chars.into_iter().collect()
}

fn min_items(shape: &ShapeModel, index: usize) -> u32 {
    shape
        .rules
        .iter()
        .filter_map(|c| match c {
            Check::MinItems { field, min } if *field == index => Some(*min),
            _ => None,
        })
        .max()
        .unwrap_or(1)
}

/// A value of a string type: the field's example when it fits, else the first allowed
/// character repeated to the least length.
fn string_sample(s: &volc_codegen::model::StringModel, field: &FieldModel) -> String {
    let fits = |text: &str| {
        let n = text.chars().count() as u32;
        s.min_length.is_none_or(|m| n >= m)
            && s.max_length.is_none_or(|m| n <= m)
            && s.pattern.as_ref().is_none_or(|(_, ranges)| {
                text.chars()
                    .all(|c| ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c)))
            })
    };
    for candidate in [
        field.example.as_ref().and_then(Value::as_str),
        s.example.as_deref(),
    ]
    .into_iter()
    .flatten()
    {
        if fits(candidate) {
            return candidate.to_owned();
        }
    }
    let c = s
        .pattern
        .as_ref()
        .and_then(|(_, ranges)| ranges.iter().find(|(lo, _)| lo.is_ascii_alphanumeric()))
        .map_or('a', |(lo, _)| *lo);
    let len = s.min_length.unwrap_or(1).max(1) as usize;
    std::iter::repeat_n(c, len).collect()
}

/// A result value with every field present (response shapes decode leniently, so any value
/// of the right JSON kind will do; the point is that each field is there).
fn wire_value(
    model: &Model,
    ty: &Ty,
    field: Option<&FieldModel>,
    depth: usize,
) -> Result<Value, String> {
    Ok(match ty {
        Ty::String | Ty::Str(_) => Value::String(match field.and_then(|f| f.example.as_ref()) {
            Some(Value::String(s)) => s.clone(),
            _ => "s".to_owned(),
        }),
        Ty::Boolean => Value::Bool(true),
        Ty::Integer => json!(7),
        Ty::Float => json!(2.5),
        Ty::Json => json!({"K": [1, "v"]}),
        Ty::List(inner) => Value::Array(vec![wire_value(model, inner, field, depth + 1)?]),
        Ty::Map(inner) => json!({"k": wire_value(model, inner, field, depth + 1)?}),
        Ty::Enum(e) => {
            let e = model.enums.get(*e).ok_or("no such enum")?;
            match e.values.first().map(|v| &v.wire) {
                Some(WireValue::String(s)) => Value::String(s.clone()),
                Some(WireValue::Integer(n)) => json!(n),
                None => Value::Null,
            }
        }
        Ty::Shape(i) => {
            let shape = shape(model, *i)?;
            let mut map = Map::new();
            // A shape that holds itself is cut after a few levels.
            if depth < 6 {
                for f in &shape.fields {
                    let v = wire_value(model, &f.ty, Some(f), depth + 1)?;
                    merge(&mut map, f, v);
                }
            }
            Value::Object(map)
        }
    })
}
