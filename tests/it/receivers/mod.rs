//! A small recording receiver for the mock's deliveries: an axum server on
//! a loopback port that answers scripted statuses and keeps every request.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;

/// A request the receiver got.
#[derive(Clone, Debug)]
pub struct Received {
    pub path: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Received {
    /// The one value of a header, if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

#[derive(Default)]
struct Shared {
    received: Mutex<Vec<Received>>,
    script: Mutex<VecDeque<u16>>,
    default_status: Mutex<u16>,
}

/// A running receiver. Every path is accepted.
pub struct Receiver {
    shared: Arc<Shared>,
    pub base_url: String,
}

impl Receiver {
    /// A receiver answering 200 to everything.
    pub async fn start() -> Self {
        Self::answering(200).await
    }

    /// A receiver answering `status` to everything.
    pub async fn answering(status: u16) -> Self {
        let shared = Arc::new(Shared::default());
        *shared.default_status.lock().unwrap() = status;
        let app = Router::new()
            .route("/{*path}", post(handle))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { shared, base_url }
    }

    /// Answers these statuses first, in order, then the default.
    pub fn script(&self, statuses: &[u16]) {
        self.shared.script.lock().unwrap().extend(statuses);
    }

    /// The URL of a path on this receiver.
    pub fn url(&self, path: &str) -> String {
        format!("{}/{}", self.base_url, path.trim_start_matches('/'))
    }

    /// Every request so far, oldest first.
    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }

    /// The requests to one path.
    pub fn received_at(&self, path: &str) -> Vec<Received> {
        self.received()
            .into_iter()
            .filter(|r| r.path == path)
            .collect()
    }
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    shared.received.lock().unwrap().push(Received {
        path: uri.path().to_owned(),
        headers,
        body,
    });
    let status = shared
        .script
        .lock()
        .unwrap()
        .pop_front()
        .unwrap_or(*shared.default_status.lock().unwrap());
    StatusCode::from_u16(status).unwrap()
}
