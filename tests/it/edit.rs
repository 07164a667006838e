//! `PUT /webhooks/{id}`: only what is set on the builder is sent.

use crate::common;

use postmark_webhooks::HttpHeader;
use postmark_webhooks::triggers::{Open, Triggers};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{
    assert_common_headers, assert_is_webhook_example, body_json as sent_json, client,
    single_request, webhook_example,
};

/// A server that answers `PUT /webhooks/1234` with the documented webhook
/// only if the body is exactly `expected`.
async fn server_expecting(expected: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/webhooks/1234"))
        .and(header("content-type", "application/json"))
        .and(body_json(expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(webhook_example()))
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn edit_of_triggers_sends_only_the_triggers() {
    let expected = json!({"Triggers": {"Open": {"Enabled": false}}});
    let server = server_expecting(expected.clone()).await;

    let edited = client(&server)
        .webhooks()
        .edit(1234)
        .triggers(Triggers::new().open(Open::disabled()))
        .await
        .unwrap();

    assert_is_webhook_example(&edited);
    let request = single_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), "/webhooks/1234");
    assert_eq!(request.url.query(), None);
    assert_common_headers(&request, true);
    assert_eq!(sent_json(&request), expected);
}

#[tokio::test]
async fn edit_clear_http_headers_sends_an_empty_array() {
    let server = server_expecting(json!({"HttpHeaders": []})).await;

    client(&server)
        .webhooks()
        .edit(1234)
        .clear_http_headers()
        .await
        .unwrap();

    let request = single_request(&server).await;
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        r#"{"HttpHeaders":[]}"#
    );
}

#[tokio::test]
async fn edit_of_url_and_http_auth_sends_both() {
    let server = server_expecting(json!({
        "Url": "https://example.com/v2/hook",
        "HttpAuth": {"Username": "user", "Password": "rotated-secret"}
    }))
    .await;

    client(&server)
        .webhooks()
        .edit(1234)
        .url("https://example.com/v2/hook")
        .http_auth("user", "rotated-secret")
        .await
        .unwrap();

    assert_common_headers(&single_request(&server).await, true);
}

#[tokio::test]
async fn empty_edit_sends_an_empty_object() {
    let server = server_expecting(json!({})).await;

    client(&server).webhooks().edit(1234).await.unwrap();

    let request = single_request(&server).await;
    assert_eq!(String::from_utf8(request.body.clone()).unwrap(), "{}");
    assert_eq!(
        common::single_header(&request, "content-type"),
        "application/json"
    );
}

#[tokio::test]
async fn edit_headers_replace_as_a_set() {
    let server = server_expecting(json!({
        "HttpHeaders": [
            {"Name": "X-Webhook-Secret", "Value": "rotated"},
            {"Name": "X-Source", "Value": "postmark"}
        ]
    }))
    .await;

    client(&server)
        .webhooks()
        .edit(1234)
        .http_header("X-Old", "dropped")
        .http_headers([HttpHeader::new("X-Webhook-Secret", "rotated")])
        .http_header("X-Source", "postmark")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn clear_http_headers_after_adding_sends_an_empty_array() {
    let server = server_expecting(json!({"HttpHeaders": []})).await;

    client(&server)
        .webhooks()
        .edit(1234)
        .http_header("X-Old", "dropped")
        .clear_http_headers()
        .await
        .unwrap();
}

#[tokio::test]
async fn edit_of_everything_sends_every_field() {
    let server = server_expecting(json!({
        "Url": "https://example.com/hook",
        "HttpAuth": {"Username": "u", "Password": "p"},
        "HttpHeaders": [{"Name": "X-A", "Value": "1"}],
        "Triggers": {"Open": {"Enabled": true, "PostFirstOpenOnly": false}}
    }))
    .await;

    client(&server)
        .webhooks()
        .edit(1234)
        .url("https://example.com/hook")
        .http_auth("u", "p")
        .http_header("X-A", "1")
        .triggers(Triggers::new().open(Open::enabled().post_first_open_only(false)))
        .await
        .unwrap();
}
