//! The client: sign, send, retry and decode one operation, with per-call options.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use http::header::{HeaderValue, ACCEPT, CONTENT_TYPE, HOST, RETRY_AFTER, USER_AGENT};
use percent_encoding::percent_decode_str;
use tracing::field::Empty;
use tracing::Instrument;

use crate::config::Config;
use crate::credentials::{check_usable, CredentialSource, CredentialsCache, DefaultChainProvider};
use crate::error::Error;
use crate::intercept::{Attempt, Interceptors, Outcome};
use crate::operation::{HttpMethod, Operation, Parameters, ServiceInfo};
use crate::retry::RetryPolicy;
use crate::sign::{self, SignableRequest, SigningKeyCache, SigningParams};
use crate::transport::{HttpClient, TransportError, TransportErrorKind, MAX_RESPONSE_BYTES};

mod decode;
#[cfg(test)]
mod tests;

use decode::decode;

const JSON: &str = "application/json";

/// Settings of one call that [`Client::with_options`] can change.
///
/// Every setter is optional; what is not set keeps the client's value.
///
/// ```
/// use std::time::Duration;
/// use volc_runtime::{CallOptions, RetryPolicy};
///
/// let patient = CallOptions::new()
///     .read_timeout(Duration::from_secs(30))
///     .retry(RetryPolicy::new().with_max_attempts(5))
///     .deadline(Duration::from_secs(90));
/// # let _ = patient;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallOptions {
    read_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    deadline: Option<Option<Duration>>,
}

impl CallOptions {
    /// No change.
    pub fn new() -> Self {
        Self::default()
    }

    /// Bounds each attempt (see [`ConfigBuilder::read_timeout`](crate::ConfigBuilder::read_timeout)).
    #[must_use]
    pub fn read_timeout(mut self, d: Duration) -> Self {
        self.read_timeout = Some(d);
        self
    }

    /// Retries per this policy.
    #[must_use]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Bounds the whole call (see [`ConfigBuilder::deadline`](crate::ConfigBuilder::deadline)).
    #[must_use]
    pub fn deadline(mut self, d: Duration) -> Self {
        self.deadline = Some(Some(d));
        self
    }

    /// Removes the client's deadline.
    #[must_use]
    pub fn no_deadline(mut self) -> Self {
        self.deadline = Some(None);
        self
    }
}

/// The per-call settings a client carries.
#[derive(Debug, Clone)]
struct CallSettings {
    read_timeout: Duration,
    retry: RetryPolicy,
    deadline: Option<Duration>,
}

/// A client for one service: validates nothing itself (typed requests are valid by
/// construction), but signs, sends, retries and decodes.
///
/// Cheap to clone: clones share the connection pool, the credentials cache and the signing-key
/// cache; so does [`Client::with_options`].
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
    settings: CallSettings,
}

#[derive(Debug)]
struct Inner {
    service: &'static ServiceInfo,
    http: Arc<dyn HttpClient>,
    /// The base URL, its path ending in `/`.
    base: String,
    /// The `Host` header, sent explicitly so that the signed value is the one on the wire.
    host: String,
    host_value: HeaderValue,
    /// The decoded base path, as the signer wants it.
    path: String,
    region: String,
    credentials: CredentialSource,
    keys: SigningKeyCache,
    user_agent: String,
    user_agent_value: HeaderValue,
    interceptors: Interceptors,
}

