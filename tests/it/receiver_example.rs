//! The axum endpoint of `examples/receiver.rs`, driven over HTTP with every
//! real payload, retries, wrong and missing credentials, and oversized and
//! invalid bodies; each answer's status is checked exactly.
#![cfg(feature = "axum")]

use crate::event_fixtures;

#[allow(dead_code)]
#[path = "../../examples/receiver.rs"]
mod example;

use example::{MAX_BODY_BYTES, PASSWORD, SECRET, SECRET_HEADER, USERNAME};
use reqwest::{RequestBuilder, StatusCode};

/// The example's endpoint on a free loopback port; its URL.
async fn start() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}{}", listener.local_addr().unwrap(), example::PATH);
    let router = example::router(example::receiver());
    tokio::spawn(async move { axum::serve(listener, router).await });
    url
}

thread_local! {
    /// One client per test (each test has its thread and its runtime):
    /// building a client loads the TLS roots, which is slow.
    static CLIENT: reqwest::Client = reqwest::Client::new();
}

fn post(url: &str, body: impl Into<reqwest::Body>) -> RequestBuilder {
    CLIENT
        .with(reqwest::Client::clone)
        .post(url)
        .header("content-type", "application/json")
        .body(body)
}

fn authorized(url: &str, body: impl Into<reqwest::Body>) -> RequestBuilder {
    post(url, body)
        .basic_auth(USERNAME, Some(PASSWORD))
        .header(SECRET_HEADER, SECRET)
}

async fn status(request: RequestBuilder) -> (StatusCode, String) {
    let response = request.send().await.expect("the endpoint answers");
    let status = response.status();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn every_real_payload_is_accepted_once_and_its_retry_is_a_duplicate() {
    let url = start().await;
    for fixture in event_fixtures::all() {
        let (first, text) = status(authorized(&url, fixture.bytes.clone())).await;
        if !fixture.is_valid() {
            assert_eq!(first, StatusCode::BAD_REQUEST, "{}: {text}", fixture.name);
            continue;
        }
        assert_eq!(
            (first, text.as_str()),
            (StatusCode::OK, "ok\n"),
            "{}",
            fixture.name
        );
        let retry = authorized(&url, fixture.bytes.clone()).header("X-PM-Retries-Remaining", "4");
        assert_eq!(
            status(retry).await,
            (StatusCode::OK, "already handled\n".to_string()),
            "{}",
            fixture.name
        );
    }
}

#[tokio::test]
async fn a_wrong_password_is_401_with_a_basic_challenge() {
    let url = start().await;
    let body = event_fixtures::named("Bounce-webhookdb-1.json").bytes;
    for password in ["wrong", &PASSWORD[..PASSWORD.len() - 1], ""] {
        let response = post(&url, body.clone())
            .basic_auth(USERNAME, Some(password))
            .header(SECRET_HEADER, SECRET)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{password:?}");
        let challenge = response.headers()["www-authenticate"].to_str().unwrap();
        assert!(challenge.starts_with("Basic realm="), "{challenge}");
        let text = response.text().await.unwrap();
        assert_eq!(text, "the Basic auth credentials are wrong\n");
        assert!(!text.contains(PASSWORD));
    }
    let wrong_user = post(&url, body.clone())
        .basic_auth("postmark2", Some(PASSWORD))
        .header(SECRET_HEADER, SECRET);
    assert_eq!(status(wrong_user).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_missing_header_is_401() {
    let url = start().await;
    let body = event_fixtures::named("Delivery-symfony-1.json").bytes;
    let no_authorization = post(&url, body.clone()).header(SECRET_HEADER, SECRET);
    assert_eq!(
        status(no_authorization).await,
        (
            StatusCode::UNAUTHORIZED,
            "the request has no Authorization header\n".to_string()
        )
    );
    let no_secret = post(&url, body.clone()).basic_auth(USERNAME, Some(PASSWORD));
    assert_eq!(
        status(no_secret).await,
        (
            StatusCode::UNAUTHORIZED,
            "the request has no secret header\n".to_string()
        )
    );
    let malformed = post(&url, body)
        .header("authorization", "Bearer token")
        .header(SECRET_HEADER, SECRET);
    assert_eq!(status(malformed).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_oversized_body_is_413_with_or_without_a_content_length() {
    let url = start().await;
    let oversized = format!(
        r#"{{"RecordType": "Delivery", "Padding": "{}"}}"#,
        "x".repeat(MAX_BODY_BYTES)
    );
    for _ in 0..5 {
        let (code, text) = status(authorized(&url, oversized.clone())).await;
        assert_eq!(code, StatusCode::PAYLOAD_TOO_LARGE, "{text}");
        assert_eq!(
            text,
            format!("the body is larger than {MAX_BODY_BYTES} bytes\n")
        );
    }
    // Chunked: no Content-Length, so the cap is found while reading.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = oversized
        .as_bytes()
        .chunks(8 * 1024)
        .map(|chunk| Ok(chunk.to_vec()))
        .collect();
    let stream = futures_util::stream::iter(chunks);
    let chunked = authorized(&url, reqwest::Body::wrap_stream(stream));
    assert_eq!(status(chunked).await.0, StatusCode::PAYLOAD_TOO_LARGE);
    // Exactly at the cap is read.
    let mut at_cap = event_fixtures::named("Delivery-skills-1.json").bytes;
    at_cap.resize(MAX_BODY_BYTES, b' ');
    assert_eq!(status(authorized(&url, at_cap)).await.0, StatusCode::OK);
}

#[tokio::test]
async fn an_invalid_body_is_400() {
    let url = start().await;
    for body in ["<xml/>", "", "[]", r#"{"RecordType": "Open"}"#] {
        let (code, text) = status(authorized(&url, body)).await;
        assert_eq!(code, StatusCode::BAD_REQUEST, "{body:?}: {text}");
        assert!(
            text.starts_with("the body is not a Postmark event: "),
            "{text}"
        );
    }
}
