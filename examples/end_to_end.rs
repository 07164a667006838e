//! The whole path, offline: an axum endpoint that checks requests with a
//! `Receiver`, a webhook created on the embedded mock (Basic credentials and a
//! secret header, verified for real), one event of each record type delivered
//! by the mock and handled, and an edit with wrong credentials refused (its verification fails).
//!
//! ```sh
//! cargo run --example end_to_end --features mock
//! ```
//!
//! Exits non-zero if any step did not go as expected.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use postmark_webhooks::ServerClient;
use postmark_webhooks::mock::{MockServer, RecordType};
use postmark_webhooks::receiver::Receiver;
use postmark_webhooks::triggers::{
    Bounce, Click, Delivery, Open, SpamComplaint, SubscriptionChange, Triggers,
};

type Failure = Box<dyn std::error::Error>;

/// The record types the receiver has handled, in order.
type Handled = Arc<Mutex<Vec<String>>>;

struct Endpoint {
    receiver: Receiver,
    handled: Handled,
}

async fn receive(
    State(endpoint): State<Arc<Endpoint>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    match endpoint.receiver.accept(&headers, &body) {
        Ok(received) => {
            let event = received.event();
            println!(
                "  handled {} for {:?}",
                event.record_type(),
                event.recipient()
            );
            let mut handled = endpoint.handled.lock().expect("not poisoned");
            handled.push(event.record_type().to_owned());
            StatusCode::OK
        }
        Err(rejection) => {
            println!("  refused: {rejection}");
            StatusCode::from_u16(rejection.status()).unwrap_or(StatusCode::BAD_REQUEST)
        }
    }
}

/// Starts the receiver on a free loopback port and returns its URL.
async fn start_receiver(receiver: Receiver, handled: Handled) -> Result<String, Failure> {
    let endpoint = Arc::new(Endpoint { receiver, handled });
    let app = Router::new()
        .route("/webhooks/postmark", post(receive))
        .with_state(endpoint);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/webhooks/postmark", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(url)
}

fn check(ok: bool, what: &str) -> Result<(), Failure> {
    if ok {
        println!("ok: {what}");
        Ok(())
    } else {
        Err(format!("FAILED: {what}").into())
    }
}

#[tokio::main]
async fn main() -> Result<(), Failure> {
    // 1. The application's receiver, expecting the credentials it will give
    //    Postmark.
    let receiver = Receiver::builder()
        .basic_auth("postmark", "s3cret")
        .secret_header("X-Webhook-Secret", "shared-secret")
        .build()?;
    let handled = Handled::default();
    let url = start_receiver(receiver, handled.clone()).await?;

    // 2. Postmark, embedded: retries wait 6 ms instead of a minute.
    let mock = MockServer::start().await;
    mock.set_delivery_time_scale(0.0001);
    let client = ServerClient::builder(mock.server_token())
        .base_url(mock.base_url())
        .build()?;

    // 3. A webhook for every trigger, verified: the mock POSTs a test event
    //    per trigger and saves the webhook only if each is answered 200.
    println!("creating the webhook, verified:");
    let webhook = client
        .webhooks()
        .create(&url)
        .http_auth("postmark", "s3cret")
        .http_header("X-Webhook-Secret", "shared-secret")
        .triggers(
            Triggers::new()
                .open(Open::enabled())
                .click(Click::enabled())
                .delivery(Delivery::enabled())
                .bounce(Bounce::enabled())
                .spam_complaint(SpamComplaint::enabled())
                .subscription_change(SubscriptionChange::enabled()),
        )
        .verify(true)
        .await?;
    check(
        handled.lock().expect("not poisoned").len() == 6,
        "verification sent one test event per trigger",
    )?;
    handled.lock().expect("not poisoned").clear();

    // 4. One event of each record type, delivered as Postmark would.
    println!("delivering one event of each record type:");
    for record_type in RecordType::ALL {
        let reports = mock.deliver(record_type).await;
        check(
            reports.len() == 1 && reports[0].delivered(),
            &format!("{record_type} delivered"),
        )?;
    }
    let names: Vec<String> = RecordType::ALL.iter().map(|t| t.to_string()).collect();
    check(
        *handled.lock().expect("not poisoned") == names,
        "the receiver handled each record type once",
    )?;

    // 5. Wrong credentials: the edit is verified first (Postmark's
    // default), the receiver refuses the test request, and Postmark (here
    // the mock) refuses the edit with ErrorCode 1364 and keeps the webhook.
    println!("editing with a wrong password:");
    let refused = client
        .webhooks()
        .edit(webhook.id)
        .http_auth("postmark", "wrong")
        .await;
    check(
        matches!(&refused, Err(e) if e.code().map(|c| c.as_i64()) == Some(1364)),
        "the edit was refused: verification failed (1364)",
    )?;
    check(
        handled.lock().expect("not poisoned").len() == names.len(),
        "nothing more was handled",
    )?;

    // 6. What Postmark would report.
    let statistics = client.webhooks().statistics(webhook.id).await?;
    let m = &statistics.metrics;
    check(
        m.total_requests == 6 && m.success_count == 6 && m.success_rate == 100.0,
        "statistics: 6 requests, all answered 200",
    )?;
    println!("end to end: every step worked");
    Ok(())
}
