//! Comparing a desired state with the server: what to create, update and
//! (with pruning) delete.

use std::collections::BTreeMap;
use std::fmt;

use crate::client::ServerClient;
use crate::error::Error;
use crate::model::Webhook;
use crate::redact::{RedactedOptionUrl, RedactedUrl};

use super::diff::{FieldChange, Settings, diff};
use super::file::{DesiredState, DesiredWebhook};

/// How to plan.
///
/// ```
/// let options = postmark_webhooks::sync::PlanOptions::new().prune(true);
/// assert!(options.prune);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PlanOptions {
    /// Delete the webhooks of the file's message streams that the file does
    /// not list (and the extra copies of duplicates). Off by default:
    /// without it, a plan never deletes.
    pub prune: bool,
}

impl PlanOptions {
    /// The defaults: no pruning.
    ///
    /// ```
    /// assert!(!postmark_webhooks::sync::PlanOptions::new().prune);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets [`prune`](Self::prune).
    ///
    /// ```
    /// let options = postmark_webhooks::sync::PlanOptions::new().prune(true);
    /// ```
    pub fn prune(mut self, prune: bool) -> Self {
        self.prune = prune;
        self
    }
}

/// What it takes to make the server match a desired state.
///
/// `Display` prints it for people, `Serialize` as JSON for programs, and
/// `Debug` for developers; none of them shows a password, a header value or
/// URL credentials.
///
/// ```no_run
/// use postmark_webhooks::sync::{self, DesiredState, PlanOptions};
///
/// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), Box<dyn std::error::Error>> {
/// let desired = DesiredState::read("webhooks.yaml", None, &|name| std::env::var(name).ok())?;
/// let plan = sync::plan(&client, &desired, PlanOptions::new()).await?;
/// print!("{plan}");
/// if !plan.is_in_sync() {
///     sync::apply(&client, &plan, Default::default()).await?;
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Plan {
    /// The message streams compared: those the file names, sorted.
    pub message_streams: Vec<String>,
    /// The changes, in the order [`apply`](super::apply) makes them:
    /// deletes first (so a swap never meets the ten-per-stream limit), then
    /// updates, then creates.
    pub changes: Vec<Change>,
    /// Identities the file lists that the server holds more than once.
    pub duplicates: Vec<Duplicate>,
    /// The server's `InboundHookUrl`, when the file sets one that differs.
    pub inbound_hook_url: Option<InboundHookUrlChange>,
}

/// A new `InboundHookUrl` for the server, or its removal (`PUT /server`).
/// `Display` and `Debug` hide credentials, query and fragment of both URLs.
///
/// ```
/// use postmark_webhooks::sync::InboundHookUrlChange;
/// let change = InboundHookUrlChange::new(None, Some("https://in:pw@example.com/inbound".into()));
/// assert_eq!(change.to_string(), "InboundHookUrl: none -> https://REDACTED@example.com/inbound");
/// let removal = InboundHookUrlChange::new(Some("https://example.com/inbound".into()), None);
/// assert_eq!(removal.to_string(), "InboundHookUrl: https://example.com/inbound -> none");
/// ```
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct InboundHookUrlChange {
    /// The URL the server has, if any.
    pub from: Option<String>,
    /// The URL the file sets; `None` removes the server's (the file's
    /// `InboundHookUrl: ""`).
    pub to: Option<String>,
}

impl InboundHookUrlChange {
    /// The change from `from` (the server's URL, if any) to `to`.
    ///
    /// ```
    /// use postmark_webhooks::sync::InboundHookUrlChange;
    /// let change = InboundHookUrlChange::new(Some("https://old.example.com/in".into()), None);
    /// assert_eq!(change.from.as_deref(), Some("https://old.example.com/in"));
    /// ```
    pub fn new(from: Option<String>, to: Option<String>) -> Self {
        Self { from, to }
    }
}

impl fmt::Debug for InboundHookUrlChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InboundHookUrlChange")
            .field("from", &RedactedOptionUrl(self.from.as_deref()))
            .field("to", &RedactedOptionUrl(self.to.as_deref()))
            .finish()
    }
}

