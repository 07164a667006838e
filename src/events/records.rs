//! One type per record type, with Postmark's exact field names.
//!
//! Every field that Postmark may leave out is an `Option`; `null` decodes as
//! `None` too. The fields that every event has are declared once, in
//! [`CommonFields`], which each event embeds as `common`; fields this version
//! does not know are kept in its `extra`, so they are not lost and serialize
//! back.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::values::{BounceType, ClickLocation, Origin, Platform, SuppressionReason};
use crate::timestamp::Timestamp;

/// The `Metadata` of an event: the custom key/value pairs sent with the
/// message. Postmark sends strings; any JSON value is kept as it is.
pub type Metadata = Map<String, Value>;

/// Implements `Deserialize` for a struct in one pass over the object (serde's
/// `flatten` would first buffer the whole object). Required fields must be
/// present; optional ones (`Option`) may be missing or `null`; every other key
/// goes to the `rest` reader (an event's [`CommonFields`], or the `extra` map
/// of `Software` and `Geo`); any key given twice is an error.
macro_rules! deserialize_keeping_extra {
    (
        $ty:ident, $expecting:literal, rest $rest:ident: $reader:ident,
        required { $($required:ident: $required_key:literal,)* }
        optional { $($optional:ident: $optional_key:literal,)* }
    ) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ObjectVisitor;

                impl<'de> Visitor<'de> for ObjectVisitor {
                    type Value = $ty;

                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }

                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<$ty, A::Error> {
                        $(let mut $required = None;)*
                        $(let mut $optional: Option<Option<_>> = None;)*
                        let mut $rest = $reader::default();
                        while let Some(key) = map.next_key::<Key<'de>>()? {
                            match key.as_str() {
                                $($required_key => once(&mut $required, $required_key, &mut map)?,)*
                                $($optional_key => once(&mut $optional, $optional_key, &mut map)?,)*
                                _ => $rest.take(key, &mut map)?,
                            }
                        }
                        Ok($ty {
                            $($required: $required.ok_or_else(|| de::Error::missing_field($required_key))?,)*
                            $($optional: $optional.flatten(),)*
                            $rest: $rest.finish(),
                        })
                    }
                }

                deserializer.deserialize_map(ObjectVisitor)
            }
        }
    };
}
pub(crate) use deserialize_keeping_extra;

/// Reads the value of `key` into `slot`, unless a value was read before.
pub(crate) fn once<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    key: &'static str,
    map: &mut A,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(key));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The fields that every event has, whatever its record type, and the
/// fields this version does not name. Reach them on a typed event as
/// `event.common`, or on any [`WebhookEvent`](super::WebhookEvent) through
/// its accessors (`message_id()`, `tag()`, ...).
///
/// ```
/// use postmark_webhooks::events::WebhookEvent;
///
/// let event = WebhookEvent::from_slice(br#"{
///     "RecordType": "Delivery", "MessageStream": "outbound", "MessageID": "m-1",
///     "Tag": "welcome", "Metadata": {"k": "v"}, "ServerID": 23, "New": true,
///     "Recipient": "john@example.com", "DeliveredAt": "2022-09-02T11:49:27Z"
/// }"#).unwrap();
/// let WebhookEvent::Delivery(delivery) = event else { panic!("a delivery") };
/// let common = &delivery.common;
/// assert_eq!(common.message_stream.as_deref(), Some("outbound"));
/// assert_eq!(common.message_id.as_deref(), Some("m-1"));
/// assert_eq!(common.tag.as_deref(), Some("welcome"));
/// assert_eq!(common.metadata.as_ref().unwrap()["k"], "v");
/// assert_eq!(common.server_id, Some(23));
/// assert_eq!(common.extra["New"], true);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CommonFields {
    /// The message stream the message went through (for a
    /// `SubscriptionChange`, the stream the change applies to).
    #[serde(
        rename = "MessageStream",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub message_stream: Option<String>,
    /// The ID of the message the event is about (`MessageID`); absent or
    /// `null` for manual subscription changes.
    #[serde(rename = "MessageID", default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The message's tag.
    #[serde(rename = "Tag", default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// The message's metadata.
    #[serde(rename = "Metadata", default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// The ID of the Postmark server (`ServerID`; `ServerId` is accepted).
    #[serde(rename = "ServerID", default, skip_serializing_if = "Option::is_none")]
    pub server_id: Option<i64>,
    /// Fields this version does not name, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Reads the keys of an event that its record type does not name: the
