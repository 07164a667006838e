//! [`ServerClient`], the entry point, [`AccountClient`] for the servers of an
//! account, and the [`ClientBuilder`] they share.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use crate::error::{Error, InvalidInput};
use crate::redact::{REDACTED, RedactedUrl};
use crate::retry::RetryPolicy;
use crate::servers::{Server, Servers};
use crate::transport::Transport;
use crate::validate;
use crate::webhooks::Webhooks;

/// The `User-Agent` unless [`ClientBuilder::user_agent`] sets another.
const DEFAULT_USER_AGENT: reqwest::header::HeaderValue = reqwest::header::HeaderValue::from_static(
    concat!("postmark-webhooks/", env!("CARGO_PKG_VERSION")),
);

/// Postmark's API, the default base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.postmarkapp.com";

/// The default time allowed for connecting to the server.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The default time allowed for one attempt, from sending the request to
/// reading its whole answer.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The default time allowed for a whole call, retries and waits included.
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(90);

/// The default largest answer read, in bytes. Postmark's answers are a few
/// kilobytes; a list of many webhooks stays far below this.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;

/// A client for one Postmark server's API, authenticated with that server's
/// token.
///
/// Cloning is cheap and clones share one connection pool: build one client
/// and clone it where it is needed.
///
/// ```no_run
/// use postmark_webhooks::ServerClient;
///
/// # async fn run() -> Result<(), postmark_webhooks::Error> {
/// let client = ServerClient::new("server-token")?;
/// for webhook in client.webhooks().list().await? {
///     println!("{} {} {}", webhook.id, webhook.message_stream, webhook.url);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct ServerClient {
    raw: Arc<crate::raw::Client>,
}

impl ServerClient {
    /// A client for Postmark's API with default settings.
    ///
    /// Fails with [`Error::InvalidInput`] if the token is empty or cannot be
    /// sent as a header.
    ///
    /// ```
    /// let client = postmark_webhooks::ServerClient::new("server-token")?;
    /// assert_eq!(client.base_url(), "https://api.postmarkapp.com");
    /// # Ok::<(), postmark_webhooks::Error>(())
    /// ```
    pub fn new(token: impl Into<String>) -> Result<Self, Error> {
        Self::builder(token).build()
    }

    /// A builder for a client with other settings: another base URL,
    /// timeouts, a user agent.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let client = postmark_webhooks::ServerClient::builder("server-token")
    ///     .base_url("http://127.0.0.1:8080")
    ///     .timeout(Duration::from_secs(10))
    ///     .build()?;
    /// assert_eq!(client.base_url(), "http://127.0.0.1:8080");
    /// # Ok::<(), postmark_webhooks::Error>(())
    /// ```
    pub fn builder(token: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(token.into())
    }

    /// The webhooks of this server: list, get, create, edit and delete.
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// let webhook = client.webhooks().get(1234).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn webhooks(&self) -> Webhooks<'_> {
        Webhooks::new(self)
    }

    /// The settings of this server: its inbound hook URL, read and set.
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// client.server().edit().inbound_hook_url("https://user:secret@example.com/inbound").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn server(&self) -> crate::server::CurrentServer<'_> {
        crate::server::CurrentServer::new(self)
    }

    /// The base URL requests go to, without a trailing slash.
    ///
    /// ```
    /// let client = postmark_webhooks::ServerClient::builder("t").base_url("http://localhost:9000/").build()?;
    /// assert_eq!(client.base_url(), "http://localhost:9000");
    /// # Ok::<(), postmark_webhooks::Error>(())
    /// ```
    pub fn base_url(&self) -> &str {
        &self.raw.baseurl
    }

    pub(crate) fn raw(&self) -> &crate::raw::Client {
        &self.raw
    }
}

impl fmt::Debug for ServerClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerClient")
            .field("base_url", &self.base_url())
            .field("token", &REDACTED)
            .finish_non_exhaustive()
    }
}

/// A client for a Postmark account's API, authenticated with the account's
/// token (`X-Postmark-Account-Token`): it finds the account's servers, each
/// with its server tokens.
///
/// The account token reaches every server of the account, so it is treated
/// as the most sensitive secret here: it is sent only to the base URL, never
/// on a redirect, and never shown by `Debug`, errors or logs. Build it with
/// the same [`ClientBuilder`] settings as a [`ServerClient`].
///
/// ```no_run
/// use postmark_webhooks::AccountClient;
///
/// # async fn run() -> Result<(), postmark_webhooks::Error> {
/// let account = AccountClient::new("account-token")?;
/// for server in account.servers().list().await? {
///     let client = account.server_client(&server)?;
///     println!("{}: {} webhooks", server.name, client.webhooks().list().await?.len());
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct AccountClient {
    raw: Arc<crate::raw::Client>,
    /// The settings this client was built with, for its servers' clients.
    settings: ClientBuilder<ServerClient>,
}

