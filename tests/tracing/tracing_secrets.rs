//! Nothing secret reaches `tracing` output or `Debug` strings, even for a
//! call that fails after retries. In the `tracing` test binary, so that no other test
//! has registered `tracing` call sites before the subscriber is installed.
#![cfg(feature = "mock")]

use crate::capture;

use capture::capture_tracing;

use postmark_webhooks::mock::{Fault, MockServer};
use postmark_webhooks::{Operation, ServerClient};

const MAINTENANCE: &str = r#"{"ErrorCode":100,"Message":"Maintenance"}"#;

#[tokio::test(start_paused = true)]
async fn tracing_and_debug_output_of_a_failing_retried_call_hold_no_secret() {
    const TOKEN: &str = "token-SECRET-4d2c";
    const PASSWORD: &str = "password-SECRET-91ab";
    const HEADER_VALUE: &str = "header-SECRET-77ef";
    let (captured, _guard) = capture_tracing();

    let mock = MockServer::start().await;
    assert!(mock.add_server_token(TOKEN));
    let client = ServerClient::builder(TOKEN)
        .base_url(mock.base_url())
        .build()
        .unwrap();
    mock.inject(
        Fault::status(503)
            .json(MAINTENANCE)
            .times(3)
            .only(Operation::EditWebhook),
    );

    let builder = client
        .webhooks()
        .edit(1)
        .url(format!("https://alice:{PASSWORD}@example.com/hook"))
        .http_auth("alice", PASSWORD)
        .http_header("X-Secret", HEADER_VALUE);
    let builder_debug = format!("{builder:?}");
    let err = builder.await.unwrap_err();
    assert_eq!((err.status(), err.attempts()), (Some(503), 3));

    let mut everything = captured.text();
    // The capture works: the span, its fields and the retries are there.
    assert!(everything.contains("edit_webhook"), "{everything}");
    assert!(everything.contains("retrying"), "{everything}");
    assert!(everything.contains("attempts=3"), "{everything}");
    assert!(everything.contains("error_code=100"), "{everything}");
    for shown in [
        builder_debug,
        format!("{err:?}"),
        format!("{err}"),
        format!("{client:?}"),
        format!("{:?}", mock.webhooks()),
    ] {
        everything.push_str(&shown);
    }
    for secret in [TOKEN, PASSWORD, HEADER_VALUE] {
        assert!(
            !everything.contains(secret),
            "{secret} leaked in:\n{everything}"
        );
    }
}
