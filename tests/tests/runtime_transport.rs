//! The runtime's transport against the in-process mock Live gateway: signing as the gateway
//! checks it, decoding, typed errors, transport failures, GET encoding.
//!
//! Every test talks to 127.0.0.1 only, uses millisecond backoff and bounds every call, so the
//! whole binary runs in a few seconds. Timing assertions are lower bounds with generous upper
//! bounds: CI machines are slow. Retries, `Retry-After`, idempotency and deadlines are in
//! `runtime_retries.rs`.

use std::error::Error as StdError;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use volc_runtime::{
    Client, Credentials, Error, HttpMethod, Operation, ResponseMetadata, RetryClass, RetryPolicy,
    TransportErrorKind,
};
use volc_tests::mock_server::{AuthFailure, MockServer, Scripted};
use volc_tests::transport_support::{
    add_thing, bounded, call, config_for, expect_err, last, mock_config, only, DescribeCallback,
    DescribeCallbackOutput, ATTEMPTS, LIVE,
};

type TestResult = Result<(), Box<dyn StdError>>;
#[tokio::test]
async fn success_end_to_end() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    let client = Client::new(&LIVE, config_for(&server).build())?;

    let output = call(&client).await??;

    let requests = server.requests();
    let request = only(&requests)?;
    assert!(
        request.signature_verified,
        "the gateway rejected the signature: {:?}",
        request.auth_failure
    );
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/");
    assert_eq!(request.action(), Some("DescribeCallback"));
    assert_eq!(request.query_param("Version"), Some("2023-01-01"));
    assert_eq!(
        request.header("content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(
        request.body_json(),
        Some(serde_json::json!({"Vhost": "push.example.com", "App": "live"}))
    );
    for signed in ["host", "x-date", "x-content-sha256", "content-type"] {
        assert!(request.is_signed(signed), "{signed} is not signed");
    }
    assert!(request.header("x-security-token").is_none());

    let metadata: &ResponseMetadata = output.as_ref();
    assert_eq!(metadata.request_id, request.request_id);
    assert_eq!(metadata.action, "DescribeCallback");
    assert_eq!(metadata.region, "cn-north-1");
    let result = output.result.ok_or("no Result decoded")?;
    assert_eq!(result.callback_list.len(), 1);
    assert_eq!(result.callback_list[0]["Vhost"], "push.example.com");
    Ok(())
}

#[tokio::test]
async fn throttled_then_success_is_retried_once() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    server.push_response(Scripted::throttled());
    let client = Client::new(&LIVE, config_for(&server).build())?;

    let output = call(&client).await??;

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].status, 429);
    assert_eq!(requests[1].status, 200);
    assert!(requests.iter().all(|r| r.signature_verified));
    assert_eq!(output.metadata.request_id, requests[1].request_id);
    assert_eq!(server.pending_responses(), 0);
    Ok(())
}

#[tokio::test]
async fn server_error_on_every_attempt_gives_up_with_the_last_error() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    server.push_responses((0..ATTEMPTS).map(|_| Scripted::internal_error()));
    // Would answer a fourth attempt with success: the client must not make one.
    let client = Client::new(&LIVE, config_for(&server).build())?;

    let error = expect_err(call(&client).await?)?;

    let requests = server.requests();
    assert_eq!(requests.len(), ATTEMPTS as usize);
    assert!(error.is_retryable(), "{error:?}");
    let Error::Service(service) = &error else {
        return Err(format!("expected Error::Service, got {error:?}").into());
    };
    assert_eq!(service.code, "InternalError");
    assert_eq!(service.code_n, Some(100_014));
    assert_eq!(service.http_status, 500);
    assert_eq!(service.action, "DescribeCallback");
    let last = last(&requests)?;
    assert_eq!(service.request_id, last.request_id);
    assert_eq!(error.request_id(), Some(last.request_id.as_str()));
    Ok(())
}

