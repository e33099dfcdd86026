//! `UpdateCallback` as the seed calls it, made valid: the seed passes both `Vhost` and `Domain`
//! (the API takes exactly one) and `App` beside `Domain`; this sends `Vhost` with `App`.
//!
//! Credentials come from the standard sources (`VOLC_ACCESSKEY` / `VOLC_SECRETKEY`, then
//! `~/.volc/credentials`, then `~/.volc/config`). `VOLC_ENDPOINT` points the client elsewhere:
//!
//! ```sh
//! cargo run -p volc-tests --bin mock-live &   # a local gateway that checks signatures
//! VOLC_ENDPOINT=http://127.0.0.1:18080 VOLC_ACCESSKEY=AKTESTEXAMPLE VOLC_SECRETKEY=SKTESTEXAMPLE \
//!     cargo run -p volc-live-callback --example update_callback
//! ```

use std::process::ExitCode;

use volc_live_callback::{
    AppName, CallbackAuth, CallbackDetail, CallbackTarget, CallbackType, Client, Config,
    MessageType, TranscodeCallback, UpdateCallbackRequest,
};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut config = Config::builder();
    if let Ok(endpoint) = std::env::var("VOLC_ENDPOINT") {
        config = config.endpoint(endpoint);
    }
    let client = Client::new(config.build())?;

    let request = UpdateCallbackRequest::builder()
        .target(CallbackTarget::Vhost {
            vhost: "push.example.com".into(),
            app: Some(AppName::new("example_app")?),
        })
        .auth(CallbackAuth::Disabled {
            auth_key_primary: Some("1622194197-0-0-5552*****e4e20387c6dc18afce****".into()),
        })
        .callback_detail_list([CallbackDetail::new(
            CallbackType::Http,
            "http://example.com/callback",
        )])
        .message_type(MessageType::Push)
        .transcode_callback(TranscodeCallback::Off)
        .build()?;

    let output = client.update_callback(&request).await?;
    println!("{output:#?}");
    Ok(())
}
