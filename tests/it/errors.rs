//! Every failure maps to the right `Error` variant, status, code and message.

use crate::common;

use std::time::Duration;

use postmark_webhooks::{
    ApiError, Deadline, Error, ErrorCode, Operation, RetryPolicy, ServerClient,
};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::client;

/// A server whose `GET /webhooks/1234` answers with `response`, and the
/// error that `get(1234)` gives with retries off (retries have their own
/// tests), in exactly one attempt.
async fn get_error(response: ResponseTemplate) -> Error {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/webhooks/1234"))
        .respond_with(response)
        .expect(1)
        .mount(&server)
        .await;
    let client = ServerClient::builder(common::TOKEN)
        .base_url(server.uri())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = client.webhooks().get(1234).await.unwrap_err();
    assert_eq!(err.attempts(), 1);
    err
}

fn postmark(status: u16, code: i64, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({"ErrorCode": code, "Message": message}))
}

fn api(err: &Error) -> &ApiError {
    match err {
        Error::Api(api) => api,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn unauthorized_is_invalid_token() {
    let message = "No Account or Server API tokens were supplied in the HTTP headers.";
    let err = get_error(postmark(401, 10, message)).await;

    let api = api(&err);
    assert_eq!(api.status(), 401);
    assert_eq!(api.code(), Some(ErrorCode::InvalidToken));
    assert_eq!(api.message(), message);
    assert_eq!(api.operation(), Operation::GetWebhook);
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.code(), Some(ErrorCode::InvalidToken));
    assert_eq!(err.operation(), Some(Operation::GetWebhook));
    assert!(!err.is_not_found());
}

#[tokio::test]
async fn webhook_not_found_code_is_not_found() {
    let err = get_error(postmark(422, 1352, "The webhook was not found.")).await;

    let api = api(&err);
    assert_eq!(api.status(), 422);
    assert_eq!(api.code(), Some(ErrorCode::WebhookNotFound));
    assert_eq!(api.message(), "The webhook was not found.");
    assert!(err.is_not_found());
}

#[tokio::test]
async fn invalid_url_code_is_not_not_found() {
    let err = get_error(postmark(422, 1354, "Invalid Url.")).await;

    let api = api(&err);
    assert_eq!(api.status(), 422);
    assert_eq!(api.code(), Some(ErrorCode::InvalidUrl));
    assert_eq!(api.message(), "Invalid Url.");
    assert!(!err.is_not_found());
}

#[tokio::test]
async fn too_many_webhooks_code() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/webhooks"))
        .respond_with(postmark(
            422,
            1359,
            "Maximum number of webhooks reached for this stream.",
        ))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server)
        .webhooks()
        .create("https://example.com/hook")
        .await
        .unwrap_err();

    let api = api(&err);
    assert_eq!(api.status(), 422);
    assert_eq!(api.code(), Some(ErrorCode::TooManyWebhooks));
    assert_eq!(api.code().map(ErrorCode::as_i64), Some(1359));
    assert_eq!(api.operation(), Operation::CreateWebhook);
    assert!(!err.is_not_found());
}

#[tokio::test]
async fn not_found_with_an_empty_body() {
    let err = get_error(ResponseTemplate::new(404)).await;

    let api = api(&err);
    assert_eq!(api.status(), 404);
    assert_eq!(api.code(), None);
    assert_eq!(api.message(), "");
    assert!(err.is_not_found());
    assert_eq!(
        err.to_string(),
        "get webhook failed with HTTP 404: (empty body)"
    );
}

#[tokio::test]
async fn not_found_with_a_json_body() {
    let err = get_error(
        ResponseTemplate::new(404).set_body_json(json!({"Message": "Resource not found."})),
    )
    .await;

    let api = api(&err);
    assert_eq!(api.status(), 404);
    assert_eq!(api.code(), None);
    assert_eq!(api.message(), "Resource not found.");
    assert!(err.is_not_found());
}

#[tokio::test]
async fn not_found_with_a_postmark_body_keeps_its_code() {
    let err = get_error(postmark(404, 1352, "The webhook was not found.")).await;

    let api = api(&err);
    assert_eq!(api.status(), 404);
    assert_eq!(api.code(), Some(ErrorCode::WebhookNotFound));
    assert!(err.is_not_found());
}

#[tokio::test]
async fn rate_limited() {
    let err = get_error(
        ResponseTemplate::new(429)
            .insert_header("retry-after", "3")
            .set_body_json(json!({"ErrorCode": 429, "Message": "Rate limit exceeded."})),
    )
    .await;

    let api = api(&err);
    assert_eq!(api.status(), 429);
    assert_eq!(api.code(), Some(ErrorCode::Unknown(429)));
    assert_eq!(api.message(), "Rate limit exceeded.");
    assert!(!err.is_not_found());
}

#[tokio::test]
async fn rate_limited_with_an_empty_body() {
    let err = get_error(ResponseTemplate::new(429)).await;

    let api = api(&err);
    assert_eq!(api.status(), 429);
    assert_eq!(api.code(), None);
    assert_eq!(api.message(), "");
}