#[tokio::test]
async fn http_200_with_an_error_is_a_service_error_and_invalid_param_is_not_retried() -> TestResult
{
    let server = MockServer::start(mock_config()).await?;
    server.push_response(Scripted::error(
        200,
        "InvalidParam",
        Some(400_001),
        "Vhost push.example.com does not exist",
    ));
    let client = Client::new(&LIVE, config_for(&server).build())?;

    let error = expect_err(call(&client).await?)?;

    let requests = server.requests();
    let request = only(&requests)?;
    assert!(!error.is_retryable());
    let Error::Service(service) = &error else {
        return Err(format!("expected Error::Service, got {error:?}").into());
    };
    assert_eq!(service.code, "InvalidParam");
    assert_eq!(service.code_n, Some(400_001));
    assert_eq!(service.message, "Vhost push.example.com does not exist");
    assert_eq!(service.http_status, 200);
    assert_eq!(service.request_id, request.request_id);
    let shown = error.to_string();
    assert!(shown.contains("InvalidParam"), "{shown}");
    assert!(shown.contains("does not exist"), "{shown}");
    Ok(())
}

#[tokio::test]
async fn common_err_at_http_200_is_retried() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    server.push_response(Scripted::common_err());
    let client = Client::new(&LIVE, config_for(&server).build())?;

    let output = call(&client).await??;

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(output.metadata.request_id, requests[1].request_id);

    // And when it persists, the last CommonErr is returned after every attempt.
    server.push_responses((0..ATTEMPTS).map(|_| Scripted::common_err()));
    let error = expect_err(call(&client).await?)?;
    let requests = server.requests();
    assert_eq!(requests.len(), 2 + ATTEMPTS as usize);
    let Error::Service(service) = &error else {
        return Err(format!("expected Error::Service, got {error:?}").into());
    };
    assert_eq!(service.code, "CommonErr");
    assert_eq!(service.http_status, 200);
    assert_eq!(service.request_id, last(&requests)?.request_id);
    Ok(())
}

#[tokio::test]
async fn malformed_json_is_a_decode_error() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    server.push_response(Scripted::raw(
        200,
        "application/json",
        r#"{"ResponseMetadata": {"RequestId": "req-cut", "Action": "#,
    ));
    let client = Client::new(&LIVE, config_for(&server).build())?;

    let error = expect_err(call(&client).await?)?;

    assert_eq!(server.request_count(), 1);
    assert!(!error.is_retryable());
    let Error::Decode {
        action,
        status,
        excerpt,
        reason,
        ..
    } = &error
    else {
        return Err(format!("expected Error::Decode, got {error:?}").into());
    };
    assert_eq!(*action, "DescribeCallback");
    assert_eq!(*status, 200);
    assert!(excerpt.contains("ResponseMetadata"), "{excerpt:?}");
    assert!(!reason.is_empty());
    assert!(error.to_string().contains("200"), "{error}");
    Ok(())
}

/// A non-2xx answer without `ResponseMetadata.Error` (a proxy's page) cannot be decoded: a
/// Decode error that keeps the status and the start of the body, retried like any 5xx.
#[tokio::test]
async fn html_bad_gateway_page_is_a_decode_error_and_retried() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    let page = "<html><head><title>502 Bad Gateway</title></head>\
                <body><center><h1>502 Bad Gateway</h1></center></body></html>";
    server.push_responses((0..ATTEMPTS).map(|_| Scripted::raw(502, "text/html", page)));
    let client = Client::new(&LIVE, config_for(&server).build())?;

    let error = expect_err(call(&client).await?)?;

    assert_eq!(server.request_count(), ATTEMPTS as usize);
    assert!(error.is_retryable());
    let Error::Decode {
        status,
        excerpt,
        reason,
        request_id,
        ..
    } = &error
    else {
        return Err(format!("expected Error::Decode, got {error:?}").into());
    };
    assert_eq!(*status, 502);
    assert!(
        excerpt.starts_with("<html><head><title>502 Bad Gateway"),
        "{excerpt:?}"
    );
    assert!(reason.contains("HTML"), "{reason}");
    assert_eq!(*request_id, None);
    let shown = error.to_string();
    assert!(shown.contains("HTTP 502"), "{shown}");
    assert!(!shown.contains('\n'), "{shown}");
    Ok(())
}

