//! Checking that a request to your webhook endpoint came from your Postmark
//! webhook, and reading its event.
//!
//! Postmark does not sign webhook requests. A webhook can instead be created
//! with HTTP Basic credentials (`HttpAuth`, sent as `Authorization: Basic`)
//! and with custom headers (`HttpHeaders`), such as a shared secret. A
//! [`Verifier`] knows what to expect and checks each request:
//!
//! 1. the credentials and the secret header, compared in constant time
//!    (SHA-256 digests of the expected and presented values are compared, so
//!    neither their contents nor their lengths leak through timing);
//! 2. the body size, against a cap ([`DEFAULT_MAX_BODY_BYTES`] by default);
//! 3. the body, read into a [`WebhookEvent`].
//!
//! A failure is a [`Rejection`] whose [`status`](Rejection::status) is the
//! HTTP status to answer: 401, 413 or 400. Headers and requests are the
//! [`http`] crate's types, which axum, actix-web (through its `http` 1.x
//! compatibility), hyper, warp and others use.
//!
//! Postmark retries a request that fails with a 5xx, 408 or 429 answer, or
//! times out, and tells how many retries are left in
//! [`RETRIES_REMAINING_HEADER`]: deduplicate with
//! [`WebhookEvent::idempotency_key`].
//!
//! ```
//! use http::{HeaderMap, HeaderValue, header::AUTHORIZATION};
//! use postmark_webhooks::receiver::{Rejection, Verifier};
//!
//! let verifier = Verifier::builder()
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
//! let event = verifier.verify(&headers, body).unwrap();
//! assert_eq!(event.recipient(), Some("john@example.com"));
//!
//! headers.insert("x-webhook-secret", HeaderValue::from_static("guess"));
//! let rejection = verifier.verify(&headers, body).unwrap_err();
//! assert!(matches!(rejection, Rejection::WrongSecret));
//! assert_eq!(rejection.status(), 401);
//! ```

use std::fmt;

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use http::header::{AUTHORIZATION, CONTENT_LENGTH};
use http::{HeaderMap, HeaderName, HeaderValue, Request};
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq;

use crate::events::{ParseError, WebhookEvent};
use crate::redact::REDACTED;

/// The body size cap of a [`Verifier`] unless set: 16 MiB.
///
/// Most events are a few kilobytes. A Bounce or SpamComplaint event of a
/// webhook whose trigger has `IncludeContent` carries the whole bounce dump,
/// which can hold the original message (up to Postmark's 10 MB message limit),
/// JSON-escaped. A rejected event is not retried by Postmark, so the default
/// leaves room for these; lower it with [`VerifierBuilder::max_body_bytes`]
/// if your webhooks do not include content.
///
/// ```
/// assert_eq!(postmark_webhooks::receiver::DEFAULT_MAX_BODY_BYTES, 16 * 1024 * 1024);
/// ```
pub const DEFAULT_MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// The header in which Postmark tells how many more times it will retry this
/// request if it fails: `X-PM-Retries-Remaining`. See [`retries_remaining`].
///
/// ```
/// assert_eq!(postmark_webhooks::receiver::RETRIES_REMAINING_HEADER, "x-pm-retries-remaining");
/// ```
pub const RETRIES_REMAINING_HEADER: &str = "x-pm-retries-remaining";

/// What a 401 answer to a Basic auth failure should carry as
/// `WWW-Authenticate` (see [`Rejection::www_authenticate`]).
const BASIC_CHALLENGE: &str = "Basic realm=\"postmark-webhooks\", charset=\"UTF-8\"";

