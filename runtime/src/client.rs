use std::sync::Arc;
use std::time::{Duration, Instant};

use percent_encoding::percent_decode_str;
use reqwest::header::{HeaderValue, ACCEPT, CONTENT_TYPE, HOST, USER_AGENT};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use tracing::field::Empty;
use tracing::Instrument;

use crate::config::Config;
use crate::credentials::Credentials;
use crate::error::{body_excerpt, string_end, Error, ServiceError};
use crate::metadata::ResponseMetadata;
use crate::operation::{HttpMethod, Operation, ServiceInfo};
use crate::retry::RetryPolicy;
use crate::sign::{self, SignableRequest, SigningParams};

const JSON: &str = "application/json";

/// The largest response body read. The callback actions answer in kilobytes; a body beyond this
/// is not one of their answers, and reading it whole would let a broken or hostile server
/// exhaust memory.
pub(crate) const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Why an exchange produced no body to decode.
enum ExchangeError {
    Http(reqwest::Error),
    TooLarge { status: u16, head: Vec<u8> },
}

impl From<reqwest::Error> for ExchangeError {
    fn from(error: reqwest::Error) -> Self {
        Self::Http(error)
    }
}

/// A client for one service: validates nothing itself (typed requests are valid by
/// construction), but signs, sends, retries and decodes.
///
/// Cheap to clone: clones share the connection pool.
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    service: &'static ServiceInfo,
    http: reqwest::Client,
    base: reqwest::Url,
    /// The `Host` header, sent explicitly so that the signed value is the one on the wire.
    host: String,
    /// The decoded base path, as the signer wants it.
    path: String,
    region: String,
    credentials: Credentials,
    user_agent: String,
    read_timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
}

impl Client {
    /// Creates a client for `service`.
    ///
    /// Resolves the endpoint (custom URL, else the preset of the configured provider), the region
    /// (override, else the preset's) and the credentials (explicit, else
    /// [`Credentials::default_chain`]), and builds the HTTP client (rustls, connect timeout, no
    /// redirects, since a redirected request would not carry a valid signature).
    ///
    /// Fails with [`Error::Config`] for a bad endpoint URL, a provider the service has no
    /// endpoint for, an empty region or an invalid User-Agent suffix, and with
    /// [`Error::Credentials`] when no credentials can be found.
    pub fn new(service: &'static ServiceInfo, config: Config) -> Result<Self, Error> {
        let config_error = |reason: String| Error::Config { reason };
        let preset = service
            .endpoints
            .iter()
            .find(|e| e.provider == config.provider);
        let (url, explicit) = match (&config.endpoint, preset) {
            (Some(url), _) => (url.as_str(), true),
            (None, Some(preset)) => (preset.url, false),
            (None, None) => {
                return Err(config_error(format!(
                    "service `{}` has no {:?} endpoint; set one with ConfigBuilder::endpoint",
                    service.name, config.provider
                )))
            }
        };
        let region = match (&config.region, preset) {
            (Some(region), _) => region.clone(),
            (None, Some(preset)) => preset.region.to_owned(),
            (None, None) => {
                return Err(config_error(format!(
                    "service `{}` has no {:?} preset to take the region from; set one with ConfigBuilder::region",
                    service.name, config.provider
                )))
            }
        };
        if region.trim().is_empty() {
            return Err(config_error("the region is empty".to_owned()));
        }
        let (base, host, path) = parse_base_url(url, explicit)?;

        let mut user_agent = format!(
            "{} volc-runtime/{} (rust)",
            service.sdk,
            env!("CARGO_PKG_VERSION")
        );
        if let Some(suffix) = config
            .user_agent_suffix
            .as_deref()
            .filter(|s| !s.is_empty())
        {
            user_agent.push(' ');
            user_agent.push_str(suffix);
        }
        if HeaderValue::from_str(&user_agent).is_err() {
            return Err(config_error(
                "the User-Agent suffix holds characters not allowed in a header".to_owned(),
            ));
        }

        let credentials = match config.credentials {
            Some(c) => c,
            None => Credentials::default_chain()?,
        };
        if credentials.access_key_id().is_empty() || credentials.secret_access_key().is_empty() {
            return Err(config_error(
                "the credentials have an empty access key id or secret access key".to_owned(),
            ));
        }

        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| config_error(format!("cannot build the HTTP client: {e}")))?;

