//! The whole webhooks story: list, create, get, edit, list by stream, delete,
//! and a handled error.
//!
//! Without `POSTMARK_SERVER_TOKEN` it runs against the embedded mock server
//! (no account, no network). With it, it runs against that server at
//! `POSTMARK_API_URL` (default `https://api.postmarkapp.com`), creating one
//! webhook and deleting it again.
//!
//! ```text
//! cargo run --example quickstart --features mock
//! ```

use postmark_webhooks::mock::MockServer;
use postmark_webhooks::triggers::{Bounce, Click, Delivery, Open, SpamComplaint, Triggers};
use postmark_webhooks::{Error, ServerClient, Webhook};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let (client, _mock) = match std::env::var("POSTMARK_SERVER_TOKEN") {
        Ok(token) => {
            let base_url = std::env::var("POSTMARK_API_URL")
                .unwrap_or_else(|_| postmark_webhooks::DEFAULT_BASE_URL.to_owned());
            println!("Using the Postmark server at {base_url}");
            (
                ServerClient::builder(token).base_url(base_url).build()?,
                None,
            )
        }
        Err(_) => {
            let mock = MockServer::start().await;
            println!(
                "No POSTMARK_SERVER_TOKEN set: using the embedded mock at {}",
                mock.base_url()
            );
            let client = ServerClient::builder(mock.server_token())
                .base_url(mock.base_url())
                .build()?;
            (client, Some(mock))
        }
    };
    let webhooks = client.webhooks();

    let before = webhooks.list().await?;
    println!("\n1. list: the server has {} webhook(s)", before.len());

    let created = webhooks
        .create("https://example.com/postmark/webhook")
        .message_stream("outbound")
        .http_auth("postmark", "correct-horse-battery-staple")
        .http_header("X-Webhook-Secret", "shared-secret")
        .triggers(
            Triggers::new()
                .open(Open::enabled().post_first_open_only(true))
                .click(Click::enabled())
                .bounce(Bounce::enabled().include_content(true))
                .delivery(Delivery::disabled()),
        )
        .await?;
    println!(
        "\n2. create: webhook {} on stream `{}`",
        created.id, created.message_stream
    );
    show(&created);

    let fetched = webhooks.get(created.id).await?;
    println!("\n3. get: webhook {} posts to {}", fetched.id, fetched.url);
    println!("   (Debug output hides secrets: {:?})", fetched.http_auth);

    let edited = webhooks
        .edit(created.id)
        .triggers(
            Triggers::new()
                .open(Open::disabled())
                .spam_complaint(SpamComplaint::enabled()),
        )
        .await?;
    println!("\n4. edit: opens off, spam complaints on; other triggers unchanged");
    show(&edited);

    let outbound = webhooks.list().message_stream("outbound").await?;
    println!(
        "\n5. list by stream: `outbound` has {} webhook(s)",
        outbound.len()
    );

    webhooks.delete(created.id).await?;
    println!("\n6. delete: webhook {} removed", created.id);

    match webhooks.get(created.id).await {
        Err(err) if err.is_not_found() => {
            println!("\n7. handled error: getting it again fails as expected:\n   {err}");
        }
        Err(err) => return Err(err),
        Ok(webhook) => println!("\n7. unexpected: webhook {} still exists", webhook.id),
    }
    println!("\nDone.");
    Ok(())
}

fn show(webhook: &Webhook) {
    let t = &webhook.triggers;
    println!("   url:      {}", webhook.url);
    if let Some(auth) = &webhook.http_auth {
        println!("   auth:     {} / (password hidden)", auth.username);
    }
    for header in &webhook.http_headers {
        println!("   header:   {}: (value hidden)", header.name);
    }
    println!(
        "   triggers: open={} (first only: {}), click={}, delivery={}, bounce={} (content: {}), spam={} (content: {}), subscription={}",
        t.open.enabled,
        t.open.post_first_open_only,
        t.click.enabled,
        t.delivery.enabled,
        t.bounce.enabled,
        t.bounce.include_content,
        t.spam_complaint.enabled,
        t.spam_complaint.include_content,
        t.subscription_change.enabled,
    );
}
