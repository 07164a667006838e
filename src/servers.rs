//! The servers of an account (Postmark's account API): the [`Servers`]
//! handle, its two operations, and the [`Server`] and [`ApiToken`] they
//! answer.

use std::fmt;
use std::future::IntoFuture;

use futures_util::future::BoxFuture;
use serde::{Deserialize, Serialize};

use crate::client::AccountClient;
use crate::error::{Error, InvalidInput, Operation};
use crate::model::null_as_default;
use crate::redact::{REDACTED, RedactedOptionUrl, RedactedUrl};
use crate::transport::{Boxed, Hold, call};

/// How many servers one `GET /servers` asks for: Postmark's other paged
/// lists take at most 500 a request (the servers page states no maximum).
const PAGE_SIZE: i64 = 500;

/// One of a server's API tokens (a server token): a secret. `Debug` and
/// `Display` show `<redacted>`; [`expose`](Self::expose) gives the value.
/// It serializes as the plain string, as Postmark sends it.
///
/// ```
/// let token: postmark_webhooks::ApiToken = serde_json::from_str(r#""abc-123""#).unwrap();
/// assert_eq!(token.expose(), "abc-123");
/// assert_eq!(format!("{token:?} {token}"), r#""<redacted>" <redacted>"#);
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ApiToken(String);

impl ApiToken {
    /// A token with this value.
    ///
    /// ```
    /// let token = postmark_webhooks::ApiToken::new("abc-123");
    /// assert_eq!(token.expose(), "abc-123");
    /// ```
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The token itself, to authenticate with (see
    /// [`AccountClient::server_client`]). Never log it.
    ///
    /// ```
    /// let token = postmark_webhooks::ApiToken::new("abc-123");
    /// let client = postmark_webhooks::ServerClient::new(token.expose())?;
    /// # Ok::<(), postmark_webhooks::Error>(())
    /// ```
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&REDACTED, f)
    }
}

impl fmt::Display for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A server of the account, as the account API answers it: its ID, name,
/// API tokens and settings. Fields Postmark leaves out, sends as `null` or
/// adds later never fail a decode; every field but `ID` and `Name` is
/// optional.
///
/// `Debug` hides the API tokens and any credentials or query of the hook
/// URLs.
///
/// ```
/// let server: postmark_webhooks::Server = serde_json::from_str(r#"{
///     "ID": 1, "Name": "Production01", "ApiTokens": ["server token"],
///     "DeliveryType": "Live", "TrackLinks": "None", "SomethingNew": 3
/// }"#).unwrap();
/// assert_eq!((server.id, server.name.as_str()), (1, "Production01"));
/// assert_eq!(server.api_tokens[0].expose(), "server token");
/// assert_eq!(server.delivery_type.as_deref(), Some("Live"));
/// assert!(!format!("{server:?}").contains("server token"));
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Server {
    /// Postmark's ID of the server.
    #[serde(rename = "ID")]
    pub id: i64,
    /// The server's name, unique in the account.
    #[serde(rename = "Name")]
    pub name: String,
    /// The server's API tokens (server tokens). A new server has one.
    #[serde(rename = "ApiTokens", default, deserialize_with = "null_as_default")]
    pub api_tokens: Vec<ApiToken>,
    /// The colour of the server in Postmark's server list.
    #[serde(rename = "Color", default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// Whether SMTP is enabled on the server.
    #[serde(
        rename = "SmtpApiActivated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub smtp_api_activated: Option<bool>,
    /// Whether inbound webhook payloads carry the raw email.
    #[serde(
        rename = "RawEmailEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub raw_email_enabled: Option<bool>,
    /// The kind of environment: `Live` or `Sandbox` (more may come).
    #[serde(
        rename = "DeliveryType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub delivery_type: Option<String>,
    /// The URL of the server's page in Postmark.
    #[serde(
        rename = "ServerLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub server_link: Option<String>,
    /// The server's inbound email address.
    #[serde(
        rename = "InboundAddress",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub inbound_address: Option<String>,
    /// The URL Postmark POSTs inbound email to (it may carry Basic
    /// credentials); `None` when unset, which Postmark answers as `""`.
    #[serde(
        rename = "InboundHookUrl",
        default,
        deserialize_with = "empty_as_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub inbound_hook_url: Option<String>,
    /// The legacy bounce hook URL (the webhooks API replaces it); `None`
    /// when unset.
    #[serde(
        rename = "BounceHookUrl",
        default,
        deserialize_with = "empty_as_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub bounce_hook_url: Option<String>,
    /// The legacy open hook URL (the webhooks API replaces it); `None` when
    /// unset.
    #[serde(
        rename = "OpenHookUrl",
        default,
        deserialize_with = "empty_as_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub open_hook_url: Option<String>,
    /// The legacy delivery hook URL (the webhooks API replaces it); `None`
    /// when unset.
    #[serde(
        rename = "DeliveryHookUrl",
        default,
        deserialize_with = "empty_as_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub delivery_hook_url: Option<String>,
    /// The legacy click hook URL (the webhooks API replaces it); `None`
    /// when unset.
    #[serde(
        rename = "ClickHookUrl",
        default,
        deserialize_with = "empty_as_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub click_hook_url: Option<String>,
    /// Whether only the first open of a message by a recipient is posted.
    #[serde(
        rename = "PostFirstOpenOnly",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub post_first_open_only: Option<bool>,
    /// The inbound domain for MX setup; empty for none.
    #[serde(
        rename = "InboundDomain",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub inbound_domain: Option<String>,
    /// The inbound hash of the inbound address.
    #[serde(
        rename = "InboundHash",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub inbound_hash: Option<String>,
    /// The highest spam score of an inbound message before it is blocked.
    #[serde(
        rename = "InboundSpamThreshold",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub inbound_spam_threshold: Option<i64>,
    /// Whether open tracking is on for every message of the server.
    #[serde(
        rename = "TrackOpens",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub track_opens: Option<bool>,
    /// Link tracking for every message: `None`, `HtmlAndText`, `HtmlOnly`
    /// or `TextOnly` (more may come).
    #[serde(
        rename = "TrackLinks",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub track_links: Option<String>,
    /// Whether bounce webhooks carry the bounced message's content.
    #[serde(
        rename = "IncludeBounceContentInHook",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub include_bounce_content_in_hook: Option<bool>,
    /// Whether SMTP API errors are posted to the bounce webhook.
    #[serde(
        rename = "EnableSmtpApiErrorHooks",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enable_smtp_api_error_hooks: Option<bool>,
}

