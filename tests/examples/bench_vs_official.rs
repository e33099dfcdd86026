//! The Rust half of `scripts/bench-vs-official.sh`: build + validate + serialize + sign of the
//! seed `UpdateCallback`, through the public API, as the client does it for every attempt
//! (the generated builder, `serde_json`, `volc_runtime::sign::sign_headers` with the client's
//! signing-key cache, the current time read each time).
//!
//! Prints `rust_median_ns=<ns per request>` (the median over rounds) and the rounds' spread.
//! `BENCH_ITERATIONS=N` fixes the iterations per round (for `perf stat` instruction counts).
//! `cargo run --release -q -p volc-tests --example bench_vs_official [-- ROUNDS]`
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use volc_live_callback::{
    AppName, CallbackAuth, CallbackDetail, CallbackTarget, CallbackType, MessageType,
    TranscodeCallback, UpdateCallbackRequest, ValidationError,
};
use volc_runtime::sign::{self, OffsetDateTime, SignableRequest, SigningKeyCache, SigningParams};

const AUTH_KEY: &str = "1622194197-0-0-5552*****e4e20387c6dc18afce****";
const USER_AGENT: &str = "volc-live-callback/0.1.0 volc-runtime/0.1.0 (rust)";

/// The seed's UpdateCallback, made valid (Vhost and App, no Domain).
fn build() -> Result<UpdateCallbackRequest, ValidationError> {
    UpdateCallbackRequest::builder()
        .target(CallbackTarget::Vhost {
            vhost: "push.example.com".to_owned(),
            app: Some(AppName::new("example_app")?),
        })
        .auth(CallbackAuth::Disabled {
            auth_key_primary: Some(AUTH_KEY.into()),
        })
        .callback_detail_list([CallbackDetail::new(
            CallbackType::Http,
            "http://example.com/callback",
        )])
        .message_type(MessageType::Push)
        .transcode_callback(TranscodeCallback::Off)
        .build()
}

/// One request's worth of work; returns the `Authorization` value.
fn one(keys: &SigningKeyCache) -> Option<usize> {
    let request = build().ok()?;
    let mut body = Vec::with_capacity(512);
    serde_json::to_writer(&mut body, &request).ok()?;
    let query = [("Action", "UpdateCallback"), ("Version", "2023-01-01")];
    let headers = [
        ("Accept", "application/json"),
        ("Host", "live.volcengineapi.com"),
        ("User-Agent", USER_AGENT),
        ("Content-Type", "application/json"),
    ];
    let signable = SignableRequest {
        method: "POST",
        path: "/",
        query: &query,
        headers: &headers,
        body: &body,
    };
    let params = SigningParams {
        access_key_id: "AKTESTEXAMPLE",
        secret_access_key: "SKTESTEXAMPLE",
        session_token: None,
        region: "cn-north-1",
        service: "live",
        time: OffsetDateTime::now_utc(),
    };
    let signed = sign::sign_headers(&signable, &params, keys);
    Some(signed.authorization().len())
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(31);
    let keys = SigningKeyCache::new();
    if one(&keys).is_none() {
        eprintln!("the seed request does not build");
        std::process::exit(1);
    }
    // Calibrate: about 100 ms per round (or a fixed count, for instruction counting).
    let fixed: Option<usize> = std::env::var("BENCH_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok());
    let mut per_round = fixed.unwrap_or(1_000);
    while fixed.is_none() {
        let started = Instant::now();
        for _ in 0..per_round {
            black_box(one(black_box(&keys)));
        }
        if started.elapsed() >= Duration::from_millis(100) || per_round >= 1 << 26 {
            break;
        }
        per_round *= 2;
    }
    let mut per_op: Vec<f64> = (0..rounds)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..per_round {
                black_box(one(black_box(&keys)));
            }
            started.elapsed().as_nanos() as f64 / per_round as f64
        })
        .collect();
    per_op.sort_by(f64::total_cmp);
    let median = per_op[per_op.len() / 2];
    println!("rust_median_ns={median:.1}");
    println!(
        "rust_min_ns={:.1} rust_max_ns={:.1} rounds={rounds} iterations_per_round={per_round}",
        per_op[0],
        per_op[per_op.len() - 1]
    );
}