/// The number in `X-PM-Retries-Remaining`: how many more times Postmark will
/// retry this request if it fails. `None` when the header is absent (a first
/// delivery may not carry it) or not a number.
///
/// ```
/// use http::{HeaderMap, HeaderValue};
/// use postmark_webhooks::receiver::retries_remaining;
///
/// let mut headers = HeaderMap::new();
/// assert_eq!(retries_remaining(&headers), None);
/// headers.insert("X-PM-Retries-Remaining", HeaderValue::from_static("3"));
/// assert_eq!(retries_remaining(&headers), Some(3));
/// ```
pub fn retries_remaining(headers: &HeaderMap) -> Option<u32> {
    headers
        .get(RETRIES_REMAINING_HEADER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// A SHA-256 digest of an expected secret; only digests are kept.
#[derive(Clone)]
struct Secret([u8; 32]);

impl Secret {
    fn new(value: &[u8]) -> Self {
        Self(Sha256::digest(value).into())
    }

    /// Compares the digest of `presented` with this one in constant time.
    fn matches(&self, presented: &[u8]) -> subtle::Choice {
        let presented: [u8; 32] = Sha256::digest(presented).into();
        self.0.ct_eq(&presented)
    }
}

#[derive(Clone)]
struct BasicAuth {
    username: Secret,
    password: Secret,
}

#[derive(Clone)]
struct SecretHeader {
    name: HeaderName,
    value: Secret,
}

/// Checks that requests came from your Postmark webhook and reads their
/// events. Build one with [`Verifier::builder`] and share it (it is cheap to
/// clone, and `Send + Sync`).
///
/// It keeps only SHA-256 digests of the credentials, and its `Debug` output
/// shows neither them nor the digests.
///
/// ```
/// use postmark_webhooks::receiver::Verifier;
///
/// let verifier = Verifier::builder().basic_auth("postmark", "hunter2").build().unwrap();
/// let shown = format!("{verifier:?}");
/// assert!(!shown.contains("hunter2") && !shown.contains("postmark\""), "{shown}");
/// ```
#[derive(Clone)]
pub struct Verifier {
    basic_auth: Option<BasicAuth>,
    secret_header: Option<SecretHeader>,
    max_body_bytes: usize,
}

impl Verifier {
    /// A builder; set [`basic_auth`](VerifierBuilder::basic_auth), a
    /// [`secret_header`](VerifierBuilder::secret_header) or both, as your
    /// webhook was created with.
    ///
    /// ```
    /// let verifier = postmark_webhooks::receiver::Verifier::builder()
    ///     .secret_header("X-Webhook-Secret", "s3cr3t")
    ///     .max_body_bytes(1024 * 1024)
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(verifier.max_body_bytes(), 1024 * 1024);
    /// ```
    pub fn builder() -> VerifierBuilder {
        VerifierBuilder {
            verifier: Self::insecure_accept_all(),
            problem: None,
        }
    }

    /// A verifier that checks no credentials: anyone can post events to an
    /// endpoint that uses it. Only for local development, or behind
    /// something else that authenticates Postmark (such as an allowlist of
    /// Postmark's IP addresses). The body cap and parsing still apply.
    ///
    /// ```
    /// use http::HeaderMap;
    /// use postmark_webhooks::receiver::Verifier;
    ///
    /// let verifier = Verifier::insecure_accept_all();
    /// let event = verifier.verify(&HeaderMap::new(), br#"{"RecordType": "Inbound"}"#).unwrap();
    /// assert_eq!(event.record_type(), "Inbound");
    /// ```
    pub fn insecure_accept_all() -> Self {
        Self {
            basic_auth: None,
            secret_header: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }

    /// The body size cap in bytes. Give it to your framework's body reader
    /// too, so that a larger body is not read at all.
    ///
    /// ```
    /// let verifier = postmark_webhooks::receiver::Verifier::insecure_accept_all();
    /// assert_eq!(verifier.max_body_bytes(), postmark_webhooks::receiver::DEFAULT_MAX_BODY_BYTES);
    /// ```
    pub fn max_body_bytes(&self) -> usize {
        self.max_body_bytes
    }

    /// Checks the credentials and the secret header, then a `Content-Length`
    /// against the body cap: everything that can be checked before the body
    /// is read. Call it first when your framework lets you read the body
    /// yourself, then [`parse_body`](Self::parse_body).
    ///
    /// Credentials are checked before the size, so an unauthenticated client
    /// learns nothing about the cap.
    ///
    /// ```
    /// use http::{HeaderMap, HeaderValue, header::CONTENT_LENGTH};
    /// use postmark_webhooks::receiver::{Rejection, Verifier};
    ///
    /// let verifier = Verifier::builder()
    ///     .secret_header("X-Webhook-Secret", "s3cr3t")
    ///     .max_body_bytes(1000)
    ///     .build()
    ///     .unwrap();
    /// let mut headers = HeaderMap::new();
    /// assert!(matches!(verifier.check_headers(&headers), Err(Rejection::MissingSecretHeader)));
    /// headers.insert("x-webhook-secret", HeaderValue::from_static("s3cr3t"));
    /// headers.insert(CONTENT_LENGTH, HeaderValue::from_static("5000"));
    /// assert!(matches!(
    ///     verifier.check_headers(&headers),
    ///     Err(Rejection::BodyTooLarge { limit: 1000 })
    /// ));
    /// ```
    pub fn check_headers(&self, headers: &HeaderMap) -> Result<(), Rejection> {
        if let Some(expected) = &self.basic_auth {
            check_basic_auth(expected, headers)?;
        }
        if let Some(expected) = &self.secret_header {
            let mut values = headers.get_all(&expected.name).iter();
            let (Some(value), None) = (values.next(), values.next()) else {
                return Err(match headers.contains_key(&expected.name) {
                    true => Rejection::WrongSecret,
                    false => Rejection::MissingSecretHeader,
                });
            };
            if !bool::from(expected.value.matches(value.as_bytes())) {
                return Err(Rejection::WrongSecret);
            }
        }
        let declared = headers
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|length| length > self.max_body_bytes as u64) {
            return Err(self.too_large());
        }
        Ok(())
    }

    /// Checks the body against the cap and reads its event. Call it after
    /// [`check_headers`](Self::check_headers).
    ///
    /// ```
    /// use postmark_webhooks::receiver::{Rejection, Verifier};
    ///
    /// let verifier = Verifier::builder().basic_auth("u", "p").max_body_bytes(64).build().unwrap();
    /// assert!(matches!(verifier.parse_body(&[b' '; 65]), Err(Rejection::BodyTooLarge { limit: 64 })));
    /// let rejection = verifier.parse_body(b"{}").unwrap_err();
    /// assert!(matches!(rejection, Rejection::InvalidPayload(_)));
    /// assert_eq!(rejection.status(), 400);
    /// ```
    pub fn parse_body(&self, body: &[u8]) -> Result<WebhookEvent, Rejection> {
        if body.len() > self.max_body_bytes {
            return Err(self.too_large());
        }
        WebhookEvent::from_slice(body).map_err(Rejection::InvalidPayload)
    }

    /// Checks a request's headers and body, and reads its event: the one call
    /// to make when your framework has read the body already.
    ///
    /// ```
    /// use http::HeaderMap;
    /// use postmark_webhooks::receiver::{Rejection, Verifier};
    ///
    /// let verifier = Verifier::builder().basic_auth("postmark", "hunter2").build().unwrap();
    /// let rejection = verifier.verify(&HeaderMap::new(), b"{}").unwrap_err();
    /// assert!(matches!(rejection, Rejection::MissingCredentials));
    /// assert_eq!(rejection.status(), 401);
    /// ```
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<WebhookEvent, Rejection> {
        self.check_headers(headers)?;
        self.parse_body(body)
    }

    /// [`verify`](Self::verify) for an [`http::Request`] whose body has been
    /// read (`Vec<u8>`, `Bytes`, `String`, `&[u8]`, ...).
    ///
    /// ```
    /// use postmark_webhooks::receiver::Verifier;
    ///
    /// let verifier = Verifier::builder().secret_header("X-Webhook-Secret", "s3cr3t").build().unwrap();
    /// let request = http::Request::post("/postmark")
    ///     .header("X-Webhook-Secret", "s3cr3t")
    ///     .body(r#"{"RecordType": "Inbound"}"#)
    ///     .unwrap();
    /// assert_eq!(verifier.verify_request(&request).unwrap().record_type(), "Inbound");
    /// ```
    pub fn verify_request<B: AsRef<[u8]>>(
        &self,
        request: &Request<B>,
    ) -> Result<WebhookEvent, Rejection> {
        self.verify(request.headers(), request.body().as_ref())
    }

    fn too_large(&self) -> Rejection {
        Rejection::BodyTooLarge {
            limit: self.max_body_bytes,
        }
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("basic_auth", &self.basic_auth.as_ref().map(|_| REDACTED))
            .field(
                "secret_header",
                &self
                    .secret_header
                    .as_ref()
                    .map(|h| (h.name.as_str(), REDACTED)),
            )
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}

/// Padding may be present or not: RFC 7617 clients pad, some proxies strip.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// RFC 7617: `Authorization: Basic base64(user-id ":" password)`, the scheme
/// name in any case.
fn check_basic_auth(expected: &BasicAuth, headers: &HeaderMap) -> Result<(), Rejection> {
    let mut values = headers.get_all(AUTHORIZATION).iter();
    let value = match (values.next(), values.next()) {
        (None, _) => return Err(Rejection::MissingCredentials),
        (Some(_), Some(_)) => return Err(Rejection::MalformedAuthorization),
        (Some(value), None) => value,
    };
    let decoded = basic_credentials(value).ok_or(Rejection::MalformedAuthorization)?;
    let colon = decoded
        .iter()
        .position(|&b| b == b':')
        .ok_or(Rejection::MalformedAuthorization)?;
    let (username, password) = (&decoded[..colon], &decoded[colon + 1..]);
    // Both comparisons always run; `&` on `Choice` does not short-circuit.
    let matches = expected.username.matches(username) & expected.password.matches(password);
    if bool::from(matches) {
        Ok(())
    } else {
        Err(Rejection::WrongCredentials)
    }
}

/// The decoded token of a `Basic` credential, or `None` if the value is not
/// one.
fn basic_credentials(value: &HeaderValue) -> Option<Vec<u8>> {
    let value = value.as_bytes();
    let space = value.iter().position(|&b| b == b' ')?;
    let (scheme, token) = (&value[..space], &value[space..]);
    if !scheme.eq_ignore_ascii_case(b"basic") {
        return None;
    }
    let token = token.trim_ascii();
    if token.is_empty() {
        return None;
    }
    BASE64.decode(token).ok()
}

/// Builds a [`Verifier`]; see [`Verifier::builder`].
///
/// It keeps only digests of the secrets it is given, and its `Debug` output
/// shows none of them.
///
/// ```
/// use postmark_webhooks::receiver::{Verifier, VerifierError};
///
/// let err = Verifier::builder().build().unwrap_err();
/// assert!(matches!(err, VerifierError::NoMechanism));
/// ```
#[derive(Clone)]
pub struct VerifierBuilder {
    /// The verifier as configured so far; [`build`](Self::build) checks it.
    verifier: Verifier,
    problem: Option<VerifierError>,
}

impl VerifierBuilder {
    /// Expect these HTTP Basic credentials: the `HttpAuth` your webhook was
    /// created with. Neither may be empty, and the user name may not contain
    /// `:` (RFC 7617).
    ///
    /// ```
    /// use postmark_webhooks::receiver::{Verifier, VerifierError};
    ///
    /// assert!(Verifier::builder().basic_auth("postmark", "hunter2").build().is_ok());
    /// let err = Verifier::builder().basic_auth("post:mark", "hunter2").build().unwrap_err();
    /// assert!(matches!(err, VerifierError::InvalidUsername));
    /// ```
    pub fn basic_auth(mut self, username: impl AsRef<str>, password: impl AsRef<str>) -> Self {
        let (username, password) = (username.as_ref(), password.as_ref());
        if username.is_empty() || password.is_empty() {
            self.problem.get_or_insert(VerifierError::EmptySecret);
        } else if username.contains(':') {
            self.problem.get_or_insert(VerifierError::InvalidUsername);
        }
        self.verifier.basic_auth = Some(BasicAuth {
            username: Secret::new(username.as_bytes()),
            password: Secret::new(password.as_bytes()),
        });
        self
    }

    /// Expect a header with this value: one of the `HttpHeaders` your
    /// webhook was created with, holding a shared secret. The name is
    /// case-insensitive; the value must be a valid, non-empty header value.
    ///
    /// ```
    /// use postmark_webhooks::receiver::{Verifier, VerifierError};
    ///
    /// assert!(Verifier::builder().secret_header("X-Webhook-Secret", "s3cr3t").build().is_ok());
    /// let err = Verifier::builder().secret_header("X Webhook", "s3cr3t").build().unwrap_err();
    /// assert!(matches!(err, VerifierError::InvalidHeaderName(_)));
    /// ```
    pub fn secret_header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        let (name, value) = (name.as_ref(), value.as_ref());
        let parsed = match HeaderName::from_bytes(name.as_bytes()) {
            Ok(parsed) => parsed,
            Err(_) => {
                self.problem
                    .get_or_insert(VerifierError::InvalidHeaderName(name.to_string()));
                return self;
            }
        };
        if value.is_empty() {
            self.problem.get_or_insert(VerifierError::EmptySecret);
        } else if HeaderValue::from_str(value).is_err() {
            self.problem
                .get_or_insert(VerifierError::InvalidHeaderValue);
        }
        self.verifier.secret_header = Some(SecretHeader {
            name: parsed,
            value: Secret::new(value.as_bytes()),
        });
        self
    }

    /// The body size cap in bytes (default [`DEFAULT_MAX_BODY_BYTES`]).
    ///
    /// ```
    /// let verifier = postmark_webhooks::receiver::Verifier::builder()
    ///     .basic_auth("u", "p")
    ///     .max_body_bytes(256 * 1024)
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(verifier.max_body_bytes(), 256 * 1024);
    /// ```
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.verifier.max_body_bytes = limit;
        self
    }

    /// The verifier, or the first problem with what was set. Setting
    /// neither Basic credentials nor a secret header is an error: use
    /// [`Verifier::insecure_accept_all`] to say that you mean it.
    ///
    /// ```
    /// use postmark_webhooks::receiver::{Verifier, VerifierError};
    ///
    /// let err = Verifier::builder().secret_header("X-Webhook-Secret", "").build().unwrap_err();
    /// assert!(matches!(err, VerifierError::EmptySecret));
    /// ```
    pub fn build(self) -> Result<Verifier, VerifierError> {
        if let Some(problem) = self.problem {
            return Err(problem);
        }
        if self.verifier.basic_auth.is_none() && self.verifier.secret_header.is_none() {
            return Err(VerifierError::NoMechanism);
        }
        Ok(self.verifier)
    }
}

impl fmt::Debug for VerifierBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifierBuilder")
            .field("verifier", &self.verifier)
            .field("problem", &self.problem)
            .finish()
    }
}

