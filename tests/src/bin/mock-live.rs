//! A local Live gateway for trying the client and its examples by hand: it verifies every
//! signature like the real one, answers the callback actions, and prints each request's verdict.
//!
//! ```sh
//! cargo run -p volc-tests --bin mock-live -- [PORT]     # default 18080; keys AKTESTEXAMPLE / SKTESTEXAMPLE
//! ```

use std::process::ExitCode;
use std::time::Duration;

use volc_tests::mock_server::{MockConfig, MockServer};

#[tokio::main]
async fn main() -> ExitCode {
    let port = match std::env::args().nth(1).map(|p| p.parse::<u16>()) {
        None => 18080,
        Some(Ok(port)) => port,
        Some(Err(e)) => {
            eprintln!("usage: mock-live [PORT]: {e}");
            return ExitCode::from(2);
        }
    };
    let config = MockConfig::default();
    let server = match MockServer::start_on(port, config.clone()).await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "mock Live gateway on {} (access key {}, secret key {}, region {}); stop with Ctrl-C",
        server.url(),
        config.access_key_id,
        config.secret_access_key,
        config.region
    );
    let mut seen = 0;
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let requests = server.requests();
        for request in requests.iter().skip(seen) {
            println!(
                "{} {} Action={} signature={} -> {} ({})",
                request.method,
                request.path,
                request.action().unwrap_or("?"),
                if request.signature_verified {
                    "ok"
                } else {
                    "REJECTED"
                },
                request.status,
                request.request_id
            );
        }
        seen = requests.len();
    }
}
