//! The webhook as Postmark returns it, and the credentials and headers it carries.
//!
//! These types serialize to and from Postmark's exact JSON. Their `Debug`
//! output never shows a password, a header value or credentials embedded in a
//! URL.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use crate::redact::{REDACTED, RedactedUrl};
use crate::triggers::WebhookTriggers;

/// A webhook of a Postmark server, as returned by `list`, `get`, `create` and
/// `edit`.
///
/// ```
/// # fn main() -> serde_json::Result<()> {
/// let webhook: postmark_webhooks::Webhook = serde_json::from_str(r#"{
///     "ID": 1234567,
///     "Url": "https://www.example.com/webhook-test-tracking",
///     "MessageStream": "outbound",
///     "HttpAuth": {"Username": "user", "Password": "hunter2"},
///     "HttpHeaders": [{"Name": "name", "Value": "value"}],
///     "Triggers": {
///         "Open": {"Enabled": true, "PostFirstOpenOnly": false},
///         "Click": {"Enabled": true},
///         "Delivery": {"Enabled": true},
///         "Bounce": {"Enabled": false, "IncludeContent": false}
///     }
/// }"#)?;
/// assert_eq!(webhook.id, 1234567);
/// assert!(webhook.triggers.open.enabled);
/// assert_eq!(webhook.http_auth.as_ref().map(|a| a.username.as_str()), Some("user"));
/// // The password never reaches Debug output.
/// assert!(!format!("{webhook:?}").contains("hunter2"));
/// # Ok(())
/// # }
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Webhook {
    /// Postmark's ID of the webhook.
    #[serde(rename = "ID")]
    pub id: i64,
    /// The URL that Postmark POSTs events to. It may carry credentials.
    #[serde(rename = "Url")]
    pub url: String,
    /// The ID of the message stream whose events the webhook receives.
    #[serde(rename = "MessageStream")]
    pub message_stream: String,
    /// The HTTP Basic credentials Postmark sends, if any.
    ///
    /// Postmark answers both `null` and `{"Username": null, "Password": null}`
    /// (or empty strings) for "no credentials"; all of them decode to `None`.
    #[serde(
        rename = "HttpAuth",
        default,
        deserialize_with = "HttpAuth::deserialize_lenient"
    )]
    pub http_auth: Option<HttpAuth>,
    /// The custom headers Postmark sends; `null` decodes to no headers.
    #[serde(rename = "HttpHeaders", default, deserialize_with = "null_as_default")]
    pub http_headers: Vec<HttpHeader>,
    /// Which events the webhook receives. A trigger missing from an answer
    /// decodes as disabled.
    #[serde(rename = "Triggers", default)]
    pub triggers: WebhookTriggers,
    /// Whether the webhook receives events: `verified` once a verification
    /// succeeded, `unverified` when it was saved with `Verify: false` or its
    /// endpoint kept failing. Read-only; `None` when an answer does not carry
    /// it.
    #[serde(rename = "Status", default, skip_serializing_if = "Option::is_none")]
    pub status: Option<WebhookStatus>,
}

crate::open_enum::open_enum! {
    /// The verification status of a webhook or of one of its trigger types.
    /// Postmark sends no events to an unverified webhook, nor for an
    /// unverified trigger type, until a verification succeeds.
    ///
    /// ```
    /// use postmark_webhooks::WebhookStatus;
    ///
    /// let status: WebhookStatus = serde_json::from_str(r#""unverified""#).unwrap();
    /// assert_eq!(status, WebhookStatus::Unverified);
    /// assert_eq!(serde_json::to_string(&WebhookStatus::Verified).unwrap(), r#""verified""#);
    /// ```
    pub enum WebhookStatus {
        /// A verification succeeded: Postmark sends events.
        Verified = "verified",
        /// Not verified, or paused after failures: Postmark sends no events.
        Unverified = "unverified",
    }
    example: "verified"
    path: "postmark_webhooks::"
}

impl Webhook {
    /// The URL with embedded credentials, query and fragment hidden, as
    /// `Debug` shows it: for logs and command output.
    ///
    /// ```
    /// # let webhook: postmark_webhooks::Webhook = serde_json::from_str(
    /// #     r#"{"ID": 1, "Url": "https://user:pw@example.com/hook?token=abc", "MessageStream": "outbound"}"#).unwrap();
    /// assert_eq!(webhook.redacted_url(), "https://REDACTED@example.com/hook?REDACTED");
    /// ```
    pub fn redacted_url(&self) -> String {
        RedactedUrl(&self.url).to_string()
    }
}

