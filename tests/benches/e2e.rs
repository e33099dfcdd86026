//! End to end against the in-process mock Live server on loopback, signatures enforced as by
//! the real gateway: `DescribeCallback` calls per second with 1 and with 16 concurrent tasks
//! sharing one client (one connection pool).
//!
//! Each iteration sends a batch of calls; criterion reports the time per batch and, through
//! its throughput, calls per second (`thrpt`).
//!
//! `cargo bench -p volc-tests --bench e2e`
#![allow(missing_docs)]

use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use volc_live_callback::{
    AppName, CallbackTarget, Client, Config, Credentials, DescribeCallbackRequest, RetryPolicy,
};
use volc_tests::mock_server::{MockConfig, MockServer};

/// Calls per iteration (per task: `CALLS / tasks`).
const CALLS: usize = 64;

fn e2e(c: &mut Criterion) {
    let Ok(runtime) = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    else {
        eprintln!("skipping e2e: no Tokio runtime");
        return;
    };
    let config = MockConfig::default();
    let Ok(server) = runtime.block_on(MockServer::start(config.clone())) else {
        eprintln!("skipping e2e: the mock server did not start");
        return;
    };
    let client = Client::new(
        Config::builder()
            .endpoint(server.url())
            .region(config.region.as_str())
            .credentials(Credentials::new(
                config.access_key_id.as_str(),
                config.secret_access_key.as_str(),
            ))
            .retry(RetryPolicy::none())
            .build(),
    );
    let request = AppName::new("example_app").and_then(|app| {
        DescribeCallbackRequest::builder()
            .target(CallbackTarget::Vhost {
                vhost: "push.example.com".to_owned(),
                app: Some(app),
            })
            .build()
    });
    let (Ok(client), Ok(request)) = (client, request) else {
        eprintln!("skipping e2e: no client or request");
        return;
    };
    // One call first: it must succeed, signature verified, or the figures mean nothing.
    let first = runtime.block_on(client.send(&request));
    assert!(first.is_ok(), "the mock server refused the call: {first:?}");
    let shared = Arc::new((client, request));

    let mut group = c.benchmark_group("e2e/DescribeCallback");
    group.throughput(Throughput::Elements(CALLS as u64));
    for tasks in [1usize, 16] {
        group.bench_with_input(BenchmarkId::new("tasks", tasks), &tasks, |b, &tasks| {
            b.to_async(&runtime).iter(|| {
                let shared = Arc::clone(&shared);
                async move {
                    let mut set = tokio::task::JoinSet::new();
                    for _ in 0..tasks {
                        let shared = Arc::clone(&shared);
                        set.spawn(async move {
                            let (client, request) = &*shared;
                            let mut ok = 0usize;
                            for _ in 0..CALLS / tasks {
                                ok += usize::from(client.send(request).await.is_ok());
                            }
                            ok
                        });
                    }
                    let mut ok = 0;
                    while let Some(done) = set.join_next().await {
                        ok += done.unwrap_or(0);
                    }
                    assert_eq!(ok, CALLS, "every call succeeds");
                }
            })
        });
    }
    group.finish();
    drop(shared);
    drop(server);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = e2e
}
criterion_main!(benches);
