//! The values inside events: open-ended string enums that keep values this
//! version does not know, and timestamps that keep the text Postmark sent.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Deserializer, Serialize};

/// Defines an open-ended string enum: known values as variants, anything else
/// kept in `Other` exactly as sent.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $wire:literal, )*
        }
        example: $example:literal
    ) => {
        $crate::events::values::open_enum! {
            $(#[$meta])*
            pub enum $name {
                $( $(#[$variant_meta])* $variant = $wire, )*
            }
            example: $example
            path: "postmark_webhooks::events::"
        }
    };
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $wire:literal, )*
        }
        example: $example:literal
        path: $path:literal
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$variant_meta])* $variant, )*
            /// A value this version does not name, exactly as Postmark sent it.
            Other(String),
        }

        impl $name {
            #[doc = concat!("The value as Postmark spells it.\n\n```\nuse ", $path, stringify!($name), ";\n\nlet value: ", stringify!($name), " = \"", $example, "\".into();\nassert_eq!(value.as_str(), \"", $example, "\");\nassert_eq!(", stringify!($name), "::from(\"SomethingNew\").as_str(), \"SomethingNew\");\n```")]
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Other(value) => value,
                }
            }

            #[doc = concat!("Whether this is a value this version names (not [`", stringify!($name), "::Other`]).\n\n```\nuse ", $path, stringify!($name), ";\n\nassert!(", stringify!($name), "::from(\"", $example, "\").is_known());\nassert!(!", stringify!($name), "::from(\"SomethingNew\").is_known());\n```")]
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Other(_))
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => Self::$variant, )*
                    other => Self::Other(other.to_string()),
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    $( $wire => Self::$variant, )*
                    _ => Self::Other(value),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;

                impl ::serde::de::Visitor<'_> for Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a string")
                    }

                    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<$name, E> {
                        Ok($name::from(value))
                    }

                    fn visit_string<E: ::serde::de::Error>(self, value: String) -> Result<$name, E> {
                        Ok($name::from(value))
                    }
                }

                deserializer.deserialize_str(Visitor)
            }
        }
    };
}

pub(crate) use open_enum;

open_enum! {
    /// The kind of a bounce (`Type` of a Bounce or SpamComplaint event), as in
    /// Postmark's bounce type table. Postmark adds kinds over time; those
    /// decode as [`BounceType::Other`].
    ///
    /// ```
    /// use postmark_webhooks::events::BounceType;
    ///
    /// assert_eq!(BounceType::from("HardBounce"), BounceType::HardBounce);
    /// assert_eq!(BounceType::from("SMTPApiError"), BounceType::SmtpApiError);
    /// let new: BounceType = serde_json::from_str(r#""QuantumBounce""#).unwrap();
    /// assert_eq!(new, BounceType::Other("QuantumBounce".into()));
    /// assert_eq!(serde_json::to_string(&new).unwrap(), r#""QuantumBounce""#);
    /// ```
    pub enum BounceType {
        /// `HardBounce` (TypeCode 1): unknown user, mailbox not found.
        HardBounce = "HardBounce",
        /// `Transient` (2): delivery is delayed.
        Transient = "Transient",
        /// `Unsubscribe` (16): an unsubscribe or remove request.
        Unsubscribe = "Unsubscribe",
        /// `Subscribe` (32): a subscribe request.
        Subscribe = "Subscribe",
        /// `AutoResponder` (64): an automatic reply such as "Out of office".
        AutoResponder = "AutoResponder",
        /// `AddressChange` (128): the recipient asked for an address change.
        AddressChange = "AddressChange",
        /// `DnsError` (256): a temporary DNS error.
        DnsError = "DnsError",
        /// `SpamNotification` (512): delivered, but blocked or classified as spam.
        SpamNotification = "SpamNotification",
        /// `OpenRelayTest` (1024): a test of whether the server is an open relay.
        OpenRelayTest = "OpenRelayTest",
        /// `Unknown` (2048): Postmark could not classify the bounce. (A value
        /// Postmark names, unlike [`BounceType::Other`].)
        Unknown = "Unknown",
        /// `SoftBounce` (4096): mailbox full, account disabled and the like.
        SoftBounce = "SoftBounce",
        /// `VirusNotification` (8192).
        VirusNotification = "VirusNotification",
        /// `ChallengeVerification` (16384): a challenge asking to confirm the sender.
        ChallengeVerification = "ChallengeVerification",
        /// `BadEmailAddress` (100000): not a valid address.
        BadEmailAddress = "BadEmailAddress",
        /// `SpamComplaint` (100001; SpamComplaint events say 512).
        SpamComplaint = "SpamComplaint",
        /// `ManuallyDeactivated` (100002).
        ManuallyDeactivated = "ManuallyDeactivated",
        /// `Unconfirmed` (100003): the subscriber has not confirmed.
        Unconfirmed = "Unconfirmed",
        /// `Blocked` (100006): blocked by the receiving server.
        Blocked = "Blocked",
        /// `SMTPApiError` (100007): an error in a message sent through SMTP.
        SmtpApiError = "SMTPApiError",
        /// `InboundError` (100008): an inbound message could not be processed.
        InboundError = "InboundError",
        /// `DMARCPolicy` (100009): rejected by the recipient's DMARC policy.
        DmarcPolicy = "DMARCPolicy",
    }
    example: "HardBounce"
}

