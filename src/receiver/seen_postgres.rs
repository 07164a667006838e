//! [`PostgresSeenStore`]: deduplication shared by every replica, in PostgreSQL.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::NoTls;

use super::seen::checked_lifetimes;
use super::{
    Claim, ClaimToken, DEFAULT_LEASE, DEFAULT_TTL, SeenStore, StoreError, StoreSetupError,
};
use crate::events::IdempotencyKey;
use futures_util::future::BoxFuture;

/// The table unless set.
const DEFAULT_TABLE: &str = "postmark_webhooks_seen";

/// How often (at most) a process deletes expired rows, and how many at once.
const CLEANUP_EVERY: Duration = Duration::from_secs(60);
const CLEANUP_ROWS: u32 = 1000;

/// Connections kept open to the database.
const POOL_SIZE: usize = 16;

/// A [`SeenStore`] in a PostgreSQL table, shared by every replica of a
/// receiver, so that a delivery is handled once whichever replica each of
/// Postmark's retries reaches.
///
/// Each key is one row: `key` (64 hex digits), `holder` (the claim's token,
/// `NULL` once handled) and `expires_at` (the end of the lease, or of the
/// ttl once handled), on the database's clock. A claim is one
/// `INSERT … ON CONFLICT DO UPDATE … WHERE expires_at <= now()`, so it is
/// atomic; confirming and releasing act only on rows that their token still
/// holds. Expired rows are taken over by the next claim, and each process
/// deletes up to 1000 of them at most once a minute, after a claim: no
/// scheduled job is needed.
///
/// [`connect`](PostgresSeenStoreBuilder::connect) creates the table if it is
/// missing. Where the application's role may not create tables, run this
/// once (with your table name):
///
/// ```sql
/// CREATE TABLE IF NOT EXISTS postmark_webhooks_seen (
///     key        text PRIMARY KEY,
///     holder     text,
///     expires_at timestamptz NOT NULL
/// );
/// CREATE INDEX IF NOT EXISTS postmark_webhooks_seen_expires_at
///     ON postmark_webhooks_seen (expires_at);
/// ```
///
/// Connections come from a pool of 16 and are replaced after they break; a
/// call while the database is down fails, and `PostmarkLayer` answers 503.
///
/// ```no_run
/// use std::time::Duration;
/// use postmark_webhooks::receiver::{PostgresSeenStore, PostmarkLayer, Receiver};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let store = PostgresSeenStore::builder("postgres://app:secret@db/app")
///     .table("billing_postmark_seen")
///     .lease(Duration::from_secs(30))
///     .connect()
///     .await?;
/// let layer = PostmarkLayer::new(Receiver::insecure_accept_all()).deduplicate(store);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct PostgresSeenStore {
    pool: Pool,
    table: String,
    lease_ms: f64,
    ttl_ms: f64,
    statements: Arc<Statements>,
    last_cleanup: Arc<Mutex<Instant>>,
}

/// The store's statements, for its table.
struct Statements {
    claim: String,
    confirm: String,
    release: String,
    cleanup: String,
}

impl Statements {
    /// The table and its index, created if missing; an advisory lock keeps
    /// replicas that start together from racing.
    fn create(table: &str) -> String {
        format!(
            "BEGIN;
             SELECT pg_advisory_xact_lock(hashtext('postmark-webhooks {table}'));
             CREATE TABLE IF NOT EXISTS {table} (
                 key        text PRIMARY KEY,
                 holder     text,
                 expires_at timestamptz NOT NULL
             );
             CREATE INDEX IF NOT EXISTS {table}_expires_at ON {table} (expires_at);
             COMMIT;"
        )
    }

