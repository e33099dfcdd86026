//! The work done for each accepted event: replace [`handle`] with yours.

use volc_live_callback::events::Event;

/// Handles one accepted event. A placeholder: replace its body with your work.
///
/// It runs on the worker task, one event at a time, after the delivery was answered 200, so it
/// may take as long as it needs; its answer does not reach the sender. The event was verified,
/// and a byte-for-byte repeat of a recent delivery is not handed over again, but a repeat may
/// still arrive after a restart or after the receiver forgot it: make the work idempotent (an
/// upsert keyed by stream and time rather than an insert, for example).
pub async fn handle(event: Event) {
    match event {
        Event::PushStart { common, fields } => {
            // A stream started: e.g. mark `common.stream` live from `fields.time_ms` on.
            let _ = (common, fields);
        }
        Event::Unknown { common, raw } => {
            // Every other event type, kept whole: `common.event_type` says which, `raw` holds
            // all its fields as JSON.
            let _ = (common, raw);
        }
        // `Event` is `#[non_exhaustive]`: a new version of the crate may type more events.
        _ => {}
    }
}
