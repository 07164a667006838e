//! `GET /webhooks/{id}`: the request sent, and lenient decoding of the answer.

use crate::common;

use postmark_webhooks::triggers::{
    Bounce, Click, Delivery, Open, SpamComplaint, SubscriptionChange,
};
use postmark_webhooks::{HttpAuth, HttpHeader, Webhook, WebhookStatus};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{
    assert_common_headers, assert_is_webhook_example, client, single_request, webhook_example,
};

/// Answers `GET /webhooks/1234` with `answer` and returns the decoded webhook.
async fn get_answering(answer: Value) -> Webhook {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/webhooks/1234"))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(&server)
        .await;
    client(&server).webhooks().get(1234).await.unwrap()
}

/// The documented example with `edit` applied to it.
fn example_with(edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Value {
    let mut example = webhook_example();
    edit(example.as_object_mut().unwrap());
    example
}

#[tokio::test]
async fn get_sends_get_to_the_webhook_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/webhooks/1234"))
        .and(header("x-postmark-server-token", "test-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(webhook_example()))
        .expect(1)
        .mount(&server)
        .await;

    let webhook = client(&server).webhooks().get(1234).await.unwrap();

    assert_is_webhook_example(&webhook);
    let request = single_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/webhooks/1234");
    assert_eq!(request.url.query(), None);
    assert_common_headers(&request, false);
}

#[tokio::test]
async fn get_with_send_is_the_same_as_awaiting() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/webhooks/1234567"))
        .respond_with(ResponseTemplate::new(200).set_body_json(webhook_example()))
        .expect(1)
        .mount(&server)
        .await;

    let webhook = client(&server)
        .webhooks()
        .get(1234567)
        .send()
        .await
        .unwrap();
    assert_is_webhook_example(&webhook);
}

#[tokio::test]
async fn get_decodes_a_large_id_exactly() {
    let webhook = get_answering(example_with(|w| {
        w.insert("ID".into(), json!(9_007_199_254_740_993_i64));
    }))
    .await;
    assert_eq!(webhook.id, 9_007_199_254_740_993);
}

#[tokio::test]
async fn http_auth_null_decodes_as_none() {
    let webhook = get_answering(example_with(|w| {
        w.insert("HttpAuth".into(), Value::Null);
    }))
    .await;
    assert_eq!(webhook.http_auth, None);
    assert_eq!(webhook.http_headers, vec![HttpHeader::new("name", "value")]);
}

#[tokio::test]
async fn http_auth_of_nulls_decodes_as_none() {
    let webhook = get_answering(example_with(|w| {
        w.insert(
            "HttpAuth".into(),
            json!({"Username": null, "Password": null}),
        );
    }))
    .await;
    assert_eq!(webhook.http_auth, None);
}

#[tokio::test]
async fn http_auth_of_empty_strings_decodes_as_none() {
    let webhook = get_answering(example_with(|w| {
        w.insert("HttpAuth".into(), json!({"Username": "", "Password": ""}));
    }))
    .await;
    assert_eq!(webhook.http_auth, None);
}

#[tokio::test]
async fn http_auth_absent_decodes_as_none() {
    let webhook = get_answering(example_with(|w| {
        w.remove("HttpAuth");
    }))
    .await;
    assert_eq!(webhook.http_auth, None);
    assert_eq!(webhook.id, 1234567);
}

#[tokio::test]
async fn http_auth_with_a_missing_password_keeps_the_username() {
    let webhook = get_answering(example_with(|w| {
        w.insert("HttpAuth".into(), json!({"Username": "user"}));
    }))
    .await;
    assert_eq!(webhook.http_auth, Some(HttpAuth::new("user", "")));
}

#[tokio::test]
async fn http_headers_null_decodes_as_empty() {
    let webhook = get_answering(example_with(|w| {
        w.insert("HttpHeaders".into(), Value::Null);
    }))
    .await;
    assert_eq!(webhook.http_headers, Vec::<HttpHeader>::new());
    assert_eq!(webhook.http_auth, Some(HttpAuth::new("user", "password")));
}

#[tokio::test]
async fn http_headers_absent_decodes_as_empty() {
    let webhook = get_answering(example_with(|w| {
        w.remove("HttpHeaders");
    }))
    .await;
    assert_eq!(webhook.http_headers, Vec::<HttpHeader>::new());
}

#[tokio::test]
async fn unknown_fields_are_ignored_everywhere() {
    let webhook = get_answering(example_with(|w| {
        w.insert("CreatedAt".into(), json!("2024-01-01T00:00:00Z"));
        w.insert("Nested".into(), json!({"Any": [1, 2, 3]}));
        let triggers = w["Triggers"].as_object_mut().unwrap();
        triggers.insert("Inbound".into(), json!({"Enabled": true}));
        triggers["Open"]
            .as_object_mut()
            .unwrap()
            .insert("Verified".into(), json!(true));
    }))
    .await;
    assert_is_webhook_example(&webhook);
}

#[tokio::test]
async fn an_unknown_option_inside_a_trigger_is_ignored() {
    let webhook = get_answering(example_with(|w| {
        w["Triggers"]["Open"] =
            json!({"Enabled": true, "PostFirstOpenOnly": true, "PostEveryOpen": true});
        w["Triggers"]["Bounce"] = json!({"IncludeHeaders": true, "IncludeContent": true});
    }))
    .await;
    let t = webhook.triggers;
    assert_eq!(
        Open::from(t.open),
        Open::enabled().post_first_open_only(true)
    );
    // `Enabled` missing from an answer's trigger is false.
    assert_eq!(
        Bounce::from(t.bounce),
        Bounce::disabled().include_content(true)
    );
    assert_eq!(Click::from(t.click), Click::enabled());
    assert_eq!(Delivery::from(t.delivery), Delivery::enabled());
    assert_eq!(
        SpamComplaint::from(t.spam_complaint),
        SpamComplaint::disabled().include_content(false)
    );
    assert_eq!(
        SubscriptionChange::from(t.subscription_change),
        SubscriptionChange::disabled()
    );
}

#[tokio::test]
async fn unknown_message_stream_name_is_kept() {
    let webhook = get_answering(example_with(|w| {
        w.insert("MessageStream".into(), json!("my-custom-stream"));
    }))
    .await;
    assert_eq!(webhook.message_stream, "my-custom-stream");
}

#[tokio::test]
async fn trigger_missing_from_triggers_decodes_as_disabled() {
    let webhook = get_answering(example_with(|w| {
        let triggers = w["Triggers"].as_object_mut().unwrap();
        // Click is enabled in the example; without it, it is disabled.
        triggers.remove("Click");
        // An option missing from a trigger decodes as false.
        triggers.insert("Bounce".into(), json!({"Enabled": true}));
    }))
    .await;
    let t = webhook.triggers;
    assert!(!t.click.enabled);
    assert!(t.open.enabled);
    assert!(t.delivery.enabled);
    assert!(t.bounce.enabled);
    assert!(!t.bounce.include_content);
}

#[tokio::test]
async fn triggers_absent_decode_as_all_disabled() {
    let webhook = get_answering(example_with(|w| {
        w.remove("Triggers");
    }))
    .await;
    assert_eq!(webhook.triggers, Default::default());
    assert!(!webhook.triggers.open.enabled);
    assert!(!webhook.triggers.click.enabled);
}

#[tokio::test]
async fn status_is_decoded_when_present() {
    for (sent, decoded) in [
        ("verified", WebhookStatus::Verified),
        ("unverified", WebhookStatus::Unverified),
        ("paused", WebhookStatus::Other("paused".to_owned())),
    ] {
        let webhook = get_answering(example_with(|w| {
            w.insert("Status".into(), json!(sent));
        }))
        .await;
        assert_eq!(webhook.status, Some(decoded));
        assert_eq!(webhook.id, 1234567);
    }
}

#[tokio::test]
async fn status_null_decodes_as_none() {
    let webhook = get_answering(example_with(|w| {
        w.insert("Status".into(), Value::Null);
    }))
    .await;
    assert_eq!(webhook.status, None);
}

#[tokio::test]
async fn url_with_credentials_is_decoded_unchanged() {
    let webhook = get_answering(example_with(|w| {
        w.insert(
            "Url".into(),
            json!("https://alice:hunter2@example.com/hook"),
        );
    }))
    .await;
    assert_eq!(webhook.url, "https://alice:hunter2@example.com/hook");
}
