//! Receiving Postmark webhooks with axum: each request is verified (Basic
//! credentials and a shared-secret header, as the webhook was created with),
//! its body read under a size cap and parsed into a typed event, and
//! Postmark's retries are deduplicated.
//!
//! ```sh
//! cargo run --example receiver --features mock
//! ```
//!
//! starts the endpoint on a free loopback port, posts it real Postmark
//! payloads (a delivery, the same delivery again as a retry, a bounce, a wrong
//! password, no credentials, an oversized body, a body that is not JSON),
//! prints what it answered, and exits; non-zero if an answer was not the
//! expected one.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use postmark_webhooks::events::{IdempotencyKey, WebhookEvent};
use postmark_webhooks::receiver::{Receiver, Rejection};

/// The path the webhook posts to.
pub const PATH: &str = "/webhooks/postmark";

/// What the endpoint shares between requests.
struct Endpoint {
    receiver: Receiver,
    /// The events handled so far. A real application keeps these in its
    /// database, with a unique index, and forgets them after a few days.
    seen: Mutex<HashSet<IdempotencyKey>>,
}

/// The axum router with the webhook endpoint at [`PATH`].
pub fn router(receiver: Receiver) -> Router {
    let endpoint = Endpoint {
        receiver,
        seen: Mutex::new(HashSet::new()),
    };
    Router::new()
        .route(PATH, post(receive))
        .with_state(Arc::new(endpoint))
}

async fn receive(
    State(endpoint): State<Arc<Endpoint>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    // Credentials (and a declared Content-Length) first: an unauthenticated
    // body is never read.
    if let Err(rejection) = endpoint.receiver.check_headers(&headers) {
        return reject(rejection);
    }
    let limit = endpoint.receiver.max_body_bytes();
    let Ok(body) = axum::body::to_bytes(body, limit).await else {
        // Over the cap (or the client went away while sending).
        return reject(Rejection::BodyTooLarge { limit });
    };
    let delivery = match endpoint.receiver.accept_body(&headers, &body) {
        Ok(delivery) => delivery,
        Err(rejection) => return reject(rejection),
    };
    let key = delivery.idempotency_key();
    let first_time = endpoint.seen.lock().expect("not poisoned").insert(key);
    if !first_time {
        // A retry of an event already handled: say yes, do nothing.
        return (StatusCode::OK, "duplicate\n").into_response();
    }
    if let Err(e) = handle(delivery.event()) {
        // Forget the event so that Postmark's retry is handled, and ask for
        // one with a 5xx answer.
        endpoint.seen.lock().expect("not poisoned").remove(&key);
        eprintln!("could not handle {key}: {e}");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    if let Some(left) = delivery.retries_remaining() {
        println!("  (handled with {left} retries left)");
    }
    (StatusCode::OK, "ok\n").into_response()
}

/// What the application does with each event.
fn handle(event: &WebhookEvent) -> Result<(), String> {
    let who = event.recipient().unwrap_or("?");
    match event {
        WebhookEvent::Bounce(bounce) => {
            println!("  bounce ({}) of {who}", bounce.bounce_type)
        }
        WebhookEvent::SpamComplaint(_) => println!("  spam complaint from {who}"),
        WebhookEvent::Delivery(delivery) => {
            println!("  delivered to {who} at {}", delivery.delivered_at)
        }
        WebhookEvent::Open(open) => println!("  opened by {who} on {:?}", open.platform),
        WebhookEvent::Click(click) => println!("  {who} clicked {:?}", click.original_link),
        WebhookEvent::SubscriptionChange(change) => {
            println!("  {who} suppressed: {}", change.suppress_sending)
        }
        other => println!("  a {} event, not handled yet", other.record_type()),
    }
    Ok(())
}

/// The answer to a refused request: the rejection's status, a
/// `WWW-Authenticate` challenge where HTTP asks for one, and a short reason.
fn reject(rejection: Rejection) -> Response {
    let status = StatusCode::from_u16(rejection.status()).expect("a valid status");
    let mut response = (status, format!("{rejection}\n")).into_response();
    if let Some(challenge) = rejection.www_authenticate() {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static(challenge),
        );
    }
    response
}

