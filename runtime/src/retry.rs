use std::time::Duration;

use crate::error::Error;

/// When and how often a failed call is tried again.
///
/// Retried: HTTP 429 and 5xx, the service codes the API documents as transient (see
/// [`ServiceError::is_retryable`](crate::ServiceError::is_retryable)), connection errors and
/// timeouts. Never retried: other 4xx answers (bad signature, invalid parameter, ...), decode
/// errors, validation, credentials and configuration errors. Every attempt is signed afresh.
///
/// The delay before retry `n` (1-based) is drawn uniformly from
/// `0 ..= min(max_delay, base_delay * 2^(n-1))` ("full jitter"), which spreads clients that failed
/// together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
}

impl RetryPolicy {
    /// The default: 3 attempts, exponential backoff from 100 ms capped at 5 s, full jitter.
    pub fn new() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
        }
    }

    /// A single attempt: never retry.
    pub fn none() -> Self {
        Self::new().with_max_attempts(1)
    }

    /// Sets the total number of attempts, the first included; `0` is taken as `1`.
    pub fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// Sets the delay bound before the first retry; it doubles for each further retry.
    pub fn with_base_delay(mut self, d: Duration) -> Self {
        self.base_delay = d;
        self
    }

    /// Sets the cap on the delay bound.
    pub fn with_max_delay(mut self, d: Duration) -> Self {
        self.max_delay = d;
        self
    }

    /// The total number of attempts, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The delay bound before the first retry.
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The cap on the delay bound.
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The upper bound of the delay before retry `retry` (1 = the first retry):
    /// `min(max_delay, base_delay * 2^(retry-1))`.
    pub fn delay_bound(&self, retry: u32) -> Duration {
        let exponent = retry.saturating_sub(1).min(31);
        self.base_delay
            .checked_mul(1u32 << exponent)
            .unwrap_or(self.max_delay)
            .min(self.max_delay)
    }

    /// A random delay before retry `retry`, uniform in `0 ..= delay_bound(retry)`.
    pub fn delay(&self, retry: u32) -> Duration {
        let bound = self.delay_bound(retry);
        let nanos = u64::try_from(bound.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }

    /// Whether a call that failed with `error` on attempt `attempt` (1-based) should be tried
    /// again.
    pub fn should_retry(&self, error: &Error, attempt: u32) -> bool {
        attempt < self.max_attempts && error.is_retryable()
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

    fn service(code: &str, status: u16) -> Error {
        Error::Service(ServiceError::new(
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
        assert_eq!(p.max_delay(), Duration::from_secs(5));
        assert_eq!(RetryPolicy::none().max_attempts(), 1);
        assert_eq!(RetryPolicy::new().with_max_attempts(0).max_attempts(), 1);
    }

    #[test]
    fn classification() {
        let p = RetryPolicy::new();
        for (code, status) in [
            ("FlowLimitExceeded", 429),
            ("AccountFlowLimitExceeded", 429),
            ("InternalError", 500),
            ("InternalServiceTimeout", 504),
            ("ServiceUnavailableTemp", 503),
            ("FailToConnect", 502),
            ("CommonErr", 200),
            ("Whatever", 500),
            ("Whatever", 503),
            ("Throttled", 429),
        ] {
            assert!(p.should_retry(&service(code, status), 1), "{code} {status}");
            assert!(!p.should_retry(&service(code, status), 3), "last attempt");
        }
        for (code, status) in [
            ("SignatureDoesNotMatch", 401),
            ("InvalidParam", 400),
            ("AccessDenied", 403),
            ("InvalidActionOrVersion", 404),
            ("MissingParameter", 400),
            ("SomethingElse", 200),
        ] {
            assert!(
                !p.should_retry(&service(code, status), 1),
                "{code} {status}"
            );
        }
        let timeout = Error::Timeout {
            action: "A",
            attempts: 1,
            after: Duration::from_secs(1),
        };
        assert!(p.should_retry(&timeout, 1));
        assert!(!RetryPolicy::none().should_retry(&timeout, 1));
        let decode = Error::Decode {
            action: "A",
            status: 200,
            request_id: None,
            excerpt: String::new(),
            reason: "r".into(),
        };
        assert!(!p.should_retry(&decode, 1));
        assert!(!p.should_retry(&Error::Config { reason: "x".into() }, 1));
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy::new()
            .with_base_delay(Duration::from_millis(100))
            .with_max_delay(Duration::from_millis(1000));
        assert_eq!(p.delay_bound(1), Duration::from_millis(100));
        assert_eq!(p.delay_bound(2), Duration::from_millis(200));
        assert_eq!(p.delay_bound(4), Duration::from_millis(800));
        assert_eq!(p.delay_bound(5), Duration::from_millis(1000));
        assert_eq!(p.delay_bound(u32::MAX), Duration::from_millis(1000));
        for retry in 1..10 {
            for _ in 0..200 {
                assert!(p.delay(retry) <= p.delay_bound(retry));
            }
        }
        // Full jitter: the draws are spread, not all at the bound.
        let draws: Vec<Duration> = (0..200).map(|_| p.delay(3)).collect();
        assert!(draws.iter().any(|d| *d < Duration::from_millis(200)));
        assert!(draws.iter().any(|d| *d > Duration::from_millis(200)));
        let huge = RetryPolicy::new()
            .with_base_delay(Duration::MAX)
            .with_max_delay(Duration::MAX);
        assert!(huge.delay(3) <= Duration::MAX);
        let zero = RetryPolicy::new().with_base_delay(Duration::ZERO);
        assert_eq!(zero.delay(2), Duration::ZERO);
    }
}
