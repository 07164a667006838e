//! The HTTP face of the mock: routing, Postmark's request checks, fault
//! injection and the request log, on axum.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::StreamExt as _;
use serde_json::Value;

use super::state::Reject;
use super::{Action, Inner, MAX_LOGGED_BODY_BYTES, RecordedRequest, verify};
use crate::error::Operation;
use crate::model::WebhookStatus;

mod admin;

/// The prefix of the mock's own control routes. Postmark's API has no path
/// that starts with `/__`.
pub(super) const ADMIN_PREFIX: &str = "/__mock";

/// The largest request body the mock reads.
const MAX_BODY_BYTES: usize = 1024 * 1024;

pub(super) fn router(inner: Arc<Inner>) -> Router {
    Router::new()
        .route("/webhooks", get(list).post(create))
        .route("/webhooks/{id}", get(fetch).put(edit).delete(remove))
        .route("/webhooks/{id}/verify", post(verify_webhook))
        .route("/webhooks/{id}/statistics", get(statistics))
        .route("/servers", get(list_servers).post(create_server))
        .route("/servers/{id}", get(fetch_server))
        .route("/server", get(server).put(edit_server))
        .route(
            &format!("{ADMIN_PREFIX}/deliver/Inbound"),
            post(admin::deliver_inbound),
        )
        .route(
            &format!("{ADMIN_PREFIX}/deliver/{{record_type}}"),
            post(admin::deliver),
        )
        .fallback(|| async { StatusCode::NOT_FOUND })
        .layer(middleware::from_fn_with_state(inner.clone(), gate))
        .with_state(inner)
}

/// The server token a request was authenticated with.
#[derive(Clone)]
struct Token(String);

fn operation_of(method: &Method, path: &str) -> Option<Operation> {
    match (method.as_str(), path) {
        ("GET", "/server") => return Some(Operation::GetCurrentServer),
        ("PUT", "/server") => return Some(Operation::EditCurrentServer),
        _ => {}
    }
    if let Some(rest) = path.strip_prefix("/servers") {
        return match (method.as_str(), rest) {
            ("GET", "" | "/") => Some(Operation::ListServers),
            ("GET", id) if is_id_segment(id) => Some(Operation::GetServer),
            _ => None,
        };
    }
    let rest = path.strip_prefix("/webhooks")?;
    match (method.as_str(), rest) {
        ("GET", "" | "/") => Some(Operation::ListWebhooks),
        ("POST", "" | "/") => Some(Operation::CreateWebhook),
        ("POST", id) if id.strip_suffix("/verify").is_some_and(is_id_segment) => {
            Some(Operation::VerifyWebhook)
        }
        ("GET", id) if id.strip_suffix("/statistics").is_some_and(is_id_segment) => {
            Some(Operation::GetWebhookStatistics)
        }
        (m, id) if is_id_segment(id) => match m {
            "GET" => Some(Operation::GetWebhook),
            "PUT" => Some(Operation::EditWebhook),
            "DELETE" => Some(Operation::DeleteWebhook),
            _ => None,
        },
        _ => None,
    }
}

/// `/` followed by one non-empty path segment.
fn is_id_segment(rest: &str) -> bool {
    rest.strip_prefix('/')
        .is_some_and(|id| !id.is_empty() && !id.contains('/'))
}

/// Authenticates the request, then logs it, applies an injected fault,
/// and enforces Postmark's content-type rules before a handler runs. A
/// request without a valid server token is answered 401 at once: its body
/// is never read, it is not logged, and it consumes no fault.
async fn gate(State(inner): State<Arc<Inner>>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let token = match authenticate(&inner, parts.uri.path(), &parts.headers) {
        Ok(token) => token,
        Err(refusal) => return reject(&refusal),
    };
    let body = axum::body::to_bytes(body, MAX_BODY_BYTES).await;
    let operation = operation_of(&parts.method, parts.uri.path());
    inner.record(RecordedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect(),
        // A body over the limit is not read, so not kept.
        body: body
            .as_ref()
            .map(|b| b[..b.len().min(MAX_LOGGED_BODY_BYTES)].to_vec())
            .unwrap_or_default(),
        body_size: body.as_ref().map_or(0, Bytes::len),
        operation,
    });

    let fault = inner.take_fault(operation);
    if let Some(delay) = fault.as_ref().and_then(|f| f.delay) {
        tokio::time::sleep(delay).await;
    }
    let response = match fault.as_ref().map(|f| &f.action) {
        Some(Action::Respond {
            status,
            body,
            headers,
        }) => return canned(*status, body, headers),
        _ => match (body, check(&parts, operation)) {
            (Err(_), _) => reject(&Reject::new(413, 0, "The request body is too large.")),
            (_, Err(refusal)) => reject(&refusal),
            (Ok(body), Ok(())) => {
                let mut request = Request::from_parts(parts, Body::from(body));
                request.extensions_mut().insert(Token(token));
                next.run(request).await
            }
        },
    };
    match fault.map(|f| f.action) {
        Some(Action::DropConnection) => cut_off(response).await,
        _ => response,
    }
}

