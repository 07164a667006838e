//! Helpers shared by the integration tests: a client for a wiremock server,
//! the spec's documented examples, and checks of what was sent.

#![allow(dead_code)]

use postmark_webhooks::{HttpAuth, HttpHeader, ServerClient, Webhook, WebhookTriggers};
use serde_json::Value;
use wiremock::{Mock, MockServer, Request, ResponseTemplate, matchers::any};

/// The server token every test client uses.
pub const TOKEN: &str = "test-token";

/// A client that sends to `server` with [`TOKEN`].
pub fn client(server: &MockServer) -> ServerClient {
    ServerClient::builder(TOKEN)
        .base_url(server.uri())
        .build()
        .expect("a client for the mock server builds")
}

/// The spec, parsed into JSON.
pub fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/postmark-webhooks.yaml");
    let text = std::fs::read_to_string(path).expect("the spec is readable");
    yaml_serde::from_str(&text).expect("the spec is valid YAML")
}

/// The documented example of `components.schemas.Webhook`.
pub fn webhook_example() -> Value {
    let example = spec()["components"]["schemas"]["Webhook"]["example"].clone();
    assert!(example.is_object(), "the spec documents a Webhook example");
    example
}

/// The documented example answer of `GET /webhooks` (two webhooks).
pub fn list_example() -> Value {
    let example = spec()["paths"]["/webhooks"]["get"]["responses"]["200"]["content"]
        ["application/json"]["example"]
        .clone();
    assert!(example.is_object(), "the spec documents a list example");
    example
}

/// The triggers of the spec's `Webhook` and `WebhookTriggers` examples:
/// Open (every open posted), Click and Delivery enabled, the others disabled,
/// every option off.
pub fn example_triggers() -> WebhookTriggers {
    let mut triggers = WebhookTriggers::default();
    triggers.open.enabled = true;
    triggers.click.enabled = true;
    triggers.delivery.enabled = true;
    triggers
}

/// Asserts that `webhook` holds exactly the values of [`webhook_example`].
pub fn assert_is_webhook_example(webhook: &Webhook) {
    assert_eq!(webhook.id, 1234567);
    assert_eq!(webhook.url, "https://www.example.com/webhook-test-tracking");
    assert_eq!(webhook.message_stream, "outbound");
    assert_eq!(webhook.http_auth, Some(HttpAuth::new("user", "password")));
    assert_eq!(webhook.http_headers, vec![HttpHeader::new("name", "value")]);
    assert_eq!(webhook.triggers, example_triggers());
    assert_eq!(webhook.status, None);
}

/// The one value of header `name`, failing if it is absent or repeated.
pub fn single_header<'r>(request: &'r Request, name: &str) -> &'r str {
    let values: Vec<_> = request.headers.get_all(name).iter().collect();
    assert_eq!(
        values.len(),
        1,
        "expected exactly one `{name}` header, got {values:?}"
    );
    values[0].to_str().expect("header value is ASCII")
}

/// Asserts the headers every request carries, and that a JSON content type
/// (and a body) is sent exactly when `with_body` is true.
pub fn assert_common_headers(request: &Request, with_body: bool) {
    assert_eq!(single_header(request, "x-postmark-server-token"), TOKEN);
    assert_eq!(single_header(request, "accept"), "application/json");
    assert!(
        request.headers.get("api-version").is_none(),
        "no api-version header may be sent, got {:?}",
        request.headers.get("api-version")
    );
    assert!(
        request.headers.get("authorization").is_none(),
        "the token travels only in X-Postmark-Server-Token"
    );
    let user_agent = single_header(request, "user-agent");
    assert!(
        user_agent.starts_with("postmark-webhooks/"),
        "user agent {user_agent:?}"
    );
    assert_eq!(
        user_agent,
        concat!("postmark-webhooks/", env!("CARGO_PKG_VERSION"))
    );
    if with_body {
        assert_eq!(single_header(request, "content-type"), "application/json");
        assert!(!request.body.is_empty(), "a body was expected");
    } else {
        assert!(
            request.headers.get("content-type").is_none(),
            "no content-type without a body, got {:?}",
            request.headers.get("content-type")
        );
        assert!(
            request.body.is_empty(),
            "no body expected, got {:?}",
            String::from_utf8_lossy(&request.body)
        );
    }
}

/// The one request the server received, failing if there were more or none.
pub async fn single_request(server: &MockServer) -> Request {
    let mut requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

/// The request body as JSON.
pub fn body_json(request: &Request) -> Value {
    serde_json::from_slice(&request.body).expect("the request body is JSON")
}

/// Mounts a catch-all mock that must never be hit.
pub async fn expect_nothing(server: &MockServer) {
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .named("nothing may be sent")
        .mount(server)
        .await;
}

/// Asserts that the server received no request at all.
pub async fn assert_nothing_sent(server: &MockServer) {
    let requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    assert!(requests.is_empty(), "expected no request, got {requests:?}");
}
