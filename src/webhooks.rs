//! The [`Webhooks`] handle and one builder per operation.
//!
//! Builders are awaited directly (they implement [`IntoFuture`]);
//! `.send().await` does the same. Arguments are checked when the builder is
//! awaited, before anything is sent.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;

use crate::client::ServerClient;
use crate::error::{Error, InvalidInput, Operation};
use crate::model::{HttpAuth, HttpHeader, Webhook};
use crate::raw::types;
use crate::redact::{RedactedOptionUrl, RedactedUrl};
use crate::transport::{Response, call};
use crate::triggers::Triggers;
use crate::validate;

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
        ListWebhooks {
            client: self.client,
            message_stream: None,
        }
    }

    /// Gets one webhook by ID. A missing webhook is an error for which
    /// [`Error::is_not_found`] is true.
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// let webhook = client.webhooks().get(1234).await?;
    /// println!("{} posts opens: {}", webhook.url, webhook.triggers.open.enabled);
    /// # Ok(())
    /// # }
    /// ```
    pub fn get(&self, id: i64) -> GetWebhook<'a> {
        GetWebhook {
            client: self.client,
            id,
        }
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
        CreateWebhook {
            client: self.client,
            url: url.into(),
            message_stream: None,
            http_auth: None,
            http_headers: None,
            triggers: None,
            verify: None,
        }
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
        EditWebhook {
            client: self.client,
            id,
            url: None,
            http_auth: None,
            http_headers: None,
            triggers: None,
            verify: None,
        }
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
        DeleteWebhook {
            client: self.client,
            id,
        }
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

/// A boxed, sendable future, the `IntoFuture` type of every builder.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Gives a builder `send` (its value without details) and makes it
/// awaitable through `send`.
macro_rules! awaitable {
    ($builder:ident => $output:ty, $example:literal) => {
        impl<'a> $builder<'a> {
            /// Sends the request; the same as awaiting the builder.
            ///
            /// ```no_run
            /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
            #[doc = concat!("let value = client.webhooks().", $example, ".send().await?;")]
            /// # Ok(())
            /// # }
            /// ```
            pub async fn send(self) -> Result<$output, Error> {
                self.send_detailed().await.map(Response::into_inner)
            }
        }

        impl<'a> IntoFuture for $builder<'a> {
            type Output = Result<$output, Error>;
            type IntoFuture = BoxFuture<'a, Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(async move { self.send_detailed().await.map(Response::into_inner) })
            }
        }
    };
}

mod checks;
pub use checks::{GetWebhookStatistics, VerifyWebhook};

/// Lists webhooks. Made by [`Webhooks::list`]; await it.
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

impl ListWebhooks<'_> {
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

    /// Sends the request and returns the value with how it was obtained
    /// (the number of attempts).
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// let response = client.webhooks().list().send_detailed().await?;
    /// println!("{} attempt(s)", response.attempts());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send_detailed(self) -> Result<Response<Vec<Webhook>>, Error> {
        let op = Operation::ListWebhooks;
        if let Some(stream) = &self.message_stream {
            validate::message_stream(stream).map_err(|e| e.during(op))?;
        }
        let raw = self.client.raw();
        let stream = self.message_stream.as_deref();
        let finished = call(&raw.inner, op, || {
            let request = raw.list_webhooks();
            match stream {
                Some(stream) => request.message_stream(stream).send(),
                None => request.send(),
            }
        })
        .await;
        finished
            .result
            .map(|response| response.map(|list| list.webhooks.unwrap_or_default()))
    }
}
awaitable!(ListWebhooks => Vec<Webhook>, "list()");

/// Gets one webhook. Made by [`Webhooks::get`]; await it.
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

