//! `postmark-webhooks trigger` end to end: the binary POSTs to a receiver
//! built on this crate's `Receiver` and `PostmarkWebhook`; what the
//! receiver decoded, the headers it saw, what the binary printed and its
//! exit code.
#![cfg(feature = "cli")]

use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use postmark_webhooks::events::{IdempotencyKey, RecordType, WebhookEvent};
use postmark_webhooks::receiver::{PostmarkWebhook, Receiver};
use serde_json::Value;

const CLI: &str = env!("CARGO_BIN_EXE_postmark-webhooks");
const PASSWORD: &str = "tr1gger-pw-4d2c";
const WRONG: &str = "wr0ng-tr1gger-9a1e";
const SECRET: &str = "tr1gger-s3cret-61f0";
const ZERO_ID: &str = "00000000-0000-0000-0000-000000000000";

/// One request the receiver accepted.
struct Got {
    event: WebhookEvent,
    key: IdempotencyKey,
    trace_id: Option<String>,
    retries_remaining: Option<u32>,
    headers: HeaderMap,
}

#[derive(Clone)]
struct AppState {
    receiver: Receiver,
    got: Arc<Mutex<Vec<Got>>>,
}

impl FromRef<AppState> for Receiver {
    fn from_ref(state: &AppState) -> Receiver {
        state.receiver.clone()
    }
}

async fn hook(
    State(state): State<AppState>,
    headers: HeaderMap,
    PostmarkWebhook(received): PostmarkWebhook,
) -> impl IntoResponse {
    state.got.lock().unwrap().push(Got {
        key: received.idempotency_key(),
        trace_id: received.trace_id().map(str::to_owned),
        retries_remaining: received.retries_remaining(),
        event: received.into_event(),
        headers,
    });
    (StatusCode::OK, "handled\nsecond line")
}

/// A receiver on a free port: `/hook` checks with `receiver`; `/moved`
/// redirects to `/hook`. Returns its base URL and what it accepted.
async fn serve(receiver: Receiver) -> (String, Arc<Mutex<Vec<Got>>>) {
    let got = Arc::new(Mutex::new(Vec::new()));
    let state = AppState {
        receiver,
        got: got.clone(),
    };
    let app = Router::new()
        .route("/hook", post(hook))
        .route(
            "/moved",
            post(|| async { (StatusCode::TEMPORARY_REDIRECT, [("location", "/hook")]) }),
        )
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), got)
}

fn basic_receiver() -> Receiver {
    Receiver::builder()
        .basic_auth("postmark", PASSWORD)
        .build()
        .unwrap()
}

/// Runs `postmark-webhooks` with only the given environment.
async fn cli(args: &[&str], env: &[(&str, &str)]) -> Output {
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    tokio::task::spawn_blocking(move || {
        Command::new(CLI)
            .args(&args)
            .env_clear()
            .envs(env)
            .stdin(Stdio::null())
            .output()
            .expect("postmark-webhooks runs")
    })
    .await
    .unwrap()
}

