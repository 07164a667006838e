//! The two newer operations that check a webhook rather than change it:
//! verify (test requests) and statistics.

use std::future::IntoFuture;

use super::BoxFuture;
use crate::client::ServerClient;
use crate::error::{Error, Operation};
use crate::statistics::WebhookStatistics;
use crate::transport::{Response, call};
use crate::validate;
use crate::verification::WebhookVerification;

/// Asks Postmark to POST a test request for each enabled trigger of a
/// webhook. Made by [`Webhooks::verify`](crate::Webhooks::verify); await it.
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

    /// Sends the request and returns the value with how it was obtained
    /// (the number of attempts). Like every POST, it is retried only when
    /// the connection failed before the request was sent.
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// let response = client.webhooks().verify(1234).send_detailed().await?;
    /// println!("{} attempt(s)", response.attempts());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send_detailed(self) -> Result<Response<WebhookVerification>, Error> {
        let op = Operation::VerifyWebhook;
        validate::webhook_id(self.id).map_err(|e| e.during(op))?;
        let raw = self.client.raw();
        call(&raw.inner, op, || raw.verify_webhook().id(self.id).send())
            .await
            .result
    }
}
awaitable!(VerifyWebhook => WebhookVerification, "verify(1234)");

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

    /// Sends the request and returns the value with how it was obtained
    /// (the number of attempts).
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// let response = client.webhooks().statistics(1234).send_detailed().await?;
    /// println!("{} attempt(s)", response.attempts());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send_detailed(self) -> Result<Response<WebhookStatistics>, Error> {
        let op = Operation::GetWebhookStatistics;
        validate::webhook_id(self.id).map_err(|e| e.during(op))?;
        let raw = self.client.raw();
        call(&raw.inner, op, || {
            raw.get_webhook_statistics().id(self.id).send()
        })
        .await
        .result
    }
}
awaitable!(GetWebhookStatistics => WebhookStatistics, "statistics(1234)");
