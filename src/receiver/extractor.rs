//! The axum extractors: a handler argument that is a checked event, or a
//! checked inbound message.

use axum::extract::{FromRef, FromRequest, Request};
use axum::response::{IntoResponse, Response};

use super::streamed::{accept_inbound_streamed, accept_streamed, answer, refuse};
use super::{InboundOutcome, ReceivedEvent, Receiver, Rejection};
use crate::inbound::InboundMessage;

/// An axum extractor: the [`ReceivedEvent`] of a request that the router's
/// [`Receiver`] accepted.
///
/// The receiver comes from the router's state (`Receiver: FromRef<S>`: the
/// state is a `Receiver`, or your state type implements `FromRef` for it).
/// Before the handler runs, the extractor checks the credentials, then the
/// body size (a declared `Content-Length` first; a streamed body is cut off
/// at the cap, never buffered past it), then reads the event. A refused
/// request never reaches the handler: it is answered with the
/// [`Rejection`]'s status (401 with `WWW-Authenticate`, 413 or 400) and a
/// one-line text that shows no secret.
///
/// Behind a [`PostmarkLayer`](super::PostmarkLayer), the extractor takes the
/// event the layer checked. For deduplication, use the layer: only it
/// sees whether the handler succeeded.
///
/// ```no_run
/// use axum::{Router, http::StatusCode, routing::post};
/// use postmark_webhooks::events::WebhookEvent;
/// use postmark_webhooks::receiver::{PostmarkWebhook, Receiver};
///
/// async fn hook(PostmarkWebhook(received): PostmarkWebhook) -> StatusCode {
///     if let WebhookEvent::Bounce(bounce) = received.event() {
///         println!("{:?} bounced (trace {:?})", bounce.email, received.trace_id());
///     }
///     StatusCode::OK
/// }
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let receiver = Receiver::builder()
///     .basic_auth("postmark", "s3cret")
///     .secret_header("X-Webhook-Secret", "shared-secret")
///     .build()?;
/// let app = Router::new().route("/webhooks/postmark", post(hook)).with_state(receiver);
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
/// axum::serve(listener, app).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct PostmarkWebhook(pub ReceivedEvent);

impl<S> FromRequest<S> for PostmarkWebhook
where
    Receiver: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Rejection;

    async fn from_request(mut request: Request, state: &S) -> Result<Self, Rejection> {
        if let Some(received) = request.extensions_mut().remove::<ReceivedEvent>() {
            return Ok(Self(received));
        }
        let receiver = Receiver::from_ref(state);
        let (parts, body) = request.into_parts();
        let (received, _) = accept_streamed(&receiver, &parts.headers, body).await?;
        Ok(Self(received))
    }
}

/// An axum extractor: the [`InboundMessage`] of a request to a server's
/// inbound hook (its `InboundHookUrl`) that the router's [`Receiver`]
/// accepted with [`accept_inbound`](Receiver::accept_inbound).
///
/// It checks as [`PostmarkWebhook`] does, under the inbound cap
/// ([`max_inbound_body_bytes`](Receiver::max_inbound_body_bytes)); a
/// refused request is answered with the [`Rejection`]'s status (401, 413 or
/// 400, never 403, so Postmark retries it). The handler answers with an
/// [`InboundOutcome`]: [`Refused`](InboundOutcome::Refused) is the one
/// answer that stops Postmark's retries. Behind a
/// [`PostmarkLayer::inbound`](super::PostmarkLayer::inbound), it takes the
/// message the layer checked (and the layer deduplicates by `MessageID`).
///
/// ```no_run
/// use axum::{Router, routing::post};
/// use postmark_webhooks::receiver::{InboundOutcome, PostmarkInbound, Receiver};
///
/// async fn inbound(PostmarkInbound(message): PostmarkInbound) -> InboundOutcome {
///     match message.mailbox_hash.as_deref() {
///         Some(ticket) if !ticket.is_empty() => {
///             println!("reply to ticket {ticket}: {:?}", message.stripped_text_reply);
///             InboundOutcome::Handled
///         }
///         // No ticket to file it under, now or on a retry.
///         _ => InboundOutcome::Refused,
///     }
/// }
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// // The InboundHookUrl is https://postmark:s3cret@example.com/postmark/inbound
/// let receiver = Receiver::builder().basic_auth("postmark", "s3cret").build()?;
/// let app = Router::new().route("/postmark/inbound", post(inbound)).with_state(receiver);
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
/// axum::serve(listener, app).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct PostmarkInbound(pub InboundMessage);

impl<S> FromRequest<S> for PostmarkInbound
where
    Receiver: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Rejection;

    async fn from_request(mut request: Request, state: &S) -> Result<Self, Rejection> {
        if let Some(message) = request.extensions_mut().remove::<InboundMessage>() {
            return Ok(Self(message));
        }
        let receiver = Receiver::from_ref(state);
        let (parts, body) = request.into_parts();
        let (message, _) = accept_inbound_streamed(&receiver, &parts.headers, body).await?;
        Ok(Self(message))
    }
}

/// The answer to an inbound message: its [`status`](InboundOutcome::status)
/// and a line of text.
///
/// ```
/// use axum::response::IntoResponse;
/// use postmark_webhooks::receiver::InboundOutcome;
///
/// assert_eq!(InboundOutcome::Refused.into_response().status(), 403);
/// assert_eq!(InboundOutcome::Handled.into_response().status(), 200);
/// ```
impl IntoResponse for InboundOutcome {
    fn into_response(self) -> Response {
        let status = http::StatusCode::from_u16(self.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        answer(status, self.text()).into_response()
    }
}

/// The answer to a refused request: its [`status`](Rejection::status), the
/// [`www_authenticate`](Rejection::www_authenticate) challenge if any, and
/// its `Display` text (which shows no secret) as `text/plain`.
///
/// ```
/// use axum::response::IntoResponse;
/// use postmark_webhooks::receiver::Rejection;
///
/// let response = Rejection::WrongCredentials.into_response();
/// assert_eq!(response.status(), 401);
/// assert!(response.headers()["www-authenticate"].to_str().unwrap().starts_with("Basic "));
/// ```
impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        refuse(&self, self.status()).into_response()
    }
}
