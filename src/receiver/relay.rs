//! A ready receiver: every path of an axum router behind a
//! [`PostmarkLayer`], whose accepted deliveries are reported, or forwarded
//! unchanged to an application. What `postmark-webhooks listen` serves.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::middleware::Next;
use axum::response::Response;
use bytes::Bytes;
use http::header::{CONNECTION, CONTENT_LENGTH, HOST, TE, TRANSFER_ENCODING, UPGRADE};
use http::{HeaderMap, StatusCode};
use http_body_util::{BodyExt as _, Full};

use super::streamed::answer;
use super::{PostmarkLayer, ReceivedEvent};
use crate::events::IdempotencyKey;
use crate::inbound::InboundMessage;
use crate::redact::RedactedUrl;

/// Serves a [`PostmarkLayer`] on every path and method, and does one thing
/// with each accepted new delivery: [`report`](Self::router) it and answer
/// 200, or [`forward_to`](Self::forward_to) an application.
///
/// Behind a [`PostmarkLayer::inbound`], the deliveries are a server's
/// inbound messages: reported as [`Report::HandledInbound`], or forwarded
/// (the application's 403 then stops Postmark's retries).
///
/// Serve its router with `into_make_service_with_connect_info::<SocketAddr>()`,
/// so that refusals name the client (and an [`IpAllowlist`](super::IpAllowlist)
/// can see it).
///
/// ```no_run
/// use std::net::SocketAddr;
/// use postmark_webhooks::receiver::{PostmarkLayer, Receiver, Relay};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let receiver = Receiver::builder().basic_auth("postmark", "s3cret").build()?;
/// let router = Relay::new(PostmarkLayer::new(receiver))
///     .forward_to("http://127.0.0.1:8080/postmark")?
///     .router(|report| eprintln!("{}", report.line()));
/// let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await?;
/// axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Relay {
    layer: PostmarkLayer,
    forward: Option<Forward>,
}

#[derive(Clone, Debug)]
struct Forward {
    url: reqwest::Url,
    client: reqwest::Client,
}

impl Relay {
    /// A relay that reports each accepted new delivery as
    /// [`Report::Handled`] and answers it 200.
    ///
    /// ```
    /// use postmark_webhooks::receiver::{PostmarkLayer, Receiver, Relay};
    ///
    /// let router = Relay::new(PostmarkLayer::new(Receiver::insecure_accept_all()))
    ///     .router(|report| println!("{}", report.line()));
    /// ```
    pub fn new(layer: PostmarkLayer) -> Self {
        Self {
            layer,
            forward: None,
        }
    }

    /// POSTs each accepted new delivery, its body and headers unchanged
    /// (but for those that frame a connection), to `url`, and answers
    /// Postmark with the application's status and body, so that a failing
    /// application is retried. An application that cannot be reached is
    /// answered 502 for it. A delivery the application answered 2xx is
    /// reported as [`Report::Handled`]; another as [`Report::NotHandled`].
    /// Redirects are not followed.
    ///
    /// ```
    /// use postmark_webhooks::receiver::{PostmarkLayer, Receiver, Relay, RelayError};
    ///
    /// let relay = Relay::new(PostmarkLayer::new(Receiver::insecure_accept_all()));
    /// assert!(relay.clone().forward_to("http://127.0.0.1:8080/hook").is_ok());
    /// assert!(matches!(relay.clone().forward_to("ftp://example.com/"), Err(RelayError::InvalidUrl(_))));
    /// // The error never shows the URL's credentials.
    /// let err = relay.forward_to("http://user:pw@app:99999/").unwrap_err();
    /// assert_eq!(err, RelayError::InvalidUrl("<unparsable URL, hidden>".into()));
    /// ```
    pub fn forward_to(mut self, url: &str) -> Result<Self, RelayError> {
        let invalid = || RelayError::InvalidUrl(RedactedUrl(url).to_string());
        let parsed = reqwest::Url::parse(url).map_err(|_| invalid())?;
        if !matches!(parsed.scheme(), "http" | "https") || !parsed.has_host() {
            return Err(invalid());
        }
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| RelayError::Client(e.without_url().to_string()))?;
        self.forward = Some(Forward {
            url: parsed,
            client,
        });
        Ok(self)
    }

    /// The router: every path and method goes through the layer, and
    /// `report` is called once for each delivery handled, refused or not
    /// handled (a duplicate that the layer answers itself is not reported).
    ///
    /// ```
    /// use postmark_webhooks::receiver::{PostmarkLayer, Receiver, Relay, Report};
    ///
    /// let router: axum::Router = Relay::new(PostmarkLayer::new(Receiver::insecure_accept_all()))
    ///     .router(|report| match report {
    ///         Report::Handled(_) => println!("{}", report.line()),
    ///         _ => eprintln!("{}", report.line()),
    ///     });
    /// ```
    pub fn router(self, report: impl Fn(Report) + Send + Sync + 'static) -> Router {
        let report: Arc<dyn Fn(Report) + Send + Sync> = Arc::new(report);
        let forward = self.forward.map(Arc::new);
        let delivering = report.clone();
        Router::new()
            .fallback(move |request: Request| {
                let (forward, report) = (forward.clone(), delivering.clone());
                async move { deliver(request, forward.as_deref(), &*report).await }
            })
            .layer(self.layer)
            .layer(axum::middleware::from_fn(
                move |request: Request, next: Next| {
                    let report = report.clone();
                    async move { report_refusal(request, next, &*report).await }
                },
            ))
    }
}

