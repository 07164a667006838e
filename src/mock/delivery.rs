//! The mock as Postmark's sender: it POSTs events to the URLs of its
//! webhooks, with their credentials and headers, and retries on Postmark's
//! schedule (scaled down).
//!
//! Events are the spec's examples (`x-webhook-events`, extracted by
//! `build.rs`) with a fresh `MessageID`, timestamps of now and the webhook's
//! message stream. Requests only ever go to loopback addresses, never to
//! the mock's own port, and at most [`MAX_CONCURRENT_DELIVERIES`] at once.

use std::fmt;
use std::future::IntoFuture;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use futures_util::future::BoxFuture;
use serde_json::Value;

use super::stats::{Attempt, SlowThresholds};
use super::{Inner, MockServer};
use crate::events::ExampleEvent;
use crate::model::{Webhook, WebhookStatus};
use crate::record_type::RecordType;
use crate::redact::RedactedUrl;

/// Postmark's retry schedule for outbound webhooks: the waits before each
/// of up to 6 retries, 1, 5, 10, 10, 10 and 15 minutes after the previous
/// attempt (about 70 minutes in all).
///
/// Postmark retries after 5xx, 408, 429 and network timeouts, and treats
/// every other answer as final. The mock retries after 5xx, 408, 429 and
/// any request that got no answer: a refused or reset connection counts as
/// a timeout, so that reports do not tell a closed port from a silent one.
/// A delivery whose every attempt failed with no retry left pauses its
/// trigger type (unverified) until a verification succeeds. The mock
/// multiplies the waits by [`MockServer::set_delivery_time_scale`].
///
/// ```
/// use postmark_webhooks::mock::RETRY_SCHEDULE;
/// let minutes: Vec<u64> = RETRY_SCHEDULE.iter().map(|d| d.as_secs() / 60).collect();
/// assert_eq!(minutes, [1, 5, 10, 10, 10, 15]);
/// ```
pub const RETRY_SCHEDULE: [Duration; 6] = [
    Duration::from_secs(60),
    Duration::from_secs(5 * 60),
    Duration::from_secs(10 * 60),
    Duration::from_secs(10 * 60),
    Duration::from_secs(10 * 60),
    Duration::from_secs(15 * 60),
];

/// The default of [`MockServer::set_delivery_time_scale`]: one minute of
/// Postmark's schedule takes 60 ms.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use postmark_webhooks::mock::{DEFAULT_DELIVERY_TIME_SCALE, MockServer};
///
/// let mock = MockServer::start().await;
/// // Postmark's retry schedule ten times faster than by default.
/// mock.set_delivery_time_scale(DEFAULT_DELIVERY_TIME_SCALE / 10.0);
/// # }
/// ```
pub const DEFAULT_DELIVERY_TIME_SCALE: f64 = 0.001;

/// The default of [`MockServer::set_delivery_timeout`]: how long the mock
/// waits for a receiver's answer to one request.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use postmark_webhooks::mock::{DEFAULT_DELIVERY_TIMEOUT, MockServer};
///
/// let mock = MockServer::start().await;
/// // Give a slow receiver under a debugger more time.
/// mock.set_delivery_timeout(DEFAULT_DELIVERY_TIMEOUT * 6);
/// # }
/// ```
pub const DEFAULT_DELIVERY_TIMEOUT: Duration = Duration::from_secs(10);

/// At most this many requests to receivers (deliveries and verification
/// requests together) are under way at once; the others wait their turn.
///
/// ```
/// use postmark_webhooks::mock::MAX_CONCURRENT_DELIVERIES;
///
/// // A receiver for the mock never sees more requests at once than this.
/// let _in_flight = tokio::sync::Semaphore::new(MAX_CONCURRENT_DELIVERIES);
/// ```
pub const MAX_CONCURRENT_DELIVERIES: usize = 16;

/// What a report says of every request that got no answer: a refused
/// connection, one reset or closed early, a timeout. One text for all, so
/// that reports do not tell a closed port from a silent one.
pub(crate) const NO_ANSWER: &str = "the receiver did not answer";

