//! Rules of the embedded mock that the typed client cannot break, checked
//! with raw HTTP requests.
#![cfg(feature = "mock")]

use crate::raw_http;
use postmark_webhooks::mock::MockServer;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const NO_TOKEN_MESSAGE: &str = "No Account or Server API tokens were supplied in the HTTP headers. Please add a header for either X-Postmark-Server-Token or X-Postmark-Account-Token.";

/// A raw request with the token, `Accept` and (for a body) `Content-Type`
/// set as a well-behaved client sets them.
fn request(mock: &MockServer, method: Method, path: &str) -> reqwest::RequestBuilder {
    raw_http::request(mock, method, path).header("X-Postmark-Server-Token", mock.server_token())
}

fn json_request(
    mock: &MockServer,
    method: Method,
    path: &str,
    body: impl Into<reqwest::Body>,
) -> reqwest::RequestBuilder {
    request(mock, method, path)
        .header("Content-Type", "application/json")
        .body(body)
}

/// Sends the request and returns its status, Content-Type and JSON body.
async fn send(builder: reqwest::RequestBuilder) -> (StatusCode, String, Value) {
    let response = builder.send().await.expect("the mock answers");
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = response.bytes().await.expect("the answer is read");
    let body = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        panic!(
            "HTTP {status}: the body is not JSON ({e}): {:?}",
            String::from_utf8_lossy(&bytes)
        )
    });
    (status, content_type, body)
}

/// Sends the request and asserts a Postmark error answer: this status,
/// `application/json`, and a body of exactly `ErrorCode` and `Message` with
/// this code. Returns the message.
#[track_caller]
fn check_error(answer: (StatusCode, String, Value), status: u16, code: i64) -> String {
    let (actual_status, content_type, body) = answer;
    assert_eq!(actual_status.as_u16(), status, "status; body {body}");
    assert!(
        content_type.starts_with("application/json"),
        "content type {content_type:?}"
    );
    let object = body.as_object().expect("the error body is an object");
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["ErrorCode", "Message"], "keys of {body}");
    assert_eq!(body["ErrorCode"], json!(code), "code; body {body}");
    let message = body["Message"].as_str().expect("the message is a string");
    assert!(!message.is_empty());
    message.to_owned()
}

async fn expect_error(builder: reqwest::RequestBuilder, status: u16, code: i64) -> String {
    let answer = send(builder).await;
    check_error(answer, status, code)
}

