//! The tower layer: a [`Receiver`]'s checks, and optional deduplication, in
//! front of any service of `http::Request`s.

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::extract::ConnectInfo;
use bytes::Bytes;
use futures_util::future::BoxFuture;
use http::{Request, Response, StatusCode};
use http_body::Body;
use http_body_util::{Either, Full};
use tower_layer::Layer;
use tower_service::Service;

use super::streamed::{accept_inbound_streamed, accept_streamed, answer, refuse};
use super::{
    Claim, ClaimToken, IpAllowlist, ReceivedEvent, Receiver, Rejection, SeenStore, StoreError,
};
use crate::events::IdempotencyKey;
use crate::inbound::InboundMessage;

/// A tower [`Layer`] that checks each request with a [`Receiver`] before
/// the service it wraps sees it.
///
/// With [`allow_ips`](Self::allow_ips), a request from an address outside an
/// [`IpAllowlist`] is refused first, with 403.
///
/// A refused request is answered by the layer (403, 401 with `WWW-Authenticate`,
/// 413 or 400, as [`Rejection::status`] says; in front of an inbound hook,
/// as [`Rejection::inbound_status`] says), with a one-line text that shows no
/// secret. An accepted one reaches the service
/// with its body read (as `Full<Bytes>`) and its [`ReceivedEvent`](super::ReceivedEvent) in the
/// request's extensions, where axum's `Extension<ReceivedEvent>` and
/// [`PostmarkWebhook`](super::PostmarkWebhook) find it.
///
/// With [`deduplicate`](Self::deduplicate), each delivery is handled once:
/// a delivery whose [`idempotency_key`](super::ReceivedEvent::idempotency_key) was
/// handled is answered `200 already handled` without calling the service; one
/// that another request is handling right now is answered 503 (so that
/// Postmark retries it later, and it is not lost if that request fails). A
/// key counts as handled only when the service answered 2xx: after any other
/// answer, an error, or a request dropped midway, it is released and
/// Postmark's retry reaches the service again.
///
/// A store that fails, or does not answer within the
/// [`store_timeout`](Self::store_timeout), gets a 503 answer too, and the
/// service is not called: Postmark retries, so nothing is lost and nothing
/// runs twice. [`fail_open_when_store_fails`](Self::fail_open_when_store_fails)
/// calls the service anyway.
///
/// ```no_run
/// use axum::{Extension, Router, http::StatusCode, routing::post};
/// use postmark_webhooks::receiver::{ReceivedEvent, MemorySeenStore, PostmarkLayer, Receiver};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let receiver = Receiver::builder().basic_auth("postmark", "s3cret").build()?;
/// let app: Router = Router::new().route(
///     "/webhooks/postmark",
///     post(|Extension(received): Extension<ReceivedEvent>| async move {
///         println!("{} event", received.event().record_type());
///         StatusCode::OK
///     })
///     .layer(PostmarkLayer::new(receiver).deduplicate(MemorySeenStore::default())),
/// );
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
/// axum::serve(listener, app).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct PostmarkLayer {
    receiver: Receiver,
    hook: Hook,
    allowlist: Option<IpAllowlist>,
    seen: Option<Arc<dyn SeenStore>>,
    store_timeout: Duration,
    fail_open: bool,
}

/// How long [`PostmarkLayer`] waits for each call to its store unless set: 2
/// seconds.
///
/// ```
/// use postmark_webhooks::receiver::{DEFAULT_STORE_TIMEOUT, MemorySeenStore, PostmarkLayer, Receiver};
///
/// // A store further away than this machine may need longer.
/// let layer = PostmarkLayer::new(Receiver::builder().basic_auth("u", "p").build().unwrap())
///     .deduplicate(MemorySeenStore::default())
///     .store_timeout(DEFAULT_STORE_TIMEOUT * 2);
/// ```
pub const DEFAULT_STORE_TIMEOUT: Duration = Duration::from_secs(2);

impl PostmarkLayer {
    /// A layer checking requests with `receiver`, without deduplication.
    ///
    /// ```
    /// use postmark_webhooks::receiver::{PostmarkLayer, Receiver};
    ///
    /// let layer = PostmarkLayer::new(Receiver::builder().basic_auth("u", "p").build().unwrap());
    /// ```
    pub fn new(receiver: Receiver) -> Self {
        Self {
            receiver,
            hook: Hook::Events,
            allowlist: None,
            seen: None,
            store_timeout: DEFAULT_STORE_TIMEOUT,
            fail_open: false,
        }
    }