/// Marks an answer of [`deliver`], so that any other is the layer's own.
#[derive(Clone, Copy)]
struct Delivered;

/// Runs the request, and reports a refusal: an answer that is not 2xx and
/// not [`Delivered`], which the layer gave itself.
async fn report_refusal(
    request: Request,
    next: Next,
    report: &(dyn Fn(Report) + Send + Sync),
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| peer.ip().to_canonical());
    let response = next.run(request).await;
    if response.status().is_success() || response.extensions().get::<Delivered>().is_some() {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = body
        .collect()
        .await
        .map(|c| c.to_bytes())
        .unwrap_or_default();
    report(Report::Refused {
        peer,
        status: parts.status.as_u16(),
        reason: String::from_utf8_lossy(&text).trim_end().to_string(),
    });
    Response::from_parts(parts, Body::from(text))
}

/// Hands an accepted delivery on: reported and answered 200, or forwarded.
async fn deliver(
    request: Request,
    forward: Option<&Forward>,
    report: &(dyn Fn(Report) + Send + Sync),
) -> Response {
    let mut response = forward_or_report(request, forward, report).await;
    response.extensions_mut().insert(Delivered);
    response.map(Body::new)
}

async fn forward_or_report(
    mut request: Request,
    forward: Option<&Forward>,
    report: &(dyn Fn(Report) + Send + Sync),
) -> http::Response<Full<Bytes>> {
    let extensions = request.extensions_mut();
    let (idempotency_key, handled) = match extensions.remove::<ReceivedEvent>() {
        Some(received) => (
            received.idempotency_key(),
            Report::Handled(Box::new(received)),
        ),
        None => match extensions.remove::<InboundMessage>() {
            Some(message) => (
                message.idempotency_key(),
                Report::HandledInbound(Box::new(message)),
            ),
            None => return answer(StatusCode::INTERNAL_SERVER_ERROR, "no checked event"),
        },
    };
    let Some(forward) = forward else {
        report(handled);
        return answer(StatusCode::OK, "handled");
    };
    let (parts, body) = request.into_parts();
    let body = body
        .collect()
        .await
        .map(|c| c.to_bytes())
        .unwrap_or_default();
    let sent = forward
        .client
        .post(forward.url.clone())
        .headers(end_to_end(parts.headers))
        .body(body)
        .send()
        .await;
    let (status, body) = match sent {
        Ok(answered) => {
            let status = answered.status();
            (status, answered.bytes().await.unwrap_or_default())
        }
        Err(e) => {
            let reason = format!("the application could not be reached: {}", e.without_url());
            report(Report::NotHandled {
                idempotency_key,
                status: StatusCode::BAD_GATEWAY.as_u16(),
                reason: reason.clone(),
            });
            return answer(StatusCode::BAD_GATEWAY, &reason);
        }
    };
    if status.is_success() {
        report(handled);
    } else {
        report(Report::NotHandled {
            idempotency_key,
            status: status.as_u16(),
            reason: format!("the application answered {status}"),
        });
    }
    let mut response = http::Response::new(Full::new(body));
    *response.status_mut() = status;
    response
}

