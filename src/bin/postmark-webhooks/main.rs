//! `postmark-webhooks`: manage a Postmark server's webhooks from the command
//! line, and keep them as configuration (export, plan, apply).
//!
//! The server token comes from `POSTMARK_SERVER_TOKEN`; the API from
//! `POSTMARK_API_URL` or `--api-url` (Postmark's by default). A file of
//! `Servers`, and `export --all-servers`, use the account token from
//! `POSTMARK_ACCOUNT_TOKEN` instead. Exit codes: 0
//! success (for `plan`: in sync), 1 error, 2 changes pending (`plan`, or
//! `apply` that left the server still differing from the file).

mod account;
mod config;
mod listen;
mod server;
mod show;
mod trigger;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use postmark_webhooks::sync::{DesiredFile, Format};
use postmark_webhooks::{DEFAULT_BASE_URL, ServerClient};

/// Manage a Postmark server's webhooks, and keep them in step with a file.
///
/// The server token is read from POSTMARK_SERVER_TOKEN. Exit codes: 0 success
/// (plan: the server matches the file), 1 error, 2 changes pending.
#[derive(Parser)]
#[command(name = "postmark-webhooks", version)]
struct Cli {
    /// The Postmark API to talk to (such as a mock's http://127.0.0.1:8080).
    #[arg(long, env = "POSTMARK_API_URL", default_value = DEFAULT_BASE_URL, global = true)]
    api_url: String,
    /// The server token. Discouraged: a flag shows in `ps` and shell
    /// history; set POSTMARK_SERVER_TOKEN instead.
    #[arg(
        long,
        env = "POSTMARK_SERVER_TOKEN",
        hide_env_values = true,
        global = true
    )]
    token: Option<String>,
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the server's webhooks.
    List {
        /// Only this message stream's.
        #[arg(long)]
        stream: Option<String>,
    },
    /// Show one webhook.
    Get {
        /// The webhook's ID.
        id: i64,
    },
    /// Delete one webhook.
    Delete {
        /// The webhook's ID.
        id: i64,
    },
    /// Ask Postmark to send a test request per enabled trigger (exit 1 if
    /// any was not answered with HTTP 200).
    Verify {
        /// The webhook's ID.
        id: i64,
    },
    /// Show a webhook's delivery statistics over the last 24 hours, per
    /// trigger.
    Stats {
        /// The webhook's ID.
        id: i64,
    },
    /// Show the server's hook settings: its InboundHookUrl (where Postmark
    /// POSTs inbound email) and the legacy per-event hook URLs, credentials
    /// and queries hidden.
    Server,
    /// Print the webhooks (and the server's InboundHookUrl) as a
    /// desired-state file, secrets replaced by ${...} references (their
    /// names are printed on standard error).
    Export {
        /// Only this message stream's (without the InboundHookUrl).
        #[arg(long)]
        stream: Option<String>,
        /// The file's format: yaml, json or toml.
        #[arg(long, default_value = "yaml")]
        format: Format,
        /// Write passwords, header values and URL secrets as they are.
        #[arg(long)]
        include_secrets: bool,
        /// Write every server of the account as one file of `Servers`
        /// (needs POSTMARK_ACCOUNT_TOKEN).
        #[arg(long, conflicts_with_all = ["stream", "server"])]
        all_servers: bool,
        /// Write only this server of the account, by its exact name, as a
        /// file of `Servers` (needs POSTMARK_ACCOUNT_TOKEN).
        #[arg(long, conflicts_with = "stream")]
        server: Option<String>,
    },
    /// Show what apply would change (exit 0 in sync, 2 changes pending).
    Plan(FileArgs),
    /// Make the server match the file (asks first on a terminal).
    Apply {
        #[command(flatten)]
        file: FileArgs,
        /// Apply without asking (needed when standard input is not a
        /// terminal).
        #[arg(long, short = 'y')]
        yes: bool,
        /// Send "Verify": false: Postmark saves the webhooks without test
        /// requests, unverified (they receive no events until verified).
        #[arg(long)]
        no_verify: bool,
    },
    /// Receive Postmark's webhook requests (with --inbound, a server's
    /// inbound email) on any path: check each, print
    /// each new delivery as a JSON line (or forward it to --forward-to),
    /// and print refusals on standard error. Stops on Ctrl-C or SIGTERM.
    Listen(listen::ListenArgs),
    /// POST one realistic event of a record type to a receiver, as Postmark
    /// does, and print each answer (exit 1 unless every answer was 2xx).
    Trigger(trigger::TriggerArgs),
}