    /// A layer in front of a server's inbound hook (its `InboundHookUrl`):
    /// each request is read as an inbound message with
    /// [`Receiver::accept_inbound`], and reaches the service with its
    /// [`InboundMessage`] in the request's extensions, where axum's
    /// `Extension<InboundMessage>` and [`PostmarkInbound`](super::PostmarkInbound)
    /// find it. With
    /// [`deduplicate`](Self::deduplicate), a message is known by its
    /// `MessageID` ([`InboundMessage::idempotency_key`]); everything else is
    /// as for events. The service's 403 (such as
    /// [`InboundOutcome::Refused`](super::InboundOutcome::Refused)) stops
    /// Postmark's retries; the layer's own refusals are never 403, so that
    /// Postmark retries each ([`Rejection::inbound_status`]): an address that
    /// [`allow_ips`](Self::allow_ips) refuses is answered 503, a peer address
    /// it cannot tell (an app served without connect info, a malformed
    /// `X-Forwarded-For`) 500, and a receiver without Basic credentials 500.
    ///
    /// ```no_run
    /// use axum::{Extension, Router, routing::post};
    /// use postmark_webhooks::inbound::InboundMessage;
    /// use postmark_webhooks::receiver::{
    ///     DEFAULT_INBOUND_TTL, InboundOutcome, MemorySeenStore, PostmarkLayer, Receiver,
    /// };
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let receiver = Receiver::builder().basic_auth("postmark", "s3cret").build()?;
    /// // Remembered past Postmark's last retry of a message.
    /// let seen = MemorySeenStore::new(100_000, DEFAULT_INBOUND_TTL);
    /// let app: Router = Router::new().route(
    ///     "/postmark/inbound",
    ///     post(|Extension(message): Extension<InboundMessage>| async move {
    ///         println!("{:?} from {:?}", message.subject, message.from);
    ///         InboundOutcome::Handled
    ///     })
    ///     .layer(PostmarkLayer::inbound(receiver).deduplicate(seen)),
    /// );
    /// let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    /// axum::serve(listener, app).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn inbound(receiver: Receiver) -> Self {
        Self {
            hook: Hook::Inbound,
            ..Self::new(receiver)
        }
    }

    /// Accepts requests only from the addresses `allowlist` allows, and
    /// refuses any other with 403 (503 in front of an inbound hook, see
    /// [`inbound`](Self::inbound)) before its credentials are looked at.
    ///
    /// The layer reads the connection's peer address from axum's
    /// `ConnectInfo<SocketAddr>` in the request's extensions: serve the app
    /// with `into_make_service_with_connect_info::<SocketAddr>()`. Without
    /// it the peer is unknown, and every request is refused (403; 500 in
    /// front of an inbound hook).
    ///
    /// ```no_run
    /// use std::net::SocketAddr;
    /// use axum::{Extension, Router, http::StatusCode, routing::post};
    /// use postmark_webhooks::receiver::{IpAllowlist, PostmarkLayer, ReceivedEvent, Receiver};
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let receiver = Receiver::builder().basic_auth("postmark", "s3cret").build()?;
    /// // Postmark's current addresses, from its support article.
    /// let allowlist = IpAllowlist::builder()
    ///     .allow("203.0.113.0/24")
    ///     .trust_proxy("10.0.0.0/8")
    ///     .build()?;
    /// let app: Router = Router::new().route(
    ///     "/webhooks/postmark",
    ///     post(|Extension(received): Extension<ReceivedEvent>| async move { StatusCode::OK })
    ///         .layer(PostmarkLayer::new(receiver).allow_ips(allowlist)),
    /// );
    /// let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await?;
    /// axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn allow_ips(mut self, allowlist: IpAllowlist) -> Self {
        self.allowlist = Some(allowlist);
        self
    }

    /// Handles each delivery once, remembering keys in `store` (see the
    /// type's docs). Pass an `Arc` of a store to share it between layers.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use postmark_webhooks::receiver::{MemorySeenStore, PostmarkLayer, Receiver};
    ///
    /// let receiver = Receiver::builder().basic_auth("u", "p").build().unwrap();
    /// let store = Arc::new(MemorySeenStore::default());
    /// let opens = PostmarkLayer::new(receiver.clone()).deduplicate(store.clone());
    /// let bounces = PostmarkLayer::new(receiver).deduplicate(store);
    /// ```
    pub fn deduplicate(mut self, store: impl SeenStore) -> Self {
        self.seen = Some(Arc::new(store));
        self
    }

    /// Gives up on a store call after this long ([`DEFAULT_STORE_TIMEOUT`]
    /// unless set): a claim that times out is answered 503, as a failed one.
    ///
    /// ```
    /// use std::time::Duration;
    /// use postmark_webhooks::receiver::{MemorySeenStore, PostmarkLayer, Receiver};
    ///
    /// let layer = PostmarkLayer::new(Receiver::insecure_accept_all())
    ///     .deduplicate(MemorySeenStore::default())
    ///     .store_timeout(Duration::from_millis(500));
    /// ```
    pub fn store_timeout(mut self, timeout: Duration) -> Self {
        self.store_timeout = timeout;
        self
    }

    /// When the store fails or times out, calls the service anyway (and
    /// logs a warning) instead of answering 503: a delivery may then be
    /// handled twice (by two replicas, or again on a retry), but none waits
    /// for the store to come back.
    ///
    /// ```
    /// use postmark_webhooks::receiver::{MemorySeenStore, PostmarkLayer, Receiver};
    ///
    /// let layer = PostmarkLayer::new(Receiver::insecure_accept_all())
    ///     .deduplicate(MemorySeenStore::default())
    ///     .fail_open_when_store_fails();
    /// ```
    pub fn fail_open_when_store_fails(mut self) -> Self {
        self.fail_open = true;
        self
    }
}

