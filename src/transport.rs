//! The one place where requests meet the network: progenitor's `exec` hook,
//! and the translation of progenitor's errors into [`crate::Error`].

use progenitor_client::{ClientHooks, OperationInfo};

use crate::error::{
    ApiError, Deadline, DecodeError, Error, Operation, TimeoutError, TransportError,
};
use crate::raw::types::PostmarkError;

/// How much of an error body is read; Postmark's are a few hundred bytes.
const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;

/// How many characters of a non-JSON error body are quoted in a message.
const ERROR_SNIPPET_CHARS: usize = 200;

/// Transport settings carried by the generated client.
#[derive(Clone, Debug, Default)]
pub(crate) struct Transport {}

impl ClientHooks<Transport> for crate::raw::Client {
    async fn exec(
        &self,
        mut request: reqwest::Request,
        _info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        // The generator adds an `api-version` header that Postmark does not take.
        request.headers_mut().remove("api-version");
        let response = self.client.execute(request).await?;
        if response.status().is_success() {
            Ok(response)
        } else {
            read_error_answer(response).await
        }
    }
}

/// Gives every error answer a body that decodes as [`PostmarkError`], so the
/// generated client keeps the status.
async fn read_error_answer(mut response: reqwest::Response) -> reqwest::Result<reqwest::Response> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        let room = MAX_ERROR_BODY_BYTES - body.len();
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() == MAX_ERROR_BODY_BYTES {
            break;
        }
    }
    let body = normalize_error_body(body);
    let mut rebuilt = http::Response::new(body);
    *rebuilt.status_mut() = response.status();
    *rebuilt.version_mut() = response.version();
    *rebuilt.headers_mut() = std::mem::take(response.headers_mut());
    Ok(rebuilt.into())
}

/// A JSON error with a `Message` (Postmark's) passes through as it is;
/// anything else (an HTML page, an empty body, another service's JSON)
/// becomes `{"Message": <its first characters>}`, keeping an `ErrorCode` if
/// there was one.
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

/// Turns the generated client's result into the crate's.
pub(crate) fn finish<T>(
    operation: Operation,
    result: Result<progenitor_client::ResponseValue<T>, progenitor_client::Error<PostmarkError>>,
) -> Result<T, Error> {
    use progenitor_client::Error as Raw;
    match result {
        Ok(value) => Ok(value.into_inner()),
        Err(Raw::ErrorResponse(value)) => {
            let status = value.status().as_u16();
            let PostmarkError {
                error_code,
                message,
            } = value.into_inner();
            Err(ApiError::new(operation, status, error_code, message.unwrap_or_default()).into())
        }
        Err(Raw::InvalidResponsePayload(_, source)) => {
            // Error answers always decode (see `normalize_error_body`), and
            // every operation has exactly one success status.
            Err(DecodeError::new(operation, 200, source).into())
        }
        Err(Raw::CommunicationError(e) | Raw::ResponseBodyError(e) | Raw::InvalidUpgrade(e)) => {
            Err(from_reqwest(operation, e))
        }
        Err(Raw::UnexpectedResponse(response)) => Err(ApiError::new(
            operation,
            response.status().as_u16(),
            None,
            format!("unexpected HTTP status {}", response.status()),
        )
        .into()),
        Err(Raw::InvalidRequest(reason)) => {
            Err(TransportError::new(operation, "the request could not be built", reason).into())
        }
        Err(Raw::Custom(reason)) => {
            Err(TransportError::new(operation, "the request failed", reason).into())
        }
    }
}

fn from_reqwest(operation: Operation, e: reqwest::Error) -> Error {
    let e = e.without_url();
    if e.is_timeout() {
        let deadline = if e.is_connect() {
            Deadline::Connect
        } else {
            Deadline::Request
        };
        TimeoutError::new(operation, deadline).into()
    } else if e.is_connect() {
        TransportError::new(operation, "could not connect to the server", e).into()
    } else if e.is_body() || e.is_decode() {
        TransportError::new(operation, "could not read the answer", e).into()
    } else {
        TransportError::new(operation, "the request failed", e).into()
    }
}

#[cfg(test)]
mod tests {
    use super::snippet;

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
}
