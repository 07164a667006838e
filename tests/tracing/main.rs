//! What reaches `tracing` output. A test binary of its own: a call site's
//! interest is cached process-wide when it is first hit, so a test elsewhere
//! in the process that hits it before a subscriber is installed would hide
//! its events from these tests.

#[cfg(feature = "mock")]
mod capture;
mod sync_tracing;
mod tracing_secrets;
