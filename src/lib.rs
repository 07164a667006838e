// The README is the crate's documentation; its examples use the embedded mock
// server, so it is compiled (and its examples tested) with the `mock` feature,
// as on docs.rs.
#![cfg_attr(feature = "mock", doc = include_str!("../README.md"))]
#![cfg_attr(
    not(feature = "mock"),
    doc = "A typed, reliable client for Postmark's webhooks API. Start with [`ServerClient`]; \
           build with the `mock` feature for the embedded Postmark-compatible server and the \
           full guide."
)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
mod error;
pub mod events;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub mod inbound;
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;
mod model;
mod open_enum;
mod raw;
pub mod receiver;
mod record_type;
mod redact;
mod retry;
mod server;
mod servers;
mod statistics;
#[cfg(feature = "sync")]
#[cfg_attr(docsrs, doc(cfg(feature = "sync")))]
pub mod sync;
mod timestamp;
mod transport;
pub mod triggers;
mod validate;
mod verification;
mod webhooks;

pub use client::{
    AccountClient, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, DEFAULT_TOTAL_TIMEOUT, ServerClient,
};
pub use error::{
    ApiError, Deadline, DecodeError, Error, ErrorCode, InvalidInput, Operation, ResponseTooLarge,
    TimeoutError, TransportError,
};
pub use futures_util::future::BoxFuture;
pub use model::{HttpAuth, HttpHeader, Webhook, WebhookStatus};
pub use record_type::{RecordType, UnknownRecordType};
pub use retry::{
    DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_BACKOFF, RetryPolicy,
    RetryPolicyBuilder,
};
pub use server::{CurrentServer, EditCurrentServer, GetCurrentServer};
pub use servers::{ApiToken, GetServer, ListServers, Server, Servers};
pub use statistics::{TimeRange, WebhookMetrics, WebhookStatistics};
pub use timestamp::Timestamp;
pub use transport::Response;
pub use triggers::WebhookTriggers;
pub use verification::{TriggerVerification, WebhookVerification};
pub use webhooks::{
    CreateWebhook, DeleteWebhook, Deleted, EditWebhook, GetWebhook, GetWebhookStatistics,
    ListWebhooks, VerifyWebhook, Webhooks,
};
