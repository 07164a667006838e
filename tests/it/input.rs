//! Bad input is rejected as `Error::InvalidInput` naming the right field,
//! before anything is sent, and without repeating the rejected value.

use crate::common;

use std::time::Duration;

use postmark_webhooks::{Error, HttpHeader, InvalidInput, Operation, ServerClient};
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{assert_nothing_sent, client, expect_nothing, webhook_example};

fn invalid(err: &Error) -> &InvalidInput {
    match err {
        Error::InvalidInput(input) => input,
        other => panic!("expected Error::InvalidInput, got {other:?}"),
    }
}

/// Asserts `err` rejects `field`, and that neither its Display nor its Debug
/// repeats `secret`.
fn assert_rejects(err: &Error, field: &str, secret: &str) {
    assert_eq!(invalid(err).field(), field, "{err}");
    assert!(!invalid(err).reason().is_empty());
    assert_eq!(err.status(), None);
    assert_eq!(err.code(), None);
    assert!(!err.is_not_found());
    if !secret.is_empty() {
        assert!(
            !err.to_string().contains(secret),
            "Display repeats the rejected value: {err}"
        );
        assert!(
            !format!("{err:?}").contains(secret),
            "Debug repeats the rejected value: {err:?}"
        );
    }
}

/// A mock server that fails the test if anything reaches it.
async fn silent_server() -> MockServer {
    let server = MockServer::start().await;
    expect_nothing(&server).await;
    server
}

// ---- client settings, checked by build() ----