/// common fields, `RecordType` (skipped: the event's type says it), and the
/// rest into `extra`.
#[derive(Default)]
struct CommonReader {
    common: CommonFields,
    /// The common keys read so far, one bit each, to refuse a key given twice
    /// (a `null` leaves its field `None`, so the field cannot tell).
    seen: u8,
}

impl CommonReader {
    fn take<'de, A: MapAccess<'de>>(&mut self, key: Key<'de>, map: &mut A) -> Result<(), A::Error> {
        match key.as_str() {
            "RecordType" => {
                self.first(1, "RecordType")?;
                map.next_value::<de::IgnoredAny>()?;
            }
            "MessageStream" => {
                self.first(2, "MessageStream")?;
                self.common.message_stream = map.next_value()?;
            }
            "MessageID" => {
                self.first(4, "MessageID")?;
                self.common.message_id = map.next_value()?;
            }
            "Tag" => {
                self.first(8, "Tag")?;
                self.common.tag = map.next_value()?;
            }
            "Metadata" => {
                self.first(16, "Metadata")?;
                self.common.metadata = map.next_value()?;
            }
            "ServerID" | "ServerId" => {
                self.first(32, "ServerID")?;
                self.common.server_id = map.next_value()?;
            }
            _ => take_extra(&mut self.common.extra, key, map)?,
        }
        Ok(())
    }

    /// Refuses the common key of `bit` if it was read before.
    fn first<E: de::Error>(&mut self, bit: u8, key: &'static str) -> Result<(), E> {
        if self.seen & bit != 0 {
            return Err(E::duplicate_field(key));
        }
        self.seen |= bit;
        Ok(())
    }

    fn finish(self) -> CommonFields {
        self.common
    }
}

/// Reads the keys of a `Software` or `Geo` that it does not name.
#[derive(Default)]
pub(crate) struct ExtraReader(Map<String, Value>);

impl ExtraReader {
    pub(crate) fn take<'de, A: MapAccess<'de>>(
        &mut self,
        key: Key<'de>,
        map: &mut A,
    ) -> Result<(), A::Error> {
        take_extra(&mut self.0, key, map)
    }

    pub(crate) fn finish(self) -> Map<String, Value> {
        self.0
    }
}

/// Keeps the value of `key` in `extra`, unless the key was kept before.
fn take_extra<'de, A: MapAccess<'de>>(
    extra: &mut Map<String, Value>,
    key: Key<'de>,
    map: &mut A,
) -> Result<(), A::Error> {
    if extra.contains_key(key.as_str()) {
        return Err(de::Error::custom(format_args!(
            "duplicate field `{}`",
            key.as_str()
        )));
    }
    let value: Value = map.next_value()?;
    extra.insert(key.into_string(), value);
    Ok(())
}

/// A map key, borrowed from the input when it has no escapes.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }

            fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(key)))
            }

            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key.to_owned())))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A `Bounce` event, and also a `SpamComplaint` event, which has the same
