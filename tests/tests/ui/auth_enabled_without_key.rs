// AuthKeyPrimary is required when AuthEnable is true: Enabled cannot be made without it.
use volc_live_callback::update_callback::CallbackAuth;

fn main() {
    let _ = CallbackAuth::Enabled {};
    let _ = CallbackAuth::enabled();
}
