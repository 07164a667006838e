//! `POST /webhooks`: the exact body each builder setting produces, and the
//! decoded answer.

use crate::common;

use postmark_webhooks::triggers::{
    Bounce, Click, Delivery, Open, SpamComplaint, SubscriptionChange, Triggers,
};
use postmark_webhooks::{HttpHeader, WebhookStatus};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{
    assert_common_headers, assert_is_webhook_example, body_json as sent_json, client,
    single_request, webhook_example,
};

/// A server that answers `POST /webhooks` with the documented webhook only if
/// the body is exactly `expected`.
async fn server_expecting(expected: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/webhooks"))
        .and(header("content-type", "application/json"))
        .and(body_json(expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(webhook_example()))
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn create_with_every_setting_sends_the_exact_body() {
    let expected = json!({
        "Url": "https://example.com/webhook",
        "MessageStream": "outbound",
        "HttpAuth": {"Username": "user", "Password": "secret"},
        "HttpHeaders": [{"Name": "X-Webhook-Secret", "Value": "shared-secret"}],
        "Triggers": {
            "Open": {"Enabled": true, "PostFirstOpenOnly": true},
            "Click": {"Enabled": true},
            "Delivery": {"Enabled": false},
            "Bounce": {"Enabled": true, "IncludeContent": true}
        }
    });
    let server = server_expecting(expected.clone()).await;

    let created = client(&server)
        .webhooks()
        .create("https://example.com/webhook")
        .message_stream("outbound")
        .http_auth("user", "secret")
        .http_header("X-Webhook-Secret", "shared-secret")
        .triggers(
            Triggers::new()
                .open(Open::enabled().post_first_open_only(true))
                .click(Click::enabled())
                .bounce(Bounce::enabled().include_content(true))
                .delivery(Delivery::disabled()),
        )
        .await
        .unwrap();

    assert_is_webhook_example(&created);
    let request = single_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/webhooks");
    assert_eq!(request.url.query(), None);
    assert_common_headers(&request, true);
    assert_eq!(sent_json(&request), expected);
}

#[tokio::test]
async fn create_with_only_a_url_sends_only_the_url() {
    let server = server_expecting(json!({"Url": "https://example.com/webhook"})).await;

    client(&server)
        .webhooks()
        .create("https://example.com/webhook")
        .await
        .unwrap();

    let request = single_request(&server).await;
    assert_common_headers(&request, true);
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        r#"{"Url":"https://example.com/webhook"}"#
    );
}

#[tokio::test]
async fn create_with_verify_true_sends_verify() {
    let server =
        server_expecting(json!({"Url": "https://example.com/webhook", "Verify": true})).await;

    client(&server)
        .webhooks()
        .create("https://example.com/webhook")
        .verify(true)
        .await
        .unwrap();
}

#[tokio::test]
async fn create_with_verify_false_sends_verify_false() {
    let server =
        server_expecting(json!({"Url": "https://example.com/webhook", "Verify": false})).await;

    client(&server)
        .webhooks()
        .create("https://example.com/webhook")
        .verify(false)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn create_on_another_stream_sends_it() {
    let server = server_expecting(json!({
        "Url": "https://example.com/webhook",
        "MessageStream": "broadcast",
        "Triggers": {"SubscriptionChange": {"Enabled": true}}
    }))
    .await;

    client(&server)
        .webhooks()
        .create("https://example.com/webhook")
        .message_stream("broadcast")
        .triggers(Triggers::new().subscription_change(SubscriptionChange::enabled()))
        .await
        .unwrap();
}

#[tokio::test]
async fn create_headers_keep_their_order_and_http_headers_replaces() {
    let server = server_expecting(json!({
        "Url": "https://example.com/webhook",
        "HttpHeaders": [
            {"Name": "X-B", "Value": "2"},
            {"Name": "X-C", "Value": "3"},
            {"Name": "X-D", "Value": "4"}
        ]
    }))
    .await;

    client(&server)
        .webhooks()
        .create("https://example.com/webhook")
        .http_header("X-A", "1")
        .http_headers([HttpHeader::new("X-B", "2"), HttpHeader::new("X-C", "3")])
        .http_header("X-D", "4")
        .await
        .unwrap();
}

#[tokio::test]
async fn create_with_empty_triggers_sends_an_empty_object() {
    let server =
        server_expecting(json!({"Url": "https://example.com/webhook", "Triggers": {}})).await;

    client(&server)
        .webhooks()
        .create("https://example.com/webhook")
        .triggers(Triggers::new())
        .await
        .unwrap();
}

#[tokio::test]
async fn create_sends_a_url_with_credentials_unchanged() {
    let server =
        server_expecting(json!({"Url": "https://alice:hunter2@example.com/hook?a=1"})).await;

    client(&server)
        .webhooks()
        .create("https://alice:hunter2@example.com/hook?a=1")
        .await
        .unwrap();
}

#[tokio::test]
async fn create_decodes_the_answer() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/webhooks"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "ID": 98765,
            "Url": "https://example.com/webhook",
            "MessageStream": "outbound",
            "HttpAuth": {"Username": "user", "Password": "secret"},
            "HttpHeaders": [{"Name": "X-Webhook-Secret", "Value": "shared-secret"}],
            "Triggers": {
                "Open": {"Enabled": true, "PostFirstOpenOnly": true},
                "Click": {"Enabled": true},
                "Delivery": {"Enabled": false},
                "Bounce": {"Enabled": true, "IncludeContent": true},
                "SpamComplaint": {"Enabled": false, "IncludeContent": false},
                "SubscriptionChange": {"Enabled": false}
            },
            "Status": "unverified"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let created = client(&server)
        .webhooks()
        .create("https://example.com/webhook")
        .await
        .unwrap();

    assert_eq!(created.id, 98765);
    assert_eq!(created.url, "https://example.com/webhook");
    assert_eq!(created.message_stream, "outbound");
    let auth = created.http_auth.as_ref().unwrap();
    assert_eq!(
        (auth.username.as_str(), auth.password.as_str()),
        ("user", "secret")
    );
    assert_eq!(
        created.http_headers,
        vec![HttpHeader::new("X-Webhook-Secret", "shared-secret")]
    );
    let t = created.triggers;
    assert_eq!(
        Open::from(t.open),
        Open::enabled().post_first_open_only(true)
    );
    assert_eq!(Click::from(t.click), Click::enabled());
    assert_eq!(Delivery::from(t.delivery), Delivery::disabled());
    assert_eq!(
        Bounce::from(t.bounce),
        Bounce::enabled().include_content(true)
    );
    assert_eq!(
        SpamComplaint::from(t.spam_complaint),
        SpamComplaint::disabled().include_content(false)
    );
    assert_eq!(
        SubscriptionChange::from(t.subscription_change),
        SubscriptionChange::disabled()
    );
    assert_eq!(created.status, Some(WebhookStatus::Unverified));
}
