//! Carrying out a plan, one change at a time, stopping at the first failure.

use crate::client::ServerClient;
use crate::error::Error;
use crate::model::HttpAuth;

use super::diff::{FieldChange, edited_triggers};
use super::file::DesiredWebhook;
use super::plan::{Change, InboundHookUrlChange, Plan};

/// How to apply.
///
/// ```
/// let options = postmark_webhooks::sync::ApplyOptions::new().verify(false);
/// assert!(!options.verify);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApplyOptions {
    /// Whether Postmark verifies each created or edited webhook first (a
    /// test request per enabled trigger, each to be answered with HTTP
    /// 200, else ErrorCode 1364 and nothing is saved). `true`, the default,
    /// leaves `Verify` out of the request, and Postmark's default is to
    /// verify; `false` sends `"Verify": false`, and the webhook is saved
    /// unverified (it receives no events until a verify succeeds).
    pub verify: bool,
}

impl Default for ApplyOptions {
    fn default() -> Self {
        Self { verify: true }
    }
}

impl ApplyOptions {
    /// The defaults: Postmark verifies.
    ///
    /// ```
    /// assert!(postmark_webhooks::sync::ApplyOptions::new().verify);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets [`verify`](Self::verify).
    ///
    /// ```
    /// let options = postmark_webhooks::sync::ApplyOptions::new().verify(false);
    /// ```
    pub fn verify(mut self, verify: bool) -> Self {
        self.verify = verify;
        self
    }
}

/// What [`apply`] did: one step per change of the plan, in order.
///
/// `Display` prints one line per step; `Serialize` writes JSON. Neither
/// shows a secret.
///
/// ```no_run
/// # async fn run(client: postmark_webhooks::ServerClient, plan: postmark_webhooks::sync::Plan) -> Result<(), Box<dyn std::error::Error>> {
/// let report = postmark_webhooks::sync::apply(&client, &plan, Default::default()).await?;
/// print!("{report}");
/// println!("{}", serde_json::to_string(&report)?);
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct ApplyReport {
    /// The server's new `InboundHookUrl` and whether it was set, when the
    /// plan had one; it is set before any webhook change.
    pub inbound_hook_url: Option<InboundHookUrlStep>,
    /// The steps, in the plan's order.
    pub steps: Vec<Step>,
}

/// The plan's `InboundHookUrl` change and what became of it.
///
/// ```
/// # fn f(report: postmark_webhooks::sync::ApplyReport) {
/// if let Some(step) = &report.inbound_hook_url {
///     println!("{}: {}", step.change, if step.result.is_ok() { "set" } else { "failed" });
/// }
/// # }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct InboundHookUrlStep {
    /// The change.
    pub change: InboundHookUrlChange,
    /// Whether `PUT /server` set it; when it failed, no webhook change was
    /// attempted.
    pub result: Result<(), Error>,
}

impl ApplyReport {
    /// Whether every change was made.
    ///
    /// ```
    /// # fn f(report: postmark_webhooks::sync::ApplyReport) {
    /// assert!(report.is_complete());
    /// # }
    /// ```
    pub fn is_complete(&self) -> bool {
        self.inbound_hook_url
            .as_ref()
            .is_none_or(|step| step.result.is_ok())
            && self
                .steps
                .iter()
                .all(|s| matches!(s.outcome, Outcome::Done { .. }))
    }

    /// The failed change and its error, if one failed.
    ///
    /// ```
    /// # fn f(report: postmark_webhooks::sync::ApplyReport) {
    /// if let Some((change, error)) = report.failure() { eprintln!("{change}: {error}"); }
    /// # }
    /// ```
    pub fn failure(&self) -> Option<(&Change, &Error)> {
        self.steps.iter().find_map(|s| match &s.outcome {
            Outcome::Failed(error) => Some((&s.change, error)),
            _ => None,
        })
    }
}

/// One change of a plan and what became of it.
///
/// ```
/// use postmark_webhooks::sync::{ApplyReport, Outcome};
/// fn created(report: &ApplyReport) -> Vec<i64> {
///     report.steps.iter()
///         .filter_map(|step| match step.outcome { Outcome::Done { id } if step.change.id().is_none() => Some(id), _ => None })
///         .collect()
/// }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct Step {
    /// The change.
    pub change: Change,
    /// What became of it.
    pub outcome: Outcome,
}

/// What became of a change.
///
/// ```
/// use postmark_webhooks::sync::Outcome;
/// fn done(outcome: &Outcome) -> bool {
///     matches!(outcome, Outcome::Done { .. })
/// }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Outcome {
    /// Made; the ID of the webhook created, edited or deleted.
    Done {
        /// The webhook's ID.
        id: i64,
    },
    /// Postmark or the connection refused it; nothing after it was tried.
    Failed(Error),
    /// Not tried, because an earlier change failed.
    NotAttempted,
}

/// A change failed: the report says what was done and what was not. The
/// server is left part-way; planning and applying again converges.
///
/// ```no_run
/// # async fn run(client: postmark_webhooks::ServerClient, plan: postmark_webhooks::sync::Plan) {
/// if let Err(failed) = postmark_webhooks::sync::apply(&client, &plan, Default::default()).await {
///     eprintln!("{failed}");
///     print!("{}", failed.report);
/// }
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[error("{}", failure_line(.report))]
pub struct ApplyError {
    /// The steps, with the failed one and those not attempted.
    pub report: ApplyReport,
}

