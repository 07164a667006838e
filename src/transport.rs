//! The one place where requests meet the network: progenitor's `exec` hook
//! with retries, deadlines and the response-size cap, and the translation of
//! every outcome into [`crate::Error`].
//!
//! Each call runs inside [`run`], which gives it a per-call record (a tokio
//! task-local) and a tracing span. `exec` notes there what progenitor's
//! `reqwest::Result` cannot carry (the attempts, which deadline bounded the
//! last one, an oversized answer, a lost answer), and [`run`] reads it back
//! when the generated code returns.

use std::cell::Cell;
use std::future::Future;
use std::time::{Duration, SystemTime};

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

/// The most memory reserved for an answer before its bytes arrive.
const INITIAL_BODY_CAPACITY: usize = 64 * 1024;

/// How many characters of a non-JSON error body are quoted in a message.
const ERROR_SNIPPET_CHARS: usize = 200;

/// Transport settings carried by the generated client.
#[derive(Clone, Debug)]
pub(crate) struct Transport {
    pub(crate) policy: RetryPolicy,
    pub(crate) attempt_timeout: Duration,
    pub(crate) total_timeout: Duration,
    pub(crate) max_response_bytes: usize,
}

tokio::task_local! {
    static CALL: Call;
}

/// What one call's attempts leave behind for [`run`] to read.
#[derive(Default)]
struct Call {
    attempts: Cell<u32>,
    /// The size limit an answer exceeded, if one did.
    too_large: Cell<Option<usize>>,
    retry_after: Cell<Option<Duration>>,
    answer_lost: Cell<bool>,
    /// The deadline that bounds the current attempt.
    deadline: Cell<Option<Deadline>>,
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

type RawResult<T> =
    Result<progenitor_client::ResponseValue<T>, progenitor_client::Error<PostmarkError>>;

/// What a finished call looked like, for callers that interpret outcomes
/// (such as a delete whose first answer was lost).
pub(crate) struct Finished<T> {
    pub(crate) result: Result<Response<T>, Error>,
    pub(crate) answer_lost: bool,
}

/// Runs one generated call with its per-call record and tracing span, and
/// turns its result into the crate's.
pub(crate) async fn run<T>(
    operation: Operation,
    call: impl Future<Output = RawResult<T>>,
) -> Finished<T> {
    use tracing::Instrument as _;
    let span = tracing::debug_span!(
        "postmark_webhooks",
        operation = operation.operation_id(),
        attempts = tracing::field::Empty,
        status = tracing::field::Empty,
        error_code = tracing::field::Empty,
    );
    CALL.scope(Call::default(), async move {
        let raw = call.instrument(span.clone()).await;
        CALL.with(|record| {
            let attempts = record.attempts.get();
            span.record("attempts", attempts);
            let result = finish(operation, raw, record).map(|value| Response { value, attempts });
            if let Err(err) = &result {
                if let Some(status) = err.status() {
                    span.record("status", status);
                }
                if let Some(code) = err.code() {
                    span.record("error_code", code.as_i64());
                }
                span.in_scope(|| tracing::debug!(error = %err, "call failed"));
            } else {
                span.record("status", 200u16);
            }
            Finished {
                result,
                answer_lost: record.answer_lost.get(),
            }
        })
    })
    .await
}

/// Notes something in the current call's record, if there is one.
fn note(f: impl FnOnce(&Call)) {
    let _ = CALL.try_with(f);
}

impl ClientHooks<Transport> for crate::raw::Client {
    async fn exec(
        &self,
        mut request: reqwest::Request,
        _info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        // The generator adds an `api-version` header that Postmark does not take.
        request.headers_mut().remove("api-version");
        let settings = &self.inner;
        let is_post = request.method() == reqwest::Method::POST;
        let deadline = saturating_deadline(settings.total_timeout);
        let mut attempts_made = 0;
        let mut current = request;
        loop {
            // Bodies here are always in memory, so a spare copy exists for a
            // retry; without one, the call is not retried.
            let spare = current.try_clone();
            attempts_made += 1;
            note(|c| c.attempts.set(attempts_made));
            let time_left = deadline.saturating_duration_since(Instant::now());
            let (limit, which) = if settings.attempt_timeout <= time_left {
                (settings.attempt_timeout, Deadline::Attempt)
            } else {
                (time_left, Deadline::Total)
            };
            // reqwest's per-request timeout bounds the whole attempt, from
            // connecting to reading the last byte of the answer.
            *current.timeout_mut() = Some(limit);
            note(|c| c.deadline.set(Some(which)));
            let (outcome, ending) = match attempt(self, current, settings.max_response_bytes).await
            {
                Ended::Answer(response) if response.status().is_success() => return Ok(response),
                Ended::Answer(response) => (
                    Outcome::Status(response.status().as_u16()),
                    Ending::Answer(response),
                ),
                Ended::TooLarge { limit } => return refuse_too_large(limit),
                Ended::Broken(e) => (classify(&e), Ending::Error(e)),
            };
            tracing::debug!(attempt = attempts_made, outcome = ?outcome, "attempt ended");
            let retry_after = ending.retry_after();
            let decision = spare.is_some().then(|| {
                settings.policy.decide(&Attempt {
                    outcome,
                    is_post,
                    attempts_made,
                    retry_after,
                    time_left: deadline.saturating_duration_since(Instant::now()),
                    random: fastrand::f64(),
                })
            });
            match (spare, decision) {
                (Some(spare), Some(Decision::RetryAfter(wait))) => {
                    if outcome.answer_may_be_lost() {
                        note(|c| c.answer_lost.set(true));
                    }
                    tracing::info!(
                        attempt = attempts_made,
                        outcome = ?outcome,
                        wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                        "retrying"
                    );
                    tokio::time::sleep(wait).await;
                    current = spare;
                }
                (_, decision) => {
                    let asked = match decision {
                        Some(Decision::Stop(StopReason::RetryAfterTooLong(asked))) => Some(asked),
                        _ => retry_after,
                    };
                    note(|c| c.retry_after.set(asked));
                    return ending.into_result();
                }
            }
        }
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

/// How one attempt ended.
enum Ended {
    Answer(reqwest::Response),
    TooLarge { limit: usize },
    Broken(reqwest::Error),
}

/// How the whole exchange ends if no retry follows.
enum Ending {
    Answer(reqwest::Response),
    Error(reqwest::Error),
}

impl Ending {
    /// The wait an error answer asks for in `Retry-After`, if any.
    fn retry_after(&self) -> Option<Duration> {
        let Ending::Answer(response) = self else {
            return None;
        };
        let value = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)?
            .to_str()
            .ok()?;
        retry::parse_retry_after(value, SystemTime::now())
    }

    fn into_result(self) -> reqwest::Result<reqwest::Response> {
        match self {
            Ending::Answer(response) => Ok(response),
            Ending::Error(e) => Err(e),
        }
    }
}

/// Records an oversized answer for [`run`] and hands progenitor a
/// placeholder answer, since `reqwest::Error` cannot be made outside reqwest.
/// The placeholder never reaches a caller: [`finish`] reports the oversized
/// answer instead.
fn refuse_too_large(limit: usize) -> reqwest::Result<reqwest::Response> {
    note(|c| c.too_large.set(Some(limit)));
    let mut placeholder = http::Response::new(Vec::new());
    *placeholder.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
    Ok(placeholder.into())
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

/// Sends one request and reads its whole answer, within the size cap for
/// success bodies; error bodies are cut at [`MAX_ERROR_BODY_BYTES`] and
/// normalized (see [`normalize_error_body`]).
async fn attempt(client: &crate::raw::Client, request: reqwest::Request, max_body: usize) -> Ended {
    let mut response = match client.client.execute(request).await {
        Ok(response) => response,
        Err(e) => return Ended::Broken(e),
    };
    let success = response.status().is_success();
    let limit = if success {
        max_body
    } else {
        MAX_ERROR_BODY_BYTES
    };
    if success
        && response
            .content_length()
            .is_some_and(|len| len > limit as u64)
    {
        return Ended::TooLarge { limit };
    }
    // The declared length is only a hint: never reserve more than a small
    // amount on a server's word.
    let expected = response.content_length().unwrap_or(0);
    let initial = expected.min(limit as u64).min(INITIAL_BODY_CAPACITY as u64) as usize;
    let mut body = Vec::with_capacity(initial);
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > limit {
                    if success {
                        return Ended::TooLarge { limit };
                    }
                    body.extend_from_slice(&chunk[..limit - body.len()]);
                    break;
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => return Ended::Broken(e),
        }
    }
    if !success {
        body = normalize_error_body(body);
    }
    // Carrying the URL over spares reqwest from parsing a placeholder one.
    use reqwest::ResponseBuilderExt as _;
    let mut rebuilt = http::Response::builder()
        .url(response.url().clone())
        .body(body)
        .expect("a builder given only a URL and a body cannot fail");
    *rebuilt.status_mut() = response.status();
    *rebuilt.version_mut() = response.version();
    *rebuilt.headers_mut() = std::mem::take(response.headers_mut());
    Ended::Answer(rebuilt.into())
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

/// Turns the generated client's result, and what the attempts recorded,
/// into the crate's result.
fn finish<T>(operation: Operation, result: RawResult<T>, record: &Call) -> Result<T, Error> {
    use progenitor_client::Error as Raw;
    let attempts = record.attempts.get();
    if let Some(limit) = record.too_large.get() {
        return Err(ResponseTooLarge::new(operation, limit, attempts).into());
    }
    match result {
        Ok(value) => Ok(value.into_inner()),
        Err(Raw::ErrorResponse(value)) => {
            let status = value.status().as_u16();
            let PostmarkError {
                error_code,
                message,
            } = value.into_inner();
            let message = message.unwrap_or_default();
            let retry_after = record.retry_after.get();
            Err(ApiError::new(
                operation,
                status,
                error_code,
                message,
                attempts,
                retry_after,
            )
            .into())
        }
        Err(Raw::InvalidResponsePayload(_, source)) => {
            // Error answers always decode (see `normalize_error_body`), and
            // every operation has exactly one success status.
            Err(DecodeError::new(operation, 200, source, attempts).into())
        }
        Err(Raw::CommunicationError(e) | Raw::ResponseBodyError(e) | Raw::InvalidUpgrade(e)) => {
            Err(from_reqwest(operation, e, attempts, record.deadline.get()))
        }
        Err(Raw::UnexpectedResponse(response)) if response.status().is_redirection() => {
            let location =
                response
                    .headers()
                    .get(reqwest::header::LOCATION)
                    .map(
                        |value| match value.to_str().map(|v| response.url().join(v)) {
                            Ok(Ok(url)) => redact_parsed_url(url),
                            _ => "<unreadable Location, hidden>".to_owned(),
                        },
                    );
            let status = response.status().as_u16();
            Err(ApiError::redirect(operation, status, location, attempts).into())
        }
        Err(Raw::UnexpectedResponse(response)) => {
            let status = response.status();
            let message = format!("unexpected HTTP status {status}");
            Err(ApiError::new(operation, status.as_u16(), None, message, attempts, None).into())
        }
        Err(Raw::InvalidRequest(reason)) => Err(TransportError::new(
            operation,
            "the request could not be built",
            reason,
            attempts,
        )
        .into()),
        Err(Raw::Custom(reason)) => {
            Err(TransportError::new(operation, "the request failed", reason, attempts).into())
        }
    }
}

fn from_reqwest(
    operation: Operation,
    e: reqwest::Error,
    attempts: u32,
    attempt_deadline: Option<Deadline>,
) -> Error {
    let e = e.without_url();
    if e.is_timeout() {
        let deadline = if e.is_connect() {
            Deadline::Connect
        } else {
            attempt_deadline.unwrap_or(Deadline::Attempt)
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
