// "With Domain, no App": the Domain variant has no App.
use volc_live_callback::{AppName, CallbackTarget};

fn main() -> Result<(), volc_live_callback::ValidationError> {
    let _ = CallbackTarget::Domain {
        domain: "push.example.com".into(),
        app: Some(AppName::new("live")?),
    };
    Ok(())
}
