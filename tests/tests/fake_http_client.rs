//! Testing your own code that calls the generated client, without a network: the example the
//! README points to. It uses only the public API of `volc-live-callback`, with its `test-util`
//! feature (enabled in this crate's dev-dependencies) for the fake HTTP client.

use serde_json::json;
use volc_live_callback::test_util::{FakeHttpClient, FakeResponse};
use volc_live_callback::{
    AppName, CallbackAuth, CallbackDetail, CallbackTarget, CallbackType, Client, Config,
    Credentials, Error, MessageType, RetryPolicy,
};

type TestResult = Result<(), Box<dyn std::error::Error>>;

// ---- The application code under test -------------------------------------------------------

/// What the application does: point the push callbacks of one app at its own endpoint, with
/// signed notifications, and report the RequestId for its audit log.
async fn enable_push_callbacks(
    client: &Client,
    vhost: &str,
    app: &str,
    endpoint: &str,
    key: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let output = client
        .update_callback()
        .target(CallbackTarget::Vhost {
            vhost: vhost.to_owned(),
            app: Some(AppName::new(app)?),
        })
        .message_type(MessageType::Push)
        .callback_detail_list([CallbackDetail::new(CallbackType::Http, endpoint)])
        .auth(CallbackAuth::enabled(key))
        .send()
        .await?;
    Ok(output.request_id().to_owned())
}

// ---- Its unit tests ---------------------------------------------------------------------------

/// A client that talks to the fake instead of the network.
fn client_with(fake: &FakeHttpClient) -> Result<Client, Error> {
    Client::new(
        Config::builder()
            .credentials(Credentials::new("AKTEST", "SKTEST"))
            .retry(RetryPolicy::new().with_base_delay(std::time::Duration::from_millis(1)))
            .http_client(fake.clone())
            .build(),
    )
}

#[tokio::test]
async fn sends_the_expected_update_callback() -> TestResult {
    let fake = FakeHttpClient::new();
    let client = client_with(&fake)?;

    let request_id = enable_push_callbacks(
        &client,
        "push.example.com",
        "live",
        "https://hooks.example.com/live",
        "key-1",
    )
    .await?;

    assert_eq!(request_id, "fake-request-1");
    let requests = fake.requests();
    let [sent] = requests.as_slice() else {
        return Err(format!("expected one request, got {}", requests.len()).into());
    };
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.action, "UpdateCallback");
    assert_eq!(sent.version, "2023-01-01");
    assert!(sent.is_signed());
    assert_eq!(sent.header("content-type"), Some("application/json"));
    assert_eq!(
        sent.json(),
        Some(json!({
            "Vhost": "push.example.com",
            "App": "live",
            "MessageType": "push",
            "CallbackDetailList": [{"CallbackType": "http", "URL": "https://hooks.example.com/live"}],
            "AuthEnable": true,
            "AuthKeyPrimary": "key-1",
        }))
    );
    Ok(())
}

#[tokio::test]
async fn reports_a_service_error_and_sends_nothing_invalid() -> TestResult {
    let fake = FakeHttpClient::new();
    fake.push(FakeResponse::service_error(
        400,
        "InvalidParam",
        "Vhost push.example.com does not exist",
    ));
    let client = client_with(&fake)?;

    let error = enable_push_callbacks(&client, "push.example.com", "live", "https://h", "k")
        .await
        .err()
        .ok_or("the service error was taken for success")?;
    let error = error
        .downcast::<Error>()
        .map_err(|e| format!("not a client error: {e}"))?;
    assert_eq!(
        error.as_service().map(|s| s.code.as_str()),
        Some("InvalidParam")
    );
    assert_eq!(error.request_id(), Some("fake-request-1"));

    // An app name the API refuses never reaches the network.
    let invalid =
        enable_push_callbacks(&client, "push.example.com", "no/slash", "https://h", "k").await;
    assert!(invalid.is_err());
    assert_eq!(fake.requests().len(), 1);
    Ok(())
}

#[tokio::test]
async fn throttling_is_retried_through_the_fake() -> TestResult {
    let fake = FakeHttpClient::new();
    fake.push(FakeResponse::throttled().with_header("Retry-After", "0"));
    let client = client_with(&fake)?;

    let request_id =
        enable_push_callbacks(&client, "push.example.com", "live", "https://h", "k").await?;

    assert_eq!(request_id, "fake-request-2");
    assert_eq!(fake.requests().len(), 2);
    assert_eq!(fake.pending(), 0);
    Ok(())
}
