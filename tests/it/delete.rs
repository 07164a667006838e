//! `DELETE /webhooks/{id}`.

use crate::common;

use postmark_webhooks::{Deleted, Error, ErrorCode, Operation};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{assert_common_headers, client, single_request};

#[tokio::test]
async fn delete_sends_delete_without_a_body_and_returns_unit() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/webhooks/1234"))
        .and(header("x-postmark-server-token", "test-token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"ErrorCode": 0, "Message": "Webhook 1234 removed."})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let result: Result<Deleted, Error> = client(&server).webhooks().delete(1234).await;

    assert!(matches!(result, Ok(Deleted::Removed)), "{result:?}");
    let request = single_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(request.url.path(), "/webhooks/1234");
    assert_eq!(request.url.query(), None);
    assert!(request.headers.get("content-type").is_none());
    assert!(request.body.is_empty());
    assert_common_headers(&request, false);
}

#[tokio::test]
async fn delete_with_send_is_the_same_as_awaiting() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/webhooks/77"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"ErrorCode": 0, "Message": "Webhook 77 removed."})),
        )
        .expect(1)
        .mount(&server)
        .await;

    client(&server).webhooks().delete(77).send().await.unwrap();
}

#[tokio::test]
async fn delete_of_a_missing_webhook_is_not_found() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/webhooks/1234"))
        .respond_with(
            ResponseTemplate::new(422)
                .set_body_json(json!({"ErrorCode": 1352, "Message": "The webhook was not found."})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).webhooks().delete(1234).await.unwrap_err();

    assert!(err.is_not_found());
    assert_eq!(err.operation(), Some(Operation::DeleteWebhook));
    let Error::Api(api) = &err else {
        panic!("expected Error::Api, got {err:?}")
    };
    assert_eq!(api.status(), 422);
    assert_eq!(api.code(), Some(ErrorCode::WebhookNotFound));
}

#[tokio::test]
async fn delete_answer_that_is_not_json_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/webhooks/1234"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).webhooks().delete(1234).await.unwrap_err();

    let Error::Decode(decode) = &err else {
        panic!("expected Error::Decode, got {err:?}")
    };
    assert_eq!(decode.status(), 200);
    assert_eq!(decode.operation(), Operation::DeleteWebhook);
}
