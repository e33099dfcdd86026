//! The generated `events::Event` of the Live callback client, through the runtime's verifier:
//! the documented push-start example in both layouts, fields in `detail`, extra and missing
//! fields, unknown event types kept whole, and hostile bodies as typed errors.

use std::error::Error;
use std::time::{Duration, UNIX_EPOCH};

use serde_json::{json, Map, Value};
use volc_live_callback::events::{CallbackError, Event, Verifier};
use volc_live_callback::MessageType;
use volc_tests::callback_sender::{CallbackSender, EventBody, Layout, API_EXAMPLE_KEY};

type TestResult = Result<(), Box<dyn Error>>;

/// The example's `t`: `time` plus the documented 10-minute validity.
const T: u64 = 1_640_850_110;

fn verifier() -> Verifier {
    Verifier::new(API_EXAMPLE_KEY).with_clock(|| UNIX_EPOCH + Duration::from_secs(T - 600))
}

fn map(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

#[test]
fn the_documented_push_start_decodes_in_both_layouts() -> TestResult {
    let sender = CallbackSender::new()?;
    for layout in [Layout::Nested, Layout::Flat] {
        for event in [
            EventBody::push_start(layout),
            EventBody::push_start(layout).with_t_as_string(),
        ] {
            let body = sender.signed(&event, API_EXAMPLE_KEY, T)?;
            let decoded: Event = verifier().verify(&body)?;
            let Event::PushStart { common, fields } = &decoded else {
                return Err(format!("{layout:?}: {decoded:?}").into());
            };
            assert_eq!(common.stream.as_deref(), Some("stream-123456"));
            assert_eq!(common.t, Some(T as i64));
            assert_eq!(fields.vhost.as_deref(), Some("push.example.com"));
            assert_eq!(fields.time, Some(1_640_849_510));
            assert_eq!(fields.time_ms, Some(1_640_849_510_029));
            assert_eq!(fields.transcoded, Some(false));
            assert_eq!(fields.fp_node_ip.as_deref(), Some("10.10.10.1"));
            assert_eq!(fields.fp_user_url.as_deref(), Some(""));
            assert_eq!(fields.priority, None, "a field of later docs, absent here");
            assert_eq!(decoded.event_type(), Some("push_start"));
            assert_eq!(decoded.message_type(), Some(MessageType::Push));
        }
    }
    Ok(())
}

#[test]
fn fields_in_detail_extra_fields_and_strings_for_numbers() -> TestResult {
    let sender = CallbackSender::new()?;
    let fields = map(json!({
        "vhost": "push.example.com", "stream": "s", "event_type": "push_start",
        "detail": {"time": "1640849510", "transcoded": "true", "backup_count": 2, "brand_new": 1},
        "also_new": [1, 2]
    }));
    let body = sender.signed(&EventBody::new(Layout::Nested, fields), API_EXAMPLE_KEY, T)?;
    let Event::PushStart { fields, .. } = verifier().verify::<Event>(&body)? else {
        return Err("not a push start".into());
    };
    assert_eq!(fields.time, Some(1_640_849_510));
    assert_eq!(fields.transcoded, Some(true));
    assert_eq!(fields.backup_count.as_deref(), Some("2"));
    assert_eq!(fields.vhost.as_deref(), Some("push.example.com"));
    Ok(())
}

#[test]
fn unknown_event_types_are_kept_whole() -> TestResult {
    let sender = CallbackSender::new()?;
    let fields = map(json!({
        "vhost": "push.example.com", "app": "live", "stream": "s", "event_type": "record_done",
        "detail": {"files": [{"url": "https://x/1.mp4", "duration": 12.5}]},
    }));
    let body = sender.signed(
        &EventBody::new(Layout::Flat, fields.clone()),
        API_EXAMPLE_KEY,
        T,
    )?;
    let decoded: Event = verifier().verify(&body)?;
    let Event::Unknown { common, raw } = &decoded else {
        return Err(format!("{decoded:?}").into());
    };
    assert_eq!(common.event_type.as_deref(), Some("record_done"));
    assert_eq!(raw.get("detail"), fields.get("detail"));
    assert_eq!(raw.get("t"), Some(&json!(T)));
    assert!(raw.get("sign").is_none(), "the verifier drops sign");
    assert_eq!(decoded.message_type(), None);
    Ok(())
}

#[test]
fn every_field_missing_or_the_wrong_type() -> TestResult {
    let verifier = Verifier::authentication_disabled();
    let empty: Event = verifier.verify(b"{}")?;
    assert!(
        matches!(&empty, Event::Unknown { common, raw } if common.event_type.is_none() && raw.is_empty())
    );
    let bare: Event = verifier.verify(br#"{"data": {"event_type": "push_start"}}"#)?;
    assert!(matches!(&bare, Event::PushStart { fields, .. } if fields.stream.is_none()));
    // A known event whose field cannot be read even leniently is a typed error, not a panic.
    let bad = verifier.verify::<Event>(br#"{"event_type": "push_start", "time": {"no": 1}}"#);
    assert!(matches!(bad, Err(CallbackError::Event { .. })), "{bad:?}");
    // An unknown type never fails for its common fields: one that does not fit is `None`,
    // and the raw object keeps it.
    let odd = br#"{"event_type": "stream_odd", "stream": {"id": 1}, "app": "live", "t": 18446744073709551615}"#;
    let unknown: Event = verifier.verify(odd)?;
    let Event::Unknown { common, raw } = &unknown else {
        return Err(format!("{unknown:?}").into());
    };
    assert_eq!(common.event_type.as_deref(), Some("stream_odd"));
    assert_eq!(common.app.as_deref(), Some("live"));
    assert_eq!((common.stream.as_deref(), common.t), (None, None));
    assert_eq!(raw.get("stream"), Some(&json!({"id": 1})));
    assert_eq!(raw.get("t"), Some(&json!(u64::MAX)));
    Ok(())
}

/// The nested layout with `sign` and `t` only beside `data`: the event carries the `t` that
/// was checked.
#[test]
fn a_top_level_t_reaches_the_event() -> TestResult {
    let sender = CallbackSender::new()?;
    let body = sender.signed(
        &EventBody::push_start(Layout::Nested).with_sign_at_top(),
        API_EXAMPLE_KEY,
        T,
    )?;
    let value: Value = serde_json::from_slice(&body)?;
    assert!(value["data"].get("t").is_none(), "{value}");
    let event: Event = verifier().verify(&body)?;
    assert_eq!(event.common().t, i64::try_from(T).ok());
    Ok(())
}

#[test]
fn hostile_bodies_are_typed_errors() {
    let verifier = Verifier::authentication_disabled();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_object = format!(
        "{{\"event_type\":\"push_start\",\"detail\":{}}}",
        "{\"a\":".repeat(50_000) + "1" + &"}".repeat(50_000)
    );
    let mut big = String::from("{\"event_type\":\"push_start\",\"fp_user_url\":\"");
    big.push_str(&"x".repeat(2 * 1024 * 1024));
    big.push_str("\"}");
    let bodies: Vec<Vec<u8>> = vec![
        deep.into_bytes(),
        deep_object.into_bytes(),
        b"\xff\xfe{\"event_type\":1}".to_vec(),
        big.into_bytes(),
        b"".to_vec(),
        b"null".to_vec(),
        b"[1]".to_vec(),
    ];
    for body in bodies {
        let result = verifier.verify::<Event>(&body);
        assert!(result.is_err(), "{} bytes accepted", body.len());
    }
}
