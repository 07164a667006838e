//! Postmark's rules as the embedded mock enforces them, observed through the
//! typed client.
#![cfg(feature = "mock")]

use postmark_webhooks::mock::{MockServer, StreamKind};
use postmark_webhooks::triggers::{
    Bounce, Click, Delivery, Open, SpamComplaint, SubscriptionChange, Triggers,
};
use postmark_webhooks::{
    Error, ErrorCode, HttpAuth, HttpHeader, Operation, ServerClient, Webhook, WebhookTriggers,
};

fn client_with_token(mock: &MockServer, token: &str) -> ServerClient {
    ServerClient::builder(token)
        .base_url(mock.base_url())
        .build()
        .expect("a client for the mock builds")
}

/// Asserts that `result` is an `Error::Api` with this status, code and
/// operation, and returns Postmark's message.
#[track_caller]
fn expect_api<T: std::fmt::Debug>(
    result: Result<T, Error>,
    status: u16,
    code: ErrorCode,
    operation: Operation,
) -> String {
    match result {
        Err(Error::Api(api)) => {
            assert_eq!(api.status(), status, "status of {api}");
            assert_eq!(api.code(), Some(code), "code of {api}");
            assert_eq!(api.operation(), operation, "operation of {api}");
            api.message().to_owned()
        }
        other => panic!("expected HTTP {status} with ErrorCode {code}, got {other:?}"),
    }
}

fn ids(webhooks: &[Webhook]) -> Vec<i64> {
    webhooks.iter().map(|w| w.id).collect()
}

fn all_disabled() -> WebhookTriggers {
    WebhookTriggers::default()
}

#[tokio::test]
async fn list_get_create_edit_delete_are_stateful_with_increasing_ids() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let hooks = client.webhooks();

    assert_eq!(hooks.list().await.unwrap(), vec![]);

    let first = hooks.create("https://example.com/1").await.unwrap();
    let second = hooks.create("https://example.com/2").await.unwrap();
    let third = hooks.create("https://example.com/3").await.unwrap();
    assert_eq!((first.id, second.id, third.id), (1, 2, 3));
    assert_eq!(first.url, "https://example.com/1");
    assert_eq!(third.url, "https://example.com/3");

    let listed = hooks.list().await.unwrap();
    assert_eq!(listed, vec![first.clone(), second.clone(), third.clone()]);

    assert_eq!(hooks.get(2).await.unwrap(), second);

    let edited = hooks
        .edit(2)
        .url("https://example.com/2-edited")
        .await
        .unwrap();
    assert_eq!(edited.id, 2);
    assert_eq!(edited.url, "https://example.com/2-edited");
    assert_eq!(hooks.get(2).await.unwrap(), edited);

    hooks.delete(1).await.unwrap();
    assert_eq!(ids(&hooks.list().await.unwrap()), vec![2, 3]);

    // IDs are never reused: the next one is 4 even after a delete.
    let fourth = hooks.create("https://example.com/4").await.unwrap();
    assert_eq!(fourth.id, 4);
    assert_eq!(
        hooks.list().await.unwrap(),
        vec![edited, third, fourth.clone()]
    );
}

#[tokio::test]
async fn list_filters_by_message_stream() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let hooks = client.webhooks();

    let out1 = hooks
        .create("https://example.com/out1")
        .message_stream("outbound")
        .await
        .unwrap();
    let bc = hooks
        .create("https://example.com/bc")
        .message_stream("broadcast")
        .await
        .unwrap();
    let out2 = hooks.create("https://example.com/out2").await.unwrap();
    assert_eq!(bc.message_stream, "broadcast");

    assert_eq!(
        hooks.list().message_stream("outbound").await.unwrap(),
        vec![out1.clone(), out2.clone()]
    );
    assert_eq!(
        hooks.list().message_stream("broadcast").await.unwrap(),
        vec![bc.clone()]
    );
    // A stream that exists but has no webhooks lists as empty.
    assert_eq!(
        hooks.list().message_stream("inbound").await.unwrap(),
        vec![]
    );
    assert_eq!(hooks.list().await.unwrap(), vec![out1, bc, out2]);
}

