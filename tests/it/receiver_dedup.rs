//! Deduplicating Postmark's retries: `MemorySeenStore` stays bounded in size
//! and time, and `PostmarkLayer::deduplicate` runs the handler once per
//! delivery, again after a failure, and never twice at the same time.

use std::str::FromStr;
use std::time::Duration;

use postmark_webhooks::events::{IdempotencyKey, WebhookEvent};
use postmark_webhooks::receiver::{Claim, ClaimToken, MemorySeenStore, SeenStore};

/// A distinct key per `n`.
fn key(n: u32) -> IdempotencyKey {
    WebhookEvent::from_str(&format!(r#"{{"RecordType": "Inbound", "N": {n}}}"#))
        .unwrap()
        .idempotency_key()
}

const TTL: Duration = Duration::from_secs(60);

/// Claims `key`, which must be new; the claim's token.
async fn first(store: &MemorySeenStore, key: IdempotencyKey) -> ClaimToken {
    match store.claim(key).await.unwrap() {
        Claim::First(token) => token,
        other => panic!("expected a first claim, got {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn a_key_is_first_then_in_progress_then_handled_until_it_expires() {
    let store = MemorySeenStore::new(10, TTL);
    let token = first(&store, key(1)).await;
    assert_eq!(store.claim(key(1)).await.unwrap(), Claim::InProgress);
    first(&store, key(2)).await;
    store.confirm(key(1), token).await.unwrap();
    assert_eq!(store.claim(key(1)).await.unwrap(), Claim::Handled);

    // Confirming restarts the key's time: it is kept `ttl` after that.
    tokio::time::advance(TTL - Duration::from_secs(1)).await;
    assert_eq!(store.claim(key(1)).await.unwrap(), Claim::Handled);
    tokio::time::advance(Duration::from_secs(1)).await;
    // key(2) was claimed a minute ago and never settled: it expired too.
    first(&store, key(2)).await;
    first(&store, key(1)).await;
    assert_eq!(store.len(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_released_key_is_first_again() {
    let store = MemorySeenStore::new(10, TTL);
    let token = first(&store, key(1)).await;
    store.release(key(1), token).await.unwrap();
    assert!(store.is_empty());
    first(&store, key(1)).await;
    // Releasing an unknown key is no error.
    store.release(key(9), token).await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn the_store_never_holds_more_than_its_capacity() {
    let store = MemorySeenStore::new(3, TTL);
    for n in 0..3 {
        let token = first(&store, key(n)).await;
        store.confirm(key(n), token).await.unwrap();
        tokio::time::advance(Duration::from_secs(1)).await;
    }
    assert_eq!(store.len(), 3);
    // Full, nothing expired: the key that expires soonest (key 0) goes.
    first(&store, key(3)).await;
    assert_eq!(store.len(), 3);
    assert_eq!(store.claim(key(1)).await.unwrap(), Claim::Handled);
    assert_eq!(store.claim(key(2)).await.unwrap(), Claim::Handled);
    first(&store, key(0)).await;
    assert_eq!(store.len(), 3);
    // key(1) went to make room for key(0); confirming a key that was evicted
    // brings it back within the capacity too.
    store.confirm(key(1), ClaimToken::random()).await.unwrap();
    assert_eq!(store.len(), 3);

    // Many keys: still three.
    for n in 100..1100 {
        store.claim(key(n)).await.unwrap();
    }
    assert_eq!(store.len(), 3);
    assert_eq!(store.claim(key(1099)).await.unwrap(), Claim::InProgress);
}

#[tokio::test(start_paused = true)]
async fn a_claim_is_held_for_its_lease_then_taken_over() {
    let store = MemorySeenStore::new(10, TTL).lease(Duration::from_secs(5));
    let stale = first(&store, key(1)).await;
    tokio::time::advance(Duration::from_secs(4)).await;
    assert_eq!(store.claim(key(1)).await.unwrap(), Claim::InProgress);
    tokio::time::advance(Duration::from_secs(1)).await;
    let current = first(&store, key(1)).await;
    assert_ne!(stale, current);

    // The holder whose lease ran out neither releases nor confirms the new claim.
    store.release(key(1), stale).await.unwrap();
    assert_eq!(store.claim(key(1)).await.unwrap(), Claim::InProgress);
    store.confirm(key(1), stale).await.unwrap();
    assert_eq!(store.claim(key(1)).await.unwrap(), Claim::InProgress);
    // The new holder does; handled keys are kept for the ttl, not the lease.
    store.confirm(key(1), current).await.unwrap();
    tokio::time::advance(TTL - Duration::from_secs(1)).await;
    assert_eq!(store.claim(key(1)).await.unwrap(), Claim::Handled);
    // A handled key is not released by its former holder.
    store.release(key(1), current).await.unwrap();
    assert_eq!(store.claim(key(1)).await.unwrap(), Claim::Handled);
}

#[tokio::test(start_paused = true)]
async fn a_holder_whose_key_expired_unclaimed_still_confirms_it() {
    let store = MemorySeenStore::new(10, TTL).lease(Duration::from_secs(5));
    let token = first(&store, key(1)).await;
    tokio::time::advance(Duration::from_secs(6)).await;
    store.confirm(key(1), token).await.unwrap();
    assert_eq!(store.claim(key(1)).await.unwrap(), Claim::Handled);
}

#[test]
fn extreme_settings_are_clamped() {
    let store = MemorySeenStore::new(0, Duration::MAX);
    assert_eq!(store.capacity(), 1);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    runtime.block_on(async {
        let token = first(&store, key(1)).await;
        store.confirm(key(1), token).await.unwrap();
        assert_eq!(store.claim(key(1)).await.unwrap(), Claim::Handled);
        first(&store, key(2)).await;
        assert_eq!(store.len(), 1);
    });
}

#[cfg(feature = "axum")]
mod layer {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use axum::Router;
    use axum::body::Body;
    use axum::extract::State;
    use axum::http::{Request, StatusCode};
    use axum::routing::post;
    use http_body_util::BodyExt as _;
    use postmark_webhooks::BoxFuture;
    use postmark_webhooks::events::IdempotencyKey;
    use postmark_webhooks::receiver::{
        Claim, ClaimToken, MemorySeenStore, PostmarkLayer, PostmarkWebhook, ReceivedEvent,
        Receiver, SeenStore, StoreError,
    };
    use tokio::sync::Notify;
    use tower::ServiceExt as _;

    const DELIVERY: &str = r#"{"RecordType": "Delivery", "Recipient": "john@example.com",
        "DeliveredAt": "2019-11-05T16:33:54.9070259Z"}"#;
    /// The same delivery as Postmark would retry it: same trace id, the body
    /// with a field more (the key must not depend on the body).
    const RETRY: &str = r#"{"RecordType": "Delivery", "Recipient": "john@example.com",
        "DeliveredAt": "2019-11-05T16:33:54.9070259Z", "Tag": "retried"}"#;

    /// What the handler does and what it saw.
    #[derive(Default)]
    struct Script {
        /// Statuses to answer, in order; then 200.
        statuses: Mutex<Vec<StatusCode>>,
        /// Each call waits for a notification when set.
        gate: Option<Notify>,
        calls: AtomicUsize,
        deliveries: Mutex<Vec<ReceivedEvent>>,
    }

    /// The router's state: the script, and a receiver that the layer in
    /// front makes moot (the extractor takes the layer's delivery).
    #[derive(Clone)]
    struct App(Arc<Script>);

    impl axum::extract::FromRef<App> for Receiver {
        fn from_ref(_: &App) -> Receiver {
            Receiver::insecure_accept_all()
        }
    }

    async fn handler(
        State(App(script)): State<App>,
        PostmarkWebhook(received): PostmarkWebhook,
    ) -> StatusCode {
        script.calls.fetch_add(1, Ordering::SeqCst);
        script.deliveries.lock().unwrap().push(received);
        if let Some(gate) = &script.gate {
            gate.notified().await;
        }
        let mut statuses = script.statuses.lock().unwrap();
        if statuses.is_empty() {
            StatusCode::OK
        } else {
            statuses.remove(0)
        }
    }

    fn app(script: Arc<Script>, store: impl SeenStore) -> Router {
        let receiver = Receiver::builder()
            .basic_auth("postmark", "s3cret")
            .build()
            .unwrap();
        Router::new()
            .route(
                "/hook",
                post(handler).layer(PostmarkLayer::new(receiver).deduplicate(store)),
            )
            .with_state(App(script))
    }

    fn delivery(body: &'static str, trace_id: Option<&str>) -> Request<Body> {
        let mut request = Request::post("/hook")
            // base64("postmark:s3cret")
            .header("authorization", "Basic cG9zdG1hcms6czNjcmV0");
        if let Some(trace_id) = trace_id {
            request = request.header("x-pm-webhook-trace-id", trace_id);
        }
        request.body(Body::from(body)).unwrap()
    }

    async fn send(router: &Router, request: Request<Body>) -> (StatusCode, String) {
        let response = router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8(body.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn a_retried_delivery_is_answered_200_and_handled_once() {
        let script = Arc::new(Script::default());
        let router = app(script.clone(), MemorySeenStore::default());
        assert_eq!(
            send(&router, delivery(DELIVERY, Some("trace-1"))).await,
            (StatusCode::OK, String::new())
        );
        for _ in 0..3 {
            assert_eq!(
                send(&router, delivery(RETRY, Some("trace-1"))).await,
                (StatusCode::OK, "already handled\n".to_string())
            );
        }
        assert_eq!(script.calls.load(Ordering::SeqCst), 1);
        // Another delivery of the same event (another trace id) is handled.
        assert_eq!(
            send(&router, delivery(DELIVERY, Some("trace-2"))).await.0,
            StatusCode::OK
        );
        assert_eq!(script.calls.load(Ordering::SeqCst), 2);
        // Without a trace id, the payload is the key.
        assert_eq!(
            send(&router, delivery(DELIVERY, None)).await.0,
            StatusCode::OK
        );
        assert_eq!(
            send(&router, delivery(DELIVERY, None)).await,
            (StatusCode::OK, "already handled\n".to_string())
        );
        // (The payload key leaves the `Tag` out: the same event.)
        assert_eq!(
            send(&router, delivery(RETRY, None)).await,
            (StatusCode::OK, "already handled\n".to_string())
        );
        assert_eq!(script.calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn after_a_failed_attempt_the_retry_reaches_the_handler() {
        let script = Arc::new(Script {
            statuses: Mutex::new(vec![
                StatusCode::INTERNAL_SERVER_ERROR,
                StatusCode::TOO_MANY_REQUESTS,
            ]),
            ..Script::default()
        });
        let router = app(script.clone(), MemorySeenStore::default());
        let answers = [
            StatusCode::INTERNAL_SERVER_ERROR,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::OK,
            StatusCode::OK,
        ];
        for expected in answers {
            assert_eq!(
                send(&router, delivery(DELIVERY, Some("trace-1"))).await.0,
                expected
            );
        }
        // Three attempts reached the handler; the fourth was a duplicate.
        assert_eq!(script.calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_refused_request_claims_nothing() {
        let script = Arc::new(Script::default());
        let store = Arc::new(MemorySeenStore::default());
        let router = app(script.clone(), store.clone());
        let anonymous = Request::post("/hook")
            .header("x-pm-webhook-trace-id", "trace-1")
            .body(Body::from(DELIVERY))
            .unwrap();
        assert_eq!(send(&router, anonymous).await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(
            send(&router, delivery("{}", Some("trace-1"))).await.0,
            StatusCode::BAD_REQUEST
        );
        assert!(store.is_empty());
        assert_eq!(
            send(&router, delivery(DELIVERY, Some("trace-1"))).await.0,
            StatusCode::OK
        );
        assert_eq!(script.calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_retry_during_the_first_attempt_is_503_and_not_handled_twice() {
        let script = Arc::new(Script {
            gate: Some(Notify::new()),
            ..Script::default()
        });
        let router = app(script.clone(), MemorySeenStore::default());
        let first = tokio::spawn({
            let router = router.clone();
            async move { send(&router, delivery(DELIVERY, Some("trace-1"))).await }
        });
        while script.calls.load(Ordering::SeqCst) == 0 {
            tokio::task::yield_now().await;
        }
        assert_eq!(
            send(&router, delivery(RETRY, Some("trace-1"))).await,
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "this delivery is being handled; retry later\n".to_string()
            )
        );
        script.gate.as_ref().unwrap().notify_one();
        assert_eq!(first.await.unwrap().0, StatusCode::OK);
        assert_eq!(
            send(&router, delivery(RETRY, Some("trace-1"))).await.1,
            "already handled\n"
        );
        assert_eq!(script.calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_request_dropped_midway_releases_its_key() {
        let script = Arc::new(Script {
            gate: Some(Notify::new()),
            ..Script::default()
        });
        let store = Arc::new(MemorySeenStore::default());
        let router = app(script.clone(), store.clone());
        let first = tokio::spawn({
            let router = router.clone();
            async move { send(&router, delivery(DELIVERY, Some("trace-1"))).await }
        });
        while script.calls.load(Ordering::SeqCst) == 0 {
            tokio::task::yield_now().await;
        }
        first.abort();
        assert!(first.await.unwrap_err().is_cancelled());
        while !store.is_empty() {
            tokio::task::yield_now().await;
        }
        // The retry is handled (the gate lets it through at once this time).
        script.gate.as_ref().unwrap().notify_one();
        assert_eq!(
            send(&router, delivery(DELIVERY, Some("trace-1"))).await.0,
            StatusCode::OK
        );
        assert_eq!(script.calls.load(Ordering::SeqCst), 2);
    }

    /// A shared store that is down.
    struct Down;

    impl SeenStore for Down {
        fn claim(&self, _: IdempotencyKey) -> BoxFuture<'_, Result<Claim, StoreError>> {
            Box::pin(async { Err("connection refused".into()) })
        }
        fn confirm(
            &self,
            _: IdempotencyKey,
            _: ClaimToken,
        ) -> BoxFuture<'_, Result<(), StoreError>> {
            Box::pin(async { Err("connection refused".into()) })
        }
        fn release(
            &self,
            _: IdempotencyKey,
            _: ClaimToken,
        ) -> BoxFuture<'_, Result<(), StoreError>> {
            Box::pin(async { Err("connection refused".into()) })
        }
    }

    /// A shared store that never answers.
    struct Hung;

    impl SeenStore for Hung {
        fn claim(&self, _: IdempotencyKey) -> BoxFuture<'_, Result<Claim, StoreError>> {
            Box::pin(std::future::pending())
        }
        fn confirm(
            &self,
            _: IdempotencyKey,
            _: ClaimToken,
        ) -> BoxFuture<'_, Result<(), StoreError>> {
            Box::pin(std::future::pending())
        }
        fn release(
            &self,
            _: IdempotencyKey,
            _: ClaimToken,
        ) -> BoxFuture<'_, Result<(), StoreError>> {
            Box::pin(std::future::pending())
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_store_that_does_not_answer_gets_503_after_the_store_timeout() {
        let script = Arc::new(Script::default());
        let router = Router::new()
            .route(
                "/hook",
                post(handler).layer(
                    PostmarkLayer::new(Receiver::insecure_accept_all())
                        .deduplicate(Hung)
                        .store_timeout(Duration::from_millis(300)),
                ),
            )
            .with_state(App(script.clone()));
        let started = tokio::time::Instant::now();
        assert_eq!(
            send(&router, delivery(DELIVERY, Some("trace-1"))).await,
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "deliveries cannot be deduplicated now; retry later\n".to_string()
            )
        );
        assert_eq!(started.elapsed(), Duration::from_millis(300));
        assert_eq!(script.calls.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn failing_open_calls_the_handler_when_the_store_fails() {
        let script = Arc::new(Script::default());
        let router = Router::new()
            .route(
                "/hook",
                post(handler).layer(
                    PostmarkLayer::new(Receiver::insecure_accept_all())
                        .deduplicate(Down)
                        .fail_open_when_store_fails(),
                ),
            )
            .with_state(App(script.clone()));
        for _ in 0..2 {
            assert_eq!(
                send(&router, delivery(DELIVERY, Some("trace-1"))).await,
                (StatusCode::OK, String::new())
            );
        }
        // Nothing deduplicates while the store is down.
        assert_eq!(script.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_store_that_fails_gets_503_so_that_postmark_retries() {
        let script = Arc::new(Script::default());
        let router = app(script.clone(), Down);
        assert_eq!(
            send(&router, delivery(DELIVERY, Some("trace-1"))).await,
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "deliveries cannot be deduplicated now; retry later\n".to_string()
            )
        );
        assert_eq!(script.calls.load(Ordering::SeqCst), 0);
    }
}