/// A complete HTTP answer whose JSON stops half-way is a decode error, not retried (HTTP 200).
#[tokio::test]
async fn truncated_json_is_a_decode_error() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    server.push_response(Scripted::raw(
        200,
        "application/json",
        r#"{"ResponseMetadata": {"RequestId": "r-1"}, "Result": {"CallbackList": [{"App": "li"#,
    ));
    let client = Client::new(&LIVE, config_for(&server).build())?;

    let error = expect_err(call(&client).await?)?;

    assert_eq!(server.request_count(), 1);
    assert!(!error.is_retryable());
    let Error::Decode { status, reason, .. } = &error else {
        return Err(format!("expected Error::Decode, got {error:?}").into());
    };
    assert_eq!(*status, 200);
    assert!(reason.contains("ends early"), "{reason}");
    Ok(())
}

#[tokio::test]
async fn truncated_body_is_a_transport_error_and_retried() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    server.push_responses(
        (0..ATTEMPTS).map(|_| Scripted::truncated(200, 4096, r#"{"ResponseMetadata": {"Req"#)),
    );
    let client = Client::new(&LIVE, config_for(&server).build())?;

    let error = expect_err(call(&client).await?)?;

    assert_eq!(server.request_count(), ATTEMPTS as usize);
    assert!(error.is_retryable(), "{error:?}");
    let Error::Transport {
        action, attempts, ..
    } = &error
    else {
        return Err(format!("expected Error::Transport, got {error:?}").into());
    };
    assert_eq!(*action, "DescribeCallback");
    assert_eq!(*attempts, ATTEMPTS);
    assert!(!error.to_string().is_empty());
    Ok(())
}

/// A body larger than any answer of these actions is not read whole (a hostile or broken
/// server must not exhaust the client's memory).
#[tokio::test]
async fn oversized_body_is_refused() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    let mut body = b"{\"ResponseMetadata\": {\"RequestId\": \"r\"}, \"Padding\": \"".to_vec();
    body.resize(17 * 1024 * 1024, b'x');
    server.push_response(Scripted::raw(200, "application/json", body));
    let client = Client::new(&LIVE, config_for(&server).build())?;

    let error = expect_err(call(&client).await?)?;

    assert_eq!(server.request_count(), 1);
    let Error::Decode {
        status,
        reason,
        excerpt,
        ..
    } = &error
    else {
        return Err(format!("expected Error::Decode, got {error:?}").into());
    };
    assert_eq!(*status, 200);
    assert!(reason.contains("exceeds"), "{reason}");
    assert!(excerpt.len() <= 512, "{}", excerpt.len());
    Ok(())
}

#[tokio::test]
async fn empty_body_is_a_decode_error() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    server.push_response(Scripted::raw(200, "application/json", ""));
    let client = Client::new(&LIVE, config_for(&server).build())?;

    let error = expect_err(call(&client).await?)?;

    assert_eq!(server.request_count(), 1);
    let Error::Decode {
        status, excerpt, ..
    } = &error
    else {
        return Err(format!("expected Error::Decode, got {error:?}").into());
    };
    assert_eq!(*status, 200);
    assert_eq!(excerpt, "");
    assert!(!error.to_string().is_empty());
    Ok(())
}

#[tokio::test]
async fn connection_closed_without_an_answer_is_a_transport_error_and_retried() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    server.push_responses((0..ATTEMPTS).map(|_| Scripted::hang_up()));
    let client = Client::new(&LIVE, config_for(&server).build())?;

    let error = expect_err(call(&client).await?)?;

    assert_eq!(server.request_count(), ATTEMPTS as usize);
    assert!(
        matches!(error, Error::Transport { attempts, .. } if attempts == ATTEMPTS),
        "{error:?}"
    );
    Ok(())
}