/// The Basic credentials and secret header of the example's webhook. In an
/// application they come from configuration, as the webhook was created with
/// (`.http_auth(..)` and `.http_header(..)` of `webhooks().create(..)`).
pub const USERNAME: &str = "postmark";
/// See [`USERNAME`].
pub const PASSWORD: &str = "correct horse battery staple";
/// See [`USERNAME`].
pub const SECRET_HEADER: &str = "X-Webhook-Secret";
/// See [`USERNAME`].
pub const SECRET: &str = "0c5e8f0d9b1a4e7c";
/// The example's body cap, small so that the oversized request is quick.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The receiver for the example's webhook.
pub fn receiver() -> Receiver {
    Receiver::builder()
        .basic_auth(USERNAME, PASSWORD)
        .secret_header(SECRET_HEADER, SECRET)
        .max_body_bytes(MAX_BODY_BYTES)
        .build()
        .expect("valid credentials")
}

/// Postmark's documented Delivery example.
const DELIVERY: &str = r#"{
  "RecordType": "Delivery",
  "ServerID": 23,
  "MessageStream": "outbound",
  "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
  "Recipient": "john@example.com",
  "Tag": "welcome-email",
  "DeliveredAt": "2019-11-05T16:33:54.9070259Z",
  "Details": "Test delivery webhook details",
  "Metadata": {"a_key": "a_value", "b_key": "b_value"}
}"#;

/// Postmark's documented Bounce example.
const BOUNCE: &str = r#"{
  "RecordType": "Bounce",
  "MessageStream": "outbound",
  "ID": 4323372036854775807,
  "Type": "HardBounce",
  "TypeCode": 1,
  "Name": "Hard bounce",
  "Tag": "Test",
  "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
  "ServerID": 23,
  "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
  "Details": "Test bounce details",
  "Email": "john@example.com",
  "From": "sender@example.com",
  "BouncedAt": "2019-11-05T16:33:54.9070259Z",
  "DumpAvailable": true,
  "Inactive": true,
  "CanActivate": true,
  "Subject": "Test subject"
}"#;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}{PATH}", listener.local_addr()?);
    let server = tokio::spawn(async move { axum::serve(listener, router(receiver())).await });
    println!("listening on {url}");

    let client = reqwest::Client::new();
    let post = |body: Vec<u8>| {
        client
            .post(&url)
            .header(header::CONTENT_TYPE, "application/json")
            .body(body)
    };
    let authorized = |body: &str| {
        post(body.as_bytes().to_vec())
            .basic_auth(USERNAME, Some(PASSWORD))
            .header(SECRET_HEADER, SECRET)
    };
    let oversized = format!(
        r#"{{"RecordType": "Delivery", "Padding": "{}"}}"#,
        "x".repeat(MAX_BODY_BYTES)
    );
    let cases = [
        ("a delivery", authorized(DELIVERY), 200),
        (
            "the same delivery, retried",
            authorized(DELIVERY).header("X-PM-Retries-Remaining", "2"),
            200,
        ),
        ("a bounce", authorized(BOUNCE), 200),
        (
            "a wrong password",
            post(BOUNCE.into())
                .basic_auth(USERNAME, Some("Tr0ub4dor&3"))
                .header(SECRET_HEADER, SECRET),
            401,
        ),
        (
            "no credentials",
            post(BOUNCE.into()).header(SECRET_HEADER, SECRET),
            401,
        ),
        ("an oversized body", authorized(&oversized), 413),
        ("a body that is not JSON", authorized("<xml/>"), 400),
    ];

    let mut unexpected = 0;
    for (what, request, expected) in cases {
        println!("{what}:");
        let response = request.send().await?;
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        let mark = if status == expected {
            "ok"
        } else {
            "UNEXPECTED"
        };
        println!("  -> {status} {} [{mark}]", text.trim());
        unexpected += usize::from(status != expected);
    }
    server.abort();
    if unexpected > 0 {
        return Err(format!("{unexpected} unexpected answers").into());
    }
    Ok(())
}
