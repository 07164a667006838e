//! The one request path: [`call`] runs a generated request once per attempt
//! and owns retries, deadlines and the response-size cap in plain local
//! variables; the `exec` hook caps answer bodies and reads error bodies. Every outcome
//! becomes one [`crate::Error`].

use std::error::Error as StdError;
use std::future::Future;
use std::time::{Duration, SystemTime};

use http_body_util::{LengthLimitError, Limited};
use progenitor_client::{ClientHooks, OperationInfo};
use tokio::time::Instant;

use crate::error::{
    ApiError, Deadline, DecodeError, Error, Operation, ResponseTooLarge, TimeoutError,
    TransportError,
};
use crate::raw::types::PostmarkError;
use crate::redact::redact_parsed_url;
use crate::retry::{self, Attempt, Decision, Outcome, RetryPolicy, StopReason};

/// How much of an error body is read; Postmark's are a few hundred bytes.
const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;

/// The most memory reserved for an error body before its bytes arrive.
const INITIAL_BODY_CAPACITY: usize = 4 * 1024;

/// How many characters of a non-JSON error body are quoted in a message.
const ERROR_SNIPPET_CHARS: usize = 200;

/// Transport settings carried by the generated client. The per-attempt
/// timeout is the `reqwest::Client`'s own.
#[derive(Clone, Debug)]
pub(crate) struct Transport {
    pub(crate) policy: RetryPolicy,
    pub(crate) attempt_timeout: Duration,
    pub(crate) total_timeout: Duration,
    pub(crate) max_response_bytes: usize,
}

/// A successful call's value, with how it was obtained.
///
/// ```no_run
/// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
/// let response = client.webhooks().list().send_detailed().await?;
/// println!("{} webhooks after {} attempt(s)", response.value().len(), response.attempts());
/// let webhooks = response.into_inner();
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Response<T> {
    value: T,
    attempts: u32,
}

impl<T> Response<T> {
    pub(crate) fn new(value: T, attempts: u32) -> Self {
        Self { value, attempts }
    }

    pub(crate) fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            value: f(self.value),
            attempts: self.attempts,
        }
    }

    /// How many attempts the call took; 1 unless it was retried.
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// assert!(client.webhooks().get(1).send_detailed().await?.attempts() >= 1);
    /// # Ok(())
    /// # }
    /// ```
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The value.
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// let response = client.webhooks().get(1).send_detailed().await?;
    /// println!("{}", response.value().url);
    /// # Ok(())
    /// # }
    /// ```
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The value, owned.
    ///
    /// ```no_run
    /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
    /// let webhook = client.webhooks().get(1).send_detailed().await?.into_inner();
    /// # Ok(())
    /// # }
    /// ```
    pub fn into_inner(self) -> T {
        self.value
    }
}

type RawError = progenitor_client::Error<PostmarkError>;
type RawResult<T> = Result<progenitor_client::ResponseValue<T>, RawError>;

/// What a finished call looked like, for callers that interpret outcomes
/// (such as a delete whose first answer was lost).
pub(crate) struct Finished<T> {
    pub(crate) result: Result<Response<T>, Error>,
    pub(crate) answer_lost: bool,
}

/// Reads an answer's body and decodes it as JSON: what the generated client's
/// `ResponseValue::from_response` does (the generator routes every answer
/// here), in a future half its size and without copying the headers or
/// collecting the body through a buffer list.
pub(crate) async fn decode<T: serde::de::DeserializeOwned, E>(
    mut response: reqwest::Response,
) -> Result<progenitor_client::ResponseValue<T>, progenitor_client::Error<E>> {
    use progenitor_client::Error as Raw;
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    // Most answers arrive in one chunk, which is kept as it is; more are joined.
    let mut first = bytes::Bytes::new();
    let mut joined = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(Raw::ResponseBodyError)? {
        if first.is_empty() {
            first = chunk;
        } else {
            if joined.is_empty() {
                joined.extend_from_slice(&first);
            }
            joined.extend_from_slice(&chunk);
        }
    }
    drop(response);
    let body = if joined.is_empty() {
        first
    } else {
        bytes::Bytes::from(joined)
    };
    match serde_json::from_slice(&body) {
        Ok(inner) => Ok(progenitor_client::ResponseValue::new(
            inner, status, headers,
        )),
        Err(e) => Err(Raw::InvalidResponsePayload(body, e)),
    }
}