#[tokio::test]
async fn slower_than_the_read_timeout_is_a_timeout_and_retried() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    let read_timeout = Duration::from_millis(200);
    server.push_responses(
        (0..ATTEMPTS)
            .map(|_| Scripted::success(serde_json::json!({})).with_delay(Duration::from_secs(1))),
    );
    let client = Client::new(
        &LIVE,
        config_for(&server).read_timeout(read_timeout).build(),
    )?;

    let started = Instant::now();
    let error = expect_err(call(&client).await?)?;
    let took = started.elapsed();

    assert_eq!(server.request_count(), ATTEMPTS as usize);
    assert!(error.is_retryable());
    let Error::Timeout {
        action,
        attempts,
        after,
        ..
    } = &error
    else {
        return Err(format!("expected Error::Timeout, got {error:?}").into());
    };
    assert_eq!(*action, "DescribeCallback");
    assert_eq!(*attempts, ATTEMPTS);
    assert_eq!(*after, read_timeout);
    // Each attempt gave up after ~200 ms instead of waiting for the 1 s answer.
    assert!(took < Duration::from_millis(2500), "took {took:?}");
    Ok(())
}

#[tokio::test]
async fn connection_refused_is_a_retryable_transport_error() -> TestResult {
    // A socket bound but never listening: connections to it are refused, and the port stays
    // taken for the whole test, so no other test's server can get it.
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.bind("127.0.0.1:0".parse()?)?;
    let url = format!("http://{}", socket.local_addr()?);
    let server = MockServer::start(mock_config()).await?;
    let client = Client::new(&LIVE, config_for(&server).endpoint(url).build())?;

    // Nothing was sent, so even a non-idempotent action is retried.
    let error = expect_err(add_thing(&client).await?)?;

    assert!(error.is_retryable());
    assert_eq!(error.retry_class(), RetryClass::NotSent);
    let Error::Transport {
        action,
        attempts,
        source,
        ..
    } = &error
    else {
        return Err(format!("expected Error::Transport, got {error:?}").into());
    };
    assert_eq!(*action, "AddThing");
    assert_eq!(*attempts, ATTEMPTS);
    assert_eq!(source.kind(), TransportErrorKind::Connect);
    // The cause is printed once: the whole chain, down to the socket's error, is in the one
    // line Display writes, and the error has no source for a reporter to print again.
    let shown = error.to_string();
    println!("{shown}");
    assert!(StdError::source(&error).is_none());
    let mut below = StdError::source(source);
    let mut causes = 0;
    while let Some(cause) = below {
        assert!(
            shown.contains(&cause.to_string()),
            "{shown:?} lacks {cause}"
        );
        causes += 1;
        below = cause.source();
    }
    assert!(causes > 0, "the transport error has no cause");
    assert!(!shown.contains('\n') && shown.len() <= 1024, "{shown:?}");
    assert_eq!(error.request_id(), None);
    assert_eq!(server.request_count(), 0);
    drop(socket);
    Ok(())
}

#[tokio::test]
async fn wrong_secret_key_is_signature_does_not_match_and_not_retried() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    let wrong = Credentials::new(server.config().access_key_id.clone(), "not-the-secret");
    let client = Client::new(&LIVE, config_for(&server).credentials(wrong).build())?;

    let error = expect_err(call(&client).await?)?;

    let requests = server.requests();
    let request = only(&requests)?;
    assert!(!request.signature_verified);
    assert!(matches!(
        request.auth_failure,
        Some(AuthFailure::SignatureMismatch { .. })
    ));
    assert!(!error.is_retryable());
    let Error::Service(service) = &error else {
        return Err(format!("expected Error::Service, got {error:?}").into());
    };
    assert_eq!(service.code, "SignatureDoesNotMatch");
    assert_eq!(service.code_n, Some(100_010));
    assert_eq!(service.http_status, 401);
    assert_eq!(service.request_id, request.request_id);
    Ok(())
}

