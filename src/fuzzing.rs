//! The fuzz targets' entry points (`fuzz/`), also replayed over the corpus by
//! `tests/it/fuzz_corpus.rs`, and the request body's round trip for the
//! replaced-schema check. Compiled only with the `fuzzing` feature; not a
//! public API.

use base64::Engine as _;
use http::header::AUTHORIZATION;
use http::{HeaderMap, HeaderValue};

use crate::events::WebhookEvent;
use crate::inbound::InboundMessage;
use crate::receiver::{Receiver, Rejection, basic_credentials};

/// The fuzz target `event_parser` (and the corpus replay test): parses any
/// bytes and checks that an event serializes, parses back to itself and
/// keeps its idempotency key. Panics only when one of these fails.
pub fn event_parser(data: &[u8]) {
    let parsed = WebhookEvent::from_slice(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let from_str = text.parse::<WebhookEvent>();
        assert_eq!(from_str.as_ref().ok(), parsed.as_ref().ok());
    }
    match parsed {
        Ok(event) => {
            let json = serde_json::to_vec(&event).expect("an event serializes");
            let again = WebhookEvent::from_slice(&json).unwrap_or_else(|e| {
                panic!(
                    "a serialized event parses: {e}\n{}",
                    String::from_utf8_lossy(&json)
                )
            });
            assert_eq!(again, event, "{}", String::from_utf8_lossy(&json));
            assert_eq!(again.idempotency_key(), event.idempotency_key());
            let value = serde_json::to_value(&event).expect("an event serializes");
            assert_eq!(value["RecordType"], event.record_type());
            let _ = (
                event.message_stream(),
                event.message_id(),
                event.recipient(),
                event.tag(),
                event.metadata(),
                event.server_id(),
                event.occurred_at(),
            );
        }
        Err(e) => {
            let _ = (e.to_string(), e.kind(), e.position(), e.record_type());
        }
    }
}

/// The fuzz target `inbound_parser` (and the corpus replay test): parses
/// any bytes and checks that an inbound message serializes, parses back to
/// itself and keeps its idempotency key, and that reading its headers, date
/// and attachments does not panic. Panics only when one of these fails.
pub fn inbound_parser(data: &[u8]) {
    let parsed = InboundMessage::from_slice(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let from_str = text.parse::<InboundMessage>();
        assert_eq!(from_str.as_ref().ok(), parsed.as_ref().ok());
    }
    match parsed {
        Ok(message) => {
            let json = serde_json::to_vec(&message).expect("a message serializes");
            let again = InboundMessage::from_slice(&json).unwrap_or_else(|e| {
                panic!(
                    "a serialized message parses: {e}\n{}",
                    String::from_utf8_lossy(&json)
                )
            });
            assert_eq!(again, message, "{}", String::from_utf8_lossy(&json));
            assert_eq!(again.idempotency_key(), message.idempotency_key());
            if let Some(headers) = &message.headers {
                for header in headers {
                    assert_eq!(
                        message.header(&header.name).map(str::len),
                        headers.get_all(&header.name).next().map(str::len)
                    );
                }
            }
            if let Some(date) = &message.date {
                let _ = (date.date_time(), date.to_utc());
            }
            for attachment in message.attachments.iter().flatten() {
                if let (Ok(bytes), Some(length)) = (attachment.content(), attachment.content_length)
                {
                    assert_eq!(bytes.len() as u64, length);
                }
            }
        }
        Err(e) => {
            let _ = (e.to_string(), e.kind(), e.position());
        }
    }
}

