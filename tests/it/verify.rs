//! `POST /webhooks/{id}/verify`, `GET /webhooks/{id}/statistics` and the
//! `Verify` flag on edit: the exact requests, and lenient decoding of the
//! newer answers.

use crate::common;

use std::collections::BTreeMap;

use postmark_webhooks::events::RecordType;
use postmark_webhooks::triggers::TriggerType;
use postmark_webhooks::{
    Error, ErrorCode, Operation, WebhookStatistics, WebhookStatus, WebhookVerification,
};
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{assert_common_headers, client, expect_nothing, single_request, webhook_example};

async fn answering(verb: &str, route: &str, status: u16, body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn verify_posts_without_a_body_and_decodes_every_result() {
    let server = answering(
        "POST",
        "/webhooks/42/verify",
        200,
        json!({
            "Id": 42,
            "Url": "https://user:hunter2@example.com/hook",
            "Success": true,
            "Results": [
                {"TriggerType": "Open", "Success": true, "StatusCode": 200, "Message": "OK"},
                {"TriggerType": "Click", "Success": true, "StatusCode": 200}
            ],
            "Message": "Verification succeeded."
        }),
    )
    .await;

    let response = client(&server)
        .webhooks()
        .verify(42)
        .send_detailed()
        .await
        .unwrap();
    assert_eq!(response.attempts(), 1);
    let verification = response.into_inner();
    assert!(verification.success);
    assert_eq!(verification.id, Some(42));
    assert_eq!(verification.results.len(), 2);
    assert_eq!(
        verification.results[1].trigger_type,
        Some(TriggerType::Known(RecordType::Click))
    );
    assert_eq!(verification.results[1].message, None);
    assert!(!format!("{verification:?}").contains("hunter2"));

    let request = single_request(&server).await;
    assert_common_headers(&request, false);
}

#[tokio::test]
async fn a_200_with_success_false_is_a_value_not_an_error() {
    let server = answering(
        "POST",
        "/webhooks/7/verify",
        200,
        json!({
            "Success": false,
            "Results": [{"TriggerType": "Bounce", "Success": false, "StatusCode": 401,
                         "Message": "The receiver answered HTTP 401."}]
        }),
    )
    .await;

    let verification = client(&server).webhooks().verify(7).await.unwrap();
    assert!(!verification.success);
    assert_eq!(verification.results[0].status_code, Some(401));
    assert!(!verification.results[0].success);
    assert_eq!(verification.id, None);
}

#[tokio::test]
async fn verify_answers_with_nulls_and_unknown_fields_decode() {
    let server = answering(
        "POST",
        "/webhooks/7/verify",
        200,
        json!({"Success": null, "Results": null, "Url": null, "NewField": 1}),
    )
    .await;

    let verification = client(&server).webhooks().verify(7).await.unwrap();
    assert!(!verification.success);
    assert!(verification.results.is_empty());
}

#[test]
fn postmarks_documented_verify_answer_decodes_a_200_that_failed() {
    let documented: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/postmark-api/webhook-verify.json")).unwrap();
    let verification: WebhookVerification = serde_json::from_value(documented.clone()).unwrap();
    assert!(!verification.success);
    assert_eq!(verification.results.len(), 5);
    let failed: Vec<_> = verification.results.iter().filter(|r| !r.success).collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(
        failed[0].trigger_type,
        Some(TriggerType::Known(RecordType::Bounce))
    );
    assert_eq!(failed[0].status_code, Some(500));
    assert_eq!(
        verification.message.as_deref(),
        Some("4/5 triggers verified successfully")
    );
    assert_eq!(serde_json::to_value(&verification).unwrap(), documented);
}

#[tokio::test]
async fn a_refused_verify_is_an_api_error_of_the_operation() {
    let server = answering(
        "POST",
        "/webhooks/7/verify",
        422,
        json!({"ErrorCode": 1352, "Message": "No webhook with ID 7 was found."}),
    )
    .await;

    let err = client(&server).webhooks().verify(7).await.unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.operation(), Some(Operation::VerifyWebhook));
}

/// Postmark's documented statistics answer (`tests/fixtures/postmark-api`).
fn documented_statistics() -> serde_json::Value {
    serde_json::from_str(include_str!(
        "../fixtures/postmark-api/webhook-statistics.json"
    ))
    .unwrap()
}

#[tokio::test]
async fn statistics_decode_postmarks_documented_answer_into_typed_fields() {
    let server = answering(
        "GET",
        "/webhooks/12345/statistics",
        200,
        documented_statistics(),
    )
    .await;

    let statistics = client(&server).webhooks().statistics(12345).await.unwrap();
    assert_eq!(statistics.webhook_id, 12345);
    assert_eq!(statistics.url, "https://example.com/webhook");
    assert_eq!(
        statistics.statuses,
        BTreeMap::from([
            (RecordType::Bounce.into(), WebhookStatus::Unverified),
            (RecordType::Delivery.into(), WebhookStatus::Verified),
        ])
    );
    let range = &statistics.time_range;
    assert_eq!(range.start_time.as_str(), "2025-04-04T16:33:54.9070259Z");
    assert_eq!(range.end_time.as_str(), "2025-04-05T16:33:54.9070259Z");
    assert_eq!(
        range.end_time.to_utc() - range.start_time.to_utc(),
        chrono::TimeDelta::hours(24)
    );
    assert_eq!(range.hours, 24);
    let m = &statistics.metrics;
    assert_eq!(
        (
            m.total_requests,
            m.success_count,
            m.failure_count,
            m.retry_count
        ),
        (1000, 950, 50, 62)
    );
    assert_eq!(m.success_rate, 95.0);
    assert_eq!((m.slow_count, m.very_slow_count), (18, 4));
    assert_eq!(m.average_terminal_response_time_ms, 240);
    assert_eq!(m.average_retry_response_time_ms, Some(1850));
    let bounce = &statistics.metrics_by_trigger[&RecordType::Bounce.into()];
    assert_eq!((bounce.total_requests, bounce.success_rate), (100, 50.0));
    let delivery = &statistics.metrics_by_trigger[&RecordType::Delivery.into()];
    assert_eq!(delivery.average_terminal_response_time_ms, 165);
    assert_eq!(delivery.average_retry_response_time_ms, None);
    assert_eq!(statistics.metrics_by_trigger.len(), 2);

    let request = single_request(&server).await;
    assert_common_headers(&request, false);
}

