//! `POST /webhooks/{id}/verify`, `GET /webhooks/{id}/statistics` and the
//! `Verify` flag on edit: the exact requests, and lenient decoding of the
//! newer answers.

mod common;

use postmark_webhooks::{ErrorCode, Operation};
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
        verification.results[1].trigger_type.as_deref(),
        Some("Click")
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

#[tokio::test]
async fn statistics_gets_and_decodes_every_field() {
    let server = answering(
        "GET",
        "/webhooks/42/statistics",
        200,
        json!({
            "WebhookId": 42,
            "Url": "https://example.com/hook",
            "Statuses": {"Open": "Verified", "Click": "SomethingNew"},
            "TimeRange": {"From": "2024-05-01T10:00:00Z", "To": "2024-05-02T10:00:00Z"},
            "Metrics": {"Deliveries": 3, "Failures": 2, "LastStatusCode": 200, "P95Ms": 40},
            "MetricsByTrigger": {"Open": {"Deliveries": 3, "Failures": 2, "LastStatusCode": 200}}
        }),
    )
    .await;

    let statistics = client(&server).webhooks().statistics(42).await.unwrap();
    assert_eq!(statistics.webhook_id, Some(42));
    assert_eq!(statistics.statuses["Click"], "SomethingNew");
    assert_eq!(
        statistics.time_range.from.as_deref(),
        Some("2024-05-01T10:00:00Z")
    );
    assert_eq!(statistics.metrics.deliveries, Some(3));
    assert_eq!(statistics.metrics.failures, Some(2));
    assert_eq!(statistics.metrics.other["P95Ms"], 40);
    assert_eq!(
        statistics.metrics_by_trigger["Open"].last_status_code,
        Some(200)
    );

    let request = single_request(&server).await;
    assert_common_headers(&request, false);
}

#[tokio::test]
async fn an_empty_or_null_statistics_answer_decodes_to_defaults() {
    for body in [
        json!({}),
        json!({"Statuses": null, "TimeRange": null, "Metrics": null, "MetricsByTrigger": null}),
    ] {
        let server = answering("GET", "/webhooks/1/statistics", 200, body).await;
        let statistics = client(&server).webhooks().statistics(1).await.unwrap();
        assert_eq!(statistics.webhook_id, None);
        assert!(statistics.statuses.is_empty());
        assert_eq!(statistics.metrics.deliveries, None);
        assert!(statistics.metrics_by_trigger.is_empty());
    }
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
    let statistics: postmark_webhooks::WebhookStatistics =
        serde_json::from_value(json!({"Url": "https://user:hunter2@example.com/hook"})).unwrap();
    for shown in [format!("{verification:?}"), format!("{statistics:?}")] {
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("example.com"), "{shown}");
    }
}