/// Where a call keeps each attempt's generated future (about 1 KiB).
pub(crate) trait Hold {
    /// The attempt, held this way.
    fn hold<F: Future + Send>(attempt: F) -> impl Future<Output = F::Output> + Send;
}

/// In the call's own future, as plain async code does: nothing is
/// allocated. For `send`, whose future the caller holds.
pub(crate) struct Inline;

impl Hold for Inline {
    fn hold<F: Future + Send>(attempt: F) -> impl Future<Output = F::Output> + Send {
        attempt
    }
}

/// On the heap, so that a call future that is itself boxed (a builder's
/// `IntoFuture`) stays small.
pub(crate) struct Boxed;

impl Hold for Boxed {
    fn hold<F: Future + Send>(attempt: F) -> impl Future<Output = F::Output> + Send {
        Box::pin(attempt)
    }
}

/// Runs one call: `attempt` sends the generated request once and is called
/// again for each retry that the policy allows, within the total deadline.
/// Each attempt, the call's events and, once it is over, the span's fields
/// belong to one `postmark_webhooks` span.
pub(crate) async fn call<T, F, Fut>(
    transport: &Transport,
    operation: Operation,
    mut attempt: F,
) -> Finished<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = RawResult<T>>,
{
    let span = tracing::debug_span!(
        "postmark_webhooks",
        operation = operation.operation_id(),
        attempts = tracing::field::Empty,
        status = tracing::field::Empty,
        error_code = tracing::field::Empty,
    );
    let deadline = saturating_deadline(transport.total_timeout);
    let mut attempts_made = 0;
    let mut answer_lost = false;
    let result = loop {
        attempts_made += 1;
        let time_left = if attempts_made == 1 {
            transport.total_timeout
        } else {
            deadline.saturating_duration_since(Instant::now())
        };
        // Pinned where it is made: the attempt's future (about 1 KiB) is
        // never moved, only a pointer to it.
        let mut pinned = std::pin::pin!(attempt());
        let sent = tracing::Instrument::instrument(pinned.as_mut(), span.clone());
        // The client's own timeout bounds an attempt; only an attempt that
        // would outlast the whole call needs a timer of its own (boxed, like
        // the waits below, to keep the common path's future small).
        let result = if time_left <= transport.attempt_timeout {
            match Box::pin(tokio::time::timeout(time_left, sent)).await {
                Ok(result) => result,
                Err(_) => {
                    let err = TimeoutError::new(operation, Deadline::Total, attempts_made);
                    break Err(err.into());
                }
            }
        } else {
            sent.await
        };
        let failure = match result {
            Ok(value) => break Ok(Response::new(value.into_inner(), attempts_made)),
            Err(failure) => failure,
        };
        let retry =
            span.in_scope(|| retry_wait(transport, operation, &failure, attempts_made, deadline));
        let (outcome, wait) = match retry {
            Ok(retry) => retry,
            Err(asked) => {
                let failed = Failed {
                    operation,
                    attempts: attempts_made,
                    retry_after: asked,
                    max_response_bytes: transport.max_response_bytes,
                };
                break Err(failed.error(failure));
            }
        };
        answer_lost |= outcome.answer_may_be_lost();
        span.in_scope(|| {
            tracing::info!(
                attempt = attempts_made,
                outcome = ?outcome,
                wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                "retrying"
            );
        });
        Box::pin(tokio::time::sleep(wait)).await;
    };
    if !span.is_disabled() {
        record(&span, &result);
    }
    Finished {
        result,
        answer_lost,
    }
}

