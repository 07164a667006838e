//! The mock as Postmark's inbound side: it POSTs an email, as JSON, to the
//! server's `InboundHookUrl`, with the Basic credentials the URL carries,
//! and retries on Postmark's inbound schedule (scaled down).
//!
//! Requests only ever go to loopback addresses, never to the mock's own
//! port, as for webhook deliveries.

use std::fmt;
use std::future::IntoFuture;
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;
use serde_json::Value;

use super::delivery::{self, DeliveryAttempt};
use super::{Inner, MockServer};
use crate::redact::RedactedUrl;

/// Postmark's documented example of an inbound email
/// (postmarkapp.com/developer/webhooks/inbound-webhook, "Example JSON
/// webhook data"), as the mock delivers it by default (with a fresh
/// `MessageID`).
const EXAMPLE: &str = include_str!("inbound-example.json");

/// Postmark's retry schedule for inbound email (Postmark's guide to parsing
/// an email, postmarkapp.com/developer/user-guide/inbound/parse-an-email,
/// and its support article "Understanding inbound webhook retries in
/// Postmark"): the waits before
/// each of up to 10 retries, 1, 5, 10, 10, 10 and 15 minutes, then 30 minutes, 1, 2
/// and 6 hours after the previous attempt (about 10.5 hours in all); after
/// the last, Postmark marks the message "Inbound Error".
///
/// Any answer but 200 is retried, except 403, which stops the retries at
/// once. The mock multiplies the waits by
/// [`MockServer::set_delivery_time_scale`].
///
/// ```
/// use postmark_webhooks::mock::INBOUND_RETRY_SCHEDULE;
/// let minutes: Vec<u64> = INBOUND_RETRY_SCHEDULE.iter().map(|d| d.as_secs() / 60).collect();
/// assert_eq!(minutes, [1, 5, 10, 10, 10, 15, 30, 60, 120, 360]);
/// ```
pub const INBOUND_RETRY_SCHEDULE: [Duration; 10] = [
    Duration::from_secs(60),
    Duration::from_secs(5 * 60),
    Duration::from_secs(10 * 60),
    Duration::from_secs(10 * 60),
    Duration::from_secs(10 * 60),
    Duration::from_secs(15 * 60),
    Duration::from_secs(30 * 60),
    Duration::from_secs(60 * 60),
    Duration::from_secs(2 * 60 * 60),
    Duration::from_secs(6 * 60 * 60),
];

/// How long the mock waits for the answer to one inbound delivery by
/// default (Postmark's guide to parsing an email: "Postmark will wait 2
/// minutes for a response"), longer than for a webhook's
/// ([`DEFAULT_DELIVERY_TIMEOUT`](super::DEFAULT_DELIVERY_TIMEOUT)); set it
/// with [`MockServer::set_inbound_delivery_timeout`](super::MockServer::set_inbound_delivery_timeout).
///
/// ```
/// use postmark_webhooks::mock::DEFAULT_INBOUND_DELIVERY_TIMEOUT;
/// assert_eq!(DEFAULT_INBOUND_DELIVERY_TIMEOUT.as_secs(), 120);
/// ```
pub const DEFAULT_INBOUND_DELIVERY_TIMEOUT: Duration = Duration::from_secs(120);

/// Postmark's documented example of an inbound email (postmarkapp.com,
/// "Inbound webhook"), with a fresh `MessageID`: what
/// [`MockServer::deliver_inbound`] sends when given nothing else, ready to
/// change.
///
/// ```
/// let mut message = postmark_webhooks::mock::inbound_example();
/// message["Subject"] = "Re: your order".into();
/// assert_eq!(message["Attachments"][0]["Name"], "test.txt");
/// assert_ne!(message["MessageID"], postmark_webhooks::mock::inbound_example()["MessageID"]);
/// ```
pub fn inbound_example() -> Value {
    let mut message: Value = serde_json::from_str(EXAMPLE).expect("the embedded example is JSON");
    message["MessageID"] = delivery::uuid().into();
    message
}

/// What happened when one email was delivered to the server's inbound hook.
///
/// `Debug` hides credentials embedded in the URL.
///
/// ```
/// # fn f(report: &postmark_webhooks::mock::InboundDeliveryReport) {
/// println!("{} attempt(s), delivered: {}", report.attempts.len(), report.delivered());
/// # }
/// ```
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct InboundDeliveryReport {
    /// The `InboundHookUrl` it was POSTed to. It may carry credentials.
    pub url: String,
    /// The body every attempt carried.
    pub body: Vec<u8>,
    /// Every request, oldest first.
    pub attempts: Vec<DeliveryAttempt>,
}

impl InboundDeliveryReport {
    /// Whether the last attempt was answered with HTTP 200, the only answer
    /// Postmark takes as delivered.
    ///
    /// ```
    /// # fn f(report: &postmark_webhooks::mock::InboundDeliveryReport) {
    /// assert!(report.delivered());
    /// # }
    /// ```
    pub fn delivered(&self) -> bool {
        self.attempts.last().and_then(|a| a.status) == Some(200)
    }

