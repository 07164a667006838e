//! A server's webhooks as a desired-state file, with secrets replaced by
//! `${NAME}` references unless they are asked for.

use std::collections::BTreeMap;
use std::ops::Range;

use super::account::{DesiredAccount, DesiredServer};
use super::env;
use super::file::{DesiredState, DesiredWebhook};
use crate::model::{HttpAuth, HttpHeader, Webhook};
use crate::servers::Server;
use crate::triggers::{Triggers, WebhookTriggers};

/// What [`export`] does with secrets.
///
/// ```
/// use postmark_webhooks::sync::{Secrets, export};
/// let (state, variables) = export(&[], Secrets::Include);
/// assert!(state.webhooks.is_empty() && variables.is_empty());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Secrets {
    /// Replace each by a `${NAME}` reference (the default), so the file can
    /// be committed and the values given through the environment.
    References,
    /// Write them as they are.
    Include,
}

/// A server's webhooks as a desired state, ready for
/// [`DesiredState::to_text`]: literal `${` written as `$${`, each trigger
/// named that is not in Postmark's create default (disabled, options off),
/// and with [`Secrets::References`] each secret replaced by a
/// reference. Returns the state and the names of the variables it
/// references, in order.
///
/// Names are derived from the message stream and the URL's host and path:
/// `WEBHOOK_<STREAM>_<HOST>_<PATH>` in upper case, every run of other
/// characters than ASCII letters and digits written `_`, then
///
/// | secret | variable |
/// |---|---|
/// | `HttpAuth.Password` | `…_PASSWORD` |
/// | the value of header `X-Secret` | `…_HEADER_X_SECRET` |
/// | a password in the URL (`https://user:pass@host/`) | `…_URL_PASSWORD` |
/// | the URL's query (`?token=…`) | `…_URL_QUERY` |
///
/// A name that two different values would share gets `_2`, `_3`, … in
/// list order. User names are not secrets and are written as they are.
///
/// ```
/// use postmark_webhooks::Webhook;
/// use postmark_webhooks::sync::{Format, Secrets, export};
///
/// let hooks: Vec<Webhook> = serde_json::from_str(r#"[{
///     "ID": 7, "Url": "https://example.com/hooks/postmark", "MessageStream": "outbound",
///     "HttpAuth": {"Username": "pm", "Password": "hunter2"},
///     "HttpHeaders": [{"Name": "X-Secret", "Value": "s3cr3t"}]
/// }]"#).unwrap();
/// let (state, variables) = export(&hooks, Secrets::References);
/// assert_eq!(variables, [
///     "WEBHOOK_OUTBOUND_EXAMPLE_COM_HOOKS_POSTMARK_PASSWORD",
///     "WEBHOOK_OUTBOUND_EXAMPLE_COM_HOOKS_POSTMARK_HEADER_X_SECRET",
/// ]);
/// let text = state.to_text(Format::Yaml);
/// assert!(text.contains("${WEBHOOK_OUTBOUND_EXAMPLE_COM_HOOKS_POSTMARK_PASSWORD}"));
/// assert!(!text.contains("hunter2") && !text.contains("s3cr3t"));
/// ```
pub fn export(webhooks: &[Webhook], secrets: Secrets) -> (DesiredState, Vec<String>) {
    export_server(None, webhooks, secrets)
}

/// [`export`] with the server's `InboundHookUrl` (from
/// [`ServerClient::server`](crate::ServerClient::server)) as the file's
/// `InboundHookUrl`; its secrets become `INBOUND_HOOK_URL_PASSWORD` and
/// `INBOUND_HOOK_URL_QUERY`, named before the webhooks'.
///
/// ```
/// use postmark_webhooks::sync::{Format, Secrets, export_server};
///
/// let (state, variables) = export_server(
///     Some("https://inbound:hunter2@example.com/inbound"), &[], Secrets::References);
/// assert_eq!(variables, ["INBOUND_HOOK_URL_PASSWORD"]);
/// assert_eq!(state.inbound_hook_url.as_deref(),
///     Some("https://inbound:${INBOUND_HOOK_URL_PASSWORD}@example.com/inbound"));
/// assert!(!state.to_text(Format::Json).contains("hunter2"));
/// ```
pub fn export_server(
    inbound_hook_url: Option<&str>,
    webhooks: &[Webhook],
    secrets: Secrets,
) -> (DesiredState, Vec<String>) {
    let mut names = Names::default();
    let state = export_named(inbound_hook_url, webhooks, secrets, None, &mut names);
    (state, names.order)
}

