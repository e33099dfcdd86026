//! Where credentials come from: a provider (refreshed before expiry) > explicit keys >
//! `VOLC_ACCESSKEY` / `VOLC_SECRETKEY` > `~/.volc/credentials` (INI) > `~/.volc/config` (JSON),
//! and secrets never printed.
//!
//! Environment variables are process-global, so every case that touches them runs in one test
//! function, in order, and the environment is restored afterwards (also on failure). The other
//! tests of this file take the same lock, so none of them runs while the environment changes.

use std::error::Error as StdError;
use std::ffi::OsString;
use std::fs;
use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use volc_runtime::{
    Client, Config, Credentials, CredentialsError, CredentialsFuture, Endpoint, Error, HttpMethod,
    Operation, ProvideCredentials, Provider, ResponseMetadata, RetryPolicy, ServiceInfo,
};
use volc_tests::mock_server::{MockConfig, MockServer};

type TestResult = Result<(), Box<dyn StdError>>;

const ENV_VARS: [&str; 7] = [
    "HOME",
    "VOLC_ACCESSKEY",
    "VOLC_SECRETKEY",
    "VOLC_SESSION_TOKEN",
    "VOLC_PROFILE",
    "VOLC_REGION",
    "VOLC_ENDPOINT",
];

/// Held by every test of this file.
static ENV_LOCK: Mutex<()> = Mutex::new(());

fn env_lock() -> MutexGuard<'static, ()> {
    ENV_LOCK.lock().unwrap_or_else(PoisonError::into_inner)
}

static LIVE: ServiceInfo = ServiceInfo::new(
    "live",
    "2023-01-01",
    &[Endpoint::new(
        Provider::Volcengine,
        "http://endpoint.invalid",
        "cn-north-1",
    )],
    "volc-credentials-test/0.0.0",
);

#[derive(Debug, Serialize)]
struct DeleteCallback {
    #[serde(rename = "Vhost")]
    vhost: &'static str,
}

#[derive(Debug, Deserialize)]
struct DeleteCallbackOutput {
    #[serde(rename = "ResponseMetadata")]
    metadata: ResponseMetadata,
}

impl AsRef<ResponseMetadata> for DeleteCallbackOutput {
    fn as_ref(&self) -> &ResponseMetadata {
        &self.metadata
    }
}

impl Operation for DeleteCallback {
    const ACTION: &'static str = "DeleteCallback";
    const METHOD: HttpMethod = HttpMethod::Post;
    type Output = DeleteCallbackOutput;
}

