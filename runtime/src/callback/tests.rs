//! Unit tests of the verifier; the signatures here come from [`CallbackKey::sign`]. The
//! independent vectors (Python's hashlib) are checked in `tests/tests/callback_verify.rs`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

use super::*;

const KEY: &str = "1622194197-0-0-5552*****e4e20387c6dc18afce****";
const T: u64 = 1_640_850_110;

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

fn signed(key: &str, t: u64) -> String {
    CallbackKey::new(key).sign(t)
}

fn nested(sign: &str, t: Value) -> Vec<u8> {
    json!({"code": 0, "message": "ok", "data": {
        "vhost": "push.example.com", "domain": "push.example.com", "app": "live",
        "stream": "stream-123456", "event_type": "push_start", "sign": sign, "t": t,
    }})
    .to_string()
    .into_bytes()
}

fn flat(sign: &str, t: Value) -> Vec<u8> {
    json!({"event_type": "push_start", "stream": "stream-123456", "sign": sign, "t": t})
        .to_string()
        .into_bytes()
}

fn verify(verifier: &Verifier, body: &[u8], now: u64) -> Result<EventObject, CallbackError> {
    verifier.verify_at(body, at(now))
}

#[test]
fn both_layouts_verify() -> Result<(), CallbackError> {
    let v = Verifier::new(KEY);
    let sign = signed(KEY, T);
    let event = verify(&v, &nested(&sign, json!(T)), T - 600)?;
    assert_eq!(event.get("stream"), Some(&json!("stream-123456")));
    assert_eq!(event.get("t"), Some(&json!(T)));
    assert!(event.get("sign").is_none(), "sign is removed");
    assert!(event.get("code").is_none(), "the event is `data`");
    let event = verify(&v, &flat(&sign, json!(T)), T - 600)?;
    assert_eq!(event.get("event_type"), Some(&json!("push_start")));
    assert!(event.get("sign").is_none());
    Ok(())
}

#[test]
fn sign_forms() -> Result<(), CallbackError> {
    let v = Verifier::new(KEY);
    let sign = signed(KEY, T);
    verify(&v, &nested(&sign.to_ascii_uppercase(), json!(T)), T)?;
    verify(&v, &nested(&sign, json!(T.to_string())), T)?;
    // A string `t` is signed as written.
    let padded = format!("0{T}");
    let padded_sign = {
        use md5::{Digest, Md5};
        hex::encode(Md5::digest(format!("{KEY}{padded}")))
    };
    verify(&v, &nested(&padded_sign, json!(padded)), T)?;
    assert!(matches!(
        verify(&v, &nested(&sign, json!(padded)), T),
        Err(CallbackError::BadSignature { .. })
    ));
    Ok(())
}

#[test]
fn sign_and_t_fall_back_to_the_top_level() -> Result<(), CallbackError> {
    let v = Verifier::new(KEY);
    let body = json!({"sign": signed(KEY, T), "t": T, "data": {"event_type": "x"}}).to_string();
    let event = verify(&v, body.as_bytes(), T)?;
    assert_eq!(event.get("event_type"), Some(&json!("x")));
    // The event carries the `t` that was checked; `sign` is not carried anywhere.
    assert_eq!(event.get("t"), Some(&json!(T)));
    assert_eq!(event.get("sign"), None);
    // Present in the event, the event's win.
    let body = json!({"sign": signed(KEY, T), "t": T, "data": {"sign": "0", "t": T}}).to_string();
    assert!(matches!(
        verify(&v, body.as_bytes(), T),
        Err(CallbackError::BadSignature { .. })
    ));
    // `null` counts as absent.
    let body = json!({"sign": signed(KEY, T), "t": T, "data": {"sign": null, "t": null}});
    let event = verify(&v, body.to_string().as_bytes(), T)?;
    assert_eq!(event.get("t"), Some(&json!(T)));
    // `data` that is not an object: the body is the event, `data` stays in it.
    let body = json!({"sign": signed(KEY, T), "t": T, "data": "text"}).to_string();
    let event = verify(&v, body.as_bytes(), T)?;
    assert_eq!(event.get("data"), Some(&json!("text")));
    Ok(())
}

