//! Inbound email, offline: set the server's `InboundHookUrl` (with Basic
//! credentials) on the embedded mock through `client.server().edit()`, start
//! a small receiver, have the mock deliver Postmark's documented example
//! email, and print what arrived. A first answer of 500 shows the retry.
//!
//! ```text
//! cargo run --example inbound --features mock
//! ```

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use base64::Engine as _;
use postmark_webhooks::mock::{MockServer, inbound_example};

const USER: &str = "inbound";
const PASSWORD: &str = "s3cret";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The receiver: checks the Basic credentials, answers the first request
    // 500 (Postmark retries it) and prints each email it accepts.
    let requests = Arc::new(AtomicUsize::new(0));
    let app = Router::new().route(
        "/inbound",
        post(move |headers: HeaderMap, body: Bytes| {
            let requests = Arc::clone(&requests);
            async move { receive(&requests, &headers, &body) }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let hook = format!(
        "http://{USER}:{PASSWORD}@{}/inbound",
        listener.local_addr()?
    );
    tokio::spawn(async move { axum::serve(listener, app).await });

    // Postmark, embedded: one minute of its retry schedule takes 6 ms.
    let mock = MockServer::start().await;
    mock.set_delivery_time_scale(0.0001);
    let client = mock.client();
    let server = client.server().edit().inbound_hook_url(hook).await?;
    println!("InboundHookUrl set: {server:?}");

    let report = mock
        .deliver_inbound(inbound_example())
        .await
        .ok_or("the server has an InboundHookUrl")?;
    let statuses: Vec<_> = report.attempts.iter().map(|a| a.status).collect();
    println!("attempts: {statuses:?}, delivered: {}", report.delivered());
    Ok(())
}

fn receive(requests: &AtomicUsize, headers: &HeaderMap, body: &[u8]) -> StatusCode {
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASSWORD}"))
    );
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(expected.as_str()) {
        // A 403 stops Postmark's retries at once.
        return StatusCode::FORBIDDEN;
    }
    if requests.fetch_add(1, Ordering::SeqCst) == 0 {
        println!("first request: answering 500, so it comes again");
        return StatusCode::INTERNAL_SERVER_ERROR;
    }
    let Ok(email) = serde_json::from_slice::<serde_json::Value>(body) else {
        return StatusCode::BAD_REQUEST;
    };
    println!(
        "email {} from {} to {}: {:?}",
        email["MessageID"], email["From"], email["To"], email["Subject"]
    );
    for attachment in email["Attachments"].as_array().into_iter().flatten() {
        let content = attachment["Content"].as_str().unwrap_or_default();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(content)
            .unwrap_or_default();
        println!(
            "  attachment {}: {} bytes: {:?}",
            attachment["Name"],
            bytes.len(),
            String::from_utf8_lossy(&bytes)
        );
    }
    StatusCode::OK
}
