//! Remembering which deliveries were handled, so that Postmark's retries of
//! them are answered without handling them again.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use futures_util::future::BoxFuture;
use tokio::time::Instant;

use crate::events::IdempotencyKey;

/// The error of a [`SeenStore`] (a lost connection to a shared store, say).
///
/// ```
/// let err: postmark_webhooks::receiver::StoreError = "connection refused".into();
/// assert_eq!(err.to_string(), "connection refused");
/// ```
pub type StoreError = Box<dyn std::error::Error + Send + Sync>;

/// What a [`SeenStore`] knew about a key when it was claimed.
///
/// ```
/// use postmark_webhooks::receiver::{Claim, ClaimToken};
///
/// let claim = Claim::First(ClaimToken::random());
/// assert!(matches!(claim, Claim::First(_)));
/// assert_ne!(claim, Claim::Handled);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Claim {
    /// Not seen (or forgotten, or its lease ran out): it is now marked as
    /// being handled by the caller, who holds the claim through this token
    /// and must [`confirm`](SeenStore::confirm) or
    /// [`release`](SeenStore::release) it with it.
    First(ClaimToken),
    /// Claimed by another request that has not finished: handling it again
    /// now could do the work twice, answering 200 could lose it if that
    /// request fails. `PostmarkLayer` answers 503, and Postmark retries.
    InProgress,
    /// Handled successfully before: `PostmarkLayer` answers 200 without
    /// calling the handler.
    Handled,
}

/// Identifies one claim of a key, so that only its holder can
/// [`confirm`](SeenStore::confirm) or [`release`](SeenStore::release) it: a
/// request whose lease ran out, and whose key another request claimed since,
/// does not undo that other claim. 128 random bits, new for each claim;
/// `Display` gives 32 lowercase hex digits.
///
/// ```
/// use postmark_webhooks::receiver::ClaimToken;
///
/// let (a, b) = (ClaimToken::random(), ClaimToken::random());
/// assert_ne!(a, b);
/// assert_eq!(a.to_string().len(), 32);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClaimToken(u128);

impl ClaimToken {
    /// A new token, for a new claim.
    ///
    /// ```
    /// let token = postmark_webhooks::receiver::ClaimToken::random();
    /// assert!(token.to_string().bytes().all(|b| b.is_ascii_hexdigit()));
    /// ```
    pub fn random() -> Self {
        Self(fastrand::u128(..))
    }
}

impl fmt::Display for ClaimToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:032x}", self.0)
    }
}

impl fmt::Debug for ClaimToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ClaimToken({self})")
    }
}

/// How long a claimed key is held for its claimer unless set: 2 minutes.
///
/// A claim whose holder neither confirms nor releases it (its process
/// crashed, or its handler hangs) is given to the next delivery after its
/// lease, so set it a little longer than your handler may take. Postmark
/// waits about 2 minutes for an inbound webhook's answer, and retries a
/// failed delivery after 1 minute at the earliest.
///
/// ```
/// use std::time::Duration;
/// use postmark_webhooks::receiver::{DEFAULT_LEASE, DEFAULT_TTL, MemorySeenStore};
///
/// // A handler that may take up to 3 minutes needs a longer lease.
/// let store = MemorySeenStore::new(50_000, DEFAULT_TTL).lease(DEFAULT_LEASE * 2);
/// ```
pub const DEFAULT_LEASE: Duration = Duration::from_secs(2 * 60);

/// How long a handled key is remembered unless set: 3 hours, longer than
/// Postmark's retries of a webhook's delivery (about 70 minutes). Inbound
/// email is retried for longer: give its store [`DEFAULT_INBOUND_TTL`].
///
/// ```
/// use postmark_webhooks::receiver::{DEFAULT_TTL, MemorySeenStore};
///
/// let webhooks = MemorySeenStore::new(50_000, DEFAULT_TTL);
/// ```
pub const DEFAULT_TTL: Duration = Duration::from_secs(3 * 60 * 60);

/// How long to remember a handled inbound message: 12 hours. Postmark
/// retries an inbound message 10 times over about 10.5 hours, so a store
/// that forgot it sooner (after [`DEFAULT_TTL`]) would hand a late retry to
/// the handler a second time.
///
/// ```
/// use postmark_webhooks::receiver::{DEFAULT_INBOUND_TTL, MemorySeenStore, PostmarkLayer, Receiver};
///
/// let receiver = Receiver::builder().basic_auth("postmark", "s3cret").build().unwrap();
/// let layer = PostmarkLayer::inbound(receiver)
///     .deduplicate(MemorySeenStore::new(100_000, DEFAULT_INBOUND_TTL));
/// ```
pub const DEFAULT_INBOUND_TTL: Duration = Duration::from_secs(12 * 60 * 60);