    pub(super) fn to_json(&self) -> Value {
        let attempts: Vec<Value> = self.attempts.iter().map(DeliveryAttempt::to_json).collect();
        serde_json::json!({ "Delivered": self.delivered(), "Attempts": attempts })
    }
}

impl fmt::Debug for InboundDeliveryReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InboundDeliveryReport")
            .field("url", &RedactedUrl(&self.url))
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

/// Delivers one email to a server's `InboundHookUrl`. Made by
/// [`MockServer::deliver_inbound`]; await it for the report, or `None` when
/// the server has no inbound hook URL.
///
/// ```
/// use postmark_webhooks::mock::{MockServer, inbound_example};
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let mock = MockServer::start().await;
/// // No inbound hook URL yet: nothing to deliver to.
/// assert!(mock.deliver_inbound(inbound_example()).await.is_none());
/// # }
/// ```
#[must_use = "nothing is delivered until it is awaited"]
pub struct DeliverInbound<'a> {
    mock: &'a MockServer,
    pub(super) plan: Plan,
}

impl fmt::Debug for DeliverInbound<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeliverInbound")
            .field("plan", &self.plan)
            .finish_non_exhaustive()
    }
}

/// What to deliver, and to which server.
#[derive(Clone)]
pub(super) struct Plan {
    pub(super) token: String,
    pub(super) body: Vec<u8>,
    pub(super) retries: usize,
}

impl fmt::Debug for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Plan")
            .field("token", &crate::redact::REDACTED)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .field("retries", &self.retries)
            .finish()
    }
}

impl Plan {
    pub(super) fn new(token: String, body: Vec<u8>, retries: Option<usize>) -> Self {
        let most = INBOUND_RETRY_SCHEDULE.len();
        Self {
            token,
            body,
            retries: retries.unwrap_or(most).min(most),
        }
    }
}

impl<'a> DeliverInbound<'a> {
    pub(super) fn new(mock: &'a MockServer, body: Vec<u8>) -> Self {
        let plan = Plan::new(mock.server_token().to_owned(), body, None);
        Self { mock, plan }
    }

    /// The server whose inbound hook receives the email (default: the first
    /// server, [`MockServer::server_token`]).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let mock = postmark_webhooks::mock::MockServer::start().await;
    /// let other = mock.create_server_token();
    /// mock.deliver_inbound(postmark_webhooks::mock::inbound_example()).server_token(other).await;
    /// # }
    /// ```
    pub fn server_token(mut self, token: impl Into<String>) -> Self {
        self.plan.token = token.into();
        self
    }

    /// At most this many retries after the first request (default: all of
    /// [`INBOUND_RETRY_SCHEDULE`]).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let mock = postmark_webhooks::mock::MockServer::start().await;
    /// mock.deliver_inbound(postmark_webhooks::mock::inbound_example()).retries(2).await;
    /// # }
    /// ```
    pub fn retries(mut self, retries: usize) -> Self {
        self.plan.retries = retries.min(INBOUND_RETRY_SCHEDULE.len());
        self
    }
}

impl<'a> IntoFuture for DeliverInbound<'a> {
    type Output = Option<InboundDeliveryReport>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(run(self.mock.inner.clone(), self.plan))
    }
}

/// POSTs the body to the server's `InboundHookUrl` until it is answered
/// 200 or 403, or no retry is left; `None` when the server has none.
pub(super) async fn run(inner: Arc<Inner>, plan: Plan) -> Option<InboundDeliveryReport> {
    let url = inner.state().inbound_hook_url(&plan.token)?;
    let mut attempts = Vec::new();
    match delivery::target(&inner, &url) {
        // Not sent, so not retried.
        Err(refused) => attempts.push(refused.attempt()),
        Ok(target) => {
            for n in 0..=plan.retries {
                if n > 0 {
                    let wait = inner
                        .delivery_settings()
                        .wait(&INBOUND_RETRY_SCHEDULE, n - 1);
                    tokio::time::sleep(wait).await;
                }
                let attempt = post(&inner, target.clone(), &plan.body).await;
                let done = matches!(attempt.status, Some(200 | 403));
                attempts.push(attempt);
                if done {
                    break;
                }
            }
        }
    }
    Some(InboundDeliveryReport {
        url,
        body: plan.body,
        attempts,
    })
}

/// One POST of the email as JSON, with the URL's credentials as
/// `Authorization: Basic`.
async fn post(inner: &Inner, url: reqwest::Url, body: &[u8]) -> DeliveryAttempt {
    let timeout = inner.delivery_settings().inbound_timeout;
    delivery::send(
        inner,
        delivery::request(inner, url, timeout).body(body.to_vec()),
    )
    .await
}
