//! Secrets never reach `Debug` or `Display`: the server token, Basic auth
//! passwords, custom header values and credentials embedded in URLs.

use crate::common;

use std::time::Duration;

use postmark_webhooks::triggers::{Open, Triggers};
use postmark_webhooks::{Error, HttpAuth, HttpHeader, ServerClient, Webhook};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "s3rv3r-t0ken-0d5e";
const PASSWORD: &str = "p4ssw0rd-7f1c";
const HEADER_VALUE: &str = "sh4red-v4lue-9a2b";
const URL_PASSWORD: &str = "hunter2";
const URL_WITH_CREDENTIALS: &str = "https://alice:hunter2@example.com/hook";
const SECRETS: [&str; 4] = [TOKEN, PASSWORD, HEADER_VALUE, URL_PASSWORD];

fn assert_no_secret(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} shows {secret:?}: {text}");
    }
}

fn client_for(base_url: &str) -> ServerClient {
    ServerClient::builder(TOKEN)
        .base_url(base_url)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap()
}

#[test]
fn server_client_debug_hides_the_token() {
    let client = client_for("http://127.0.0.1:9");
    let shown = format!("{client:?}");
    assert_no_secret("ServerClient", &shown);
    assert!(shown.contains("http://127.0.0.1:9"), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
    assert_no_secret("ServerClient {:#?}", &format!("{client:#?}"));
}

#[test]
fn request_builders_debug_hides_the_token() {
    let client = client_for("http://127.0.0.1:9");
    let hooks = client.webhooks();
    assert_no_secret("Webhooks", &format!("{hooks:?}"));
    assert_no_secret(
        "ListWebhooks",
        &format!("{:?}", hooks.list().message_stream("outbound")),
    );
    assert_no_secret("GetWebhook", &format!("{:?}", hooks.get(1)));
    assert_no_secret("DeleteWebhook", &format!("{:?}", hooks.delete(1)));
}

#[test]
fn client_builder_debug_hides_the_token_and_url_credentials() {
    let builder = ServerClient::builder(TOKEN)
        .base_url("https://alice:hunter2@example.com/postmark")
        .user_agent("my-app/1.0");
    let shown = format!("{builder:?}");
    assert_no_secret("ClientBuilder", &shown);
    assert!(shown.contains("example.com/postmark"), "{shown}");
    assert!(shown.contains("my-app/1.0"), "{shown}");
    assert_no_secret("ClientBuilder {:#?}", &format!("{builder:#?}"));

    let unparsable = ServerClient::builder(TOKEN).base_url("not a url alice:hunter2@");
    assert_no_secret("ClientBuilder", &format!("{unparsable:?}"));
}

#[test]
fn create_builder_debug_hides_password_header_value_and_url_credentials() {
    let client = client_for("http://127.0.0.1:9");
    let create = client
        .webhooks()
        .create(URL_WITH_CREDENTIALS)
        .message_stream("outbound")
        .http_auth("user", PASSWORD)
        .http_header("X-Webhook-Secret", HEADER_VALUE)
        .triggers(Triggers::new().open(Open::enabled()));
    let shown = format!("{create:?}");
    assert_no_secret("CreateWebhook", &shown);
    assert!(shown.contains("example.com/hook"), "{shown}");
    assert!(shown.contains("\"user\""), "{shown}");
    assert!(shown.contains("X-Webhook-Secret"), "{shown}");
    assert_no_secret("CreateWebhook {:#?}", &format!("{create:#?}"));

    let replaced = create.http_headers([HttpHeader::new("X-Other", HEADER_VALUE)]);
    assert_no_secret("CreateWebhook", &format!("{replaced:?}"));
}

#[test]
fn edit_builder_debug_hides_password_header_value_and_url_credentials() {
    let client = client_for("http://127.0.0.1:9");
    let edit = client
        .webhooks()
        .edit(1234)
        .url(URL_WITH_CREDENTIALS)
        .http_auth("user", PASSWORD)
        .http_header("X-Webhook-Secret", HEADER_VALUE);
    let shown = format!("{edit:?}");
    assert_no_secret("EditWebhook", &shown);
    assert!(shown.contains("1234"), "{shown}");
    assert!(shown.contains("example.com/hook"), "{shown}");
    assert_no_secret("EditWebhook {:#?}", &format!("{edit:#?}"));
}

#[test]
fn url_credentials_are_hidden_whatever_their_shape() {
    let client = client_for("http://127.0.0.1:9");
    for url in [
        "https://alice:hunter2@example.com/hook",
        "https://:hunter2@example.com/hook",
        "http://alice:hunter2@127.0.0.1:8080/hook?a=1",
        "https://alice:hunter2@",
        "not a url alice:hunter2@",
    ] {
        let create = client.webhooks().create(url);
        assert_no_secret("CreateWebhook", &format!("{create:?}"));
        let edit = client.webhooks().edit(1).url(url);
        assert_no_secret("EditWebhook", &format!("{edit:?}"));
    }
}

/// A URL whose scheme was forgotten parses as a URL of scheme `alice`, with
/// no credentials, so it is shown whole, password included.
#[test]
fn url_without_scheme_does_not_leak_its_password() {
    let client = client_for("http://127.0.0.1:9");
    let url = "alice:hunter2@example.com/hook";
    let create = client.webhooks().create(url);
    assert_no_secret("CreateWebhook", &format!("{create:?}"));
    let edit = client.webhooks().edit(1).url(url);
    assert_no_secret("EditWebhook", &format!("{edit:?}"));
}

#[test]
fn decoded_webhook_debug_hides_password_header_value_and_url_credentials() {
    let webhook: Webhook = serde_json::from_value(json!({
        "ID": 1234,
        "Url": URL_WITH_CREDENTIALS,
        "MessageStream": "outbound",
        "HttpAuth": {"Username": "user", "Password": PASSWORD},
        "HttpHeaders": [{"Name": "X-Webhook-Secret", "Value": HEADER_VALUE}],
        "Triggers": {"Open": {"Enabled": true, "PostFirstOpenOnly": false}}
    }))
    .unwrap();
    // The values are there, in clear text, for whoever needs them...
    assert_eq!(webhook.url, URL_WITH_CREDENTIALS);
    assert_eq!(webhook.http_auth.as_ref().unwrap().password, PASSWORD);
    assert_eq!(webhook.http_headers[0].value, HEADER_VALUE);
    // ...but never in Debug.
    let shown = format!("{webhook:?}");
    assert_no_secret("Webhook", &shown);
    assert!(shown.contains("1234"), "{shown}");
    assert!(shown.contains("\"user\""), "{shown}");
    assert!(shown.contains("X-Webhook-Secret"), "{shown}");
    assert!(shown.contains("example.com/hook"), "{shown}");
    assert_no_secret("Webhook {:#?}", &format!("{webhook:#?}"));
    assert_no_secret("Vec<Webhook>", &format!("{:?}", vec![webhook.clone()]));
    assert_no_secret("Option<Webhook>", &format!("{:?}", Some(webhook)));
}

#[test]
fn http_auth_and_http_header_debug_hide_their_secrets() {
    let auth = HttpAuth::new("user", PASSWORD);
    assert_eq!(
        format!("{auth:?}"),
        r#"HttpAuth { username: "user", password: "<redacted>" }"#
    );
    assert_no_secret("HttpAuth {:#?}", &format!("{auth:#?}"));

    let header = HttpHeader::new("X-Webhook-Secret", HEADER_VALUE);
    assert_eq!(
        format!("{header:?}"),
        r#"HttpHeader { name: "X-Webhook-Secret", value: "<redacted>" }"#
    );
    assert_no_secret("HttpHeader {:#?}", &format!("{header:#?}"));
}

/// Fails one create call made with every secret, and checks the error.
async fn failing_create(client: &ServerClient) -> Error {
    client
        .webhooks()
        .create(URL_WITH_CREDENTIALS)
        .http_auth("user", PASSWORD)
        .http_header("X-Webhook-Secret", HEADER_VALUE)
        .await
        .unwrap_err()
}

fn assert_error_hides_secrets(err: &Error) {
    assert_no_secret("Error Display", &err.to_string());
    assert_no_secret("Error Debug", &format!("{err:?}"));
    assert_no_secret("Error {:#?}", &format!("{err:#?}"));
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        assert_no_secret("Error source", &cause.to_string());
        assert_no_secret("Error source Debug", &format!("{cause:?}"));
        source = cause.source();
    }
}

