//! The retry policy: which failures are retried, after how long.

use std::time::Duration;

use crate::error::Error;

/// How a failure is retried. [`Error::retry_class`] sorts every error into one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryClass {
    /// The request never left this process (DNS, TCP connect, TLS handshake, connect
    /// timeout): retried for every action.
    NotSent,
    /// The service throttled the call (HTTP 429, `FlowLimitExceeded`,
    /// `AccountFlowLimitExceeded`): retried for every action, with the throttling backoff.
    Throttled,
    /// The service refused before processing (HTTP 503, `ServiceUnavailableTemp`): retried for
    /// every action.
    Unavailable,
    /// The request may have been processed (read timeout, connection lost after sending,
    /// HTTP 500/502/504, `InternalError`, `InternalServiceTimeout`, `FailToConnect`,
    /// `CommonErr`): retried only for idempotent actions.
    MaybeProcessed,
    /// Trying again will not help (other 4xx answers, undecodable 2xx answers, validation,
    /// encoding, credentials and configuration errors): never retried.
    Permanent,
}

impl RetryClass {
    /// Whether a failure of this class is retried for an action of this idempotency.
    pub fn is_retried(self, idempotent: bool) -> bool {
        match self {
            Self::NotSent | Self::Throttled | Self::Unavailable => true,
            Self::MaybeProcessed => idempotent,
            Self::Permanent => false,
        }
    }
}

/// When and how often a failed call is tried again.
///
/// | failure | [`RetryClass`] | idempotent action | other action |
/// |---|---|---|---|
/// | DNS, TCP connect, TLS handshake, connect timeout (nothing was sent) | `NotSent` | retried | retried |
/// | HTTP 429, `FlowLimitExceeded`, `AccountFlowLimitExceeded` | `Throttled` | retried, throttling backoff | retried, throttling backoff |
/// | HTTP 503, `ServiceUnavailableTemp` | `Unavailable` | retried | retried |
/// | read timeout, connection lost after sending, response body cut short | `MaybeProcessed` | retried | **not** retried |
/// | HTTP 500, 502, 504 (and other 5xx but 501/505), `InternalError`, `InternalServiceTimeout`, `FailToConnect`, `CommonErr` (HTTP 200) | `MaybeProcessed` | retried | **not** retried |
/// | other 4xx (signature, parameters, access), 501, 505, an undecodable 2xx body, validation, encoding, credentials, configuration | `Permanent` | not retried | not retried |
///
/// An action is idempotent when [`Operation::IDEMPOTENT`](crate::Operation::IDEMPOTENT)
/// says so (generated per action from the spec; the default is `false`). A service code
/// decides before the HTTP status. Every attempt is signed afresh.
///
/// Delays: before retry `n` (1-based), a `Retry-After` answer header (seconds or an HTTP
/// date) is honoured, capped at `max_delay`. Otherwise throttling waits a random time in
/// `bound/2 ..= bound` with `bound = min(max_delay, throttle_base_delay * 2^(n-1))` (from 1 s:
/// the documented limit is 10 requests per second, counted per second), and every other
/// failure waits `0 ..= min(max_delay, base_delay * 2^(n-1))` ("full jitter"), which spreads
/// clients that failed together. A call's deadline (see
/// [`ConfigBuilder::deadline`](crate::ConfigBuilder::deadline)) stops retries whose delay would
/// pass it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    throttle_base_delay: Duration,
    max_delay: Duration,
}

