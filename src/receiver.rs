//! Receiving Postmark's webhook requests: checking that each came from your
//! webhook, and reading its event.
//!
//! Postmark does not sign webhook requests. A webhook can instead be created
//! with HTTP Basic credentials (`HttpAuth`, sent as `Authorization: Basic`)
//! and with custom headers (`HttpHeaders`), such as a shared secret. A
//! [`Receiver`] knows what to expect and checks each request:
//!
//! 1. the credentials and the secret header, compared in constant time
//!    (SHA-256 digests of the expected and presented values are compared, so
//!    neither their contents nor their lengths leak through timing);
//! 2. the body size, against a cap ([`DEFAULT_MAX_BODY_BYTES`] by default);
//! 3. the body, read into a [`WebhookEvent`], handed over in a [`ReceivedEvent`]
//!    with Postmark's trace id and retry count.
//!
//! A failure is a [`Rejection`] whose [`status`](Rejection::status) is the
//! HTTP status to answer: 401, 413 or 400. Headers and requests are the
//! [`http`] crate's types, which axum, actix-web (through its `http` 1.x
//! compatibility), hyper, warp and others use. With the `axum` feature, the
//! `PostmarkWebhook` extractor and the tower `PostmarkLayer` do all of this
//! (and can deduplicate retries) in front of a handler.
//!
//! Postmark retries a request that fails with a 5xx, 408 or 429 answer, or
//! times out, with the same [`TRACE_ID_HEADER`] each time: deduplicate with
//! [`ReceivedEvent::idempotency_key`].
//!
//! The same checks receive a server's inbound hook (its `InboundHookUrl`,
//! where Postmark POSTs each email the server receives):
//! [`Receiver::accept_inbound`] reads an [`InboundMessage`] under a larger
//! cap ([`DEFAULT_MAX_INBOUND_BODY_BYTES`]). An inbound hook is protected by
//! the Basic credentials in its URL (it sends no custom header), so only
//! they are checked: one receiver serves both kinds of hook. Postmark
//! retries every answer to it but 200, and stops at once at a 403: no
//! check of a `Receiver` answers 403, so a bad login (401) is retried, and
//! a handler can refuse a message for good with
//! [`InboundOutcome::Refused`].
//!
//! ```
//! use http::{HeaderMap, HeaderValue, header::AUTHORIZATION};
//! use postmark_webhooks::receiver::{Receiver, Rejection};
//!
//! let receiver = Receiver::builder()
//!     .basic_auth("postmark", "correct horse battery staple")
//!     .secret_header("X-Webhook-Secret", "s3cr3t")
//!     .build()
//!     .unwrap();
//!
//! let mut headers = HeaderMap::new();
//! // base64("postmark:correct horse battery staple")
//! headers.insert(AUTHORIZATION, HeaderValue::from_static(
//!     "Basic cG9zdG1hcms6Y29ycmVjdCBob3JzZSBiYXR0ZXJ5IHN0YXBsZQ=="));
//! headers.insert("x-webhook-secret", HeaderValue::from_static("s3cr3t"));
//! let body = br#"{"RecordType": "Delivery", "Recipient": "john@example.com",
//!                 "DeliveredAt": "2022-09-02T11:49:27Z"}"#;
//!
//! let received = receiver.accept(&headers, body).unwrap();
//! assert_eq!(received.event().recipient(), Some("john@example.com"));
//!
//! headers.insert("x-webhook-secret", HeaderValue::from_static("guess"));
//! let rejection = receiver.accept(&headers, body).unwrap_err();
//! assert!(matches!(rejection, Rejection::WrongSecret));
//! assert_eq!(rejection.status(), 401);
//! ```

use std::fmt;

use http::header::CONTENT_LENGTH;
use http::{HeaderMap, HeaderName, HeaderValue, Request};

use crate::events::WebhookEvent;
use crate::inbound::InboundMessage;
use crate::redact::REDACTED;

