//! An embedded, stateful, Postmark-compatible webhooks API server for tests,
//! examples and local development (feature `mock`).
//!
//! It keeps webhooks per server token and enforces Postmark's rules with
//! Postmark's error codes: tokens (10), message streams (1226, 1350, 1351),
//! URLs (1354), bodies (402, 403, 1355), IDs (1356, 1357), header names
//! (1358), the ten-per-stream limit (1359), the Bounce trigger on
//! non-transactional streams (1353), `Accept` and `Content-Type` (415),
//! and failed verification (1364).
//! Every server starts with the streams `outbound` (transactional),
//! `broadcast` (broadcasts) and `inbound`.
//!
//! ```
//! use postmark_webhooks::{ServerClient, mock::MockServer};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), postmark_webhooks::Error> {
//! let mock = MockServer::start().await;
//! let client: ServerClient = mock.client();
//! let created = client.webhooks().create("https://example.com/hook").await?;
//! assert_eq!(client.webhooks().list().await?, vec![created]);
//! # Ok(())
//! # }
//! ```
//!
//! It also plays Postmark's sending side: [`MockServer::deliver`] POSTs a
//! realistic event to every webhook whose trigger is enabled, with its Basic
//! credentials and custom headers, retrying on Postmark's schedule (scaled
//! down by [`MockServer::set_delivery_time_scale`]). Creating and editing
//! verify unless the body says `Verify: false` (Postmark's default), and
//! `POST /webhooks/{id}/verify` verifies again: real test requests to
//! loopback URLs, and for other URLs the answer that
//! [`MockServer::set_remote_verification`] chooses. Every webhook carries
//! its `Status`; unverified webhooks and paused trigger types get no events.
//! `GET /webhooks/{id}/statistics` counts what was sent over the last 24
//! hours. The mock only ever sends to loopback addresses, never to its own
//! port. The standalone server offers the same
//! as `POST /__mock/deliver/{RecordType}` (see the `postmark-mock` help).
//!
//! It plays Postmark's inbound side too: it keeps each server's
//! `InboundHookUrl` (`GET`/`PUT /server`), and [`MockServer::deliver_inbound`]
//! POSTs an email to it, by default Postmark's documented example
//! ([`inbound_example`]), with the Basic credentials the URL carries,
//! retrying any answer but 200 on [`INBOUND_RETRY_SCHEDULE`] and stopping
//! at a 403; the standalone server offers it as `POST /__mock/deliver/Inbound`.
//!
//! Tests can inject faults (error answers, delays, dropped connections) with
//! [`MockServer::inject`] and read every request received with
//! [`MockServer::requests`]. The `postmark-mock` binary serves the same API
//! on a chosen port for applications in any language.

mod delivery;
mod http;
mod inbound;
mod state;
mod stats;
mod verify;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::Bytes;

/// The record types the mock delivers: the same type as
/// [`events::RecordType`](crate::events::RecordType).
pub use crate::events::{RecordType, UnknownRecordType};
pub use delivery::{
    DEFAULT_DELIVERY_TIME_SCALE, DEFAULT_DELIVERY_TIMEOUT, Deliver, DeliveryAttempt,
    DeliveryReport, MAX_CONCURRENT_DELIVERIES, RETRY_SCHEDULE,
};
pub use inbound::{
    DEFAULT_INBOUND_DELIVERY_TIMEOUT, DeliverInbound, INBOUND_RETRY_SCHEDULE,
    InboundDeliveryReport, inbound_example,
};
pub use state::StreamKind;

use crate::error::Operation;
use crate::model::Webhook;
use state::State;

/// How many requests [`MockServer::requests`] keeps by default: the newest
/// ones; older requests are dropped as new ones arrive. Change it with
/// [`MockServer::set_request_log_capacity`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use postmark_webhooks::mock::{DEFAULT_REQUEST_LOG_CAPACITY, MockServer};
///
/// let mock = MockServer::start().await;
/// // A long test that reads its requests at the end keeps more of them.
/// mock.set_request_log_capacity(4 * DEFAULT_REQUEST_LOG_CAPACITY);
/// # }
/// ```
pub const DEFAULT_REQUEST_LOG_CAPACITY: usize = 4096;

