//! Credentials: the keys, where they are read from, and the providers that refresh them.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, SystemTime};

use zeroize::Zeroizing;

use crate::display::{bounded, Clean, REASON_BYTES};

/// Environment variable holding the access key id.
pub(crate) const ENV_ACCESS_KEY: &str = "VOLC_ACCESSKEY";
/// Environment variable holding the secret access key.
pub(crate) const ENV_SECRET_KEY: &str = "VOLC_SECRETKEY";
/// Environment variable holding the session token of temporary credentials.
pub(crate) const ENV_SESSION_TOKEN: &str = "VOLC_SESSION_TOKEN";
/// Environment variable naming the section of `~/.volc/credentials` to read.
pub(crate) const ENV_PROFILE: &str = "VOLC_PROFILE";
/// The section of `~/.volc/credentials` read when no profile is named.
pub const DEFAULT_PROFILE: &str = "default";

/// An access key pair, optionally with the session token of temporary (STS) credentials and
/// the time they expire.
///
/// `Debug` shows the access key id only; the secret key and the token print as `***`. The
/// secret key and the token are zeroized when the value is dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: Zeroizing<String>,
    session_token: Option<Zeroizing<String>>,
    expires_at: Option<SystemTime>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"***")
            .field("session_token", &self.session_token.as_ref().map(|_| "***"))
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl Credentials {
    /// Long-term credentials from an access key id and its secret key.
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: Zeroizing::new(secret_access_key.into()),
            session_token: None,
            expires_at: None,
        }
    }

    /// Adds the session token of temporary credentials; it is sent as `X-Security-Token`.
    /// An empty token means none.
    pub fn with_session_token(mut self, token: impl Into<String>) -> Self {
        let token = token.into();
        self.session_token = (!token.is_empty()).then(|| Zeroizing::new(token));
        self
    }

    /// Marks the credentials as expiring at `time` (temporary credentials); a client using a
    /// [`ProvideCredentials`] asks for new ones before then.
    #[must_use]
    pub fn with_expiry(mut self, time: SystemTime) -> Self {
        self.expires_at = Some(time);
        self
    }

    /// When the credentials expire; `None` for long-term keys.
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.expires_at
    }

    /// The access key id (not secret: it is sent with every request).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        self.secret_access_key.as_str()
    }

    /// The session token, for temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_ref().map(|t| t.as_str())
    }

    /// Reads `VOLC_ACCESSKEY` and `VOLC_SECRETKEY` (and `VOLC_SESSION_TOKEN` if set).
    ///
    /// `None` unless both keys are set and non-empty.
    pub fn from_env() -> Option<Self> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Option<Self> {
        let non_empty = |name: &str| get(name).filter(|v| !v.is_empty());
        let credentials = Self::new(non_empty(ENV_ACCESS_KEY)?, non_empty(ENV_SECRET_KEY)?);
        Some(match non_empty(ENV_SESSION_TOKEN) {
            Some(token) => credentials.with_session_token(token),
            None => credentials,
        })
    }

    /// Reads the files the official SDKs read under a home directory:
    /// `<home>/.volc/credentials` (INI: section `[default]`, keys `access_key_id`,
    /// `secret_access_key`, optional `session_token`), then `<home>/.volc/config`
    /// (JSON: `{"ak": ..., "sk": ...}`, optional `"session_token"`).
    ///
    /// `Ok(None)` when neither file exists. A file that exists but cannot be read or used is an
    /// error rather than a reason to look further, so a typo never silently picks other keys;
    /// the error names the file and the line or key, never a value. Reads files: blocking.
    pub fn from_home(home: &Path) -> Result<Option<Self>, CredentialsError> {
        Self::from_home_profile(home, DEFAULT_PROFILE)
    }

    /// [`Credentials::from_home`] for the section `[profile]` of `<home>/.volc/credentials`.
    /// The JSON file holds one key pair, read for the `default` profile only; a profile the
    /// INI file lacks is an error naming it.
    pub fn from_home_profile(home: &Path, profile: &str) -> Result<Option<Self>, CredentialsError> {
        let (ini, json) = home_files(home);
        if let Some(text) = read_if_exists(&ini)? {
            return parse_ini(&text, profile)
                .map(Some)
                .map_err(|reason| CredentialsError::Malformed { path: ini, reason });
        }
        if profile != DEFAULT_PROFILE {
            return Ok(None);
        }
        if let Some(text) = read_if_exists(&json)? {
            return parse_json(&text)
                .map(Some)
                .map_err(|reason| CredentialsError::Malformed { path: json, reason });
        }
        Ok(None)
    }

    /// The default chain: the environment ([`Credentials::from_env`]), then the files under the
    /// home directory (`$HOME`, or `%USERPROFILE%` on Windows; [`Credentials::from_home`]), in
    /// the profile `VOLC_PROFILE` names, else `default`. Reads files: blocking (the client
    /// runs it on tokio's blocking pool, on its first call).
    ///
    /// Explicit credentials given to [`ConfigBuilder::credentials`](crate::ConfigBuilder::credentials)
    /// take precedence over this chain.
    pub fn default_chain() -> Result<Self, CredentialsError> {
        Self::default_chain_with_profile(&profile_from_env())
    }

    /// The default chain with the files read in `profile` (the environment's keys still come
    /// first).
    pub fn default_chain_with_profile(profile: &str) -> Result<Self, CredentialsError> {
        if let Some(credentials) = Self::from_env() {
            return Ok(credentials);
        }
        let mut searched = vec![env_source()];
        match home_dir() {
            Some(home) => {
                if let Some(credentials) = Self::from_home_profile(&home, profile)? {
                    return Ok(credentials);
                }
                searched.extend(home_sources(&home, profile));
            }
            None => searched.push(NO_HOME.to_owned()),
        }
        Err(CredentialsError::NotFound { searched })
    }
}

