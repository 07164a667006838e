//! Fault injection of the embedded mock, observed through the typed client.
//! The client makes exactly one request per call (no retries), so every
//! fault shows up as the call's result.
#![cfg(feature = "mock")]

use std::time::{Duration, Instant};

use crate::raw_http;
use postmark_webhooks::mock::{Fault, MockServer};
use postmark_webhooks::{Deadline, Error, ErrorCode, Operation, RetryPolicy, ServerClient};

const MAINTENANCE: &str = r#"{"ErrorCode":100,"Message":"Maintenance"}"#;

/// A client with retries off, so that each call is one request and the
/// faults are seen as they are (retries have their own tests).
fn client_for(mock: &MockServer) -> ServerClient {
    mock.client_builder()
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("a client for the mock builds")
}

fn client_with_timeout(mock: &MockServer, timeout: Duration) -> ServerClient {
    mock.client_builder()
        .retry_policy(RetryPolicy::disabled())
        .timeout(timeout)
        .build()
        .expect("a client for the mock builds")
}

/// Asserts an `Error::Api` and returns (status, code, message).
#[track_caller]
fn api<T: std::fmt::Debug>(result: Result<T, Error>) -> (u16, Option<ErrorCode>, String) {
    match result {
        Err(Error::Api(api)) => (api.status(), api.code(), api.message().to_owned()),
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn a_status_fault_applies_the_given_number_of_times() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    mock.inject(Fault::status(503).json(MAINTENANCE).times(2));

    for attempt in 1..=2 {
        let err = client.webhooks().list().await.unwrap_err();
        assert_eq!(err.status(), Some(503), "attempt {attempt}");
        assert_eq!(
            err.code(),
            Some(ErrorCode::Maintenance),
            "attempt {attempt}"
        );
        assert_eq!(err.operation(), Some(Operation::ListWebhooks));
        let (status, code, message) = api(Err::<(), _>(err));
        assert_eq!((status, code), (503, Some(ErrorCode::Maintenance)));
        assert_eq!(message, "Maintenance");
        assert_eq!(mock.requests().len(), attempt, "one request per call");
    }
    assert_eq!(client.webhooks().list().await.unwrap(), vec![]);
    assert_eq!(mock.requests().len(), 3);
    // Used up: nothing more fails.
    assert_eq!(client.webhooks().list().await.unwrap(), vec![]);
    assert_eq!(mock.requests().len(), 4);
}

#[tokio::test]
async fn a_fault_applies_to_any_operation_unless_restricted() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    mock.inject(Fault::status(500).times(3));

    let (status, code, message) = api(client.webhooks().create("https://example.com/h").await);
    assert_eq!((status, code, message.as_str()), (500, None, ""));
    let (status, _, _) = api(client.webhooks().get(1).await);
    assert_eq!(status, 500);
    let (status, _, _) = api(client.webhooks().delete(1).await);
    assert_eq!(status, 500);
    // Used up after three requests.
    assert_eq!(client.webhooks().list().await.unwrap(), vec![]);
    assert!(mock.webhooks().is_empty());
}

#[tokio::test]
async fn an_html_answer_is_an_api_error_without_a_code() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    mock.inject(Fault::status(502).body("<html>Bad Gateway</html>"));

    let err = client.webhooks().list().await.unwrap_err();
    assert!(!err.is_not_found());
    assert_eq!(err.code(), None);
    let (status, code, message) = api(Err::<(), _>(err));
    assert_eq!(status, 502);
    assert_eq!(code, None);
    assert!(message.contains("Bad Gateway"), "{message}");
    assert_eq!(message, "<html>Bad Gateway</html>");
}

#[tokio::test]
async fn an_empty_error_body_is_an_api_error_with_an_empty_message() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    mock.inject(Fault::status(429).header("Retry-After", "1"));
    let err = client.webhooks().list().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "list webhooks failed with HTTP 429: (empty body)"
    );
    let (status, code, message) = api(Err::<(), _>(err));
    assert_eq!((status, code, message.as_str()), (429, None, ""));
}