#[test]
fn refusals() {
    let v = Verifier::new(KEY);
    let sign = signed(KEY, T);
    let check = |body: &[u8], now: u64| verify(&v, body, now);
    assert!(matches!(
        check(&nested(&signed("other", T), json!(T)), T),
        Err(CallbackError::BadSignature { t: Some(T), .. })
    ));
    assert!(matches!(
        check(&nested(&sign, json!(T + 1)), T),
        Err(CallbackError::BadSignature { .. })
    ));
    assert!(matches!(
        check(&nested("", json!(T)), T),
        Err(CallbackError::MissingSignature { t: Some(T), .. })
    ));
    let unsigned = json!({"data": {"event_type": "push_start", "t": T}}).to_string();
    assert!(matches!(
        check(unsigned.as_bytes(), T),
        Err(CallbackError::MissingSignature { .. })
    ));
    let numeric = json!({"sign": 5, "t": T}).to_string();
    assert!(matches!(
        check(numeric.as_bytes(), T),
        Err(CallbackError::BadSignature { .. })
    ));
    let no_t = json!({"sign": sign}).to_string();
    assert!(matches!(
        check(no_t.as_bytes(), T),
        Err(CallbackError::BadTimestamp {
            reason: "`t` is missing",
            ..
        })
    ));
    for bad_t in [json!(-1), json!(1.5), json!("12a"), json!(true)] {
        assert!(matches!(
            check(&nested(&sign, bad_t), T),
            Err(CallbackError::BadTimestamp { .. })
        ));
    }
    // `t` = 0 with a key: signed right, but long expired.
    assert!(matches!(
        check(&nested(&signed(KEY, 0), json!(0)), T),
        Err(CallbackError::Expired { t: 0, .. })
    ));
}

#[test]
fn time_window() {
    let v = Verifier::new(KEY);
    let body = nested(&signed(KEY, T), json!(T));
    let skew = DEFAULT_CLOCK_SKEW.as_secs();
    let max_future = DEFAULT_MAX_FUTURE.as_secs();
    assert!(verify(&v, &body, T).is_ok());
    assert!(verify(&v, &body, T + skew).is_ok());
    assert!(matches!(
        verify(&v, &body, T + skew + 1),
        Err(CallbackError::Expired { t: T, now, .. }) if now == T + skew + 1
    ));
    assert!(
        verify(&v, &body, T - 600).is_ok(),
        "the documented 10 minutes"
    );
    assert!(verify(&v, &body, T - 3600).is_ok(), "an hour ahead");
    assert!(verify(&v, &body, T - max_future).is_ok());
    assert!(matches!(
        verify(&v, &body, T - max_future - 1),
        Err(CallbackError::TooFarInFuture { t: T, .. })
    ));
    let strict = v
        .clone()
        .with_clock_skew(Duration::ZERO)
        .with_max_future(Duration::from_secs(600));
    assert!(verify(&strict, &body, T + 1).is_err());
    assert!(verify(&strict, &body, T - 601).is_err());
    assert!(verify(&strict, &body, T - 600).is_ok());
    // A clock before 1970 reads as 0.
    assert!(matches!(
        v.verify_at::<Value>(&body, UNIX_EPOCH - Duration::from_secs(5)),
        Err(CallbackError::TooFarInFuture { now: 0, .. })
    ));
    let far = nested(&signed(KEY, u64::MAX), json!(u64::MAX));
    // No overflow at the ends of the range.
    let unbounded = v.clone().with_max_future(Duration::MAX);
    assert!(verify(&unbounded, &far, T).is_ok());
    assert!(matches!(
        verify(&v, &far, T),
        Err(CallbackError::TooFarInFuture { .. })
    ));
}

#[test]
fn injected_clock() {
    let v = Verifier::new(KEY).with_clock(|| at(T - 10));
    let body = nested(&signed(KEY, T), json!(T));
    assert!(v.verify::<Value>(&body).is_ok());
    let late = Verifier::new(KEY).with_clock(|| at(T + 3600));
    assert!(matches!(
        late.verify::<Value>(&body),
        Err(CallbackError::Expired { .. })
    ));
    // The system clock is far past T.
    assert!(Verifier::new(KEY).verify::<Value>(&body).is_err());
}

