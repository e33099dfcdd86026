//! Runtime shared by the Rust clients that `volc-codegen` generates for Volcengine OpenAPI services.
//!
//! Generated crates stay small: they hold the typed requests, responses and rules of one service,
//! and call into this crate for everything that does not depend on the spec:
//!
//! - [`sign`]: the Volcengine `HMAC-SHA256` request signature (public, to sign any action);
//! - [`Credentials`] and the standard credential sources;
//! - [`Config`] (endpoint presets, region, timeouts, retry policy, User-Agent);
//! - [`Client`]: validate, sign, send, retry and decode one [`Operation`];
//! - [`Error`]: one typed error for everything that can go wrong, carrying the RequestId;
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
mod enums;
mod error;
mod metadata;
mod operation;
mod retry;
mod sensitive;
pub mod sign;
pub mod validate;
mod validation;

pub use client::Client;
pub use config::{Config, ConfigBuilder, Provider};
pub use credentials::{Credentials, CredentialsError};
#[doc(hidden)]
pub use enums::__private;
pub use enums::UnknownValue;
pub use error::{Error, ServiceError};
pub use metadata::{ResponseMetadata, ServiceErrorBody};
pub use operation::{Endpoint, HttpMethod, Operation, ServiceInfo};
pub use retry::RetryPolicy;
pub use sensitive::Sensitive;
/// A free-form JSON value (`Json` fields of generated types): `serde_json::Value`.
pub use serde_json::Value as JsonValue;
pub use validation::ValidationError;