/// An event of this record type for this webhook: the spec's example with
/// the given `MessageID`, timestamps of now and the webhook's stream.
pub(crate) fn event(
    record_type: RecordType,
    webhook: &Webhook,
    message_id: &str,
    first_open: bool,
) -> Value {
    ExampleEvent::new(record_type)
        .message_stream(webhook.message_stream.as_str())
        .message_id(message_id)
        .first_open(first_open)
        .include_content(webhook.triggers.get(record_type).option("IncludeContent") == Some(true))
        .to_json()
}

/// A fresh, UUID-shaped ID: a `MessageID` or a trace ID.
pub(crate) fn uuid() -> String {
    crate::events::random_id()
}

/// One request of a delivery, as the receiver answered it.
///
/// ```
/// # fn f(attempt: &postmark_webhooks::mock::DeliveryAttempt) {
/// match attempt.status {
///     Some(status) => println!("answered {status}"),
///     None => println!("no answer: {:?}", attempt.error),
/// }
/// # }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeliveryAttempt {
    /// The HTTP status of the answer; `None` when there was none.
    pub status: Option<u16>,
    /// Why there was no answer: the receiver did not answer (one text for
    /// refused, reset and timed out), or the mock does not send there (not
    /// a loopback address, or the mock's own port).
    pub error: Option<String>,
}

impl DeliveryAttempt {
    /// Whether the receiver answered with HTTP 2xx.
    ///
    /// ```
    /// # fn f(attempt: &postmark_webhooks::mock::DeliveryAttempt) {
    /// let ok = attempt.succeeded();
    /// # }
    /// ```
    pub fn succeeded(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }

    /// `{"StatusCode", "Error"}`, as the control routes report it.
    pub(super) fn to_json(&self) -> Value {
        serde_json::json!({ "StatusCode": self.status, "Error": self.error })
    }

    /// Whether the mock tries again after this answer (see
    /// [`RETRY_SCHEDULE`]): no answer, 5xx, 408 or 429. Other answers, such
    /// as a receiver's 401, 404 or 413, are final.
    fn retryable(&self) -> bool {
        match self.status {
            None => true,
            Some(status) => status >= 500 || status == 408 || status == 429,
        }
    }
}

/// What happened when one event was delivered to one webhook.
///
/// `Debug` hides credentials embedded in the URL.
///
/// ```
/// # fn f(report: &postmark_webhooks::mock::DeliveryReport) {
/// println!("webhook {}: {} attempt(s), delivered: {}", report.webhook_id, report.attempts.len(), report.delivered());
/// # }
/// ```
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct DeliveryReport {
    /// The webhook the event went to.
    pub webhook_id: i64,
    /// The URL it was POSTed to. It may carry credentials.
    pub url: String,
    /// The record type of the event.
    pub record_type: RecordType,
    /// The `X-PM-Webhook-Trace-Id` that every attempt carried.
    pub trace_id: String,
    /// The event as sent: every attempt carried these same bytes.
    pub event: Value,
    /// Every request, oldest first.
    pub attempts: Vec<DeliveryAttempt>,
}

impl DeliveryReport {
    /// Whether the last attempt was answered with HTTP 2xx.
    ///
    /// ```
    /// # fn f(report: &postmark_webhooks::mock::DeliveryReport) {
    /// assert!(report.delivered());
    /// # }
    /// ```
    pub fn delivered(&self) -> bool {
        self.attempts.last().is_some_and(DeliveryAttempt::succeeded)
    }

    pub(crate) fn to_json(&self) -> Value {
        let attempts: Vec<Value> = self.attempts.iter().map(DeliveryAttempt::to_json).collect();
        serde_json::json!({
            "WebhookId": self.webhook_id,
            "RecordType": self.record_type.as_str(),
            "TraceId": self.trace_id,
            "Delivered": self.delivered(),
            "Attempts": attempts,
        })
    }
}

