//! Actions: names, versions, inputs and results, and what travels in the query string.

use std::collections::BTreeMap;

use super::names::RESERVED_MODULE_NAMES;
use super::names::{is_upper_camel, not_upper_camel, snake_ident, Named, Namespace};
use super::shapes::{resolve_type, struct_shape, FieldDraft, ShapeDraft};
use super::Sink;
use crate::diag::Diagnostic;
use crate::model::{ActionModel, MethodSpec, Parameters, Ty};
use crate::spec;

/// Checks every action; an action whose input does not resolve is left out (and reported).
pub(super) fn check(
    actions: &[spec::Action],
    service_version: &str,
    names: &Namespace,
    shapes: &[ShapeDraft],
    sink: &mut Sink,
) -> Vec<ActionModel> {
    let mut seen: BTreeMap<String, (usize, &str)> = BTreeMap::new();
    let mut inputs: BTreeMap<usize, &str> = BTreeMap::new();
    let mut out = Vec::new();
    if actions.is_empty() {
        sink.error("actions", "the spec has no actions");
    }
    for (i, a) in actions.iter().enumerate() {
        let path = format!("actions[{i}]");
        if !is_upper_camel(&a.name) {
            sink.push(not_upper_camel(
                format!("{path}.name"),
                "action name",
                &a.name,
            ));
        }
        // A keyword (`Match` -> `match`) becomes a raw identifier, like a field name.
        let snake = snake_ident(&a.name);
        match seen.get(&snake) {
            Some((first, other)) if *other == a.name => sink.push(
                Diagnostic::new(
                    format!("{path}.name"),
                    format!("action `{}` is defined twice", a.name),
                )
                .with_hint(format!("the first definition is actions[{first}]")),
            ),
            Some((first, other)) => sink.push(
                Diagnostic::new(
                    format!("{path}.name"),
                    format!(
                        "actions `{other}` and `{}` both become `{snake}` in Rust",
                        a.name
                    ),
                )
                .with_hint(format!(
                    "rename this action or actions[{first}]; the module and method of an action are its snake_case name"
                )),
            ),
            None => {
                seen.insert(snake.clone(), (i, a.name.as_str()));
            }
        }
        if RESERVED_MODULE_NAMES.contains(&snake.as_str()) {
            sink.error(
                format!("{path}.name"),
                format!(
                    "action `{}` would become `{snake}`, a name the generated crate reserves",
                    a.name
                ),
            );
        }
        let input = struct_shape(
            &format!("{path}.input"),
            &a.input,
            names,
            shapes,
            "an action's input and result must be structs",
            sink,
        );
        if let Some(input) = input {
            if let Some(other) = inputs.insert(input, &a.name) {
                sink.error(
                    format!("{path}.input"),
                    format!(
                        "`{}` is already the input of `{other}`; each action needs its own input shape",
                        a.input
                    ),
                );
            }
            match a.method {
                MethodSpec::Get => get_input(&path, &shapes[input], sink),
                MethodSpec::Post => post_query(input, &shapes[input], sink),
            }
        }
        if let Some(version) = &a.version {
            super::service::version(&format!("{path}.version"), version, sink);
        }
        let result_path = format!("{path}.result");
        let result = a.result.as_ref().and_then(|r| match names.get(r.trim()) {
            // A shape by name: a struct, as for inputs.
            Some(Named::Shape(_)) | None if !r.contains('<') && !is_builtin(r) => struct_shape(
                &result_path,
                r,
                names,
                shapes,
                "an action's input and result must be structs",
                sink,
            )
            .map(Ty::Shape),
            _ => resolve_type(&result_path, r, names, sink),
        });
        if let (Some(input), Some(Ty::Shape(result))) = (input, &result) {
            if input == *result {
                sink.error(
                    format!("{path}.result"),
                    "an action's input and result must be different shapes",
                );
            }
        }
        if let Some(input) = input {
            let version = a.version.as_deref().unwrap_or(service_version);
            out.push(ActionModel {
                name: a.name.clone(),
                bare: snake.trim_start_matches("r#").to_owned(),
                snake,
                method: a.method,
                version: version.to_owned(),
                own_version: version != service_version,
                parameters: parameters(a.method, &shapes[input]),
                input,
                result,
                output: format!("{}Output", a.name),
                call: format!("{}Call", a.name),
                errors: Vec::new(),
                rate_limit_per_second: a.rate_limit_per_second,
                idempotent: a.idempotent.unwrap_or_else(|| idempotent_by_name(&a.name)),
                docs: a.docs.clone(),
                feature: None,
            });
        }
    }
    for (i, shape) in shapes.iter().enumerate() {
        if inputs.contains_key(&i) {
            continue;
        }
        for (j, field) in shape
            .fields
            .iter()
            .enumerate()
            .filter(|(_, f)| f.location.is_some())
        {
            sink.push(
                Diagnostic::new(
                    format!("shapes[{i}].fields[{j}].location"),
                    format!(
                        "`{}.{}` is placed in the query string, but `{}` is no action's input",
                        shape.name, field.wire, shape.name
                    ),
                )
                .with_hint("`location` applies to the fields of an action's input; nested fields travel with their parent"),
            );
        }
    }
    out
}