mod allowlist;
mod credentials;
#[cfg(feature = "axum")]
mod extractor;
mod inbound_outcome;
#[cfg(feature = "axum")]
mod layer;
mod received_event;
mod rejection;
#[cfg(feature = "axum")]
mod relay;
mod seen;
#[cfg(feature = "postgres")]
mod seen_postgres;
#[cfg(feature = "redis")]
mod seen_redis;
#[cfg(feature = "axum")]
mod streamed;

pub use allowlist::{IpAllowlist, IpAllowlistBuilder, IpAllowlistError};
#[cfg(feature = "fuzzing")]
pub(crate) use credentials::basic_credentials;
use credentials::{BasicAuth, Secret, SecretHeader, check_basic_auth, check_secret_header};
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub use extractor::{PostmarkInbound, PostmarkWebhook};
pub use inbound_outcome::InboundOutcome;
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub use layer::{DEFAULT_STORE_TIMEOUT, PostmarkLayer, PostmarkResponse, PostmarkService};
pub use received_event::{RETRIES_REMAINING_HEADER, ReceivedEvent, TRACE_ID_HEADER};
pub use rejection::Rejection;
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub use relay::{Relay, RelayError, Report};
pub use seen::{
    Claim, ClaimToken, DEFAULT_INBOUND_TTL, DEFAULT_LEASE, DEFAULT_TTL, MemorySeenStore, SeenStore,
    StoreError, StoreSetupError,
};
#[cfg(feature = "postgres")]
#[cfg_attr(docsrs, doc(cfg(feature = "postgres")))]
pub use seen_postgres::{PostgresSeenStore, PostgresSeenStoreBuilder};
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use seen_redis::{RedisSeenStore, RedisSeenStoreBuilder};

/// The body size cap of a [`Receiver`] unless set: 16 MiB.
///
/// Most events are a few kilobytes. A Bounce or SpamComplaint event of a
/// webhook whose trigger has `IncludeContent` carries the whole bounce dump,
/// which can hold the original message (up to Postmark's 10 MB message limit),
/// JSON-escaped. A rejected event is not retried by Postmark, so the default
/// leaves room for these; lower it with [`ReceiverBuilder::max_body_bytes`]
/// if your webhooks do not include content.
///
/// ```
/// use postmark_webhooks::receiver::{DEFAULT_MAX_BODY_BYTES, Receiver};
///
/// // A receiver that sets no limit takes this one.
/// let receiver = Receiver::builder().basic_auth("postmark", "s3cret").build().unwrap();
/// assert_eq!(receiver.max_body_bytes(), DEFAULT_MAX_BODY_BYTES);
/// ```
pub const DEFAULT_MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// The body size cap of a [`Receiver`] for inbound messages unless set:
/// 50 MiB.
///
/// Postmark accepts inbound email whose attachments together are up to
/// 35 MB ("Total cumulative size for all Inbound attachment files may not
/// exceed 35 MB", Postmark support: "What are the Attachment and Email Size
/// Limits?"); base64 in the JSON makes that about 47 MB, and the cap leaves
/// room for the bodies and headers. A server set to include `RawEmail`
/// sends the attachments a second time, inside it: raise the cap with
/// [`ReceiverBuilder::max_inbound_body_bytes`] then.
///
/// ```
/// use postmark_webhooks::receiver::{DEFAULT_MAX_INBOUND_BODY_BYTES, Receiver};
///
/// let receiver = Receiver::builder().basic_auth("postmark", "s3cret").build().unwrap();
/// assert_eq!(receiver.max_inbound_body_bytes(), DEFAULT_MAX_INBOUND_BODY_BYTES);
/// ```
pub const DEFAULT_MAX_INBOUND_BODY_BYTES: usize = 50 * 1024 * 1024;

