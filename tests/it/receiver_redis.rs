//! `RedisSeenStore` against a real Redis: replicas sharing it handle each
//! delivery once (see `shared_store`).
#![cfg(all(feature = "redis", feature = "axum"))]

use crate::shared_store;

use postmark_webhooks::receiver::{RedisSeenStore, StoreSetupError};
use shared_store::{Connect, LEASE, Server, TTL};

struct Redis;

impl Connect for Redis {
    type Store = RedisSeenStore;
    async fn connect(&self, server: &Server) -> RedisSeenStore {
        RedisSeenStore::builder(server.connection_string())
            .key_prefix("test:seen:")
            .lease(LEASE)
            .ttl(TTL)
            .connect()
            .await
            .unwrap()
    }
}

macro_rules! scenarios {
    ($($name:ident),* $(,)?) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let Some(server) = Server::redis() else { return };
            shared_store::$name(server, Redis).await;
        }
    )*};
}

scenarios!(
    a_delivery_and_its_retry_on_another_replica_are_handled_once,
    concurrent_copies_on_both_replicas_are_handled_exactly_once,
    a_failed_handler_releases_the_key_and_the_retry_is_handled,
    a_claim_whose_holder_crashed_is_taken_over_after_its_lease,
    only_the_holder_of_a_claim_settles_it_and_handled_keys_expire,
    a_stopped_store_means_503_and_after_a_restart_the_retry_is_handled_once,
);

#[tokio::test]
async fn bad_settings_are_refused_before_connecting() {
    // Nothing listens on port 1: a check that connected would fail otherwise.
    let builder = || RedisSeenStore::builder("redis://127.0.0.1:1/");
    let err = builder().lease(std::time::Duration::ZERO).connect().await;
    assert!(matches!(err, Err(StoreSetupError::InvalidLease)), "{err:?}");
    let err = builder().lease(TTL * 2).ttl(TTL).connect().await;
    assert!(matches!(err, Err(StoreSetupError::InvalidLease)), "{err:?}");
    let err = builder().key_prefix("").connect().await;
    assert!(
        matches!(err, Err(StoreSetupError::InvalidName { .. })),
        "{err:?}"
    );
    let err = builder().connect().await;
    assert!(
        matches!(err, Err(StoreSetupError::Unreachable(_))),
        "{err:?}"
    );
}
