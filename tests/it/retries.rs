//! Retries, deadlines and limits, observed against the embedded mock with
//! injected faults. Time is tokio's paused clock: waits are exact and cost
//! nothing.
#![cfg(feature = "mock")]

use std::time::Duration;

use postmark_webhooks::mock::{Fault, MockServer};
use postmark_webhooks::{
    Deadline, Deleted, Error, ErrorCode, Operation, RetryPolicy, ServerClient,
};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::time::Instant;

const MAINTENANCE: &str = r#"{"ErrorCode":100,"Message":"Maintenance"}"#;

fn requests_of(mock: &MockServer, operation: Operation) -> usize {
    mock.requests()
        .iter()
        .filter(|r| r.operation == Some(operation))
        .count()
}

#[tokio::test(start_paused = true)]
async fn a_get_answered_503_503_200_succeeds_on_the_third_attempt() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let created = client
        .webhooks()
        .create("https://example.com/h")
        .await
        .unwrap();
    mock.inject(
        Fault::status(503)
            .json(MAINTENANCE)
            .times(2)
            .only(Operation::GetWebhook),
    );

    let response = client
        .webhooks()
        .get(created.id)
        .send_detailed()
        .await
        .unwrap();

    assert_eq!(response.attempts(), 3);
    assert_eq!(response.value(), &created);
    assert_eq!(requests_of(&mock, Operation::GetWebhook), 3);
}

#[tokio::test(start_paused = true)]
async fn a_put_and_a_delete_are_retried_too() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let created = client
        .webhooks()
        .create("https://example.com/h")
        .await
        .unwrap();
    mock.inject(Fault::status(502).only(Operation::EditWebhook));
    mock.inject(Fault::status(504).only(Operation::DeleteWebhook));

    let edited = client
        .webhooks()
        .edit(created.id)
        .url("https://example.com/2")
        .send_detailed()
        .await
        .unwrap();
    assert_eq!(
        (edited.attempts(), edited.value().url.as_str()),
        (2, "https://example.com/2")
    );
    let deleted = client
        .webhooks()
        .delete(created.id)
        .send_detailed()
        .await
        .unwrap();
    assert_eq!(
        (deleted.attempts(), *deleted.value()),
        (2, Deleted::Removed)
    );
}

