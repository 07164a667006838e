//! The events that Postmark POSTs to a webhook's URL, typed.
//!
//! [`WebhookEvent::from_slice`] reads one request body into an enum over the
//! record types (`Bounce`, `SpamComplaint`, `Delivery`, `Open`, `Click`,
//! `SubscriptionChange`). It is built to keep working as Postmark adds
//! things:
//!
//! - a record type this version does not know becomes
//!   [`WebhookEvent::Unknown`], with its JSON;
//! - a value of an open-ended field (a bounce `Type`, `Platform`, `Origin`,
//!   `SuppressionReason`, `ClickLocation`) that this version does not know is
//!   kept in the enum's `Other` variant;
//! - fields this version does not name are kept in each event's
//!   [`common.extra`](CommonFields::extra) (and in the `extra` of `Client`,
//!   `OS` and `Geo`);
//! - optional fields may be missing or `null`; `ServerID` is also accepted as
//!   `ServerId`.
//!
//! Any input gives an event or a [`ParseError`] with a [`ParseErrorKind`];
//! none panics. Keys are compared after JSON unescaping (`"Record\u0054ype"`
//! is `RecordType`), and a key may appear only once in an object that the
//! parser reads field by field (the event itself, `Client`, `OS`, `Geo`): a
//! second `RecordType` is [`InvalidRecordType`](ParseErrorKind::InvalidRecordType),
//! any other key given twice, named by this version or not, is
//! [`InvalidField`](ParseErrorKind::InvalidField). Inside free-form JSON
//! (`Metadata`, the value of an unknown field) the last of repeated keys wins,
//! as in `serde_json`. An event serializes back to JSON equivalent to what was
//! received, with two normalisations: a field that the event's type names
//! and that is `null` is left out (absent and `null` both read as `None`),
//! and `ServerId` is written `ServerID`. Unknown fields and `Metadata` keep
//! their `null`s. Timestamps keep their text, so seven fractional digits and
//! offsets come back unchanged.
//!
//! To check that a request came from your webhook before reading it, see
//! [`crate::receiver`].
//!
//! ```
//! use postmark_webhooks::events::{BounceType, WebhookEvent};
//!
//! let body = br#"{
//!   "RecordType": "Bounce", "MessageStream": "outbound", "ID": 4323372036854775807,
//!   "Type": "HardBounce", "TypeCode": 1, "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
//!   "Email": "john@example.com", "BouncedAt": "2019-11-05T16:33:54.9070259Z",
//!   "Metadata": {"a_key": "a_value"}
//! }"#;
//! let event = WebhookEvent::from_slice(body).unwrap();
//! assert_eq!(event.record_type(), "Bounce");
//! assert_eq!(event.recipient(), Some("john@example.com"));
//! assert_eq!(event.metadata().unwrap()["a_key"], "a_value");
//! match &event {
//!     WebhookEvent::Bounce(bounce) if bounce.bounce_type == BounceType::HardBounce => {
//!         println!("stop sending to {:?}", bounce.email)
//!     }
//!     WebhookEvent::Unknown(unknown) => println!("new record type {}", unknown.record_type()),
//!     _ => {}
//! }
//! ```

use std::fmt;
use std::str::FromStr;

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

mod example;
mod idempotency;
mod records;
mod values;

use records::KnownEvent;
// Shared with the inbound message reader.
pub(crate) use records::{ExtraReader, Key, deserialize_keeping_extra, once};

pub use crate::record_type::{RecordType, UnknownRecordType};
pub use crate::timestamp::Timestamp;
pub use example::{ExampleEvent, random_id};
pub use idempotency::{IdempotencyKey, InvalidIdempotencyKey};
pub use records::{
    BounceEvent, ClickEvent, CommonFields, DeliveryEvent, Geo, Metadata, OpenEvent, Software,
    SpamComplaintEvent, SubscriptionChangeEvent,
};
pub use values::{BounceType, ClickLocation, Origin, Platform, SuppressionReason};