/// `VOLC_PROFILE`, or `default` when it is unset or empty.
fn profile_from_env() -> String {
    std::env::var(ENV_PROFILE)
        .ok()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| DEFAULT_PROFILE.to_owned())
}

/// The files looked in for `profile`, as a `NotFound` error lists them.
fn home_sources(home: &Path, profile: &str) -> Vec<String> {
    let (ini, json) = home_files(home);
    if profile == DEFAULT_PROFILE {
        vec![ini.display().to_string(), json.display().to_string()]
    } else {
        vec![format!("{} [{profile}]", ini.display())]
    }
}

fn home_files(home: &Path) -> (PathBuf, PathBuf) {
    let dir = home.join(".volc");
    (dir.join("credentials"), dir.join("config"))
}

/// Reads a file that holds secrets; the text is zeroized when dropped.
fn read_if_exists(path: &Path) -> Result<Option<Zeroizing<String>>, CredentialsError> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes)
            .map(|text| Some(Zeroizing::new(text)))
            .map_err(|e| {
                let reason = format!("not valid UTF-8 (at byte {})", e.utf8_error().valid_up_to());
                drop(Zeroizing::new(e.into_bytes()));
                CredentialsError::Malformed {
                    path: path.to_owned(),
                    reason,
                }
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(CredentialsError::Io {
            path: path.to_owned(),
            source,
        }),
    }
}

/// Parses the `[profile]` section of an INI credentials file the way Python's `configparser`
/// reads it: `#`/`;` comment lines, `key = value` or `key: value`, keys case-insensitive,
/// values trimmed, no inline comments (a secret may contain `#`).
fn parse_ini(text: &str, profile: &str) -> Result<Credentials, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut section: Option<String> = None;
    let mut saw_profile = false;
    let mut ak: Option<String> = None;
    let mut sk: Option<String> = None;
    let mut token: Option<String> = None;
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            let name = rest
                .strip_suffix(']')
                .ok_or_else(|| format!("line {line_no}: section header without a closing `]`"))?
                .trim();
            if name == profile {
                saw_profile = true;
            }
            section = Some(name.to_owned());
            continue;
        }
        let Some(split) = line.find(['=', ':']) else {
            return Err(format!(
                "line {line_no}: expected `key = value`, a `[section]` or a comment"
            ));
        };
        let key = line[..split].trim().to_ascii_lowercase();
        let value = line[split + 1..].trim();
        if key.is_empty() {
            return Err(format!("line {line_no}: empty key"));
        }
        let Some(current) = section.as_deref() else {
            return Err(format!(
                "line {line_no}: `{key}` appears before any [section] header"
            ));
        };
        if current != profile {
            continue;
        }
        let slot = match key.as_str() {
            "access_key_id" => &mut ak,
            "secret_access_key" => &mut sk,
            "session_token" => &mut token,
            _ => continue,
        };
        if slot.is_some() {
            return Err(format!(
                "line {line_no}: `{key}` is set twice in [{profile}]"
            ));
        }
        *slot = Some(value.to_owned());
    }
    if !saw_profile {
        return Err(format!("no [{profile}] section"));
    }
    let place = format!("in [{profile}]");
    let ak = required(ak, "access_key_id", &place)?;
    let sk = required(sk, "secret_access_key", &place)?;
    let credentials = Credentials::new(ak, sk);
    Ok(match token {
        Some(token) => credentials.with_session_token(token),
        None => credentials,
    })
}

