//! Many servers of one account: a file of `Servers`, each resolved by its
//! exact name through the account API, planned and applied server by server.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use serde::{Serialize, Serializer};

use super::apply::{ApplyError, ApplyOptions, ApplyReport, apply};
use super::file::{DesiredState, FileError, Format, WireFile, read_text, write_text};
use super::plan::{Plan, PlanOptions, plan};
use crate::client::{AccountClient, ServerClient};
use crate::error::Error;

/// The webhooks several servers of an account should have, by server name:
/// a file's `Servers: [{Name: ..., Webhooks: [...]}]`. Servers the file
/// does not name are never touched.
///
/// ```
/// use postmark_webhooks::sync::{DesiredFile, Format};
///
/// let yaml = r#"
/// Servers:
///   - Name: Production01
///     Webhooks:
///       - Url: https://example.com/postmark
///   - Name: Staging
///     Webhooks: []
/// "#;
/// let DesiredFile::Account(account) = DesiredFile::parse(yaml, Format::Yaml, &|_: &str| None)? else {
///     unreachable!()
/// };
/// assert_eq!(account.servers[0].name, "Production01");
/// assert_eq!(account.servers[0].state.webhooks[0].url, "https://example.com/postmark");
/// # Ok::<(), postmark_webhooks::sync::FileError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DesiredAccount {
    /// The servers, in file order.
    #[serde(rename = "Servers")]
    pub servers: Vec<DesiredServer>,
}

/// One server of a [`DesiredAccount`]: its exact name and its webhooks.
///
/// ```
/// use postmark_webhooks::sync::{DesiredServer, DesiredState};
/// let server = DesiredServer::new("Staging", DesiredState::default());
/// assert_eq!(server.name, "Staging");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DesiredServer {
    /// The server's name, matched exactly.
    #[serde(rename = "Name")]
    pub name: String,
    /// Its webhooks.
    #[serde(flatten)]
    pub state: DesiredState,
}

impl DesiredServer {
    /// A server named `name` with this desired state.
    ///
    /// ```
    /// # use postmark_webhooks::sync::{DesiredServer, DesiredState};
    /// let server = DesiredServer::new("Production01", DesiredState::default());
    /// ```
    pub fn new(name: impl Into<String>, state: DesiredState) -> Self {
        Self {
            name: name.into(),
            state,
        }
    }
}

impl DesiredAccount {
    /// Only the server named `name`, for a run limited to it; `None` if the
    /// file does not name it.
    ///
    /// ```
    /// use postmark_webhooks::sync::{DesiredAccount, DesiredServer, DesiredState};
    /// let mut account = DesiredAccount::default();
    /// account.servers.push(DesiredServer::new("A", DesiredState::default()));
    /// account.servers.push(DesiredServer::new("B", DesiredState::default()));
    /// assert_eq!(account.only("B").unwrap().servers.len(), 1);
    /// assert!(account.only("C").is_none());
    /// ```
    pub fn only(&self, name: &str) -> Option<DesiredAccount> {
        let server = self.servers.iter().find(|s| s.name == name)?;
        Some(DesiredAccount {
            servers: vec![server.clone()],
        })
    }

    /// Writes the state in `format`, as [`DesiredState::to_text`] does.
    ///
    /// ```
    /// use postmark_webhooks::sync::{DesiredAccount, DesiredFile, DesiredServer, DesiredState, Format};
    /// let mut account = DesiredAccount::default();
    /// account.servers.push(DesiredServer::new("A", DesiredState::default()));
    /// let text = account.to_text(Format::Yaml);
    /// assert_eq!(DesiredFile::parse(&text, Format::Yaml, &|_: &str| None).unwrap(), DesiredFile::Account(account));
    /// ```
    pub fn to_text(&self, format: Format) -> String {
        write_text(self, format)
    }
}

