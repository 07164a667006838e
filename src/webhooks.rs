//! The [`Webhooks`] handle and one builder per operation.
//!
//! Builders are awaited directly (they implement [`IntoFuture`](std::future::IntoFuture), boxing
//! the call's future) or through `.send().await`, which allocates nothing of
//! its own. Arguments are checked when the builder is sent, before anything
//! goes out.

use crate::client::ServerClient;

/// The webhooks of one Postmark server. Get it from
/// [`ServerClient::webhooks`].
///
/// ```no_run
/// use postmark_webhooks::{ServerClient, triggers::{Open, Triggers}};
///
/// # async fn run() -> Result<(), postmark_webhooks::Error> {
/// let client = ServerClient::new("server-token")?;
/// let hooks = client.webhooks();
/// let created = hooks
///     .create("https://example.com/webhook")
///     .triggers(Triggers::new().open(Open::enabled()))
///     .await?;
/// let all = hooks.list().await?;
/// hooks.delete(created.id).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Webhooks<'a> {
    client: &'a ServerClient,
}

impl<'a> Webhooks<'a> {
    pub(crate) fn new(client: &'a ServerClient) -> Self {
        Self { client }
    }

    /// Lists the server's webhooks; add
    /// [`message_stream`](ListWebhooks::message_stream) for one stream's.
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// let all = client.webhooks().list().await?;
    /// let outbound = client.webhooks().list().message_stream("outbound").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn list(&self) -> ListWebhooks<'a> {
        ListWebhooks::new(self.client)
    }

    /// Gets one webhook by ID. A missing webhook is an error for which
    /// [`Error::is_not_found`](crate::Error::is_not_found) is true.
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// let webhook = client.webhooks().get(1234).await?;
    /// println!("{} posts opens: {}", webhook.url, webhook.triggers.open.enabled);
    /// # Ok(())
    /// # }
    /// ```
    pub fn get(&self, id: i64) -> GetWebhook<'a> {
        GetWebhook::new(self.client, id)
    }

    /// Creates a webhook that POSTs to `url`. Everything else is optional:
    /// the message stream defaults to `outbound`, and triggers that are not
    /// named take Postmark's default (disabled).
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
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn create(&self, url: impl Into<String>) -> CreateWebhook<'a> {
        CreateWebhook::new(self.client, url.into())
    }

    /// Edits a webhook. Only what is set on the builder is sent; everything
    /// else stays as it is. The message stream cannot change.
    ///
    /// ```no_run
    /// use postmark_webhooks::triggers::{Open, Triggers};
    ///
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// let edited = client.webhooks()
    ///     .edit(1234)
    ///     .triggers(Triggers::new().open(Open::disabled()))
    ///     .clear_http_headers()
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn edit(&self, id: i64) -> EditWebhook<'a> {
        EditWebhook::new(self.client, id)
    }

    /// Deletes a webhook.
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// client.webhooks().delete(1234).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn delete(&self, id: i64) -> DeleteWebhook<'a> {
        DeleteWebhook::new(self.client, id)
    }

    /// Asks Postmark to POST a test request for each enabled trigger of the
    /// webhook, and reports each answer. A `200` answer can still report
    /// failure: check [`WebhookVerification::success`](crate::WebhookVerification::success).
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// let verification = client.webhooks().verify(1234).await?;
    /// for result in &verification.results {
    ///     println!("{:?}: {:?}", result.trigger_type, result.status_code);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn verify(&self, id: i64) -> VerifyWebhook<'a> {
        VerifyWebhook::new(self.client, id)
    }

    /// Gets the webhook's delivery statistics over the last 24 hours.
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// let statistics = client.webhooks().statistics(1234).await?;
    /// println!("{}% of {} requests succeeded", statistics.metrics.success_rate, statistics.metrics.total_requests);
    /// for (trigger, status) in &statistics.statuses {
    ///     println!("{trigger}: {status}");
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn statistics(&self, id: i64) -> GetWebhookStatistics<'a> {
        GetWebhookStatistics::new(self.client, id)
    }
}

/// Gives a builder, from its `run` (the call, generic over where it holds
/// each attempt), `send_detailed`, `send` and an `IntoFuture` that boxes.
/// The examples start from `client.<handle>()` (default `webhooks`).
macro_rules! sendable {
    ($builder:ident => $output:ty, $example:literal) => {
        $crate::webhooks::sendable!($builder => $output, "webhooks", $example);
    };
    ($builder:ident => $output:ty, $handle:literal, $example:literal) => {
        impl<'a> $builder<'a> {
            /// Sends the request and returns the value with how it was
            /// obtained (the number of attempts).
            ///
            /// ```no_run
            /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
            #[doc = concat!("let response = client.", $handle, "().", $example, ".send_detailed().await?;")]
            /// println!("{} attempt(s)", response.attempts());
            /// # Ok(())
            /// # }
            /// ```
            pub fn send_detailed(
                self,
            ) -> impl Future<Output = Result<$crate::Response<$output>, $crate::Error>> + Send + 'a
            {
                self.run::<$crate::transport::Inline>()
            }

            /// Sends the request; the same as awaiting the builder, but
            /// without boxing.
            ///
            /// ```no_run
            /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
            #[doc = concat!("let value = client.", $handle, "().", $example, ".send().await?;")]
            /// # Ok(())
            /// # }
            /// ```
            pub fn send(self) -> impl Future<Output = Result<$output, $crate::Error>> + Send + 'a {
                use ::futures_util::FutureExt as _;
                self.run::<$crate::transport::Inline>()
                    .map(|result| result.map($crate::Response::into_inner))
            }
        }

        impl<'a> ::std::future::IntoFuture for $builder<'a> {
            type Output = Result<$output, $crate::Error>;
            type IntoFuture = ::futures_util::future::BoxFuture<'a, Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                use ::futures_util::FutureExt as _;
                Box::pin(
                    self.run::<$crate::transport::Boxed>()
                        .map(|result| result.map($crate::Response::into_inner)),
                )
            }
        }
    };
}

pub(crate) use sendable;

pub(crate) mod body;
mod create;
mod delete;
mod edit;
mod get;
mod list;
mod statistics;
mod verify;

pub use create::CreateWebhook;
pub use delete::{DeleteWebhook, Deleted};
pub use edit::EditWebhook;
pub use get::GetWebhook;
pub use list::ListWebhooks;
pub use statistics::GetWebhookStatistics;
pub use verify::VerifyWebhook;
