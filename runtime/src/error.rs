//! The one error type of every call, each `Display` one bounded, clean line.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use crate::credentials::CredentialsError;
use crate::display::{bounded, Clean, CODE_BYTES, MESSAGE_BYTES, REASON_BYTES, REQUEST_ID_BYTES};
use crate::retry::RetryClass;
use crate::transport::{TransportError, TransportErrorKind};
use crate::validation::ValidationError;

/// Everything that can go wrong when calling an action.
///
/// Every `Display` is one line of at most 1 KiB, control characters replaced, each value the
/// server or the caller supplied (code, message, RequestId, body excerpt, rejected value) cut
/// to a few hundred bytes; the full values stay in the fields. Messages never contain a
/// secret. A cause is printed once: a transport failure's `Display` ends with its cause chain
/// (`connection refused` and the like) and has no [`source`](StdError::source); a credentials
/// error's cause (an I/O error) is its `source`.
///
/// [`code`](Error::code), [`message`](Error::message) and [`request_id`](Error::request_id)
/// answer what the service said, [`is_retryable`](Error::is_retryable) whether trying again
/// may help.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request breaks a rule of the API; nothing was sent.
    Validation(ValidationError),
    /// The service answered with `ResponseMetadata.Error`, whatever the HTTP status (action
    /// errors such as `CommonErr` arrive with HTTP 200). Boxed: it is the largest variant,
    /// and a small `Error` keeps every `Result` small.
    Service(Box<ServiceError>),
    /// The request could not be sent or the response could not be received (connection
    /// refused or reset, TLS failure, ...). The cause is the [`TransportError`] `source`,
    /// whose kind says whether the request may have reached the service.
    #[non_exhaustive]
    Transport {
        /// The action that was called.
        action: &'static str,
        /// How many attempts were made.
        attempts: u32,
        /// What failed.
        source: TransportError,
    },
    /// No complete response arrived within the read timeout.
    #[non_exhaustive]
    Timeout {
        /// The action that was called.
        action: &'static str,
        /// How many attempts were made.
        attempts: u32,
        /// The timeout that elapsed on the last attempt.
        after: Duration,
    },
    /// The call's total deadline passed during an attempt (see
    /// [`ConfigBuilder::deadline`](crate::ConfigBuilder::deadline)). When the deadline instead
    /// leaves no time for a retry's backoff, the call ends with the last attempt's error.
    #[non_exhaustive]
    DeadlineExceeded {
        /// The action that was called.
        action: &'static str,
        /// How many attempts were made, the interrupted one included.
        attempts: u32,
        /// The deadline.
        deadline: Duration,
    },
    /// A response that is not what the action returns: a 2xx body that is not a JSON object
    /// with `ResponseMetadata`, or does not fit the response type (the reason names the
    /// field's path, never its value), an HTML page, an empty body; or a non-2xx answer
    /// without a service error object (e.g. a proxy's 502 page).
    #[non_exhaustive]
    Decode {
        /// The action that was called.
        action: &'static str,
        /// The HTTP status.
        status: u16,
        /// `ResponseMetadata.RequestId`, when it could be read (in full; `Display` cuts it).
        request_id: Option<String>,
        /// The first ~200 characters of the body, decoded lossily, with the values of
        /// secret-looking JSON fields (`...Key...`, `...Secret...`, `...Token...`) replaced by `***`.
        excerpt: String,
        /// What is wrong.
        reason: String,
        /// The `Retry-After` the answer carried, if any.
        retry_after: Option<Duration>,
    },
    /// The request could not be serialized; nothing was sent.
    #[non_exhaustive]
    Encode {
        /// The action that was called.
        action: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// No usable credentials.
    Credentials(CredentialsError),
    /// The configuration cannot be used (bad endpoint URL, no endpoint for the provider, ...).
    #[non_exhaustive]
    Config {
        /// What is wrong.
        reason: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Validation(e) => bounded(f, format_args!("invalid request: {e}")),
            Self::Service(e) => fmt::Display::fmt(e, f),
            Self::Transport {
                action,
                attempts,
                source,
            } => bounded(
                f,
                format_args!(
                    "{action}: request failed after {attempts} attempt(s): {source}{}",
                    Causes(source)
                ),
            ),
            Self::Timeout {
                action,
                attempts,
                after,
            } => bounded(
                f,
                format_args!(
                    "{action}: no complete response within {after:?} (after {attempts} attempt(s))"
                ),
            ),
            Self::DeadlineExceeded {
                action,
                attempts,
                deadline,
            } => bounded(
                f,
                format_args!(
                    "{action}: the call's deadline of {deadline:?} passed (after {attempts} attempt(s))"
                ),
            ),
            Self::Decode {
                action,
                status,
                request_id,
                excerpt,
                reason,
                ..
            } => bounded(
                f,
                format_args!(
                    "{action}: cannot decode the HTTP {status} response (RequestId: {}): {}; body starts with \"{}\"",
                    Clean::new(request_id.as_deref().unwrap_or("unknown"), REQUEST_ID_BYTES),
                    Clean::new(reason, REASON_BYTES),
                    Clean::new(&excerpt.escape_debug().to_string(), EXCERPT_CHARS + 40),
                ),
            ),
            Self::Encode { action, reason } => bounded(
                f,
                format_args!(
                    "{action}: cannot serialize the request: {}",
                    Clean::new(reason, REASON_BYTES)
                ),
            ),
            Self::Credentials(e) => fmt::Display::fmt(e, f),
            Self::Config { reason } => bounded(
                f,
                format_args!(
                    "invalid configuration: {}",
                    Clean::new(reason, REASON_BYTES)
                ),
            ),
        }
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            // Validation, service and credentials errors are shown in full by `Display`
            // (transparently), so their own sources are theirs to report.
            Self::Validation(e) => e.source(),
            Self::Service(e) => e.source(),
            Self::Credentials(e) => e.source(),
            // A transport failure's causes are in its `Display`; reach the `TransportError`
            // through the variant's field or `Error::as_transport`.
            _ => None,
        }
    }
}

