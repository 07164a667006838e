//! Serves the embedded Postmark-compatible webhooks API on a chosen port, for
//! applications in any language.
//!
//! ```text
//! postmark-mock [--host 127.0.0.1] [--port 8080] [--token TOKEN]... [--account-token TOKEN]
//!               [--delivery-time-scale F] [--remote-verification pass|fail]
//! ```

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;

use postmark_webhooks::events::RecordType;
use postmark_webhooks::mock::MockServer;

const USAGE: &str = "\
Serves a Postmark-compatible webhooks API (GET/POST /webhooks, GET/PUT/DELETE /webhooks/{id},
POST /webhooks/{id}/verify, GET /webhooks/{id}/statistics), the InboundHookUrl through
GET/PUT /server, and the account's servers (GET/POST /servers, GET /servers/{id}, with the
X-Postmark-Account-Token header).

Usage: postmark-mock [--host ADDR] [--port PORT] [--token TOKEN]... [--account-token TOKEN]
                     [--delivery-time-scale F] [--remote-verification pass|fail]

Options:
  --host ADDR                  address to listen on (default 127.0.0.1); any other than loopback
                               opens the API to the network (a warning says so)
  --port PORT                  port to listen on; 0 picks a free one (default 8080)
  --token TOKEN                accept this server token (repeatable); without it one is generated
  --account-token TOKEN        the account token; without it one is generated
  --delivery-time-scale F      multiply Postmark's retry waits (1, 5, 10, 10, 10, 15 min) by F
                               (default 0.001; 0 retries at once)
  --remote-verification V      how verification of URLs the mock does not contact (not loopback)
                               ends: pass (default) or fail
  -h, --help                   print this help

Delivering events (the mock's own route; Postmark's API has nothing under /__mock):
  POST /__mock/deliver/{RecordType}[?MessageStream=outbound&FirstOpen=true&Retries=6]
  with the X-Postmark-Server-Token header of the server whose webhooks should receive it.
  RecordType is one of RECORD_TYPES.
  The mock POSTs one event to every verified webhook of the stream whose trigger is enabled and not
  paused, retrying failures on Postmark's schedule, and answers with a JSON report per webhook.
  It only ever sends to loopback addresses, never to its own port.

  POST /__mock/deliver/Inbound[?Retries=10]
  POSTs one inbound email (the request body, or without one Postmark's documented example with a
  fresh MessageID) to the server's InboundHookUrl with the Basic credentials it carries, retrying
  any answer but 200 on Postmark's inbound schedule (1, 5, 10, 10, 10, 15, 30 min, 1, 2, 6 h, times
  the delivery time scale) and stopping at a 403; answers [{\"Delivered\", \"Attempts\"}], or [] without
  an InboundHookUrl.

Creating or editing a webhook verifies it unless the body says \"Verify\": false (Postmark's
default): one test request per enabled trigger, each answered 200, else ErrorCode 1364.";

/// The help text, naming the record types this version delivers.
fn usage() -> String {
    let names: Vec<&str> = RecordType::ALL.iter().map(|t| t.as_str()).collect();
    USAGE.replace("RECORD_TYPES", &names.join(", "))
}

struct Options {
    host: IpAddr,
    port: u16,
    tokens: Vec<String>,
    account_token: Option<String>,
    time_scale: Option<f64>,
    remote_verification: bool,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut options = Options {
        host: IpAddr::from([127, 0, 0, 1]),
        port: 8080,
        tokens: Vec::new(),
        account_token: None,
        time_scale: None,
        remote_verification: true,
    };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--host" => {
                let v = value("--host")?;
                options.host = v
                    .parse()
                    .map_err(|_| format!("--host: `{v}` is not an IP address"))?;
            }
            "--port" => {
                let v = value("--port")?;
                options.port = v
                    .parse()
                    .map_err(|_| format!("--port: `{v}` is not a port number"))?;
            }
            "--token" => options.tokens.push(value("--token")?),
            "--account-token" => options.account_token = Some(value("--account-token")?),
            "--delivery-time-scale" => {
                let v = value("--delivery-time-scale")?;
                let scale: f64 = v
                    .parse()
                    .ok()
                    .filter(|f: &f64| f.is_finite() && *f >= 0.0)
                    .ok_or_else(|| {
                        format!("--delivery-time-scale: `{v}` is not a non-negative number")
                    })?;
                options.time_scale = Some(scale);
            }
            "--remote-verification" => {
                let v = value("--remote-verification")?;
                options.remote_verification = match v.as_str() {
                    "pass" => true,
                    "fail" => false,
                    _ => {
                        return Err(format!(
                            "--remote-verification: `{v}` is neither pass nor fail"
                        ));
                    }
                };
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Some(options))
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{}", usage());
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("postmark-mock: {message}\n\n{}", usage());
            return ExitCode::from(2);
        }
    };
    let mock = match MockServer::bind(SocketAddr::new(options.host, options.port)).await {
        Ok(mock) => mock,
        Err(e) => {
            eprintln!(
                "postmark-mock: cannot listen on {}:{}: {e}",
                options.host, options.port
            );
            return ExitCode::FAILURE;
        }
    };
    if let Some(scale) = options.time_scale {
        mock.set_delivery_time_scale(scale);
    }
    mock.set_remote_verification(options.remote_verification);
    let mut tokens = vec![mock.server_token().to_owned()];
    for token in options.tokens {
        if mock.add_server_token(token.clone()) {
            tokens.push(token);
        }
    }
    if let Some(token) = options.account_token
        && !mock.set_account_token(token)
    {
        eprintln!("postmark-mock: --account-token must be non-empty and not a server token");
        return ExitCode::FAILURE;
    }
    // Listen for Ctrl-C before saying the server is ready, so that a
    // signal sent as soon as the address is printed stops it cleanly.
    let stop = match ctrl_c() {
        Ok(stop) => stop,
        Err(e) => {
            eprintln!("postmark-mock: cannot listen for Ctrl-C: {e}");
            return ExitCode::FAILURE;
        }
    };
    if !options.host.is_loopback() {
        eprintln!(
            "postmark-mock: warning: listening beyond loopback; anyone who can reach this machine can use the API with the tokens below, and read the credentials stored in webhooks"
        );
    }
    println!("Postmark webhooks mock listening on {}", mock.base_url());
    for token in &tokens {
        println!("server token: {token}");
    }
    println!("account token: {}", mock.account_token());
    println!("Press Ctrl-C to stop.");
    stop.await;
    ExitCode::SUCCESS
}

/// A future that ends at Ctrl-C, with the handler already installed.
#[cfg(unix)]
fn ctrl_c() -> std::io::Result<impl std::future::Future<Output = ()>> {
    let mut interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
    Ok(async move {
        interrupt.recv().await;
    })
}

/// A future that ends at Ctrl-C.
#[cfg(not(unix))]
fn ctrl_c() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
