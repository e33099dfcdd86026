//! The receiver's router end to end over HTTP on 127.0.0.1: deliveries from the test sender
//! (`volc_tests::callback_sender`, signing from the vector table made with Python's hashlib),
//! every answer the receiver gives, repeats, a full queue and a slow handler.

use std::error::Error;
use std::sync::Arc;
use std::time::{Duration, Instant, UNIX_EPOCH};

use callback_receiver::{app, Config, Event, Verifier};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, Semaphore};
use tokio::time::timeout;
use volc_tests::callback_sender::{
    push_start_fields, CallbackSender, EventBody, Layout, ANSWER_TIMEOUT, API_EXAMPLE_KEY,
};

type TestResult = Result<(), Box<dyn Error>>;

/// The documented example's `t`: `time` plus the 10-minute validity.
const T: u64 = 1_640_850_110;
/// How long a test waits for anything before it fails.
const WAIT: Duration = Duration::from_secs(10);

/// A verifier for the API's example key, its clock five minutes before `T`.
fn verifier() -> Verifier {
    Verifier::new(API_EXAMPLE_KEY).with_clock(|| UNIX_EPOCH + Duration::from_secs(T - 300))
}

/// A receiver on 127.0.0.1 whose handler passes every event it gets to the test.
struct Receiver {
    url: String,
    handled: mpsc::UnboundedReceiver<Event>,
}

impl Receiver {
    async fn start(config: Config) -> std::io::Result<Self> {
        let (tx, handled) = mpsc::unbounded_channel();
        let url = serve(config, move |event| {
            let tx = tx.clone();
            async move {
                let _ = tx.send(event);
            }
        })
        .await?;
        Ok(Self { url, handled })
    }

    /// The next event the handler got.
    async fn next(&mut self) -> Result<Event, Box<dyn Error>> {
        match timeout(WAIT, self.handled.recv()).await {
            Ok(Some(event)) => Ok(event),
            Ok(None) => Err("the worker stopped".into()),
            Err(_) => Err("no event handled within the wait".into()),
        }
    }

    /// Proves that the handler got nothing before `probe`: posts it (it must be accepted) and
    /// checks that it is the next event handled. The queue is in order, so an event handed over
    /// earlier would come first.
    async fn nothing_handled_before(&mut self, sender: &CallbackSender, probe: &str) -> TestResult {
        let body = sender.signed(&event_on(Layout::Flat, probe), API_EXAMPLE_KEY, T)?;
        assert_eq!(sender.post(&self.url, &body).await?, 200);
        let next = self.next().await?;
        assert_eq!(next.common().stream.as_deref(), Some(probe), "{next:?}");
        Ok(())
    }
}

/// Serves `app(config)` on a free port of 127.0.0.1 with `handler` on its worker; the URL.
async fn serve<H, F>(config: Config, handler: H) -> std::io::Result<String>
where
    H: FnMut(Event) -> F + Send + 'static,
    F: std::future::Future<Output = ()> + Send + 'static,
{
    // Bound before the server task starts: connections wait in the backlog, no race.
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/", listener.local_addr()?);
    let (router, worker) = app(config);
    tokio::spawn(worker.run(handler));
    tokio::spawn(async move { axum::serve(listener, router).await });
    Ok(url)
}

/// The documented push-start event on another stream.
fn event_on(layout: Layout, stream: &str) -> EventBody {
    let mut fields = push_start_fields();
    fields.insert("stream".to_owned(), json!(stream));
    EventBody::new(layout, fields)
}

/// POSTs like the sender and returns the status, the content type and the body of the answer.
async fn answer(url: &str, body: &[u8]) -> Result<(u16, String, String), Box<dyn Error>> {
    let answer = volc_tests::local_http_client(ANSWER_TIMEOUT)?
        .post(url)
        .header("Content-Type", "application/json")
        .body(body.to_vec())
        .send()
        .await?;
    let status = answer.status().as_u16();
    let content_type = answer
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    Ok((status, content_type, answer.text().await?))
}

/// Writes `request` on a raw connection, leaves the connection open, and reads the status line
/// of the answer.
async fn raw_status_line(url: &str, request: &[u8]) -> Result<String, Box<dyn Error>> {
    let address = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = timeout(WAIT, TcpStream::connect(address)).await??;
    timeout(WAIT, stream.write_all(request)).await??;
    let mut answer = Vec::new();
    let mut buffer = [0u8; 1024];
    while !answer.windows(2).any(|w| w == b"\r\n") {
        let n = timeout(WAIT, stream.read(&mut buffer)).await??;
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&buffer[..n]);
    }
    let text = String::from_utf8_lossy(&answer);
    Ok(text.lines().next().unwrap_or("").to_owned())
}

