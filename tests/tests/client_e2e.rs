//! The generated client end to end against the in-process mock Live gateway, which verifies
//! every signature from scratch: the three actions as the seed calls them (made valid), typed
//! errors through the generated surface, and secrets kept out of logs and errors.

use serde_json::{json, Value};
use volc_live_callback::{
    error_codes, AppName, CallbackAuth, CallbackDetail, CallbackTarget, CallbackType, Client,
    Config, Credentials, DescribeCallbackRequest, Error, MessageType, RetryPolicy,
    TranscodeCallback, UpdateCallbackRequest,
};
use volc_tests::mock_server::{MockConfig, MockServer, RecordedRequest, Scripted};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const AUTH_KEY: &str = "1622194197-0-0-5552*****e4e20387c6dc18afce****";

async fn server() -> std::io::Result<MockServer> {
    MockServer::start(MockConfig::default()).await
}

fn client(server: &MockServer) -> Result<Client, Error> {
    let mock = server.config();
    Client::new(
        Config::builder()
            .endpoint(server.url())
            .credentials(Credentials::new(
                &mock.access_key_id,
                &mock.secret_access_key,
            ))
            .retry(RetryPolicy::new().with_base_delay(std::time::Duration::from_millis(1)))
            .build(),
    )
}

fn only_request(server: &MockServer) -> Result<RecordedRequest, String> {
    match server.requests().as_slice() {
        [one] => Ok(one.clone()),
        other => Err(format!(
            "expected one request, the server saw {}",
            other.len()
        )),
    }
}

fn assert_signed_call(request: &RecordedRequest, action: &str) {
    assert!(request.signature_verified, "{:?}", request.auth_failure);
    assert_eq!(request.method, "POST");
    assert_eq!(request.query_param("Action"), Some(action));
    assert_eq!(request.query_param("Version"), Some("2023-01-01"));
    assert_eq!(
        request.header("content-type").as_deref(),
        Some("application/json")
    );
    let agent = request.header("user-agent").unwrap_or_default();
    assert!(agent.starts_with("volc-live-callback/0.1.0"), "{agent}");
}

