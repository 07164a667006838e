//! `PostgresSeenStore` against a real PostgreSQL: replicas sharing it handle each
//! delivery once (see `shared_store`).
#![cfg(all(feature = "postgres", feature = "axum"))]

use crate::shared_store;

use postmark_webhooks::receiver::{PostgresSeenStore, StoreSetupError};
use shared_store::{Connect, LEASE, Server, TTL};

struct Postgres;

impl Connect for Postgres {
    type Store = PostgresSeenStore;
    async fn connect(&self, server: &Server) -> PostgresSeenStore {
        PostgresSeenStore::builder(server.connection_string())
            .table("test_seen")
            .lease(LEASE)
            .ttl(TTL)
            .connect()
            .await
            .unwrap()
    }
}

shared_store::every_scenario!(Server::postgres, Postgres);

#[tokio::test]
async fn bad_settings_are_refused_before_connecting() {
    // Nothing listens on port 1: a check that connected would fail otherwise.
    let builder = || PostgresSeenStore::builder("host=127.0.0.1 port=1 user=postgres");
    let err = builder().lease(std::time::Duration::ZERO).connect().await;
    assert!(matches!(err, Err(StoreSetupError::InvalidLease)), "{err:?}");
    let err = builder().lease(TTL * 2).ttl(TTL).connect().await;
    assert!(matches!(err, Err(StoreSetupError::InvalidLease)), "{err:?}");
    for table in [
        "",
        "Seen",
        "1seen",
        "seen; DROP TABLE users",
        &"s".repeat(49),
    ] {
        let err = builder().table(table).connect().await;
        assert!(
            matches!(err, Err(StoreSetupError::InvalidName { .. })),
            "{err:?}"
        );
    }
    let err = builder().connect().await;
    assert!(
        matches!(err, Err(StoreSetupError::Unreachable(_))),
        "{err:?}"
    );
}
