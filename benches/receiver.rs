//! What `PostmarkLayer` with the `PostmarkWebhook` extractor costs over a
//! careful hand-written axum handler doing the same checks, and what Redis
//! and PostgreSQL deduplication add over `MemorySeenStore`.
//!
//! ```text
//! cargo bench --bench receiver --features axum,redis,postgres
//! ```
//!
//! Both receivers run on one server thread, in one single-threaded
//! runtime, on two loopback listeners; the client runs on the benchmark's
//! thread. Each request carries Basic credentials, a trace id and a
//! Delivery event. The hand-written handler compares the whole
//! `Authorization` value in constant time (`subtle`) and parses the body
//! with `serde_json` into the same `WebhookEvent`; the layer checks the
//! credentials (SHA-256 digests, constant time), caps the body and parses
//! it, and the extractor hands the event to the handler.
//!
//! - CPU per request: batches of 64 concurrent requests, alternating
//!   sides; the server thread's CPU time per request (read by the server
//!   itself before and after each batch), median ratio of 7 rounds. The
//!   target is at most 1.05.
//! - Deduplication: the layer with `MemorySeenStore` against the layer with
//!   a Redis (`POSTMARK_BENCH_REDIS_URL`) or PostgreSQL
//!   (`POSTMARK_BENCH_POSTGRES_URL`) store, single requests in pairs, each
//!   a new delivery; the median added latency per request. Skipped when the
//!   variable is not set.
//!
//! `POSTMARK_BENCH_ROUNDS` lowers the number of rounds for a smoke run.

mod common;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header::AUTHORIZATION};
use axum::routing::{get, post};
use base64::Engine as _;
use postmark_webhooks::events::WebhookEvent;
use postmark_webhooks::receiver::{MemorySeenStore, PostmarkLayer, PostmarkWebhook, Receiver};
use subtle::ConstantTimeEq as _;

use common::{median, timed};

const USER: &str = "postmark";
const PASSWORD: &str = "bench-password-3f9a";
const CONCURRENCY: usize = 64;
const BATCHES: usize = 8;
const PAIRS: usize = 200;
const DELIVERY: &str = r#"{"RecordType": "Delivery", "ServerID": 23, "MessageStream": "outbound",
  "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483", "Recipient": "john@example.com",
  "Tag": "welcome-email", "DeliveredAt": "2019-11-05T16:33:54.9070259Z",
  "Details": "Test delivery webhook details", "Metadata": {"a_key": "a_value", "b_key": "b_value"}}"#;

fn rounds() -> usize {
    std::env::var("POSTMARK_BENCH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(7)
}

fn receiver() -> Receiver {
    Receiver::builder()
        .basic_auth(USER, PASSWORD)
        .build()
        .unwrap()
}

/// The server thread's CPU time in nanoseconds, as text: the server reads
/// it itself, so that only its own work is counted.
async fn server_cpu() -> String {
    cpu_time::ThreadTime::now()
        .as_duration()
        .as_nanos()
        .to_string()
}

/// The hand-written receiver: the whole `Authorization` value compared in
/// constant time, the body parsed with `serde_json`.
fn by_hand() -> Router {
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASSWORD}"))
    );
    Router::new()
        .route(
            "/hook",
            post(move |headers: HeaderMap, body: Bytes| {
                let expected = expected.clone();
                async move {
                    let presented = headers.get(AUTHORIZATION).map(|v| v.as_bytes());
                    let authorized = presented
                        .is_some_and(|presented| bool::from(presented.ct_eq(expected.as_bytes())));
                    if !authorized {
                        return StatusCode::UNAUTHORIZED;
                    }
                    match serde_json::from_slice::<WebhookEvent>(&body) {
                        Ok(event) => {
                            std::hint::black_box(event);
                            StatusCode::OK
                        }
                        Err(_) => StatusCode::BAD_REQUEST,
                    }
                }
            }),
        )
        .route("/cpu", get(server_cpu))
}

/// What a benchmarked server is.
#[derive(Clone, Debug)]
enum Server {
    ByHand,
    Layer,
    Memory,
    #[cfg_attr(not(feature = "redis"), allow(dead_code))]
    Redis(String),
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    Postgres(String),
}

impl Server {
    /// Its router; a store connects on the server's runtime, where its
    /// connections then live.
    async fn router(self) -> Router {
        let layer = PostmarkLayer::new(receiver());
        let layer = match self {
            Self::ByHand => return by_hand(),
            Self::Layer => layer,
            Self::Memory => layer.deduplicate(MemorySeenStore::default()),
            #[cfg(feature = "redis")]
            Self::Redis(url) => layer.deduplicate(
                postmark_webhooks::receiver::RedisSeenStore::builder(url)
                    .connect()
                    .await
                    .expect("Redis is reachable"),
            ),
            #[cfg(feature = "postgres")]
            Self::Postgres(url) => layer.deduplicate(
                postmark_webhooks::receiver::PostgresSeenStore::builder(url)
                    .connect()
                    .await
                    .expect("PostgreSQL is reachable"),
            ),
            #[allow(unreachable_patterns)]
            other => panic!("{other:?} needs its feature"),
        };
        Router::new()
            .route(
                "/hook",
                post(|PostmarkWebhook(received): PostmarkWebhook| async move {
                    std::hint::black_box(received);
                    StatusCode::OK
                })
                .layer(layer),
            )
            .route("/cpu", get(server_cpu))
            .with_state(receiver())
    }
}