impl AccountClient {
    /// A client for Postmark's account API with default settings.
    ///
    /// Fails with [`Error::InvalidInput`] if the token is empty or cannot be
    /// sent as a header.
    ///
    /// ```
    /// let account = postmark_webhooks::AccountClient::new("account-token")?;
    /// assert_eq!(account.base_url(), "https://api.postmarkapp.com");
    /// # Ok::<(), postmark_webhooks::Error>(())
    /// ```
    pub fn new(token: impl Into<String>) -> Result<Self, Error> {
        Self::builder(token).build()
    }

    /// A builder for a client with other settings, the same as
    /// [`ServerClient::builder`]'s. The clients of the account's servers
    /// ([`server_client`](Self::server_client)) take them too.
    ///
    /// ```
    /// let account = postmark_webhooks::AccountClient::builder("account-token")
    ///     .base_url("http://127.0.0.1:8080")
    ///     .build()?;
    /// assert_eq!(account.base_url(), "http://127.0.0.1:8080");
    /// # Ok::<(), postmark_webhooks::Error>(())
    /// ```
    pub fn builder(token: impl Into<String>) -> ClientBuilder<AccountClient> {
        ClientBuilder::new(token.into())
    }

    /// The servers of the account: list them, or get one by ID.
    ///
    /// ```no_run
    /// # async fn run(account: postmark_webhooks::AccountClient) -> Result<(), postmark_webhooks::Error> {
    /// let server = account.servers().get(1).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn servers(&self) -> Servers<'_> {
        Servers::new(self)
    }

    /// A client for one of the account's servers, authenticated with its
    /// first API token and built with this client's settings (base URL,
    /// timeouts, retries, user agent). Fails with [`Error::InvalidInput`]
    /// (field `ApiTokens`) if the server has no token.
    ///
    /// ```no_run
    /// # async fn run(account: postmark_webhooks::AccountClient) -> Result<(), postmark_webhooks::Error> {
    /// let server = account.servers().get(1).await?;
    /// let webhooks = account.server_client(&server)?.webhooks().list().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn server_client(&self, server: &Server) -> Result<ServerClient, Error> {
        let token = server.api_tokens.first().ok_or_else(|| {
            InvalidInput::new(
                "ApiTokens",
                "the server has no API token to authenticate with",
            )
        })?;
        let mut settings = self.settings.clone();
        settings.token = token.expose().to_owned();
        settings.build()
    }

    /// The base URL requests go to, without a trailing slash.
    ///
    /// ```
    /// let account = postmark_webhooks::AccountClient::builder("t").base_url("http://localhost:9000/").build()?;
    /// assert_eq!(account.base_url(), "http://localhost:9000");
    /// # Ok::<(), postmark_webhooks::Error>(())
    /// ```
    pub fn base_url(&self) -> &str {
        &self.raw.baseurl
    }

    pub(crate) fn raw(&self) -> &crate::raw::Client {
        &self.raw
    }
}

impl fmt::Debug for AccountClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccountClient")
            .field("base_url", &self.base_url())
            .field("token", &REDACTED)
            .finish_non_exhaustive()
    }
}

/// Settings for a [`ServerClient`] or an [`AccountClient`]. Every setting is
/// checked in `build`, which reports bad input as [`Error::InvalidInput`].
///
/// ```
/// use std::time::Duration;
/// use postmark_webhooks::{Error, ServerClient};
///
/// let err = ServerClient::builder("token").base_url("not a url").build().unwrap_err();
/// assert!(matches!(err, Error::InvalidInput(ref input) if input.field() == "base_url"));
///
/// let client = ServerClient::builder("token")
///     .connect_timeout(Duration::from_secs(3))
///     .timeout(Duration::from_secs(20))
///     .user_agent("my-app/1.0")
///     .build()?;
/// # Ok::<(), Error>(())
/// ```
#[must_use = "a builder does nothing until `build` is called"]
pub struct ClientBuilder<C = ServerClient> {
    token: String,
    base_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    total_timeout: Duration,
    retry_policy: RetryPolicy,
    max_response_bytes: usize,
    user_agent: Option<String>,
    allow_plain_http: bool,
    /// The client it builds.
    client: PhantomData<fn() -> C>,
}

impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        Self {
            token: self.token.clone(),
            base_url: self.base_url.clone(),
            user_agent: self.user_agent.clone(),
            ..*self
        }
    }
}

impl ClientBuilder<ServerClient> {
    /// Checks every setting and builds the client. Nothing is sent.
    ///
    /// ```
    /// let err = postmark_webhooks::ServerClient::builder("").build().unwrap_err();
    /// assert_eq!(err.to_string(), "invalid token: must not be empty");
    /// ```
    pub fn build(self) -> Result<ServerClient, Error> {
        let raw = self.build_raw("X-Postmark-Server-Token")?;
        Ok(ServerClient { raw: Arc::new(raw) })
    }
}

impl ClientBuilder<AccountClient> {
    /// Checks every setting and builds the account client. Nothing is sent.
    ///
    /// ```
    /// let err = postmark_webhooks::AccountClient::builder("").build().unwrap_err();
    /// assert_eq!(err.to_string(), "invalid token: must not be empty");
    /// ```
    pub fn build(self) -> Result<AccountClient, Error> {
        let raw = self.build_raw("X-Postmark-Account-Token")?;
        let settings = ClientBuilder {
            token: String::new(),
            base_url: self.base_url,
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            total_timeout: self.total_timeout,
            retry_policy: self.retry_policy,
            max_response_bytes: self.max_response_bytes,
            user_agent: self.user_agent,
            allow_plain_http: self.allow_plain_http,
            client: PhantomData,
        };
        Ok(AccountClient {
            raw: Arc::new(raw),
            settings,
        })
    }
}

impl<C> ClientBuilder<C> {
    fn new(token: String) -> Self {
        ClientBuilder {
            token,
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            total_timeout: DEFAULT_TOTAL_TIMEOUT,
            retry_policy: RetryPolicy::new(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            user_agent: None,
            allow_plain_http: false,
            client: PhantomData,
        }
    }

    /// Sends requests to this base URL instead of Postmark's, such as a
    /// [mock server](crate) or a proxy. It must be an absolute http(s) URL
    /// without credentials, query or fragment; a path prefix is kept. Plain
    /// `http` is accepted only for this machine (`localhost`, `127.0.0.0/8`,
    /// `[::1]`) unless [`danger_allow_plain_http`](Self::danger_allow_plain_http)
    /// says otherwise, since the server token would travel in clear.
    ///
    /// ```
    /// let client = postmark_webhooks::ServerClient::builder("t").base_url("https://proxy.example/postmark").build()?;
    /// assert_eq!(client.base_url(), "https://proxy.example/postmark");
    /// # Ok::<(), postmark_webhooks::Error>(())
    /// ```
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// The time allowed for one attempt, from sending the request to reading
    /// its whole answer. Defaults to [`DEFAULT_TIMEOUT`]. When it passes,
    /// the call is retried if the [retry policy](Self::retry_policy) allows,
    /// and otherwise fails with [`Deadline::Attempt`](crate::Deadline::Attempt).
    ///
    /// ```
    /// let builder = postmark_webhooks::ServerClient::builder("t").timeout(std::time::Duration::from_secs(5));
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time allowed for a whole call, every attempt and wait included.
    /// Defaults to [`DEFAULT_TOTAL_TIMEOUT`]. No retry starts whose wait
    /// would end after it; when it passes during an attempt, the call fails
    /// with [`Deadline::Total`](crate::Deadline::Total).
    ///
    /// ```
    /// let builder = postmark_webhooks::ServerClient::builder("t").total_timeout(std::time::Duration::from_secs(20));
    /// ```
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = timeout;
        self
    }