fn required(value: Option<String>, key: &str, place: &str) -> Result<String, String> {
    match value {
        Some(v) if !v.is_empty() => Ok(v),
        Some(_) => Err(format!("`{key}` is empty {place}")),
        None => Err(format!("`{key}` is missing {place}")),
    }
}

/// Parses `~/.volc/config`. The text is first read as an untyped value so a type error never
/// quotes the (secret) value, as a typed serde error message would.
fn parse_json(text: &str) -> Result<Credentials, String> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| format!("not valid JSON at line {} column {}", e.line(), e.column()))?;
    let object = value
        .as_object()
        .ok_or("expected a JSON object with \"ak\" and \"sk\"")?;
    let field = |key: &str| -> Result<Option<String>, String> {
        match object.get(key) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("\"{key}\" is not a string")),
        }
    };
    let ak = required(field("ak")?, "ak", "in the JSON object")?;
    let sk = required(field("sk")?, "sk", "in the JSON object")?;
    let credentials = Credentials::new(ak, sk);
    Ok(match field("session_token")? {
        Some(token) => credentials.with_session_token(token),
        None => credentials,
    })
}

/// Why no credentials could be loaded. Messages name sources, files, lines and keys, never a
/// secret value; each `Display` is one bounded line, and a cause (an I/O error, a provider's
/// error) is the error's `source()`, not repeated in `Display`.
#[derive(Debug)]
#[non_exhaustive]
pub enum CredentialsError {
    /// No source had credentials.
    #[non_exhaustive]
    NotFound {
        /// The sources looked at, in order.
        searched: Vec<String>,
    },
    /// A credentials file exists but cannot be used.
    #[non_exhaustive]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong, with the line or key.
        reason: String,
    },
    /// A credentials file exists but cannot be read.
    #[non_exhaustive]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A [`ProvideCredentials`] failed (e.g. an STS call), and no unexpired credentials were
    /// cached.
    #[non_exhaustive]
    Provider {
        /// The provider's name, from its `Debug`, cut short.
        provider: String,
        /// Its error.
        source: Box<dyn StdError + Send + Sync>,
    },
    /// The credentials cannot be used (an empty key, a token that cannot be sent in a header,
    /// credentials that have already expired).
    #[non_exhaustive]
    Invalid {
        /// What is wrong.
        reason: String,
    },
}

impl CredentialsError {
    /// A provider's failure; `provider` names it in messages.
    pub fn provider(
        provider: impl Into<String>,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        Self::Provider {
            provider: provider.into(),
            source: source.into(),
        }
    }

    /// Unusable credentials, for `reason`.
    pub fn invalid(reason: impl Into<String>) -> Self {
        Self::Invalid {
            reason: reason.into(),
        }
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFound { searched } => bounded(
                f,
                format_args!(
                    "no Volcengine credentials found; looked in: {}",
                    Clean::new(&searched.join("; "), 3 * REASON_BYTES / 2)
                ),
            ),
            Self::Malformed { path, reason } => bounded(
                f,
                format_args!(
                    "credentials file {} is malformed: {}",
                    Clean::new(&path.display().to_string(), REASON_BYTES),
                    Clean::new(reason, REASON_BYTES)
                ),
            ),
            Self::Io { path, .. } => bounded(
                f,
                format_args!(
                    "cannot read credentials file {}",
                    Clean::new(&path.display().to_string(), REASON_BYTES)
                ),
            ),
            Self::Provider { provider, .. } => bounded(
                f,
                format_args!(
                    "the credentials provider {} failed",
                    Clean::new(provider, 64)
                ),
            ),
            Self::Invalid { reason } => bounded(
                f,
                format_args!("unusable credentials: {}", Clean::new(reason, REASON_BYTES)),
            ),
        }
    }
}

