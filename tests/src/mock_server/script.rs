//! Scripted answers and the JSON envelopes the Live gateway wraps them in.

use std::time::Duration;

use serde_json::{json, Value};

/// One answer the mock server gives to the next request that passes authentication.
///
/// Built with one of the constructors, then adjusted with the `with_*` methods:
///
/// ```
/// use std::time::Duration;
/// use volc_tests::mock_server::Scripted;
///
/// let slow_throttle = Scripted::error(429, "FlowLimitExceeded", None, "slow down")
///     .with_delay(Duration::from_millis(50))
///     .with_header("Retry-After", "1");
/// # let _ = slow_throttle;
/// ```
#[derive(Debug, Clone)]
pub struct Scripted {
    pub(crate) status: u16,
    pub(crate) body: ScriptedBody,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) delay: Option<Duration>,
    /// `Retry-After` as an HTTP date this far after the moment of answering.
    pub(crate) retry_after_date: Option<Duration>,
}

#[derive(Debug, Clone)]
pub(crate) enum ScriptedBody {
    /// The success envelope around `Result` (none when `None`).
    Success(Option<Value>),
    /// The error envelope.
    Error {
        code: String,
        code_n: Option<i64>,
        message: String,
    },
    /// These bytes, as they are.
    Raw { content_type: String, body: Vec<u8> },
    /// Declares `declared` bytes, sends `sent`, then closes the connection.
    Truncated {
        content_type: String,
        declared: usize,
        sent: Vec<u8>,
    },
    /// Closes the connection without answering.
    HangUp,
}

impl Scripted {
    fn new(status: u16, body: ScriptedBody) -> Self {
        Self {
            status,
            body,
            headers: Vec::new(),
            delay: None,
            retry_after_date: None,
        }
    }

    /// HTTP 200 with the success envelope: `ResponseMetadata` (fresh RequestId, the request's
    /// Action) and `"Result": result`.
    pub fn success(result: Value) -> Self {
        Self::new(200, ScriptedBody::Success(Some(result)))
    }

    /// HTTP 200 with a `ResponseMetadata`-only envelope, as actions without a `Result` answer.
    pub fn success_without_result() -> Self {
        Self::new(200, ScriptedBody::Success(None))
    }

    /// The error envelope `ResponseMetadata.Error = {Code, CodeN, Message}` (fresh RequestId,
    /// the request's Action) with the given HTTP status; `status` may be 200, as the real
    /// service does for action errors such as `CommonErr`.
    pub fn error(
        status: u16,
        code: impl Into<String>,
        code_n: Option<i64>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(
            status,
            ScriptedBody::Error {
                code: code.into(),
                code_n,
                message: message.into(),
            },
        )
    }

    /// HTTP 429 `FlowLimitExceeded`, as the gateway's rate limiter answers.
    pub fn throttled() -> Self {
        Self::error(429, "FlowLimitExceeded", None, "Flow limit exceeded")
    }

    /// HTTP 500 `InternalError` (CodeN 100014).
    pub fn internal_error() -> Self {
        Self::error(
            500,
            "InternalError",
            Some(100_014),
            "The request processing has failed due to some unknown error.",
        )
    }

    /// HTTP 200 `CommonErr`, the action error the service asks to retry.
    pub fn common_err() -> Self {
        Self::error(200, "CommonErr", None, "internal error, please retry")
    }

    /// A body sent byte for byte, with the given status and `Content-Type`: malformed JSON, an
    /// HTML error page, an empty body, or a hand-written envelope.
    pub fn raw(status: u16, content_type: impl Into<String>, body: impl Into<Vec<u8>>) -> Self {
        Self::new(
            status,
            ScriptedBody::Raw {
                content_type: content_type.into(),
                body: body.into(),
            },
        )
    }

    /// A JSON value sent as it is (no RequestId is filled in).
    pub fn json(status: u16, body: &Value) -> Self {
        Self::raw(status, "application/json", body.to_string())
    }

    /// `Content-Length: declared` but only `sent` bytes, then the connection is closed.
    pub fn truncated(status: u16, declared: usize, sent: impl Into<Vec<u8>>) -> Self {
        Self::new(
            status,
            ScriptedBody::Truncated {
                content_type: "application/json".to_owned(),
                declared,
                sent: sent.into(),
            },
        )
    }

    /// Closes the connection without sending any response.
    pub fn hang_up() -> Self {
        Self::new(0, ScriptedBody::HangUp)
    }

    /// Waits this long before answering (before the status line is sent).
    #[must_use]
    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Adds a response header.
    #[must_use]
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds `Retry-After` as an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`) `after` the moment
    /// the answer is sent (whole seconds, as the format has no finer unit).
    #[must_use]
    pub fn with_retry_after_date(mut self, after: Duration) -> Self {
        self.retry_after_date = Some(after);
        self
    }

    /// The HTTP status this answer is sent with (0 for [`Scripted::hang_up`]).
    pub fn status(&self) -> u16 {
        self.status
    }
}

/// What every envelope's `ResponseMetadata` shares.
pub(crate) struct MetadataFields<'a> {
    pub request_id: &'a str,
    pub action: &'a str,
    pub version: &'a str,
    pub service: &'a str,
    pub region: &'a str,
}

impl MetadataFields<'_> {
    fn metadata(&self) -> serde_json::Map<String, Value> {
        let mut map = serde_json::Map::new();
        map.insert("RequestId".into(), self.request_id.into());
        map.insert("Action".into(), self.action.into());
        map.insert("Version".into(), self.version.into());
        map.insert("Service".into(), self.service.into());
        map.insert("Region".into(), self.region.into());
        map
    }

    /// `{"ResponseMetadata": {...}, "Result": result}`.
    pub fn success(&self, result: Option<&Value>) -> Value {
        let mut envelope = json!({ "ResponseMetadata": self.metadata() });
        if let (Some(result), Some(map)) = (result, envelope.as_object_mut()) {
            map.insert("Result".into(), result.clone());
        }
        envelope
    }

    /// `{"ResponseMetadata": {..., "Error": {"Code", "CodeN", "Message"}}}`.
    pub fn error(&self, code: &str, code_n: Option<i64>, message: &str) -> Value {
        let mut error = serde_json::Map::new();
        error.insert("Code".into(), code.into());
        if let Some(code_n) = code_n {
            error.insert("CodeN".into(), code_n.into());
        }
        error.insert("Message".into(), message.into());
        let mut metadata = self.metadata();
        metadata.insert("Error".into(), Value::Object(error));
        json!({ "ResponseMetadata": metadata })
    }
}

/// The `Result` the server answers an action with when no answer is scripted; `None` inside
/// means an envelope without `Result`. Unknown actions get `None` (and a 404).
pub(crate) fn default_result(action: &str) -> Option<Option<Value>> {
    match action {
        "DescribeCallback" => Some(Some(json!({
            "CallbackList": [{
                "App": "live",
                "AuthEnable": false,
                "AuthKeyPrimary": "",
                "CallbackDetailList": [
                    { "CallbackType": "http", "URL": "http://callback.example.com/live" }
                ],
                "CreateTime": "2021-01-02T15:04:05+08:00",
                "CreateTimeUTC": "2021-01-02T07:04:05Z",
                "MessageType": "push",
                "TranscodeCallback": 0,
                "Vhost": "push.example.com"
            }]
        }))),
        "UpdateCallback" | "DeleteCallback" => Some(None),
        _ => None,
    }
}