impl fmt::Debug for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("id", &self.id)
            .field("url", &RedactedUrl(&self.url))
            .field("message_stream", &self.message_stream)
            .field("http_auth", &self.http_auth)
            .field("http_headers", &self.http_headers)
            .field("triggers", &self.triggers)
            .field("status", &self.status)
            .finish()
    }
}

/// HTTP Basic credentials that Postmark sends with every POST to a webhook.
///
/// `Debug` shows the user name and hides the password.
///
/// ```
/// use postmark_webhooks::HttpAuth;
///
/// let auth = HttpAuth::new("user", "secret");
/// assert_eq!(auth.password, "secret");
/// assert_eq!(format!("{auth:?}"), r#"HttpAuth { username: "user", password: "<redacted>" }"#);
/// assert_eq!(
///     serde_json::to_string(&auth).unwrap(),
///     r#"{"Username":"user","Password":"secret"}"#
/// );
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HttpAuth {
    /// The Basic auth user name. A missing or `null` one decodes as empty.
    #[serde(rename = "Username", default, deserialize_with = "null_as_default")]
    pub username: String,
    /// The Basic auth password. Postmark returns it in clear text. A missing
    /// or `null` one decodes as empty.
    #[serde(rename = "Password", default, deserialize_with = "null_as_default")]
    pub password: String,
}

impl HttpAuth {
    /// Credentials with this user name and password.
    ///
    /// ```
    /// let auth = postmark_webhooks::HttpAuth::new("user", "secret");
    /// assert_eq!(auth.username, "user");
    /// ```
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            username: username.into(),
            password: password.into(),
        }
    }

    /// The credentials, or `None` for empty ones: an empty user name and
    /// password is how Postmark writes "no credentials", and how an edit
    /// removes them.
    pub(crate) fn or_none(self) -> Option<Self> {
        (!self.username.is_empty() || !self.password.is_empty()).then_some(self)
    }

    /// Decodes credentials as a request or a desired-state file writes them:
    /// as an answer's, but a misspelt key is refused. Empty ones stay, for
    /// an edit removes credentials with them.
    pub(crate) fn deserialize_strict<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Self>, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Strict {
            #[serde(rename = "Username", default, deserialize_with = "null_as_default")]
            username: String,
            #[serde(rename = "Password", default, deserialize_with = "null_as_default")]
            password: String,
        }
        Ok(Option::<Strict>::deserialize(d)?.map(|auth| Self::new(auth.username, auth.password)))
    }

    /// Decodes `null`, an object of `null`s and an object of empty strings as
    /// `None`.
    fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        Ok(Option::<Self>::deserialize(d)?.and_then(Self::or_none))
    }
}

impl fmt::Debug for HttpAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpAuth")
            .field("username", &self.username)
            .field("password", &REDACTED)
            .finish()
    }
}

/// A custom header that Postmark sends with every POST to a webhook, often a
/// shared secret.
///
/// `Debug` shows the name and hides the value.
///
/// ```
/// use postmark_webhooks::HttpHeader;
///
/// let header = HttpHeader::new("X-Webhook-Secret", "s3cr3t");
/// assert_eq!(format!("{header:?}"), r#"HttpHeader { name: "X-Webhook-Secret", value: "<redacted>" }"#);
/// assert_eq!(
///     serde_json::to_string(&header).unwrap(),
///     r#"{"Name":"X-Webhook-Secret","Value":"s3cr3t"}"#
/// );
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HttpHeader {
    /// The header name.
    #[serde(rename = "Name")]
    pub name: String,
    /// The header value.
    #[serde(rename = "Value")]
    pub value: String,
}

impl HttpHeader {
    /// A header with this name and value.
    ///
    /// ```
    /// let header = postmark_webhooks::HttpHeader::new("X-Source", "postmark");
    /// assert_eq!(header.name, "X-Source");
    /// ```
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
        }
    }
}

impl fmt::Debug for HttpHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpHeader")
            .field("name", &self.name)
            .field("value", &REDACTED)
            .finish()
    }
}

/// Decodes `null` as the default (empty) value, as Postmark may answer an
/// empty list or string.
pub(crate) fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}
