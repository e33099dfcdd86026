//! Support for the runtime's transport tests: hand-written operations (the way generated code
//! implements `Operation`), a client configured for the mock gateway, bounded calls.

use std::error::Error as StdError;
use std::future::Future;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use volc_runtime::{
    Client, Config, ConfigBuilder, Credentials, Endpoint, Error, HttpMethod, Operation, Provider,
    ResponseMetadata, RetryPolicy, ServiceInfo,
};

use crate::mock_server::{MockConfig, MockServer, RecordedRequest};

/// Points at nothing: every test sets the endpoint to the mock server's URL.
pub static LIVE: ServiceInfo = ServiceInfo::new(
    "live",
    "2023-01-01",
    &[Endpoint::new(
        Provider::Volcengine,
        "http://endpoint.invalid",
        "cn-north-1",
    )],
    "volc-transport-test/0.3.1",
);

/// Attempts of [`config_for`]'s retry policy.
pub const ATTEMPTS: u32 = 3;

/// A `DescribeCallback` written by hand, the way generated code implements [`Operation`].
#[derive(Debug, Serialize)]
pub struct DescribeCallback {
    /// `Vhost`.
    #[serde(rename = "Vhost")]
    pub vhost: String,
    /// `App`.
    #[serde(rename = "App", skip_serializing_if = "Option::is_none")]
    pub app: Option<String>,
}

impl Default for DescribeCallback {
    fn default() -> Self {
        Self::new()
    }
}

impl DescribeCallback {
    /// `push.example.com`, app `live`.
    pub fn new() -> Self {
        Self {
            vhost: "push.example.com".to_owned(),
            app: Some("live".to_owned()),
        }
    }
}

#[derive(Debug, Deserialize)]
/// The answer: the metadata and the callbacks, kept raw.
pub struct DescribeCallbackOutput {
    #[serde(rename = "ResponseMetadata")]
    /// `ResponseMetadata`.
    pub metadata: ResponseMetadata,
    #[serde(rename = "Result", default)]
    /// `Result`.
    pub result: Option<DescribeCallbackResult>,
}

#[derive(Debug, Deserialize)]
/// `Result` of `DescribeCallback`.
pub struct DescribeCallbackResult {
    #[serde(rename = "CallbackList", default)]
    /// `CallbackList`, raw.
    pub callback_list: Vec<serde_json::Value>,
}

impl AsRef<ResponseMetadata> for DescribeCallbackOutput {
    fn as_ref(&self) -> &ResponseMetadata {
        &self.metadata
    }
}

impl Operation for DescribeCallback {
    const ACTION: &'static str = "DescribeCallback";
    const METHOD: HttpMethod = HttpMethod::Post;
    // A read: retried after failures that may have reached the service.
    const IDEMPOTENT: bool = true;
    type Output = DescribeCallbackOutput;
}

/// A non-idempotent action (the default of [`Operation::IDEMPOTENT`]): a failure after the
/// request may have been processed is not retried.
#[derive(Debug, Serialize)]
pub struct AddThing {
    #[serde(rename = "Vhost")]
    /// `Vhost`.
    pub vhost: &'static str,
}

impl Operation for AddThing {
    const ACTION: &'static str = "AddThing";
    const METHOD: HttpMethod = HttpMethod::Post;
    type Output = DescribeCallbackOutput;
}

/// Sends one [`AddThing`], bounded.
pub async fn add_thing(
    client: &Client,
) -> Result<Result<DescribeCallbackOutput, Error>, Box<dyn StdError>> {
    bounded(client.send(&AddThing { vhost: "v" })).await
}

/// The mock gateway's default keys and region.
pub fn mock_config() -> MockConfig {
    MockConfig::default()
}

/// The keys the mock accepts, 3 attempts with millisecond backoff, generous timeouts.
pub fn config_for(server: &MockServer) -> ConfigBuilder {
    let keys = server.config();
    Config::builder()
        .endpoint(server.url())
        .region(keys.region.clone())
        .credentials(Credentials::new(
            keys.access_key_id.clone(),
            keys.secret_access_key.clone(),
        ))
        .connect_timeout(Duration::from_secs(2))
        .read_timeout(Duration::from_secs(5))
        .retry(
            RetryPolicy::new()
                .with_max_attempts(ATTEMPTS)
                .with_base_delay(Duration::from_millis(1))
                .with_max_delay(Duration::from_millis(5)),
        )
}

/// Fails the test instead of hanging it.
pub async fn bounded<F: Future>(future: F) -> Result<F::Output, Box<dyn StdError>> {
    Ok(tokio::time::timeout(Duration::from_secs(15), future).await?)
}

/// Sends one [`DescribeCallback`], bounded.
pub async fn call(
    client: &Client,
) -> Result<Result<DescribeCallbackOutput, Error>, Box<dyn StdError>> {
    bounded(client.send(&DescribeCallback::new())).await
}

/// The error of an outcome that must have failed.
pub fn expect_err<T: std::fmt::Debug>(
    outcome: Result<T, Error>,
) -> Result<Error, Box<dyn StdError>> {
    match outcome {
        Ok(value) => Err(format!("expected an error, got {value:?}").into()),
        Err(error) => Ok(error),
    }
}

/// The one request the server saw.
pub fn only(requests: &[RecordedRequest]) -> Result<&RecordedRequest, Box<dyn StdError>> {
    match requests {
        [one] => Ok(one),
        _ => Err(format!("expected one request, the server saw {}", requests.len()).into()),
    }
}

/// The last request the server saw.
pub fn last(requests: &[RecordedRequest]) -> Result<&RecordedRequest, Box<dyn StdError>> {
    requests
        .last()
        .ok_or_else(|| "the server saw no request".into())
}

/// No retries and generous timeouts, for the tests about one answer.
pub fn one_attempt(server: &MockServer) -> Result<Client, Error> {
    Client::new(&LIVE, config_for(server).retry(RetryPolicy::none()).build())
}

/// Asserts that an error displays as one clean line of at most 1 KiB.
pub fn assert_one_bounded_line(error: &Error) {
    let shown = error.to_string();
    assert!(shown.len() <= 1024, "{} bytes: {shown:.200}", shown.len());
    assert!(
        !shown.chars().any(char::is_control),
        "a control character in {shown:?}"
    );
}
