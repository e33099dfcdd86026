//! The client `build.rs` generated, called through this crate against the mock Live gateway of
//! `volc-tests` on 127.0.0.1, which checks every signature with the secret key: what goes on
//! the wire for each action, and what comes back decoded.

use live_callback_build_script::live::{
    AppName, CallbackTarget, CallbackType, Client, Config, Credentials, DeleteCallbackRequest,
    Error, MessageType, RetryPolicy, TranscodeCallback,
};
use live_callback_build_script::set_push_callback;
use serde_json::json;
use volc_tests::mock_server::{MockConfig, MockServer, RecordedRequest, Scripted};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A client for the mock, with its keys and a 1 ms retry backoff.
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

/// The one request the server saw.
fn only_request(server: &MockServer) -> Result<RecordedRequest, String> {
    match server.requests().as_slice() {
        [one] => Ok(one.clone()),
        other => Err(format!(
            "expected one request, the server saw {}",
            other.len()
        )),
    }
}

/// A `POST /` of `action`, version 2023-01-01, JSON, whose signature the server verified.
fn assert_signed_call(request: &RecordedRequest, action: &str) {
    assert!(request.signature_verified, "{:?}", request.auth_failure);
    assert_eq!(request.auth_failure, None);
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/");
    assert_eq!(request.action(), Some(action));
    assert_eq!(request.query_param("Version"), Some("2023-01-01"));
    assert_eq!(
        request.header("content-type").as_deref(),
        Some("application/json")
    );
    for header in ["host", "x-date", "x-content-sha256"] {
        assert!(
            request.is_signed(header),
            "{header} not signed: {:?}",
            request.signed_headers
        );
    }
    assert_eq!(request.status, 200);
}

#[tokio::test]
async fn set_push_callback_sends_a_signed_update_callback() -> TestResult {
    let server = MockServer::start(MockConfig::default()).await?;
    let output = set_push_callback(
        &client(&server)?,
        "push.example.com",
        Some("example_app"),
        "https://example.com/live/cb",
    )
    .await?;

    let request = only_request(&server)?;
    assert_signed_call(&request, "UpdateCallback");
    assert_eq!(
        request.body_json(),
        Some(json!({
            "Vhost": "push.example.com",
            "App": "example_app",
            "MessageType": "push",
            "CallbackDetailList": [{"CallbackType": "http", "URL": "https://example.com/live/cb"}],
            "AuthEnable": false,
            "TranscodeCallback": 0
        }))
    );
    assert_eq!(output.response_metadata.request_id, request.request_id);
    assert_eq!(output.response_metadata.action, "UpdateCallback");
    Ok(())
}

#[tokio::test]
async fn describe_callback_decodes_the_scripted_result() -> TestResult {
    let server = MockServer::start(MockConfig::default()).await?;
    server.push_response(Scripted::success(json!({
        "CallbackList": [{
            "Vhost": "push.example.com",
            "App": "studio",
            "MessageType": "push_end",
            "TranscodeCallback": 1,
            "AuthEnable": true,
            "CallbackDetailList": [
                {"CallbackType": "HTTP", "URL": "https://example.com/end"},
                {"CallbackType": "http", "URL": "https://backup.example.com/end"}
            ],
            "CreateTimeUTC": "2024-05-06T07:08:09Z"
        }]
    })));
    let output = client(&server)?
        .describe_callback()
        .target(CallbackTarget::Vhost {
            vhost: "push.example.com".into(),
            app: Some(AppName::new("studio")?),
        })
        .message_type(MessageType::PushEnd)
        .send()
        .await?;

    let request = only_request(&server)?;
    assert_signed_call(&request, "DescribeCallback");
    assert_eq!(
        request.body_json(),
        Some(json!({"Vhost": "push.example.com", "App": "studio", "MessageType": "push_end"}))
    );
    assert_eq!(
        server.pending_responses(),
        0,
        "the scripted answer was used"
    );
    assert_eq!(output.response_metadata.request_id, request.request_id);
    let [config] = output.result.callback_list.as_slice() else {
        return Err(format!("expected one configuration: {:?}", output.result).into());
    };
    assert_eq!(config.vhost.as_deref(), Some("push.example.com"));
    assert_eq!(config.app.as_deref(), Some("studio"));
    assert_eq!(config.domain, None);
    assert_eq!(config.message_type, Some(MessageType::PushEnd));
    assert_eq!(config.transcode_callback, Some(TranscodeCallback::On));
    assert_eq!(config.auth_enable, Some(true));
    assert_eq!(
        config.create_time_utc.as_deref(),
        Some("2024-05-06T07:08:09Z")
    );
    let details: Vec<_> = config
        .callback_detail_list
        .iter()
        .map(|d| (d.callback_type.clone(), d.url.as_deref()))
        .collect();
    assert_eq!(
        details,
        [
            (Some(CallbackType::Http), Some("https://example.com/end")),
            (
                Some(CallbackType::Http),
                Some("https://backup.example.com/end")
            ),
        ]
    );
    Ok(())
}

#[tokio::test]
async fn delete_callback_sends_the_domain_target() -> TestResult {
    let server = MockServer::start(MockConfig::default()).await?;
    let delete = DeleteCallbackRequest::builder()
        .target(CallbackTarget::domain("pull.example.com"))
        .message_type(MessageType::Record)
        .build()?;
    let output = client(&server)?.send(&delete).await?;

    let request = only_request(&server)?;
    assert_signed_call(&request, "DeleteCallback");
    assert_eq!(
        request.body_json(),
        Some(json!({"Domain": "pull.example.com", "MessageType": "record"}))
    );
    assert_eq!(output.response_metadata.request_id, request.request_id);
    assert_eq!(output.response_metadata.action, "DeleteCallback");
    Ok(())
}

/// The service's refusal reaches the caller of this crate's function as the typed error, with
/// the code and the RequestId, and is not retried.
#[tokio::test]
async fn set_push_callback_reports_the_service_error() -> TestResult {
    let server = MockServer::start(MockConfig::default()).await?;
    server.push_response(Scripted::error(
        400,
        "InvalidParameter.Vhost",
        Some(100_013),
        "Vhost push.example.com does not exist",
    ));
    let error = match set_push_callback(
        &client(&server)?,
        "push.example.com",
        None,
        "https://e.x/cb",
    )
    .await
    {
        Ok(output) => return Err(format!("a refused call succeeded: {output:?}").into()),
        Err(error) => error,
    };
    let service = error
        .as_service()
        .ok_or_else(|| format!("not a service error: {error:?}"))?;
    assert_eq!(service.code, "InvalidParameter.Vhost");
    assert_eq!(service.http_status, 400);
    let request = only_request(&server)?;
    assert_eq!(error.request_id(), Some(request.request_id.as_str()));
    assert!(!error.is_retryable());
    Ok(())
}

/// An app name the API forbids is refused before anything is sent, and the error says why.
#[tokio::test]
async fn set_push_callback_refuses_a_bad_app_name_locally() -> TestResult {
    let server = MockServer::start(MockConfig::default()).await?;
    let result = set_push_callback(
        &client(&server)?,
        "push.example.com",
        Some("no spaces/allowed"),
        "https://example.com/cb",
    )
    .await;
    let Err(error @ Error::Validation(_)) = result else {
        return Err(format!("expected a validation error: {result:?}").into());
    };
    assert!(error.to_string().contains("App"), "{error}");
    assert_eq!(server.request_count(), 0);
    Ok(())
}
