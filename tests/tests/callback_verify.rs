//! Callback verification: the runtime's `Verifier` against the vector table made with Python's
//! hashlib (`tests/data/callback-vectors.json`), the documented example bodies, hostile bodies,
//! secrecy of the key and the signature, and the test sender POSTing to a receiver on 127.0.0.1.

use std::convert::Infallible;
use std::error::Error;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use tokio::net::TcpListener;
use volc_runtime::callback::{
    self, CallbackError, CallbackEvent, CallbackKey, CommonFields, EventObject, JsonError,
    Verifier, DEFAULT_CLOCK_SKEW, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_FUTURE,
};
use volc_tests::callback_sender::{
    to_bytes, CallbackSender, EventBody, Layout, Vectors, API_EXAMPLE_KEY,
};

type TestResult = Result<(), Box<dyn Error>>;

/// The example's `t`: `time` plus the documented 10-minute validity.
const T: u64 = 1_640_850_110;

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

fn sender() -> Result<CallbackSender, Box<dyn Error>> {
    Ok(CallbackSender::new()?)
}

/// A verifier for the API's example key whose clock reads `now`.
fn verifier_at(now: u64) -> Verifier {
    Verifier::new(API_EXAMPLE_KEY).with_clock(move || at(now))
}

fn map(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Vectors

/// Every case verifies in both layouts, with `t` as number and string, with upper-case hex; the
/// runtime's own signer agrees with hashlib; one bit of the key or of `t` off is refused.
#[test]
fn every_vector_verifies_and_nothing_else_does() -> TestResult {
    let sender = sender()?;
    let vectors = Vectors::load()?;
    let mut failures = Vec::new();
    for case in vectors.cases() {
        // A clock at `t` itself (never expired); a `t` beyond what SystemTime holds is checked
        // with the future bound lifted and the clock in 2100.
        let (now, verifier) = match UNIX_EPOCH.checked_add(Duration::from_secs(case.t)) {
            Some(now) if case.t <= 4_102_444_800 => (now, Verifier::new(case.key.as_str())),
            _ => (
                at(4_102_444_800),
                Verifier::new(case.key.as_str()).with_max_future(Duration::MAX),
            ),
        };
        let plain = case.t_text == case.t.to_string();
        if plain && CallbackKey::new(case.key.as_str()).sign(case.t) != case.sign {
            failures.push(format!(
                "{}: CallbackKey::sign differs from hashlib",
                case.name
            ));
        }
        for layout in [Layout::Nested, Layout::Flat] {
            let event = EventBody::push_start(layout);
            let forms = [
                event.clone(),
                event.clone().with_t_as_string(),
                event.clone().with_sign_at_top(),
            ];
            for form in &forms {
                // A `t` with leading zeros only exists as a string.
                let form = if plain {
                    form.clone()
                } else {
                    form.clone().with_t_as_string()
                };
                for sign in [case.sign.clone(), case.sign.to_ascii_uppercase()] {
                    let body = to_bytes(&form.to_value(&sign, &case.t_text));
                    if let Err(e) = verifier.verify_at::<EventObject>(&body, now) {
                        failures.push(format!("{} {layout:?} {:?}: {e}", case.name, form.t_form));
                    }
                }
            }
            let body = sender.signed_text(&event_for(layout, plain), &case.key, &case.t_text)?;
            let wrong_key = Verifier::new(format!("{}x", case.key));
            if !matches!(
                wrong_key.verify_at::<EventObject>(&body, now),
                Err(CallbackError::BadSignature { .. })
            ) {
                failures.push(format!("{}: a wrong key was not refused", case.name));
            }
            let tampered = to_bytes(
                &event_for(layout, plain).to_value(&case.sign, &format!("{}1", case.t_text)),
            );
            match verifier
                .clone()
                .with_max_future(Duration::MAX)
                .verify_at::<EventObject>(&tampered, now)
            {
                Err(CallbackError::BadSignature { .. }) => {}
                // `t` with a digit appended may no longer fit 64 bits.
                Err(CallbackError::BadTimestamp { .. }) if case.t > u64::MAX / 10 => {}
                other => failures.push(format!("{}: tampered t gave {other:?}", case.name)),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    Ok(())
}

fn event_for(layout: Layout, plain_t: bool) -> EventBody {
    let event = EventBody::push_start(layout);
    if plain_t {
        event
    } else {
        event.with_t_as_string()
    }
}

#[test]
fn vectors_cover_what_the_issue_asks() -> TestResult {
    let vectors = Vectors::load()?;
    let keys: Vec<&str> = vectors.cases().iter().map(|c| c.key.as_str()).collect();
    assert!(keys.contains(&API_EXAMPLE_KEY));
    assert!(keys.contains(&""));
    assert!(keys.iter().any(|k| !k.is_ascii()));
    for t in [0, 1_640_849_510, u64::MAX] {
        assert!(vectors.cases().iter().any(|c| c.t == t), "t = {t}");
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Authentication and the time window

#[test]
fn wrong_key_tampered_t_and_missing_sign() -> TestResult {
    let sender = sender()?;
    let body = sender.signed(&EventBody::push_start(Layout::Nested), API_EXAMPLE_KEY, T)?;
    assert!(verifier_at(T).verify::<Value>(&body).is_ok());
    let other = Verifier::new("my-callback-key").with_clock(|| at(T));
    assert!(matches!(
        other.verify::<Value>(&body),
        Err(CallbackError::BadSignature { t: Some(T), .. })
    ));
    let mut tampered: Value = serde_json::from_slice(&body)?;
    tampered["data"]["t"] = json!(T + 3600);
    assert!(matches!(
        verifier_at(T).verify::<Value>(&to_bytes(&tampered)),
        Err(CallbackError::BadSignature { .. })
    ));
    let mut unsigned: Value = serde_json::from_slice(&body)?;
    if let Some(data) = unsigned["data"].as_object_mut() {
        data.remove("sign");
    }
    assert!(matches!(
        verifier_at(T).verify::<Value>(&to_bytes(&unsigned)),
        Err(CallbackError::MissingSignature { t: Some(T), .. })
    ));
    unsigned["data"]["sign"] = json!(null);
    assert!(matches!(
        verifier_at(T).verify::<Value>(&to_bytes(&unsigned)),
        Err(CallbackError::MissingSignature { .. })
    ));
    Ok(())
}

#[test]
fn expiry_and_the_future_bound() -> TestResult {
    let sender = sender()?;
    let body = sender.signed(&EventBody::push_start(Layout::Flat), API_EXAMPLE_KEY, T)?;
    let skew = DEFAULT_CLOCK_SKEW.as_secs();
    // Sent at `time`, validity 10 minutes: accepted all along, and within the skew after.
    for now in [T - 600, T - 1, T, T + skew] {
        assert!(
            verifier_at(now).verify::<Value>(&body).is_ok(),
            "now = {now}"
        );
    }
    match verifier_at(T + skew + 1).verify::<Value>(&body) {
        Err(e @ CallbackError::Expired { .. }) => {
            assert_eq!(e.t(), Some(T));
            assert_eq!(e.event_type(), Some("push_start"));
            assert!(e.is_authentication_failure());
        }
        other => panic!("expected Expired, got {other:?}"),
    }
    // One hour ahead is within the default (one day): accepted. Two days ahead is not.
    assert!(verifier_at(T - 3600).verify::<Value>(&body).is_ok());
    assert!(DEFAULT_MAX_FUTURE >= Duration::from_secs(3600));
    assert!(matches!(
        verifier_at(T - 2 * 86_400).verify::<Value>(&body),
        Err(CallbackError::TooFarInFuture { t: T, .. })
    ));
    let tight = verifier_at(T - 3600).with_max_future(Duration::from_secs(900));
    assert!(matches!(
        tight.verify::<Value>(&body),
        Err(CallbackError::TooFarInFuture { .. })
    ));
    let lax = verifier_at(T + 600).with_clock_skew(Duration::from_secs(600));
    assert!(lax.verify::<Value>(&body).is_ok());
    // `t` = 0 signed with the key: authentic, and expired since 1970.
    let zero = sender.signed(&EventBody::push_start(Layout::Nested), API_EXAMPLE_KEY, 0)?;
    assert!(matches!(
        verifier_at(T).verify::<Value>(&zero),
        Err(CallbackError::Expired { t: 0, .. })
    ));
    Ok(())
}

#[test]
fn authentication_off_accepts_empty_sign_only_when_told() -> TestResult {
    let sender = sender()?;
    for layout in [Layout::Nested, Layout::Flat] {
        let body = sender.unsigned(&EventBody::push_start(layout));
        let event: EventObject = Verifier::authentication_disabled().verify(&body)?;
        assert_eq!(event.get("t"), Some(&json!(0)));
        assert_eq!(event.get("stream"), Some(&json!("stream-123456")));
        assert!(matches!(
            verifier_at(T).verify::<Value>(&body),
            Err(CallbackError::MissingSignature { t: Some(0), .. })
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Decoding

#[test]
fn documented_examples_decode_in_both_layouts() -> TestResult {
    let sender = sender()?;
    for layout in [Layout::Nested, Layout::Flat] {
        let body = sender.signed(&EventBody::push_start(layout), API_EXAMPLE_KEY, T)?;
        let event: EventObject = verifier_at(T - 600).verify(&body)?;
        let expected = json!({
            "vhost": "push.example.com", "domain": "push.example.com", "app": "live",
            "stream": "stream-123456", "event_type": "push_start", "time": 1_640_849_510u64,
            "time_ms": 1_640_849_510_029u64, "transcoded": false, "fp_node_ip": "10.10.10.1",
            "fp_client_ip": "10.10.10.2", "fp_user_url": "", "t": T,
        });
        assert_eq!(Value::Object(event.clone()), expected, "{layout:?}");
        let common = CommonFields::from_object(&event);
        assert_eq!(common.vhost.as_deref(), Some("push.example.com"));
        assert_eq!(common.stream.as_deref(), Some("stream-123456"));
        assert_eq!(common.t, Some(T));
        let typed: Event = verifier_at(T - 600).verify(&body)?;
        match typed {
            Event::PushStart(p) => {
                assert_eq!(p.time_ms, Some(1_640_849_510_029));
                assert_eq!(p.transcoded, Some(false));
                assert_eq!(p.fp_user_url.as_deref(), Some(""));
                assert_eq!(p.t, Some(T));
                assert_eq!(p.detail, None, "detail missing is fine");
            }
            other => panic!("{other:?}"),
        }
    }
    Ok(())
}

/// What the generator will produce, in miniature: a known variant and one that keeps the rest.
#[derive(Debug)]
enum Event {
    PushStart(PushStart),
    Unknown {
        event_type: Option<String>,
        raw: EventObject,
    },
}

#[derive(Debug, Deserialize)]
struct PushStart {
    vhost: Option<String>,
    time_ms: Option<u64>,
    transcoded: Option<bool>,
    fp_user_url: Option<String>,
    #[serde(default, deserialize_with = "callback::lenient_timestamp")]
    t: Option<u64>,
    detail: Option<Value>,
}

impl CallbackEvent for Event {
    fn from_event_object(object: EventObject) -> Result<Self, JsonError> {
        match callback::event_type_of(&object) {
            Some("push_start") => callback::decode_event(object).map(Event::PushStart),
            other => Ok(Event::Unknown {
                event_type: other.map(str::to_owned),
                raw: object,
            }),
        }
    }
}

#[test]
fn unknown_event_types_are_kept_whole() -> TestResult {
    let sender = sender()?;
    let fields = map(json!({
        "vhost": "push.example.com", "app": "live", "stream": "s", "event_type": "record_done",
        "detail": {"files": [{"url": "https://x/1.mp4", "duration": 12.5}], "nested": {"a": null}},
        "new_field": [1, "two", {"three": 3}],
    }));
    let body = sender.signed(
        &EventBody::new(Layout::Nested, fields.clone()),
        API_EXAMPLE_KEY,
        T,
    )?;
    let mut expected = fields;
    expected.insert("t".into(), json!(T));
    match verifier_at(T).verify::<Event>(&body)? {
        Event::Unknown { event_type, raw } => {
            assert_eq!(event_type.as_deref(), Some("record_done"));
            assert_eq!(raw, expected);
        }
        other => panic!("{other:?}"),
    }
    let value: Value = verifier_at(T).verify(&body)?;
    assert_eq!(value, Value::Object(expected));
    // No event_type at all: still kept.
    let body = sender.signed(
        &EventBody::new(Layout::Flat, map(json!({"x": 1}))),
        API_EXAMPLE_KEY,
        T,
    )?;
    assert!(matches!(
        verifier_at(T).verify::<Event>(&body)?,
        Event::Unknown {
            event_type: None,
            ..
        }
    ));
    Ok(())
}

#[test]
fn every_field_missing() -> TestResult {
    let sender = sender()?;
    // Only `sign` and `t`: authentic, an empty event.
    let body = sender.signed(
        &EventBody::new(Layout::Nested, Map::new()),
        API_EXAMPLE_KEY,
        T,
    )?;
    let event: EventObject = verifier_at(T).verify(&body)?;
    assert_eq!(Value::Object(event.clone()), json!({"t": T}));
    assert_eq!(CommonFields::from_object(&event).vhost, None);
    let empty: EventObject = Verifier::authentication_disabled().verify(b"{}")?;
    assert!(empty.is_empty());
    let data_only: EventObject = Verifier::authentication_disabled().verify(br#"{"data":{}}"#)?;
    assert!(data_only.is_empty());
    assert!(matches!(
        verifier_at(T).verify::<Value>(b"{}"),
        Err(CallbackError::MissingSignature {
            t: None,
            event_type: None,
            ..
        })
    ));
    // A push_start whose every field is missing decodes with every field `None`.
    let bare = sender.signed(
        &EventBody::new(Layout::Flat, map(json!({"event_type": "push_start"}))),
        API_EXAMPLE_KEY,
        T,
    )?;
    assert!(matches!(
        verifier_at(T).verify::<Event>(&bare)?,
        Event::PushStart(PushStart {
            vhost: None,
            time_ms: None,
            detail: None,
            ..
        })
    ));
    Ok(())
}

#[test]
fn a_known_event_that_does_not_fit_is_a_typed_error() -> TestResult {
    let sender = sender()?;
    let fields =
        map(json!({"event_type": "push_start", "transcoded": "perhaps", "vhost": API_EXAMPLE_KEY}));
    let body = sender.signed(&EventBody::new(Layout::Nested, fields), API_EXAMPLE_KEY, T)?;
    match verifier_at(T).verify::<Event>(&body) {
        Err(e @ CallbackError::Event { .. }) => {
            assert_eq!(e.event_type(), Some("push_start"));
            assert_eq!(e.t(), Some(T));
            assert!(!e.is_authentication_failure());
            assert!(
                e.to_string().contains("transcoded") || e.to_string().contains("bool"),
                "{e}"
            );
        }
        other => panic!("{other:?}"),
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Hostile bodies

#[test]
fn hostile_bodies_are_typed_errors() -> TestResult {
    let verifier = verifier_at(T);
    let open = Verifier::authentication_disabled().with_max_body_bytes(4 * 1024 * 1024);
    // 100,000 levels of nesting: the parser's recursion limit, not a stack overflow.
    for deep in [
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
        format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000)),
        format!(
            "{{\"data\":{}0{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    ] {
        for v in [&verifier, &open] {
            assert!(matches!(
                v.verify::<Value>(deep.as_bytes()),
                Err(CallbackError::NotJson { .. })
            ));
        }
    }
    // Invalid UTF-8, inside a string and outside.
    for bad in [
        &b"{\"stream\":\"\xc3\x28\"}"[..],
        b"\xff\xfe{}",
        b"{\"a\xed\xa0\x80\":1}",
    ] {
        assert!(matches!(
            open.verify::<Value>(bad),
            Err(CallbackError::NotJson { .. })
        ));
    }
    // 2 MiB of JSON: over the default limit before any parsing; under a larger limit, parsed.
    let big = to_bytes(&json!({"event_type": "x", "blob": "y".repeat(2 * 1024 * 1024)}));
    assert!(matches!(
        verifier.verify::<Value>(&big),
        Err(CallbackError::TooLarge {
            limit: DEFAULT_MAX_BODY_BYTES,
            ..
        })
    ));
    assert!(open.verify::<Value>(&big).is_ok());
    let many = to_bytes(&Value::Array(vec![json!({"a": [1, 2, 3]}); 150_000]));
    assert!(many.len() > 2 * 1024 * 1024);
    assert!(matches!(
        open.verify::<Value>(&many),
        Err(CallbackError::NotAnObject {
            found: "an array",
            ..
        })
    ));
    for junk in [
        &b""[..],
        b" ",
        b"null",
        b"\"str\"",
        b"12",
        b"{\"a\":1}}",
        b"{'a':1}",
    ] {
        assert!(verifier.verify::<Value>(junk).is_err());
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Secrets

#[test]
fn key_and_sign_never_shown() -> TestResult {
    let sender = sender()?;
    let key = API_EXAMPLE_KEY;
    let sign = sender.vectors().sign(key, &T.to_string())?.to_owned();
    let verifier = Verifier::new(key).with_clock(|| at(T + 86_400));
    let debug = format!(
        "{verifier:?} {:?} {}",
        CallbackKey::new(key),
        CallbackKey::new(key)
    );
    assert!(
        !debug.contains(key) && !debug.contains("e4e20387"),
        "{debug}"
    );

    let good = EventBody::push_start(Layout::Nested).to_value(&sign, &T.to_string());
    let mut bodies = vec![to_bytes(&good)]; // expired
    let mut echo = good.clone();
    echo["data"]["stream"] = json!(format!("{sign} {key}"));
    echo["data"]["transcoded"] = json!(format!("{sign}{key}")); // does not fit PushStart
    bodies.push(to_bytes(&echo));
    let mut wrong = good.clone();
    wrong["data"]["sign"] = json!(sign.to_ascii_uppercase().replace('A', "B"));
    bodies.push(to_bytes(&wrong));
    let mut odd_t = good.clone();
    odd_t["data"]["t"] = json!(format!("{sign}"));
    bodies.push(to_bytes(&odd_t));
    let lenient = Verifier::new(key)
        .with_clock(|| at(T))
        .with_max_future(Duration::from_secs(1));
    let mut seen = 0;
    let mut scrubbed = false;
    for body in &bodies {
        for v in [&verifier, &lenient] {
            let Err(e) = v.verify::<Event>(body) else {
                continue;
            };
            seen += 1;
            if matches!(e, CallbackError::Event { .. }) {
                // The decoder quoted the field holding the sign and the key: both redacted.
                assert!(e.to_string().contains("***"), "{e}");
                scrubbed = true;
            }
            for shown in [e.to_string(), format!("{e:?}")] {
                assert!(!shown.contains(key), "{shown}");
                assert!(!shown.contains(&sign), "{shown}");
                assert!(!shown.contains(&sign.to_ascii_uppercase()), "{shown}");
                assert!(!shown.contains('\n') && shown.len() <= 1024, "{shown}");
            }
        }
    }
    assert!(seen >= 6 && scrubbed, "{seen} errors");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The sender against a receiver on 127.0.0.1

/// A receiver as a user would write one: read at most the verifier's limit, verify, answer.
async fn receiver(
    verifier: Verifier,
) -> std::io::Result<(
    String,
    Arc<Mutex<Vec<(Option<String>, Result<Value, String>)>>>,
)> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/callback", listener.local_addr()?);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let verifier = verifier.clone();
            let log = Arc::clone(&log);
            tokio::spawn(async move {
                let service = service_fn(move |req: Request<Incoming>| {
                    let verifier = verifier.clone();
                    let log = Arc::clone(&log);
                    async move {
                        let content_type = req
                            .headers()
                            .get("content-type")
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_owned);
                        let limit = verifier.max_body_bytes();
                        let (status, outcome) =
                            match Limited::new(req.into_body(), limit).collect().await {
                                Err(_) => (413, Err("too large".to_owned())),
                                Ok(body) => match verifier.verify::<Value>(&body.to_bytes()) {
                                    Ok(event) => (200, Ok(event)),
                                    Err(e) if e.is_authentication_failure() => {
                                        (401, Err(e.to_string()))
                                    }
                                    Err(e) => (400, Err(e.to_string())),
                                },
                            };
                        if let Ok(mut log) = log.lock() {
                            log.push((content_type, outcome));
                        }
                        let mut answer = Response::new(Full::new(Bytes::from_static(b"")));
                        *answer.status_mut() =
                            hyper::StatusCode::from_u16(status).unwrap_or_default();
                        Ok::<_, Infallible>(answer)
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    Ok((url, seen))
}

#[tokio::test]
async fn sender_posts_to_a_receiver() -> TestResult {
    let sender = sender()?;
    let (url, seen) = receiver(verifier_at(T - 300).with_max_body_bytes(64 * 1024)).await?;
    let push = EventBody::push_start(Layout::Nested);
    let signed = sender.signed(&push, API_EXAMPLE_KEY, T)?;
    assert_eq!(sender.post(&url, &signed).await?, 200);
    let flat = sender.signed(
        &EventBody::push_start(Layout::Flat).with_t_as_string(),
        API_EXAMPLE_KEY,
        T,
    )?;
    assert_eq!(sender.post(&url, &flat).await?, 200);
    // The same delivery twice (the service retries): both verify; idempotency is the receiver's.
    assert_eq!(sender.post(&url, &signed).await?, 200);
    let foreign = sender.signed(&push, "my-callback-key", T)?;
    assert_eq!(sender.post(&url, &foreign).await?, 401);
    assert_eq!(sender.post(&url, &sender.unsigned(&push)).await?, 401);
    assert_eq!(sender.post(&url, b"{not json").await?, 400);
    assert_eq!(sender.post(&url, &vec![b' '; 100 * 1024]).await?, 413);

    let seen = seen.lock().map_err(|_| "poisoned")?.clone();
    assert_eq!(seen.len(), 7);
    assert!(seen
        .iter()
        .all(|(ct, _)| ct.as_deref() == Some("application/json")));
    match &seen[0].1 {
        Ok(event) => assert_eq!(event["stream"], json!("stream-123456")),
        Err(e) => panic!("{e}"),
    }
    Ok(())
}

#[tokio::test]
async fn sender_reports_an_unreachable_receiver() -> TestResult {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}/", listener.local_addr()?);
    drop(listener);
    let sender = sender()?;
    assert!(sender.post(&url, b"{}").await.is_err());
    Ok(())
}
