//! What a generated action tells the client: its name, method, idempotency and service.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::config::Provider;
use crate::metadata::ResponseMetadata;

/// The HTTP method an action is called with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HttpMethod {
    /// `GET`: the request's fields travel in the query string.
    Get,
    /// `POST`: the request is a JSON body.
    Post,
}

impl HttpMethod {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

/// Where a POST action's request travels. A GET action sends every field in the query string
/// whatever this says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Parameters {
    /// Every field in the JSON body.
    JsonBody,
    /// Every field in the query string, encoded as a GET action's are; the body is empty (as
    /// the official SDKs send such actions).
    Query,
    /// These fields (wire names) in the query string, encoded as a GET action's are; every
    /// other field in the JSON body.
    QueryAndJsonBody(&'static [&'static str]),
    /// Fields in the query string only (`query`), fields in the query string and in the JSON
    /// body too (`both`: some models send one value both ways), every other field in the body.
    Split {
        /// In the query string only.
        query: &'static [&'static str],
        /// In the query string and in the JSON body.
        both: &'static [&'static str],
    },
}

/// Where one provider serves a service. Built with [`Endpoint::new`] (fields may be added).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Endpoint {
    /// Which cloud this endpoint belongs to.
    pub provider: Provider,
    /// Base URL, e.g. `https://live.volcengineapi.com`.
    pub url: &'static str,
    /// The region it serves, e.g. `cn-north-1`; requests sent there are signed for it.
    pub region: &'static str,
}

impl Endpoint {
    /// An endpoint preset: `provider` serves the service in `region` at `url`.
    pub const fn new(provider: Provider, url: &'static str, region: &'static str) -> Self {
        Self {
            provider,
            url,
            region,
        }
    }
}

/// What a generated crate tells the runtime about its service. Built with
/// [`ServiceInfo::new`] (fields may be added).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceInfo {
    /// Service name used verbatim in the signature scope, e.g. `live` or `ImageX`.
    pub name: &'static str,
    /// API version sent as the `Version` query parameter, e.g. `2023-01-01`, unless an action
    /// has its own ([`Operation::VERSION`]).
    pub version: &'static str,
    /// Known endpoints, one per provider and region; the first is the default, and the first
    /// of a provider is that provider's default.
    pub endpoints: &'static [Endpoint],
    /// `name/version` of the generated crate, sent in the User-Agent.
    pub sdk: &'static str,
}

impl ServiceInfo {
    /// A service: its signing name, API version, endpoint presets (the first is the default) and
    /// the `name/version` of the crate that calls it, for the User-Agent.
    pub const fn new(
        name: &'static str,
        version: &'static str,
        endpoints: &'static [Endpoint],
        sdk: &'static str,
    ) -> Self {
        Self {
            name,
            version,
            endpoints,
            sdk,
        }
    }
}

/// One action of a service: its request type implements this trait.
///
/// Implementations are generated; a value of an implementing type has passed every rule of the
/// spec, so the client can send it as it is.
pub trait Operation: Serialize + Send + Sync {
    /// The action name sent as the `Action` query parameter, e.g. `UpdateCallback`.
    const ACTION: &'static str;
    /// The HTTP method.
    const METHOD: HttpMethod;
    /// The API version sent as `Version` when it is not the service's
    /// ([`ServiceInfo::version`]): some services call each action at its own version.
    const VERSION: Option<&'static str> = None;
    /// Where a POST request's fields travel; by default all in the JSON body. Ignored for GET,
    /// which sends every field in the query string.
    const PARAMETERS: Parameters = Parameters::JsonBody;
    /// Whether sending the request twice has the effect of sending it once (a read, or an
    /// update that replaces the whole resource). Only idempotent actions are retried after a
    /// failure that may have reached the service (a timeout or a connection lost after the
    /// request was sent). Generated code always says; the default is the safe `false`.
    const IDEMPOTENT: bool = false;
    /// The decoded response.
    type Output: DeserializeOwned + AsRef<ResponseMetadata> + Send;
}
