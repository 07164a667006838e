//! Any request through `Receiver::accept` (the input layout is documented
//! on `postmark_webhooks::fuzzing::receiver`): never a panic, never a
//! request accepted with wrong credentials, never a secret in a message.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    postmark_webhooks::fuzzing::receiver(data);
});