        Ok(Self {
            inner: Arc::new(Inner {
                service,
                http,
                base,
                host,
                path,
                region,
                credentials,
                user_agent,
                read_timeout: config.read_timeout,
                connect_timeout: config.connect_timeout,
                retry: config.retry,
            }),
        })
    }

    /// The service this client calls.
    pub fn service(&self) -> &'static ServiceInfo {
        self.inner.service
    }

    /// The base URL requests go to.
    pub fn endpoint(&self) -> &str {
        self.inner.base.as_str()
    }

    /// The region requests are signed for.
    pub fn region(&self) -> &str {
        &self.inner.region
    }

    /// The User-Agent sent with every request.
    pub fn user_agent(&self) -> &str {
        &self.inner.user_agent
    }

    /// Sends one request and decodes its response, retrying per the [`RetryPolicy`].
    ///
    /// `POST` actions send the request as a JSON body; `GET` actions send its fields as query
    /// parameters (strings as they are, numbers and booleans as JSON text, arrays of scalars as
    /// repeated keys, nested objects as JSON text, nulls left out). Every attempt is signed with
    /// the current time.
    ///
    /// A response whose `ResponseMetadata.Error` is set is an [`Error::Service`] whatever its
    /// HTTP status; any other non-2xx response, and a 2xx body that is not the expected JSON, is
    /// an [`Error::Decode`] carrying the status and the start of the body.
    ///
    /// Emits one `volc.call` span (fields `service`, `action`, and for the final attempt
    /// `attempt`, `status`, `request_id`, and the call's total `latency_ms`) and one debug
    /// event per attempt with that attempt's values; bodies and secrets are never logged.
    pub async fn send<O: Operation>(&self, request: &O) -> Result<O::Output, Error> {
        let span = tracing::info_span!(
            "volc.call",
            service = self.inner.service.name,
            action = O::ACTION,
            attempt = Empty,
            status = Empty,
            request_id = Empty,
            latency_ms = Empty,
        );
        self.send_in_span::<O>(request).instrument(span).await
    }

    async fn send_in_span<O: Operation>(&self, request: &O) -> Result<O::Output, Error> {
        let inner = &*self.inner;
        let action = O::ACTION;
        let mut query: Vec<(String, String)> = vec![
            ("Action".to_owned(), action.to_owned()),
            ("Version".to_owned(), inner.service.version.to_owned()),
        ];
        let body = match O::METHOD {
            HttpMethod::Post => serde_json::to_vec(request).map_err(|e| Error::Encode {
                action,
                reason: e.to_string(),
            })?,
            HttpMethod::Get => {
                query.extend(
                    query_fields(request).map_err(|reason| Error::Encode { action, reason })?,
                );
                Vec::new()
            }
        };
        let query_refs: Vec<(&str, &str)> = query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let mut url = inner.base.clone();
        // The wire query is the canonical one, so what the server decodes is what was signed.
        url.set_query(Some(&sign::canonical_query(&query_refs)));

        // Span fields are recorded once, for the final attempt: some subscribers append every
        // `record` instead of replacing the value. Per-attempt values go into the debug events.
        let span = tracing::Span::current();
        let call_started = Instant::now();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let started = Instant::now();
            let result = self.attempt::<O>(&url, &query_refs, &body, attempt).await;
            let latency_ms = millis(started.elapsed());
            let error = match result {
                Ok((status, output)) => {
                    let request_id = output.as_ref().request_id.as_str();
                    tracing::debug!(attempt, status, latency_ms, request_id, "attempt succeeded");
                    span.record("attempt", attempt);
                    span.record("status", status);
                    span.record("request_id", request_id);
                    span.record("latency_ms", millis(call_started.elapsed()));
                    return Ok(output);
                }
                Err(error) => error,
            };
            let retry = inner.retry.should_retry(&error, attempt);
            tracing::debug!(
                attempt,
                latency_ms,
                status = error_status(&error),
                request_id = error.request_id(),
                retryable = error.is_retryable(),
                will_retry = retry,
                error = %error,
                "attempt failed"
            );
            if !retry {
                span.record("attempt", attempt);
                if let Some(status) = error_status(&error) {
                    span.record("status", status);
                }
                if let Some(request_id) = error.request_id() {
                    span.record("request_id", request_id);
                }
                span.record("latency_ms", millis(call_started.elapsed()));
                return Err(error);
            }
            let delay = inner.retry.delay(attempt);
            tracing::debug!(attempt, delay_ms = millis(delay), "backing off");
            tokio::time::sleep(delay).await;
        }
    }

    /// One signed attempt; returns the HTTP status with the decoded output.
    async fn attempt<O: Operation>(
        &self,
        url: &reqwest::Url,
        query: &[(&str, &str)],
        body: &[u8],
        attempt: u32,
    ) -> Result<(u16, O::Output), Error> {
        let inner = &*self.inner;
        let action = O::ACTION;
        let mut headers: Vec<(&str, &str)> = vec![
            (ACCEPT.as_str(), JSON),
            ("Host", &inner.host),
            (USER_AGENT.as_str(), &inner.user_agent),
        ];
        if O::METHOD == HttpMethod::Post {
            headers.push((sign::CONTENT_TYPE, JSON));
        }
        let signable = SignableRequest {
            method: O::METHOD.as_str(),
            path: &inner.path,
            query,
            headers: &headers,
            body,
        };
        let signed = sign::sign(
            &signable,
            &SigningParams::new(&inner.credentials, &inner.region, inner.service.name),
        );

        let method = match O::METHOD {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Post => reqwest::Method::POST,
        };
        let mut builder = inner
            .http
            .request(method, url.clone())
            .header(ACCEPT, JSON)
            .header(HOST, &inner.host)
            .header(USER_AGENT, &inner.user_agent);
        if O::METHOD == HttpMethod::Post {
            builder = builder.header(CONTENT_TYPE, JSON);
        }
        for (name, value) in &signed.headers {
            builder = builder.header(*name, value);
        }
        let request = builder.body(body.to_vec());

        let exchange = async {
            let mut response = request.send().await?;
            let status = response.status().as_u16();
            let declared = response
                .content_length()
                .and_then(|n| usize::try_from(n).ok());
            let mut bytes = Vec::with_capacity(declared.unwrap_or(0).min(MAX_BODY_BYTES));
            while let Some(chunk) = response.chunk().await? {
                if bytes.len() + chunk.len() > MAX_BODY_BYTES {
                    bytes.truncate(512);
                    return Err(ExchangeError::TooLarge {
                        status,
                        head: bytes,
                    });
                }
                bytes.extend_from_slice(&chunk);
            }
            Ok((status, bytes))
        };
        let (status, bytes) = match tokio::time::timeout(inner.read_timeout, exchange).await {
            Err(_elapsed) => {
                return Err(Error::Timeout {
                    action,
                    attempts: attempt,
                    after: inner.read_timeout,
                })
            }
            Ok(Err(ExchangeError::TooLarge { status, head })) => {
                return Err(Error::Decode {
                    action,
                    status,
                    request_id: None,
                    excerpt: body_excerpt(&head),
                    reason: format!(
                        "the response body exceeds {MAX_BODY_BYTES} bytes; it was not read"
                    ),
                })
            }
            Ok(Err(ExchangeError::Http(e))) if e.is_timeout() => {
                return Err(Error::Timeout {
                    action,
                    attempts: attempt,
                    after: if e.is_connect() {
                        inner.connect_timeout
                    } else {
                        inner.read_timeout
                    },
                })
            }
            Ok(Err(ExchangeError::Http(e))) => {
                return Err(Error::Transport {
                    action,
                    attempts: attempt,
                    // The URL of a GET carries request fields; keep it out of messages.
                    source: e.without_url(),
                });
            }
            Ok(Ok(exchanged)) => exchanged,
        };
        decode::<O::Output>(action, status, &bytes).map(|output| (status, output))
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn error_status(error: &Error) -> Option<u16> {
    match error {
        Error::Service(e) => Some(e.http_status),
        Error::Decode { status, .. } => Some(*status),
        _ => None,
    }
}

/// Parses and checks the base URL; returns it with its path ending in `/`, the `Host` header
/// value and the decoded path to sign.
fn parse_base_url(text: &str, explicit: bool) -> Result<(reqwest::Url, String, String), Error> {
    let bad = |why: &str| Error::Config {
        reason: format!("endpoint {text:?} {why}"),
    };
    let mut url = reqwest::Url::parse(text).map_err(|e| Error::Config {
        // The text is not echoed: an unparsable URL may hold anything, a password included.
        reason: format!("the endpoint is not a valid absolute URL ({e})"),
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::Config {
            reason: "the endpoint URL must not contain user info; pass credentials with ConfigBuilder::credentials".to_owned(),
        });
    }
    match url.scheme() {
        "https" => {}
        "http" if explicit => {}
        "http" => return Err(bad("is a preset over plain http; presets must use https")),
        _ => return Err(bad("must use http or https")),
    }
    let Some(host) = url.host_str().filter(|h| !h.is_empty()) else {
        return Err(bad("has no host"));
    };
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("must not contain a query or fragment"));
    }
    // reqwest omits the scheme's default port from `Host`; do the same so the signed value is
    // the sent one.
    let host = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    let path = format!("{}/", url.path().trim_end_matches('/'));
    url.set_path(&path);
    let decoded = percent_decode_str(&path).decode_utf8_lossy().into_owned();
    Ok((url, host, decoded))
}

