//! What the mock stores, and Postmark's rules for changing it. No HTTP here:
//! each operation takes parsed input and answers a value or a [`Reject`].

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::model::{HttpAuth, HttpHeader, Webhook, WebhookStatus};
use crate::triggers::{Triggers, WebhookTriggers};
use crate::validate::header_name_clash;
use crate::webhooks::body::Body;

mod account;

/// At most this many webhooks per message stream (ErrorCode 1359).
pub(crate) const MAX_WEBHOOKS_PER_STREAM: usize = 10;

/// The kind of a message stream, which decides what its webhooks may do.
///
/// ```
/// use postmark_webhooks::mock::StreamKind;
/// assert_ne!(StreamKind::Transactional, StreamKind::Broadcasts);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StreamKind {
    /// Transactional messages, like the default `outbound` stream. Only these
    /// take the Bounce trigger.
    Transactional,
    /// Broadcast messages, like the default `broadcast` stream.
    Broadcasts,
    /// Inbound messages, like the default `inbound` stream. These take no
    /// webhooks (ErrorCode 1351).
    Inbound,
}

/// A refusal, as Postmark words it: HTTP status, ErrorCode and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reject {
    pub(crate) status: u16,
    pub(crate) code: i64,
    pub(crate) message: String,
}

impl Reject {
    pub(crate) fn new(status: u16, code: i64, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    fn unprocessable(code: i64, message: impl Into<String>) -> Self {
        Self::new(422, code, message)
    }

    pub(crate) fn invalid_json() -> Self {
        Self::unprocessable(402, "Received invalid JSON input.")
    }

    fn incompatible_json(detail: impl std::fmt::Display) -> Self {
        Self::unprocessable(
            403,
            format!(
                "The JSON input you provided is syntactically correct, but still not the one we expect: {detail}"
            ),
        )
    }

    fn status_not_allowed() -> Self {
        Self::unprocessable(1363, "The 'Status' field may not be set.")
    }

    fn stream_not_found(id: &str) -> Self {
        Self::unprocessable(
            1226,
            format!("The message stream for the provided 'ID' ({id}) was not found."),
        )
    }

    fn not_found(id: i64) -> Self {
        Self::unprocessable(1352, format!("No webhook with ID {id} was found."))
    }
}

#[derive(Clone, Debug)]
struct Stream {
    kind: StreamKind,
    archived: bool,
}

/// One Postmark server: its ID and name in the account, its message
/// streams, webhooks and inbound hook URL.
#[derive(Clone, Debug)]
struct Server {
    id: i64,
    name: String,
    streams: HashMap<String, Stream>,
    webhooks: BTreeMap<i64, Webhook>,
    /// `InboundHookUrl` (`GET`/`PUT /server`); `None` until one is set.
    inbound_hook_url: Option<String>,
}

impl Server {
    fn new(id: i64, name: String) -> Self {
        let streams = [
            ("outbound", StreamKind::Transactional),
            ("broadcast", StreamKind::Broadcasts),
            ("inbound", StreamKind::Inbound),
        ]
        .into_iter()
        .map(|(id, kind)| {
            (
                id.to_owned(),
                Stream {
                    kind,
                    archived: false,
                },
            )
        })
        .collect();
        Self {
            id,
            name,
            streams,
            webhooks: BTreeMap::new(),
            inbound_hook_url: None,
        }
    }

    fn webhook_mut(&mut self, id: i64) -> Result<&mut Webhook, Reject> {
        self.webhooks
            .get_mut(&id)
            .ok_or_else(|| Reject::not_found(id))
    }

