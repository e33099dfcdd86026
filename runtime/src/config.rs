use std::time::Duration;

use crate::credentials::Credentials;
use crate::retry::RetryPolicy;

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
/// timeouts, retries and User-Agent. Build it with [`Config::builder`].
///
/// `Debug` never shows the secret key or session token.
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) provider: Provider,
    pub(crate) endpoint: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) credentials: Option<Credentials>,
    pub(crate) connect_timeout: Duration,
    pub(crate) read_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) user_agent_suffix: Option<String>,
}

/// Default for both timeouts, as the official SDK.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

impl Config {
    /// A builder with the defaults: Volcengine preset, credentials from the default chain,
    /// 10 s timeouts, [`RetryPolicy::default`].
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder {
            config: Config {
                provider: Provider::default(),
                endpoint: None,
                region: None,
                credentials: None,
                connect_timeout: DEFAULT_TIMEOUT,
                read_timeout: DEFAULT_TIMEOUT,
                retry: RetryPolicy::default(),
                user_agent_suffix: None,
            },
        }
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

    /// The User-Agent suffix, if one was set.
    pub fn user_agent_suffix(&self) -> Option<&str> {
        self.user_agent_suffix.as_deref()
    }
}

impl Default for Config {
    fn default() -> Self {
        Self::builder().build()
    }
}

/// Builds a [`Config`]. Every setter is optional; [`ConfigBuilder::build`] cannot fail, the
/// values are checked by [`Client::new`](crate::Client::new).
#[derive(Debug, Clone)]
pub struct ConfigBuilder {
    config: Config,
}

impl ConfigBuilder {
    /// Uses that provider's endpoint preset (URL and region) from the service's endpoint list.
    pub fn provider(mut self, p: Provider) -> Self {
        self.config.provider = p;
        self
    }

    /// Sends requests to this base URL instead of the preset, e.g. a proxy or
    /// `http://127.0.0.1:18080` for a local mock. Plain `http` is accepted only here, since it is
    /// explicit; the URL must not carry a query, fragment or user info. The region still comes
    /// from the provider preset unless [`ConfigBuilder::region`] overrides it.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.config.endpoint = Some(url.into());
        self
    }

    /// Signs for this region instead of the preset's.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.config.region = Some(region.into());
        self
    }

    /// Uses these credentials; without them, [`Credentials::default_chain`] is resolved when the
    /// client is created. Explicit credentials win over the environment.
    pub fn credentials(mut self, c: Credentials) -> Self {
        self.config.credentials = Some(c);
        self
    }

    /// Bounds connection setup (TCP and TLS). Default 10 s.
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
}
