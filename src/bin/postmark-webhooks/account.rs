//! `plan`, `apply` and `export` across the servers of an account, with the
//! account token from `POSTMARK_ACCOUNT_TOKEN`.

use std::process::ExitCode;

use postmark_webhooks::AccountClient;
use postmark_webhooks::sync::{
    self, AccountPlan, ApplyOptions, DesiredAccount, Format, PlanOptions,
};
use serde_json::json;

use super::{Outcome, PENDING, config, print_json};

/// The account client, from `POSTMARK_ACCOUNT_TOKEN`.
pub(crate) fn client(api_url: &str) -> Result<AccountClient, String> {
    let token = std::env::var("POSTMARK_ACCOUNT_TOKEN")
        .ok()
        .filter(|t| !t.is_empty())
        .ok_or("the file lists Servers: set POSTMARK_ACCOUNT_TOKEN to the account's token")?;
    AccountClient::builder(token)
        .base_url(api_url)
        .build()
        .map_err(|e| e.to_string())
}

/// The servers of the file, or only `server`'s.
fn selected(desired: DesiredAccount, server: Option<&str>) -> Result<DesiredAccount, String> {
    match server {
        None => Ok(desired),
        Some(name) => desired
            .only(name)
            .ok_or_else(|| format!("the file names no server {name}")),
    }
}

fn exit_for(plan: &AccountPlan) -> ExitCode {
    if plan.is_in_sync() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(PENDING)
    }
}

async fn plan_for(
    client: &AccountClient,
    desired: &DesiredAccount,
    prune: bool,
) -> Result<AccountPlan, String> {
    sync::plan_account(client, desired, PlanOptions::new().prune(prune))
        .await
        .map_err(|e| e.to_string())
}

pub(crate) async fn plan(
    api_url: &str,
    desired: DesiredAccount,
    server: Option<&str>,
    prune: bool,
    json: bool,
) -> Outcome {
    let client = client(api_url)?;
    let desired = selected(desired, server)?;
    let plan = plan_for(&client, &desired, prune).await?;
    if json {
        print_json(&plan);
    } else {
        print!("{plan}");
    }
    Ok(exit_for(&plan))
}

pub(crate) async fn apply(
    api_url: &str,
    desired: DesiredAccount,
    server: Option<&str>,
    prune: bool,
    confirm: impl FnOnce(usize) -> Result<(), String>,
    verify: bool,
    json: bool,
) -> Outcome {
    let client = client(api_url)?;
    let desired = selected(desired, server)?;
    let plan = plan_for(&client, &desired, prune).await?;
    if !json {
        print!("{plan}");
    }
    if plan.change_count() > 0 {
        confirm(plan.change_count())?;
    }
    let report = match sync::apply_account(&plan, ApplyOptions::new().verify(verify)).await {
        Ok(report) => report,
        Err(failed) => {
            if json {
                print_json(&json!({"plan": plan, "report": failed}));
            } else {
                print!("{}", failed.done);
                print!("{}", failed.error.report);
            }
            return Err(failed.to_string());
        }
    };
    let after = plan_for(&client, &desired, prune).await?;
    if json {
        print_json(&json!({"plan": plan, "report": report, "after": after}));
    } else {
        print!("{report}");
        if after.is_in_sync() {
            println!("The servers match the file.");
        } else {
            println!("The servers still differ from the file:");
            print!("{after}");
        }
    }
    Ok(exit_for(&after))
}

/// Writes the servers' webhooks (every server, or only `server`) as one
/// file.
pub(crate) async fn export(
    api_url: &str,
    server: Option<&str>,
    format: Format,
    include_secrets: bool,
) -> Outcome {
    let client = client(api_url)?;
    let mut servers = client.servers().list().await.map_err(|e| e.to_string())?;
    if let Some(name) = server {
        servers.retain(|s| s.name == name);
        match servers.len() {
            0 => return Err(format!("no server of the account is named {name}")),
            1 => {}
            n => return Err(format!("{n} servers of the account are named {name}")),
        }
    }
    let mut all = Vec::with_capacity(servers.len());
    for server in &servers {
        let server_client = client.server_client(server).map_err(|e| e.to_string())?;
        let mut webhooks = server_client
            .webhooks()
            .list()
            .await
            .map_err(|e| format!("server {}: {e}", server.name))?;
        webhooks.sort_by_key(|w| w.id);
        all.push((server.clone(), webhooks));
    }
    let (account, variables) = sync::export_account(&all, config::secrets(include_secrets));
    config::print_export(&account.to_text(format), &variables)
}