#[tokio::test]
async fn unknown_access_key_is_invalid_access_key() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    let stranger = Credentials::new("AKUNKNOWN", server.config().secret_access_key.clone());
    let client = Client::new(&LIVE, config_for(&server).credentials(stranger).build())?;

    let error = expect_err(call(&client).await?)?;

    assert_eq!(server.request_count(), 1);
    let Error::Service(service) = &error else {
        return Err(format!("expected Error::Service, got {error:?}").into());
    };
    assert_eq!(service.code, "InvalidAccessKey");
    assert_eq!(service.http_status, 401);
    Ok(())
}

#[tokio::test]
async fn session_token_is_sent_and_signed() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    let keys = server.config();
    let token = "STS2eyJBY2Nlc3NLZXlJZCI6IkFLVEVTVCJ9";
    let credentials = Credentials::new(keys.access_key_id.clone(), keys.secret_access_key.clone())
        .with_session_token(token);
    let client = Client::new(&LIVE, config_for(&server).credentials(credentials).build())?;

    call(&client).await??;

    let requests = server.requests();
    let request = only(&requests)?;
    assert!(request.signature_verified, "{:?}", request.auth_failure);
    assert_eq!(request.header("x-security-token").as_deref(), Some(token));
    assert!(request.is_signed("x-security-token"));
    Ok(())
}

#[tokio::test]
async fn user_agent_names_the_sdk_and_the_suffix() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    let client = Client::new(
        &LIVE,
        config_for(&server).user_agent_suffix("my-app/1.0").build(),
    )?;

    call(&client).await??;

    let requests = server.requests();
    let user_agent = only(&requests)?
        .header("user-agent")
        .ok_or("no User-Agent header")?;
    assert!(user_agent.contains(LIVE.sdk), "{user_agent:?}");
    assert!(user_agent.contains("my-app/1.0"), "{user_agent:?}");
    Ok(())
}

#[tokio::test]
async fn each_attempt_is_signed_afresh_and_verified() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    server.push_responses([Scripted::throttled(), Scripted::internal_error()]);
    let client = Client::new(&LIVE, config_for(&server).build())?;

    call(&client).await??;

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert!(request.signature_verified, "{:?}", request.auth_failure);
        assert_eq!(request.body, requests[0].body);
    }
    let ids: std::collections::HashSet<_> = requests.iter().map(|r| &r.request_id).collect();
    assert_eq!(ids.len(), 3, "every answer carries its own RequestId");
    Ok(())
}

/// A GET action whose fields travel in the query: awkward characters must be encoded on the
/// wire and in the signature the same way.
#[derive(Debug, Serialize)]
struct ListThings {
    #[serde(rename = "Vhost")]
    vhost: String,
    #[serde(rename = "Tag")]
    tags: Vec<String>,
    #[serde(rename = "PageSize")]
    page_size: u32,
    #[serde(rename = "Missing", skip_serializing_if = "Option::is_none")]
    missing: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ListThingsOutput {
    #[serde(rename = "ResponseMetadata")]
    metadata: ResponseMetadata,
    #[serde(rename = "Result")]
    result: serde_json::Value,
}

impl AsRef<ResponseMetadata> for ListThingsOutput {
    fn as_ref(&self) -> &ResponseMetadata {
        &self.metadata
    }
}

impl Operation for ListThings {
    const ACTION: &'static str = "ListThings";
    const METHOD: HttpMethod = HttpMethod::Get;
    type Output = ListThingsOutput;
}

#[tokio::test]
async fn get_fields_travel_in_the_query_and_are_signed() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    server.set_default_result("ListThings", Some(serde_json::json!({"Total": 2})));
    let client = Client::new(&LIVE, config_for(&server).build())?;
    let vhost = "push example.com/ä~*+&=%";
    let request = ListThings {
        vhost: vhost.to_owned(),
        tags: vec!["zeta".to_owned(), "alpha beta".to_owned()],
        page_size: 20,
        missing: None,
    };

