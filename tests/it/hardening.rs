//! What an attacker or a careless caller cannot make the client do: follow
//! a redirect with the token, send the token in clear to a remote host,
//! panic on an extreme setting, or send a custom header that clashes with
//! the delivery's own.

use crate::common;

use std::time::Duration;

use postmark_webhooks::triggers::{Open, Triggers};
use postmark_webhooks::{Error, RetryPolicy, ServerClient};
use proptest::prelude::*;
use serde_json::json;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{TOKEN, assert_nothing_sent, client, expect_nothing, webhook_example};

/// A server that answers every request with `status` and a `Location`.
async fn redirecting_to(status: u16, location: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).insert_header("Location", location))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn no_redirect_is_followed_and_the_token_and_body_stay_home() {
    let elsewhere = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(webhook_example()))
        .mount(&elsewhere)
        .await;
    // The same port through another host name, and with credentials and a
    // query that must not show.
    let targets = [
        format!("{}/webhooks", elsewhere.uri()),
        format!(
            "{}/steal?token=hunter2",
            elsewhere
                .uri()
                .replace("127.0.0.1", "user:hunter2@localhost")
        ),
    ];
    for status in [301, 302, 303, 307, 308] {
        for target in &targets {
            let server = redirecting_to(status, target).await;
            let client = client(&server);
            let results = [
                client.webhooks().get(1).await.map(drop),
                client.webhooks().list().await.map(drop),
                client
                    .webhooks()
                    .create("https://example.com/hook")
                    .http_auth("user", "s3cret-password")
                    .await
                    .map(drop),
                client
                    .webhooks()
                    .edit(1)
                    .http_auth("user", "s3cret-password")
                    .await
                    .map(drop),
                client.webhooks().delete(1).await.map(drop),
            ];
            for result in results {
                let err = result.unwrap_err();
                let Error::Api(api) = &err else {
                    panic!("a {status} must be an API error, got {err:?}");
                };
                assert_eq!(api.status(), status);
                assert_eq!(api.code(), None);
                let location = api.location().expect("the Location is kept");
                assert!(location.contains("127.0.0.1") || location.contains("localhost"));
                for shown in [location.to_owned(), err.to_string(), format!("{err:?}")] {
                    assert!(!shown.contains("hunter2"), "{shown}");
                }
                assert_eq!(err.attempts(), 1, "a redirect is never retried");
            }
            assert_eq!(
                server.received_requests().await.unwrap().len(),
                5,
                "each call was sent once"
            );
        }
    }
    assert_nothing_sent(&elsewhere).await;
}

#[tokio::test]
async fn a_redirect_to_plain_http_is_not_followed_either() {
    let server = redirecting_to(308, "http://203.0.113.7/webhooks").await;
    let err = client(&server).webhooks().list().await.unwrap_err();
    let Error::Api(api) = &err else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(api.location(), Some("http://203.0.113.7/webhooks"));
    assert_eq!(
        err.to_string(),
        "list webhooks failed with HTTP 308: redirected to http://203.0.113.7/webhooks; \
         redirects are not followed, so that the server token goes nowhere else"
    );
}

#[tokio::test]
async fn a_relative_location_is_resolved_against_the_request() {
    let server = redirecting_to(302, "/elsewhere?secret=1").await;
    let err = client(&server).webhooks().get(5).await.unwrap_err();
    let Error::Api(api) = &err else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(
        api.location(),
        Some(format!("{}/elsewhere?REDACTED", server.uri()).as_str())
    );
}

#[test]
fn plain_http_to_a_remote_host_is_refused_unless_asked_for_by_name() {
    for remote in [
        "http://api.postmarkapp.com",
        "http://10.0.0.8:8080",
        "http://example.com/postmark",
    ] {
        let err = ServerClient::builder(TOKEN)
            .base_url(remote)
            .build()
            .unwrap_err();
        let Error::InvalidInput(input) = &err else {
            panic!("expected invalid input for {remote}, got {err:?}");
        };
        assert_eq!(input.field(), "base_url");
        assert_eq!(
            input.reason(),
            "must use https for a host other than this machine; \
             `danger_allow_plain_http(true)` allows plain http"
        );
        let client = ServerClient::builder(TOKEN)
            .base_url(remote)
            .danger_allow_plain_http(true)
            .build()
            .unwrap();
        assert_eq!(client.base_url(), remote);
    }
    for local in [
        "http://127.0.0.1:8080",
        "http://127.8.9.10",
        "http://localhost:3000",
        "http://[::1]:9000",
        "https://example.com",
    ] {
        assert!(
            ServerClient::builder(TOKEN).base_url(local).build().is_ok(),
            "{local}"
        );
    }
}

