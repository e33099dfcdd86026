//! Receiving callbacks: authenticate the events a service POSTs to the user's endpoint and
//! decode them, from the raw body bytes, in one call.
//!
//! A Live callback configuration with `AuthEnable` set makes every delivery carry `sign`, the hex
//! MD5 of the callback key (`AuthKeyPrimary`) followed by `t` in decimal, where `t` is the Unix
//! time (seconds) at which the notification expires (by default 10 minutes after it is sent).
//! [`Verifier::verify`] checks all of it and hands the event object to the event type:
//!
//! ```
//! use std::time::Duration;
//! use volc_runtime::callback::{CallbackError, EventObject, Verifier};
//!
//! // Built once, shared by every request (it is `Clone + Send + Sync`).
//! let verifier = Verifier::new("my-callback-key").with_clock_skew(Duration::from_secs(30));
//!
//! fn handle(verifier: &Verifier, body: &[u8]) -> u16 {
//!     match verifier.verify::<EventObject>(body) {
//!         Ok(event) => {
//!             // Deliveries are retried: handle each event idempotently.
//!             println!("{:?} for {:?}", event.get("event_type"), event.get("stream"));
//!             200
//!         }
//!         Err(e @ CallbackError::TooLarge { .. }) => {
//!             eprintln!("{e}");
//!             413
//!         }
//!         Err(e) if e.is_authentication_failure() => {
//!             eprintln!("{e}");
//!             401
//!         }
//!         Err(e) => {
//!             eprintln!("{e}");
//!             400
//!         }
//!     }
//! }
//! # assert_eq!(handle(&verifier, b"{}"), 401);
//! ```
//!
//! # What is read, and how
//!
//! - **Size.** A body longer than [`Verifier::max_body_bytes`] (default
//!   [`DEFAULT_MAX_BODY_BYTES`], 1 MiB) is refused before it is parsed. An HTTP server should
//!   apply the same limit while reading the body.
//! - **Layout.** The documentation shows a nested envelope, `{"code": 0, "message": "ok",
//!   "data": {"vhost", "domain", "app", "stream", "event_type", "sign", "t", ...}}`, and lists the
//!   same fields flat. If the body is an object whose `data` is an object, the event is `data`;
//!   otherwise the event is the whole body. `code` and `message` are not checked.
//! - **`sign` and `t`** are read from the event object; when one is absent there (or `null`), it
//!   is read from the top level of the body instead (a `t` read there is then put into the
//!   event object, so the event carries the `t` that was checked).
//! - **`t`** is a JSON integer from 0 to `u64::MAX`, or a string of decimal digits holding one
//!   (the documentation types it Int64, Int or String in different versions). The signature
//!   covers the digits as received for a string, the decimal form for a number.
//! - **`sign`** is compared with the expected hex digest in constant time (the [`subtle`
//!   crate](https://docs.rs/subtle)), ignoring the case of the hex letters.
//! - **Expiry.** A callback is refused when its `t` lies more than the clock skew in the past
//!   (default [`DEFAULT_CLOCK_SKEW`], 60 s: receivers' clocks are NTP-synchronized to well
//!   within that, and the 10-minute validity is the sender's margin, not the receiver's), or
//!   more than [`DEFAULT_MAX_FUTURE`] (one day) in the future: a validity of minutes or hours is
//!   accepted, a `t` of years ahead (a signature that would stay replayable for ever) is not.
//!   BytePlus describes `t` as the send time: if your deliveries carry that, raise the skew to the
//!   window you accept (e.g. 10 minutes).
//! - **The event.** After authentication the event object, without `sign` (it has served its
//!   purpose, and a logged one could be replayed until `t`), goes to
//!   [`CallbackEvent::from_event_object`]. `t` and everything else stay in it.
//!
//! With [`Verifier::authentication_disabled`] (for configurations with `AuthEnable` off, where
//! the sender sends `sign` = `""` and `t` = 0) neither `sign` nor `t` is checked: every event of
//! the right size and shape is accepted, so protect such an endpoint some other way.
//!
//! Deliveries are retried when the receiver does not answer HTTP 200 within 4 s (up to 10
//! minutes after the first attempt), so a receiver sees duplicates, and a valid signature proves
//! only where an event came from, not that it is the first copy.
//!
//! # For generated event types
//!
//! A generated crate implements [`CallbackEvent`] for its `events::Event` enum, with a variant
//! per known `event_type` and one that keeps unknown events whole, using the helpers here
//! ([`event_type_of`], [`decode_event`], [`lenient_timestamp`], [`CommonFields`]):
//!
//! ```
//! use serde::Deserialize;
//! use volc_runtime::callback::{self, CallbackEvent, EventObject, JsonError, Verifier};
//!
//! #[derive(Debug, Deserialize)]
//! pub struct PushStart {
//!     pub vhost: Option<String>,
//!     pub stream: Option<String>,
//!     #[serde(default, deserialize_with = "callback::lenient_timestamp")]
//!     pub t: Option<u64>,
//! }
//!
//! #[derive(Debug)]
//! #[non_exhaustive]
//! pub enum Event {
//!     PushStart(PushStart),
//!     Unknown { event_type: Option<String>, raw: EventObject },
//! }
//!
//! impl CallbackEvent for Event {
//!     fn from_event_object(object: EventObject) -> Result<Self, JsonError> {
//!         match callback::event_type_of(&object) {
//!             Some("push_start") => callback::decode_event(object).map(Event::PushStart),
//!             other => Ok(Event::Unknown { event_type: other.map(str::to_owned), raw: object }),
//!         }
//!     }
//! }
//!
//! let verifier = Verifier::authentication_disabled();
//! let event: Event = verifier
//!     .verify(br#"{"code":0,"data":{"event_type":"push_start","stream":"s","sign":"","t":0}}"#)?;
//! assert!(matches!(event, Event::PushStart(PushStart { t: Some(0), .. })));
//! # Ok::<(), callback::CallbackError>(())
//! ```

