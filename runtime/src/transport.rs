//! The HTTP layer the client sends through, and how to replace it.
//!
//! [`Client`](crate::Client) signs a request, then hands it to an [`HttpClient`] as an
//! [`http::Request`] with a [`Bytes`] body, and reads back an [`http::Response`]. The default is
//! [`ReqwestClient`] (reqwest with the TLS stack the cargo features choose); any type
//! implementing [`HttpClient`] can replace it or wrap it (middleware, metrics, a fake for tests:
//! see `test_util` under the `test-util` feature and the crate's README). Set one with
//! [`ConfigBuilder::http_client`](crate::ConfigBuilder::http_client).
//!
//! The client applies the read timeout, the deadline, retries and the response size limit
//! around whatever `HttpClient` it is given.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

pub use bytes::{self, Bytes};
pub use http;

use crate::display::{bounded, Clean, REASON_BYTES};

/// The largest response body the client accepts (16 MiB). The callback actions answer in
/// kilobytes; a body beyond this is not one of their answers, and reading it whole would let a
/// broken or hostile server exhaust memory. [`ReqwestClient`] stops reading there; a custom
/// [`HttpClient`] should too (the client refuses a longer body either way).
pub const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// What [`HttpClient::send`] returns.
pub type HttpFuture<'a> =
    Pin<Box<dyn Future<Output = Result<http::Response<Bytes>, TransportError>> + Send + 'a>>;

/// Sends one signed request and returns the whole response.
///
/// Implementations must send the request as it is (method, URI, every header, the body): the
/// signature covers them. They report failures as a [`TransportError`] whose kind says whether
/// the request may have reached the service, which decides whether it is retried.
///
/// ```
/// use volc_runtime::transport::{HttpClient, HttpFuture};
/// use volc_runtime::bytes::Bytes;
///
/// /// Counts requests, then lets the inner client send them.
/// #[derive(Debug)]
/// struct Counting<C> {
///     inner: C,
///     sent: std::sync::atomic::AtomicUsize,
/// }
///
/// impl<C: HttpClient> HttpClient for Counting<C> {
///     fn send(&self, request: volc_runtime::http::Request<Bytes>) -> HttpFuture<'_> {
///         self.sent.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
///         self.inner.send(request)
///     }
/// }
/// ```
pub trait HttpClient: fmt::Debug + Send + Sync + 'static {
    /// Sends `request`; resolves to the response with its whole body.
    fn send(&self, request: http::Request<Bytes>) -> HttpFuture<'_>;
}

impl<T: HttpClient + ?Sized> HttpClient for Arc<T> {
    fn send(&self, request: http::Request<Bytes>) -> HttpFuture<'_> {
        (**self).send(request)
    }
}

impl<T: HttpClient + ?Sized> HttpClient for Box<T> {
    fn send(&self, request: http::Request<Bytes>) -> HttpFuture<'_> {
        (**self).send(request)
    }
}

/// Whether a failed exchange may have reached the service; decides retries (see
/// [`RetryPolicy`](crate::RetryPolicy)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The request was not sent: name resolution, TCP connect, TLS handshake or connect
    /// timeout failed. Retried for every action.
    Connect,
    /// The connection failed after the request may have been sent (reset, closed before the
    /// answer, the response body cut short). Retried for idempotent actions only.
    Interrupted,
    /// The response body is larger than [`MAX_RESPONSE_BYTES`]; reported as
    /// [`Error::Decode`](crate::Error::Decode) with the status.
    ResponseTooLarge {
        /// The HTTP status of the response.
        status: u16,
    },
    /// The request could not be built or sent for a reason that trying again will not fix.
    Other,
}