impl GetWebhook<'_> {
    /// Sends the request and returns the value with how it was obtained
    /// (the number of attempts).
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// let response = client.webhooks().get(1234).send_detailed().await?;
    /// println!("{} attempt(s)", response.attempts());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send_detailed(self) -> Result<Response<Webhook>, Error> {
        let op = Operation::GetWebhook;
        validate::webhook_id(self.id).map_err(|e| e.during(op))?;
        let raw = self.client.raw();
        call(&raw.inner, op, || raw.get_webhook().id(self.id).send())
            .await
            .result
    }
}
awaitable!(GetWebhook => Webhook, "get(1234)");

/// Creates a webhook. Made by [`Webhooks::create`]; await it.
///
/// `Debug` hides the password, header values and URL credentials.
///
/// ```no_run
/// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
/// let created = client.webhooks().create("https://example.com/hook").send().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
#[must_use = "a request does nothing until it is awaited"]
pub struct CreateWebhook<'a> {
    client: &'a ServerClient,
    url: String,
    message_stream: Option<String>,
    http_auth: Option<HttpAuth>,
    http_headers: Option<Vec<HttpHeader>>,
    triggers: Option<Triggers>,
    verify: Option<bool>,
}

impl CreateWebhook<'_> {
    /// The message stream whose events are posted. Defaults to `outbound`.
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// client.webhooks().create("https://example.com/hook").message_stream("broadcast").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn message_stream(mut self, message_stream: impl Into<String>) -> Self {
        self.message_stream = Some(message_stream.into());
        self
    }

    /// HTTP Basic credentials for Postmark to send with every POST.
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// client.webhooks().create("https://example.com/hook").http_auth("user", "secret").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn http_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.http_auth = Some(HttpAuth::new(username, password));
        self
    }

    /// Adds a custom header for Postmark to send with every POST.
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// client.webhooks()
    ///     .create("https://example.com/hook")
    ///     .http_header("X-Webhook-Secret", "shared-secret")
    ///     .http_header("X-Source", "postmark")
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn http_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.http_headers
            .get_or_insert_with(Vec::new)
            .push(HttpHeader::new(name, value));
        self
    }

    /// Sets all custom headers at once, replacing any added before.
    ///
    /// ```no_run
    /// use postmark_webhooks::HttpHeader;
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// client.webhooks()
    ///     .create("https://example.com/hook")
    ///     .http_headers([HttpHeader::new("X-Webhook-Secret", "shared-secret")])
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn http_headers(mut self, headers: impl IntoIterator<Item = HttpHeader>) -> Self {
        self.http_headers = Some(headers.into_iter().collect());
        self
    }

    /// The triggers to enable or disable. Triggers that are not named take
    /// Postmark's default (disabled).
    ///
    /// ```no_run
    /// use postmark_webhooks::triggers::{Delivery, Triggers};
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// client.webhooks()
    ///     .create("https://example.com/hook")
    ///     .triggers(Triggers::new().delivery(Delivery::enabled()))
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn triggers(mut self, triggers: Triggers) -> Self {
        self.triggers = Some(triggers);
        self
    }

    /// Asks Postmark to POST a test request for each enabled trigger first,
    /// and to save the webhook only if the receiver answers each with HTTP
    /// 200 (else [`ErrorCode::VerificationFailed`](crate::ErrorCode::VerificationFailed)).
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// client.webhooks().create("https://example.com/hook").verify(true).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn verify(mut self, verify: bool) -> Self {
        self.verify = Some(verify);
        self
    }

    /// Sends the request and returns the value with how it was obtained
    /// (the number of attempts).
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// let response = client.webhooks().create("https://example.com/hook").send_detailed().await?;
    /// println!("{} attempt(s)", response.attempts());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send_detailed(self) -> Result<Response<Webhook>, Error> {
        let op = Operation::CreateWebhook;
        self.check().map_err(|e| e.during(op))?;
        let raw = self.client.raw();
        call(&raw.inner, op, || {
            raw.create_webhook().body(self.body()).send()
        })
        .await
        .result
    }

    fn check(&self) -> Result<(), InvalidInput> {
        validate::http_url("url", &self.url)?;
        if let Some(stream) = &self.message_stream {
            validate::message_stream(stream)?;
        }
        check_auth_and_headers(self.http_auth.as_ref(), self.http_headers.as_deref())
    }

    fn body(&self) -> types::CreateWebhookRequest {
        types::CreateWebhookRequest {
            url: self.url.clone(),
            message_stream: self.message_stream.clone(),
            http_auth: self.http_auth.clone(),
            http_headers: self.http_headers.clone(),
            triggers: self.triggers,
            verify: self.verify,
        }
    }
}
awaitable!(CreateWebhook => Webhook, "create(\"https://example.com/hook\")");