/// The servers' settings as one desired state of the account, as
/// [`export_server`] writes each; variable names start `WEBHOOK_<SERVER>_`
/// and `INBOUND_HOOK_<SERVER>_`, the server's name written as the rest of
/// the name is. Each server's `InboundHookUrl` is the one its [`Server`]
/// holds.
///
/// ```
/// use postmark_webhooks::{Server, Webhook};
/// use postmark_webhooks::sync::{Secrets, export_account};
///
/// let hooks: Vec<Webhook> = serde_json::from_str(r#"[{
///     "ID": 7, "Url": "https://example.com/hook", "MessageStream": "outbound",
///     "HttpAuth": {"Username": "pm", "Password": "hunter2"}
/// }]"#).unwrap();
/// let mut staging = Server::new(2, "Staging");
/// staging.inbound_hook_url = Some("https://in:s3cr3t@example.com/inbound".to_owned());
/// let servers = [(Server::new(1, "Production01"), hooks.clone()), (staging, hooks)];
/// let (account, variables) = export_account(&servers, Secrets::References);
/// assert_eq!(account.servers[1].name, "Staging");
/// assert_eq!(variables, [
///     "WEBHOOK_PRODUCTION01_OUTBOUND_EXAMPLE_COM_HOOK_PASSWORD",
///     "INBOUND_HOOK_STAGING_URL_PASSWORD",
///     "WEBHOOK_STAGING_OUTBOUND_EXAMPLE_COM_HOOK_PASSWORD",
/// ]);
/// ```
pub fn export_account(
    servers: &[(Server, Vec<Webhook>)],
    secrets: Secrets,
) -> (DesiredAccount, Vec<String>) {
    let mut names = Names::default();
    let mut account = DesiredAccount::default();
    for (server, webhooks) in servers {
        let state = export_named(
            server.inbound_hook_url.as_deref(),
            webhooks,
            secrets,
            Some(&slug(&server.name)),
            &mut names,
        );
        account
            .servers
            .push(DesiredServer::new(server.name.clone(), state));
    }
    (account, names.order)
}

/// The settings as a desired state, variable names starting `WEBHOOK_` and
/// `INBOUND_HOOK_`, then the server's part where one is given.
fn export_named(
    inbound_hook_url: Option<&str>,
    webhooks: &[Webhook],
    secrets: Secrets,
    server: Option<&str>,
    names: &mut Names,
) -> DesiredState {
    let prefixed = |prefix: &str| match server {
        Some(server) => format!("{prefix}_{server}"),
        None => prefix.to_owned(),
    };
    let (prefix, inbound_prefix) = (prefixed("WEBHOOK"), prefixed("INBOUND_HOOK"));
    let mut state = DesiredState {
        inbound_hook_url: inbound_hook_url.map(|url| {
            export_url(url, &mut |suffix: &str, value: &str| match secrets {
                Secrets::Include => env::escape(value).into_owned(),
                Secrets::References => {
                    env::reference(&names.name(&format!("{inbound_prefix}_{suffix}"), value))
                }
            })
        }),
        webhooks: Vec::new(),
    };
    for webhook in webhooks {
        let base = format!(
            "{prefix}_{}",
            slug(&format!(
                "{} {}",
                webhook.message_stream,
                host_and_path(&webhook.url)
            ))
        );
        let mut secret = |suffix: &str, value: &str| match secrets {
            Secrets::Include => env::escape(value).into_owned(),
            Secrets::References => env::reference(&names.name(&format!("{base}_{suffix}"), value)),
        };
        let url = export_url(&webhook.url, &mut secret);
        let http_auth = webhook.http_auth.as_ref().map(|auth| {
            HttpAuth::new(
                env::escape(&auth.username),
                secret("PASSWORD", &auth.password),
            )
        });
        let http_headers = webhook
            .http_headers
            .iter()
            .map(|h| {
                let value = secret(&format!("HEADER_{}", slug(&h.name)), &h.value);
                HttpHeader::new(env::escape(&h.name), value)
            })
            .collect();
        let mut hook = DesiredWebhook::new(url)
            .message_stream(env::escape(&webhook.message_stream))
            .triggers(named(webhook.triggers));
        hook.http_auth = http_auth;
        hook.http_headers = http_headers;
        state.webhooks.push(hook);
    }
    state
}

/// The triggers to write: each that differs from Postmark's create default
/// (disabled, options off), in full; the others are left out, which means
/// the same. (A disabled Bounce trigger is then never named on a stream
/// that has none.)
fn named(t: WebhookTriggers) -> Triggers {
    let default = WebhookTriggers::default();
    Triggers::from(t).only(|record_type| t.get(record_type) != default.get(record_type))
}