impl StdError for CredentialsError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            Self::Provider { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

/// What [`ProvideCredentials::provide_credentials`] returns.
pub type CredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of credentials that may change over time, such as temporary STS credentials.
///
/// The client caches what a provider returns and asks again before the credentials expire
/// ([`Credentials::expires_at`], minus the refresh margin of
/// [`ConfigBuilder::refresh_credentials_before`](crate::ConfigBuilder::refresh_credentials_before)):
/// one call at a time however many tasks share the client. Credentials without an expiry are
/// kept for the client's life. When a refresh fails while the cached credentials are still
/// valid, they are used and the failure is logged; once they have expired, the call fails
/// with [`CredentialsError`].
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use volc_runtime::{Credentials, CredentialsFuture, ProvideCredentials};
///
/// #[derive(Debug)]
/// struct Sts;
///
/// impl ProvideCredentials for Sts {
///     fn provide_credentials(&self) -> CredentialsFuture<'_> {
///         Box::pin(async {
///             // Call STS AssumeRole here.
///             Ok(Credentials::new("AKTP...", "secret")
///                 .with_session_token("token")
///                 .with_expiry(SystemTime::now() + Duration::from_secs(3600)))
///         })
///     }
/// }
/// ```
pub trait ProvideCredentials: fmt::Debug + Send + Sync + 'static {
    /// Returns current credentials.
    fn provide_credentials(&self) -> CredentialsFuture<'_>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        (**self).provide_credentials()
    }
}

/// `VOLC_ACCESSKEY`, `VOLC_SECRETKEY` and `VOLC_SESSION_TOKEN`, read on every call
/// ([`Credentials::from_env`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct EnvironmentProvider;

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async {
            Credentials::from_env().ok_or_else(|| CredentialsError::NotFound {
                searched: vec![env_source()],
            })
        })
    }
}

/// The files under a home directory ([`Credentials::from_home_profile`]):
/// `~/.volc/credentials` in a profile (`VOLC_PROFILE`, else `default`), then, for `default`,
/// `~/.volc/config`. Read on tokio's blocking pool, so the async runtime is never blocked.
#[derive(Debug, Clone, Default)]
pub struct ProfileProvider {
    home: Option<PathBuf>,
    profile: Option<String>,
}

impl ProfileProvider {
    /// Reads the files under `$HOME` (or `%USERPROFILE%`) when asked.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the files under `home`.
    pub fn with_home(home: impl Into<PathBuf>) -> Self {
        Self {
            home: Some(home.into()),
            profile: None,
        }
    }

    /// Reads the section `[profile]` (instead of `VOLC_PROFILE`'s, or `default`).
    #[must_use]
    pub fn profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
        self
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let home = self.home.clone();
        let profile = self.profile.clone();
        Box::pin(blocking(move || {
            let profile = profile.unwrap_or_else(profile_from_env);
            let Some(home) = home.or_else(home_dir) else {
                return Err(CredentialsError::NotFound {
                    searched: vec![NO_HOME.to_owned()],
                });
            };
            match Credentials::from_home_profile(&home, &profile)? {
                Some(credentials) => Ok(credentials),
                None => Err(CredentialsError::NotFound {
                    searched: home_sources(&home, &profile),
                }),
            }
        }))
    }
}

/// The default chain as a provider: the environment, then the files under the home directory
/// ([`Credentials::default_chain`]), looked up again on every refresh; the files are read on
/// tokio's blocking pool. What a client uses when it is given no credentials, asked on its
/// first call.
#[derive(Debug, Clone, Default)]
pub struct DefaultChainProvider {
    profile: Option<String>,
}

impl DefaultChainProvider {
    /// The chain in the profile `VOLC_PROFILE` names, else `default`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the files in the section `[profile]`.
    #[must_use]
    pub fn profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
        self
    }
}

impl ProvideCredentials for DefaultChainProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let profile = self.profile.clone();
        Box::pin(async move {
            // The environment needs no file: no trip to the blocking pool.
            if let Some(credentials) = Credentials::from_env() {
                return Ok(credentials);
            }
            blocking(move || {
                Credentials::default_chain_with_profile(&profile.unwrap_or_else(profile_from_env))
            })
            .await
        })
    }
}

/// Runs file reads on tokio's blocking pool.
async fn blocking(
    read: impl FnOnce() -> Result<Credentials, CredentialsError> + Send + 'static,
) -> Result<Credentials, CredentialsError> {
    tokio::task::spawn_blocking(read).await.unwrap_or_else(|_| {
        Err(CredentialsError::invalid(
            "reading the credentials files did not finish",
        ))
    })
}