/// Checks that requests came from your Postmark webhook and reads their
/// events. Build one with [`Receiver::builder`] and share it (it is cheap to
/// clone, and `Send + Sync`).
///
/// It keeps only SHA-256 digests of the credentials, and its `Debug` output
/// shows neither them nor the digests.
///
/// ```
/// use postmark_webhooks::receiver::Receiver;
///
/// let receiver = Receiver::builder().basic_auth("postmark", "hunter2").build().unwrap();
/// let shown = format!("{receiver:?}");
/// assert!(!shown.contains("hunter2") && !shown.contains("postmark\""), "{shown}");
/// ```
#[derive(Clone)]
pub struct Receiver {
    /// Any of these is accepted (several while credentials are rotated).
    basic_auth: Vec<BasicAuth>,
    secret_header: Option<SecretHeader>,
    max_body_bytes: usize,
    max_inbound_body_bytes: usize,
}

impl Receiver {
    /// A builder; set [`basic_auth`](ReceiverBuilder::basic_auth), a
    /// [`secret_header`](ReceiverBuilder::secret_header) or both, as your
    /// webhook was created with.
    ///
    /// ```
    /// let receiver = postmark_webhooks::receiver::Receiver::builder()
    ///     .secret_header("X-Webhook-Secret", "s3cr3t")
    ///     .max_body_bytes(1024 * 1024)
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(receiver.max_body_bytes(), 1024 * 1024);
    /// ```
    pub fn builder() -> ReceiverBuilder {
        ReceiverBuilder {
            receiver: Self::insecure_accept_all(),
            problem: None,
        }
    }

    /// A receiver that checks no credentials: anyone can post events to an
    /// endpoint that uses it. Only for local development, or behind
    /// something else that authenticates Postmark (such as an allowlist of
    /// Postmark's IP addresses). The body cap and parsing still apply.
    ///
    /// ```
    /// use http::HeaderMap;
    /// use postmark_webhooks::receiver::Receiver;
    ///
    /// let receiver = Receiver::insecure_accept_all();
    /// let received = receiver.accept(&HeaderMap::new(), br#"{"RecordType": "Inbound"}"#).unwrap();
    /// assert_eq!(received.event().record_type(), "Inbound");
    /// ```
    pub fn insecure_accept_all() -> Self {
        Self {
            basic_auth: Vec::new(),
            secret_header: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_inbound_body_bytes: DEFAULT_MAX_INBOUND_BODY_BYTES,
        }
    }

    /// The body size cap in bytes. Give it to your framework's body reader
    /// too, so that a larger body is not read at all.
    ///
    /// ```
    /// let receiver = postmark_webhooks::receiver::Receiver::insecure_accept_all();
    /// assert_eq!(receiver.max_body_bytes(), postmark_webhooks::receiver::DEFAULT_MAX_BODY_BYTES);
    /// ```
    pub fn max_body_bytes(&self) -> usize {
        self.max_body_bytes
    }

    /// The body size cap for inbound messages, in bytes.
    ///
    /// ```
    /// let receiver = postmark_webhooks::receiver::Receiver::builder()
    ///     .basic_auth("postmark", "s3cret")
    ///     .max_inbound_body_bytes(100 * 1024 * 1024)
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(receiver.max_inbound_body_bytes(), 100 * 1024 * 1024);
    /// ```
    pub fn max_inbound_body_bytes(&self) -> usize {
        self.max_inbound_body_bytes
    }

    /// Checks the credentials and the secret header, then a `Content-Length`
    /// against the body cap: everything that can be checked before the body
    /// is read. Call it first when your framework lets you read the body
    /// yourself, then [`accept_body`](Self::accept_body).
    ///
    /// Credentials are checked before the size, so an unauthenticated client
    /// learns nothing about the cap.
    ///
    /// ```
    /// use http::{HeaderMap, HeaderValue, header::CONTENT_LENGTH};
    /// use postmark_webhooks::receiver::{Rejection, Receiver};
    ///
    /// let receiver = Receiver::builder()
    ///     .secret_header("X-Webhook-Secret", "s3cr3t")
    ///     .max_body_bytes(1000)
    ///     .build()
    ///     .unwrap();
    /// let mut headers = HeaderMap::new();
    /// assert!(matches!(receiver.check_headers(&headers), Err(Rejection::MissingSecretHeader)));
    /// headers.insert("x-webhook-secret", HeaderValue::from_static("s3cr3t"));
    /// headers.insert(CONTENT_LENGTH, HeaderValue::from_static("5000"));
    /// assert!(matches!(
    ///     receiver.check_headers(&headers),
    ///     Err(Rejection::BodyTooLarge { limit: 1000 })
    /// ));
    /// ```
    pub fn check_headers(&self, headers: &HeaderMap) -> Result<(), Rejection> {
        if !self.basic_auth.is_empty() {
            check_basic_auth(&self.basic_auth, headers)?;
        }
        if let Some(expected) = &self.secret_header {
            check_secret_header(expected, headers)?;
        }
        check_declared_length(headers, self.max_body_bytes)
    }

