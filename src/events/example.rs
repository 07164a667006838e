//! Example events as Postmark sends them: the spec's example of a record
//! type with a fresh `MessageID`, timestamps of now and a chosen message
//! stream. The mock delivers them, and `postmark-webhooks trigger` sends
//! them to a receiver.

use std::time::SystemTime;

use serde_json::{Map, Value};

use crate::record_type::RecordType;

/// The spec's example event of each record type, as JSON.
const EXAMPLES: &str = crate::raw::EVENT_EXAMPLES;

/// A realistic event of one record type, to test a receiver with: the
/// spec's example (from Postmark's documentation) with a fresh `MessageID`,
/// a fresh `ID` where the record type has one, timestamps of now and the
/// given message stream.
///
/// Defaults: a fresh `MessageID`, the `outbound` stream, `FirstOpen: true`
/// for an Open, and no `Content` (a trigger's `IncludeContent` is off
/// unless set).
///
/// ```
/// use postmark_webhooks::events::{ExampleEvent, RecordType, WebhookEvent};
///
/// let json = ExampleEvent::new(RecordType::Bounce).message_stream("broadcast").to_json();
/// assert_eq!(json["RecordType"], "Bounce");
/// assert_eq!(json["MessageStream"], "broadcast");
/// assert_ne!(json["MessageID"], "00000000-0000-0000-0000-000000000000");
/// assert!(json.get("Content").is_none());
///
/// let body = serde_json::to_vec(&json).unwrap();
/// assert!(matches!(WebhookEvent::from_slice(&body), Ok(WebhookEvent::Bounce(_))));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExampleEvent {
    record_type: RecordType,
    message_stream: String,
    message_id: String,
    first_open: bool,
    include_content: bool,
}

impl ExampleEvent {
    /// An event of this record type, with a fresh `MessageID`.
    ///
    /// ```
    /// use postmark_webhooks::events::{ExampleEvent, RecordType};
    /// let json = ExampleEvent::new(RecordType::Delivery).to_json();
    /// assert_eq!(json["MessageStream"], "outbound");
    /// ```
    pub fn new(record_type: RecordType) -> Self {
        Self {
            record_type,
            message_stream: "outbound".to_owned(),
            message_id: random_id(),
            first_open: true,
            include_content: false,
        }
    }

    /// The message stream (default `outbound`).
    ///
    /// ```
    /// use postmark_webhooks::events::{ExampleEvent, RecordType};
    /// let json = ExampleEvent::new(RecordType::Click).message_stream("broadcast").to_json();
    /// assert_eq!(json["MessageStream"], "broadcast");
    /// ```
    pub fn message_stream(mut self, message_stream: impl Into<String>) -> Self {
        self.message_stream = message_stream.into();
        self
    }

    /// The `MessageID` (default: a fresh [`random_id`]).
    ///
    /// ```
    /// use postmark_webhooks::events::{ExampleEvent, RecordType};
    /// let json = ExampleEvent::new(RecordType::Open).message_id("m-1").to_json();
    /// assert_eq!(json["MessageID"], "m-1");
    /// ```
    pub fn message_id(mut self, message_id: impl Into<String>) -> Self {
        self.message_id = message_id.into();
        self
    }

    /// For an Open: `FirstOpen` (default `true`); other record types have
    /// no such field.
    ///
    /// ```
    /// use postmark_webhooks::events::{ExampleEvent, RecordType};
    /// let json = ExampleEvent::new(RecordType::Open).first_open(false).to_json();
    /// assert_eq!(json["FirstOpen"], false);
    /// ```
    pub fn first_open(mut self, first_open: bool) -> Self {
        self.first_open = first_open;
        self
    }

    /// Whether the example's `Content` stays (a Bounce's or a spam
    /// complaint's dump), as with the trigger option `IncludeContent`
    /// (default `false`).
    ///
    /// ```
    /// use postmark_webhooks::events::{ExampleEvent, RecordType};
    /// let json = ExampleEvent::new(RecordType::Bounce).include_content(true).to_json();
    /// assert!(json["Content"].is_string());
    /// ```
    pub fn include_content(mut self, include_content: bool) -> Self {
        self.include_content = include_content;
        self
    }

    /// The event as JSON, its timestamps set to now.
    ///
    /// ```
    /// use postmark_webhooks::events::{ExampleEvent, RecordType};
    /// let json = ExampleEvent::new(RecordType::SubscriptionChange).to_json();
    /// assert_eq!(json["RecordType"], "SubscriptionChange");
    /// assert!(json["ChangedAt"].as_str().unwrap().ends_with('Z'));
    /// ```
    pub fn to_json(&self) -> Value {
        let examples: Map<String, Value> =
            serde_json::from_str(EXAMPLES).expect("build.rs writes a JSON object");
        let mut event = match examples.get(self.record_type.as_str()) {
            Some(Value::Object(example)) => example.clone(),
            _ => unreachable!("build.rs writes an example of every record type"),
        };
        let now = Value::String(rfc3339(SystemTime::now()));
        for field in ["BouncedAt", "DeliveredAt", "ReceivedAt", "ChangedAt"] {
            if event.contains_key(field) {
                event.insert(field.to_owned(), now.clone());
            }
        }
        event.insert("MessageID".to_owned(), self.message_id.as_str().into());
        event.insert(
            "MessageStream".to_owned(),
            self.message_stream.as_str().into(),
        );
        if event.contains_key("ID") {
            event.insert("ID".to_owned(), fastrand::i64(1..i64::MAX).into());
        }
        if self.record_type == RecordType::Open {
            event.insert("FirstOpen".to_owned(), self.first_open.into());
        }
        if !self.include_content {
            event.remove("Content");
        }
        Value::Object(event)
    }
}

/// A fresh random ID in the shape of a (version 4) UUID, as Postmark's
/// `MessageID`s and `X-PM-Webhook-Trace-Id`s are.
///
/// ```
/// let id = postmark_webhooks::events::random_id();
/// assert_eq!(id.len(), 36);
/// assert_ne!(id, postmark_webhooks::events::random_id());
/// ```
pub fn random_id() -> String {
    let hex = |n: usize| {
        (0..n)
            .map(|_| char::from_digit(fastrand::u32(0..16), 16).unwrap_or('0'))
            .collect::<String>()
    };
    format!("{}-{}-4{}-a{}-{}", hex(8), hex(4), hex(3), hex(3), hex(12))
}

/// An RFC 3339 timestamp with microseconds, in UTC.
fn rfc3339(time: SystemTime) -> String {
    let since = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = i64::try_from(since.as_secs()).unwrap_or(i64::MAX);
    chrono::DateTime::from_timestamp(secs, since.subsec_nanos())
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}
