//! `DescribeCallback` as the seed calls it, made valid: the seed passes both `Vhost` and `Domain`
//! (the API takes exactly one) and `App` beside `Domain`; this sends `Vhost` with `App`.
//!
//! Credentials come from the standard sources; `VOLC_ENDPOINT` points the client elsewhere (see
//! the `update_callback` example).

use std::process::ExitCode;

use volc_live_callback::{
    AppName, CallbackTarget, Client, Config, DescribeCallbackRequest, MessageType,
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

    let request = DescribeCallbackRequest::builder()
        .target(CallbackTarget::Vhost {
            vhost: "push.example.com".into(),
            app: Some(AppName::new("Live")?),
        })
        .message_type(MessageType::Push)
        .build()?;

    let output = client.describe_callback(&request).await?;
    for config in &output.result.callback_list {
        println!("{config:#?}");
    }
    println!("RequestId: {}", output.response_metadata.request_id);
    Ok(())
}
