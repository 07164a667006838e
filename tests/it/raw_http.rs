//! Requests to the embedded mock below the typed client: a reqwest request
//! as any HTTP client sends it, and bytes written to the socket as they are.

use std::time::Duration;

use postmark_webhooks::mock::MockServer;
use reqwest::{Method, RequestBuilder};

/// A request to `path` on the mock with `Accept: application/json` and no
/// token.
pub fn request(mock: &MockServer, method: Method, path: &str) -> RequestBuilder {
    reqwest::Client::new()
        .request(method, format!("{}{path}", mock.base_url()))
        .header("Accept", "application/json")
}

/// Writes `request` to the mock as it is and reads until the mock closes the
/// connection (the request asks for `Connection: close`, or the mock breaks
/// it); returns what arrived, as text.
pub async fn exchange(mock: &MockServer, request: String) -> String {
    let addr = mock.address();
    tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(addr).expect("the mock accepts");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = Vec::new();
        // A reset connection is an error here; what arrived before counts.
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    })
    .await
    .expect("the exchange does not panic")
}
