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

use serde::{Deserialize, Deserializer, Serialize};

use crate::client::ServerClient;
use crate::error::{Error, Operation};
use crate::redact::{RedactedOptionUrl, RedactedUrl};
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
        }
    }
}

/// The server's hook URLs, as `GET /server` and `PUT /server` answer them.
/// Postmark answers an unset URL as `""`, read here as `None`; the other
/// settings in the answer are not kept.
///
/// `Debug` hides credentials, query and fragment of every URL.
///
/// ```
/// let server: postmark_webhooks::Server = serde_json::from_str(
///     r#"{"Name": "Production", "InboundHookUrl": "https://user:pw@example.com/inbound", "BounceHookUrl": ""}"#,
/// )?;
/// assert_eq!(server.inbound_hook_url.as_deref(), Some("https://user:pw@example.com/inbound"));
/// assert_eq!(server.bounce_hook_url, None);
/// assert!(!format!("{server:?}").contains("pw"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Server {
    /// Where Postmark POSTs each email that reaches the server's inbound
    /// address. It may carry Basic credentials (`https://user:pass@host/path`).
    #[serde(rename = "InboundHookUrl", default, deserialize_with = "empty_as_none")]
    pub inbound_hook_url: Option<String>,
    /// The legacy bounce hook URL (webhooks replace it).
    #[serde(rename = "BounceHookUrl", default, deserialize_with = "empty_as_none")]
    pub bounce_hook_url: Option<String>,
    /// The legacy open hook URL (webhooks replace it).
    #[serde(rename = "OpenHookUrl", default, deserialize_with = "empty_as_none")]
    pub open_hook_url: Option<String>,
    /// The legacy delivery hook URL (webhooks replace it).
    #[serde(
        rename = "DeliveryHookUrl",
        default,
        deserialize_with = "empty_as_none"
    )]
    pub delivery_hook_url: Option<String>,
    /// The legacy click hook URL (webhooks replace it).
    #[serde(rename = "ClickHookUrl", default, deserialize_with = "empty_as_none")]
    pub click_hook_url: Option<String>,
}

impl Server {
    /// Each hook URL by its Postmark field name, `InboundHookUrl` first,
    /// with credentials, query and fragment hidden: for logs and command
    /// output.
    ///
    /// ```
    /// let server: postmark_webhooks::Server =
    ///     serde_json::from_str(r#"{"InboundHookUrl": "https://in:pw@example.com/inbound?k=1"}"#)?;
    /// let urls = server.redacted_hook_urls();
    /// assert_eq!(urls[0], ("InboundHookUrl", Some("https://REDACTED@example.com/inbound?REDACTED".to_owned())));
    /// assert_eq!(urls[1], ("BounceHookUrl", None));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn redacted_hook_urls(&self) -> [(&'static str, Option<String>); 5] {
        let shown = |url: &Option<String>| url.as_deref().map(|u| RedactedUrl(u).to_string());
        [
            ("InboundHookUrl", shown(&self.inbound_hook_url)),
            ("BounceHookUrl", shown(&self.bounce_hook_url)),
            ("OpenHookUrl", shown(&self.open_hook_url)),
            ("DeliveryHookUrl", shown(&self.delivery_hook_url)),
            ("ClickHookUrl", shown(&self.click_hook_url)),
        ]
    }
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Server")
            .field(
                "inbound_hook_url",
                &RedactedOptionUrl(self.inbound_hook_url.as_deref()),
            )
            .field(
                "bounce_hook_url",
                &RedactedOptionUrl(self.bounce_hook_url.as_deref()),
            )
            .field(
                "open_hook_url",
                &RedactedOptionUrl(self.open_hook_url.as_deref()),
            )
            .field(
                "delivery_hook_url",
                &RedactedOptionUrl(self.delivery_hook_url.as_deref()),
            )
            .field(
                "click_hook_url",
                &RedactedOptionUrl(self.click_hook_url.as_deref()),
            )
            .finish()
    }
}

/// Decodes `null` and `""` as `None`.
fn empty_as_none<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.filter(|url| !url.is_empty()))
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
        self
    }

    async fn run<H: Hold>(self) -> Result<Response<Server>, Error> {
        let op = Operation::EditCurrentServer;
        if let Some(url) = &self.body.inbound_hook_url {
            validate::http_url("inbound_hook_url", url).map_err(|e| e.during(op))?;
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
