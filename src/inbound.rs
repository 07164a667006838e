//! Inbound email: what Postmark POSTs to a server's `InboundHookUrl` for
//! each email that reaches the server's inbound address, typed.
//!
//! Sources: Postmark's inbound webhook page
//! (postmarkapp.com/developer/webhooks/inbound-webhook, the fields and their
//! example) and its guide to parsing an email
//! (postmarkapp.com/developer/user-guide/inbound/parse-an-email); the real
//! payloads the tests read are in `tests/fixtures/postmark-inbound/`, whose
//! `SOURCES.md` says where each comes from and what is unusual in it.
//!
//! [`InboundMessage::from_slice`] reads one request body. Every field that
//! Postmark documents is read into a typed value; older payloads leave
//! several out, so each is an `Option` (`null` reads as `None` too):
//!
//! - addresses (`FromFull`, `ToFull`, `CcFull`, `BccFull`) as [`Address`]es,
//!   beside the header texts (`From`, `To`, `Cc`, `Bcc`) as Postmark wrote them;
//! - `Date` as an [`EmailDate`]: its text, and its date and time where
//!   the text can be read;
//! - `Headers` as [`Headers`], in their order, with a case-insensitive
//!   lookup and every value of a repeated name;
//! - `Attachments` as [`Attachment`]s, whose bytes are decoded from base64
//!   only when asked for ([`Attachment::content`]), and checked against their
//!   `ContentLength`; the dashboard's test payload names them `Data`, which is
//!   read too;
//! - fields this version does not name are kept in [`extra`](InboundMessage::extra).
//!
//! Any input gives a message or a [`ParseError`]; none panics. A key may
//! appear only once in an object that is read field by field. A message
//! serializes back to Postmark's JSON: the fields it had, in Postmark's
//! order, but a field that was `null` is left out.
//!
//! Inbound requests carry no `X-PM-*` trace header: a message is known by its
//! `MessageID`, from which [`InboundMessage::idempotency_key`] is made. To
//! check that a request came from Postmark before reading it, see
//! [`Receiver::accept_inbound`](crate::receiver::Receiver::accept_inbound).
//!
//! ```
//! use postmark_webhooks::inbound::InboundMessage;
//!
//! let body = br#"{
//!   "From": "support@postmarkapp.com", "MessageID": "73e6d360-66eb-11e1-8e72-a8904824019b",
//!   "FromFull": {"Email": "support@postmarkapp.com", "Name": "Postmarkapp Support", "MailboxHash": ""},
//!   "Subject": "Test subject", "Date": "Fri, 1 Aug 2014 16:45:32 -04:00",
//!   "Headers": [{"Name": "X-Spam-Status", "Value": "No"}],
//!   "Attachments": [{"Name": "test.txt", "Content": "aGVsbG8=", "ContentType": "text/plain",
//!                    "ContentLength": 5}]
//! }"#;
//! let message = InboundMessage::from_slice(body).unwrap();
//! assert_eq!(message.from_full.as_ref().unwrap().email.as_deref(), Some("support@postmarkapp.com"));
//! assert_eq!(message.date.as_ref().unwrap().to_utc().unwrap().to_rfc3339(), "2014-08-01T20:45:32+00:00");
//! assert_eq!(message.header("x-spam-status"), Some("No"));
//! assert_eq!(message.attachments.as_ref().unwrap()[0].content().unwrap(), b"hello");
//! ```

use std::fmt;
use std::str::FromStr;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest as _, Sha256};

use crate::events::{ExtraReader, IdempotencyKey, Key, deserialize_keeping_extra, once};

/// The `MessageID` of the test messages that a server's "Check" button in
/// Postmark's dashboard sends: the same for all of them.
const NIL_MESSAGE_ID: &str = "00000000-0000-0000-0000-000000000000";

mod attachment;
mod date;
mod headers;

pub use attachment::{Attachment, AttachmentError};
pub use date::EmailDate;
pub use headers::{Header, Headers};

