//! How plans and reports are shown: `Display` for people, `Serialize` (JSON)
//! for programs. URLs are shown with credentials and query hidden; secrets
//! appear only as "added", "removed" or "changed".

use std::fmt;

use serde::{Serialize, Serializer};

use super::apply::{ApplyReport, InboundHookUrlStep, Outcome, Step};
use super::diff::{FieldChange, SecretChange};
use super::plan::{Change, DeleteReason, InboundHookUrlChange, Plan};
use crate::redact::RedactedUrl;

impl fmt::Display for SecretChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Added => "added",
            Self::Removed => "removed",
            Self::Changed => "changed",
        })
    }
}

impl fmt::Display for FieldChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Trigger { from, to, .. } => write!(f, "{}: {from} -> {to}", self.field()),
            Self::HttpAuth(change) | Self::HttpHeader { change, .. } => {
                write!(f, "{}: {change}", self.field())
            }
        }
    }
}

impl Change {
    fn action(&self) -> &'static str {
        match self {
            Self::Create { .. } => "create",
            Self::Update { .. } => "update",
            Self::Delete { .. } => "delete",
        }
    }
}

/// One line: the action, the ID if any, the stream and the URL.
impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.action())?;
        if let Some(id) = self.id() {
            write!(f, " {id}")?;
        }
        write!(f, " {} {}", self.message_stream(), self.shown_url())
    }
}

impl fmt::Display for DeleteReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotInFile => f.write_str("not in the file"),
            Self::Duplicate { kept } => write!(f, "duplicate of {kept}"),
        }
    }
}

/// `InboundHookUrl: <from> -> <to>`, `none` for no URL; when the two
/// differ only in what is hidden, the line says so.
impl fmt::Display for InboundHookUrlChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |url: Option<&str>| {
            url.map_or_else(|| "none".to_owned(), |url| RedactedUrl(url).to_string())
        };
        let (from, to) = (shown(self.from.as_deref()), shown(self.to.as_deref()));
        write!(f, "InboundHookUrl: {from} -> {to}")?;
        if from == to {
            f.write_str(" (credentials, query or fragment change)")?;
        }
        Ok(())
    }
}

/// The changes, one per line with their fields indented below, then any
/// duplicates and a summary line.
impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let streams = if self.message_streams.is_empty() {
            "none".to_owned()
        } else {
            self.message_streams.join(", ")
        };
        if self.is_in_sync() {
            return writeln!(
                f,
                "No changes: the server matches the file (message streams: {streams})."
            );
        }
        writeln!(f, "Message streams: {streams}")?;
        if let Some(change) = &self.inbound_hook_url {
            writeln!(f, "~ {change}")?;
        }
        for change in &self.changes {
            let sign = match change {
                Change::Create { .. } => '+',
                Change::Update { .. } => '~',
                Change::Delete { .. } => '-',
            };
            write!(f, "{sign} {change}")?;
            if let Change::Delete { reason, .. } = change {
                write!(f, " ({reason})")?;
            }
            writeln!(f)?;
            for field in change.fields() {
                writeln!(f, "    {field}")?;
            }
        }
        for dup in &self.duplicates {
            let ids: Vec<String> = dup.ids.iter().map(i64::to_string).collect();
            writeln!(
                f,
                "! {} {} is on the server {} times (IDs {}): {} is kept; pruning deletes the others",
                dup.message_stream,
                RedactedUrl(&dup.url),
                dup.ids.len(),
                ids.join(", "),
                dup.ids[0],
            )?;
        }
        let count = |action| self.changes.iter().filter(|c| c.action() == action).count();
        let server = match &self.inbound_hook_url {
            Some(change) if change.to.is_none() => "the InboundHookUrl to remove, ",
            Some(_) => "the InboundHookUrl to set, ",
            None => "",
        };
        writeln!(
            f,
            "Plan: {server}{} to create, {} to update, {} to delete.",
            count("create"),
            count("update"),
            count("delete")
        )
    }
}

/// One line per step: what was done, what failed and why, what was not
/// attempted.
impl fmt::Display for ApplyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inbound_hook_url {
            Some(InboundHookUrlStep {
                change,
                result: Ok(()),
            }) => writeln!(f, "done: set {change}")?,
            Some(InboundHookUrlStep {
                change,
                result: Err(error),
            }) => writeln!(f, "failed: set {change}: {error}")?,
            None => {}
        }
        for Step { change, outcome } in &self.steps {
            match outcome {
                Outcome::Done { id } => match change {
                    Change::Create { .. } => writeln!(f, "done: {change} (ID {id})")?,
                    _ => writeln!(f, "done: {change}")?,
                },
                Outcome::Failed(error) => writeln!(f, "failed: {change}: {error}")?,
                Outcome::NotAttempted => writeln!(f, "not attempted: {change}")?,
            }
        }
        Ok(())
    }
}

#[derive(Serialize)]
struct ChangeView<'a> {
    action: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<i64>,
    message_stream: &'a str,
    url: String,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    fields: Vec<FieldView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kept: Option<i64>,
}

#[derive(Serialize)]
struct FieldView {
    field: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    change: Option<String>,
}

