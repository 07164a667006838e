//! One type per record type, with Postmark's exact field names.
//!
//! Every field that Postmark may leave out is an `Option`; `null` decodes as
//! `None` too. Fields this version does not know are kept in `extra`, so they
//! are not lost and serialize back.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::values::{BounceType, ClickLocation, Origin, Platform, SuppressionReason};
use crate::timestamp::Timestamp;

/// The `Metadata` of an event: the custom key/value pairs sent with the
/// message. Postmark sends strings; any JSON value is kept as it is.
pub type Metadata = Map<String, Value>;

/// Implements `Deserialize` for a struct whose unknown keys are kept in its
/// `extra` map, in one pass over the object (serde's `flatten` would first
/// buffer the whole object). Required fields must be present; optional ones
/// (`Option`) may be missing or `null`; keys under `ignore` are skipped; any
/// key given twice (named, ignored or kept in `extra`) is an error.
macro_rules! deserialize_keeping_extra {
    (
        $ty:ident, $expecting:literal, ignore [$($ignored:literal),*],
        required { $($required:ident: $required_key:literal $(| $required_alias:literal)*,)* }
        optional { $($optional:ident: $optional_key:literal $(| $optional_alias:literal)*,)* }
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
                        let mut extra = Map::new();
                        #[allow(unused_mut, unused_variables)] // with nothing to ignore
                        let mut ignored_seen: Vec<&'static str> = Vec::new();
                        while let Some(key) = map.next_key::<Key<'de>>()? {
                            match key.as_str() {
                                $($required_key $(| $required_alias)* => {
                                    if $required.is_some() {
                                        return Err(de::Error::duplicate_field($required_key));
                                    }
                                    $required = Some(map.next_value()?);
                                })*
                                $($optional_key $(| $optional_alias)* => {
                                    if $optional.is_some() {
                                        return Err(de::Error::duplicate_field($optional_key));
                                    }
                                    $optional = Some(map.next_value()?);
                                })*
                                $($ignored => {
                                    if ignored_seen.contains(&$ignored) {
                                        return Err(de::Error::duplicate_field($ignored));
                                    }
                                    ignored_seen.push($ignored);
                                    map.next_value::<de::IgnoredAny>()?;
                                })*
                                _ => {
                                    if extra.contains_key(key.as_str()) {
                                        return Err(de::Error::custom(format_args!(
                                            "duplicate field `{}`",
                                            key.as_str()
                                        )));
                                    }
                                    let value: Value = map.next_value()?;
                                    extra.insert(key.into_string(), value);
                                }
                            }
                        }
                        Ok($ty {
                            $($required: $required.ok_or_else(|| de::Error::missing_field($required_key))?,)*
                            $($optional: $optional.flatten(),)*
                            extra,
                        })
                    }
                }

                deserializer.deserialize_map(ObjectVisitor)
            }
        }
    };
}

/// A map key, borrowed from the input when it has no escapes.
struct Key<'de>(std::borrow::Cow<'de, str>);