fn failure_line(report: &ApplyReport) -> String {
    let done = report
        .steps
        .iter()
        .filter(|s| matches!(s.outcome, Outcome::Done { .. }))
        .count();
    let not_done = report
        .steps
        .iter()
        .filter(|s| matches!(s.outcome, Outcome::NotAttempted))
        .count();
    if let Some(InboundHookUrlStep {
        change,
        result: Err(error),
    }) = &report.inbound_hook_url
    {
        return format!(
            "setting {change} failed: {error} ({not_done} webhook change(s) not attempted)"
        );
    }
    match report.failure() {
        Some((change, error)) => format!(
            "{change} failed: {error} ({done} change(s) done before it, {not_done} not attempted)"
        ),
        None => "every change was made".to_owned(),
    }
}

/// Makes the plan's changes in its order: deletes, then updates, then
/// creates. Stops at the first failure.
///
/// Deleting a webhook that is already gone counts as done. Nothing is
/// retried that the client would not retry itself (a create is a POST, and
/// Postmark has no idempotency keys): after a failure, plan again and apply
/// the new plan.
///
/// ```no_run
/// use postmark_webhooks::sync::{self, ApplyOptions, DesiredState, PlanOptions};
///
/// # async fn run(client: postmark_webhooks::ServerClient, desired: DesiredState) -> Result<(), Box<dyn std::error::Error>> {
/// let plan = sync::plan(&client, &desired, PlanOptions::new()).await?;
/// match sync::apply(&client, &plan, ApplyOptions::new()).await {
///     Ok(report) => print!("{report}"),
///     Err(failed) => eprint!("{}\n{}", failed, failed.report),
/// }
/// # Ok(())
/// # }
/// ```
pub async fn apply(
    client: &ServerClient,
    plan: &Plan,
    options: ApplyOptions,
) -> Result<ApplyReport, ApplyError> {
    let mut steps = Vec::with_capacity(plan.changes.len());
    let mut failed = false;
    let inbound_hook_url = match &plan.inbound_hook_url {
        Some(change) => {
            let edit = client.server().edit();
            let edit = match &change.to {
                Some(url) => edit.inbound_hook_url(url),
                None => edit.clear_inbound_hook_url(),
            };
            let result = edit.await.map(drop);
            match &result {
                Ok(()) => tracing::info!(change = %change, "server change made"),
                Err(error) => {
                    tracing::warn!(change = %change, error = %error, "server change failed");
                    failed = true;
                }
            }
            Some(InboundHookUrlStep {
                change: change.clone(),
                result,
            })
        }
        None => None,
    };
    for change in &plan.changes {
        let outcome = if failed {
            Outcome::NotAttempted
        } else {
            match make(client, change, options).await {
                Ok(id) => {
                    tracing::info!(
                        change = %change,
                        id,
                        "webhook change made"
                    );
                    Outcome::Done { id }
                }
                Err(error) => {
                    tracing::warn!(change = %change, error = %error, "webhook change failed");
                    failed = true;
                    Outcome::Failed(error)
                }
            }
        };
        steps.push(Step {
            change: change.clone(),
            outcome,
        });
    }
    let report = ApplyReport {
        inbound_hook_url,
        steps,
    };
    if failed {
        Err(ApplyError { report })
    } else {
        Ok(report)
    }
}

/// Makes one change; returns the webhook's ID.
async fn make(client: &ServerClient, change: &Change, options: ApplyOptions) -> Result<i64, Error> {
    let hooks = client.webhooks();
    match change {
        Change::Delete { webhook, .. } => match hooks.delete(webhook.id).await {
            Err(e) if !e.is_not_found() => Err(e),
            _ => Ok(webhook.id),
        },
        Change::Create { webhook, .. } => {
            let mut create = hooks
                .create(&webhook.url)
                .message_stream(&webhook.message_stream)
                .triggers(webhook.triggers);
            if let Some(auth) = &webhook.http_auth {
                create = create.http_auth(&auth.username, &auth.password);
            }
            if !webhook.http_headers.is_empty() {
                create = create.http_headers(webhook.http_headers.iter().cloned());
            }
            if !options.verify {
                create = create.verify(false);
            }
            Ok(create.await?.id)
        }
        Change::Update {
            id,
            webhook,
            fields,
        } => {
            let mut edit = hooks.edit(*id);
            if let Some(triggers) = edited_triggers(&webhook.triggers, fields) {
                edit = edit.triggers(triggers);
            }
            if fields.iter().any(|f| matches!(f, FieldChange::HttpAuth(_))) {
                let auth = sent_auth(webhook);
                edit = edit.http_auth(auth.username, auth.password);
            }
            if fields
                .iter()
                .any(|f| matches!(f, FieldChange::HttpHeader { .. }))
            {
                edit = edit.http_headers(webhook.http_headers.iter().cloned());
            }
            if !options.verify {
                edit = edit.verify(false);
            }
            Ok(edit.await?.id)
        }
    }
}

/// The credentials an edit sends: the file's, or empty ones to remove them
/// (an omitted `HttpAuth` would leave them unchanged).
fn sent_auth(webhook: &DesiredWebhook) -> HttpAuth {
    webhook
        .http_auth
        .clone()
        .unwrap_or_else(|| HttpAuth::new("", ""))
}
