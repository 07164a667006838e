//! What the SDK costs over the same requests written by hand with reqwest and
//! serde_json, against one loopback server answering fixed JSON.
//!
//! ```text
//! cargo bench --bench overhead --features mock
//! ```
//!
//! For each operation and concurrency, rounds of SDK calls and raw calls are
//! interleaved (so drift hits both alike), and the median time per call of
//! each is reported with the ratio SDK / raw. The same is done for the retry
//! layer: the default policy against `RetryPolicy::disabled()` on calls that
//! succeed at once.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use postmark_webhooks::triggers::{Open, Triggers};
use postmark_webhooks::{RetryPolicy, ServerClient, Webhook};

const TOKEN: &str = "bench-token";
const ROUNDS: usize = 15;

fn webhook_json(id: i64) -> serde_json::Value {
    serde_json::json!({
        "ID": id,
        "Url": "https://www.example.com/webhook-test-tracking",
        "MessageStream": "outbound",
        "HttpAuth": {"Username": "user", "Password": "password"},
        "HttpHeaders": [{"Name": "name", "Value": "value"}],
        "Triggers": {
            "Open": {"Enabled": true, "PostFirstOpenOnly": false},
            "Click": {"Enabled": true},
            "Delivery": {"Enabled": true},
            "Bounce": {"Enabled": false, "IncludeContent": false},
            "SpamComplaint": {"Enabled": false, "IncludeContent": false},
            "SubscriptionChange": {"Enabled": false}
        }
    })
}

