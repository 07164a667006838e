//! The `postmark-webhooks` binary end to end against a spawned
//! `postmark-mock`: export, apply to another server, plan; exit codes; and
//! no secret on standard output or error.
#![cfg(all(feature = "cli", feature = "mock"))]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use postmark_webhooks::triggers::{Bounce, Click, Open, Triggers};
use postmark_webhooks::{ServerClient, Webhook};
use serde_json::Value;

const CLI: &str = env!("CARGO_BIN_EXE_postmark-webhooks");
const MOCK: &str = env!("CARGO_BIN_EXE_postmark-mock");

const SECRETS: [&str; 4] = ["pw-hunter2", "hdr-s3cr3t", "url-pass-9", "q-token-7"];

/// A running `postmark-mock` with the server tokens `a` and `b`, killed
/// when dropped.
struct Mock {
    child: Child,
    base_url: String,
    dir: PathBuf,
}

impl Mock {
    fn start(name: &str) -> Self {
        let mut child = Command::new(MOCK)
            .args(["--port", "0", "--token", "a", "--token", "b"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("postmark-mock starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut lines = BufReader::new(stdout).lines();
        let first = lines.next().expect("a banner").expect("a line");
        let base_url = first
            .strip_prefix("Postmark webhooks mock listening on ")
            .unwrap_or_else(|| panic!("unexpected banner {first:?}"))
            .to_owned();
        // Keep reading so that the mock never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        let dir = std::env::temp_dir().join(format!("pm-cli-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Self {
            child,
            base_url,
            dir,
        }
    }

    fn client(&self, token: &str) -> ServerClient {
        ServerClient::builder(token)
            .base_url(&self.base_url)
            .build()
            .unwrap()
    }

    /// Runs the CLI against server `token` with these extra variables, and
    /// checks that no secret reaches its output.
    fn run(&self, token: &str, args: &[&str], vars: &[(&str, &str)]) -> Run {
        let run = self.run_unchecked(token, args, vars);
        for secret in SECRETS {
            assert!(
                !run.stdout.contains(secret) && !run.stderr.contains(secret),
                "{secret} shown by {args:?}: {run:?}"
            );
        }
        run
    }

    fn run_unchecked(&self, token: &str, args: &[&str], vars: &[(&str, &str)]) -> Run {
        let mut command = Command::new(CLI);
        command
            .args(args)
            .env_clear()
            .env("POSTMARK_API_URL", &self.base_url)
            .env("POSTMARK_SERVER_TOKEN", token)
            .stdin(Stdio::null());
        for (name, value) in vars {
            command.env(name, value);
        }
        let output: Output = command.output().expect("postmark-webhooks runs");
        Run {
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }

    fn write(&self, name: &str, text: &str) -> String {
        let path = self.dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Two webhooks with every kind of secret on server `a`.
async fn seed(mock: &Mock) -> Vec<Webhook> {
    let a = mock.client("a");
    a.webhooks()
        .create("https://user:url-pass-9@example.com/pm?token=q-token-7")
        .http_auth("pm", "pw-hunter2")
        .http_header("X-Secret", "hdr-s3cr3t")
        .triggers(
            Triggers::new()
                .open(Open::enabled().post_first_open_only(true))
                .bounce(Bounce::enabled()),
        )
        .await
        .unwrap();
    a.webhooks()
        .create("https://example.com/news")
        .message_stream("broadcast")
        .triggers(Triggers::new().click(Click::enabled()))
        .await
        .unwrap();
    a.webhooks().list().await.unwrap()
}

/// A webhook's settings without its ID.
fn settings(w: &Webhook) -> Value {
    let mut value = serde_json::to_value(w).unwrap();
    value.as_object_mut().unwrap().remove("ID");
    value
}

#[tokio::test]
async fn export_then_apply_to_another_server_then_plan_shows_no_changes() {
    let mock = Mock::start("export");
    let source = seed(&mock).await;

    let export = mock.run("a", &["export"], &[]);
    assert_eq!(export.code, Some(0), "{export:?}");
    let names = [
        "WEBHOOK_OUTBOUND_EXAMPLE_COM_PM_URL_PASSWORD",
        "WEBHOOK_OUTBOUND_EXAMPLE_COM_PM_URL_QUERY",
        "WEBHOOK_OUTBOUND_EXAMPLE_COM_PM_PASSWORD",
        "WEBHOOK_OUTBOUND_EXAMPLE_COM_PM_HEADER_X_SECRET",
    ];
    let listed: Vec<&str> = export.stderr.lines().skip(1).map(str::trim).collect();
    assert_eq!(listed, names, "{}", export.stderr);
    assert!(
        export
            .stdout
            .contains("Url: https://user:${WEBHOOK_OUTBOUND_EXAMPLE_COM_PM_URL_PASSWORD}@example.com/pm?${WEBHOOK_OUTBOUND_EXAMPLE_COM_PM_URL_QUERY}"),
        "{}",
        export.stdout
    );
    let file = mock.write("webhooks.yaml", &export.stdout);
    let vars = [
        (names[0], "url-pass-9"),
        (names[1], "token=q-token-7"),
        (names[2], "pw-hunter2"),
        (names[3], "hdr-s3cr3t"),
    ];

    let plan = mock.run("b", &["plan", "-f", &file], &vars);
    assert_eq!(plan.code, Some(2), "{plan:?}");
    assert!(
        plan.stdout
            .contains("Plan: 2 to create, 0 to update, 0 to delete.")
    );
    assert!(
        plan.stdout
            .contains("+ create outbound https://REDACTED@example.com/pm?REDACTED\n"),
        "{}",
        plan.stdout
    );

    let apply = mock.run("b", &["apply", "-f", &file, "--yes"], &vars);
    assert_eq!(apply.code, Some(0), "{apply:?}");
    assert!(
        apply.stdout.ends_with("The server matches the file.\n"),
        "{apply:?}"
    );
    assert_eq!(apply.stderr, "");

    let plan = mock.run("b", &["plan", "-f", &file], &vars);
    assert_eq!(plan.code, Some(0), "{plan:?}");
    assert_eq!(
        plan.stdout,
        "No changes: the server matches the file (message streams: broadcast, outbound).\n"
    );
    let copied = mock.client("b").webhooks().list().await.unwrap();
    assert_eq!(
        copied.iter().map(settings).collect::<Vec<_>>(),
        source.iter().map(settings).collect::<Vec<_>>()
    );

    // The same in JSON and TOML, with --json output.
    for format in ["json", "toml"] {
        let export = mock.run("a", &["export", "--format", format], &[]);
        assert_eq!(export.code, Some(0));
        let file = mock.write(&format!("webhooks.{format}"), &export.stdout);
        let plan = mock.run("b", &["plan", "-f", &file, "--json"], &vars);
        assert_eq!(plan.code, Some(0), "{format}: {plan:?}");
        let json: Value = serde_json::from_str(&plan.stdout).unwrap();
        assert_eq!(json["in_sync"], true);
        assert_eq!(json["changes"], Value::Array(vec![]));
    }
}

#[tokio::test]
async fn exit_codes_and_one_line_errors() {
    let mock = Mock::start("exit");
    seed(&mock).await;
    // Only --include-secrets writes the values.
    let export = mock.run_unchecked("a", &["export", "--include-secrets"], &[]);
    assert_eq!(export.code, Some(0));
    for secret in SECRETS {
        assert!(export.stdout.contains(secret), "{secret}: {export:?}");
    }
    assert_eq!(export.stderr, "");
    let file = mock.write(
        "full.yaml",
        &export.stdout.replace("pw-hunter2", "pw-other"),
    );

    // 2: changes pending.
    let plan = mock.run("a", &["plan", "-f", &file], &[]);
    assert_eq!(plan.code, Some(2), "{plan:?}");
    assert!(plan.stdout.contains("~ update 1 outbound"), "{plan:?}");
    assert!(plan.stdout.contains("    HttpAuth: changed\n"), "{plan:?}");

    // 1: apply without a terminal and without --yes; nothing changes.
    let before = mock.client("a").webhooks().list().await.unwrap();
    let apply = mock.run("a", &["apply", "-f", &file], &[]);
    assert_eq!(apply.code, Some(1), "{apply:?}");
    assert_eq!(
        apply.stderr,
        "postmark-webhooks: standard input is not a terminal: pass --yes to apply without asking\n"
    );
    assert_eq!(mock.client("a").webhooks().list().await.unwrap(), before);

    // 0 after applying with --yes; --no-verify sends Verify: false.
    let apply = mock.run("a", &["apply", "-f", &file, "--yes", "--no-verify"], &[]);
    assert_eq!(apply.code, Some(0), "{apply:?}");
    assert!(
        apply.stdout.contains("done: update 1 outbound"),
        "{apply:?}"
    );

    // 1: a missing variable, an unknown field, a bad path, with one line.
    let missing = mock.write(
        "missing.yaml",
        "Webhooks:\n  - Url: https://example.com/a\n    HttpAuth: {Username: u, Password: \"${NOPE}\"}\n",
    );
    let unknown = mock.write(
        "unknown.json",
        "{\"Webhooks\": [\n  {\"Url\": \"https://example.com/a\", \"Tirggers\": {}}\n]}",
    );
    for (args, expected) in [
        (
            vec!["plan", "-f", &missing],
            format!(
                "postmark-webhooks: {missing}: Webhooks[0].HttpAuth.Password: environment variable `NOPE` is not set\n"
            ),
        ),
        (
            vec!["apply", "-f", &unknown, "--yes"],
            format!("postmark-webhooks: {unknown}: unknown field `Tirggers`"),
        ),
        (
            vec!["plan", "-f", "/nonexistent/w.yaml"],
            "postmark-webhooks: cannot read /nonexistent/w.yaml: ".to_owned(),
        ),
    ] {
        let run = mock.run("a", &args, &[]);
        assert_eq!(run.code, Some(1), "{args:?}: {run:?}");
        assert!(run.stderr.starts_with(&expected), "{args:?}: {run:?}");
        assert_eq!(run.stderr.lines().count(), 1, "{run:?}");
        assert_eq!(run.stdout, "");
    }
    let run = mock.run("a", &["plan", "-f", &unknown], &[]);
    assert!(run.stderr.contains("line 2"), "{run:?}");

    // 1: Postmark's refusal, with its code and the webhook.
    let run = mock.run("not-a-token", &["list"], &[]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.starts_with(
            "postmark-webhooks: list webhooks failed with HTTP 401, Postmark error 10: "
        ),
        "{run:?}"
    );
    let run = mock.run("a", &["get", "99"], &[]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .starts_with("postmark-webhooks: webhook 99: get webhook failed with HTTP "),
        "{run:?}"
    );
    assert_eq!(run.stderr.lines().count(), 1);

    // 1: no token, a usage error; 0: help.
    let run = mock.run("", &["list"], &[]);
    assert_eq!(run.code, Some(1));
    assert_eq!(
        run.stderr,
        "postmark-webhooks: no server token: set POSTMARK_SERVER_TOKEN to the token of the Postmark server\n"
    );
    assert_eq!(mock.run("a", &["frobnicate"], &[]).code, Some(1));
    let help = mock.run("a", &["--help"], &[]);
    assert_eq!(help.code, Some(0));
    assert!(help.stdout.contains("POSTMARK_SERVER_TOKEN"), "{help:?}");
    assert!(
        !help.stdout.contains("[env: POSTMARK_SERVER_TOKEN=a]"),
        "{help:?}"
    );
}

#[tokio::test]
async fn apply_that_leaves_the_server_differing_exits_2() {
    let mock = Mock::start("dups");
    let a = mock.client("a");
    for _ in 0..2 {
        a.webhooks()
            .create("https://example.com/twice")
            .await
            .unwrap();
    }
    let file = mock.write(
        "w.toml",
        "[[Webhooks]]\nUrl = \"https://example.com/twice\"\n",
    );
    let apply = mock.run("a", &["apply", "-f", &file, "--yes"], &[]);
    assert_eq!(apply.code, Some(2), "{apply:?}");
    assert!(
        apply
            .stdout
            .contains("The server still differs from the file:"),
        "{apply:?}"
    );
    let apply = mock.run("a", &["apply", "-f", &file, "--yes", "--prune"], &[]);
    assert_eq!(apply.code, Some(0), "{apply:?}");
    assert!(
        apply
            .stdout
            .contains("done: delete 2 outbound https://example.com/twice\n")
    );
    assert_eq!(a.webhooks().list().await.unwrap().len(), 1);
}

#[tokio::test]
async fn list_get_verify_and_delete_hide_secrets() {
    let mock = Mock::start("show");
    seed(&mock).await;
    let list = mock.run("a", &["list"], &[]);
    assert_eq!(list.code, Some(0));
    assert_eq!(
        list.stdout,
        "ID  STREAM     STATUS    TRIGGERS                        URL\n\
         1   outbound   verified  Open(PostFirstOpenOnly),Bounce  https://REDACTED@example.com/pm?REDACTED\n\
         2   broadcast  verified  Click                           https://example.com/news\n"
    );
    let list = mock.run("a", &["list", "--stream", "broadcast", "--json"], &[]);
    let json: Value = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(json["Webhooks"].as_array().unwrap().len(), 1);
    assert_eq!(json["Webhooks"][0]["ID"], 2);

    let get = mock.run("a", &["get", "1", "--json"], &[]);
    let json: Value = serde_json::from_str(&get.stdout).unwrap();
    assert_eq!(json["HttpAuth"]["Username"], "pm");
    assert_eq!(json["HttpAuth"]["Password"], "<redacted>");
    assert_eq!(json["HttpHeaders"][0]["Value"], "<redacted>");
    assert_eq!(json["Url"], "https://REDACTED@example.com/pm?REDACTED");
    let get = mock.run("a", &["get", "1"], &[]);
    assert!(
        get.stdout
            .contains("HttpHeaders:    X-Secret (values hidden)\n"),
        "{get:?}"
    );

    // A webhook with no trigger enabled needs no test request: it passes.
    mock.client("a")
        .webhooks()
        .create("https://example.com/quiet")
        .await
        .unwrap();
    let verify = mock.run("a", &["verify", "3", "--json"], &[]);
    assert_eq!(verify.code, Some(0), "{verify:?}");
    let json: Value = serde_json::from_str(&verify.stdout).unwrap();
    assert_eq!(
        (json["ID"].clone(), json["Success"].clone()),
        (3.into(), true.into())
    );

    let delete = mock.run("a", &["delete", "3"], &[]);
    assert_eq!(
        (delete.code, delete.stdout.as_str()),
        (Some(0), "Deleted webhook 3.\n")
    );
    assert_eq!(mock.client("a").webhooks().list().await.unwrap().len(), 2);
}

#[test]
fn the_readme_shows_the_example_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let example = std::fs::read_to_string(root.join("examples/webhooks.yaml")).unwrap();
    assert!(
        readme.contains(&format!("```yaml\n{example}```")),
        "README.md must show examples/webhooks.yaml as it is"
    );
}

#[tokio::test]
async fn server_shows_the_hook_settings_with_credentials_hidden() {
    let mock = Mock::start("server");
    let run = mock.run("a", &["server"], &[]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(
        run.stdout,
        "InboundHookUrl   none\nBounceHookUrl    none\nOpenHookUrl      none\n\
         DeliveryHookUrl  none\nClickHookUrl     none\n"
    );
    mock.client("a")
        .server()
        .edit()
        .inbound_hook_url("http://in:url-pass-9@127.0.0.1:9/inbound?q-token-7")
        .await
        .unwrap();

    let run = mock.run("a", &["server"], &[]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stdout
            .starts_with("InboundHookUrl   http://REDACTED@127.0.0.1:9/inbound?REDACTED\n"),
        "{}",
        run.stdout
    );
    let run = mock.run("a", &["server", "--json"], &[]);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "InboundHookUrl": "http://REDACTED@127.0.0.1:9/inbound?REDACTED",
            "BounceHookUrl": null,
            "OpenHookUrl": null,
            "DeliveryHookUrl": null,
            "ClickHookUrl": null,
        })
    );
}

#[tokio::test]
async fn export_then_apply_carries_the_inbound_hook_url() {
    let mock = Mock::start("inbound-sync");
    let url = "https://in:url-pass-9@hooks.example.com/inbound";
    mock.client("a")
        .server()
        .edit()
        .inbound_hook_url(url)
        .await
        .unwrap();

    let export = mock.run("a", &["export"], &[]);
    assert_eq!(export.code, Some(0), "{export:?}");
    assert_eq!(
        export.stdout,
        "InboundHookUrl: https://in:${INBOUND_HOOK_URL_PASSWORD}@hooks.example.com/inbound\nWebhooks: []\n"
    );
    let file = mock.write("inbound.yaml", &export.stdout);
    let vars = [("INBOUND_HOOK_URL_PASSWORD", "url-pass-9")];

    let plan = mock.run("b", &["plan", "-f", &file], &vars);
    assert_eq!(plan.code, Some(2), "{plan:?}");
    assert!(
        plan.stdout
            .contains("~ InboundHookUrl: none -> https://REDACTED@hooks.example.com/inbound\n"),
        "{}",
        plan.stdout
    );
    let apply = mock.run("b", &["apply", "-f", &file, "--yes"], &vars);
    assert_eq!(apply.code, Some(0), "{apply:?}");
    let copied = mock.client("b").server().get().await.unwrap();
    assert_eq!(copied.inbound_hook_url.as_deref(), Some(url));
    let plan = mock.run("b", &["plan", "-f", &file], &vars);
    assert_eq!(plan.code, Some(0), "{plan:?}");
}

#[tokio::test]
async fn apply_of_an_inbound_hook_url_alone_asks_first() {
    let mock = Mock::start("inbound-confirm");
    let file = mock.write(
        "inbound-only.yaml",
        "InboundHookUrl: https://hooks.example.com/inbound\n",
    );
    let apply = mock.run("a", &["apply", "-f", &file], &[]);
    assert_eq!(apply.code, Some(1), "{apply:?}");
    assert_eq!(
        apply.stderr,
        "postmark-webhooks: standard input is not a terminal: pass --yes to apply without asking\n"
    );
    let server = mock.client("a").server().get().await.unwrap();
    assert_eq!(server.inbound_hook_url, None);
}