/// The fuzz target `receiver` (and the corpus replay test): a request
/// through [`Receiver::accept`], or [`Receiver::accept_inbound`].
///
/// Input layout: byte 0 chooses the configuration (bit 0: Basic auth
/// `postmark`/`hunter2`; bit 1: header `X-Webhook-Secret: s3cr3t`; neither:
/// accept all; bit 2: send the `Authorization` value base64-encoded after
/// `Basic `; bits 3-5: the body cap, 64 << n bytes, for events and inbound
/// messages; bit 6: read the body as an inbound message). Then two fields, each a
/// length byte and that many bytes: the `Authorization` value (or the
/// credential to encode) and the secret header value; a field that is empty
/// or not a valid header value is left out. The rest is the body. Panics only when an
/// invariant fails: a request accepted with the wrong credentials, a status
/// outside 400/401/413, or a rejection whose text shows a secret.
pub fn receiver(data: &[u8]) {
    const USER: &str = "postmark";
    const PASSWORD: &str = "hunter2";
    const SECRET: &str = "s3cr3t";
    let Some((&config, rest)) = data.split_first() else {
        return;
    };
    let (authorization, rest) = fuzz_field(rest);
    let (secret, body) = fuzz_field(rest);

    let limit = 64usize << ((config >> 3) & 7);
    let basic = config & 1 != 0;
    let header = config & 2 != 0;
    let inbound = config & 64 != 0;
    let receiver = match (basic, header) {
        (false, false) => Receiver::insecure_accept_all().with_max_body_bytes(limit),
        _ => {
            let mut builder = Receiver::builder()
                .max_body_bytes(limit)
                .max_inbound_body_bytes(limit);
            if basic {
                builder = builder.basic_auth(USER, PASSWORD);
            }
            if header {
                builder = builder.secret_header("X-Webhook-Secret", SECRET);
            }
            builder.build().expect("a valid configuration")
        }
    };

    let authorization = if config & 4 != 0 {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(authorization)
        )
        .into_bytes()
    } else {
        authorization.to_vec()
    };
    let mut headers = HeaderMap::new();
    if !authorization.is_empty()
        && let Ok(value) = HeaderValue::from_bytes(&authorization)
    {
        headers.insert(AUTHORIZATION, value);
    }
    if !secret.is_empty()
        && let Ok(value) = HeaderValue::from_bytes(secret)
    {
        headers.insert("x-webhook-secret", value);
    }

    let accepted = match inbound {
        true => receiver.accept_inbound(&headers, body).map(drop),
        false => receiver.accept(&headers, body).map(drop),
    };
    // An inbound hook carries Basic credentials only: a receiver without
    // them has nothing to check it with.
    let unusable = inbound && header && !basic;
    match accepted {
        Ok(()) => {
            assert!(!unusable);
            if basic {
                let value = headers
                    .get(AUTHORIZATION)
                    .expect("credentials were checked");
                let decoded = basic_credentials(value).expect("credentials were checked");
                assert_eq!(decoded, format!("{USER}:{PASSWORD}").as_bytes());
            }
            if header && !inbound {
                assert_eq!(secret, SECRET.as_bytes());
            }
            assert!(body.len() <= limit);
        }
        Err(Rejection::NoInboundCredentials) => assert!(unusable),
        Err(rejection) => {
            assert!(!unusable);
            assert!(matches!(rejection.status(), 400 | 401 | 413));
            if !matches!(
                rejection,
                Rejection::InvalidPayload(_) | Rejection::InvalidInbound(_)
            ) {
                let shown = format!("{rejection} {rejection:?}");
                assert!(
                    !shown.contains(PASSWORD) && !shown.contains(SECRET),
                    "{shown}"
                );
            }
        }
    }
    let shown = format!("{receiver:?}");
    assert!(
        !shown.contains(PASSWORD) && !shown.contains(SECRET),
        "{shown}"
    );
}

/// A length byte and that many bytes (fewer if the input ends).
fn fuzz_field(data: &[u8]) -> (&[u8], &[u8]) {
    match data.split_first() {
        None => (&[], &[]),
        Some((&length, rest)) => rest.split_at(usize::from(length).min(rest.len())),
    }
}

/// The round trip of a create or edit request body through the one request
/// type: decoded as the mock reads requests (unknown fields refused), then
/// encoded as the client sends it. For `xtask/tests/replaced_types.rs`,
/// which checks that the type carries every property of the spec's request
/// schemas.
pub fn request_body_round_trip(instance: &serde_json::Value) -> Result<serde_json::Value, String> {
    let body: crate::webhooks::body::Body =
        serde_json::from_value(instance.clone()).map_err(|e| format!("does not decode: {e}"))?;
    serde_json::to_value(&body).map_err(|e| format!("does not encode: {e}"))
}

/// The round trip of a server edit's body (`PUT /server`) through its
/// request type, decoded as the mock reads it and encoded as the client
/// sends it. For `xtask/tests/replaced_types.rs`.
pub fn server_edit_round_trip(instance: &serde_json::Value) -> Result<serde_json::Value, String> {
    let edit: crate::server::ServerEdit =
        serde_json::from_value(instance.clone()).map_err(|e| format!("does not decode: {e}"))?;
    serde_json::to_value(&edit).map_err(|e| format!("does not encode: {e}"))
}