impl Client {
    /// Creates a client for `service`.
    ///
    /// Resolves the endpoint and region (see [`ConfigBuilder::region`](crate::ConfigBuilder::region):
    /// a custom URL with the configured region, else the preset of the configured provider in
    /// the configured region, else that provider's first preset) and builds the HTTP client
    /// unless one was given (reqwest with the TLS stack of the cargo features, connect
    /// timeout, no redirects, since a redirected request would not carry a valid signature).
    /// Reads no file and makes no request: credentials that were not given explicitly come
    /// from a provider or the default chain on the first call (which fails with
    /// [`Error::Credentials`] when there are none).
    ///
    /// Fails with [`Error::Config`] for a bad endpoint URL, a provider the service has no
    /// endpoint for, a region the provider's presets do not list (without a custom endpoint;
    /// the message names the regions it knows), an empty region, an invalid User-Agent suffix,
    /// explicit credentials with an empty key, or no HTTP client (a build without a TLS
    /// feature must be given one); with [`Error::Credentials`] when explicit credentials
    /// cannot be sent.
    pub fn new(service: &'static ServiceInfo, config: Config) -> Result<Self, Error> {
        let config_error = |reason: String| Error::Config { reason };
        let (url, region, explicit) = pick_endpoint(service, &config)?;
        if region.trim().is_empty() {
            return Err(config_error("the region is empty".to_owned()));
        }
        let (base, host, path) = parse_base_url(url, explicit)?;
        let host_value = HeaderValue::from_str(&host).map_err(|_| {
            config_error("the endpoint's host cannot be sent in a header".to_owned())
        })?;

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
        let Ok(user_agent_value) = HeaderValue::from_str(&user_agent) else {
            return Err(config_error(
                "the User-Agent suffix holds characters not allowed in a header".to_owned(),
            ));
        };

        let credentials = match (config.credentials_provider, config.credentials) {
            (Some(provider), _) => CredentialSource::Cached(CredentialsCache::new(
                provider,
                config.refresh_credentials_before,
            )),
            (None, None) => {
                let chain = match config.profile {
                    Some(profile) => DefaultChainProvider::new().profile(profile),
                    None => DefaultChainProvider::new(),
                };
                CredentialSource::Cached(CredentialsCache::new(
                    Arc::new(chain),
                    config.refresh_credentials_before,
                ))
            }
            (None, Some(credentials)) => {
                if credentials.access_key_id().is_empty()
                    || credentials.secret_access_key().is_empty()
                {
                    return Err(config_error(
                        "the credentials have an empty access key id or secret access key"
                            .to_owned(),
                    ));
                }
                check_usable(&credentials)?;
                CredentialSource::Fixed(Arc::new(credentials))
            }
        };

        let http = match config.http_client {
            Some(http) => http,
            None => default_http_client(config.connect_timeout)?,
        };

        Ok(Self {
            inner: Arc::new(Inner {
                service,
                http,
                base,
                host,
                host_value,
                path,
                region,
                credentials,
                keys: SigningKeyCache::new(),
                user_agent,
                user_agent_value,
                interceptors: config.interceptors,
            }),
            settings: CallSettings {
                read_timeout: config.read_timeout,
                retry: config.retry,
                deadline: config.deadline,
            },
        })
    }

    /// A client that shares this one's connection pool and caches but calls with other
    /// settings: a read timeout, retry policy or deadline for some calls only.
    ///
    /// ```no_run
    /// # async fn demo(client: &volc_runtime::Client) {
    /// use std::time::Duration;
    /// use volc_runtime::{CallOptions, RetryPolicy};
    ///
    /// let once = client.with_options(CallOptions::new().retry(RetryPolicy::none()));
    /// # let _ = once;
    /// # }
    /// ```
    #[must_use]
    pub fn with_options(&self, options: CallOptions) -> Client {
        let mut settings = self.settings.clone();
        if let Some(d) = options.read_timeout {
            settings.read_timeout = d;
        }
        if let Some(policy) = options.retry {
            settings.retry = policy;
        }
        if let Some(deadline) = options.deadline {
            settings.deadline = deadline;
        }
        Client {
            inner: Arc::clone(&self.inner),
            settings,
        }
    }