impl fmt::Debug for DeliveryReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeliveryReport")
            .field("webhook_id", &self.webhook_id)
            .field("url", &RedactedUrl(&self.url))
            .field("record_type", &self.record_type)
            .field("trace_id", &self.trace_id)
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

/// Delivers one event to the webhooks of a stream. Made by
/// [`MockServer::deliver`]; await it.
///
/// ```
/// use postmark_webhooks::mock::{MockServer, RecordType};
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let mock = MockServer::start().await;
/// // No webhooks yet: nothing to deliver to.
/// let reports = mock.deliver(RecordType::Open).stream("outbound").first_open(false).await;
/// assert!(reports.is_empty());
/// # }
/// ```
#[derive(Debug)]
#[must_use = "nothing is delivered until it is awaited"]
pub struct Deliver<'a> {
    mock: &'a MockServer,
    pub(super) plan: Plan,
}

/// What to deliver, and to whom.
#[derive(Clone)]
pub(super) struct Plan {
    pub(super) token: String,
    pub(super) record_type: RecordType,
    pub(super) stream: String,
    pub(super) first_open: bool,
    pub(super) retries: usize,
}

impl std::fmt::Debug for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plan")
            .field("token", &crate::redact::REDACTED)
            .field("record_type", &self.record_type)
            .field("stream", &self.stream)
            .field("first_open", &self.first_open)
            .field("retries", &self.retries)
            .finish()
    }
}

impl<'a> Deliver<'a> {
    pub(super) fn new(mock: &'a MockServer, record_type: RecordType) -> Self {
        let plan = Plan {
            token: mock.server_token().to_owned(),
            record_type,
            stream: "outbound".to_owned(),
            first_open: true,
            retries: RETRY_SCHEDULE.len(),
        };
        Self { mock, plan }
    }

    /// The message stream whose webhooks receive the event (default
    /// `outbound`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let mock = postmark_webhooks::mock::MockServer::start().await;
    /// mock.deliver(postmark_webhooks::mock::RecordType::Click).stream("broadcast").await;
    /// # }
    /// ```
    pub fn stream(mut self, stream: impl Into<String>) -> Self {
        self.plan.stream = stream.into();
        self
    }

    /// The server whose webhooks receive the event (default: the first
    /// server, [`MockServer::server_token`]).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let mock = postmark_webhooks::mock::MockServer::start().await;
    /// let other = mock.create_server_token();
    /// mock.deliver(postmark_webhooks::mock::RecordType::Delivery).server_token(other).await;
    /// # }
    /// ```
    pub fn server_token(mut self, token: impl Into<String>) -> Self {
        self.plan.token = token.into();
        self
    }

    /// For an Open event: whether it is the message's first open (default
    /// `true`). Webhooks with `PostFirstOpenOnly` do not get other opens.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let mock = postmark_webhooks::mock::MockServer::start().await;
    /// mock.deliver(postmark_webhooks::mock::RecordType::Open).first_open(false).await;
    /// # }
    /// ```
    pub fn first_open(mut self, first_open: bool) -> Self {
        self.plan.first_open = first_open;
        self
    }

    /// At most this many retries after the first request (default: all of
    /// [`RETRY_SCHEDULE`]).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let mock = postmark_webhooks::mock::MockServer::start().await;
    /// mock.deliver(postmark_webhooks::mock::RecordType::Bounce).retries(0).await;
    /// # }
    /// ```
    pub fn retries(mut self, retries: usize) -> Self {
        self.plan.retries = retries.min(RETRY_SCHEDULE.len());
        self
    }
}

impl<'a> IntoFuture for Deliver<'a> {
    type Output = Vec<DeliveryReport>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(run(self.mock.inner.clone(), self.plan))
    }
}