impl From<ValidationError> for Error {
    fn from(e: ValidationError) -> Self {
        Self::Validation(e)
    }
}

impl From<ServiceError> for Error {
    fn from(e: ServiceError) -> Self {
        Self::Service(Box::new(e))
    }
}

impl From<CredentialsError> for Error {
    fn from(e: CredentialsError) -> Self {
        Self::Credentials(e)
    }
}

impl Error {
    /// Whether trying again may succeed at all: retryable service errors (see
    /// [`ServiceError::is_retryable`]), undecodable answers with status 429 or 5xx (but 501 and 505),
    /// transport errors other than request-building errors, and timeouts. Whether the client
    /// does retry also depends on the action's idempotency: see [`Error::retry_class`] and
    /// [`RetryPolicy`](crate::RetryPolicy).
    pub fn is_retryable(&self) -> bool {
        self.retry_class() != RetryClass::Permanent
    }

    /// How this failure is retried; the table is in [`RetryPolicy`](crate::RetryPolicy).
    pub fn retry_class(&self) -> RetryClass {
        match self {
            Self::Service(e) => e.retry_class(),
            Self::Decode { status, .. } if (200..300).contains(status) => RetryClass::Permanent,
            Self::Decode { status, .. } => status_class(*status),
            Self::Transport { source, .. } => match source.kind() {
                TransportErrorKind::Connect => RetryClass::NotSent,
                TransportErrorKind::Interrupted => RetryClass::MaybeProcessed,
                _ => RetryClass::Permanent,
            },
            Self::Timeout { .. } => RetryClass::MaybeProcessed,
            _ => RetryClass::Permanent,
        }
    }