/// The span's fields for a finished call, and an event for a failed one.
fn record<T>(span: &tracing::Span, result: &Result<Response<T>, Error>) {
    match result {
        Ok(response) => {
            span.record("attempts", response.attempts());
            span.record("status", 200u16);
        }
        Err(err) => {
            span.record("attempts", err.attempts());
            if let Some(status) = err.status() {
                span.record("status", status);
            }
            if let Some(code) = err.code() {
                span.record("error_code", code.as_i64());
            }
            span.in_scope(|| tracing::debug!(error = %err, "call failed"));
        }
    }
}

/// Whether to retry after a failed attempt: `Ok` with its outcome and the
/// wait, or `Err` with the wait the answer asked for, if it did.
#[cold]
fn retry_wait(
    transport: &Transport,
    operation: Operation,
    failure: &RawError,
    attempts_made: u32,
    deadline: Instant,
) -> Result<(Outcome, Duration), Option<Duration>> {
    let (outcome, retry_after) = assess(failure);
    tracing::debug!(attempt = attempts_made, outcome = ?outcome, "attempt ended");
    let Some(outcome) = outcome else {
        return Err(retry_after);
    };
    let decision = transport.policy.decide(&Attempt {
        outcome,
        is_post: operation.is_post(),
        attempts_made,
        retry_after,
        time_left: deadline.saturating_duration_since(Instant::now()),
        random: fastrand::f64(),
    });
    match decision {
        Decision::RetryAfter(wait) => Ok((outcome, wait)),
        Decision::Stop(StopReason::RetryAfterTooLong(asked)) => Err(Some(asked)),
        Decision::Stop(_) => Err(retry_after),
    }
}

/// The instant `timeout` from now, or a time far beyond any call's life
/// when that cannot be represented.
fn saturating_deadline(timeout: Duration) -> Instant {
    const FAR: Duration = Duration::from_secs(100 * 365 * 24 * 60 * 60);
    let now = Instant::now();
    now.checked_add(timeout.min(FAR))
        .unwrap_or_else(|| now + Duration::from_secs(24 * 60 * 60))
}

/// How a failed attempt ended, as far as retrying is concerned (`None`:
/// retrying cannot help), and the wait its answer asked for.
fn assess(failure: &RawError) -> (Option<Outcome>, Option<Duration>) {
    use progenitor_client::Error as Raw;
    match failure {
        Raw::ErrorResponse(answer) => {
            let retry_after = answer
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| retry::parse_retry_after(value, SystemTime::now()));
            (Some(Outcome::Status(answer.status().as_u16())), retry_after)
        }
        Raw::UnexpectedResponse(answer) => (Some(Outcome::Status(answer.status().as_u16())), None),
        Raw::CommunicationError(e) => (Some(classify(e)), None),
        Raw::ResponseBodyError(e) if !is_too_large(e) => (Some(classify(e)), None),
        _ => (None, None),
    }
}

fn classify(e: &reqwest::Error) -> Outcome {
    if e.is_connect() {
        Outcome::ConnectFailed
    } else if e.is_timeout() {
        Outcome::TimedOut
    } else {
        Outcome::Lost
    }
}