/// The most of a request's body that the request log keeps (16 KiB); the
/// rest is dropped and [`RecordedRequest::body_size`] tells the whole size.
/// With [`DEFAULT_REQUEST_LOG_CAPACITY`] the log's bodies stay under 64 MiB.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), postmark_webhooks::Error> {
/// use postmark_webhooks::mock::{MAX_LOGGED_BODY_BYTES, MockServer};
///
/// let mock = MockServer::start().await;
/// let long = "x".repeat(MAX_LOGGED_BODY_BYTES);
/// mock.client().webhooks().create("https://example.com/hook").http_header("X-Long", long).await?;
/// let logged = &mock.requests()[0];
/// assert!(logged.body_size > MAX_LOGGED_BODY_BYTES);
/// assert_eq!(logged.body.len(), MAX_LOGGED_BODY_BYTES);
/// # Ok(())
/// # }
/// ```
pub const MAX_LOGGED_BODY_BYTES: usize = 16 * 1024;

/// A running mock server, bound to a loopback port. Dropping it stops the
/// server.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let mock = postmark_webhooks::mock::MockServer::start().await;
/// assert!(mock.base_url().starts_with("http://127.0.0.1:"));
/// # }
/// ```
pub struct MockServer {
    inner: Arc<Inner>,
    addr: SocketAddr,
    token: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl MockServer {
    /// Starts a server on `127.0.0.1` at a free port.
    ///
    /// # Panics
    ///
    /// If no loopback port can be bound, which only happens on a broken
    /// machine; use [`MockServer::bind`] to handle that case.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mock = postmark_webhooks::mock::MockServer::start().await;
    /// # }
    /// ```
    pub async fn start() -> Self {
        let addr = SocketAddr::from(([127, 0, 0, 1], 0));
        Self::bind(addr)
            .await
            .unwrap_or_else(|e| panic!("the mock server could not bind a loopback port: {e}"))
    }

    /// Starts a server on the given address (port 0 picks a free port).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mock = postmark_webhooks::mock::MockServer::bind(([127, 0, 0, 1], 0).into()).await?;
    /// assert_ne!(mock.address().port(), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn bind(addr: SocketAddr) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let inner = Arc::new(Inner::new(addr));
        let token = inner.new_server();
        inner.state().account_token = random_token("mock-account-token-");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let app = http::router(inner.clone());
        tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = rx.await;
            });
            // An accept error ends the server; the handle's owner sees
            // refused connections, as with a real server that went away.
            let _ = serve.await;
        });
        Ok(Self {
            inner,
            addr,
            token,
            shutdown: Some(tx),
        })
    }

    /// The base URL to give a client, such as `http://127.0.0.1:40123`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), postmark_webhooks::Error> {
    /// # let mock = postmark_webhooks::mock::MockServer::start().await;
    /// let client = postmark_webhooks::ServerClient::builder(mock.server_token())
    ///     .base_url(mock.base_url())
    ///     .build()?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A [`ServerClient`](crate::ServerClient) for this mock: its
    /// [`base_url`](Self::base_url), its [`server_token`](Self::server_token)
    /// and the default settings.
    ///
    /// # Panics
    ///
    /// If the HTTP client cannot be built (its TLS backend fails to load),
    /// which only happens on a broken machine; use
    /// [`client_builder`](Self::client_builder) to handle that case.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), postmark_webhooks::Error> {
    /// let mock = postmark_webhooks::mock::MockServer::start().await;
    /// let client = mock.client();
    /// let created = client.webhooks().create("https://example.com/hook").await?;
    /// assert_eq!(client.webhooks().get(created.id).await?, created);
    /// # Ok(())
    /// # }
    /// ```
    pub fn client(&self) -> crate::client::ServerClient {
        self.client_builder()
            .build()
            .unwrap_or_else(|e| panic!("a client for the mock server could not be built: {e}"))
    }

    /// A [`ClientBuilder`](crate::ClientBuilder) already pointed at this mock
    /// with its [`server_token`](Self::server_token), for a client with other
    /// settings.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), postmark_webhooks::Error> {
    /// use postmark_webhooks::RetryPolicy;
    ///
    /// let mock = postmark_webhooks::mock::MockServer::start().await;
    /// let client = mock.client_builder().retry_policy(RetryPolicy::disabled()).build()?;
    /// assert_eq!(client.webhooks().list().await?, vec![]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn client_builder(&self) -> crate::client::ClientBuilder {
        crate::client::ServerClient::builder(self.server_token()).base_url(self.base_url())
    }

    /// The socket address the server listens on.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let mock = postmark_webhooks::mock::MockServer::start().await;
    /// assert!(mock.address().ip().is_loopback());
    /// # }
    /// ```
    pub fn address(&self) -> SocketAddr {
        self.addr
    }

    /// The token of the server that every mock starts with.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let mock = postmark_webhooks::mock::MockServer::start().await;
    /// assert!(!mock.server_token().is_empty());
    /// # }
    /// ```
    pub fn server_token(&self) -> &str {
        &self.token
    }

    /// Adds another Postmark server, with its own streams and webhooks, and
    /// returns its token: `mock-server-token-` and 128 bits from the
    /// operating system's random source, in hex.
    ///
    /// # Panics
    ///
    /// If the operating system's random source fails, which only happens
    /// on a broken machine.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let mock = postmark_webhooks::mock::MockServer::start().await;
    /// let other = mock.create_server_token();
    /// assert_ne!(other, mock.server_token());
    /// # }
    /// ```
    pub fn create_server_token(&self) -> String {
        self.inner.new_server()
    }

    /// Adds a Postmark server that answers to the given token, with its own
    /// streams and webhooks. Returns `false` (and changes nothing) if the
    /// token is empty or already taken.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let mock = postmark_webhooks::mock::MockServer::start().await;
    /// assert!(mock.add_server_token("my-fixed-test-token"));
    /// assert!(!mock.add_server_token("my-fixed-test-token"));
    /// # }
    /// ```
    pub fn add_server_token(&self, token: impl Into<String>) -> bool {
        let token = token.into();
        let mut state = self.inner.state();
        if token.is_empty() || state.has_server(&token) || state.account_token == token {
            return false;
        }
        state.add_server(token, None);
        true
    }

    /// The account token: it authenticates the account API
    /// (`X-Postmark-Account-Token`: `GET /servers`, `GET /servers/{id}`,
    /// `POST /servers`), and nothing else. Generated at start like the
    /// server token (`mock-account-token-` and 128 random bits) unless
    /// [`set_account_token`](Self::set_account_token) chose another.
    ///
    /// The account lists every server of the mock: the first one, named
    /// `Production01` (the name of the first server in the servers API's
    /// documented example), those added by token (`Production02`, … by
    /// ID), and those created by `POST /servers` with the `Name` they were
    /// given. A created server's API token is a working server token of the
    /// mock.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), postmark_webhooks::Error> {
    /// let mock = postmark_webhooks::mock::MockServer::start().await;
    /// let account = postmark_webhooks::AccountClient::builder(mock.account_token())
    ///     .base_url(mock.base_url())
    ///     .build()?;
    /// let servers = account.servers().list().await?;
    /// assert_eq!(servers[0].name, "Production01");
    /// assert_eq!(servers[0].api_tokens[0].expose(), mock.server_token());
    /// # Ok(())
    /// # }
    /// ```
    pub fn account_token(&self) -> String {
        self.inner.state().account_token.clone()
    }

    /// Makes `token` the account token in place of the current one.
    /// Returns `false` (and changes nothing) if it is empty or is a server
    /// token of the mock.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let mock = postmark_webhooks::mock::MockServer::start().await;
    /// assert!(mock.set_account_token("my-account-token"));
    /// assert_eq!(mock.account_token(), "my-account-token");
    /// assert!(!mock.set_account_token(mock.server_token()));
    /// # }
    /// ```
    pub fn set_account_token(&self, token: impl Into<String>) -> bool {
        let token = token.into();
        let mut state = self.inner.state();
        if token.is_empty() || state.has_server(&token) {
            return false;
        }
        state.account_token = token;
        true
    }

    /// Adds (or replaces) a message stream of the first server.
    ///
    /// ```
    /// use postmark_webhooks::mock::{MockServer, StreamKind};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mock = MockServer::start().await;
    /// mock.add_message_stream("billing", StreamKind::Transactional);
    /// # }
    /// ```
    pub fn add_message_stream(&self, id: &str, kind: StreamKind) {
        self.inner.state().set_stream(&self.token, id, kind, false);
    }

    /// Adds (or replaces) a message stream of the server with this token.
    /// Returns `false` if no server has the token.
    ///
    /// ```
    /// use postmark_webhooks::mock::{MockServer, StreamKind};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mock = MockServer::start().await;
    /// let token = mock.create_server_token();
    /// assert!(mock.add_message_stream_to(&token, "news", StreamKind::Broadcasts));
    /// assert!(!mock.add_message_stream_to("no-such-token", "news", StreamKind::Broadcasts));
    /// # }
    /// ```
    pub fn add_message_stream_to(&self, token: &str, id: &str, kind: StreamKind) -> bool {
        self.inner.state().set_stream(token, id, kind, false)
    }

    /// Archives a message stream of the first server: creating webhooks on
    /// it then fails with ErrorCode 1350. Returns `false` if it does not
    /// exist.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let mock = postmark_webhooks::mock::MockServer::start().await;
    /// assert!(mock.archive_message_stream("broadcast"));
    /// # }
    /// ```
    pub fn archive_message_stream(&self, id: &str) -> bool {
        let mut state = self.inner.state();
        match state.stream_kind(&self.token, id) {
            Some((kind, _)) => state.set_stream(&self.token, id, kind, true),
            None => false,
        }
    }

    /// The webhooks the first server holds now, in ID order.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let mock = postmark_webhooks::mock::MockServer::start().await;
    /// assert!(mock.webhooks().is_empty());
    /// # }
    /// ```
    pub fn webhooks(&self) -> Vec<Webhook> {
        self.inner.state().webhooks(&self.token)
    }

    /// Queues a fault. Faults apply in the order they were injected, each to
    /// the requests it matches, until its count is used up.
    ///
    /// ```
    /// use postmark_webhooks::mock::{Fault, MockServer};
    /// use postmark_webhooks::Operation;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mock = MockServer::start().await;
    /// mock.inject(Fault::status(503).json(r#"{"ErrorCode":100,"Message":"Maintenance"}"#).times(2));
    /// mock.inject(Fault::drop_connection().only(Operation::CreateWebhook));
    /// # }
    /// ```
    pub fn inject(&self, fault: Fault) {
        if fault.remaining > 0 {
            lock(&self.inner.faults).push_back(fault);
        }
    }

    /// Removes every fault not yet used.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let mock = postmark_webhooks::mock::MockServer::start().await;
    /// mock.clear_faults();
    /// # }
    /// ```
    pub fn clear_faults(&self) {
        lock(&self.inner.faults).clear();
    }

    /// Makes the mock deliver an event of this record type, as Postmark
    /// would: to every webhook of the stream (default `outbound`) whose
    /// trigger for it is enabled. Await it for one report per webhook.
    ///
    /// ```
    /// use postmark_webhooks::mock::{MockServer, RecordType};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mock = MockServer::start().await;
    /// let reports = mock.deliver(RecordType::Delivery).await;
    /// assert!(reports.is_empty()); // no webhooks yet
    /// # }
    /// ```
    pub fn deliver(&self, record_type: RecordType) -> Deliver<'_> {
        Deliver::new(self, record_type)
    }

    /// Makes the mock deliver an inbound email, as Postmark does: one POST of
    /// `message` as JSON to the server's `InboundHookUrl` (set with
    /// `PUT /server`, as [`ServerClient::server`](crate::ServerClient::server)
    /// does), with the Basic credentials the URL carries, retried on
    /// [`INBOUND_RETRY_SCHEDULE`] until it is answered 200 or 403. Await it
    /// for the report, or `None` when the server has no inbound hook URL.
    ///
    /// `message` is any `Serialize` value: [`inbound_example`] (Postmark's
    /// documented example with a fresh `MessageID`), changed or not, or your
    /// own type. To send bytes as they are (say, a captured request), use
    /// [`deliver_inbound_bytes`](Self::deliver_inbound_bytes).
    ///
    /// ```
    /// use postmark_webhooks::mock::{MockServer, inbound_example};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), postmark_webhooks::Error> {
    /// let mock = MockServer::start().await;
    /// mock.client().server().edit().inbound_hook_url("http://user:secret@127.0.0.1:9/inbound").await?;
    /// let report = mock.deliver_inbound(inbound_example()).retries(0).await.unwrap();
    /// assert!(!report.delivered()); // nothing listens on port 9
    /// # Ok(())
    /// # }
    /// ```
    pub fn deliver_inbound(&self, message: impl serde::Serialize) -> DeliverInbound<'_> {
        // A value that cannot be JSON (a map with non-string keys) is sent
        // as `null`, which a receiver refuses like any malformed email.
        let body = serde_json::to_vec(&message).unwrap_or_else(|_| b"null".to_vec());
        DeliverInbound::new(self, body)
    }

    /// [`deliver_inbound`](Self::deliver_inbound) with a body sent as it is,
    /// byte for byte, JSON or not.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let mock = postmark_webhooks::mock::MockServer::start().await;
    /// let captured = br#"{"From": "support@example.com", "Subject": "Hi", "Attachments": []}"#;
    /// mock.deliver_inbound_bytes(captured.as_slice()).await;
    /// # }
    /// ```
    pub fn deliver_inbound_bytes(&self, body: impl Into<Vec<u8>>) -> DeliverInbound<'_> {
        DeliverInbound::new(self, body.into())
    }

    /// Multiplies the waits of Postmark's retry schedules
    /// ([`RETRY_SCHEDULE`] for webhooks, [`INBOUND_RETRY_SCHEDULE`] for
    /// inbound email); the default is
    /// [`DEFAULT_DELIVERY_TIME_SCALE`]. Negative and non-finite values count
    /// as 0 (retry at once).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let mock = postmark_webhooks::mock::MockServer::start().await;
    /// mock.set_delivery_time_scale(0.0001); // one minute becomes 6 ms
    /// # }
    /// ```
    pub fn set_delivery_time_scale(&self, scale: f64) {
        let scale = if scale.is_finite() {
            scale.max(0.0)
        } else {
            0.0
        };
        lock(&self.inner.delivery).time_scale = scale;
    }

    /// How long the mock waits for a receiver's answer to one request
    /// (default [`DEFAULT_DELIVERY_TIMEOUT`]); no answer in time counts as a
    /// failure and is retried.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let mock = postmark_webhooks::mock::MockServer::start().await;
    /// mock.set_delivery_timeout(std::time::Duration::from_millis(500));
    /// # }
    /// ```
    pub fn set_delivery_timeout(&self, timeout: Duration) {
        lock(&self.inner.delivery).timeout = timeout;
    }

    /// How long the mock waits for a receiver's answer to one inbound
    /// delivery (default [`DEFAULT_INBOUND_DELIVERY_TIMEOUT`], about
    /// Postmark's 2 minutes); no answer in time is retried.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let mock = postmark_webhooks::mock::MockServer::start().await;
    /// mock.set_inbound_delivery_timeout(std::time::Duration::from_millis(500));
    /// # }
    /// ```
    pub fn set_inbound_delivery_timeout(&self, timeout: Duration) {
        lock(&self.inner.delivery).inbound_timeout = timeout;
    }

    /// Whether verification passes for URLs the mock does not contact
    /// (default `true`). The mock only sends to loopback addresses; when
    /// Postmark would verify any other URL, the mock answers as if the URL
    /// had answered 200 to every test request (`true`), or as if it had not
    /// answered (`false`, so creates and edits that verify fail with 1364).
    /// The default lets code that creates webhooks for real URLs run
    /// offline.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let mock = postmark_webhooks::mock::MockServer::start().await;
    /// mock.set_remote_verification(false);
    /// # }
    /// ```
    pub fn set_remote_verification(&self, passes: bool) {
        lock(&self.inner.delivery).remote_verification = passes;
    }

    /// How long an answer may take before the statistics count it in
    /// `SlowCount` (default 1 s) and in `VerySlowCount` (default 5 s; a very
    /// slow request is also slow). Postmark does not document its
    /// thresholds: these are the mock's choice.
    ///
    /// ```
    /// use std::time::Duration;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let mock = postmark_webhooks::mock::MockServer::start().await;
    /// mock.set_slow_thresholds(Duration::from_millis(100), Duration::from_millis(500));
    /// # }
    /// ```
    pub fn set_slow_thresholds(&self, slow: Duration, very_slow: Duration) {
        lock(&self.inner.delivery).slow = stats::SlowThresholds { slow, very_slow };
    }

    /// The requests received so far, oldest first: the newest
    /// [`DEFAULT_REQUEST_LOG_CAPACITY`] (or
    /// [`set_request_log_capacity`](Self::set_request_log_capacity)) of
    /// them, including those that were refused or faulted. Requests without
    /// a valid token (the server token on webhooks routes, the account
    /// token on servers routes) are answered 401 and never logged.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let mock = postmark_webhooks::mock::MockServer::start().await;
    /// assert!(mock.requests().is_empty());
    /// # }
    /// ```
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.inner.log).entries.iter().cloned().collect()
    }

    /// Keeps at most this many requests in the log (default
    /// [`DEFAULT_REQUEST_LOG_CAPACITY`]), dropping the oldest at once if it
    /// holds more; 0 keeps none.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let mock = postmark_webhooks::mock::MockServer::start().await;
    /// mock.set_request_log_capacity(100);
    /// # }
    /// ```
    pub fn set_request_log_capacity(&self, capacity: usize) {
        let mut log = lock(&self.inner.log);
        log.capacity = capacity;
        log.trim();
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("base_url", &self.base_url())
            .finish_non_exhaustive()
    }
}