// ---------------------------------------------------------------------------------------------
// 200

#[tokio::test]
async fn verified_events_in_both_layouts_are_accepted_and_handed_over() -> TestResult {
    let sender = CallbackSender::new()?;
    let mut receiver = Receiver::start(Config::new(verifier())).await?;
    let forms = [
        EventBody::push_start(Layout::Nested),
        EventBody::push_start(Layout::Flat),
        EventBody::push_start(Layout::Nested).with_t_as_string(),
        EventBody::push_start(Layout::Flat).with_t_as_string(),
        EventBody::push_start(Layout::Nested).with_sign_at_top(),
    ];
    for form in &forms {
        let body = sender.signed(form, API_EXAMPLE_KEY, T)?;
        assert_eq!(sender.post(&receiver.url, &body).await?, 200, "{form:?}");
        let event = receiver.next().await?;
        let Event::PushStart { common, fields } = &event else {
            return Err(format!("{form:?} handed over as {event:?}").into());
        };
        assert_eq!(common.stream.as_deref(), Some("stream-123456"));
        assert_eq!(common.app.as_deref(), Some("live"));
        assert_eq!(fields.time_ms, Some(1_640_849_510_029));
    }
    // An event type the crate does not type is accepted and handed over whole.
    let mut fields = push_start_fields();
    fields.insert("event_type".to_owned(), json!("push_end"));
    fields.insert("reason".to_owned(), json!("client closed"));
    let body = sender.signed(&EventBody::new(Layout::Nested, fields), API_EXAMPLE_KEY, T)?;
    assert_eq!(sender.post(&receiver.url, &body).await?, 200);
    match receiver.next().await? {
        Event::Unknown { common, raw } => {
            assert_eq!(common.event_type.as_deref(), Some("push_end"));
            assert_eq!(raw.get("reason"), Some(&json!("client closed")));
            assert!(!raw.contains_key("sign"));
        }
        other => return Err(format!("push_end handed over as {other:?}").into()),
    }
    Ok(())
}

#[tokio::test]
async fn a_repeat_is_acknowledged_but_handed_over_once() -> TestResult {
    let sender = CallbackSender::new()?;
    let mut receiver = Receiver::start(Config::new(verifier())).await?;
    let body = sender.signed(&EventBody::push_start(Layout::Nested), API_EXAMPLE_KEY, T)?;
    assert_eq!(sender.post(&receiver.url, &body).await?, 200);
    assert_eq!(sender.post(&receiver.url, &body).await?, 200);
    let (status, _, reason) = answer(&receiver.url, &body).await?;
    assert_eq!((status, reason.as_str()), (200, "ok (repeat)"));
    // Eight copies at once: one lock covers the check and the queueing.
    let copy = sender.signed(&event_on(Layout::Flat, "concurrent"), API_EXAMPLE_KEY, T)?;
    let posts: Vec<_> = (0..8)
        .map(|_| {
            let (sender, url, copy) = (sender.clone(), receiver.url.clone(), copy.clone());
            tokio::spawn(async move { sender.post(&url, &copy).await })
        })
        .collect();
    for post in posts {
        assert_eq!(timeout(WAIT, post).await???, 200);
    }
    let first = receiver.next().await?;
    assert_eq!(first.common().stream.as_deref(), Some("stream-123456"));
    let second = receiver.next().await?;
    assert_eq!(second.common().stream.as_deref(), Some("concurrent"));
    receiver.nothing_handled_before(&sender, "probe").await
}

#[tokio::test]
async fn a_repeat_is_handed_over_again_once_forgotten() -> TestResult {
    let sender = CallbackSender::new()?;
    let config = Config {
        seen_capacity: 1,
        ..Config::new(verifier())
    };
    let mut receiver = Receiver::start(config).await?;
    let a = sender.signed(&event_on(Layout::Nested, "a"), API_EXAMPLE_KEY, T)?;
    let b = sender.signed(&event_on(Layout::Nested, "b"), API_EXAMPLE_KEY, T)?;
    for body in [&a, &b, &a] {
        assert_eq!(sender.post(&receiver.url, body).await?, 200);
    }
    for stream in ["a", "b", "a"] {
        assert_eq!(
            receiver.next().await?.common().stream.as_deref(),
            Some(stream)
        );
    }
    Ok(())
}