mod error;
mod fields;
mod key;

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;
use serde_json::Value;

pub use error::CallbackError;
pub use fields::{
    event_type_of, lenient_timestamp, parse_timestamp, timestamp_of, CommonFields, EventParts,
};
pub use key::CallbackKey;
/// The JSON error type [`CallbackEvent::from_event_object`] returns (`serde_json::Error`).
pub use serde_json::Error as JsonError;

use error::{sanitize, EVENT_TYPE_BYTES, REASON_BYTES};

/// A callback's event object: the `data` object of a nested body, or the flat body.
pub type EventObject = serde_json::Map<String, Value>;

/// The default clock skew allowed past `t`: 60 seconds.
pub const DEFAULT_CLOCK_SKEW: Duration = Duration::from_secs(60);
/// The default of how far ahead `t` may be: one day.
pub const DEFAULT_MAX_FUTURE: Duration = Duration::from_secs(24 * 60 * 60);
/// The default body size limit: 1 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

/// A type a verified callback event can be decoded into: a generated `Event` enum, or
/// [`EventObject`] / [`serde_json::Value`] to keep events as raw JSON.
pub trait CallbackEvent: Sized {
    /// Builds the event from its verified event object (the nested body's `data`, or the flat
    /// body; without `sign`).
    ///
    /// # Errors
    ///
    /// When the object does not fit the type; the verifier reports it as
    /// [`CallbackError::Event`]. Unknown event types should not be an error but be kept whole.
    fn from_event_object(object: EventObject) -> Result<Self, JsonError>;
}

impl CallbackEvent for EventObject {
    fn from_event_object(object: EventObject) -> Result<Self, JsonError> {
        Ok(object)
    }
}

impl CallbackEvent for Value {
    fn from_event_object(object: EventObject) -> Result<Self, JsonError> {
        Ok(Value::Object(object))
    }
}

/// Decodes an event object into a `Deserialize` type: for the known event types of a generated
/// [`CallbackEvent`].
///
/// # Errors
///
/// When the object does not fit `T`.
pub fn decode_event<T: DeserializeOwned>(object: EventObject) -> Result<T, JsonError> {
    serde_json::from_value(Value::Object(object))
}

type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// Authenticates and decodes callbacks; see the [module docs](self) for what it checks.
///
/// Build one per callback key and share it (`Clone`, `Send`, `Sync`; clones share the clock).
#[derive(Clone)]
pub struct Verifier {
    /// `None`: authentication disabled.
    key: Option<CallbackKey>,
    clock_skew: Duration,
    max_future: Duration,
    max_body_bytes: usize,
    clock: Option<Clock>,
}

