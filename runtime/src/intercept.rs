//! Interceptors: code that sees every attempt of every call, to feed metrics or logs.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::error::Error;

/// One attempt of a call, as an [`Interceptor`] sees it once the attempt is over.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Attempt<'a> {
    /// The service's signing name, e.g. `live`.
    pub service: &'static str,
    /// The action, e.g. `UpdateCallback`.
    pub action: &'static str,
    /// Which attempt of the call this was, from 1.
    pub attempt: u32,
    /// The HTTP status of the answer, when one arrived.
    pub status: Option<u16>,
    /// The RequestId the service assigned, when it was received.
    pub request_id: Option<&'a str>,
    /// How long the attempt took, from signing to the decoded answer or the failure.
    pub latency: Duration,
    /// How it ended.
    pub outcome: Outcome<'a>,
}

/// How an [`Attempt`] ended.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Outcome<'a> {
    /// The call succeeded with this attempt.
    Success,
    /// The attempt failed and the call tries again after `delay`.
    Retry {
        /// Why the attempt failed.
        error: &'a Error,
        /// The backoff before the next attempt.
        delay: Duration,
    },
    /// The attempt failed and the call ends with `error`.
    Failure {
        /// The error the call returns.
        error: &'a Error,
    },
}

impl Outcome<'_> {
    /// `success`, `retry` or `failure`: a label for metrics.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::Retry { .. } => "retry",
            Self::Failure { .. } => "failure",
        }
    }

    /// The attempt's error, unless it succeeded.
    pub fn error(&self) -> Option<&Error> {
        match self {
            Self::Success => None,
            Self::Retry { error, .. } | Self::Failure { error } => Some(error),
        }
    }
}

/// Sees each attempt of each call a client makes, after it ends: what a metrics exporter or an
/// audit log needs (action, attempt number, HTTP status, RequestId, latency, outcome). Add one
/// with [`ConfigBuilder::interceptor`](crate::ConfigBuilder::interceptor); a closure taking
/// `&Attempt` is one.
///
/// It runs on the task that makes the call, between attempts: keep it short (count, record,
/// send to a channel), never block. A validation error stops a call before any attempt, so no
/// interceptor sees it.
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use std::sync::Arc;
/// use volc_runtime::{Attempt, Config};
///
/// let retries = Arc::new(AtomicU64::new(0));
/// let seen = Arc::clone(&retries);
/// let config = Config::builder()
///     .interceptor(move |attempt: &Attempt<'_>| {
///         if attempt.outcome.as_str() == "retry" {
///             seen.fetch_add(1, Ordering::Relaxed);
///         }
///     })
///     .build();
/// # let _ = config;
/// ```
pub trait Interceptor: Send + Sync + 'static {
    /// Called once per attempt, when it is over.
    fn after_attempt(&self, attempt: &Attempt<'_>);
}

impl<F> Interceptor for F
where
    F: Fn(&Attempt<'_>) + Send + Sync + 'static,
{
    fn after_attempt(&self, attempt: &Attempt<'_>) {
        self(attempt);
    }
}

/// The interceptors of a configuration, in the order they were added.
#[derive(Clone, Default)]
pub(crate) struct Interceptors(Vec<Arc<dyn Interceptor>>);

impl Interceptors {
    pub(crate) fn push(&mut self, interceptor: Arc<dyn Interceptor>) {
        self.0.push(interceptor);
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    pub(crate) fn after_attempt(&self, attempt: &Attempt<'_>) {
        for interceptor in &self.0 {
            interceptor.after_attempt(attempt);
        }
    }
}

impl fmt::Debug for Interceptors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} interceptor(s)", self.0.len())
    }
}