#[tokio::test]
async fn api_error_from_a_call_with_secrets_hides_them() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(422)
                .set_body_json(json!({"ErrorCode": 1358, "Message": "Invalid HttpHeader name."})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let err = failing_create(&client_for(&server.uri())).await;

    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert_error_hides_secrets(&err);
}

#[tokio::test]
async fn html_error_from_a_call_with_secrets_hides_them() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(502)
                .set_body_raw("<html><body>Bad Gateway</body></html>", "text/html"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let err = failing_create(&client_for(&server.uri())).await;

    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert_error_hides_secrets(&err);
}

#[tokio::test]
async fn decode_error_from_a_call_with_secrets_hides_them() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw("{\"ID\": ", "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let err = failing_create(&client_for(&server.uri())).await;

    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_error_hides_secrets(&err);
}

#[tokio::test]
async fn timeout_from_a_call_with_secrets_hides_them() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .expect(1)
        .mount(&server)
        .await;

    let err = failing_create(&client_for(&server.uri())).await;

    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert_error_hides_secrets(&err);
}

#[tokio::test]
async fn transport_error_from_a_call_with_secrets_hides_them() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };

    let err = failing_create(&client_for(&format!("http://127.0.0.1:{port}"))).await;

    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_error_hides_secrets(&err);
}