/// Variable names handed out, with the value each stands for.
#[derive(Default)]
struct Names {
    values: BTreeMap<String, String>,
    order: Vec<String>,
}

impl Names {
    /// `wanted`, or `wanted_2`, `wanted_3`, … if it already stands for
    /// another value.
    fn name(&mut self, wanted: &str, value: &str) -> String {
        let mut name = wanted.to_owned();
        let mut n = 1;
        loop {
            match self.values.get(&name) {
                Some(taken) if taken == value => return name,
                Some(_) => {
                    n += 1;
                    name = format!("{wanted}_{n}");
                }
                None => {
                    self.values.insert(name.clone(), value.to_owned());
                    self.order.push(name.clone());
                    return name;
                }
            }
        }
    }
}

/// Upper-case ASCII letters and digits; every run of anything else one `_`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_owned()
}

/// Where the parts of an `http(s)://user:pass@host/path?query#fragment`
/// string are, found on the string itself so that it is rebuilt exactly.
struct UrlParts {
    password: Option<Range<usize>>,
    host_and_path: Range<usize>,
    query: Option<Range<usize>>,
}

fn url_parts(url: &str) -> Option<UrlParts> {
    let start = url.find("://")? + 3;
    let authority_end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    let at = url[start..authority_end].rfind('@').map(|i| start + i);
    let password = at.and_then(|at| {
        let colon = url[start..at].find(':')? + start;
        Some(colon + 1..at)
    });
    let host_start = at.map_or(start, |at| at + 1);
    let fragment = url[authority_end..]
        .find('#')
        .map_or(url.len(), |i| authority_end + i);
    let query = url[authority_end..fragment]
        .find('?')
        .map(|i| authority_end + i + 1..fragment);
    let path_end = query.as_ref().map_or(fragment, |q| q.start - 1);
    Some(UrlParts {
        password,
        host_and_path: host_start..path_end,
        query,
    })
}

fn host_and_path(url: &str) -> &str {
    url_parts(url).map_or(url, |p| &url[p.host_and_path])
}

/// The URL with its password and query replaced through `secret`, and the
/// rest escaped.
fn export_url(url: &str, secret: &mut dyn FnMut(&str, &str) -> String) -> String {
    let Some(parts) = url_parts(url) else {
        return env::escape(url).into_owned();
    };
    let mut pieces: Vec<(Range<usize>, &str)> = Vec::new();
    if let Some(p) = parts.password.filter(|p| !p.is_empty()) {
        pieces.push((p, "URL_PASSWORD"));
    }
    if let Some(q) = parts.query.filter(|q| !q.is_empty()) {
        pieces.push((q, "URL_QUERY"));
    }
    let mut out = String::new();
    let mut at = 0;
    for (range, suffix) in pieces {
        out.push_str(&env::escape(&url[at..range.start]));
        out.push_str(&secret(suffix, &url[range.clone()]));
        at = range.end;
    }
    out.push_str(&env::escape(&url[at..]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn references(url: &str) -> String {
        export_url(url, &mut |suffix, _| format!("${{{suffix}}}"))
    }

    #[test]
    fn url_secrets_are_replaced_and_the_rest_kept() {
        assert_eq!(
            references("https://example.com/hook"),
            "https://example.com/hook"
        );
        assert_eq!(
            references("https://user:pw@example.com:8443/a/b?token=x&y=1#frag"),
            "https://user:${URL_PASSWORD}@example.com:8443/a/b?${URL_QUERY}#frag"
        );
        assert_eq!(
            references("https://user@example.com/?"),
            "https://user@example.com/?"
        );
        assert_eq!(references("https://x.test/${a}"), "https://x.test/$${a}");
        assert_eq!(
            host_and_path("https://u:p@Example.com:80/x?q"),
            "Example.com:80/x"
        );
    }

    #[test]
    fn names_are_slugs_and_collisions_are_numbered() {
        assert_eq!(
            slug("outbound example.com/hooks/post-mark/"),
            "OUTBOUND_EXAMPLE_COM_HOOKS_POST_MARK"
        );
        let mut names = Names::default();
        assert_eq!(names.name("A", "1"), "A");
        assert_eq!(names.name("A", "1"), "A");
        assert_eq!(names.name("A", "2"), "A_2");
        assert_eq!(names.name("A", "3"), "A_3");
        assert_eq!(names.order, ["A", "A_2", "A_3"]);
    }
}