/// One email that Postmark received for a server, as POSTed to its
/// `InboundHookUrl`. Field names are Postmark's.
///
/// ```
/// use postmark_webhooks::inbound::InboundMessage;
///
/// let message: InboundMessage = r#"{"MessageID": "m-1", "Subject": "Re: ticket 456",
///     "MailboxHash": "ticket-456", "StrippedTextReply": "Thanks!"}"#.parse().unwrap();
/// assert_eq!(message.mailbox_hash.as_deref(), Some("ticket-456"));
/// assert_eq!(message.stripped_text_reply.as_deref(), Some("Thanks!"));
/// assert_eq!(serde_json::to_value(&message).unwrap()["Subject"], "Re: ticket 456");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct InboundMessage {
    /// The sender's display name (`FromName`).
    #[serde(rename = "FromName", skip_serializing_if = "Option::is_none")]
    pub from_name: Option<String>,
    /// The message stream, usually `"inbound"` (`MessageStream`).
    #[serde(rename = "MessageStream", skip_serializing_if = "Option::is_none")]
    pub message_stream: Option<String>,
    /// The sender's address, as text (`From`).
    #[serde(rename = "From", skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The sender, parsed (`FromFull`).
    #[serde(rename = "FromFull", skip_serializing_if = "Option::is_none")]
    pub from_full: Option<Address>,
    /// The `To` header's text (`To`).
    #[serde(rename = "To", skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The `To` recipients, parsed (`ToFull`).
    #[serde(rename = "ToFull", skip_serializing_if = "Option::is_none")]
    pub to_full: Option<Vec<Address>>,
    /// The `Cc` header's text (`Cc`).
    #[serde(rename = "Cc", skip_serializing_if = "Option::is_none")]
    pub cc: Option<String>,
    /// The `Cc` recipients, parsed (`CcFull`).
    #[serde(rename = "CcFull", skip_serializing_if = "Option::is_none")]
    pub cc_full: Option<Vec<Address>>,
    /// The `Bcc` text (`Bcc`): often the inbound address itself.
    #[serde(rename = "Bcc", skip_serializing_if = "Option::is_none")]
    pub bcc: Option<String>,
    /// The `Bcc` recipients, parsed (`BccFull`).
    #[serde(rename = "BccFull", skip_serializing_if = "Option::is_none")]
    pub bcc_full: Option<Vec<Address>>,
    /// The address the email was delivered to (`OriginalRecipient`).
    #[serde(rename = "OriginalRecipient", skip_serializing_if = "Option::is_none")]
    pub original_recipient: Option<String>,
    /// The subject (`Subject`).
    #[serde(rename = "Subject", skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Postmark's identifier of the message (`MessageID`); see
    /// [`idempotency_key`](Self::idempotency_key).
    #[serde(rename = "MessageID", skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The `Reply-To` address (`ReplyTo`).
    #[serde(rename = "ReplyTo", skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
    /// What follows `+` in the inbound address the email was sent to
    /// (`MailboxHash`), such as a ticket number.
    #[serde(rename = "MailboxHash", skip_serializing_if = "Option::is_none")]
    pub mailbox_hash: Option<String>,
    /// The `Date` header (`Date`).
    #[serde(rename = "Date", skip_serializing_if = "Option::is_none")]
    pub date: Option<EmailDate>,
    /// The plain-text body (`TextBody`).
    #[serde(rename = "TextBody", skip_serializing_if = "Option::is_none")]
    pub text_body: Option<String>,
    /// The HTML body (`HtmlBody`).
    #[serde(rename = "HtmlBody", skip_serializing_if = "Option::is_none")]
    pub html_body: Option<String>,
    /// The reply alone, without the quoted text, when Postmark can tell
    /// (`StrippedTextReply`).
    #[serde(rename = "StrippedTextReply", skip_serializing_if = "Option::is_none")]
    pub stripped_text_reply: Option<String>,
    /// The whole email as received (`RawEmail`), when the server is set to
    /// include it.
    #[serde(rename = "RawEmail", skip_serializing_if = "Option::is_none")]
    pub raw_email: Option<String>,
    /// The tag (`Tag`).
    #[serde(rename = "Tag", skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// The email's other headers, in order (`Headers`); see
    /// [`header`](Self::header).
    #[serde(rename = "Headers", skip_serializing_if = "Option::is_none")]
    pub headers: Option<Headers>,
    /// The attachments (`Attachments`).
    #[serde(rename = "Attachments", skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<Attachment>>,
    /// Fields this version does not name, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_extra!(InboundMessage, "an inbound message object", rest extra: ExtraReader,
    required {}
    optional {
        from_name: "FromName",
        message_stream: "MessageStream",
        from: "From",
        from_full: "FromFull",
        to: "To",
        to_full: "ToFull",
        cc: "Cc",
        cc_full: "CcFull",
        bcc: "Bcc",
        bcc_full: "BccFull",
        original_recipient: "OriginalRecipient",
        subject: "Subject",
        message_id: "MessageID",
        reply_to: "ReplyTo",
        mailbox_hash: "MailboxHash",
        date: "Date",
        text_body: "TextBody",
        html_body: "HtmlBody",
        stripped_text_reply: "StrippedTextReply",
        raw_email: "RawEmail",
        tag: "Tag",
        headers: "Headers",
        attachments: "Attachments",
    }
);