/// The headers without those that frame one connection (RFC 9110, 7.6.1).
fn end_to_end(mut headers: HeaderMap) -> HeaderMap {
    for name in [
        HOST,
        CONTENT_LENGTH,
        TRANSFER_ENCODING,
        CONNECTION,
        TE,
        UPGRADE,
    ] {
        headers.remove(name);
    }
    headers.remove("keep-alive");
    headers.remove("proxy-connection");
    headers
}

/// What a [`Relay`] did with a request, for its `report` callback.
///
/// ```
/// use postmark_webhooks::receiver::Report;
///
/// let refused = Report::Refused {
///     peer: Some("198.51.100.7".parse().unwrap()),
///     status: 401,
///     reason: "the Basic auth credentials are wrong".into(),
/// };
/// assert_eq!(refused.line(), "refused 401 from 198.51.100.7: the Basic auth credentials are wrong");
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Report {
    /// A new delivery was accepted and handled (answered 2xx).
    Handled(Box<ReceivedEvent>),
    /// A new inbound message was accepted and handled (answered 2xx), by
    /// a relay of a [`PostmarkLayer::inbound`].
    HandledInbound(Box<InboundMessage>),
    /// A request was refused (or could not be deduplicated now): the
    /// status it was answered with and why, a line that shows no secret.
    Refused {
        /// The client, when known.
        peer: Option<IpAddr>,
        /// The status answered.
        status: u16,
        /// Why, in a line.
        reason: String,
    },
    /// A delivery was forwarded and the application did not answer 2xx (or
    /// could not be reached): Postmark will retry it.
    NotHandled {
        /// The delivery's [`idempotency_key`](ReceivedEvent::idempotency_key).
        idempotency_key: IdempotencyKey,
        /// The status answered.
        status: u16,
        /// Why, in a line.
        reason: String,
    },
}

impl Report {
    /// One line: for [`Handled`](Self::Handled), JSON
    /// `{"TraceId": ..., "IdempotencyKey": ..., "RecordType": ..., "Event": {...}}`;
    /// for [`HandledInbound`](Self::HandledInbound), JSON
    /// `{"MessageID": ..., "IdempotencyKey": ..., "Inbound": {...}}`;
    /// otherwise text that shows no secret.
    ///
    /// ```
    /// use http::HeaderMap;
    /// use postmark_webhooks::receiver::{Receiver, Report};
    ///
    /// let received = Receiver::insecure_accept_all()
    ///     .accept(&HeaderMap::new(), br#"{"RecordType": "Inbound"}"#)
    ///     .unwrap();
    /// let line = Report::Handled(Box::new(received)).line();
    /// let json: serde_json::Value = serde_json::from_str(&line).unwrap();
    /// assert_eq!(json["RecordType"], "Inbound");
    /// assert_eq!(json["TraceId"], serde_json::Value::Null);
    /// ```
    pub fn line(&self) -> String {
        match self {
            Self::Handled(received) => serde_json::json!({
                "TraceId": received.trace_id(),
                "IdempotencyKey": received.idempotency_key(),
                "RecordType": received.event().record_type(),
                "Event": received.event(),
            })
            .to_string(),
            Self::HandledInbound(message) => serde_json::json!({
                "MessageID": message.message_id,
                "IdempotencyKey": message.idempotency_key(),
                "Inbound": message,
            })
            .to_string(),
            Self::Refused {
                peer: Some(peer),
                status,
                reason,
            } => format!("refused {status} from {peer}: {reason}"),
            Self::Refused {
                peer: None,
                status,
                reason,
            } => format!("refused {status}: {reason}"),
            Self::NotHandled {
                idempotency_key,
                status,
                reason,
            } => format!("not handled {status} ({idempotency_key}): {reason}"),
        }
    }
}

/// Why a [`Relay`] cannot be set up.
///
/// ```
/// use postmark_webhooks::receiver::RelayError;
///
/// let err = RelayError::InvalidUrl("nope".into());
/// assert_eq!(err.to_string(), "`nope` is not an http:// or https:// URL");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RelayError {
    /// The application's URL is not an http:// or https:// URL. It holds
    /// the URL with its credentials, query and fragment redacted (or, when
    /// it cannot be read as an http(s) URL, words in its place).
    #[error("`{0}` is not an http:// or https:// URL")]
    InvalidUrl(String),
    /// The HTTP client could not be built.
    #[error("the HTTP client could not be built: {0}")]
    Client(String),
}