#[tokio::test]
async fn a_json_error_with_an_unknown_code_keeps_the_number() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    mock.inject(Fault::status(422).json(r#"{"ErrorCode":1301,"Message":"Inbound not supported"}"#));
    let (status, code, message) = api(client.webhooks().create("https://example.com/h").await);
    assert_eq!(status, 422);
    assert_eq!(code, Some(ErrorCode::Unknown(1301)));
    assert_eq!(message, "Inbound not supported");
    assert!(mock.webhooks().is_empty());
}

#[tokio::test]
async fn a_fault_for_one_operation_skips_the_others() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    mock.inject(
        Fault::status(503)
            .json(MAINTENANCE)
            .only(Operation::CreateWebhook),
    );

    // Lists pass, and do not use the fault up.
    assert_eq!(client.webhooks().list().await.unwrap(), vec![]);
    assert_eq!(client.webhooks().list().await.unwrap(), vec![]);
    let err = client
        .webhooks()
        .create("https://example.com/h")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.code(), Some(ErrorCode::Maintenance));
    assert_eq!(err.operation(), Some(Operation::CreateWebhook));
    // Used once, so the next create succeeds.
    let created = client
        .webhooks()
        .create("https://example.com/h")
        .await
        .unwrap();
    assert_eq!(created.id, 1);
    assert_eq!(mock.requests().len(), 4);
}

#[tokio::test]
async fn faults_apply_in_the_order_they_were_injected() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    mock.inject(Fault::status(500).only(Operation::GetWebhook));
    mock.inject(Fault::status(502));
    mock.inject(Fault::status(503));

    // The list skips the Get-only fault and takes the 502.
    assert_eq!(api(client.webhooks().list().await).0, 502);
    // The get takes its own fault first.
    assert_eq!(api(client.webhooks().get(1).await).0, 500);
    assert_eq!(api(client.webhooks().get(1).await).0, 503);
    // All used: a real answer.
    let err = client.webhooks().get(1).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
}

