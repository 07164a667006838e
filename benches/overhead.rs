//! What the SDK costs over careful hand-written reqwest code making the same
//! requests, against one loopback server answering fixed JSON.
//!
//! ```text
//! cargo bench --bench overhead --features mock
//! ```
//!
//! The server runs on its own thread and runtime. Both clients run on the
//! benchmark's thread, in one single-threaded runtime, with the same
//! connect and request timeouts, no redirects, and decoding into the same
//! typed structs (the SDK's public `Webhook`). The SDK sends with
//! `.send().await`; the `ListAwaited` row awaits the builder itself, which
//! boxes the call's future. The SDK checks a create's input first (the URL,
//! credentials and headers); the hand-written client checks nothing.
//!
//! - Latency: single calls in pairs, alternating which side goes first, so
//!   that both sides see the same machine; the median time per call of each
//!   side in each of 21 rounds, and the median of the rounds' ratios.
//! - CPU time at concurrency 64: batches of 64 concurrent calls, alternating
//!   sides; the benchmark thread's CPU time per call, median ratio of 21
//!   rounds.
//! - Allocations: heap allocations per call on the benchmark thread (the
//!   server's thread is not counted), by `allocation-counter`.
//!
//! With `OVERHEAD_PROFILE_CREATE=sdk` (or `raw`) the binary makes only 100
//! batches of 64 concurrent creates by that side and prints nothing: run it
//! under a profiler, e.g. `valgrind --tool=callgrind`, whose instruction
//! counts do not depend on the machine's load.

mod common;

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use postmark_webhooks::triggers::{Open, Triggers};
use postmark_webhooks::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, RetryPolicy, ServerClient, Webhook,
};

use common::{median, timed};
use futures_util::future::join_all;

const TOKEN: &str = "bench-token";
const ROUNDS: usize = 21;
const PAIRS: usize = 300;
const CONCURRENCY: usize = 64;
const BATCHES: usize = 6;

/// This thread's CPU time.
fn thread_cpu_time() -> Duration {
    cpu_time::ThreadTime::now().as_duration()
}

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
        },
        "Status": "verified"
    })
}

/// Starts a server answering fixed JSON on its own thread and runtime.
fn start_server() -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let list = bytes::Bytes::from(
                serde_json::to_vec(&serde_json::json!({
                    "Webhooks": (1..=10).map(webhook_json).collect::<Vec<_>>()
                }))
                .unwrap(),
            );
            let one = bytes::Bytes::from(serde_json::to_vec(&webhook_json(1234567)).unwrap());
            let json = |body: bytes::Bytes| {
                move || {
                    let body = body.clone();
                    async move { ([("content-type", "application/json")], body) }
                }
            };
            let app = Router::new()
                .route("/webhooks", get(json(list)).post(json(one.clone())))
                .route("/webhooks/{id}", get(json(one)));
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    rx.recv().unwrap()
}

/// The requests as a careful user would write them by hand: one client with
/// the token (read at run time) as a sensitive default header, the SDK's timeouts, no
/// redirects, typed bodies and answers, and the status checked.
struct Raw {
    http: reqwest::Client,
    base: String,
}

#[derive(serde::Deserialize)]
struct List {
    #[serde(rename = "Webhooks")]
    webhooks: Vec<Webhook>,
}

#[derive(serde::Serialize)]
struct CreateBody<'a> {
    #[serde(rename = "Url")]
    url: &'a str,
    #[serde(rename = "Triggers")]
    triggers: Triggers,
}

impl Raw {
    fn new(base: &str) -> Self {
        let mut headers = reqwest::header::HeaderMap::new();
        // A real token comes from configuration, not from the binary.
        let mut token = reqwest::header::HeaderValue::from_str(&String::from(TOKEN)).unwrap();
        token.set_sensitive(true);
        headers.insert("X-Postmark-Server-Token", token);
        headers.insert(
            reqwest::header::USER_AGENT,
            reqwest::header::HeaderValue::from_static("hand-written/1.0"),
        );
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
            .timeout(DEFAULT_TIMEOUT)
            .build()
            .unwrap();
        Self {
            http,
            base: base.to_owned(),
        }
    }

