//! `DeleteCallback` as the seed calls it, made valid: the seed passes both `Vhost` and `Domain`
//! (the API takes exactly one); this sends `Vhost` with `App` and `MessageType`.
//!
//! Credentials come from the standard sources; `VOLC_ENDPOINT` points the client elsewhere (see
//! the `update_callback` example).

use std::process::ExitCode;

use volc_live_callback::{
    AppName, CallbackTarget, Client, Config, DeleteCallbackRequest, MessageType,
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

    let request = DeleteCallbackRequest::builder()
        .target(CallbackTarget::Vhost {
            vhost: "push.live.example.com".into(),
            app: Some(AppName::new("live")?),
        })
        .message_type(MessageType::Push)
        .build()?;

    let output = client.delete_callback(&request).await?;
    println!("{output:#?}");
    Ok(())
}
