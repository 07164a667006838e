//! The record types the mock delivers, and which trigger each belongs to.

use std::fmt;
use std::str::FromStr;

use crate::model::Webhook;

/// The kinds of events Postmark POSTs, as their `RecordType` names them.
///
/// ```
/// use postmark_webhooks::mock::RecordType;
/// assert_eq!(RecordType::SpamComplaint.as_str(), "SpamComplaint");
/// assert_eq!("Open".parse::<RecordType>(), Ok(RecordType::Open));
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
    /// assert!(postmark_webhooks::mock::RecordType::ALL.contains(&postmark_webhooks::mock::RecordType::Click));
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
    /// assert_eq!(postmark_webhooks::mock::RecordType::Delivery.as_str(), "Delivery");
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

    /// Whether the webhook's trigger for this record type is enabled.
    pub(crate) fn enabled_on(self, webhook: &Webhook) -> bool {
        let t = &webhook.triggers;
        match self {
            RecordType::Bounce => t.bounce.enabled,
            RecordType::SpamComplaint => t.spam_complaint.enabled,
            RecordType::Delivery => t.delivery.enabled,
            RecordType::Open => t.open.enabled,
            RecordType::Click => t.click.enabled,
            RecordType::SubscriptionChange => t.subscription_change.enabled,
        }
    }

    pub(crate) fn include_content(self, webhook: &Webhook) -> bool {
        match self {
            RecordType::Bounce => webhook.triggers.bounce.include_content == Some(true),
            RecordType::SpamComplaint => {
                webhook.triggers.spam_complaint.include_content == Some(true)
            }
            _ => false,
        }
    }
}

impl fmt::Display for RecordType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not one of the six record types.
///
/// ```
/// assert!("Inbound".parse::<postmark_webhooks::mock::RecordType>().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRecordType(String);

impl fmt::Display for UnknownRecordType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown record type `{}`", self.0)
    }
}

impl std::error::Error for UnknownRecordType {}

impl FromStr for RecordType {
    type Err = UnknownRecordType;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RecordType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| UnknownRecordType(s.to_owned()))
    }
}
