//! The embedded mock under concurrent use: IDs stay unique, nothing is lost,
//! and the ten-per-stream limit holds.
#![cfg(feature = "mock")]

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use postmark_webhooks::mock::{MockServer, StreamKind};
use postmark_webhooks::{Error, ErrorCode, ServerClient, Webhook};
use tokio::sync::Barrier;

/// Runs `count` creates at once, each on the stream `stream_of(i)`, all
/// released together by a barrier. Returns each task's result, by index.
async fn create_concurrently(
    client: &ServerClient,
    count: usize,
    stream_of: impl Fn(usize) -> String,
) -> Vec<Result<Webhook, Error>> {
    let barrier = Arc::new(Barrier::new(count));
    let tasks: Vec<_> = (0..count)
        .map(|i| {
            let client = client.clone();
            let barrier = barrier.clone();
            let stream = stream_of(i);
            tokio::spawn(async move {
                barrier.wait().await;
                client
                    .webhooks()
                    .create(format!("https://example.com/hook/{i}"))
                    .message_stream(stream)
                    .send()
                    .await
            })
        })
        .collect();
    let mut results = Vec::with_capacity(count);
    for task in tasks {
        results.push(task.await.expect("a create task does not panic"));
    }
    results
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_creates_get_unique_ids_and_none_is_lost() {
    const STREAMS: usize = 8;
    const TASKS: usize = 64; // 8 per stream, under the limit of 10.
    let mock = MockServer::start().await;
    for s in 0..STREAMS {
        mock.add_message_stream(&format!("stream-{s}"), StreamKind::Transactional);
    }
    let client = mock.client();

    let results = create_concurrently(&client, TASKS, |i| format!("stream-{}", i % STREAMS)).await;

    let created: Vec<Webhook> = results
        .into_iter()
        .enumerate()
        .map(|(i, r)| r.unwrap_or_else(|e| panic!("create {i} failed: {e:?}")))
        .collect();
    assert_eq!(created.len(), TASKS);
    for (i, webhook) in created.iter().enumerate() {
        assert_eq!(webhook.url, format!("https://example.com/hook/{i}"));
        assert_eq!(webhook.message_stream, format!("stream-{}", i % STREAMS));
    }

    // IDs are unique and are exactly 1..=64.
    let ids: BTreeSet<i64> = created.iter().map(|w| w.id).collect();
    assert_eq!(ids.len(), TASKS, "duplicate IDs");
    assert_eq!(ids, (1..=TASKS as i64).collect::<BTreeSet<_>>());

    // Nothing lost: the mock holds exactly what was answered.
    let stored = mock.webhooks();
    assert_eq!(stored.len(), TASKS);
    let by_id: BTreeMap<i64, &Webhook> = created.iter().map(|w| (w.id, w)).collect();
    for webhook in &stored {
        assert_eq!(
            Some(&webhook),
            by_id.get(&webhook.id),
            "stored {}",
            webhook.id
        );
    }
    assert_eq!(client.webhooks().list().await.unwrap(), stored);
    for s in 0..STREAMS {
        let listed = client
            .webhooks()
            .list()
            .message_stream(format!("stream-{s}"))
            .await
            .unwrap();
        assert_eq!(listed.len(), TASKS / STREAMS, "stream-{s}");
    }
    assert_eq!(mock.requests().len(), TASKS + 1 + STREAMS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_ten_per_stream_limit_holds_under_concurrency() {
    const TASKS: usize = 50;
    let mock = MockServer::start().await;
    let client = mock.client();

    let results = create_concurrently(&client, TASKS, |_| "outbound".to_owned()).await;

    let mut succeeded = Vec::new();
    let mut refused = 0;
    for (i, result) in results.into_iter().enumerate() {
        match result {
            Ok(webhook) => succeeded.push(webhook),
            Err(Error::Api(api)) => {
                assert_eq!(api.status(), 422, "create {i}: {api}");
                assert_eq!(
                    api.code(),
                    Some(ErrorCode::TooManyWebhooks),
                    "create {i}: {api}"
                );
                refused += 1;
            }
            Err(other) => panic!("create {i}: unexpected error {other:?}"),
        }
    }
    assert_eq!(succeeded.len(), 10);
    assert_eq!(refused, 40);

    // Refused creates use no ID: the ten got 1..=10.
    let ids: BTreeSet<i64> = succeeded.iter().map(|w| w.id).collect();
    assert_eq!(ids, (1..=10).collect::<BTreeSet<_>>());

    let listed = client
        .webhooks()
        .list()
        .message_stream("outbound")
        .await
        .unwrap();
    assert_eq!(listed.len(), 10);
    succeeded.sort_by_key(|w| w.id);
    assert_eq!(listed, succeeded);
    assert_eq!(mock.webhooks(), succeeded);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_limit_holds_per_stream_when_streams_are_raced_together() {
    // 20 creates on each of three streams at once: each stream takes ten.
    let mock = MockServer::start().await;
    mock.add_message_stream("billing", StreamKind::Transactional);
    let client = mock.client();
    let streams = ["outbound", "broadcast", "billing"];

    let results = create_concurrently(&client, 60, |i| streams[i % 3].to_owned()).await;
    let mut per_stream: BTreeMap<String, usize> = BTreeMap::new();
    for result in results {
        match result {
            Ok(webhook) => *per_stream.entry(webhook.message_stream).or_default() += 1,
            Err(err) => assert_eq!(err.code(), Some(ErrorCode::TooManyWebhooks), "{err:?}"),
        }
    }
    assert_eq!(
        per_stream,
        BTreeMap::from([
            ("billing".to_owned(), 10),
            ("broadcast".to_owned(), 10),
            ("outbound".to_owned(), 10),
        ])
    );
    let ids: BTreeSet<i64> = mock.webhooks().iter().map(|w| w.id).collect();
    assert_eq!(ids, (1..=30).collect::<BTreeSet<_>>());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn servers_racing_each_other_share_one_id_sequence() {
    let mock = MockServer::start().await;
    let other_token = mock.create_server_token();
    let first = mock.client();
    let second = ServerClient::builder(&other_token)
        .base_url(mock.base_url())
        .build()
        .unwrap();

    let (a, b) = tokio::join!(
        create_concurrently(&first, 8, |_| "outbound".to_owned()),
        create_concurrently(&second, 8, |_| "broadcast".to_owned()),
    );
    let a: Vec<Webhook> = a.into_iter().map(Result::unwrap).collect();
    let b: Vec<Webhook> = b.into_iter().map(Result::unwrap).collect();
    let ids: BTreeSet<i64> = a.iter().chain(&b).map(|w| w.id).collect();
    assert_eq!(ids, (1..=16).collect::<BTreeSet<_>>());

    // Each server sees only its own.
    let mut listed_a = first.webhooks().list().await.unwrap();
    let mut listed_b = second.webhooks().list().await.unwrap();
    listed_a.sort_by_key(|w| w.id);
    listed_b.sort_by_key(|w| w.id);
    let mut a = a;
    let mut b = b;
    a.sort_by_key(|w| w.id);
    b.sort_by_key(|w| w.id);
    assert_eq!(listed_a, a);
    assert_eq!(listed_b, b);
    assert_eq!(mock.webhooks(), a);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_deletes_of_one_webhook_succeed_once() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let created = client
        .webhooks()
        .create("https://example.com/once")
        .await
        .unwrap();

    let barrier = Arc::new(Barrier::new(16));
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let client = client.clone();
            let barrier = barrier.clone();
            let id = created.id;
            tokio::spawn(async move {
                barrier.wait().await;
                client.webhooks().delete(id).send().await
            })
        })
        .collect();
    let mut deleted = 0;
    let mut not_found = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(postmark_webhooks::Deleted::Removed) => deleted += 1,
            Err(err) if err.is_not_found() => {
                assert_eq!(err.code(), Some(ErrorCode::WebhookNotFound));
                not_found += 1;
            }
            other => panic!("unexpected outcome {other:?}"),
        }
    }
    assert_eq!((deleted, not_found), (1, 15));
    assert!(mock.webhooks().is_empty());
}