#[tokio::test]
async fn empty_token_is_rejected() {
    let server = silent_server().await;
    let err = ServerClient::builder("")
        .base_url(server.uri())
        .build()
        .unwrap_err();
    assert_rejects(&err, "token", "");
    assert_eq!(err.to_string(), "invalid token: must not be empty");
    assert_eq!(err.operation(), None);
    let err = ServerClient::new("").unwrap_err();
    assert_rejects(&err, "token", "");
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn whitespace_only_token_is_rejected() {
    let server = silent_server().await;
    for token in [" ", "   ", "\t", "\n", " \r\n "] {
        let err = ServerClient::builder(token)
            .base_url(server.uri())
            .build()
            .unwrap_err();
        assert_rejects(&err, "token", "");
        assert_eq!(invalid(&err).reason(), "must not be empty");
    }
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn token_with_a_newline_is_rejected() {
    let server = silent_server().await;
    for token in [
        "s3cr3t\nt0ken",
        "s3cr3t\r\nX-Injected: t0ken",
        "s3cr3t-t0ken\n",
        "\ns3cr3t-t0ken",
        "s3cr3t\0t0ken",
        "s3cr3t\u{7f}t0ken",
    ] {
        let err = ServerClient::builder(token)
            .base_url(server.uri())
            .build()
            .unwrap_err();
        assert_rejects(&err, "token", "s3cr3t");
        assert_rejects(&err, "token", "t0ken");
    }
    assert_nothing_sent(&server).await;
}

/// The reason says "printable ASCII", but `HeaderValue::from_str` accepts
/// bytes of 0x80 and above, so a token with a non-ASCII character (a
/// pasted smart quote, say) builds and is sent as raw UTF-8.
#[tokio::test]
async fn token_with_non_ascii_is_rejected() {
    let server = silent_server().await;
    for token in ["s3cr3t-t0ken-\u{e9}", "s3cr3t\u{201c}t0ken"] {
        let err = ServerClient::builder(token)
            .base_url(server.uri())
            .build()
            .unwrap_err();
        assert_rejects(&err, "token", "s3cr3t");
    }
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn base_url_that_is_not_absolute_http_is_rejected() {
    for base_url in [
        "ftp://x",
        "localhost:8080",
        "/relative",
        "relative/path",
        "",
        "not a url",
        "https://",
        "file:///tmp/x",
        "mailto:ops@example.com",
    ] {
        let err = ServerClient::builder("test-token")
            .base_url(base_url)
            .build()
            .unwrap_err();
        assert_rejects(&err, "base_url", "");
        assert_eq!(err.operation(), None);
    }
}

#[tokio::test]
async fn base_url_with_credentials_is_rejected() {
    for base_url in [
        "http://alice:hunter2@127.0.0.1:8080",
        "https://alice@api.example.com",
        "https://:hunter2@api.example.com/postmark",
    ] {
        let err = ServerClient::builder("test-token")
            .base_url(base_url)
            .build()
            .unwrap_err();
        assert_rejects(&err, "base_url", "hunter2");
        assert!(!err.to_string().contains("alice"), "{err}");
    }
}

#[tokio::test]
async fn base_url_with_query_or_fragment_is_rejected() {
    for base_url in [
        "https://api.example.com/?a=1",
        "https://api.example.com/#top",
    ] {
        let err = ServerClient::builder("test-token")
            .base_url(base_url)
            .build()
            .unwrap_err();
        assert_rejects(&err, "base_url", "");
    }
}

#[tokio::test]
async fn zero_timeouts_are_rejected() {
    let err = ServerClient::builder("test-token")
        .timeout(Duration::ZERO)
        .build()
        .unwrap_err();
    assert_rejects(&err, "timeout", "");
    let err = ServerClient::builder("test-token")
        .connect_timeout(Duration::ZERO)
        .build()
        .unwrap_err();
    assert_rejects(&err, "connect_timeout", "");
}

#[tokio::test]
async fn user_agent_with_a_newline_is_rejected() {
    let err = ServerClient::builder("test-token")
        .user_agent("my-app/1.0\r\nX-Injected: 1")
        .build()
        .unwrap_err();
    assert_rejects(&err, "user_agent", "X-Injected");
}

// ---- arguments, checked when a request is awaited ----

const BAD_URLS: [&str; 8] = [
    "ftp://example.com/hook",
    "example.com/hook",
    "localhost:8080/hook",
    "/hook",
    "",
    "https://",
    "mailto:ops@example.com",
    "not a url",
];

#[tokio::test]
async fn create_with_a_url_that_is_not_absolute_http_is_rejected() {
    let server = silent_server().await;
    let client = client(&server);
    for url in BAD_URLS {
        let err = client.webhooks().create(url).await.unwrap_err();
        assert_rejects(&err, "url", "");
        assert_eq!(err.operation(), Some(Operation::CreateWebhook), "{url}");
    }
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn edit_with_a_url_that_is_not_absolute_http_is_rejected() {
    let server = silent_server().await;
    let client = client(&server);
    for url in BAD_URLS {
        let err = client.webhooks().edit(1234).url(url).await.unwrap_err();
        assert_rejects(&err, "url", "");
        assert_eq!(err.operation(), Some(Operation::EditWebhook), "{url}");
    }
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn invalid_url_message_names_operation_field_and_rule() {
    let server = silent_server().await;
    let err = client(&server)
        .webhooks()
        .create("ftp://example.com/hook")
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "create webhook: invalid url: must use http or https"
    );
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn bad_url_with_credentials_does_not_repeat_the_password() {
    let server = silent_server().await;
    let client = client(&server);
    for url in [
        "ftp://alice:hunter2@example.com/hook",
        "https://alice:hunter2@/hook",
    ] {
        let err = client.webhooks().create(url).await.unwrap_err();
        assert_rejects(&err, "url", "hunter2");
        let err = client.webhooks().edit(1).url(url).await.unwrap_err();
        assert_rejects(&err, "url", "hunter2");
    }
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn header_name_that_is_empty_or_has_a_space_or_colon_is_rejected() {
    let server = silent_server().await;
    let client = client(&server);
    for name in [
        "",
        "X Secret",
        "X:Secret",
        "X-Secret:",
        "X-Secret\n",
        "X-Sé",
    ] {
        let err = client
            .webhooks()
            .create("https://example.com/hook")
            .http_header(name, "shared-secret")
            .await
            .unwrap_err();
        assert_rejects(&err, "http_header name", "shared-secret");

        let err = client
            .webhooks()
            .edit(1234)
            .http_headers([HttpHeader::new(name, "shared-secret")])
            .await
            .unwrap_err();
        assert_rejects(&err, "http_header name", "shared-secret");
    }
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn header_value_with_cr_or_lf_is_rejected() {
    let server = silent_server().await;
    let client = client(&server);
    for value in [
        "shared-secret\r\nX-Injected: 1",
        "shared-secret\n",
        "shared-secret\rmore",
        "\nshared-secret",
    ] {
        let err = client
            .webhooks()
            .create("https://example.com/hook")
            .http_header("X-Ok", "fine")
            .http_header("X-Webhook-Secret", value)
            .await
            .unwrap_err();
        assert_rejects(&err, "http_header value", "shared-secret");
        assert_eq!(err.operation(), Some(Operation::CreateWebhook));

        let err = client
            .webhooks()
            .edit(1234)
            .http_header("X-Webhook-Secret", value)
            .await
            .unwrap_err();
        assert_rejects(&err, "http_header value", "shared-secret");
        assert_eq!(err.operation(), Some(Operation::EditWebhook));
    }
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn username_with_cr_lf_or_colon_is_rejected() {
    let server = silent_server().await;
    let client = client(&server);
    for username in ["us\r\ner", "user\n", "\ruser", "us:er", ":"] {
        let err = client
            .webhooks()
            .create("https://example.com/hook")
            .http_auth(username, "hunter2")
            .await
            .unwrap_err();
        assert_rejects(&err, "http_auth username", "hunter2");

        let err = client
            .webhooks()
            .edit(1234)
            .http_auth(username, "hunter2")
            .await
            .unwrap_err();
        assert_rejects(&err, "http_auth username", "hunter2");
    }
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn password_with_cr_or_lf_is_rejected() {
    let server = silent_server().await;
    let client = client(&server);
    for password in ["hunter2\r\nX: y", "hunter2\n", "hun\rter2", "\nhunter2"] {
        let err = client
            .webhooks()
            .create("https://example.com/hook")
            .http_auth("user", password)
            .await
            .unwrap_err();
        assert_rejects(&err, "http_auth password", "hunter2");
        assert_rejects(&err, "http_auth password", "hun");

        let err = client
            .webhooks()
            .edit(1234)
            .http_auth("user", password)
            .await
            .unwrap_err();
        assert_rejects(&err, "http_auth password", "hun");
    }
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn id_zero_or_negative_is_rejected() {
    let server = silent_server().await;
    let client = client(&server);
    let hooks = client.webhooks();
    for id in [0, -1, -1234, i64::MIN] {
        let err = hooks.get(id).await.unwrap_err();
        assert_rejects(&err, "id", "");
        assert_eq!(err.operation(), Some(Operation::GetWebhook));

        let err = hooks
            .edit(id)
            .url("https://example.com/hook")
            .await
            .unwrap_err();
        assert_rejects(&err, "id", "");
        assert_eq!(err.operation(), Some(Operation::EditWebhook));

        let err = hooks.delete(id).await.unwrap_err();
        assert_rejects(&err, "id", "");
        assert_eq!(err.operation(), Some(Operation::DeleteWebhook));
    }
    assert_eq!(
        hooks.get(0).await.unwrap_err().to_string(),
        "get webhook: invalid id: must be a positive webhook ID"
    );
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn empty_message_stream_is_rejected() {
    let server = silent_server().await;
    let client = client(&server);

    let err = client
        .webhooks()
        .list()
        .message_stream("")
        .await
        .unwrap_err();
    assert_rejects(&err, "message_stream", "");
    assert_eq!(err.operation(), Some(Operation::ListWebhooks));
    assert_eq!(
        err.to_string(),
        "list webhooks: invalid message_stream: must not be empty"
    );

    let err = client
        .webhooks()
        .create("https://example.com/hook")
        .message_stream("")
        .await
        .unwrap_err();
    assert_rejects(&err, "message_stream", "");
    assert_eq!(err.operation(), Some(Operation::CreateWebhook));
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn message_stream_with_whitespace_is_rejected() {
    let server = silent_server().await;
    let client = client(&server);
    for stream in [" outbound", "out bound", "outbound\n", "out\tbound"] {
        let err = client
            .webhooks()
            .list()
            .message_stream(stream)
            .await
            .unwrap_err();
        assert_rejects(&err, "message_stream", "");
        let err = client
            .webhooks()
            .create("https://example.com/hook")
            .message_stream(stream)
            .await
            .unwrap_err();
        assert_rejects(&err, "message_stream", "");
    }
    assert_nothing_sent(&server).await;
}

// ---- what is allowed is sent ----

#[tokio::test]
async fn password_with_a_colon_and_header_value_with_spaces_are_allowed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/webhooks"))
        .and(body_json(json!({
            "Url": "http://user:pass@127.0.0.1:8080/hook",
            "HttpAuth": {"Username": "user", "Password": "p@ss:word"},
            "HttpHeaders": [{"Name": "X-Secret", "Value": "value with spaces"}]
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(webhook_example()))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .webhooks()
        .create("http://user:pass@127.0.0.1:8080/hook")
        .http_auth("user", "p@ss:word")
        .http_header("X-Secret", "value with spaces")
        .await
        .unwrap();
}

/// `reqwest::Url::parse` silently drops tabs and newlines (and leading or
/// trailing spaces), so the check passes, but the builder then sends the
/// original string, control characters included.
#[tokio::test]
async fn webhook_url_with_a_newline_or_tab_is_rejected() {
    let server = silent_server().await;
    let client = client(&server);
    for url in [
        "https://example.com/ho\nok",
        "https://exa\tmple.com/hook",
        "https://example.com/hook\r\n",
        " https://example.com/hook",
    ] {
        let err = client.webhooks().create(url).await.unwrap_err();
        assert_rejects(&err, "url", "");
        let err = client.webhooks().edit(1234).url(url).await.unwrap_err();
        assert_rejects(&err, "url", "");
    }
    assert_nothing_sent(&server).await;
}