/// A fault to inject: an answer in place of the real one, a delay, or a
/// dropped connection, for a number of requests.
///
/// ```
/// use std::time::Duration;
/// use postmark_webhooks::{Operation, mock::Fault};
///
/// let rate_limited = Fault::status(429).header("Retry-After", "1").times(3);
/// let slow_gets = Fault::delay(Duration::from_secs(2)).only(Operation::GetWebhook);
/// let html = Fault::status(502).body("<html>Bad Gateway</html>");
/// ```
#[derive(Clone, Debug)]
pub struct Fault {
    operation: Option<Operation>,
    remaining: usize,
    delay: Option<Duration>,
    action: Action,
}

#[derive(Clone, Debug)]
enum Action {
    /// Handle the request as usual (after any delay).
    Pass,
    /// Answer this instead; the request is not handled.
    Respond {
        status: u16,
        body: Bytes,
        headers: Vec<(String, String)>,
    },
    /// Handle the request, then break the connection mid-answer.
    DropConnection,
}

impl Fault {
    /// Answers with this status (and an empty body) instead of handling the
    /// request. Nothing changes on the server.
    ///
    /// ```
    /// let fault = postmark_webhooks::mock::Fault::status(500);
    /// ```
    pub fn status(status: u16) -> Self {
        Self::new(Action::Respond {
            status,
            body: Bytes::new(),
            headers: Vec::new(),
        })
    }