impl Server {
    /// The hook URLs by their Postmark names, credentials, query and
    /// fragment hidden: what a command may print.
    ///
    /// ```
    /// let server: postmark_webhooks::Server = serde_json::from_str(
    ///     r#"{"ID": 1, "Name": "Production01",
    ///         "InboundHookUrl": "https://user:secret@example.com/inbound", "BounceHookUrl": ""}"#,
    /// ).unwrap();
    /// let [(name, inbound), (_, bounce), ..] = server.redacted_hook_urls();
    /// assert_eq!(name, "InboundHookUrl");
    /// assert!(!inbound.unwrap().contains("secret"));
    /// assert_eq!(bounce, None);
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

    /// A server with this ID and name, its other fields unset: for tests
    /// and mocks.
    ///
    /// ```
    /// let server = postmark_webhooks::Server::new(7, "Staging");
    /// assert!(server.api_tokens.is_empty());
    /// ```
    pub fn new(id: i64, name: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
            api_tokens: Vec::new(),
            color: None,
            smtp_api_activated: None,
            raw_email_enabled: None,
            delivery_type: None,
            server_link: None,
            inbound_address: None,
            inbound_hook_url: None,
            bounce_hook_url: None,
            open_hook_url: None,
            delivery_hook_url: None,
            click_hook_url: None,
            post_first_open_only: None,
            inbound_domain: None,
            inbound_hash: None,
            inbound_spam_threshold: None,
            track_opens: None,
            track_links: None,
            include_bounce_content_in_hook: None,
            enable_smtp_api_error_hooks: None,
        }
    }
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Server")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("api_tokens", &self.api_tokens)
            .field("color", &self.color)
            .field("smtp_api_activated", &self.smtp_api_activated)
            .field("raw_email_enabled", &self.raw_email_enabled)
            .field("delivery_type", &self.delivery_type)
            .field("server_link", &self.server_link)
            .field("inbound_address", &self.inbound_address)
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
            .field("post_first_open_only", &self.post_first_open_only)
            .field("inbound_domain", &self.inbound_domain)
            .field("inbound_hash", &self.inbound_hash)
            .field("inbound_spam_threshold", &self.inbound_spam_threshold)
            .field("track_opens", &self.track_opens)
            .field("track_links", &self.track_links)
            .field(
                "include_bounce_content_in_hook",
                &self.include_bounce_content_in_hook,
            )
            .field(
                "enable_smtp_api_error_hooks",
                &self.enable_smtp_api_error_hooks,
            )
            .finish()
    }
}

/// The servers of an account. Get it from [`AccountClient::servers`].
///
/// ```no_run
/// # async fn run(account: postmark_webhooks::AccountClient) -> Result<(), postmark_webhooks::Error> {
/// let all = account.servers().list().await?;
/// let one = account.servers().get(all[0].id).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Servers<'a> {
    client: &'a AccountClient,
}