open_enum! {
    /// The kind of device an open or click came from (`Platform`).
    ///
    /// ```
    /// use postmark_webhooks::events::Platform;
    ///
    /// assert_eq!(Platform::from("WebMail"), Platform::WebMail);
    /// assert_eq!(Platform::from("Unknown"), Platform::Unknown);
    /// assert_eq!(Platform::from("Watch"), Platform::Other("Watch".into()));
    /// ```
    pub enum Platform {
        /// `WebMail`.
        WebMail = "WebMail",
        /// `Desktop`.
        Desktop = "Desktop",
        /// `Mobile`.
        Mobile = "Mobile",
        /// `Unknown`: Postmark could not tell. (A value Postmark sends, unlike
        /// [`Platform::Other`].)
        Unknown = "Unknown",
    }
    example: "Desktop"
}

open_enum! {
    /// Where in a message a clicked link was (`ClickLocation`).
    ///
    /// ```
    /// use postmark_webhooks::events::ClickLocation;
    ///
    /// assert_eq!(ClickLocation::from("HTML"), ClickLocation::Html);
    /// assert_eq!(ClickLocation::Text.as_str(), "Text");
    /// ```
    pub enum ClickLocation {
        /// `HTML`: the HTML part.
        Html = "HTML",
        /// `Text`: the plain-text part.
        Text = "Text",
    }
    example: "HTML"
}

open_enum! {
    /// Who caused a subscription change (`Origin`).
    ///
    /// ```
    /// use postmark_webhooks::events::Origin;
    ///
    /// assert_eq!(Origin::from("Recipient"), Origin::Recipient);
    /// assert_eq!(Origin::from("Robot").to_string(), "Robot");
    /// ```
    pub enum Origin {
        /// `Recipient`: the recipient (a bounce, a complaint, an unsubscribe link).
        Recipient = "Recipient",
        /// `Customer`: you, through the API or the web app.
        Customer = "Customer",
        /// `Admin`: Postmark's staff.
        Admin = "Admin",
    }
    example: "Customer"
}

open_enum! {
    /// Why a recipient was suppressed (`SuppressionReason`; `null` on a
    /// reactivation).
    ///
    /// ```
    /// use postmark_webhooks::events::SuppressionReason;
    ///
    /// assert_eq!(SuppressionReason::from("ManualSuppression"), SuppressionReason::ManualSuppression);
    /// ```
    pub enum SuppressionReason {
        /// `HardBounce`.
        HardBounce = "HardBounce",
        /// `SpamComplaint`.
        SpamComplaint = "SpamComplaint",
        /// `ManualSuppression`: an unsubscribe, or a suppression you made.
        ManualSuppression = "ManualSuppression",
    }
    example: "HardBounce"
}