/// One event that Postmark POSTs to a webhook, by its `RecordType`.
///
/// ```
/// use postmark_webhooks::events::WebhookEvent;
///
/// let event: WebhookEvent = r#"{"RecordType": "Delivery", "Recipient": "john@example.com",
///     "DeliveredAt": "2022-09-02T11:49:27Z", "Tag": "welcome-email"}"#.parse().unwrap();
/// assert!(matches!(event, WebhookEvent::Delivery(_)));
/// assert_eq!(event.tag(), Some("welcome-email"));
/// assert_eq!(serde_json::to_value(&event).unwrap()["RecordType"], "Delivery");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookEvent {
    /// `Bounce`: a message bounced.
    Bounce(BounceEvent),
    /// `SpamComplaint`: a recipient marked a message as spam.
    SpamComplaint(SpamComplaintEvent),
    /// `Delivery`: the receiving server accepted a message.
    Delivery(DeliveryEvent),
    /// `Open`: a recipient opened a message.
    Open(OpenEvent),
    /// `Click`: a recipient followed a tracked link.
    Click(ClickEvent),
    /// `SubscriptionChange`: a recipient was suppressed or reactivated.
    SubscriptionChange(SubscriptionChangeEvent),
    /// A record type this version does not know, kept as JSON.
    Unknown(UnknownEvent),
}

/// An event whose `RecordType` this version does not know: its JSON object,
/// as received.
///
/// ```
/// use postmark_webhooks::events::WebhookEvent;
///
/// let event = WebhookEvent::from_slice(
///     br#"{"RecordType": "InboundSomething", "MessageID": "m-1", "Answer": 42}"#,
/// ).unwrap();
/// let WebhookEvent::Unknown(unknown) = &event else { panic!("unknown") };
/// assert_eq!(unknown.record_type(), "InboundSomething");
/// assert_eq!(unknown.json()["Answer"], 42);
/// assert_eq!(event.message_id(), Some("m-1")); // common fields still work
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownEvent {
    record_type: String,
    json: Map<String, Value>,
}

impl UnknownEvent {
    /// The `RecordType`.
    ///
    /// ```
    /// # let event = postmark_webhooks::events::WebhookEvent::from_slice(br#"{"RecordType": "Inbound"}"#).unwrap();
    /// # let postmark_webhooks::events::WebhookEvent::Unknown(unknown) = event else { panic!() };
    /// assert_eq!(unknown.record_type(), "Inbound");
    /// ```
    pub fn record_type(&self) -> &str {
        &self.record_type
    }

    /// The whole JSON object, `RecordType` included.
    ///
    /// ```
    /// # let event = postmark_webhooks::events::WebhookEvent::from_slice(br#"{"RecordType": "Inbound", "X": 1}"#).unwrap();
    /// # let postmark_webhooks::events::WebhookEvent::Unknown(unknown) = event else { panic!() };
    /// assert_eq!(unknown.json().len(), 2);
    /// ```
    pub fn json(&self) -> &Map<String, Value> {
        &self.json
    }

    /// The whole JSON object, `RecordType` included.
    ///
    /// ```
    /// # let event = postmark_webhooks::events::WebhookEvent::from_slice(br#"{"RecordType": "Inbound", "X": 1}"#).unwrap();
    /// # let postmark_webhooks::events::WebhookEvent::Unknown(unknown) = event else { panic!() };
    /// let json = unknown.into_json();
    /// assert_eq!(json["X"], 1);
    /// ```
    pub fn into_json(self) -> Map<String, Value> {
        self.json
    }

    fn str_field(&self, name: &str) -> Option<&str> {
        self.json.get(name).and_then(Value::as_str)
    }
}

