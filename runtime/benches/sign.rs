//! Signing the seed UpdateCallback request: `sign` (every intermediate value kept, the signing
//! key derived each time: the debugging path) and `sign_headers` with a warm
//! [`SigningKeyCache`] (what the client does on every attempt).
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use volc_runtime::sign::{self, SignableRequest, SigningKeyCache, SigningParams};

const BODY: &str = r#"{"App": "example_app", "AuthEnable": false, "AuthKeyPrimary": "1622194197-0-0-5552*****e4e20387c6dc18afce****", "CallbackDetailList": [{"CallbackType": "http", "URL": "http://example.com/callback"}], "Domain": "push.example.com", "MessageType": "push", "TranscodeCallback": 0, "Vhost": "push.example.com"}"#;

fn bench_sign(c: &mut Criterion) {
    let query = [("Action", "UpdateCallback"), ("Version", "2023-01-01")];
    let headers = [
        ("Accept", "application/json"),
        ("Host", "live.volcengineapi.com"),
        (
            "User-Agent",
            "volc-live-callback/0.1.0 volc-runtime/0.1.0 (rust)",
        ),
        ("Content-Type", "application/json"),
    ];
    let request = SignableRequest {
        method: "POST",
        path: "/",
        query: &query,
        headers: &headers,
        body: BODY.as_bytes(),
    };
    let time = sign::parse_x_date("20240415T113703Z").unwrap_or(time_now());
    let params = SigningParams {
        access_key_id: "AKTESTEXAMPLE",
        secret_access_key: "SKTESTEXAMPLE",
        session_token: None,
        region: "cn-north-1",
        service: "live",
        time,
    };
    c.bench_function("sign seed UpdateCallback", |b| {
        b.iter(|| sign::sign(black_box(&request), black_box(&params)))
    });
    let keys = SigningKeyCache::new();
    c.bench_function("sign_headers seed UpdateCallback (cached key)", |b| {
        b.iter(|| sign::sign_headers(black_box(&request), black_box(&params), &keys))
    });
    c.bench_function("signing_key derivation", |b| {
        b.iter(|| sign::signing_key(black_box("SKTESTEXAMPLE"), "20240415", "cn-north-1", "live"))
    });
}

fn time_now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

criterion_group!(benches, bench_sign);
criterion_main!(benches);
