//! Receiving Postmark webhooks with axum: the `PostmarkWebhook` extractor
//! checks each request (Basic credentials and a shared-secret header, as the
//! webhook was created with), reads its body under a size cap and parses it
//! into a typed event; a `PostmarkLayer` with a `MemorySeenStore` in front of
//! the handler answers Postmark's retries of a handled delivery without
//! handling them again.
//!
//! ```sh
//! cargo run --example receiver --features axum
//! ```
//!
//! starts the endpoint on a free loopback port, posts it real Postmark
//! payloads (a delivery, the same delivery again as a retry, a bounce, a wrong
//! password, no credentials, an oversized body, a body that is not JSON),
//! prints what it answered, and exits; non-zero if an answer was not the
//! expected one.

use axum::Router;
use axum::http::{StatusCode, header};
use axum::routing::post;
use postmark_webhooks::events::WebhookEvent;
use postmark_webhooks::receiver::{MemorySeenStore, PostmarkLayer, PostmarkWebhook, Receiver};

/// The path the webhook posts to.
pub const PATH: &str = "/webhooks/postmark";

/// The axum router with the webhook endpoint at [`PATH`].
pub fn router(receiver: Receiver) -> Router {
    // Handled deliveries are remembered for 3 hours (Postmark retries for
    // about 70 minutes); several instances would share a store instead.
    let deduplicate = PostmarkLayer::new(receiver.clone()).deduplicate(MemorySeenStore::default());
    Router::new()
        .route(PATH, post(receive).layer(deduplicate))
        .with_state(receiver)
}

/// The handler: it only ever sees accepted, first-time deliveries. A 5xx
/// answer makes Postmark retry, and the retry reaches it again.
async fn receive(PostmarkWebhook(received): PostmarkWebhook) -> (StatusCode, &'static str) {
    if let Some(left) = received.retries_remaining() {
        println!("  (a retry; {left} more to come if this one fails)");
    }
    match handle(received.event()) {
        Ok(()) => (StatusCode::OK, "ok\n"),
        Err(e) => {
            eprintln!("could not handle {}: {e}", received.idempotency_key());
            (StatusCode::SERVICE_UNAVAILABLE, "try again later\n")
        }
    }
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

/// The trace id of the example's delivery (Postmark sends a new one for each
/// delivery, the same on its retries).
const TRACE_ID: &str = "5d2f7a1c-0b3e-4c9d-8a6f-1e2d3c4b5a69";

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
        (
            "a delivery",
            authorized(DELIVERY).header("X-PM-Webhook-Trace-Id", TRACE_ID),
            200,
        ),
        (
            "the same delivery, retried",
            authorized(DELIVERY)
                .header("X-PM-Webhook-Trace-Id", TRACE_ID)
                .header("X-PM-Retries-Remaining", "5"),
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