/// Why a [`Verifier`] cannot be built. No variant holds a secret.
///
/// ```
/// use postmark_webhooks::receiver::Verifier;
///
/// let err = Verifier::builder().basic_auth("", "").build().unwrap_err();
/// assert_eq!(err.to_string(), "a webhook credential or secret is empty");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifierError {
    /// Neither Basic credentials nor a secret header were set.
    #[error(
        "no Basic credentials and no secret header were set, so any request would be accepted; \
         set one, or use Verifier::insecure_accept_all()"
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
}

/// Why a request was refused. [`status`](Self::status) is the HTTP status
/// to answer with; `Display` never shows a secret.
///
/// ```
/// use postmark_webhooks::receiver::Rejection;
///
/// assert_eq!(Rejection::WrongCredentials.status(), 401);
/// assert_eq!(Rejection::BodyTooLarge { limit: 10 }.status(), 413);
/// assert_eq!(Rejection::WrongCredentials.to_string(), "the Basic auth credentials are wrong");
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Rejection {
    /// Basic auth is expected and the request has no `Authorization` header.
    MissingCredentials,
    /// The `Authorization` header is not one `Basic` credential of the form
    /// `base64(user:password)`.
    MalformedAuthorization,
    /// The Basic user name or password is wrong (which one is not told).
    WrongCredentials,
    /// A secret header is expected and the request does not have it.
    MissingSecretHeader,
    /// The secret header has the wrong value, or appears more than once.
    WrongSecret,
    /// The body is larger than the cap (by its `Content-Length` or its size).
    BodyTooLarge {
        /// The cap, in bytes.
        limit: usize,
    },
    /// The body is not a Postmark event.
    InvalidPayload(ParseError),
}

