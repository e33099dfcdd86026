//! Documented error codes: the service's common ones and each action's own, one constant of
//! `error_codes` per code.

use std::collections::BTreeMap;

use heck::ToShoutySnakeCase;

use super::Sink;
use crate::diag::Diagnostic;
use crate::model::ErrorCodeModel;
use crate::spec::{self, Docs};

/// The codes of the spec, sorted by constant, and for each action the indices of its own
/// codes. Problems (a code listed twice with other facts, two codes making one constant, a code
/// that makes no identifier) are reported.
pub(super) fn check(spec: &spec::Spec, sink: &mut Sink) -> (Vec<ErrorCodeModel>, Vec<Vec<usize>>) {
    let mut codes: BTreeMap<String, ErrorCodeModel> = BTreeMap::new();
    let listings = spec
        .service
        .errors
        .iter()
        .enumerate()
        .map(|(i, e)| (format!("service.errors[{i}]"), None, e))
        .chain(spec.actions.iter().enumerate().flat_map(|(a, action)| {
            action.errors.iter().enumerate().map(move |(i, e)| {
                (
                    format!("actions[{a}].errors[{i}]"),
                    Some(action.name.as_str()),
                    e,
                )
            })
        }));
    for (path, action, error) in listings {
        let code = error.code.trim();
        let constant = code.to_shouty_snake_case();
        // Codes are words, sometimes dotted (`InvalidParameter.Vhost`).
        let word = code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        let valid = constant.starts_with(|c: char| c.is_ascii_uppercase())
            && constant
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if code.is_empty() || !word || !valid || code != error.code {
            sink.push(
                Diagnostic::new(
                    format!("{path}.code"),
                    format!("error code {:?} does not make a constant name", error.code),
                )
                .with_hint(
                    "an error code is a word such as `InvalidParam`, without spaces around it",
                ),
            );
            continue;
        }
        match codes.get_mut(&constant) {
            Some(known) if known.code != code => sink.push(Diagnostic::new(
                format!("{path}.code"),
                format!(
                    "error codes `{}` and `{code}` both become the constant `{constant}`",
                    known.code
                ),
            )),
            Some(known)
                if (error.http_status.is_some() && error.http_status != known.http_status)
                    || (error.code_n.is_some() && error.code_n != known.code_n) =>
            {
                sink.push(
                    Diagnostic::new(
                        path,
                        format!(
                            "error code `{code}` is listed again with another HTTP status or CodeN"
                        ),
                    )
                    .with_hint(
                        "list a code's facts once; the other listings may give the code alone",
                    ),
                );
            }
            Some(known) => {
                if let Some(action) = action {
                    if !known.actions.iter().any(|a| a == action) {
                        known.actions.push(action.to_owned());
                    }
                } else {
                    known.common = true;
                }
                if known.docs.is_empty() {
                    known.docs = error.docs.clone();
                }
            }
            None => {
                codes.insert(
                    constant.clone(),
                    ErrorCodeModel {
                        constant,
                        code: code.to_owned(),
                        http_status: error.http_status,
                        code_n: error.code_n,
                        docs: error.docs.clone(),
                        common: action.is_none(),
                        actions: action.map(str::to_owned).into_iter().collect(),
                    },
                );
            }
        }
    }
    let codes: Vec<ErrorCodeModel> = codes
        .into_values()
        .map(|mut c| {
            c.actions.sort();
            c.docs = constant_docs(&c);
            c
        })
        .collect();
    let per_action = spec
        .actions
        .iter()
        .map(|action| {
            codes
                .iter()
                .enumerate()
                .filter(|(_, c)| c.actions.contains(&action.name))
                .map(|(i, _)| i)
                .collect()
        })
        .collect();
    (codes, per_action)
}

/// The docs of a code's constant: the code with its HTTP status and CodeN, what it means, and
/// who returns it.
fn constant_docs(code: &ErrorCodeModel) -> Docs {
    let mut facts = Vec::new();
    if let Some(status) = code.http_status {
        facts.push(format!("HTTP {status}"));
    }
    if let Some(n) = code.code_n {
        facts.push(format!("CodeN {n}"));
    }
    let facts = if facts.is_empty() {
        String::new()
    } else {
        format!(" ({})", facts.join(", "))
    };
    let who = match (code.common, code.actions.as_slice()) {
        (true, _) => "Any action may return it.".to_owned(),
        (false, actions) => format!(
            "Documented for {}.",
            actions
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let en = [
        format!("`{}`{facts}.", code.code),
        code.docs.en.clone(),
        who,
    ]
    .into_iter()
    .filter(|p| !p.is_empty())
    .collect::<Vec<_>>()
    .join(" ");
    Docs {
        en,
        zh: code.docs.zh.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(service: &[(&str, Option<u16>)], action: &[(&str, Option<u16>)]) -> spec::Spec {
        let codes = |list: &[(&str, Option<u16>)]| -> Vec<serde_json::Value> {
            list.iter()
                .map(|(code, status)| serde_json::json!({"code": code, "http_status": status}))
                .collect()
        };
        let text = serde_json::json!({
            "format": 1,
            "service": {"name": "demo", "version": "2020-01-01", "crate_version": "0.1.0",
                "endpoints": [{"provider": "volcengine", "url": "https://demo.example", "region": "r"}],
                "errors": codes(service)},
            "actions": [{"name": "DoIt", "method": "POST", "input": "DoItRequest", "errors": codes(action)}],
            "shapes": [{"name": "DoItRequest", "fields": []}]
        });
        match serde_json::from_value(text) {
            Ok(spec) => spec,
            Err(e) => panic!("the test spec does not load: {e}"),
        }
    }

    fn messages(sink: &Sink) -> Vec<String> {
        sink.items
            .iter()
            .map(|d| format!("{}: {}", d.path, d.message))
            .collect()
    }

    #[test]
    fn codes_merge_by_constant_and_list_their_actions() {
        let mut sink = Sink::default();
        let (codes, per_action) = check(
            &spec(
                &[("InternalError", Some(500)), ("InvalidParam", Some(400))],
                &[("InvalidParam", None), ("CommonErr", Some(200))],
            ),
            &mut sink,
        );
        assert!(sink.items.is_empty(), "{:?}", messages(&sink));
        let constants: Vec<&str> = codes.iter().map(|c| c.constant.as_str()).collect();
        assert_eq!(constants, ["COMMON_ERR", "INTERNAL_ERROR", "INVALID_PARAM"]);
        assert_eq!(per_action, [vec![0, 2]]);
        let invalid = &codes[2];
        assert!(invalid.common && invalid.actions == ["DoIt"]);
        assert_eq!(invalid.http_status, Some(400));
        assert_eq!(
            codes[0].docs.en,
            "`CommonErr` (HTTP 200). Documented for `DoIt`."
        );
    }

    #[test]
    fn bad_and_conflicting_codes_are_reported() {
        let mut sink = Sink::default();
        check(
            &spec(
                &[("Invalid Param", None), ("InvalidParam", Some(400))],
                &[("invalid_param", None), ("InvalidParam", Some(404))],
            ),
            &mut sink,
        );
        let shown = messages(&sink);
        assert_eq!(shown.len(), 3, "{shown:?}");
        assert!(shown[0].starts_with("service.errors[0].code: error code \"Invalid Param\""));
        assert!(shown[1].contains(
            "`InvalidParam` and `invalid_param` both become the constant `INVALID_PARAM`"
        ));
        assert!(
            shown[2].starts_with("actions[0].errors[1]: error code `InvalidParam` is listed again")
        );
    }
}