impl fmt::Debug for PostmarkLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostmarkLayer")
            .field("receiver", &self.receiver)
            .field("hook", &self.hook)
            .field("allowlist", &self.allowlist)
            .field("deduplicate", &self.seen.is_some())
            .field("store_timeout", &self.store_timeout)
            .field("fail_open", &self.fail_open)
            .finish()
    }
}

impl<S> Layer<S> for PostmarkLayer {
    type Service = PostmarkService<S>;

    fn layer(&self, inner: S) -> PostmarkService<S> {
        PostmarkService {
            inner,
            layer: self.clone(),
        }
    }
}

/// The [`Service`] of a [`PostmarkLayer`] around `S`.
///
/// ```
/// use bytes::Bytes;
/// use http_body_util::Full;
/// use postmark_webhooks::receiver::{ReceivedEvent, PostmarkLayer, Receiver};
/// use tower::{Layer as _, ServiceExt as _};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let handler = tower::service_fn(|request: http::Request<Full<Bytes>>| async move {
///     let received = request.extensions().get::<ReceivedEvent>().expect("checked by the layer");
///     println!("{}", received.event().record_type());
///     Ok::<_, std::convert::Infallible>(http::Response::new(Full::new(Bytes::new())))
/// });
/// let service = PostmarkLayer::new(Receiver::insecure_accept_all()).layer(handler);
/// let request = http::Request::post("/hook").body(Full::new(Bytes::from_static(b"[]"))).unwrap();
/// let response = service.oneshot(request).await.unwrap();
/// assert_eq!(response.status(), 400);
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct PostmarkService<S> {
    inner: S,
    layer: PostmarkLayer,
}

/// The answer of a [`PostmarkService`]: the layer's own (`Left`) or the
/// inner service's (`Right`).
///
/// ```
/// use bytes::Bytes;
/// use http_body_util::{Either, Full};
/// use postmark_webhooks::receiver::PostmarkResponse;
///
/// let theirs: PostmarkResponse<String> = http::Response::new(Either::Right("ok".to_string()));
/// assert_eq!(theirs.status(), 200);
/// ```
pub type PostmarkResponse<B> = Response<Either<Full<Bytes>, B>>;