impl Rejection {
    /// The HTTP status to answer with: 401 for the credential and secret
    /// checks, 413 for a body that is too large, 400 for an invalid body.
    /// (Postmark does not retry 4xx answers other than 408 and 429.)
    ///
    /// ```
    /// use postmark_webhooks::receiver::Rejection;
    ///
    /// assert_eq!(Rejection::MissingSecretHeader.status(), 401);
    /// ```
    pub fn status(&self) -> u16 {
        match self {
            Self::MissingCredentials
            | Self::MalformedAuthorization
            | Self::WrongCredentials
            | Self::MissingSecretHeader
            | Self::WrongSecret => 401,
            Self::BodyTooLarge { .. } => 413,
            Self::InvalidPayload(_) => 400,
        }
    }

    /// The `WWW-Authenticate` value that a 401 answer to a Basic auth
    /// failure must carry (RFC 9110); `None` for other rejections.
    ///
    /// ```
    /// use postmark_webhooks::receiver::Rejection;
    ///
    /// assert!(Rejection::MissingCredentials.www_authenticate().unwrap().starts_with("Basic "));
    /// assert_eq!(Rejection::WrongSecret.www_authenticate(), None);
    /// ```
    pub fn www_authenticate(&self) -> Option<&'static str> {
        match self {
            Self::MissingCredentials | Self::MalformedAuthorization | Self::WrongCredentials => {
                Some(BASIC_CHALLENGE)
            }
            _ => None,
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingCredentials => f.write_str("the request has no Authorization header"),
            Self::MalformedAuthorization => {
                f.write_str("the Authorization header is not one Basic credential")
            }
            Self::WrongCredentials => f.write_str("the Basic auth credentials are wrong"),
            Self::MissingSecretHeader => f.write_str("the request has no secret header"),
            Self::WrongSecret => f.write_str("the secret header is wrong"),
            Self::BodyTooLarge { limit } => write!(f, "the body is larger than {limit} bytes"),
            Self::InvalidPayload(e) => write!(f, "the body is not a Postmark event: {e}"),
        }
    }
}