/// Serves these on one thread and single-threaded runtime; their
/// addresses, in order.
fn start_servers(servers: Vec<Server>) -> Vec<SocketAddr> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let mut addresses = Vec::new();
            for server in servers {
                let router = server.router().await;
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                addresses.push(listener.local_addr().unwrap());
                tokio::spawn(axum::serve(listener, router).into_future());
            }
            tx.send(addresses).unwrap();
            std::future::pending::<()>().await;
        });
    });
    rx.recv().unwrap()
}

/// A client posting deliveries to one receiver, each with a new trace id.
struct Side {
    http: reqwest::Client,
    base: String,
}

static TRACE: AtomicU64 = AtomicU64::new(0);

impl Side {
    fn new(address: SocketAddr) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: format!("http://{address}"),
        }
    }

    async fn post(&self) {
        let trace = format!(
            "00000000-0000-4000-8000-{:012x}",
            TRACE.fetch_add(1, Ordering::Relaxed)
        );
        let response = self
            .http
            .post(format!("{}/hook", self.base))
            .basic_auth(USER, Some(PASSWORD))
            .header("X-PM-Webhook-Trace-Id", trace)
            .header("Content-Type", "application/json")
            .body(DELIVERY)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }

    async fn server_cpu(&self) -> u128 {
        let text = self
            .http
            .get(format!("{}/cpu", self.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        text.parse().unwrap()
    }

    /// The server thread's CPU time per request over batches of concurrent
    /// requests, in seconds.
    async fn batch_cpu(&self) -> f64 {
        let before = self.server_cpu().await;
        for _ in 0..BATCHES {
            futures_util::future::join_all((0..CONCURRENCY).map(|_| self.post())).await;
        }
        let after = self.server_cpu().await;
        (after - before) as f64 / 1e9 / (BATCHES * CONCURRENCY) as f64
    }
}

/// Median server CPU per request of each side, and the median ratio.
async fn cpu(layer: &Side, hand: &Side) -> (f64, f64, f64) {
    let (mut ratios, mut layers, mut hands) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds() {
        let (l, h) = if round % 2 == 0 {
            let l = layer.batch_cpu().await;
            (l, hand.batch_cpu().await)
        } else {
            let h = hand.batch_cpu().await;
            (layer.batch_cpu().await, h)
        };
        layers.push(l);
        hands.push(h);
        ratios.push(l / h);
    }
    (median(layers), median(hands), median(ratios))
}

/// The median added latency per request of `store` over `memory`.
async fn added_latency(store: &Side, memory: &Side) -> (f64, f64) {
    let (mut stores, mut memories) = (Vec::new(), Vec::new());
    for pair in 0..PAIRS * rounds() / 7 + 1 {
        if pair % 2 == 0 {
            stores.push(timed(store.post()).await);
            memories.push(timed(memory.post()).await);
        } else {
            memories.push(timed(memory.post()).await);
            stores.push(timed(store.post()).await);
        }
    }
    let (s, m) = (median(stores), median(memories));
    (m, s - m)
}

/// The shared stores named by the environment, for the features compiled in.
fn shared_stores() -> Vec<(&'static str, Server)> {
    let mut stores = Vec::new();
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if cfg!(feature = "redis")
        && let Some(url) = var("POSTMARK_BENCH_REDIS_URL")
    {
        stores.push(("Redis", Server::Redis(url)));
    }
    if cfg!(feature = "postgres")
        && let Some(url) = var("POSTMARK_BENCH_POSTGRES_URL")
    {
        stores.push(("PostgreSQL", Server::Postgres(url)));
    }
    stores
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let addresses = start_servers(vec![Server::Layer, Server::ByHand]);
    let (layer, hand) = (Side::new(addresses[0]), Side::new(addresses[1]));
    let (l, h, ratio) = runtime.block_on(async {
        for _ in 0..200 {
            layer.post().await;
            hand.post().await;
        }
        cpu(&layer, &hand).await
    });
    println!("receiver                      | server CPU/request | ratio (target <= 1.05)");
    println!(
        "PostmarkLayer + extractor     | {:>15.1} µs | {ratio:.3}",
        l * 1e6
    );
    println!("hand-written axum handler     | {:>15.1} µs |", h * 1e6);

    let stores = shared_stores();
    if stores.is_empty() {
        println!(
            "deduplication: set POSTMARK_BENCH_REDIS_URL and/or POSTMARK_BENCH_POSTGRES_URL \
             (with the redis / postgres features) to measure Redis and PostgreSQL"
        );
    }
    for (name, store) in stores {
        let addresses = start_servers(vec![store, Server::Memory]);
        let (shared, memory) = (Side::new(addresses[0]), Side::new(addresses[1]));
        let (base, added) = runtime.block_on(async {
            for _ in 0..50 {
                shared.post().await;
                memory.post().await;
            }
            added_latency(&shared, &memory).await
        });
        println!(
            "deduplication in {name}: {:+.1} µs per request over MemorySeenStore ({:.1} µs)",
            added * 1e6,
            base * 1e6
        );
    }
}