    /// The service this client calls.
    pub fn service(&self) -> &'static ServiceInfo {
        self.inner.service
    }

    /// The base URL requests go to.
    pub fn endpoint(&self) -> &str {
        &self.inner.base
    }

    /// The region requests are signed for.
    pub fn region(&self) -> &str {
        &self.inner.region
    }

    /// The User-Agent sent with every request.
    pub fn user_agent(&self) -> &str {
        &self.inner.user_agent
    }

    /// The read timeout of each attempt.
    pub fn read_timeout(&self) -> Duration {
        self.settings.read_timeout
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.settings.retry
    }

    /// The total deadline of a call, if any.
    pub fn deadline(&self) -> Option<Duration> {
        self.settings.deadline
    }

    /// Sends one request and decodes its response, retrying per the [`RetryPolicy`] (which
    /// failures, for which actions: see its table) within the deadline.
    ///
    /// `POST` actions send the request as a JSON body; `GET` actions send no body and each
    /// field as a query parameter named by its wire name (strings as they are, numbers in plain
    /// decimal, Booleans `true`/`false`, a list as the key repeated per item, absent fields
    /// not at all; a nested object is an [`Error::Encode`]). Every attempt is signed with the
    /// current time and the current credentials.
    ///
    /// A response whose `ResponseMetadata.Error` is set is an [`Error::Service`] whatever its
    /// HTTP status; any other non-2xx response, and a 2xx body that is not a JSON object with
    /// `ResponseMetadata` or does not fit the response type, is an [`Error::Decode`] carrying
    /// the status and the start of the body.
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
        let call_started = Instant::now();
        let deadline_at = self.settings.deadline.map(|d| call_started + d);
        let version = O::VERSION.unwrap_or(inner.service.version);
        let (fields, body) = encode(request, action, parameters::<O>())?;
        let mut query: Vec<(&str, &str)> = Vec::with_capacity(2 + fields.len());
        query.extend([("Action", action), ("Version", version)]);
        query.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        // The wire query is the canonical one, so what the server decodes is what was signed.
        let canonical_query = sign::canonical_query(&query);
        let mut url = String::with_capacity(inner.base.len() + 1 + canonical_query.len());
        url.push_str(&inner.base);
        url.push('?');
        url.push_str(&canonical_query);
        let uri: http::Uri = url.parse().map_err(|_| Error::Encode {
            action,
            reason: "the request URL is not valid".to_owned(),
        })?;

        // Span fields are recorded once, for the final attempt: some subscribers append every
        // `record` instead of replacing the value. Per-attempt values go into the debug events.
        let span = tracing::Span::current();
        let policy = &self.settings.retry;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let started = Instant::now();
            let (timeout, cut_by_deadline) = match deadline_at {
                Some(at) => {
                    let left = at.saturating_duration_since(started);
                    (
                        left.min(self.settings.read_timeout),
                        left < self.settings.read_timeout,
                    )
                }
                None => (self.settings.read_timeout, false),
            };
            let result = self
                .attempt::<O>(&uri, &query, &body, timeout, cut_by_deadline)
                .await;
            let latency = started.elapsed();
            let latency_ms = millis(latency);
            let mut error = match result {
                Ok((status, output)) => {
                    let request_id = output.as_ref().request_id.as_str();
                    tracing::debug!(attempt, status, latency_ms, request_id, "attempt succeeded");
                    inner.interceptors.after_attempt(&Attempt {
                        service: inner.service.name,
                        action,
                        attempt,
                        status: Some(status),
                        request_id: Some(request_id).filter(|r| !r.is_empty()),
                        latency,
                        outcome: Outcome::Success,
                    });
                    span.record("attempt", attempt);
                    span.record("status", status);
                    span.record("request_id", request_id);
                    span.record("latency_ms", millis(call_started.elapsed()));
                    return Ok(output);
                }
                Err(error) => error,
            };
            error.set_attempts(attempt);
            let class = error.retry_class();
            let mut retry = policy.should_retry(&error, attempt, O::IDEMPOTENT)
                && !matches!(error, Error::DeadlineExceeded { .. });
            let delay = policy.delay(class, attempt, error.retry_after());
            if let Some(at) = deadline_at {
                if retry && Instant::now() + delay >= at {
                    retry = false;
                    tracing::debug!(attempt, "the deadline leaves no time for another attempt");
                }
            }
            tracing::debug!(
                attempt,
                latency_ms,
                status = error.http_status(),
                request_id = error.request_id(),
                retry_class = ?class,
                will_retry = retry,
                error = %error,
                "attempt failed"
            );
            inner.interceptors.after_attempt(&Attempt {
                service: inner.service.name,
                action,
                attempt,
                status: error.http_status(),
                request_id: error.request_id(),
                latency,
                outcome: if retry {
                    Outcome::Retry {
                        error: &error,
                        delay,
                    }
                } else {
                    Outcome::Failure { error: &error }
                },
            });
            if !retry {
                span.record("attempt", attempt);
                if let Some(status) = error.http_status() {
                    span.record("status", status);
                }
                if let Some(request_id) = error.request_id() {
                    span.record("request_id", request_id);
                }
                span.record("latency_ms", millis(call_started.elapsed()));
                return Err(error);
            }
            tracing::debug!(attempt, delay_ms = millis(delay), "backing off");
            tokio::time::sleep(delay).await;
        }
    }

    /// One signed attempt; returns the HTTP status with the decoded output.
    async fn attempt<O: Operation>(
        &self,
        uri: &http::Uri,
        query: &[(&str, &str)],
        body: &Bytes,
        timeout: Duration,
        cut_by_deadline: bool,
    ) -> Result<(u16, O::Output), Error> {
        let inner = &*self.inner;
        let action = O::ACTION;
        let credentials = inner.credentials.get().await?;
        // A POST whose every field is in the query sends an empty body without the JSON
        // Content-Type; the signer adds the form one, as the official SDK's signer does.
        let json = !body.is_empty();
        let to_sign: [(&str, &str); 4] = [
            (ACCEPT.as_str(), JSON),
            ("Host", &inner.host),
            (USER_AGENT.as_str(), &inner.user_agent),
            (sign::CONTENT_TYPE, JSON),
        ];
        let signable = SignableRequest {
            method: O::METHOD.as_str(),
            path: &inner.path,
            query,
            headers: &to_sign[..if json { 4 } else { 3 }],
            body,
        };
        let signed = sign::sign_headers(
            &signable,
            &SigningParams::new(&credentials, &inner.region, inner.service.name),
            &inner.keys,
        );

        let mut request = http::Request::new(body.clone());
        *request.method_mut() = match O::METHOD {
            HttpMethod::Get => http::Method::GET,
            HttpMethod::Post => http::Method::POST,
        };
        *request.uri_mut() = uri.clone();
        let headers = request.headers_mut();
        headers.reserve(9);
        headers.insert(ACCEPT, HeaderValue::from_static(JSON));
        headers.insert(HOST, inner.host_value.clone());
        headers.insert(USER_AGENT, inner.user_agent_value.clone());
        if json {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(JSON));
        }
        for (name, value) in signed.iter() {
            // Every value is hex, a date or a token checked when the credentials were taken.
            let value = HeaderValue::from_str(value).map_err(|_| {
                Error::Credentials(crate::CredentialsError::invalid(
                    "the session token cannot be sent in a header",
                ))
            })?;
            headers.insert(http::HeaderName::from_static(lower_static(name)), value);
        }
        drop(signed);
        drop(credentials);

        let response = match tokio::time::timeout(timeout, inner.http.send(request)).await {
            Err(_elapsed) if cut_by_deadline => {
                return Err(Error::DeadlineExceeded {
                    action,
                    attempts: 0,
                    deadline: self.settings.deadline.unwrap_or(timeout),
                })
            }
            Err(_elapsed) => {
                return Err(Error::Timeout {
                    action,
                    attempts: 0,
                    after: timeout,
                })
            }
            Ok(Err(e)) => return Err(transport_error(action, e)),
            Ok(Ok(response)) => response,
        };
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        let body = response.into_body();
        if body.len() > MAX_RESPONSE_BYTES {
            return Err(transport_error(
                action,
                TransportError::response_too_large(status),
            ));
        }
        decode::<O::Output>(action, status, &body, retry_after).map(|output| (status, output))
    }
}