impl<S, B, ResBody> Service<Request<B>> for PostmarkService<S>
where
    S: Service<Request<Full<Bytes>>, Response = Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send,
    S::Error: Send,
    B: Body + Send + 'static,
    B::Data: Send,
    ResBody: Send + 'static,
{
    type Response = PostmarkResponse<ResBody>;
    type Error = S::Error;
    type Future = BoxFuture<'static, Result<Self::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        // The clone takes the place of the service that was polled ready.
        let ready = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, ready);
        let layer = self.layer.clone();
        Box::pin(async move {
            let (mut parts, body) = request.into_parts();
            if let Some(allowlist) = &layer.allowlist {
                let peer = parts
                    .extensions
                    .get::<ConnectInfo<SocketAddr>>()
                    .map(|ConnectInfo(peer)| peer.ip());
                if let Err(rejection) = allowlist.check(peer, &parts.headers) {
                    return Ok(ours(refuse(&rejection, layer.hook.status(&rejection))));
                }
            }
            let accepted = match layer.hook {
                Hook::Events => accept_streamed(&layer.receiver, &parts.headers, body)
                    .await
                    .map(|(received, body)| (Accepted::Event(received), body)),
                Hook::Inbound => accept_inbound_streamed(&layer.receiver, &parts.headers, body)
                    .await
                    .map(|(message, body)| (Accepted::Inbound(message), body)),
            };
            let (received, body) = match accepted {
                Ok(accepted) => accepted,
                Err(rejection) => {
                    return Ok(ours(refuse(&rejection, layer.hook.status(&rejection))));
                }
            };
            let Some(seen) = layer.seen else {
                received.insert_into(&mut parts.extensions);
                let request = Request::from_parts(parts, Full::new(body));
                return inner.call(request).await.map(theirs);
            };
            let key = received.idempotency_key();
            let claimed = match within(layer.store_timeout, seen.claim(key)).await {
                Ok(Claim::First(token)) => Some(Claimed {
                    seen: Some(seen),
                    key,
                    token,
                    timeout: layer.store_timeout,
                }),
                Ok(Claim::Handled) => return Ok(ours(answer(StatusCode::OK, "already handled"))),
                Ok(Claim::InProgress) => {
                    return Ok(ours(answer(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "this delivery is being handled; retry later",
                    )));
                }
                Err(e) if layer.fail_open => {
                    tracing::warn!(error = %e, "the seen store could not claim a delivery; handling it anyway");
                    None
                }
                Err(e) => {
                    tracing::warn!(error = %e, "the seen store could not claim a delivery");
                    return Ok(ours(answer(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "deliveries cannot be deduplicated now; retry later",
                    )));
                }
            };
            received.insert_into(&mut parts.extensions);
            let request = Request::from_parts(parts, Full::new(body));
            let result = inner.call(request).await;
            if let Some(claimed) = claimed {
                let handled = matches!(&result, Ok(response) if response.status().is_success());
                claimed.settle(handled).await;
            }
            result.map(theirs)
        })
    }
}

/// What requests a layer reads.
#[derive(Clone, Copy, Debug)]
enum Hook {
    /// Webhook events ([`Receiver::accept`]).
    Events,
    /// Inbound messages ([`Receiver::accept_inbound`]).
    Inbound,
}

impl Hook {
    /// The status to refuse a request to this hook with.
    fn status(self, rejection: &Rejection) -> u16 {
        match self {
            Self::Events => rejection.status(),
            Self::Inbound => rejection.inbound_status(),
        }
    }
}

/// An accepted request's payload, on its way to the service.
enum Accepted {
    Event(ReceivedEvent),
    Inbound(InboundMessage),
}

impl Accepted {
    fn idempotency_key(&self) -> IdempotencyKey {
        match self {
            Self::Event(received) => received.idempotency_key(),
            Self::Inbound(message) => message.idempotency_key(),
        }
    }

    fn insert_into(self, extensions: &mut http::Extensions) {
        match self {
            Self::Event(received) => {
                extensions.insert(received);
            }
            Self::Inbound(message) => {
                extensions.insert(message);
            }
        }
    }
}

/// `call`, or a [`StoreError`] once `timeout` has passed.
async fn within<T>(
    timeout: Duration,
    call: BoxFuture<'_, Result<T, StoreError>>,
) -> Result<T, StoreError> {
    match tokio::time::timeout(timeout, call).await {
        Ok(result) => result,
        Err(_) => Err(format!("the seen store did not answer within {timeout:?}").into()),
    }
}

fn ours<B>(response: Response<Full<Bytes>>) -> PostmarkResponse<B> {
    response.map(Either::Left)
}

fn theirs<B>(response: Response<B>) -> PostmarkResponse<B> {
    response.map(Either::Right)
}

/// A claimed key, released if the request is dropped before it is settled.
struct Claimed {
    seen: Option<Arc<dyn SeenStore>>,
    key: IdempotencyKey,
    token: ClaimToken,
    timeout: Duration,
}

impl Claimed {
    async fn settle(mut self, handled: bool) {
        let Some(seen) = self.seen.take() else {
            return;
        };
        let settled = match handled {
            true => within(self.timeout, seen.confirm(self.key, self.token)).await,
            false => within(self.timeout, seen.release(self.key, self.token)).await,
        };
        if let Err(e) = settled {
            tracing::warn!(error = %e, handled, "the seen store could not record a delivery");
        }
    }
}

impl Drop for Claimed {
    fn drop(&mut self) {
        let Some(seen) = self.seen.take() else {
            return;
        };
        let (key, token, timeout) = (self.key, self.token, self.timeout);
        // Dropped midway (the client went away, or the service panicked):
        // release the key so that Postmark's retry is handled.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Err(e) = within(timeout, seen.release(key, token)).await {
                    tracing::warn!(error = %e, "the seen store could not release a delivery");
                }
            });
        }
    }
}