fn seed_update() -> Result<UpdateCallbackRequest, Box<dyn std::error::Error>> {
    Ok(UpdateCallbackRequest::builder()
        .target(CallbackTarget::Vhost {
            vhost: "push.example.com".into(),
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
        .build()?)
}

#[tokio::test]
async fn update_callback_end_to_end() -> TestResult {
    let server = server().await?;
    // The fluent call, as a user writes it: the action's method, its fields, `send()`.
    let output = client(&server)?
        .update_callback()
        .target(CallbackTarget::Vhost {
            vhost: "push.example.com".into(),
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
        .send()
        .await?;

    let request = only_request(&server)?;
    assert_signed_call(&request, "UpdateCallback");
    assert_eq!(
        request.body_json(),
        Some(json!({
            "App": "example_app", "AuthEnable": false, "AuthKeyPrimary": AUTH_KEY,
            "CallbackDetailList": [{"CallbackType": "http", "URL": "http://example.com/callback"}],
            "MessageType": "push", "TranscodeCallback": 0, "Vhost": "push.example.com"
        }))
    );
    assert_eq!(output.request_id(), request.request_id);
    assert_eq!(output.response_metadata.action, "UpdateCallback");

    // The same request built ahead of time goes out byte for byte the same.
    let server = self::server().await?;
    client(&server)?.send(&seed_update()?).await?;
    assert_eq!(only_request(&server)?.body, request.body);
    Ok(())
}

/// A fluent call checks the rules when it is sent: a broken one is `Error::Validation` and
/// nothing goes out; `set_*` takes an `Option` (`None` clears what a setter set).
#[tokio::test]
async fn a_fluent_call_validates_at_send() -> TestResult {
    let server = server().await?;
    let error = client(&server)?
        .update_callback()
        .target(CallbackTarget::vhost("push.example.com"))
        .message_type(MessageType::Push)
        .callback_detail_list([CallbackDetail::new(CallbackType::Http, "https://a.example")])
        .set_callback_detail_list(Some(Vec::new()))
        .send()
        .await
        .err()
        .ok_or("an empty CallbackDetailList was sent")?;
    assert!(matches!(error, Error::Validation(_)), "{error:?}");
    assert!(error.to_string().contains("CallbackDetailList"), "{error}");
    let missing = client(&server)?
        .delete_callback()
        .target(CallbackTarget::vhost("push.example.com"))
        .set_target(None)
        .send()
        .await
        .err()
        .ok_or("a DeleteCallback without its target was sent")?;
    assert!(missing.to_string().contains("`Target`"), "{missing}");
    assert_eq!(server.request_count(), 0);
    Ok(())
}

#[tokio::test]
async fn delete_callback_end_to_end() -> TestResult {
    let server = server().await?;
    let output = client(&server)?
        .delete_callback()
        .target(CallbackTarget::Vhost {
            vhost: "push.live.example.com".into(),
            app: Some(AppName::new("live")?),
        })
        .message_type(MessageType::Push)
        .send()
        .await?;

    let request = only_request(&server)?;
    assert_signed_call(&request, "DeleteCallback");
    assert_eq!(
        request.body_json(),
        Some(json!({"Vhost": "push.live.example.com", "App": "live", "MessageType": "push"}))
    );
    assert_eq!(output.request_id(), request.request_id);
    Ok(())
}

#[tokio::test]
async fn describe_callback_end_to_end() -> TestResult {
    let server = server().await?;
    let output = client(&server)?
        .describe_callback()
        .target(CallbackTarget::Vhost {
            vhost: "push.example.com".into(),
            app: Some(AppName::new("Live")?),
        })
        .message_type(MessageType::Push)
        .send()
        .await?;

    let request = only_request(&server)?;
    assert_signed_call(&request, "DescribeCallback");
    assert_eq!(
        request.body_json(),
        Some(json!({"Vhost": "push.example.com", "App": "Live", "MessageType": "push"}))
    );
    assert_eq!(output.request_id(), request.request_id);
    let [config] = output.result.callback_list.as_slice() else {
        return Err(format!("expected one configuration: {:?}", output.result).into());
    };
    assert_eq!(config.message_type, Some(MessageType::Push));
    assert_eq!(config.transcode_callback, Some(TranscodeCallback::Off));
    assert_eq!(
        config.callback_detail_list[0].callback_type,
        Some(CallbackType::Http)
    );
    assert_eq!(
        config.create_time_utc.as_deref(),
        Some("2021-01-02T07:04:05Z")
    );
    Ok(())
}

#[tokio::test]
async fn describe_decodes_new_server_values() -> TestResult {
    let server = server().await?;
    server.push_response(Scripted::success(json!({
        "CallbackList": [{"MessageType": "stream_health", "TranscodeCallback": 2, "Brand": "new"}],
        "Total": 1
    })));
    let describe = DescribeCallbackRequest::builder()
        .target(CallbackTarget::domain("push.example.com"))
        .build()?;
    let output = client(&server)?.send(&describe).await?;
    assert_eq!(
        only_request(&server)?.body_json(),
        Some(json!({"Domain": "push.example.com"}))
    );
    let config = &output.result.callback_list[0];
    assert!(
        matches!(&config.message_type, Some(MessageType::Unknown(v)) if v.as_str() == "stream_health"),
        "{:?}",
        config.message_type
    );
    assert_eq!(
        config.message_type.as_ref().map(MessageType::as_str),
        Some("stream_health")
    );
    assert!(
        matches!(config.transcode_callback, Some(TranscodeCallback::Unknown(v)) if v.value() == 2),
        "{:?}",
        config.transcode_callback
    );
    Ok(())
}

#[tokio::test]
async fn service_error_with_http_200_is_typed() -> TestResult {
    let server = server().await?;
    server.push_response(Scripted::json(
        200,
        &json!({"ResponseMetadata": {"RequestId": "req-200-err", "Action": "UpdateCallback",
            "Error": {"Code": "InvalidParam", "Message": "Vhost push.example.com does not exist"}}}),
    ));
    let error = match client(&server)?.send(&seed_update()?).await {
        Ok(output) => {
            return Err(format!("an HTTP-200 error was taken for success: {output:?}").into())
        }
        Err(error) => error,
    };
    let service = error
        .as_service()
        .ok_or_else(|| format!("not a service error: {error:?}"))?;
    assert_eq!(service.code, "InvalidParam");
    assert_eq!(service.http_status, 200);
    // What the service said, through the accessors and the documented codes.
    assert_eq!(error.code(), Some(error_codes::INVALID_PARAM));
    assert_eq!(
        error.message(),
        Some("Vhost push.example.com does not exist")
    );
    assert_eq!(error.request_id(), Some("req-200-err"));
    assert!(!error.is_retryable());
    assert_eq!(server.request_count(), 1);
    let shown = error.to_string();
    assert!(
        shown.contains("InvalidParam") && shown.contains("req-200-err"),
        "{shown}"
    );
    assert!(!shown.contains(AUTH_KEY) && !format!("{error:?}").contains(AUTH_KEY));
    Ok(())
}

#[tokio::test]
async fn wrong_secret_key_is_refused_by_the_gateway() -> TestResult {
    let server = server().await?;
    let client = Client::new(
        Config::builder()
            .endpoint(server.url())
            .credentials(Credentials::new("AKTESTEXAMPLE", "not-the-secret"))
            .build(),
    )?;
    let describe = DescribeCallbackRequest::builder()
        .target(CallbackTarget::vhost("push.example.com"))
        .build()?;
    let error = client
        .send(&describe)
        .await
        .err()
        .ok_or("the gateway accepted a bad signature")?;
    assert_eq!(
        error.as_service().map(|s| s.code.as_str()),
        Some("SignatureDoesNotMatch")
    );
    assert_eq!(
        server.request_count(),
        1,
        "a signature mismatch is not retried"
    );
    assert!(!format!("{error} {error:?}").contains("not-the-secret"));
    Ok(())
}

#[test]
fn debug_output_never_shows_secrets() -> TestResult {
    let request = seed_update()?;
    let credentials =
        Credentials::new("AKTESTEXAMPLE", "SKTESTEXAMPLE").with_session_token("STS-token-1");
    let shown = format!(
        "{request:?} {credentials:?} {:?}",
        Config::builder().credentials(credentials.clone()).build()
    );
    for secret in [AUTH_KEY, "SKTESTEXAMPLE", "STS-token-1"] {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
    let value: Value = serde_json::to_value(&request)?;
    assert_eq!(
        value["AuthKeyPrimary"], AUTH_KEY,
        "the wire still carries the key"
    );
    Ok(())
}

/// A body that does not fit the response type names the field's path, never its value.
#[tokio::test]
async fn decode_error_names_the_field_path_not_the_value() -> TestResult {
    let server = server().await?;
    server.push_response(Scripted::success(json!({
        "CallbackList": [{"MessageType": "push", "CreateTime": {"secret-looking": "hunter2"}}]
    })));
    let describe = DescribeCallbackRequest::builder()
        .target(CallbackTarget::vhost("push.example.com"))
        .build()?;
    let error = client(&server)?
        .send(&describe)
        .await
        .err()
        .ok_or("an object decoded as a CreateTime")?;
    let Error::Decode { reason, .. } = &error else {
        return Err(format!("expected Error::Decode, got {error:?}").into());
    };
    assert!(
        reason.contains("Result.CallbackList[0].CreateTime"),
        "{reason}"
    );
    assert!(!reason.contains("hunter2"), "{reason}");
    // The accessors: the service answered (a RequestId, a status) but reported no error.
    let recorded = only_request(&server)?;
    assert_eq!(error.request_id(), Some(recorded.request_id.as_str()));
    assert_eq!(error.http_status(), Some(200));
    assert_eq!((error.code(), error.message()), (None, None));
    assert!(error.as_transport().is_none());
    assert!(!error.is_retryable());
    Ok(())
}

/// Nothing listens: a transport error, retried (nothing was sent), whose one-line `Display`
/// ends with the cause chain; no code, message or RequestId, since no service answered.
#[tokio::test]
async fn a_transport_error_says_its_cause() -> TestResult {
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", closed.local_addr()?);
    drop(closed);
    let client = Client::new(
        Config::builder()
            .endpoint(url)
            .credentials(Credentials::new("AKTEST", "SKTEST"))
            .retry(RetryPolicy::new().with_base_delay(std::time::Duration::from_millis(1)))
            .build(),
    )?;
    let error = client
        .delete_callback()
        .target(CallbackTarget::vhost("push.example.com"))
        .send()
        .await
        .err()
        .ok_or("a call to a closed port succeeded")?;
    assert!(error.as_transport().is_some(), "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(
        (error.code(), error.message(), error.request_id()),
        (None, None, None)
    );
    let line = error.to_string();
    assert!(
        line.starts_with(
            "DeleteCallback: request failed after 3 attempt(s): cannot connect (the request was not sent): "
        ),
        "{line}"
    );
    // The cause chain follows: reqwest's error and what it wraps, down to the refused connection.
    assert!(line.contains("error sending request"), "{line}");
    assert!(line.to_lowercase().contains("refused"), "{line}");
    assert!(!line.contains('\n') && line.len() <= 1024, "{line}");
    assert!(std::error::Error::source(&error).is_none());
    Ok(())
}