/// Where deduplication keeps the [`IdempotencyKey`]s of deliveries, so that
/// one delivery is handled once however often Postmark retries it.
///
/// A key goes through two steps, so that a failed attempt is retried:
/// [`claim`](Self::claim) it before handling the delivery, then
/// [`confirm`](Self::confirm) it when the handler succeeded (answered 2xx),
/// or [`release`](Self::release) it when it did not, so that Postmark's retry
/// reaches the handler again.
///
/// - `claim` must be atomic: of two concurrent claims of one key, one gets
///   [`Claim::First`], with a fresh [`ClaimToken`].
/// - A claim has a lease: once it runs out, the key can be claimed again, so
///   that a crashed process does not hold a delivery until Postmark gives up.
/// - `confirm` and `release` act only on the claim of their token: after a
///   lease ran out and another request claimed the key, they leave that
///   claim alone. `confirm` records the key as handled (for longer than
///   Postmark's retries) when the claim is still its own or the key was
///   forgotten meanwhile.
///
/// [`MemorySeenStore`] keeps keys in the process. With many replicas behind a
/// load balancer, share them: `RedisSeenStore` (feature `redis`) and
/// `PostgresSeenStore` (feature `postgres`) do, or implement this trait over
/// the store you run.
///
/// ```
/// use std::collections::HashMap;
/// use std::sync::Mutex;
///
/// use postmark_webhooks::BoxFuture;
/// use postmark_webhooks::events::IdempotencyKey;
/// use postmark_webhooks::receiver::{Claim, ClaimToken, SeenStore, StoreError};
///
/// /// Remembers everything, forever, without leases: a sketch, not for production.
/// #[derive(Default)]
/// struct Everything(Mutex<HashMap<IdempotencyKey, Option<ClaimToken>>>);
///
/// impl SeenStore for Everything {
///     fn claim(&self, key: IdempotencyKey) -> BoxFuture<'_, Result<Claim, StoreError>> {
///         let mut keys = self.0.lock().unwrap();
///         let claim = match keys.get(&key) {
///             None => {
///                 let token = ClaimToken::random();
///                 keys.insert(key, Some(token));
///                 Claim::First(token)
///             }
///             Some(Some(_)) => Claim::InProgress,
///             Some(None) => Claim::Handled,
///         };
///         Box::pin(async move { Ok(claim) })
///     }
///     fn confirm(&self, key: IdempotencyKey, token: ClaimToken) -> BoxFuture<'_, Result<(), StoreError>> {
///         let mut keys = self.0.lock().unwrap();
///         // Another request's claim is left alone.
///         let ours = match keys.get(&key) {
///             Some(Some(holder)) => *holder == token,
///             _ => true,
///         };
///         if ours {
///             keys.insert(key, None);
///         }
///         Box::pin(async { Ok(()) })
///     }
///     fn release(&self, key: IdempotencyKey, token: ClaimToken) -> BoxFuture<'_, Result<(), StoreError>> {
///         let mut keys = self.0.lock().unwrap();
///         if keys.get(&key) == Some(&Some(token)) {
///             keys.remove(&key);
///         }
///         Box::pin(async { Ok(()) })
///     }
/// }
/// ```
pub trait SeenStore: Send + Sync + 'static {
    /// Marks `key` as being handled by the caller if it is new (or its
    /// previous claim's lease ran out); says what was known.
    fn claim(&self, key: IdempotencyKey) -> BoxFuture<'_, Result<Claim, StoreError>>;

    /// Records that the delivery of `key` was handled, if the claim of
    /// `token` still holds it (or nobody does).
    fn confirm(
        &self,
        key: IdempotencyKey,
        token: ClaimToken,
    ) -> BoxFuture<'_, Result<(), StoreError>>;

    /// Forgets `key` if the claim of `token` still holds it, so that the
    /// next delivery with it is handled.
    fn release(
        &self,
        key: IdempotencyKey,
        token: ClaimToken,
    ) -> BoxFuture<'_, Result<(), StoreError>>;
}

impl<T: SeenStore + ?Sized> SeenStore for Arc<T> {
    fn claim(&self, key: IdempotencyKey) -> BoxFuture<'_, Result<Claim, StoreError>> {
        (**self).claim(key)
    }

    fn confirm(
        &self,
        key: IdempotencyKey,
        token: ClaimToken,
    ) -> BoxFuture<'_, Result<(), StoreError>> {
        (**self).confirm(key, token)
    }

    fn release(
        &self,
        key: IdempotencyKey,
        token: ClaimToken,
    ) -> BoxFuture<'_, Result<(), StoreError>> {
        (**self).release(key, token)
    }
}