    /// Handles the request, then breaks the connection after sending the
    /// status line, headers and half the body. The change is made on the
    /// server, but the client never gets the whole answer.
    ///
    /// ```
    /// let fault = postmark_webhooks::mock::Fault::drop_connection();
    /// ```
    pub fn drop_connection() -> Self {
        Self::new(Action::DropConnection)
    }

    /// Waits this long, then handles the request as usual. Combine with
    /// [`status`](Self::status) through [`after`](Self::after) to delay a
    /// canned answer.
    ///
    /// ```
    /// let fault = postmark_webhooks::mock::Fault::delay(std::time::Duration::from_millis(300));
    /// ```
    pub fn delay(delay: Duration) -> Self {
        Self::new(Action::Pass).after(delay)
    }

    fn new(action: Action) -> Self {
        Self {
            operation: None,
            remaining: 1,
            delay: None,
            action,
        }
    }

    /// Waits this long before acting.
    ///
    /// ```
    /// let fault = postmark_webhooks::mock::Fault::status(503).after(std::time::Duration::from_millis(50));
    /// ```
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// The body of a canned answer, sent as it is.
    ///
    /// ```
    /// let fault = postmark_webhooks::mock::Fault::status(502).body("<html>Bad Gateway</html>");
    /// ```
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        if let Action::Respond { body: b, .. } = &mut self.action {
            *b = body.into();
        }
        self
    }

    /// A JSON body for a canned answer, with `Content-Type: application/json`.
    ///
    /// ```
    /// let fault = postmark_webhooks::mock::Fault::status(503).json(r#"{"ErrorCode":100,"Message":"Maintenance"}"#);
    /// ```
    pub fn json(self, body: impl Into<Bytes>) -> Self {
        self.header("Content-Type", "application/json").body(body)
    }

    /// Adds a header to a canned answer, such as `Retry-After`.
    ///
    /// ```
    /// let fault = postmark_webhooks::mock::Fault::status(429).header("Retry-After", "2");
    /// ```
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        if let Action::Respond { headers, .. } = &mut self.action {
            headers.push((name.into(), value.into()));
        }
        self
    }

    /// Applies to this many requests (default 1).
    ///
    /// ```
    /// let fault = postmark_webhooks::mock::Fault::status(503).times(3);
    /// ```
    pub fn times(mut self, count: usize) -> Self {
        self.remaining = count;
        self
    }

    /// Applies only to requests of this operation.
    ///
    /// ```
    /// use postmark_webhooks::{Operation, mock::Fault};
    /// let fault = Fault::status(503).only(Operation::ListWebhooks);
    /// ```
    pub fn only(mut self, operation: Operation) -> Self {
        self.operation = Some(operation);
        self
    }
}