    /// The RequestId the service assigned, when one was received; quote it to support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Service(e) if !e.request_id.is_empty() => Some(&e.request_id),
            Self::Decode { request_id, .. } => request_id.as_deref().filter(|r| !r.is_empty()),
            _ => None,
        }
    }

    /// The `Retry-After` the service's answer carried, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Service(e) => e.retry_after,
            Self::Decode { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The HTTP status of the answer, when one arrived.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Self::Service(e) => Some(e.http_status),
            Self::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The service's error code (`ResponseMetadata.Error.Code`, e.g. `InvalidParam`), when
    /// the service reported an error. The codes an action documents are constants of the
    /// generated crate's `error_codes` module.
    pub fn code(&self) -> Option<&str> {
        self.as_service().map(|e| e.code.as_str())
    }

    /// The service's error message (`ResponseMetadata.Error.Message`, in full), when the
    /// service reported an error.
    pub fn message(&self) -> Option<&str> {
        self.as_service().map(|e| e.message.as_str())
    }

    /// The failure below HTTP, for a transport error.
    pub fn as_transport(&self) -> Option<&TransportError> {
        match self {
            Self::Transport { source, .. } => Some(source),
            _ => None,
        }
    }

    /// The service error, when the service reported one.
    pub fn as_service(&self) -> Option<&ServiceError> {
        match self {
            Self::Service(e) => Some(e),
            _ => None,
        }
    }

    pub(crate) fn set_attempts(&mut self, n: u32) {
        match self {
            Self::Transport { attempts, .. }
            | Self::Timeout { attempts, .. }
            | Self::DeadlineExceeded { attempts, .. } => *attempts = n,
            _ => {}
        }
    }
}

/// The retry class of an HTTP status that came without a service error object, or of a
/// service error with an undocumented code.
fn status_class(status: u16) -> RetryClass {
    match status {
        429 => RetryClass::Throttled,
        503 => RetryClass::Unavailable,
        501 | 505 => RetryClass::Permanent,
        500..=599 => RetryClass::MaybeProcessed,
        _ => RetryClass::Permanent,
    }
}

/// Codes of throttling: retried for every action, with the longer throttling backoff.
pub(crate) const THROTTLING_CODES: &[&str] = &["FlowLimitExceeded", "AccountFlowLimitExceeded"];
/// Codes by which the service refuses before processing: retried for every action.
pub(crate) const UNAVAILABLE_CODES: &[&str] = &["ServiceUnavailableTemp"];
/// Codes of failures during processing: retried for idempotent actions only.
pub(crate) const PROCESSING_CODES: &[&str] = &[
    "InternalError",
    "InternalServiceTimeout",
    "FailToConnect",
    "CommonErr",
];

/// An error the service reported in `ResponseMetadata.Error`.
///
/// The fields hold the values as received, in full; `Display` cleans and cuts them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceError {
    /// The action that was called.
    pub action: &'static str,
    /// `Error.Code`, e.g. `InvalidParam`.
    pub code: String,
    /// `Error.CodeN`, which only some APIs send.
    pub code_n: Option<i64>,
    /// `Error.Message`.
    pub message: String,
    /// `ResponseMetadata.RequestId`; empty if the answer had none.
    pub request_id: String,
    /// The HTTP status of the answer.
    pub http_status: u16,
    /// The `Retry-After` the answer carried, if any (seconds or an HTTP date, as a delay).
    pub retry_after: Option<Duration>,
}

impl ServiceError {
    /// Builds a service error (for mock servers and tests; the client builds them from responses).
    pub fn new(
        action: &'static str,
        code: impl Into<String>,
        code_n: Option<i64>,
        message: impl Into<String>,
        request_id: impl Into<String>,
        http_status: u16,
    ) -> Self {
        Self {
            action,
            code: code.into(),
            code_n,
            message: message.into(),
            request_id: request_id.into(),
            http_status,
            retry_after: None,
        }
    }

    /// The same error with a `Retry-After` delay.
    #[must_use]
    pub fn with_retry_after(mut self, delay: Option<Duration>) -> Self {
        self.retry_after = delay;
        self
    }

    /// Whether trying again may succeed: HTTP 429 or 5xx (but 501 and 505), or one of the codes
    /// `FlowLimitExceeded`, `AccountFlowLimitExceeded`, `InternalError`,
    /// `InternalServiceTimeout`, `ServiceUnavailableTemp`, `FailToConnect`, `CommonErr` (which
    /// arrives with HTTP 200).
    pub fn is_retryable(&self) -> bool {
        self.retry_class() != RetryClass::Permanent
    }