/// Whether a path belongs to the account API, which the account token
/// authenticates instead of a server token.
fn is_account_path(path: &str) -> bool {
    path == "/servers" || path.starts_with("/servers/")
}

/// The token of the request, if the mock knows it for this path: the
/// account token on the account API, a server token elsewhere (HTTP 401,
/// ErrorCode 10 otherwise, as Postmark answers a missing or wrong token).
/// The account API's answer for the account token is an empty string.
fn authenticate(inner: &Inner, path: &str, headers: &HeaderMap) -> Result<String, Reject> {
    let server = headers
        .get("x-postmark-server-token")
        .map(HeaderValue::to_str);
    let account = headers
        .get("x-postmark-account-token")
        .map(HeaderValue::to_str);
    let missing = || {
        Reject::new(
            401,
            10,
            "No Account or Server API tokens were supplied in the HTTP headers. Please add a header for either X-Postmark-Server-Token or X-Postmark-Account-Token.",
        )
    };
    if is_account_path(path) {
        return match account {
            Some(Ok(token)) if inner.is_account_token(token) => Ok(String::new()),
            Some(_) => Err(Reject::new(
                401,
                10,
                "The Account Token you provided in the X-Postmark-Account-Token header was invalid. Please verify that you are using a valid token.",
            )),
            None if server.is_some() => Err(Reject::new(
                401,
                10,
                "This request requires account level privileges: send the account token in the X-Postmark-Account-Token header, not a server token.",
            )),
            None => Err(missing()),
        };
    }
    match server {
        None if account.is_some() => Err(Reject::new(
            401,
            10,
            "This request requires server level privileges: send the server's token in the X-Postmark-Server-Token header, not the account token.",
        )),
        None => Err(missing()),
        Some(Ok(token)) if inner.has_server(token) => Ok(token.to_owned()),
        Some(_) => Err(Reject::new(
            401,
            10,
            "The Server Token you provided in the X-Postmark-Server-Token header was invalid. Please verify that you are using a valid token.",
        )),
    }
}

/// Postmark's checks of every authenticated request: an `Accept` that
/// takes JSON, and a JSON `Content-Type` on requests with a body. The
/// mock's own control routes (no `operation`) need neither, and verify,
/// which has no body, needs no `Content-Type`.
fn check(parts: &axum::http::request::Parts, operation: Option<Operation>) -> Result<(), Reject> {
    if operation.is_none() && parts.uri.path().starts_with(ADMIN_PREFIX) {
        return Ok(());
    }
    if !accepts_json(&parts.headers) {
        return Err(Reject::new(
            415,
            0,
            "The 'Accept' header must be 'application/json'.",
        ));
    }
    let bodiless = operation == Some(Operation::VerifyWebhook);
    if matches!(parts.method, Method::POST | Method::PUT) && !bodiless && !is_json(&parts.headers) {
        return Err(Reject::new(
            415,
            0,
            "The 'Content-Type' header must be 'application/json'.",
        ));
    }
    Ok(())
}

fn media_type(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

fn accepts_json(headers: &HeaderMap) -> bool {
    headers.get_all(header::ACCEPT).iter().any(|value| {
        value.to_str().is_ok_and(|v| {
            v.split(',')
                .map(media_type)
                .any(|t| matches!(t.as_str(), "application/json" | "application/*" | "*/*"))
        })
    })
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| media_type(v) == "application/json")
}

fn json(status: StatusCode, value: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        serde_json::to_vec(value).expect("JSON values serialize"),
    )
        .into_response()
}

fn reject(reject: &Reject) -> Response {
    let status = StatusCode::from_u16(reject.status).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    json(
        status,
        &serde_json::json!({ "ErrorCode": reject.code, "Message": reject.message }),
    )
}

fn answer(result: Result<Value, Reject>) -> Response {
    match result {
        Ok(value) => json(StatusCode::OK, &value),
        Err(r) => reject(&r),
    }
}

