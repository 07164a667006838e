//! `server`: the server's hook settings (`GET /server`), as text or JSON,
//! with credentials, queries and fragments of the URLs hidden.

use std::process::ExitCode;

use postmark_webhooks::ServerClient;
use serde_json::{Map, Value};

use super::{Outcome, print_json};

pub(crate) async fn show(client: &ServerClient, json: bool) -> Outcome {
    let server = client.server().get().await.map_err(|e| e.to_string())?;
    let urls = server.redacted_hook_urls();
    if json {
        let object: Map<String, Value> = urls
            .into_iter()
            .map(|(name, url)| (name.to_owned(), url.into()))
            .collect();
        print_json(&object);
    } else {
        for (name, url) in urls {
            println!("{name:<16} {}", url.as_deref().unwrap_or("none"));
        }
    }
    Ok(ExitCode::SUCCESS)
}
