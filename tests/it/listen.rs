//! `postmark-webhooks listen` end to end: the binary on a free port, real
//! HTTP requests; what it prints on standard output and error, what the
//! application behind `--forward-to` receives, and SIGTERM.
#![cfg(feature = "cli")]

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use postmark_webhooks::events::WebhookEvent;
use postmark_webhooks::receiver::Receiver as Checker;
use serde_json::{Value, json};

const CLI: &str = env!("CARGO_BIN_EXE_postmark-webhooks");
const PASSWORD: &str = "l1sten-pw-5e7a";
const WRONG: &str = "wr0ng-pw-0b1d";
const SECRET: &str = "l1sten-s3cret-77c2";
const TRACE: &str = "6b1c7f0e-22f4-4a3e-9d8b-4c8b0f1e2a3d";
const DELIVERY: &str = r#"{"RecordType": "Delivery", "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483", "Recipient": "john@example.com", "DeliveredAt": "2019-11-05T16:33:54.9070259Z", "MessageStream": "outbound"}"#;
const WAIT: Duration = Duration::from_secs(10);

/// A running `listen`, killed when dropped.
struct Listen {
    child: Child,
    url: String,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
}

impl Listen {
    fn start(args: &[&str]) -> Self {
        let mut child = Command::new(CLI)
            .arg("listen")
            .args(["--port", "0"])
            .args(args)
            .env_clear()
            .env("POSTMARK_WEBHOOK_PASSWORD", PASSWORD)
            .env("POSTMARK_WEBHOOK_SECRET", SECRET)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("postmark-webhooks starts");
        let stdout = lines(child.stdout.take().unwrap());
        let stderr = lines(child.stderr.take().unwrap());
        let banner = stderr.recv_timeout(WAIT).expect("a banner");
        let url = banner
            .strip_prefix("postmark-webhooks: listening on ")
            .unwrap_or_else(|| panic!("unexpected banner {banner:?}"))
            .to_owned();
        Self {
            child,
            url,
            stdout,
            stderr,
        }
    }

    async fn post(&self, path: &str, password: &str, trace: &str, body: &str) -> (u16, String) {
        let response = reqwest::Client::new()
            .post(format!("{}{path}", self.url))
            .basic_auth("postmark", Some(password))
            .header("X-PM-Webhook-Trace-Id", trace)
            .header("Content-Type", "application/json")
            .body(body.to_owned())
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    fn terminate(mut self) -> std::process::ExitStatus {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        for _ in 0..100 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("listen did not stop on SIGTERM");
    }
}

impl Drop for Listen {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The lines of a pipe, as they come.
fn lines(pipe: impl Read + Send + 'static) -> Receiver<String> {
    let (send, receive) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { return };
            if send.send(line).is_err() {
                return;
            }
        }
    });
    receive
}

/// Nothing more arrives on `lines` for a while.
fn quiet(lines: &Receiver<String>) {
    match lines.recv_timeout(Duration::from_millis(300)) {
        Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {}
        Ok(line) => panic!("unexpected line {line:?}"),
    }
}

/// What `listen` prints for a delivery of `body` with `trace`.
fn line_for(trace: &str, body: &str) -> Value {
    let mut headers = http::HeaderMap::new();
    headers.insert("x-pm-webhook-trace-id", trace.parse().unwrap());
    let received = Checker::insecure_accept_all()
        .accept(&headers, body.as_bytes())
        .unwrap();
    json!({
        "TraceId": trace,
        "IdempotencyKey": received.idempotency_key().to_string(),
        "RecordType": "Delivery",
        "Event": serde_json::to_value(WebhookEvent::from_slice(body.as_bytes()).unwrap()).unwrap(),
    })
}