/// The fields of a `GET` request as query pairs.
fn query_fields<T: serde::Serialize>(request: &T) -> Result<Vec<(String, String)>, String> {
    use serde_json::Value;
    let value = serde_json::to_value(request).map_err(|e| e.to_string())?;
    let object = match value {
        Value::Object(object) => object,
        Value::Null => return Ok(Vec::new()),
        _ => return Err("a GET request must serialize to a JSON object".to_owned()),
    };
    let scalar = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    };
    let mut pairs = Vec::new();
    for (key, value) in object {
        match &value {
            Value::Array(items) if items.iter().all(|i| !i.is_array() && !i.is_object()) => {
                pairs.extend(items.iter().filter_map(scalar).map(|v| (key.clone(), v)));
            }
            _ => pairs.extend(scalar(&value).map(|v| (key, v))),
        }
    }
    Ok(pairs)
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "ResponseMetadata", default)]
    metadata: Option<ResponseMetadata>,
}

/// Turns a received body into the action's output or the right error (see [`Client::send`]).
pub(crate) fn decode<T: DeserializeOwned>(
    action: &'static str,
    status: u16,
    body: &[u8],
) -> Result<T, Error> {
    let metadata = serde_json::from_slice::<Envelope>(body)
        .ok()
        .and_then(|e| e.metadata);
    let request_id = metadata
        .as_ref()
        .map(|m| m.request_id.clone())
        .filter(|r| !r.is_empty());
    // Some gateways send an all-empty `Error` object on success; only a real one is an error.
    let error = metadata
        .and_then(|m| m.error)
        .filter(|e| !(e.code.is_empty() && e.message.is_empty() && e.code_n.unwrap_or(0) == 0));
    if let Some(error) = error {
        return Err(Error::Service(ServiceError::new(
            action,
            error.code,
            error.code_n,
            error.message,
            request_id.unwrap_or_default(),
            status,
        )));
    }
    if !(200..300).contains(&status) {
        // No error object to report: the body is not the service's answer (a proxy's HTML page,
        // an empty body). It is a decode failure with the status kept, and retryable like any
        // 429 or 5xx.
        let phrase = reqwest::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("");
        let what = if body.iter().all(u8::is_ascii_whitespace) {
            "an empty body".to_owned()
        } else {
            match serde_json::from_slice::<serde_json::Value>(body) {
                Ok(_) => "JSON without ResponseMetadata.Error".to_owned(),
                Err(e) => describe_json_error(&e, body),
            }
        };
        return Err(Error::Decode {
            action,
            status,
            request_id,
            excerpt: body_excerpt(body),
            reason: format!("HTTP {status} {phrase} with no service error: {what}"),
        });
    }
    serde_json::from_slice::<T>(body).map_err(|e| Error::Decode {
        action,
        status,
        request_id,
        excerpt: body_excerpt(body),
        reason: describe_json_error(&e, body),
    })
}