#[tokio::test(start_paused = true)]
async fn a_post_answered_503_is_sent_once_and_creates_nothing() {
    let mock = MockServer::start().await;
    let client = mock.client();
    mock.inject(
        Fault::status(503)
            .json(MAINTENANCE)
            .times(5)
            .only(Operation::CreateWebhook),
    );

    let err = client
        .webhooks()
        .create("https://example.com/h")
        .await
        .unwrap_err();

    assert_eq!(
        (err.status(), err.code(), err.attempts()),
        (Some(503), Some(ErrorCode::Maintenance), 1)
    );
    assert_eq!(requests_of(&mock, Operation::CreateWebhook), 1);
    assert!(mock.webhooks().is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_post_whose_answer_is_lost_is_not_sent_again() {
    let mock = MockServer::start().await;
    let client = mock.client();
    mock.inject(Fault::drop_connection().only(Operation::CreateWebhook));

    let err = client
        .webhooks()
        .create("https://example.com/h")
        .await
        .unwrap_err();

    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(err.attempts(), 1);
    assert_eq!(requests_of(&mock, Operation::CreateWebhook), 1);
    // Postmark made it; there is exactly one, not a duplicate.
    assert_eq!(mock.webhooks().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_get_whose_answer_broke_off_is_retried() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let created = client
        .webhooks()
        .create("https://example.com/h")
        .await
        .unwrap();
    mock.inject(Fault::drop_connection().only(Operation::GetWebhook));

    let response = client
        .webhooks()
        .get(created.id)
        .send_detailed()
        .await
        .unwrap();

    assert_eq!((response.value(), response.attempts()), (&created, 2));
    assert_eq!(requests_of(&mock, Operation::GetWebhook), 2);
}

/// A loopback address where nothing listens: connecting is refused.
fn refused_base_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

#[tokio::test(start_paused = true)]
async fn a_post_that_could_not_connect_is_retried() {
    let client = ServerClient::builder("token")
        .base_url(refused_base_url())
        .build()
        .unwrap();

    let err = client
        .webhooks()
        .create("https://example.com/h")
        .await
        .unwrap_err();

    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(err.attempts(), 3);
    assert_eq!(
        err.to_string(),
        "create webhook: could not connect to the server"
    );
}

#[tokio::test(start_paused = true)]
async fn retry_after_one_second_waits_one_second() {
    let mock = MockServer::start().await;
    let client = mock.client();
    mock.inject(
        Fault::status(429)
            .header("Retry-After", "1")
            .only(Operation::ListWebhooks),
    );

    let started = Instant::now();
    let response = client.webhooks().list().send_detailed().await.unwrap();
    let waited = started.elapsed();

    assert_eq!(response.attempts(), 2);
    assert!(waited >= Duration::from_secs(1), "{waited:?}");
    assert!(waited < Duration::from_millis(1100), "{waited:?}");
}

#[tokio::test(start_paused = true)]
async fn retry_after_beyond_the_cap_fails_at_once_and_says_how_long() {
    let mock = MockServer::start().await;
    let client = mock
        .client_builder()
        .retry_policy(
            RetryPolicy::builder()
                .max_backoff(Duration::from_secs(5))
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    mock.inject(
        Fault::status(429)
            .header("Retry-After", "60")
            .only(Operation::ListWebhooks),
    );

    let started = Instant::now();
    let err = client.webhooks().list().await.unwrap_err();

    assert!(started.elapsed() < Duration::from_secs(1));
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (api.status(), api.retry_after(), err.attempts()),
        (429, Some(Duration::from_secs(60)), 1)
    );
    assert_eq!(requests_of(&mock, Operation::ListWebhooks), 1);
}

#[tokio::test(start_paused = true)]
async fn a_slow_attempt_times_out_and_the_retry_succeeds() {
    let mock = MockServer::start().await;
    let client = mock
        .client_builder()
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    mock.inject(Fault::delay(Duration::from_secs(10)).only(Operation::ListWebhooks));

    let response = client.webhooks().list().send_detailed().await.unwrap();

    assert_eq!(response.attempts(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_slow_server_trips_the_attempt_timeout_then_the_total_timeout() {
    let mock = MockServer::start().await;
    let client = mock
        .client_builder()
        .timeout(Duration::from_secs(2))
        .total_timeout(Duration::from_secs(5))
        .retry_policy(
            RetryPolicy::builder()
                .max_attempts(10)
                .initial_backoff(Duration::from_millis(1))
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    mock.inject(
        Fault::delay(Duration::from_secs(10))
            .times(10)
            .only(Operation::ListWebhooks),
    );

    let started = Instant::now();
    let err = client.webhooks().list().await.unwrap_err();
    let elapsed = started.elapsed();

    // Attempts 1 and 2 each hit the 2 s attempt timeout; attempt 3 has under
    // a second left and hits the 5 s total timeout.
    let Error::Timeout(timeout) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((timeout.deadline(), err.attempts()), (Deadline::Total, 3));
    assert!(
        elapsed >= Duration::from_secs(5) && elapsed < Duration::from_millis(5100),
        "{elapsed:?}"
    );
    assert_eq!(
        err.to_string(),
        "list webhooks: total timeout passed before Postmark answered"
    );
}

#[tokio::test(start_paused = true)]
async fn without_retries_a_slow_server_is_an_attempt_timeout() {
    let mock = MockServer::start().await;
    let client = mock
        .client_builder()
        .timeout(Duration::from_secs(2))
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    mock.inject(Fault::delay(Duration::from_secs(10)).only(Operation::GetWebhook));

    let err = client.webhooks().get(1).await.unwrap_err();

    let Error::Timeout(timeout) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((timeout.deadline(), err.attempts()), (Deadline::Attempt, 1));
}

#[tokio::test(start_paused = true)]
async fn a_delete_whose_answer_was_lost_and_then_not_found_is_already_gone() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let created = client
        .webhooks()
        .create("https://example.com/h")
        .await
        .unwrap();
    mock.inject(Fault::drop_connection().only(Operation::DeleteWebhook));

    let response = client
        .webhooks()
        .delete(created.id)
        .send_detailed()
        .await
        .unwrap();

    assert_eq!(
        (*response.value(), response.attempts()),
        (Deleted::AlreadyGone, 2)
    );
    assert!(mock.webhooks().is_empty());
    // Without a lost answer, a missing webhook is still an error.
    let err = client.webhooks().delete(created.id).await.unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.attempts(), 1);
}

/// Serves one answer to every connection: a 200 with a chunked JSON body that
/// never ends (bounded at 256 MiB, so the server always stops).
async fn endless_body_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                // Read the request head before answering, as a server does.
                let mut request = Vec::new();
                let mut buf = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, " ".repeat(64 * 1024));
                for _ in 0..4096 {
                    if socket.write_all(chunk.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn an_endless_answer_is_refused_at_the_cap() {
    let client = ServerClient::builder("token")
        .base_url(endless_body_server().await)
        .max_response_bytes(1024 * 1024)
        .build()
        .unwrap();

    let err = client.webhooks().list().await.unwrap_err();

    let Error::ResponseTooLarge(too_large) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((too_large.limit(), err.attempts()), (1024 * 1024, 1));
    assert_eq!(
        err.to_string(),
        "list webhooks: the answer is larger than the 1048576-byte limit"
    );
}

/// Answers every connection with a 200 that declares a petabyte of body,
/// sends a few bytes and closes.
async fn huge_declared_length_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000000000000\r\n\r\n{}";
                let _ = socket.write_all(head.as_bytes()).await;
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_declared_length_is_never_reserved_on_the_servers_word() {
    // With no practical cap, a petabyte Content-Length must not make the
    // client reserve it: the broken answer is an error, not an abort.
    let client = ServerClient::builder("token")
        .base_url(huge_declared_length_server().await)
        .max_response_bytes(usize::MAX)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();

    let err = client.webhooks().get(1).await.unwrap_err();

    assert!(matches!(err, Error::Transport(_)), "{err:?}");
}

#[tokio::test]
async fn a_declared_length_over_the_cap_is_refused_unread() {
    use wiremock::{Mock, ResponseTemplate, matchers::any};
    let server = wiremock::MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string(" ".repeat(2 * 1024 * 1024)))
        .mount(&server)
        .await;
    let client = ServerClient::builder("token")
        .base_url(server.uri())
        .max_response_bytes(1024 * 1024)
        .build()
        .unwrap();

    let err = client.webhooks().get(1).await.unwrap_err();

    assert!(matches!(err, Error::ResponseTooLarge(_)), "{err:?}");
}