#[tokio::test]
async fn listing_an_unknown_stream_is_1226() {
    let mock = MockServer::start().await;
    let client = mock.client();
    client
        .webhooks()
        .create("https://example.com/h")
        .await
        .unwrap();
    let message = expect_api(
        client.webhooks().list().message_stream("nope").await,
        422,
        ErrorCode::MessageStreamNotFound,
        Operation::ListWebhooks,
    );
    assert_eq!(
        message,
        "The message stream for the provided 'ID' (nope) was not found."
    );
}

#[tokio::test]
async fn create_defaults_to_outbound_with_all_six_triggers() {
    let mock = MockServer::start().await;
    let client = mock.client();

    let created = client
        .webhooks()
        .create("https://example.com/hook")
        .triggers(Triggers::new().click(Click::enabled()))
        .await
        .unwrap();
    assert_eq!(created.id, 1);
    assert_eq!(created.message_stream, "outbound");
    assert_eq!(created.http_auth, None);
    assert_eq!(created.http_headers, vec![]);
    // Verified by default (a remote URL passes, see set_remote_verification).
    assert_eq!(
        created.status,
        Some(postmark_webhooks::WebhookStatus::Verified)
    );
    let mut expected = all_disabled();
    expected.click.enabled = true;
    assert_eq!(created.triggers, expected);

    // The request did not name a stream; the mock chose `outbound`.
    let sent: serde_json::Value = serde_json::from_slice(&mock.requests()[0].body).unwrap();
    assert_eq!(
        sent,
        serde_json::json!({"Url": "https://example.com/hook", "Triggers": {"Click": {"Enabled": true}}})
    );

    // The raw answer carries all six triggers, unnamed ones disabled.
    let raw: serde_json::Value = reqwest::Client::new()
        .get(format!("{}/webhooks/1", mock.base_url()))
        .header("X-Postmark-Server-Token", mock.server_token())
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        raw["Triggers"],
        serde_json::json!({
            "Open": {"Enabled": false, "PostFirstOpenOnly": false},
            "Click": {"Enabled": true},
            "Delivery": {"Enabled": false},
            "Bounce": {"Enabled": false, "IncludeContent": false},
            "SpamComplaint": {"Enabled": false, "IncludeContent": false},
            "SubscriptionChange": {"Enabled": false}
        })
    );
}

#[tokio::test]
async fn create_stores_everything_it_is_given() {
    let mock = MockServer::start().await;
    let client = mock.client();

    let created = client
        .webhooks()
        .create("https://example.com/full")
        .message_stream("outbound")
        .http_auth("user", "secret")
        .http_header("X-One", "1")
        .http_header("X-Two", "2")
        .triggers(
            Triggers::new()
                .open(Open::enabled().post_first_open_only(true))
                .click(Click::enabled())
                .delivery(Delivery::enabled())
                .bounce(Bounce::enabled().include_content(true))
                .spam_complaint(SpamComplaint::enabled().include_content(true))
                .subscription_change(SubscriptionChange::enabled()),
        )
        .await
        .unwrap();
    assert_eq!(created.http_auth, Some(HttpAuth::new("user", "secret")));
    assert_eq!(
        created.http_headers,
        vec![HttpHeader::new("X-One", "1"), HttpHeader::new("X-Two", "2")]
    );
    let t = created.triggers;
    assert_eq!(
        Open::from(t.open),
        Open::enabled().post_first_open_only(true)
    );
    assert_eq!(Click::from(t.click), Click::enabled());
    assert_eq!(Delivery::from(t.delivery), Delivery::enabled());
    assert_eq!(
        Bounce::from(t.bounce),
        Bounce::enabled().include_content(true)
    );
    assert_eq!(
        SpamComplaint::from(t.spam_complaint),
        SpamComplaint::enabled().include_content(true)
    );
    assert_eq!(
        SubscriptionChange::from(t.subscription_change),
        SubscriptionChange::enabled()
    );
    assert_eq!(client.webhooks().get(1).await.unwrap(), created);
}