#[tokio::test]
async fn an_accepted_delivery_is_one_json_line() {
    let listen = Listen::start(&["--user", "postmark"]);
    assert_eq!(
        listen.post("/any/path", PASSWORD, TRACE, DELIVERY).await,
        (200, "handled\n".into())
    );
    let line = listen.stdout.recv_timeout(WAIT).unwrap();
    let printed: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(printed, line_for(TRACE, DELIVERY));
    assert_eq!(printed["Event"]["Recipient"], "john@example.com");
    assert_eq!(
        printed["Event"]["DeliveredAt"],
        "2019-11-05T16:33:54.9070259Z"
    );
    assert_eq!(printed["Event"]["MessageStream"], "outbound");
    quiet(&listen.stdout);
}

#[tokio::test]
async fn a_wrong_password_is_401_and_one_line_without_secrets() {
    let listen = Listen::start(&["--user", "postmark", "--secret-header", "X-Hook-Secret"]);
    let response = reqwest::Client::new()
        .post(format!("{}/hook", listen.url))
        .basic_auth("postmark", Some(WRONG))
        .header("X-Hook-Secret", SECRET)
        .body(DELIVERY)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let line = listen.stderr.recv_timeout(WAIT).unwrap();
    assert_eq!(
        line,
        "postmark-webhooks: refused 401 from 127.0.0.1: the Basic auth credentials are wrong"
    );
    quiet(&listen.stderr);
    quiet(&listen.stdout);
    for secret in [PASSWORD, WRONG, SECRET] {
        assert!(!line.contains(secret));
    }
}

#[tokio::test]
async fn a_duplicate_delivery_is_200_without_a_second_line() {
    let listen = Listen::start(&["--user", "postmark", "--dedupe", "memory"]);
    assert_eq!(listen.post("/", PASSWORD, TRACE, DELIVERY).await.0, 200);
    assert_eq!(
        listen.post("/", PASSWORD, TRACE, DELIVERY).await,
        (200, "already handled\n".into())
    );
    let other = "7c2d8f1a-0000-4a3e-9d8b-4c8b0f1e2a3d";
    assert_eq!(listen.post("/", PASSWORD, other, DELIVERY).await.0, 200);
    let first: Value = serde_json::from_str(&listen.stdout.recv_timeout(WAIT).unwrap()).unwrap();
    let next: Value = serde_json::from_str(&listen.stdout.recv_timeout(WAIT).unwrap()).unwrap();
    assert_eq!(first["TraceId"], TRACE);
    assert_eq!(next["TraceId"], other);
    quiet(&listen.stdout);
}

/// What the application behind `--forward-to` received.
#[derive(Default)]
struct Received {
    requests: Vec<(String, HeaderMap, Bytes)>,
}

