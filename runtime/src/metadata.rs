//! `ResponseMetadata`, which every answer of the gateway carries.

use serde::{Deserialize, Serialize};

/// The `ResponseMetadata` object every Volcengine OpenAPI response carries.
///
/// Decoding is lenient: every field may be missing and unknown fields are ignored, because the
/// gateway adds fields without notice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ResponseMetadata {
    /// The request id the gateway assigned; quote it when contacting support.
    #[serde(rename = "RequestId")]
    pub request_id: String,
    /// The action that was called.
    #[serde(rename = "Action")]
    pub action: String,
    /// The API version that was called.
    #[serde(rename = "Version")]
    pub version: String,
    /// The service that answered.
    #[serde(rename = "Service")]
    pub service: String,
    /// The region that answered.
    #[serde(rename = "Region")]
    pub region: String,
    /// The error, when the call failed. A response that carries one is turned into
    /// [`Error::Service`](crate::Error::Service) by the client, whatever its HTTP status.
    #[serde(rename = "Error", skip_serializing_if = "Option::is_none")]
    pub error: Option<ServiceErrorBody>,
}

/// `ResponseMetadata.Error`: what the service says went wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ServiceErrorBody {
    /// The error code, e.g. `InvalidParam` or `SignatureDoesNotMatch`.
    #[serde(rename = "Code")]
    pub code: String,
    /// The numeric error code; only some APIs send it.
    #[serde(rename = "CodeN", skip_serializing_if = "Option::is_none")]
    pub code_n: Option<i64>,
    /// The human-readable message.
    #[serde(rename = "Message")]
    pub message: String,
}

impl ServiceErrorBody {
    /// Builds an error body; used by servers and tests that speak the Volcengine error format.
    pub fn new(code: impl Into<String>, code_n: Option<i64>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            code_n,
            message: message.into(),
        }
    }
}