#[derive(clap::Args)]
struct FileArgs {
    /// The desired-state file (.json, .yaml, .yml or .toml).
    #[arg(short = 'f', long)]
    file: PathBuf,
    /// The file's format, if its extension does not tell it.
    #[arg(long)]
    format: Option<Format>,
    /// Also delete the webhooks of the file's message streams that the file
    /// does not list.
    #[arg(long)]
    prune: bool,
    /// With a file of `Servers`: only this server, by its exact name.
    #[arg(long)]
    server: Option<String>,
}

/// What a command ends with: an exit code, or one line for standard error.
type Outcome = Result<ExitCode, String>;

/// Changes are pending (plan), or remain (apply).
const PENDING: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return fail(format!("cannot start: {e}")),
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(message) => fail(message),
    }
}

fn fail(message: String) -> ExitCode {
    eprintln!("postmark-webhooks: {message}");
    ExitCode::FAILURE
}

async fn run(cli: Cli) -> Outcome {
    match cli.command {
        // A receiver: it needs no server token.
        Command::Listen(args) => listen::listen(args).await,
        // It sends to the user's own endpoint: no server token either.
        Command::Trigger(args) => trigger::trigger(args, cli.json).await,
        command => manage(command, &cli.api_url, cli.token, cli.json).await,
    }
}

/// A command that talks to Postmark's API with the server token, or, for a
/// file of `Servers` and `export --all-servers`/`--server`, the account
/// token.
async fn manage(command: Command, api_url: &str, token: Option<String>, json: bool) -> Outcome {
    let command = match command {
        Command::Export {
            all_servers,
            server,
            format,
            include_secrets,
            ..
        } if all_servers || server.is_some() => {
            return account::export(api_url, server.as_deref(), format, include_secrets).await;
        }
        Command::Plan(file) => match config::read(&file)? {
            DesiredFile::Account(desired) => {
                return account::plan(api_url, desired, file.server.as_deref(), file.prune, json)
                    .await;
            }
            _ => Command::Plan(file),
        },
        Command::Apply {
            file,
            yes,
            no_verify,
        } => match config::read(&file)? {
            DesiredFile::Account(desired) => {
                let confirm = |changes| config::confirm_unless(yes, changes, api_url);
                return account::apply(
                    api_url,
                    desired,
                    file.server.as_deref(),
                    file.prune,
                    confirm,
                    !no_verify,
                    json,
                )
                .await;
            }
            _ => Command::Apply {
                file,
                yes,
                no_verify,
            },
        },
        command => command,
    };
    if let Command::Plan(FileArgs {
        server: Some(_), ..
    })
    | Command::Apply {
        file: FileArgs {
            server: Some(_), ..
        },
        ..
    } = &command
    {
        return Err("--server needs a file of `Servers`".to_owned());
    }
    let token = token
        .filter(|t| !t.is_empty())
        .ok_or("no server token: set POSTMARK_SERVER_TOKEN to the token of the Postmark server")?;
    let client = ServerClient::builder(token)
        .base_url(api_url)
        .build()
        .map_err(|e| e.to_string())?;
    match command {
        Command::List { stream } => show::list(&client, stream, json).await,
        Command::Get { id } => show::get(&client, id, json).await,
        Command::Delete { id } => show::delete(&client, id, json).await,
        Command::Verify { id } => show::verify(&client, id, json).await,
        Command::Stats { id } => show::stats(&client, id, json).await,
        Command::Server => server::show(&client, json).await,
        Command::Export {
            stream,
            format,
            include_secrets,
            ..
        } => config::export(&client, stream, format, include_secrets).await,
        Command::Plan(file) => config::plan(&client, &file, json).await,
        Command::Apply {
            file,
            yes,
            no_verify,
        } => config::apply(&client, &file, yes, !no_verify, json).await,
        Command::Listen(args) => listen::listen(args).await,
        Command::Trigger(args) => trigger::trigger(args, json).await,
    }
}

/// Prints a value as pretty JSON on standard output.
fn print_json(value: &impl serde::Serialize) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(e) => eprintln!("postmark-webhooks: cannot write JSON: {e}"),
    }
}