/// shape (see [`SpamComplaintEvent`]).
///
/// ```
/// use postmark_webhooks::events::{BounceType, WebhookEvent};
///
/// let event = WebhookEvent::from_slice(br#"{
///     "RecordType": "Bounce", "ID": 4323372036854775807, "Type": "HardBounce",
///     "TypeCode": 1, "Email": "john@example.com", "BouncedAt": "2019-11-05T16:33:54.9070259Z"
/// }"#).unwrap();
/// let WebhookEvent::Bounce(bounce) = event else { panic!("a bounce") };
/// assert_eq!(bounce.id, 4323372036854775807);
/// assert_eq!(bounce.bounce_type, BounceType::HardBounce);
/// assert_eq!(bounce.email.as_deref(), Some("john@example.com"));
/// assert_eq!(bounce.content, None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct BounceEvent {
    /// Postmark's ID of the bounce (`ID`); use it with the Bounce API.
    #[serde(rename = "ID")]
    pub id: i64,
    /// The kind of bounce (`Type`).
    #[serde(rename = "Type")]
    pub bounce_type: BounceType,
    /// The numeric code of the kind (`TypeCode`). Not always the code of the
    /// bounce type table: SpamComplaint events say 512 or 100001.
    #[serde(rename = "TypeCode")]
    pub type_code: i64,
    /// The readable name of the kind, e.g. "Hard bounce".
    #[serde(rename = "Name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A description of the kind of bounce.
    #[serde(
        rename = "Description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// What the receiving server said, e.g. `smtp;550 5.1.1 ...`.
    #[serde(rename = "Details", default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// The address that bounced (the recipient).
    #[serde(rename = "Email", default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The sender address of the message.
    #[serde(rename = "From", default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// When the bounce happened.
    #[serde(rename = "BouncedAt", default, skip_serializing_if = "Option::is_none")]
    pub bounced_at: Option<Timestamp>,
    /// Whether the bounce dump can be fetched from the Bounce API.
    #[serde(
        rename = "DumpAvailable",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub dump_available: Option<bool>,
    /// Whether the address is now deactivated (suppressed).
    #[serde(rename = "Inactive", default, skip_serializing_if = "Option::is_none")]
    pub inactive: Option<bool>,
    /// Whether the address can be reactivated.
    #[serde(
        rename = "CanActivate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub can_activate: Option<bool>,
    /// The message's subject.
    #[serde(rename = "Subject", default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The full bounce dump; only when the webhook's trigger has
    /// `IncludeContent`.
    #[serde(rename = "Content", default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// The fields every event has: message stream, message ID, tag,
    /// metadata, server ID, and the fields this version does not name.
    #[serde(flatten)]
    pub common: CommonFields,
}

/// A `SpamComplaint` event: the shape of a [`BounceEvent`], with `Type`
/// `SpamComplaint` and `TypeCode` 512 (or 100001).
///
/// ```
/// use postmark_webhooks::events::{BounceType, WebhookEvent};
///
/// let event = WebhookEvent::from_slice(br#"{
///     "RecordType": "SpamComplaint", "ID": 42, "Type": "SpamComplaint", "TypeCode": 512
/// }"#).unwrap();
/// let WebhookEvent::SpamComplaint(complaint) = event else { panic!("a complaint") };
/// assert_eq!(complaint.bounce_type, BounceType::SpamComplaint);
/// ```
pub type SpamComplaintEvent = BounceEvent;

/// A `Delivery` event: the receiving server accepted the message.
///
/// ```
/// use postmark_webhooks::events::WebhookEvent;
///
/// let event = WebhookEvent::from_slice(br#"{
///     "RecordType": "Delivery", "ServerId": 23, "Recipient": "john@example.com",
///     "DeliveredAt": "2014-08-01T13:28:10.2735393-04:00"
/// }"#).unwrap();
/// let WebhookEvent::Delivery(delivery) = event else { panic!("a delivery") };
/// assert_eq!(delivery.common.server_id, Some(23));
/// assert_eq!(delivery.delivered_at.as_str(), "2014-08-01T13:28:10.2735393-04:00");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DeliveryEvent {
    /// The recipient's address.
    #[serde(rename = "Recipient")]
    pub recipient: String,
    /// When the receiving server accepted the message.
    #[serde(rename = "DeliveredAt")]
    pub delivered_at: Timestamp,
    /// What the receiving server answered.
    #[serde(rename = "Details", default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// The fields every event has: message stream, message ID, tag,
    /// metadata, server ID, and the fields this version does not name.
    #[serde(flatten)]
    pub common: CommonFields,
}