/// Whether a body error is the size cap's.
fn is_too_large(e: &reqwest::Error) -> bool {
    let mut cause: Option<&(dyn StdError + 'static)> = Some(e);
    while let Some(e) = cause {
        if e.is::<LengthLimitError>() {
            return true;
        }
        cause = e.source();
    }
    false
}

impl ClientHooks<Transport> for crate::raw::Client {
    // A plain function, so that the request is handed to reqwest at once
    // and the future keeps only what is left to wait for.
    fn exec(
        &self,
        request: reqwest::Request,
        _info: &OperationInfo,
    ) -> impl Future<Output = reqwest::Result<reqwest::Response>> {
        let pending = self.client.execute(request);
        let cap = self.inner.max_response_bytes;
        async move {
            let response = pending.await?;
            if !response.status().is_success() {
                return Box::pin(read_error_answer(response)).await;
            }
            match response.content_length() {
                Some(length) if length <= cap as u64 => Ok(response),
                // A declared length over the cap fails before a byte is read;
                // an undeclared one fails once the cap is passed.
                declared => {
                    let limit = if declared.is_some() { 0 } else { cap };
                    let url = response.url().clone();
                    let response = http::Response::from(response);
                    Ok(with_url(response, url, |body| {
                        reqwest::Body::wrap(Limited::new(body, limit))
                    }))
                }
            }
        }
    }
}

/// Reads an error answer's body (at most [`MAX_ERROR_BODY_BYTES`]) and
/// normalizes it (see [`normalize_error_body`]), so that the generated client
/// decodes every error answer and keeps its status.
async fn read_error_answer(mut response: reqwest::Response) -> reqwest::Result<reqwest::Response> {
    // The declared length is only a hint: never reserve much on a server's word.
    let expected = response.content_length().unwrap_or(0);
    let mut body = Vec::with_capacity(expected.min(INITIAL_BODY_CAPACITY as u64) as usize);
    while let Some(chunk) = response.chunk().await? {
        let room = MAX_ERROR_BODY_BYTES - body.len();
        if chunk.len() >= room {
            body.extend_from_slice(&chunk[..room]);
            break;
        }
        body.extend_from_slice(&chunk);
    }
    let url = response.url().clone();
    let mut answer = http::Response::from(response);
    answer.headers_mut().remove(reqwest::header::CONTENT_LENGTH);
    Ok(with_url(answer, url, |_| normalize_error_body(body).into()))
}

/// The answer with its body replaced, keeping its URL (which the conversion
/// from `http::Response` would otherwise lose).
#[cold]
fn with_url(
    answer: http::Response<reqwest::Body>,
    url: reqwest::Url,
    body: impl FnOnce(reqwest::Body) -> reqwest::Body,
) -> reqwest::Response {
    use reqwest::ResponseBuilderExt as _;
    let (parts, old_body) = answer.into_parts();
    let mut rebuilt = http::Response::builder()
        .url(url)
        .body(body(old_body))
        .expect("a builder given only a URL and a body cannot fail");
    *rebuilt.status_mut() = parts.status;
    *rebuilt.version_mut() = parts.version;
    *rebuilt.headers_mut() = parts.headers;
    rebuilt.into()
}

/// Gives every error answer a body that decodes as [`PostmarkError`], so the
/// generated client keeps the status. A JSON error with a `Message`
/// (Postmark's) passes through as it is; anything else (an HTML page, an empty
/// body, another service's JSON) becomes `{"Message": <its first
/// characters>}`, keeping an `ErrorCode` if there was one.
fn normalize_error_body(body: Vec<u8>) -> Vec<u8> {
    let code = match serde_json::from_slice::<PostmarkError>(&body) {
        Ok(PostmarkError {
            message: Some(_), ..
        }) => return body,
        Ok(PostmarkError { error_code, .. }) => error_code,
        Err(_) => None,
    };
    serde_json::to_vec(&PostmarkError {
        error_code: code,
        message: Some(snippet(&body)),
    })
    .expect("an error body serializes")
}

/// The start of a body as text, whitespace collapsed, cut short with `…`.
fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= ERROR_SNIPPET_CHARS {
        return collapsed;
    }
    let mut cut: String = collapsed.chars().take(ERROR_SNIPPET_CHARS).collect();
    cut.push('…');
    cut
}

/// What is known of a call that failed for good, to describe its error.
struct Failed {
    operation: Operation,
    attempts: u32,
    retry_after: Option<Duration>,
    max_response_bytes: usize,
}

