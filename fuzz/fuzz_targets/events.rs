//! Any bytes, as the body of a Live callback, decoded into the generated
//! `volc_live_callback::events::Event`: with authentication off, and re-signed with the key.
//! The verifier and the generated decoder must answer with an event or a typed error, never
//! panic, and keep their promises:
//!
//! - an error's `Display` is one line of at most 1 KiB, without the key or the `sign`;
//! - an event's `common().event_type` is the event object's `event_type` when that is a string,
//!   and `None` when it is absent or `null`;
//! - `PushStart` only for `event_type` `"push_start"`, and a `"push_start"` never `Unknown`;
//! - `Unknown` keeps the event object whole: `raw` is the event object (the nested body's `data`,
//!   or the flat body) without `sign`, every other key and value as received (and the top
//!   level's `t` when `data` has none).
#![no_main]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use libfuzzer_sys::fuzz_target;
use md5::{Digest, Md5};
use serde_json::{Map, Value};
use volc_live_callback::events::{CallbackError, Event, Verifier};
use volc_live_callback::MessageType;

const KEY: &str = "1622194197-0-0-5552*****e4e20387c6dc18afce****";
/// 2021-12-30, when the documented example was sent.
const NOW: u64 = 1_640_849_510;
const LIMIT: usize = 64 * 1024;

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(NOW)
}

fn check_error(e: &CallbackError, secrets: &[&str]) {
    let text = e.to_string();
    assert!(text.len() <= 1024, "{} bytes: {text}", text.len());
    assert!(!text.contains('\n') && !text.contains('\r'), "{text:?}");
    let debug = format!("{e:?}");
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        assert!(!text.contains(secret) && !debug.contains(secret), "{text}");
    }
    let _ = (e.t(), e.event_type(), e.is_authentication_failure());
}

/// The event object the verifier reads from `body`: the top-level `data` when it is an object
/// (with the top level's `t` when `data` has none, as the verifier checked that one), else the
/// whole body; `None` when the body is not a JSON object.
fn event_object(body: &[u8]) -> Option<Map<String, Value>> {
    match serde_json::from_slice::<Value>(body).ok()? {
        Value::Object(mut top) => match top.remove("data") {
            Some(Value::Object(mut data)) => {
                let absent = data.get("t").is_none_or(Value::is_null);
                match top.get("t") {
                    Some(t) if absent && !t.is_null() => {
                        data.insert("t".to_owned(), t.clone());
                    }
                    _ => {}
                }
                Some(data)
            }
            Some(other) => {
                top.insert("data".to_owned(), other);
                Some(top)
            }
            None => Some(top),
        },
        _ => None,
    }
}

fn check_event(event: &Event, object: &Map<String, Value>) {
    let raw_type = object.get("event_type");
    match raw_type {
        Some(Value::String(s)) => assert_eq!(event.event_type(), Some(s.as_str())),
        None | Some(Value::Null) => assert_eq!(event.event_type(), None),
        // A number is read as its decimal text (lenient strings); nothing else decodes.
        Some(_) => {}
    }
    assert_eq!(event.common().event_type.as_deref(), event.event_type());
    let raw_type = raw_type.and_then(Value::as_str);
    match event {
        Event::PushStart { .. } => {
            assert_eq!(raw_type, Some("push_start"));
            assert_eq!(event.message_type(), Some(MessageType::Push));
        }
        Event::Unknown { raw, .. } => {
            assert_ne!(raw_type, Some("push_start"), "push_start decoded as Unknown");
            assert_eq!(event.message_type(), None);
            let mut expected = object.clone();
            expected.remove("sign");
            assert_eq!(raw, &expected, "Unknown did not keep the event object whole");
        }
        other => panic!("a variant this target does not check yet: {other:?}"),
    }
}

/// The `t` the verifier authenticates: the event object's, else (nested body) the top level's;
/// `null` counts as absent.
fn signed_t(top: &Map<String, Value>) -> Option<Value> {
    let present = |t: Option<&Value>| t.filter(|t| !t.is_null()).cloned();
    match top.get("data") {
        Some(Value::Object(data)) => present(data.get("t")).or_else(|| present(top.get("t"))),
        _ => present(top.get("t")),
    }
}

fuzz_target!(|data: &[u8]| {
    // Authentication off: every well-formed body reaches the generated decoder.
    let open = Verifier::authentication_disabled().with_max_body_bytes(LIMIT);
    match open.verify_at::<Event>(data, now()) {
        Ok(event) => {
            let object = event_object(data).expect("an accepted body is a JSON object");
            check_event(&event, &object);
        }
        // The open verifier knows no key: only the shape of the message is checked.
        Err(e) => check_error(&e, &[]),
    }

    // The same body signed with the key where the verifier reads `sign` and `t`; the time
    // window is lifted so that every readable `t` passes and the event is decoded.
    let Ok(Value::Object(mut top)) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let t = signed_t(&top);
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
    let keyed = Verifier::new(KEY)
        .with_max_body_bytes(usize::MAX)
        .with_clock_skew(Duration::MAX)
        .with_max_future(Duration::MAX);
    match keyed.verify_at::<Event>(&body, now()) {
        Ok(event) => {
            let object = event_object(&body).expect("an accepted body is a JSON object");
            check_event(&event, &object);
        }
        Err(e) => {
            check_error(&e, &[KEY, &sign]);
            let readable_t = t
                .as_ref()
                .is_some_and(|t| volc_runtime::callback::parse_timestamp(t).is_ok());
            assert!(
                !e.is_authentication_failure() || !readable_t,
                "re-signed body with a readable t refused: {e}"
            );
        }
    }
});