/// Where `O`'s fields travel: a GET sends all of them in the query string.
fn parameters<O: Operation>() -> Parameters {
    match O::METHOD {
        HttpMethod::Get => Parameters::Query,
        HttpMethod::Post => O::PARAMETERS,
    }
}

/// The request's query parameters (beside `Action` and `Version`) and its body.
fn encode<T: serde::Serialize + ?Sized>(
    request: &T,
    action: &'static str,
    parameters: Parameters,
) -> Result<(Vec<(String, String)>, Bytes), Error> {
    let encode_error = |reason: String| Error::Encode { action, reason };
    match parameters {
        Parameters::JsonBody => Ok((Vec::new(), json_body(request, action)?)),
        Parameters::Query => {
            let pairs = crate::query::to_pairs(request).map_err(|e| encode_error(e.to_string()))?;
            Ok((pairs, Bytes::new()))
        }
        Parameters::QueryAndJsonBody(names) => split(request, action, names, &[]),
        Parameters::Split { query, both } => split(request, action, query, both),
    }
}

/// The fields named in `query` and `both` in the query string (encoded from the same values a
/// GET would encode: strings, numbers, Booleans, lists of them), `both` in the body too, every
/// other field in the JSON body.
fn split<T: serde::Serialize + ?Sized>(
    request: &T,
    action: &'static str,
    query: &[&str],
    both: &[&str],
) -> Result<(Vec<(String, String)>, Bytes), Error> {
    let encode_error = |reason: String| Error::Encode { action, reason };
    let value = serde_json::to_value(request).map_err(|e| encode_error(e.to_string()))?;
    let serde_json::Value::Object(mut body) = value else {
        return Err(encode_error("the request is not a JSON object".to_owned()));
    };
    let mut in_query = serde_json::Map::new();
    for name in query {
        if let Some(value) = body.remove(*name) {
            in_query.insert((*name).to_owned(), value);
        }
    }
    for name in both {
        if let Some(value) = body.get(*name) {
            in_query.insert((*name).to_owned(), value.clone());
        }
    }
    let pairs = crate::query::to_pairs(&in_query).map_err(|e| encode_error(e.to_string()))?;
    Ok((pairs, json_body(&body, action)?))
}

/// `value` as a JSON body.
fn json_body<T: serde::Serialize + ?Sized>(
    value: &T,
    action: &'static str,
) -> Result<Bytes, Error> {
    let mut body = Vec::with_capacity(512);
    serde_json::to_writer(&mut body, value).map_err(|e| Error::Encode {
        action,
        reason: e.to_string(),
    })?;
    Ok(Bytes::from(body))
}