impl<'a> From<&'a Change> for ChangeView<'a> {
    fn from(change: &'a Change) -> Self {
        let (reason, kept) = match change {
            Change::Delete {
                reason: DeleteReason::NotInFile,
                ..
            } => (Some("not_in_file"), None),
            Change::Delete {
                reason: DeleteReason::Duplicate { kept },
                ..
            } => (Some("duplicate"), Some(*kept)),
            _ => (None, None),
        };
        Self {
            action: change.action(),
            id: change.id(),
            message_stream: change.message_stream(),
            url: change.shown_url(),
            fields: change.fields().iter().map(FieldView::from).collect(),
            reason,
            kept,
        }
    }
}

impl From<&FieldChange> for FieldView {
    fn from(field: &FieldChange) -> Self {
        let (from, to, change) = match field {
            FieldChange::Trigger { from, to, .. } => (Some(*from), Some(*to), None),
            FieldChange::HttpAuth(c) | FieldChange::HttpHeader { change: c, .. } => {
                (None, None, Some(c.to_string()))
            }
        };
        Self {
            field: field.field(),
            from,
            to,
            change,
        }
    }
}

/// Both URLs of an `InboundHookUrl` change, credentials and query hidden.
#[derive(Serialize)]
struct InboundHookUrlView {
    from: Option<String>,
    to: Option<String>,
}

impl From<&InboundHookUrlChange> for InboundHookUrlView {
    fn from(change: &InboundHookUrlChange) -> Self {
        Self {
            from: change.from.as_deref().map(|u| RedactedUrl(u).to_string()),
            to: change.to.as_deref().map(|u| RedactedUrl(u).to_string()),
        }
    }
}

/// `{"in_sync", "message_streams", "inbound_hook_url": {"from", "to"} (only
/// when it changes), "changes": [{"action", "id", "message_stream", "url",
/// "fields": [{"field", "from", "to"} or {"field", "change"}], "reason",
/// "kept"}], "duplicates": [{"message_stream", "url", "ids"}]}`, URLs with
/// credentials and query hidden.
impl Serialize for Plan {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct DuplicateView<'a> {
            message_stream: &'a str,
            url: String,
            ids: &'a [i64],
        }
        #[derive(Serialize)]
        struct PlanView<'a> {
            in_sync: bool,
            message_streams: &'a [String],
            #[serde(skip_serializing_if = "Option::is_none")]
            inbound_hook_url: Option<InboundHookUrlView>,
            changes: Vec<ChangeView<'a>>,
            duplicates: Vec<DuplicateView<'a>>,
        }
        PlanView {
            in_sync: self.is_in_sync(),
            message_streams: &self.message_streams,
            inbound_hook_url: self.inbound_hook_url.as_ref().map(InboundHookUrlView::from),
            changes: self.changes.iter().map(ChangeView::from).collect(),
            duplicates: self
                .duplicates
                .iter()
                .map(|d| DuplicateView {
                    message_stream: &d.message_stream,
                    url: RedactedUrl(&d.url).to_string(),
                    ids: &d.ids,
                })
                .collect(),
        }
        .serialize(serializer)
    }
}

/// `{"complete", "inbound_hook_url": {"from", "to", "outcome": "done" |
/// "failed", "error"} (only when the plan set it), "steps": [{...the change
/// as in a plan..., "outcome": "done" | "failed" | "not_attempted",
/// "error"}]}`; a created webhook's step carries its new `id`.
impl Serialize for ApplyReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct StepView<'a> {
            #[serde(flatten)]
            change: ChangeView<'a>,
            outcome: &'static str,
            #[serde(skip_serializing_if = "Option::is_none")]
            error: Option<String>,
        }
        #[derive(Serialize)]
        struct InboundHookUrlStepView {
            #[serde(flatten)]
            change: InboundHookUrlView,
            outcome: &'static str,
            #[serde(skip_serializing_if = "Option::is_none")]
            error: Option<String>,
        }
        #[derive(Serialize)]
        struct ReportView<'a> {
            complete: bool,
            #[serde(skip_serializing_if = "Option::is_none")]
            inbound_hook_url: Option<InboundHookUrlStepView>,
            steps: Vec<StepView<'a>>,
        }
        let steps = self
            .steps
            .iter()
            .map(|step| {
                let mut change = ChangeView::from(&step.change);
                let (outcome, error) = match &step.outcome {
                    Outcome::Done { id } => {
                        change.id = Some(*id);
                        ("done", None)
                    }
                    Outcome::Failed(e) => ("failed", Some(e.to_string())),
                    Outcome::NotAttempted => ("not_attempted", None),
                };
                StepView {
                    change,
                    outcome,
                    error,
                }
            })
            .collect();
        let inbound_hook_url = self
            .inbound_hook_url
            .as_ref()
            .map(|step| InboundHookUrlStepView {
                change: InboundHookUrlView::from(&step.change),
                outcome: if step.result.is_ok() {
                    "done"
                } else {
                    "failed"
                },
                error: step.result.as_ref().err().map(ToString::to_string),
            });
        ReportView {
            complete: self.is_complete(),
            inbound_hook_url,
            steps,
        }
        .serialize(serializer)
    }
}