/// Delivers the planned event to every matching webhook, concurrently:
/// verified webhooks of the stream whose trigger for it is enabled and not
/// paused.
pub(super) async fn run(inner: Arc<Inner>, plan: Plan) -> Vec<DeliveryReport> {
    let record_type = plan.record_type;
    let webhooks = inner.state().webhooks(&plan.token);
    let targets: Vec<Webhook> = {
        let stats = super::lock(&inner.stats);
        webhooks
            .into_iter()
            .filter(|w| w.message_stream == plan.stream && w.triggers.get(record_type).enabled)
            .filter(|w| w.status == Some(WebhookStatus::Verified))
            .filter(|w| !stats.paused(w.id, record_type))
            .filter(|w| {
                record_type != RecordType::Open
                    || plan.first_open
                    || !w.triggers.open.post_first_open_only
            })
            .collect()
    };
    let id = uuid();
    let deliveries: Vec<_> = targets
        .into_iter()
        .map(|webhook| {
            let event = event(record_type, &webhook, &id, plan.first_open);
            let one = deliver_one(inner.clone(), webhook, record_type, event, plan.retries);
            tokio::spawn(one)
        })
        .collect();
    let mut reports = Vec::with_capacity(deliveries.len());
    for delivery in deliveries {
        match delivery.await {
            Ok(report) => reports.push(report),
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            // Cancelled only when the runtime shuts down.
            Err(_) => {}
        }
    }
    reports
}

async fn deliver_one(
    inner: Arc<Inner>,
    webhook: Webhook,
    record_type: RecordType,
    event: Value,
    retries: usize,
) -> DeliveryReport {
    let body = serde_json::to_vec(&event).expect("JSON values serialize");
    let trace_id = uuid();
    let mut attempts = Vec::new();
    if let Err(refused) = target(&inner, &webhook.url) {
        // Not sent, so neither retried nor counted.
        attempts.push(refused.attempt());
    } else {
        for n in 0..=retries {
            if n > 0 {
                tokio::time::sleep(inner.delivery_settings().wait(&RETRY_SCHEDULE, n - 1)).await;
            }
            let remaining = (n > 0).then_some(retries - n);
            let started = std::time::Instant::now();
            let attempt = post(&inner, &webhook, &body, &trace_id, remaining).await;
            let again = attempt.retryable() && n < retries;
            super::lock(&inner.stats).attempt(
                webhook.id,
                Attempt {
                    at: SystemTime::now(),
                    trigger: record_type,
                    succeeded: attempt.succeeded(),
                    retry: n > 0,
                    terminal: !again,
                    elapsed: started.elapsed(),
                },
            );
            let exhausted = !attempt.succeeded() && attempt.retryable() && !again;
            attempts.push(attempt);
            if exhausted {
                // Kept failing with no retry left: paused until verified.
                super::lock(&inner.stats).set_status(
                    webhook.id,
                    record_type,
                    WebhookStatus::Unverified,
                );
            }
            if !again {
                break;
            }
        }
    }
    DeliveryReport {
        webhook_id: webhook.id,
        url: webhook.url,
        record_type,
        trace_id,
        event,
        attempts,
    }
}

/// How deliveries are timed and judged.
#[derive(Clone, Copy, Debug)]
pub(super) struct DeliverySettings {
    pub(super) time_scale: f64,
    pub(super) timeout: Duration,
    pub(super) inbound_timeout: Duration,
    /// Whether a URL the mock does not contact passes verification.
    pub(super) remote_verification: bool,
    pub(super) slow: SlowThresholds,
}

impl Default for DeliverySettings {
    fn default() -> Self {
        Self {
            time_scale: DEFAULT_DELIVERY_TIME_SCALE,
            timeout: DEFAULT_DELIVERY_TIMEOUT,
            inbound_timeout: super::inbound::DEFAULT_INBOUND_DELIVERY_TIMEOUT,
            remote_verification: true,
            slow: SlowThresholds {
                slow: Duration::from_secs(1),
                very_slow: Duration::from_secs(5),
            },
        }
    }
}

impl DeliverySettings {
    /// The wait before retry `index` (0-based) of `schedule`, multiplied by
    /// the time scale.
    pub(super) fn wait(self, schedule: &[Duration], index: usize) -> Duration {
        self.scaled(schedule[index.min(schedule.len() - 1)])
    }