async fn full_webhook(client: &ServerClient) -> Webhook {
    client
        .webhooks()
        .create("https://example.com/original")
        .http_auth("user", "secret")
        .http_header("X-Secret", "shh")
        .triggers(
            Triggers::new()
                .open(Open::enabled().post_first_open_only(true))
                .click(Click::enabled())
                .bounce(Bounce::enabled().include_content(true)),
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn editing_the_url_keeps_auth_headers_and_triggers() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let created = full_webhook(&client).await;

    let edited = client
        .webhooks()
        .edit(created.id)
        .url("https://example.com/moved")
        .await
        .unwrap();
    assert_eq!(edited.url, "https://example.com/moved");
    assert_eq!(edited.id, created.id);
    assert_eq!(edited.message_stream, created.message_stream);
    assert_eq!(edited.http_auth, Some(HttpAuth::new("user", "secret")));
    assert_eq!(
        edited.http_headers,
        vec![HttpHeader::new("X-Secret", "shh")]
    );
    assert_eq!(edited.triggers, created.triggers);
    assert_eq!(mock.webhooks(), vec![edited]);
}

#[tokio::test]
async fn editing_one_trigger_keeps_the_others_and_unsent_options() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let created = full_webhook(&client).await;
    assert!(created.triggers.open.post_first_open_only);

    let edited = client
        .webhooks()
        .edit(created.id)
        .triggers(Triggers::new().open(Open::disabled()))
        .await
        .unwrap();
    let mut expected = created.triggers;
    expected.open.enabled = false;
    // PostFirstOpenOnly was not sent, so it stays true.
    expected.open.post_first_open_only = true;
    assert_eq!(edited.triggers, expected);
    assert!(edited.triggers.click.enabled);
    assert_eq!(
        Bounce::from(edited.triggers.bounce),
        Bounce::enabled().include_content(true)
    );
    assert_eq!(edited.url, created.url);
    assert_eq!(edited.http_auth, created.http_auth);
    assert_eq!(edited.http_headers, created.http_headers);

    // Bounce disabled without IncludeContent keeps IncludeContent.
    let edited = client
        .webhooks()
        .edit(created.id)
        .triggers(
            Triggers::new()
                .bounce(Bounce::disabled())
                .delivery(Delivery::enabled()),
        )
        .await
        .unwrap();
    assert!(!edited.triggers.bounce.enabled);
    assert!(edited.triggers.bounce.include_content);
    assert!(edited.triggers.delivery.enabled);
    assert!(edited.triggers.click.enabled);
    assert_eq!(
        Open::from(edited.triggers.open),
        Open::disabled().post_first_open_only(true)
    );

    // An explicit option is applied.
    let edited = client
        .webhooks()
        .edit(created.id)
        .triggers(Triggers::new().open(Open::enabled().post_first_open_only(false)))
        .await
        .unwrap();
    assert_eq!(
        Open::from(edited.triggers.open),
        Open::enabled().post_first_open_only(false)
    );
    assert_eq!(mock.webhooks(), vec![edited]);
}

#[tokio::test]
async fn edit_clears_headers_and_replaces_auth_and_headers() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let created = full_webhook(&client).await;

    let edited = client
        .webhooks()
        .edit(created.id)
        .clear_http_headers()
        .await
        .unwrap();
    assert_eq!(edited.http_headers, vec![]);
    assert_eq!(edited.http_auth, Some(HttpAuth::new("user", "secret")));
    assert_eq!(edited.triggers, created.triggers);

    let edited = client
        .webhooks()
        .edit(created.id)
        .http_auth("rotated-user", "rotated-secret")
        .await
        .unwrap();
    assert_eq!(
        edited.http_auth,
        Some(HttpAuth::new("rotated-user", "rotated-secret"))
    );
    assert_eq!(edited.http_headers, vec![]);

    let edited = client
        .webhooks()
        .edit(created.id)
        .http_header("X-A", "a")
        .http_header("X-B", "b")
        .await
        .unwrap();
    assert_eq!(
        edited.http_headers,
        vec![HttpHeader::new("X-A", "a"), HttpHeader::new("X-B", "b")]
    );
    // The new set replaces the old one as a whole.
    let edited = client
        .webhooks()
        .edit(created.id)
        .http_headers([HttpHeader::new("X-C", "c")])
        .await
        .unwrap();
    assert_eq!(edited.http_headers, vec![HttpHeader::new("X-C", "c")]);

    // Empty credentials remove authentication.
    let edited = client
        .webhooks()
        .edit(created.id)
        .http_auth("", "")
        .await
        .unwrap();
    assert_eq!(edited.http_auth, None);
    assert_eq!(client.webhooks().get(created.id).await.unwrap(), edited);
}

