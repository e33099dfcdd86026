//! An in-process mock of the Volcengine Live OpenAPI gateway, for testing clients end to end.
//!
//! [`MockServer::start`] binds `127.0.0.1:0` and serves HTTP/1.1 from a background task until
//! the [`MockServer`] is dropped. Like the real gateway it checks every request's `HMAC-SHA256`
//! signature from scratch with the secret key (see [`AuthFailure`] for what it rejects and
//! how), then answers with the next [`Scripted`] answer queued with
//! [`MockServer::push_response`], or, when the queue is empty, with a realistic success
//! envelope for the action. Every answer carries a fresh `RequestId`, and every request is
//! recorded ([`MockServer::requests`]).
//!
//! ```no_run
//! use volc_tests::mock_server::{MockConfig, MockServer, Scripted};
//!
//! # async fn demo() -> std::io::Result<()> {
//! let server = MockServer::start(MockConfig::default()).await?;
//! server.push_response(Scripted::throttled());
//! // Point the client at `server.url()` with MockConfig::default()'s keys, call
//! // DescribeCallback: the first attempt gets a 429, the retry the default CallbackList.
//! let seen = server.requests();
//! assert!(seen.iter().all(|r| r.signature_verified));
//! # Ok(())
//! # }
//! ```

mod script;
mod verify;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use http_body_util::{BodyExt, Limited};
use hyper::body::{Body, Bytes, Frame, Incoming, SizeHint};
use hyper::header::{HeaderName, HeaderValue, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::task::{JoinHandle, JoinSet};

pub use script::Scripted;
pub use verify::AuthFailure;

use script::{MetadataFields, ScriptedBody};

/// The largest request body the mock reads; larger ones are answered 413.
const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// How long a truncated body waits after its last bytes before the connection is closed, so
/// the bytes reach the client first.
const TRUNCATE_GRACE: Duration = Duration::from_millis(20);

/// What the mock gateway knows: the one key pair it accepts and where it claims to serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockConfig {
    /// The access key id requests must be signed with.
    pub access_key_id: String,
    /// The secret key the server verifies signatures with.
    pub secret_access_key: String,
    /// The region the signature scope must name; also sent back in `ResponseMetadata`.
    pub region: String,
    /// The service the signature scope must name, e.g. `live`.
    pub service: String,
    /// The API version requests must ask for in the `Version` query parameter.
    pub version: String,
    /// Actions called at another version than `version`, by action name.
    pub action_versions: BTreeMap<String, String>,
    /// When false, requests are recorded with the verdict but answered whatever it is.
    pub enforce_signatures: bool,
}

impl Default for MockConfig {
    /// `AKTESTEXAMPLE` / `SKTESTEXAMPLE`, `cn-north-1`, `live`, `2023-01-01`, signatures
    /// enforced.
    fn default() -> Self {
        Self {
            access_key_id: "AKTESTEXAMPLE".to_owned(),
            secret_access_key: "SKTESTEXAMPLE".to_owned(),
            region: "cn-north-1".to_owned(),
            service: "live".to_owned(),
            version: "2023-01-01".to_owned(),
            action_versions: BTreeMap::new(),
            enforce_signatures: true,
        }
    }
}

impl MockConfig {
    /// The default configuration with this key pair.
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            ..Self::default()
        }
    }
}

/// One request as the server received it, with the server's verdict and answer.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// The HTTP method, e.g. `POST`.
    pub method: String,
    /// The path as received, e.g. `/`.
    pub path: String,
    /// The query string as received, without `?`.
    pub raw_query: String,
    /// The query pairs, decoded (`+` and `%XX`), in the order received.
    pub query: Vec<(String, String)>,
    /// The headers in the order received; names lower-case, values as received.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
    /// Whether the signature was verified with the server's secret key.
    pub signature_verified: bool,
    /// Why it was not, when it was not.
    pub auth_failure: Option<AuthFailure>,
    /// The header names the `Authorization` header says are signed (empty when it could not
    /// be parsed).
    pub signed_headers: Vec<String>,
    /// The RequestId of the answer (also for raw and truncated answers, which may not show it).
    pub request_id: String,
    /// The HTTP status answered; 0 when the connection was closed without an answer.
    pub status: u16,
    /// When the request was read in full.
    pub received_at: Instant,
}

impl RecordedRequest {
    /// The value of a header (name case-insensitive); several values are joined with `,`.
    pub fn header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(","))
    }

    /// The first value of a query parameter.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The `Action` query parameter.
    pub fn action(&self) -> Option<&str> {
        self.query_param("Action")
    }

    /// The body parsed as JSON, if it is JSON.
    pub fn body_json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The canonical form of the query received (pairs sorted by key, each percent-encoded
    /// keeping only `A-Z a-z 0-9 - _ . ~`), computed by the mock's own encoder: equal to
    /// [`RecordedRequest::raw_query`] when the client sent exactly the query it signed.
    pub fn canonical_query(&self) -> String {
        verify::canonical_query(&self.raw_query)
    }

    /// Whether a header (lower-case name) is among the signed ones.
    pub fn is_signed(&self, name: &str) -> bool {
        self.signed_headers.iter().any(|h| h == name)
    }
}