/// A server that answers every operation with fixed JSON, so that its own
/// cost is small and the same for both clients.
async fn fixed_server() -> SocketAddr {
    let list: Arc<[u8]> = serde_json::to_vec(&serde_json::json!({
        "Webhooks": (1..=10).map(webhook_json).collect::<Vec<_>>()
    }))
    .unwrap()
    .into();
    let one: Arc<[u8]> = serde_json::to_vec(&webhook_json(1234567)).unwrap().into();
    let json = |body: Arc<[u8]>| {
        move || {
            let body = body.clone();
            async move { ([("content-type", "application/json")], body.to_vec()) }
        }
    };
    let app = Router::new()
        .route("/webhooks", get(json(list)).post(json(one.clone())))
        .route("/webhooks/{id}", get(json(one)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// The requests as a user would write them by hand.
struct Raw {
    http: reqwest::Client,
    base: String,
}

impl Raw {
    fn new(base: &str) -> Self {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("X-Postmark-Server-Token", TOKEN.parse().unwrap());
        headers.insert(reqwest::header::ACCEPT, "application/json".parse().unwrap());
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .build()
            .unwrap();
        Self {
            http,
            base: base.to_owned(),
        }
    }

    async fn list(&self) -> Vec<Webhook> {
        #[derive(serde::Deserialize)]
        struct List {
            #[serde(rename = "Webhooks")]
            webhooks: Vec<Webhook>,
        }
        let response = self
            .http
            .get(format!("{}/webhooks", self.base))
            .send()
            .await
            .unwrap();
        let bytes = response.error_for_status().unwrap().bytes().await.unwrap();
        serde_json::from_slice::<List>(&bytes).unwrap().webhooks
    }

    async fn get(&self, id: i64) -> Webhook {
        let response = self
            .http
            .get(format!("{}/webhooks/{id}", self.base))
            .send()
            .await
            .unwrap();
        let bytes = response.error_for_status().unwrap().bytes().await.unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    async fn create(&self) -> Webhook {
        let body = serde_json::json!({
            "Url": "https://example.com/hook",
            "MessageStream": "outbound",
            "Triggers": {"Open": {"Enabled": true, "PostFirstOpenOnly": true}}
        });
        let response = self
            .http
            .post(format!("{}/webhooks", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        let bytes = response.error_for_status().unwrap().bytes().await.unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }
}

/// Runs `calls` calls, `concurrency` at a time, and returns the time per call.
async fn per_call<F, Fut>(calls: usize, concurrency: usize, make: F) -> Duration
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let started = Instant::now();
    let mut done = 0;
    while done < calls {
        let batch: Vec<_> = (0..concurrency.min(calls - done))
            .map(|_| tokio::spawn(make()))
            .collect();
        for task in batch {
            task.await.unwrap();
        }
        done += concurrency;
    }
    started.elapsed() / calls as u32
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

/// Interleaves rounds of `a` and `b`, and prints their medians and ratio.
async fn compare<FA, FutA, FB, FutB>(name: &str, concurrency: usize, calls: usize, a: FA, b: FB)
where
    FA: Fn() -> FutA,
    FutA: Future<Output = ()> + Send + 'static,
    FB: Fn() -> FutB,
    FutB: Future<Output = ()> + Send + 'static,
{
    // Warm both up: connections, allocations, caches.
    per_call(calls, concurrency, &a).await;
    per_call(calls, concurrency, &b).await;
    let (mut times_a, mut times_b) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        if round % 2 == 0 {
            times_a.push(per_call(calls, concurrency, &a).await);
            times_b.push(per_call(calls, concurrency, &b).await);
        } else {
            times_b.push(per_call(calls, concurrency, &b).await);
            times_a.push(per_call(calls, concurrency, &a).await);
        }
    }
    let (ma, mb) = (median(times_a), median(times_b));
    println!(
        "{name:<28} c={concurrency:<3} {:>10.1} µs {:>10.1} µs   ratio {:.3}",
        ma.as_secs_f64() * 1e6,
        mb.as_secs_f64() * 1e6,
        ma.as_secs_f64() / mb.as_secs_f64()
    );
}

fn sdk_client(base: &str, policy: RetryPolicy) -> ServerClient {
    ServerClient::builder(TOKEN)
        .base_url(base)
        .retry_policy(policy)
        .build()
        .unwrap()
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let addr = fixed_server().await;
        let base = format!("http://{addr}");
        let sdk = sdk_client(&base, RetryPolicy::new());
        let no_retry = sdk_client(&base, RetryPolicy::disabled());
        let raw = Arc::new(Raw::new(&base));

        println!(
            "{:<28} {:<5} {:>13} {:>13}",
            "operation", "", "SDK", "raw reqwest"
        );
        for concurrency in [1, 64] {
            let calls = if concurrency == 1 { 400 } else { 1280 };
            let (s, r) = (sdk.clone(), raw.clone());
            compare(
                "list (10 webhooks)",
                concurrency,
                calls,
                move || {
                    let s = s.clone();
                    async move {
                        assert_eq!(s.webhooks().list().await.unwrap().len(), 10);
                    }
                },
                move || {
                    let r = r.clone();
                    async move {
                        assert_eq!(r.list().await.len(), 10);
                    }
                },
            )
            .await;
            let (s, r) = (sdk.clone(), raw.clone());
            compare(
                "get",
                concurrency,
                calls,
                move || {
                    let s = s.clone();
                    async move {
                        assert_eq!(s.webhooks().get(1234567).await.unwrap().id, 1234567);
                    }
                },
                move || {
                    let r = r.clone();
                    async move {
                        assert_eq!(r.get(1234567).await.id, 1234567);
                    }
                },
            )
            .await;
            let (s, r) = (sdk.clone(), raw.clone());
            compare(
                "create",
                concurrency,
                calls,
                move || {
                    let s = s.clone();
                    async move {
                        let created = s
                            .webhooks()
                            .create("https://example.com/hook")
                            .message_stream("outbound")
                            .triggers(
                                Triggers::new().open(Open::enabled().post_first_open_only(true)),
                            )
                            .await
                            .unwrap();
                        assert_eq!(created.id, 1234567);
                    }
                },
                move || {
                    let r = r.clone();
                    async move {
                        assert_eq!(r.create().await.id, 1234567);
                    }
                },
            )
            .await;
        }

        println!(
            "\n{:<28} {:<5} {:>13} {:>13}",
            "retry layer", "", "default", "disabled"
        );
        for concurrency in [1, 64] {
            let calls = if concurrency == 1 { 400 } else { 1280 };
            let (s, n) = (sdk.clone(), no_retry.clone());
            compare(
                "get, first attempt succeeds",
                concurrency,
                calls,
                move || {
                    let s = s.clone();
                    async move {
                        s.webhooks().get(1234567).await.unwrap();
                    }
                },
                move || {
                    let n = n.clone();
                    async move {
                        n.webhooks().get(1234567).await.unwrap();
                    }
                },
            )
            .await;
        }
    });
}
