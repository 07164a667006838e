//! The standalone `postmark-mock` behaving as Postmark documents it, used
//! over plain HTTP as an application in another language would: create and
//! edit verify unless `Verify: false`, every webhook carries its `Status`,
//! deliveries follow the outbound retry schedule with one trace id, the list
//! filter takes any letter case, and statistics count real deliveries.

#![cfg(feature = "mock")]

use crate::receivers;
use crate::standalone;

use receivers::Receiver;
use serde_json::{Value, json};
use standalone::Running;

/// The binary with one fixed token and retries at once.
fn start() -> Running {
    Running::start(&[
        "--port",
        "0",
        "--token",
        "standalone",
        "--delivery-time-scale",
        "0",
    ])
}

/// Sends a request with the token and JSON headers; returns status and body.
async fn call(running: &Running, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = reqwest::Client::new()
        .request(method, format!("{}{path}", running.base_url))
        .header("X-Postmark-Server-Token", "standalone")
        .header("Accept", "application/json");
    if let Some(body) = body {
        request = request
            .header("Content-Type", "application/json")
            .body(body.to_string());
    }
    let answer = request.send().await.unwrap();
    let status = answer.status().as_u16();
    let bytes = answer.bytes().await.unwrap();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, body)
}

fn delivery_hook(url: String) -> Value {
    json!({"Url": url, "Triggers": {"Delivery": {"Enabled": true}}})
}

/// Delivers one Delivery event through the mock's own route.
async fn deliver(running: &Running) -> Value {
    let (status, reports) = call(running, "POST", "/__mock/deliver/Delivery", None).await;
    assert_eq!(status, 200, "{reports}");
    reports
}

#[tokio::test]
async fn create_without_verify_against_a_failing_receiver_is_1364_and_saves_nothing() {
    let running = start();
    let receiver = Receiver::answering(500).await;
    let (status, body) = call(
        &running,
        "POST",
        "/webhooks",
        Some(delivery_hook(receiver.url("/hook"))),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["ErrorCode"], 1364);
    assert_eq!(receiver.received().len(), 1, "one test request per trigger");
    let (_, list) = call(&running, "GET", "/webhooks", None).await;
    assert_eq!(list, json!({"Webhooks": []}));
}

#[tokio::test]
async fn verify_false_saves_an_unverified_webhook_that_gets_no_events() {
    let running = start();
    let receiver = Receiver::start().await;
    let mut hook = delivery_hook(receiver.url("/hook"));
    hook["Verify"] = json!(false);
    let (status, created) = call(&running, "POST", "/webhooks", Some(hook)).await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["Status"], "unverified");
    let (_, fetched) = call(&running, "GET", "/webhooks/1", None).await;
    assert_eq!(fetched["Status"], "unverified");

    assert_eq!(deliver(&running).await, json!([]));
    assert!(receiver.received().is_empty());

    // A successful verify lets events through.
    let (status, verified) = call(&running, "POST", "/webhooks/1/verify", None).await;
    assert_eq!((status, &verified["Success"]), (200, &json!(true)));
    let (_, fetched) = call(&running, "GET", "/webhooks/1", None).await;
    assert_eq!(fetched["Status"], "verified");
    assert_eq!(deliver(&running).await[0]["Delivered"], true);
    assert_eq!(receiver.received().len(), 2);
}

