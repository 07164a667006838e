//! One accepted request: its event and what Postmark said about the attempt.

use http::HeaderMap;

use crate::events::{IdempotencyKey, WebhookEvent};

/// The header that identifies one delivery, the same on every retry of it:
/// `X-PM-Webhook-Trace-Id`. See [`ReceivedEvent::trace_id`].
///
/// ```
/// use http::{HeaderMap, HeaderValue};
/// use postmark_webhooks::receiver::{Receiver, TRACE_ID_HEADER};
///
/// let mut headers = HeaderMap::new();
/// headers.insert(TRACE_ID_HEADER, HeaderValue::from_static("0b7a2f3e"));
/// let body = br#"{"RecordType": "Delivery", "MessageID": "m-1", "Recipient": "a@example.com", "DeliveredAt": "2024-05-06T07:08:09Z"}"#;
/// let received = Receiver::insecure_accept_all().accept(&headers, body).unwrap();
/// assert_eq!(received.trace_id(), Some("0b7a2f3e"));
/// ```
pub const TRACE_ID_HEADER: &str = "x-pm-webhook-trace-id";

/// The header in which Postmark tells how many more times it will retry this
/// request if it fails: `X-PM-Retries-Remaining`. See
/// [`ReceivedEvent::retries_remaining`].
///
/// ```
/// use http::{HeaderMap, HeaderValue};
/// use postmark_webhooks::receiver::{RETRIES_REMAINING_HEADER, Receiver};
///
/// let mut headers = HeaderMap::new();
/// headers.insert(RETRIES_REMAINING_HEADER, HeaderValue::from_static("3"));
/// let body = br#"{"RecordType": "Delivery", "MessageID": "m-1", "Recipient": "a@example.com", "DeliveredAt": "2024-05-06T07:08:09Z"}"#;
/// let received = Receiver::insecure_accept_all().accept(&headers, body).unwrap();
/// assert_eq!(received.retries_remaining(), Some(3));
/// ```
pub const RETRIES_REMAINING_HEADER: &str = "x-pm-retries-remaining";

/// The longest trace id (and retry count) that is read, in bytes.
const MAX_HEADER_BYTES: usize = 128;

/// A request that a [`Receiver`](super::Receiver) accepted: the typed event,
/// and what Postmark's headers said about this delivery attempt.
///
/// Postmark's headers are read by one rule, so that a proxy that mangles
/// them can at worst cost the trace id, never the event: a header is used
/// only when it appears once and its value, without surrounding spaces, is
/// 1 to 128 bytes of visible ASCII (`!` to `~`); otherwise it counts as
/// absent. `X-PM-Retries-Remaining` must also be a decimal number that fits
/// a `u32`.
///
/// ```
/// use http::{HeaderMap, HeaderValue};
/// use postmark_webhooks::receiver::Receiver;
///
/// let mut headers = HeaderMap::new();
/// headers.insert("X-PM-Webhook-Trace-Id", HeaderValue::from_static("6b1c7f0e-22f4-4a3e-9d8b-4c8b0f1e2a3d"));
/// headers.insert("X-PM-Retries-Remaining", HeaderValue::from_static("5"));
/// let body = br#"{"RecordType": "Delivery", "Recipient": "john@example.com",
///                 "DeliveredAt": "2022-09-02T11:49:27Z"}"#;
///
/// let received = Receiver::insecure_accept_all().accept(&headers, body).unwrap();
/// assert_eq!(received.event().recipient(), Some("john@example.com"));
/// assert_eq!(received.trace_id(), Some("6b1c7f0e-22f4-4a3e-9d8b-4c8b0f1e2a3d"));
/// assert_eq!(received.retries_remaining(), Some(5));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceivedEvent {
    event: WebhookEvent,
    trace_id: Option<String>,
    retries_remaining: Option<u32>,
}

impl ReceivedEvent {
    /// The event and what `headers` say about the attempt.
    pub(super) fn new(event: WebhookEvent, headers: &HeaderMap) -> Self {
        Self {
            event,
            trace_id: single_header(headers, TRACE_ID_HEADER).map(str::to_owned),
            retries_remaining: single_header(headers, RETRIES_REMAINING_HEADER)
                .filter(|value| value.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|value| value.parse().ok()),
        }
    }

