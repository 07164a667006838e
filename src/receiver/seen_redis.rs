//! [`RedisSeenStore`]: deduplication shared by every replica, in Redis.

use std::fmt;
use std::time::Duration;

use ::redis::aio::{ConnectionManager, ConnectionManagerConfig};
use ::redis::{Client, Script};

use super::seen::checked_lifetimes;
use super::{
    Claim, ClaimToken, DEFAULT_LEASE, DEFAULT_TTL, SeenStore, StoreError, StoreSetupError,
};
use crate::events::IdempotencyKey;
use futures_util::future::BoxFuture;

/// The key prefix unless set.
const DEFAULT_PREFIX: &str = "postmark-webhooks:seen:";

/// The value of a handled key; a claimed key holds its claim's token (32 hex
/// digits), which is never this.
const HANDLED: &str = "handled";

/// `SET NX PX lease` with the token; else what the key holds.
/// Answers 0 (claimed), 1 (in progress) or 2 (handled).
const CLAIM: &str = r"
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end
if redis.call('GET', KEYS[1]) == ARGV[3] then return 2 end
return 1
";

/// Marks the key handled for the ttl if the token still holds it or nobody
/// does; leaves another holder's claim (and a handled key) alone.
const CONFIRM: &str = r"
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[2])
  return 1
end
return 0
";

/// Deletes the key if the token still holds it.
const RELEASE: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
";

/// A [`SeenStore`] in Redis (or Valkey), shared by every replica of a
/// receiver, so that a delivery is handled once whichever replica each of
/// Postmark's retries reaches.
///
/// Each key is one Redis string, `<prefix><64 hex digits>`: a claim holds
/// its token for the lease (`SET NX PX`), a handled key holds `handled` for
/// the ttl; Redis drops both when they expire. Confirming and releasing are
/// Lua scripts that compare the token first, so they are atomic and act only
/// on their own claim. The connection is re-established after it breaks; a
/// call while Redis is down fails, and `PostmarkLayer` answers 503.
///
/// ```no_run
/// use std::time::Duration;
/// use postmark_webhooks::receiver::{PostmarkLayer, Receiver, RedisSeenStore};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let store = RedisSeenStore::builder("redis://127.0.0.1:6379/")
///     .key_prefix("billing:postmark-seen:")
///     .lease(Duration::from_secs(30))
///     .connect()
///     .await?;
/// let layer = PostmarkLayer::new(Receiver::insecure_accept_all()).deduplicate(store);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct RedisSeenStore {
    connection: ConnectionManager,
    prefix: String,
    lease_ms: u64,
    ttl_ms: u64,
    scripts: Scripts,
}

#[derive(Clone)]
struct Scripts {
    claim: Script,
    confirm: Script,
    release: Script,
}

impl RedisSeenStore {
    /// A builder for a store at `url` (`redis://[user:password@]host[:port][/db]`,
    /// or `rediss://` when the `redis` crate's TLS is enabled), with the
    /// prefix `postmark-webhooks:seen:`, [`DEFAULT_LEASE`] and
    /// [`DEFAULT_TTL`] unless set.
    ///
    /// ```
    /// let builder = postmark_webhooks::receiver::RedisSeenStore::builder("redis://:pa55@cache/");
    /// assert!(!format!("{builder:?}").contains("pa55"));
    /// ```
    pub fn builder(url: impl Into<String>) -> RedisSeenStoreBuilder {
        RedisSeenStoreBuilder {
            url: url.into(),
            prefix: DEFAULT_PREFIX.to_string(),
            lease: DEFAULT_LEASE,
            ttl: DEFAULT_TTL,
        }
    }

    fn key(&self, key: IdempotencyKey) -> String {
        format!("{}{key}", self.prefix)
    }
}

impl fmt::Debug for RedisSeenStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisSeenStore")
            .field("prefix", &self.prefix)
            .field("lease", &Duration::from_millis(self.lease_ms))
            .field("ttl", &Duration::from_millis(self.ttl_ms))
            .finish_non_exhaustive()
    }
}

