//! A receiver for Volcengine Live callbacks, to copy and adapt.
//!
//! [`app`] builds an axum [`Router`] that answers `POST /` the way the callback sender expects:
//! it reads at most the verifier's body limit, verifies the signature and decodes the event
//! (`Verifier::verify::<Event>`), puts the event on a bounded queue and answers at once, so the
//! answer never waits for your code. The [`Worker`] takes the events off the queue and runs your
//! handler on each, one at a time.
//!
//! | answer | when |
//! |---|---|
//! | 200 | a verified event, queued; or a repeat of one already queued (not queued again) |
//! | 400 | the body is not JSON, not an object, or an event whose known fields cannot be read |
//! | 401 | no signature, a wrong one, or `t` expired or too far ahead |
//! | 408 | the body did not arrive within [`Config::read_timeout`] |
//! | 413 | the body is larger than the verifier's limit (refused while reading it) |
//! | 503 | the queue is full, or the worker has stopped: the sender will retry |
//!
//! Every answer has a one-line plain-text reason, and every delivery is logged in one line
//! (`tracing`, level INFO for an accepted one, WARN for a refused one), without the key or
//! `sign`.
//!
//! ```no_run
//! use callback_receiver::{app, Config, Verifier};
//!
//! # async fn run() -> std::io::Result<()> {
//! let (router, worker) = app(Config::new(Verifier::new("my-callback-key")));
//! tokio::spawn(worker.run(callback_receiver::handle));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, router).await
//! # }
//! ```

mod handler;
/// The README's Rust blocks, compiled (and run unless marked `no_run`) by `cargo test --doc`.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
mod seen;
mod settings;

use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::routing::post;
use axum::Router;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use tokio::sync::mpsc;
use tracing::{info, warn};

pub use handler::handle;
pub use settings::{Settings, SettingsError, DEFAULT_LISTEN};
pub use volc_live_callback::events::{CallbackError, Event, Verifier};

use seen::Seen;

/// How many accepted events may wait for the worker before deliveries are answered 503.
pub const DEFAULT_QUEUE_CAPACITY: usize = 1024;
/// How many recent deliveries are remembered to recognise a repeat.
pub const DEFAULT_SEEN_CAPACITY: usize = 100_000;
/// How long the body of one delivery may take to arrive.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How the receiver verifies and queues deliveries.
#[derive(Debug, Clone)]
pub struct Config {
    /// Verifies signatures and decodes events; its `max_body_bytes()` is also the limit applied
    /// while reading a body.
    pub verifier: Verifier,
    /// How many accepted events may wait for the worker (at least 1). When the queue is full,
    /// a delivery is answered 503 and the sender retries it later.
    pub queue_capacity: usize,
    /// How many recent deliveries are remembered to recognise a repeat (0: none). The oldest is
    /// forgotten first; a repeat that arrives after it was forgotten is queued again.
    pub seen_capacity: usize,
    /// How long the body of one delivery may take to arrive before it is answered 408.
    pub read_timeout: Duration,
}

impl Config {
    /// The defaults ([`DEFAULT_QUEUE_CAPACITY`], [`DEFAULT_SEEN_CAPACITY`],
    /// [`DEFAULT_READ_TIMEOUT`]) with this verifier.
    pub fn new(verifier: Verifier) -> Self {
        Self {
            verifier,
            queue_capacity: DEFAULT_QUEUE_CAPACITY,
            seen_capacity: DEFAULT_SEEN_CAPACITY,
            read_timeout: DEFAULT_READ_TIMEOUT,
        }
    }
}

struct AppState {
    verifier: Verifier,
    queue: mpsc::Sender<Event>,
    queue_capacity: usize,
    seen: Mutex<Seen>,
    read_timeout: Duration,
}

/// The receiving end of the queue: run it on its own task with your handler.
#[derive(Debug)]
pub struct Worker {
    events: mpsc::Receiver<Event>,
}

impl Worker {
    /// Runs `handler` on every queued event, one at a time, until the router (every clone of
    /// it) is dropped and the queue is empty. Each call runs on a task of its own, so a handler
    /// that panics is logged and the worker goes on with the next event.
    pub async fn run<H, F>(mut self, mut handler: H)
    where
        H: FnMut(Event) -> F,
        F: Future<Output = ()> + Send + 'static,
    {
        while let Some(event) = self.events.recv().await {
            let summary = Summary::of(&event).to_string();
            if let Err(e) = tokio::spawn(handler(event)).await {
                warn!("handler failed on {summary}: {e}");
            }
        }
    }

    /// The next queued event, for a loop of your own; `None` once the router is dropped and the
    /// queue is empty.
    pub async fn recv(&mut self) -> Option<Event> {
        self.events.recv().await
    }
}

/// The router (`POST /`) and the worker that takes the accepted events off its queue.
///
/// The router can be nested under another path (`Router::new().nest("/live", router)`).
pub fn app(config: Config) -> (Router, Worker) {
    let queue_capacity = config.queue_capacity.max(1);
    let (queue, events) = mpsc::channel(queue_capacity);
    let state = AppState {
        verifier: config.verifier,
        queue,
        queue_capacity,
        seen: Mutex::new(Seen::new(config.seen_capacity)),
        read_timeout: config.read_timeout,
    };
    let router = Router::new()
        .route("/", post(receive))
        .with_state(Arc::new(state));
    (router, Worker { events })
}

