//! The runtime's retries and error bounds against the in-process mock Live gateway: bounded
//! one-line errors from hostile servers, strict envelopes, `Retry-After`, the throttling
//! backoff, idempotency, the total deadline and per-call options.
//!
//! Every test talks to 127.0.0.1 only and bounds every call. Timing assertions are lower bounds
//! with generous upper bounds: CI machines are slow.

use std::error::Error as StdError;
use std::time::{Duration, Instant};

use volc_runtime::{CallOptions, Client, Error, RetryClass, RetryPolicy};
use volc_tests::mock_server::{MockServer, RecordedRequest, Scripted};
use volc_tests::transport_support::{
    add_thing, assert_one_bounded_line, call, config_for, expect_err, mock_config, one_attempt,
    ATTEMPTS, LIVE,
};

type TestResult = Result<(), Box<dyn StdError>>;
/// A server must not flood logs or forge log lines through our errors: a 1 MiB RequestId, and
/// one holding an ANSI escape and a newline, in a 500 with and without an error object, each
/// give one clean line of at most 1 KiB, the full RequestId still reachable.
#[tokio::test]
async fn hostile_request_ids_give_one_bounded_line() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    let client = one_attempt(&server)?;
    let huge = "R".repeat(1 << 20);
    let forged = "req-1\u{1b}[31m\nERROR forged log line\r\n".to_owned();
    for request_id in [&huge, &forged] {
        for with_error_object in [true, false] {
            let mut metadata = serde_json::json!({ "RequestId": request_id });
            if with_error_object {
                metadata["Error"] = serde_json::json!({
                    "Code": format!("InternalError\n{request_id}"),
                    "Message": format!("boom\u{1b}[2J{request_id}"),
                });
            }
            server.push_response(Scripted::json(
                500,
                &serde_json::json!({ "ResponseMetadata": metadata }),
            ));
            let error = expect_err(add_thing(&client).await?)?;
            assert_one_bounded_line(&error);
            assert_eq!(error.request_id(), Some(request_id.as_str()));
            match (&error, with_error_object) {
                (Error::Service(service), true) => {
                    assert_eq!(service.request_id, *request_id);
                    assert!(service.message.ends_with(request_id.as_str()));
                    assert_one_bounded_line(&Error::Service(service.clone()));
                }
                (Error::Decode { status: 500, .. }, false) => {}
                (other, _) => return Err(format!("unexpected {other:?}").into()),
            }
        }
    }
    Ok(())
}

/// A 2xx body that is not a JSON object with `ResponseMetadata` is no success.
#[tokio::test]
async fn success_status_without_an_envelope_is_a_decode_error() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    let client = one_attempt(&server)?;
    for body in ["[]", "\"x\"", "{}", "null"] {
        server.push_response(Scripted::raw(200, "application/json", body));
        let error = expect_err(call(&client).await?)?;
        let Error::Decode { status, reason, .. } = &error else {
            return Err(format!("{body}: expected Error::Decode, got {error:?}").into());
        };
        assert_eq!(*status, 200, "{body}");
        assert!(reason.contains("ResponseMetadata"), "{body}: {reason}");
        assert!(!error.is_retryable(), "{body}");
        assert_one_bounded_line(&error);
    }
    assert_eq!(server.request_count(), 4);
    Ok(())
}

/// The gap between the first two requests the server saw.
fn gap(requests: &[RecordedRequest]) -> Result<Duration, Box<dyn StdError>> {
    match requests {
        [first, second, ..] => Ok(second.received_at.duration_since(first.received_at)),
        _ => Err(format!("expected two requests, the server saw {}", requests.len()).into()),
    }
}

/// A policy whose own backoff is negligible, so a long wait can only come from `Retry-After`
/// or the throttling backoff.
fn patient_policy() -> RetryPolicy {
    RetryPolicy::new()
        .with_max_attempts(ATTEMPTS)
        .with_base_delay(Duration::from_millis(1))
        .with_throttle_base_delay(Duration::from_millis(1))
        .with_max_delay(Duration::from_secs(5))
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    server.push_response(Scripted::throttled().with_header("Retry-After", "1"));
    let client = Client::new(&LIVE, config_for(&server).retry(patient_policy()).build())?;

    call(&client).await??;

    let waited = gap(&server.requests())?;
    assert!(waited >= Duration::from_millis(950), "waited {waited:?}");
    assert!(waited < Duration::from_secs(10), "waited {waited:?}");
    Ok(())
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    // The date has whole seconds: 2 s from now is between 1 and 2 s away.
    server.push_response(
        Scripted::error(503, "ServiceUnavailableTemp", None, "busy")
            .with_retry_after_date(Duration::from_secs(2)),
    );
    server.set_default_result("AddThing", None);
    let client = Client::new(&LIVE, config_for(&server).retry(patient_policy()).build())?;

    // 503 is retried for every action, so the non-idempotent one too.
    add_thing(&client).await??;

    let waited = gap(&server.requests())?;
    assert!(waited >= Duration::from_millis(900), "waited {waited:?}");
    assert!(waited < Duration::from_secs(10), "waited {waited:?}");
    Ok(())
}