/// An ISO 8601 / RFC 3339 timestamp of an event, with the text Postmark sent.
///
/// Postmark writes up to seven fractional digits and either `Z` or an offset
/// (`2016-04-27T16:28:50.3963933-04:00`). The parsed value keeps nanosecond
/// precision and the offset; the original text is kept too, so an event
/// serializes back to exactly what was received. Two timestamps are equal when
/// their texts are; they order by instant.
///
/// ```
/// use postmark_webhooks::events::Timestamp;
///
/// let at: Timestamp = "2019-11-05T16:33:54.9070259Z".parse().unwrap();
/// assert_eq!(at.as_str(), "2019-11-05T16:33:54.9070259Z");
/// assert_eq!(at.date_time().timestamp_subsec_nanos(), 907_025_900);
/// let offset: Timestamp = "2019-11-05T12:33:54.9070259-04:00".parse().unwrap();
/// assert_eq!(offset.to_utc(), at.to_utc());
/// assert!("2019-11-05 nope".parse::<Timestamp>().is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    text: String,
    date_time: DateTime<FixedOffset>,
}

impl Timestamp {
    /// The text as Postmark sent it.
    ///
    /// ```
    /// let at: postmark_webhooks::events::Timestamp = "2022-09-02T14:31:09Z".parse().unwrap();
    /// assert_eq!(at.as_str(), "2022-09-02T14:31:09Z");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The date and time with the offset Postmark sent.
    ///
    /// ```
    /// let at: postmark_webhooks::events::Timestamp =
    ///     "2014-08-01T13:28:10.2735393-04:00".parse().unwrap();
    /// assert_eq!(at.date_time().offset().local_minus_utc(), -4 * 3600);
    /// ```
    pub fn date_time(&self) -> DateTime<FixedOffset> {
        self.date_time
    }

    /// The date and time in UTC.
    ///
    /// ```
    /// let at: postmark_webhooks::events::Timestamp =
    ///     "2014-08-01T13:28:10-04:00".parse().unwrap();
    /// assert_eq!(at.to_utc().to_rfc3339(), "2014-08-01T17:28:10+00:00");
    /// ```
    pub fn to_utc(&self) -> DateTime<Utc> {
        self.date_time.with_timezone(&Utc)
    }
}

impl FromStr for Timestamp {
    type Err = chrono::ParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let date_time = DateTime::parse_from_rfc3339(text)?;
        Ok(Self {
            text: text.to_string(),
            date_time,
        })
    }
}

/// Formats the date and time as RFC 3339 with as many fractional digits as
/// needed.
impl From<DateTime<FixedOffset>> for Timestamp {
    fn from(date_time: DateTime<FixedOffset>) -> Self {
        Self {
            text: date_time.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
            date_time,
        }
    }
}

/// Formats the date and time as RFC 3339 in UTC (`Z`), with as many
/// fractional digits as needed.
impl From<DateTime<Utc>> for Timestamp {
    fn from(date_time: DateTime<Utc>) -> Self {
        Self::from(date_time.fixed_offset())
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// By instant, then by text (so that the order agrees with `Eq`).
impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.date_time
            .cmp(&other.date_time)
            .then_with(|| self.text.cmp(&other.text))
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Timestamp").field(&self.text).finish()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = Timestamp;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp such as \"2019-11-05T16:33:54.9070259Z\"")
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Timestamp, E> {
                value.parse().map_err(|e| {
                    E::custom(format_args!(
                        "invalid timestamp {value:?} ({e}); expected RFC 3339 such as \
                         \"2019-11-05T16:33:54.9070259Z\""
                    ))
                })
            }
        }

        deserializer.deserialize_str(Visitor)
    }
}
