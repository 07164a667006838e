//! A running `postmark-mock` binary, for tests that use the mock as another
//! language would: over plain HTTP on a port.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Lines};
use std::process::{Child, ChildStdout, Command, Stdio};

use postmark_webhooks::ServerClient;

pub const BIN: &str = env!("CARGO_BIN_EXE_postmark-mock");
pub const BANNER: &str = "Postmark webhooks mock listening on ";

/// A running `postmark-mock`, killed when dropped (also when a test panics).
pub struct Running {
    pub child: Child,
    lines: Lines<BufReader<ChildStdout>>,
    pub base_url: String,
    pub tokens: Vec<String>,
    /// The account token it printed.
    pub account_token: String,
}

impl Running {
    /// Starts the binary with these arguments and reads its banner: the URL,
    /// the server tokens, and the Ctrl-C line.
    pub fn start(args: &[&str]) -> Self {
        let mut child = Command::new(BIN)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("postmark-mock starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut running = Self {
            child,
            lines: BufReader::new(stdout).lines(),
            base_url: String::new(),
            tokens: Vec::new(),
            account_token: String::new(),
        };
        let first = running.next_line();
        running.base_url = first
            .strip_prefix(BANNER)
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
            .to_owned();
        loop {
            let line = running.next_line();
            if line == "Press Ctrl-C to stop." {
                break;
            }
            if let Some(token) = line.strip_prefix("account token: ") {
                running.account_token = token.to_owned();
                continue;
            }
            let token = line
                .strip_prefix("server token: ")
                .unwrap_or_else(|| panic!("unexpected line {line:?}"));
            running.tokens.push(token.to_owned());
        }
        running
    }

    pub fn next_line(&mut self) -> String {
        match self.lines.next() {
            Some(Ok(line)) => line,
            other => {
                let _ = self.child.kill();
                let status = self.child.wait();
                panic!("postmark-mock stopped printing: {other:?}, exit {status:?}")
            }
        }
    }

    pub fn client(&self, token: &str) -> ServerClient {
        ServerClient::builder(token)
            .base_url(&self.base_url)
            .build()
            .expect("a client for the binary builds")
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