    let output = bounded(client.send(&request)).await??;

    let requests = server.requests();
    let seen = only(&requests)?;
    assert!(seen.signature_verified, "{:?}", seen.auth_failure);
    assert_eq!(seen.method, "GET");
    assert!(seen.body.is_empty());
    assert_eq!(seen.query_param("Vhost"), Some(vhost));
    assert_eq!(seen.query_param("PageSize"), Some("20"));
    assert_eq!(seen.query_param("Missing"), None);
    let tags: Vec<&str> = seen
        .query
        .iter()
        .filter(|(k, _)| k == "Tag")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(tags, ["zeta", "alpha beta"]);
    assert_eq!(output.result["Total"], 2);
    assert_eq!(output.metadata.action, "ListThings");
    Ok(())
}

#[tokio::test]
async fn endpoint_with_a_base_path_is_signed_with_that_path() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    let endpoint = format!("{}/gate%20way/v1", server.url());
    let client = Client::new(&LIVE, config_for(&server).endpoint(endpoint).build())?;

    call(&client).await??;

    let requests = server.requests();
    let seen = only(&requests)?;
    assert_eq!(seen.path, "/gate%20way/v1/");
    assert!(seen.signature_verified, "{:?}", seen.auth_failure);
    Ok(())
}

#[tokio::test]
async fn unknown_action_is_a_404_service_error_not_retried() -> TestResult {
    #[derive(Debug, Serialize)]
    struct NoSuchAction {}
    impl Operation for NoSuchAction {
        const ACTION: &'static str = "NoSuchAction";
        const METHOD: HttpMethod = HttpMethod::Post;
        type Output = DescribeCallbackOutput;
    }
    let server = MockServer::start(mock_config()).await?;
    let client = Client::new(&LIVE, config_for(&server).build())?;

    let error = expect_err(bounded(client.send(&NoSuchAction {})).await?)?;

    let requests = server.requests();
    let seen = only(&requests)?;
    let Error::Service(service) = &error else {
        return Err(format!("expected Error::Service, got {error:?}").into());
    };
    assert_eq!(service.code, "InvalidActionOrVersion");
    assert_eq!(service.code_n, Some(100_008));
    assert_eq!(service.http_status, 404);
    assert_eq!(service.action, "NoSuchAction");
    assert_eq!(service.request_id, seen.request_id);
    assert!(!error.is_retryable());
    Ok(())
}

#[tokio::test]
async fn retry_policy_none_makes_one_attempt() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    server.push_response(Scripted::throttled());
    let client = Client::new(
        &LIVE,
        config_for(&server).retry(RetryPolicy::none()).build(),
    )?;

    let error = expect_err(call(&client).await?)?;

    assert_eq!(server.request_count(), 1);
    // Retryable in itself; the policy said no.
    assert!(error.is_retryable());
    let Error::Service(service) = &error else {
        return Err(format!("expected Error::Service, got {error:?}").into());
    };
    assert_eq!(service.code, "FlowLimitExceeded");
    assert_eq!(service.http_status, 429);
    Ok(())
}

#[tokio::test]
async fn backoff_is_capped_by_max_delay() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    server.push_responses([Scripted::throttled(), Scripted::throttled()]);
    let policy = RetryPolicy::new()
        .with_max_attempts(ATTEMPTS)
        .with_base_delay(Duration::from_secs(30))
        .with_max_delay(Duration::from_millis(50));
    let client = Client::new(&LIVE, config_for(&server).retry(policy).build())?;

    let started = Instant::now();
    call(&client).await??;

    assert_eq!(server.request_count(), 3);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
    Ok(())
}