    /// How this error is retried (the codes decide first, then the HTTP status); the table is
    /// in [`RetryPolicy`](crate::RetryPolicy).
    pub fn retry_class(&self) -> RetryClass {
        let code = self.code.as_str();
        if THROTTLING_CODES.contains(&code) {
            RetryClass::Throttled
        } else if UNAVAILABLE_CODES.contains(&code) {
            RetryClass::Unavailable
        } else if PROCESSING_CODES.contains(&code) {
            RetryClass::MaybeProcessed
        } else {
            status_class(self.http_status)
        }
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code_n = CodeN(self.code_n);
        let message = Message(&self.message);
        let request_id = if self.request_id.is_empty() {
            "unknown"
        } else {
            &self.request_id
        };
        bounded(
            f,
            format_args!(
                "{} failed: {}{code_n}{message} (RequestId: {}, HTTP {})",
                self.action,
                Clean::new(&self.code, CODE_BYTES),
                Clean::new(request_id, REQUEST_ID_BYTES),
                self.http_status
            ),
        )
    }
}

/// `: cause: cause…` for each error in a chain of sources, each cleaned and capped.
struct Causes<'a>(&'a (dyn StdError + 'static));

impl fmt::Display for Causes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut next = self.0.source();
        // Chains are short; the bound keeps a cyclic one from looping.
        for _ in 0..8 {
            let Some(cause) = next else {
                return Ok(());
            };
            write!(f, ": {}", Clean::new(&cause.to_string(), REASON_BYTES))?;
            next = cause.source();
        }
        Ok(())
    }
}

struct CodeN(Option<i64>);

impl fmt::Display for CodeN {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(n) => write!(f, " (CodeN {n})"),
            None => Ok(()),
        }
    }
}

struct Message<'a>(&'a str);

impl fmt::Display for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            Ok(())
        } else {
            write!(f, ": {}", Clean::new(self.0, MESSAGE_BYTES))
        }
    }
}

impl StdError for ServiceError {}

/// Characters of the body kept in [`Error::Decode::excerpt`].
pub(crate) const EXCERPT_CHARS: usize = 200;

/// The start of a response body for an error message: at most [`EXCERPT_CHARS`] characters,
/// decoded lossily (never panics on invalid UTF-8 or a cut multi-byte character), with the
/// values of secret-looking JSON fields replaced by `***`.
pub(crate) fn body_excerpt(body: &[u8]) -> String {
    // Redact on a window larger than the excerpt so a secret value that straddles the cut
    // is still recognized by its key.
    let window = &body[..body.len().min(EXCERPT_CHARS * 8)];
    let text = redact_secret_values(&String::from_utf8_lossy(window));
    let mut chars = text.chars();
    let mut out: String = chars.by_ref().take(EXCERPT_CHARS).collect();
    if chars.next().is_some() || window.len() < body.len() {
        out.push('…');
    }
    out
}

fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    ["key", "secret", "token", "password", "signature"]
        .iter()
        .any(|s| key.contains(s))
}

/// The index of the closing quote of a JSON string whose opening quote precedes `s`.
pub(crate) fn string_end(s: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(i),
            _ => {}
        }
    }
    None
}

