//! `GET /server` and `PUT /server`: the server's inbound hook URL, the
//! requests sent, the answers decoded, input checked, secrets hidden, and
//! Postmark's refusal of a webhook on an inbound stream.

use crate::common;

use postmark_webhooks::{Error, ErrorCode, Operation, Server};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{assert_common_headers, body_json, client, expect_nothing, single_request};

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/postmark-api/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

async fn answering(verb: &str, answer: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path("/server"))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn get_sends_get_server_and_decodes_the_hook_urls() {
    let server = answering("GET", fixture("Server-keighl-1.json")).await;

    let got = client(&server).server().get().await.unwrap();

    let request = single_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/server");
    assert_eq!(request.url.query(), None);
    assert_common_headers(&request, false);
    assert_eq!(
        got.inbound_hook_url.as_deref(),
        Some("http://hooks.example.com/inbound")
    );
    assert_eq!(
        got.bounce_hook_url.as_deref(),
        Some("http://hooks.example.com/bounce")
    );
    assert_eq!(
        got.open_hook_url.as_deref(),
        Some("http://hooks.example.com/open")
    );
    assert_eq!(
        got.delivery_hook_url.as_deref(),
        Some("http://hooks.example.com/delivery")
    );
    assert_eq!(
        got.click_hook_url.as_deref(),
        Some("http://hooks.example.com/click")
    );
}

#[tokio::test]
async fn empty_and_missing_hook_urls_are_none() {
    let server = answering("GET", fixture("Server-gem-3.json")).await;

    let got = client(&server).server().get().await.unwrap();

    let mut expected = Server::new(7438, "Staging Testing");
    expected.api_tokens = vec![postmark_webhooks::ApiToken::new(
        "fe6ec0cf-ff06-44aa-jf88-e77a41c61ce3",
    )];
    expected.server_link = Some("https://postmarkapp.com/servers/7438/overview".to_owned());
    expected.color = Some("red".to_owned());
    expected.smtp_api_activated = Some(true);
    expected.raw_email_enabled = Some(false);
    expected.inbound_address =
        Some("7373de3ebd66acea22812731fb1dd7d5@inbound.postmarkapp.com".to_owned());
    expected.inbound_domain = Some(String::new());
    expected.inbound_hash = Some("7373de3ebd66acea22812731fb1dd7d5".to_owned());
    // "" and a missing hook URL are both none.
    assert_eq!(got, expected);
}

#[tokio::test]
async fn edit_sends_exactly_the_inbound_hook_url() {
    let url = "https://inbound:s3cret@hooks.example.com/inbound";
    let server = answering(
        "PUT",
        json!({ "ID": 1, "Name": "Production", "InboundHookUrl": url }),
    )
    .await;

    let edited = client(&server)
        .server()
        .edit()
        .inbound_hook_url(url)
        .await
        .unwrap();

    let request = single_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), "/server");
    assert_common_headers(&request, true);
    assert_eq!(body_json(&request), json!({ "InboundHookUrl": url }));
    assert_eq!(edited.inbound_hook_url.as_deref(), Some(url));
}

#[tokio::test]
async fn a_bad_inbound_hook_url_is_refused_before_sending() {
    let server = MockServer::start().await;
    expect_nothing(&server).await;

    for bad in [
        "hooks.example.com/inbound",
        "ftp://hooks.example.com/",
        "https://a b@x/",
    ] {
        let err = client(&server)
            .server()
            .edit()
            .inbound_hook_url(bad)
            .await
            .unwrap_err();
        let Error::InvalidInput(input) = &err else {
            panic!("expected invalid input for {bad:?}, got {err:?}");
        };
        assert_eq!(input.field(), "inbound_hook_url");
        assert_eq!(err.operation(), Some(Operation::EditCurrentServer));
        assert_eq!(err.attempts(), 0);
    }
}