impl Failed {
    /// The crate's error for the generated client's.
    #[cold]
    fn error(&self, failure: RawError) -> Error {
        use progenitor_client::Error as Raw;
        let Failed {
            operation,
            attempts,
            ..
        } = *self;
        match failure {
            Raw::ErrorResponse(answer) => {
                let status = answer.status().as_u16();
                let PostmarkError {
                    error_code,
                    message,
                } = answer.into_inner();
                let message = message.unwrap_or_default();
                ApiError::new(
                    operation,
                    status,
                    error_code,
                    message,
                    attempts,
                    self.retry_after,
                )
                .into()
            }
            Raw::ResponseBodyError(e) if is_too_large(&e) => {
                ResponseTooLarge::new(operation, self.max_response_bytes, attempts).into()
            }
            // Error answers always decode (see `normalize_error_body`), and
            // every operation has exactly one success status.
            Raw::InvalidResponsePayload(_, source) => {
                DecodeError::new(operation, 200, source, attempts).into()
            }
            Raw::CommunicationError(e) | Raw::ResponseBodyError(e) | Raw::InvalidUpgrade(e) => {
                from_reqwest(operation, e, attempts)
            }
            Raw::UnexpectedResponse(answer) if answer.status().is_redirection() => {
                let location = answer
                    .headers()
                    .get(reqwest::header::LOCATION)
                    .map(|value| match value.to_str().map(|v| answer.url().join(v)) {
                        Ok(Ok(url)) => redact_parsed_url(url),
                        _ => "<unreadable Location, hidden>".to_owned(),
                    });
                let status = answer.status().as_u16();
                ApiError::redirect(operation, status, location, attempts).into()
            }
            Raw::UnexpectedResponse(answer) => {
                let status = answer.status();
                let message = format!("unexpected HTTP status {status}");
                ApiError::new(operation, status.as_u16(), None, message, attempts, None).into()
            }
            Raw::InvalidRequest(reason) => TransportError::new(
                operation,
                "the request could not be built",
                reason,
                attempts,
            )
            .into(),
            Raw::Custom(reason) => {
                TransportError::new(operation, "the request failed", reason, attempts).into()
            }
        }
    }
}

fn from_reqwest(operation: Operation, e: reqwest::Error, attempts: u32) -> Error {
    let e = e.without_url();
    if e.is_timeout() {
        let deadline = if e.is_connect() {
            Deadline::Connect
        } else {
            Deadline::Attempt
        };
        TimeoutError::new(operation, deadline, attempts).into()
    } else if e.is_connect() {
        TransportError::new(operation, "could not connect to the server", e, attempts).into()
    } else if e.is_body() || e.is_decode() {
        TransportError::new(
            operation,
            "the connection broke while reading the answer",
            e,
            attempts,
        )
        .into()
    } else {
        TransportError::new(operation, "the request failed", e, attempts).into()
    }
}

#[cfg(test)]
mod tests {
    use super::{normalize_error_body, snippet};

    #[test]
    fn snippets_collapse_whitespace_and_cut_long_bodies() {
        assert_eq!(
            snippet(b"<html>\n  <body>Bad   Gateway</body>\n</html>"),
            "<html> <body>Bad Gateway</body> </html>"
        );
        assert_eq!(snippet(b""), "");
        let long = "x".repeat(500);
        let cut = snippet(long.as_bytes());
        assert_eq!(cut.chars().count(), 201);
        assert!(cut.ends_with('…'));
        assert_eq!(snippet(&[0xff, b'a']), "\u{fffd}a");
    }

    #[test]
    fn postmark_errors_pass_through_and_others_are_wrapped() {
        let postmark = br#"{"ErrorCode":10,"Message":"Bad token"}"#.to_vec();
        assert_eq!(normalize_error_body(postmark.clone()), postmark);
        assert_eq!(
            normalize_error_body(b"<h1>502</h1>".to_vec()),
            br#"{"Message":"<h1>502</h1>"}"#.to_vec()
        );
        assert_eq!(
            normalize_error_body(Vec::new()),
            br#"{"Message":""}"#.to_vec()
        );
    }
}