impl WebhookEvent {
    /// Reads one request body.
    ///
    /// ```
    /// use postmark_webhooks::events::{ParseErrorKind, WebhookEvent};
    ///
    /// let event = WebhookEvent::from_slice(br#"{"RecordType": "Open", "Recipient": "a@example.com",
    ///     "ReceivedAt": "2016-04-27T16:21:41.2493688-04:00"}"#).unwrap();
    /// assert_eq!(event.record_type(), "Open");
    ///
    /// let err = WebhookEvent::from_slice(br#"{"RecordType": "Open", "Recip"#).unwrap_err();
    /// assert_eq!(err.kind(), ParseErrorKind::Truncated);
    /// let err = WebhookEvent::from_slice(br#"{"Recipient": "a@example.com"}"#).unwrap_err();
    /// assert_eq!(err.kind(), ParseErrorKind::MissingRecordType);
    /// ```
    pub fn from_slice(body: &[u8]) -> Result<Self, ParseError> {
        // The common case in one parse: a plain top-level `RecordType` of a
        // known type, and a body that parses as that type. Anything else
        // takes the exact path below, which also names what is wrong.
        if let Some(known) = scan_record_type(body).and_then(RecordType::from_name)
            && let Ok(event) = Self::parse_as(known, body)
        {
            return Ok(event);
        }
        let record_type = match serde_json::from_slice::<Probe>(body) {
            Ok(Probe(record_type)) => record_type,
            Err(e) => return Err(ParseError::from_probe(e, body)),
        };
        let record_type = match record_type {
            None | Some(Value::Null) => {
                return Err(ParseError::new(ParseErrorKind::MissingRecordType));
            }
            Some(Value::String(record_type)) => record_type,
            Some(_) => return Err(ParseError::new(ParseErrorKind::InvalidRecordType)),
        };
        let typed = |e: serde_json::Error, record_type: String| ParseError {
            kind: ParseErrorKind::InvalidField,
            record_type: Some(record_type),
            detail: Some(e),
        };
        Ok(match RecordType::from_name(&record_type) {
            Some(known) => Self::parse_as(known, body).map_err(|e| typed(e, record_type))?,
            None => {
                let UniqueKeys(json) =
                    serde_json::from_slice(body).map_err(|e| typed(e, record_type.clone()))?;
                Self::Unknown(UnknownEvent { record_type, json })
            }
        })
    }

    /// `body` read as an event of the known `record_type`.
    fn parse_as(record_type: RecordType, body: &[u8]) -> serde_json::Result<Self> {
        Ok(match record_type {
            RecordType::Bounce => Self::Bounce(serde_json::from_slice(body)?),
            RecordType::SpamComplaint => Self::SpamComplaint(serde_json::from_slice(body)?),
            RecordType::Delivery => Self::Delivery(serde_json::from_slice(body)?),
            RecordType::Open => Self::Open(serde_json::from_slice(body)?),
            RecordType::Click => Self::Click(serde_json::from_slice(body)?),
            RecordType::SubscriptionChange => {
                Self::SubscriptionChange(serde_json::from_slice(body)?)
            }
        })
    }

    /// The `RecordType` as received, e.g. `"Bounce"`, for every event,
    /// [`Unknown`](Self::Unknown) ones included. To match on it, use
    /// [`known_record_type`](Self::known_record_type).
    ///
    /// ```
    /// let event = postmark_webhooks::events::WebhookEvent::from_slice(
    ///     br#"{"RecordType": "SpamComplaint", "ID": 42, "Type": "SpamComplaint", "TypeCode": 512}"#,
    /// ).unwrap();
    /// assert_eq!(event.record_type(), "SpamComplaint");
    /// ```
    pub fn record_type(&self) -> &str {
        match self.known() {
            Ok((known, _)) => known.as_str(),
            Err(unknown) => unknown.record_type(),
        }
    }

    /// The `RecordType` as a [`RecordType`]: `None` exactly for an
    /// [`Unknown`](Self::Unknown) event. Its name is
    /// [`record_type`](Self::record_type).
    ///
    /// ```
    /// use postmark_webhooks::events::{RecordType, WebhookEvent};
    ///
    /// let event = WebhookEvent::from_slice(br#"{"RecordType": "Delivery", "Recipient": "a@example.com",
    ///     "DeliveredAt": "2022-09-02T11:49:27Z"}"#).unwrap();
    /// assert_eq!(event.known_record_type(), Some(RecordType::Delivery));
    /// let event = WebhookEvent::from_slice(br#"{"RecordType": "Inbound"}"#).unwrap();
    /// assert_eq!(event.known_record_type(), None);
    /// ```
    pub fn known_record_type(&self) -> Option<RecordType> {
        self.known().ok().map(|(known, _)| known)
    }

    /// The record type of a known event and the event, or the unknown event:
    /// the one place that names every variant for the accessors.
    fn known(&self) -> Result<(RecordType, &dyn KnownEvent), &UnknownEvent> {
        Ok(match self {
            Self::Bounce(e) => (RecordType::Bounce, e),
            Self::SpamComplaint(e) => (RecordType::SpamComplaint, e),
            Self::Delivery(e) => (RecordType::Delivery, e),
            Self::Open(e) => (RecordType::Open, e),
            Self::Click(e) => (RecordType::Click, e),
            Self::SubscriptionChange(e) => (RecordType::SubscriptionChange, e),
            Self::Unknown(unknown) => return Err(unknown),
        })
    }

