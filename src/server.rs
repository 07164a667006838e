//! The server the token belongs to: its inbound hook URL (`GET /server`,
//! `PUT /server`).
//!
//! Postmark POSTs every email that reaches a server's inbound address to
//! the server's `InboundHookUrl`, a server setting rather than a webhook.
//! The calls go through the same per-call loop as the webhooks': deadlines,
//! the size cap and the retry policy, which retries the `PUT` like a `GET`
//! (on connection failures, timeouts, 408, 429, 502, 503 and 504), since
//! sending the same URL twice leaves the server as sending it once.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::client::ServerClient;
use crate::error::{Error, Operation};
use crate::redact::RedactedOptionUrl;
use crate::servers::Server;
use crate::transport::{Hold, Response, call};
use crate::validate;
use crate::webhooks::sendable;

/// The hook settings of the server the token belongs to. Get it from
/// [`ServerClient::server`].
///
/// ```no_run
/// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
/// client.server().edit().inbound_hook_url("https://user:secret@example.com/inbound").await?;
/// let server = client.server().get().await?;
/// assert!(server.inbound_hook_url.is_some());
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct CurrentServer<'a> {
    client: &'a ServerClient,
}

impl<'a> CurrentServer<'a> {
    pub(crate) fn new(client: &'a ServerClient) -> Self {
        Self { client }
    }

    /// Reads the server's hook URLs (`GET /server`).
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// let server = client.server().get().await?;
    /// println!("{server:?}"); // credentials in the URLs are hidden
    /// # Ok(())
    /// # }
    /// ```
    pub fn get(&self) -> GetCurrentServer<'a> {
        GetCurrentServer {
            client: self.client,
        }
    }

    /// Edits the server's settings (`PUT /server`); only what is set on the
    /// builder is sent.
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// let server = client.server().edit().inbound_hook_url("https://example.com/inbound").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn edit(&self) -> EditCurrentServer<'a> {
        EditCurrentServer {
            client: self.client,
            body: ServerEdit::default(),
            clear: false,
        }
    }
}

/// The body of a server edit, in Postmark's JSON; what is `None` is left
/// out. The mock reads requests into it too. `Debug` hides URL credentials.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ServerEdit {
    #[serde(rename = "InboundHookUrl", skip_serializing_if = "Option::is_none")]
    pub(crate) inbound_hook_url: Option<String>,
}

impl fmt::Debug for ServerEdit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerEdit")
            .field(
                "inbound_hook_url",
                &RedactedOptionUrl(self.inbound_hook_url.as_deref()),
            )
            .finish()
    }
}

/// The body of one edit, shared by its attempts (`codegen/settings.rs`).
pub(crate) type SharedEdit = Arc<ServerEdit>;

/// Reads the server's hook URLs. Made by
/// [`CurrentServer::get`]; await it.
///
/// ```no_run
/// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
/// let server = client.server().get().send().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is awaited"]
pub struct GetCurrentServer<'a> {
    client: &'a ServerClient,
}

impl GetCurrentServer<'_> {
    async fn run<H: Hold>(self) -> Result<Response<Server>, Error> {
        let raw = self.client.raw();
        call(&raw.inner, Operation::GetCurrentServer, || {
            H::hold(raw.get_current_server().send())
        })
        .await
        .result
    }
}
sendable!(GetCurrentServer => Server, "server", "get()");

/// Edits the server's settings. Made by [`CurrentServer::edit`]; await it
/// for the server as it is afterwards.
///
/// The URL is checked before anything is sent. `Debug` hides its
/// credentials.
///
/// ```no_run
/// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
/// let server = client.server().edit().inbound_hook_url("https://example.com/inbound").send().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is awaited"]
pub struct EditCurrentServer<'a> {
    client: &'a ServerClient,
    body: ServerEdit,
    /// Whether the empty URL in `body` is a removal, sent unchecked.
    clear: bool,
}

impl EditCurrentServer<'_> {
    /// The URL that Postmark POSTs inbound email to: an absolute http(s)
    /// URL, which may carry Basic credentials (`https://user:pass@host/path`).
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// client.server().edit().inbound_hook_url("https://inbound:secret@example.com/inbound").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn inbound_hook_url(mut self, url: impl Into<String>) -> Self {
        self.body.inbound_hook_url = Some(url.into());
        self.clear = false;
        self
    }

    /// Removes the server's inbound hook: sends `"InboundHookUrl": ""`,
    /// which Postmark takes as no URL (inbound email is then not POSTed
    /// anywhere).
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// let server = client.server().edit().clear_inbound_hook_url().await?;
    /// assert_eq!(server.inbound_hook_url, None);
    /// # Ok(())
    /// # }
    /// ```
    pub fn clear_inbound_hook_url(mut self) -> Self {
        self.body.inbound_hook_url = Some(String::new());
        self.clear = true;
        self
    }

    async fn run<H: Hold>(self) -> Result<Response<Server>, Error> {
        let op = Operation::EditCurrentServer;
        if let Some(url) = self.body.inbound_hook_url.as_ref().filter(|_| !self.clear) {
            validate::check_http_url("inbound_hook_url", url).map_err(|e| e.during(op))?;
        }
        let raw = self.client.raw();
        let body = SharedEdit::new(self.body);
        call(&raw.inner, op, || {
            H::hold(
                raw.edit_current_server()
                    .body(SharedEdit::clone(&body))
                    .send(),
            )
        })
        .await
        .result
    }
}
sendable!(EditCurrentServer => Server, "server", "edit().inbound_hook_url(\"https://example.com/inbound\")");