/// Where a checked input's fields travel: all in the query for GET; for POST, those placed in
/// the query there and the rest in the JSON body (an empty body when none is left).
fn parameters(method: MethodSpec, input: &ShapeDraft) -> Parameters {
    let named = |location: spec::Location| -> Vec<String> {
        input
            .fields
            .iter()
            .filter(|f| f.location == Some(location))
            .map(|f| f.wire.clone())
            .collect()
    };
    let (query, both) = (
        named(spec::Location::Query),
        named(spec::Location::QueryAndBody),
    );
    match method {
        MethodSpec::Get => Parameters::Query,
        MethodSpec::Post if query.is_empty() && both.is_empty() => Parameters::JsonBody,
        MethodSpec::Post if query.len() == input.fields.len() => Parameters::Query,
        MethodSpec::Post => Parameters::QueryAndJsonBody { query, both },
    }
}

/// A POST action's fields placed in the query string must have a query encoding, as a GET
/// action's do; each one that has none is reported where its `location` is.
fn post_query(input: usize, shape: &ShapeDraft, sink: &mut Sink) {
    for (j, field) in shape
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.location.is_some())
    {
        if let Some(what) = no_query_encoding(field) {
            sink.push(
                Diagnostic::new(
                    format!("shapes[{input}].fields[{j}].location"),
                    format!(
                        "`{}.{}` is {what}, which the query string cannot hold (only scalars and lists of scalars)",
                        shape.name, field.wire
                    ),
                )
                .with_hint("leave it in the JSON body (remove its `location`); a nested value has no documented encoding in a query string"),
            );
        }
    }
}

/// Why a field has no query encoding, when it has none.
fn no_query_encoding(field: &FieldDraft) -> Option<&'static str> {
    if field.flatten {
        return Some("flattened");
    }
    match &field.ty {
        Some(Ty::List(inner)) if !is_scalar(inner) => Some("a list of non-scalars"),
        Some(Ty::Shape(_)) => Some("a nested shape"),
        Some(Ty::Map(_)) => Some("a map"),
        Some(Ty::Json) => Some("a JSON value"),
        _ => None,
    }
}

/// A GET action sends its input in the query string: each field a parameter named by its wire
/// name, a list as the key repeated once per item. Nothing nested has an encoding there.
fn get_input(path: &str, shape: &ShapeDraft, sink: &mut Sink) {
    let nested: Vec<String> = shape
        .fields
        .iter()
        .filter_map(|f| no_query_encoding(f).map(|what| format!("`{}` ({what})", f.wire)))
        .collect();
    if !nested.is_empty() {
        sink.push(
            Diagnostic::new(
                format!("{path}.method"),
                format!(
                    "a GET action sends its input in the query string, which holds only scalars and lists of scalars; in `{}`, {} {}",
                    shape.name,
                    nested.join(", "),
                    if nested.len() == 1 { "is not one" } else { "are not" }
                ),
            )
            .with_hint("send it as POST, or make those fields scalars; a nested value has no documented encoding in a query string"),
        );
    }
}

/// Whether a type name is one of the format's own (`Json`, `String`, ...).
fn is_builtin(name: &str) -> bool {
    matches!(
        name.trim(),
        "String" | "Boolean" | "Integer" | "Float" | "Json"
    )
}

/// Whether a value of the type is one query parameter value.
fn is_scalar(ty: &Ty) -> bool {
    matches!(
        ty,
        Ty::String | Ty::Boolean | Ty::Integer | Ty::Float | Ty::Enum(_) | Ty::Str(_)
    )
}

/// Whether an action is idempotent when its spec does not say: reads, full replaces and
/// deletes are (repeating them leaves the same state); everything else (`Create*`, `Start*`,
/// ...) is not.
fn idempotent_by_name(name: &str) -> bool {
    ["Describe", "List", "Get", "Query", "Update", "Delete"]
        .iter()
        .any(|prefix| {
            name.strip_prefix(prefix).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_uppercase())
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotent_defaults_follow_the_name() {
        for name in [
            "DescribeCallback",
            "ListDomains",
            "GetSpeechConfig",
            "UpdateCallback",
            "DeleteCallback",
        ] {
            assert!(idempotent_by_name(name), "{name}");
        }
        for name in ["CreateThing", "StartRelay", "Describer", "Updates", "Add"] {
            assert!(!idempotent_by_name(name), "{name}");
        }
    }
}