    /// What [`accept_inbound`](Self::accept_inbound) checks before the
    /// body: the Basic credentials only, then a `Content-Length` against
    /// the inbound cap.
    fn check_inbound_headers(&self, headers: &HeaderMap) -> Result<(), Rejection> {
        if !self.basic_auth.is_empty() {
            check_basic_auth(&self.basic_auth, headers)?;
        } else if self.secret_header.is_some() {
            return Err(Rejection::NoInboundCredentials);
        }
        check_declared_length(headers, self.max_inbound_body_bytes)
    }

    /// Checks the body against the cap, reads its event and Postmark's
    /// headers (see [`ReceivedEvent`]). Call it after
    /// [`check_headers`](Self::check_headers), with the same headers.
    ///
    /// ```
    /// use http::HeaderMap;
    /// use postmark_webhooks::receiver::{Rejection, Receiver};
    ///
    /// let receiver = Receiver::builder().basic_auth("u", "p").max_body_bytes(64).build().unwrap();
    /// let headers = HeaderMap::new();
    /// assert!(matches!(
    ///     receiver.accept_body(&headers, &[b' '; 65]),
    ///     Err(Rejection::BodyTooLarge { limit: 64 })
    /// ));
    /// let rejection = receiver.accept_body(&headers, b"{}").unwrap_err();
    /// assert!(matches!(rejection, Rejection::InvalidPayload(_)));
    /// assert_eq!(rejection.status(), 400);
    /// ```
    pub fn accept_body(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<ReceivedEvent, Rejection> {
        if body.len() > self.max_body_bytes {
            return Err(Rejection::BodyTooLarge {
                limit: self.max_body_bytes,
            });
        }
        let event = WebhookEvent::from_slice(body).map_err(Rejection::InvalidPayload)?;
        Ok(ReceivedEvent::new(event, headers))
    }

    /// Checks a request's headers and body, and reads its event: the one call
    /// to make when your framework has read the body already.
    /// [`check_headers`](Self::check_headers), then
    /// [`accept_body`](Self::accept_body).
    ///
    /// ```
    /// use http::HeaderMap;
    /// use postmark_webhooks::receiver::{Rejection, Receiver};
    ///
    /// let receiver = Receiver::builder().basic_auth("postmark", "hunter2").build().unwrap();
    /// let rejection = receiver.accept(&HeaderMap::new(), b"{}").unwrap_err();
    /// assert!(matches!(rejection, Rejection::MissingCredentials));
    /// assert_eq!(rejection.status(), 401);
    /// ```
    pub fn accept(&self, headers: &HeaderMap, body: &[u8]) -> Result<ReceivedEvent, Rejection> {
        self.check_headers(headers)?;
        self.accept_body(headers, body)
    }

    /// [`accept`](Self::accept) for an [`http::Request`] whose body has been
    /// read (`Vec<u8>`, `Bytes`, `String`, `&[u8]`, ...).
    ///
    /// ```
    /// use postmark_webhooks::receiver::Receiver;
    ///
    /// let receiver = Receiver::builder().secret_header("X-Webhook-Secret", "s3cr3t").build().unwrap();
    /// let request = http::Request::post("/postmark")
    ///     .header("X-Webhook-Secret", "s3cr3t")
    ///     .body(r#"{"RecordType": "Inbound"}"#)
    ///     .unwrap();
    /// assert_eq!(receiver.accept_request(&request).unwrap().event().record_type(), "Inbound");
    /// ```
    pub fn accept_request<B: AsRef<[u8]>>(
        &self,
        request: &Request<B>,
    ) -> Result<ReceivedEvent, Rejection> {
        self.accept(request.headers(), request.body().as_ref())
    }

    /// Checks a request to a server's inbound hook and reads its inbound
    /// message: the Basic credentials, then the body against
    /// [`max_inbound_body_bytes`](Self::max_inbound_body_bytes) (a
    /// `Content-Length` first), then the body. Inbound requests carry no
    /// trace id: deduplicate with [`InboundMessage::idempotency_key`].
    ///
    /// An inbound hook can carry only the Basic credentials of its URL, so
    /// the secret header is not checked: one receiver serves a webhook
    /// (Basic credentials and a secret header) and an inbound hook (the
    /// same Basic credentials). A receiver with a secret header but no
    /// Basic credentials has nothing to check an inbound request with and
    /// refuses each with [`Rejection::NoInboundCredentials`] (500, which
    /// Postmark retries, so no message is lost while it is fixed);
    /// [`Receiver::insecure_accept_all`] accepts each.
    ///
    /// ```
    /// use http::{HeaderMap, HeaderValue, header::AUTHORIZATION};
    /// use postmark_webhooks::receiver::{Receiver, Rejection};
    ///
    /// let receiver = Receiver::builder().basic_auth("postmark", "hunter2").build().unwrap();
    /// let body = br#"{"MessageID": "73e6d360-66eb-11e1-8e72-a8904824019b", "Subject": "Test subject"}"#;
    /// let mut headers = HeaderMap::new();
    /// // base64("postmark:hunter2")
    /// headers.insert(AUTHORIZATION, HeaderValue::from_static("Basic cG9zdG1hcms6aHVudGVyMg=="));
    /// let message = receiver.accept_inbound(&headers, body).unwrap();
    /// assert_eq!(message.subject.as_deref(), Some("Test subject"));
    ///
    /// let rejection = receiver.accept_inbound(&HeaderMap::new(), body).unwrap_err();
    /// assert!(matches!(rejection, Rejection::MissingCredentials));
    /// assert_eq!(rejection.status(), 401);
    /// let rejection = receiver.accept_inbound(&headers, b"[]").unwrap_err();
    /// assert!(matches!(rejection, Rejection::InvalidInbound(_)));
    /// ```
    pub fn accept_inbound(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<InboundMessage, Rejection> {
        self.check_inbound_headers(headers)?;
        self.accept_inbound_body(body)
    }

    /// The body against the inbound cap, read into its message.
    fn accept_inbound_body(&self, body: &[u8]) -> Result<InboundMessage, Rejection> {
        if body.len() > self.max_inbound_body_bytes {
            return Err(Rejection::BodyTooLarge {
                limit: self.max_inbound_body_bytes,
            });
        }
        InboundMessage::from_slice(body).map_err(Rejection::InvalidInbound)
    }

    /// This receiver with another body cap, for events and inbound messages
    /// alike, whatever it checks (the fuzz target uses it on
    /// [`insecure_accept_all`](Self::insecure_accept_all)).
    #[cfg(feature = "fuzzing")]
    pub(crate) fn with_max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
        self.max_inbound_body_bytes = limit;
        self
    }
}

/// A `Content-Length` against `limit`.
fn check_declared_length(headers: &HeaderMap, limit: usize) -> Result<(), Rejection> {
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(Rejection::BodyTooLarge { limit });
    }
    Ok(())
}