    /// The fields every event has, for an event of a known record type;
    /// `None` for an [`Unknown`](Self::Unknown) one (whose JSON holds them,
    /// and which the accessors such as [`message_id`](Self::message_id) read).
    ///
    /// ```
    /// let event = postmark_webhooks::events::WebhookEvent::from_slice(br#"{"RecordType": "Open",
    ///     "MessageID": "m-1", "Recipient": "a@example.com", "ReceivedAt": "2022-09-02T11:49:27Z",
    ///     "New": 1}"#).unwrap();
    /// let common = event.common().unwrap();
    /// assert_eq!(common.message_id.as_deref(), Some("m-1"));
    /// assert_eq!(common.extra["New"], 1);
    /// ```
    pub fn common(&self) -> Option<&CommonFields> {
        self.known().ok().map(|(_, event)| event.common())
    }

    /// The `MessageStream` the message went through, if sent.
    ///
    /// ```
    /// let event = postmark_webhooks::events::WebhookEvent::from_slice(br#"{"RecordType": "Delivery",
    ///     "MessageStream": "outbound", "Recipient": "a@example.com", "DeliveredAt": "2022-09-02T11:49:27Z"}"#).unwrap();
    /// assert_eq!(event.message_stream(), Some("outbound"));
    /// ```
    pub fn message_stream(&self) -> Option<&str> {
        match self.known() {
            Ok((_, event)) => event.common().message_stream.as_deref(),
            Err(unknown) => unknown.str_field("MessageStream"),
        }
    }

    /// The `MessageID` of the message the event is about, if sent (manual
    /// subscription changes have none).
    ///
    /// ```
    /// let event = postmark_webhooks::events::WebhookEvent::from_slice(br#"{"RecordType": "Open",
    ///     "MessageID": "m-1", "Recipient": "a@example.com", "ReceivedAt": "2022-09-02T11:49:27Z"}"#).unwrap();
    /// assert_eq!(event.message_id(), Some("m-1"));
    /// ```
    pub fn message_id(&self) -> Option<&str> {
        match self.known() {
            Ok((_, event)) => event.common().message_id.as_deref(),
            Err(unknown) => unknown.str_field("MessageID"),
        }
    }

    /// The recipient's address: `Recipient`, or `Email` for Bounce and
    /// SpamComplaint events.
    ///
    /// ```
    /// let event = postmark_webhooks::events::WebhookEvent::from_slice(br#"{"RecordType": "Bounce",
    ///     "ID": 1, "Type": "HardBounce", "TypeCode": 1, "Email": "a@example.com"}"#).unwrap();
    /// assert_eq!(event.recipient(), Some("a@example.com"));
    /// ```
    pub fn recipient(&self) -> Option<&str> {
        match self.known() {
            Ok((_, event)) => event.recipient(),
            Err(unknown) => unknown
                .str_field("Recipient")
                .or_else(|| unknown.str_field("Email")),
        }
    }

    /// The message's `Tag`, if sent (it may be empty).
    ///
    /// ```
    /// let event = postmark_webhooks::events::WebhookEvent::from_slice(br#"{"RecordType": "Click",
    ///     "Tag": "welcome", "Recipient": "a@example.com", "ReceivedAt": "2022-09-02T11:49:27Z"}"#).unwrap();
    /// assert_eq!(event.tag(), Some("welcome"));
    /// ```
    pub fn tag(&self) -> Option<&str> {
        match self.known() {
            Ok((_, event)) => event.common().tag.as_deref(),
            Err(unknown) => unknown.str_field("Tag"),
        }
    }

    /// The message's `Metadata`, if sent.
    ///
    /// ```
    /// let event = postmark_webhooks::events::WebhookEvent::from_slice(br#"{"RecordType": "Delivery",
    ///     "Metadata": {"customer_id": "12345", "n": 3}, "Recipient": "a@example.com",
    ///     "DeliveredAt": "2022-09-02T11:49:27Z"}"#).unwrap();
    /// let metadata = event.metadata().unwrap();
    /// assert_eq!(metadata["customer_id"], "12345");
    /// assert_eq!(metadata["n"], 3);
    /// ```
    pub fn metadata(&self) -> Option<&Metadata> {
        match self.known() {
            Ok((_, event)) => event.common().metadata.as_ref(),
            Err(unknown) => unknown.json.get("Metadata").and_then(Value::as_object),
        }
    }