impl fmt::Debug for CreateWebhook<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateWebhook")
            .field("url", &RedactedUrl(&self.url))
            .field("message_stream", &self.message_stream)
            .field("http_auth", &self.http_auth)
            .field("http_headers", &self.http_headers)
            .field("triggers", &self.triggers)
            .field("verify", &self.verify)
            .finish_non_exhaustive()
    }
}

/// Edits a webhook. Made by [`Webhooks::edit`]; await it.
///
/// Only what is set is sent. `Debug` hides the password, header values and
/// URL credentials.
///
/// ```no_run
/// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
/// let edited = client.webhooks().edit(1234).url("https://example.com/new-hook").send().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
#[must_use = "a request does nothing until it is awaited"]
pub struct EditWebhook<'a> {
    client: &'a ServerClient,
    id: i64,
    url: Option<String>,
    http_auth: Option<HttpAuth>,
    http_headers: Option<Vec<HttpHeader>>,
    triggers: Option<Triggers>,
    verify: Option<bool>,
}

impl EditWebhook<'_> {
    /// A new URL.
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// client.webhooks().edit(1234).url("https://example.com/v2/hook").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// New HTTP Basic credentials.
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// client.webhooks().edit(1234).http_auth("user", "rotated-secret").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn http_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.http_auth = Some(HttpAuth::new(username, password));
        self
    }

    /// Adds a header to the new set of custom headers. The set replaces the
    /// webhook's headers as a whole.
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// client.webhooks().edit(1234).http_header("X-Webhook-Secret", "rotated").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn http_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.http_headers
            .get_or_insert_with(Vec::new)
            .push(HttpHeader::new(name, value));
        self
    }

    /// Sets the new custom headers at once, replacing any added before.
    ///
    /// ```no_run
    /// use postmark_webhooks::HttpHeader;
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// client.webhooks().edit(1234).http_headers([HttpHeader::new("X-A", "1")]).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn http_headers(mut self, headers: impl IntoIterator<Item = HttpHeader>) -> Self {
        self.http_headers = Some(headers.into_iter().collect());
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
        self.http_headers = Some(Vec::new());
        self
    }

    /// The triggers to change; triggers that are not named stay as they are.
    ///
    /// ```no_run
    /// use postmark_webhooks::triggers::{Click, Triggers};
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// client.webhooks().edit(1234).triggers(Triggers::new().click(Click::enabled())).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn triggers(mut self, triggers: Triggers) -> Self {
        self.triggers = Some(triggers);
        self
    }

    /// Asks Postmark to POST a test request for each enabled trigger of the
    /// edited webhook first, and to save the change only if the receiver
    /// answers each with HTTP 200 (else
    /// [`ErrorCode::VerificationFailed`](crate::ErrorCode::VerificationFailed)).
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// client.webhooks().edit(1234).url("https://example.com/v2/hook").verify(true).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn verify(mut self, verify: bool) -> Self {
        self.verify = Some(verify);
        self
    }

    /// Sends the request and returns the value with how it was obtained
    /// (the number of attempts).
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// let response = client.webhooks().edit(1234).url("https://example.com/hook").send_detailed().await?;
    /// println!("{} attempt(s)", response.attempts());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send_detailed(self) -> Result<Response<Webhook>, Error> {
        let op = Operation::EditWebhook;
        self.check().map_err(|e| e.during(op))?;
        let raw = self.client.raw();
        call(&raw.inner, op, || {
            raw.edit_webhook().id(self.id).body(self.body()).send()
        })
        .await
        .result
    }

    fn check(&self) -> Result<(), InvalidInput> {
        validate::webhook_id(self.id)?;
        if let Some(url) = &self.url {
            validate::http_url("url", url)?;
        }
        check_auth_and_headers(self.http_auth.as_ref(), self.http_headers.as_deref())
    }

    fn body(&self) -> types::EditWebhookRequest {
        types::EditWebhookRequest {
            url: self.url.clone(),
            http_auth: self.http_auth.clone(),
            http_headers: self.http_headers.clone(),
            triggers: self.triggers,
            verify: self.verify,
        }
    }
}
awaitable!(EditWebhook => Webhook, "edit(1234).url(\"https://example.com/hook\")");

