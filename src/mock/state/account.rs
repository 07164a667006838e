//! The account API over the mock's servers: `GET /servers`,
//! `GET /servers/{serverid}` and `POST /servers`, answered in the shape of
//! <https://postmarkapp.com/developer/api/servers-api>.

use serde_json::Value;

use super::{Reject, Server, State, decode, parse_object};

/// The most servers one `GET /servers` answers, as on Postmark's other
/// paged lists.
const MAX_COUNT: i64 = 500;

impl State {
    /// One page of the account's servers, by ID; `name` keeps those whose
    /// name contains it, in any letter case (Postmark's filter may match a
    /// part of the name).
    pub(crate) fn list_servers(
        &self,
        count: Option<i64>,
        offset: Option<i64>,
        name: Option<&str>,
    ) -> Result<Value, Reject> {
        let (Some(count), Some(offset)) = (count, offset) else {
            return Err(Reject::new(
                422,
                0,
                "The 'count' and 'offset' query parameters are required.",
            ));
        };
        if !(1..=MAX_COUNT).contains(&count) || offset < 0 {
            return Err(Reject::new(
                422,
                0,
                format!("'count' must be between 1 and {MAX_COUNT}, and 'offset' not negative."),
            ));
        }
        let name = name.map(str::to_lowercase);
        let mut servers: Vec<(&String, &Server)> = self
            .servers
            .iter()
            .filter(|(_, s)| {
                name.as_ref()
                    .is_none_or(|n| s.name.to_lowercase().contains(n))
            })
            .collect();
        servers.sort_by_key(|(_, s)| s.id);
        let total = servers.len();
        let page: Vec<crate::servers::Server> = servers
            .into_iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(usize::try_from(count).unwrap_or(0))
            .map(|(token, server)| shown(token, server))
            .collect();
        Ok(serde_json::json!({ "TotalCount": total, "Servers": page }))
    }

    /// One server of the account by ID.
    pub(crate) fn get_server(&self, id: i64) -> Result<Value, Reject> {
        self.servers
            .iter()
            .find(|(_, s)| s.id == id)
            .map(|(token, server)| answer(token, server))
            .ok_or_else(|| Reject::new(404, 0, format!("No server with ID {id} was found.")))
    }

    /// Creates a server named by the body's `Name`, answering to `token`.
    pub(crate) fn create_server(&mut self, body: &[u8], token: String) -> Result<Value, Reject> {
        #[derive(serde::Deserialize)]
        struct Input {
            #[serde(rename = "Name")]
            name: Option<String>,
        }
        let input: Input = decode(parse_object(body)?)?;
        let name = input
            .name
            .filter(|n| !n.trim().is_empty())
            .ok_or_else(|| Reject::new(422, 0, "The 'Name' field is required."))?;
        let id = self.add_server(token.clone(), Some(name));
        self.get_server(id)
    }
}

/// A server as the account API answers it: its token as its one API token,
/// the documented settings at the values of a new server.
fn shown(token: &str, server: &Server) -> crate::servers::Server {
    let hash = format!("{:032x}", server.id);
    let mut shown = crate::servers::Server::new(server.id, server.name.clone());
    shown.api_tokens = vec![crate::servers::ApiToken::new(token)];
    shown.color = Some("Purple".to_owned());
    shown.smtp_api_activated = Some(true);
    shown.raw_email_enabled = Some(false);
    shown.delivery_type = Some("Live".to_owned());
    shown.server_link = Some(format!(
        "https://postmarkapp.com/servers/{}/streams",
        server.id
    ));
    shown.inbound_address = Some(format!("{hash}@inbound.postmarkapp.com"));
    shown.inbound_hook_url = Some(server.inbound_hook_url.clone().unwrap_or_default());
    for url in [
        &mut shown.bounce_hook_url,
        &mut shown.open_hook_url,
        &mut shown.delivery_hook_url,
        &mut shown.click_hook_url,
        &mut shown.inbound_domain,
    ] {
        *url = Some(String::new());
    }
    shown.post_first_open_only = Some(false);
    shown.inbound_hash = Some(hash);
    shown.inbound_spam_threshold = Some(0);
    shown.track_opens = Some(false);
    shown.track_links = Some("None".to_owned());
    shown.include_bounce_content_in_hook = Some(false);
    shown.enable_smtp_api_error_hooks = Some(false);
    shown
}

/// A server as the account API and `GET`/`PUT /server` answer it.
pub(super) fn answer(token: &str, server: &Server) -> Value {
    serde_json::to_value(shown(token, server)).expect("a server serializes")
}
