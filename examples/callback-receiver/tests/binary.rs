//! The `callback-receiver` binary as a user starts it: environment in, one line per delivery
//! out, a clear one-line error and a non-zero exit for a bad environment, a clean exit on
//! SIGTERM.
//!
//! The binary uses the system clock, so the signed event carries a `t` ten minutes from now, as
//! the service's do, signed with `CallbackKey::sign` (the vector table's `t` values are all far
//! in the past or the future; the signature itself is checked against the table in
//! `tests/receiver.rs` and in the workspace's tests).

use std::error::Error;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use volc_live_callback::events::CallbackKey;
use volc_tests::callback_sender::{CallbackSender, EventBody, Layout, API_EXAMPLE_KEY};

type TestResult = Result<(), Box<dyn Error>>;

const BINARY: &str = env!("CARGO_BIN_EXE_callback-receiver");
/// How long a test waits for a line or an exit before it fails.
const WAIT: Duration = Duration::from_secs(20);

/// The binary, running, with its stdout read line by line on a thread. Killed when dropped.
struct Running {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Running {
    fn start(key: Option<&str>) -> Result<Self, Box<dyn Error>> {
        let mut command = Command::new(BINARY);
        command
            .env("LISTEN", "127.0.0.1:0")
            .env_remove("VOLC_CALLBACK_KEY")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        if let Some(key) = key {
            command.env("VOLC_CALLBACK_KEY", key);
        }
        let mut child = command.spawn()?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Ok(Self {
            child,
            lines,
            seen: Vec::new(),
        })
    }

    /// The next line that contains `needle` (every line read is kept in `seen`).
    fn line_with(&mut self, needle: &str) -> Result<String, Box<dyn Error>> {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self
                .lines
                .recv_timeout(left)
                .map_err(|_| format!("no line with {needle:?}; printed: {:#?}", self.seen))?;
            self.seen.push(line.clone());
            if line.contains(needle) {
                return Ok(line);
            }
        }
    }

    /// The URL from the `listening on http://...` line.
    fn url(&mut self) -> Result<String, Box<dyn Error>> {
        let line = self.line_with("listening on http://")?;
        let (_, url) = line.split_once("listening on ").ok_or("no URL")?;
        Ok(url.trim().to_owned())
    }