    /// The event.
    ///
    /// ```
    /// use http::HeaderMap;
    /// use postmark_webhooks::events::WebhookEvent;
    /// use postmark_webhooks::receiver::Receiver;
    ///
    /// let received = Receiver::insecure_accept_all()
    ///     .accept(&HeaderMap::new(), br#"{"RecordType": "Inbound"}"#)
    ///     .unwrap();
    /// assert!(matches!(received.event(), WebhookEvent::Unknown(_)));
    /// ```
    pub fn event(&self) -> &WebhookEvent {
        &self.event
    }

    /// The event, taken out.
    ///
    /// ```
    /// use http::HeaderMap;
    /// use postmark_webhooks::receiver::Receiver;
    ///
    /// let received = Receiver::insecure_accept_all()
    ///     .accept(&HeaderMap::new(), br#"{"RecordType": "Inbound"}"#)
    ///     .unwrap();
    /// assert_eq!(received.into_event().record_type(), "Inbound");
    /// ```
    pub fn into_event(self) -> WebhookEvent {
        self.event
    }

    /// `X-PM-Webhook-Trace-Id`: Postmark's identifier of this delivery, the
    /// same on each of its retries. `None` when absent or not valid by the
    /// rule above.
    ///
    /// ```
    /// use http::{HeaderMap, HeaderValue};
    /// use postmark_webhooks::receiver::Receiver;
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("x-pm-webhook-trace-id", HeaderValue::from_static("  "));
    /// let body = br#"{"RecordType": "Inbound"}"#;
    /// let received = Receiver::insecure_accept_all().accept(&headers, body).unwrap();
    /// assert_eq!(received.trace_id(), None);
    /// ```
    pub fn trace_id(&self) -> Option<&str> {
        self.trace_id.as_deref()
    }

    /// `X-PM-Retries-Remaining`: how many more times Postmark will retry
    /// this delivery if it fails. `None` when absent (a first attempt does
    /// not carry it) or not valid by the rule above.
    ///
    /// ```
    /// use http::{HeaderMap, HeaderValue};
    /// use postmark_webhooks::receiver::Receiver;
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("x-pm-retries-remaining", HeaderValue::from_static("-1"));
    /// let body = br#"{"RecordType": "Inbound"}"#;
    /// let received = Receiver::insecure_accept_all().accept(&headers, body).unwrap();
    /// assert_eq!(received.retries_remaining(), None);
    /// ```
    pub fn retries_remaining(&self) -> Option<u32> {
        self.retries_remaining
    }

    /// The key to deduplicate Postmark's retries with: from the trace id when
    /// there is one (so every retry of a delivery has the same key, whatever
    /// its body), else [`WebhookEvent::idempotency_key`] of the payload. The
    /// two kinds of key never collide.
    ///
    /// ```
    /// use http::{HeaderMap, HeaderValue};
    /// use postmark_webhooks::receiver::Receiver;
    ///
    /// let receiver = Receiver::insecure_accept_all();
    /// let body = br#"{"RecordType": "Inbound", "N": 1}"#;
    /// let plain = receiver.accept(&HeaderMap::new(), body).unwrap();
    /// assert_eq!(plain.idempotency_key(), plain.event().idempotency_key());
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("x-pm-webhook-trace-id", HeaderValue::from_static("trace-1"));
    /// let first = receiver.accept(&headers, body).unwrap();
    /// let retry = receiver.accept(&headers, br#"{"RecordType": "Inbound", "N": 2}"#).unwrap();
    /// assert_eq!(first.idempotency_key(), retry.idempotency_key());
    /// assert_ne!(first.idempotency_key(), plain.idempotency_key());
    /// ```
    pub fn idempotency_key(&self) -> IdempotencyKey {
        match &self.trace_id {
            Some(trace_id) => IdempotencyKey::of_trace_id(trace_id),
            None => self.event.idempotency_key(),
        }
    }
}

/// The value of a header that appears once and, trimmed, is 1 to
/// [`MAX_HEADER_BYTES`] bytes of visible ASCII.
fn single_header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    let mut values = headers.get_all(name).iter();
    let (Some(value), None) = (values.next(), values.next()) else {
        return None;
    };
    let value = value.as_bytes().trim_ascii();
    let valid =
        (1..=MAX_HEADER_BYTES).contains(&value.len()) && value.iter().all(|b| b.is_ascii_graphic());
    // Visible ASCII is UTF-8.
    valid.then(|| std::str::from_utf8(value).ok()).flatten()
}