#[tokio::test]
async fn concurrent_calls_on_one_client_are_each_signed_and_answered() -> TestResult {
    const CALLS: usize = 8;
    let server = MockServer::start(mock_config()).await?;
    let client = Client::new(&LIVE, config_for(&server).build())?;

    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..CALLS {
        let client = client.clone();
        tasks.spawn(async move { client.send(&DescribeCallback::new()).await });
    }
    let mut answered = std::collections::HashSet::new();
    while let Some(joined) = bounded(tasks.join_next()).await? {
        answered.insert(joined??.metadata.request_id);
    }

    let requests = server.requests();
    assert_eq!(requests.len(), CALLS);
    assert!(requests.iter().all(|r| r.signature_verified));
    let sent: std::collections::HashSet<String> =
        requests.iter().map(|r| r.request_id.clone()).collect();
    assert_eq!(answered, sent);
    Ok(())
}

/// Every scalar kind and lists in a GET query, against the mock gateway's own signature check:
/// the query that was signed is the query that was sent.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct ListEverything {
    name: &'static str,
    page_size: u32,
    offset: i64,
    ratio: f64,
    whole: f64,
    on: bool,
    off: bool,
    tags: Vec<&'static str>,
    ids: Vec<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    absent: Option<String>,
    nothing: Option<u8>,
}

impl Operation for ListEverything {
    const ACTION: &'static str = "ListEverything";
    const METHOD: HttpMethod = HttpMethod::Get;
    const IDEMPOTENT: bool = true;
    type Output = ListThingsOutput;
}

#[tokio::test]
async fn get_query_encodes_every_scalar_kind_and_is_signed_as_sent() -> TestResult {
    let server = MockServer::start(mock_config()).await?;
    server.set_default_result("ListEverything", Some(serde_json::json!({})));
    let client = Client::new(&LIVE, config_for(&server).build())?;
    let request = ListEverything {
        name: "a b+c&d=e/直~*",
        page_size: 1000,
        offset: -42,
        ratio: -0.5,
        whole: 1000.0,
        on: true,
        off: false,
        tags: vec!["zeta", "alpha", "zeta"],
        ids: vec![3, -1],
        absent: None,
        nothing: None,
    };

    bounded(client.send(&request)).await??;

    let requests = server.requests();
    let seen = only(&requests)?;
    assert!(seen.signature_verified, "{:?}", seen.auth_failure);
    assert_eq!(seen.raw_query, seen.canonical_query(), "sent = signed");
    assert!(seen.body.is_empty());
    let expected: Vec<(&str, &str)> = vec![
        ("Action", "ListEverything"),
        ("Ids", "3"),
        ("Ids", "-1"),
        ("Name", "a b+c&d=e/直~*"),
        ("Off", "false"),
        ("Offset", "-42"),
        ("On", "true"),
        ("PageSize", "1000"),
        ("Ratio", "-0.5"),
        ("Tags", "zeta"),
        ("Tags", "alpha"),
        ("Tags", "zeta"),
        ("Version", "2023-01-01"),
        ("Whole", "1000"),
    ];
    let got: Vec<(&str, &str)> = seen
        .query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(got, expected);
    Ok(())
}

#[tokio::test]
async fn a_nested_object_in_a_get_request_is_an_encode_error() -> TestResult {
    #[derive(Debug, Serialize)]
    struct Nested {
        #[serde(rename = "Filter")]
        filter: serde_json::Value,
    }
    impl Operation for Nested {
        const ACTION: &'static str = "ListNested";
        const METHOD: HttpMethod = HttpMethod::Get;
        type Output = ListThingsOutput;
    }
    let server = MockServer::start(mock_config()).await?;
    let client = Client::new(&LIVE, config_for(&server).build())?;

    let error = expect_err(
        bounded(client.send(&Nested {
            filter: serde_json::json!({"K": 1}),
        }))
        .await?,
    )?;

    let Error::Encode { reason, .. } = &error else {
        return Err(format!("expected Error::Encode, got {error:?}").into());
    };
    assert!(reason.contains("Filter"), "{reason}");
    assert_eq!(server.request_count(), 0);
    Ok(())
}