/// A desired-state file: one server's `Webhooks`, or an account's
/// `Servers`. A file with both is [`FileError::ServersAndWebhooks`].
///
/// ```
/// use postmark_webhooks::sync::{DesiredFile, FileError, Format};
/// let both = r#"{"Webhooks": [], "Servers": []}"#;
/// let err = DesiredFile::parse(both, Format::Json, &|_: &str| None).unwrap_err();
/// assert!(matches!(err, FileError::ServersAndWebhooks));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DesiredFile {
    /// One server's webhooks (`Webhooks`).
    Server(DesiredState),
    /// Several servers of an account (`Servers`).
    Account(DesiredAccount),
}

impl DesiredFile {
    /// Reads a file, as [`DesiredState::read`] does.
    ///
    /// ```no_run
    /// use postmark_webhooks::sync::DesiredFile;
    /// let file = DesiredFile::read("webhooks.yaml", None, &|name| std::env::var(name).ok())?;
    /// # Ok::<(), postmark_webhooks::sync::FileError>(())
    /// ```
    pub fn read(
        path: impl AsRef<Path>,
        format: Option<Format>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, FileError> {
        let (text, format) = read_text(path.as_ref(), format)?;
        Self::parse(&text, format, env)
    }

    /// Parses a file, as [`DesiredState::parse`] does; each server's
    /// entries are checked as one server's file is, and each `Name` must be
    /// non-empty and appear once.
    ///
    /// ```
    /// use postmark_webhooks::sync::{DesiredFile, FileError, Format};
    /// let twice = r#"{"Servers": [{"Name": "A", "Webhooks": []}, {"Name": "A", "Webhooks": []}]}"#;
    /// let err = DesiredFile::parse(twice, Format::Json, &|_: &str| None).unwrap_err();
    /// assert!(matches!(err, FileError::DuplicateServer { first: 0, second: 1, .. }));
    /// ```
    pub fn parse(
        text: &str,
        format: Format,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, FileError> {
        let servers = match WireFile::parse(text, format)? {
            WireFile {
                servers: Some(servers),
                webhooks: None,
                inbound_hook_url: None,
            } => servers,
            wire => return DesiredState::from_wire(wire, env).map(Self::Server),
        };
        let mut account = DesiredAccount::default();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (index, server) in servers.into_iter().enumerate() {
            let name = server.name;
            let in_server = |source| FileError::InServer {
                index,
                name: name.clone(),
                source: Box::new(source),
            };
            if name.trim().is_empty() {
                return Err(in_server(FileError::Syntax {
                    line: None,
                    message: "`Name` must not be empty".to_owned(),
                }));
            }
            if let Some(&first) = seen.get(&name) {
                return Err(FileError::DuplicateServer {
                    first,
                    second: index,
                    name,
                });
            }
            let state = DesiredState::from_parts(server.inbound_hook_url, server.webhooks, env)
                .map_err(in_server)?;
            seen.insert(name.clone(), index);
            account.servers.push(DesiredServer::new(name, state));
        }
        Ok(Self::Account(account))
    }
}

/// Why a run across servers stopped before any change.
///
/// ```
/// let err = postmark_webhooks::sync::AccountError::NoSuchServer { name: "Staging".into() };
/// assert_eq!(err.to_string(), "no server of the account is named Staging");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AccountError {
    /// A call to Postmark failed.
    #[error(transparent)]
    Api(#[from] Error),
    /// No server of the account has this exact name.
    #[error("no server of the account is named {name}")]
    NoSuchServer {
        /// The name in the file.
        name: String,
    },
    /// More than one server of the account has this exact name.
    #[error("{} servers of the account are named {name} (IDs {}): rename all but one", ids.len(), join(ids))]
    AmbiguousServer {
        /// The name in the file.
        name: String,
        /// The servers' IDs.
        ids: Vec<i64>,
    },
}

fn join(ids: &[i64]) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The plan of one server of an account: which server, and its [`Plan`].
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ServerPlan {
    /// The server's name.
    pub name: String,
    /// Postmark's ID of the server.
    pub id: i64,
    /// What it takes to make the server match its part of the file.
    pub plan: Plan,
    /// A client for the server, with its own token.
    client: ServerClient,
}

impl ServerPlan {
    /// The client for the server that the plan was made with (its own
    /// server token).
    ///
    /// ```no_run
    /// # async fn run(plan: postmark_webhooks::sync::ServerPlan) -> Result<(), postmark_webhooks::Error> {
    /// let webhooks = plan.client().webhooks().list().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn client(&self) -> &ServerClient {
        &self.client
    }
}

/// What it takes to make several servers match a [`DesiredAccount`]: one
/// plan per server, in file order. `Display` groups the changes under each
/// server's name; JSON is `{"in_sync", "servers": [{"name", "id", "plan"}]}`.
///
/// ```no_run
/// use postmark_webhooks::AccountClient;
/// use postmark_webhooks::sync::{self, DesiredFile, PlanOptions};
///
/// # async fn run(account: AccountClient) -> Result<(), Box<dyn std::error::Error>> {
/// let DesiredFile::Account(desired) = DesiredFile::read("webhooks.yaml", None, &|n| std::env::var(n).ok())? else {
///     return Ok(());
/// };
/// let plan = sync::plan_account(&account, &desired, PlanOptions::new()).await?;
/// print!("{plan}");
/// sync::apply_account(&plan, Default::default()).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct AccountPlan {
    /// The servers' plans, in file order.
    pub servers: Vec<ServerPlan>,
}

