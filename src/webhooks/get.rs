//! The get operation: one webhook by ID.

use crate::client::ServerClient;
use crate::error::{Error, Operation};
use crate::model::Webhook;
use crate::transport::{Hold, Response, call};
use crate::validate;

/// Gets one webhook. Made by [`Webhooks::get`](crate::Webhooks::get); await it.
///
/// ```no_run
/// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
/// let webhook = client.webhooks().get(1234).send().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is awaited"]
pub struct GetWebhook<'a> {
    client: &'a ServerClient,
    id: i64,
}

impl<'a> GetWebhook<'a> {
    pub(super) fn new(client: &'a ServerClient, id: i64) -> Self {
        Self { client, id }
    }

    async fn run<H: Hold>(self) -> Result<Response<Webhook>, Error> {
        let op = Operation::GetWebhook;
        validate::webhook_id(self.id).map_err(|e| e.during(op))?;
        let raw = self.client.raw();
        call(&raw.inner, op, || {
            H::hold(raw.get_webhook().id(self.id).send())
        })
        .await
        .result
    }
}
sendable!(GetWebhook => Webhook, "get(1234)");