#[test]
fn authentication_off() -> Result<(), CallbackError> {
    let v = Verifier::authentication_disabled();
    assert!(!v.authentication_enabled());
    let event = verify(&v, &nested("", json!(0)), T)?;
    assert_eq!(event.get("t"), Some(&json!(0)));
    verify(&v, br#"{"event_type":"x"}"#, T)?;
    // The same body is refused when authentication is on.
    assert!(matches!(
        verify(&Verifier::new(KEY), &nested("", json!(0)), T),
        Err(CallbackError::MissingSignature { t: Some(0), .. })
    ));
    Ok(())
}

#[test]
fn malformed_bodies() {
    let v = Verifier::new(KEY);
    let check = |body: &[u8]| verify(&v, body, T);
    assert!(matches!(check(b""), Err(CallbackError::NotJson { .. })));
    assert!(matches!(
        check(b"{\"a\":"),
        Err(CallbackError::NotJson { .. })
    ));
    assert!(matches!(check(b"{} x"), Err(CallbackError::NotJson { .. })));
    assert!(matches!(
        check(b"{\"a\":\"\xff\"}"),
        Err(CallbackError::NotJson { .. })
    ));
    assert!(matches!(
        check(b"[1]"),
        Err(CallbackError::NotAnObject { found: "an array" })
    ));
    assert!(matches!(
        check(b"null"),
        Err(CallbackError::NotAnObject { found: "null" })
    ));
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(
        check(deep.as_bytes()),
        Err(CallbackError::NotJson { reason }) if reason.contains("recursion limit")
    ));
    let deep_objects = "{\"a\":".repeat(100_000);
    assert!(matches!(
        check(deep_objects.as_bytes()),
        Err(CallbackError::NotJson { .. })
    ));
    let large = vec![b' '; DEFAULT_MAX_BODY_BYTES + 1];
    assert!(matches!(
        check(&large),
        Err(CallbackError::TooLarge { size, limit }) if size == DEFAULT_MAX_BODY_BYTES + 1 && limit == DEFAULT_MAX_BODY_BYTES
    ));
    let small = Verifier::new(KEY).with_max_body_bytes(10);
    assert_eq!(small.max_body_bytes(), 10);
    assert!(matches!(
        verify(&small, &nested("", json!(0)), T),
        Err(CallbackError::TooLarge { .. })
    ));
}

/// Fails with a message that quotes the whole object.
#[derive(Debug)]
struct Quoting;

impl CallbackEvent for Quoting {
    fn from_event_object(object: EventObject) -> Result<Self, JsonError> {
        Err(serde::de::Error::custom(format!(
            "cannot use {}\nat all",
            Value::Object(object)
        )))
    }
}

#[test]
fn errors_never_show_the_key_or_the_sign() {
    let v = Verifier::new(KEY);
    let sign = signed(KEY, T);
    let body = json!({"data": {
        "event_type": "push\n_start\u{202E}", "sign": sign, "t": T,
        "note": KEY, "copy": sign, "long": "x".repeat(5000),
    }})
    .to_string();
    let error = match v.verify_at::<Quoting>(body.as_bytes(), at(T)) {
        Err(e) => e,
        Ok(q) => panic!("decoded {q:?}"),
    };
    let text = error.to_string();
    let debug = format!("{error:?}");
    for shown in [&text, &debug] {
        assert!(!shown.contains(KEY), "{shown}");
        assert!(!shown.contains(&sign), "{shown}");
    }
    assert!(!text.contains('\n') && !text.contains('\u{202E}'), "{text}");
    assert!(text.len() <= 1024, "{} bytes", text.len());
    assert_eq!(error.event_type(), Some("push _start "));
    assert_eq!(error.t(), Some(T));
    assert!(text.contains("***"), "{text}");
    assert!(!format!("{v:?}").contains(KEY));
    assert!(format!("{v:?}").contains("key ***"));
}

#[test]
fn value_and_map_events() -> Result<(), CallbackError> {
    let v = Verifier::authentication_disabled();
    let value: Value = v.verify_at(br#"{"event_type":"new_kind","x":[1]}"#, at(T))?;
    assert_eq!(value, json!({"event_type": "new_kind", "x": [1]}));
    let common = CommonFields::from_object(&v.verify_at(&nested("", json!("0")), at(T))?);
    assert_eq!(common.t, Some(0));
    assert_eq!(common.app.as_deref(), Some("live"));
    Ok(())
}

/// Found by the fuzzer: an `event_type` holding the key was shown in the error.
#[test]
fn event_type_holding_the_key_is_redacted() {
    let v = Verifier::new(KEY);
    let sign = signed(KEY, T);
    for event_type in [
        format!("CCCC{KEY}CC"),
        format!("x{sign}y"),
        // Pieces around the key that form it again once it is removed.
        format!("1622194197-0-0-5552**{KEY}e4e20387c6dc18afce****"),
    ] {
        let unsigned =
            json!({"sing": "43d9b123456", "event_type": event_type, "t": 16407}).to_string();
        let signed = json!({"event_type": event_type, "t": T, "sign": sign}).to_string();
        for (body, sign_received) in [(unsigned, false), (signed, true)] {
            let e = match verify(&v, body.as_bytes(), T + 1000) {
                Err(e) => e,
                Ok(_) => panic!("accepted"),
            };
            for shown in [
                e.to_string(),
                format!("{e:?}"),
                format!("{:?}", e.event_type()),
            ] {
                assert!(!shown.contains(KEY), "{shown}");
                assert!(!(sign_received && shown.contains(&sign)), "{shown}");
            }
        }
    }
}