#[test]
fn documented_statistics_serialize_back_to_the_same_json() {
    let documented = documented_statistics();
    let statistics: WebhookStatistics = serde_json::from_value(documented.clone()).unwrap();
    assert_eq!(serde_json::to_value(&statistics).unwrap(), documented);
}

#[test]
fn statistics_keep_unknown_statuses_and_ignore_unknown_fields() {
    let mut answer = documented_statistics();
    answer["Statuses"]["Open"] = json!("paused");
    answer["Metrics"]["P95Ms"] = json!(40);
    let statistics: WebhookStatistics = serde_json::from_value(answer).unwrap();
    assert_eq!(
        statistics.statuses[&RecordType::Open.into()],
        WebhookStatus::Other("paused".to_owned())
    );
    assert_eq!(statistics.metrics.total_requests, 1000);
}

#[test]
fn unknown_trigger_types_are_kept_by_name() {
    let mut answer = documented_statistics();
    answer["Statuses"]["Inbound"] = json!("verified");
    answer["MetricsByTrigger"]["Inbound"] = answer["Metrics"].clone();
    let statistics: WebhookStatistics = serde_json::from_value(answer.clone()).unwrap();
    let inbound = TriggerType::Other("Inbound".to_owned());
    assert_eq!(statistics.statuses[&inbound], WebhookStatus::Verified);
    assert_eq!(statistics.metrics_by_trigger[&inbound].total_requests, 1000);
    assert_eq!(
        statistics.statuses[&RecordType::Bounce.into()],
        WebhookStatus::Unverified
    );
    assert_eq!(serde_json::to_value(&statistics).unwrap(), answer);

    let verification: WebhookVerification = serde_json::from_value(json!({
        "Success": true,
        "Results": [{"TriggerType": "Inbound", "Success": true}, {"TriggerType": "Open", "Success": true}]
    }))
    .unwrap();
    let names: Vec<_> = verification
        .results
        .iter()
        .map(|r| r.trigger_type.clone())
        .collect();
    assert_eq!(
        names,
        [Some(inbound), Some(TriggerType::Known(RecordType::Open))]
    );
}

#[tokio::test]
async fn a_statistics_answer_without_its_documented_figures_is_a_decode_error() {
    let mut answer = documented_statistics();
    answer["Metrics"]
        .as_object_mut()
        .unwrap()
        .remove("SuccessCount");
    let server = answering("GET", "/webhooks/1/statistics", 200, answer).await;
    let err = client(&server).webhooks().statistics(1).await.unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(decode.status(), 200);
    assert_eq!(err.operation(), Some(Operation::GetWebhookStatistics));
}

#[tokio::test]
async fn invalid_ids_are_refused_before_sending() {
    let server = MockServer::start().await;
    expect_nothing(&server).await;
    let hooks = client(&server);
    let err = hooks.webhooks().verify(0).await.unwrap_err();
    assert_eq!(err.operation(), Some(Operation::VerifyWebhook));
    let err = hooks.webhooks().statistics(-1).await.unwrap_err();
    assert_eq!(err.operation(), Some(Operation::GetWebhookStatistics));
    assert_eq!(
        err.to_string(),
        "get webhook statistics: invalid id: must be a positive webhook ID"
    );
}

#[tokio::test]
async fn edit_with_verify_sends_the_flag_and_a_1364_is_verification_failed() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/webhooks/5"))
        .and(body_json(
            json!({"Url": "https://example.com/v2", "Verify": true}),
        ))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "ErrorCode": 1364, "Message": "Verification failed."
        })))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server)
        .webhooks()
        .edit(5)
        .url("https://example.com/v2")
        .verify(true)
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::VerificationFailed));
}

#[tokio::test]
async fn edit_with_verify_false_sends_false() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/webhooks/5"))
        .and(body_json(json!({"Verify": false})))
        .respond_with(ResponseTemplate::new(200).set_body_json(webhook_example()))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .webhooks()
        .edit(5)
        .verify(false)
        .await
        .unwrap();
}

#[test]
fn operations_name_the_new_operation_ids() {
    assert_eq!(Operation::VerifyWebhook.operation_id(), "verify_webhook");
    assert_eq!(Operation::VerifyWebhook.to_string(), "verify webhook");
    assert_eq!(
        Operation::GetWebhookStatistics.operation_id(),
        "get_webhook_statistics"
    );
}

#[test]
fn debug_hides_url_credentials_of_both_answers() {
    let verification: postmark_webhooks::WebhookVerification =
        serde_json::from_value(json!({"Url": "https://user:hunter2@example.com/hook"})).unwrap();
    let mut answer = documented_statistics();
    answer["Url"] = json!("https://user:hunter2@example.com/hook");
    let statistics: WebhookStatistics = serde_json::from_value(answer).unwrap();
    for shown in [format!("{verification:?}"), format!("{statistics:?}")] {
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("example.com"), "{shown}");
    }
}