impl fmt::Debug for Receiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver")
            .field("basic_auth", &vec![REDACTED; self.basic_auth.len()])
            .field(
                "secret_header",
                &self
                    .secret_header
                    .as_ref()
                    .map(|h| (h.name.as_str(), vec![REDACTED; h.values.len()])),
            )
            .field("max_body_bytes", &self.max_body_bytes)
            .field("max_inbound_body_bytes", &self.max_inbound_body_bytes)
            .finish()
    }
}

/// Builds a [`Receiver`]; see [`Receiver::builder`].
///
/// It keeps only digests of the secrets it is given, and its `Debug` output
/// shows none of them.
///
/// ```
/// use postmark_webhooks::receiver::{Receiver, ReceiverError};
///
/// let err = Receiver::builder().build().unwrap_err();
/// assert!(matches!(err, ReceiverError::NoMechanism));
/// ```
#[derive(Clone)]
pub struct ReceiverBuilder {
    /// The receiver as configured so far; [`build`](Self::build) checks it.
    receiver: Receiver,
    problem: Option<ReceiverError>,
}

impl ReceiverBuilder {
    /// Expect these HTTP Basic credentials: the `HttpAuth` your webhook was
    /// created with. Neither may be empty, and the user name may not contain
    /// `:` (RFC 7617).
    ///
    /// Called again, it accepts those credentials too, so that a webhook's
    /// credentials can be rotated without a 401 (which Postmark does not
    /// retry): accept the new ones beside the old, give the webhook the new
    /// ones, then drop the old.
    ///
    /// ```
    /// use postmark_webhooks::receiver::{Receiver, ReceiverError};
    ///
    /// let rotating = Receiver::builder()
    ///     .basic_auth("postmark", "old password")
    ///     .basic_auth("postmark", "new password")
    ///     .build();
    /// assert!(rotating.is_ok());
    /// let err = Receiver::builder().basic_auth("post:mark", "hunter2").build().unwrap_err();
    /// assert!(matches!(err, ReceiverError::InvalidUsername));
    /// ```
    pub fn basic_auth(mut self, username: impl AsRef<str>, password: impl AsRef<str>) -> Self {
        let (username, password) = (username.as_ref(), password.as_ref());
        if username.is_empty() || password.is_empty() {
            self.problem.get_or_insert(ReceiverError::EmptySecret);
        } else if username.contains(':') {
            self.problem.get_or_insert(ReceiverError::InvalidUsername);
        }
        self.receiver.basic_auth.push(BasicAuth {
            username: Secret::new(username.as_bytes()),
            password: Secret::new(password.as_bytes()),
        });
        self
    }

