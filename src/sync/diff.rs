//! Field-level comparison of a webhook's settings: which trigger options,
//! credentials and headers differ. Secrets are compared, never carried.

use std::collections::BTreeMap;

use crate::model::{HttpAuth, HttpHeader, Webhook};
use crate::record_type::RecordType;
use crate::triggers::{TriggerSettings, Triggers, WebhookTriggers};

use super::file::DesiredWebhook;

/// One difference between a webhook on the server and the file.
///
/// Trigger options show both values; credentials and headers show only
/// whether they were added, removed or changed, never a value.
///
/// ```
/// use postmark_webhooks::sync::{FieldChange, SecretChange};
///
/// let change = FieldChange::HttpHeader { name: "X-Secret".into(), change: SecretChange::Changed };
/// assert_eq!(change.to_string(), "HttpHeaders[X-Secret]: changed");
/// assert_eq!(FieldChange::HttpAuth(SecretChange::Added).field(), "HttpAuth");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FieldChange {
    /// A trigger option, such as `Open` / `Enabled`.
    Trigger {
        /// The trigger.
        trigger: RecordType,
        /// The option: `Enabled`, `PostFirstOpenOnly` or `IncludeContent`.
        option: &'static str,
        /// The server's value (`false` for a webhook to create).
        from: bool,
        /// The file's value.
        to: bool,
    },
    /// The HTTP Basic credentials (user name or password).
    HttpAuth(SecretChange),
    /// The values of one custom header, by name.
    HttpHeader {
        /// The header name.
        name: String,
        /// What happened to its value(s).
        change: SecretChange,
    },
}

impl FieldChange {
    /// The field's path, such as `Triggers.Open.Enabled`, `HttpAuth` or
    /// `HttpHeaders[X-Secret]`.
    ///
    /// ```
    /// use postmark_webhooks::{events::RecordType, sync::FieldChange};
    /// let change = FieldChange::Trigger { trigger: RecordType::Open, option: "Enabled", from: false, to: true };
    /// assert_eq!(change.field(), "Triggers.Open.Enabled");
    /// ```
    pub fn field(&self) -> String {
        match self {
            Self::Trigger {
                trigger, option, ..
            } => format!("Triggers.{trigger}.{option}"),
            Self::HttpAuth(_) => "HttpAuth".to_owned(),
            Self::HttpHeader { name, .. } => format!("HttpHeaders[{name}]"),
        }
    }
}

/// What happened to a secret: the plan says only this, never the value.
///
/// ```
/// assert_eq!(postmark_webhooks::sync::SecretChange::Changed.to_string(), "changed");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SecretChange {
    /// The file sets it; the server has none.
    Added,
    /// The server has it; the file sets none.
    Removed,
    /// Both have it, with different values.
    Changed,
}

/// The settings of a webhook that a plan compares.
pub(super) struct Settings<'a> {
    auth: Option<&'a HttpAuth>,
    headers: &'a [HttpHeader],
    triggers: WebhookTriggers,
}

impl<'a> Settings<'a> {
    /// Those of a webhook that does not exist yet: Postmark's create
    /// defaults.
    pub(super) fn none() -> Self {
        Self {
            auth: None,
            headers: &[],
            triggers: WebhookTriggers::default(),
        }
    }

    pub(super) fn of_server(webhook: &'a Webhook) -> Self {
        Self {
            auth: webhook.http_auth.as_ref(),
            headers: &webhook.http_headers,
            triggers: webhook.triggers,
        }
    }

    pub(super) fn of_file(webhook: &'a DesiredWebhook) -> Self {
        Self {
            auth: webhook.http_auth.as_ref(),
            headers: &webhook.http_headers,
            triggers: effective(&webhook.triggers),
        }
    }
}

/// What a file's triggers mean once stored: a trigger or option that is not
/// named is disabled (`false`), as Postmark's create leaves it.
pub(super) fn effective(t: &Triggers) -> WebhookTriggers {
    let mut stored = WebhookTriggers::default();
    stored.apply(t);
    stored
}

/// A trigger's `Enabled` and options, by name, in Postmark's order.
fn fields(t: &TriggerSettings) -> impl Iterator<Item = (&'static str, bool)> + '_ {
    std::iter::once(("Enabled", t.enabled)).chain(t.options.iter().copied())
}

/// The differences from `current` to `desired`: trigger options in
/// Postmark's order, then credentials, then headers by name.
pub(super) fn diff(current: &Settings<'_>, desired: &Settings<'_>) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    for (trigger, current) in current.triggers.iter() {
        let desired = desired.triggers.get(trigger);
        for ((option, from), (_, to)) in fields(&current).zip(fields(&desired)) {
            if from != to {
                changes.push(FieldChange::Trigger {
                    trigger,
                    option,
                    from,
                    to,
                });
            }
        }
    }
    if let Some(change) = secret_change(current.auth, desired.auth) {
        changes.push(FieldChange::HttpAuth(change));
    }
    let (from, to) = (by_name(current.headers), by_name(desired.headers));
    let mut names: Vec<&str> = from.keys().chain(to.keys()).copied().collect();
    names.sort_unstable();
    names.dedup();
    for name in names {
        if let Some(change) = secret_change(from.get(name), to.get(name)) {
            changes.push(FieldChange::HttpHeader {
                name: name.to_owned(),
                change,
            });
        }
    }
    changes
}