/// A request as the mock received it.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), postmark_webhooks::Error> {
/// # let mock = postmark_webhooks::mock::MockServer::start().await;
/// # let client = postmark_webhooks::ServerClient::builder(mock.server_token()).base_url(mock.base_url()).build()?;
/// client.webhooks().list().message_stream("outbound").await?;
/// let request = &mock.requests()[0];
/// assert_eq!((request.method.as_str(), request.path.as_str()), ("GET", "/webhooks"));
/// assert_eq!(request.query.as_deref(), Some("MessageStream=outbound"));
/// assert_eq!(request.header("accept"), Some("application/json"));
/// # Ok(())
/// # }
/// ```
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The HTTP method.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query string, if any.
    pub query: Option<String>,
    /// The headers, names in lower case, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body, or its first [`MAX_LOGGED_BODY_BYTES`] if it was longer.
    pub body: Vec<u8>,
    /// The size of the body as received, in bytes.
    pub body_size: usize,
    /// The API operation the method and path name, if any.
    pub operation: Option<Operation>,
}

/// Shows the method, path, query, header names and the body's size; the
/// values of the token and `Authorization` headers and the body (which may
/// hold passwords and header secrets) are hidden.
impl std::fmt::Debug for RecordedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        struct Headers<'a>(&'a [(String, String)]);
        impl std::fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let secret = |name: &str| {
                    name.eq_ignore_ascii_case("x-postmark-server-token")
                        || name.eq_ignore_ascii_case("authorization")
                };
                f.debug_list()
                    .entries(self.0.iter().map(|(name, value)| {
                        let value = if secret(name) {
                            "<redacted>"
                        } else {
                            value.as_str()
                        };
                        (name, value)
                    }))
                    .finish()
            }
        }
        f.debug_struct("RecordedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &Headers(&self.headers))
            .field("body", &format_args!("<{} bytes>", self.body_size))
            .field("operation", &self.operation)
            .finish()
    }
}