/// Replaces the string values of secret-looking keys (`"AuthKeyPrimary": "..."`) by `***`,
/// on text that may be truncated or not JSON at all.
fn redact_secret_values(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('"') {
        out.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
        let Some(close) = string_end(rest) else {
            break;
        };
        let key = &rest[..close];
        out.push_str(key);
        out.push('"');
        rest = &rest[close + 1..];
        if !is_secret_key(key) {
            continue;
        }
        let after_ws = rest.trim_start();
        let Some(after_colon) = after_ws.strip_prefix(':') else {
            continue;
        };
        let value = after_colon.trim_start();
        let Some(inside) = value.strip_prefix('"') else {
            continue;
        };
        out.push_str(&rest[..rest.len() - value.len()]);
        out.push_str("\"***");
        match string_end(inside) {
            Some(end) => {
                out.push('"');
                rest = &inside[end + 1..];
            }
            // Truncated inside the secret: drop the rest.
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_display_is_one_line_with_everything() {
        let e = Error::from(ServiceError::new(
            "UpdateCallback",
            "InvalidParam",
            Some(100_010),
            "Vhost is\ninvalid",
            "20240415113703ABC",
            400,
        ));
        assert_eq!(
            e.to_string(),
            "UpdateCallback failed: InvalidParam (CodeN 100010): Vhost is invalid (RequestId: 20240415113703ABC, HTTP 400)"
        );
        assert_eq!(e.request_id(), Some("20240415113703ABC"));
        assert!(!e.is_retryable());
        let anonymous = ServiceError::new("DeleteCallback", "InternalError", None, "", "", 502);
        assert_eq!(
            anonymous.to_string(),
            "DeleteCallback failed: InternalError (RequestId: unknown, HTTP 502)"
        );
        assert!(anonymous.is_retryable());
        assert_eq!(Error::from(anonymous).request_id(), None);
    }

    #[test]
    fn accessors_answer_what_the_service_said() {
        let e = Error::from(ServiceError::new(
            "UpdateCallback",
            "InvalidParam",
            None,
            "Vhost does not exist",
            "RID-1",
            400,
        ));
        assert_eq!(e.code(), Some("InvalidParam"));
        assert_eq!(e.message(), Some("Vhost does not exist"));
        assert_eq!(e.request_id(), Some("RID-1"));
        assert!(!e.is_retryable());
        let t = Error::Transport {
            action: "UpdateCallback",
            attempts: 1,
            source: TransportError::connect(std::io::Error::other("refused")),
        };
        assert_eq!((t.code(), t.message(), t.request_id()), (None, None, None));
        assert!(t.is_retryable());
    }

    #[test]
    fn a_transport_failure_shows_its_cause_chain_once() {
        #[derive(Debug)]
        struct Outer(std::io::Error);
        impl fmt::Display for Outer {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("error sending request")
            }
        }
        impl StdError for Outer {
            fn source(&self) -> Option<&(dyn StdError + 'static)> {
                Some(&self.0)
            }
        }
        let cause = Outer(std::io::Error::new(
            std::io::ErrorKind::ConnectionRefused,
            "tcp connect error:\nConnection refused (os error 111)",
        ));
        let e = Error::Transport {
            action: "DescribeCallback",
            attempts: 3,
            source: TransportError::connect(cause),
        };
        assert_eq!(
            e.to_string(),
            "DescribeCallback: request failed after 3 attempt(s): cannot connect (the request was not sent): error sending request: tcp connect error: Connection refused (os error 111)"
        );
        assert!(e.source().is_none(), "the chain is in Display already");
        assert!(e.as_transport().is_some_and(|t| !t.may_have_been_sent()));
    }

    #[test]
    fn other_displays() {
        let t = Error::Timeout {
            action: "DescribeCallback",
            attempts: 3,
            after: Duration::from_millis(250),
        };
        assert_eq!(
            t.to_string(),
            "DescribeCallback: no complete response within 250ms (after 3 attempt(s))"
        );
        let d = Error::Decode {
            action: "DescribeCallback",
            status: 200,
            request_id: Some("RID".into()),
            excerpt: "<html>\n<body>".into(),
            reason: "expected JSON".into(),
            retry_after: None,
        };
        assert_eq!(
            d.to_string(),
            "DescribeCallback: cannot decode the HTTP 200 response (RequestId: RID): expected JSON; body starts with \"<html>\\n<body>\""
        );
        assert_eq!(d.request_id(), Some("RID"));
        let c = Error::Config {
            reason: "endpoint \"ftp://x\" is not http(s)".into(),
        };
        assert_eq!(
            c.to_string(),
            "invalid configuration: endpoint \"ftp://x\" is not http(s)"
        );
        let v = Error::from(ValidationError::MissingField {
            shape: "UpdateCallbackRequest",
            field: "MessageType",
        });
        assert_eq!(
            v.to_string(),
            "invalid request: UpdateCallbackRequest: required field `MessageType` is not set"
        );
        let cred = Error::from(CredentialsError::NotFound {
            searched: vec!["env".into()],
        });
        assert_eq!(
            cred.to_string(),
            "no Volcengine credentials found; looked in: env"
        );
        for e in [t, d, c, v, cred] {
            assert!(!e.to_string().contains('\n'));
        }
    }

    #[test]
    fn excerpt_is_lossy_and_bounded() {
        assert_eq!(body_excerpt(b""), "");
        assert_eq!(body_excerpt(b"\xff\xfe{"), "\u{fffd}\u{fffd}{");
        // 300 three-byte characters: the cut lands on a character boundary of the text, and a
        // window cut inside a character only yields U+FFFD.
        let long = "直".repeat(600);
        let e = body_excerpt(long.as_bytes());
        assert_eq!(e.chars().count(), EXCERPT_CHARS + 1);
        assert!(e.ends_with('…'));
        for cut in 0..8 {
            let bytes = &long.as_bytes()[..1000 + cut];
            let e = body_excerpt(bytes);
            assert!(e.chars().count() <= EXCERPT_CHARS + 1);
        }
        let short = body_excerpt("{\"a\": \"é\"}".as_bytes());
        assert_eq!(short, "{\"a\": \"é\"}");
    }

    #[test]
    fn excerpt_hides_secret_values() {
        let body = br#"{"ResponseMetadata":{"RequestId":"r"},"Result":{"CallbackList":[{"AuthKeyPrimary" : "s3cr3t\"x","App":"a","SecretAccessKey":"abc","Token":1}]}}"#;
        let e = body_excerpt(body);
        assert!(!e.contains("s3cr3t") && !e.contains("abc"), "{e}");
        assert!(e.contains(r#""AuthKeyPrimary" : "***""#), "{e}");
        assert!(e.contains(r#""App":"a""#), "{e}");
        assert!(e.contains(r#""Token":1"#), "{e}");
        let truncated = body_excerpt(br#"{"AuthKeyPrimary": "abcdef"#);
        assert_eq!(truncated, r#"{"AuthKeyPrimary": "***"#);
        assert_eq!(body_excerpt(b"\"unterminated"), "\"unterminated");
    }

    /// Every variant, fed hostile values: one clean line of at most 1 KiB each.
    #[test]
    fn every_display_is_one_bounded_clean_line() {
        let huge = "\u{1b}[31mX\nY\u{2028}Z\u{202e}".repeat(100_000);
        let errors: Vec<Box<dyn StdError>> = vec![
            Box::new(Error::from(ServiceError::new(
                "A",
                huge.clone(),
                Some(1),
                huge.clone(),
                huge.clone(),
                500,
            ))),
            Box::new(Error::Decode {
                action: "A",
                status: 502,
                request_id: Some(huge.clone()),
                excerpt: body_excerpt(huge.as_bytes()),
                reason: huge.clone(),
                retry_after: None,
            }),
            Box::new(Error::Encode {
                action: "A",
                reason: huge.clone(),
            }),
            Box::new(Error::Config {
                reason: huge.clone(),
            }),
            Box::new(Error::from(ValidationError::Length {
                type_name: "AppName",
                value: huge.clone(),
                min: 1,
                max: 30,
                actual: huge.chars().count(),
            })),
            Box::new(Error::from(ValidationError::Pattern {
                type_name: "AppName",
                value: huge.clone(),
                pattern: "[A-Za-z]",
                invalid: '\u{1b}',
            })),
            Box::new(Error::from(ValidationError::OutOfRange {
                shape: "S",
                field: "F",
                min: Some("1"),
                max: None,
                actual: huge.clone(),
            })),
            Box::new(Error::from(CredentialsError::NotFound {
                searched: vec![huge.clone(); 3],
            })),
            Box::new(Error::from(CredentialsError::Malformed {
                path: huge.clone().into(),
                reason: huge.clone(),
            })),
            Box::new(Error::from(CredentialsError::provider(
                huge.clone(),
                std::io::Error::other("x"),
            ))),
            Box::new(Error::from(CredentialsError::invalid(huge.clone()))),
            Box::new(Error::Transport {
                action: "A",
                attempts: 1,
                source: TransportError::connect(std::io::Error::other(huge.clone())),
            }),
        ];
        for error in &errors {
            let shown = error.to_string();
            assert!(shown.len() <= 1024, "{} bytes: {shown:.120}", shown.len());
            assert!(
                !shown.chars().any(crate::display::is_unsafe),
                "{shown:.200}"
            );
        }
        // The full values stay in the fields.
        let e = ServiceError::new("A", "C", None, "M", huge.clone(), 500);
        assert_eq!(e.request_id, huge);
    }
}
