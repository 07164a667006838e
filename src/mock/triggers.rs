//! Which trigger of a webhook each record type belongs to, and its options.

use crate::events::RecordType;
use crate::model::Webhook;

/// Whether the webhook's trigger for this record type is enabled.
pub(crate) fn trigger_enabled(webhook: &Webhook, record_type: RecordType) -> bool {
    let t = &webhook.triggers;
    match record_type {
        RecordType::Bounce => t.bounce.enabled,
        RecordType::SpamComplaint => t.spam_complaint.enabled,
        RecordType::Delivery => t.delivery.enabled,
        RecordType::Open => t.open.enabled,
        RecordType::Click => t.click.enabled,
        RecordType::SubscriptionChange => t.subscription_change.enabled,
    }
}

/// Whether events of this record type carry the message's `Content`: only
/// Bounce and SpamComplaint, with `IncludeContent` set.
pub(crate) fn includes_content(webhook: &Webhook, record_type: RecordType) -> bool {
    let t = &webhook.triggers;
    let option = match record_type {
        RecordType::Bounce => t.bounce.include_content,
        RecordType::SpamComplaint => t.spam_complaint.include_content,
        _ => None,
    };
    option == Some(true)
}
