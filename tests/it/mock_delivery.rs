//! The mock as Postmark's sender: each record type goes only to the webhooks
//! whose trigger is enabled, with their credentials, headers and stream;
//! failures are retried with the same event; statistics count it all.

#![cfg(feature = "mock")]

use crate::receivers;

use postmark_webhooks::events::WebhookEvent;
use postmark_webhooks::mock::{MockServer, RecordType};
use postmark_webhooks::triggers::{
    Bounce, Click, Delivery, Open, SpamComplaint, SubscriptionChange, Triggers,
};
use postmark_webhooks::{Webhook, WebhookStatus};

use receivers::{Received, Receiver};

/// The path of the receiver that takes one record type.
fn path_of(record_type: RecordType) -> String {
    format!("/{}", record_type.as_str().to_ascii_lowercase())
}

/// One webhook per record type, each with only that trigger enabled, basic
/// auth and a secret header; Bounce and SpamComplaint include content.
async fn one_webhook_per_trigger(mock: &MockServer, receiver: &Receiver) -> Vec<Webhook> {
    let client = mock.client();
    let mut created = Vec::new();
    for record_type in RecordType::ALL {
        let triggers = match record_type {
            RecordType::Bounce => Triggers::new().bounce(Bounce::enabled().include_content(true)),
            RecordType::SpamComplaint => {
                Triggers::new().spam_complaint(SpamComplaint::enabled().include_content(true))
            }
            RecordType::Delivery => Triggers::new().delivery(Delivery::enabled()),
            RecordType::Open => Triggers::new().open(Open::enabled()),
            RecordType::Click => Triggers::new().click(Click::enabled()),
            RecordType::SubscriptionChange => {
                Triggers::new().subscription_change(SubscriptionChange::enabled())
            }
            _ => unreachable!("six record types"),
        };
        let webhook = client
            .webhooks()
            .create(receiver.url(&path_of(record_type)))
            .http_auth("postmark", "s3cret")
            .http_header("X-Webhook-Secret", "shared-secret")
            .http_header("X-Source", record_type.as_str())
            .triggers(triggers)
            .await
            .unwrap();
        created.push(webhook);
    }
    created
}

fn assert_postmark_headers(request: &Received, record_type: RecordType) {
    // base64("postmark:s3cret")
    assert_eq!(
        request.header("authorization"),
        Some("Basic cG9zdG1hcms6czNjcmV0")
    );
    assert_eq!(request.header("x-webhook-secret"), Some("shared-secret"));
    assert_eq!(request.header("x-source"), Some(record_type.as_str()));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("user-agent"), Some("Postmark"));
    assert_eq!(request.header("x-pm-retries-remaining"), None);
}

fn assert_variant(event: &WebhookEvent, record_type: RecordType) {
    let matches = match record_type {
        RecordType::Bounce => matches!(event, WebhookEvent::Bounce(b) if b.content.is_some()),
        RecordType::SpamComplaint => {
            matches!(event, WebhookEvent::SpamComplaint(s) if s.content.is_some())
        }
        RecordType::Delivery => matches!(event, WebhookEvent::Delivery(_)),
        RecordType::Open => {
            matches!(event, WebhookEvent::Open(o) if o.first_open == Some(true))
        }
        RecordType::Click => matches!(event, WebhookEvent::Click(_)),
        RecordType::SubscriptionChange => matches!(event, WebhookEvent::SubscriptionChange(_)),
        _ => false,
    };
    assert!(matches, "{record_type}: got {event:?}");
}

#[tokio::test]
async fn each_record_type_goes_only_to_webhooks_whose_trigger_is_enabled() {
    let mock = MockServer::start().await;
    let receiver = Receiver::start().await;
    let webhooks = one_webhook_per_trigger(&mock, &receiver).await;

    for (record_type, webhook) in RecordType::ALL.into_iter().zip(&webhooks) {
        let reports = mock.deliver(record_type).await;
        assert_eq!(reports.len(), 1, "{record_type}: {reports:?}");
        assert_eq!(reports[0].webhook_id, webhook.id);
        assert!(reports[0].delivered());
        assert_eq!(reports[0].attempts.len(), 1);

        // The verification request when it was created, then the event.
        let got = receiver.received_at(&path_of(record_type));
        assert_eq!(got.len(), 2, "{record_type}");
        assert_postmark_headers(&got[1], record_type);
        let event = WebhookEvent::from_slice(&got[1].body).unwrap();
        assert_variant(&event, record_type);
        assert_eq!(event.record_type(), record_type.as_str());
        // The mock's RecordType is the events' one.
        assert_eq!(event.known_record_type(), Some(record_type));
        assert_eq!(event.message_stream(), Some("outbound"));
        assert_eq!(serde_json::to_value(&event).unwrap(), reports[0].event);
    }
    // Nothing went anywhere else.
    assert_eq!(receiver.received().len(), 2 * RecordType::ALL.len());
}