#[tokio::test]
async fn editing_a_missing_webhook_is_not_found() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let err = client
        .webhooks()
        .edit(42)
        .url("https://example.com/x")
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    expect_api(
        Err::<(), _>(err),
        422,
        ErrorCode::WebhookNotFound,
        Operation::EditWebhook,
    );
}

#[tokio::test]
async fn delete_then_get_is_not_found_and_a_second_delete_too() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let created = client
        .webhooks()
        .create("https://example.com/h")
        .await
        .unwrap();
    client.webhooks().delete(created.id).await.unwrap();
    assert!(mock.webhooks().is_empty());

    let err = client.webhooks().get(created.id).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(err.code(), Some(ErrorCode::WebhookNotFound));
    assert_eq!(err.code().map(ErrorCode::as_i64), Some(1352));
    let message = expect_api(
        Err::<(), _>(err),
        422,
        ErrorCode::WebhookNotFound,
        Operation::GetWebhook,
    );
    assert_eq!(message, "No webhook with ID 1 was found.");

    let err = client.webhooks().delete(created.id).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    expect_api(
        Err::<(), _>(err),
        422,
        ErrorCode::WebhookNotFound,
        Operation::DeleteWebhook,
    );
}

#[tokio::test]
async fn a_wrong_token_is_401_code_10() {
    let mock = MockServer::start().await;
    let good = mock.client();
    good.webhooks()
        .create("https://example.com/h")
        .await
        .unwrap();

    let bad = client_with_token(&mock, "not-a-token");
    let message = expect_api(
        bad.webhooks().list().await,
        401,
        ErrorCode::InvalidToken,
        Operation::ListWebhooks,
    );
    assert_eq!(
        message,
        "The Server Token you provided in the X-Postmark-Server-Token header was invalid. Please verify that you are using a valid token."
    );
    expect_api(
        bad.webhooks().create("https://example.com/x").await,
        401,
        ErrorCode::InvalidToken,
        Operation::CreateWebhook,
    );
    expect_api(
        bad.webhooks().get(1).await,
        401,
        ErrorCode::InvalidToken,
        Operation::GetWebhook,
    );
    expect_api(
        bad.webhooks().edit(1).url("https://example.com/y").await,
        401,
        ErrorCode::InvalidToken,
        Operation::EditWebhook,
    );
    expect_api(
        bad.webhooks().delete(1).await,
        401,
        ErrorCode::InvalidToken,
        Operation::DeleteWebhook,
    );
    // Nothing changed.
    assert_eq!(ids(&mock.webhooks()), vec![1]);
    assert_eq!(mock.webhooks()[0].url, "https://example.com/h");
}

#[tokio::test]
async fn each_server_token_sees_only_its_own_webhooks() {
    let mock = MockServer::start().await;
    let first = mock.client();
    let other_token = mock.create_server_token();
    assert_ne!(other_token, mock.server_token());
    let second = client_with_token(&mock, &other_token);

    let a = first
        .webhooks()
        .create("https://example.com/a")
        .await
        .unwrap();
    let b = second
        .webhooks()
        .create("https://example.com/b")
        .await
        .unwrap();
    // IDs are unique across servers.
    assert_eq!((a.id, b.id), (1, 2));

    assert_eq!(first.webhooks().list().await.unwrap(), vec![a.clone()]);
    assert_eq!(second.webhooks().list().await.unwrap(), vec![b.clone()]);

    let err = second.webhooks().get(a.id).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    let err = second.webhooks().delete(a.id).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    let err = first
        .webhooks()
        .edit(b.id)
        .url("https://example.com/stolen")
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");

    // mock.webhooks() shows the first server's.
    assert_eq!(mock.webhooks(), vec![a]);
    assert_eq!(second.webhooks().get(b.id).await.unwrap(), b);
}

#[tokio::test]
async fn a_fixed_token_can_be_added_once() {
    let mock = MockServer::start().await;
    assert!(mock.add_server_token("fixed"));
    assert!(!mock.add_server_token("fixed"));
    assert!(!mock.add_server_token(""));
    let client = client_with_token(&mock, "fixed");
    let created = client
        .webhooks()
        .create("https://example.com/f")
        .await
        .unwrap();
    assert_eq!(client.webhooks().list().await.unwrap(), vec![created]);
    assert!(mock.webhooks().is_empty());
}