    /// Sends SIGTERM and waits for the exit.
    #[cfg(unix)]
    fn terminate(&mut self) -> Result<ExitStatus, Box<dyn Error>> {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()?;
        assert!(status.success(), "kill: {status}");
        wait(&mut self.child)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits at most [`WAIT`] for `child` to exit.
fn wait(child: &mut Child) -> Result<ExitStatus, Box<dyn Error>> {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            return Err("the binary did not exit in time".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs the binary with these variables to its exit: the status, stdout and stderr.
fn run_to_exit(vars: &[(&str, &str)]) -> Result<(ExitStatus, String, String), Box<dyn Error>> {
    let mut command = Command::new(BINARY);
    command
        .env_remove("VOLC_CALLBACK_KEY")
        .env_remove("LISTEN")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in vars {
        command.env(name, value);
    }
    let mut child = command.spawn()?;
    let status = wait(&mut child)?;
    let mut stdout = String::new();
    let mut stderr = String::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_string(&mut stdout)?;
    }
    if let Some(mut err) = child.stderr.take() {
        err.read_to_string(&mut stderr)?;
    }
    Ok((status, stdout, stderr))
}

fn now() -> Result<u64, Box<dyn Error>> {
    Ok(SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs())
}

#[tokio::test]
async fn the_binary_accepts_a_signed_event_and_prints_one_line() -> TestResult {
    let mut receiver = Running::start(Some(API_EXAMPLE_KEY))?;
    let url = receiver.url()?;
    let sender = CallbackSender::new()?;
    let t = now()? + 600;
    let sign = CallbackKey::new(API_EXAMPLE_KEY).sign(t);
    let body = EventBody::push_start(Layout::Nested)
        .to_value(&sign, &t.to_string())
        .to_string();
    assert_eq!(sender.post(&url, body.as_bytes()).await?, 200);
    let accepted = receiver.line_with("accepted")?;
    assert!(
        accepted.contains(&format!(
            r#"accepted event_type="push_start" stream="stream-123456" t={t}"#
        )),
        "{accepted}"
    );
    // The retry: acknowledged, a line of its own, not accepted again.
    assert_eq!(sender.post(&url, body.as_bytes()).await?, 200);
    receiver.line_with("repeat event_type=\"push_start\"")?;
    // Signed with another key: refused, and logged with its status and reason.
    let forged_sign = CallbackKey::new("another-key").sign(t);
    let forged = EventBody::push_start(Layout::Flat)
        .to_value(&forged_sign, &t.to_string())
        .to_string();
    assert_eq!(sender.post(&url, forged.as_bytes()).await?, 401);
    let refused = receiver.line_with("refused 401")?;
    assert!(refused.contains("is not the signature"), "{refused}");
    #[cfg(unix)]
    {
        let status = receiver.terminate()?;
        assert!(status.success(), "{status}");
        receiver.line_with("stopped")?;
    }
    let printed = receiver.seen.join("\n");
    assert_eq!(printed.matches("accepted").count(), 1, "{printed}");
    for secret in [API_EXAMPLE_KEY, &sign, &forged_sign] {
        assert!(!printed.contains(secret), "{printed}");
    }
    Ok(())
}

#[tokio::test]
async fn without_a_key_the_binary_says_so_and_accepts_unsigned_events() -> TestResult {
    let mut receiver = Running::start(None)?;
    receiver.line_with("authentication is off")?;
    let url = receiver.url()?;
    let sender = CallbackSender::new()?;
    let body = sender.unsigned(&EventBody::push_start(Layout::Flat));
    assert_eq!(sender.post(&url, &body).await?, 200);
    let accepted = receiver.line_with("accepted")?;
    assert!(
        accepted.contains(r#"stream="stream-123456" t=0"#),
        "{accepted}"
    );
    Ok(())
}

/// A bad environment: exit code 2 and one line on stderr that names the variable.
#[test]
fn a_bad_environment_exits_2_with_one_line() -> TestResult {
    let cases: [(&[(&str, &str)], &str); 4] = [
        (&[("LISTEN", "not-an-address")], "LISTEN=\"not-an-address\""),
        (
            &[("LISTEN", "localhost:8080")],
            "is not an IP address and port",
        ),
        (
            &[("VOLC_CALLBACK_KEY", "")],
            "VOLC_CALLBACK_KEY is set but empty",
        ),
        (
            &[("VOLC_CALLBACK_KEY", "s3cret-key\n")],
            "VOLC_CALLBACK_KEY starts or ends with whitespace",
        ),
    ];
    for (vars, needle) in cases {
        let (status, stdout, stderr) = run_to_exit(vars)?;
        assert_eq!(status.code(), Some(2), "{vars:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr:?}");
        assert!(stderr.starts_with("callback-receiver: "), "{stderr}");
        assert!(stderr.contains(needle), "{stderr}");
        assert!(
            !stderr.contains("s3cret") && !stderr.contains("panicked"),
            "{stderr}"
        );
        assert!(stdout.is_empty(), "{stdout}");
    }
    Ok(())
}

#[test]
fn an_address_in_use_exits_1_with_one_line() -> TestResult {
    let taken = std::net::TcpListener::bind("127.0.0.1:0")?;
    let address = taken.local_addr()?.to_string();
    let (status, _, stderr) = run_to_exit(&[("LISTEN", &address)])?;
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr:?}");
    assert!(
        stderr.starts_with(&format!("callback-receiver: cannot listen on {address}: ")),
        "{stderr}"
    );
    Ok(())
}
