//! `UpdateCallback` as the seed calls it, made valid: the seed passes both `Vhost` and `Domain`
//! (the API takes exactly one) and `App` beside `Domain`; this sends `Vhost` with `App`.
//!
//! Credentials come from the standard sources (`VOLC_ACCESSKEY` / `VOLC_SECRETKEY`, then
//! the profile `VOLC_PROFILE` names in `~/.volc/credentials`, then `~/.volc/config`), on the first
//! call. `VOLC_ENDPOINT` points the client elsewhere:
//!
//! ```sh
//! cargo run -p volc-tests --bin mock-live &   # a local gateway that checks signatures
//! VOLC_ENDPOINT=http://127.0.0.1:18080 VOLC_ACCESSKEY=AKTESTEXAMPLE VOLC_SECRETKEY=SKTESTEXAMPLE \
//!     cargo run -p volc-live-callback --example update_callback
//! ```

use std::process::ExitCode;

use volc_live_callback::{
    AppName, CallbackAuth, CallbackDetail, CallbackTarget, CallbackType, Client, Config,
    MessageType, TranscodeCallback,
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
    // Config::default() reads VOLC_REGION and VOLC_ENDPOINT.
    let client = Client::new(Config::default())?;

    let output = client
        .update_callback()
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
        .send()
        .await?;
    println!("{output:#?}");
    Ok(())
}