/// `trigger RECORD_TYPE --url {base}{path} --user postmark EXTRA...` with
/// `password` in POSTMARK_WEBHOOK_PASSWORD.
async fn trigger(
    base: &str,
    path: &str,
    password: &str,
    record_type: &str,
    extra: &[&str],
) -> Output {
    let url = format!("{base}{path}");
    let mut args = vec!["trigger", record_type, "--url", &url, "--user", "postmark"];
    args.extend_from_slice(extra);
    cli(&args, &[("POSTMARK_WEBHOOK_PASSWORD", password)]).await
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The record type of the variant the event decoded to.
fn variant(event: &WebhookEvent) -> Option<RecordType> {
    match event {
        WebhookEvent::Bounce(_) => Some(RecordType::Bounce),
        WebhookEvent::SpamComplaint(_) => Some(RecordType::SpamComplaint),
        WebhookEvent::Delivery(_) => Some(RecordType::Delivery),
        WebhookEvent::Open(_) => Some(RecordType::Open),
        WebhookEvent::Click(_) => Some(RecordType::Click),
        WebhookEvent::SubscriptionChange(_) => Some(RecordType::SubscriptionChange),
        _ => None,
    }
}

#[tokio::test]
async fn every_record_type_arrives_typed_with_a_fresh_message_id() {
    let (base, got) = serve(basic_receiver()).await;
    let names = [
        "Bounce",
        "spamcomplaint",
        "DELIVERY",
        "open",
        "Click",
        "subscriptionChange",
    ];
    for name in names {
        let output = trigger(&base, "/hook", PASSWORD, name, &["--stream", "broadcast"]).await;
        assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
        let text = stdout(&output);
        assert!(
            text.lines().any(|l| l == "first request: 200 handled"),
            "{name}: {text}"
        );
        assert!(!text.contains(PASSWORD) && !stderr(&output).contains(PASSWORD));
    }
    let got = got.lock().unwrap();
    assert_eq!(got.len(), RecordType::ALL.len());
    let mut ids = Vec::new();
    for (one, expected) in got.iter().zip(RecordType::ALL) {
        assert_eq!(variant(&one.event), Some(expected));
        assert_eq!(one.event.message_stream(), Some("broadcast"));
        let id = one.event.message_id().unwrap().to_owned();
        assert_eq!(id.len(), 36, "{id}");
        assert_ne!(id, ZERO_ID);
        assert!(!ids.contains(&id), "MessageID {id} repeated");
        ids.push(id);
        assert_eq!(one.headers["content-type"], "application/json");
        assert_eq!(one.headers["user-agent"], "Postmark");
        assert_eq!(one.trace_id.as_ref().map(String::len), Some(36));
        assert_eq!(one.retries_remaining, None);
        assert!(!one.headers.contains_key("x-pm-retries-remaining"));
    }
    // Content is left out unless asked for, as Postmark's IncludeContent.
    assert!(
        !serde_json::to_value(&got[0].event)
            .unwrap()
            .as_object()
            .unwrap()
            .contains_key("Content")
    );
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_exits_1() {
    let (base, got) = serve(basic_receiver()).await;
    let output = trigger(&base, "/hook", WRONG, "Delivery", &[]).await;
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.lines().any(|l| l.starts_with("first request: 401 ")),
        "{text}"
    );
    assert!(!text.contains(WRONG) && !stderr(&output).contains(WRONG));
    assert!(got.lock().unwrap().is_empty());
}

#[tokio::test]
async fn retries_repeat_one_delivery_counting_down() {
    let (base, got) = serve(basic_receiver()).await;
    let output = trigger(&base, "/hook", PASSWORD, "Open", &["--retries", "2"]).await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let lines: Vec<String> = stdout(&output).lines().skip(1).map(str::to_owned).collect();
    assert_eq!(
        lines,
        [
            "first request: 200 handled",
            "retry 1, 1 remaining: 200 handled",
            "retry 2, 0 remaining: 200 handled",
        ]
    );
    let got = got.lock().unwrap();
    assert_eq!(got.len(), 3);
    let remaining: Vec<Option<u32>> = got.iter().map(|g| g.retries_remaining).collect();
    assert_eq!(remaining, [None, Some(1), Some(0)]);
    assert!(got.iter().all(|g| g.key == got[0].key));
    assert!(got.iter().all(|g| g.trace_id == got[0].trace_id));
    // The key of the delivery (its trace id), not of the payload.
    assert_ne!(got[0].key, got[0].event.idempotency_key());
}

#[tokio::test]
async fn set_overrides_top_level_fields() {
    let (base, got) = serve(basic_receiver()).await;
    let output = trigger(
        &base,
        "/hook",
        PASSWORD,
        "bounce",
        &[
            "--set",
            r#"Email="a@b.c""#,
            "--set",
            r#"Metadata={"order":"42"}"#,
            "--set",
            "TypeCode=2",
        ],
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let got = got.lock().unwrap();
    let WebhookEvent::Bounce(bounce) = &got[0].event else {
        panic!("not a bounce: {:?}", got[0].event);
    };
    assert_eq!(bounce.email.as_deref(), Some("a@b.c"));
    assert_eq!(got[0].event.metadata().unwrap().len(), 1);
    assert_eq!(got[0].event.metadata().unwrap()["order"], "42");
    assert_eq!(bounce.type_code, 2);
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_sent() {
    let (base, got) = serve(basic_receiver()).await;
    let url = format!("{base}/hook");
    let env = [("POSTMARK_WEBHOOK_PASSWORD", PASSWORD)];
    let cases: [(&[&str], &str); 6] = [
        (&["--set", "Email"], "`Email` is not FIELD=JSON (no `=`)"),
        (&["--set", "Email=a@b.c"], "the value of Email is not JSON"),
        (&["--retries", "7"], "7 is not in 0..=6"),
        (
            &["--user", "postmark", "--secret-header", "X-Secret"],
            "--secret-header needs POSTMARK_WEBHOOK_SECRET to be set",
        ),
        (
            &["--secret-header", "bad header"],
            "a header name or value is not valid",
        ),
        (&["--set", "x=1", "--set", "=2"], "`=2` names no field"),
    ];
    for (extra, message) in cases {
        let mut args = vec!["trigger", "Bounce", "--url", &url];
        args.extend_from_slice(extra);
        let output = cli(
            &args,
            &[env[0], ("POSTMARK_WEBHOOK_SECRET", SECRET)]
                [..if extra.contains(&"X-Secret") { 1 } else { 2 }],
        )
        .await;
        assert_eq!(output.status.code(), Some(1), "{extra:?}");
        assert!(
            stderr(&output).contains(message),
            "{extra:?}: {}",
            stderr(&output)
        );
        assert_eq!(stdout(&output), "", "{extra:?}");
    }
    let output = cli(&["trigger", "Inbound", "--url", &url], &env).await;
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(
            "unknown record type `Inbound`: one of Bounce, SpamComplaint, Delivery, Open, Click, SubscriptionChange"
        ),
        "{}",
        stderr(&output)
    );
    let output = cli(
        &["trigger", "Bounce", "--url", "ftp://user:pw@127.0.0.1/x"],
        &env,
    )
    .await;
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "postmark-webhooks: the URL's scheme is ftp: only http and https are sent to\n"
    );
    assert!(got.lock().unwrap().is_empty());
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let (base, got) = serve(basic_receiver()).await;
    let output = trigger(&base, "/moved", PASSWORD, "Click", &[]).await;
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).lines().any(|l| l == "first request: 307 "),
        "{}",
        stdout(&output)
    );
    assert!(got.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_desired_state_file_gives_url_credentials_and_headers() {
    let receiver = Receiver::builder()
        .basic_auth("postmark", PASSWORD)
        .secret_header("X-Hook-Secret", SECRET)
        .build()
        .unwrap();
    let (base, got) = serve(receiver).await;
    let dir = std::env::temp_dir().join(format!("pm-trigger-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("webhooks.yaml");
    std::fs::write(
        &file,
        format!(
            r#"
Webhooks:
  - Url: "${{HOOK_BASE}}/hook"
    MessageStream: broadcast
    HttpAuth: {{Username: postmark, Password: "${{HOOK_PASSWORD}}"}}
    HttpHeaders: [{{Name: X-Hook-Secret, Value: "${{HOOK_SECRET}}"}}]
    Triggers: {{Bounce: {{Enabled: true, IncludeContent: true}}}}
  - Url: "{base}/other"
  - Url: "{base}/hook"
    HttpAuth: {{Username: postmark, Password: "${{HOOK_PASSWORD}}"}}
    HttpHeaders: [{{Name: X-Hook-Secret, Value: "${{HOOK_SECRET}}"}}]
"#
        ),
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let env = [
        ("HOOK_BASE", base.as_str()),
        ("HOOK_PASSWORD", PASSWORD),
        ("HOOK_SECRET", SECRET),
    ];

    // The stream's one webhook; its IncludeContent keeps the Content.
    let output = cli(
        &["trigger", "Bounce", "-f", file, "--stream", "broadcast"],
        &env,
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for secret in [PASSWORD, SECRET] {
        assert!(!stdout(&output).contains(secret) && !stderr(&output).contains(secret));
    }
    {
        let got = got.lock().unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(variant(&got[0].event), Some(RecordType::Bounce));
        assert_eq!(got[0].event.message_stream(), Some("broadcast"));
        assert_eq!(got[0].headers["x-hook-secret"], SECRET);
        let json = serde_json::to_value(&got[0].event).unwrap();
        assert_eq!(json["Content"], "<Full dump of bounce>");
    }

    // Two webhooks of outbound: one must be chosen.
    let output = cli(&["trigger", "Delivery", "-f", file], &env).await;
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        format!(
            "postmark-webhooks: {file} has 2 webhooks of the stream outbound (Webhooks[1], Webhooks[2]): choose one with --url or --index\n"
        )
    );
    let by_url = cli(
        &[
            "trigger",
            "Delivery",
            "-f",
            file,
            "--url",
            &format!("{base}/hook"),
        ],
        &env,
    )
    .await;
    assert_eq!(by_url.status.code(), Some(0), "{}", stderr(&by_url));
    let by_index = cli(&["trigger", "Open", "-f", file, "--index", "2"], &env).await;
    assert_eq!(by_index.status.code(), Some(0), "{}", stderr(&by_index));
    {
        let got = got.lock().unwrap();
        assert_eq!(got.len(), 3);
        assert_eq!(variant(&got[1].event), Some(RecordType::Delivery));
        assert_eq!(variant(&got[2].event), Some(RecordType::Open));
        assert!(
            got[1..]
                .iter()
                .all(|g| g.event.message_stream() == Some("outbound"))
        );
    }

    // A reference to a variable that is not set: an error naming it.
    let output = cli(
        &["trigger", "Bounce", "-f", file, "--stream", "broadcast"],
        &env[..2],
    )
    .await;
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("HOOK_SECRET"),
        "{}",
        stderr(&output)
    );
    assert_eq!(got.lock().unwrap().len(), 3);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn json_prints_the_event_and_the_answers() {
    let (base, got) = serve(basic_receiver()).await;
    let output = trigger(
        &base,
        "/hook",
        PASSWORD,
        "SubscriptionChange",
        &["--retries", "1", "--json"],
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    let got = got.lock().unwrap();
    assert_eq!(printed["RecordType"], "SubscriptionChange");
    assert_eq!(printed["TraceId"], got[0].trace_id.clone().unwrap());
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].retries_remaining, Some(0));
    assert_eq!(
        printed["Event"],
        serde_json::to_value(&got[0].event).unwrap()
    );
    assert_eq!(
        printed["Attempts"],
        serde_json::json!([
            {"RetriesRemaining": null, "StatusCode": 200, "FirstLine": "handled", "Error": null},
            {"RetriesRemaining": 0, "StatusCode": 200, "FirstLine": "handled", "Error": null},
        ])
    );
}