fn canned(status: u16, body: &Bytes, headers: &[(String, String)]) -> Response {
    let mut response = Response::new(Body::from(body.clone()));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (
            header::HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    response
}

/// Sends the status and headers, part of the body, then breaks the
/// connection: the client sees an answer that never completes.
async fn cut_off(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let half = bytes.slice(..bytes.len() / 2);
    parts.headers.insert(
        header::CONTENT_LENGTH,
        HeaderValue::from(bytes.len().max(1)),
    );
    // The pause lets the server flush the head and the first half before
    // the error breaks the connection.
    let broken = futures_util::stream::once(async {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        Err::<Bytes, _>(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "fault injected: connection dropped",
        ))
    });
    let chunks = futures_util::stream::iter([Ok(half)]).chain(broken);
    Response::from_parts(parts, Body::from_stream(chunks))
}

fn token(request_token: &axum::Extension<Token>) -> &str {
    &request_token.0.0
}

/// One page of the account's servers: `count` and `offset` (required) and
/// `name`.
async fn list_servers(
    State(inner): State<Arc<Inner>>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let find = |key: &str| {
        query
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    };
    let number = |key: &str| find(key).map(|v| v.parse::<i64>().unwrap_or(-1));
    answer(
        inner
            .state()
            .list_servers(number("count"), number("offset"), find("name")),
    )
}

async fn fetch_server(State(inner): State<Arc<Inner>>, Path(id): Path<String>) -> Response {
    match id.parse::<i64>() {
        Ok(id) => answer(inner.state().get_server(id)),
        Err(_) => reject(&Reject::new(404, 0, "No server with that ID was found.")),
    }
}

/// Creates a server (`Name`) with a fresh API token, which is then a server
/// token of the mock.
async fn create_server(State(inner): State<Arc<Inner>>, body: Bytes) -> Response {
    let token = super::random_token("mock-server-token-");
    answer(inner.state().create_server(&body, token))
}

/// The list filter: `MessageStream` in any letter case (postmark.js sends
/// `messageStream`).
async fn list(
    State(inner): State<Arc<Inner>>,
    t: axum::Extension<Token>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let stream = query
        .into_iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("MessageStream"))
        .map(|(_, value)| value);
    answer(inner.state().list(token(&t), stream.as_deref()))
}

/// Creates a webhook. Unless the body says `"Verify": false`, a test
/// request per enabled trigger must pass first (else 1364 and nothing is
/// saved), and the webhook is saved verified; with it, unverified.
async fn create(
    State(inner): State<Arc<Inner>>,
    t: axum::Extension<Token>,
    body: Bytes,
) -> Response {
    let token = token(&t);
    let planned = inner.state().check_create(token, &body);
    let checks = match planned {
        Ok(webhook) => verification(&inner, &webhook, &body).await,
        Err(refusal) => return reject(&refusal),
    };
    let checks = match checks {
        Ok(checks) => checks,
        Err(refusal) => return reject(&refusal),
    };
    let status = status_after(checks.as_deref());
    let created = inner.state().create(token, &body, status);
    if let (Some(id), Some(checks)) = (
        created.as_ref().ok().and_then(|w| w["ID"].as_i64()),
        &checks,
    ) {
        verify::record(&inner, id, checks);
    }
    answer(created)
}

/// The test requests a create or edit asks for (`Verify`, default true),
/// run without the state lock: `Ok(None)` when not asked, a 1364 refusal
/// when one failed.
async fn verification(
    inner: &Inner,
    webhook: &crate::model::Webhook,
    body: &[u8],
) -> Result<Option<Vec<verify::Check>>, Reject> {
    let asked =
        serde_json::from_slice::<Value>(body).is_ok_and(|v| v["Verify"] != Value::Bool(false));
    if !asked {
        return Ok(None);
    }
    let checks = verify::run(inner, webhook).await;
    if !verify::all_passed(&checks) {
        return Err(verify::refusal(&checks));
    }
    Ok(Some(checks))
}

/// Verified after checks that passed, unverified without any.
fn status_after(checks: Option<&[verify::Check]>) -> WebhookStatus {
    match checks {
        Some(_) => WebhookStatus::Verified,
        None => WebhookStatus::Unverified,
    }
}

fn parse_id(id: &str) -> Result<i64, Reject> {
    id.parse()
        .map_err(|_| Reject::new(422, 1352, format!("No webhook with ID '{id}' was found.")))
}

async fn fetch(
    State(inner): State<Arc<Inner>>,
    t: axum::Extension<Token>,
    Path(id): Path<String>,
) -> Response {
    answer(parse_id(&id).and_then(|id| inner.state().get(token(&t), id)))
}