/// Restores the variables in [`ENV_VARS`] when dropped.
struct EnvGuard {
    saved: Vec<(&'static str, Option<OsString>)>,
}

impl EnvGuard {
    /// Saves the variables, then removes them all.
    fn clean() -> Self {
        let saved = ENV_VARS
            .iter()
            .map(|name| (*name, std::env::var_os(name)))
            .collect();
        for name in ENV_VARS {
            std::env::remove_var(name);
        }
        Self { saved }
    }
}

impl Drop for EnvGuard {
    fn drop(&mut self) {
        for (name, value) in &self.saved {
            match value {
                Some(value) => std::env::set_var(name, value),
                None => std::env::remove_var(name),
            }
        }
    }
}

fn write_ini(home: &Path, ak: &str, sk: &str) -> std::io::Result<()> {
    fs::create_dir_all(home.join(".volc"))?;
    fs::write(
        home.join(".volc/credentials"),
        format!(
            "# written by the test\n[other]\naccess_key_id = AKOTHER\nsecret_access_key = SKOTHER\n\n\
             [default]\naccess_key_id = {ak}\nsecret_access_key = {sk}\n"
        ),
    )
}

fn write_json(home: &Path, ak: &str, sk: &str) -> std::io::Result<()> {
    fs::create_dir_all(home.join(".volc"))?;
    fs::write(
        home.join(".volc/config"),
        serde_json::json!({ "ak": ak, "sk": sk }).to_string(),
    )
}

fn keys(credentials: &Credentials) -> (&str, &str) {
    (credentials.access_key_id(), credentials.secret_access_key())
}

/// Calls DeleteCallback on a mock that accepts only `ak`/`sk`; returns whether the request
/// was verified with those keys.
async fn signed_with(
    ak: &str,
    sk: &str,
    explicit: Option<Credentials>,
) -> Result<bool, Box<dyn StdError>> {
    let server = MockServer::start(MockConfig::new(ak, sk)).await?;
    let mut config = Config::builder()
        .endpoint(server.url())
        .region("cn-north-1")
        .retry(RetryPolicy::none())
        .read_timeout(Duration::from_secs(5));
    if let Some(explicit) = explicit {
        config = config.credentials(explicit);
    }
    let client = Client::new(&LIVE, config.build())?;
    let outcome = tokio::time::timeout(
        Duration::from_secs(10),
        client.send(&DeleteCallback {
            vhost: "push.example.com",
        }),
    )
    .await?;
    let requests = server.requests();
    let [request] = requests.as_slice() else {
        return Err(format!("expected one request, saw {}", requests.len()).into());
    };
    Ok(outcome.is_ok() && request.signature_verified)
}

#[test]
fn precedence_with_environment_and_home() -> TestResult {
    let _lock = env_lock();
    let _guard = EnvGuard::clean();
    let home = tempfile::tempdir()?;
    std::env::set_var("HOME", home.path());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;

    // Nothing anywhere: NotFound, naming every place it looked.
    assert!(Credentials::from_env().is_none());
    assert!(Credentials::from_home(home.path())?.is_none());
    let error = match Credentials::default_chain() {
        Err(error) => error,
        Ok(found) => return Err(format!("expected NotFound, found {found:?}").into()),
    };
    let CredentialsError::NotFound { searched, .. } = &error else {
        return Err(format!("expected NotFound, got {error:?}").into());
    };
    let shown = error.to_string();
    for place in ["VOLC_ACCESSKEY", ".volc/credentials", ".volc/config"] {
        assert!(shown.contains(place), "{place} missing from {shown:?}");
    }
    let home_shown = home.path().display().to_string();
    assert!(
        searched.iter().any(|s| s.contains(&home_shown)),
        "{searched:?} does not name the home directory {home_shown}"
    );
    // A client without credentials is made without reading anything; its first call fails
    // with Error::Credentials and sends nothing. Credentials are looked for on each call until
    // found: the same client signs once the file exists.
    runtime.block_on(async {
        let server = MockServer::start(MockConfig::new("AKJSON", "SKJSON")).await?;
        let config = Config::builder()
            .endpoint(server.url())
            .retry(RetryPolicy::none())
            .build();
        let client = Client::new(&LIVE, config)?;
        let delete = DeleteCallback {
            vhost: "push.example.com",
        };
        let outcome = client.send(&delete).await.map(|_| ());
        assert!(
            matches!(
                outcome,
                Err(Error::Credentials(CredentialsError::NotFound { .. }))
            ),
            "{outcome:?}"
        );
        let shown = outcome.err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(shown, error.to_string(), "not the chain's own message");
        assert_eq!(server.request_count(), 0);

        // ~/.volc/config alone.
        write_json(home.path(), "AKJSON", "SKJSON")?;
        client.send(&delete).await?;
        assert!(server.requests().iter().all(|r| r.signature_verified));
        Ok::<_, Box<dyn StdError>>(())
    })?;
    assert_eq!(keys(&Credentials::default_chain()?), ("AKJSON", "SKJSON"));

    // ~/.volc/credentials beats ~/.volc/config.
    write_ini(home.path(), "AKINI", "SKINI")?;
    assert_eq!(keys(&Credentials::default_chain()?), ("AKINI", "SKINI"));

    // Half an environment, or empty values, is no environment: the files still answer.
    std::env::set_var("VOLC_ACCESSKEY", "AKENV");
    assert!(Credentials::from_env().is_none());
    assert_eq!(keys(&Credentials::default_chain()?), ("AKINI", "SKINI"));
    std::env::set_var("VOLC_SECRETKEY", "");
    assert!(Credentials::from_env().is_none());
    assert_eq!(keys(&Credentials::default_chain()?), ("AKINI", "SKINI"));

    // The environment beats the files.
    std::env::set_var("VOLC_SECRETKEY", "SKENV");
    let from_env = Credentials::from_env().ok_or("from_env found nothing")?;
    assert_eq!(keys(&from_env), ("AKENV", "SKENV"));
    assert_eq!(from_env.session_token(), None);
    let chained = Credentials::default_chain()?;
    assert_eq!(keys(&chained), ("AKENV", "SKENV"));
    std::env::set_var("VOLC_SESSION_TOKEN", "STSENVTOKEN");
    assert_eq!(
        Credentials::default_chain()?.session_token(),
        Some("STSENVTOKEN")
    );
    std::env::remove_var("VOLC_SESSION_TOKEN");

    // A client without explicit keys signs with the environment's; explicit keys beat it.
    runtime.block_on(async {
        assert!(
            signed_with("AKENV", "SKENV", None).await?,
            "not signed with the environment's keys"
        );
        assert!(
            signed_with(
                "AKEXPLICIT",
                "SKEXPLICIT",
                Some(Credentials::new("AKEXPLICIT", "SKEXPLICIT")),
            )
            .await?,
            "explicit keys did not win over the environment"
        );
        Ok::<_, Box<dyn StdError>>(())
    })?;

    // Without the environment, the client falls back to the files.
    std::env::remove_var("VOLC_ACCESSKEY");
    std::env::remove_var("VOLC_SECRETKEY");
    runtime.block_on(async {
        assert!(
            signed_with("AKINI", "SKINI", None).await?,
            "not signed with ~/.volc/credentials"
        );
        Ok::<_, Box<dyn StdError>>(())
    })?;

    // VOLC_PROFILE picks another section of the file; ConfigBuilder::profile wins over it.
    std::env::set_var("VOLC_PROFILE", "other");
    assert_eq!(keys(&Credentials::default_chain()?), ("AKOTHER", "SKOTHER"));
    runtime.block_on(async {
        assert!(
            signed_with("AKOTHER", "SKOTHER", None).await?,
            "not signed with the [other] profile"
        );
        let server = MockServer::start(MockConfig::new("AKINI", "SKINI")).await?;
        let config = Config::builder()
            .endpoint(server.url())
            .profile("default")
            .retry(RetryPolicy::none())
            .build();
        Client::new(&LIVE, config)?
            .send(&DeleteCallback {
                vhost: "push.example.com",
            })
            .await?;
        assert!(server.requests().iter().all(|r| r.signature_verified));
        Ok::<_, Box<dyn StdError>>(())
    })?;
    // A profile the file lacks is named in the error.
    std::env::set_var("VOLC_PROFILE", "staging");
    let missing = Credentials::default_chain().err().ok_or("no error")?;
    assert!(
        missing.to_string().contains("no [staging] section"),
        "{missing}"
    );
    std::env::remove_var("VOLC_PROFILE");

    // Config::default() takes the region and the endpoint from the environment.
    runtime.block_on(async {
        let server = MockServer::start(MockConfig::new("AKINI", "SKINI")).await?;
        std::env::set_var("VOLC_ENDPOINT", server.url());
        std::env::set_var("VOLC_REGION", "ap-singapore-1");
        let config = Config::default();
        assert_eq!(config.endpoint(), Some(server.url().as_str()));
        let client = Client::new(&LIVE, config)?;
        assert_eq!(client.region(), "ap-singapore-1");
        let outcome = client
            .send(&DeleteCallback {
                vhost: "push.example.com",
            })
            .await;
        let requests = server.requests();
        let [request] = requests.as_slice() else {
            return Err(format!("expected one request, saw {}", requests.len()).into());
        };
        // Signed for the region the environment named (the mock expects cn-north-1).
        let authorization = request.header("authorization").unwrap_or_default();
        assert!(
            authorization.contains("/ap-singapore-1/live/request"),
            "{authorization}"
        );
        drop(outcome);
        // Config::builder() reads neither.
        assert_eq!(Config::builder().build().endpoint(), None);
        Ok::<_, Box<dyn StdError>>(())
    })?;
    Ok(())
}

#[test]
fn from_home_reads_the_default_section_then_the_json_config() -> TestResult {
    let _lock = env_lock();
    let home = tempfile::tempdir()?;
    assert!(Credentials::from_home(home.path())?.is_none());

    write_json(home.path(), "AKJSON", "SKJSON")?;
    let found = Credentials::from_home(home.path())?.ok_or("config not read")?;
    assert_eq!(keys(&found), ("AKJSON", "SKJSON"));

    write_ini(home.path(), "AKINI", "SKINI")?;
    let found = Credentials::from_home(home.path())?.ok_or("credentials not read")?;
    assert_eq!(keys(&found), ("AKINI", "SKINI"));
    assert_eq!(found.session_token(), None);
    Ok(())
}

#[test]
fn malformed_config_names_the_file_and_not_the_secret() -> TestResult {
    let _lock = env_lock();
    let home = tempfile::tempdir()?;
    fs::create_dir_all(home.path().join(".volc"))?;
    let path = home.path().join(".volc/config");
    fs::write(&path, r#"{"ak": "AKJSON", "sk": "SKSECRETVALUE""#)?;

    match Credentials::from_home(home.path()) {
        Err(error @ CredentialsError::Malformed { .. }) => {
            let shown = error.to_string();
            assert!(shown.contains(&path.display().to_string()), "{shown}");
            assert!(!shown.contains("SKSECRETVALUE"), "{shown}");
            assert!(!format!("{error:?}").contains("SKSECRETVALUE"));
        }
        other => return Err(format!("expected Malformed, got {other:?}").into()),
    }
    Ok(())
}

#[test]
fn debug_never_shows_the_secret_or_the_token() -> TestResult {
    let _lock = env_lock();
    let credentials =
        Credentials::new("AKVISIBLE", "SKSECRETVALUE").with_session_token("STSTOKENVALUE");
    let config = Config::builder()
        .credentials(credentials.clone())
        .endpoint("http://127.0.0.1:9")
        .build();
    let client = Client::new(&LIVE, config.clone())?;
    for shown in [
        format!("{credentials:?}"),
        format!("{credentials:#?}"),
        format!("{config:?}"),
        format!("{client:?}"),
    ] {
        assert!(!shown.contains("SKSECRETVALUE"), "{shown}");
        assert!(!shown.contains("STSTOKENVALUE"), "{shown}");
    }
    // The values are still there for the signer.
    assert_eq!(credentials.secret_access_key(), "SKSECRETVALUE");
    assert_eq!(credentials.session_token(), Some("STSTOKENVALUE"));
    Ok(())
}

/// Temporary credentials that expire `lifetime` after they are handed out, each with its own
/// session token; can be told to fail.
#[derive(Debug)]
struct Sts {
    ak: String,
    sk: String,
    lifetime: Duration,
    issued: std::sync::atomic::AtomicUsize,
    failing: std::sync::atomic::AtomicBool,
}

impl Sts {
    fn new(server: &MockServer, lifetime: Duration) -> Self {
        Self {
            ak: server.config().access_key_id.clone(),
            sk: server.config().secret_access_key.clone(),
            lifetime,
            issued: std::sync::atomic::AtomicUsize::new(0),
            failing: std::sync::atomic::AtomicBool::new(false),
        }
    }

    fn issued(&self) -> usize {
        self.issued.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl ProvideCredentials for Sts {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            if self.failing.load(std::sync::atomic::Ordering::SeqCst) {
                return Err(CredentialsError::provider(
                    "Sts",
                    std::io::Error::other("STS is down"),
                ));
            }
            // A slow STS call, so concurrent callers overlap.
            tokio::time::sleep(Duration::from_millis(20)).await;
            let n = self
                .issued
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
                + 1;
            Ok(Credentials::new(self.ak.clone(), self.sk.clone())
                .with_session_token(format!("sts-token-{n}"))
                .with_expiry(std::time::SystemTime::now() + self.lifetime))
        })
    }
}

#[tokio::test]
async fn provider_credentials_are_cached_and_refreshed_before_they_expire() -> TestResult {
    let server = MockServer::start(MockConfig::default()).await?;
    let sts = std::sync::Arc::new(Sts::new(&server, Duration::from_secs(3)));
    let client = Client::new(
        &LIVE,
        Config::builder()
            .endpoint(server.url())
            .credentials_provider(std::sync::Arc::clone(&sts))
            .refresh_credentials_before(Duration::from_secs(2))
            .retry(RetryPolicy::none())
            .build(),
    )?;
    let call = || async {
        tokio::time::timeout(
            Duration::from_secs(10),
            client.send(&DeleteCallback { vhost: "v" }),
        )
        .await
    };
    let tokens = || -> Vec<String> {
        server
            .requests()
            .iter()
            .map(|r| r.header("x-security-token").unwrap_or_default())
            .collect()
    };

    assert_eq!(sts.issued(), 0, "nothing is fetched before the first call");
    call().await??;
    call().await??;
    assert_eq!(
        sts.issued(),
        1,
        "the second call reuses the cached credentials"
    );

    // Past the refresh point (expiry minus 2 s), but before the expiry.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let client = client.clone();
        calls.spawn(async move { client.send(&DeleteCallback { vhost: "v" }).await });
    }
    while let Some(done) = calls.join_next().await {
        done??;
    }
    assert_eq!(sts.issued(), 2, "one refresh however many tasks need it");
    let seen = tokens();
    assert_eq!(&seen[..2], ["sts-token-1", "sts-token-1"]);
    assert!(seen[2..].iter().all(|t| t == "sts-token-2"), "{seen:?}");
    assert!(server.requests().iter().all(|r| r.signature_verified));

    // A failed refresh while the cached credentials are still valid: they are used.
    sts.failing.store(true, std::sync::atomic::Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    call().await??;
    assert_eq!(tokens().last().map(String::as_str), Some("sts-token-2"));
    // Once they have expired (3 s after they were issued), the call fails without sending.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let sent = server.request_count();
    let error = match call().await? {
        Ok(output) => return Err(format!("expired credentials were used: {output:?}").into()),
        Err(error) => error,
    };
    assert!(
        matches!(error, Error::Credentials(CredentialsError::Provider { .. })),
        "{error:?}"
    );
    assert_eq!(server.request_count(), sent);
    let shown = error.to_string();
    assert!(
        !shown.contains("STS is down"),
        "the cause is the source: {shown}"
    );
    assert!(StdError::source(&error).is_some());
    Ok(())
}