    /// A stream that may take webhooks.
    fn usable_stream(&self, id: &str) -> Result<StreamKind, Reject> {
        let stream = self
            .streams
            .get(id)
            .ok_or_else(|| Reject::stream_not_found(id))?;
        if stream.archived {
            return Err(Reject::unprocessable(
                1350,
                format!("The message stream '{id}' is archived."),
            ));
        }
        if stream.kind == StreamKind::Inbound {
            return Err(Reject::unprocessable(
                1351,
                "You cannot create a webhook using an inbound stream",
            ));
        }
        Ok(stream.kind)
    }
}

/// Every server of the mock, by token, the ID counter their webhooks share,
/// and the account they belong to.
#[derive(Debug, Default)]
pub(crate) struct State {
    servers: HashMap<String, Server>,
    next_id: i64,
    /// The last server ID handed out.
    last_server_id: i64,
    /// The account token (`X-Postmark-Account-Token`).
    pub(crate) account_token: String,
}

impl State {
    /// Adds a server with the next ID, named `Production01`,
    /// `Production02`, … after it unless `name` is given; returns its ID.
    pub(crate) fn add_server(&mut self, token: String, name: Option<String>) -> i64 {
        self.last_server_id += 1;
        let id = self.last_server_id;
        let name = name.unwrap_or_else(|| format!("Production{id:02}"));
        self.servers.insert(token, Server::new(id, name));
        id
    }

    pub(crate) fn has_server(&self, token: &str) -> bool {
        self.servers.contains_key(token)
    }

    pub(crate) fn set_stream(
        &mut self,
        token: &str,
        id: &str,
        kind: StreamKind,
        archived: bool,
    ) -> bool {
        match self.servers.get_mut(token) {
            Some(server) => {
                server
                    .streams
                    .insert(id.to_owned(), Stream { kind, archived });
                true
            }
            None => false,
        }
    }

    pub(crate) fn stream_kind(&self, token: &str, id: &str) -> Option<(StreamKind, bool)> {
        let stream = self.servers.get(token)?.streams.get(id)?;
        Some((stream.kind, stream.archived))
    }

    /// The server's `InboundHookUrl`, if one is set.
    pub(crate) fn inbound_hook_url(&self, token: &str) -> Option<String> {
        self.servers.get(token)?.inbound_hook_url.clone()
    }

    /// `GET /server`: the server, as the account API shows it (unset hook
    /// URLs as `""`, as Postmark answers them).
    pub(crate) fn server(&self, token: &str) -> Value {
        let server = self
            .servers
            .get(token)
            .expect("requests are authenticated before they reach the state");
        account::answer(token, server)
    }

    /// `PUT /server`: sets what the body names (only `InboundHookUrl` is
    /// kept; Postmark's other server settings are accepted and ignored).
    /// A URL of `""` removes it.
    pub(crate) fn edit_server(&mut self, token: &str, body: &[u8]) -> Result<Value, Reject> {
        let edit: crate::server::ServerEdit =
            serde_json::from_slice(body).map_err(|_| Reject::invalid_json())?;
        if let Some(url) = edit.inbound_hook_url {
            self.server_mut(token).inbound_hook_url = Some(url).filter(|u| !u.is_empty());
        }
        Ok(self.server(token))
    }

    pub(crate) fn webhooks(&self, token: &str) -> Vec<Webhook> {
        self.servers
            .get(token)
            .map(|s| s.webhooks.values().cloned().collect())
            .unwrap_or_default()
    }

    fn server_mut(&mut self, token: &str) -> &mut Server {
        self.servers
            .get_mut(token)
            .expect("requests are authenticated before they reach the state")
    }

    pub(crate) fn list(&mut self, token: &str, stream: Option<&str>) -> Result<Value, Reject> {
        let server = self.server_mut(token);
        if let Some(stream) = stream.filter(|s| !server.streams.contains_key(*s)) {
            return Err(Reject::stream_not_found(stream));
        }
        let webhooks: Vec<&Webhook> = server
            .webhooks
            .values()
            .filter(|w| stream.is_none_or(|s| w.message_stream == s))
            .collect();
        Ok(serde_json::json!({ "Webhooks": webhooks }))
    }

    pub(crate) fn get(&mut self, token: &str, id: i64) -> Result<Value, Reject> {
        let webhook = self.server_mut(token).webhook_mut(id)?;
        Ok(to_json(webhook))
    }

    /// One webhook of the server, cloned.
    pub(crate) fn webhook(&mut self, token: &str, id: i64) -> Result<Webhook, Reject> {
        Ok(self.server_mut(token).webhook_mut(id)?.clone())
    }