impl AccountPlan {
    /// Whether every server matches the file.
    ///
    /// ```
    /// # fn f(plan: postmark_webhooks::sync::AccountPlan) {
    /// if plan.is_in_sync() { println!("nothing to do"); }
    /// # }
    /// ```
    pub fn is_in_sync(&self) -> bool {
        self.servers.iter().all(|s| s.plan.is_in_sync())
    }

    /// How many requests [`apply_account`] would make: the sum of each
    /// server's [`Plan::change_count`](super::Plan::change_count).
    ///
    /// ```
    /// # fn f(plan: postmark_webhooks::sync::AccountPlan) {
    /// println!("{} change(s) to make", plan.change_count());
    /// # }
    /// ```
    pub fn change_count(&self) -> usize {
        self.servers.iter().map(|s| s.plan.change_count()).sum()
    }
}

impl fmt::Display for AccountPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for server in &self.servers {
            writeln!(f, "Server {} (ID {}):", server.name, server.id)?;
            for line in server.plan.to_string().lines() {
                writeln!(f, "  {line}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for AccountPlan {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct ServerView<'a> {
            name: &'a str,
            id: i64,
            plan: &'a Plan,
        }
        #[derive(Serialize)]
        struct View<'a> {
            in_sync: bool,
            servers: Vec<ServerView<'a>>,
        }
        View {
            in_sync: self.is_in_sync(),
            servers: self
                .servers
                .iter()
                .map(|s| ServerView {
                    name: &s.name,
                    id: s.id,
                    plan: &s.plan,
                })
                .collect(),
        }
        .serialize(serializer)
    }
}

/// Plans every server the file names: lists the account's servers, finds
/// each name exactly (Postmark's `name` filter may match a part of a name,
/// so the comparison is made here), and only when every name resolves to
/// one server plans each with its own token. A name that matches no
/// server, or several, is an error before any server's webhooks are read.
///
/// ```no_run
/// # async fn run(account: postmark_webhooks::AccountClient, desired: postmark_webhooks::sync::DesiredAccount) -> Result<(), postmark_webhooks::sync::AccountError> {
/// let plan = postmark_webhooks::sync::plan_account(&account, &desired, Default::default()).await?;
/// # Ok(())
/// # }
/// ```
pub async fn plan_account(
    client: &AccountClient,
    desired: &DesiredAccount,
    options: PlanOptions,
) -> Result<AccountPlan, AccountError> {
    let all = client.servers().list().await?;
    let mut resolved = Vec::with_capacity(desired.servers.len());
    for wanted in &desired.servers {
        let found: Vec<_> = all.iter().filter(|s| s.name == wanted.name).collect();
        match found[..] {
            [one] => resolved.push((wanted, one)),
            [] => {
                return Err(AccountError::NoSuchServer {
                    name: wanted.name.clone(),
                });
            }
            _ => {
                return Err(AccountError::AmbiguousServer {
                    name: wanted.name.clone(),
                    ids: found.iter().map(|s| s.id).collect(),
                });
            }
        }
    }
    let mut servers = Vec::with_capacity(resolved.len());
    for (wanted, server) in resolved {
        let server_client = client.server_client(server)?;
        let plan = plan(&server_client, &wanted.state, options).await?;
        servers.push(ServerPlan {
            name: server.name.clone(),
            id: server.id,
            plan,
            client: server_client,
        });
    }
    Ok(AccountPlan { servers })
}