    fn new(table: &str) -> Self {
        let until = "now() + $3::float8 * interval '1 millisecond'";
        Self {
            // 'first' when inserted or taken over; else what the live row
            // says; no row when it changed meanwhile (answered "in progress").
            claim: format!(
                "WITH claimed AS (
                     INSERT INTO {table} AS s (key, holder, expires_at) VALUES ($1, $2, {until})
                     ON CONFLICT (key) DO UPDATE
                         SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
                         WHERE s.expires_at <= now()
                     RETURNING 1
                 )
                 SELECT 'first'::text FROM claimed
                 UNION ALL
                 SELECT CASE WHEN holder IS NULL THEN 'handled' ELSE 'in progress' END
                 FROM {table}
                 WHERE key = $1 AND expires_at > now() AND NOT EXISTS (SELECT 1 FROM claimed)"
            ),
            confirm: format!(
                "INSERT INTO {table} AS s (key, holder, expires_at) VALUES ($1, NULL, {until})
                 ON CONFLICT (key) DO UPDATE
                     SET holder = NULL, expires_at = EXCLUDED.expires_at
                     WHERE s.holder = $2 OR s.expires_at <= now()"
            ),
            release: format!("DELETE FROM {table} WHERE key = $1 AND holder = $2"),
            cleanup: format!(
                "DELETE FROM {table} WHERE key IN (
                     SELECT key FROM {table} WHERE expires_at <= now() LIMIT {CLEANUP_ROWS}
                 )"
            ),
        }
    }
}

impl PostgresSeenStore {
    /// A builder for a store in the database of `connection_string` (a
    /// `postgres://` URL or `key=value` pairs, as libpq takes them), in the
    /// table `postmark_webhooks_seen`, with [`DEFAULT_LEASE`] and
    /// [`DEFAULT_TTL`] unless set. Connections do not use TLS.
    ///
    /// ```
    /// let builder = postmark_webhooks::receiver::PostgresSeenStore::builder(
    ///     "host=db user=app password=pa55 dbname=app",
    /// );
    /// assert!(!format!("{builder:?}").contains("pa55"));
    /// ```
    pub fn builder(connection_string: impl Into<String>) -> PostgresSeenStoreBuilder {
        PostgresSeenStoreBuilder {
            connection_string: connection_string.into(),
            table: DEFAULT_TABLE.to_string(),
            lease: DEFAULT_LEASE,
            ttl: DEFAULT_TTL,
        }
    }

    /// Deletes expired rows in the background, at most once a minute.
    fn clean_up_now_and_then(&self) {
        {
            let mut last = self
                .last_cleanup
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if last.elapsed() < CLEANUP_EVERY {
                return;
            }
            *last = Instant::now();
        }
        let store = self.clone();
        tokio::spawn(async move {
            let cleaned = async {
                let client = store.pool.get().await?;
                let statement = client.prepare_cached(&store.statements.cleanup).await?;
                client.execute(&statement, &[]).await?;
                Ok::<_, StoreError>(())
            };
            if let Err(e) = cleaned.await {
                tracing::warn!(error = %e, "the seen store could not delete expired keys");
            }
        });
    }

    /// Runs `sql` with the key, the token and `millis`; the rows it returns.
    async fn run(
        &self,
        sql: &str,
        key: IdempotencyKey,
        token: ClaimToken,
        millis: Option<f64>,
    ) -> Result<Vec<tokio_postgres::Row>, StoreError> {
        let client = self.pool.get().await?;
        let statement = client.prepare_cached(sql).await?;
        let (key, token) = (key.to_string(), token.to_string());
        let rows = match millis {
            Some(millis) => client.query(&statement, &[&key, &token, &millis]).await?,
            None => client.query(&statement, &[&key, &token]).await?,
        };
        Ok(rows)
    }
}

impl fmt::Debug for PostgresSeenStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostgresSeenStore")
            .field("table", &self.table)
            .field("lease", &Duration::from_millis(self.lease_ms as u64))
            .field("ttl", &Duration::from_millis(self.ttl_ms as u64))
            .finish_non_exhaustive()
    }
}

impl SeenStore for PostgresSeenStore {
    fn claim(&self, key: IdempotencyKey) -> BoxFuture<'_, Result<Claim, StoreError>> {
        Box::pin(async move {
            let token = ClaimToken::random();
            let rows = self
                .run(&self.statements.claim, key, token, Some(self.lease_ms))
                .await?;
            self.clean_up_now_and_then();
            let known: Option<String> = rows.first().map(|row| row.try_get(0)).transpose()?;
            Ok(match known.as_deref() {
                Some("first") => Claim::First(token),
                Some("handled") => Claim::Handled,
                _ => Claim::InProgress,
            })
        })
    }

    fn confirm(
        &self,
        key: IdempotencyKey,
        token: ClaimToken,
    ) -> BoxFuture<'_, Result<(), StoreError>> {
        Box::pin(async move {
            self.run(&self.statements.confirm, key, token, Some(self.ttl_ms))
                .await?;
            Ok(())
        })
    }

    fn release(
        &self,
        key: IdempotencyKey,
        token: ClaimToken,
    ) -> BoxFuture<'_, Result<(), StoreError>> {
        Box::pin(async move {
            self.run(&self.statements.release, key, token, None).await?;
            Ok(())
        })
    }
}

