//! The client's configuration: endpoint, region, credentials, HTTP client, timeouts, retries.

use std::sync::Arc;
use std::time::Duration;

use crate::credentials::{Credentials, ProvideCredentials, DEFAULT_REFRESH_BEFORE};
use crate::intercept::{Interceptor, Interceptors};
use crate::retry::RetryPolicy;
use crate::transport::HttpClient;

/// The cloud a service is called on. Each generated service lists its endpoint per provider in
/// [`ServiceInfo::endpoints`](crate::ServiceInfo::endpoints).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Provider {
    /// Volcengine (China), the default.
    #[default]
    Volcengine,
    /// BytePlus (international).
    BytePlus,
}

/// How a [`Client`](crate::Client) reaches the service: endpoint, region, credentials,
/// HTTP client, timeouts, retries, deadline, User-Agent and interceptors.
///
/// [`Config::default`] and [`Config::from_env`] take the region and endpoint from the
/// environment (`VOLC_REGION`, `VOLC_ENDPOINT`); [`Config::builder`] starts from nothing. In
/// both, credentials not set explicitly come from the default chain (`VOLC_ACCESSKEY` /
/// `VOLC_SECRETKEY`, then the profile `VOLC_PROFILE` names in `~/.volc/credentials`), read on
/// the client's first call.
///
/// `Debug` never shows the secret key or session token.
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) provider: Provider,
    pub(crate) endpoint: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) credentials: Option<Credentials>,
    pub(crate) profile: Option<String>,
    pub(crate) credentials_provider: Option<Arc<dyn ProvideCredentials>>,
    pub(crate) refresh_credentials_before: Duration,
    pub(crate) http_client: Option<Arc<dyn HttpClient>>,
    pub(crate) connect_timeout: Duration,
    pub(crate) read_timeout: Duration,
    pub(crate) deadline: Option<Duration>,
    pub(crate) retry: RetryPolicy,
    pub(crate) user_agent_suffix: Option<String>,
    pub(crate) interceptors: Interceptors,
}

/// Default for both timeouts, as the official SDK.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Environment variable naming the region ([`ConfigBuilder::region`]).
pub(crate) const ENV_REGION: &str = "VOLC_REGION";
/// Environment variable naming the endpoint ([`ConfigBuilder::endpoint`]).
pub(crate) const ENV_ENDPOINT: &str = "VOLC_ENDPOINT";

impl Config {
    /// A builder with the defaults and nothing from the environment but the credentials
    /// chain: Volcengine preset, credentials from the default chain on the first call, the
    /// built-in HTTP client, 10 s timeouts, no deadline, [`RetryPolicy::default`].
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder {
            config: Config {
                provider: Provider::default(),
                endpoint: None,
                region: None,
                credentials: None,
                profile: None,
                credentials_provider: None,
                refresh_credentials_before: DEFAULT_REFRESH_BEFORE,
                http_client: None,
                connect_timeout: DEFAULT_TIMEOUT,
                read_timeout: DEFAULT_TIMEOUT,
                deadline: None,
                retry: RetryPolicy::default(),
                user_agent_suffix: None,
                interceptors: Interceptors::default(),
            },
        }
    }

    /// A builder with the defaults of [`Config::builder`] and what the environment sets:
    /// `VOLC_REGION` ([`ConfigBuilder::region`]) and `VOLC_ENDPOINT`
    /// ([`ConfigBuilder::endpoint`]), each when set and not empty. Setters called afterwards
    /// win. (`VOLC_PROFILE` and the key variables are read by the credentials chain, whichever
    /// way the configuration was made.)
    pub fn from_env() -> ConfigBuilder {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    fn from_lookup(get: impl Fn(&str) -> Option<String>) -> ConfigBuilder {
        let set = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        let mut builder = Self::builder();
        if let Some(region) = set(ENV_REGION) {
            builder = builder.region(region);
        }
        if let Some(endpoint) = set(ENV_ENDPOINT) {
            builder = builder.endpoint(endpoint);
        }
        builder
    }

    /// The provider whose preset is used.
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// The custom endpoint, if one was set.
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_deref()
    }

    /// The region override, if one was set.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The explicit credentials, if any were set.
    pub fn credentials(&self) -> Option<&Credentials> {
        self.credentials.as_ref()
    }

    /// The credentials profile, if one was set (else `VOLC_PROFILE`'s, or `default`).
    pub fn profile(&self) -> Option<&str> {
        self.profile.as_deref()
    }

    /// How many interceptors were added.
    pub fn interceptor_count(&self) -> usize {
        self.interceptors.len()
    }

    /// The connect timeout.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// The read timeout.
    pub fn read_timeout(&self) -> Duration {
        self.read_timeout
    }

    /// The retry policy.
    pub fn retry(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The total deadline of a call across its attempts, if one was set.
    pub fn deadline(&self) -> Option<Duration> {
        self.deadline
    }

    /// Whether an HTTP client was given (else the built-in one is used).
    pub fn has_http_client(&self) -> bool {
        self.http_client.is_some()
    }

    /// The User-Agent suffix, if one was set.
    pub fn user_agent_suffix(&self) -> Option<&str> {
        self.user_agent_suffix.as_deref()
    }
}