impl Plan {
    /// Whether the server matches the file: nothing to change and no
    /// duplicates.
    ///
    /// ```
    /// # fn f(plan: postmark_webhooks::sync::Plan) {
    /// if plan.is_in_sync() { println!("nothing to do"); }
    /// # }
    /// ```
    pub fn is_in_sync(&self) -> bool {
        self.changes.is_empty() && self.duplicates.is_empty() && self.inbound_hook_url.is_none()
    }

    /// How many requests [`apply`](super::apply) would make: the webhook
    /// changes, and one for the `InboundHookUrl` when it changes.
    ///
    /// ```
    /// # fn f(plan: postmark_webhooks::sync::Plan) {
    /// println!("{} change(s) to make", plan.change_count());
    /// # }
    /// ```
    pub fn change_count(&self) -> usize {
        self.changes.len() + usize::from(self.inbound_hook_url.is_some())
    }
}

/// One change of a plan. `Display` writes one line, such as
/// `update 12 outbound https://example.com/hook`.
///
/// ```
/// use postmark_webhooks::sync::{Change, DesiredWebhook};
/// let change = Change::Create { webhook: DesiredWebhook::new("https://u:p@example.com/hook"), fields: vec![] };
/// assert_eq!(change.to_string(), "create outbound https://REDACTED@example.com/hook");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Change {
    /// Create a webhook the server does not have.
    Create {
        /// The webhook as the file has it.
        webhook: DesiredWebhook,
        /// What it sets beyond Postmark's defaults.
        fields: Vec<FieldChange>,
    },
    /// Edit a webhook whose settings differ from the file's.
    Update {
        /// The webhook's ID.
        id: i64,
        /// The webhook as the file has it.
        webhook: DesiredWebhook,
        /// What differs.
        fields: Vec<FieldChange>,
    },
    /// Delete a webhook (only when pruning).
    Delete {
        /// The webhook as the server has it.
        webhook: Webhook,
        /// Why.
        reason: DeleteReason,
    },
}

impl Change {
    /// The message stream of the webhook concerned.
    ///
    /// ```
    /// # fn f(change: &postmark_webhooks::sync::Change) {
    /// println!("{}", change.message_stream());
    /// # }
    /// ```
    pub fn message_stream(&self) -> &str {
        match self {
            Self::Create { webhook, .. } | Self::Update { webhook, .. } => &webhook.message_stream,
            Self::Delete { webhook, .. } => &webhook.message_stream,
        }
    }

    /// The URL of the webhook concerned, as it is (it may carry
    /// credentials; `Display` and JSON hide them).
    ///
    /// ```
    /// # fn f(change: &postmark_webhooks::sync::Change) {
    /// let url = change.url();
    /// # }
    /// ```
    pub fn url(&self) -> &str {
        match self {
            Self::Create { webhook, .. } | Self::Update { webhook, .. } => &webhook.url,
            Self::Delete { webhook, .. } => &webhook.url,
        }
    }

    /// The ID of the webhook concerned; `None` for one to create.
    ///
    /// ```
    /// # fn f(change: &postmark_webhooks::sync::Change) {
    /// let id: Option<i64> = change.id();
    /// # }
    /// ```
    pub fn id(&self) -> Option<i64> {
        match self {
            Self::Create { .. } => None,
            Self::Update { id, .. } => Some(*id),
            Self::Delete { webhook, .. } => Some(webhook.id),
        }
    }

    /// The field changes (none for a delete).
    ///
    /// ```
    /// # fn f(change: &postmark_webhooks::sync::Change) {
    /// for field in change.fields() { println!("{field}"); }
    /// # }
    /// ```
    pub fn fields(&self) -> &[FieldChange] {
        match self {
            Self::Create { fields, .. } | Self::Update { fields, .. } => fields,
            Self::Delete { .. } => &[],
        }
    }

    /// The URL with credentials and query hidden.
    pub(crate) fn shown_url(&self) -> String {
        RedactedUrl(self.url()).to_string()
    }
}

/// Why a plan deletes a webhook.
///
/// ```
/// use postmark_webhooks::sync::DeleteReason;
/// assert_eq!(DeleteReason::Duplicate { kept: 12 }.to_string(), "duplicate of 12");
/// assert_eq!(DeleteReason::NotInFile.to_string(), "not in the file");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DeleteReason {
    /// The file does not list it, and pruning was asked for.
    NotInFile,
    /// It repeats the identity of the webhook with this (lower) ID, which
    /// is the one kept.
    Duplicate {
        /// The ID of the webhook that is kept.
        kept: i64,
    },
}