#[tokio::test]
async fn an_eleventh_webhook_on_a_stream_is_1359_and_other_streams_are_unaffected() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let hooks = client.webhooks();
    for i in 0..10 {
        hooks
            .create(format!("https://example.com/out/{i}"))
            .await
            .unwrap();
        hooks
            .create(format!("https://example.com/bc/{i}"))
            .message_stream("broadcast")
            .await
            .unwrap();
    }
    let message = expect_api(
        hooks.create("https://example.com/out/10").await,
        422,
        ErrorCode::TooManyWebhooks,
        Operation::CreateWebhook,
    );
    assert_eq!(
        message,
        "The maximum number of webhooks (10) for message stream 'outbound' has been reached."
    );
    expect_api(
        hooks
            .create("https://example.com/bc/10")
            .message_stream("broadcast")
            .await,
        422,
        ErrorCode::TooManyWebhooks,
        Operation::CreateWebhook,
    );
    assert_eq!(
        hooks.list().message_stream("outbound").await.unwrap().len(),
        10
    );
    let broadcast = hooks.list().message_stream("broadcast").await.unwrap();
    assert_eq!(broadcast.len(), 10);
    assert!(broadcast.iter().all(|w| w.message_stream == "broadcast"));
    assert_eq!(mock.webhooks().len(), 20);

    // Another stream still takes webhooks.
    mock.add_message_stream("billing", StreamKind::Transactional);
    let billing = hooks
        .create("https://example.com/billing")
        .message_stream("billing")
        .await
        .unwrap();
    assert_eq!(billing.id, 21);

    // Deleting one makes room again.
    hooks.delete(1).await.unwrap();
    let again = hooks.create("https://example.com/out/again").await.unwrap();
    assert_eq!(again.id, 22);
    assert_eq!(again.message_stream, "outbound");
}

#[tokio::test]
async fn bounce_enabled_on_broadcast_is_1353_and_disabled_is_allowed() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let hooks = client.webhooks();

    let message = expect_api(
        hooks
            .create("https://example.com/bc")
            .message_stream("broadcast")
            .triggers(Triggers::new().bounce(Bounce::enabled()))
            .await,
        422,
        ErrorCode::TriggerNotSupported,
        Operation::CreateWebhook,
    );
    assert_eq!(
        message,
        "The Bounce trigger is only supported on transactional message streams."
    );
    assert!(mock.webhooks().is_empty());

    let created = hooks
        .create("https://example.com/bc")
        .message_stream("broadcast")
        .triggers(
            Triggers::new()
                .bounce(Bounce::disabled())
                .open(Open::enabled()),
        )
        .await
        .unwrap();
    assert_eq!(created.id, 1);
    assert!(!created.triggers.bounce.enabled);
    assert!(created.triggers.open.enabled);

    // An edit that enables Bounce on broadcast is refused too, and changes
    // nothing.
    expect_api(
        hooks
            .edit(created.id)
            .url("https://example.com/bc2")
            .triggers(Triggers::new().bounce(Bounce::enabled()))
            .await,
        422,
        ErrorCode::TriggerNotSupported,
        Operation::EditWebhook,
    );
    assert_eq!(mock.webhooks(), vec![created]);

    // A broadcasts stream added by the test behaves the same.
    mock.add_message_stream("newsletter", StreamKind::Broadcasts);
    expect_api(
        hooks
            .create("https://example.com/news")
            .message_stream("newsletter")
            .triggers(Triggers::new().bounce(Bounce::enabled()))
            .await,
        422,
        ErrorCode::TriggerNotSupported,
        Operation::CreateWebhook,
    );
    // Bounce is fine on a transactional stream.
    let out = hooks
        .create("https://example.com/out")
        .triggers(Triggers::new().bounce(Bounce::enabled()))
        .await
        .unwrap();
    assert!(out.triggers.bounce.enabled);
}

