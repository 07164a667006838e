//! [`RetryPolicy`] and its [`RetryPolicyBuilder`], and the pure decisions
//! behind them: what may be retried, and how long to wait first. The loop
//! that applies them lives in `transport`, the one place in the crate that
//! retries.

use std::time::{Duration, SystemTime};

use crate::error::{Error, InvalidInput};

/// When and how often a failed call is tried again.
///
/// Retried: `GET`, `PUT` and `DELETE` after a connection failure, a timeout,
/// or an answer of 408, 429, 502, 503 or 504. A `POST` (create) is retried
/// only when it provably never reached the server (the connection could not
/// be made), because Postmark has no idempotency keys and a repeated create
/// makes a second webhook.
///
/// Waits use full jitter: before attempt *n + 1* the client waits a random
/// time between zero and `min(max_backoff, initial_backoff × 2ⁿ⁻¹)`. A
/// `Retry-After` answer header (seconds or an HTTP date) replaces that wait;
/// if it asks for more than `max_backoff`, the call fails at once and the
/// error carries the requested wait ([`ApiError::retry_after`](crate::ApiError::retry_after)).
///
/// A policy is set through [`RetryPolicy::builder`], whose setters take the
/// bare names ([`max_attempts`](RetryPolicyBuilder::max_attempts), ...), and
/// read through the getters of the same names on the built policy. The
/// builder checks the values once, in [`build`](RetryPolicyBuilder::build),
/// so every `RetryPolicy` can be used as it is.
///
/// ```
/// use std::time::Duration;
/// use postmark_webhooks::{RetryPolicy, ServerClient};
///
/// let policy = RetryPolicy::builder()
///     .max_attempts(5)
///     .initial_backoff(Duration::from_millis(200))
///     .max_backoff(Duration::from_secs(5))
///     .build()?;
/// assert_eq!(policy.max_attempts(), 5);
/// let client = ServerClient::builder("token").retry_policy(policy).build()?;
/// let no_retries = ServerClient::builder("token").retry_policy(RetryPolicy::disabled()).build()?;
/// # Ok::<(), postmark_webhooks::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

/// The default number of attempts, the first one included.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// The default wait before the first retry, before jitter.
pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(500);
/// The default longest wait between attempts.
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(20);

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::new()
    }
}

impl RetryPolicy {
    /// The default policy: 3 attempts, 500 ms initial backoff, 20 s cap.
    ///
    /// ```
    /// let policy = postmark_webhooks::RetryPolicy::new();
    /// assert_eq!(policy.max_attempts(), 3);
    /// ```
    pub fn new() -> Self {
        Self {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            initial_backoff: DEFAULT_INITIAL_BACKOFF,
            max_backoff: DEFAULT_MAX_BACKOFF,
        }
    }