fn describe_json_error(error: &serde_json::Error, body: &[u8]) -> String {
    use serde_json::error::Category;
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    match (first, error.classify()) {
        (None, _) => "the body is empty, expected a JSON object".to_owned(),
        (Some(b'<'), _) => "expected JSON but the body looks like an HTML or XML page".to_owned(),
        (_, Category::Eof) => format!("the JSON ends early (truncated?): {error}"),
        (_, Category::Syntax) => format!("malformed JSON: {error}"),
        (_, Category::Data) => format!(
            "the JSON does not match the response type: {}",
            hide_string_values(&error.to_string())
        ),
        (_, Category::Io) => format!("cannot read the JSON: {error}"),
    }
}

/// serde quotes offending string values (`invalid type: string "…", expected …`); a secret field
/// of the wrong type would end up in the message, so the quoted values are dropped.
fn hide_string_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("string \"") {
        let value_start = at + "string \"".len();
        out.push_str(&rest[..at]);
        out.push_str("a string");
        match string_end(&rest[value_start..]) {
            Some(end) => rest = &rest[value_start + end + 1..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Provider;
    use crate::operation::Endpoint;
    use serde::Serialize;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    static SERVICE: ServiceInfo = ServiceInfo {
        name: "live",
        version: "2023-01-01",
        endpoints: &[
            Endpoint {
                provider: Provider::Volcengine,
                url: "https://live.volcengineapi.com",
                region: "cn-north-1",
            },
            Endpoint {
                provider: Provider::BytePlus,
                url: "https://open.byteplusapi.com",
                region: "ap-singapore-1",
            },
        ],
        sdk: "volc-live-callback/0.1.0",
    };

    static NO_BYTEPLUS: ServiceInfo = ServiceInfo {
        endpoints: &[Endpoint {
            provider: Provider::Volcengine,
            url: "http://insecure.example.com",
            region: "cn-north-1",
        }],
        ..SERVICE
    };

    #[derive(Debug, Deserialize, PartialEq)]
    struct Output {
        #[serde(rename = "ResponseMetadata")]
        metadata: ResponseMetadata,
        #[serde(rename = "Result", default)]
        result: Option<serde_json::Value>,
    }

    fn creds() -> Config {
        Config::builder()
            .credentials(Credentials::new("AK", "SK"))
            .build()
    }

    fn config_reason(r: Result<Client, Error>) -> String {
        match r {
            Err(Error::Config { reason }) => reason,
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn presets_and_overrides() -> TestResult {
        let c = Client::new(&SERVICE, creds())?;
        assert_eq!(c.endpoint(), "https://live.volcengineapi.com/");
        assert_eq!(c.region(), "cn-north-1");
        assert_eq!(
            c.user_agent(),
            format!(
                "volc-live-callback/0.1.0 volc-runtime/{} (rust)",
                env!("CARGO_PKG_VERSION")
            )
        );
        let b = Client::new(
            &SERVICE,
            Config::builder()
                .provider(Provider::BytePlus)
                .credentials(Credentials::new("AK", "SK"))
                .user_agent_suffix("app/1")
                .build(),
        )?;
        assert_eq!(b.endpoint(), "https://open.byteplusapi.com/");
        assert_eq!(b.region(), "ap-singapore-1");
        assert!(b.user_agent().ends_with(" (rust) app/1"));
        let m = Client::new(
            &SERVICE,
            Config::builder()
                .endpoint("http://127.0.0.1:18080")
                .region("cn-east-1")
                .credentials(Credentials::new("AK", "SK"))
                .build(),
        )?;
        assert_eq!(m.endpoint(), "http://127.0.0.1:18080/");
        assert_eq!(m.inner.host, "127.0.0.1:18080");
        assert_eq!(m.region(), "cn-east-1");
        let dbg = format!("{m:?}");
        assert!(!dbg.contains("\"SK\""), "{dbg}");
        Ok(())
    }

    #[test]
    fn base_url_rules() -> TestResult {
        let (url, host, path) = parse_base_url("https://h.example:443/api/v1/", false)?;
        assert_eq!(
            (url.as_str(), host.as_str(), path.as_str()),
            ("https://h.example/api/v1/", "h.example", "/api/v1/")
        );
        let (_, host, _) = parse_base_url("http://h.example:8080", true)?;
        assert_eq!(host, "h.example:8080");
        for (text, explicit) in [
            ("ftp://h.example", true),
            ("not a url", true),
            ("http://h.example", false),
            ("https://h.example/?a=b", true),
            ("https://h.example/#x", true),
            ("https://user:pa55word@h.example", true),
        ] {
            let err = parse_base_url(text, explicit).err().map(|e| e.to_string());
            assert!(err.is_some(), "{text} accepted");
            assert!(!err.unwrap_or_default().contains("pa55word"));
        }
        Ok(())
    }

    #[test]
    fn config_errors() {
        let reason = config_reason(Client::new(
            &NO_BYTEPLUS,
            Config::builder()
                .provider(Provider::BytePlus)
                .credentials(Credentials::new("AK", "SK"))
                .build(),
        ));
        assert!(reason.contains("no BytePlus endpoint"), "{reason}");
        let reason = config_reason(Client::new(&NO_BYTEPLUS, creds()));
        assert!(reason.contains("presets must use https"), "{reason}");
        let reason = config_reason(Client::new(
            &SERVICE,
            Config::builder()
                .user_agent_suffix("bad\nsuffix")
                .credentials(Credentials::new("AK", "SK"))
                .build(),
        ));
        assert!(reason.contains("User-Agent"), "{reason}");
        let reason = config_reason(Client::new(
            &SERVICE,
            Config::builder()
                .credentials(Credentials::new("AK", ""))
                .build(),
        ));
        assert!(reason.contains("empty"), "{reason}");
        let reason = config_reason(Client::new(
            &SERVICE,
            Config::builder()
                .region(" ")
                .credentials(Credentials::new("AK", "SK"))
                .build(),
        ));
        assert!(reason.contains("region"), "{reason}");
    }

    #[test]
    fn decode_success_and_http_200_error() -> TestResult {
        let ok: Output = decode(
            "DescribeCallback",
            200,
            br#"{"ResponseMetadata":{"RequestId":"r1","Extra":1},"Result":{"CallbackList":[]}}"#,
        )?;
        assert_eq!(ok.metadata.request_id, "r1");
        assert!(ok.result.is_some());

        let err = decode::<Output>(
            "UpdateCallback",
            200,
            br#"{"ResponseMetadata":{"RequestId":"r2","Error":{"Code":"CommonErr","Message":"try again"}}}"#,
        );
        match err {
            Err(Error::Service(e)) => {
                assert_eq!(
                    (e.code.as_str(), e.http_status, e.request_id.as_str()),
                    ("CommonErr", 200, "r2")
                );
                assert!(e.is_retryable());
            }
            other => panic!("{other:?}"),
        }
        let err = decode::<Output>(
            "UpdateCallback",
            401,
            br#"{"ResponseMetadata":{"RequestId":"r3","Error":{"Code":"SignatureDoesNotMatch","CodeN":100010,"Message":"bad"}}}"#,
        );
        match err {
            Err(Error::Service(e)) => {
                assert_eq!(e.code_n, Some(100_010));
                assert!(!e.is_retryable());
            }
            other => panic!("{other:?}"),
        }
        Ok(())
    }

    #[test]
    fn empty_error_object_is_no_error() -> TestResult {
        let ok: Output = decode(
            "DescribeCallback",
            200,
            br#"{"ResponseMetadata":{"RequestId":"r","Error":{"Code":"","CodeN":0,"Message":""}}}"#,
        )?;
        assert_eq!(ok.metadata.request_id, "r");
        let null: Output = decode(
            "DescribeCallback",
            200,
            br#"{"ResponseMetadata":{"RequestId":"r","Error":null}}"#,
        )?;
        assert_eq!(null.metadata.request_id, "r");
        Ok(())
    }

    #[test]
    fn decode_non_2xx_without_error_object() {
        for (status, body, retryable) in [
            (502u16, &b"<html>Bad gateway</html>"[..], true),
            (404, &b""[..], false),
            (
                429,
                &b"{\"ResponseMetadata\":{\"RequestId\":\"r\"}}"[..],
                true,
            ),
        ] {
            match decode::<Output>("DeleteCallback", status, body) {
                Err(e @ Error::Decode { .. }) => {
                    assert!(matches!(e, Error::Decode { status: s, .. } if s == status));
                    assert_eq!(e.is_retryable(), retryable);
                    assert!(!e.to_string().contains('\n'));
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn decode_errors_are_clear() {
        let cases: &[(&[u8], &str)] = &[
            (b"", "empty"),
            (b"  \n", "empty"),
            (b"<!DOCTYPE html><html><body>502</body></html>", "HTML"),
            (
                b"{\"ResponseMetadata\":{\"RequestId\":\"r\"},\"Res",
                "truncated",
            ),
            (b"{\"ResponseMetadata\" 1}", "malformed JSON"),
            (b"\xff\xfe\x00garbage", "malformed JSON"),
            (
                b"{\"ResponseMetadata\":{\"RequestId\":\"r\"}} trailing",
                "malformed JSON",
            ),
            (
                b"{\"ResponseMetadata\":{\"RequestId\":\"r\"},\"Result\":1} ",
                "ok",
            ),
            (
                b"{\"ResponseMetadata\":{\"RequestId\":\"hunter2-secret\",\"Region\":[]}}",
                "does not match",
            ),
            (b"[1,2]", "does not match"),
        ];
        for (body, expected) in cases {
            let result = decode::<Output>("DescribeCallback", 200, body);
            match result {
                Ok(_) => assert_eq!(*expected, "ok", "{body:?} decoded"),
                Err(Error::Decode {
                    reason,
                    excerpt,
                    status,
                    ..
                }) => {
                    assert_eq!(status, 200);
                    assert!(reason.contains(expected), "{reason:?} lacks {expected:?}");
                    assert!(excerpt.chars().count() <= 201);
                }
                Err(other) => panic!("{body:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn decode_reason_hides_string_values() {
        #[derive(Debug, Deserialize)]
        struct Strict {
            #[serde(rename = "AuthKeyPrimary")]
            _key: u8,
        }
        match decode::<Strict>(
            "DescribeCallback",
            200,
            br#"{"AuthKeyPrimary":"very-secret"}"#,
        ) {
            Err(e @ Error::Decode { .. }) => {
                let text = e.to_string();
                assert!(!text.contains("very-secret"), "{text}");
                assert!(text.contains("invalid type: a string"), "{text}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn get_fields_become_query_pairs() -> TestResult {
        #[derive(Serialize)]
        struct Req {
            #[serde(rename = "Vhost")]
            vhost: &'static str,
            #[serde(rename = "Limit")]
            limit: u32,
            #[serde(rename = "On")]
            on: bool,
            #[serde(rename = "Tags")]
            tags: Vec<&'static str>,
            #[serde(rename = "Missing")]
            missing: Option<u8>,
            #[serde(rename = "Nested")]
            nested: serde_json::Value,
        }
        let pairs = query_fields(&Req {
            vhost: "v h",
            limit: 5,
            on: true,
            tags: vec!["b", "a"],
            missing: None,
            nested: serde_json::json!({"K": 1}),
        })
        .map_err(|e| e.to_string())?;
        let mut pairs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        // Map order depends on serde_json features; repeated keys keep their order.
        pairs.sort_by_key(|(k, _)| *k);
        assert_eq!(
            pairs,
            vec![
                ("Limit", "5"),
                ("Nested", "{\"K\":1}"),
                ("On", "true"),
                ("Tags", "b"),
                ("Tags", "a"),
                ("Vhost", "v h"),
            ]
        );
        Ok(())
    }
}
