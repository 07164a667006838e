//! The statistics operation: a webhook's delivery figures over the last 24
//! hours.

use crate::client::ServerClient;
use crate::error::{Error, Operation};
use crate::statistics::WebhookStatistics;
use crate::transport::{Hold, Response, call};
use crate::validate;

/// Gets a webhook's delivery statistics. Made by
/// [`Webhooks::statistics`](crate::Webhooks::statistics); await it.
///
/// ```no_run
/// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
/// let statistics = client.webhooks().statistics(1234).send().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is awaited"]
pub struct GetWebhookStatistics<'a> {
    client: &'a ServerClient,
    id: i64,
}

impl<'a> GetWebhookStatistics<'a> {
    pub(super) fn new(client: &'a ServerClient, id: i64) -> Self {
        Self { client, id }
    }

    async fn run<H: Hold>(self) -> Result<Response<WebhookStatistics>, Error> {
        let op = Operation::GetWebhookStatistics;
        validate::webhook_id(self.id).map_err(|e| e.during(op))?;
        let raw = self.client.raw();
        call(&raw.inner, op, || {
            H::hold(raw.get_webhook_statistics().id(self.id).send())
        })
        .await
        .result
    }
}
sendable!(GetWebhookStatistics => WebhookStatistics, "statistics(1234)");