#[tokio::test]
async fn two_503s_then_a_200_are_three_requests_with_one_trace_id() {
    let running = start();
    let receiver = Receiver::start().await;
    let (status, created) = call(
        &running,
        "POST",
        "/webhooks",
        Some(delivery_hook(receiver.url("/hook"))),
    )
    .await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["Status"], "verified");
    let verification = receiver.received();
    assert_eq!(verification.len(), 1);

    receiver.script(&[503, 503]);
    let reports = deliver(&running).await;
    assert_eq!(reports[0]["Delivered"], true, "{reports}");
    let got = &receiver.received()[1..];
    assert_eq!(got.len(), 3);
    let trace = got[0].header("x-pm-webhook-trace-id").unwrap().to_owned();
    assert_eq!(trace.len(), 36, "{trace}");
    assert!(
        got.iter()
            .all(|r| r.header("x-pm-webhook-trace-id") == Some(&trace))
    );
    assert_eq!(reports[0]["TraceId"], trace.as_str());
    assert_ne!(
        verification[0].header("x-pm-webhook-trace-id"),
        Some(trace.as_str())
    );
    let remaining: Vec<_> = got
        .iter()
        .map(|r| r.header("x-pm-retries-remaining"))
        .collect();
    assert_eq!(remaining, [None, Some("5"), Some("4")]);

    // The next delivery gets a fresh trace id.
    deliver(&running).await;
    let next = &receiver.received()[4];
    assert_ne!(next.header("x-pm-webhook-trace-id"), Some(trace.as_str()));

    let (status, stats) = call(&running, "GET", "/webhooks/1/statistics", None).await;
    assert_eq!(status, 200, "{stats}");
    let metrics = json!({
        "TotalRequests": 4, "SuccessCount": 2, "FailureCount": 2, "RetryCount": 2,
        "SuccessRate": 50.0, "SlowCount": 0, "VerySlowCount": 0,
    });
    for key in metrics.as_object().unwrap().keys() {
        assert_eq!(stats["Metrics"][key], metrics[key], "{key}: {stats}");
        assert_eq!(
            stats["MetricsByTrigger"]["Delivery"][key], metrics[key],
            "{key}: {stats}"
        );
    }
    assert!(stats["Metrics"]["AverageTerminalResponseTimeMs"].is_u64());
    assert!(stats["Metrics"]["AverageRetryResponseTimeMs"].is_u64());
    assert_eq!(stats["WebhookId"], 1);
    assert_eq!(stats["Url"], receiver.url("/hook"));
    assert_eq!(stats["Statuses"], json!({"Delivery": "verified"}));
    assert_eq!(stats["TimeRange"]["Hours"], 24);
    let typed: postmark_webhooks::WebhookStatistics = serde_json::from_value(stats).unwrap();
    assert_eq!(typed.metrics.total_requests, 4);
}

#[tokio::test]
async fn a_receiver_that_always_fails_gets_seven_requests_then_is_paused() {
    let running = start();
    let receiver = Receiver::start().await;
    call(
        &running,
        "POST",
        "/webhooks",
        Some(delivery_hook(receiver.url("/hook"))),
    )
    .await;
    receiver.script(&[503; 7]);
    let reports = deliver(&running).await;
    assert_eq!(reports[0]["Attempts"].as_array().unwrap().len(), 7);
    assert_eq!(reports[0]["Delivered"], false);
    assert_eq!(receiver.received().len(), 1 + 7);

    // Every retry used up: the trigger type is unverified and paused.
    let (_, stats) = call(&running, "GET", "/webhooks/1/statistics", None).await;
    assert_eq!(stats["Statuses"], json!({"Delivery": "unverified"}));
    assert_eq!(stats["Metrics"]["RetryCount"], 6);
    assert_eq!(stats["Metrics"]["SuccessRate"], 0.0);
    assert_eq!(deliver(&running).await, json!([]));
    assert_eq!(receiver.received().len(), 8);

    // Until a verify succeeds.
    let (_, verified) = call(&running, "POST", "/webhooks/1/verify", None).await;
    assert_eq!(verified["Success"], true, "{verified}");
    let (_, stats) = call(&running, "GET", "/webhooks/1/statistics", None).await;
    assert_eq!(stats["Statuses"], json!({"Delivery": "verified"}));
    assert_eq!(deliver(&running).await[0]["Delivered"], true);
}

#[tokio::test]
async fn a_404_is_final_after_one_request() {
    let running = start();
    let receiver = Receiver::start().await;
    call(
        &running,
        "POST",
        "/webhooks",
        Some(delivery_hook(receiver.url("/hook"))),
    )
    .await;
    receiver.script(&[404]);
    let reports = deliver(&running).await;
    assert_eq!(
        reports[0]["Attempts"],
        json!([{"StatusCode": 404, "Error": null}])
    );
    assert_eq!(receiver.received().len(), 2);
}

#[tokio::test]
async fn the_list_filter_takes_message_stream_in_any_letter_case() {
    let running = start();
    for stream in ["outbound", "broadcast"] {
        let (status, body) = call(
            &running,
            "POST",
            "/webhooks",
            Some(json!({"Url": "https://example.com/hook", "MessageStream": stream})),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }
    for key in ["MessageStream", "messageStream", "messagestream"] {
        let (status, list) =
            call(&running, "GET", &format!("/webhooks?{key}=broadcast"), None).await;
        assert_eq!(status, 200, "{list}");
        let streams: Vec<&str> = list["Webhooks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["MessageStream"].as_str().unwrap())
            .collect();
        assert_eq!(streams, ["broadcast"], "{key}");
    }
    let (status, body) = call(&running, "GET", "/webhooks?messageStream=nope", None).await;
    assert_eq!((status, &body["ErrorCode"]), (422, &json!(1226)));
}