    /// The `ServerID` of the Postmark server, if sent.
    ///
    /// ```
    /// let event = postmark_webhooks::events::WebhookEvent::from_slice(br#"{"RecordType": "Delivery",
    ///     "ServerId": 23, "Recipient": "a@example.com", "DeliveredAt": "2022-09-02T11:49:27Z"}"#).unwrap();
    /// assert_eq!(event.server_id(), Some(23));
    /// ```
    pub fn server_id(&self) -> Option<i64> {
        match self.known() {
            Ok((_, event)) => event.common().server_id,
            Err(unknown) => unknown
                .json
                .get("ServerID")
                .or_else(|| unknown.json.get("ServerId"))
                .and_then(Value::as_i64),
        }
    }

    /// When the event happened: `BouncedAt`, `DeliveredAt`, `ReceivedAt` or
    /// `ChangedAt`. `None` for a bounce without `BouncedAt` and for unknown
    /// record types.
    ///
    /// ```
    /// let event = postmark_webhooks::events::WebhookEvent::from_slice(br#"{"RecordType": "SubscriptionChange",
    ///     "Recipient": "a@example.com", "ChangedAt": "2022-06-05T17:17:32Z", "SuppressSending": true}"#).unwrap();
    /// assert_eq!(event.occurred_at().unwrap().as_str(), "2022-06-05T17:17:32Z");
    /// ```
    pub fn occurred_at(&self) -> Option<&Timestamp> {
        match self.known() {
            Ok((_, event)) => event.occurred_at(),
            Err(_) => None,
        }
    }

    /// The key to deduplicate the repeats of this event that Postmark's
    /// retries bring.
    ///
    /// Postmark retries a POST that failed or timed out, with the same body,
    /// so a receiver can see one event more than once. The key is the
    /// SHA-256 digest of the record type, the `MessageID` and the fields that
    /// tell this event from the other events of the same message:
    ///
    /// | record type | fields |
    /// |---|---|
    /// | `Bounce`, `SpamComplaint` | `ID`, `BouncedAt` |
    /// | `Delivery` | `Recipient`, `DeliveredAt` |
    /// | `Open` | `Recipient`, `ReceivedAt` |
    /// | `Click` | `Recipient`, `ReceivedAt`, `OriginalLink` |
    /// | `SubscriptionChange` | `Recipient`, `ChangedAt`, `SuppressSending` |
    /// | unknown | the whole JSON object (keys sorted) |
    ///
    /// Timestamps count by instant (the same instant written with another
    /// offset gives the same key). Metadata, tags and anything else do not
    /// count. The key is stable across versions of this crate that keep
    /// `v1` in its definition; a change would be a breaking release.
    ///
    /// ```
    /// use postmark_webhooks::events::WebhookEvent;
    ///
    /// let open = |at: &str| format!(r#"{{"RecordType": "Open",
    ///     "MessageID": "m-1", "Recipient": "a@example.com", "ReceivedAt": "{at}"}}"#)
    ///     .parse::<WebhookEvent>().unwrap();
    /// assert_eq!(open("2022-09-02T14:30:47Z").idempotency_key(),
    ///            open("2022-09-02T16:30:47+02:00").idempotency_key());
    /// assert_ne!(open("2022-09-02T14:30:47Z").idempotency_key(),
    ///            open("2022-09-02T14:30:48Z").idempotency_key());
    /// ```
    pub fn idempotency_key(&self) -> IdempotencyKey {
        IdempotencyKey::of(self)
    }
}

/// Reads one request body from a string; the same as
/// [`WebhookEvent::from_slice`].
///
/// ```
/// use postmark_webhooks::events::WebhookEvent;
///
/// let event: WebhookEvent = r#"{"RecordType": "Inbound"}"#.parse().unwrap();
/// assert!(matches!(event, WebhookEvent::Unknown(_)));
/// ```
impl FromStr for WebhookEvent {
    type Err = ParseError;

    fn from_str(body: &str) -> Result<Self, ParseError> {
        Self::from_slice(body.as_bytes())
    }
}

/// Writes `RecordType` and then the event's fields.
#[derive(Serialize)]
struct Tagged<'a, T> {
    #[serde(rename = "RecordType")]
    record_type: &'a str,
    #[serde(flatten)]
    event: &'a T,
}