    /// Expect a header with this value: one of the `HttpHeaders` your
    /// webhook was created with, holding a shared secret. The name is
    /// case-insensitive; the value must be a valid, non-empty header value.
    ///
    /// Called again with the same name, it accepts that value too, so that
    /// the secret can be rotated; one receiver checks one secret header, so
    /// another name is an error.
    ///
    /// ```
    /// use postmark_webhooks::receiver::{Receiver, ReceiverError};
    ///
    /// assert!(Receiver::builder().secret_header("X-Webhook-Secret", "s3cr3t").build().is_ok());
    /// let rotating = Receiver::builder()
    ///     .secret_header("X-Webhook-Secret", "old")
    ///     .secret_header("x-webhook-secret", "new")
    ///     .build();
    /// assert!(rotating.is_ok());
    /// let err = Receiver::builder()
    ///     .secret_header("X-Webhook-Secret", "old")
    ///     .secret_header("X-Other-Secret", "new")
    ///     .build()
    ///     .unwrap_err();
    /// assert!(matches!(err, ReceiverError::SecondSecretHeaderName(_)));
    /// let err = Receiver::builder().secret_header("X Webhook", "s3cr3t").build().unwrap_err();
    /// assert!(matches!(err, ReceiverError::InvalidHeaderName(_)));
    /// ```
    pub fn secret_header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        let (name, value) = (name.as_ref(), value.as_ref());
        let parsed = match HeaderName::from_bytes(name.as_bytes()) {
            Ok(parsed) => parsed,
            Err(_) => {
                self.problem
                    .get_or_insert(ReceiverError::InvalidHeaderName(name.to_string()));
                return self;
            }
        };
        if value.is_empty() {
            self.problem.get_or_insert(ReceiverError::EmptySecret);
        } else if HeaderValue::from_str(value).is_err() {
            self.problem
                .get_or_insert(ReceiverError::InvalidHeaderValue);
        }
        let value = Secret::new(value.as_bytes());
        match &mut self.receiver.secret_header {
            Some(header) if header.name == parsed => header.values.push(value),
            Some(_) => {
                self.problem
                    .get_or_insert(ReceiverError::SecondSecretHeaderName(name.to_string()));
            }
            None => {
                self.receiver.secret_header = Some(SecretHeader {
                    name: parsed,
                    values: vec![value],
                });
            }
        }
        self
    }

    /// The body size cap in bytes (default [`DEFAULT_MAX_BODY_BYTES`]).
    ///
    /// ```
    /// let receiver = postmark_webhooks::receiver::Receiver::builder()
    ///     .basic_auth("u", "p")
    ///     .max_body_bytes(256 * 1024)
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(receiver.max_body_bytes(), 256 * 1024);
    /// ```
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.receiver.max_body_bytes = limit;
        self
    }

    /// The body size cap for inbound messages, in bytes (default
    /// [`DEFAULT_MAX_INBOUND_BODY_BYTES`]).
    ///
    /// ```
    /// let receiver = postmark_webhooks::receiver::Receiver::builder()
    ///     .basic_auth("u", "p")
    ///     .max_inbound_body_bytes(10 * 1024 * 1024)
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(receiver.max_inbound_body_bytes(), 10 * 1024 * 1024);
    /// ```
    pub fn max_inbound_body_bytes(mut self, limit: usize) -> Self {
        self.receiver.max_inbound_body_bytes = limit;
        self
    }

    /// The receiver, or the first problem with what was set. Setting
    /// neither Basic credentials nor a secret header is an error: use
    /// [`Receiver::insecure_accept_all`] to say that you mean it.
    ///
    /// ```
    /// use postmark_webhooks::receiver::{Receiver, ReceiverError};
    ///
    /// let err = Receiver::builder().secret_header("X-Webhook-Secret", "").build().unwrap_err();
    /// assert!(matches!(err, ReceiverError::EmptySecret));
    /// ```
    pub fn build(self) -> Result<Receiver, ReceiverError> {
        if let Some(problem) = self.problem {
            return Err(problem);
        }
        if self.receiver.basic_auth.is_empty() && self.receiver.secret_header.is_none() {
            return Err(ReceiverError::NoMechanism);
        }
        Ok(self.receiver)
    }
}