/// A [`SeenStore`] in the process's memory, bounded in size and time.
///
/// A claimed key is held for its claimer for `lease` (at most `ttl`;
/// [`DEFAULT_LEASE`] unless set), a handled one is remembered for `ttl`
/// after it was confirmed. The store never holds more than `capacity` keys:
/// when a new key comes to a full store, expired keys are dropped first, and
/// if none has expired, the key that would expire soonest is evicted (a retry
/// of that delivery would then be handled again). Size it for the deliveries
/// of one `ttl`: a key takes about 100 bytes.
///
/// It is forgotten when the process exits, and is not shared between
/// processes; see [`SeenStore`] for shared ones.
///
/// ```
/// use std::time::Duration;
/// use postmark_webhooks::receiver::MemorySeenStore;
///
/// // Postmark's retries of one delivery span about 70 minutes.
/// let store = MemorySeenStore::new(50_000, Duration::from_secs(3 * 60 * 60))
///     .lease(Duration::from_secs(30));
/// assert_eq!(store.len(), 0);
/// ```
#[derive(Debug)]
pub struct MemorySeenStore {
    capacity: usize,
    lease: Duration,
    ttl: Duration,
    keys: Mutex<Keys>,
}

/// The keys and their expiry, indexed both ways.
#[derive(Debug, Default)]
struct Keys {
    by_key: HashMap<IdempotencyKey, Entry>,
    /// (expiry, insertion number) → key, soonest first.
    by_expiry: BTreeMap<(Instant, u64), IdempotencyKey>,
    inserted: u64,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    /// The claim's token while it is handled; `None` once handled.
    holder: Option<ClaimToken>,
    slot: (Instant, u64),
}

/// The longest `ttl` kept: a year (so that deadlines never overflow).
const MAX_TTL: Duration = Duration::from_secs(365 * 24 * 60 * 60);

impl MemorySeenStore {
    /// A store of at most `capacity` keys (at least 1), each handled one
    /// kept for `ttl` (at most a year), with claims held for
    /// [`DEFAULT_LEASE`] or `ttl`, whichever is shorter.
    ///
    /// ```
    /// use std::time::Duration;
    /// use postmark_webhooks::receiver::MemorySeenStore;
    ///
    /// let store = MemorySeenStore::new(0, Duration::MAX); // 1 key, for a year
    /// assert_eq!(store.capacity(), 1);
    /// ```
    pub fn new(capacity: usize, ttl: Duration) -> Self {
        let ttl = ttl.min(MAX_TTL);
        Self {
            capacity: capacity.max(1),
            lease: DEFAULT_LEASE.min(ttl),
            ttl,
            keys: Mutex::default(),
        }
    }

    /// Holds a claimed key for its claimer this long (at most `ttl`): a
    /// little longer than the handler may take.
    ///
    /// ```
    /// use std::time::Duration;
    /// use postmark_webhooks::receiver::MemorySeenStore;
    ///
    /// let store = MemorySeenStore::default().lease(Duration::from_secs(10));
    /// ```
    pub fn lease(mut self, lease: Duration) -> Self {
        self.lease = lease.min(self.ttl);
        self
    }

    /// The most keys it holds.
    ///
    /// ```
    /// let store = postmark_webhooks::receiver::MemorySeenStore::default();
    /// assert_eq!(store.capacity(), 100_000);
    /// ```
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// How many keys it holds now, expired ones not yet dropped included.
    ///
    /// ```
    /// let store = postmark_webhooks::receiver::MemorySeenStore::default();
    /// assert_eq!(store.len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.lock().by_key.len()
    }

    /// Whether it holds no key.
    ///
    /// ```
    /// assert!(postmark_webhooks::receiver::MemorySeenStore::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Keys> {
        // The map stays consistent at every step, so a panic elsewhere
        // while it was held leaves nothing half-done.
        self.keys.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn claim_now(&self, key: IdempotencyKey) -> Claim {
        let now = Instant::now();
        let mut keys = self.lock();
        keys.drop_expired(now);
        if let Some(entry) = keys.by_key.get(&key) {
            return match entry.holder {
                None => Claim::Handled,
                Some(_) => Claim::InProgress,
            };
        }
        if keys.by_key.len() >= self.capacity {
            keys.evict_soonest();
        }
        let token = ClaimToken::random();
        keys.put(key, Some(token), now + self.lease);
        Claim::First(token)
    }

    fn confirm_now(&self, key: IdempotencyKey, token: ClaimToken) {
        let now = Instant::now();
        let mut keys = self.lock();
        keys.drop_expired(now);
        match keys.by_key.get(&key).map(|entry| entry.holder) {
            Some(Some(holder)) if holder != token => return,
            Some(_) => {
                keys.remove(&key);
            }
            None if keys.by_key.len() >= self.capacity => keys.evict_soonest(),
            None => {}
        }
        keys.put(key, None, now + self.ttl);
    }

    fn release_now(&self, key: IdempotencyKey, token: ClaimToken) {
        let mut keys = self.lock();
        if keys
            .by_key
            .get(&key)
            .is_some_and(|entry| entry.holder == Some(token))
        {
            keys.remove(&key);
        }
    }
}

