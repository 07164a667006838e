//! The key that identifies an event across Postmark's retries.

use std::fmt;
use std::str::FromStr;

use chrono::SecondsFormat;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::WebhookEvent;
use crate::timestamp::Timestamp;

/// Identifies one event, so that a receiver can drop the repeats that
/// Postmark's retries bring: from the payload
/// ([`WebhookEvent::idempotency_key`]) or from Postmark's trace id
/// ([`ReceivedEvent::idempotency_key`](crate::receiver::ReceivedEvent::idempotency_key)).
///
/// It is a SHA-256 digest, so it carries no addresses or other personal data
/// and has a fixed size: 32 bytes ([`as_bytes`](Self::as_bytes),
/// [`from_bytes`](Self::from_bytes)), or 64 lower-case hex digits (`Display`,
/// `FromStr` and serde all use that text), so that a store outside the
/// process can keep it and give it back.
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

    /// The key whose 32 bytes are `bytes`, as [`as_bytes`](Self::as_bytes)
    /// gave them.
    ///
    /// ```
    /// use postmark_webhooks::events::{IdempotencyKey, WebhookEvent};
    ///
    /// let event = WebhookEvent::from_slice(
    ///     br#"{"RecordType": "Bounce", "ID": 42, "Type": "HardBounce", "TypeCode": 1}"#,
    /// ).unwrap();
    /// let key = event.idempotency_key();
    /// assert_eq!(IdempotencyKey::from_bytes(*key.as_bytes()), key);
    /// ```
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The key of one delivery that Postmark identified with an
    /// `X-PM-Webhook-Trace-Id` (see `receiver::ReceivedEvent::idempotency_key`):
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
        match event.known() {
            Ok((_, known)) => {
                let identity = known.identity();
                key.text(Some(&identity.subject));
                key.instant(known.occurred_at());
                if let Some(detail) = identity.detail {
                    key.text(detail);
                }
            }
            Err(unknown) => {
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

/// Reads the 64 lower-case hex digits that `Display` writes.
///
/// ```
/// use postmark_webhooks::events::{IdempotencyKey, WebhookEvent};
///
/// let key = WebhookEvent::from_slice(br#"{"RecordType": "Inbound"}"#).unwrap().idempotency_key();
/// let text = key.to_string();
/// assert_eq!(text.parse::<IdempotencyKey>(), Ok(key));
/// assert!(text.to_uppercase().parse::<IdempotencyKey>().is_err());
/// assert!("abc".parse::<IdempotencyKey>().is_err());
/// ```
impl FromStr for IdempotencyKey {
    type Err = InvalidIdempotencyKey;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        fn digit(byte: u8) -> Result<u8, InvalidIdempotencyKey> {
            match byte {
                b'0'..=b'9' => Ok(byte - b'0'),
                b'a'..=b'f' => Ok(byte - b'a' + 10),
                _ => Err(InvalidIdempotencyKey),
            }
        }
        let text = text.as_bytes();
        if text.len() != 64 {
            return Err(InvalidIdempotencyKey);
        }
        let mut bytes = [0; 32];
        for (byte, pair) in bytes.iter_mut().zip(text.chunks_exact(2)) {
            *byte = (digit(pair[0])? << 4) | digit(pair[1])?;
        }
        Ok(Self(bytes))
    }
}

/// Text that is not an [`IdempotencyKey`]: a key is exactly 64 lower-case
/// hex digits.
///
/// ```
/// use postmark_webhooks::events::{IdempotencyKey, InvalidIdempotencyKey};
///
/// assert_eq!("not a key".parse::<IdempotencyKey>(), Err(InvalidIdempotencyKey));
/// assert_eq!(
///     InvalidIdempotencyKey.to_string(),
///     "an idempotency key is 64 lower-case hex digits"
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidIdempotencyKey;

impl fmt::Display for InvalidIdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an idempotency key is 64 lower-case hex digits")
    }
}

impl std::error::Error for InvalidIdempotencyKey {}

/// Writes the 64 lower-case hex digits of `Display`.
///
/// ```
/// let key = postmark_webhooks::events::WebhookEvent::from_slice(br#"{"RecordType": "Inbound"}"#)
///     .unwrap()
///     .idempotency_key();
/// assert_eq!(serde_json::to_value(key).unwrap(), key.to_string());
/// ```
impl Serialize for IdempotencyKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Reads the 64 lower-case hex digits of `Display`.
///
/// ```
/// use postmark_webhooks::events::IdempotencyKey;
///
/// let key = postmark_webhooks::events::WebhookEvent::from_slice(br#"{"RecordType": "Inbound"}"#)
///     .unwrap()
///     .idempotency_key();
/// let json = serde_json::to_string(&key).unwrap();
/// assert_eq!(serde_json::from_str::<IdempotencyKey>(&json).unwrap(), key);
/// assert!(serde_json::from_str::<IdempotencyKey>(r#""00""#).is_err());
/// ```
impl<'de> Deserialize<'de> for IdempotencyKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = IdempotencyKey;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an idempotency key: 64 lower-case hex digits")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<IdempotencyKey, E> {
                text.parse().map_err(E::custom)
            }
        }

        deserializer.deserialize_str(Visitor)
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