    /// When and how often failed calls are retried. Defaults to
    /// [`RetryPolicy::new`]; [`RetryPolicy::disabled`] turns retries off.
    ///
    /// ```
    /// use postmark_webhooks::{RetryPolicy, ServerClient};
    /// let policy = RetryPolicy::builder().max_attempts(5).build()?;
    /// let builder = ServerClient::builder("t").retry_policy(policy);
    /// # Ok::<(), postmark_webhooks::Error>(())
    /// ```
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = policy;
        self
    }

    /// The largest answer read, in bytes; a larger one fails with
    /// [`Error::ResponseTooLarge`] without being read into memory. Defaults
    /// to [`DEFAULT_MAX_RESPONSE_BYTES`].
    ///
    /// ```
    /// let builder = postmark_webhooks::ServerClient::builder("t").max_response_bytes(1 << 20);
    /// ```
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The time allowed for connecting. Defaults to
    /// [`DEFAULT_CONNECT_TIMEOUT`].
    ///
    /// ```
    /// let builder = postmark_webhooks::ServerClient::builder("t").connect_timeout(std::time::Duration::from_secs(2));
    /// ```
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Allows a plain `http` base URL for a host other than this machine,
    /// which sends the server token and webhook passwords in clear over the
    /// network. Off by default; only for a trusted network, such as a test
    /// server in another container.
    ///
    /// ```
    /// let client = postmark_webhooks::ServerClient::builder("t")
    ///     .base_url("http://postmark-mock:8080")
    ///     .danger_allow_plain_http(true)
    ///     .build()?;
    /// # Ok::<(), postmark_webhooks::Error>(())
    /// ```
    pub fn danger_allow_plain_http(mut self, allow: bool) -> Self {
        self.allow_plain_http = allow;
        self
    }

    /// The `User-Agent` header. Defaults to `postmark-webhooks/<version>`.
    ///
    /// ```
    /// let builder = postmark_webhooks::ServerClient::builder("t").user_agent("billing-service/2.3");
    /// ```
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Checks every setting and builds the generated client, with the token
    /// in `header`.
    fn build_raw(&self, header: &'static str) -> Result<crate::raw::Client, Error> {
        let token = validate::token(&self.token)?;
        let base_url = validate::http_url("base_url", &self.base_url)?;
        if !base_url.username().is_empty() || base_url.password().is_some() {
            return Err(InvalidInput::new(
                "base_url",
                "must not carry credentials; the token authenticates",
            )
            .into());
        }
        if base_url.query().is_some() || base_url.fragment().is_some() {
            return Err(InvalidInput::new("base_url", "must not have a query or fragment").into());
        }
        if base_url.scheme() == "http" && !self.allow_plain_http && !is_this_machine(&base_url) {
            return Err(InvalidInput::new(
                "base_url",
                "must use https for a host other than this machine; \
                 `danger_allow_plain_http(true)` allows plain http",
            )
            .into());
        }
        for (field, value) in [
            ("timeout", self.timeout),
            ("connect_timeout", self.connect_timeout),
            ("total_timeout", self.total_timeout),
        ] {
            if value.is_zero() {
                return Err(InvalidInput::new(field, "must be longer than zero").into());
            }
        }
        if self.max_response_bytes == 0 {
            return Err(InvalidInput::new("max_response_bytes", "must be more than zero").into());
        }
        let user_agent = match &self.user_agent {
            None => DEFAULT_USER_AGENT,
            Some(custom) => reqwest::header::HeaderValue::from_str(custom).map_err(|_| {
                InvalidInput::new("user_agent", "must not contain control characters")
            })?,
        };

        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(header, token);
        headers.insert(reqwest::header::USER_AGENT, user_agent);
        let http = reqwest::Client::builder()
            .default_headers(headers)
            // The token is a default header: a followed redirect would carry
            // it (and a create's passwords) to wherever `Location` points.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(self.connect_timeout)
            // Bounds each attempt, from connecting to reading the last byte
            // of the answer.
            .timeout(self.timeout)
            .build()
            .map_err(|e| {
                InvalidInput::new("client", format!("the HTTP client could not be built: {e}"))
            })?;
        let raw = crate::raw::Client::new_with_client(
            base_url.as_str().trim_end_matches('/'),
            http,
            Transport {
                policy: self.retry_policy,
                attempt_timeout: self.timeout,
                total_timeout: self.total_timeout,
                max_response_bytes: self.max_response_bytes,
            },
        );
        Ok(raw)
    }
}

/// Whether a URL's host is this machine: `localhost` or a loopback address.
fn is_this_machine(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let ip = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || ip
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &REDACTED)
            .field("base_url", &RedactedUrl(&self.base_url))
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("total_timeout", &self.total_timeout)
            .field("retry_policy", &self.retry_policy)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("user_agent", &self.user_agent)
            .field("allow_plain_http", &self.allow_plain_http)
            .finish()
    }
}