impl SeenStore for RedisSeenStore {
    fn claim(&self, key: IdempotencyKey) -> BoxFuture<'_, Result<Claim, StoreError>> {
        let token = ClaimToken::random();
        let (key, mut connection) = (self.key(key), self.connection.clone());
        Box::pin(async move {
            let known: u8 = self
                .scripts
                .claim
                .key(key)
                .arg(token.to_string())
                .arg(self.lease_ms)
                .arg(HANDLED)
                .invoke_async(&mut connection)
                .await?;
            Ok(match known {
                0 => Claim::First(token),
                2 => Claim::Handled,
                _ => Claim::InProgress,
            })
        })
    }

    fn confirm(
        &self,
        key: IdempotencyKey,
        token: ClaimToken,
    ) -> BoxFuture<'_, Result<(), StoreError>> {
        let (key, mut connection) = (self.key(key), self.connection.clone());
        Box::pin(async move {
            let _: u8 = self
                .scripts
                .confirm
                .key(key)
                .arg(token.to_string())
                .arg(self.ttl_ms)
                .arg(HANDLED)
                .invoke_async(&mut connection)
                .await?;
            Ok(())
        })
    }

    fn release(
        &self,
        key: IdempotencyKey,
        token: ClaimToken,
    ) -> BoxFuture<'_, Result<(), StoreError>> {
        let (key, mut connection) = (self.key(key), self.connection.clone());
        Box::pin(async move {
            let _: u8 = self
                .scripts
                .release
                .key(key)
                .arg(token.to_string())
                .invoke_async(&mut connection)
                .await?;
            Ok(())
        })
    }
}

/// Builds a [`RedisSeenStore`]; see [`RedisSeenStore::builder`]. Its `Debug`
/// output does not show the URL, which may hold a password.
pub struct RedisSeenStoreBuilder {
    url: String,
    prefix: String,
    lease: Duration,
    ttl: Duration,
}

impl RedisSeenStoreBuilder {
    /// Prefixes every key with this (`postmark-webhooks:seen:` unless set):
    /// give each application sharing a Redis its own. It may not be empty.
    ///
    /// ```
    /// let builder = postmark_webhooks::receiver::RedisSeenStore::builder("redis://127.0.0.1/")
    ///     .key_prefix("shop:postmark:");
    /// ```
    pub fn key_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// Holds a claimed key for its claimer this long ([`DEFAULT_LEASE`]
    /// unless set): a little longer than the handler may take.
    ///
    /// ```
    /// let builder = postmark_webhooks::receiver::RedisSeenStore::builder("redis://127.0.0.1/")
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
    /// let builder = postmark_webhooks::receiver::RedisSeenStore::builder("redis://127.0.0.1/")
    ///     .ttl(std::time::Duration::from_secs(12 * 60 * 60));
    /// ```
    pub fn ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }

    /// Checks the settings, then connects to Redis.
    ///
    /// ```
    /// use postmark_webhooks::receiver::{RedisSeenStore, StoreSetupError};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let err = RedisSeenStore::builder("redis://127.0.0.1/").key_prefix("").connect().await;
    /// assert!(matches!(err, Err(StoreSetupError::InvalidName { .. })));
    /// let err = RedisSeenStore::builder("http://127.0.0.1/").connect().await;
    /// assert!(matches!(err, Err(StoreSetupError::InvalidConnectionString(_))));
    /// # }
    /// ```
    pub async fn connect(self) -> Result<RedisSeenStore, StoreSetupError> {
        if self.prefix.is_empty() {
            return Err(StoreSetupError::InvalidName {
                name: self.prefix,
                reason: "a key prefix may not be empty",
            });
        }
        let (lease_ms, ttl_ms) = checked_lifetimes(self.lease, self.ttl)?;
        let client = Client::open(self.url.as_str())
            .map_err(|e| StoreSetupError::InvalidConnectionString(e.to_string()))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_secs(1)))
            .set_response_timeout(Some(Duration::from_secs(1)))
            .set_number_of_retries(2)
            .set_max_delay(Duration::from_millis(500));
        let connection = ConnectionManager::new_with_config(client, config)
            .await
            .map_err(|e| StoreSetupError::Unreachable(e.into()))?;
        Ok(RedisSeenStore {
            connection,
            prefix: self.prefix,
            lease_ms,
            ttl_ms,
            scripts: Scripts {
                claim: Script::new(CLAIM),
                confirm: Script::new(CONFIRM),
                release: Script::new(RELEASE),
            },
        })
    }
}

impl fmt::Debug for RedisSeenStoreBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisSeenStoreBuilder")
            .field("prefix", &self.prefix)
            .field("lease", &self.lease)
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}