async fn edit(
    State(inner): State<Arc<Inner>>,
    t: axum::Extension<Token>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let token = token(&t);
    let id = match parse_id(&id) {
        Ok(id) => id,
        Err(refusal) => return reject(&refusal),
    };
    // Check, then test the URL without the lock, then check again and save.
    let planned = inner.state().check_edit(token, id, &body);
    let checks = match planned {
        Ok(webhook) => verification(&inner, &webhook, &body).await,
        Err(refusal) => return reject(&refusal),
    };
    let checks = match checks {
        Ok(checks) => checks,
        Err(refusal) => return reject(&refusal),
    };
    let edited = inner
        .state()
        .edit(token, id, &body, status_after(checks.as_deref()));
    if let (true, Some(checks)) = (edited.is_ok(), &checks) {
        verify::record(&inner, id, checks);
    }
    answer(edited)
}

async fn verify_webhook(
    State(inner): State<Arc<Inner>>,
    t: axum::Extension<Token>,
    Path(id): Path<String>,
) -> Response {
    let found = parse_id(&id).and_then(|id| inner.state().webhook(token(&t), id));
    let webhook = match found {
        Ok(webhook) => webhook,
        Err(refusal) => return reject(&refusal),
    };
    let checks = verify::run(&inner, &webhook).await;
    verify::record(&inner, webhook.id, &checks);
    json(StatusCode::OK, &verify::answer(&webhook, &checks))
}

async fn statistics(
    State(inner): State<Arc<Inner>>,
    t: axum::Extension<Token>,
    Path(id): Path<String>,
) -> Response {
    let found = parse_id(&id).and_then(|id| inner.state().webhook(token(&t), id));
    let thresholds = inner.delivery_settings().slow;
    answer(found.map(|webhook| {
        let statistics =
            super::lock(&inner.stats).answer(&webhook, std::time::SystemTime::now(), thresholds);
        serde_json::to_value(statistics).expect("statistics serialize")
    }))
}

async fn server(State(inner): State<Arc<Inner>>, t: axum::Extension<Token>) -> Response {
    json(StatusCode::OK, &inner.state().server(token(&t)))
}

async fn edit_server(
    State(inner): State<Arc<Inner>>,
    t: axum::Extension<Token>,
    body: Bytes,
) -> Response {
    answer(inner.state().edit_server(token(&t), &body))
}

async fn remove(
    State(inner): State<Arc<Inner>>,
    t: axum::Extension<Token>,
    Path(id): Path<String>,
) -> Response {
    let deleted = parse_id(&id).and_then(|id| {
        let answer = inner.state().delete(token(&t), id)?;
        // What the mock remembers of a webhook goes with it.
        super::lock(&inner.stats).forget(id);
        Ok(answer)
    });
    answer(deleted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_are_named_by_method_and_path() {
        assert_eq!(
            operation_of(&Method::GET, "/webhooks"),
            Some(Operation::ListWebhooks)
        );
        assert_eq!(
            operation_of(&Method::POST, "/webhooks"),
            Some(Operation::CreateWebhook)
        );
        assert_eq!(
            operation_of(&Method::GET, "/webhooks/12"),
            Some(Operation::GetWebhook)
        );
        assert_eq!(
            operation_of(&Method::PUT, "/webhooks/12"),
            Some(Operation::EditWebhook)
        );
        assert_eq!(
            operation_of(&Method::DELETE, "/webhooks/12"),
            Some(Operation::DeleteWebhook)
        );
        assert_eq!(
            operation_of(&Method::POST, "/webhooks/12/verify"),
            Some(Operation::VerifyWebhook)
        );
        assert_eq!(
            operation_of(&Method::GET, "/webhooks/12/statistics"),
            Some(Operation::GetWebhookStatistics)
        );
        assert_eq!(
            operation_of(&Method::GET, "/server"),
            Some(Operation::GetCurrentServer)
        );
        assert_eq!(
            operation_of(&Method::PUT, "/server"),
            Some(Operation::EditCurrentServer)
        );
        assert_eq!(operation_of(&Method::POST, "/server"), None);
        assert_eq!(operation_of(&Method::GET, "/webhooks/12/verify"), None);
        assert_eq!(operation_of(&Method::POST, "/webhooks//verify"), None);
        assert_eq!(operation_of(&Method::GET, "/webhooks/12/x"), None);
        assert_eq!(operation_of(&Method::GET, "/webhooksx"), None);
        assert_eq!(operation_of(&Method::PATCH, "/webhooks/1"), None);
    }

    #[test]
    fn accept_and_content_type_rules() {
        let mut h = HeaderMap::new();
        assert!(!accepts_json(&h));
        h.insert(
            header::ACCEPT,
            HeaderValue::from_static("text/html, application/json;q=0.9"),
        );
        assert!(accepts_json(&h));
        h.insert(header::ACCEPT, HeaderValue::from_static("text/html"));
        assert!(!accepts_json(&h));
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        assert!(is_json(&h));
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        assert!(!is_json(&h));
    }
}