/// An `Open` event: a recipient opened the message (Postmark saw its
/// tracking pixel load).
///
/// ```
/// use postmark_webhooks::events::{Platform, WebhookEvent};
///
/// let event = WebhookEvent::from_slice(br#"{
///     "RecordType": "Open", "FirstOpen": true, "Recipient": "john@example.com",
///     "ReceivedAt": "2019-11-05T16:33:54.9070259Z", "Platform": "WebMail", "Geo": {}
/// }"#).unwrap();
/// let WebhookEvent::Open(open) = event else { panic!("an open") };
/// assert_eq!(open.first_open, Some(true));
/// assert_eq!(open.platform, Some(Platform::WebMail));
/// assert_eq!(open.geo.unwrap().country, None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct OpenEvent {
    /// The recipient's address.
    #[serde(rename = "Recipient")]
    pub recipient: String,
    /// When the open happened.
    #[serde(rename = "ReceivedAt")]
    pub received_at: Timestamp,
    /// Whether this is the first open of the message by this recipient.
    #[serde(rename = "FirstOpen", default, skip_serializing_if = "Option::is_none")]
    pub first_open: Option<bool>,
    /// How long the message was read, in seconds.
    #[serde(
        rename = "ReadSeconds",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub read_seconds: Option<i64>,
    /// The kind of device.
    #[serde(rename = "Platform", default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<Platform>,
    /// The full user agent string.
    #[serde(rename = "UserAgent", default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// The email client, from the user agent.
    #[serde(rename = "Client", default, skip_serializing_if = "Option::is_none")]
    pub client: Option<Software>,
    /// The operating system, from the user agent (`OS`).
    #[serde(rename = "OS", default, skip_serializing_if = "Option::is_none")]
    pub os: Option<Software>,
    /// Where the open came from, from the IP address.
    #[serde(rename = "Geo", default, skip_serializing_if = "Option::is_none")]
    pub geo: Option<Geo>,
    /// The fields every event has: message stream, message ID, tag,
    /// metadata, server ID, and the fields this version does not name.
    #[serde(flatten)]
    pub common: CommonFields,
}

/// A `Click` event: a recipient followed a tracked link.
///
/// ```
/// use postmark_webhooks::events::{ClickLocation, WebhookEvent};
///
/// let event = WebhookEvent::from_slice(br#"{
///     "RecordType": "Click", "ClickLocation": "HTML", "Recipient": "john@example.com",
///     "OriginalLink": "https://example.com", "ReceivedAt": "2022-09-02T14:31:09Z"
/// }"#).unwrap();
/// let WebhookEvent::Click(click) = event else { panic!("a click") };
/// assert_eq!(click.click_location, Some(ClickLocation::Html));
/// assert_eq!(click.original_link.as_deref(), Some("https://example.com"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ClickEvent {
    /// The recipient's address.
    #[serde(rename = "Recipient")]
    pub recipient: String,
    /// When the click happened.
    #[serde(rename = "ReceivedAt")]
    pub received_at: Timestamp,
    /// The link's target before tracking rewrote it.
    #[serde(
        rename = "OriginalLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub original_link: Option<String>,
    /// Which part of the message held the link.
    #[serde(
        rename = "ClickLocation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub click_location: Option<ClickLocation>,
    /// The kind of device.
    #[serde(rename = "Platform", default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<Platform>,
    /// The full user agent string.
    #[serde(rename = "UserAgent", default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// The browser or email client, from the user agent.
    #[serde(rename = "Client", default, skip_serializing_if = "Option::is_none")]
    pub client: Option<Software>,
    /// The operating system, from the user agent (`OS`).
    #[serde(rename = "OS", default, skip_serializing_if = "Option::is_none")]
    pub os: Option<Software>,
    /// Where the click came from, from the IP address.
    #[serde(rename = "Geo", default, skip_serializing_if = "Option::is_none")]
    pub geo: Option<Geo>,
    /// The fields every event has: message stream, message ID, tag,
    /// metadata, server ID, and the fields this version does not name.
    #[serde(flatten)]
    pub common: CommonFields,
}