impl Keys {
    fn put(&mut self, key: IdempotencyKey, holder: Option<ClaimToken>, expires: Instant) {
        self.inserted += 1;
        let slot = (expires, self.inserted);
        self.by_expiry.insert(slot, key);
        self.by_key.insert(key, Entry { holder, slot });
    }

    fn remove(&mut self, key: &IdempotencyKey) -> Option<Entry> {
        let entry = self.by_key.remove(key)?;
        self.by_expiry.remove(&entry.slot);
        Some(entry)
    }

    fn evict_soonest(&mut self) {
        if let Some((_, key)) = self.by_expiry.pop_first() {
            self.by_key.remove(&key);
        }
    }

    fn drop_expired(&mut self, now: Instant) {
        while let Some(entry) = self.by_expiry.first_entry() {
            if entry.key().0 > now {
                break;
            }
            let key = entry.remove();
            self.by_key.remove(&key);
        }
    }
}

/// 100,000 keys, each handled one kept for [`DEFAULT_TTL`], claims held
/// for [`DEFAULT_LEASE`].
impl Default for MemorySeenStore {
    fn default() -> Self {
        Self::new(100_000, DEFAULT_TTL)
    }
}

impl SeenStore for MemorySeenStore {
    fn claim(&self, key: IdempotencyKey) -> BoxFuture<'_, Result<Claim, StoreError>> {
        let claim = self.claim_now(key);
        Box::pin(async move { Ok(claim) })
    }

    fn confirm(
        &self,
        key: IdempotencyKey,
        token: ClaimToken,
    ) -> BoxFuture<'_, Result<(), StoreError>> {
        self.confirm_now(key, token);
        Box::pin(async { Ok(()) })
    }

    fn release(
        &self,
        key: IdempotencyKey,
        token: ClaimToken,
    ) -> BoxFuture<'_, Result<(), StoreError>> {
        self.release_now(key, token);
        Box::pin(async { Ok(()) })
    }
}

/// Why a shared [`SeenStore`] could not be set up. No variant holds a
/// connection string, which may carry a password.
///
/// ```
/// use postmark_webhooks::receiver::StoreSetupError;
///
/// let err = StoreSetupError::InvalidLease;
/// assert_eq!(err.to_string(), "the lease must be at least 1 ms and at most the ttl");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreSetupError {
    /// The connection string could not be read.
    #[error("the store's connection string is not valid: {0}")]
    InvalidConnectionString(String),
    /// A key prefix or table name that the store cannot use.
    #[error("`{name}` cannot name the store's keys: {reason}")]
    InvalidName {
        /// The name given.
        name: String,
        /// What it must be.
        reason: &'static str,
    },
    /// A lease of less than a millisecond, or longer than the ttl.
    #[error("the lease must be at least 1 ms and at most the ttl")]
    InvalidLease,
    /// The store could not be reached, or refused to set up.
    #[error("the store could not be set up: {0}")]
    Unreachable(#[source] StoreError),
}

/// A lease or ttl in whole milliseconds, as Redis and PostgreSQL take it.
#[cfg(any(feature = "redis", feature = "postgres"))]
pub(super) fn checked_lifetimes(
    lease: Duration,
    ttl: Duration,
) -> Result<(u64, u64), StoreSetupError> {
    let millis = |d: Duration| u64::try_from(d.min(MAX_TTL).as_millis()).unwrap_or(u64::MAX);
    let (lease, ttl) = (millis(lease), millis(ttl));
    if lease == 0 || lease > ttl {
        return Err(StoreSetupError::InvalidLease);
    }
    Ok((lease, ttl))
}