fn env_source() -> String {
    format!("environment variables {ENV_ACCESS_KEY} and {ENV_SECRET_KEY}")
}

const NO_HOME: &str = "no home directory ($HOME is not set)";

fn home_dir() -> Option<PathBuf> {
    ["HOME", "USERPROFILE"]
        .iter()
        .filter_map(std::env::var_os)
        .find(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// Default margin before expiry at which cached credentials are refreshed.
pub(crate) const DEFAULT_REFRESH_BEFORE: Duration = Duration::from_secs(5 * 60);

/// Where a client takes its credentials from on each attempt.
pub(crate) enum CredentialSource {
    /// Fixed keys: no lock, no refresh.
    Fixed(Arc<Credentials>),
    /// A provider behind a cache.
    Cached(CredentialsCache),
}

impl fmt::Debug for CredentialSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Fixed(c) => f.debug_tuple("Fixed").field(c).finish(),
            Self::Cached(c) => f.debug_tuple("Cached").field(&c.provider).finish(),
        }
    }
}

impl CredentialSource {
    pub(crate) async fn get(&self) -> Result<Arc<Credentials>, CredentialsError> {
        match self {
            Self::Fixed(c) => Ok(Arc::clone(c)),
            Self::Cached(cache) => cache.get().await,
        }
    }
}

/// A provider's last credentials, refreshed `refresh_before` their expiry, one refresh at a
/// time.
pub(crate) struct CredentialsCache {
    provider: Arc<dyn ProvideCredentials>,
    refresh_before: Duration,
    current: RwLock<Option<Arc<Credentials>>>,
    refreshing: tokio::sync::Mutex<()>,
}

impl CredentialsCache {
    pub(crate) fn new(provider: Arc<dyn ProvideCredentials>, refresh_before: Duration) -> Self {
        Self {
            provider,
            refresh_before,
            current: RwLock::new(None),
            refreshing: tokio::sync::Mutex::new(()),
        }
    }

    fn cached(&self) -> Option<Arc<Credentials>> {
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn fresh(&self, c: &Credentials, now: SystemTime) -> bool {
        match c.expires_at {
            None => true,
            Some(at) => now + self.refresh_before < at,
        }
    }

    async fn get(&self) -> Result<Arc<Credentials>, CredentialsError> {
        if let Some(c) = self.cached().filter(|c| self.fresh(c, SystemTime::now())) {
            return Ok(c);
        }
        let _one_at_a_time = self.refreshing.lock().await;
        // Another task may have refreshed while this one waited.
        let cached = self.cached();
        let now = SystemTime::now();
        if let Some(c) = cached.as_ref().filter(|c| self.fresh(c, now)) {
            return Ok(Arc::clone(c));
        }
        let still_valid = cached.filter(|c| c.expires_at.is_none_or(|at| now < at));
        match self.provider.provide_credentials().await {
            Ok(new) => {
                check_usable(&new)?;
                if new.expires_at.is_some_and(|at| at <= SystemTime::now()) {
                    return match still_valid {
                        Some(c) => Ok(c),
                        None => Err(CredentialsError::invalid(
                            "the provider returned credentials that have already expired",
                        )),
                    };
                }
                let new = Arc::new(new);
                *self.current.write().unwrap_or_else(PoisonError::into_inner) =
                    Some(Arc::clone(&new));
                tracing::debug!(expires_at = ?new.expires_at, "credentials refreshed");
                Ok(new)
            }
            Err(error) => match still_valid {
                Some(c) => {
                    tracing::warn!(error = %error, "refreshing credentials failed; the cached ones are still valid");
                    Ok(c)
                }
                None => Err(error),
            },
        }
    }
}

/// Refuses credentials the signer cannot use.
pub(crate) fn check_usable(c: &Credentials) -> Result<(), CredentialsError> {
    if c.access_key_id().is_empty() || c.secret_access_key().is_empty() {
        return Err(CredentialsError::invalid(
            "the access key id or the secret access key is empty",
        ));
    }
    let header_safe = |s: &str| s.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b));
    if !header_safe(c.access_key_id()) || !c.session_token().is_none_or(header_safe) {
        return Err(CredentialsError::invalid(
            "the access key id or the session token holds characters that cannot be sent in a header",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