#[tokio::test]
async fn a_canned_answer_carries_its_headers() {
    let mock = MockServer::start().await;
    mock.inject(
        Fault::status(429)
            .header("Retry-After", "7")
            .header("X-Extra", "yes")
            .json(r#"{"ErrorCode":429,"Message":"Slow down"}"#),
    );
    let response = reqwest::Client::new()
        .get(format!("{}/webhooks", mock.base_url()))
        .header("X-Postmark-Server-Token", mock.server_token())
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 429);
    let headers = response.headers();
    assert_eq!(headers.get("retry-after").unwrap(), "7");
    assert_eq!(headers.get("x-extra").unwrap(), "yes");
    assert_eq!(headers.get("content-type").unwrap(), "application/json");
    assert_eq!(
        response.text().await.unwrap(),
        r#"{"ErrorCode":429,"Message":"Slow down"}"#
    );

    // Authentication comes first: a request without a token is 401 and
    // leaves the fault for the next authenticated one.
    mock.inject(Fault::status(503).header("Retry-After", "7"));
    let response = reqwest::Client::new()
        .get(format!("{}/webhooks", mock.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let response = reqwest::Client::new()
        .get(format!("{}/webhooks", mock.base_url()))
        .header("X-Postmark-Server-Token", mock.server_token())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(response.headers().get("retry-after").unwrap(), "7");
}

#[tokio::test]
async fn a_delay_longer_than_the_timeout_is_a_timeout() {
    let mock = MockServer::start().await;
    let client = client_with_timeout(&mock, Duration::from_millis(100));
    mock.inject(Fault::delay(Duration::from_millis(300)));

    let started = Instant::now();
    let err = client.webhooks().list().await.unwrap_err();
    let elapsed = started.elapsed();
    match &err {
        Error::Timeout(timeout) => {
            assert_eq!(timeout.deadline(), Deadline::Attempt);
            assert_eq!(timeout.operation(), Operation::ListWebhooks);
        }
        other => panic!("expected Error::Timeout, got {other:?}"),
    }
    assert_eq!(err.status(), None);
    assert_eq!(err.operation(), Some(Operation::ListWebhooks));
    assert!(
        elapsed < Duration::from_millis(290),
        "the client gave up at its timeout, not after the delay: {elapsed:?}"
    );
    assert_eq!(mock.requests().len(), 1);

    // The delay is used up: the next call is fast and succeeds.
    assert_eq!(client.webhooks().list().await.unwrap(), vec![]);
}

#[tokio::test]
async fn a_delay_shorter_than_the_timeout_succeeds_after_the_delay() {
    let mock = MockServer::start().await;
    let client = client_with_timeout(&mock, Duration::from_secs(5));
    mock.inject(Fault::delay(Duration::from_millis(200)));

    let started = Instant::now();
    let created = client
        .webhooks()
        .create("https://example.com/slow")
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(created.id, 1);
    assert_eq!(mock.webhooks(), vec![created]);
}

#[tokio::test]
async fn a_delayed_status_waits_then_answers() {
    let mock = MockServer::start().await;
    let client = client_with_timeout(&mock, Duration::from_secs(5));
    mock.inject(
        Fault::status(503)
            .json(MAINTENANCE)
            .after(Duration::from_millis(150)),
    );
    let started = Instant::now();
    let err = client.webhooks().list().await.unwrap_err();
    assert!(started.elapsed() >= Duration::from_millis(150));
    assert_eq!(err.code(), Some(ErrorCode::Maintenance));
    assert_eq!(err.status(), Some(503));
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error_but_the_webhook_was_created() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    mock.inject(Fault::drop_connection().only(Operation::CreateWebhook));

    // The list is not affected.
    assert_eq!(client.webhooks().list().await.unwrap(), vec![]);

    let err = client
        .webhooks()
        .create("https://example.com/h")
        .await
        .unwrap_err();
    match &err {
        Error::Transport(transport) => {
            assert_eq!(transport.operation(), Operation::CreateWebhook);
            // Today no byte of the answer reaches the client, so the error
            // comes from sending the request ("the request failed"); once
            // the head arrives as documented it will come from reading the
            // body. Both are `Error::Transport`; see the ignored test below.
            assert!(
                transport.to_string().starts_with("create webhook: "),
                "{transport}"
            );
        }
        other => panic!("expected Error::Transport, got {other:?}"),
    }
    assert_eq!(err.status(), None);
    assert!(!err.is_not_found());

    // The change was made on the server all the same.
    let stored = mock.webhooks();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].id, 1);
    assert_eq!(stored[0].url, "https://example.com/h");
    assert_eq!(client.webhooks().list().await.unwrap(), stored);
    assert_eq!(mock.requests().len(), 3);
}

#[tokio::test]
async fn a_status_fault_changes_nothing() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    mock.inject(Fault::status(503).json(MAINTENANCE));
    let err = client
        .webhooks()
        .create("https://example.com/h")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::Maintenance));
    assert!(mock.webhooks().is_empty());
    // The ID was not used up either.
    let created = client
        .webhooks()
        .create("https://example.com/h")
        .await
        .unwrap();
    assert_eq!(created.id, 1);

    // Same for edit and delete.
    mock.inject(Fault::status(500).times(2));
    assert_eq!(
        api(client
            .webhooks()
            .edit(1)
            .url("https://example.com/changed")
            .await)
        .0,
        500
    );
    assert_eq!(api(client.webhooks().delete(1).await).0, 500);
    assert_eq!(mock.webhooks(), vec![created]);
}