#[tokio::test]
async fn stream_rules_on_create() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let hooks = client.webhooks();

    let message = expect_api(
        hooks
            .create("https://example.com/in")
            .message_stream("inbound")
            .await,
        422,
        ErrorCode::InboundStreamNotSupported,
        Operation::CreateWebhook,
    );
    assert_eq!(
        message,
        "You cannot create a webhook using an inbound stream"
    );

    assert!(mock.archive_message_stream("broadcast"));
    assert!(!mock.archive_message_stream("no-such-stream"));
    let message = expect_api(
        hooks
            .create("https://example.com/bc")
            .message_stream("broadcast")
            .await,
        422,
        ErrorCode::MessageStreamArchived,
        Operation::CreateWebhook,
    );
    assert_eq!(message, "The message stream 'broadcast' is archived.");

    let message = expect_api(
        hooks
            .create("https://example.com/x")
            .message_stream("unknown-stream")
            .await,
        422,
        ErrorCode::MessageStreamNotFound,
        Operation::CreateWebhook,
    );
    assert_eq!(
        message,
        "The message stream for the provided 'ID' (unknown-stream) was not found."
    );
    assert!(mock.webhooks().is_empty());

    mock.add_message_stream("billing", StreamKind::Transactional);
    let billing = hooks
        .create("https://example.com/billing")
        .message_stream("billing")
        .triggers(Triggers::new().bounce(Bounce::enabled()))
        .await
        .unwrap();
    // Refused creates did not use up IDs.
    assert_eq!(billing.id, 1);
    assert_eq!(billing.message_stream, "billing");
    assert_eq!(
        hooks.list().message_stream("billing").await.unwrap(),
        vec![billing.clone()]
    );

    // An inbound stream added by the test takes no webhooks either.
    mock.add_message_stream("replies", StreamKind::Inbound);
    expect_api(
        hooks
            .create("https://example.com/r")
            .message_stream("replies")
            .await,
        422,
        ErrorCode::InboundStreamNotSupported,
        Operation::CreateWebhook,
    );
    // Archived streams still list.
    assert_eq!(
        hooks.list().message_stream("broadcast").await.unwrap(),
        vec![]
    );
    assert_eq!(mock.webhooks(), vec![billing]);
}

#[tokio::test]
async fn archiving_a_stream_keeps_its_webhooks_editable_and_deletable() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let created = client
        .webhooks()
        .create("https://example.com/bc")
        .message_stream("broadcast")
        .await
        .unwrap();
    assert!(mock.archive_message_stream("broadcast"));
    assert_eq!(
        client
            .webhooks()
            .list()
            .message_stream("broadcast")
            .await
            .unwrap(),
        vec![created.clone()]
    );
    let edited = client
        .webhooks()
        .edit(created.id)
        .url("https://example.com/bc2")
        .await
        .unwrap();
    assert_eq!(edited.url, "https://example.com/bc2");
    client.webhooks().delete(created.id).await.unwrap();
    assert!(mock.webhooks().is_empty());
}

#[tokio::test]
async fn streams_of_another_server_are_its_own() {
    let mock = MockServer::start().await;
    let token = mock.create_server_token();
    assert!(mock.add_message_stream_to(&token, "news", StreamKind::Broadcasts));
    assert!(!mock.add_message_stream_to("no-such-token", "news", StreamKind::Broadcasts));
    let other = client_with_token(&mock, &token);
    let first = mock.client();

    let created = other
        .webhooks()
        .create("https://example.com/news")
        .message_stream("news")
        .await
        .unwrap();
    assert_eq!(created.message_stream, "news");
    expect_api(
        first
            .webhooks()
            .create("https://example.com/news")
            .message_stream("news")
            .await,
        422,
        ErrorCode::MessageStreamNotFound,
        Operation::CreateWebhook,
    );
    expect_api(
        first.webhooks().list().message_stream("news").await,
        422,
        ErrorCode::MessageStreamNotFound,
        Operation::ListWebhooks,
    );
}

#[tokio::test]
async fn mock_webhooks_reflects_the_state() {
    let mock = MockServer::start().await;
    let client = mock.client();
    assert!(mock.webhooks().is_empty());

    let a = client
        .webhooks()
        .create("https://example.com/a")
        .await
        .unwrap();
    let b = client
        .webhooks()
        .create("https://example.com/b")
        .message_stream("broadcast")
        .await
        .unwrap();
    assert_eq!(mock.webhooks(), vec![a.clone(), b.clone()]);

    let edited = client
        .webhooks()
        .edit(a.id)
        .triggers(Triggers::new().delivery(Delivery::enabled()))
        .await
        .unwrap();
    assert_eq!(mock.webhooks(), vec![edited.clone(), b]);

    client.webhooks().delete(2).await.unwrap();
    assert_eq!(mock.webhooks(), vec![edited]);
    assert_eq!(mock.webhooks(), client.webhooks().list().await.unwrap());
}