impl RetryPolicy {
    /// The default: 3 attempts, backoff from 100 ms (throttling: from 1 s) capped at 5 s.
    pub fn new() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            throttle_base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(5),
        }
    }

    /// A single attempt: never retry.
    pub fn none() -> Self {
        Self::new().with_max_attempts(1)
    }

    /// Sets the total number of attempts, the first included; `0` is taken as `1`.
    #[must_use]
    pub fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// Sets the delay bound before the first retry of a non-throttling failure; it doubles
    /// for each further retry.
    #[must_use]
    pub fn with_base_delay(mut self, d: Duration) -> Self {
        self.base_delay = d;
        self
    }

    /// Sets the delay bound before the first retry after throttling; it doubles for each
    /// further retry.
    #[must_use]
    pub fn with_throttle_base_delay(mut self, d: Duration) -> Self {
        self.throttle_base_delay = d;
        self
    }

    /// Sets the cap on every delay, a `Retry-After` included.
    #[must_use]
    pub fn with_max_delay(mut self, d: Duration) -> Self {
        self.max_delay = d;
        self
    }

    /// The total number of attempts, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The delay bound before the first retry of a non-throttling failure.
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The delay bound before the first retry after throttling.
    pub fn throttle_base_delay(&self) -> Duration {
        self.throttle_base_delay
    }

    /// The cap on every delay.
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The upper bound of the delay before retry `retry` (1 = the first retry) of a failure of
    /// `class` without `Retry-After`: `min(max_delay, base * 2^(retry-1))`, where `base` is the
    /// throttling base for [`RetryClass::Throttled`].
    pub fn delay_bound(&self, class: RetryClass, retry: u32) -> Duration {
        let base = match class {
            RetryClass::Throttled => self.throttle_base_delay,
            _ => self.base_delay,
        };
        let exponent = retry.saturating_sub(1).min(31);
        base.checked_mul(1u32 << exponent)
            .unwrap_or(self.max_delay)
            .min(self.max_delay)
    }

    /// The delay before retry `retry` of a failure of `class`: `retry_after` capped at
    /// `max_delay` when the service sent one, else a random draw (see the type's docs).
    pub fn delay(&self, class: RetryClass, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_delay);
        }
        let bound = self.delay_bound(class, retry);
        let nanos = u64::try_from(bound.as_nanos()).unwrap_or(u64::MAX);
        let low = match class {
            RetryClass::Throttled => nanos / 2,
            _ => 0,
        };
        Duration::from_nanos(fastrand::u64(low..=nanos))
    }

    /// Whether a call of an action of this idempotency that failed with `error` on attempt
    /// `attempt` (1-based) should be tried again (the deadline aside).
    pub fn should_retry(&self, error: &Error, attempt: u32, idempotent: bool) -> bool {
        attempt < self.max_attempts && error.retry_class().is_retried(idempotent)
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ServiceError;
    use crate::transport::TransportError;

    fn service(code: &str, status: u16) -> Error {
        Error::from(ServiceError::new(
            "UpdateCallback",
            code,
            None,
            "m",
            "rid",
            status,
        ))
    }

    #[test]
    fn defaults() {
        let p = RetryPolicy::default();
        assert_eq!(p, RetryPolicy::new());
        assert_eq!(p.max_attempts(), 3);
        assert_eq!(p.base_delay(), Duration::from_millis(100));
        assert_eq!(p.throttle_base_delay(), Duration::from_secs(1));
        assert_eq!(p.max_delay(), Duration::from_secs(5));
        assert_eq!(RetryPolicy::none().max_attempts(), 1);
        assert_eq!(RetryPolicy::new().with_max_attempts(0).max_attempts(), 1);
    }

    /// The table of the type's docs, row by row.
    #[test]
    fn the_retry_table() {
        use RetryClass::*;
        let transport = |source: TransportError| Error::Transport {
            action: "A",
            attempts: 1,
            source,
        };
        let io = || std::io::Error::other("x");
        let decode = |status| Error::Decode {
            action: "A",
            status,
            request_id: None,
            excerpt: String::new(),
            reason: "r".into(),
            retry_after: None,
        };
        let cases: Vec<(Error, RetryClass)> = vec![
            (transport(TransportError::connect(io())), NotSent),
            (service("FlowLimitExceeded", 429), Throttled),
            (service("AccountFlowLimitExceeded", 429), Throttled),
            (service("Throttled", 429), Throttled),
            (decode(429), Throttled),
            (service("ServiceUnavailableTemp", 503), Unavailable),
            (service("Whatever", 503), Unavailable),
            (decode(503), Unavailable),
            (
                Error::Timeout {
                    action: "A",
                    attempts: 1,
                    after: Duration::from_secs(1),
                },
                MaybeProcessed,
            ),
            (transport(TransportError::interrupted(io())), MaybeProcessed),
            (service("InternalError", 500), MaybeProcessed),
            (service("InternalServiceTimeout", 504), MaybeProcessed),
            (service("FailToConnect", 502), MaybeProcessed),
            (service("CommonErr", 200), MaybeProcessed),
            (service("Whatever", 500), MaybeProcessed),
            (decode(502), MaybeProcessed),
            (service("SignatureDoesNotMatch", 401), Permanent),
            (service("InvalidParam", 400), Permanent),
            (service("AccessDenied", 403), Permanent),
            (service("InvalidActionOrVersion", 404), Permanent),
            (service("SomethingElse", 200), Permanent),
            (service("NotImplemented", 501), Permanent),
            (decode(200), Permanent),
            (decode(404), Permanent),
            (Error::Config { reason: "x".into() }, Permanent),
        ];
        let p = RetryPolicy::new();
        for (error, class) in &cases {
            assert_eq!(error.retry_class(), *class, "{error}");
            let always = matches!(class, NotSent | Throttled | Unavailable);
            assert_eq!(p.should_retry(error, 1, false), always, "{error}");
            assert_eq!(
                p.should_retry(error, 1, true),
                *class != Permanent,
                "{error}"
            );
            assert!(!p.should_retry(error, 3, true), "last attempt: {error}");
            assert!(!RetryPolicy::none().should_retry(error, 1, true));
            assert_eq!(error.is_retryable(), *class != Permanent);
        }
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy::new()
            .with_base_delay(Duration::from_millis(100))
            .with_max_delay(Duration::from_millis(1000));
        let other = RetryClass::MaybeProcessed;
        assert_eq!(p.delay_bound(other, 1), Duration::from_millis(100));
        assert_eq!(p.delay_bound(other, 2), Duration::from_millis(200));
        assert_eq!(p.delay_bound(other, 4), Duration::from_millis(800));
        assert_eq!(p.delay_bound(other, 5), Duration::from_millis(1000));
        assert_eq!(p.delay_bound(other, u32::MAX), Duration::from_millis(1000));
        for retry in 1..10 {
            for _ in 0..200 {
                assert!(p.delay(other, retry, None) <= p.delay_bound(other, retry));
            }
        }
        // Full jitter: the draws are spread, not all at the bound.
        let draws: Vec<Duration> = (0..200).map(|_| p.delay(other, 3, None)).collect();
        assert!(draws.iter().any(|d| *d < Duration::from_millis(200)));
        assert!(draws.iter().any(|d| *d > Duration::from_millis(200)));
        let huge = RetryPolicy::new()
            .with_base_delay(Duration::MAX)
            .with_max_delay(Duration::MAX);
        assert!(huge.delay(other, 3, None) <= Duration::MAX);
        let zero = RetryPolicy::new().with_base_delay(Duration::ZERO);
        assert_eq!(zero.delay(other, 2, None), Duration::ZERO);
    }

    #[test]
    fn throttling_waits_longer_and_retry_after_wins_up_to_the_cap() {
        let p = RetryPolicy::new();
        let throttled = RetryClass::Throttled;
        assert_eq!(p.delay_bound(throttled, 1), Duration::from_secs(1));
        assert_eq!(p.delay_bound(throttled, 2), Duration::from_secs(2));
        for _ in 0..200 {
            let d = p.delay(throttled, 1, None);
            assert!(d >= Duration::from_millis(500) && d <= Duration::from_secs(1));
        }
        let after = Some(Duration::from_secs(2));
        assert_eq!(
            p.delay(RetryClass::Unavailable, 1, after),
            Duration::from_secs(2)
        );
        assert_eq!(
            p.delay(throttled, 1, Some(Duration::from_secs(3600))),
            p.max_delay()
        );
    }
}
