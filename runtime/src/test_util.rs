//! Test support for code that calls a generated client (cargo feature `test-util`).
//!
//! [`FakeHttpClient`] is an [`HttpClient`] that sends nothing: it records each signed request
//! ([`RecordedRequest`]: method, action, query, headers, JSON body) and answers with the
//! [`FakeResponse`]s queued on it, in order, then with a success envelope without `Result`.
//! Give it to the client with [`ConfigBuilder::http_client`](crate::ConfigBuilder::http_client);
//! clones share the queue and the record, so keep one to script and inspect:
//!
//! ```
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use volc_runtime::test_util::{FakeHttpClient, FakeResponse};
//! use volc_runtime::{Config, Credentials};
//!
//! let fake = FakeHttpClient::new();
//! fake.push(FakeResponse::service_error(400, "InvalidParam", "Vhost does not exist"));
//! let config = Config::builder()
//!     .credentials(Credentials::new("AKTEST", "SKTEST"))
//!     .http_client(fake.clone())
//!     .build();
//! // let client = volc_live_callback::Client::new(config)?;
//! // ... call the code under test, then:
//! for request in fake.requests() {
//!     println!("{} {:?}", request.action, request.json());
//! }
//! # let _ = config;
//! # Ok(())
//! # }
//! ```
//!
//! Requests go through the whole client (signing, retries, timeouts, decoding), so scripted
//! errors are retried as real ones would be.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use serde_json::{json, Value};

use crate::transport::{HttpClient, HttpFuture, TransportError, TransportErrorKind};

/// A fake [`HttpClient`]: records requests, plays scripted answers. Cheap to clone; clones
/// share everything.
#[derive(Clone, Default)]
pub struct FakeHttpClient {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    queue: VecDeque<FakeResponse>,
    requests: Vec<RecordedRequest>,
}

impl fmt::Debug for FakeHttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("FakeHttpClient")
            .field("queued", &state.queue.len())
            .field("recorded", &state.requests.len())
            .finish()
    }
}

impl FakeHttpClient {
    /// A fake with nothing queued.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues the answer to the next request.
    pub fn push(&self, response: FakeResponse) -> &Self {
        self.lock().queue.push_back(response);
        self
    }

    /// Queues several answers, in order.
    pub fn push_all(&self, responses: impl IntoIterator<Item = FakeResponse>) -> &Self {
        self.lock().queue.extend(responses);
        self
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    /// The last request received.
    pub fn last_request(&self) -> Option<RecordedRequest> {
        self.lock().requests.last().cloned()
    }

    /// How many queued answers are left.
    pub fn pending(&self) -> usize {
        self.lock().queue.len()
    }
}

impl HttpClient for FakeHttpClient {
    fn send(&self, request: http::Request<Bytes>) -> HttpFuture<'_> {
        let recorded = RecordedRequest::from_request(&request);
        let (answer, n) = {
            let mut state = self.lock();
            let answer = state.queue.pop_front();
            state.requests.push(recorded.clone());
            (answer, state.requests.len())
        };
        Box::pin(async move {
            let answer = answer.unwrap_or_else(FakeResponse::success_without_result);
            if let Some(delay) = answer.delay {
                tokio::time::sleep(delay).await;
            }
            answer.into_response(&recorded, n)
        })
    }
}

/// One request as the client sent it, signed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// `GET` or `POST`.
    pub method: String,
    /// The `Action` query parameter.
    pub action: String,
    /// The `Version` query parameter.
    pub version: String,
    /// The decoded query pairs in the order sent, `Action` and `Version` included.
    pub query: Vec<(String, String)>,
    /// The headers, names lower-case (`authorization`, `x-date`, `x-content-sha256`, ...).
    pub headers: Vec<(String, String)>,
    /// The body (empty for `GET`).
    pub body: Vec<u8>,
}