impl fmt::Debug for EditWebhook<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EditWebhook")
            .field("id", &self.id)
            .field("url", &RedactedOptionUrl(self.url.as_deref()))
            .field("http_auth", &self.http_auth)
            .field("http_headers", &self.http_headers)
            .field("triggers", &self.triggers)
            .field("verify", &self.verify)
            .finish_non_exhaustive()
    }
}

/// Deletes a webhook. Made by [`Webhooks::delete`]; await it.
///
/// ```no_run
/// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
/// client.webhooks().delete(1234).send().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is awaited"]
pub struct DeleteWebhook<'a> {
    client: &'a ServerClient,
    id: i64,
}

impl DeleteWebhook<'_> {
    /// Sends the request and returns the value with how it was obtained
    /// (the number of attempts).
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// let response = client.webhooks().delete(1234).send_detailed().await?;
    /// println!("{} attempt(s)", response.attempts());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send_detailed(self) -> Result<Response<Deleted>, Error> {
        let op = Operation::DeleteWebhook;
        validate::webhook_id(self.id).map_err(|e| e.during(op))?;
        let raw = self.client.raw();
        let finished = call(&raw.inner, op, || raw.delete_webhook().id(self.id).send()).await;
        match finished.result {
            // An attempt whose answer was lost removed it; the retry found
            // nothing left to remove.
            Err(err) if err.is_not_found() && finished.answer_lost => {
                Ok(Response::new(Deleted::AlreadyGone, err.attempts()))
            }
            result => result.map(|response| response.map(|_| Deleted::Removed)),
        }
    }
}
awaitable!(DeleteWebhook => Deleted, "delete(1234)");

/// What a delete did.
///
/// Postmark has no idempotency keys, so when a `DELETE`'s answer is lost
/// (the connection broke or the attempt timed out) the client cannot know
/// whether it was applied; it retries. If the retry then finds no such
/// webhook, the call succeeds with [`Deleted::AlreadyGone`] rather than
/// failing with "not found": the webhook is gone, which is what was asked,
/// most likely removed by the lost attempt (or by another client in
/// between). A delete whose first answer is "not found" still fails with an
/// error for which [`Error::is_not_found`] is true.
///
/// ```no_run
/// use postmark_webhooks::Deleted;
/// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
/// match client.webhooks().delete(1234).await? {
///     Deleted::Removed => println!("removed"),
///     Deleted::AlreadyGone => println!("removed, though the first answer was lost"),
///     _ => {}
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Deleted {
    /// Postmark answered that it removed the webhook.
    Removed,
    /// An earlier attempt's answer was lost, and a retry found the webhook
    /// already gone.
    AlreadyGone,
}

fn check_auth_and_headers(
    auth: Option<&HttpAuth>,
    headers: Option<&[HttpHeader]>,
) -> Result<(), InvalidInput> {
    if let Some(auth) = auth {
        validate::basic_auth(&auth.username, &auth.password)?;
    }
    for header in headers.unwrap_or_default() {
        validate::http_header(&header.name, &header.value, auth.is_some())?;
    }
    Ok(())
}
