//! The key that identifies an event across Postmark's retries.

use std::fmt;

use chrono::SecondsFormat;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::WebhookEvent;
use crate::timestamp::Timestamp;

/// Identifies one event, so that a receiver can drop the repeats that
/// Postmark's retries bring: from the payload
/// ([`WebhookEvent::idempotency_key`]) or from Postmark's trace id
/// ([`Delivery::idempotency_key`](crate::receiver::Delivery::idempotency_key)).
///
/// It is a SHA-256 digest, so it carries no addresses or other personal data
/// and has a fixed size: 32 bytes, or 64 lowercase hex digits through
/// `Display`.
///
/// ```
/// use postmark_webhooks::events::WebhookEvent;
///
/// let body = br#"{"RecordType": "Delivery", "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
///     "Recipient": "john@example.com", "DeliveredAt": "2019-11-05T16:33:54.9070259Z"}"#;
/// let first = WebhookEvent::from_slice(body).unwrap().idempotency_key();
/// let retry = WebhookEvent::from_slice(body).unwrap().idempotency_key();
/// assert_eq!(first, retry);
/// assert_eq!(first.to_string().len(), 64);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdempotencyKey([u8; 32]);

impl IdempotencyKey {
    /// The 32 bytes of the digest.
    ///
    /// ```
    /// let event = postmark_webhooks::events::WebhookEvent::from_slice(
    ///     br#"{"RecordType": "Bounce", "ID": 42, "Type": "HardBounce", "TypeCode": 1}"#,
    /// ).unwrap();
    /// assert_eq!(event.idempotency_key().as_bytes().len(), 32);
    /// ```
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The key of one delivery that Postmark identified with an
    /// `X-PM-Webhook-Trace-Id` (see `receiver::Delivery::idempotency_key`):
    /// a digest of the trace id alone, apart from every payload key.
    pub(crate) fn of_trace_id(trace_id: &str) -> Self {
        let mut key = KeyBuilder::new(b"postmark-webhooks trace id key v1\0");
        key.text(Some(trace_id));
        Self(key.finish())
    }

    pub(super) fn of(event: &WebhookEvent) -> Self {
        let mut key = KeyBuilder::new(b"postmark-webhooks idempotency key v1\0");
        key.text(Some(event.record_type()));
        key.text(event.message_id());
        match event {
            WebhookEvent::Bounce(bounce) | WebhookEvent::SpamComplaint(bounce) => {
                key.text(Some(&bounce.id.to_string()));
                key.instant(bounce.bounced_at.as_ref());
            }
            WebhookEvent::Delivery(delivery) => {
                key.text(Some(&delivery.recipient));
                key.instant(Some(&delivery.delivered_at));
            }
            WebhookEvent::Open(open) => {
                key.text(Some(&open.recipient));
                key.instant(Some(&open.received_at));
            }
            WebhookEvent::Click(click) => {
                key.text(Some(&click.recipient));
                key.instant(Some(&click.received_at));
                key.text(click.original_link.as_deref());
            }
            WebhookEvent::SubscriptionChange(change) => {
                key.text(Some(&change.recipient));
                key.instant(Some(&change.changed_at));
                key.text(Some(if change.suppress_sending {
                    "true"
                } else {
                    "false"
                }));
            }
            WebhookEvent::Unknown(unknown) => {
                let mut canonical = String::new();
                canonical_object(unknown.json(), &mut canonical);
                key.text(Some(&canonical));
            }
        }
        Self(key.finish())
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdempotencyKey({self})")
    }
}

/// Hashes a sequence of optional strings without ambiguity: a missing value
/// is the byte 0; a present one is the byte 1, its length (8 bytes, big
/// endian) and its UTF-8 bytes.
struct KeyBuilder(Sha256);

impl KeyBuilder {
    /// A digest that starts with `domain`, which tells kinds of keys apart.
    fn new(domain: &[u8]) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(domain);
        Self(hasher)
    }

    fn text(&mut self, value: Option<&str>) {
        match value {
            None => self.0.update([0]),
            Some(value) => {
                self.0.update([1]);
                self.0.update((value.len() as u64).to_be_bytes());
                self.0.update(value.as_bytes());
            }
        }
    }

    /// The instant in UTC with nanoseconds, so that the same instant written
    /// differently gives the same key.
    fn instant(&mut self, value: Option<&Timestamp>) {
        let text = value.map(|t| t.to_utc().to_rfc3339_opts(SecondsFormat::Nanos, true));
        self.text(text.as_deref());
    }

    fn finish(self) -> [u8; 32] {
        self.0.finalize().into()
    }
}

/// JSON with object keys sorted and no whitespace, whatever the order the
/// map keeps.
fn canonical_json(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => canonical_object(map, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical_json(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

fn canonical_object(map: &Map<String, Value>, out: &mut String) {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    out.push('{');
    for (i, (key, value)) in entries.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        // A JSON string literal of the key (escapes included).
        out.push_str(&Value::from(key.as_str()).to_string());
        out.push(':');
        canonical_json(value, out);
    }
    out.push('}');
}
