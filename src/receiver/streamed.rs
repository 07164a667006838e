//! A request with a streamed body through a [`Receiver`], and the plain-text
//! answers of the extractor and the layer: what both share.

use bytes::{Buf as _, BufMut as _, Bytes, BytesMut};
use http::header::{CONTENT_TYPE, WWW_AUTHENTICATE};
use http::{HeaderMap, HeaderValue, Response, StatusCode};
use http_body::Body;
use http_body_util::{BodyExt as _, Full};

use super::{ReceivedEvent, Receiver, Rejection};
use crate::inbound::InboundMessage;

/// Checks the headers, then reads the body under the event cap and accepts
/// it; the received event and the body read (see [`read_within`]).
pub(super) async fn accept_streamed<B: Body>(
    receiver: &Receiver,
    headers: &HeaderMap,
    body: B,
) -> Result<(ReceivedEvent, Bytes), Rejection> {
    receiver.check_headers(headers)?;
    let body = read_within(body, receiver.max_body_bytes()).await?;
    Ok((receiver.accept_body(headers, &body)?, body))
}

/// Checks the headers, then reads the body under the inbound cap and
/// accepts it; the inbound message and the body read (see [`read_within`]).
pub(super) async fn accept_inbound_streamed<B: Body>(
    receiver: &Receiver,
    headers: &HeaderMap,
    body: B,
) -> Result<(InboundMessage, Bytes), Rejection> {
    receiver.check_inbound_headers(headers)?;
    let body = read_within(body, receiver.max_inbound_body_bytes()).await?;
    Ok((receiver.accept_inbound_body(&body)?, body))
}

/// Reads the body under `limit`, once the headers (the credentials and a
/// `Content-Length`) are checked: nothing of the body is read before.
///
/// A body whose size hint is above the cap is refused unread; a streamed
/// one is read frame by frame and refused as soon as the frames together
/// pass the cap, so that at most the cap plus the frame that passes it has
/// been pulled, and only the cap kept.
async fn read_within<B: Body>(body: B, limit: usize) -> Result<Bytes, Rejection> {
    if body.size_hint().lower() > limit as u64 {
        return Err(Rejection::BodyTooLarge { limit });
    }
    read_capped(body, limit).await
}

async fn read_capped<B: Body>(body: B, limit: usize) -> Result<Bytes, Rejection> {
    let mut body = std::pin::pin!(body);
    let mut read = BytesMut::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| Rejection::UnreadableBody)?;
        // Trailers carry nothing an event needs.
        let Ok(data) = frame.into_data() else {
            continue;
        };
        if data.remaining() > limit - read.len() {
            return Err(Rejection::BodyTooLarge { limit });
        }
        read.put(data);
    }
    Ok(read.freeze())
}

/// A plain-text answer with this status and text (a line).
pub(super) fn answer(status: StatusCode, text: &str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(format!("{text}\n"))));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// The answer to a refused request: `status`, the `WWW-Authenticate`
/// challenge where HTTP asks for one, and its text, which holds no secret.
pub(super) fn refuse(rejection: &Rejection, status: u16) -> Response<Full<Bytes>> {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    let mut response = answer(status, &rejection.to_string());
    if let Some(challenge) = rejection.www_authenticate() {
        response
            .headers_mut()
            .insert(WWW_AUTHENTICATE, HeaderValue::from_static(challenge));
    }
    response
}