    /// Creates the webhook with this status.
    pub(crate) fn create(
        &mut self,
        token: &str,
        body: &[u8],
        status: WebhookStatus,
    ) -> Result<Value, Reject> {
        let mut webhook = self.check_create(token, body)?;
        webhook.status = Some(status);
        let id = webhook.id;
        let answer = to_json(&webhook);
        self.server_mut(token).webhooks.insert(id, webhook);
        self.next_id = id;
        Ok(answer)
    }

    /// Checks a create request and returns the webhook it would store,
    /// changing nothing.
    pub(crate) fn check_create(&mut self, token: &str, body: &[u8]) -> Result<Webhook, Reject> {
        let object = parse_object(body)?;
        if object.contains_key("ID") {
            return Err(Reject::unprocessable(
                1356,
                "The 'ID' field may not be set when creating a webhook.",
            ));
        }
        if object.contains_key("Status") {
            return Err(Reject::status_not_allowed());
        }
        let input: Body = decode(object)?;
        let url = check_url(input.url.as_deref())?;
        let stream_id = input
            .message_stream
            .unwrap_or_else(|| "outbound".to_owned());
        let headers = check_headers(input.http_headers.unwrap_or_default())?;
        let triggers = input.triggers.unwrap_or_default();

        let next_id = self.next_id + 1;
        let server = self.server_mut(token);
        let kind = server.usable_stream(&stream_id)?;
        check_triggers(kind, &triggers)?;
        let on_stream = server
            .webhooks
            .values()
            .filter(|w| w.message_stream == stream_id)
            .count();
        if on_stream >= MAX_WEBHOOKS_PER_STREAM {
            return Err(Reject::unprocessable(
                1359,
                format!(
                    "The maximum number of webhooks ({MAX_WEBHOOKS_PER_STREAM}) for message stream '{stream_id}' has been reached."
                ),
            ));
        }
        let mut webhook = Webhook {
            id: next_id,
            url,
            message_stream: stream_id,
            http_auth: input.http_auth.and_then(HttpAuth::or_none),
            http_headers: headers,
            triggers: WebhookTriggers::default(),
            status: None,
        };
        webhook.triggers.apply(&triggers);
        check_auth_clash(&webhook)?;
        Ok(webhook)
    }

    /// Edits the webhook and gives it this status.
    pub(crate) fn edit(
        &mut self,
        token: &str,
        id: i64,
        body: &[u8],
        status: WebhookStatus,
    ) -> Result<Value, Reject> {
        let mut webhook = self.check_edit(token, id, body)?;
        webhook.status = Some(status);
        let answer = to_json(&webhook);
        self.server_mut(token).webhooks.insert(id, webhook);
        Ok(answer)
    }

    /// Checks an edit request and returns the webhook as it would be after
    /// it, changing nothing.
    pub(crate) fn check_edit(
        &mut self,
        token: &str,
        id: i64,
        body: &[u8],
    ) -> Result<Webhook, Reject> {
        let object = parse_object(body)?;
        if object.contains_key("ID") || object.contains_key("MessageStream") {
            return Err(Reject::unprocessable(
                1357,
                "The 'ID' and 'MessageStream' of a webhook cannot be changed.",
            ));
        }
        if object.contains_key("Status") {
            return Err(Reject::status_not_allowed());
        }
        let input: Body = decode(object)?;
        let url = input
            .url
            .as_deref()
            .map(|u| check_url(Some(u)))
            .transpose()?;
        let headers = input.http_headers.map(check_headers).transpose()?;
        let server = self.server_mut(token);
        let stream = server.webhook_mut(id)?.message_stream.clone();
        let kind = server
            .streams
            .get(&stream)
            .map_or(StreamKind::Transactional, |s| s.kind);
        if let Some(triggers) = &input.triggers {
            check_triggers(kind, triggers)?;
        }
        let mut webhook = server.webhook_mut(id)?.clone();
        if let Some(url) = url {
            webhook.url = url;
        }
        if let Some(auth) = input.http_auth {
            webhook.http_auth = auth.or_none();
        }
        if let Some(headers) = headers {
            webhook.http_headers = headers;
        }
        if let Some(triggers) = &input.triggers {
            webhook.triggers.apply(triggers);
        }
        check_auth_clash(&webhook)?;
        Ok(webhook)
    }