#[tokio::test]
async fn mock_requests_logs_method_path_query_body_and_operation() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let hooks = client.webhooks();

    hooks
        .create("https://example.com/a")
        .message_stream("broadcast")
        .await
        .unwrap();
    hooks.list().await.unwrap();
    hooks.list().message_stream("broadcast").await.unwrap();
    hooks.get(1).await.unwrap();
    hooks
        .edit(1)
        .triggers(Triggers::new().click(Click::enabled()))
        .await
        .unwrap();
    hooks.delete(1).await.unwrap();
    // A refused request is logged too.
    let _ = hooks.get(1).await.unwrap_err();

    let log = mock.requests();
    let summary: Vec<(&str, &str, Option<&str>, Option<Operation>)> = log
        .iter()
        .map(|r| {
            (
                r.method.as_str(),
                r.path.as_str(),
                r.query.as_deref(),
                r.operation,
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("POST", "/webhooks", None, Some(Operation::CreateWebhook)),
            ("GET", "/webhooks", None, Some(Operation::ListWebhooks)),
            (
                "GET",
                "/webhooks",
                Some("MessageStream=broadcast"),
                Some(Operation::ListWebhooks)
            ),
            ("GET", "/webhooks/1", None, Some(Operation::GetWebhook)),
            ("PUT", "/webhooks/1", None, Some(Operation::EditWebhook)),
            (
                "DELETE",
                "/webhooks/1",
                None,
                Some(Operation::DeleteWebhook)
            ),
            ("GET", "/webhooks/1", None, Some(Operation::GetWebhook)),
        ]
    );

    let create_body: serde_json::Value = serde_json::from_slice(&log[0].body).unwrap();
    assert_eq!(
        create_body,
        serde_json::json!({"Url": "https://example.com/a", "MessageStream": "broadcast"})
    );
    let edit_body: serde_json::Value = serde_json::from_slice(&log[4].body).unwrap();
    assert_eq!(
        edit_body,
        serde_json::json!({"Triggers": {"Click": {"Enabled": true}}})
    );
    for (i, request) in log.iter().enumerate() {
        if matches!(request.method.as_str(), "GET" | "DELETE") {
            assert!(request.body.is_empty(), "request {i} has no body");
        }
        assert_eq!(
            request.header("X-Postmark-Server-Token"),
            Some(mock.server_token()),
            "request {i}"
        );
        assert_eq!(
            request.header("accept"),
            Some("application/json"),
            "request {i}"
        );
        // Header names are recorded in lower case.
        assert!(
            request
                .headers
                .iter()
                .all(|(name, _)| *name == name.to_ascii_lowercase()),
            "request {i}"
        );
    }
    assert_eq!(log[0].header("content-type"), Some("application/json"));
    assert_eq!(log[4].header("content-type"), Some("application/json"));
    assert_eq!(
        log[0].header("user-agent"),
        Some(concat!("postmark-webhooks/", env!("CARGO_PKG_VERSION")))
    );
}

#[tokio::test]
async fn recorded_requests_hide_the_token_and_the_body_in_debug() {
    let mock = MockServer::start().await;
    let client = mock.client();
    client
        .webhooks()
        .create("https://example.com/hook")
        .http_auth("alice", "hunter2-SECRET")
        .await
        .unwrap();

    let request = &mock.requests()[0];
    let shown = format!("{request:?}");
    assert!(!shown.contains(mock.server_token()), "{shown}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(
        shown.contains(r#"("x-postmark-server-token", "<redacted>")"#),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("<{} bytes>", request.body.len())),
        "{shown}"
    );
    // The fields themselves keep everything, for tests to inspect.
    assert_eq!(
        request.header("x-postmark-server-token"),
        Some(mock.server_token())
    );
    assert!(String::from_utf8_lossy(&request.body).contains("hunter2-SECRET"));
}