fn secret_change<T: PartialEq>(from: Option<T>, to: Option<T>) -> Option<SecretChange> {
    match (from, to) {
        (None, Some(_)) => Some(SecretChange::Added),
        (Some(_), None) => Some(SecretChange::Removed),
        (Some(a), Some(b)) if a != b => Some(SecretChange::Changed),
        _ => None,
    }
}

/// Header values by name, sorted: the order headers are listed in does not
/// matter.
fn by_name(headers: &[HttpHeader]) -> BTreeMap<&str, Vec<&str>> {
    let mut map: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for header in headers {
        map.entry(&header.name).or_default().push(&header.value);
    }
    for values in map.values_mut() {
        values.sort_unstable();
    }
    map
}

/// The triggers an edit must send for these changes: each trigger with a
/// changed option, with all its options as the file means them; the others
/// are left out and stay as they are.
pub(super) fn edited_triggers(desired: &Triggers, changes: &[FieldChange]) -> Option<Triggers> {
    let changed = |record_type: RecordType| {
        changes
            .iter()
            .any(|c| matches!(c, FieldChange::Trigger { trigger, .. } if *trigger == record_type))
    };
    let triggers = Triggers::from(effective(desired)).only(changed);
    (!triggers.is_empty()).then_some(triggers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::triggers::{Bounce, Open};

    #[test]
    fn unnamed_triggers_and_options_are_disabled() {
        let t = effective(
            &Triggers::new()
                .open(Open::enabled())
                .bounce(Bounce::disabled()),
        );
        assert_eq!((t.open.enabled, t.open.post_first_open_only), (true, false));
        assert_eq!(
            WebhookTriggers {
                open: WebhookTriggers::default().open,
                ..t
            },
            WebhookTriggers::default()
        );
    }

    #[test]
    fn an_option_the_file_does_not_name_is_false_against_the_server() {
        let server = |(enabled, first_open_only): (bool, bool)| {
            let mut triggers = WebhookTriggers::default();
            triggers.open.enabled = enabled;
            triggers.open.post_first_open_only = first_open_only;
            Settings {
                auth: None,
                headers: &[],
                triggers,
            }
        };
        let first_only = |from, to| FieldChange::Trigger {
            trigger: RecordType::Open,
            option: "PostFirstOpenOnly",
            from,
            to,
        };
        let cases = [
            // (server's Enabled and PostFirstOpenOnly, file, changes)
            ((true, false), Triggers::new().open(Open::enabled()), vec![]),
            (
                (true, true),
                Triggers::new().open(Open::enabled()),
                vec![first_only(true, false)],
            ),
            (
                (true, false),
                Triggers::new().open(Open::enabled().post_first_open_only(true)),
                vec![first_only(false, true)],
            ),
            (
                (true, true),
                Triggers::new().open(Open::enabled().post_first_open_only(true)),
                vec![],
            ),
            ((false, false), Triggers::new(), vec![]),
        ];
        for (stored, desired, expected) in cases {
            let desired = DesiredWebhook::new("https://x.test/").triggers(desired);
            assert_eq!(
                diff(&server(stored), &Settings::of_file(&desired)),
                expected,
                "{stored:?} -> {:?}",
                desired.triggers
            );
        }
    }

    #[test]
    fn header_order_does_not_matter_and_values_are_compared() {
        let a = [HttpHeader::new("A", "1"), HttpHeader::new("B", "2")];
        let b = [HttpHeader::new("B", "2"), HttpHeader::new("A", "1")];
        let c = [HttpHeader::new("A", "9"), HttpHeader::new("C", "3")];
        let hook = |h: &[HttpHeader]| DesiredWebhook::new("https://x.test/").tap_headers(h);
        let (ha, hb, hc) = (hook(&a), hook(&b), hook(&c));
        let (sa, sb, sc) = (
            Settings::of_file(&ha),
            Settings::of_file(&hb),
            Settings::of_file(&hc),
        );
        assert_eq!(diff(&sa, &sb), vec![]);
        assert_eq!(
            diff(&sa, &sc),
            vec![
                FieldChange::HttpHeader {
                    name: "A".into(),
                    change: SecretChange::Changed
                },
                FieldChange::HttpHeader {
                    name: "B".into(),
                    change: SecretChange::Removed
                },
                FieldChange::HttpHeader {
                    name: "C".into(),
                    change: SecretChange::Added
                },
            ]
        );
    }

    #[test]
    fn an_edit_sends_only_the_changed_triggers_in_full() {
        let desired = Triggers::new().open(Open::enabled());
        let changes = [FieldChange::Trigger {
            trigger: RecordType::Open,
            option: "Enabled",
            from: false,
            to: true,
        }];
        let sent = edited_triggers(&desired, &changes).unwrap();
        assert_eq!(
            serde_json::to_string(&sent).unwrap(),
            r#"{"Open":{"Enabled":true,"PostFirstOpenOnly":false}}"#
        );
        assert_eq!(edited_triggers(&desired, &[]), None);
    }

    impl DesiredWebhook {
        fn tap_headers(mut self, headers: &[HttpHeader]) -> Self {
            self.http_headers = headers.to_vec();
            self
        }
    }
}
