//! What every shared `SeenStore` must do, run against a real server: two
//! receivers (two axum servers, each with its own connection to the store)
//! stand for two replicas behind a load balancer.
// Without the redis or postgres feature, one kind of server goes unused.
#![allow(dead_code)]

pub mod servers;

/// One test per scenario below, against the store that `$connect` (a
/// [`Connect`]) opens on the server that `$start` starts.
macro_rules! every_scenario {
    ($start:path, $connect:expr) => {
        $crate::shared_store::every_scenario!(@each $start, $connect;
            a_delivery_and_its_retry_on_another_replica_are_handled_once,
            concurrent_copies_on_both_replicas_are_handled_exactly_once,
            a_failed_handler_releases_the_key_and_the_retry_is_handled,
            a_claim_whose_holder_crashed_is_taken_over_after_its_lease,
            only_the_holder_of_a_claim_settles_it_and_handled_keys_expire,
            a_stopped_store_means_503_and_after_a_restart_the_retry_is_handled_once,
        );
    };
    (@each $start:path, $connect:expr; $($name:ident),* $(,)?) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let Some(server) = $start() else { return };
            $crate::shared_store::$name(server, $connect).await;
        }
    )*};
}
pub(crate) use every_scenario;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::StatusCode;
use axum::routing::post;
use http::HeaderMap;
use postmark_webhooks::events::IdempotencyKey;
use postmark_webhooks::receiver::{Claim, ClaimToken, PostmarkLayer, Receiver, SeenStore};

pub use servers::Server;

/// The lease the tests' stores use.
pub const LEASE: Duration = Duration::from_millis(1500);
/// The ttl the tests' stores use.
pub const TTL: Duration = Duration::from_secs(3);

const DELIVERY: &str = r#"{"RecordType": "Delivery", "Recipient": "john@example.com",
    "DeliveredAt": "2019-11-05T16:33:54.9070259Z"}"#;
const TRACE_ID: &str = "4e6e4c0a-2b9f-4c1e-9f59-2d1b0f3d6a11";

/// What the handler does, shared by both replicas.
#[derive(Default)]
struct Handler {
    calls: AtomicUsize,
    /// Answers 500 to this many calls first.
    failures: AtomicUsize,
    /// How long each call takes.
    delay: Duration,
}

/// A replica: an axum server on a free loopback port.
struct Replica {
    url: String,
}