#[tokio::test]
async fn events_carry_fresh_ids_timestamps_and_the_webhooks_stream() {
    let mock = MockServer::start().await;
    let receiver = Receiver::start().await;
    mock.client()
        .webhooks()
        .create(receiver.url("/news"))
        .message_stream("broadcast")
        .triggers(Triggers::new().delivery(Delivery::enabled()))
        .await
        .unwrap();

    // Not on the default stream.
    assert!(mock.deliver(RecordType::Delivery).await.is_empty());
    let first = mock.deliver(RecordType::Delivery).stream("broadcast").await;
    let second = mock.deliver(RecordType::Delivery).stream("broadcast").await;
    assert_eq!((first.len(), second.len()), (1, 1));

    let got = receiver.received();
    let events: Vec<WebhookEvent> = got
        .iter()
        .map(|r| WebhookEvent::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(events[0].message_stream(), Some("broadcast"));
    assert_ne!(events[0].message_id(), events[1].message_id());
    assert_ne!(
        events[0].message_id(),
        Some("883953f4-6105-42a2-a16a-77a8eac79483")
    );
    assert_eq!(events[0].message_id().unwrap().len(), 36);
    let delivered_at = first[0].event["DeliveredAt"].as_str().unwrap();
    assert!(!delivered_at.starts_with("2019"), "{delivered_at}");
    // No credentials, no custom headers: none sent.
    assert_eq!(got[0].header("authorization"), None);
}

#[tokio::test]
async fn content_is_left_out_without_include_content() {
    let mock = MockServer::start().await;
    let receiver = Receiver::start().await;
    mock.client()
        .webhooks()
        .create(receiver.url("/hook"))
        .triggers(
            Triggers::new()
                .bounce(Bounce::enabled())
                .spam_complaint(SpamComplaint::enabled()),
        )
        .await
        .unwrap();

    for record_type in [RecordType::Bounce, RecordType::SpamComplaint] {
        let reports = mock.deliver(record_type).await;
        assert_eq!(reports.len(), 1);
        assert!(reports[0].event.get("Content").is_none(), "{record_type}");
    }
    for request in receiver.received() {
        match WebhookEvent::from_slice(&request.body).unwrap() {
            WebhookEvent::Bounce(b) => assert_eq!(b.content, None),
            WebhookEvent::SpamComplaint(s) => assert_eq!(s.content, None),
            other => panic!("unexpected {other:?}"),
        }
    }
}

#[tokio::test]
async fn later_opens_skip_webhooks_that_want_only_the_first() {
    let mock = MockServer::start().await;
    let receiver = Receiver::start().await;
    let hooks = mock.client();
    let every = hooks
        .webhooks()
        .create(receiver.url("/every"))
        .triggers(Triggers::new().open(Open::enabled()))
        .await
        .unwrap();
    let first_only = hooks
        .webhooks()
        .create(receiver.url("/first"))
        .triggers(Triggers::new().open(Open::enabled().post_first_open_only(true)))
        .await
        .unwrap();

    let firsts = mock.deliver(RecordType::Open).await;
    let mut ids: Vec<i64> = firsts.iter().map(|r| r.webhook_id).collect();
    ids.sort();
    assert_eq!(ids, [every.id, first_only.id]);

    let later = mock.deliver(RecordType::Open).first_open(false).await;
    assert_eq!(later.len(), 1);
    assert_eq!(later[0].webhook_id, every.id);
    let got = receiver.received_at("/every");
    // Verification, the first open, the later one.
    match WebhookEvent::from_slice(&got[2].body).unwrap() {
        WebhookEvent::Open(open) => assert_eq!(open.first_open, Some(false)),
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn a_refusal_is_final_and_only_5xx_408_429_are_retried() {
    let mock = MockServer::start().await;
    mock.set_delivery_time_scale(0.0001);
    let receiver = Receiver::start().await;
    let hooks = mock.client();
    hooks
        .webhooks()
        .create(receiver.url("/hook"))
        .triggers(Triggers::new().delivery(Delivery::enabled()))
        .await
        .unwrap();
    receiver.script(&[401, 413, 400]);

    for expected in [401, 413, 400] {
        let reports = mock.deliver(RecordType::Delivery).await;
        let statuses: Vec<_> = reports[0].attempts.iter().map(|a| a.status).collect();
        assert_eq!(
            statuses,
            [Some(expected)],
            "Postmark does not retry a {expected}"
        );
    }
    receiver.script(&[408, 429, 503]);
    let reports = mock.deliver(RecordType::Delivery).await;
    let statuses: Vec<_> = reports[0].attempts.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [Some(408), Some(429), Some(503), Some(200)]);
    assert_eq!(receiver.received().len(), 1 + 7);
}

#[tokio::test]
async fn a_delivery_plan_hides_the_server_token() {
    let mock = MockServer::start().await;
    assert!(mock.add_server_token("token-SECRET-5150"));
    let deliver = mock
        .deliver(RecordType::Open)
        .server_token("token-SECRET-5150");
    let shown = format!("{deliver:?}");
    assert!(!shown.contains("token-SECRET-5150"), "{shown}");
    assert!(shown.contains("Open"), "{shown}");
}

#[tokio::test]
async fn failures_are_retried_with_the_same_event_and_counted() {
    let mock = MockServer::start().await;
    mock.set_delivery_time_scale(0.0001);
    let receiver = Receiver::start().await;
    let hooks = mock.client();
    let webhook = hooks
        .webhooks()
        .create(receiver.url("/hook"))
        .triggers(Triggers::new().delivery(Delivery::enabled()))
        .await
        .unwrap();
    receiver.script(&[500, 500]);

    let reports = mock.deliver(RecordType::Delivery).await;
    assert_eq!(reports.len(), 1);
    let statuses: Vec<_> = reports[0].attempts.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [Some(500), Some(500), Some(200)]);
    assert!(reports[0].delivered());

    let got = &receiver.received()[1..];
    assert_eq!(got.len(), 3);
    let keys: Vec<_> = got
        .iter()
        .map(|r| WebhookEvent::from_slice(&r.body).unwrap().idempotency_key())
        .collect();
    assert!(keys.iter().all(|k| *k == keys[0]), "one event, three times");
    let remaining: Vec<_> = got
        .iter()
        .map(|r| r.header("x-pm-retries-remaining").map(str::to_owned))
        .collect();
    assert_eq!(
        remaining,
        [None, Some("5".to_owned()), Some("4".to_owned())]
    );

    let statistics = hooks.webhooks().statistics(webhook.id).await.unwrap();
    assert_eq!(statistics.webhook_id, webhook.id);
    let m = &statistics.metrics;
    assert_eq!(
        (
            m.total_requests,
            m.success_count,
            m.failure_count,
            m.retry_count
        ),
        (3, 1, 2, 2)
    );
    assert_eq!(m.success_rate, 33.33);
    assert!(m.average_retry_response_time_ms.is_some());
    assert_eq!(
        statistics.metrics_by_trigger[&RecordType::Delivery.into()],
        *m
    );
    assert_eq!(statistics.time_range.hours, 24);
    let span =
        statistics.time_range.end_time.date_time() - statistics.time_range.start_time.date_time();
    assert_eq!(span.num_hours(), 24);
}

#[tokio::test]
async fn retries_stop_at_the_limit_and_then_the_trigger_type_is_paused() {
    let mock = MockServer::start().await;
    mock.set_delivery_time_scale(0.0);
    let receiver = Receiver::start().await;
    let hooks = mock.client();
    let webhook = hooks
        .webhooks()
        .create(receiver.url("/hook"))
        .triggers(
            Triggers::new()
                .click(Click::enabled())
                .delivery(Delivery::enabled()),
        )
        .await
        .unwrap();
    receiver.script(&[503, 503, 503]);

    let reports = mock.deliver(RecordType::Click).retries(2).await;
    assert_eq!(reports[0].attempts.len(), 3);
    assert!(!reports[0].delivered());

    // Click is paused; Delivery still flows.
    assert!(mock.deliver(RecordType::Click).await.is_empty());
    assert_eq!(mock.deliver(RecordType::Delivery).await.len(), 1);
    assert_eq!(receiver.received().len(), 2 + 3 + 1);

    let statistics = hooks.webhooks().statistics(webhook.id).await.unwrap();
    assert_eq!(
        statistics.statuses[&RecordType::Click.into()],
        WebhookStatus::Unverified
    );
    assert_eq!(
        statistics.statuses[&RecordType::Delivery.into()],
        WebhookStatus::Verified
    );
    assert_eq!(statistics.metrics.total_requests, 4);
    assert_eq!(statistics.metrics.failure_count, 3);
    assert_eq!(
        statistics.metrics_by_trigger[&RecordType::Click.into()].success_rate,
        0.0
    );
    assert_eq!(
        statistics.metrics_by_trigger[&RecordType::Delivery.into()].success_rate,
        100.0
    );

    // A verification that passes resumes it.
    assert!(hooks.webhooks().verify(webhook.id).await.unwrap().success);
    assert_eq!(mock.deliver(RecordType::Click).await.len(), 1);
}

#[tokio::test]
async fn the_mock_never_sends_beyond_loopback() {
    let mock = MockServer::start().await;
    mock.client()
        .webhooks()
        .create("https://example.com/hook")
        .triggers(Triggers::new().delivery(Delivery::enabled()))
        .await
        .unwrap();

    let reports = mock.deliver(RecordType::Delivery).retries(0).await;
    assert_eq!(reports[0].attempts[0].status, None);
    assert!(
        reports[0].attempts[0]
            .error
            .as_deref()
            .unwrap()
            .contains("loopback")
    );
}

#[tokio::test]
async fn a_slow_receiver_times_out_and_is_retried() {
    let mock = MockServer::start().await;
    mock.set_delivery_time_scale(0.0);
    mock.set_delivery_timeout(std::time::Duration::from_millis(200));
    // A receiver that answers the verification request, then falls silent.
    let answered = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let app = axum::Router::new().fallback(move || {
        let answered = answered.clone();
        async move {
            if answered.swap(true, std::sync::atomic::Ordering::SeqCst) {
                tokio::time::sleep(std::time::Duration::from_secs(30)).await;
            }
            "ok"
        }
    });
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", silent.local_addr().unwrap());
    let hold = tokio::spawn(async move { axum::serve(silent, app).await });
    mock.client()
        .webhooks()
        .create(url)
        .triggers(Triggers::new().delivery(Delivery::enabled()))
        .await
        .unwrap();

    let reports = mock.deliver(RecordType::Delivery).retries(1).await;
    assert_eq!(reports[0].attempts.len(), 2);
    assert!(reports[0].attempts.iter().all(|a| a.status.is_none()));
    hold.abort();
}

#[tokio::test]
async fn the_admin_route_delivers_for_the_standalone_server() {
    let mock = MockServer::start().await;
    mock.set_delivery_time_scale(0.0);
    let receiver = Receiver::start().await;
    let webhook = mock
        .client()
        .webhooks()
        .create(receiver.url("/hook"))
        .triggers(Triggers::new().open(Open::enabled()))
        .await
        .unwrap();
    receiver.script(&[500]);
    let http = reqwest::Client::new();
    let url = format!("{}/__mock/deliver/Open?FirstOpen=false", mock.base_url());

    let answer = http
        .post(&url)
        .header("X-Postmark-Server-Token", mock.server_token())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let reports: serde_json::Value = answer.json().await.unwrap();
    let trace_id = reports[0]["TraceId"].as_str().unwrap().to_owned();
    assert_eq!(trace_id.len(), 36);
    assert_eq!(
        reports,
        serde_json::json!([{
            "WebhookId": webhook.id,
            "RecordType": "Open",
            "TraceId": trace_id,
            "Delivered": true,
            "Attempts": [
                {"StatusCode": 500, "Error": null},
                {"StatusCode": 200, "Error": null}
            ]
        }])
    );
    let event = WebhookEvent::from_slice(&receiver.received()[1].body).unwrap();
    assert!(matches!(event, WebhookEvent::Open(o) if o.first_open == Some(false)));

    // Scoped to a server: the token is required.
    let refused = http.post(&url).send().await.unwrap();
    assert_eq!(refused.status(), 401);
    let unknown = http
        .post(format!("{}/__mock/deliver/Inbox", mock.base_url()))
        .header("X-Postmark-Server-Token", mock.server_token())
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    assert_eq!(receiver.received().len(), 1 + 2);
}
