//! Any bytes through `WebhookEvent::from_slice`: an event or a typed error,
//! never a panic; an event serializes and parses back to itself.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    postmark_webhooks::fuzzing::event_parser(data);
});