impl Verifier {
    /// A verifier that requires every callback to be signed with `key` (`AuthKeyPrimary`), with
    /// the default clock skew, future limit and body limit and the system clock.
    pub fn new(key: impl Into<CallbackKey>) -> Self {
        Self::with_auth(Some(key.into()))
    }

    /// A verifier for a configuration with `AuthEnable` off: it checks neither `sign` nor `t`
    /// and accepts every well-formed callback, so the endpoint must be protected otherwise.
    pub fn authentication_disabled() -> Self {
        Self::with_auth(None)
    }

    fn with_auth(key: Option<CallbackKey>) -> Self {
        Self {
            key,
            clock_skew: DEFAULT_CLOCK_SKEW,
            max_future: DEFAULT_MAX_FUTURE,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            clock: None,
        }
    }

    /// How long after `t` a callback is still accepted (default [`DEFAULT_CLOCK_SKEW`]); counted
    /// in whole seconds.
    #[must_use]
    pub fn with_clock_skew(mut self, skew: Duration) -> Self {
        self.clock_skew = skew;
        self
    }

    /// How far in the future `t` may be (default [`DEFAULT_MAX_FUTURE`]); counted in whole
    /// seconds.
    #[must_use]
    pub fn with_max_future(mut self, max_future: Duration) -> Self {
        self.max_future = max_future;
        self
    }

    /// The largest body accepted, in bytes (default [`DEFAULT_MAX_BODY_BYTES`]).
    #[must_use]
    pub fn with_max_body_bytes(mut self, max_body_bytes: usize) -> Self {
        self.max_body_bytes = max_body_bytes;
        self
    }