#[tokio::test]
async fn unsupported_media_type() {
    let err = get_error(postmark(415, 415, "Unsupported Media Type.")).await;

    assert_eq!(api(&err).status(), 415);
    assert_eq!(api(&err).message(), "Unsupported Media Type.");
}

#[tokio::test]
async fn server_error_with_html_body_keeps_its_start() {
    let html = "<html>\n  <head><title>500 Internal Server Error</title></head>\n  \
                <body><h1>Internal   Server Error</h1></body>\n</html>\n";
    let err = get_error(ResponseTemplate::new(500).set_body_raw(html, "text/html")).await;

    let api = api(&err);
    assert_eq!(api.status(), 500);
    assert_eq!(api.code(), None);
    assert_eq!(
        api.message(),
        "<html> <head><title>500 Internal Server Error</title></head> \
         <body><h1>Internal Server Error</h1></body> </html>"
    );
    assert!(api.message().starts_with("<html>"));
    assert!(err.to_string().starts_with(
        "get webhook failed with HTTP 500: <html> <head><title>500 Internal Server Error"
    ));
}

#[tokio::test]
async fn server_error_with_long_html_body_is_cut_short() {
    let html = format!("<html><body>{}</body></html>", "x".repeat(5000));
    let err = get_error(ResponseTemplate::new(502).set_body_raw(html.clone(), "text/html")).await;

    let api = api(&err);
    assert_eq!(api.status(), 502);
    assert_eq!(api.code(), None);
    let message = api.message();
    assert_eq!(message.chars().count(), 201, "{message}");
    assert!(message.ends_with('…'));
    let expected: String = html.chars().take(200).chain(['…']).collect();
    assert_eq!(message, expected);
}

#[tokio::test]
async fn server_error_with_a_huge_body_is_cut_short() {
    let body = "y".repeat(1024 * 1024);
    let err = get_error(ResponseTemplate::new(500).set_body_raw(body, "text/plain")).await;

    let message = api(&err).message();
    assert_eq!(message, format!("{}…", "y".repeat(200)));
}

#[tokio::test]
async fn maintenance() {
    let err = get_error(ResponseTemplate::new(503).set_body_json(json!({"ErrorCode": 100}))).await;

    let api = api(&err);
    assert_eq!(api.status(), 503);
    assert_eq!(api.code(), Some(ErrorCode::Maintenance));
    assert_eq!(api.code().map(ErrorCode::as_i64), Some(100));
}

#[tokio::test]
async fn unknown_code_is_kept() {
    let err = get_error(postmark(
        422,
        1301,
        "Inbound message streams do not support webhooks.",
    ))
    .await;

    let api = api(&err);
    assert_eq!(api.code(), Some(ErrorCode::Unknown(1301)));
    assert_eq!(api.code().map(ErrorCode::as_i64), Some(1301));
    assert!(!err.is_not_found());
}

#[tokio::test]
async fn success_with_invalid_json_is_a_decode_error() {
    let err =
        get_error(ResponseTemplate::new(200).set_body_raw("{not json", "application/json")).await;

    let Error::Decode(decode) = &err else {
        panic!("expected Error::Decode, got {err:?}")
    };
    assert_eq!(decode.status(), 200);
    assert_eq!(decode.operation(), Operation::GetWebhook);
    assert_eq!(err.status(), Some(200));
    assert_eq!(err.code(), None);
    assert!(!err.is_not_found());
    assert!(
        err.to_string()
            .starts_with("get webhook: HTTP 200 answer is not the expected JSON: "),
        "{err}"
    );
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn success_with_the_wrong_json_is_a_decode_error() {
    let err = get_error(ResponseTemplate::new(200).set_body_json(json!({"ID": 1234}))).await;

    assert!(
        matches!(&err, Error::Decode(d) if d.status() == 200),
        "{err:?}"
    );
}

#[tokio::test]
async fn list_success_with_invalid_json_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/webhooks"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<html></html>", "text/html"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).webhooks().list().await.unwrap_err();

    assert!(
        matches!(&err, Error::Decode(d) if d.status() == 200 && d.operation() == Operation::ListWebhooks),
        "{err:?}"
    );
}

#[tokio::test]
async fn unexpected_success_status_is_an_api_error() {
    let err = get_error(ResponseTemplate::new(201).set_body_json(json!({}))).await;

    let api = api(&err);
    assert_eq!(api.status(), 201);
    assert_eq!(api.code(), None);
    assert_eq!(api.message(), "unexpected HTTP status 201 Created");
}

#[tokio::test]
async fn display_names_the_operation_status_and_code() {
    let err = get_error(postmark(422, 1352, "The webhook was not found.")).await;

    assert_eq!(
        err.to_string(),
        "get webhook failed with HTTP 422, Postmark error 1352: The webhook was not found."
    );
}