/// Builds a [`PostgresSeenStore`]; see [`PostgresSeenStore::builder`]. Its
/// `Debug` output does not show the connection string, which may hold a
/// password.
pub struct PostgresSeenStoreBuilder {
    connection_string: String,
    table: String,
    lease: Duration,
    ttl: Duration,
}

impl PostgresSeenStoreBuilder {
    /// Keeps keys in this table (`postmark_webhooks_seen` unless set): lower
    /// case letters, digits and `_`, starting with a letter or `_`, at most
    /// 48 characters. It is found through the role's `search_path`.
    ///
    /// ```
    /// let builder = postmark_webhooks::receiver::PostgresSeenStore::builder("host=db")
    ///     .table("shop_postmark_seen");
    /// ```
    pub fn table(mut self, table: impl Into<String>) -> Self {
        self.table = table.into();
        self
    }

    /// Holds a claimed key for its claimer this long ([`DEFAULT_LEASE`]
    /// unless set): a little longer than the handler may take.
    ///
    /// ```
    /// let builder = postmark_webhooks::receiver::PostgresSeenStore::builder("host=db")
    ///     .lease(std::time::Duration::from_secs(30));
    /// ```
    pub fn lease(mut self, lease: Duration) -> Self {
        self.lease = lease;
        self
    }

    /// Remembers a handled key this long ([`DEFAULT_TTL`] unless set):
    /// longer than Postmark retries a delivery.
    ///
    /// ```
    /// let builder = postmark_webhooks::receiver::PostgresSeenStore::builder("host=db")
    ///     .ttl(std::time::Duration::from_secs(12 * 60 * 60));
    /// ```
    pub fn ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }

    /// Checks the settings, connects, and creates the table if it is
    /// missing.
    ///
    /// ```
    /// use postmark_webhooks::receiver::{PostgresSeenStore, StoreSetupError};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let err = PostgresSeenStore::builder("host=db").table("seen; DROP TABLE x").connect().await;
    /// assert!(matches!(err, Err(StoreSetupError::InvalidName { .. })));
    /// let err = PostgresSeenStore::builder("port=not-a-port").connect().await;
    /// assert!(matches!(err, Err(StoreSetupError::InvalidConnectionString(_))));
    /// # }
    /// ```
    pub async fn connect(self) -> Result<PostgresSeenStore, StoreSetupError> {
        let valid = matches!(self.table.as_bytes().first(), Some(b'a'..=b'z' | b'_'))
            && self.table.len() <= 48
            && self
                .table
                .bytes()
                .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_'));
        if !valid {
            return Err(StoreSetupError::InvalidName {
                name: self.table,
                reason: "a table name is 1 to 48 lower case letters, digits and `_`, \
                         not starting with a digit",
            });
        }
        let (lease_ms, ttl_ms) = checked_lifetimes(self.lease, self.ttl)?;
        let mut config: tokio_postgres::Config =
            self.connection_string
                .parse()
                .map_err(|e: tokio_postgres::Error| {
                    StoreSetupError::InvalidConnectionString(e.to_string())
                })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(1));
        }
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .build()
            .map_err(|e| StoreSetupError::Unreachable(e.into()))?;
        let client = pool
            .get()
            .await
            .map_err(|e| StoreSetupError::Unreachable(e.into()))?;
        client
            .batch_execute(&Statements::create(&self.table))
            .await
            .map_err(|e| StoreSetupError::Unreachable(e.into()))?;
        drop(client);
        Ok(PostgresSeenStore {
            pool,
            statements: Arc::new(Statements::new(&self.table)),
            table: self.table,
            lease_ms: lease_ms as f64,
            ttl_ms: ttl_ms as f64,
            last_cleanup: Arc::new(Mutex::new(Instant::now())),
        })
    }
}

impl fmt::Debug for PostgresSeenStoreBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostgresSeenStoreBuilder")
            .field("table", &self.table)
            .field("lease", &self.lease)
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}