    /// A wait of Postmark's, multiplied by the time scale.
    pub(super) fn scaled(self, wait: Duration) -> Duration {
        Duration::try_from_secs_f64(wait.as_secs_f64() * self.time_scale).unwrap_or(Duration::ZERO)
    }
}

/// One POST to the webhook's URL, as Postmark sends it: JSON, its Basic
/// credentials, its custom headers, `X-PM-Webhook-Trace-Id`, and
/// `X-PM-Retries-Remaining` on retries.
pub(super) async fn post(
    inner: &Inner,
    webhook: &Webhook,
    body: &[u8],
    trace_id: &str,
    retries_remaining: Option<usize>,
) -> DeliveryAttempt {
    let url = match target(inner, &webhook.url) {
        Ok(url) => url,
        Err(refused) => return refused.attempt(),
    };
    let mut request = request(inner, url, inner.delivery_settings().timeout);
    if let Some(auth) = &webhook.http_auth {
        let credentials = format!("{}:{}", auth.username, auth.password);
        let encoded = base64::engine::general_purpose::STANDARD.encode(credentials);
        request = request.header("Authorization", format!("Basic {encoded}"));
    }
    for header in &webhook.http_headers {
        request = request.header(header.name.as_str(), header.value.as_str());
    }
    request = request.header("X-PM-Webhook-Trace-Id", trace_id);
    if let Some(remaining) = retries_remaining {
        request = request.header("X-PM-Retries-Remaining", remaining.to_string());
    }
    send(inner, request.body(body.to_vec())).await
}

/// A POST of JSON to a receiver, as Postmark sends it, answered within
/// `timeout`. The HTTP client sends credentials in the URL as
/// `Authorization: Basic`, not in the request line.
pub(super) fn request(
    inner: &Inner,
    url: reqwest::Url,
    timeout: Duration,
) -> reqwest::RequestBuilder {
    inner
        .sender()
        .post(url)
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .header("User-Agent", "Postmark")
}

/// Sends a request to a receiver, in turn with the others under way, and
/// reads the answer.
pub(super) async fn send(inner: &Inner, request: reqwest::RequestBuilder) -> DeliveryAttempt {
    // The semaphore is never closed; should it be, send anyway.
    let _turn = inner.outgoing.acquire().await.ok();
    match request.send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            // Read the answer so the connection can be reused; its content
            // does not matter.
            let _ = response.bytes().await;
            DeliveryAttempt {
                status: Some(status),
                error: None,
            }
        }
        Err(_) => failed(NO_ANSWER),
    }
}

fn failed(error: &str) -> DeliveryAttempt {
    DeliveryAttempt {
        status: None,
        error: Some(error.to_owned()),
    }
}

/// Why the mock does not send to a URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum NotSent {
    /// Not a loopback address: the mock never leaves the machine.
    Remote,
    /// The mock's own port, by any loopback name.
    Itself,
}

impl NotSent {
    pub(super) fn attempt(self) -> DeliveryAttempt {
        failed(match self {
            NotSent::Remote => "the mock only delivers to loopback addresses",
            NotSent::Itself => "the mock does not send to its own address",
        })
    }
}

/// The URL to send to, or why the mock does not send there: only loopback
/// hosts, and never the mock's own port (by any loopback name, which also
/// covers a mock listening on `0.0.0.0`).
pub(super) fn target(inner: &Inner, url: &str) -> Result<reqwest::Url, NotSent> {
    let url = match reqwest::Url::parse(url) {
        Ok(url) if is_loopback(&url) => url,
        _ => return Err(NotSent::Remote),
    };
    if url.port_or_known_default() == Some(inner.addr.port()) {
        return Err(NotSent::Itself);
    }
    Ok(url)
}

/// Loopback, and the unspecified address (`0.0.0.0`, `[::]`), which
/// reaches this machine too.
fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback() || ip.is_unspecified())
}