impl Serialize for WebhookEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let record_type = self.record_type();
        match self {
            Self::Bounce(event) | Self::SpamComplaint(event) => {
                Tagged { record_type, event }.serialize(serializer)
            }
            Self::Delivery(event) => Tagged { record_type, event }.serialize(serializer),
            Self::Open(event) => Tagged { record_type, event }.serialize(serializer),
            Self::Click(event) => Tagged { record_type, event }.serialize(serializer),
            Self::SubscriptionChange(event) => Tagged { record_type, event }.serialize(serializer),
            Self::Unknown(event) => event.json.serialize(serializer),
        }
    }
}

/// Reads any serde format through a JSON object; [`WebhookEvent::from_slice`]
/// is faster for bytes and gives a [`ParseErrorKind`].
impl<'de> Deserialize<'de> for WebhookEvent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let json = Map::<String, Value>::deserialize(deserializer)?;
        let bytes = serde_json::to_vec(&json).map_err(serde::de::Error::custom)?;
        Self::from_slice(&bytes).map_err(serde::de::Error::custom)
    }
}

/// Why a body is not an event.
///
/// ```
/// use postmark_webhooks::events::{ParseErrorKind, WebhookEvent};
///
/// let err = WebhookEvent::from_slice(br#"{"RecordType": "Bounce", "ID": "x", "Type": "HardBounce", "TypeCode": 1}"#)
///     .unwrap_err();
/// assert_eq!(err.kind(), ParseErrorKind::InvalidField);
/// assert_eq!(err.record_type(), Some("Bounce"));
/// assert!(err.to_string().contains("invalid Bounce event"), "{err}");
/// ```
#[derive(Debug)]
pub struct ParseError {
    kind: ParseErrorKind,
    record_type: Option<String>,
    detail: Option<serde_json::Error>,
}

/// The category of a [`ParseError`].
///
/// ```
/// use postmark_webhooks::events::{ParseErrorKind, WebhookEvent};
///
/// let kind = |body: &[u8]| WebhookEvent::from_slice(body).unwrap_err().kind();
/// assert_eq!(kind(b"{nope}"), ParseErrorKind::Syntax);
/// assert_eq!(kind(b""), ParseErrorKind::Truncated);
/// assert_eq!(kind(b"[]"), ParseErrorKind::NotAnObject);
/// assert_eq!(kind(b"{}"), ParseErrorKind::MissingRecordType);
/// assert_eq!(kind(br#"{"RecordType": 1}"#), ParseErrorKind::InvalidRecordType);
/// assert_eq!(kind(br#"{"RecordType": "Delivery"}"#), ParseErrorKind::InvalidField);
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
    /// The object has no `RecordType`, or it is `null`.
    MissingRecordType,
    /// `RecordType` is not a string, or appears twice (however its key is
    /// written: `"Record\u0054ype"` is `RecordType` too).
    InvalidRecordType,
    /// A field of a known record type is missing, has the wrong type, or has
    /// a value that cannot be read (such as a timestamp that is not RFC 3339);
    /// or a key other than `RecordType` appears twice in the event (of any
    /// record type) or in its `Client`, `OS` or `Geo`.
    InvalidField,
}

impl ParseError {
    fn new(kind: ParseErrorKind) -> Self {
        Self {
            kind,
            record_type: None,
            detail: None,
        }
    }

    fn from_probe(e: serde_json::Error, body: &[u8]) -> Self {
        use serde_json::error::Category;
        let starts_as_object = body
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_none_or(|b| *b == b'{');
        let kind = match e.classify() {
            Category::Eof => ParseErrorKind::Truncated,
            // A number or literal cut short (`4.`, `tru`) is reported as a
            // syntax error at the very end of the body.
            Category::Syntax if at_end(body, e.line(), e.column()) => ParseErrorKind::Truncated,
            Category::Syntax | Category::Io => ParseErrorKind::Syntax,
            Category::Data if !starts_as_object => ParseErrorKind::NotAnObject,
            Category::Data => ParseErrorKind::InvalidRecordType,
        };
        Self {
            kind,
            record_type: None,
            detail: Some(e),
        }
    }

    /// The category.
    ///
    /// ```
    /// use postmark_webhooks::events::{ParseErrorKind, WebhookEvent};
    ///
    /// assert_eq!(WebhookEvent::from_slice(b"{").unwrap_err().kind(), ParseErrorKind::Truncated);
    /// ```
    pub fn kind(&self) -> ParseErrorKind {
        self.kind
    }

