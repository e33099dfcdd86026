// A request can only be made by `build()`, which checks the rules.
use volc_live_callback::{CallbackTarget, MessageType, UpdateCallbackRequest};

fn main() {
    let _ = UpdateCallbackRequest {
        target: CallbackTarget::vhost("push.example.com"),
        message_type: MessageType::Push,
        transcode_callback: None,
        callback_detail_list: Vec::new(),
        auth: None,
    };
}
