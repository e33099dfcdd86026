//! Any bytes, as the body of a Live callback: the envelope parser and the verifier must answer
//! with an event or a typed error, never panic, and keep their promises:
//!
//! - an error's `Display` is one line of at most 1 KiB and never holds the key;
//! - with a key, nothing unsigned is accepted; an accepted event is an object without `sign`;
//! - the same body, re-signed with the right `sign` for its `t`, is never refused for its
//!   signature (it may still be expired, too far ahead, or have an unreadable `t`).
#![no_main]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use libfuzzer_sys::fuzz_target;
use md5::{Digest, Md5};
use serde_json::Value;
use volc_runtime::callback::{CallbackError, EventObject, Verifier};

const KEY: &str = "1622194197-0-0-5552*****e4e20387c6dc18afce****";
/// 2021-12-30, when the documented example was sent.
const NOW: u64 = 1_640_849_510;

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(NOW)
}

fn check_error(e: &CallbackError) {
    let text = e.to_string();
    assert!(text.len() <= 1024, "{} bytes: {text}", text.len());
    assert!(!text.contains('\n') && !text.contains('\r'), "{text:?}");
    assert!(!text.contains(KEY), "{text}");
    assert!(!format!("{e:?}").contains(KEY));
    let _ = (e.t(), e.event_type(), e.is_authentication_failure());
}

fuzz_target!(|data: &[u8]| {
    let keyed = Verifier::new(KEY).with_max_body_bytes(64 * 1024);
    let open = Verifier::authentication_disabled().with_max_body_bytes(64 * 1024);

    match keyed.verify_at::<EventObject>(data, now()) {
        Ok(event) => {
            // Only a body that carries the right MD5 gets here.
            assert!(!event.contains_key("sign"));
        }
        Err(e) => check_error(&e),
    }
    match open.verify_at::<Value>(data, now()) {
        Ok(event) => assert!(event.as_object().is_some_and(|o| !o.contains_key("sign"))),
        Err(e) => check_error(&e),
    }

    // Re-sign the body where the verifier will look, then verify again.
    let Ok(Value::Object(mut top)) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let nested = matches!(top.get("data"), Some(Value::Object(_)));
    let event_t = match top.get("data") {
        Some(Value::Object(d)) => d.get("t").filter(|t| !t.is_null()).cloned(),
        _ => None,
    };
    let t = if nested {
        event_t.or_else(|| top.get("t").filter(|t| !t.is_null()).cloned())
    } else {
        top.get("t").filter(|t| !t.is_null()).cloned()
    };
    let t_text = match &t {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let sign = hex::encode(Md5::new().chain_update(KEY).chain_update(&t_text).finalize());
    let target = match top.get_mut("data") {
        Some(Value::Object(d)) => d,
        _ => &mut top,
    };
    target.insert("sign".to_owned(), Value::String(sign.clone()));
    let Ok(body) = serde_json::to_vec(&Value::Object(top)) else {
        return;
    };
    let result = keyed
        .clone()
        .with_max_body_bytes(usize::MAX)
        .verify_at::<EventObject>(&body, now());
    match &result {
        Ok(event) => assert!(!event.contains_key("sign")),
        Err(e) => {
            check_error(e);
            assert!(!format!("{e}{e:?}").contains(&sign), "{e}");
            assert!(
                !matches!(
                    e,
                    CallbackError::MissingSignature { .. } | CallbackError::BadSignature { .. }
                ) || t.is_none()
                    || volc_runtime::callback::parse_timestamp(t.as_ref().unwrap_or(&Value::Null))
                        .is_err(),
                "re-signed body refused: {e}"
            );
        }
    }
});