impl fmt::Debug for ReceiverBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReceiverBuilder")
            .field("receiver", &self.receiver)
            .field("problem", &self.problem)
            .finish()
    }
}

/// Why a [`Receiver`] cannot be built. No variant holds a secret.
///
/// ```
/// use postmark_webhooks::receiver::Receiver;
///
/// let err = Receiver::builder().basic_auth("", "").build().unwrap_err();
/// assert_eq!(err.to_string(), "a webhook credential or secret is empty");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReceiverError {
    /// Neither Basic credentials nor a secret header were set.
    #[error(
        "no Basic credentials and no secret header were set, so any request would be accepted; \
         set one, or use Receiver::insecure_accept_all()"
    )]
    NoMechanism,
    /// A user name, password or secret header value is empty.
    #[error("a webhook credential or secret is empty")]
    EmptySecret,
    /// The Basic user name contains `:`, which RFC 7617 does not allow.
    #[error("the Basic auth user name contains `:`, which HTTP Basic auth cannot carry")]
    InvalidUsername,
    /// The secret header's name is not a valid HTTP header name.
    #[error("`{0}` is not a valid HTTP header name")]
    InvalidHeaderName(String),
    /// The secret header's value is not a valid HTTP header value.
    #[error("the secret header value is not a valid HTTP header value")]
    InvalidHeaderValue,
    /// A second secret header name: a receiver checks one secret header
    /// (with one or more values).
    #[error("`{0}` is a second secret header name; a receiver checks one secret header")]
    SecondSecretHeaderName(String),
}
