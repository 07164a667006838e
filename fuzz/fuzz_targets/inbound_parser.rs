//! Any bytes through `InboundMessage::from_slice`: a message or a typed
//! error, never a panic; a message serializes and parses back to itself.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    postmark_webhooks::fuzzing::inbound_parser(data);
});