async fn create_one(mock: &MockServer) -> Value {
    let (status, _, body) = send(json_request(
        mock,
        Method::POST,
        "/webhooks",
        r#"{"Url":"https://example.com/hook"}"#,
    ))
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

#[tokio::test]
async fn a_created_webhook_is_exactly_this_json() {
    let mock = MockServer::start().await;
    let (status, content_type, body) = send(json_request(
        &mock,
        Method::POST,
        "/webhooks",
        r#"{"Url":"https://example.com/hook"}"#,
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let expected = json!({
        "ID": 1,
        "Url": "https://example.com/hook",
        "MessageStream": "outbound",
        "Status": "verified",
        "HttpAuth": null,
        "HttpHeaders": [],
        "Triggers": {
            "Open": {"Enabled": false, "PostFirstOpenOnly": false},
            "Click": {"Enabled": false},
            "Delivery": {"Enabled": false},
            "Bounce": {"Enabled": false, "IncludeContent": false},
            "SpamComplaint": {"Enabled": false, "IncludeContent": false},
            "SubscriptionChange": {"Enabled": false}
        }
    });
    assert_eq!(body, expected);

    // get and list answer the same JSON.
    let (status, _, got) = send(request(&mock, Method::GET, "/webhooks/1")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got, expected);
    let (status, _, listed) = send(request(&mock, Method::GET, "/webhooks")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed, json!({ "Webhooks": [expected] }));
}

#[tokio::test]
async fn a_full_create_answers_every_field() {
    let mock = MockServer::start().await;
    let body = json!({
        "Url": "https://user:pw@example.com/hook",
        "MessageStream": "broadcast",
        "HttpAuth": {"Username": "u", "Password": "p"},
        "HttpHeaders": [{"Name": "X-Secret", "Value": "v"}],
        "Triggers": {
            "Open": {"Enabled": true, "PostFirstOpenOnly": true},
            "SpamComplaint": {"Enabled": true, "IncludeContent": true},
            "SubscriptionChange": {"Enabled": true}
        },
        "Verify": false
    });
    let (status, _, answer) = send(json_request(
        &mock,
        Method::POST,
        "/webhooks",
        body.to_string(),
    ))
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(
        answer,
        json!({
            "ID": 1,
            "Url": "https://user:pw@example.com/hook",
            "MessageStream": "broadcast",
            "Status": "unverified",
            "HttpAuth": {"Username": "u", "Password": "p"},
            "HttpHeaders": [{"Name": "X-Secret", "Value": "v"}],
            "Triggers": {
                "Open": {"Enabled": true, "PostFirstOpenOnly": true},
                "Click": {"Enabled": false},
                "Delivery": {"Enabled": false},
                "Bounce": {"Enabled": false, "IncludeContent": false},
                "SpamComplaint": {"Enabled": true, "IncludeContent": true},
                "SubscriptionChange": {"Enabled": true}
            }
        })
    );
}

#[tokio::test]
async fn the_delete_answer_is_exactly_this_json() {
    let mock = MockServer::start().await;
    create_one(&mock).await;
    let (status, content_type, body) = send(request(&mock, Method::DELETE, "/webhooks/1")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    assert_eq!(
        body,
        json!({"ErrorCode": 0, "Message": "Webhook 1 removed."})
    );
    assert!(mock.webhooks().is_empty());
}

#[tokio::test]
async fn an_unknown_field_in_create_is_403() {
    let mock = MockServer::start().await;
    let message = expect_error(
        json_request(
            &mock,
            Method::POST,
            "/webhooks",
            r#"{"Url":"https://example.com/hook","Colour":"blue"}"#,
        ),
        422,
        403,
    )
    .await;
    assert!(
        message.starts_with(
            "The JSON input you provided is syntactically correct, but still not the one we expect:"
        ),
        "{message}"
    );
    // Unknown fields inside nested objects too.
    expect_error(
        json_request(
            &mock,
            Method::POST,
            "/webhooks",
            r#"{"Url":"https://example.com/hook","Triggers":{"Opens":{"Enabled":true}}}"#,
        ),
        422,
        403,
    )
    .await;
    expect_error(
        json_request(
            &mock,
            Method::POST,
            "/webhooks",
            r#"{"Url":"https://example.com/hook","Triggers":{"Click":{"Enabled":true,"PostFirstOpenOnly":true}}}"#,
        ),
        422,
        403,
    )
    .await;
    expect_error(
        json_request(
            &mock,
            Method::POST,
            "/webhooks",
            r#"{"Url":"https://example.com/hook","HttpAuth":{"Username":"u","Pasword":"p"}}"#,
        ),
        422,
        403,
    )
    .await;
    assert!(mock.webhooks().is_empty());
}

#[tokio::test]
async fn an_unknown_field_in_edit_is_403() {
    let mock = MockServer::start().await;
    create_one(&mock).await;
    expect_error(
        json_request(
            &mock,
            Method::PUT,
            "/webhooks/1",
            r#"{"Url":"https://example.com/new","Secret":true}"#,
        ),
        422,
        403,
    )
    .await;
    assert_eq!(mock.webhooks()[0].url, "https://example.com/hook");
}

#[tokio::test]
async fn an_id_in_create_is_1356() {
    let mock = MockServer::start().await;
    let message = expect_error(
        json_request(
            &mock,
            Method::POST,
            "/webhooks",
            r#"{"ID":7,"Url":"https://example.com/hook"}"#,
        ),
        422,
        1356,
    )
    .await;
    assert_eq!(
        message,
        "The 'ID' field may not be set when creating a webhook."
    );
    assert!(mock.webhooks().is_empty());
}

#[tokio::test]
async fn status_in_create_or_edit_is_1363() {
    let mock = MockServer::start().await;
    expect_error(
        json_request(
            &mock,
            Method::POST,
            "/webhooks",
            r#"{"Url":"https://example.com/hook","Status":"Verified"}"#,
        ),
        422,
        1363,
    )
    .await;
    create_one(&mock).await;
    expect_error(
        json_request(
            &mock,
            Method::PUT,
            "/webhooks/1",
            r#"{"Status":"Verified"}"#,
        ),
        422,
        1363,
    )
    .await;
}

#[tokio::test]
async fn message_stream_or_id_in_edit_is_1357() {
    let mock = MockServer::start().await;
    create_one(&mock).await;
    let message = expect_error(
        json_request(
            &mock,
            Method::PUT,
            "/webhooks/1",
            r#"{"MessageStream":"broadcast"}"#,
        ),
        422,
        1357,
    )
    .await;
    assert_eq!(
        message,
        "The 'ID' and 'MessageStream' of a webhook cannot be changed."
    );
    expect_error(
        json_request(
            &mock,
            Method::PUT,
            "/webhooks/1",
            r#"{"ID":2,"Url":"https://example.com/new"}"#,
        ),
        422,
        1357,
    )
    .await;
    let stored = &mock.webhooks()[0];
    assert_eq!(
        (
            stored.id,
            stored.message_stream.as_str(),
            stored.url.as_str()
        ),
        (1, "outbound", "https://example.com/hook")
    );
}

#[tokio::test]
async fn an_invalid_header_name_is_1358() {
    let mock = MockServer::start().await;
    let message = expect_error(
        json_request(
            &mock,
            Method::POST,
            "/webhooks",
            r#"{"Url":"https://example.com/hook","HttpHeaders":[{"Name":"Bad Name","Value":"v"}]}"#,
        ),
        422,
        1358,
    )
    .await;
    assert_eq!(message, "Invalid HTTP header name 'Bad Name'.");
    expect_error(
        json_request(
            &mock,
            Method::POST,
            "/webhooks",
            r#"{"Url":"https://example.com/hook","HttpHeaders":[{"Name":"","Value":"v"}]}"#,
        ),
        422,
        1358,
    )
    .await;
    assert!(mock.webhooks().is_empty());

    create_one(&mock).await;
    expect_error(
        json_request(
            &mock,
            Method::PUT,
            "/webhooks/1",
            r#"{"HttpHeaders":[{"Name":"Bad Name","Value":"v"}]}"#,
        ),
        422,
        1358,
    )
    .await;
    // A value with CR/LF is 1361.
    expect_error(
        json_request(
            &mock,
            Method::PUT,
            "/webhooks/1",
            r#"{"HttpHeaders":[{"Name":"X-Ok","Value":"a\r\nB: c"}]}"#,
        ),
        422,
        1361,
    )
    .await;
    assert_eq!(mock.webhooks()[0].http_headers, vec![]);
}

#[tokio::test]
async fn a_missing_or_invalid_url_is_1354() {
    let mock = MockServer::start().await;
    let message = expect_error(
        json_request(
            &mock,
            Method::POST,
            "/webhooks",
            r#"{"MessageStream":"outbound"}"#,
        ),
        422,
        1354,
    )
    .await;
    assert_eq!(
        message,
        "The 'Url' field is missing or is not a valid absolute http(s) URL."
    );
    for url in ["ftp://x", "not a url", "/relative", "https://", ""] {
        expect_error(
            json_request(
                &mock,
                Method::POST,
                "/webhooks",
                json!({ "Url": url }).to_string(),
            ),
            422,
            1354,
        )
        .await;
    }
    assert!(mock.webhooks().is_empty());

    create_one(&mock).await;
    for url in ["ftp://x", "not a url"] {
        expect_error(
            json_request(
                &mock,
                Method::PUT,
                "/webhooks/1",
                json!({ "Url": url }).to_string(),
            ),
            422,
            1354,
        )
        .await;
    }
    assert_eq!(mock.webhooks()[0].url, "https://example.com/hook");
}

#[tokio::test]
async fn a_wrong_content_type_is_415() {
    let mock = MockServer::start().await;
    let message = expect_error(
        request(&mock, Method::POST, "/webhooks")
            .header("Content-Type", "text/plain")
            .body(r#"{"Url":"https://example.com/hook"}"#),
        415,
        0,
    )
    .await;
    assert_eq!(
        message,
        "The 'Content-Type' header must be 'application/json'."
    );
    // No Content-Type at all.
    expect_error(
        request(&mock, Method::POST, "/webhooks").body(r#"{"Url":"https://example.com/hook"}"#),
        415,
        0,
    )
    .await;
    assert!(mock.webhooks().is_empty());

    create_one(&mock).await;
    expect_error(
        request(&mock, Method::PUT, "/webhooks/1")
            .header("Content-Type", "text/plain")
            .body(r#"{"Url":"https://example.com/new"}"#),
        415,
        0,
    )
    .await;
    // Parameters after the media type are fine.
    let (status, _, body) = send(
        request(&mock, Method::PUT, "/webhooks/1")
            .header("Content-Type", "application/json; charset=utf-8")
            .body(r#"{"Url":"https://example.com/new"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["Url"], "https://example.com/new");
}

#[tokio::test]
async fn a_missing_or_wrong_accept_is_415() {
    let mock = MockServer::start().await;
    create_one(&mock).await;
    let no_accept = || {
        reqwest::Client::new()
            .get(format!("{}/webhooks", mock.base_url()))
            .header("X-Postmark-Server-Token", mock.server_token())
    };
    // reqwest adds `Accept: */*` when none is set, so a request without
    // Accept has to be written by hand.
    let raw = format!(
        "GET /webhooks HTTP/1.1\r\nHost: {}\r\nX-Postmark-Server-Token: {}\r\nConnection: close\r\n\r\n",
        mock.address(),
        mock.server_token()
    );
    let answer = raw_http::exchange(&mock, raw).await;
    assert!(answer.starts_with("HTTP/1.1 415 "), "{answer}");
    let (head, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
    assert!(
        head.to_ascii_lowercase()
            .contains("\r\ncontent-type: application/json"),
        "{head}"
    );
    let body: Value = serde_json::from_str(body).expect("a JSON body");
    assert_eq!(
        body,
        json!({"ErrorCode": 0, "Message": "The 'Accept' header must be 'application/json'."})
    );
    assert_eq!(mock.requests().last().unwrap().header("accept"), None);

    let message = expect_error(no_accept().header("Accept", "text/html"), 415, 0).await;
    assert_eq!(message, "The 'Accept' header must be 'application/json'.");
    expect_error(
        reqwest::Client::new()
            .post(format!("{}/webhooks", mock.base_url()))
            .header("X-Postmark-Server-Token", mock.server_token())
            .header("Accept", "text/html")
            .header("Content-Type", "application/json")
            .body(r#"{"Url":"https://example.com/other"}"#),
        415,
        0,
    )
    .await;
    assert_eq!(mock.webhooks().len(), 1);

    // A list that includes JSON, and wildcards, are accepted.
    for accept in ["text/html, application/json;q=0.9", "*/*", "application/*"] {
        let (status, _, _) = send(no_accept().header("Accept", accept)).await;
        assert_eq!(status, StatusCode::OK, "Accept: {accept}");
    }
}

#[tokio::test]
async fn malformed_json_is_402() {
    let mock = MockServer::start().await;
    let message = expect_error(
        json_request(&mock, Method::POST, "/webhooks", r#"{"Url": "https://exa"#),
        422,
        402,
    )
    .await;
    assert_eq!(message, "Received invalid JSON input.");
    create_one(&mock).await;
    expect_error(
        json_request(&mock, Method::PUT, "/webhooks/1", "{not json}"),
        422,
        402,
    )
    .await;
}

#[tokio::test]
async fn an_empty_body_is_1355() {
    let mock = MockServer::start().await;
    let message = expect_error(
        json_request(&mock, Method::POST, "/webhooks", ""),
        422,
        1355,
    )
    .await;
    assert_eq!(message, "The request body is missing.");
    expect_error(
        json_request(&mock, Method::POST, "/webhooks", "  \n"),
        422,
        1355,
    )
    .await;
    create_one(&mock).await;
    expect_error(
        json_request(&mock, Method::PUT, "/webhooks/1", ""),
        422,
        1355,
    )
    .await;
}

#[tokio::test]
async fn a_body_that_is_not_an_object_is_403() {
    let mock = MockServer::start().await;
    let message = expect_error(
        json_request(
            &mock,
            Method::POST,
            "/webhooks",
            r#"[{"Url":"https://example.com/hook"}]"#,
        ),
        422,
        403,
    )
    .await;
    assert!(
        message.ends_with("the body must be a JSON object"),
        "{message}"
    );
    expect_error(
        json_request(&mock, Method::POST, "/webhooks", "null"),
        422,
        403,
    )
    .await;
    expect_error(
        json_request(&mock, Method::POST, "/webhooks", "\"x\""),
        422,
        403,
    )
    .await;
    assert!(mock.webhooks().is_empty());
}

#[tokio::test]
async fn a_field_of_the_wrong_type_is_403() {
    let mock = MockServer::start().await;
    expect_error(
        json_request(&mock, Method::POST, "/webhooks", r#"{"Url":5}"#),
        422,
        403,
    )
    .await;
    expect_error(
        json_request(
            &mock,
            Method::POST,
            "/webhooks",
            r#"{"Url":"https://example.com/hook","Triggers":{"Open":{"Enabled":"yes"}}}"#,
        ),
        422,
        403,
    )
    .await;
    expect_error(
        json_request(
            &mock,
            Method::POST,
            "/webhooks",
            r#"{"Url":"https://example.com/hook","HttpHeaders":{"Name":"X","Value":"v"}}"#,
        ),
        422,
        403,
    )
    .await;
    assert!(mock.webhooks().is_empty());
}

#[tokio::test]
async fn a_missing_token_is_401_code_10() {
    let mock = MockServer::start().await;
    let client = reqwest::Client::new();
    for (method, path) in [
        (Method::GET, "/webhooks"),
        (Method::GET, "/webhooks/1"),
        (Method::DELETE, "/webhooks/1"),
    ] {
        let message = expect_error(
            client
                .request(method, format!("{}{path}", mock.base_url()))
                .header("Accept", "application/json"),
            401,
            10,
        )
        .await;
        assert_eq!(message, NO_TOKEN_MESSAGE);
    }
    let message = expect_error(
        client
            .post(format!("{}/webhooks", mock.base_url()))
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .body(r#"{"Url":"https://example.com/hook"}"#),
        401,
        10,
    )
    .await;
    assert_eq!(message, NO_TOKEN_MESSAGE);
    assert!(mock.webhooks().is_empty());

    // A wrong token gets another message.
    let message = expect_error(
        client
            .get(format!("{}/webhooks", mock.base_url()))
            .header("Accept", "application/json")
            .header("X-Postmark-Server-Token", "wrong"),
        401,
        10,
    )
    .await;
    assert_eq!(
        message,
        "The Server Token you provided in the X-Postmark-Server-Token header was invalid. Please verify that you are using a valid token."
    );
}

#[tokio::test]
async fn the_token_is_checked_before_accept_and_body() {
    let mock = MockServer::start().await;
    // No token, no Accept, no Content-Type, broken body: the token wins.
    let message = expect_error(
        reqwest::Client::new()
            .post(format!("{}/webhooks", mock.base_url()))
            .body("{"),
        401,
        10,
    )
    .await;
    assert_eq!(message, NO_TOKEN_MESSAGE);
}

#[tokio::test]
async fn not_found_ids_are_1352() {
    let mock = MockServer::start().await;
    let message = expect_error(request(&mock, Method::GET, "/webhooks/99"), 422, 1352).await;
    assert_eq!(message, "No webhook with ID 99 was found.");
    let message = expect_error(request(&mock, Method::GET, "/webhooks/abc"), 422, 1352).await;
    assert_eq!(message, "No webhook with ID 'abc' was found.");
    expect_error(request(&mock, Method::DELETE, "/webhooks/99"), 422, 1352).await;
    expect_error(
        json_request(
            &mock,
            Method::PUT,
            "/webhooks/99",
            r#"{"Url":"https://example.com/x"}"#,
        ),
        422,
        1352,
    )
    .await;
}

#[tokio::test]
async fn null_fields_in_edit_leave_the_webhook_unchanged() {
    let mock = MockServer::start().await;
    let (status, _, created) = send(json_request(
        &mock,
        Method::POST,
        "/webhooks",
        r#"{"Url":"https://example.com/hook","HttpAuth":{"Username":"u","Password":"p"},"HttpHeaders":[{"Name":"X","Value":"v"}],"Triggers":{"Click":{"Enabled":true}}}"#,
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, edited) = send(json_request(
        &mock,
        Method::PUT,
        "/webhooks/1",
        r#"{"Url":null,"HttpAuth":null,"HttpHeaders":null,"Triggers":{"Click":null}}"#,
    ))
    .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(edited, created);

    let (status, _, edited) = send(json_request(
        &mock,
        Method::PUT,
        "/webhooks/1",
        r#"{"HttpHeaders":[]}"#,
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(edited["HttpHeaders"], json!([]));
    assert_eq!(edited["HttpAuth"], created["HttpAuth"]);
}

#[tokio::test]
async fn unknown_routes_are_404() {
    let mock = MockServer::start().await;
    let response = request(&mock, Method::GET, "/messages/outbound")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let logged = mock.requests();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].path, "/messages/outbound");
    assert_eq!(logged[0].operation, None);
}

fn oversized_create(mock: &MockServer) -> reqwest::RequestBuilder {
    // 2 MiB of whitespace: more than the mock reads (1 MiB).
    json_request(mock, Method::POST, "/webhooks", vec![b' '; 2 * 1024 * 1024])
}

#[tokio::test]
async fn a_body_over_one_mebibyte_is_413() {
    let mock = MockServer::start().await;
    let message = expect_error(oversized_create(&mock), 413, 0).await;
    assert_eq!(message, "The request body is too large.");
    assert!(mock.webhooks().is_empty());
}

#[tokio::test]
async fn a_refused_oversized_request_is_logged() {
    let mock = MockServer::start().await;
    let _ = oversized_create(&mock).send().await;
    let log = mock.requests();
    assert_eq!(log.len(), 1, "the refused request is logged");
    assert_eq!(
        (log[0].method.as_str(), log[0].path.as_str()),
        ("POST", "/webhooks")
    );
    assert_eq!(
        log[0].operation,
        Some(postmark_webhooks::Operation::CreateWebhook)
    );
}

#[tokio::test]
async fn header_names_that_clash_with_a_delivery_are_1358() {
    let mock = MockServer::start().await;
    for name in [
        "Host",
        "content-length",
        "Transfer-Encoding",
        "Connection",
        "X-Postmark-Server-Token",
        "x-pm-retries-remaining",
        "X-PM-Webhook-Trace-Id",
    ] {
        let body = json!({"Url": "https://example.com/hook", "HttpHeaders": [{"Name": name, "Value": "v"}]});
        let message = expect_error(
            json_request(&mock, Method::POST, "/webhooks", body.to_string()),
            422,
            1358,
        )
        .await;
        assert_eq!(message, format!("Invalid HTTP header name '{name}'."));
    }
    // Authorization beside HttpAuth, in one create.
    let both = json!({"Url": "https://example.com/hook",
        "HttpAuth": {"Username": "u", "Password": "p"},
        "HttpHeaders": [{"Name": "Authorization", "Value": "Bearer x"}]});
    expect_error(
        json_request(&mock, Method::POST, "/webhooks", both.to_string()),
        422,
        1358,
    )
    .await;
    assert!(mock.webhooks().is_empty());

    // Alone, Authorization is how Postmark's docs send a bearer token.
    let (status, _, bearer) = send(json_request(
        &mock,
        Method::POST,
        "/webhooks",
        r#"{"Url":"https://example.com/hook","HttpHeaders":[{"Name":"Authorization","Value":"Bearer x"}]}"#,
    ))
    .await;
    assert_eq!(status, StatusCode::OK, "{bearer}");
    // Adding HttpAuth to it afterwards clashes with the stored header...
    expect_error(
        json_request(
            &mock,
            Method::PUT,
            "/webhooks/1",
            r#"{"HttpAuth":{"Username":"u","Password":"p"}}"#,
        ),
        422,
        1358,
    )
    .await;
    assert_eq!(mock.webhooks()[0].http_auth, None);
    // ...unless the same edit clears the headers.
    let (status, _, edited) = send(json_request(
        &mock,
        Method::PUT,
        "/webhooks/1",
        r#"{"HttpAuth":{"Username":"u","Password":"p"},"HttpHeaders":[]}"#,
    ))
    .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    // And the header cannot come back while HttpAuth is stored.
    expect_error(
        json_request(
            &mock,
            Method::PUT,
            "/webhooks/1",
            r#"{"HttpHeaders":[{"Name":"authorization","Value":"Bearer x"}]}"#,
        ),
        422,
        1358,
    )
    .await;
    assert_eq!(mock.webhooks()[0].http_headers, vec![]);
}
