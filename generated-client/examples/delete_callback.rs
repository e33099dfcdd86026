//! `DeleteCallback` as the seed calls it, made valid: the seed passes both `Vhost` and `Domain`
//! (the API takes exactly one); this sends `Vhost` with `App` and `MessageType`.
//!
//! Credentials come from the standard sources; `VOLC_ENDPOINT` points the client elsewhere (see
//! the `update_callback` example).

use std::process::ExitCode;

use volc_live_callback::{AppName, CallbackTarget, Client, Config, MessageType};

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
        .delete_callback()
        .target(CallbackTarget::Vhost {
            vhost: "push.live.example.com".into(),
            app: Some(AppName::new("live")?),
        })
        .message_type(MessageType::Push)
        .send()
        .await?;
    println!("{output:#?}");
    Ok(())
}
