//! The account API (`GET /servers`, `GET /servers/{serverid}`): the requests
//! an `AccountClient` sends, paging, and the decoding of Postmark's answers.

use postmark_webhooks::{AccountClient, Error, Operation, RetryPolicy, Server};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const ACCOUNT_TOKEN: &str = "account-secret-token";

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/postmark-api/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn account(server: &MockServer) -> AccountClient {
    AccountClient::builder(ACCOUNT_TOKEN)
        .base_url(server.uri())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap()
}

/// The account token, alone: no server token, JSON accepted.
fn assert_account_headers(request: &Request) {
    let token: Vec<_> = request
        .headers
        .get_all("x-postmark-account-token")
        .iter()
        .collect();
    assert_eq!(token, [ACCOUNT_TOKEN]);
    assert!(request.headers.get("x-postmark-server-token").is_none());
    assert_eq!(request.headers["accept"], "application/json");
}

/// Every field of the first server of `Servers-mrz1836-1.json`.
fn assert_is_production01(server: &Server) {
    assert_eq!(server.id, 1);
    assert_eq!(server.name, "Production01");
    assert_eq!(server.api_tokens.len(), 1);
    assert_eq!(server.api_tokens[0].expose(), "server token");
    assert_eq!(server.color.as_deref(), Some("red"));
    assert_eq!(server.smtp_api_activated, Some(true));
    assert_eq!(server.raw_email_enabled, Some(false));
    assert_eq!(server.delivery_type.as_deref(), Some("Live"));
    assert_eq!(
        server.server_link.as_deref(),
        Some("https://postmarkapp.com/servers/1/streams")
    );
    assert_eq!(
        server.inbound_address.as_deref(),
        Some("yourhash@inbound.postmarkapp.com")
    );
    assert_eq!(
        server.inbound_hook_url.as_deref(),
        Some("http://inboundhook.example.com/inbound")
    );
    assert_eq!(
        server.bounce_hook_url.as_deref(),
        Some("http://bouncehook.example.com/bounce")
    );
    assert_eq!(
        server.open_hook_url.as_deref(),
        Some("http://openhook.example.com/open")
    );
    assert_eq!(
        server.delivery_hook_url.as_deref(),
        Some("http://hooks.example.com/delivery")
    );
    assert_eq!(
        server.click_hook_url.as_deref(),
        Some("http://hooks.example.com/click")
    );
    assert_eq!(server.post_first_open_only, Some(true));
    assert_eq!(server.inbound_domain.as_deref(), Some(""));
    assert_eq!(server.inbound_hash.as_deref(), Some("yourhash"));
    assert_eq!(server.inbound_spam_threshold, Some(5));
    assert_eq!(server.track_opens, Some(false));
    assert_eq!(server.track_links.as_deref(), Some("None"));
    assert_eq!(server.include_bounce_content_in_hook, Some(true));
    assert_eq!(server.enable_smtp_api_error_hooks, Some(false));
}

#[tokio::test]
async fn list_sends_the_account_token_and_decodes_the_documented_answer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/servers"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("Servers-mrz1836-1.json")))
        .expect(1)
        .mount(&server)
        .await;

    let servers = account(&server).servers().list().await.unwrap();

    assert_eq!(servers.len(), 2);
    assert_is_production01(&servers[0]);
    let second = &servers[1];
    assert_eq!((second.id, second.name.as_str()), (2, "Production02"));
    assert_eq!(second.delivery_type.as_deref(), Some("Sandbox"));
    assert_eq!(second.track_links.as_deref(), Some("HtmlAndText"));
    assert_eq!(second.inbound_spam_threshold, Some(0));
    // Answered as "": unset.
    assert_eq!(second.bounce_hook_url, None);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method.as_str(), "GET");
    assert_eq!(requests[0].url.path(), "/servers");
    assert_eq!(requests[0].url.query(), Some("count=500&offset=0"));
    assert_account_headers(&requests[0]);
}

#[tokio::test]
async fn the_older_shorter_answer_decodes_with_the_missing_fields_unset() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/servers"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("Servers-gem-1.json")))
        .mount(&server)
        .await;

    let servers = account(&server).servers().list().await.unwrap();

    assert_eq!(servers.len(), 1);
    let only = &servers[0];
    assert_eq!((only.id, only.name.as_str()), (11635, "Production01"));
    assert_eq!(
        only.api_tokens[0].expose(),
        "fe6ec0cf-ff06-787a-b5e9-e77a41c61ce3"
    );
    assert_eq!(only.delivery_type, None);
    assert_eq!(only.track_links, None);
    assert_eq!(only.open_hook_url, None);
    assert_eq!(only.inbound_domain.as_deref(), Some(""));
}