    async fn decode<T: serde::de::DeserializeOwned>(request: reqwest::RequestBuilder) -> T {
        let response = request
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let bytes = response.bytes().await.unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    async fn list(&self) -> Vec<Webhook> {
        let request = self.http.get(format!("{}/webhooks", self.base));
        Self::decode::<List>(request).await.webhooks
    }

    async fn get(&self, id: i64) -> Webhook {
        Self::decode(self.http.get(format!("{}/webhooks/{id}", self.base))).await
    }

    async fn create(&self) -> Webhook {
        let body = CreateBody {
            url: "https://example.com/hook",
            triggers: Triggers::new().open(Open::enabled().post_first_open_only(true)),
        };
        Self::decode(
            self.http
                .post(format!("{}/webhooks", self.base))
                .json(&body),
        )
        .await
    }
}

/// The calls compared; the SDK sends with `.send().await`, except for
/// `ListAwaited`, which awaits the builder (boxing the call's future).
#[derive(Clone, Copy, Debug)]
enum Op {
    List,
    ListAwaited,
    Get,
    Create,
}

async fn sdk_call(client: &ServerClient, op: Op) {
    let hooks = client.webhooks();
    match op {
        Op::List => assert_eq!(hooks.list().send().await.unwrap().len(), 10),
        Op::ListAwaited => assert_eq!(hooks.list().await.unwrap().len(), 10),
        Op::Get => assert_eq!(hooks.get(1234567).send().await.unwrap().id, 1234567),
        Op::Create => {
            let created = hooks
                .create("https://example.com/hook")
                .triggers(Triggers::new().open(Open::enabled().post_first_open_only(true)))
                .send()
                .await
                .unwrap();
            assert_eq!(created.id, 1234567);
        }
    }
}

async fn raw_call(raw: &Raw, op: Op) {
    match op {
        Op::List | Op::ListAwaited => assert_eq!(raw.list().await.len(), 10),
        Op::Get => assert_eq!(raw.get(1234567).await.id, 1234567),
        Op::Create => assert_eq!(raw.create().await.id, 1234567),
    }
}

/// Median per-call latency of each side and the median ratio over rounds.
async fn latency(sdk: &ServerClient, raw: &Raw, op: Op) -> (f64, f64, f64) {
    let mut ratios = Vec::new();
    let mut sdk_medians = Vec::new();
    let mut raw_medians = Vec::new();
    for _ in 0..ROUNDS {
        let mut sdk_times = Vec::with_capacity(PAIRS);
        let mut raw_times = Vec::with_capacity(PAIRS);
        for pair in 0..PAIRS {
            if pair % 2 == 0 {
                sdk_times.push(timed(sdk_call(sdk, op)).await);
                raw_times.push(timed(raw_call(raw, op)).await);
            } else {
                raw_times.push(timed(raw_call(raw, op)).await);
                sdk_times.push(timed(sdk_call(sdk, op)).await);
            }
        }
        let (s, r) = (median(sdk_times), median(raw_times));
        sdk_medians.push(s);
        raw_medians.push(r);
        ratios.push(s / r);
    }
    (median(sdk_medians), median(raw_medians), median(ratios))
}

/// CPU time per call of `CONCURRENCY` concurrent calls.
async fn batch_cpu<F, Fut>(make: F) -> f64
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()>,
{
    let started = thread_cpu_time();
    for _ in 0..BATCHES {
        join_all((0..CONCURRENCY).map(|_| make())).await;
    }
    (thread_cpu_time() - started).as_secs_f64() / (BATCHES * CONCURRENCY) as f64
}

async fn concurrent_cpu(sdk: &ServerClient, raw: &Raw, op: Op) -> (f64, f64, f64) {
    let mut ratios = Vec::new();
    let mut sdk_values = Vec::new();
    let mut raw_values = Vec::new();
    for round in 0..ROUNDS {
        let (s, r) = if round % 2 == 0 {
            let s = batch_cpu(|| sdk_call(sdk, op)).await;
            (s, batch_cpu(|| raw_call(raw, op)).await)
        } else {
            let r = batch_cpu(|| raw_call(raw, op)).await;
            (batch_cpu(|| sdk_call(sdk, op)).await, r)
        };
        sdk_values.push(s);
        raw_values.push(r);
        ratios.push(s / r);
    }
    (median(sdk_values), median(raw_values), median(ratios))
}

/// Heap allocations per call on this thread (the server's are not counted).
fn allocations_per_call(runtime: &tokio::runtime::Runtime, call: impl AsyncFn()) -> f64 {
    const CALLS: u64 = 200;
    let info = allocation_counter::measure(|| {
        runtime.block_on(async {
            for _ in 0..CALLS {
                call().await;
            }
        })
    });
    info.count_total as f64 / CALLS as f64
}

fn main() {
    let addr = start_server();
    let base = format!("http://{addr}");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let sdk = ServerClient::builder(TOKEN)
        .base_url(&base)
        .retry_policy(RetryPolicy::new())
        .build()
        .unwrap();
    let raw = Raw::new(&base);
    // For a profiler: only creates, by one side, and no figures.
    if let Ok(side) = std::env::var("OVERHEAD_PROFILE_CREATE") {
        runtime.block_on(async {
            for _ in 0..100 {
                if side == "sdk" {
                    join_all((0..CONCURRENCY).map(|_| sdk_call(&sdk, Op::Create))).await;
                } else {
                    join_all((0..CONCURRENCY).map(|_| raw_call(&raw, Op::Create))).await;
                }
            }
        });
        return;
    }
    println!(
        "operation   | latency SDK | by hand  | ratio | CPU/call @64 SDK | by hand | ratio | allocs SDK | by hand | +"
    );
    for op in [Op::List, Op::ListAwaited, Op::Get, Op::Create] {
        let (latency, cpu) = runtime.block_on(async {
            for _ in 0..200 {
                sdk_call(&sdk, op).await;
                raw_call(&raw, op).await;
            }
            (
                latency(&sdk, &raw, op).await,
                concurrent_cpu(&sdk, &raw, op).await,
            )
        });
        let a_sdk = allocations_per_call(&runtime, async || sdk_call(&sdk, op).await);
        let a_raw = allocations_per_call(&runtime, async || raw_call(&raw, op).await);
        println!(
            "{:<11} | {:>8.1} µs | {:>5.1} µs | {:.3} | {:>13.1} µs | {:>4.1} µs | {:.3} | {:>10.1} | {:>7.1} | {:+.1}",
            format!("{op:?}"),
            latency.0 * 1e6,
            latency.1 * 1e6,
            latency.2,
            cpu.0 * 1e6,
            cpu.1 * 1e6,
            cpu.2,
            a_sdk,
            a_raw,
            a_sdk - a_raw,
        );
    }
}
