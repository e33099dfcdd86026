//! Verifying one callback, as a receiver does for every delivery: the documented nested
//! push_start example, signed with the API's example key; parse the body, check the size, the
//! signature (MD5, constant-time comparison) and the time window, and build the event as a
//! `serde_json::Map`. Also the flat layout, the auth-off mode and a refused (bad-signature) body.
//!
//! `cargo bench -p volc-runtime --bench callback`
#![allow(missing_docs)]

use std::time::{Duration, UNIX_EPOCH};

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use volc_runtime::callback::{CallbackKey, EventObject, Verifier};

const KEY: &str = "1622194197-0-0-5552*****e4e20387c6dc18afce****";
const T: u64 = 1_640_850_110;

fn push_start(sign: &str, nested: bool) -> Vec<u8> {
    let fields = format!(
        r#""vhost":"push.example.com","domain":"push.example.com","app":"live","stream":"stream-123456","event_type":"push_start","time":1640849510,"time_ms":1640849510029,"transcoded":false,"fp_node_ip":"10.10.10.1","fp_client_ip":"10.10.10.2","fp_user_url":"","sign":"{sign}","t":{T}"#
    );
    if nested {
        format!(r#"{{"code":0,"message":"ok","data":{{{fields}}}}}"#).into_bytes()
    } else {
        format!("{{{fields}}}").into_bytes()
    }
}

fn bench_verify(c: &mut Criterion) {
    let sign = CallbackKey::new(KEY).sign(T);
    let now = UNIX_EPOCH + Duration::from_secs(T - 600);
    let verifier = Verifier::new(KEY).with_clock(move || now);
    let nested = push_start(&sign, true);
    let flat = push_start(&sign, false);
    let forged = push_start("00000000000000000000000000000000", true);
    let unsigned = push_start("", true);
    let open = Verifier::authentication_disabled();
    for (name, body) in [(&"nested", &nested), (&"flat", &flat)] {
        if verifier.verify::<EventObject>(body).is_err() {
            panic!("the {name} example does not verify");
        }
    }

    let mut group = c.benchmark_group("callback");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("verify/push_start/nested", |b| {
        b.iter(|| verifier.verify::<EventObject>(black_box(&nested)))
    });
    group.bench_function("verify/push_start/flat", |b| {
        b.iter(|| verifier.verify::<EventObject>(black_box(&flat)))
    });
    group.bench_function("verify/push_start/auth_off", |b| {
        b.iter(|| open.verify::<EventObject>(black_box(&unsigned)))
    });
    group.bench_function("refuse/push_start/bad_sign", |b| {
        b.iter(|| verifier.verify::<EventObject>(black_box(&forged)))
    });
    group.bench_function("md5/sign", |b| {
        let key = CallbackKey::new(KEY);
        b.iter(|| key.sign(black_box(T)))
    });
    group.finish();
}

criterion_group!(benches, bench_verify);
criterion_main!(benches);