/// An identity that the server holds more than once. The webhook with the
/// lowest ID is the one compared and updated; only pruning deletes the
/// others, so without it the server cannot match the file.
///
/// ```
/// # fn f(plan: postmark_webhooks::sync::Plan) {
/// for dup in &plan.duplicates {
///     println!("{} webhooks share {} {}", dup.ids.len(), dup.message_stream, dup.url);
/// }
/// # }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Duplicate {
    /// The message stream.
    pub message_stream: String,
    /// The URL, as it is.
    pub url: String,
    /// The IDs of the webhooks, lowest (the one kept) first.
    pub ids: Vec<i64>,
}

/// Compares `desired` with the server: lists the webhooks of each message
/// stream the file names (one request per stream) and changes nothing.
///
/// A webhook is identified by (message stream, URL). Triggers and options
/// the file does not name count as disabled, which is what Postmark's create
/// makes of them. Custom headers are compared as a set (their order does
/// not matter).
///
/// ```no_run
/// use postmark_webhooks::sync::{self, DesiredState, DesiredWebhook, PlanOptions};
///
/// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
/// let mut desired = DesiredState::default();
/// desired.webhooks.push(DesiredWebhook::new("https://example.com/hook"));
/// let plan = sync::plan(&client, &desired, PlanOptions::new().prune(true)).await?;
/// println!("{plan}");
/// # Ok(())
/// # }
/// ```
pub async fn plan(
    client: &ServerClient,
    desired: &DesiredState,
    options: PlanOptions,
) -> Result<Plan, Error> {
    let inbound_hook_url = match &desired.inbound_hook_url {
        Some(to) => {
            let from = client.server().get().await?.inbound_hook_url;
            let to = Some(to).filter(|url| !url.is_empty()).cloned();
            (from != to).then(|| InboundHookUrlChange::new(from, to))
        }
        None => None,
    };
    let streams = desired.streams();
    let mut server = Vec::new();
    for stream in &streams {
        server.extend(client.webhooks().list().message_stream(stream).await?);
    }
    Ok(Plan {
        inbound_hook_url,
        ..compare(streams, desired, server, options)
    })
}

/// The plan from `desired` to `server`'s webhooks (those of `streams`).
fn compare(
    message_streams: Vec<String>,
    desired: &DesiredState,
    mut server: Vec<Webhook>,
    options: PlanOptions,
) -> Plan {
    server.sort_by_key(|w| w.id);
    let mut by_identity: BTreeMap<(&str, &str), Vec<&Webhook>> = BTreeMap::new();
    for webhook in &server {
        by_identity
            .entry((&webhook.message_stream, &webhook.url))
            .or_default()
            .push(webhook);
    }
    let (mut deletes, mut updates, mut creates, mut duplicates) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for hook in &desired.webhooks {
        let Some(found) = by_identity.remove(&(hook.message_stream.as_str(), hook.url.as_str()))
        else {
            creates.push(Change::Create {
                webhook: hook.clone(),
                fields: diff(&Settings::none(), &Settings::of_file(hook)),
            });
            continue;
        };
        let kept = found[0];
        let fields = diff(&Settings::of_server(kept), &Settings::of_file(hook));
        if !fields.is_empty() {
            updates.push(Change::Update {
                id: kept.id,
                webhook: hook.clone(),
                fields,
            });
        }
        if found.len() > 1 {
            duplicates.push(Duplicate {
                message_stream: hook.message_stream.clone(),
                url: hook.url.clone(),
                ids: found.iter().map(|w| w.id).collect(),
            });
            if options.prune {
                deletes.extend(found[1..].iter().map(|w| Change::Delete {
                    webhook: (*w).clone(),
                    reason: DeleteReason::Duplicate { kept: kept.id },
                }));
            }
        }
    }
    if options.prune {
        deletes.extend(by_identity.into_values().flatten().map(|w| Change::Delete {
            webhook: w.clone(),
            reason: DeleteReason::NotInFile,
        }));
    }
    deletes.sort_by_key(|c| c.id());
    let mut changes = deletes;
    changes.append(&mut updates);
    changes.append(&mut creates);
    Plan {
        message_streams,
        changes,
        duplicates,
        inbound_hook_url: None,
    }
}