#[tokio::test]
async fn retry_after_is_capped_by_the_policy() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    server.push_response(Scripted::throttled().with_header("Retry-After", "3600"));
    let policy = patient_policy().with_max_delay(Duration::from_millis(50));
    let client = Client::new(&LIVE, config_for(&server).retry(policy).build())?;

    call(&client).await??;

    let waited = gap(&server.requests())?;
    assert!(waited >= Duration::from_millis(50), "waited {waited:?}");
    assert!(waited < Duration::from_secs(10), "waited {waited:?}");
    Ok(())
}

/// Throttling backs off from its own, longer base: the draw is at least half the bound.
#[tokio::test]
async fn throttling_backs_off_longer_than_server_errors() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    server.push_response(Scripted::throttled());
    let policy = patient_policy().with_throttle_base_delay(Duration::from_millis(400));
    let client = Client::new(&LIVE, config_for(&server).retry(policy.clone()).build())?;

    call(&client).await??;
    let throttled_wait = gap(&server.requests())?;
    assert!(
        throttled_wait >= Duration::from_millis(200),
        "waited {throttled_wait:?}"
    );
    assert!(throttled_wait < Duration::from_secs(10));

    // The same policy after a 500 waits at most its 1 ms base (plus scheduling).
    let server = MockServer::start(mock_config()).await?;
    server.push_response(Scripted::internal_error());
    let client = Client::new(&LIVE, config_for(&server).retry(policy).build())?;
    call(&client).await??;
    assert_eq!(server.request_count(), 2);
    Ok(())
}

#[tokio::test]
async fn non_idempotent_action_is_not_retried_after_a_read_timeout() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    server.push_responses(
        (0..ATTEMPTS)
            .map(|_| Scripted::success_without_result().with_delay(Duration::from_secs(1))),
    );
    let read_timeout = Duration::from_millis(200);
    let client = Client::new(
        &LIVE,
        config_for(&server).read_timeout(read_timeout).build(),
    )?;

    let started = Instant::now();
    let error = expect_err(add_thing(&client).await?)?;

    assert_eq!(
        server.request_count(),
        1,
        "a write that may have happened is not repeated"
    );
    assert!(started.elapsed() >= read_timeout);
    let Error::Timeout {
        attempts, after, ..
    } = &error
    else {
        return Err(format!("expected Error::Timeout, got {error:?}").into());
    };
    assert_eq!((*attempts, *after), (1, read_timeout));
    assert_eq!(error.retry_class(), RetryClass::MaybeProcessed);
    assert!(error.is_retryable(), "transient, though not retried here");
    Ok(())
}

#[tokio::test]
async fn non_idempotent_action_is_not_retried_after_a_500_but_is_after_a_429() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    server.push_responses([Scripted::throttled(), Scripted::internal_error()]);
    let client = Client::new(&LIVE, config_for(&server).build())?;

    let error = expect_err(add_thing(&client).await?)?;

    assert_eq!(server.request_count(), 2);
    assert_eq!(
        error.as_service().map(|s| s.code.as_str()),
        Some("InternalError")
    );
    Ok(())
}