/// The endpoint URL and region `config` selects for `service`, and whether the URL was given
/// explicitly.
fn pick_endpoint<'a>(
    service: &'static ServiceInfo,
    config: &'a Config,
) -> Result<(&'a str, String, bool), Error> {
    let config_error = |reason: String| Error::Config { reason };
    let mut presets = service
        .endpoints
        .iter()
        .filter(|e| e.provider == config.provider)
        .peekable();
    let Some(first) = presets.peek().copied() else {
        return match (&config.endpoint, &config.region) {
            (Some(url), Some(region)) => Ok((url.as_str(), region.clone(), true)),
            (Some(_), None) => Err(config_error(format!(
                "service `{}` has no {:?} preset to take the region from; set one with ConfigBuilder::region",
                service.name, config.provider
            ))),
            (None, _) => Err(config_error(format!(
                "service `{}` has no {:?} endpoint; set one with ConfigBuilder::endpoint",
                service.name, config.provider
            ))),
        };
    };
    match (&config.endpoint, &config.region) {
        // An explicit endpoint is called in whatever region is asked for.
        (Some(url), Some(region)) => Ok((url.as_str(), region.clone(), true)),
        (Some(url), None) => Ok((url.as_str(), first.region.to_owned(), true)),
        (None, None) => Ok((first.url, first.region.to_owned(), false)),
        (None, Some(region)) => match presets.clone().find(|e| e.region == region) {
            Some(preset) => Ok((preset.url, preset.region.to_owned(), false)),
            None => {
                let known: Vec<&str> = presets.map(|e| e.region).collect();
                Err(config_error(format!(
                    "service `{}` has no {:?} endpoint in region `{}` (it knows {}); set the endpoint with ConfigBuilder::endpoint to call another region",
                    service.name,
                    config.provider,
                    crate::display::Clean::new(region, crate::display::VALUE_BYTES),
                    known.join(", ")
                )))
            }
        },
    }
}

/// The built-in HTTP client of the cargo features, or a configuration error without one.
fn default_http_client(connect_timeout: Duration) -> Result<Arc<dyn HttpClient>, Error> {
    #[cfg(feature = "__reqwest")]
    {
        crate::transport::ReqwestClient::new(connect_timeout)
            .map(|c| Arc::new(c) as Arc<dyn HttpClient>)
            .map_err(|_| Error::Config {
                reason: "cannot build the HTTP client".to_owned(),
            })
    }
    #[cfg(not(feature = "__reqwest"))]
    {
        let _ = connect_timeout;
        Err(Error::Config {
            reason: "this build has no HTTP client (no TLS feature enabled); set one with ConfigBuilder::http_client".to_owned(),
        })
    }
}

/// The lower-case form of a header name the signer adds, as `HeaderName::from_static` wants.
fn lower_static(name: &'static str) -> &'static str {
    match name {
        sign::CONTENT_TYPE => "content-type",
        sign::X_DATE => "x-date",
        sign::X_SECURITY_TOKEN => "x-security-token",
        sign::X_CONTENT_SHA256 => "x-content-sha256",
        _ => "authorization",
    }
}

fn transport_error(action: &'static str, error: TransportError) -> Error {
    match error.kind() {
        TransportErrorKind::ResponseTooLarge { status } => Error::Decode {
            action,
            status,
            request_id: None,
            excerpt: String::new(),
            reason: format!(
                "the body exceeds the {} MiB limit",
                MAX_RESPONSE_BYTES >> 20
            ),
            retry_after: None,
        },
        _ => Error::Transport {
            action,
            attempts: 0,
            source: error,
        },
    }
}

/// `Retry-After`: delay-seconds or an HTTP date, as a delay from now.
fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// Parses and checks the base URL; returns it with its path ending in `/`, the `Host` header
/// value and the decoded path to sign.
fn parse_base_url(text: &str, explicit: bool) -> Result<(String, String, String), Error> {
    let bad = |why: &str| Error::Config {
        reason: format!("endpoint {text:?} {why}"),
    };
    let mut url = url::Url::parse(text).map_err(|e| Error::Config {
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
    // HTTP clients omit the scheme's default port from `Host`; do the same so the signed value
    // is the sent one.
    let host = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    let path = format!("{}/", url.path().trim_end_matches('/'));
    url.set_path(&path);
    let decoded = percent_decode_str(&path).decode_utf8_lossy().into_owned();
    Ok((url.into(), host, decoded))
}
