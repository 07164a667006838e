//! The verify operation: Postmark POSTs a test request for each enabled
//! trigger of a webhook.

use crate::client::ServerClient;
use crate::error::{Error, Operation};
use crate::transport::{Hold, Response, call};
use crate::validate;
use crate::verification::WebhookVerification;

/// Asks Postmark to POST a test request for each enabled trigger of a
/// webhook. Made by [`Webhooks::verify`](crate::Webhooks::verify); await it.
/// Like every POST, it is retried only when the connection failed before the
/// request was sent.
///
/// ```no_run
/// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
/// let verification = client.webhooks().verify(1234).send().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is awaited"]
pub struct VerifyWebhook<'a> {
    client: &'a ServerClient,
    id: i64,
}

impl<'a> VerifyWebhook<'a> {
    pub(super) fn new(client: &'a ServerClient, id: i64) -> Self {
        Self { client, id }
    }

    async fn run<H: Hold>(self) -> Result<Response<WebhookVerification>, Error> {
        let op = Operation::VerifyWebhook;
        validate::webhook_id(self.id).map_err(|e| e.during(op))?;
        let raw = self.client.raw();
        call(&raw.inner, op, || {
            H::hold(raw.verify_webhook().id(self.id).send())
        })
        .await
        .result
    }
}
sendable!(VerifyWebhook => WebhookVerification, "verify(1234)");
