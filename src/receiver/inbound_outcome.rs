//! What a handler of an inbound message answers Postmark.

/// What the handler of an inbound message tells Postmark, as an HTTP status
/// ([`status`](Self::status); with the `axum` feature it is also an axum
/// response).
///
/// Postmark retries an inbound message after any answer but 200 (10
/// retries, over about 10.5 hours), unless the answer is 403, which stops
/// the retries at once. [`Refused`](Self::Refused) is that choice, made
/// explicitly: answer it only for a message that will never be handled
/// (its sender is blocked, its mailbox hash names nothing), never for a
/// failure that a retry could get past. A [`PostmarkLayer`](super::PostmarkLayer)
/// that deduplicates counts only [`Handled`](Self::Handled) as handled, so
/// a refused message that Postmark sends again (retried by hand from its
/// activity page) reaches the handler again.
///
/// ```
/// use postmark_webhooks::receiver::InboundOutcome;
///
/// assert_eq!(InboundOutcome::Handled.status(), 200);
/// assert_eq!(InboundOutcome::RetryLater.status(), 503);
/// assert_eq!(InboundOutcome::Refused.status(), 403);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InboundOutcome {
    /// The message was handled: 200.
    Handled,
    /// The message could not be handled now: 503, and Postmark retries it.
    RetryLater,
    /// The message is refused for good: 403, and Postmark does not retry it.
    Refused,
}

impl InboundOutcome {
    /// The HTTP status to answer with.
    ///
    /// ```
    /// assert_eq!(postmark_webhooks::receiver::InboundOutcome::Refused.status(), 403);
    /// ```
    pub fn status(self) -> u16 {
        match self {
            Self::Handled => 200,
            Self::RetryLater => 503,
            Self::Refused => 403,
        }
    }

    /// A line that says what the answer means to Postmark.
    #[cfg(feature = "axum")]
    pub(super) fn text(self) -> &'static str {
        match self {
            Self::Handled => "handled",
            Self::RetryLater => "not handled now; retry later",
            Self::Refused => "refused for good; do not retry",
        }
    }
}
