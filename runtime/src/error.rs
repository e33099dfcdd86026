use std::fmt;
use std::time::Duration;

use crate::credentials::CredentialsError;
use crate::validation::ValidationError;

/// Everything that can go wrong when calling an action.
///
/// Each `Display` is one line naming the action and, where known, the error code, message,
/// RequestId and HTTP status. Messages never contain a secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request breaks a rule of the API; nothing was sent.
    #[error("invalid request: {0}")]
    Validation(#[from] ValidationError),
    /// The service answered with `ResponseMetadata.Error`, whatever the HTTP status (action
    /// errors such as `CommonErr` arrive with HTTP 200).
    #[error("{0}")]
    Service(ServiceError),
    /// The request could not be sent or the response could not be received (connection
    /// refused or reset, TLS failure, ...). The source carries no URL.
    #[error("{action}: request failed after {attempts} attempt(s): {}", source_chain(.source))]
    Transport {
        /// The action that was called.
        action: &'static str,
        /// How many attempts were made.
        attempts: u32,
        /// The underlying error.
        source: reqwest::Error,
    },
    /// No complete response arrived within the configured timeout.
    #[error("{action}: no complete response within {after:?} (after {attempts} attempt(s))")]
    Timeout {
        /// The action that was called.
        action: &'static str,
        /// How many attempts were made.
        attempts: u32,
        /// The timeout that elapsed on the last attempt.
        after: Duration,
    },
    /// A response that is not what the action returns: a 2xx body that is malformed or truncated
    /// JSON, an HTML page, an empty body; or a non-2xx answer without a service error object
    /// (e.g. a proxy's 502 page). Retryable when the status is 429 or 5xx.
    #[error(
        "{action}: cannot decode the HTTP {status} response (RequestId: {}): {}; body starts with {excerpt:?}",
        request_id.as_deref().unwrap_or("unknown"),
        OneLine(reason)
    )]
    Decode {
        /// The action that was called.
        action: &'static str,
        /// The HTTP status.
        status: u16,
        /// `ResponseMetadata.RequestId`, when it could be read.
        request_id: Option<String>,
        /// The first ~200 characters of the body, decoded lossily, with the values of
        /// secret-looking JSON fields (`...Key...`, `...Secret...`, `...Token...`) replaced by `***`.
        excerpt: String,
        /// What is wrong.
        reason: String,
    },
    /// The request could not be serialized; nothing was sent.
    #[error("{action}: cannot serialize the request: {}", OneLine(reason))]
    Encode {
        /// The action that was called.
        action: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// No usable credentials.
    #[error(transparent)]
    Credentials(#[from] CredentialsError),
    /// The configuration cannot be used (bad endpoint URL, no endpoint for the provider, ...).
    #[error("invalid configuration: {}", OneLine(reason))]
    Config {
        /// What is wrong.
        reason: String,
    },
}

impl Error {
    /// Whether trying again may succeed: retryable service errors (see
    /// [`ServiceError::is_retryable`]), undecodable answers with status 429 or 5xx, transport
    /// errors other than request-building errors, and timeouts.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Service(e) => e.is_retryable(),
            Self::Decode { status, .. } => *status == 429 || *status >= 500,
            Self::Transport { source, .. } => !source.is_builder(),
            Self::Timeout { .. } => true,
            _ => false,
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

    /// The service error, when the service reported one.
    pub fn as_service(&self) -> Option<&ServiceError> {
        match self {
            Self::Service(e) => Some(e),
            _ => None,
        }
    }
}

/// The service error codes the API documents as transient.
pub(crate) const RETRYABLE_CODES: &[&str] = &[
    "FlowLimitExceeded",
    "AccountFlowLimitExceeded",
    "InternalError",
    "InternalServiceTimeout",
    "ServiceUnavailableTemp",
    "FailToConnect",
    "CommonErr",
];

/// An error the service reported in `ResponseMetadata.Error`.
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
        }
    }

    /// Whether trying again may succeed: HTTP 429 or 5xx, or one of the codes `FlowLimitExceeded`,
    /// `AccountFlowLimitExceeded`, `InternalError`, `InternalServiceTimeout`,
    /// `ServiceUnavailableTemp`, `FailToConnect`, `CommonErr` (which arrives with HTTP 200).
    pub fn is_retryable(&self) -> bool {
        self.http_status == 429
            || (500..600).contains(&self.http_status)
            || RETRYABLE_CODES.contains(&self.code.as_str())
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed: {}", self.action, OneLine(&self.code))?;
        if let Some(n) = self.code_n {
            write!(f, " (CodeN {n})")?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", OneLine(&self.message))?;
        }
        let request_id = if self.request_id.is_empty() {
            "unknown"
        } else {
            &self.request_id
        };
        write!(
            f,
            " (RequestId: {}, HTTP {})",
            OneLine(request_id),
            self.http_status
        )
    }
}

impl std::error::Error for ServiceError {}

/// Displays text on one line: control characters (newlines included) become spaces.
struct OneLine<'a>(&'a str);

impl fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if c.is_control() {
                f.write_str(" ")?;
            } else {
                fmt::Write::write_char(f, c)?;
            }
        }
        Ok(())
    }
}

/// The error and its sources, joined by `: `; reqwest's own message ("error sending request")
/// hides the useful part ("connection refused") in the chain.
fn source_chain(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut next = std::error::Error::source(error);
    while let Some(e) = next {
        let part = e.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        next = e.source();
    }
    OneLine(&text).to_string()
}

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
        let e = Error::Service(ServiceError::new(
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
        assert_eq!(Error::Service(anonymous).request_id(), None);
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
}
