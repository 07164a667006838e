//! The integration tests: one test binary, a module per capability.
//!
//! Tests that need a process of their own are separate binaries:
//! `tests/tracing/` installs `tracing` subscribers, whose call-site interest
//! is cached process-wide; `tests/mock_soak.rs` measures the resident memory
//! of the whole process.

// Shared helpers.
mod common;
mod event_fixtures;
#[cfg(feature = "mock")]
mod raw_http;
#[cfg(feature = "mock")]
mod receivers;
#[cfg(all(feature = "axum", any(feature = "redis", feature = "postgres")))]
mod shared_store;
#[cfg(feature = "mock")]
mod standalone;

// The client, one module per operation or concern.
mod create;
mod delete;
mod edit;
mod errors;
mod future_size;
mod get;
mod hardening;
mod input;
mod list;
mod redaction;
mod retries;
mod server;
mod servers;
mod spec_examples;
mod triggers;
mod verify;

// Event payloads and the receiving end.
mod events;
mod fuzz_corpus;
mod inbound;
mod receiver;
mod receiver_allowlist;
mod receiver_axum;
mod receiver_dedup;
mod receiver_example;
mod receiver_inbound;
mod receiver_postgres;
mod receiver_redis;

// The embedded mock server.
mod mock_cli;
mod mock_concurrency;
mod mock_delivery;
mod mock_faults;
mod mock_hardening;
mod mock_inbound;
mod mock_python;
mod mock_raw_http;
mod mock_rules;
mod mock_spec_conformance;
mod mock_standalone;
mod mock_verify;

// Webhooks as configuration and the command line.
mod cli;
mod cli_stats;
mod listen;
mod sync;
mod sync_account;
mod sync_file;
mod sync_inbound;
mod trigger;
