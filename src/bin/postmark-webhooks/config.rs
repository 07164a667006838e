//! `export`, `plan` and `apply`: webhooks as configuration.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use postmark_webhooks::ServerClient;
use postmark_webhooks::sync::{
    self, ApplyOptions, DesiredFile, DesiredState, FileError, Format, Plan, PlanOptions, Secrets,
};
use serde_json::json;

use super::{FileArgs, Outcome, PENDING, print_json};

pub(crate) async fn export(
    client: &ServerClient,
    stream: Option<String>,
    format: Format,
    include_secrets: bool,
) -> Outcome {
    // The whole server's export carries its InboundHookUrl; one stream's
    // does not.
    let inbound_hook_url = match stream {
        None => {
            let server = client.server().get().await.map_err(|e| e.to_string())?;
            server.inbound_hook_url
        }
        Some(_) => None,
    };
    let mut list = client.webhooks().list();
    if let Some(stream) = stream {
        list = list.message_stream(stream);
    }
    let mut webhooks = list.await.map_err(|e| e.to_string())?;
    webhooks.sort_by_key(|w| w.id);
    let (state, variables) = sync::export_server(
        inbound_hook_url.as_deref(),
        &webhooks,
        secrets(include_secrets),
    );
    print_export(&state.to_text(format), &variables)
}

/// What an export does with secrets.
pub(crate) fn secrets(include: bool) -> Secrets {
    if include {
        Secrets::Include
    } else {
        Secrets::References
    }
}

/// Prints an exported file, and on standard error the variables it
/// references.
pub(crate) fn print_export(text: &str, variables: &[String]) -> Outcome {
    print!("{text}");
    if !variables.is_empty() {
        eprintln!("The file references these environment variables, which plan and apply need:");
        for name in variables {
            eprintln!("  {name}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads the file (references expanded from the process environment) and
/// plans against the server.
async fn load_and_plan(
    client: &ServerClient,
    args: &FileArgs,
) -> Result<(DesiredState, Plan), String> {
    let desired = match read(args)? {
        DesiredFile::Server(desired) => desired,
        _ => {
            return Err(format!(
                "{}: {}",
                args.file.display(),
                FileError::ManyServers
            ));
        }
    };
    let plan = plan_for(client, &desired, args.prune).await?;
    Ok((desired, plan))
}

/// Reads the file, references expanded from the process environment.
pub(crate) fn read(args: &FileArgs) -> Result<DesiredFile, String> {
    let env = |name: &str| std::env::var(name).ok();
    DesiredFile::read(&args.file, args.format, &env).map_err(|e| match e {
        // These name the file already.
        FileError::Read { .. } | FileError::UnknownFormat { .. } => e.to_string(),
        _ => format!("{}: {e}", args.file.display()),
    })
}

/// Asks on the terminal before `changes` changes, unless `yes`.
pub(crate) fn confirm_unless(yes: bool, changes: usize, target: &str) -> Result<(), String> {
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(
            "standard input is not a terminal: pass --yes to apply without asking".to_owned(),
        );
    }
    eprint!("Apply {changes} change(s) to {target}? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| format!("cannot read the answer: {e}"))?;
    if matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes") {
        Ok(())
    } else {
        Err("not applied".to_owned())
    }
}

async fn plan_for(
    client: &ServerClient,
    desired: &DesiredState,
    prune: bool,
) -> Result<Plan, String> {
    sync::plan(client, desired, PlanOptions::new().prune(prune))
        .await
        .map_err(|e| e.to_string())
}

fn exit_for(plan: &Plan) -> ExitCode {
    if plan.is_in_sync() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(PENDING)
    }
}

pub(crate) async fn plan(client: &ServerClient, args: &FileArgs, json: bool) -> Outcome {
    let (_, plan) = load_and_plan(client, args).await?;
    if json {
        print_json(&plan);
    } else {
        print!("{plan}");
    }
    Ok(exit_for(&plan))
}

pub(crate) async fn apply(
    client: &ServerClient,
    args: &FileArgs,
    yes: bool,
    verify: bool,
    json: bool,
) -> Outcome {
    let (desired, plan) = load_and_plan(client, args).await?;
    if !json {
        print!("{plan}");
    }
    if plan.change_count() > 0 {
        confirm_unless(yes, plan.change_count(), client.base_url())?;
    }
    let result = sync::apply(client, &plan, ApplyOptions::new().verify(verify)).await;
    let report = match &result {
        Ok(report) => report,
        Err(failed) => &failed.report,
    };
    if let Err(failed) = &result {
        if json {
            print_json(&json!({"plan": plan, "report": report}));
        } else {
            print!("{report}");
        }
        return Err(failed.to_string());
    }
    let after = plan_for(client, &desired, args.prune).await?;
    if json {
        print_json(&json!({"plan": plan, "report": report, "after": after}));
    } else {
        print!("{report}");
        if after.is_in_sync() {
            println!("The server matches the file.");
        } else {
            println!("The server still differs from the file:");
            print!("{after}");
        }
    }
    Ok(exit_for(&after))
}
