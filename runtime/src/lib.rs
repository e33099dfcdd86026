//! Runtime shared by the Rust clients that `volc-codegen` generates for Volcengine OpenAPI services.
//!
//! Generated crates stay small: they hold the typed requests, responses and rules of one service,
//! and call into this crate for everything that does not depend on the spec:
//!
//! - [`sign`]: the Volcengine `HMAC-SHA256` request signature (public, to sign any action);
//! - [`Credentials`], the standard credential sources and [`ProvideCredentials`] for
//!   credentials that change (STS), cached and refreshed before they expire;
//! - [`Config`] (endpoint presets, region, HTTP client, timeouts, retry policy, deadline,
//!   User-Agent) and [`CallOptions`] to change some of them per call;
//! - [`Client`]: sign, send, retry and decode one [`Operation`], with a `volc.call` tracing
//!   span per call and [`Interceptor`]s that see every attempt;
//! - [`transport`]: the [`HttpClient`] trait the client sends through (reqwest by default),
//!   to wrap or replace;
//! - [`Error`]: one typed error for everything that can go wrong, carrying the RequestId, each
//!   `Display` one clean line of at most 1 KiB;
//! - `test_util` (feature `test-util`): a fake [`HttpClient`] that records signed requests and
//!   plays scripted answers, for testing code that calls a generated client;
//! - [`Sensitive`], [`ValidationError`], [`ResponseMetadata`], [`UnknownValue`]: types generated
//!   code builds on; [`validate`], [`de`] and the macros [`string_enum!`], [`integer_enum!`] and
//!   [`string_type!`]: the rule checks, lenient decoding and conversions it shares.
//! - [`callback`] (feature `callback`, on by default): verifying and decoding the callbacks a
//!   service POSTs to the user's endpoint.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "callback")]
pub mod callback;
mod client;
mod config;
mod credentials;
pub mod de;
mod display;
mod enums;
mod error;
mod intercept;
mod metadata;
mod operation;
mod query;
mod retry;
mod sensitive;
pub mod sign;
#[cfg(feature = "test-util")]
pub mod test_util;
pub mod transport;
pub mod validate;
mod validation;

/// The `bytes` crate, whose [`Bytes`](bytes::Bytes) is the body type of [`HttpClient`].
pub use bytes;
/// The `http` crate, whose request and response types [`HttpClient`] takes and returns.
pub use http;

pub use client::{CallOptions, Client};
pub use config::{Config, ConfigBuilder, Provider};
pub use credentials::{
    Credentials, CredentialsError, CredentialsFuture, DefaultChainProvider, EnvironmentProvider,
    ProfileProvider, ProvideCredentials, DEFAULT_PROFILE,
};
#[doc(hidden)]
pub use enums::__private;
pub use enums::UnknownValue;
pub use error::{Error, ServiceError};
pub use intercept::{Attempt, Interceptor, Outcome};
pub use metadata::{ResponseMetadata, ServiceErrorBody};
pub use operation::{Endpoint, HttpMethod, Operation, Parameters, ServiceInfo};
pub use retry::{RetryClass, RetryPolicy};
pub use sensitive::Sensitive;
/// A free-form JSON value (`Json` fields of generated types): `serde_json::Value`.
pub use serde_json::Value as JsonValue;
pub use transport::{HttpClient, TransportError, TransportErrorKind};
pub use validation::ValidationError;
