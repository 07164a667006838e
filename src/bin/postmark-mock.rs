//! Serves the embedded Postmark-compatible webhooks API on a chosen port, for
//! applications in any language.
//!
//! ```text
//! postmark-mock [--host 127.0.0.1] [--port 8080] [--token TOKEN]...
//! ```

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;

use postmark_webhooks::mock::MockServer;

const USAGE: &str = "\
Serves a Postmark-compatible webhooks API (GET/POST /webhooks, GET/PUT/DELETE /webhooks/{id}).

Usage: postmark-mock [--host ADDR] [--port PORT] [--token TOKEN]...

Options:
  --host ADDR     address to listen on (default 127.0.0.1)
  --port PORT     port to listen on; 0 picks a free one (default 8080)
  --token TOKEN   accept this server token (repeatable); without it one is generated
  -h, --help      print this help";

struct Options {
    host: IpAddr,
    port: u16,
    tokens: Vec<String>,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut options = Options {
        host: IpAddr::from([127, 0, 0, 1]),
        port: 8080,
        tokens: Vec::new(),
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
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("postmark-mock: {message}\n\n{USAGE}");
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
    let mut tokens = vec![mock.server_token().to_owned()];
    for token in options.tokens {
        if mock.add_server_token(token.clone()) {
            tokens.push(token);
        }
    }
    println!("Postmark webhooks mock listening on {}", mock.base_url());
    for token in &tokens {
        println!("server token: {token}");
    }
    println!("Press Ctrl-C to stop.");
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("postmark-mock: cannot wait for Ctrl-C: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