/// A `SubscriptionChange` event: a recipient was suppressed (no more
/// messages are sent to it on this stream) or reactivated.
///
/// ```
/// use postmark_webhooks::events::{Origin, SuppressionReason, WebhookEvent};
///
/// let event = WebhookEvent::from_slice(br#"{
///     "RecordType": "SubscriptionChange", "Recipient": "john@example.com",
///     "ChangedAt": "2022-06-05T17:17:32Z", "Origin": "Recipient",
///     "SuppressSending": false, "SuppressionReason": null
/// }"#).unwrap();
/// let WebhookEvent::SubscriptionChange(change) = event else { panic!("a change") };
/// assert!(!change.suppress_sending); // a reactivation
/// assert_eq!(change.suppression_reason, None);
/// assert_eq!(change.origin, Some(Origin::Recipient));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SubscriptionChangeEvent {
    /// The recipient's address.
    #[serde(rename = "Recipient")]
    pub recipient: String,
    /// When the change happened.
    #[serde(rename = "ChangedAt")]
    pub changed_at: Timestamp,
    /// `true` when the recipient was suppressed, `false` when reactivated.
    #[serde(rename = "SuppressSending")]
    pub suppress_sending: bool,
    /// Why the recipient was suppressed; `None` on a reactivation.
    #[serde(
        rename = "SuppressionReason",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub suppression_reason: Option<SuppressionReason>,
    /// Who made the change.
    #[serde(rename = "Origin", default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// The fields every event has: message stream, message ID, tag,
    /// metadata, server ID, and the fields this version does not name.
    #[serde(flatten)]
    pub common: CommonFields,
}

/// An email client, browser or operating system, as Postmark reads it from
/// the user agent (`Client` and `OS` of Open and Click events).
///
/// ```
/// let os: postmark_webhooks::events::Software = serde_json::from_str(
///     r#"{"Name": "OS X 10.7 Lion", "Company": "Apple Computer, Inc.", "Family": "OS X 10"}"#,
/// ).unwrap();
/// assert_eq!(os.family.as_deref(), Some("OS X 10"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Software {
    /// Name and version, e.g. "Chrome 35.0.1916.153".
    #[serde(rename = "Name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The maker, e.g. "Google".
    #[serde(rename = "Company", default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// The family, e.g. "Chrome".
    #[serde(rename = "Family", default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// Fields this version does not name, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Where an open or click came from, as Postmark locates its IP address
/// (`Geo`). Every field may be missing; Postmark sends `{}` when it cannot
/// tell.
///
/// ```
/// let geo: postmark_webhooks::events::Geo = serde_json::from_str(
///     r#"{"CountryISOCode": "RS", "Country": "Serbia", "City": "Novi Sad", "IP": "8.8.8.8"}"#,
/// ).unwrap();
/// assert_eq!(geo.country_iso_code.as_deref(), Some("RS"));
/// assert_eq!(geo.zip, None);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Geo {
    /// The ISO 3166-1 alpha-2 country code (`CountryISOCode`).
    #[serde(
        rename = "CountryISOCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub country_iso_code: Option<String>,
    /// The country's name.
    #[serde(rename = "Country", default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The ISO 3166-2 region code (`RegionISOCode`).
    #[serde(
        rename = "RegionISOCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub region_iso_code: Option<String>,
    /// The region's name.
    #[serde(rename = "Region", default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The city.
    #[serde(rename = "City", default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// The postal code.
    #[serde(rename = "Zip", default, skip_serializing_if = "Option::is_none")]
    pub zip: Option<String>,
    /// Latitude and longitude, as Postmark writes them: `"45.2517,19.8369"`.
    #[serde(rename = "Coords", default, skip_serializing_if = "Option::is_none")]
    pub coords: Option<String>,
    /// The IP address (`IP`).
    #[serde(rename = "IP", default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// Fields this version does not name, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_extra!(BounceEvent, "a Bounce event object", rest common: CommonReader,
    required {
        id: "ID",
        bounce_type: "Type",
        type_code: "TypeCode",
    }
    optional {
        name: "Name",
        description: "Description",
        details: "Details",
        email: "Email",
        from: "From",
        bounced_at: "BouncedAt",
        dump_available: "DumpAvailable",
        inactive: "Inactive",
        can_activate: "CanActivate",
        subject: "Subject",
        content: "Content",
    }
);

deserialize_keeping_extra!(DeliveryEvent, "a Delivery event object", rest common: CommonReader,
    required {
        recipient: "Recipient",
        delivered_at: "DeliveredAt",
    }
    optional {
        details: "Details",
    }
);

