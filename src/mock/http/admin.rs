//! The mock's own control routes, under [`ADMIN_PREFIX`](super::ADMIN_PREFIX):
//! nothing Postmark's API has. They take the server token, so each acts on
//! one server.
//!
//! `POST /__mock/deliver/{RecordType}[?MessageStream=outbound&FirstOpen=true&Retries=6]`
//! delivers one event, as [`MockServer::deliver`](crate::mock::MockServer::deliver)
//! does, and answers `200` with one report per webhook:
//! `[{"WebhookId", "RecordType", "TraceId", "Delivered", "Attempts": [{"StatusCode", "Error"}]}]`.
//!
//! `POST /__mock/deliver/Inbound[?Retries=10]` delivers one inbound email to
//! the server's `InboundHookUrl`, as
//! [`MockServer::deliver_inbound`](crate::mock::MockServer::deliver_inbound)
//! does: the request body as it is, or without one Postmark's documented
//! example with a fresh `MessageID`. It answers `200` with
//! `[{"Delivered", "Attempts": [{"StatusCode", "Error"}]}]`, or `[]` when the
//! server has no inbound hook URL.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use super::{Token, json, reject, token};
use crate::mock::Inner;
use crate::mock::delivery::{self, Plan, RETRY_SCHEDULE};
use crate::mock::inbound;
use crate::mock::state::Reject;
use crate::record_type::RecordType;

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct DeliverQuery {
    message_stream: Option<String>,
    first_open: Option<bool>,
    retries: Option<usize>,
}

pub(super) async fn deliver(
    State(inner): State<Arc<Inner>>,
    t: axum::Extension<Token>,
    Path(record_type): Path<String>,
    query: Result<Query<DeliverQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(query)) = query else {
        return reject(&Reject::new(400, 0, "Invalid query parameters."));
    };
    let Ok(record_type) = record_type.parse::<RecordType>() else {
        return reject(&Reject::new(
            404,
            0,
            format!("Unknown record type '{record_type}'."),
        ));
    };
    let plan = Plan {
        token: token(&t).to_owned(),
        record_type,
        stream: query
            .message_stream
            .unwrap_or_else(|| "outbound".to_owned()),
        first_open: query.first_open.unwrap_or(true),
        retries: query
            .retries
            .unwrap_or(RETRY_SCHEDULE.len())
            .min(RETRY_SCHEDULE.len()),
    };
    let reports = delivery::run(inner, plan).await;
    let reports: Vec<Value> = reports.iter().map(|r| r.to_json()).collect();
    json(StatusCode::OK, &Value::Array(reports))
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct InboundQuery {
    retries: Option<usize>,
}

pub(super) async fn deliver_inbound(
    State(inner): State<Arc<Inner>>,
    t: axum::Extension<Token>,
    query: Result<Query<InboundQuery>, axum::extract::rejection::QueryRejection>,
    body: axum::body::Bytes,
) -> Response {
    let Ok(Query(query)) = query else {
        return reject(&Reject::new(400, 0, "Invalid query parameters."));
    };
    let body = if body.is_empty() {
        serde_json::to_vec(&inbound::inbound_example()).expect("JSON values serialize")
    } else {
        body.to_vec()
    };
    let plan = inbound::Plan::new(token(&t).to_owned(), body, query.retries);
    let reports: Vec<Value> = inbound::run(inner, plan)
        .await
        .iter()
        .map(inbound::InboundDeliveryReport::to_json)
        .collect();
    json(StatusCode::OK, &Value::Array(reports))
}