impl Key<'_> {
    fn as_str(&self) -> &str {
        &self.0
    }

    fn into_string(self) -> String {
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
                Ok(Key(std::borrow::Cow::Borrowed(key)))
            }

            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(key.to_owned())))
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
    /// The message stream the message was sent through.
    #[serde(
        rename = "MessageStream",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub message_stream: Option<String>,
    /// The message's tag.
    #[serde(rename = "Tag", default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// The ID of the bounced message (`MessageID`).
    #[serde(rename = "MessageID", default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The message's metadata.
    #[serde(rename = "Metadata", default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// The ID of the Postmark server (`ServerID`; `ServerId` is accepted).
    #[serde(
        rename = "ServerID",
        alias = "ServerId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub server_id: Option<i64>,
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
    /// Fields this version does not name, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
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
/// assert_eq!(delivery.server_id, Some(23));
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
    /// The message stream the message was sent through.
    #[serde(
        rename = "MessageStream",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub message_stream: Option<String>,
    /// The ID of the message (`MessageID`).
    #[serde(rename = "MessageID", default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The message's tag.
    #[serde(rename = "Tag", default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// The message's metadata.
    #[serde(rename = "Metadata", default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// The ID of the Postmark server (`ServerID`; `ServerId` is accepted).
    #[serde(
        rename = "ServerID",
        alias = "ServerId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub server_id: Option<i64>,
    /// Fields this version does not name, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
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
    /// The message stream the message was sent through.
    #[serde(
        rename = "MessageStream",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub message_stream: Option<String>,
    /// The ID of the message (`MessageID`).
    #[serde(rename = "MessageID", default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The message's tag.
    #[serde(rename = "Tag", default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// The message's metadata.
    #[serde(rename = "Metadata", default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// The ID of the Postmark server (`ServerID`; `ServerId` is accepted).
    #[serde(
        rename = "ServerID",
        alias = "ServerId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub server_id: Option<i64>,
    /// Fields this version does not name, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
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
    /// The message stream the message was sent through.
    #[serde(
        rename = "MessageStream",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub message_stream: Option<String>,
    /// The ID of the message (`MessageID`).
    #[serde(rename = "MessageID", default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The message's tag.
    #[serde(rename = "Tag", default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// The message's metadata.
    #[serde(rename = "Metadata", default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// The ID of the Postmark server (`ServerID`; `ServerId` is accepted).
    #[serde(
        rename = "ServerID",
        alias = "ServerId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub server_id: Option<i64>,
    /// Fields this version does not name, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
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
    /// The message stream the change applies to.
    #[serde(
        rename = "MessageStream",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub message_stream: Option<String>,
    /// The ID of the message that caused the change (`MessageID`); absent or
    /// `null` for manual changes.
    #[serde(rename = "MessageID", default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The tag of that message.
    #[serde(rename = "Tag", default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// The metadata of that message.
    #[serde(rename = "Metadata", default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// The ID of the Postmark server (`ServerID`; `ServerId` is accepted).
    #[serde(
        rename = "ServerID",
        alias = "ServerId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub server_id: Option<i64>,
    /// Fields this version does not name, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
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

deserialize_keeping_extra!(BounceEvent, "a Bounce event object", ignore ["RecordType"],
    required {
        id: "ID",
        bounce_type: "Type",
        type_code: "TypeCode",
    }
    optional {
        name: "Name",
        message_stream: "MessageStream",
        tag: "Tag",
        message_id: "MessageID",
        metadata: "Metadata",
        server_id: "ServerID" | "ServerId",
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

deserialize_keeping_extra!(DeliveryEvent, "a Delivery event object", ignore ["RecordType"],
    required {
        recipient: "Recipient",
        delivered_at: "DeliveredAt",
    }
    optional {
        details: "Details",
        message_stream: "MessageStream",
        message_id: "MessageID",
        tag: "Tag",
        metadata: "Metadata",
        server_id: "ServerID" | "ServerId",
    }
);

deserialize_keeping_extra!(OpenEvent, "an Open event object", ignore ["RecordType"],
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
        message_stream: "MessageStream",
        message_id: "MessageID",
        tag: "Tag",
        metadata: "Metadata",
        server_id: "ServerID" | "ServerId",
    }
);

deserialize_keeping_extra!(ClickEvent, "a Click event object", ignore ["RecordType"],
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
        message_stream: "MessageStream",
        message_id: "MessageID",
        tag: "Tag",
        metadata: "Metadata",
        server_id: "ServerID" | "ServerId",
    }
);

deserialize_keeping_extra!(SubscriptionChangeEvent, "a SubscriptionChange event object", ignore ["RecordType"],
    required {
        recipient: "Recipient",
        changed_at: "ChangedAt",
        suppress_sending: "SuppressSending",
    }
    optional {
        suppression_reason: "SuppressionReason",
        origin: "Origin",
        message_stream: "MessageStream",
        message_id: "MessageID",
        tag: "Tag",
        metadata: "Metadata",
        server_id: "ServerID" | "ServerId",
    }
);

deserialize_keeping_extra!(Software, "a Software object", ignore [],
    required {
    }
    optional {
        name: "Name",
        company: "Company",
        family: "Family",
    }
);

deserialize_keeping_extra!(Geo, "a Geo object", ignore [],
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
