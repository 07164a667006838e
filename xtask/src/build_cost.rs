//! `cargo xtask build-cost`: a clean debug build of a small application that
//! uses the SDK, against the same application written with reqwest, serde
//! and tokio alone (same TLS choice: reqwest's rustls), each in a fresh
//! target directory. Sources are fetched first, so only compiling is timed.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// The SDK application: list webhooks and print them.
const SDK_MAIN: &str = r#"use postmark_webhooks::ServerClient;

#[tokio::main]
async fn main() -> Result<(), postmark_webhooks::Error> {
    let token = std::env::var("POSTMARK_SERVER_TOKEN").unwrap_or_default();
    let client = ServerClient::new(token)?;
    for webhook in client.webhooks().list().await? {
        println!("{} {} {}", webhook.id, webhook.url, webhook.triggers.open.enabled);
    }
    Ok(())
}
"#;

/// The same application by hand.
const RAW_MAIN: &str = r#"use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct List {
    webhooks: Vec<Webhook>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Webhook {
    #[serde(rename = "ID")]
    id: i64,
    url: String,
    triggers: Triggers,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Triggers {
    open: Enabled,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Enabled {
    enabled: bool,
}

#[tokio::main]
async fn main() -> Result<(), reqwest::Error> {
    let token = std::env::var("POSTMARK_SERVER_TOKEN").unwrap_or_default();
    let list: List = reqwest::Client::new()
        .get("https://api.postmarkapp.com/webhooks")
        .header("X-Postmark-Server-Token", token)
        .header("Accept", "application/json")
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    for webhook in list.webhooks {
        println!("{} {} {}", webhook.id, webhook.url, webhook.triggers.open.enabled);
    }
    Ok(())
}
"#;

fn manifest(name: &str, dependencies: &str) -> String {
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [workspace]\n\n[dependencies]\n{dependencies}"
    )
}

fn write_app(dir: &Path, name: &str, dependencies: &str, main: &str) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", dir.display());
    std::fs::create_dir_all(dir.join("src")).map_err(fail)?;
    std::fs::write(dir.join("Cargo.toml"), manifest(name, dependencies)).map_err(fail)?;
    std::fs::write(dir.join("src/main.rs"), main).map_err(fail)
}

fn cargo(dir: &Path, args: &[&str], target_dir: Option<&Path>) -> Result<(), String> {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.args(args).current_dir(dir);
    if let Some(target) = target_dir {
        command.env("CARGO_TARGET_DIR", target);
    }
    // A user's first build of a dependency is not incremental either.
    command.env("CARGO_INCREMENTAL", "0");
    let status = command
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "`cargo {}` failed in {}",
            args.join(" "),
            dir.display()
        ))
    }
}

/// How many times each application is built.
const ROUNDS: u32 = 2;

/// Fetches, then times a clean debug build in a fresh target directory.
fn clean_build(dir: &Path) -> Result<Duration, String> {
    cargo(dir, &["fetch", "--quiet"], None)?;
    let target = dir.join("target");
    let _ = std::fs::remove_dir_all(&target);
    let started = Instant::now();
    cargo(dir, &["build", "--quiet", "--offline"], Some(&target))?;
    Ok(started.elapsed())
}

/// Builds both applications and prints their times and the ratio.
pub fn run(root: &Path) -> Result<(), String> {
    let base = root.join("target/build-cost");
    let sdk = base.join("sdk-app");
    let raw = base.join("raw-app");
    let sdk_deps = format!(
        "postmark-webhooks = {{ path = {:?} }}\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n",
        root.display().to_string()
    );
    let raw_deps = "reqwest = { version = \"0.13\", default-features = false, features = [\"json\", \"rustls\", \"http2\"] }\n\
                    serde = { version = \"1\", features = [\"derive\"] }\n\
                    serde_json = \"1\"\n\
                    tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n";
    write_app(&sdk, "sdk-app", &sdk_deps, SDK_MAIN)?;
    write_app(&raw, "raw-app", raw_deps, RAW_MAIN)?;
    // Each build has its own target directory, so neither warms the other;
    // alternating the two over rounds lets both see the same machine, and
    // the fastest round of each is the least disturbed.
    let mut raw_time = Duration::MAX;
    let mut sdk_time = Duration::MAX;
    for round in 1..=ROUNDS {
        println!("round {round}/{ROUNDS}: the reqwest + serde + tokio application…");
        raw_time = raw_time.min(clean_build(&raw)?);
        println!("round {round}/{ROUNDS}: the postmark-webhooks application…");
        sdk_time = sdk_time.min(clean_build(&sdk)?);
    }
    println!(
        "\nclean debug build (CARGO_INCREMENTAL=0, {} jobs, fastest of {ROUNDS}):\n  reqwest + serde + tokio  {:>7.1} s\n  postmark-webhooks        {:>7.1} s\n  ratio                    {:>7.2}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        raw_time.as_secs_f64(),
        sdk_time.as_secs_f64(),
        sdk_time.as_secs_f64() / raw_time.as_secs_f64()
    );
    Ok(())
}
