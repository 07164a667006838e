//! 100,000 requests against one mock keep its resident memory flat: the
//! request log is a ring, logged bodies are capped, and what the mock
//! remembers of a deleted webhook goes with it.
//!
//! Alone in its own test binary, so that no other test allocates in this
//! process while resident memory is measured.

#![cfg(feature = "mock")]

use postmark_webhooks::mock::{DEFAULT_REQUEST_LOG_CAPACITY, MockServer};

/// Resident memory of this process, in KiB, from `/proc/self/status`.
fn resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Workers sending at once; each holds at most one webhook, on its own
/// stream's limit of ten.
const WORKERS: usize = 16;

/// One cycle: create, get, edit, list, verify, statistics, delete, and a
/// refused request (bad JSON): eight requests.
const PER_CYCLE: usize = 8;

/// One keep-alive HTTP/1.1 connection to the mock, written to by hand: the
/// cheapest client there is, so that the mock's own path is what is timed.
struct Connection {
    stream: tokio::io::BufReader<tokio::net::TcpStream>,
    token: String,
}

impl Connection {
    async fn open(addr: std::net::SocketAddr, token: &str) -> Self {
        let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream.set_nodelay(true).unwrap();
        Self {
            stream: tokio::io::BufReader::new(stream),
            token: token.to_owned(),
        }
    }

    /// Sends one request and returns the answer's status and body.
    async fn send(&mut self, method: &str, path: &str, body: Option<&str>) -> (u16, Vec<u8>) {
        use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nHost: mock\r\nX-Postmark-Server-Token: {}\r\nAccept: application/json\r\n",
            self.token
        );
        if let Some(body) = body {
            request.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            ));
        } else {
            request.push_str("\r\n");
        }
        self.stream
            .get_mut()
            .write_all(request.as_bytes())
            .await
            .unwrap();
        let mut line = String::new();
        self.stream.read_line(&mut line).await.unwrap();
        let status: u16 = line.split(' ').nth(1).unwrap().parse().unwrap();
        let mut length = 0;
        loop {
            line.clear();
            self.stream.read_line(&mut line).await.unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap();
            }
        }
        let mut answer = vec![0; length];
        self.stream.read_exact(&mut answer).await.unwrap();
        (status, answer)
    }
}

/// Runs `cycles` cycles on each worker, all at once, and returns the number
/// of requests answered.
async fn hammer(mock: &MockServer, cycles: usize) -> usize {
    let mut workers = tokio::task::JoinSet::new();
    for worker in 0..WORKERS {
        let (addr, token) = (mock.address(), mock.server_token().to_owned());
        let stream = if worker % 2 == 0 {
            "outbound"
        } else {
            "broadcast"
        };
        workers.spawn(async move {
            let mut connection = Connection::open(addr, &token).await;
            let padding = "p".repeat(64);
            let mut answered = 0;
            for cycle in 0..cycles {
                let create = format!(
                    r#"{{"Url":"https://example.com/{worker}/{cycle}","MessageStream":"{stream}","Verify":false,"HttpHeaders":[{{"Name":"X-Pad","Value":"{padding}"}}],"Triggers":{{"Click":{{"Enabled":true}}}}}}"#
                );
                let (status, body) = connection.send("POST", "/webhooks", Some(&create)).await;
                assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
                let created: serde_json::Value = serde_json::from_slice(&body).unwrap();
                let id = created["ID"].as_i64().unwrap();
                let one = format!("/webhooks/{id}");
                let edit = r#"{"Url":"https://example.com/edited","Verify":false}"#;
                let steps = [
                    ("GET", one.clone(), None, 200),
                    ("PUT", one.clone(), Some(edit), 200),
                    ("GET", format!("/webhooks?MessageStream={stream}"), None, 200),
                    ("POST", format!("{one}/verify"), None, 200),
                    ("GET", format!("{one}/statistics"), None, 200),
                    ("DELETE", one, None, 200),
                    ("POST", "/webhooks".to_owned(), Some("{not json"), 422),
                ];
                for (method, path, body, expected) in steps {
                    let (status, answer) = connection.send(method, &path, body).await;
                    assert_eq!(
                        status,
                        expected,
                        "{method} {path}: {}",
                        String::from_utf8_lossy(&answer)
                    );
                }
                answered += PER_CYCLE;
            }
            answered
        });
    }
    workers.join_all().await.into_iter().sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_thousand_requests_keep_memory_flat() {
    let Some(_) = resident_kib() else {
        eprintln!("no /proc/self/status here: nothing to measure");
        return;
    };
    let mock = MockServer::start().await;

    // Warm up: fill the log to its capacity, let the allocator and the
    // connection pools settle.
    let warm_cycles = (2 * DEFAULT_REQUEST_LOG_CAPACITY).div_ceil(WORKERS * PER_CYCLE);
    hammer(&mock, warm_cycles).await;
    assert_eq!(mock.requests().len(), DEFAULT_REQUEST_LOG_CAPACITY);
    let before = resident_kib().unwrap();

    let cycles = 100_000usize.div_ceil(WORKERS * PER_CYCLE);
    let answered = hammer(&mock, cycles).await;
    assert!(answered >= 100_000, "{answered}");
    let after = resident_kib().unwrap();

    assert!(mock.webhooks().is_empty());
    assert_eq!(mock.requests().len(), DEFAULT_REQUEST_LOG_CAPACITY);
    // Without the ring, the log alone would hold every one of these
    // requests (each some hundreds of bytes with its headers): far above this.
    let grown = after.saturating_sub(before);
    assert!(
        grown < 16 * 1024,
        "resident memory grew by {grown} KiB over {answered} requests ({before} -> {after} KiB)"
    );
}