impl RecordedRequest {
    fn from_request(request: &http::Request<Bytes>) -> Self {
        let query = crate::sign::parse_query(request.uri().query().unwrap_or(""));
        let find = |name: &str| {
            query
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        Self {
            method: request.method().as_str().to_owned(),
            action: find("Action"),
            version: find("Version"),
            headers: request
                .headers()
                .iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            query,
            body: request.body().to_vec(),
        }
    }

    /// The body as JSON (`None` when empty or not JSON).
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// A header's value (name case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The values of a query parameter, in order (a list field repeats its key).
    pub fn query_values(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Whether the request carries a Volcengine signature (`Authorization`, `X-Date`,
    /// `X-Content-Sha256`). The fake does not check it against a secret: the signing tests
    /// do.
    pub fn is_signed(&self) -> bool {
        self.header("authorization")
            .is_some_and(|a| a.starts_with("HMAC-SHA256 Credential="))
            && self.header("x-date").is_some()
            && self.header("x-content-sha256").is_some()
    }
}

/// A scripted answer of [`FakeHttpClient`].
#[derive(Debug, Clone)]
pub struct FakeResponse {
    answer: Answer,
    headers: Vec<(String, String)>,
    delay: Option<Duration>,
}

#[derive(Debug, Clone)]
enum Answer {
    Success(Option<Value>),
    Error {
        status: u16,
        code: String,
        message: String,
    },
    Raw {
        status: u16,
        body: Vec<u8>,
    },
    Transport(TransportErrorKind),
}

impl FakeResponse {
    fn new(answer: Answer) -> Self {
        Self {
            answer,
            headers: Vec::new(),
            delay: None,
        }
    }

    /// HTTP 200 with `{"ResponseMetadata": {...}, "Result": result}` (RequestId
    /// `fake-request-N`, the request's Action and Version).
    pub fn success(result: Value) -> Self {
        Self::new(Answer::Success(Some(result)))
    }

    /// HTTP 200 with `ResponseMetadata` only, as actions without a `Result` answer.
    pub fn success_without_result() -> Self {
        Self::new(Answer::Success(None))
    }

    /// `ResponseMetadata.Error = {Code, Message}` with this HTTP status (200 is possible, as
    /// the service sends action errors such as `CommonErr`).
    pub fn service_error(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Answer::Error {
            status,
            code: code.into(),
            message: message.into(),
        })
    }

    /// HTTP 429 `FlowLimitExceeded`.
    pub fn throttled() -> Self {
        Self::service_error(429, "FlowLimitExceeded", "Flow limit exceeded")
    }

    /// These bytes with this status, as they are.
    pub fn raw(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self::new(Answer::Raw {
            status,
            body: body.into(),
        })
    }

    /// A connection that could not be established (the request was not sent).
    pub fn connect_error() -> Self {
        Self::new(Answer::Transport(TransportErrorKind::Connect))
    }

    /// A connection lost after the request was sent.
    pub fn connection_lost() -> Self {
        Self::new(Answer::Transport(TransportErrorKind::Interrupted))
    }

    /// Adds a response header, e.g. `Retry-After`.
    #[must_use]
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Answers after this delay (the client's read timeout applies).
    #[must_use]
    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    fn into_response(
        self,
        request: &RecordedRequest,
        n: usize,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let metadata = || {
            json!({
                "RequestId": format!("fake-request-{n}"),
                "Action": request.action,
                "Version": request.version,
                "Service": "fake",
                "Region": "fake",
            })
        };
        let (status, body) = match self.answer {
            Answer::Success(result) => {
                let mut envelope = json!({ "ResponseMetadata": metadata() });
                if let (Some(result), Some(map)) = (result, envelope.as_object_mut()) {
                    map.insert("Result".to_owned(), result);
                }
                (200, envelope.to_string().into_bytes())
            }
            Answer::Error {
                status,
                code,
                message,
            } => {
                let mut meta = metadata();
                if let Some(map) = meta.as_object_mut() {
                    map.insert(
                        "Error".to_owned(),
                        json!({ "Code": code, "Message": message }),
                    );
                }
                (
                    status,
                    json!({ "ResponseMetadata": meta }).to_string().into_bytes(),
                )
            }
            Answer::Raw { status, body } => (status, body),
            Answer::Transport(kind) => {
                return Err(TransportError::new(
                    kind,
                    std::io::Error::other("scripted by FakeResponse"),
                ))
            }
        };
        let mut response = http::Response::new(Bytes::from(body));
        *response.status_mut() =
            http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let headers = response.headers_mut();
        headers.insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
        for (name, value) in self.headers {
            if let (Ok(name), Ok(value)) = (
                http::HeaderName::from_bytes(name.as_bytes()),
                http::HeaderValue::from_str(&value),
            ) {
                headers.append(name, value);
            }
        }
        Ok(response)
    }
}
