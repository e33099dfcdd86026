//! Per-request cost in the generated client, without network.
//!
//! For each action: `build` (builder calls and `build()`, which checks every rule, plus the
//! constrained-string checks), `serialize` (the JSON body, as the client sends a POST),
//! `sign` (the Volcengine HMAC-SHA256 signature over the same query, headers and body the
//! client signs, as the client signs: `sign_headers` with its signing-key cache),
//! `sign_uncached` (the full `sign`, every intermediate value kept and the key derived each
//! time) and `all` (build, serialize and sign in a row, what a call costs before it reaches
//! the socket). Then decoding a `DescribeCallback` response of 1 and of 1000 callback entries into
//! the typed output. Last, a callback as a receiver handles it: the documented nested
//! push_start example verified (size, MD5 signature in constant time, time window) and decoded
//! into the generated `events::Event`, and an unknown event type kept whole.
//!
//! `cargo bench -p volc-tests --bench request`
#![allow(missing_docs)]

use std::time::Duration;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde::Serialize;
use volc_live_callback::events::{CallbackKey, Event, Verifier};
use volc_live_callback::{
    AppName, CallbackAuth, CallbackDetail, CallbackTarget, CallbackType, DeleteCallbackRequest,
    DescribeCallbackOutput, DescribeCallbackRequest, MessageType, TranscodeCallback,
    UpdateCallbackRequest, ValidationError,
};
use volc_runtime::sign::{self, OffsetDateTime, SignableRequest, SigningKeyCache, SigningParams};
use volc_runtime::Operation;

const USER_AGENT: &str = "volc-live-callback/0.1.0 volc-runtime/0.1.0 (rust)";

fn target() -> Result<CallbackTarget, ValidationError> {
    Ok(CallbackTarget::Vhost {
        vhost: "push.example.com".to_owned(),
        app: Some(AppName::new("example_app")?),
    })
}

fn update() -> Result<UpdateCallbackRequest, ValidationError> {
    UpdateCallbackRequest::builder()
        .target(target()?)
        .message_type(MessageType::Push)
        .transcode_callback(TranscodeCallback::Off)
        .callback_detail_list([CallbackDetail::new(
            CallbackType::Http,
            "http://example.com/callback",
        )])
        .auth(CallbackAuth::enabled(
            "1622194197-0-0-5552*****e4e20387c6dc18afce****",
        ))
        .build()
}

fn delete() -> Result<DeleteCallbackRequest, ValidationError> {
    DeleteCallbackRequest::builder()
        .target(target()?)
        .message_type(MessageType::Push)
        .build()
}

fn describe() -> Result<DescribeCallbackRequest, ValidationError> {
    DescribeCallbackRequest::builder()
        .target(target()?)
        .message_type(MessageType::Push)
        .build()
}

/// Signs `body` for `O` as the client does: `Action` and `Version` in the query, then
/// `Accept`, `Host`, `User-Agent` and `Content-Type`; the key from `keys` when given, else
/// the full [`sign::sign`].
fn sign_body<O: Operation>(
    body: &[u8],
    time: OffsetDateTime,
    keys: Option<&SigningKeyCache>,
) -> usize {
    let query = [("Action", O::ACTION), ("Version", "2023-01-01")];
    let headers = [
        ("Accept", "application/json"),
        ("Host", "live.volcengineapi.com"),
        ("User-Agent", USER_AGENT),
        ("Content-Type", "application/json"),
    ];
    let request = SignableRequest {
        method: O::METHOD.as_str(),
        path: "/",
        query: &query,
        headers: &headers,
        body,
    };
    let params = SigningParams {
        access_key_id: "AKTESTEXAMPLE",
        secret_access_key: "SKTESTEXAMPLE",
        session_token: None,
        region: "cn-north-1",
        service: "live",
        time,
    };
    match keys {
        Some(keys) => sign::sign_headers(&request, &params, keys)
            .authorization()
            .len(),
        None => sign::sign(&request, &params).authorization.len(),
    }
}

