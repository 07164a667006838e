//! Remembering which deliveries were handled, so that Postmark's retries of
//! them are answered without handling them again.

use std::collections::{BTreeMap, HashMap};
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
/// use postmark_webhooks::receiver::Claim;
///
/// assert_ne!(Claim::First, Claim::Handled);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Claim {
    /// Not seen (or forgotten): it is now marked as being handled by the
    /// caller, who must [`confirm`](SeenStore::confirm) or
    /// [`release`](SeenStore::release) it.
    First,
    /// Claimed by another request that has not finished: handling it again
    /// now could do the work twice, answering 200 could lose it if that
    /// request fails. `PostmarkLayer` answers 503, and Postmark retries.
    InProgress,
    /// Handled successfully before: `PostmarkLayer` answers 200 without
    /// calling the handler.
    Handled,
}

/// Where deduplication keeps the [`IdempotencyKey`]s of deliveries, so that
/// one delivery is handled once however often Postmark retries it.
///
/// A key goes through two steps, so that a failed attempt is retried:
/// [`claim`](Self::claim) it before handling the delivery, then
/// [`confirm`](Self::confirm) it when the handler succeeded (answered 2xx),
/// or [`release`](Self::release) it when it did not, so that Postmark's retry
/// reaches the handler again. `claim` must be atomic: of two concurrent
/// claims of one key, one gets [`Claim::First`].
///
/// [`MemorySeenStore`] keeps keys in the process. With many instances behind
/// a load balancer, implement it over a shared store; with Redis, for
/// example: `claim` is `SET key pending NX PX <lease>` (`First` if it was
/// set, else `GET` tells `InProgress` from `Handled`), `confirm` is
/// `SET key handled PX <ttl>`, `release` is `DEL key`. Give claimed keys a
/// lease a little longer than your handler may take, so that a crashed
/// instance does not hold a delivery until Postmark gives up, and handled
/// keys a lifetime longer than Postmark's retries (about 70 minutes).
///
/// ```
/// use std::collections::HashMap;
/// use std::sync::Mutex;
///
/// use postmark_webhooks::BoxFuture;
/// use postmark_webhooks::events::IdempotencyKey;
/// use postmark_webhooks::receiver::{Claim, SeenStore, StoreError};
///
/// /// Remembers everything, forever: a sketch, not for production.
/// #[derive(Default)]
/// struct Everything(Mutex<HashMap<IdempotencyKey, bool>>);
///
/// impl SeenStore for Everything {
///     fn claim(&self, key: IdempotencyKey) -> BoxFuture<'_, Result<Claim, StoreError>> {
///         let mut keys = self.0.lock().unwrap();
///         let claim = match keys.get(&key) {
///             None => { keys.insert(key, false); Claim::First }
///             Some(false) => Claim::InProgress,
///             Some(true) => Claim::Handled,
///         };
///         Box::pin(async move { Ok(claim) })
///     }
///     fn confirm(&self, key: IdempotencyKey) -> BoxFuture<'_, Result<(), StoreError>> {
///         self.0.lock().unwrap().insert(key, true);
///         Box::pin(async { Ok(()) })
///     }
///     fn release(&self, key: IdempotencyKey) -> BoxFuture<'_, Result<(), StoreError>> {
///         self.0.lock().unwrap().remove(&key);
///         Box::pin(async { Ok(()) })
///     }
/// }
/// ```
pub trait SeenStore: Send + Sync + 'static {
    /// Marks `key` as being handled if it is new; says what was known.
    fn claim(&self, key: IdempotencyKey) -> BoxFuture<'_, Result<Claim, StoreError>>;

    /// Records that the delivery of `key` was handled.
    fn confirm(&self, key: IdempotencyKey) -> BoxFuture<'_, Result<(), StoreError>>;

    /// Forgets `key`, so that the next delivery with it is handled.
    fn release(&self, key: IdempotencyKey) -> BoxFuture<'_, Result<(), StoreError>>;
}