/// A running mock gateway; stops when dropped.
#[derive(Debug)]
pub struct MockServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

#[derive(Debug)]
struct Shared {
    config: MockConfig,
    port: u16,
    counter: AtomicU64,
    queue: Mutex<VecDeque<Scripted>>,
    defaults: Mutex<HashMap<String, Option<Value>>>,
    requests: Mutex<Vec<RecordedRequest>>,
}

/// Locks, ignoring poisoning: a panicking test thread must not take the server down with it.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl MockServer {
    /// Binds `127.0.0.1:0` and starts serving in a background task of the current Tokio
    /// runtime.
    pub async fn start(config: MockConfig) -> io::Result<Self> {
        Self::start_on(0, config).await
    }

    /// Binds `127.0.0.1:port` (0 picks a free port) and starts serving in a background task of
    /// the current Tokio runtime.
    pub async fn start_on(port: u16, config: MockConfig) -> io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            config,
            port: addr.port(),
            counter: AtomicU64::new(0),
            queue: Mutex::new(VecDeque::new()),
            defaults: Mutex::new(HashMap::new()),
            requests: Mutex::new(Vec::new()),
        });
        let task = tokio::spawn(accept_loop(listener, Arc::clone(&shared)));
        Ok(Self { addr, shared, task })
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The configuration the server was started with.
    pub fn config(&self) -> &MockConfig {
        &self.shared.config
    }

    /// Queues an answer for the next authenticated request (first in, first out).
    pub fn push_response(&self, answer: Scripted) {
        lock(&self.shared.queue).push_back(answer);
    }

    /// Queues several answers, in order.
    pub fn push_responses(&self, answers: impl IntoIterator<Item = Scripted>) {
        lock(&self.shared.queue).extend(answers);
    }

    /// How many queued answers have not been used yet.
    pub fn pending_responses(&self) -> usize {
        lock(&self.shared.queue).len()
    }

    /// Sets the `Result` answered to `action` when the queue is empty (`None`: an envelope
    /// without `Result`). Overrides the built-in defaults for the three callback actions, and
    /// makes the server know other actions.
    pub fn set_default_result(&self, action: impl Into<String>, result: Option<Value>) {
        lock(&self.shared.defaults).insert(action.into(), result);
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// How many requests were received so far.
    pub fn request_count(&self) -> usize {
        lock(&self.shared.requests).len()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        // Aborting the accept loop drops its JoinSet, which aborts every connection task.
        self.task.abort();
    }
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    let shared = Arc::clone(&shared);
                    connections.spawn(async move {
                        let service = service_fn(move |req| handle(Arc::clone(&shared), req));
                        // A client that goes away, or an answer that closes the connection on
                        // purpose, ends the connection with an error nobody needs.
                        let _ = http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
                // Out of file descriptors and the like: back off instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// What the server decided to answer.
enum Answer {
    Envelope { status: u16, body: Value },
    Scripted(Scripted),
}

async fn handle(shared: Arc<Shared>, req: Request<Incoming>) -> io::Result<Response<MockBody>> {
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            return Ok(plain(
                StatusCode::PAYLOAD_TOO_LARGE,
                "request body too large",
            ))
        }
    };
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let path = parts.uri.path().to_owned();
    let raw_query = parts.uri.query().unwrap_or("").to_owned();
    let query: Vec<(String, String)> = verify::query_pairs(&raw_query)
        .into_iter()
        .map(|(k, v)| {
            (
                String::from_utf8_lossy(&k).into_owned(),
                String::from_utf8_lossy(&v).into_owned(),
            )
        })
        .collect();

    let config = &shared.config;
    let received = verify::Received {
        method: parts.method.as_str(),
        path: &path,
        query: &raw_query,
        headers: &headers,
        body: &body,
    };
    let expected = verify::Expected {
        access_key_id: &config.access_key_id,
        secret_access_key: &config.secret_access_key,
        region: &config.region,
        service: &config.service,
    };
    let verdict = verify::verify(&received, &expected, Some(unix_now()));
    let signed_headers = match &verdict {
        Ok(signed) => signed.clone(),
        Err(_) => headers
            .iter()
            .find(|(n, _)| n == "authorization")
            .and_then(|(_, v)| verify::parse_authorization(v).ok())
            .map(|auth| auth.signed_headers)
            .unwrap_or_default(),
    };

    let n = shared.counter.fetch_add(1, Ordering::Relaxed) + 1;
    let request_id = format!("mock{:05}{n:06}", shared.port);
    let find = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let action = find("Action").unwrap_or("").to_owned();
    let version = find("Version").unwrap_or("");
    let expected_version = config
        .action_versions
        .get(&action)
        .unwrap_or(&config.version);
    let fields = MetadataFields {
        request_id: &request_id,
        action: &action,
        version: expected_version,
        service: &config.service,
        region: &config.region,
    };

    let answer = match &verdict {
        Err(failure) if config.enforce_signatures => {
            let (code, code_n, status) = failure.code();
            Answer::Envelope {
                status,
                body: fields.error(code, Some(code_n), &failure.to_string()),
            }
        }
        _ if action.is_empty() || version != expected_version => Answer::Envelope {
            status: 404,
            body: fields.error(
                "InvalidActionOrVersion",
                Some(100_008),
                &format!("Could not find operation {action:?} for version {version:?}"),
            ),
        },
        _ => match lock(&shared.queue).pop_front() {
            Some(scripted) => Answer::Scripted(scripted),
            None => {
                let custom = lock(&shared.defaults).get(&action).cloned();
                match custom.or_else(|| script::default_result(&action)) {
                    Some(result) => Answer::Envelope {
                        status: 200,
                        body: fields.success(result.as_ref()),
                    },
                    None => Answer::Envelope {
                        status: 404,
                        body: fields.error(
                            "InvalidActionOrVersion",
                            Some(100_008),
                            &format!("Could not find operation {action:?} for version {version:?}"),
                        ),
                    },
                }
            }
        },
    };

    let status = match &answer {
        Answer::Envelope { status, .. } => *status,
        Answer::Scripted(s) => s.status,
    };
    lock(&shared.requests).push(RecordedRequest {
        method: parts.method.as_str().to_owned(),
        path,
        raw_query,
        query,
        headers,
        body: body.to_vec(),
        signature_verified: verdict.is_ok(),
        auth_failure: verdict.err(),
        signed_headers,
        request_id: request_id.clone(),
        status,
        received_at: Instant::now(),
    });

    match answer {
        Answer::Envelope { status, body } => Ok(json_response(status, &body)),
        Answer::Scripted(scripted) => {
            if let Some(delay) = scripted.delay {
                tokio::time::sleep(delay).await;
            }
            scripted_response(scripted, &fields)
        }
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

fn plain(status: StatusCode, text: &str) -> Response<MockBody> {
    let mut response = Response::new(MockBody::full(text.as_bytes().to_vec()));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("text/plain"));
    response
}

fn json_response(status: u16, body: &Value) -> Response<MockBody> {
    let mut response = Response::new(MockBody::full(body.to_string().into_bytes()));
    *response.status_mut() = status_code(status);
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

fn scripted_response(
    scripted: Scripted,
    fields: &MetadataFields<'_>,
) -> io::Result<Response<MockBody>> {
    let mut response = match scripted.body {
        ScriptedBody::Success(result) => {
            json_response(scripted.status, &fields.success(result.as_ref()))
        }
        ScriptedBody::Error {
            code,
            code_n,
            message,
        } => json_response(scripted.status, &fields.error(&code, code_n, &message)),
        ScriptedBody::Raw { content_type, body } => {
            let mut response = Response::new(MockBody::full(body));
            *response.status_mut() = status_code(scripted.status);
            if let Ok(value) = HeaderValue::from_str(&content_type) {
                response.headers_mut().insert(CONTENT_TYPE, value);
            }
            response
        }
        ScriptedBody::Truncated {
            content_type,
            declared,
            sent,
        } => {
            let mut response = Response::new(MockBody::truncated(sent));
            *response.status_mut() = status_code(scripted.status);
            let headers = response.headers_mut();
            if let Ok(value) = HeaderValue::from_str(&content_type) {
                headers.insert(CONTENT_TYPE, value);
            }
            headers.insert(CONTENT_LENGTH, HeaderValue::from(declared));
            response
        }
        ScriptedBody::HangUp => {
            return Err(io::Error::other("scripted hang-up"));
        }
    };
    if let Some(after) = scripted.retry_after_date {
        let date = httpdate::fmt_http_date(SystemTime::now() + after);
        if let Ok(value) = HeaderValue::from_str(&date) {
            response
                .headers_mut()
                .append(hyper::header::RETRY_AFTER, value);
        }
    }
    for (name, value) in &scripted.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    Ok(response)
}

/// A response body: all at once, or some bytes and then a failure that makes hyper close the
/// connection before the declared length was sent.
struct MockBody {
    data: Option<Bytes>,
    fail: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl MockBody {
    fn full(bytes: Vec<u8>) -> Self {
        Self {
            data: (!bytes.is_empty()).then(|| Bytes::from(bytes)),
            fail: None,
        }
    }

    fn truncated(bytes: Vec<u8>) -> Self {
        Self {
            data: (!bytes.is_empty()).then(|| Bytes::from(bytes)),
            fail: Some(Box::pin(tokio::time::sleep(TRUNCATE_GRACE))),
        }
    }
}

impl Body for MockBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        let this = self.get_mut();
        if let Some(data) = this.data.take() {
            return Poll::Ready(Some(Ok(Frame::data(data))));
        }
        match this.fail.as_mut() {
            Some(grace) => match grace.as_mut().poll(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(()) => {
                    this.fail = None;
                    Poll::Ready(Some(Err(io::Error::other("body truncated on purpose"))))
                }
            },
            None => Poll::Ready(None),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.data.is_none() && self.fail.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        match (&self.fail, &self.data) {
            (Some(_), _) => SizeHint::default(),
            (None, Some(data)) => SizeHint::with_exact(data.len() as u64),
            (None, None) => SizeHint::with_exact(0),
        }
    }
}

#[cfg(test)]
mod tests;
