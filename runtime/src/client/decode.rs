//! What a received body becomes: the action's output, or the error that says why not, in one
//! bounded line.

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{body_excerpt, string_end, Error, ServiceError};
use crate::metadata::ResponseMetadata;

#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "ResponseMetadata", default)]
    metadata: Option<ResponseMetadata>,
}

/// Turns a received body into the action's output or the right error (see [`Client::send`]).
pub(crate) fn decode<T: DeserializeOwned>(
    action: &'static str,
    status: u16,
    body: &[u8],
    retry_after: Option<Duration>,
) -> Result<T, Error> {
    let is_object = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let (metadata, unfit_envelope) =
        match is_object.then(|| serde_json::from_slice::<Envelope>(body)) {
            Some(Ok(envelope)) => (envelope.metadata, false),
            Some(Err(_)) => (None, true),
            None => (None, false),
        };
    let request_id = metadata
        .as_ref()
        .map(|m| m.request_id.clone())
        .filter(|r| !r.is_empty());
    let decode_error = |request_id: Option<String>, reason: String| Error::Decode {
        action,
        status,
        request_id,
        excerpt: body_excerpt(body),
        reason,
        retry_after,
    };
    let Some(metadata) = metadata else {
        let what = match unfit_envelope {
            // An object whose ResponseMetadata does not fit: the typed decoding names the path.
            true if (200..300).contains(&status) => match decode_typed::<T>(body) {
                Err(reason) => reason,
                Ok(_) => "ResponseMetadata is malformed".to_owned(),
            },
            _ if body.iter().all(u8::is_ascii_whitespace) => {
                "the body is empty, expected a JSON object".to_owned()
            }
            _ => match serde_json::from_slice::<serde_json::Value>(body) {
                Ok(serde_json::Value::Object(o)) if o.contains_key("ResponseMetadata") => {
                    "ResponseMetadata is not an object".to_owned()
                }
                Ok(serde_json::Value::Object(_)) => {
                    "the JSON object has no ResponseMetadata".to_owned()
                }
                Ok(other) => format!(
                    "expected a JSON object with ResponseMetadata, got {}",
                    json_kind(&other)
                ),
                Err(e) => describe_json_error(&e, body),
            },
        };
        return Err(decode_error(None, status_prefix(status, what)));
    };
    // Some gateways send an all-empty `Error` object on success; only a real one is an error.
    let error = metadata
        .error
        .filter(|e| !(e.code.is_empty() && e.message.is_empty() && e.code_n.unwrap_or(0) == 0));
    if let Some(error) = error {
        return Err(Error::from(
            ServiceError::new(
                action,
                error.code,
                error.code_n,
                error.message,
                request_id.unwrap_or_default(),
                status,
            )
            .with_retry_after(retry_after),
        ));
    }
    if !(200..300).contains(&status) {
        // No error object to report: the body is not the service's answer (a proxy's page).
        return Err(decode_error(
            request_id,
            status_prefix(status, "JSON without ResponseMetadata.Error".to_owned()),
        ));
    }
    decode_typed::<T>(body).map_err(|reason| decode_error(request_id, reason))
}

/// Decodes the body as `T`; the reason of a failure names the field's path, never its value.
fn decode_typed<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let output = serde_path_to_error::deserialize::<_, T>(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        let reason = describe_json_error(e.inner(), body);
        if path.is_empty() || path == "." {
            reason
        } else {
            format!(
                "at `{}`: {reason}",
                crate::display::Clean::new(&path, crate::display::PATH_BYTES)
            )
        }
    })?;
    deserializer
        .end()
        .map_err(|e| describe_json_error(&e, body))?;
    Ok(output)
}

/// For a non-2xx answer, says so before what is wrong with the body.
fn status_prefix(status: u16, what: String) -> String {
    if (200..300).contains(&status) {
        return what;
    }
    let phrase = http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    format!("HTTP {status} {phrase} with no service error: {what}")
}

fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a Boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

fn describe_json_error(error: &serde_json::Error, body: &[u8]) -> String {
    use serde_json::error::Category;
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    match (first, error.classify()) {
        (None, _) => "the body is empty, expected a JSON object".to_owned(),
        (Some(b'<'), _) => "expected JSON but the body looks like an HTML or XML page".to_owned(),
        (_, Category::Eof) => format!("the JSON ends early (truncated?): {error}"),
        (_, Category::Syntax) => format!("malformed JSON: {error}"),
        (_, Category::Data) => format!(
            "the JSON does not match the response type: {}",
            hide_string_values(&error.to_string())
        ),
        (_, Category::Io) => format!("cannot read the JSON: {error}"),
    }
}

/// serde quotes offending values (`invalid type: string "…", expected …`, ``integer `5` ``,
/// ``unknown variant `x` ``); a secret field of the wrong type would end up in the message, so
/// the values are dropped. Field names (``missing field `Code` ``) stay.
fn hide_string_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    loop {
        let string_at = rest.find("string \"");
        let tick_at = rest.find('`');
        match (string_at, tick_at) {
            (Some(at), tick) if tick.is_none_or(|t| at < t) => {
                let value_start = at + "string \"".len();
                out.push_str(&rest[..at]);
                out.push_str("a string");
                match string_end(&rest[value_start..]) {
                    Some(end) => rest = &rest[value_start + end + 1..],
                    None => rest = "",
                }
            }
            (_, Some(at)) => {
                let before = &rest[..at];
                let close = rest[at + 1..].find('`').map(|c| at + 1 + c);
                let Some(close) = close else {
                    out.push_str(rest);
                    rest = "";
                    continue;
                };
                out.push_str(before);
                if before.ends_with("field ") {
                    out.push_str(&rest[at..=close]);
                } else {
                    out.push('…');
                }
                rest = &rest[close + 1..];
            }
            _ => break,
        }
    }
    out.push_str(rest);
    out
}
