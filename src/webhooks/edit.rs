//! The edit operation.

use super::body::{Body, Shared, body_settings};
use crate::client::ServerClient;
use crate::error::{Error, Operation};
use crate::model::Webhook;
use crate::transport::{Hold, Response, call};
use crate::validate;

/// Edits a webhook. Made by [`Webhooks::edit`](crate::Webhooks::edit); await it.
///
/// Only what is set is sent; everything else stays as it is. The message
/// stream cannot change. `Debug` hides the password, header values and URL
/// credentials.
///
/// ```no_run
/// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
/// let edited = client.webhooks().edit(1234).url("https://example.com/new-hook").send().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is awaited"]
pub struct EditWebhook<'a> {
    client: &'a ServerClient,
    id: i64,
    body: Body,
}

impl<'a> EditWebhook<'a> {
    pub(super) fn new(client: &'a ServerClient, id: i64) -> Self {
        Self {
            client,
            id,
            body: Body::default(),
        }
    }

    /// A new URL.
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// client.webhooks().edit(1234).url("https://example.com/v2/hook").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.body.url = Some(url.into());
        self
    }

    /// Removes all custom headers (sends `"HttpHeaders": []`).
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// client.webhooks().edit(1234).clear_http_headers().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn clear_http_headers(mut self) -> Self {
        self.body.http_headers = Some(Vec::new());
        self
    }

    async fn run<H: Hold>(self) -> Result<Response<Webhook>, Error> {
        let op = Operation::EditWebhook;
        validate::webhook_id(self.id)
            .and_then(|()| self.body.check())
            .map_err(|e| e.during(op))?;
        let raw = self.client.raw();
        let body = Shared::new(self.body);
        call(&raw.inner, op, || {
            H::hold(
                raw.edit_webhook()
                    .id(self.id)
                    .body(Shared::clone(&body))
                    .send(),
            )
        })
        .await
        .result
    }
}
body_settings!(EditWebhook, "edit(1234)");
sendable!(EditWebhook => Webhook, "edit(1234).url(\"https://example.com/hook\")");