/// An answer: its status and its one-line reason.
type Answer = (StatusCode, String);

async fn receive(State(state): State<Arc<AppState>>, request: Request) -> Answer {
    let (status, reason) = match accept(&state, request).await {
        Ok(answer) => return answer,
        Err(refusal) => refusal,
    };
    warn!("refused {}: {reason}", status.as_u16());
    (status, reason)
}

/// Reads, verifies and queues one delivery: the answer for an accepted one (logged here), the
/// refusal otherwise.
async fn accept(state: &AppState, request: Request) -> Result<Answer, Answer> {
    let limit = state.verifier.max_body_bytes();
    let too_large = || {
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("callback refused: the body exceeds the limit of {limit} bytes"),
        )
    };
    // A declared length over the limit is refused before a byte of the body is read; a body
    // without one (chunked) is cut off as soon as it passes the limit.
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let read = Limited::new(request.into_body(), limit).collect();
    let body = match tokio::time::timeout(state.read_timeout, read).await {
        Err(_) => {
            return Err((
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "callback refused: the body did not arrive within {} s",
                    state.read_timeout.as_secs_f32()
                ),
            ))
        }
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => return Err(too_large()),
        Ok(Err(_)) => {
            return Err((
                StatusCode::BAD_REQUEST,
                "callback refused: the body could not be read".to_owned(),
            ))
        }
        Ok(Ok(body)) => body.to_bytes(),
    };
    let event = state
        .verifier
        .verify::<Event>(&body)
        .map_err(|e| (status_of(&e), e.to_string()))?;
    let summary = Summary::of(&event).to_string();
    // Checking for a repeat and queueing happen under one lock, so two copies of a delivery
    // arriving together are queued once. `try_send` never waits.
    let mut seen = state.seen.lock().unwrap_or_else(PoisonError::into_inner);
    let fingerprint = seen.fingerprint(&body);
    if seen.contains(fingerprint) {
        drop(seen);
        info!("repeat {summary}: acknowledged, not queued again");
        return Ok((StatusCode::OK, "ok (repeat)".to_owned()));
    }
    match state.queue.try_send(event) {
        Ok(()) => {
            seen.insert(fingerprint);
            drop(seen);
            info!("accepted {summary}");
            Ok((StatusCode::OK, "ok".to_owned()))
        }
        Err(mpsc::error::TrySendError::Full(_)) => Err((
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "{summary} not accepted: the queue is full ({} events); retry later",
                state.queue_capacity
            ),
        )),
        Err(mpsc::error::TrySendError::Closed(_)) => Err((
            StatusCode::SERVICE_UNAVAILABLE,
            format!("{summary} not accepted: the worker has stopped"),
        )),
    }
}

/// The status for a refused callback.
pub fn status_of(error: &CallbackError) -> StatusCode {
    match error {
        CallbackError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        e if e.is_authentication_failure() => StatusCode::UNAUTHORIZED,
        _ => StatusCode::BAD_REQUEST,
    }
}

/// What a log line says about an event: `event_type`, `stream` and `t`. Text from the request
/// is cut to [`Summary::MAX_TEXT`] bytes and written as an escaped, quoted string, so it cannot
/// break a log line; `-` when absent.
#[derive(Debug, Clone, Copy)]
pub struct Summary<'a> {
    event_type: Option<&'a str>,
    stream: Option<&'a str>,
    t: Option<i64>,
}

impl<'a> Summary<'a> {
    /// The most bytes of a text field shown.
    pub const MAX_TEXT: usize = 128;

    /// The summary of an event.
    pub fn of(event: &'a Event) -> Self {
        let common = event.common();
        Self {
            event_type: common.event_type.as_deref(),
            stream: common.stream.as_deref(),
            t: common.t,
        }
    }
}

impl fmt::Display for Summary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("event_type=")?;
        write_text(f, self.event_type)?;
        f.write_str(" stream=")?;
        write_text(f, self.stream)?;
        match self.t {
            Some(t) => write!(f, " t={t}"),
            None => f.write_str(" t=-"),
        }
    }
}

fn write_text(f: &mut fmt::Formatter<'_>, text: Option<&str>) -> fmt::Result {
    let Some(text) = text else {
        return f.write_str("-");
    };
    let mut end = text.len().min(Summary::MAX_TEXT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // `Debug` quotes the text and escapes control and bidirectional-text characters.
    write!(f, "{:?}", &text[..end])?;
    if end < text.len() {
        f.write_str("…")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_is_bounded_and_escaped() {
        let long = "直".repeat(100);
        let shown = format!(
            "{}",
            Summary {
                event_type: Some("a\nb\u{202e}c"),
                stream: Some(&long),
                t: None,
            }
        );
        assert!(
            shown.starts_with(r#"event_type="a\nb\u{202e}c" stream=""#),
            "{shown}"
        );
        assert!(shown.ends_with("… t=-"), "{shown}");
        assert!(shown.len() < Summary::MAX_TEXT + 60, "{shown}");
        let none = Summary {
            event_type: None,
            stream: None,
            t: Some(7),
        };
        assert_eq!(none.to_string(), "event_type=- stream=- t=7");
    }
}
