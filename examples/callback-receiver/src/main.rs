//! `callback-receiver`: receives Volcengine Live callbacks over HTTP.
//!
//! Environment: `VOLC_CALLBACK_KEY` (the callback key, `AuthKeyPrimary`; not set: callbacks are
//! accepted without authentication), `LISTEN` (default `127.0.0.1:8080`). See the README.

use std::process::ExitCode;
use std::time::Duration;

use callback_receiver::{app, handle, Config, Settings};
use tokio::net::TcpListener;
use tracing::{info, warn};

/// How long queued events may take to be handled at shutdown.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(30);

fn main() -> ExitCode {
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("callback-receiver: {e}");
            return ExitCode::from(2);
        }
    };
    // One line per message on stdout, without colours.
    if let Err(e) = tracing_subscriber::fmt()
        .with_target(false)
        .with_writer(std::io::stdout)
        .try_init()
    {
        eprintln!("callback-receiver: cannot set up logging: {e}");
        return ExitCode::FAILURE;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("callback-receiver: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(serve(settings))
}

async fn serve(settings: Settings) -> ExitCode {
    let listener = match TcpListener::bind(settings.listen).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!(
                "callback-receiver: cannot listen on {}: {e}",
                settings.listen
            );
            return ExitCode::FAILURE;
        }
    };
    let address = match listener.local_addr() {
        Ok(address) => address,
        Err(e) => {
            eprintln!("callback-receiver: cannot read the address listened on: {e}");
            return ExitCode::FAILURE;
        }
    };
    if !settings.verifier.authentication_enabled() {
        warn!("VOLC_CALLBACK_KEY is not set: authentication is off, every well-formed callback is accepted");
    }
    let (router, worker) = app(Config::new(settings.verifier));
    let worker = tokio::spawn(worker.run(handle));
    info!("listening on http://{address}/");
    let served = axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await;
    // The router is gone: the worker handles what is still queued (already answered 200), then
    // ends.
    let drained = tokio::time::timeout(DRAIN_TIMEOUT, worker).await;
    if let Err(e) = served {
        eprintln!("callback-receiver: the server failed: {e}");
        return ExitCode::FAILURE;
    }
    if drained.is_err() {
        warn!(
            "the queued events were not all handled within {} s; the rest are dropped",
            DRAIN_TIMEOUT.as_secs()
        );
    }
    info!("stopped");
    ExitCode::SUCCESS
}

/// Ctrl-C, or SIGTERM on Unix.
async fn shutdown_signal() {
    let interrupt = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            warn!("cannot wait for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                terminate.recv().await;
            }
            Err(e) => {
                warn!("cannot wait for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    info!("shutting down: no new connections; handling what is queued");
}