/// The deadline bounds the whole call: attempts that each fit the read timeout stop when it
/// passes.
#[tokio::test]
async fn a_total_deadline_stops_retries() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    server.push_responses(
        (0..10).map(|_| Scripted::internal_error().with_delay(Duration::from_millis(400))),
    );
    let deadline = Duration::from_secs(1);
    let policy = RetryPolicy::new()
        .with_max_attempts(10)
        .with_base_delay(Duration::from_millis(1))
        .with_max_delay(Duration::from_millis(5));
    let client = Client::new(
        &LIVE,
        config_for(&server).retry(policy).deadline(deadline).build(),
    )?;

    let started = Instant::now();
    let error = expect_err(call(&client).await?)?;
    let took = started.elapsed();

    assert!(took >= Duration::from_millis(800), "took {took:?}");
    assert!(took < deadline + Duration::from_secs(4), "took {took:?}");
    assert!(server.request_count() < 10, "{}", server.request_count());
    match &error {
        Error::DeadlineExceeded {
            deadline: d,
            attempts,
            ..
        } => {
            assert_eq!(*d, deadline);
            assert_eq!(*attempts as usize, server.request_count());
        }
        // A slow machine may reach the deadline during a backoff instead: the last error.
        Error::Service(service) => assert_eq!(service.code, "InternalError"),
        other => return Err(format!("unexpected {other:?}").into()),
    }
    assert_one_bounded_line(&error);
    Ok(())
}

#[tokio::test]
async fn call_options_override_one_call() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    let client = Client::new(
        &LIVE,
        config_for(&server).retry(RetryPolicy::none()).build(),
    )?;
    let retrying = client.with_options(
        CallOptions::new().retry(
            RetryPolicy::new()
                .with_base_delay(Duration::from_millis(1))
                .with_max_delay(Duration::from_millis(5)),
        ),
    );
    assert_eq!(retrying.retry_policy().max_attempts(), 3);
    assert_eq!(client.retry_policy().max_attempts(), 1);

    server.push_response(Scripted::throttled());
    call(&retrying).await??;
    assert_eq!(server.request_count(), 2);

    server.push_response(Scripted::throttled());
    expect_err(call(&client).await?)?;
    assert_eq!(
        server.request_count(),
        3,
        "the original client is unchanged"
    );

    let impatient =
        client.with_options(CallOptions::new().read_timeout(Duration::from_millis(100)));
    server.push_response(Scripted::success_without_result().with_delay(Duration::from_millis(800)));
    let started = Instant::now();
    let error = expect_err(call(&impatient).await?)?;
    assert!(started.elapsed() >= Duration::from_millis(100));
    assert!(
        matches!(error, Error::Timeout { after, .. } if after == Duration::from_millis(100)),
        "{error:?}"
    );
    let bounded_call = client.with_options(CallOptions::new().deadline(Duration::from_millis(100)));
    assert_eq!(bounded_call.deadline(), Some(Duration::from_millis(100)));
    assert_eq!(
        bounded_call
            .with_options(CallOptions::new().no_deadline())
            .deadline(),
        None
    );
    Ok(())
}

/// What an interceptor sees of a call retried twice: every attempt, in order, with its number,
/// status, RequestId, latency and outcome; enough to count retries and latencies per action.
#[tokio::test]
async fn the_interceptor_sees_every_attempt_of_a_retried_call() -> TestResult {
    #[derive(Debug, PartialEq)]
    struct Seen {
        action: &'static str,
        attempt: u32,
        status: Option<u16>,
        request_id: Option<String>,
        outcome: &'static str,
        code: Option<String>,
    }
    let server = MockServer::start(mock_config()).await?;
    server.push_response(Scripted::throttled());
    server.push_response(Scripted::throttled());
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = std::sync::Arc::clone(&seen);
    let client = Client::new(
        &LIVE,
        config_for(&server)
            .interceptor(move |a: &volc_runtime::Attempt<'_>| {
                assert!(a.latency < Duration::from_secs(10));
                assert_eq!(a.service, "live");
                if let Ok(mut log) = log.lock() {
                    log.push(Seen {
                        action: a.action,
                        attempt: a.attempt,
                        status: a.status,
                        request_id: a.request_id.map(str::to_owned),
                        outcome: a.outcome.as_str(),
                        code: a.outcome.error().and_then(Error::code).map(str::to_owned),
                    });
                }
            })
            .build(),
    )?;

    call(&client).await??;

    let requests = server.requests();
    let seen = seen.lock().map_err(|_| "poisoned")?;
    let expected: Vec<Seen> = requests
        .iter()
        .enumerate()
        .map(|(i, r)| Seen {
            action: "DescribeCallback",
            attempt: u32::try_from(i + 1).unwrap_or(u32::MAX),
            status: Some(r.status),
            request_id: Some(r.request_id.clone()),
            outcome: if i < 2 { "retry" } else { "success" },
            code: (i < 2).then(|| "FlowLimitExceeded".to_owned()),
        })
        .collect();
    assert_eq!(requests.len(), 3);
    assert_eq!(*seen, expected);
    Ok(())
}