deserialize_keeping_extra!(OpenEvent, "an Open event object", rest common: CommonReader,
    required {
        recipient: "Recipient",
        received_at: "ReceivedAt",
    }
    optional {
        first_open: "FirstOpen",
        read_seconds: "ReadSeconds",
        platform: "Platform",
        user_agent: "UserAgent",
        client: "Client",
        os: "OS",
        geo: "Geo",
    }
);

deserialize_keeping_extra!(ClickEvent, "a Click event object", rest common: CommonReader,
    required {
        recipient: "Recipient",
        received_at: "ReceivedAt",
    }
    optional {
        original_link: "OriginalLink",
        click_location: "ClickLocation",
        platform: "Platform",
        user_agent: "UserAgent",
        client: "Client",
        os: "OS",
        geo: "Geo",
    }
);

deserialize_keeping_extra!(SubscriptionChangeEvent, "a SubscriptionChange event object", rest common: CommonReader,
    required {
        recipient: "Recipient",
        changed_at: "ChangedAt",
        suppress_sending: "SuppressSending",
    }
    optional {
        suppression_reason: "SuppressionReason",
        origin: "Origin",
    }
);

deserialize_keeping_extra!(Software, "a Software object", rest extra: ExtraReader,
    required {
    }
    optional {
        name: "Name",
        company: "Company",
        family: "Family",
    }
);

deserialize_keeping_extra!(Geo, "a Geo object", rest extra: ExtraReader,
    required {
    }
    optional {
        country_iso_code: "CountryISOCode",
        country: "Country",
        region_iso_code: "RegionISOCode",
        region: "Region",
        city: "City",
        zip: "Zip",
        coords: "Coords",
        ip: "IP",
    }
);

/// What an event of a known record type answers, whatever its type: the one
/// place through which [`WebhookEvent`](super::WebhookEvent)'s accessors and
/// its idempotency key reach every event.
pub(super) trait KnownEvent {
    /// The fields every event has.
    fn common(&self) -> &CommonFields;
    /// The recipient's address.
    fn recipient(&self) -> Option<&str>;
    /// When the event happened.
    fn occurred_at(&self) -> Option<&Timestamp>;
    /// What tells this event from the other events of its message, besides
    /// when it happened.
    fn identity(&self) -> Identity<'_>;
}

/// Who or what an event is about (the bounce `ID`, or the recipient), and
/// for some record types one more value (a click's link, a subscription
/// change's direction); `None` for the others.
pub(super) struct Identity<'a> {
    pub(super) subject: Cow<'a, str>,
    pub(super) detail: Option<Option<&'a str>>,
}

/// Implements [`KnownEvent`] for each record type from one entry: its
/// recipient, when it happened, and its identity.
macro_rules! known_event {
    ($($ty:ident: |$e:ident| recipient $recipient:expr, at $at:expr,
        subject $subject:expr, detail $detail:expr;)*) => {$(
        impl KnownEvent for $ty {
            fn common(&self) -> &CommonFields {
                &self.common
            }

            fn recipient(&self) -> Option<&str> {
                let $e = self;
                $recipient
            }

            fn occurred_at(&self) -> Option<&Timestamp> {
                let $e = self;
                $at
            }

            fn identity(&self) -> Identity<'_> {
                let $e = self;
                Identity { subject: $subject, detail: $detail }
            }
        }
    )*};
}

known_event! {
    BounceEvent: |e| recipient e.email.as_deref(), at e.bounced_at.as_ref(),
        subject Cow::Owned(e.id.to_string()), detail None;
    DeliveryEvent: |e| recipient Some(&e.recipient), at Some(&e.delivered_at),
        subject Cow::Borrowed(&e.recipient), detail None;
    OpenEvent: |e| recipient Some(&e.recipient), at Some(&e.received_at),
        subject Cow::Borrowed(&e.recipient), detail None;
    ClickEvent: |e| recipient Some(&e.recipient), at Some(&e.received_at),
        subject Cow::Borrowed(&e.recipient), detail Some(e.original_link.as_deref());
    SubscriptionChangeEvent: |e| recipient Some(&e.recipient), at Some(&e.changed_at),
        subject Cow::Borrowed(&e.recipient),
        detail Some(Some(if e.suppress_sending { "true" } else { "false" }));
}