    /// Sets the status of the webhook with this ID, on whichever server.
    pub(crate) fn set_status(&mut self, id: i64, status: WebhookStatus) {
        if let Some(webhook) = self
            .servers
            .values_mut()
            .find_map(|s| s.webhooks.get_mut(&id))
        {
            webhook.status = Some(status);
        }
    }

    pub(crate) fn delete(&mut self, token: &str, id: i64) -> Result<Value, Reject> {
        let server = self.server_mut(token);
        server
            .webhooks
            .remove(&id)
            .ok_or_else(|| Reject::not_found(id))?;
        Ok(serde_json::json!({ "ErrorCode": 0, "Message": format!("Webhook {id} removed.") }))
    }
}

fn to_json(webhook: &Webhook) -> Value {
    serde_json::to_value(webhook).expect("a webhook serializes")
}

fn parse_object(body: &[u8]) -> Result<Map<String, Value>, Reject> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Reject::unprocessable(1355, "The request body is missing."));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(Reject::incompatible_json("the body must be a JSON object")),
        Err(_) => Err(Reject::invalid_json()),
    }
}

fn decode<T: for<'de> Deserialize<'de>>(object: Map<String, Value>) -> Result<T, Reject> {
    serde_json::from_value(Value::Object(object)).map_err(Reject::incompatible_json)
}

fn check_url(url: Option<&str>) -> Result<String, Reject> {
    let invalid = || {
        Reject::unprocessable(
            1354,
            "The 'Url' field is missing or is not a valid absolute http(s) URL.",
        )
    };
    let url = url.ok_or_else(invalid)?;
    match reqwest::Url::parse(url) {
        Ok(parsed)
            if matches!(parsed.scheme(), "http" | "https")
                && parsed.host_str().is_some_and(|h| !h.is_empty()) =>
        {
            Ok(url.to_owned())
        }
        _ => Err(invalid()),
    }
}

fn invalid_header_name(name: &str) -> Reject {
    Reject::unprocessable(1358, format!("Invalid HTTP header name '{name}'."))
}

/// Valid header names and values, none of them a name that clashes with
/// what a delivery carries (the client's rule, [`header_name_clash`]).
fn check_headers(headers: Vec<HttpHeader>) -> Result<Vec<HttpHeader>, Reject> {
    for header in &headers {
        let valid_name = !header.name.is_empty()
            && reqwest::header::HeaderName::from_bytes(header.name.as_bytes()).is_ok()
            && header_name_clash(&header.name, false).is_none();
        if !valid_name {
            return Err(invalid_header_name(&header.name));
        }
        if reqwest::header::HeaderValue::from_str(&header.value).is_err() {
            return Err(Reject::unprocessable(
                1361,
                format!("Invalid value for HTTP header '{}'.", header.name),
            ));
        }
    }
    Ok(headers)
}

/// A webhook as it would be stored may not carry an `Authorization` header
/// beside HTTP Basic credentials, however the two came together.
fn check_auth_clash(webhook: &Webhook) -> Result<(), Reject> {
    let with_http_auth = webhook.http_auth.is_some();
    match webhook
        .http_headers
        .iter()
        .find(|h| header_name_clash(&h.name, with_http_auth).is_some())
    {
        Some(header) => Err(invalid_header_name(&header.name)),
        None => Ok(()),
    }
}

fn check_triggers(kind: StreamKind, triggers: &Triggers) -> Result<(), Reject> {
    let bounce_enabled = triggers.bounce.is_some_and(|b| b.enabled);
    if bounce_enabled && kind != StreamKind::Transactional {
        return Err(Reject::unprocessable(
            1353,
            "The Bounce trigger is only supported on transactional message streams.",
        ));
    }
    Ok(())
}
