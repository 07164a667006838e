//! Sync across the servers of an account, end to end against the embedded
//! mock: servers created through `POST /servers`, one file applied to two of
//! them, a third left untouched, and a name that matches nothing refused
//! before any change.
#![cfg(all(feature = "mock", feature = "sync"))]

use postmark_webhooks::AccountClient;
use postmark_webhooks::mock::MockServer;
use postmark_webhooks::sync::{self, AccountError, DesiredFile, FileError, Format, PlanOptions};
use postmark_webhooks::triggers::{Click, Triggers};
use serde_json::{Value, json};

/// Creates a server through the account API; returns its answer.
async fn create_server(mock: &MockServer, name: &str) -> Value {
    let response = reqwest::Client::new()
        .post(format!("{}/servers", mock.base_url()))
        .header("X-Postmark-Account-Token", mock.account_token())
        .header("Accept", "application/json")
        .json(&json!({"Name": name}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn account(mock: &MockServer) -> AccountClient {
    AccountClient::builder(mock.account_token())
        .base_url(mock.base_url())
        .build()
        .unwrap()
}

const FILE: &str = r#"
Servers:
  - Name: Customer A
    Webhooks:
      - Url: https://a.example.com/postmark
        Triggers: {Delivery: {Enabled: true}}
  - Name: Customer B
    Webhooks:
      - Url: https://b.example.com/postmark
        HttpAuth: {Username: pm, Password: "${B_PASSWORD}"}
        Triggers: {Open: {Enabled: true}}
"#;

fn parse(text: &str) -> sync::DesiredAccount {
    let env = |name: &str| (name == "B_PASSWORD").then(|| "b-secret".to_owned());
    match DesiredFile::parse(text, Format::Yaml, &env).unwrap() {
        DesiredFile::Account(account) => account,
        other => panic!("not an account file: {other:?}"),
    }
}

#[tokio::test]
async fn one_file_applies_to_two_servers_and_leaves_the_third_untouched() {
    let mock = MockServer::start().await;
    let a = create_server(&mock, "Customer A").await;
    let b = create_server(&mock, "Customer B").await;
    let c = create_server(&mock, "Customer AB").await;
    assert_eq!(a["Name"], "Customer A");
    assert_eq!(a["ApiTokens"].as_array().unwrap().len(), 1);
    let token = |server: &Value| server["ApiTokens"][0].as_str().unwrap().to_owned();
    // The third server has a webhook of its own, on the same URL as A's.
    let c_client = postmark_webhooks::ServerClient::builder(token(&c))
        .base_url(mock.base_url())
        .build()
        .unwrap();
    c_client
        .webhooks()
        .create("https://a.example.com/postmark")
        .triggers(Triggers::new().click(Click::enabled()))
        .await
        .unwrap();
    let c_before = c_client.webhooks().list().await.unwrap();

    let desired = parse(FILE);
    let account = account(&mock);
    let plan = sync::plan_account(&account, &desired, PlanOptions::new())
        .await
        .unwrap();
    let shown = plan.to_string();
    assert!(
        shown.starts_with("Server Customer A (ID 2):\n  Message streams: outbound\n  + create outbound https://a.example.com/postmark\n"),
        "{shown}"
    );
    assert!(
        shown.contains("Server Customer B (ID 3):\n  Message streams: outbound\n  + create outbound https://b.example.com/postmark\n"),
        "{shown}"
    );
    assert!(!shown.contains("b-secret"));
    let names: Vec<_> = plan
        .servers
        .iter()
        .map(|s| (s.name.as_str(), s.id))
        .collect();
    assert_eq!(names, [("Customer A", 2), ("Customer B", 3)]);

    let before = mock.requests().len();
    sync::apply_account(&plan, Default::default())
        .await
        .unwrap();
    let writes: Vec<_> = mock.requests()[before..]
        .iter()
        .filter(|r| r.method != "GET")
        .map(|r| {
            (
                r.method.clone(),
                r.path.clone(),
                r.headers
                    .iter()
                    .find(|(n, _)| n == "x-postmark-server-token")
                    .map(|(_, v)| v.clone()),
                r.headers
                    .iter()
                    .any(|(n, _)| n == "x-postmark-account-token"),
            )
        })
        .collect();
    assert_eq!(
        writes,
        [
            (
                "POST".to_owned(),
                "/webhooks".to_owned(),
                Some(token(&a)),
                false
            ),
            (
                "POST".to_owned(),
                "/webhooks".to_owned(),
                Some(token(&b)),
                false
            ),
        ]
    );
    let b_hooks = postmark_webhooks::ServerClient::builder(token(&b))
        .base_url(mock.base_url())
        .build()
        .unwrap()
        .webhooks()
        .list()
        .await
        .unwrap();
    assert_eq!(b_hooks.len(), 1);
    assert_eq!(b_hooks[0].url, "https://b.example.com/postmark");
    assert_eq!(b_hooks[0].http_auth.as_ref().unwrap().password, "b-secret");
    assert!(b_hooks[0].triggers.open.enabled);
    assert_eq!(c_client.webhooks().list().await.unwrap(), c_before);
    assert!(
        mock.webhooks().is_empty(),
        "the default server is untouched"
    );
    assert!(
        sync::plan_account(&account, &desired, PlanOptions::new().prune(true))
            .await
            .unwrap()
            .is_in_sync()
    );
}

#[tokio::test]
async fn a_name_that_matches_no_server_is_refused_before_any_change() {
    let mock = MockServer::start().await;
    create_server(&mock, "Customer A").await;
    // "Customer B" is only a part of this name: not a match.
    create_server(&mock, "Customer B (old)").await;
    let before = mock.requests().len();

    let err = sync::plan_account(&account(&mock), &parse(FILE), PlanOptions::new())
        .await
        .unwrap_err();

    assert!(
        matches!(&err, AccountError::NoSuchServer { name } if name == "Customer B"),
        "{err:?}"
    );
    let requests = mock.requests().split_off(before);
    assert!(!requests.is_empty());
    assert!(
        requests.iter().all(|r| r.method == "GET"),
        "no write reached the mock"
    );
    assert!(
        requests.iter().all(|r| r.path == "/servers"),
        "no server's webhooks were read before every name resolved: {:?}",
        requests.iter().map(|r| &r.path).collect::<Vec<_>>()
    );
    assert!(!format!("{err} {err:?}").contains(&mock.account_token()));
}

#[tokio::test]
async fn two_servers_with_the_name_are_refused() {
    let mock = MockServer::start().await;
    let first = create_server(&mock, "Customer A").await;
    let second = create_server(&mock, "Customer A").await;
    create_server(&mock, "Customer B").await;

    let err = sync::plan_account(&account(&mock), &parse(FILE), PlanOptions::new())
        .await
        .unwrap_err();

    let ids = vec![
        first["ID"].as_i64().unwrap(),
        second["ID"].as_i64().unwrap(),
    ];
    assert!(
        matches!(&err, AccountError::AmbiguousServer { name, ids: got } if name == "Customer A" && *got == ids),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_account_api_refuses_the_wrong_kind_of_token() {
    let mock = MockServer::start().await;
    let server_token_on_account = AccountClient::builder(mock.server_token())
        .base_url(mock.base_url())
        .build()
        .unwrap();
    let err = server_token_on_account.servers().list().await.unwrap_err();
    assert_eq!(
        (err.status(), err.code().map(|c| c.as_i64())),
        (Some(401), Some(10))
    );

    let account_token_on_server = postmark_webhooks::ServerClient::builder(mock.account_token())
        .base_url(mock.base_url())
        .build()
        .unwrap();
    let err = account_token_on_server.webhooks().list().await.unwrap_err();
    assert_eq!(
        (err.status(), err.code().map(|c| c.as_i64())),
        (Some(401), Some(10))
    );
    assert!(!err.to_string().contains(&mock.account_token()));
}

#[test]
fn a_file_with_servers_and_webhooks_is_refused_with_a_clear_message() {
    let text = "Webhooks: []\nServers: []\n";
    let err = DesiredFile::parse(text, Format::Yaml, &|_: &str| None).unwrap_err();
    assert!(matches!(err, FileError::ServersAndWebhooks));
    // A top-level InboundHookUrl beside Servers would belong to no server.
    let text = "InboundHookUrl: https://example.com/in\nServers: [{Name: A}]\n";
    let inbound = DesiredFile::parse(text, Format::Yaml, &|_: &str| None).unwrap_err();
    assert!(
        matches!(inbound, FileError::ServersAndWebhooks),
        "{inbound:?}"
    );
    assert_eq!(
        err.to_string(),
        "the file has both `Servers` and a top-level `Webhooks` or `InboundHookUrl`: write each server's settings under its entry in `Servers`, or leave `Servers` out for one server"
    );
    let err = sync::DesiredState::parse(FILE, Format::Yaml, &|_: &str| None).unwrap_err();
    assert!(matches!(err, FileError::ManyServers), "{err:?}");
    let err = DesiredFile::parse(
        "Servers:\n  - Name: A\n    Webhooks:\n      - Url: https://a.example\n        Password: x\n",
        Format::Yaml,
        &|_: &str| None,
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("unknown field `Password`"),
        "{err}"
    );
    let err = DesiredFile::parse(
        "Servers:\n  - Name: A\n    Webhooks:\n      - Url: not a url\n",
        Format::Yaml,
        &|_: &str| None,
    )
    .unwrap_err();
    assert!(
        matches!(&err, FileError::InServer { index: 0, name, .. } if name == "A"),
        "{err:?}"
    );
    assert!(
        err.to_string().starts_with("Servers[0] (A): Webhooks[0]"),
        "{err}"
    );
}

/// The command line: `plan` and `apply` of a `Servers` file, and
/// `export --all-servers`, with the account token from the environment.
#[tokio::test]
async fn the_cli_plans_applies_and_exports_across_servers() {
    let mock = MockServer::start().await;
    create_server(&mock, "Customer A").await;
    create_server(&mock, "Customer B").await;
    let dir = std::env::temp_dir().join(format!("pm-account-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("servers.yaml");
    std::fs::write(&file, FILE).unwrap();
    let path = file.to_str().unwrap().to_owned();
    let (base_url, account_token) = (mock.base_url(), mock.account_token());
    let run = |args: &[&str]| {
        let args: Vec<String> = args
            .iter()
            .map(|a| {
                if *a == "FILE" {
                    path.clone()
                } else {
                    (*a).to_owned()
                }
            })
            .collect();
        let (base_url, account_token) = (base_url.clone(), account_token.clone());
        tokio::task::spawn_blocking(move || {
            std::process::Command::new(env!("CARGO_BIN_EXE_postmark-webhooks"))
                .args(&args)
                .env("POSTMARK_API_URL", &base_url)
                .env("POSTMARK_ACCOUNT_TOKEN", &account_token)
                .env_remove("POSTMARK_SERVER_TOKEN")
                .env("B_PASSWORD", "b-secret")
                .stdin(std::process::Stdio::null())
                .output()
                .unwrap()
        })
    };

    let plan = run(&["plan", "-f", "FILE", "--server", "Customer B"])
        .await
        .unwrap();
    let out = String::from_utf8_lossy(&plan.stdout).into_owned();
    assert_eq!(plan.status.code(), Some(2), "{out}");
    assert!(out.starts_with("Server Customer B (ID 3):\n"), "{out}");
    assert!(!out.contains("Customer A"), "{out}");

    // Only Customer B: A still differs afterwards.
    let only_b = run(&["apply", "-f", "FILE", "--server", "Customer B", "--yes"])
        .await
        .unwrap();
    let out = String::from_utf8_lossy(&only_b.stdout).into_owned();
    assert_eq!(only_b.status.code(), Some(0), "{out}");
    assert!(!out.contains("Customer A"), "{out}");
    let after = run(&["plan", "-f", "FILE"]).await.unwrap();
    let out = String::from_utf8_lossy(&after.stdout).into_owned();
    assert_eq!(after.status.code(), Some(2), "{out}");
    assert!(
        out.contains("Server Customer B (ID 3):\n  No changes"),
        "{out}"
    );
    assert!(
        out.contains("Server Customer A (ID 2):\n  Message streams: outbound\n  + create"),
        "{out}"
    );
    let export_b = run(&["export", "--server", "Customer B"]).await.unwrap();
    let out = String::from_utf8_lossy(&export_b.stdout).into_owned();
    assert_eq!(export_b.status.code(), Some(0), "{out}");
    assert!(
        out.contains("Name: Customer B") && !out.contains("Customer A"),
        "{out}"
    );

    let apply = run(&["apply", "-f", "FILE", "--yes"]).await.unwrap();
    let out = String::from_utf8_lossy(&apply.stdout).into_owned();
    assert_eq!(apply.status.code(), Some(0), "{out}");
    assert!(out.ends_with("The servers match the file.\n"), "{out}");

    let export = run(&["export", "--all-servers"]).await.unwrap();
    let out = String::from_utf8_lossy(&export.stdout).into_owned();
    let err = String::from_utf8_lossy(&export.stderr).into_owned();
    assert_eq!(export.status.code(), Some(0), "{err}");
    assert!(out.contains("Name: Production01"), "{out}");
    assert!(out.contains("Name: Customer B"), "{out}");
    assert!(
        out.contains("${WEBHOOK_CUSTOMER_B_OUTBOUND_B_EXAMPLE_COM_POSTMARK_PASSWORD}"),
        "{out}"
    );
    for output in [&plan, &only_b, &export_b, &apply, &export] {
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(!all.contains(&mock.account_token()));
        assert!(!all.contains("b-secret"));
    }

    let missing = run(&["plan", "-f", "FILE", "--server", "Customer C"])
        .await
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&missing.stderr),
        "postmark-webhooks: the file names no server Customer C\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A `Servers` entry may set the server's `InboundHookUrl`: the plan shows
/// it under that server (credentials hidden), apply sets it with that
/// server's own token, the other server keeps none, and the account export
/// writes it back as a reference.
#[tokio::test]
async fn a_servers_entry_sets_its_inbound_hook_url() {
    let mock = MockServer::start().await;
    let a = create_server(&mock, "Customer A").await;
    let b = create_server(&mock, "Customer B").await;
    let token = |server: &Value| server["ApiTokens"][0].as_str().unwrap().to_owned();
    let text = r#"
Servers:
  - Name: Customer A
    InboundHookUrl: "https://in:${B_PASSWORD}@a.example.com/inbound"
  - Name: Customer B
    Webhooks: []
"#;
    let account = account(&mock);
    let plan = sync::plan_account(&account, &parse(text), PlanOptions::new())
        .await
        .unwrap();
    let shown = plan.to_string();
    assert!(
        shown.starts_with(
            "Server Customer A (ID 2):\n  Message streams: none\n  \
             ~ InboundHookUrl: none -> https://REDACTED@a.example.com/inbound\n"
        ),
        "{shown}"
    );
    assert!(!shown.contains("b-secret"), "{shown}");

    let before = mock.requests().len();
    sync::apply_account(&plan, Default::default())
        .await
        .unwrap();
    let writes: Vec<_> = mock.requests()[before..]
        .iter()
        .filter(|r| r.method != "GET")
        .map(|r| {
            let token = r
                .headers
                .iter()
                .find(|(n, _)| n == "x-postmark-server-token")
                .map(|(_, v)| v.clone());
            (r.method.clone(), r.path.clone(), token)
        })
        .collect();
    assert_eq!(
        writes,
        [("PUT".to_owned(), "/server".to_owned(), Some(token(&a)))]
    );
    let hook_of = |server: &Value| {
        let client = postmark_webhooks::ServerClient::builder(token(server))
            .base_url(mock.base_url())
            .build()
            .unwrap();
        async move { client.server().get().await.unwrap().inbound_hook_url }
    };
    assert_eq!(
        hook_of(&a).await.as_deref(),
        Some("https://in:b-secret@a.example.com/inbound")
    );
    assert_eq!(hook_of(&b).await, None);

    let servers = account.servers().list().await.unwrap();
    let pairs: Vec<_> = servers
        .into_iter()
        .filter(|s| s.name.starts_with("Customer"))
        .map(|s| (s, Vec::new()))
        .collect();
    let (exported, variables) = sync::export_account(&pairs, sync::Secrets::References);
    assert_eq!(variables, ["INBOUND_HOOK_CUSTOMER_A_URL_PASSWORD"]);
    assert_eq!(
        exported.servers[0].state.inbound_hook_url.as_deref(),
        Some("https://in:${INBOUND_HOOK_CUSTOMER_A_URL_PASSWORD}@a.example.com/inbound")
    );
    assert_eq!(exported.servers[1].state.inbound_hook_url, None);
}

/// Runs the command line with the account token of `mock` and `file`
/// written to a temporary directory named after `name`; stdin is not a
/// terminal.
async fn run_account_cli(
    mock: &MockServer,
    name: &str,
    file: &str,
    args: &[&str],
) -> std::process::Output {
    let dir = std::env::temp_dir().join(format!("pm-account-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("servers.yaml");
    std::fs::write(&path, file).unwrap();
    let mut full = vec!["-f".to_owned(), path.to_str().unwrap().to_owned()];
    full.splice(0..0, args.iter().map(|a| (*a).to_owned()));
    let (base_url, account_token) = (mock.base_url(), mock.account_token());
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_postmark-webhooks"))
            .args(&full)
            .env("POSTMARK_API_URL", &base_url)
            .env("POSTMARK_ACCOUNT_TOKEN", &account_token)
            .env_remove("POSTMARK_SERVER_TOKEN")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    output
}

/// The client of the server created as `server` (its first token).
fn server_client(mock: &MockServer, server: &Value) -> postmark_webhooks::ServerClient {
    postmark_webhooks::ServerClient::builder(server["ApiTokens"][0].as_str().unwrap())
        .base_url(mock.base_url())
        .build()
        .unwrap()
}

#[tokio::test]
async fn the_cli_asks_before_setting_an_inbound_hook_url_alone() {
    let mock = MockServer::start().await;
    let a = create_server(&mock, "Customer A").await;
    let text =
        "Servers:\n  - Name: Customer A\n    InboundHookUrl: https://a.example.com/inbound\n";
    let apply = run_account_cli(&mock, "inbound-confirm", text, &["apply"]).await;
    assert_eq!(apply.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&apply.stderr),
        "postmark-webhooks: standard input is not a terminal: pass --yes to apply without asking\n"
    );
    let server = server_client(&mock, &a).server().get().await.unwrap();
    assert_eq!(server.inbound_hook_url, None);
}

#[tokio::test]
async fn a_failed_account_apply_prints_the_plan_and_the_report_as_json() {
    let mock = MockServer::start().await;
    create_server(&mock, "Customer A").await;
    create_server(&mock, "Customer B").await;
    mock.inject(
        postmark_webhooks::mock::Fault::status(422)
            .json(r#"{"ErrorCode":1300,"Message":"Invalid webhook"}"#)
            .only(postmark_webhooks::Operation::CreateWebhook),
    );
    let text = "Servers:\n  - Name: Customer A\n    InboundHookUrl: https://a.example.com/inbound\n  \
                - Name: Customer B\n    Webhooks:\n      - Url: https://b.example.com/postmark\n";

    let apply = run_account_cli(&mock, "failed-json", text, &["apply", "--yes", "--json"]).await;

    assert_eq!(apply.status.code(), Some(1));
    let out: Value = serde_json::from_slice(&apply.stdout).unwrap();
    assert_eq!(
        out.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["plan", "report"]
    );
    assert_eq!(out["plan"]["servers"][1]["name"], "Customer B");
    assert_eq!(
        out["report"],
        json!({"servers": [
            {"name": "Customer A", "report": {
                "complete": true,
                "inbound_hook_url": {"from": null, "to": "https://a.example.com/inbound", "outcome": "done"},
                "steps": []
            }},
            {"name": "Customer B", "report": {
                "complete": false,
                "steps": [{
                    "action": "create",
                    "message_stream": "outbound",
                    "url": "https://b.example.com/postmark",
                    "outcome": "failed",
                    "error": "create webhook failed with HTTP 422, Postmark error 1300: Invalid webhook",
                }]
            }}
        ]})
    );
}
