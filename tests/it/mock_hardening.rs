//! The mock as a long-lived local server that hostile or careless input
//! cannot sink: requests are authenticated before anything else happens,
//! its memory is bounded, it never sends to itself, its outgoing requests
//! are bounded and do not tell ports apart, and its tokens are random.

#![cfg(feature = "mock")]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use postmark_webhooks::mock::{
    Fault, MAX_CONCURRENT_DELIVERIES, MAX_LOGGED_BODY_BYTES, MockServer, RecordType, StreamKind,
};
use postmark_webhooks::triggers::{Delivery, Triggers};
use postmark_webhooks::{Operation, RetryPolicy};

use crate::raw_http;

#[tokio::test]
async fn an_unauthenticated_request_is_not_logged_and_consumes_no_fault() {
    let mock = MockServer::start().await;
    mock.inject(Fault::status(503).times(1));

    for token in [None, Some("wrong-token")] {
        let mut request = raw_http::request(&mock, reqwest::Method::POST, "/webhooks")
            .header("Content-Type", "application/json")
            .body(r#"{"Url":"https://example.com/secret-hook","HttpAuth":{"Username":"u","Password":"hunter2"}}"#);
        if let Some(token) = token {
            request = request.header("X-Postmark-Server-Token", token);
        }
        let answer = request.send().await.unwrap();
        assert_eq!(answer.status(), 401, "token {token:?}");
        let body: serde_json::Value = answer.json().await.unwrap();
        assert_eq!(body["ErrorCode"], 10);
    }
    // The mock's own routes too.
    let answer = raw_http::request(&mock, reqwest::Method::POST, "/__mock/deliver/Delivery")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 401);

    assert!(mock.requests().is_empty(), "{:?}", mock.requests());
    assert!(mock.webhooks().is_empty());

    // The fault is still there for the first authenticated request.
    let once = mock
        .client_builder()
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = once.webhooks().list().await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(mock.requests().len(), 1);
    assert_eq!(mock.requests()[0].operation, Some(Operation::ListWebhooks));
    assert_eq!(mock.client().webhooks().list().await.unwrap(), vec![]);
}

#[tokio::test]
async fn the_request_log_is_a_ring_of_the_newest_requests() {
    let mock = MockServer::start().await;
    mock.set_request_log_capacity(3);
    let hooks = mock.client();
    for stream in ["outbound", "broadcast", "outbound", "broadcast", "outbound"] {
        hooks
            .webhooks()
            .list()
            .message_stream(stream)
            .await
            .unwrap();
    }
    let queries: Vec<Option<String>> = mock.requests().into_iter().map(|r| r.query).collect();
    assert_eq!(
        queries,
        [
            Some("MessageStream=outbound".to_owned()),
            Some("MessageStream=broadcast".to_owned()),
            Some("MessageStream=outbound".to_owned()),
        ]
    );
    // Shrinking drops the oldest at once; 0 keeps nothing.
    mock.set_request_log_capacity(1);
    assert_eq!(mock.requests().len(), 1);
    mock.set_request_log_capacity(0);
    hooks.webhooks().list().await.unwrap();
    assert!(mock.requests().is_empty());
}

#[tokio::test]
async fn logged_bodies_are_capped() {
    let mock = MockServer::start().await;
    let mut body = b"{\"Url\":\"https://example.com/hook\"}".to_vec();
    body.resize(100 * 1024, b' ');
    let answer = raw_http::request(&mock, reqwest::Method::POST, "/webhooks")
        .header("X-Postmark-Server-Token", mock.server_token())
        .header("Content-Type", "application/json")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let logged = &mock.requests()[0];
    assert_eq!(logged.body_size, 100 * 1024);
    assert_eq!(logged.body, body[..MAX_LOGGED_BODY_BYTES]);
    // A small body is kept whole.
    mock.client().webhooks().get(1).await.unwrap();
    assert_eq!(mock.requests()[1].body_size, 0);
}

/// A webhook on the mock's own port, reached by several names.
#[tokio::test]
async fn verification_never_reaches_the_mock_itself() {
    let mock = MockServer::start().await;
    let port = mock.address().port();
    let hooks = mock.client();
    for host in [
        "127.0.0.1",
        "localhost",
        "127.0.0.2",
        "[::1]",
        "0.0.0.0",
        "[::]",
    ] {
        let url = format!("http://{host}:{port}/__mock/deliver/Delivery");
        let created = hooks
            .webhooks()
            .create(url)
            .triggers(Triggers::new().delivery(Delivery::enabled()))
            .verify(false)
            .await
            .unwrap();
        let before = mock.requests().len();
        let result = hooks.webhooks().verify(created.id).await.unwrap();
        assert!(!result.success, "{host}");
        let message = result.results[0].message.as_deref().unwrap();
        assert!(message.contains("its own address"), "{host}: {message}");
        // Only the verify request itself arrived.
        assert_eq!(mock.requests().len(), before + 1, "{host}");
        // A delivery reports the same and sends nothing either.
        let reports = mock.deliver(RecordType::Delivery).retries(0).await;
        for report in reports {
            assert_eq!(report.attempts.len(), 1);
            assert_eq!(report.attempts[0].status, None);
        }
        assert_eq!(mock.requests().len(), before + 1, "{host}");
        hooks.webhooks().delete(created.id).await.unwrap();
    }
}

