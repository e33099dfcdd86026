// The seed's examples pass both Vhost and Domain; a target holds exactly one of them.
use volc_live_callback::CallbackTarget;

fn main() {
    let _ = CallbackTarget::Vhost {
        vhost: "push.example.com".into(),
        domain: "push.example.com".into(),
        app: None,
    };
}
