//! The create operation.

use super::body::{Body, Shared, body_settings};
use crate::client::ServerClient;
use crate::error::{Error, Operation};
use crate::model::Webhook;
use crate::transport::{Hold, Response, call};

/// Creates a webhook. Made by [`Webhooks::create`](crate::Webhooks::create); await it.
///
/// `Debug` hides the password, header values and URL credentials.
///
/// ```no_run
/// use postmark_webhooks::triggers::{Bounce, Click, Delivery, Open, Triggers};
///
/// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
/// let created = client.webhooks()
///     .create("https://example.com/webhook")
///     .message_stream("outbound")
///     .http_auth("user", "secret")
///     .http_header("X-Webhook-Secret", "shared-secret")
///     .triggers(Triggers::new()
///         .open(Open::enabled().post_first_open_only(true))
///         .click(Click::enabled())
///         .bounce(Bounce::enabled().include_content(true))
///         .delivery(Delivery::disabled()))
///     .send()
///     .await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is awaited"]
pub struct CreateWebhook<'a> {
    client: &'a ServerClient,
    body: Body,
}

impl<'a> CreateWebhook<'a> {
    pub(super) fn new(client: &'a ServerClient, url: String) -> Self {
        let body = Body {
            url: Some(url),
            ..Body::default()
        };
        Self { client, body }
    }

    /// The message stream whose events are posted. Defaults to `outbound`.
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// client.webhooks().create("https://example.com/hook").message_stream("broadcast").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn message_stream(mut self, message_stream: impl Into<String>) -> Self {
        self.body.message_stream = Some(message_stream.into());
        self
    }

    async fn run<H: Hold>(self) -> Result<Response<Webhook>, Error> {
        let op = Operation::CreateWebhook;
        self.body.check().map_err(|e| e.during(op))?;
        let raw = self.client.raw();
        let body = Shared::new(self.body);
        call(&raw.inner, op, || {
            H::hold(raw.create_webhook().body(Shared::clone(&body)).send())
        })
        .await
        .result
    }
}
body_settings!(CreateWebhook, "create(\"https://example.com/hook\")");
sendable!(CreateWebhook => Webhook, "create(\"https://example.com/hook\")");
