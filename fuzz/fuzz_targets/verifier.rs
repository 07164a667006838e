//! Any request through `Verifier::verify` (the input layout is documented
//! on `postmark_webhooks::receiver::fuzz_entry`): never a panic, never a
//! request accepted with wrong credentials, never a secret in a message.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    postmark_webhooks::receiver::fuzz_entry(data);
});