#[tokio::test]
async fn invalid_input_from_a_call_with_secrets_hides_them() {
    let server = MockServer::start().await;
    common::expect_nothing(&server).await;
    let client = client_for(&server.uri());

    let errors = [
        client
            .webhooks()
            .create(URL_WITH_CREDENTIALS)
            .http_auth("user", format!("{PASSWORD}\r\n"))
            .await
            .unwrap_err(),
        client
            .webhooks()
            .create(URL_WITH_CREDENTIALS)
            .http_header("X-Webhook-Secret", format!("{HEADER_VALUE}\n"))
            .await
            .unwrap_err(),
        client
            .webhooks()
            .edit(0)
            .url(URL_WITH_CREDENTIALS)
            .http_auth("user", PASSWORD)
            .http_header("X-Webhook-Secret", HEADER_VALUE)
            .await
            .unwrap_err(),
        client
            .webhooks()
            .create("ftp://alice:hunter2@example.com/hook")
            .http_auth("user", PASSWORD)
            .await
            .unwrap_err(),
        ServerClient::builder(format!("{TOKEN}\n"))
            .build()
            .unwrap_err(),
        ServerClient::builder(TOKEN)
            .base_url("https://alice:hunter2@example.com")
            .build()
            .unwrap_err(),
    ];
    for err in &errors {
        assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
        assert_error_hides_secrets(err);
    }
    common::assert_nothing_sent(&server).await;
}

#[test]
fn a_secret_in_the_url_query_or_fragment_is_hidden() {
    let webhook: postmark_webhooks::Webhook = serde_json::from_value(serde_json::json!({
        "ID": 1,
        "Url": "https://example.com/hook?token=QUERY-SECRET#FRAGMENT-SECRET",
        "MessageStream": "outbound"
    }))
    .unwrap();
    let shown = format!("{webhook:?}");
    assert!(
        !shown.contains("QUERY-SECRET") && !shown.contains("FRAGMENT-SECRET"),
        "{shown}"
    );
    assert!(
        shown.contains("https://example.com/hook?REDACTED#REDACTED"),
        "{shown}"
    );
    // The value itself is untouched.
    assert_eq!(
        webhook.url,
        "https://example.com/hook?token=QUERY-SECRET#FRAGMENT-SECRET"
    );
}
