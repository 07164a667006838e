//! Verification for real: `Verify: true` on create and edit, and
//! `POST /webhooks/{id}/verify`, make the mock POST a test request per
//! enabled trigger, and only a 200 to each lets the change through.

#![cfg(feature = "mock")]

use crate::receivers;

use postmark_webhooks::events::{RecordType, WebhookEvent};
use postmark_webhooks::mock::MockServer;
use postmark_webhooks::triggers::{Bounce, Click, Open, TriggerType, Triggers};
use postmark_webhooks::{ErrorCode, WebhookStatus};

use receivers::Receiver;

fn three_triggers() -> Triggers {
    Triggers::new()
        .open(Open::enabled())
        .click(Click::enabled())
        .bounce(Bounce::enabled())
}

#[tokio::test]
async fn create_with_verify_against_a_401_is_1364_and_saves_nothing() {
    let mock = MockServer::start().await;
    let receiver = Receiver::answering(401).await;

    let err = mock
        .client()
        .webhooks()
        .create(receiver.url("/hook"))
        .http_auth("postmark", "wrong")
        .triggers(three_triggers())
        .verify(true)
        .await
        .unwrap_err();

    assert_eq!(err.code(), Some(ErrorCode::VerificationFailed));
    assert_eq!(err.status(), Some(422));
    assert!(mock.webhooks().is_empty());
    // One test request per enabled trigger, as Postmark sends them.
    let got = receiver.received();
    let types: Vec<String> = got
        .iter()
        .map(|r| {
            WebhookEvent::from_slice(&r.body)
                .unwrap()
                .record_type()
                .to_owned()
        })
        .collect();
    assert_eq!(types, ["Bounce", "Open", "Click"]);
    assert!(got.iter().all(|r| r.header("authorization").is_some()));
}

#[tokio::test]
async fn create_with_verify_against_a_200_saves_the_webhook() {
    let mock = MockServer::start().await;
    let receiver = Receiver::start().await;
    let hooks = mock.client();

    let created = hooks
        .webhooks()
        .create(receiver.url("/hook"))
        .http_header("X-Webhook-Secret", "shared-secret")
        .triggers(three_triggers())
        .verify(true)
        .await
        .unwrap();

    assert_eq!(mock.webhooks(), vec![created.clone()]);
    let got = receiver.received();
    assert_eq!(got.len(), 3);
    assert!(
        got.iter()
            .all(|r| r.header("x-webhook-secret") == Some("shared-secret"))
    );
    let statistics = hooks.webhooks().statistics(created.id).await.unwrap();
    assert_eq!(statistics.statuses.len(), 3);
    assert!(
        statistics
            .statuses
            .values()
            .all(|s| *s == WebhookStatus::Verified)
    );
}

#[tokio::test]
async fn create_without_verify_sends_nothing() {
    let mock = MockServer::start().await;
    let receiver = Receiver::answering(401).await;
    mock.client()
        .webhooks()
        .create(receiver.url("/hook"))
        .triggers(three_triggers())
        .verify(false)
        .await
        .unwrap();
    assert!(receiver.received().is_empty());
    assert_eq!(mock.webhooks().len(), 1);
}

#[tokio::test]
async fn edit_with_verify_against_a_failing_url_changes_nothing() {
    let mock = MockServer::start().await;
    let good = Receiver::start().await;
    let bad = Receiver::answering(500).await;
    let hooks = mock.client();
    let created = hooks
        .webhooks()
        .create(good.url("/hook"))
        .triggers(Triggers::new().open(Open::enabled()))
        .await
        .unwrap();

    let err = hooks
        .webhooks()
        .edit(created.id)
        .url(bad.url("/hook"))
        .verify(true)
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::VerificationFailed));
    assert_eq!(mock.webhooks(), vec![created.clone()]);
    assert_eq!(bad.received().len(), 1);

    let edited = hooks
        .webhooks()
        .edit(created.id)
        .url(good.url("/v2"))
        .verify(true)
        .await
        .unwrap();
    assert_eq!(edited.url, good.url("/v2"));
    assert_eq!(good.received_at("/v2").len(), 1);
}

#[tokio::test]
async fn the_verify_endpoint_reports_each_trigger() {
    let mock = MockServer::start().await;
    let receiver = Receiver::start().await;
    let hooks = mock.client();
    let created = hooks
        .webhooks()
        .create(receiver.url("/hook"))
        .triggers(
            Triggers::new()
                .open(Open::enabled())
                .click(Click::enabled()),
        )
        .await
        .unwrap();

    let ok = hooks.webhooks().verify(created.id).await.unwrap();
    assert!(ok.success);
    assert_eq!(ok.id, Some(created.id));
    let results: Vec<_> = ok
        .results
        .iter()
        .map(|r| (r.trigger_type.clone().unwrap(), r.success, r.status_code))
        .collect();
    assert_eq!(
        results,
        [
            (TriggerType::Known(RecordType::Open), true, Some(200)),
            (TriggerType::Known(RecordType::Click), true, Some(200))
        ]
    );

    // The receiver now refuses the Click test: a 200 answer reporting failure.
    receiver.script(&[200, 401]);
    let failed = hooks.webhooks().verify(created.id).await.unwrap();
    assert!(!failed.success);
    assert_eq!(failed.results[1].status_code, Some(401));
    assert!(!failed.results[1].success);

    let statistics = hooks.webhooks().statistics(created.id).await.unwrap();
    assert_eq!(
        statistics.statuses[&RecordType::Open.into()],
        WebhookStatus::Verified
    );
    assert_eq!(
        statistics.statuses[&RecordType::Click.into()],
        WebhookStatus::Unverified
    );

    // The webhook itself is unchanged, and a missing one is "not found".
    assert_eq!(mock.webhooks(), vec![created]);
    let err = hooks.webhooks().verify(999).await.unwrap_err();
    assert!(err.is_not_found());
    let err = hooks.webhooks().statistics(999).await.unwrap_err();
    assert!(err.is_not_found());
}