/// Why an exchange with the service failed below HTTP: the kind, and the underlying error as
/// [`source`](StdError::source) (reqwest's, or a custom [`HttpClient`]'s).
///
/// `Display` says what happened in our words only; the cause is reached through `source()`,
/// so error reporters print it once.
pub struct TransportError {
    kind: TransportErrorKind,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl TransportError {
    /// An error of `kind` caused by `source`.
    pub fn new(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        Self {
            kind,
            source: Some(source.into()),
        }
    }

    /// The request was not sent (see [`TransportErrorKind::Connect`]).
    pub fn connect(source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self::new(TransportErrorKind::Connect, source)
    }

    /// The connection failed after the request may have been sent (see
    /// [`TransportErrorKind::Interrupted`]).
    pub fn interrupted(source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self::new(TransportErrorKind::Interrupted, source)
    }

    /// The response body exceeds [`MAX_RESPONSE_BYTES`].
    pub fn response_too_large(status: u16) -> Self {
        Self {
            kind: TransportErrorKind::ResponseTooLarge { status },
            source: None,
        }
    }

    /// What failed.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether the request may have reached the service.
    pub fn may_have_been_sent(&self) -> bool {
        !matches!(self.kind, TransportErrorKind::Connect)
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("kind", &self.kind)
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "cannot connect (the request was not sent)",
            TransportErrorKind::Interrupted => {
                "the connection failed after the request may have been sent"
            }
            TransportErrorKind::ResponseTooLarge { .. } => "the response body is too large",
            TransportErrorKind::Other => "the request could not be sent",
        };
        bounded(f, format_args!("{}", Clean::new(what, REASON_BYTES)))
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

#[cfg(feature = "__reqwest")]
pub use self::reqwest_client::ReqwestClient;

#[cfg(feature = "__reqwest")]
mod reqwest_client {
    use super::*;

    /// The default [`HttpClient`]: reqwest, with the TLS stack the cargo features choose
    /// (rustls with ring and the bundled Mozilla roots, rustls with the system's roots, or
    /// native-tls).
    ///
    /// With the `reqwest` feature, [`ReqwestClient::from_client`] takes a `reqwest::Client`
    /// built by the caller (proxy, custom root certificates, a pool shared with other code); it
    /// is used as it is. Build it with `.redirect(reqwest::redirect::Policy::none())`: a
    /// redirected request no longer matches its signature.
    #[derive(Debug, Clone)]
    pub struct ReqwestClient {
        client: reqwest::Client,
    }

    impl ReqwestClient {
        /// reqwest with a connect timeout and redirects disabled (a redirected request would
        /// not carry a valid signature); what [`Client::new`](crate::Client::new) uses when no
        /// other HTTP client is configured.
        pub fn new(connect_timeout: std::time::Duration) -> Result<Self, TransportError> {
            let builder = reqwest::Client::builder()
                .connect_timeout(connect_timeout)
                .redirect(reqwest::redirect::Policy::none());
            #[cfg(feature = "__rustls")]
            let builder = builder.tls_backend_preconfigured(tls::config()?);
            builder
                .build()
                .map(|client| Self { client })
                .map_err(|e| TransportError::new(TransportErrorKind::Other, e))
        }

        /// Sends through `client` as it is.
        #[cfg(feature = "reqwest")]
        pub fn from_client(client: reqwest::Client) -> Self {
            Self { client }
        }

        /// The underlying `reqwest::Client`.
        #[cfg(feature = "reqwest")]
        pub fn client(&self) -> &reqwest::Client {
            &self.client
        }
    }

    /// rustls with the ring provider (no C toolchain beyond ring's, unlike aws-lc-rs) and the
    /// roots the features choose: Mozilla's bundled roots, the system's, or both.
    #[cfg(feature = "__rustls")]
    mod tls {
        use std::sync::Arc;

        use super::{TransportError, TransportErrorKind};

        pub(super) fn config() -> Result<rustls::ClientConfig, TransportError> {
            let fail = |e: String| {
                TransportError::new(TransportErrorKind::Other, std::io::Error::other(e))
            };
            let mut roots = rustls::RootCertStore::empty();
            #[cfg(feature = "rustls")]
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            #[cfg(feature = "rustls-native-roots")]
            {
                let found = rustls_native_certs::load_native_certs();
                let (added, _) = roots.add_parsable_certificates(found.certs);
                if added == 0 {
                    return Err(fail(
                        "no usable root certificate in the system's store".to_owned(),
                    ));
                }
            }
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .map(|b| b.with_root_certificates(roots).with_no_client_auth())
                .map_err(|e| fail(e.to_string()))
        }
    }

    impl HttpClient for ReqwestClient {
        fn send(&self, request: http::Request<Bytes>) -> HttpFuture<'_> {
            Box::pin(async move {
                let request = reqwest::Request::try_from(request).map_err(classify)?;
                let mut response = self.client.execute(request).await.map_err(classify)?;
                let status = response.status();
                let declared = response
                    .content_length()
                    .and_then(|n| usize::try_from(n).ok());
                let mut body = Vec::with_capacity(declared.unwrap_or(0).min(MAX_RESPONSE_BYTES));
                while let Some(chunk) = response.chunk().await.map_err(classify)? {
                    if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
                        return Err(TransportError::response_too_large(status.as_u16()));
                    }
                    body.extend_from_slice(&chunk);
                }
                let mut out = http::Response::new(Bytes::from(body));
                *out.status_mut() = status;
                *out.headers_mut() = std::mem::take(response.headers_mut());
                Ok(out)
            })
        }
    }

    /// Sorts reqwest's errors by whether the request may have reached the service. The URL is
    /// dropped: a GET's URL carries request fields.
    fn classify(error: reqwest::Error) -> TransportError {
        let kind = if error.is_connect() {
            // DNS, TCP, TLS handshake and connect timeouts: nothing was sent.
            TransportErrorKind::Connect
        } else if error.is_builder() {
            TransportErrorKind::Other
        } else {
            TransportErrorKind::Interrupted
        };
        TransportError::new(kind, error.without_url())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_does_not_repeat_the_source() {
        let e = TransportError::connect(std::io::Error::other("connection refused"));
        assert_eq!(e.to_string(), "cannot connect (the request was not sent)");
        assert_eq!(
            e.source().map(ToString::to_string).as_deref(),
            Some("connection refused")
        );
        assert!(!e.may_have_been_sent());
        assert!(TransportError::interrupted(std::io::Error::other("reset")).may_have_been_sent());
    }
}