impl RecordedRequest {
    /// The first value of a header, by case-insensitive name.
    ///
    /// ```
    /// # fn f(request: &postmark_webhooks::mock::RecordedRequest) {
    /// let token = request.header("X-Postmark-Server-Token");
    /// # }
    /// ```
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The newest requests, at most `capacity` of them.
struct Log {
    entries: VecDeque<RecordedRequest>,
    capacity: usize,
}

impl Log {
    fn trim(&mut self) {
        while self.entries.len() > self.capacity {
            self.entries.pop_front();
        }
    }
}

/// What the HTTP layer and the handle share.
/// `prefix` and 128 bits from the operating system's random source, in hex.
fn random_token(prefix: &str) -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .unwrap_or_else(|e| panic!("the operating system's random source failed: {e}"));
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}{hex}")
}

struct Inner {
    /// The address the server listens on, which deliveries never target.
    addr: SocketAddr,
    state: Mutex<State>,
    faults: Mutex<VecDeque<Fault>>,
    log: Mutex<Log>,
    stats: Mutex<stats::Stats>,
    delivery: Mutex<delivery::DeliverySettings>,
    /// Bounds the requests to receivers under way at once.
    outgoing: tokio::sync::Semaphore,
    sender: std::sync::OnceLock<reqwest::Client>,
}

