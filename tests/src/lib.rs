//! Shared support for the workspace's integration tests.
//!
//! - [`mock_server`]: an in-process mock of the Volcengine Live gateway that verifies request
//!   signatures and plays scripted answers.
//! - [`callback_sender`]: builds, signs (from a fixed vector table) and POSTs Live callbacks.
//! - [`local_http_client`]: a plain-HTTP client for talking to the servers tests start.

pub mod callback_sender;
pub mod mock_server;
pub mod transport_support;

use std::sync::Arc;
use std::time::Duration;

/// A reqwest client for the plain-HTTP servers tests start on 127.0.0.1: no proxy, `timeout`
/// on each whole exchange.
///
/// reqwest is built without a default crypto provider here (volc-runtime chooses ring), so a
/// bare `reqwest::Client::builder().build()` would have no TLS backend; this one gets rustls with
/// ring and no roots (it never speaks TLS).
pub fn local_http_client(timeout: Duration) -> Result<reqwest::Client, Box<dyn std::error::Error>> {
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()?
    .with_root_certificates(rustls::RootCertStore::empty())
    .with_no_client_auth();
    Ok(reqwest::Client::builder()
        .no_proxy()
        .timeout(timeout)
        .tls_backend_preconfigured(tls)
        .build()?)
}