    /// The `RecordType` of an [`InvalidField`](ParseErrorKind::InvalidField)
    /// error.
    ///
    /// ```
    /// use postmark_webhooks::events::WebhookEvent;
    ///
    /// let err = WebhookEvent::from_slice(br#"{"RecordType": "Open"}"#).unwrap_err();
    /// assert_eq!(err.record_type(), Some("Open"));
    /// ```
    pub fn record_type(&self) -> Option<&str> {
        self.record_type.as_deref()
    }

    /// The line and column (from 1) where the problem was found, when known.
    ///
    /// ```
    /// use postmark_webhooks::events::WebhookEvent;
    ///
    /// let err = WebhookEvent::from_slice(b"{\n  \"RecordType\": nope}").unwrap_err();
    /// assert_eq!(err.position(), Some((2, 18)));
    /// ```
    pub fn position(&self) -> Option<(usize, usize)> {
        self.detail
            .as_ref()
            .filter(|e| e.line() > 0)
            .map(|e| (e.line(), e.column()))
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let detail = |f: &mut fmt::Formatter<'_>| match &self.detail {
            Some(e) => write!(f, ": {e}"),
            None => Ok(()),
        };
        match self.kind {
            ParseErrorKind::Syntax => f.write_str("the body is not JSON")?,
            ParseErrorKind::Truncated if self.position() == Some((1, 0)) => {
                return f.write_str("the body is empty");
            }
            ParseErrorKind::Truncated => f.write_str("the body ends before its JSON does")?,
            ParseErrorKind::NotAnObject => f.write_str("the body is not a JSON object")?,
            ParseErrorKind::MissingRecordType => {
                f.write_str("the JSON object has no `RecordType`")?
            }
            ParseErrorKind::InvalidRecordType => {
                f.write_str("`RecordType` is not a single string")?
            }
            ParseErrorKind::InvalidField => write!(
                f,
                "invalid {} event",
                self.record_type.as_deref().unwrap_or("Postmark")
            )?,
        }
        detail(f)
    }
}

impl std::error::Error for ParseError {}

/// Whether serde_json's error position (line from 1, column = bytes read on
/// that line) is the end of `body`, and `body` ends where a number or
/// literal could go on.
fn at_end(body: &[u8], line: usize, column: usize) -> bool {
    let line_start = match line {
        0 => return false,
        1 => 0,
        _ => match body
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(line - 2)
        {
            Some((newline, _)) => newline + 1,
            None => return false,
        },
    };
    // Only where the body could continue: a number or `true`/`false`/`null`.
    let could_continue = body
        .last()
        .is_some_and(|b| b"0123456789.+-eEtrufalsn".contains(b));
    line_start + column >= body.len() && could_continue
}

/// The value of the top-level `RecordType` key, found by a scan that follows
/// strings and nesting without parsing: `None` unless the body has exactly
/// one `"RecordType"` string at the top level, followed by `:` and a string
/// without escapes. It checks nothing else; the caller parses the body.
fn scan_record_type(body: &[u8]) -> Option<&str> {
    const KEY: &[u8] = b"\"RecordType\"";
    /// The index of the quote that closes the string opening at `start`.
    fn string_end(body: &[u8], start: usize) -> Option<usize> {
        let mut i = start + 1;
        loop {
            i += memchr::memchr2(b'"', b'\\', body.get(i..)?)?;
            if body[i] == b'"' {
                return Some(i);
            }
            i += 2;
        }
    }
    fn skip_whitespace(body: &[u8], mut i: usize) -> usize {
        while body.get(i).is_some_and(|b| b" \t\r\n".contains(b)) {
            i += 1;
        }
        i
    }
    let mut depth = 0usize;
    let mut found = None;
    let mut i = 0;
    while let Some(&byte) = body.get(i) {
        match byte {
            b'"' => {
                let end = string_end(body, i)?;
                if depth == 1 && &body[i..=end] == KEY {
                    let colon = skip_whitespace(body, end + 1);
                    if body.get(colon) != Some(&b':') {
                        return None;
                    }
                    let open = skip_whitespace(body, colon + 1);
                    if body.get(open) != Some(&b'"') || found.is_some() {
                        return None;
                    }
                    let close = string_end(body, open)?;
                    let value = &body[open + 1..close];
                    if value.contains(&b'\\') {
                        return None;
                    }
                    found = Some(std::str::from_utf8(value).ok()?);
                    i = close;
                } else {
                    i = end;
                }
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.checked_sub(1)?,
            _ => {}
        }
        i += 1;
    }
    found
}

/// Reads only `RecordType` from a JSON object, skipping (and so checking the
/// syntax of) everything else.
struct Probe(Option<Value>);

impl<'de> Deserialize<'de> for Probe {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;

        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = Probe;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Probe, A::Error> {
                let mut record_type = None;
                while let Some(is_record_type) = map.next_key_seed(IsRecordType)? {
                    if !is_record_type {
                        map.next_value::<IgnoredAny>()?;
                    } else if record_type.is_some() {
                        return Err(serde::de::Error::duplicate_field("RecordType"));
                    } else {
                        record_type = Some(map.next_value::<Value>()?);
                    }
                }
                Ok(Probe(record_type))
            }
        }

        deserializer.deserialize_map(ObjectVisitor)
    }
}