impl Inner {
    fn new(addr: SocketAddr) -> Self {
        Self {
            addr,
            state: Mutex::default(),
            faults: Mutex::default(),
            log: Mutex::new(Log {
                entries: VecDeque::new(),
                capacity: DEFAULT_REQUEST_LOG_CAPACITY,
            }),
            stats: Mutex::default(),
            delivery: Mutex::default(),
            outgoing: tokio::sync::Semaphore::new(MAX_CONCURRENT_DELIVERIES),
            sender: std::sync::OnceLock::new(),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// Adds a server with a token of 128 bits from the operating system's
    /// random source.
    fn new_server(&self) -> String {
        let token = random_token("mock-server-token-");
        self.state().add_server(token.clone(), None);
        token
    }

    fn is_account_token(&self, token: &str) -> bool {
        self.state().account_token == token
    }

    fn delivery_settings(&self) -> delivery::DeliverySettings {
        *lock(&self.delivery)
    }

    /// The HTTP client that delivers events: no proxies (receivers are on
    /// loopback) and no redirects, as Postmark does not follow them.
    fn sender(&self) -> &reqwest::Client {
        self.sender.get_or_init(|| {
            reqwest::Client::builder()
                .no_proxy()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap_or_default()
        })
    }

    fn has_server(&self, token: &str) -> bool {
        self.state().has_server(token)
    }

    fn record(&self, request: RecordedRequest) {
        let mut log = lock(&self.log);
        if log.capacity > 0 {
            log.entries.push_back(request);
            log.trim();
        }
    }

    /// The first queued fault that matches, with its count used once.
    fn take_fault(&self, operation: Option<Operation>) -> Option<Fault> {
        let mut faults = lock(&self.faults);
        let index = faults
            .iter()
            .position(|f| f.operation.is_none() || f.operation == operation)?;
        let fault = &mut faults[index];
        fault.remaining -= 1;
        let taken = fault.clone();
        if fault.remaining == 0 {
            faults.remove(index);
        }
        Some(taken)
    }
}

/// Locks a mutex, recovering from a poisoned one: the mock's state stays
/// usable even if a test panicked while holding it.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::ServerClient;
    use crate::triggers::{Click, Triggers};

    #[tokio::test]
    async fn deleting_a_webhook_drops_what_the_mock_remembers_of_it() {
        let mock = MockServer::start().await;
        let client = ServerClient::builder(mock.server_token())
            .base_url(mock.base_url())
            .build()
            .unwrap();
        let created = client
            .webhooks()
            .create("https://example.com/hook")
            .triggers(Triggers::new().click(Click::enabled()))
            .verify(false)
            .await
            .unwrap();
        client.webhooks().verify(created.id).await.unwrap();
        assert!(lock(&mock.inner.stats).tracks(created.id));
        client.webhooks().delete(created.id).await.unwrap();
        assert!(!lock(&mock.inner.stats).tracks(created.id));
    }
}
