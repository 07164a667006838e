//! Applying a plan logs each step through `tracing` without a secret. In the
//! `tracing` test binary, so that no other test has registered `tracing` call
//! sites before the subscriber is installed.
#![cfg(all(feature = "mock", feature = "sync"))]

use crate::capture;

use capture::capture_tracing;

use postmark_webhooks::mock::{Fault, MockServer};
use postmark_webhooks::sync::{self, ApplyOptions, DesiredState, Format, PlanOptions};
use postmark_webhooks::{Operation, RetryPolicy, ServerClient};

#[tokio::test]
async fn apply_logs_each_step_without_secrets() {
    const PASSWORD: &str = "password-SECRET-91ab";
    const HEADER_VALUE: &str = "header-SECRET-77ef";
    const URL_PASSWORD: &str = "urlpw-SECRET-3c3c";
    let (captured, _guard) = capture_tracing();

    let mock = MockServer::start().await;
    let client = ServerClient::builder(mock.server_token())
        .base_url(mock.base_url())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let file = r#"{"Webhooks": [
        {"Url": "https://alice:${URL_PW}@example.com/a", "HttpAuth": {"Username": "u", "Password": "${PW}"},
         "HttpHeaders": [{"Name": "X-Secret", "Value": "${HDR}"}]},
        {"Url": "https://example.com/b", "HttpAuth": {"Username": "u", "Password": "${PW}"}}
    ]}"#;
    let env = |name: &str| {
        let value = match name {
            "PW" => PASSWORD,
            "HDR" => HEADER_VALUE,
            "URL_PW" => URL_PASSWORD,
            _ => return None,
        };
        Some(value.to_owned())
    };
    let desired = DesiredState::parse(file, Format::Json, &env).unwrap();
    let plan = sync::plan(&client, &desired, PlanOptions::new())
        .await
        .unwrap();
    mock.inject(Fault::status(500).only(Operation::CreateWebhook).times(1));
    let failed = sync::apply(&client, &plan, ApplyOptions::new())
        .await
        .unwrap_err();
    let rerun = sync::plan(&client, &desired, PlanOptions::new())
        .await
        .unwrap();
    let report = sync::apply(&client, &rerun, ApplyOptions::new())
        .await
        .unwrap();

    let mut everything = captured.text();
    // The capture works: both outcomes are logged, with the redacted URL.
    assert!(
        everything.contains("webhook change failed")
            && everything.contains("change=create outbound https://REDACTED@example.com/a"),
        "{everything}"
    );
    assert!(everything.contains("webhook change made"), "{everything}");
    for shown in [
        format!("{failed:?}"),
        failed.to_string(),
        format!("{report:?}"),
        format!("{plan:?}"),
        format!("{desired:?}"),
    ] {
        everything.push_str(&shown);
    }
    for secret in [PASSWORD, HEADER_VALUE, URL_PASSWORD] {
        assert!(
            !everything.contains(secret),
            "{secret} leaked in:\n{everything}"
        );
    }
}