#[tokio::test]
async fn clear_faults_removes_queued_faults() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    mock.inject(Fault::status(503).json(MAINTENANCE).times(5));
    mock.inject(Fault::drop_connection());
    assert_eq!(
        client.webhooks().list().await.unwrap_err().status(),
        Some(503)
    );
    mock.clear_faults();
    assert_eq!(client.webhooks().list().await.unwrap(), vec![]);
    let created = client
        .webhooks()
        .create("https://example.com/h")
        .await
        .unwrap();
    assert_eq!(client.webhooks().get(created.id).await.unwrap(), created);
}

#[tokio::test]
async fn a_fault_of_zero_times_is_ignored() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    mock.inject(Fault::status(503).times(0));
    assert_eq!(client.webhooks().list().await.unwrap(), vec![]);
}

#[tokio::test]
async fn faulted_requests_are_logged() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    mock.inject(
        Fault::status(503)
            .json(MAINTENANCE)
            .only(Operation::CreateWebhook),
    );
    mock.inject(Fault::drop_connection().only(Operation::DeleteWebhook));

    let _ = client
        .webhooks()
        .create("https://example.com/a")
        .await
        .unwrap_err();
    client
        .webhooks()
        .create("https://example.com/b")
        .await
        .unwrap();
    let _ = client.webhooks().delete(1).await.unwrap_err();

    let log = mock.requests();
    let summary: Vec<(&str, &str, Option<Operation>)> = log
        .iter()
        .map(|r| (r.method.as_str(), r.path.as_str(), r.operation))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("POST", "/webhooks", Some(Operation::CreateWebhook)),
            ("POST", "/webhooks", Some(Operation::CreateWebhook)),
            ("DELETE", "/webhooks/1", Some(Operation::DeleteWebhook)),
        ]
    );
    let body: serde_json::Value = serde_json::from_slice(&log[0].body).unwrap();
    assert_eq!(body, serde_json::json!({"Url": "https://example.com/a"}));
    // The dropped delete still deleted.
    assert!(mock.webhooks().is_empty());
}

#[tokio::test]
async fn drop_connection_sends_the_head_before_breaking() {
    let mock = MockServer::start().await;
    mock.inject(Fault::drop_connection());
    let request = format!(
        "GET /webhooks HTTP/1.1\r\nHost: {}\r\nAccept: application/json\r\nX-Postmark-Server-Token: {}\r\n\r\n",
        mock.address(),
        mock.server_token()
    );
    let answer = raw_http::exchange(&mock, request).await;
    // As documented on `Fault::drop_connection`: the status line, the
    // headers and half of `{"Webhooks":[]}`, then the connection breaks.
    // Today nothing at all arrives.
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer:?}");
    let (_, body) = answer.split_once("\r\n\r\n").expect("a complete head");
    assert_eq!(body, r#"{"Webho"#);

    // So the typed client fails while reading the answer, not sending.
    let client = client_for(&mock);
    mock.inject(Fault::drop_connection());
    let err = client
        .webhooks()
        .create("https://example.com/h")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "create webhook: the connection broke while reading the answer"
    );
}

#[tokio::test]
async fn drop_connection_also_breaks_a_refused_request() {
    let mock = MockServer::start().await;
    mock.inject(Fault::drop_connection());
    // Authenticated, then refused for its Accept header (415): the fault
    // still breaks the answer.
    let err = reqwest::Client::new()
        .get(format!("{}/webhooks", mock.base_url()))
        .header("X-Postmark-Server-Token", mock.server_token())
        .header("Accept", "text/html")
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap_err();
    assert!(err.is_body() || err.is_decode(), "{err:?}");
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test]
async fn a_wrong_token_is_refused_before_any_fault() {
    let mock = MockServer::start().await;
    let wrong = ServerClient::builder("wrong-token")
        .base_url(mock.base_url())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    mock.inject(Fault::drop_connection());
    let err = wrong.webhooks().list().await.unwrap_err();
    assert_eq!(err.status(), Some(401), "{err:?}");
    assert!(mock.requests().is_empty());
    // The fault waits for an authenticated request.
    let err = client_for(&mock).webhooks().list().await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
}