#[tokio::test]
async fn display_of_each_operation() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(postmark(422, 1361, "Bad value."))
        .mount(&server)
        .await;
    let client = client(&server);
    let hooks = client.webhooks();

    let errors = [
        hooks.list().await.unwrap_err(),
        hooks.get(1).await.unwrap_err(),
        hooks.create("https://example.com/h").await.unwrap_err(),
        hooks.edit(1).await.unwrap_err(),
        hooks.delete(1).await.unwrap_err(),
    ];
    let expected = [
        (Operation::ListWebhooks, "list webhooks"),
        (Operation::GetWebhook, "get webhook"),
        (Operation::CreateWebhook, "create webhook"),
        (Operation::EditWebhook, "edit webhook"),
        (Operation::DeleteWebhook, "delete webhook"),
    ];
    for (err, (operation, name)) in errors.iter().zip(expected) {
        assert_eq!(err.operation(), Some(operation));
        assert_eq!(err.code(), Some(ErrorCode::InvalidFieldValue));
        assert_eq!(
            err.to_string(),
            format!("{name} failed with HTTP 422, Postmark error 1361: Bad value.")
        );
    }
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = ServerClient::builder("test-token")
        .base_url(format!("http://127.0.0.1:{port}"))
        .build()
        .unwrap();

    let err = client.webhooks().get(1234).await.unwrap_err();

    let Error::Transport(transport) = &err else {
        panic!("expected Error::Transport, got {err:?}")
    };
    assert_eq!(transport.operation(), Operation::GetWebhook);
    assert_eq!(err.operation(), Some(Operation::GetWebhook));
    assert_eq!(err.status(), None);
    assert_eq!(err.code(), None);
    assert!(!err.is_not_found());
    assert_eq!(
        err.to_string(),
        "get webhook: could not connect to the server"
    );
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn slow_server_is_a_request_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/webhooks"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"Webhooks": []}))
                .set_delay(Duration::from_secs(5)),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = ServerClient::builder("test-token")
        .base_url(server.uri())
        .timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();

    let started = std::time::Instant::now();
    let err = client.webhooks().list().await.unwrap_err();
    let elapsed = started.elapsed();

    let Error::Timeout(timeout) = &err else {
        panic!("expected Error::Timeout, got {err:?}")
    };
    assert_eq!(timeout.deadline(), Deadline::Attempt);
    assert_eq!(timeout.operation(), Operation::ListWebhooks);
    assert_eq!(err.status(), None);
    assert!(elapsed < Duration::from_secs(4), "took {elapsed:?}");
    assert_eq!(
        err.to_string(),
        "list webhooks: attempt timeout passed before Postmark answered"
    );
}

#[test]
fn error_codes_round_trip_through_their_numbers() {
    let named = [
        (10, ErrorCode::InvalidToken),
        (100, ErrorCode::Maintenance),
        (402, ErrorCode::InvalidJson),
        (403, ErrorCode::IncompatibleJson),
        (1226, ErrorCode::MessageStreamNotFound),
        (1350, ErrorCode::MessageStreamArchived),
        (1351, ErrorCode::InboundStreamNotSupported),
        (1352, ErrorCode::WebhookNotFound),
        (1353, ErrorCode::TriggerNotSupported),
        (1354, ErrorCode::InvalidUrl),
        (1355, ErrorCode::MissingRequestBody),
        (1356, ErrorCode::IdNotAllowed),
        (1357, ErrorCode::CannotChangeIdOrStream),
        (1358, ErrorCode::InvalidHttpHeader),
        (1359, ErrorCode::TooManyWebhooks),
        (1360, ErrorCode::CannotUpdateIntegration),
        (1361, ErrorCode::InvalidFieldValue),
        (1362, ErrorCode::InvalidStatus),
        (1363, ErrorCode::StatusNotAllowed),
        (1364, ErrorCode::VerificationFailed),
    ];
    for (number, code) in named {
        assert_eq!(ErrorCode::from_i64(number), code);
        assert_eq!(code.as_i64(), number);
        assert_eq!(code.to_string(), number.to_string());
    }
    for number in [0, 1, 401, 1301, 1365, -1] {
        assert_eq!(ErrorCode::from_i64(number), ErrorCode::Unknown(number));
        assert_eq!(ErrorCode::Unknown(number).as_i64(), number);
    }
}

/// A JSON error body that is not Postmark's (an API gateway's, say) should
/// be kept as the message, as it is for an HTML body. Today it decodes as a
/// Postmark error with neither field, so the message is empty and `Display`
/// claims the body was empty.
#[tokio::test]
async fn foreign_json_error_body_is_kept_as_the_message() {
    let err = get_error(
        ResponseTemplate::new(502).set_body_json(json!({"message": "Internal server error"})),
    )
    .await;

    let api = api(&err);
    assert_eq!(api.status(), 502);
    assert_eq!(api.code(), None);
    assert_eq!(api.message(), r#"{"message":"Internal server error"}"#);
    assert!(!err.to_string().contains("(empty body)"), "{err}");
}