    /// One attempt, never a retry.
    ///
    /// ```
    /// assert_eq!(postmark_webhooks::RetryPolicy::disabled().max_attempts(), 1);
    /// ```
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::new()
        }
    }

    /// A builder for another policy, starting from the
    /// [defaults](Self::new).
    ///
    /// ```
    /// let policy = postmark_webhooks::RetryPolicy::builder().max_attempts(5).build()?;
    /// assert_eq!(policy.max_attempts(), 5);
    /// assert_eq!(policy.max_backoff(), postmark_webhooks::DEFAULT_MAX_BACKOFF);
    /// # Ok::<(), postmark_webhooks::Error>(())
    /// ```
    pub fn builder() -> RetryPolicyBuilder {
        RetryPolicyBuilder {
            policy: Self::new(),
        }
    }

    /// The most attempts per call, the first one included.
    ///
    /// ```
    /// assert_eq!(postmark_webhooks::RetryPolicy::new().max_attempts(), 3);
    /// ```
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before the first retry, before jitter.
    ///
    /// ```
    /// use std::time::Duration;
    /// assert_eq!(postmark_webhooks::RetryPolicy::new().initial_backoff(), Duration::from_millis(500));
    /// ```
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The longest wait between attempts, and the longest `Retry-After` that
    /// is honoured.
    ///
    /// ```
    /// use std::time::Duration;
    /// assert_eq!(postmark_webhooks::RetryPolicy::new().max_backoff(), Duration::from_secs(20));
    /// ```
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The upper bound of the jittered wait after `attempts_made` attempts.
    pub(crate) fn backoff_ceiling(&self, attempts_made: u32) -> Duration {
        let doublings = attempts_made.saturating_sub(1).min(31);
        self.initial_backoff
            .saturating_mul(1u32 << doublings)
            .min(self.max_backoff)
    }

    /// The wait after `attempts_made` attempts, for a `random` in `[0, 1)`.
    pub(crate) fn backoff(&self, attempts_made: u32, random: f64) -> Duration {
        let ceiling = self.backoff_ceiling(attempts_made);
        // `mul_f64` panics when rounding takes a product past
        // `Duration::MAX`; the ceiling is the most the wait can be.
        Duration::try_from_secs_f64(ceiling.as_secs_f64() * random.clamp(0.0, 1.0))
            .map_or(ceiling, |wait| wait.min(ceiling))
    }

    /// What to do after a failed attempt.
    pub(crate) fn decide(&self, failure: &Attempt) -> Decision {
        if !failure.outcome.retryable(failure.is_post) {
            return Decision::Stop(StopReason::NotRetryable);
        }
        if failure.attempts_made >= self.max_attempts {
            return Decision::Stop(StopReason::AttemptsExhausted);
        }
        let wait = match failure.retry_after {
            Some(asked) if asked > self.max_backoff => {
                return Decision::Stop(StopReason::RetryAfterTooLong(asked));
            }
            Some(asked) => asked,
            None => self.backoff(failure.attempts_made, failure.random),
        };
        if wait >= failure.time_left {
            return Decision::Stop(StopReason::DeadlineTooClose);
        }
        Decision::RetryAfter(wait)
    }
}

/// Settings for a [`RetryPolicy`], made by [`RetryPolicy::builder`]. Each
/// setter takes the name of the value it sets; [`build`](Self::build) checks
/// them and reports a value that cannot be used as
/// [`Error::InvalidInput`].
///
/// ```
/// use std::time::Duration;
/// use postmark_webhooks::{Error, RetryPolicy};
///
/// let policy = RetryPolicy::builder().max_backoff(Duration::from_secs(5)).build()?;
/// assert_eq!(policy.max_backoff(), Duration::from_secs(5));
///
/// let err = RetryPolicy::builder().max_attempts(0).build().unwrap_err();
/// assert!(matches!(err, Error::InvalidInput(ref input) if input.field() == "max_attempts"));
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct RetryPolicyBuilder {
    policy: RetryPolicy,
}