/// An application answering each request with the next of `statuses`.
async fn application(statuses: Vec<u16>) -> (String, Arc<Mutex<Received>>) {
    let received = Arc::new(Mutex::new(Received::default()));
    let statuses = Arc::new(Mutex::new(statuses.into_iter()));
    let seen = received.clone();
    let app = Router::new().fallback(
        move |uri: axum::http::Uri, headers: HeaderMap, body: Bytes| {
            let (seen, statuses) = (seen.clone(), statuses.clone());
            async move {
                seen.lock()
                    .unwrap()
                    .requests
                    .push((uri.to_string(), headers, body));
                let status = statuses.lock().unwrap().next().unwrap_or(200);
                (
                    StatusCode::from_u16(status).unwrap(),
                    "from the application",
                )
            }
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(axum::serve(listener, app).into_future());
    (format!("http://{address}/postmark"), received)
}

#[tokio::test]
async fn forwarding_answers_with_the_applications_status() {
    let (url, received) = application(vec![500, 200]).await;
    let listen = Listen::start(&["--user", "postmark", "--forward-to", &url]);

    let (status, text) = listen.post("/hook", PASSWORD, TRACE, DELIVERY).await;
    assert_eq!((status, text.as_str()), (500, "from the application"));
    let line = listen.stderr.recv_timeout(WAIT).unwrap();
    let key = line_for(TRACE, DELIVERY)["IdempotencyKey"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        line,
        format!(
            "postmark-webhooks: not handled 500 ({key}): the application answered 500 Internal Server Error"
        )
    );
    quiet(&listen.stdout);

    // Postmark's retry reaches the application again, which handles it.
    let (status, text) = listen.post("/hook", PASSWORD, TRACE, DELIVERY).await;
    assert_eq!((status, text.as_str()), (200, "from the application"));
    let printed: Value = serde_json::from_str(&listen.stdout.recv_timeout(WAIT).unwrap()).unwrap();
    assert_eq!(printed, line_for(TRACE, DELIVERY));

    let requests = received.lock().unwrap().requests.clone();
    assert_eq!(requests.len(), 2);
    for (path, headers, body) in &requests {
        assert_eq!(path, "/postmark");
        assert_eq!(body.as_ref(), DELIVERY.as_bytes());
        assert_eq!(headers["x-pm-webhook-trace-id"], TRACE);
        assert_eq!(headers["content-type"], "application/json");
        let expected = format!(
            "Basic {}",
            base64::Engine::encode(
                &base64::engine::general_purpose::STANDARD,
                format!("postmark:{PASSWORD}")
            )
        );
        assert_eq!(headers["authorization"], expected.as_str());
        assert_eq!(
            headers["content-length"],
            DELIVERY.len().to_string().as_str()
        );
    }

    // Handled now: a third attempt is not forwarded.
    assert_eq!(
        listen.post("/hook", PASSWORD, TRACE, DELIVERY).await,
        (200, "already handled\n".into())
    );
}

#[tokio::test]
async fn an_unreachable_application_is_502() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!("http://{}/", listener.local_addr().unwrap());
    drop(listener);
    let listen = Listen::start(&["--insecure-accept-all", "--forward-to", &closed]);
    let (status, text) = listen.post("/", "", TRACE, DELIVERY).await;
    assert_eq!(status, 502);
    assert!(
        text.starts_with("the application could not be reached"),
        "{text}"
    );
}

#[tokio::test]
async fn the_allowlist_refuses_other_addresses_with_403() {
    let listen = Listen::start(&["--insecure-accept-all", "--allow-ip", "203.0.113.0/24"]);
    assert_eq!(
        listen.post("/", "", TRACE, DELIVERY).await,
        (403, "the address 127.0.0.1 is not allowed\n".into())
    );
    assert_eq!(
        listen.stderr.recv_timeout(WAIT).unwrap(),
        "postmark-webhooks: refused 403 from 127.0.0.1: the address 127.0.0.1 is not allowed"
    );
}

#[test]
fn sigterm_stops_it_with_exit_0() {
    let listen = Listen::start(&["--insecure-accept-all"]);
    assert_eq!(listen.terminate().code(), Some(0));
}

#[test]
fn credentials_come_from_the_environment_or_it_refuses_to_start() {
    let run = |args: &[&str]| {
        Command::new(CLI)
            .arg("listen")
            .args(["--port", "0"])
            .args(args)
            .env_clear()
            .output()
            .unwrap()
    };
    let output = run(&["--user", "postmark"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "postmark-webhooks: --user needs POSTMARK_WEBHOOK_PASSWORD to be set\n"
    );
    let output = run(&[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "postmark-webhooks: no credentials to check: give --user, --secret-header or both (or --insecure-accept-all)\n"
    );
    let output = run(&["--insecure-accept-all", "--allow-ip", "10.0.0.0/33"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "postmark-webhooks: `10.0.0.0/33` is not a network (CIDR such as 203.0.113.0/24) or an IP address\n"
    );
    // A bad application URL is shown without its credentials.
    for (url, shown) in [
        ("http://u:pw@app:99999/", "<unparsable URL, hidden>"),
        ("ftp://u:pw@app/", "<non-http URL, hidden>"),
    ] {
        let output = run(&["--insecure-accept-all", "--forward-to", url]);
        assert_eq!(output.status.code(), Some(1));
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            format!("postmark-webhooks: `{shown}` is not an http:// or https:// URL\n")
        );
    }
}

/// POSTs `body` to an inbound `listen` as Postmark does: Basic credentials,
/// JSON, no trace header.
async fn post_inbound(listen: &Listen, password: &str, body: &[u8]) -> (u16, String) {
    let response = reqwest::Client::new()
        .post(format!("{}/inbound", listen.url))
        .basic_auth("postmark", Some(password))
        .header("Content-Type", "application/json")
        .body(body.to_vec())
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

fn inbound_fixture(name: &str) -> Vec<u8> {
    crate::inbound::fixtures()
        .into_iter()
        .find(|(found, _)| found == name)
        .unwrap()
        .1
}

#[tokio::test]
async fn with_inbound_an_inbound_message_is_one_json_line_once() {
    use postmark_webhooks::inbound::InboundMessage;
    let listen = Listen::start(&["--inbound", "--user", "postmark"]);
    let docs = inbound_fixture("Inbound-docs-1.json");
    assert_eq!(
        post_inbound(&listen, PASSWORD, &docs).await,
        (200, "handled\n".into())
    );
    let printed: Value = serde_json::from_str(&listen.stdout.recv_timeout(WAIT).unwrap()).unwrap();
    let message = InboundMessage::from_slice(&docs).unwrap();
    assert_eq!(
        printed,
        json!({
            "MessageID": "73e6d360-66eb-11e1-8e72-a8904824019b",
            "IdempotencyKey": message.idempotency_key().to_string(),
            "Inbound": serde_json::from_slice::<Value>(&docs).unwrap(),
        })
    );
    // Postmark's retry of the same message: answered, not printed again.
    assert_eq!(
        post_inbound(&listen, PASSWORD, &docs).await,
        (200, "already handled\n".into())
    );
    quiet(&listen.stdout);
    // A bad login is 401 (which Postmark retries), never 403.
    assert_eq!(
        post_inbound(&listen, WRONG, &docs).await,
        (401, "the Basic auth credentials are wrong\n".into())
    );
    // A body that is not a JSON object is 400.
    let (status, text) = post_inbound(&listen, PASSWORD, b"[]").await;
    assert_eq!(status, 400);
    assert!(
        text.starts_with(
            "the body is not a Postmark inbound message: the body is not a JSON object"
        ),
        "{text}"
    );
}

/// Inbound retries span about 10.5 hours: a handled message is remembered
/// for 12.
#[cfg(feature = "redis")]
#[tokio::test]
async fn with_inbound_a_handled_message_is_remembered_for_12_hours() {
    use postmark_webhooks::inbound::InboundMessage;
    let Some(server) = crate::shared_store::Server::redis() else {
        return;
    };
    let url = server.connection_string();
    let listen = Listen::start(&["--inbound", "--user", "postmark", "--dedupe", &url]);
    let docs = inbound_fixture("Inbound-docs-1.json");
    assert_eq!(
        post_inbound(&listen, PASSWORD, &docs).await,
        (200, "handled\n".into())
    );
    let key = InboundMessage::from_slice(&docs).unwrap().idempotency_key();
    let mut connection = redis::Client::open(url)
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    let left: i64 = redis::cmd("PTTL")
        .arg(format!("postmark-webhooks:seen:{key}"))
        .query_async(&mut connection)
        .await
        .unwrap();
    let twelve_hours = 12 * 60 * 60 * 1000;
    assert!(
        (twelve_hours - 60_000..=twelve_hours).contains(&left),
        "{left} ms"
    );
}

#[test]
fn inbound_takes_no_secret_header() {
    let output = Command::new(CLI)
        .args([
            "listen",
            "--port",
            "0",
            "--inbound",
            "--secret-header",
            "X-Secret",
        ])
        .env_clear()
        .env("POSTMARK_WEBHOOK_SECRET", SECRET)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with(
            "error: the argument '--inbound' cannot be used with '--secret-header <SECRET_HEADER>'"
        ),
        "{stderr}"
    );
}
