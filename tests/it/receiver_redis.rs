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

shared_store::every_scenario!(Server::redis, Redis);

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