impl RetryPolicyBuilder {
    /// The most attempts per call, the first one included; at least 1.
    /// Defaults to [`DEFAULT_MAX_ATTEMPTS`].
    ///
    /// ```
    /// let policy = postmark_webhooks::RetryPolicy::builder().max_attempts(5).build()?;
    /// assert_eq!(policy.max_attempts(), 5);
    /// # Ok::<(), postmark_webhooks::Error>(())
    /// ```
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.policy.max_attempts = attempts;
        self
    }

    /// The wait before the first retry, before jitter; it doubles with each
    /// further retry up to [`max_backoff`](Self::max_backoff), which it must
    /// not exceed. Defaults to [`DEFAULT_INITIAL_BACKOFF`].
    ///
    /// ```
    /// use std::time::Duration;
    /// let policy = postmark_webhooks::RetryPolicy::builder()
    ///     .initial_backoff(Duration::from_millis(100))
    ///     .build()?;
    /// assert_eq!(policy.initial_backoff(), Duration::from_millis(100));
    /// # Ok::<(), postmark_webhooks::Error>(())
    /// ```
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.policy.initial_backoff = backoff;
        self
    }

    /// The longest wait between attempts, and the longest `Retry-After` that
    /// is honoured. Defaults to [`DEFAULT_MAX_BACKOFF`].
    ///
    /// ```
    /// use std::time::Duration;
    /// let policy = postmark_webhooks::RetryPolicy::builder()
    ///     .max_backoff(Duration::from_secs(2))
    ///     .build()?;
    /// assert_eq!(policy.max_backoff(), Duration::from_secs(2));
    /// # Ok::<(), postmark_webhooks::Error>(())
    /// ```
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.policy.max_backoff = backoff;
        self
    }

    /// Checks the values and builds the policy. Any number of attempts from
    /// 1 and any durations are accepted as long as `initial_backoff` does
    /// not exceed `max_backoff`; waits saturate instead of overflowing.
    ///
    /// ```
    /// use std::time::Duration;
    /// let err = postmark_webhooks::RetryPolicy::builder()
    ///     .initial_backoff(Duration::from_secs(5))
    ///     .max_backoff(Duration::from_secs(1))
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(err.to_string(), "invalid initial_backoff: must not exceed max_backoff");
    /// ```
    pub fn build(self) -> Result<RetryPolicy, Error> {
        let policy = self.policy;
        if policy.max_attempts == 0 {
            return Err(InvalidInput::new("max_attempts", "must be at least 1").into());
        }
        if policy.initial_backoff > policy.max_backoff {
            return Err(InvalidInput::new("initial_backoff", "must not exceed max_backoff").into());
        }
        Ok(policy)
    }
}

/// How one attempt ended, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// No connection was made: the request never reached the server.
    ConnectFailed,
    /// The attempt's deadline passed; the request may have reached the server.
    TimedOut,
    /// The connection broke after the request may have been sent.
    Lost,
    /// The server answered with this status.
    Status(u16),
}

impl Outcome {
    /// Whether another attempt is safe and may help.
    pub(crate) fn retryable(self, is_post: bool) -> bool {
        match self {
            Outcome::ConnectFailed => true,
            Outcome::TimedOut | Outcome::Lost => !is_post,
            Outcome::Status(status) => !is_post && matches!(status, 408 | 429 | 502 | 503 | 504),
        }
    }

    /// Whether the request may have reached the server without its answer
    /// reaching the client.
    pub(crate) fn answer_may_be_lost(self) -> bool {
        matches!(self, Outcome::TimedOut | Outcome::Lost)
    }
}

/// The facts about a failed attempt that a retry decision needs.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Attempt {
    pub(crate) outcome: Outcome,
    pub(crate) is_post: bool,
    pub(crate) attempts_made: u32,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) time_left: Duration,
    /// A uniform random number in `[0, 1)` for the jitter.
    pub(crate) random: f64,
}

/// Retry after this wait, or stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    RetryAfter(Duration),
    Stop(StopReason),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StopReason {
    NotRetryable,
    AttemptsExhausted,
    RetryAfterTooLong(Duration),
    DeadlineTooClose,
}

