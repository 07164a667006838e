//! Nothing secret reaches `tracing` output or `Debug` strings, even for a
//! call that fails after retries. In the `tracing` test binary, so that no other test
//! has registered `tracing` call sites before the subscriber is installed.
#![cfg(feature = "mock")]

use crate::capture;

use capture::capture_tracing;

use postmark_webhooks::mock::{Fault, MockServer};
use postmark_webhooks::{Operation, ServerClient};

const MAINTENANCE: &str = r#"{"ErrorCode":100,"Message":"Maintenance"}"#;

/// Postmark's maintenance answer (503, ErrorCode 100) to the next `times`
/// requests of `operation`.
fn maintenance(mock: &MockServer, operation: Operation, times: usize) {
    mock.inject(
        Fault::status(503)
            .json(MAINTENANCE)
            .times(times)
            .only(operation),
    );
}

/// Fails naming the secret that shows in `everything`.
fn assert_none_shows(everything: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(
            !everything.contains(secret),
            "{secret} leaked in:\n{everything}"
        );
    }
}

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
    maintenance(&mock, Operation::EditWebhook, 3);

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
    assert_none_shows(&everything, &[TOKEN, PASSWORD, HEADER_VALUE]);
}

/// The account token, the server tokens an account listing carries, and a
/// password in an `InboundHookUrl` reach neither `tracing` output nor any
/// `Debug` or `Display` string, through retried account and server calls.
#[tokio::test(start_paused = true)]
async fn account_and_server_calls_leave_no_token_or_hook_password_in_logs() {
    const ACCOUNT_TOKEN: &str = "account-SECRET-5e1f";
    const HOOK_PASSWORD: &str = "hook-SECRET-0c3a";
    let (captured, _guard) = capture_tracing();

    let mock = MockServer::start().await;
    assert!(mock.set_account_token(ACCOUNT_TOKEN));
    let server_token = mock.server_token().to_owned();
    let account = postmark_webhooks::AccountClient::builder(ACCOUNT_TOKEN)
        .base_url(mock.base_url())
        .build()
        .unwrap();
    maintenance(&mock, Operation::ListServers, 2);
    let servers = account.servers().list().await.unwrap();
    assert_eq!(servers.len(), 1);
    assert_eq!(servers[0].api_tokens[0].expose(), server_token);

    let client = account.server_client(&servers[0]).unwrap();
    maintenance(&mock, Operation::EditCurrentServer, 3);
    let edit = client
        .server()
        .edit()
        .inbound_hook_url(format!("https://inbound:{HOOK_PASSWORD}@example.com/in"));
    let edit_debug = format!("{edit:?}");
    let err = edit.await.unwrap_err();
    assert_eq!((err.status(), err.attempts()), (Some(503), 3));
    client
        .server()
        .edit()
        .inbound_hook_url(format!("https://inbound:{HOOK_PASSWORD}@example.com/in"))
        .await
        .unwrap();
    let server = client.server().get().await.unwrap();

    let mut everything = captured.text();
    // The capture works: both calls' spans and their retries are there.
    assert!(everything.contains("list_servers"), "{everything}");
    assert!(everything.contains("edit_current_server"), "{everything}");
    assert!(everything.contains("retrying"), "{everything}");
    for shown in [
        edit_debug,
        format!("{err:?}"),
        format!("{err}"),
        format!("{account:?}"),
        format!("{client:?}"),
        format!("{servers:?}"),
        format!("{server:?}"),
        format!("{}", servers[0].api_tokens[0]),
    ] {
        everything.push_str(&shown);
    }
    assert_none_shows(&everything, &[ACCOUNT_TOKEN, &server_token, HOOK_PASSWORD]);
}