#[tokio::test]
async fn custom_headers_that_clash_are_refused_before_sending() {
    let server = MockServer::start().await;
    expect_nothing(&server).await;
    let client = client(&server);
    for name in [
        "Host",
        "content-length",
        "Transfer-Encoding",
        "CONNECTION",
        "X-Postmark-Server-Token",
        "X-PM-Retries-Remaining",
        "x-pm-webhook-trace-id",
    ] {
        let err = client
            .webhooks()
            .create("https://example.com/hook")
            .http_header(name, "v")
            .await
            .unwrap_err();
        let Error::InvalidInput(input) = &err else {
            panic!("expected invalid input for {name}, got {err:?}");
        };
        assert_eq!(input.field(), "http_header name", "{name}");
        let err = client
            .webhooks()
            .edit(3)
            .http_header(name, "v")
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{name}: {err:?}");
    }
    let err = client
        .webhooks()
        .create("https://example.com/hook")
        .http_auth("user", "pass")
        .http_header("Authorization", "Bearer abc")
        .await
        .unwrap_err();
    let Error::InvalidInput(input) = &err else {
        panic!("expected invalid input, got {err:?}");
    };
    assert_eq!(
        input.reason(),
        "must not be Authorization when http_auth is set: the two would clash"
    );
    assert!(!err.to_string().contains("Bearer abc"));
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn an_authorization_header_alone_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/webhooks"))
        .and(wiremock::matchers::body_json(json!({
            "Url": "https://example.com/hook",
            "HttpHeaders": [{"Name": "Authorization", "Value": "Bearer abc"}]
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(webhook_example()))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .webhooks()
        .create("https://example.com/hook")
        .http_header("Authorization", "Bearer abc")
        .await
        .unwrap();
}

/// Durations from zero to `Duration::MAX`, weighted to the extremes.
fn duration() -> impl Strategy<Value = Duration> {
    prop_oneof![
        Just(Duration::ZERO),
        Just(Duration::from_nanos(1)),
        Just(Duration::MAX),
        Just(Duration::from_secs(u64::MAX)),
        (0u64..=u64::MAX, 0u32..1_000_000_000).prop_map(|(s, n)| Duration::new(s, n)),
        (0u64..5_000).prop_map(Duration::from_millis),
    ]
}

fn size() -> impl Strategy<Value = usize> {
    prop_oneof![Just(0), Just(1), Just(usize::MAX), 0usize..10_000_000]
}

fn attempts() -> impl Strategy<Value = u32> {
    prop_oneof![Just(0), Just(1), Just(u32::MAX), 0u32..10]
}

#[derive(Debug, Clone)]
struct Settings {
    timeout: Duration,
    connect_timeout: Duration,
    total_timeout: Duration,
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_response_bytes: usize,
}

fn settings() -> impl Strategy<Value = Settings> {
    (
        duration(),
        duration(),
        duration(),
        attempts(),
        duration(),
        duration(),
        size(),
    )
        .prop_map(
            |(
                timeout,
                connect_timeout,
                total_timeout,
                max_attempts,
                initial_backoff,
                max_backoff,
                max_response_bytes,
            )| Settings {
                timeout,
                connect_timeout,
                total_timeout,
                max_attempts,
                initial_backoff,
                max_backoff,
                max_response_bytes,
            },
        )
}

fn build(settings: &Settings, base_url: &str) -> Result<ServerClient, Error> {
    let policy = RetryPolicy::builder()
        .max_attempts(settings.max_attempts)
        .initial_backoff(settings.initial_backoff)
        .max_backoff(settings.max_backoff)
        .build()?;
    ServerClient::builder(TOKEN)
        .base_url(base_url)
        .timeout(settings.timeout)
        .connect_timeout(settings.connect_timeout)
        .total_timeout(settings.total_timeout)
        .retry_policy(policy)
        .max_response_bytes(settings.max_response_bytes)
        .build()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any setting either fails `build()` with a typed error, or gives a
    /// client whose calls end in a value or an error: never a panic, also
    /// when the server asks for a retry.
    #[test]
    fn no_builder_setting_can_make_a_call_panic(settings in settings()) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "0"))
                .up_to_n_times(1)
                .mount(&server)
                .await;
            Mock::given(any())
                .respond_with(ResponseTemplate::new(200).set_body_json(webhook_example()))
                .mount(&server)
                .await;
            let client = match build(&settings, &server.uri()) {
                Ok(client) => client,
                Err(Error::InvalidInput(_)) => return,
                Err(other) => panic!("build() failed with {other:?}"),
            };
            let get = client.webhooks().get(1234567).await;
            let create = client
                .webhooks()
                .create("https://example.com/hook")
                .triggers(Triggers::new().open(Open::enabled()))
                .await;
            for result in [get, create] {
                match result {
                    Ok(webhook) => assert_eq!(webhook.id, 1234567),
                    Err(Error::ResponseTooLarge(_) | Error::Timeout(_) | Error::Api(_)) => {}
                    Err(other) => panic!("unexpected error {other:?}"),
                }
            }
        });
    }
}

#[test]
fn extreme_settings_build_and_saturate() {
    let max = Settings {
        timeout: Duration::MAX,
        connect_timeout: Duration::MAX,
        total_timeout: Duration::MAX,
        max_attempts: u32::MAX,
        initial_backoff: Duration::MAX,
        max_backoff: Duration::MAX,
        max_response_bytes: usize::MAX,
    };
    assert!(build(&max, "http://127.0.0.1:1").is_ok());
}