#[tokio::test]
async fn authentication_off_accepts_the_unsigned_body() -> TestResult {
    let sender = CallbackSender::new()?;
    let mut receiver = Receiver::start(Config::new(Verifier::authentication_disabled())).await?;
    let body = sender.unsigned(&EventBody::push_start(Layout::Nested));
    assert!(String::from_utf8_lossy(&body).contains(r#""sign":"""#));
    assert_eq!(sender.post(&receiver.url, &body).await?, 200);
    let event = receiver.next().await?;
    assert_eq!(event.common().t, Some(0));
    assert_eq!(event.event_type(), Some("push_start"));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 401, 400, 413

#[tokio::test]
async fn a_bad_or_missing_signature_is_401_and_not_handed_over() -> TestResult {
    let sender = CallbackSender::new()?;
    let mut receiver = Receiver::start(Config::new(verifier())).await?;
    let push = EventBody::push_start(Layout::Nested);
    // Signed with another key, and with `t` altered after signing.
    let foreign = sender.signed(&push, "my-callback-key", T)?;
    assert_eq!(sender.post(&receiver.url, &foreign).await?, 401);
    let signed: Value = serde_json::from_slice(&sender.signed(&push, API_EXAMPLE_KEY, T)?)?;
    let mut tampered = signed.clone();
    tampered["data"]["t"] = json!(T + 1);
    assert_eq!(
        sender
            .post(&receiver.url, tampered.to_string().as_bytes())
            .await?,
        401
    );
    // What a sender with authentication off sends, to a receiver with a key.
    let unsigned = sender.unsigned(&push);
    let (status, _, reason) = answer(&receiver.url, &unsigned).await?;
    assert_eq!(status, 401);
    assert!(reason.contains("no signature"), "{reason}");
    receiver.nothing_handled_before(&sender, "probe").await
}

#[tokio::test]
async fn an_expired_t_is_401() -> TestResult {
    let sender = CallbackSender::new()?;
    // The clock an hour after `t`: far past the 60 s of skew allowed.
    let late =
        Verifier::new(API_EXAMPLE_KEY).with_clock(|| UNIX_EPOCH + Duration::from_secs(T + 3600));
    let receiver = Receiver::start(Config::new(late)).await?;
    let body = sender.signed(&EventBody::push_start(Layout::Flat), API_EXAMPLE_KEY, T)?;
    let (status, _, reason) = answer(&receiver.url, &body).await?;
    assert_eq!(status, 401);
    assert!(reason.contains("expired at t = 1640850110"), "{reason}");
    // The same body within its validity is accepted: the 401 was the clock's doing.
    let mut on_time = Receiver::start(Config::new(verifier())).await?;
    assert_eq!(sender.post(&on_time.url, &body).await?, 200);
    on_time.next().await?;
    Ok(())
}

#[tokio::test]
async fn a_body_that_is_not_an_event_is_400() -> TestResult {
    let sender = CallbackSender::new()?;
    let mut receiver = Receiver::start(Config::new(verifier())).await?;
    for body in [
        b"{not json".as_slice(),
        b"",
        b"[1, 2]",
        b"\"push_start\"",
        b"null",
        b"{\"a\": 1} trailing",
    ] {
        let status = sender.post(&receiver.url, body).await?;
        assert_eq!(status, 400, "{}", String::from_utf8_lossy(body));
    }
    // Authenticated, but a field of push_start that cannot be read.
    let mut fields = push_start_fields();
    fields.insert("time".to_owned(), json!({"not": "a time"}));
    let body = sender.signed(&EventBody::new(Layout::Nested, fields), API_EXAMPLE_KEY, T)?;
    assert_eq!(sender.post(&receiver.url, &body).await?, 400);
    receiver.nothing_handled_before(&sender, "probe").await
}

#[tokio::test]
async fn an_oversized_body_is_413_and_the_limit_is_exact() -> TestResult {
    const LIMIT: usize = 64 * 1024;
    let sender = CallbackSender::new()?;
    let mut receiver = Receiver::start(Config::new(verifier().with_max_body_bytes(LIMIT))).await?;
    let signed = sender.signed(&EventBody::push_start(Layout::Nested), API_EXAMPLE_KEY, T)?;
    // JSON allows trailing white space: the same event padded to the limit, and one byte more.
    let padded = |len: usize| {
        let mut body = signed.clone();
        body.resize(len, b' ');
        body
    };
    assert_eq!(sender.post(&receiver.url, &padded(LIMIT)).await?, 200);
    receiver.next().await?;
    assert_eq!(sender.post(&receiver.url, &padded(LIMIT + 1)).await?, 413);
    assert_eq!(sender.post(&receiver.url, &padded(256 * LIMIT)).await?, 413);
    receiver.nothing_handled_before(&sender, "probe").await
}

/// The limit applies while the body is read: a declared length over it is answered before any
/// of the body is sent, and a chunked body is cut off once past it, while the sender is still
/// sending. Neither is buffered whole.
#[tokio::test]
async fn an_oversized_body_is_refused_before_it_has_all_arrived() -> TestResult {
    const LIMIT: usize = 64 * 1024;
    let receiver = Receiver::start(Config::new(verifier().with_max_body_bytes(LIMIT))).await?;
    let declared = b"POST / HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n\
        Content-Length: 1073741824\r\n\r\n{";
    let status = raw_status_line(&receiver.url, declared).await?;
    assert!(status.starts_with("HTTP/1.1 413"), "{status}");
    let mut chunked =
        b"POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    let chunk = vec![b' '; 16 * 1024];
    for _ in 0..5 {
        chunked.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        chunked.extend_from_slice(&chunk);
        chunked.extend_from_slice(b"\r\n");
    }
    // 80 KiB sent, no last chunk: the body has not ended.
    let status = raw_status_line(&receiver.url, &chunked).await?;
    assert!(status.starts_with("HTTP/1.1 413"), "{status}");
    Ok(())
}

#[tokio::test]
async fn a_body_that_never_arrives_is_408() -> TestResult {
    let config = Config {
        read_timeout: Duration::from_millis(300),
        ..Config::new(verifier())
    };
    let receiver = Receiver::start(config).await?;
    let started = Instant::now();
    let request = b"POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 100\r\n\r\n{\"a\":";
    let status = raw_status_line(&receiver.url, request).await?;
    assert!(status.starts_with("HTTP/1.1 408"), "{status}");
    assert!(started.elapsed() >= Duration::from_millis(300));
    Ok(())
}

#[tokio::test]
async fn refusals_carry_a_one_line_reason_without_secrets() -> TestResult {
    let sender = CallbackSender::new()?;
    let receiver = Receiver::start(Config::new(verifier().with_max_body_bytes(64 * 1024))).await?;
    let push = EventBody::push_start(Layout::Nested);
    let foreign_sign = sender
        .vectors()
        .sign("my-callback-key", &T.to_string())?
        .to_owned();
    let right_sign = sender
        .vectors()
        .sign(API_EXAMPLE_KEY, &T.to_string())?
        .to_owned();
    // The key and the sign also in the event type, where a message could echo them.
    let mut fields = push_start_fields();
    fields.insert(
        "event_type".to_owned(),
        json!(format!("{API_EXAMPLE_KEY} {foreign_sign}\nforged line")),
    );
    let cases: [(Vec<u8>, u16, &str); 5] = [
        (
            sender.signed(
                &EventBody::new(Layout::Nested, fields),
                "my-callback-key",
                T,
            )?,
            401,
            "callback (event_type",
        ),
        (sender.unsigned(&push), 401, "no signature"),
        (b"{\"data\": ".to_vec(), 400, "not JSON"),
        (b"[]".to_vec(), 400, "not a JSON object"),
        (
            vec![b' '; 100 * 1024],
            413,
            "exceeds the limit of 65536 bytes",
        ),
    ];
    for (body, expected, needle) in cases {
        let (status, content_type, reason) = answer(&receiver.url, &body).await?;
        assert_eq!(status, expected, "{reason}");
        assert!(content_type.starts_with("text/plain"), "{content_type}");
        assert!(reason.contains(needle), "{reason}");
        assert!(!reason.contains('\n') && reason.len() <= 1024, "{reason:?}");
        for secret in [API_EXAMPLE_KEY, &foreign_sign, &right_sign] {
            assert!(!reason.contains(secret), "{reason}");
        }
    }
    Ok(())
}

#[tokio::test]
async fn only_post_on_the_root_path() -> TestResult {
    let receiver = Receiver::start(Config::new(verifier())).await?;
    let client = volc_tests::local_http_client(WAIT)?;
    let get = client.get(&receiver.url).send().await?;
    assert_eq!(get.status().as_u16(), 405);
    let other = client
        .post(format!("{}elsewhere", receiver.url))
        .body("{}")
        .send()
        .await?;
    assert_eq!(other.status().as_u16(), 404);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// A slow or failing handler

#[tokio::test]
async fn the_answer_does_not_wait_for_a_slow_handler() -> TestResult {
    let sender = CallbackSender::new()?;
    let (started_tx, mut started) = mpsc::unbounded_channel();
    let (finished_tx, mut finished) = mpsc::unbounded_channel::<()>();
    let url = serve(Config::new(verifier()), move |event: Event| {
        let (started_tx, finished_tx) = (started_tx.clone(), finished_tx.clone());
        async move {
            let _ = started_tx.send(event.common().stream.clone());
            tokio::time::sleep(Duration::from_secs(5)).await;
            let _ = finished_tx.send(());
        }
    })
    .await?;
    let first = sender.signed(&event_on(Layout::Nested, "first"), API_EXAMPLE_KEY, T)?;
    let second = sender.signed(&event_on(Layout::Nested, "second"), API_EXAMPLE_KEY, T)?;
    let posted = Instant::now();
    assert_eq!(sender.post(&url, &first).await?, 200);
    let first_answer = posted.elapsed();
    // The handler has the event and is sleeping: the answer came before it finished.
    let stream = timeout(WAIT, started.recv()).await?.flatten();
    assert_eq!(stream.as_deref(), Some("first"));
    // The second waits in the queue behind the sleeping handler, and is answered at once too.
    let posted = Instant::now();
    assert_eq!(sender.post(&url, &second).await?, 200);
    let second_answer = posted.elapsed();
    assert!(finished.try_recv().is_err(), "the handler finished already");
    for elapsed in [first_answer, second_answer] {
        assert!(
            elapsed < Duration::from_secs(2),
            "answered after {elapsed:?}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn a_full_queue_is_503_and_the_retry_is_accepted() -> TestResult {
    let sender = CallbackSender::new()?;
    let gate = Arc::new(Semaphore::new(0));
    let (handled_tx, mut handled): (_, Steps) = mpsc::unbounded_channel();
    let config = Config {
        queue_capacity: 1,
        ..Config::new(verifier())
    };
    let handler_gate = Arc::clone(&gate);
    let url = serve(config, move |event: Event| {
        let (gate, handled_tx) = (Arc::clone(&handler_gate), handled_tx.clone());
        async move {
            let stream = event.common().stream.clone();
            let _ = handled_tx.send(("started", stream.clone()));
            // Held until the test opens the gate.
            if let Ok(permit) = gate.acquire().await {
                permit.forget();
            }
            let _ = handled_tx.send(("finished", stream));
        }
    })
    .await?;
    let body = |stream: &str| sender.signed(&event_on(Layout::Nested, stream), API_EXAMPLE_KEY, T);
    let (a, b, c) = (body("a")?, body("b")?, body("c")?);
    assert_eq!(sender.post(&url, &a).await?, 200);
    // `a` is with the handler, so the queue is empty again; `b` fills it.
    assert_eq!(next(&mut handled).await.as_deref(), Some("started a"));
    assert_eq!(sender.post(&url, &b).await?, 200);
    let (status, _, reason) = answer(&url, &c).await?;
    assert_eq!(status, 503);
    assert!(reason.contains("the queue is full (1 events)"), "{reason}");
    assert!(reason.contains(r#"stream="c""#), "{reason}");
    gate.add_permits(10);
    assert_eq!(next(&mut handled).await.as_deref(), Some("finished a"));
    assert_eq!(next(&mut handled).await.as_deref(), Some("started b"));
    assert_eq!(next(&mut handled).await.as_deref(), Some("finished b"));
    // The refused delivery was not remembered: its retry is a new delivery.
    assert_eq!(sender.post(&url, &c).await?, 200);
    assert_eq!(next(&mut handled).await.as_deref(), Some("started c"));
    Ok(())
}

type Steps = mpsc::UnboundedReceiver<(&'static str, Option<String>)>;

/// The next step the gated handler reports, as "started a" or "finished a".
async fn next(steps: &mut Steps) -> Option<String> {
    let got = timeout(WAIT, steps.recv()).await.ok().flatten();
    got.map(|(what, stream)| format!("{what} {}", stream.unwrap_or_default()))
}

#[tokio::test]
async fn a_panicking_handler_does_not_stop_the_worker() -> TestResult {
    let sender = CallbackSender::new()?;
    let (tx, mut handled) = mpsc::unbounded_channel();
    let url = serve(Config::new(verifier()), move |event: Event| {
        let tx = tx.clone();
        async move {
            let stream = event.common().stream.clone().unwrap_or_default();
            assert_ne!(stream, "boom", "the handler's own bug");
            let _ = tx.send(stream);
        }
    })
    .await?;
    for stream in ["boom", "after"] {
        let body = sender.signed(&event_on(Layout::Flat, stream), API_EXAMPLE_KEY, T)?;
        assert_eq!(sender.post(&url, &body).await?, 200);
    }
    let next = timeout(WAIT, handled.recv()).await?;
    assert_eq!(next.as_deref(), Some("after"));
    Ok(())
}