#[tokio::test]
async fn credentials_in_hook_urls_never_show() {
    let url = "https://inbound:s3cret@hooks.example.com/inbound?key=k3y";
    let server = answering(
        "PUT",
        json!({ "ID": 1, "Name": "Production", "InboundHookUrl": url }),
    )
    .await;
    let client = client(&server);

    let builder = client.server().edit().inbound_hook_url(url);
    let shown = format!("{builder:?}");
    assert!(
        !shown.contains("s3cret") && !shown.contains("k3y"),
        "{shown}"
    );
    let edited = builder.await.unwrap();
    let shown = format!("{edited:?}");
    assert!(
        shown.contains("\"https://REDACTED@hooks.example.com/inbound?REDACTED\""),
        "{shown}"
    );
    assert!(
        !shown.contains("s3cret") && !shown.contains("k3y"),
        "{shown}"
    );

    let err = client
        .server()
        .edit()
        .inbound_hook_url("https://inbound:s3cret@/")
        .await
        .unwrap_err();
    assert!(!err.to_string().contains("s3cret"), "{err}");
    assert!(!format!("{err:?}").contains("s3cret"), "{err:?}");
}

#[cfg(feature = "mock")]
mod against_the_mock {
    use postmark_webhooks::mock::{Fault, MockServer};
    use postmark_webhooks::{Error, ErrorCode, Operation};

    #[tokio::test]
    async fn the_mock_keeps_each_servers_inbound_hook_url() {
        let mock = MockServer::start().await;
        let client = mock.client();
        let other = mock.create_server_token();
        let other_client = postmark_webhooks::ServerClient::builder(other)
            .base_url(mock.base_url())
            .build()
            .unwrap();

        assert_eq!(client.server().get().await.unwrap().inbound_hook_url, None);
        let edited = client
            .server()
            .edit()
            .inbound_hook_url("https://u:p@example.com/in")
            .await
            .unwrap();

        assert_eq!(
            edited.inbound_hook_url.as_deref(),
            Some("https://u:p@example.com/in")
        );
        assert_eq!(client.server().get().await.unwrap(), edited);
        assert_eq!(
            other_client.server().get().await.unwrap().inbound_hook_url,
            None
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_put_answered_503_is_retried_and_lands_once() {
        let mock = MockServer::start().await;
        let client = mock.client();
        mock.inject(Fault::status(503).only(Operation::EditCurrentServer));

        let response = client
            .server()
            .edit()
            .inbound_hook_url("https://example.com/in")
            .send_detailed()
            .await
            .unwrap();

        assert_eq!(response.attempts(), 2);
        assert_eq!(
            response.value().inbound_hook_url.as_deref(),
            Some("https://example.com/in")
        );
        let puts: Vec<_> = mock
            .requests()
            .into_iter()
            .filter(|r| r.operation == Some(Operation::EditCurrentServer))
            .map(|r| (r.method, r.path, r.body))
            .collect();
        let body = br#"{"InboundHookUrl":"https://example.com/in"}"#.to_vec();
        assert_eq!(
            puts,
            vec![
                ("PUT".to_owned(), "/server".to_owned(), body.clone()),
                ("PUT".to_owned(), "/server".to_owned(), body)
            ]
        );
    }

    #[tokio::test]
    async fn a_webhook_on_an_inbound_stream_is_refused_with_1351() {
        let mock = MockServer::start().await;

        let err = mock
            .client()
            .webhooks()
            .create("https://example.com/hook")
            .message_stream("inbound")
            .await
            .unwrap_err();

        let Error::Api(api) = &err else {
            panic!("expected an API error, got {err:?}")
        };
        assert_eq!(api.status(), 422);
        assert_eq!(api.code(), Some(ErrorCode::InboundStreamNotSupported));
        assert_eq!(
            api.message(),
            "You cannot create a webhook using an inbound stream"
        );
    }
}

#[tokio::test]
async fn the_inbound_stream_refusal_decodes_under_either_code() {
    for (code, expected) in [
        (1351, ErrorCode::InboundStreamNotSupported),
        (1301, ErrorCode::Unknown(1301)),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/webhooks"))
            .respond_with(ResponseTemplate::new(422).set_body_json(json!({
                "ErrorCode": code,
                "Message": "You cannot create a webhook using an inbound stream",
            })))
            .mount(&server)
            .await;

        let err = client(&server)
            .webhooks()
            .create("https://example.com/hook")
            .message_stream("inbound")
            .await
            .unwrap_err();

        assert_eq!(err.code(), Some(expected));
        assert_eq!(expected.as_i64(), code);
    }
}
