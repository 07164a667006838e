//! The record types of the events Postmark POSTs: one name per trigger.

use std::fmt;
use std::str::FromStr;

/// The kinds of events this version knows, as their `RecordType` names
/// them. Each is the event of the webhook trigger of the same name.
///
/// A body whose `RecordType` is none of these reads as
/// [`WebhookEvent::Unknown`](crate::events::WebhookEvent::Unknown);
/// [`WebhookEvent::known_record_type`](crate::events::WebhookEvent::known_record_type)
/// gives the value for the others.
///
/// ```
/// use postmark_webhooks::RecordType;
///
/// assert_eq!(RecordType::SpamComplaint.as_str(), "SpamComplaint");
/// assert_eq!("Open".parse::<RecordType>(), Ok(RecordType::Open));
/// assert_eq!(RecordType::Click.to_string(), "Click");
/// assert_eq!(RecordType::ALL.len(), 6);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum RecordType {
    /// A message bounced (the Bounce trigger).
    Bounce,
    /// A recipient marked a message as spam (the SpamComplaint trigger).
    SpamComplaint,
    /// The receiving server accepted a message (the Delivery trigger).
    Delivery,
    /// A recipient opened a message (the Open trigger).
    Open,
    /// A recipient clicked a tracked link (the Click trigger).
    Click,
    /// A recipient was suppressed or reactivated (the SubscriptionChange
    /// trigger).
    SubscriptionChange,
}

impl RecordType {
    /// Every record type, in the order of the spec.
    ///
    /// ```
    /// use postmark_webhooks::RecordType;
    /// assert_eq!(RecordType::ALL[0], RecordType::Bounce);
    /// assert!(RecordType::ALL.contains(&RecordType::Click));
    /// ```
    pub const ALL: [RecordType; 6] = [
        RecordType::Bounce,
        RecordType::SpamComplaint,
        RecordType::Delivery,
        RecordType::Open,
        RecordType::Click,
        RecordType::SubscriptionChange,
    ];

    /// The name, as in `RecordType` and in trigger names.
    ///
    /// ```
    /// assert_eq!(postmark_webhooks::RecordType::Delivery.as_str(), "Delivery");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            RecordType::Bounce => "Bounce",
            RecordType::SpamComplaint => "SpamComplaint",
            RecordType::Delivery => "Delivery",
            RecordType::Open => "Open",
            RecordType::Click => "Click",
            RecordType::SubscriptionChange => "SubscriptionChange",
        }
    }

    /// The record type of this exact name, if it is one; allocates nothing.
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "Bounce" => Self::Bounce,
            "SpamComplaint" => Self::SpamComplaint,
            "Delivery" => Self::Delivery,
            "Open" => Self::Open,
            "Click" => Self::Click,
            "SubscriptionChange" => Self::SubscriptionChange,
            _ => return None,
        })
    }
}

impl fmt::Display for RecordType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not one of the record types this version knows.
///
/// ```
/// use postmark_webhooks::RecordType;
///
/// let err = "Inbound".parse::<RecordType>().unwrap_err();
/// assert_eq!(err.to_string(), "unknown record type `Inbound`");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRecordType(String);

impl fmt::Display for UnknownRecordType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown record type `{}`", self.0)
    }
}

impl std::error::Error for UnknownRecordType {}

/// Names are matched exactly (`"open"` is not `Open`).
///
/// ```
/// use postmark_webhooks::RecordType;
///
/// assert_eq!("SubscriptionChange".parse(), Ok(RecordType::SubscriptionChange));
/// assert!("open".parse::<RecordType>().is_err());
/// ```
impl FromStr for RecordType {
    type Err = UnknownRecordType;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_name(s).ok_or_else(|| UnknownRecordType(s.to_owned()))
    }
}