/// A listener that counts the requests it is serving at once, holding each
/// for a while before answering 200.
async fn slow_counting_receiver(hold: Duration) -> (String, Arc<AtomicUsize>, Arc<AtomicUsize>) {
    let in_flight = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let (now, max) = (in_flight.clone(), peak.clone());
    let app = axum::Router::new().fallback(move || {
        let (now, max) = (now.clone(), max.clone());
        async move {
            let current = now.fetch_add(1, Ordering::SeqCst) + 1;
            max.fetch_max(current, Ordering::SeqCst);
            tokio::time::sleep(hold).await;
            now.fetch_sub(1, Ordering::SeqCst);
            "ok"
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, in_flight, peak)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_outgoing_requests_are_bounded() {
    let mock = MockServer::start().await;
    for stream in ["second", "third"] {
        mock.add_message_stream(stream, StreamKind::Transactional);
    }
    let (url, _, peak) = slow_counting_receiver(Duration::from_millis(150)).await;
    let hooks = mock.client();
    let mut creates = tokio::task::JoinSet::new();
    for stream in ["outbound", "second", "third"] {
        for _ in 0..10 {
            let (hooks, url) = (hooks.clone(), url.clone());
            creates.spawn(async move {
                hooks
                    .webhooks()
                    .create(url)
                    .message_stream(stream)
                    .triggers(Triggers::new().delivery(Delivery::enabled()))
                    .await
                    .unwrap()
            });
        }
    }
    assert_eq!(creates.join_all().await.len(), 30);
    assert!(peak.load(Ordering::SeqCst) <= MAX_CONCURRENT_DELIVERIES);
    peak.store(0, Ordering::SeqCst);
    let (a, b, c) = tokio::join!(
        mock.deliver(RecordType::Delivery),
        mock.deliver(RecordType::Delivery).stream("second"),
        mock.deliver(RecordType::Delivery).stream("third"),
    );
    let delivered = [a, b, c].iter().flatten().filter(|r| r.delivered()).count();
    assert_eq!(delivered, 30);
    assert_eq!(peak.load(Ordering::SeqCst), MAX_CONCURRENT_DELIVERIES);
}

#[tokio::test]
async fn a_silent_port_and_a_closed_port_report_the_same_error() {
    let mock = MockServer::start().await;
    mock.set_delivery_timeout(Duration::from_millis(200));
    // A port that accepts and never answers.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let silent_url = format!("http://{}/hook", silent.local_addr().unwrap());
    let hold = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            open.push(socket);
        }
    });
    // A port that accepts and hangs up at once.
    let rude = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let rude_url = format!("http://{}/hook", rude.local_addr().unwrap());
    let hang_up = tokio::spawn(async move {
        while let Ok((socket, _)) = rude.accept().await {
            drop(socket);
        }
    });
    // A port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_url = format!("http://{}/hook", closed.local_addr().unwrap());
    drop(closed);

    let hooks = mock.client();
    let mut results = Vec::new();
    for url in [&silent_url, &rude_url, &closed_url] {
        let created = hooks
            .webhooks()
            .create(url)
            .triggers(Triggers::new().delivery(Delivery::enabled()))
            .verify(false)
            .await
            .unwrap();
        let result = hooks.webhooks().verify(created.id).await.unwrap();
        let check = &result.results[0];
        results.push((check.success, check.status_code, check.message.clone()));
        // A create that verifies says the same for each.
        let err = hooks
            .webhooks()
            .create(url)
            .triggers(Triggers::new().delivery(Delivery::enabled()))
            .await
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "create webhook failed with HTTP 422, Postmark error 1364: Webhook verification failed: the URL did not answer HTTP 200 for Delivery (no answer). Nothing was saved.",
            "{url}"
        );
        hooks.webhooks().delete(created.id).await.unwrap();
    }
    let expected = (
        false,
        None,
        Some("No answer: the receiver did not answer.".to_owned()),
    );
    assert_eq!(results, [expected.clone(), expected.clone(), expected]);
    hold.abort();
    hang_up.abort();
}

#[tokio::test]
async fn generated_tokens_are_128_random_bits() {
    let mock = MockServer::start().await;
    let mut tokens = vec![mock.server_token().to_owned()];
    tokens.extend((0..20).map(|_| mock.create_server_token()));
    tokens.push(MockServer::start().await.server_token().to_owned());
    let pid = format!("{:x}", std::process::id());
    for token in &tokens {
        let hex = token
            .strip_prefix("mock-server-token-")
            .unwrap_or_else(|| panic!("{token}"));
        assert_eq!(hex.len(), 32, "{token}");
        assert!(
            hex.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
    }
    // A token made from the process ID would hold it every time; a random
    // one holds a short hex ID now and then (about 1 in 2,000 tokens).
    let with_pid = tokens.iter().filter(|t| t.contains(&pid)).count();
    assert!(with_pid < tokens.len() / 2, "{with_pid} of {tokens:?}");
    let mut unique = tokens.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), tokens.len());
    // Every bit position varies across 22 tokens (a counter would not).
    let bits: Vec<u128> = tokens
        .iter()
        .map(|t| u128::from_str_radix(&t["mock-server-token-".len()..], 16).unwrap())
        .collect();
    let varying = bits.iter().fold(0u128, |acc, b| acc | (b ^ bits[0]));
    assert!(varying.count_ones() > 100, "{varying:b}");
}
