#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
mod error;
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;
mod model;
mod raw;
mod redact;
mod transport;
pub mod triggers;
mod validate;
mod webhooks;

pub use client::{
    ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, ServerClient,
};
pub use error::{
    ApiError, Deadline, DecodeError, Error, ErrorCode, InvalidInput, Operation, TimeoutError,
    TransportError,
};
pub use model::{
    BounceTrigger, ClickTrigger, DeliveryTrigger, HttpAuth, HttpHeader, OpenTrigger,
    SpamComplaintTrigger, SubscriptionChangeTrigger, Webhook, WebhookTriggers,
};
pub use webhooks::{
    BoxFuture, CreateWebhook, DeleteWebhook, EditWebhook, GetWebhook, ListWebhooks, Webhooks,
};