impl InboundMessage {
    /// Reads one request body.
    ///
    /// ```
    /// use postmark_webhooks::inbound::{InboundMessage, ParseErrorKind};
    ///
    /// let message = InboundMessage::from_slice(br#"{"MessageID": "m-1"}"#).unwrap();
    /// assert_eq!(message.message_id.as_deref(), Some("m-1"));
    ///
    /// let err = InboundMessage::from_slice(br#"{"MessageID": "m-1", "ToFull": {}}"#).unwrap_err();
    /// assert_eq!(err.kind(), ParseErrorKind::InvalidField);
    /// ```
    pub fn from_slice(body: &[u8]) -> Result<Self, ParseError> {
        serde_json::from_slice(body).map_err(|e| ParseError::new(e, body))
    }

    /// The value of the first header named `name` (compared without regard
    /// to case), from [`headers`](Self::headers).
    ///
    /// ```
    /// let message = postmark_webhooks::inbound::InboundMessage::from_slice(
    ///     br#"{"Headers": [{"Name": "X-Spam-Score", "Value": "-0.1"}]}"#,
    /// ).unwrap();
    /// assert_eq!(message.header("x-spam-score"), Some("-0.1"));
    /// assert_eq!(message.header("X-Spam-Status"), None);
    /// ```
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.as_ref()?.get(name)
    }

    /// Every value of the headers named `name` (compared without regard to
    /// case), in order: `Received` is usually repeated.
    ///
    /// ```
    /// let message = postmark_webhooks::inbound::InboundMessage::from_slice(
    ///     br#"{"Headers": [{"Name": "Received", "Value": "by a"}, {"Name": "X", "Value": ""},
    ///                      {"Name": "received", "Value": "by b"}]}"#,
    /// ).unwrap();
    /// assert_eq!(message.header_values("Received").collect::<Vec<_>>(), ["by a", "by b"]);
    /// ```
    pub fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .flat_map(move |headers| headers.get_all(name))
    }

    /// The key to deduplicate Postmark's retries of this message with: the
    /// SHA-256 digest of its `MessageID`, which Postmark keeps on every
    /// retry. A message without a `MessageID` (Postmark always sends one),
    /// or with an empty or nil one (`00000000-0000-0000-0000-000000000000`,
    /// which every test message of the server's "Check" button carries), is
    /// keyed by its whole JSON. Never the key of an event.
    ///
    /// ```
    /// use postmark_webhooks::inbound::InboundMessage;
    ///
    /// let first = InboundMessage::from_slice(br#"{"MessageID": "m-1", "Subject": "a"}"#).unwrap();
    /// let retry = InboundMessage::from_slice(br#"{"MessageID": "m-1", "Subject": "b"}"#).unwrap();
    /// let other = InboundMessage::from_slice(br#"{"MessageID": "m-2", "Subject": "a"}"#).unwrap();
    /// assert_eq!(first.idempotency_key(), retry.idempotency_key());
    /// assert_ne!(first.idempotency_key(), other.idempotency_key());
    ///
    /// let nil = |subject: &str| {
    ///     let json = format!(
    ///         r#"{{"MessageID": "00000000-0000-0000-0000-000000000000", "Subject": "{subject}"}}"#
    ///     );
    ///     InboundMessage::from_slice(json.as_bytes()).unwrap().idempotency_key()
    /// };
    /// assert_ne!(nil("a"), nil("b"));
    /// ```
    pub fn idempotency_key(&self) -> IdempotencyKey {
        let mut digest = Sha256::new();
        digest.update(b"postmark-webhooks inbound message key v1\0");
        let message_id = self
            .message_id
            .as_deref()
            .filter(|id| !id.is_empty() && *id != NIL_MESSAGE_ID);
        match message_id {
            Some(message_id) => {
                digest.update(b"MessageID\0");
                digest.update(message_id.as_bytes());
            }
            None => {
                digest.update(b"JSON\0");
                digest.update(serde_json::to_vec(self).unwrap_or_default());
            }
        }
        IdempotencyKey::from_bytes(digest.finalize().into())
    }
}

/// Reads one request body from a string; the same as
/// [`InboundMessage::from_slice`].
///
/// ```
/// use postmark_webhooks::inbound::InboundMessage;
///
/// let message: InboundMessage = r#"{"Tag": "support"}"#.parse().unwrap();
/// assert_eq!(message.tag.as_deref(), Some("support"));
/// ```
impl FromStr for InboundMessage {
    type Err = ParseError;