    /// Reads the time from `clock` instead of the system clock (for tests).
    #[must_use]
    pub fn with_clock<F>(mut self, clock: F) -> Self
    where
        F: Fn() -> SystemTime + Send + Sync + 'static,
    {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// The body size limit, in bytes: apply it while reading the request, too.
    pub fn max_body_bytes(&self) -> usize {
        self.max_body_bytes
    }

    /// Whether callbacks must be signed (false for [`Verifier::authentication_disabled`]).
    pub fn authentication_enabled(&self) -> bool {
        self.key.is_some()
    }

    /// Authenticates the raw body of one callback at the verifier's clock's time and decodes its
    /// event.
    ///
    /// # Errors
    ///
    /// The first problem found, in this order: the size, the JSON, the signature (missing,
    /// `t` unreadable, wrong), the time window, the event type; see [`CallbackError`].
    pub fn verify<E: CallbackEvent>(&self, body: &[u8]) -> Result<E, CallbackError> {
        let now = match &self.clock {
            Some(clock) => clock(),
            None => SystemTime::now(),
        };
        self.verify_at(body, now)
    }

    /// [`verify`](Self::verify) at the time `now`, whatever the clock says.
    ///
    /// # Errors
    ///
    /// As [`verify`](Self::verify).
    pub fn verify_at<E: CallbackEvent>(
        &self,
        body: &[u8],
        now: SystemTime,
    ) -> Result<E, CallbackError> {
        if body.len() > self.max_body_bytes {
            return Err(CallbackError::TooLarge {
                size: body.len(),
                limit: self.max_body_bytes,
            });
        }
        let key = self.key.as_ref().map(CallbackKey::expose).unwrap_or("");
        let envelope = Envelope::parse(body, key)?;
        let t = envelope.t.as_ref().and_then(|t| parse_timestamp(t).ok());
        if let Some(key) = &self.key {
            self.authenticate(key, &envelope, unix_seconds(now))?;
        }
        let Envelope {
            event,
            sign,
            event_type,
            ..
        } = envelope;
        E::from_event_object(event).map_err(|e| {
            let received = match &sign {
                Some(Value::String(s)) => s.as_str(),
                _ => "",
            };
            CallbackError::Event {
                t,
                event_type,
                reason: sanitize(&e.to_string(), REASON_BYTES, &[key, received]),
            }
        })
    }

    fn authenticate(
        &self,
        key: &CallbackKey,
        envelope: &Envelope,
        now: u64,
    ) -> Result<(), CallbackError> {
        let event_type = || envelope.event_type.clone();
        let lenient_t = || envelope.t.as_ref().and_then(|t| parse_timestamp(t).ok());
        let sign = match &envelope.sign {
            Some(Value::String(s)) if !s.is_empty() => s,
            None | Some(Value::String(_)) => {
                return Err(CallbackError::MissingSignature {
                    t: lenient_t(),
                    event_type: event_type(),
                })
            }
            Some(_) => {
                return Err(CallbackError::BadSignature {
                    t: lenient_t(),
                    event_type: event_type(),
                })
            }
        };
        let Some(t_value) = &envelope.t else {
            return Err(CallbackError::BadTimestamp {
                reason: "`t` is missing",
                event_type: event_type(),
            });
        };
        let (t, t_text) =
            fields::read_timestamp(t_value).map_err(|reason| CallbackError::BadTimestamp {
                reason,
                event_type: event_type(),
            })?;
        if !key.matches(&t_text, sign) {
            return Err(CallbackError::BadSignature {
                t: Some(t),
                event_type: event_type(),
            });
        }
        if now > t.saturating_add(self.clock_skew.as_secs()) {
            return Err(CallbackError::Expired {
                t,
                now,
                clock_skew: self.clock_skew,
                event_type: event_type(),
            });
        }
        if t > now.saturating_add(self.max_future.as_secs()) {
            return Err(CallbackError::TooFarInFuture {
                t,
                now,
                max_future: self.max_future,
                event_type: event_type(),
            });
        }
        Ok(())
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field(
                "authentication",
                &if self.key.is_some() {
                    "key ***"
                } else {
                    "disabled"
                },
            )
            .field("clock_skew", &self.clock_skew)
            .field("max_future", &self.max_future)
            .field("max_body_bytes", &self.max_body_bytes)
            .field(
                "clock",
                &if self.clock.is_some() {
                    "custom"
                } else {
                    "system"
                },
            )
            .finish()
    }
}

/// Seconds since the Unix epoch; 0 for a clock set before it.
fn unix_seconds(now: SystemTime) -> u64 {
    now.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// A parsed body: the event object and what authentication needs.
struct Envelope {
    /// The event object, `sign` removed.
    event: EventObject,
    /// `sign` from the event, else from the top level; `null` counts as absent.
    sign: Option<Value>,
    /// `t` from the event, else from the top level; `null` counts as absent.
    t: Option<Value>,
    /// The event's `event_type` when it is a string, sanitized and bounded, the key and the
    /// received `sign` redacted.
    event_type: Option<String>,
}

impl Envelope {
    /// Parses a body; `key` is only redacted from the `event_type` kept for errors.
    fn parse(body: &[u8], key: &str) -> Result<Self, CallbackError> {
        // serde_json refuses nesting deeper than 128 levels (an error, not a stack overflow),
        // invalid UTF-8 in strings and trailing characters.
        let value: Value = serde_json::from_slice(body).map_err(|e| CallbackError::NotJson {
            reason: sanitize(&e.to_string(), REASON_BYTES, &[key]),
        })?;
        let mut top = match value {
            Value::Object(top) => top,
            other => {
                return Err(CallbackError::NotAnObject {
                    found: kind(&other),
                })
            }
        };
        let (mut event, outer) = match top.remove("data") {
            Some(Value::Object(data)) => (data, Some(top)),
            Some(other) => {
                top.insert("data".to_owned(), other);
                (top, None)
            }
            None => (top, None),
        };
        let present = |v: &Option<Value>| v.as_ref().is_some_and(|v| !v.is_null());
        let mut sign = event.remove("sign");
        let mut t = event.get("t").cloned();
        if let Some(mut outer) = outer {
            if !present(&sign) {
                sign = outer.remove("sign");
            }
            if !present(&t) {
                t = outer.remove("t");
                // The event carries the `t` that was checked, wherever it was sent.
                if let Some(outer_t) = t.as_ref().filter(|v| !v.is_null()) {
                    event.insert("t".to_owned(), outer_t.clone());
                }
            }
        }
        let received_sign = match &sign {
            Some(Value::String(s)) => s.as_str(),
            _ => "",
        };
        let event_type =
            event_type_of(&event).map(|s| sanitize(s, EVENT_TYPE_BYTES, &[key, received_sign]));
        Ok(Self {
            event,
            sign: sign.filter(|v| !v.is_null()),
            t: t.filter(|v| !v.is_null()),
            event_type,
        })
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a Boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests;