/// A JSON object in which no key appears twice (the top level of an
/// unknown event; known events check this field by field).
struct UniqueKeys(Map<String, Value>);

impl<'de> Deserialize<'de> for UniqueKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;

        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = UniqueKeys;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<UniqueKeys, A::Error> {
                let mut json = Map::new();
                while let Some(key) = map.next_key::<String>()? {
                    if json.contains_key(&key) {
                        return Err(serde::de::Error::custom(format_args!(
                            "duplicate field `{key}`"
                        )));
                    }
                    let value = map.next_value()?;
                    json.insert(key, value);
                }
                Ok(UniqueKeys(json))
            }
        }

        deserializer.deserialize_map(ObjectVisitor)
    }
}

/// A map key seed that answers whether the key is `RecordType`.
struct IsRecordType;

impl<'de> DeserializeSeed<'de> for IsRecordType {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        struct KeyVisitor;

        impl Visitor<'_> for KeyVisitor {
            type Value = bool;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }

            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<bool, E> {
                Ok(key == "RecordType")
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::{Probe, scan_record_type};
    use proptest::prelude::*;
    use serde_json::Value;

    #[test]
    fn the_scan_finds_only_a_plain_top_level_record_type() {
        fn found(body: &str) -> Option<&str> {
            scan_record_type(body.as_bytes())
        }
        assert_eq!(
            found(r#"{"RecordType": "Open", "Tag": null}"#),
            Some("Open")
        );
        assert_eq!(
            found(r#"{"A": {"RecordType": "X"}, "RecordType":"Click"}"#),
            Some("Click")
        );
        assert_eq!(
            found(r#"{"Tag": "\"RecordType\"", "RecordType" : "Delivery"}"#),
            Some("Delivery")
        );
        // Nested only, twice, escaped, not a string, or a value rather than a key.
        assert_eq!(found(r#"{"Metadata": {"RecordType": "Open"}}"#), None);
        assert_eq!(
            found(r#"{"RecordType": "Open", "RecordType": "Click"}"#),
            None
        );
        assert_eq!(found(r#"{"RecordType": "Op\u0065n"}"#), None);
        assert_eq!(found(r#"{"RecordType": 1}"#), None);
        assert_eq!(found(r#"{"Tag": "RecordType", "X": 1}"#), None);
        assert_eq!(found(r#"["RecordType", "Open"]"#), None);
        assert_eq!(found(r#"{"RecordType": "Open"#), None);
        assert_eq!(found("}}{"), None);
    }

    proptest! {
        /// Whatever the scan finds, the full parse of the same body finds too.
        #[test]
        fn the_scan_agrees_with_the_parser(
            key in prop_oneof![Just("RecordType"), Just("Tag"), Just("RecordTyp")],
            value in prop_oneof![Just(r#""Open""#), Just(r#""Cl\"ick""#), Just("1"), Just("null"), Just(r#"{"RecordType":"Bounce"}"#)],
            before in "[ ,:{}\\[\\]\"a-zA-Z0-9\\\\]{0,12}",
            after in "[ ,:{}\\[\\]\"a-zA-Z0-9\\\\]{0,12}",
        ) {
            let body = format!(r#"{{"A":{before:?},"{key}":{value},"B":"{after}"}}"#);
            if let Some(found) = scan_record_type(body.as_bytes()) {
                let parsed = serde_json::from_slice::<Probe>(body.as_bytes()).map(|p| p.0);
                if let Ok(parsed) = parsed {
                    prop_assert_eq!(parsed, Some(Value::String(found.to_owned())));
                }
            }
        }
    }
}
