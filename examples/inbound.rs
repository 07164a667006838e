//! Inbound email, offline: set the server's `InboundHookUrl` (with Basic
//! credentials) on the embedded mock through `client.server().edit()`, start
//! a receiver built on the `PostmarkInbound` extractor, have the mock
//! deliver Postmark's documented example email, and print what arrived. A
//! first answer of 503 shows Postmark's retry.
//!
//! ```text
//! cargo run --example inbound --features mock
//! ```

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::extract::FromRef;
use axum::routing::post;
use postmark_webhooks::mock::{MockServer, inbound_example};
use postmark_webhooks::receiver::{InboundOutcome, PostmarkInbound, Receiver};

const USER: &str = "inbound";
const PASSWORD: &str = "s3cret";

/// The router's state: the receiver the extractor checks requests with,
/// and how many messages reached the handler.
#[derive(Clone)]
struct App {
    receiver: Receiver,
    seen: Arc<AtomicUsize>,
}

impl FromRef<App> for Receiver {
    fn from_ref(app: &App) -> Receiver {
        app.receiver.clone()
    }
}

async fn inbound(
    axum::extract::State(app): axum::extract::State<App>,
    PostmarkInbound(email): PostmarkInbound,
) -> InboundOutcome {
    if app.seen.fetch_add(1, Ordering::SeqCst) == 0 {
        println!("first request: answering 503, so Postmark sends it again");
        return InboundOutcome::RetryLater;
    }
    println!(
        "email {:?} from {:?} to {:?}: {:?}",
        email.message_id.as_deref().unwrap_or_default(),
        email.from_full.as_ref().and_then(|a| a.email.as_deref()),
        email.original_recipient.as_deref(),
        email.subject.as_deref().unwrap_or_default(),
    );
    println!("  reply text: {:?}", email.stripped_text_reply);
    for attachment in email.attachments.iter().flatten() {
        match attachment.content() {
            Ok(bytes) => println!(
                "  attachment {:?}: {} bytes: {:?}",
                attachment.name.as_deref().unwrap_or_default(),
                bytes.len(),
                String::from_utf8_lossy(&bytes)
            ),
            Err(e) => println!("  attachment not readable: {e}"),
        }
    }
    InboundOutcome::Handled
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let receiver = Receiver::builder().basic_auth(USER, PASSWORD).build()?;
    let app = Router::new()
        .route("/inbound", post(inbound))
        .with_state(App {
            receiver,
            seen: Arc::default(),
        });
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
    let [(_, shown), ..] = server.redacted_hook_urls();
    println!("InboundHookUrl set: {}", shown.unwrap_or_default());

    let report = mock
        .deliver_inbound(inbound_example())
        .await
        .ok_or("the server has an InboundHookUrl")?;
    let statuses: Vec<_> = report.attempts.iter().map(|a| a.status).collect();
    println!("attempts: {statuses:?}, delivered: {}", report.delivered());
    Ok(())
}
