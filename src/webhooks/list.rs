//! The list operation: all of a server's webhooks, or one message stream's.

use crate::client::ServerClient;
use crate::error::{Error, Operation};
use crate::model::Webhook;
use crate::transport::{Hold, Response, call};
use crate::validate;

/// Lists webhooks. Made by [`Webhooks::list`](crate::Webhooks::list); await it.
///
/// ```no_run
/// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
/// let webhooks: Vec<postmark_webhooks::Webhook> = client.webhooks().list().send().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is awaited"]
pub struct ListWebhooks<'a> {
    client: &'a ServerClient,
    message_stream: Option<String>,
}

impl<'a> ListWebhooks<'a> {
    pub(super) fn new(client: &'a ServerClient) -> Self {
        Self {
            client,
            message_stream: None,
        }
    }

    /// Lists only the webhooks of this message stream. An unknown stream is
    /// an error, not an empty list.
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// let broadcast = client.webhooks().list().message_stream("broadcast").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn message_stream(mut self, message_stream: impl Into<String>) -> Self {
        self.message_stream = Some(message_stream.into());
        self
    }

    async fn run<H: Hold>(self) -> Result<Response<Vec<Webhook>>, Error> {
        let op = Operation::ListWebhooks;
        if let Some(stream) = &self.message_stream {
            validate::message_stream(stream).map_err(|e| e.during(op))?;
        }
        let raw = self.client.raw();
        let stream = self.message_stream.as_deref();
        let finished = call(&raw.inner, op, || {
            let request = raw.list_webhooks();
            H::hold(match stream {
                Some(stream) => request.message_stream(stream).send(),
                None => request.send(),
            })
        })
        .await;
        finished
            .result
            .map(|response| response.map(|list| list.webhooks.unwrap_or_default()))
    }
}
sendable!(ListWebhooks => Vec<Webhook>, "list()");
