//! The `postmark-mock` binary: serving the API on a port, its help and its
//! argument errors.
#![cfg(feature = "mock")]

use crate::standalone;

use std::process::{Command, Output, Stdio};

use standalone::{BANNER, BIN, Running};

use postmark_webhooks::ErrorCode;
use postmark_webhooks::triggers::{Click, Triggers};

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("postmark-mock runs")
}

#[tokio::test]
async fn serves_the_api_on_a_free_port_with_the_given_token() {
    let running = Running::start(&["--port", "0", "--token", "cli-token"]);
    let port: u16 = running
        .base_url
        .strip_prefix("http://127.0.0.1:")
        .unwrap_or_else(|| panic!("base URL {:?}", running.base_url))
        .parse()
        .expect("a port number");
    assert_ne!(port, 0, "the real port is printed");
    // A generated token, then the given one.
    assert_eq!(running.tokens.len(), 2, "{:?}", running.tokens);
    assert_eq!(running.tokens[1], "cli-token");
    assert_ne!(running.tokens[0], "cli-token");

    let client = running.client("cli-token");
    assert_eq!(client.webhooks().list().await.unwrap(), vec![]);
    let created = client
        .webhooks()
        .create("https://example.com/from-cli")
        .triggers(Triggers::new().click(Click::enabled()))
        .await
        .unwrap();
    assert_eq!(created.id, 1);
    assert_eq!(created.message_stream, "outbound");
    assert!(created.triggers.click.enabled);
    assert_eq!(
        client.webhooks().list().await.unwrap(),
        vec![created.clone()]
    );
    assert_eq!(client.webhooks().get(1).await.unwrap(), created);

    // The generated token is another server, with its own webhooks.
    let generated = running.client(&running.tokens[0]);
    assert_eq!(generated.webhooks().list().await.unwrap(), vec![]);

    // A token it was not given is refused.
    let err = running
        .client("not-given")
        .webhooks()
        .list()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.code(), Some(ErrorCode::InvalidToken));
}

#[tokio::test]
async fn tokens_are_repeatable_and_duplicates_are_listed_once() {
    let running = Running::start(&[
        "--port", "0", "--token", "a", "--token", "b", "--token", "a",
    ]);
    assert_eq!(running.tokens.len(), 3, "{:?}", running.tokens);
    assert_eq!(&running.tokens[1..], ["a", "b"]);
    let a = running.client("a");
    let b = running.client("b");
    a.webhooks().create("https://example.com/a").await.unwrap();
    assert_eq!(a.webhooks().list().await.unwrap().len(), 1);
    assert_eq!(b.webhooks().list().await.unwrap(), vec![]);
}

#[tokio::test]
async fn host_is_honoured() {
    let running = Running::start(&["--host", "127.0.0.1", "--port", "0"]);
    assert!(running.base_url.starts_with("http://127.0.0.1:"));
    assert_eq!(running.tokens.len(), 1);
    let client = running.client(&running.tokens[0].clone());
    assert_eq!(client.webhooks().list().await.unwrap(), vec![]);
}

/// The first lines the binary writes to stderr, after it was stopped.
fn stderr_of(mut running: Running) -> String {
    let _ = running.child.kill();
    let _ = running.child.wait();
    let mut stderr = String::new();
    if let Some(mut pipe) = running.child.stderr.take() {
        std::io::Read::read_to_string(&mut pipe, &mut stderr).unwrap();
    }
    stderr
}

#[test]
fn a_host_beyond_loopback_warns_that_the_api_is_open() {
    let quiet = Running::start(&["--port", "0"]);
    assert_eq!(stderr_of(quiet), "");
    for host in ["0.0.0.0", "::"] {
        let open = Running::start(&["--host", host, "--port", "0"]);
        let stderr = stderr_of(open);
        assert!(
            stderr.starts_with(
                "postmark-mock: warning: listening beyond loopback; anyone who can reach this machine can use the API"
            ),
            "{host}: {stderr:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_it_cleanly() {
    let mut running = Running::start(&["--port", "0"]);
    let pid = running.child.id().to_string();
    let status = Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let exit = running.child.wait().expect("postmark-mock exits");
    assert_eq!(exit.code(), Some(0), "{exit:?}");
}

#[test]
fn help_exits_0_and_prints_usage() {
    for flag in ["--help", "-h"] {
        let output = run(&[flag]);
        assert_eq!(output.status.code(), Some(0), "{flag}");
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(
            stdout.starts_with("Serves a Postmark-compatible webhooks API"),
            "{stdout}"
        );
        assert!(
            stdout.contains("Usage: postmark-mock [--host ADDR] [--port PORT] [--token TOKEN]..."),
            "{stdout}"
        );
        for option in [
            "--host ADDR",
            "--port PORT",
            "--token TOKEN",
            "--delivery-time-scale F",
            "POST /__mock/deliver/{RecordType}",
            "-h, --help",
        ] {
            assert!(stdout.contains(option), "{option} in {stdout}");
        }
        assert!(output.stderr.is_empty(), "{flag}");
    }
    // Help wins even after other options, and nothing is served.
    let output = run(&["--port", "0", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(!String::from_utf8(output.stdout).unwrap().contains(BANNER));
}

#[test]
fn an_unknown_argument_exits_2() {
    let output = run(&["--bogus"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("postmark-mock: unknown argument `--bogus`\n"),
        "{stderr}"
    );
    assert!(stderr.contains("Usage: postmark-mock"), "{stderr}");
}

#[test]
fn bad_option_values_exit_2() {
    for (args, message) in [
        (&["--port"][..], "postmark-mock: --port needs a value"),
        (
            &["--port", "abc"][..],
            "postmark-mock: --port: `abc` is not a port number",
        ),
        (
            &["--port", "70000"][..],
            "postmark-mock: --port: `70000` is not a port number",
        ),
        (
            &["--host", "localhost"][..],
            "postmark-mock: --host: `localhost` is not an IP address",
        ),
        (&["--token"][..], "postmark-mock: --token needs a value"),
        (
            &["--delivery-time-scale", "-1"][..],
            "postmark-mock: --delivery-time-scale: `-1` is not a non-negative number",
        ),
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.starts_with(message), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn a_port_in_use_exits_1() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = run(&["--port", &port]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!(
            "postmark-mock: cannot listen on 127.0.0.1:{port}: "
        )),
        "{stderr}"
    );
}

#[tokio::test]
async fn the_account_token_is_the_given_one_and_lists_the_servers() {
    let running = Running::start(&[
        "--port",
        "0",
        "--token",
        "cli-token",
        "--account-token",
        "cli-account",
    ]);
    assert_eq!(running.account_token, "cli-account");
    let account = postmark_webhooks::AccountClient::builder("cli-account")
        .base_url(&running.base_url)
        .build()
        .unwrap();
    let servers = account.servers().list().await.unwrap();
    let names: Vec<_> = servers.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Production01", "Production02"]);
    assert_eq!(servers[1].api_tokens[0].expose(), "cli-token");
}