/// Reads a `Retry-After` value: whole seconds, or an HTTP date (a date in
/// the past means "now").
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(outcome: Outcome, is_post: bool, attempts_made: u32) -> Attempt {
        Attempt {
            outcome,
            is_post,
            attempts_made,
            retry_after: None,
            time_left: Duration::from_secs(3600),
            random: 0.5,
        }
    }

    #[test]
    fn what_is_retried() {
        let policy = RetryPolicy::new();
        for status in [408, 429, 502, 503, 504] {
            assert!(matches!(
                policy.decide(&attempt(Outcome::Status(status), false, 1)),
                Decision::RetryAfter(_)
            ));
            assert_eq!(
                policy.decide(&attempt(Outcome::Status(status), true, 1)),
                Decision::Stop(StopReason::NotRetryable)
            );
        }
        for status in [400, 401, 404, 413, 415, 422, 500, 501] {
            assert_eq!(
                policy.decide(&attempt(Outcome::Status(status), false, 1)),
                Decision::Stop(StopReason::NotRetryable)
            );
        }
        assert!(matches!(
            policy.decide(&attempt(Outcome::ConnectFailed, true, 1)),
            Decision::RetryAfter(_)
        ));
        assert!(matches!(
            policy.decide(&attempt(Outcome::Lost, false, 1)),
            Decision::RetryAfter(_)
        ));
        assert_eq!(
            policy.decide(&attempt(Outcome::Lost, true, 1)),
            Decision::Stop(StopReason::NotRetryable)
        );
        assert_eq!(
            policy.decide(&attempt(Outcome::TimedOut, true, 1)),
            Decision::Stop(StopReason::NotRetryable)
        );
        assert_eq!(
            policy.decide(&attempt(Outcome::Status(503), false, 3)),
            Decision::Stop(StopReason::AttemptsExhausted)
        );
        assert_eq!(
            RetryPolicy::disabled().decide(&attempt(Outcome::ConnectFailed, false, 1)),
            Decision::Stop(StopReason::AttemptsExhausted)
        );
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let policy = RetryPolicy::builder()
            .max_backoff(Duration::from_secs(10))
            .build()
            .unwrap();
        let mut a = attempt(Outcome::Status(429), false, 1);
        a.retry_after = Some(Duration::from_secs(1));
        assert_eq!(
            policy.decide(&a),
            Decision::RetryAfter(Duration::from_secs(1))
        );
        a.retry_after = Some(Duration::from_secs(11));
        assert_eq!(
            policy.decide(&a),
            Decision::Stop(StopReason::RetryAfterTooLong(Duration::from_secs(11)))
        );
        a.retry_after = Some(Duration::from_secs(5));
        a.time_left = Duration::from_secs(4);
        assert_eq!(
            policy.decide(&a),
            Decision::Stop(StopReason::DeadlineTooClose)
        );
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let policy = RetryPolicy::builder()
            .initial_backoff(Duration::from_millis(500))
            .max_backoff(Duration::from_secs(3))
            .build()
            .unwrap();
        assert_eq!(policy.backoff_ceiling(1), Duration::from_millis(500));
        assert_eq!(policy.backoff_ceiling(2), Duration::from_secs(1));
        assert_eq!(policy.backoff_ceiling(3), Duration::from_secs(2));
        assert_eq!(policy.backoff_ceiling(4), Duration::from_secs(3));
        assert_eq!(policy.backoff_ceiling(400), Duration::from_secs(3));
        assert_eq!(policy.backoff(2, 0.5), Duration::from_millis(500));
        assert_eq!(policy.backoff(2, 0.0), Duration::ZERO);
    }

    #[test]
    fn retry_after_values() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        assert_eq!(parse_retry_after("1", now), Some(Duration::from_secs(1)));
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        // 2015-10-21 07:28:00 GMT is `now`; 07:28:30 is 30 s later.
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }

    #[test]
    fn the_builder_sets_each_value_and_starts_from_the_defaults() {
        let policy = RetryPolicy::builder()
            .max_attempts(5)
            .initial_backoff(Duration::from_millis(200))
            .max_backoff(Duration::from_secs(5))
            .build()
            .unwrap();
        assert_eq!(policy.max_attempts(), 5);
        assert_eq!(policy.initial_backoff(), Duration::from_millis(200));
        assert_eq!(policy.max_backoff(), Duration::from_secs(5));
        assert_eq!(RetryPolicy::builder().build().unwrap(), RetryPolicy::new());
        assert_eq!(
            RetryPolicy::builder().max_attempts(1).build().unwrap(),
            RetryPolicy::disabled()
        );
    }

    #[test]
    fn unusable_policies_are_invalid_input() {
        let Err(crate::error::Error::InvalidInput(input)) =
            RetryPolicy::builder().max_attempts(0).build()
        else {
            panic!("max_attempts(0) was accepted");
        };
        assert_eq!(input.field(), "max_attempts");
        assert_eq!(input.reason(), "must be at least 1");

        let Err(crate::error::Error::InvalidInput(input)) = RetryPolicy::builder()
            .initial_backoff(Duration::from_secs(5))
            .max_backoff(Duration::from_secs(1))
            .build()
        else {
            panic!("an initial backoff above the cap was accepted");
        };
        assert_eq!(input.field(), "initial_backoff");
        assert_eq!(input.reason(), "must not exceed max_backoff");

        // Equal is allowed, and so are the extremes: waits saturate.
        let extreme = RetryPolicy::builder()
            .max_attempts(u32::MAX)
            .initial_backoff(Duration::MAX)
            .max_backoff(Duration::MAX)
            .build()
            .unwrap();
        assert_eq!(extreme.backoff_ceiling(u32::MAX), Duration::MAX);
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        fn outcomes() -> impl Strategy<Value = Outcome> {
            prop_oneof![
                Just(Outcome::ConnectFailed),
                Just(Outcome::TimedOut),
                Just(Outcome::Lost),
                (100u16..600).prop_map(Outcome::Status),
            ]
        }

        fn policies() -> impl Strategy<Value = RetryPolicy> {
            (1u32..10, 0u64..5_000, 0u64..60_000).prop_map(|(attempts, initial, extra)| {
                RetryPolicy::builder()
                    .max_attempts(attempts)
                    .initial_backoff(Duration::from_millis(initial))
                    .max_backoff(Duration::from_millis(initial + extra))
                    .build()
                    .unwrap()
            })
        }

        proptest! {
            #[test]
            fn every_wait_is_within_its_bounds(
                policy in policies(),
                attempts_made in 1u32..64,
                random in 0.0f64..1.0,
            ) {
                let wait = policy.backoff(attempts_made, random);
                let doubled = policy
                    .initial_backoff()
                    .saturating_mul(2u32.saturating_pow(attempts_made - 1));
                prop_assert!(wait <= policy.backoff_ceiling(attempts_made));
                prop_assert!(wait <= policy.max_backoff());
                prop_assert!(wait <= doubled);
            }

            #[test]
            fn a_post_is_retried_only_when_it_never_left(
                policy in policies(),
                outcome in outcomes(),
                attempts_made in 1u32..10,
                random in 0.0f64..1.0,
            ) {
                let decision = policy.decide(&Attempt {
                    outcome,
                    is_post: true,
                    attempts_made,
                    retry_after: None,
                    time_left: Duration::from_secs(3600),
                    random,
                });
                if matches!(decision, Decision::RetryAfter(_)) {
                    prop_assert_eq!(outcome, Outcome::ConnectFailed);
                }
            }

            /// A whole schedule of failures: the attempts never exceed the
            /// policy, and the waits never run past the deadline.
            #[test]
            fn a_schedule_stays_within_attempts_and_deadline(
                policy in policies(),
                failures in proptest::collection::vec((outcomes(), 0.0f64..1.0, proptest::option::of(0u64..30_000), 0u64..10_000), 1..12),
                deadline_ms in 0u64..120_000,
            ) {
                let deadline = Duration::from_millis(deadline_ms);
                let mut elapsed = Duration::ZERO;
                let mut attempts_made = 0;
                for (outcome, random, retry_after, attempt_ms) in failures {
                    attempts_made += 1;
                    elapsed += Duration::from_millis(attempt_ms).min(deadline.saturating_sub(elapsed));
                    let decision = policy.decide(&Attempt {
                        outcome,
                        is_post: false,
                        attempts_made,
                        retry_after: retry_after.map(Duration::from_millis),
                        time_left: deadline.saturating_sub(elapsed),
                        random,
                    });
                    match decision {
                        Decision::RetryAfter(wait) => {
                            prop_assert!(attempts_made < policy.max_attempts());
                            prop_assert!(wait <= policy.max_backoff());
                            elapsed += wait;
                            prop_assert!(elapsed < deadline);
                        }
                        Decision::Stop(_) => break,
                    }
                }
                prop_assert!(attempts_made <= policy.max_attempts());
                prop_assert!(elapsed <= deadline);
            }
        }
    }
}