impl<'a> Servers<'a> {
    pub(crate) fn new(client: &'a AccountClient) -> Self {
        Self { client }
    }

    /// Lists every server of the account, reading page after page until
    /// Postmark's `TotalCount` is reached; add [`name`](ListServers::name)
    /// to filter by name.
    ///
    /// ```no_run
    /// # async fn run(account: postmark_webhooks::AccountClient) -> Result<(), postmark_webhooks::Error> {
    /// for server in account.servers().list().await? {
    ///     println!("{} {}", server.id, server.name);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn list(&self) -> ListServers<'a> {
        ListServers {
            client: self.client,
            name: None,
        }
    }

    /// Gets one server by ID.
    ///
    /// ```no_run
    /// # async fn run(account: postmark_webhooks::AccountClient) -> Result<(), postmark_webhooks::Error> {
    /// let server = account.servers().get(1).await?;
    /// println!("{} has {} token(s)", server.name, server.api_tokens.len());
    /// # Ok(())
    /// # }
    /// ```
    pub fn get(&self, id: i64) -> GetServer<'a> {
        GetServer {
            client: self.client,
            id,
        }
    }
}

/// Lists the account's servers, every page. Made by [`Servers::list`];
/// await it.
///
/// ```no_run
/// # async fn run(account: postmark_webhooks::AccountClient) -> Result<(), postmark_webhooks::Error> {
/// let servers = account.servers().list().name("Production").await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is awaited"]
pub struct ListServers<'a> {
    client: &'a AccountClient,
    name: Option<String>,
}

impl<'a> ListServers<'a> {
    /// Only the servers whose name matches `name`. Postmark may match a
    /// part of the name: compare [`Server::name`] when one exact name is
    /// meant.
    ///
    /// ```no_run
    /// # async fn run(account: postmark_webhooks::AccountClient) -> Result<(), postmark_webhooks::Error> {
    /// let staging = account.servers().list().name("Staging").await?;
    /// let exact: Vec<_> = staging.into_iter().filter(|s| s.name == "Staging").collect();
    /// # Ok(())
    /// # }
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sends the requests, one a page.
    ///
    /// ```no_run
    /// # async fn run(account: postmark_webhooks::AccountClient) -> Result<(), postmark_webhooks::Error> {
    /// let servers = account.servers().list().send().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send(self) -> Result<Vec<Server>, Error> {
        let op = Operation::ListServers;
        if self.name.as_deref().is_some_and(|n| n.trim().is_empty()) {
            return Err(InvalidInput::new("name", "must not be empty")
                .during(op)
                .into());
        }
        let raw = self.client.raw();
        let name = self.name.as_deref();
        let mut servers = Vec::new();
        loop {
            let offset = i64::try_from(servers.len()).unwrap_or(i64::MAX);
            let page = call(&raw.inner, op, || {
                let request = raw.list_servers().count(PAGE_SIZE).offset(offset);
                Boxed::hold(match name {
                    Some(name) => request.name(name).send(),
                    None => request.send(),
                })
            })
            .await
            .result?
            .into_inner();
            let got = page.servers.unwrap_or_default();
            let last = got.is_empty();
            servers.extend(got);
            if last || i64::try_from(servers.len()).unwrap_or(i64::MAX) >= page.total_count {
                return Ok(servers);
            }
        }
    }
}

impl<'a> IntoFuture for ListServers<'a> {
    type Output = Result<Vec<Server>, Error>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// Gets one server of the account. Made by [`Servers::get`]; await it.
///
/// ```no_run
/// # async fn run(account: postmark_webhooks::AccountClient) -> Result<(), postmark_webhooks::Error> {
/// let server = account.servers().get(1).send().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is awaited"]
pub struct GetServer<'a> {
    client: &'a AccountClient,
    id: i64,
}

impl GetServer<'_> {
    /// Sends the request.
    ///
    /// ```no_run
    /// # async fn run(account: postmark_webhooks::AccountClient) -> Result<(), postmark_webhooks::Error> {
    /// let server = account.servers().get(1).send().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send(self) -> Result<Server, Error> {
        let op = Operation::GetServer;
        if self.id <= 0 {
            return Err(InvalidInput::new("id", "must be a positive server ID")
                .during(op)
                .into());
        }
        let raw = self.client.raw();
        call(&raw.inner, op, || {
            Boxed::hold(raw.get_server().serverid(self.id).send())
        })
        .await
        .result
        .map(crate::transport::Response::into_inner)
    }
}

impl<'a> IntoFuture for GetServer<'a> {
    type Output = Result<Server, Error>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// A hook URL that Postmark answers as `""` when unset.
fn empty_as_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.filter(|url| !url.is_empty()))
}