impl Default for Config {
    /// [`Config::from_env`], built: the defaults, with `VOLC_REGION` and `VOLC_ENDPOINT`.
    fn default() -> Self {
        Self::from_env().build()
    }
}

/// Builds a [`Config`]. Every setter is optional; [`ConfigBuilder::build`] cannot fail, the
/// values are checked by [`Client::new`](crate::Client::new).
#[derive(Debug, Clone)]
pub struct ConfigBuilder {
    config: Config,
}

impl ConfigBuilder {
    /// Uses that provider's endpoint presets (URL per region) from the service's endpoint
    /// list; without [`ConfigBuilder::region`], its first one.
    pub fn provider(mut self, p: Provider) -> Self {
        self.config.provider = p;
        self
    }

    /// Sends requests to this base URL instead of the preset, e.g. a proxy or
    /// `http://127.0.0.1:18080` for a local mock. Plain `http` is accepted only here, since it is
    /// explicit; the URL must not carry a query, fragment or user info. Requests are signed for
    /// [`ConfigBuilder::region`], any region, or without one for the provider's first preset's.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.config.endpoint = Some(url.into());
        self
    }

    /// Calls the service in this region: without [`ConfigBuilder::endpoint`], sends to the
    /// provider's preset for the region (its URL) and signs for it, and
    /// [`Client::new`](crate::Client::new) fails with [`Error::Config`](crate::Error::Config),
    /// naming the regions it knows, when the service lists no such preset; with an explicit
    /// endpoint, signs for the region whatever it is.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.config.region = Some(region.into());
        self
    }

    /// Uses these credentials; without them, the default chain
    /// ([`DefaultChainProvider`](crate::DefaultChainProvider)) is asked on the client's first
    /// call. Explicit credentials win over the environment.
    pub fn credentials(mut self, c: Credentials) -> Self {
        self.config.credentials = Some(c);
        self
    }

    /// Takes credentials from `provider` (e.g. temporary STS credentials), cached and
    /// refreshed before they expire (see [`ProvideCredentials`]). Wins over
    /// [`ConfigBuilder::credentials`]; without either, the default chain is asked on the
    /// client's first call and its answer kept.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials) -> Self {
        self.config.credentials_provider = Some(Arc::new(provider));
        self
    }

    /// Reads the section `[profile]` of `~/.volc/credentials` when the default chain looks
    /// there (instead of the section `VOLC_PROFILE` names, or `[default]`).
    pub fn profile(mut self, profile: impl Into<String>) -> Self {
        self.config.profile = Some(profile.into());
        self
    }

    /// How long before their expiry cached credentials from a
    /// [`credentials_provider`](ConfigBuilder::credentials_provider) are refreshed. Default
    /// 5 minutes.
    pub fn refresh_credentials_before(mut self, margin: Duration) -> Self {
        self.config.refresh_credentials_before = margin;
        self
    }

    /// Sends through this HTTP client instead of the built-in one: a wrapper adding
    /// middleware, a fake for tests, another HTTP stack. The connect timeout is then the
    /// client's business; the read timeout, the deadline, retries and the response size limit
    /// still apply.
    pub fn http_client(mut self, client: impl HttpClient) -> Self {
        self.config.http_client = Some(Arc::new(client));
        self
    }

    /// Sends through this `reqwest::Client`, built by the caller (a proxy, custom root
    /// certificates, a connection pool shared with other code); it is used as it is, so build
    /// it with `.redirect(reqwest::redirect::Policy::none())` (a redirected request no longer
    /// matches its signature).
    #[cfg(feature = "reqwest")]
    pub fn reqwest_client(self, client: reqwest::Client) -> Self {
        self.http_client(crate::transport::ReqwestClient::from_client(client))
    }

    /// Bounds connection setup (TCP and TLS) of the built-in HTTP client. Default 10 s.
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.config.connect_timeout = d;
        self
    }

    /// Bounds each attempt from sending the request to receiving the last byte of the response,
    /// connection setup included. Default 10 s.
    pub fn read_timeout(mut self, d: Duration) -> Self {
        self.config.read_timeout = d;
        self
    }

    /// Sets the retry policy; [`RetryPolicy::none`] disables retries.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.config.retry = policy;
        self
    }

    /// Bounds a whole call, every attempt and backoff included: an attempt still running at
    /// the deadline ends with [`Error::DeadlineExceeded`](crate::Error::DeadlineExceeded), and
    /// no retry starts whose backoff would pass it. Default: none (each attempt is still
    /// bounded by the read timeout).
    pub fn deadline(mut self, d: Duration) -> Self {
        self.config.deadline = Some(d);
        self
    }

    /// Adds an interceptor, which sees every attempt of every call (see [`Interceptor`]);
    /// several run in the order they were added.
    pub fn interceptor(mut self, interceptor: impl Interceptor) -> Self {
        self.config.interceptors.push(Arc::new(interceptor));
        self
    }

    /// Appends text to the User-Agent, e.g. `my-app/1.2`.
    pub fn user_agent_suffix(mut self, s: impl Into<String>) -> Self {
        self.config.user_agent_suffix = Some(s.into());
        self
    }

    /// The configuration.
    pub fn build(self) -> Config {
        self.config
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_setters() {
        let d = Config::default();
        assert_eq!(d.provider(), Provider::Volcengine);
        assert_eq!(d.connect_timeout(), Duration::from_secs(10));
        assert_eq!(d.read_timeout(), Duration::from_secs(10));
        assert_eq!(d.retry().max_attempts(), 3);
        assert!(d.endpoint().is_none() && d.region().is_none() && d.credentials().is_none());

        let c = Config::builder()
            .provider(Provider::BytePlus)
            .endpoint("http://127.0.0.1:18080")
            .region("ap-singapore-1")
            .credentials(Credentials::new("AKID", "TOP-SECRET").with_session_token("TOKEN-X"))
            .connect_timeout(Duration::from_millis(50))
            .read_timeout(Duration::from_millis(60))
            .retry(RetryPolicy::none())
            .user_agent_suffix("app/1")
            .build();
        assert_eq!(c.provider(), Provider::BytePlus);
        assert_eq!(c.endpoint(), Some("http://127.0.0.1:18080"));
        assert_eq!(c.region(), Some("ap-singapore-1"));
        assert_eq!(c.read_timeout(), Duration::from_millis(60));
        assert_eq!(c.retry().max_attempts(), 1);
        assert_eq!(c.user_agent_suffix(), Some("app/1"));
        let dbg = format!("{c:?}");
        assert!(dbg.contains("AKID"));
        assert!(
            !dbg.contains("TOP-SECRET") && !dbg.contains("TOKEN-X"),
            "{dbg}"
        );
    }

    #[test]
    fn the_environment_sets_region_and_endpoint_and_setters_win() {
        let env = |name: &str| match name {
            ENV_REGION => Some("ap-singapore-1".to_owned()),
            ENV_ENDPOINT => Some("http://127.0.0.1:18080".to_owned()),
            _ => None,
        };
        let c = Config::from_lookup(env).build();
        assert_eq!(c.region(), Some("ap-singapore-1"));
        assert_eq!(c.endpoint(), Some("http://127.0.0.1:18080"));
        let c = Config::from_lookup(env).region("cn-north-1").build();
        assert_eq!(c.region(), Some("cn-north-1"));
        let blank = Config::from_lookup(|_| Some(" ".to_owned())).build();
        assert!(blank.region().is_none() && blank.endpoint().is_none());
        assert_eq!(
            Config::builder().profile("prod").build().profile(),
            Some("prod")
        );
    }
}