impl std::error::Error for Rejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::InvalidPayload(e) => Some(e),
            _ => None,
        }
    }
}

/// The fuzz target `verifier` (and the corpus replay test).
///
/// Input layout: byte 0 chooses the configuration (bit 0: Basic auth
/// `postmark`/`hunter2`; bit 1: header `X-Webhook-Secret: s3cr3t`; neither:
/// accept all; bit 2: send the `Authorization` value base64-encoded after
/// `Basic `; bits 3-5: the body cap, 64 << n bytes). Then two fields, each a
/// length byte and that many bytes: the `Authorization` value (or the
/// credential to encode) and the secret header value; a field that is empty
/// or not a valid header value is left out. The rest is the body. Panics only when an
/// invariant fails: a request accepted with the wrong credentials, a status
/// outside 400/401/413, or a rejection whose text shows a secret.
#[doc(hidden)]
#[cfg(feature = "fuzzing")]
pub fn fuzz_entry(data: &[u8]) {
    const USER: &str = "postmark";
    const PASSWORD: &str = "hunter2";
    const SECRET: &str = "s3cr3t";
    let Some((&config, rest)) = data.split_first() else {
        return;
    };
    let (authorization, rest) = fuzz_field(rest);
    let (secret, body) = fuzz_field(rest);

    let limit = 64usize << ((config >> 3) & 7);
    let basic = config & 1 != 0;
    let header = config & 2 != 0;
    let verifier = match (basic, header) {
        (false, false) => Verifier {
            max_body_bytes: limit,
            ..Verifier::insecure_accept_all()
        },
        _ => {
            let mut builder = Verifier::builder().max_body_bytes(limit);
            if basic {
                builder = builder.basic_auth(USER, PASSWORD);
            }
            if header {
                builder = builder.secret_header("X-Webhook-Secret", SECRET);
            }
            builder.build().expect("a valid configuration")
        }
    };

    let authorization = if config & 4 != 0 {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(authorization)
        )
        .into_bytes()
    } else {
        authorization.to_vec()
    };
    let mut headers = HeaderMap::new();
    if !authorization.is_empty()
        && let Ok(value) = HeaderValue::from_bytes(&authorization)
    {
        headers.insert(AUTHORIZATION, value);
    }
    if !secret.is_empty()
        && let Ok(value) = HeaderValue::from_bytes(secret)
    {
        headers.insert("x-webhook-secret", value);
    }

    match verifier.verify(&headers, body) {
        Ok(_) => {
            if basic {
                let value = headers
                    .get(AUTHORIZATION)
                    .expect("credentials were checked");
                let decoded = basic_credentials(value).expect("credentials were checked");
                assert_eq!(decoded, format!("{USER}:{PASSWORD}").as_bytes());
            }
            if header {
                assert_eq!(secret, SECRET.as_bytes());
            }
            assert!(body.len() <= limit);
        }
        Err(rejection) => {
            assert!(matches!(rejection.status(), 400 | 401 | 413));
            if !matches!(rejection, Rejection::InvalidPayload(_)) {
                let shown = format!("{rejection} {rejection:?}");
                assert!(
                    !shown.contains(PASSWORD) && !shown.contains(SECRET),
                    "{shown}"
                );
            }
        }
    }
    let shown = format!("{verifier:?}");
    assert!(
        !shown.contains(PASSWORD) && !shown.contains(SECRET),
        "{shown}"
    );
}

#[cfg(feature = "fuzzing")]
/// A length byte and that many bytes (fewer if the input ends).
fn fuzz_field(data: &[u8]) -> (&[u8], &[u8]) {
    match data.split_first() {
        None => (&[], &[]),
        Some((&length, rest)) => rest.split_at(usize::from(length).min(rest.len())),
    }
}
