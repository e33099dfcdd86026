//! Traces of a call name the action, attempts and RequestId, and never a secret.
//!
//! In a test binary of its own: `tracing` caches per call site whether anyone listens, process
//! wide, so a thread-local subscriber is only reliable when no other test runs beside it.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use volc_live_callback::{
    AppName, CallbackAuth, CallbackDetail, CallbackTarget, CallbackType, Client, Config,
    Credentials, MessageType, RetryPolicy, UpdateCallbackRequest,
};
use volc_tests::mock_server::{MockConfig, MockServer, Scripted};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const AUTH_KEY: &str = "1622194197-0-0-5552*****e4e20387c6dc18afce****";

/// Collects what a `tracing` subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut sink) = self.0.lock() {
            sink.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn traces_name_the_call_but_never_a_secret() -> TestResult {
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || sink.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start(MockConfig::default()).await?;
    server.push_response(Scripted::throttled());
    let client = Client::new(
        Config::builder()
            .endpoint(server.url())
            .credentials(Credentials::new("AKTESTEXAMPLE", "SKTESTEXAMPLE"))
            .retry(RetryPolicy::new().with_base_delay(Duration::from_millis(1)))
            .build(),
    )?;
    let request = UpdateCallbackRequest::builder()
        .target(CallbackTarget::Vhost {
            vhost: "push.example.com".into(),
            app: Some(AppName::new("example_app")?),
        })
        .auth(CallbackAuth::enabled(AUTH_KEY))
        .callback_detail_list([CallbackDetail::new(
            CallbackType::Http,
            "http://example.com/callback",
        )])
        .message_type(MessageType::Push)
        .build()?;
    let output = client.send(&request).await?;

    let text = String::from_utf8_lossy(&captured.0.lock().map_err(|e| e.to_string())?).into_owned();
    assert!(text.contains("UpdateCallback"), "{text}");
    assert!(
        text.contains(&output.response_metadata.request_id),
        "{text}"
    );
    assert!(text.contains("attempt"), "{text}");
    for secret in [AUTH_KEY, "SKTESTEXAMPLE"] {
        assert!(!text.contains(secret), "a secret reached the logs:\n{text}");
    }
    Ok(())
}