fn bench_action<O: Operation + Serialize>(
    c: &mut Criterion,
    name: &str,
    build: fn() -> Result<O, ValidationError>,
) {
    let time = OffsetDateTime::now_utc();
    let Ok(request) = build() else {
        eprintln!("skipping {name}: the example request does not build");
        return;
    };
    let body = serde_json::to_vec(&request).unwrap_or_default();
    let keys = SigningKeyCache::new();
    let mut group = c.benchmark_group(format!("request/{name}"));
    group.bench_function("build", |b| b.iter(|| black_box(build())));
    group.bench_function("serialize", |b| {
        b.iter(|| serde_json::to_vec(black_box(&request)))
    });
    group.bench_function("sign", |b| {
        b.iter(|| sign_body::<O>(black_box(&body), time, Some(&keys)))
    });
    group.bench_function("sign_uncached", |b| {
        b.iter(|| sign_body::<O>(black_box(&body), time, None))
    });
    group.bench_function("all", |b| {
        b.iter(|| {
            let request = build().ok()?;
            let mut body = Vec::with_capacity(512);
            serde_json::to_writer(&mut body, &request).ok()?;
            Some(sign_body::<O>(&body, time, Some(&keys)))
        })
    });
    group.finish();
}

fn requests(c: &mut Criterion) {
    bench_action(c, "UpdateCallback", update);
    bench_action(c, "DeleteCallback", delete);
    bench_action(c, "DescribeCallback", describe);
}

/// A `DescribeCallback` response with `n` callback configurations, as the service sends it.
fn describe_response(n: usize) -> String {
    let entry = r#"{"App":"live","AuthEnable":false,"AuthKeyPrimary":"","CallbackDetailList":[{"CallbackType":"http","URL":"http://callback.example.com/live"}],"CreateTime":"2021-01-02T15:04:05+08:00","CreateTimeUTC":"2021-01-02T07:04:05Z","MessageType":"push","TranscodeCallback":0,"Vhost":"push.example.com"}"#;
    let entries = vec![entry; n].join(",");
    format!(
        r#"{{"ResponseMetadata":{{"RequestId":"20240415113703000000000000000000","Action":"DescribeCallback","Version":"2023-01-01","Service":"live","Region":"cn-north-1"}},"Result":{{"CallbackList":[{entries}]}}}}"#
    )
}

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode/DescribeCallback");
    for n in [1, 1000] {
        let body = describe_response(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &body, |b, body| {
            b.iter(|| serde_json::from_str::<DescribeCallbackOutput>(black_box(body)))
        });
    }
    group.finish();
}

/// The documented nested push_start example, with `event_type` replaced, signed for `T`.
fn callback_body(event_type: &str) -> Vec<u8> {
    const KEY: &str = "1622194197-0-0-5552*****e4e20387c6dc18afce****";
    let sign = CallbackKey::new(KEY).sign(CALLBACK_T);
    format!(
        r#"{{"code":0,"message":"ok","data":{{"vhost":"push.example.com","domain":"push.example.com","app":"live","stream":"stream-123456","event_type":"{event_type}","time":1640849510,"time_ms":1640849510029,"transcoded":false,"fp_node_ip":"10.10.10.1","fp_client_ip":"10.10.10.2","fp_user_url":"","sign":"{sign}","t":{CALLBACK_T}}}}}"#
    )
    .into_bytes()
}

/// The example's `t`: its `time` plus the documented 10-minute validity.
const CALLBACK_T: u64 = 1_640_850_110;

fn events(c: &mut Criterion) {
    let now = std::time::UNIX_EPOCH + Duration::from_secs(CALLBACK_T - 600);
    let verifier =
        Verifier::new("1622194197-0-0-5552*****e4e20387c6dc18afce****").with_clock(move || now);
    let push_start = callback_body("push_start");
    let unknown = callback_body("push_end");
    match (
        verifier.verify::<Event>(&push_start),
        verifier.verify::<Event>(&unknown),
    ) {
        (Ok(Event::PushStart { .. }), Ok(Event::Unknown { .. })) => {}
        other => panic!("the examples do not decode as expected: {other:?}"),
    }
    let mut group = c.benchmark_group("callback/verify_and_decode");
    group.bench_function("push_start", |b| {
        b.iter(|| verifier.verify::<Event>(black_box(&push_start)))
    });
    group.bench_function("unknown", |b| {
        b.iter(|| verifier.verify::<Event>(black_box(&unknown)))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2));
    targets = requests, decode, events
}
criterion_main!(benches);