impl<T: SeenStore + ?Sized> SeenStore for Arc<T> {
    fn claim(&self, key: IdempotencyKey) -> BoxFuture<'_, Result<Claim, StoreError>> {
        (**self).claim(key)
    }

    fn confirm(&self, key: IdempotencyKey) -> BoxFuture<'_, Result<(), StoreError>> {
        (**self).confirm(key)
    }

    fn release(&self, key: IdempotencyKey) -> BoxFuture<'_, Result<(), StoreError>> {
        (**self).release(key)
    }
}

/// A [`SeenStore`] in the process's memory, bounded in size and time.
///
/// Each key is forgotten `ttl` after it was claimed or confirmed (whichever
/// was last). The store never holds more than `capacity` keys: when a new key
/// comes to a full store, expired keys are dropped first, and if none has
/// expired, the key that would expire soonest is evicted (a retry of that
/// delivery would then be handled again). Size it for the deliveries of one
/// `ttl`: a key takes about 100 bytes.
///
/// It is forgotten when the process exits, and is not shared between
/// processes; see [`SeenStore`] for a shared one.
///
/// ```
/// use std::time::Duration;
/// use postmark_webhooks::receiver::MemorySeenStore;
///
/// // Postmark's retries of one delivery span about 70 minutes.
/// let store = MemorySeenStore::new(50_000, Duration::from_secs(3 * 60 * 60));
/// assert_eq!(store.len(), 0);
/// ```
#[derive(Debug)]
pub struct MemorySeenStore {
    capacity: usize,
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
    handled: bool,
    slot: (Instant, u64),
}

/// The longest `ttl` kept: a year (so that deadlines never overflow).
const MAX_TTL: Duration = Duration::from_secs(365 * 24 * 60 * 60);

impl MemorySeenStore {
    /// A store of at most `capacity` keys (at least 1), each kept for `ttl`
    /// (at most a year).
    ///
    /// ```
    /// use std::time::Duration;
    /// use postmark_webhooks::receiver::MemorySeenStore;
    ///
    /// let store = MemorySeenStore::new(0, Duration::MAX); // 1 key, for a year
    /// assert_eq!(store.capacity(), 1);
    /// ```
    pub fn new(capacity: usize, ttl: Duration) -> Self {
        Self {
            capacity: capacity.max(1),
            ttl: ttl.min(MAX_TTL),
            keys: Mutex::default(),
        }
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
            return match entry.handled {
                true => Claim::Handled,
                false => Claim::InProgress,
            };
        }
        if keys.by_key.len() >= self.capacity {
            keys.evict_soonest();
        }
        keys.put(key, false, now + self.ttl);
        Claim::First
    }

    fn confirm_now(&self, key: IdempotencyKey) {
        let now = Instant::now();
        let mut keys = self.lock();
        keys.drop_expired(now);
        if keys.remove(&key).is_none() && keys.by_key.len() >= self.capacity {
            keys.evict_soonest();
        }
        keys.put(key, true, now + self.ttl);
    }
}

impl Keys {
    fn put(&mut self, key: IdempotencyKey, handled: bool, expires: Instant) {
        self.inserted += 1;
        let slot = (expires, self.inserted);
        self.by_expiry.insert(slot, key);
        self.by_key.insert(key, Entry { handled, slot });
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

/// 100,000 keys for 3 hours: Postmark's retries of one delivery span about
/// 70 minutes.
impl Default for MemorySeenStore {
    fn default() -> Self {
        Self::new(100_000, Duration::from_secs(3 * 60 * 60))
    }
}

impl SeenStore for MemorySeenStore {
    fn claim(&self, key: IdempotencyKey) -> BoxFuture<'_, Result<Claim, StoreError>> {
        let claim = self.claim_now(key);
        Box::pin(async move { Ok(claim) })
    }

    fn confirm(&self, key: IdempotencyKey) -> BoxFuture<'_, Result<(), StoreError>> {
        self.confirm_now(key);
        Box::pin(async { Ok(()) })
    }

    fn release(&self, key: IdempotencyKey) -> BoxFuture<'_, Result<(), StoreError>> {
        self.lock().remove(&key);
        Box::pin(async { Ok(()) })
    }
}