/// What [`apply_account`] did: one report per server it reached, in order.
/// `Display` groups each server's steps under its name; JSON is
/// `{"servers": [{"name", "report"}]}`, each report as
/// [`ApplyReport`]'s JSON.
///
/// ```no_run
/// # async fn run(plan: postmark_webhooks::sync::AccountPlan) -> Result<(), Box<dyn std::error::Error>> {
/// let report = postmark_webhooks::sync::apply_account(&plan, Default::default()).await?;
/// println!("{}", serde_json::to_string(&report)?);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct AccountReport {
    /// The server names with their reports.
    pub servers: Vec<(String, ApplyReport)>,
}

impl fmt::Display for AccountReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, report) in &self.servers {
            writeln!(f, "Server {name}:")?;
            for line in report.to_string().lines() {
                writeln!(f, "  {line}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for AccountReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let servers = self.servers.iter().map(|(name, report)| (name, report));
        ReportView::from_iter(servers).serialize(serializer)
    }
}

/// `{"servers": [{"name", "report"}]}`, as [`AccountReport`] and
/// [`AccountApplyError`] are written.
#[derive(Serialize)]
struct ReportView<'a> {
    servers: Vec<ServerReportView<'a>>,
}

#[derive(Serialize)]
struct ServerReportView<'a> {
    name: &'a str,
    report: &'a ApplyReport,
}

impl<'a> FromIterator<(&'a String, &'a ApplyReport)> for ReportView<'a> {
    fn from_iter<I: IntoIterator<Item = (&'a String, &'a ApplyReport)>>(servers: I) -> Self {
        Self {
            servers: servers
                .into_iter()
                .map(|(name, report)| ServerReportView { name, report })
                .collect(),
        }
    }
}

/// A run across servers that stopped at a failure: the server, its
/// failure, and the reports of the servers done before it (servers after
/// it were not attempted). JSON is [`AccountReport`]'s, the failed
/// server's report last.
///
/// ```no_run
/// # async fn run(plan: postmark_webhooks::sync::AccountPlan) -> Result<(), Box<dyn std::error::Error>> {
/// if let Err(failed) = postmark_webhooks::sync::apply_account(&plan, Default::default()).await {
///     println!("{}", serde_json::to_string(&failed)?);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[error("server {server}: {error}")]
#[non_exhaustive]
pub struct AccountApplyError {
    /// The server whose change failed.
    pub server: String,
    /// Its failure, with its steps.
    pub error: ApplyError,
    /// The servers done before it.
    pub done: AccountReport,
}

impl Serialize for AccountApplyError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let done = self
            .done
            .servers
            .iter()
            .map(|(name, report)| (name, report));
        let failed = std::iter::once((&self.server, &self.error.report));
        ReportView::from_iter(done.chain(failed)).serialize(serializer)
    }
}

/// Applies each server's plan in order, as [`apply`](super::apply) does
/// for one server, with that server's own token. Stops at the first
/// failure: later servers are not attempted.
///
/// ```no_run
/// # async fn run(plan: postmark_webhooks::sync::AccountPlan) {
/// match postmark_webhooks::sync::apply_account(&plan, Default::default()).await {
///     Ok(report) => print!("{report}"),
///     Err(failed) => eprintln!("{failed}"),
/// }
/// # }
/// ```
pub async fn apply_account(
    plan: &AccountPlan,
    options: ApplyOptions,
) -> Result<AccountReport, AccountApplyError> {
    let mut done = AccountReport::default();
    for server in &plan.servers {
        match apply(&server.client, &server.plan, options).await {
            Ok(report) => done.servers.push((server.name.clone(), report)),
            Err(error) => {
                return Err(AccountApplyError {
                    server: server.name.clone(),
                    error,
                    done,
                });
            }
        }
    }
    Ok(done)
}