    fn from_str(body: &str) -> Result<Self, ParseError> {
        Self::from_slice(body.as_bytes())
    }
}

/// An email address as Postmark parsed it (`FromFull`, and each entry of
/// `ToFull`, `CcFull` and `BccFull`).
///
/// ```
/// let to: postmark_webhooks::inbound::Address = serde_json::from_str(
///     r#"{"Email": "yourhash+SampleHash@inbound.postmarkapp.com", "Name": "Firstname Lastname",
///         "MailboxHash": "SampleHash"}"#,
/// ).unwrap();
/// assert_eq!(to.mailbox_hash.as_deref(), Some("SampleHash"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Address {
    /// The address (`Email`).
    #[serde(rename = "Email", skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The display name, `""` when there is none (`Name`).
    #[serde(rename = "Name", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What follows `+` in the address, `""` when nothing does
    /// (`MailboxHash`; older payloads lack it).
    #[serde(rename = "MailboxHash", skip_serializing_if = "Option::is_none")]
    pub mailbox_hash: Option<String>,
    /// Fields this version does not name, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_extra!(Address, "an address object", rest extra: ExtraReader,
    required {}
    optional {
        email: "Email",
        name: "Name",
        mailbox_hash: "MailboxHash",
    }
);

/// Why a body is not an inbound message. Its text may quote the body, never
/// a secret.
///
/// ```
/// use postmark_webhooks::inbound::{InboundMessage, ParseErrorKind};
///
/// let err = InboundMessage::from_slice(br#"{"Attachments": [{"ContentLength": "45"}]}"#).unwrap_err();
/// assert_eq!(err.kind(), ParseErrorKind::InvalidField);
/// assert!(err.to_string().starts_with("invalid inbound message"), "{err}");
/// ```
#[derive(Debug)]
pub struct ParseError {
    kind: ParseErrorKind,
    detail: serde_json::Error,
}

/// The category of a [`ParseError`].
///
/// ```
/// use postmark_webhooks::inbound::{InboundMessage, ParseErrorKind};
///
/// let kind = |body: &[u8]| InboundMessage::from_slice(body).unwrap_err().kind();
/// assert_eq!(kind(b"{nope}"), ParseErrorKind::Syntax);
/// assert_eq!(kind(b""), ParseErrorKind::Truncated);
/// assert_eq!(kind(b"[]"), ParseErrorKind::NotAnObject);
/// assert_eq!(kind(br#"{"Subject": 1}"#), ParseErrorKind::InvalidField);
/// assert_eq!(kind(br#"{"Subject": "a", "Subject": "b"}"#), ParseErrorKind::InvalidField);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The body is not JSON (including text after the JSON value).
    Syntax,
    /// The body ends before its JSON does (an empty body too).
    Truncated,
    /// The body is JSON, but not an object.
    NotAnObject,
    /// A field has the wrong type, or a key appears twice in an object that
    /// is read field by field.
    InvalidField,
}

impl ParseError {
    fn new(detail: serde_json::Error, body: &[u8]) -> Self {
        use serde_json::error::Category;
        let kind = match detail.classify() {
            Category::Eof => ParseErrorKind::Truncated,
            Category::Syntax | Category::Io => ParseErrorKind::Syntax,
            Category::Data => match body.iter().find(|b| !b.is_ascii_whitespace()) {
                Some(b'{') => ParseErrorKind::InvalidField,
                _ => ParseErrorKind::NotAnObject,
            },
        };
        Self { kind, detail }
    }

    /// The category.
    ///
    /// ```
    /// use postmark_webhooks::inbound::{InboundMessage, ParseErrorKind};
    ///
    /// assert_eq!(InboundMessage::from_slice(b"{").unwrap_err().kind(), ParseErrorKind::Truncated);
    /// ```
    pub fn kind(&self) -> ParseErrorKind {
        self.kind
    }

    /// The line and column (from 1) where the problem was found.
    ///
    /// ```
    /// use postmark_webhooks::inbound::InboundMessage;
    ///
    /// let err = InboundMessage::from_slice(b"{\n  \"Subject\": nope}").unwrap_err();
    /// assert_eq!(err.position(), (2, 15));
    /// ```
    pub fn position(&self) -> (usize, usize) {
        (self.detail.line(), self.detail.column())
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            ParseErrorKind::Syntax => "the body is not JSON",
            ParseErrorKind::Truncated => "the body ends before its JSON does",
            ParseErrorKind::NotAnObject => "the body is not a JSON object",
            ParseErrorKind::InvalidField => "invalid inbound message",
        };
        write!(f, "{what}: {}", self.detail)
    }
}

impl std::error::Error for ParseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.detail)
    }
}