async fn replica(store: impl SeenStore, handler: Arc<Handler>) -> Replica {
    let receiver = Receiver::builder()
        .secret_header("X-Webhook-Secret", "s3cr3t")
        .build()
        .unwrap();
    let app = Router::new().route(
        "/hook",
        post(move || {
            let handler = handler.clone();
            async move {
                handler.calls.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(handler.delay).await;
                let failing = handler
                    .failures
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                    .is_ok();
                match failing {
                    true => StatusCode::INTERNAL_SERVER_ERROR,
                    false => StatusCode::OK,
                }
            }
        })
        .layer(
            PostmarkLayer::new(receiver)
                .deduplicate(store)
                .store_timeout(Duration::from_secs(1)),
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    Replica { url }
}

/// Postmark's POST of the delivery (or of its retry: the same trace id).
async fn deliver(client: &reqwest::Client, to: &Replica) -> (StatusCode, String) {
    let response = client
        .post(&to.url)
        .header("X-Webhook-Secret", "s3cr3t")
        .header("X-PM-Webhook-Trace-Id", TRACE_ID)
        .header("Content-Type", "application/json")
        .body(DELIVERY)
        .send()
        .await
        .unwrap();
    let status = StatusCode::from_u16(response.status().as_u16()).unwrap();
    (status, response.text().await.unwrap())
}

/// The delivery's key, as the layer computes it.
fn delivery_key() -> IdempotencyKey {
    let mut headers = HeaderMap::new();
    headers.insert("x-pm-webhook-trace-id", TRACE_ID.parse().unwrap());
    Receiver::insecure_accept_all()
        .accept(&headers, DELIVERY.as_bytes())
        .unwrap()
        .idempotency_key()
}

fn handled() -> (StatusCode, String) {
    (StatusCode::OK, "already handled\n".to_string())
}

/// Connects a new store (a new replica's) to the server, with [`LEASE`]
/// and [`TTL`].
pub trait Connect {
    /// The store type.
    type Store: SeenStore;
    /// Connects.
    fn connect(&self, server: &Server) -> impl Future<Output = Self::Store>;
}

/// Claims, which must be first; the token.
async fn first(store: &impl SeenStore, key: IdempotencyKey) -> ClaimToken {
    match store.claim(key).await.unwrap() {
        Claim::First(token) => token,
        other => panic!("expected a first claim, got {other:?}"),
    }
}

pub async fn a_delivery_and_its_retry_on_another_replica_are_handled_once(
    server: Server,
    stores: impl Connect,
) {
    let handler = Arc::new(Handler::default());
    let a = replica(stores.connect(&server).await, handler.clone()).await;
    let b = replica(stores.connect(&server).await, handler.clone()).await;
    let client = reqwest::Client::new();
    assert_eq!(deliver(&client, &a).await, (StatusCode::OK, String::new()));
    assert_eq!(deliver(&client, &b).await, handled());
    assert_eq!(deliver(&client, &a).await, handled());
    assert_eq!(handler.calls.load(Ordering::SeqCst), 1);
}

pub async fn concurrent_copies_on_both_replicas_are_handled_exactly_once(
    server: Server,
    stores: impl Connect,
) {
    let handler = Arc::new(Handler {
        delay: Duration::from_millis(300),
        ..Handler::default()
    });
    let a = Arc::new(replica(stores.connect(&server).await, handler.clone()).await);
    let b = Arc::new(replica(stores.connect(&server).await, handler.clone()).await);
    let client = reqwest::Client::new();
    let copies: Vec<_> = (0..50)
        .map(|n| {
            let (client, to) = (client.clone(), [&a, &b][n % 2].clone());
            tokio::spawn(async move { deliver(&client, &to).await })
        })
        .collect();
    let mut answers = Vec::new();
    for copy in copies {
        answers.push(copy.await.unwrap());
    }
    assert_eq!(handler.calls.load(Ordering::SeqCst), 1);
    let first = (StatusCode::OK, String::new());
    let in_progress = (
        StatusCode::SERVICE_UNAVAILABLE,
        "this delivery is being handled; retry later\n".to_string(),
    );
    assert_eq!(answers.iter().filter(|a| **a == first).count(), 1);
    for answer in &answers {
        assert!(
            *answer == first || *answer == handled() || *answer == in_progress,
            "{answer:?}"
        );
    }
    assert_eq!(deliver(&client, &b).await, handled());
}

pub async fn a_failed_handler_releases_the_key_and_the_retry_is_handled(
    server: Server,
    stores: impl Connect,
) {
    let handler = Arc::new(Handler {
        failures: AtomicUsize::new(1),
        ..Handler::default()
    });
    let a = replica(stores.connect(&server).await, handler.clone()).await;
    let b = replica(stores.connect(&server).await, handler.clone()).await;
    let client = reqwest::Client::new();
    assert_eq!(
        deliver(&client, &a).await.0,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(deliver(&client, &b).await, (StatusCode::OK, String::new()));
    assert_eq!(deliver(&client, &a).await, handled());
    assert_eq!(handler.calls.load(Ordering::SeqCst), 2);
}

pub async fn a_claim_whose_holder_crashed_is_taken_over_after_its_lease(
    server: Server,
    stores: impl Connect,
) {
    let handler = Arc::new(Handler::default());
    let a = replica(stores.connect(&server).await, handler.clone()).await;
    let b = replica(stores.connect(&server).await, handler.clone()).await;
    let client = reqwest::Client::new();
    // A third replica claims the delivery and dies before settling it.
    let crashed = stores.connect(&server).await;
    let claimed_at = Instant::now();
    let stale = first(&crashed, delivery_key()).await;
    drop(crashed);

    assert_eq!(
        deliver(&client, &a).await,
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "this delivery is being handled; retry later\n".to_string()
        )
    );
    tokio::time::sleep((claimed_at + LEASE + Duration::from_millis(200)) - Instant::now()).await;
    assert_eq!(deliver(&client, &b).await, (StatusCode::OK, String::new()));
    assert_eq!(handler.calls.load(Ordering::SeqCst), 1);

    // The crashed replica's token neither releases nor re-confirms the key.
    let other = stores.connect(&server).await;
    other.release(delivery_key(), stale).await.unwrap();
    assert_eq!(deliver(&client, &a).await, handled());
    assert_eq!(handler.calls.load(Ordering::SeqCst), 1);
}

pub async fn only_the_holder_of_a_claim_settles_it_and_handled_keys_expire(
    server: Server,
    stores: impl Connect,
) {
    let one = stores.connect(&server).await;
    let two = stores.connect(&server).await;
    let key = delivery_key();
    let stale = first(&one, key).await;
    assert_eq!(two.claim(key).await.unwrap(), Claim::InProgress);
    tokio::time::sleep(LEASE + Duration::from_millis(200)).await;
    let current = first(&two, key).await;
    assert_ne!(stale, current);
    one.release(key, stale).await.unwrap();
    assert_eq!(one.claim(key).await.unwrap(), Claim::InProgress);
    one.confirm(key, stale).await.unwrap();
    assert_eq!(one.claim(key).await.unwrap(), Claim::InProgress);

    two.confirm(key, current).await.unwrap();
    let confirmed_at = Instant::now();
    assert_eq!(one.claim(key).await.unwrap(), Claim::Handled);
    // A handled key is not released by its former holder, and outlives the lease.
    two.release(key, current).await.unwrap();
    tokio::time::sleep(LEASE + Duration::from_millis(200)).await;
    assert_eq!(one.claim(key).await.unwrap(), Claim::Handled);
    // It is forgotten after the ttl.
    tokio::time::sleep((confirmed_at + TTL + Duration::from_millis(200)) - Instant::now()).await;
    assert!(matches!(one.claim(key).await.unwrap(), Claim::First(_)));
}

pub async fn a_stopped_store_means_503_and_after_a_restart_the_retry_is_handled_once(
    mut server: Server,
    stores: impl Connect,
) {
    let handler = Arc::new(Handler::default());
    let a = replica(stores.connect(&server).await, handler.clone()).await;
    let b = replica(stores.connect(&server).await, handler.clone()).await;
    let client = reqwest::Client::new();
    server.stop();
    let unavailable = (
        StatusCode::SERVICE_UNAVAILABLE,
        "deliveries cannot be deduplicated now; retry later\n".to_string(),
    );
    assert_eq!(deliver(&client, &a).await, unavailable);
    assert_eq!(deliver(&client, &b).await, unavailable);
    assert_eq!(handler.calls.load(Ordering::SeqCst), 0);

    server.start();
    // Postmark retries until it gets a 200; the first attempts may still
    // meet a connection that broke, and get 503.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let answer = deliver(&client, &a).await;
        if answer == (StatusCode::OK, String::new()) {
            break;
        }
        assert_eq!(answer, unavailable);
        assert!(Instant::now() < deadline, "the store did not come back");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let answer = deliver(&client, &b).await;
        if answer == handled() {
            break;
        }
        assert_eq!(answer, unavailable);
        assert!(Instant::now() < deadline, "the store did not come back");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(handler.calls.load(Ordering::SeqCst), 1);
}