#[tokio::test]
async fn list_follows_the_offset_until_total_count_is_read() {
    let server = MockServer::start().await;
    let first = fixture("Servers-mrz1836-1.json");
    let mut page1 = first.clone();
    page1["TotalCount"] = json!(3);
    let page2 =
        json!({"TotalCount": 3, "Servers": [{"ID": 3, "Name": "Staging", "ApiTokens": ["t3"]}]});
    Mock::given(method("GET"))
        .and(path("/servers"))
        .and(query_param("offset", "0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page1))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/servers"))
        .and(query_param("offset", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page2))
        .expect(1)
        .mount(&server)
        .await;

    let servers = account(&server).servers().list().name("o").await.unwrap();

    let names: Vec<_> = servers.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Production01", "Production02", "Staging"]);
    let queries: Vec<_> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.query().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        queries,
        ["count=500&name=o&offset=0", "count=500&name=o&offset=2"]
    );
}

#[tokio::test]
async fn an_empty_page_ends_the_listing_even_below_total_count() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/servers"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"TotalCount": 9, "Servers": []})),
        )
        .expect(1)
        .mount(&server)
        .await;

    assert!(account(&server).servers().list().await.unwrap().is_empty());
}

#[tokio::test]
async fn get_sends_the_id_in_the_path_and_decodes_the_documented_answer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/servers/1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("Server-postmarkrs-1.json")))
        .expect(1)
        .mount(&server)
        .await;

    let got = account(&server).servers().get(1).await.unwrap();

    assert_eq!((got.id, got.name.as_str()), (1, "Staging Testing"));
    assert_eq!(got.api_tokens[0].expose(), "server token");
    assert_eq!(
        got.inbound_hook_url.as_deref(),
        Some("http://hooks.example.com/inbound")
    );
    assert_eq!(got.delivery_type.as_deref(), Some("Live"));
    assert_eq!(got.include_bounce_content_in_hook, Some(true));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.path(), "/servers/1");
    assert_eq!(requests[0].url.query(), None);
    assert_account_headers(&requests[0]);
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    let client = account(&server);

    let err = client.servers().get(0).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput(i) if i.field() == "id"),
        "{err:?}"
    );
    assert_eq!(err.operation(), Some(Operation::GetServer));
    let err = client.servers().list().name(" ").await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput(i) if i.field() == "name"),
        "{err:?}"
    );
    assert!(matches!(
        AccountClient::new(""),
        Err(Error::InvalidInput(i)) if i.field() == "token"
    ));
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_refused_account_token_is_an_api_error_with_code_10() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/servers"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "ErrorCode": 10,
            "Message": "The Account Token you provided in the X-Postmark-Account-Token header was invalid."
        })))
        .mount(&server)
        .await;

    let err = account(&server).servers().list().await.unwrap_err();

    assert_eq!(err.status(), Some(401));
    assert_eq!(err.code().map(|c| c.as_i64()), Some(10));
    assert_eq!(err.operation(), Some(Operation::ListServers));
    assert!(!err.to_string().contains(ACCOUNT_TOKEN));
    assert!(!format!("{err:?}").contains(ACCOUNT_TOKEN));
}

#[tokio::test]
async fn a_redirect_is_not_followed_so_the_account_token_stays_home() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/servers"))
        .respond_with(
            ResponseTemplate::new(307)
                .insert_header("Location", format!("{}/servers", elsewhere.uri())),
        )
        .mount(&server)
        .await;

    let err = account(&server).servers().list().await.unwrap_err();

    assert_eq!(err.status(), Some(307));
    assert!(elsewhere.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_server_client_uses_the_servers_own_token_and_the_account_settings() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/webhooks"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Webhooks": []})))
        .mount(&server)
        .await;
    let account = account(&server);
    let mut production = Server::new(1, "Production01");
    production.api_tokens = vec![postmark_webhooks::ApiToken::new("server-1-token")];

    let client = account.server_client(&production).unwrap();
    client.webhooks().list().await.unwrap();

    assert_eq!(client.base_url(), server.uri());
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].headers["x-postmark-server-token"],
        "server-1-token"
    );
    assert!(
        requests[0]
            .headers
            .get("x-postmark-account-token")
            .is_none()
    );
    let err = account
        .server_client(&Server::new(2, "No tokens"))
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(i) if i.field() == "ApiTokens"));
}

#[test]
fn tokens_never_reach_debug() {
    let account = AccountClient::new(ACCOUNT_TOKEN).unwrap();
    assert!(!format!("{account:?}").contains(ACCOUNT_TOKEN));
    let builder = AccountClient::builder(ACCOUNT_TOKEN);
    assert!(!format!("{builder:?}").contains(ACCOUNT_TOKEN));
    let server: Server = serde_json::from_value(fixture("Server-postmarkrs-1.json")).unwrap();
    let shown = format!("{server:?} {}", server.api_tokens[0]);
    assert!(!shown.contains("server token"), "{shown}");
    assert!(shown.contains("<redacted>"));
}
