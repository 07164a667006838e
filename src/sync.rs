//! Webhooks as configuration (feature `sync`): keep a server's webhooks in a
//! file, see what differs, and make the server match.
//!
//! The file is Postmark's own shape, `{"Webhooks": [...]}` with create-body
//! entries (`Url`, `MessageStream`, `HttpAuth`, `HttpHeaders`, `Triggers`),
//! in JSON, YAML or TOML — the shape `GET /webhooks` answers, so an export
//! applies as it is (its read-only `ID` and `Status` are ignored).
//!
//! - A webhook is identified by (`MessageStream`, `Url`); `MessageStream`
//!   defaults to `outbound`. Two entries with one identity are an error.
//! - A trigger, or a trigger option, that an entry does not name is
//!   disabled, as Postmark's create leaves it.
//! - String values may reference the environment as `${NAME}`; a variable
//!   that is not set is an error naming it, before any request. `$${` is a
//!   literal `${`.
//! - [`plan`] compares the file with the server: creates, updates (which
//!   trigger options, credentials and headers differ) and, with
//!   [`PlanOptions::prune`], deletes of the webhooks of the file's message
//!   streams that the file does not list. Streams the file does not name
//!   are never touched.
//! - [`apply`] makes the changes, deletes first, and reports each step. It
//!   stops at the first failure; planning and applying again converges.
//!
//! Many servers of one account: a file may hold `Servers: [{Name: ...,
//! Webhooks: [...]}]` instead of `Webhooks` ([`DesiredFile`]).
//! [`plan_account`] resolves each name exactly through the account API
//! ([`AccountClient`](crate::AccountClient)) and plans each server with its
//! own token; [`apply_account`] applies server by server; servers the file
//! does not name are never touched.
//!
//! Passwords and header values are compared but never shown: `Display`,
//! `Debug`, JSON and logs say "HttpAuth: changed", not the value.
//!
//! With the `mock` feature, against the embedded mock:
//!
//! ```
//! # #[cfg(feature = "mock")]
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use postmark_webhooks::ServerClient;
//! use postmark_webhooks::mock::MockServer;
//! use postmark_webhooks::sync::{self, ApplyOptions, DesiredState, Format, PlanOptions};
//!
//! let mock = MockServer::start().await;
//! let client = ServerClient::builder(mock.server_token()).base_url(mock.base_url()).build()?;
//! let file = r#"
//! Webhooks:
//!   - Url: https://example.com/postmark
//!     HttpAuth: {Username: postmark, Password: "${HOOK_PASSWORD}"}
//!     Triggers: {Delivery: {Enabled: true}}
//! "#;
//! let env = |name: &str| (name == "HOOK_PASSWORD").then(|| "s3cr3t".to_owned());
//! let desired = DesiredState::parse(file, Format::Yaml, &env)?;
//!
//! let plan = sync::plan(&client, &desired, PlanOptions::new()).await?;
//! assert!(plan.to_string().contains("+ create outbound https://example.com/postmark"));
//! assert!(plan.to_string().contains("HttpAuth: added"));
//! assert!(!plan.to_string().contains("s3cr3t"));
//!
//! sync::apply(&client, &plan, ApplyOptions::new()).await?;
//! assert!(sync::plan(&client, &desired, PlanOptions::new()).await?.is_in_sync());
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "mock"))]
//! # fn main() {}
//! ```

mod account;
mod apply;
mod diff;
mod env;
mod export;
mod file;
mod plan;
mod render;

pub use account::{
    AccountApplyError, AccountError, AccountPlan, AccountReport, DesiredAccount, DesiredFile,
    DesiredServer, ServerPlan, apply_account, plan_account,
};
pub use apply::{ApplyError, ApplyOptions, ApplyReport, InboundHookUrlStep, Outcome, Step, apply};
pub use diff::{FieldChange, SecretChange};
pub use export::{Secrets, export, export_account, export_server};
pub use file::{DEFAULT_MESSAGE_STREAM, DesiredState, DesiredWebhook, FileError, Format};
pub use plan::{Change, DeleteReason, Duplicate, InboundHookUrlChange, Plan, PlanOptions, plan};
