//! The server's `InboundHookUrl` as configuration: a desired-state file
//! sets it through `PUT /server`, plan shows it with credentials hidden,
//! export writes its credentials as references, and a file without it
//! leaves the server's setting alone.
#![cfg(all(feature = "mock", feature = "sync"))]

use postmark_webhooks::mock::{Fault, MockServer};
use postmark_webhooks::sync::{
    self, ApplyOptions, DesiredState, FileError, Format, InboundHookUrlChange, Outcome,
    PlanOptions, Secrets,
};
use postmark_webhooks::{Operation, RetryPolicy, ServerClient};
use serde_json::json;

const PASSWORD: &str = "in-pw-hunter2";
const URL: &str = "https://inbound:in-pw-hunter2@hooks.example.com/inbound";

fn client_for(mock: &MockServer) -> ServerClient {
    mock.client_builder()
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap()
}

fn desired(text: &str) -> DesiredState {
    let env = |name: &str| (name == "INBOUND_PASSWORD").then(|| PASSWORD.to_owned());
    DesiredState::parse(text, Format::Yaml, &env).unwrap()
}

const FILE: &str = r#"
InboundHookUrl: "https://inbound:${INBOUND_PASSWORD}@hooks.example.com/inbound"
Webhooks:
  - Url: https://example.com/postmark
"#;

/// The requests to `/server`, as (method, body).
fn server_requests(mock: &MockServer) -> Vec<(String, String)> {
    mock.requests()
        .into_iter()
        .filter(|r| r.path == "/server")
        .map(|r| (r.method, String::from_utf8(r.body).unwrap()))
        .collect()
}

#[tokio::test]
async fn plan_shows_the_url_hidden_and_apply_sends_exactly_put_server() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    let desired = desired(FILE);
    assert_eq!(desired.inbound_hook_url.as_deref(), Some(URL));

    let plan = sync::plan(&client, &desired, PlanOptions::new())
        .await
        .unwrap();

    assert_eq!(
        plan.inbound_hook_url,
        Some(InboundHookUrlChange::new(None, Some(URL.to_owned())))
    );
    let text = plan.to_string();
    assert_eq!(
        text,
        "Message streams: outbound\n\
         ~ InboundHookUrl: none -> https://REDACTED@hooks.example.com/inbound\n\
         + create outbound https://example.com/postmark\n\
         Plan: the InboundHookUrl to set, 1 to create, 0 to update, 0 to delete.\n"
    );
    let plan_json = serde_json::to_value(&plan).unwrap();
    assert_eq!(
        plan_json["inbound_hook_url"],
        json!({ "from": null, "to": "https://REDACTED@hooks.example.com/inbound" })
    );
    assert!(!format!("{text} {plan_json} {plan:?}").contains(PASSWORD));
    assert_eq!(server_requests(&mock), [("GET".to_owned(), String::new())]);

    let report = sync::apply(&client, &plan, ApplyOptions::new().verify(false))
        .await
        .unwrap();

    assert!(report.is_complete());
    let puts: Vec<_> = server_requests(&mock)
        .into_iter()
        .filter(|(method, _)| method == "PUT")
        .collect();
    assert_eq!(puts.len(), 1);
    let body: serde_json::Value = serde_json::from_str(&puts[0].1).unwrap();
    assert_eq!(body, json!({ "InboundHookUrl": URL }));
    assert_eq!(
        client
            .server()
            .get()
            .await
            .unwrap()
            .inbound_hook_url
            .as_deref(),
        Some(URL)
    );
    let shown = format!("{report} {}", serde_json::to_string(&report).unwrap());
    assert!(
        shown.starts_with(
            "done: set InboundHookUrl: none -> https://REDACTED@hooks.example.com/inbound\n"
        ),
        "{shown}"
    );
    assert!(!shown.contains(PASSWORD), "{shown}");

    let again = sync::plan(&client, &desired, PlanOptions::new())
        .await
        .unwrap();
    assert!(again.is_in_sync(), "{again}");
}

#[tokio::test]
async fn a_file_without_inbound_hook_url_leaves_the_setting_alone() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    client.server().edit().inbound_hook_url(URL).await.unwrap();
    let before = mock.requests().len();
    let desired = desired("Webhooks:\n  - Url: https://example.com/postmark\n");

    let plan = sync::plan(&client, &desired, PlanOptions::new().prune(true))
        .await
        .unwrap();
    sync::apply(&client, &plan, ApplyOptions::new().verify(false))
        .await
        .unwrap();

    assert_eq!(plan.inbound_hook_url, None);
    assert!(
        mock.requests()[before..]
            .iter()
            .all(|r| r.path != "/server"),
        "no request to /server"
    );
    assert_eq!(
        client
            .server()
            .get()
            .await
            .unwrap()
            .inbound_hook_url
            .as_deref(),
        Some(URL)
    );
}

#[tokio::test]
async fn only_the_credentials_changing_is_a_change_and_says_so() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    client
        .server()
        .edit()
        .inbound_hook_url("https://inbound:old-pw@hooks.example.com/inbound")
        .await
        .unwrap();

    let plan = sync::plan(&client, &desired(FILE), PlanOptions::new())
        .await
        .unwrap();

    assert_eq!(
        plan.inbound_hook_url.unwrap().to_string(),
        "InboundHookUrl: https://REDACTED@hooks.example.com/inbound -> \
         https://REDACTED@hooks.example.com/inbound (credentials, query or fragment change)"
    );
}

#[tokio::test]
async fn a_refused_put_server_stops_the_apply_before_any_webhook_change() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    let plan = sync::plan(&client, &desired(FILE), PlanOptions::new())
        .await
        .unwrap();
    mock.inject(Fault::status(500).only(Operation::EditCurrentServer));

    let failed = sync::apply(&client, &plan, ApplyOptions::new().verify(false))
        .await
        .unwrap_err();

    let step = failed.report.inbound_hook_url.as_ref().unwrap();
    assert_eq!(step.result.as_ref().unwrap_err().status(), Some(500));
    assert!(matches!(
        failed.report.steps[..],
        [postmark_webhooks::sync::Step {
            outcome: Outcome::NotAttempted,
            ..
        }]
    ));
    assert!(!failed.report.is_complete());
    assert!(
        failed.to_string().starts_with(
            "setting InboundHookUrl: none -> https://REDACTED@hooks.example.com/inbound failed"
        ),
        "{failed}"
    );
    assert!(mock.webhooks().is_empty());
}

#[test]
fn export_writes_the_credentials_as_references_and_reads_back() {
    let (state, variables) = sync::export_server(Some(URL), &[], Secrets::References);

    assert_eq!(variables, ["INBOUND_HOOK_URL_PASSWORD"]);
    let yaml = state.to_text(Format::Yaml);
    assert_eq!(
        yaml,
        "InboundHookUrl: https://inbound:${INBOUND_HOOK_URL_PASSWORD}@hooks.example.com/inbound\nWebhooks: []\n"
    );
    for format in [Format::Json, Format::Yaml, Format::Toml] {
        let text = state.to_text(format);
        assert!(!text.contains(PASSWORD), "{text}");
        let env = |name: &str| (name == "INBOUND_HOOK_URL_PASSWORD").then(|| PASSWORD.to_owned());
        let read = DesiredState::parse(&text, format, &env).unwrap();
        assert_eq!(read.inbound_hook_url.as_deref(), Some(URL), "{format}");
    }
    let (state, variables) = sync::export_server(None, &[], Secrets::References);
    assert_eq!((state.inbound_hook_url, variables.len()), (None, 0));
}

#[test]
fn a_bad_inbound_hook_url_in_a_file_is_refused_without_its_value() {
    let missing = DesiredState::parse(FILE, Format::Yaml, &|_: &str| None).unwrap_err();
    assert!(matches!(missing, FileError::BadInboundHookUrl { .. }));
    assert_eq!(
        missing.to_string(),
        "InboundHookUrl: environment variable `INBOUND_PASSWORD` is not set"
    );

    let bad = DesiredState::parse(
        "InboundHookUrl: ftp://in:pw-zz@example.com/\n",
        Format::Yaml,
        &|_: &str| None,
    )
    .unwrap_err();
    assert!(matches!(bad, FileError::BadInboundHookUrl { .. }));
    assert!(bad.to_string().contains("must use http or https"), "{bad}");
    assert!(!bad.to_string().contains("pw-zz"), "{bad}");
}

#[tokio::test]
async fn clear_inbound_hook_url_sends_an_empty_url_and_the_server_has_none() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    client.server().edit().inbound_hook_url(URL).await.unwrap();

    let server = client
        .server()
        .edit()
        .clear_inbound_hook_url()
        .await
        .unwrap();

    assert_eq!(server.inbound_hook_url, None);
    let requests = server_requests(&mock);
    assert_eq!(
        requests.last().unwrap(),
        &("PUT".to_owned(), r#"{"InboundHookUrl":""}"#.to_owned())
    );
    assert_eq!(client.server().get().await.unwrap().inbound_hook_url, None);
    // An empty URL given as a URL is still refused before sending.
    let before = mock.requests().len();
    let err = client
        .server()
        .edit()
        .inbound_hook_url("")
        .await
        .unwrap_err();
    assert!(
        matches!(err, postmark_webhooks::Error::InvalidInput(_)),
        "{err:?}"
    );
    assert_eq!(mock.requests().len(), before);
}

#[tokio::test]
async fn an_empty_inbound_hook_url_in_a_file_removes_it() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    client.server().edit().inbound_hook_url(URL).await.unwrap();
    let desired = desired("InboundHookUrl: \"\"\n");
    assert_eq!(desired.inbound_hook_url.as_deref(), Some(""));

    let plan = sync::plan(&client, &desired, PlanOptions::new())
        .await
        .unwrap();

    assert_eq!(
        plan.inbound_hook_url,
        Some(InboundHookUrlChange::new(Some(URL.to_owned()), None))
    );
    assert_eq!(
        plan.to_string(),
        "Message streams: none\n\
         ~ InboundHookUrl: https://REDACTED@hooks.example.com/inbound -> none\n\
         Plan: the InboundHookUrl to remove, 0 to create, 0 to update, 0 to delete.\n"
    );
    let plan_json = serde_json::to_value(&plan).unwrap();
    assert_eq!(
        plan_json["inbound_hook_url"],
        json!({ "from": "https://REDACTED@hooks.example.com/inbound", "to": null })
    );
    let before = mock.requests().len();
    let report = sync::apply(&client, &plan, ApplyOptions::new())
        .await
        .unwrap();
    let writes: Vec<_> = mock.requests()[before..]
        .iter()
        .map(|r| {
            (
                r.method.clone(),
                r.path.clone(),
                String::from_utf8(r.body.clone()).unwrap(),
            )
        })
        .collect();
    assert_eq!(
        writes,
        [(
            "PUT".to_owned(),
            "/server".to_owned(),
            r#"{"InboundHookUrl":""}"#.to_owned()
        )]
    );
    assert_eq!(
        report.to_string(),
        "done: set InboundHookUrl: https://REDACTED@hooks.example.com/inbound -> none\n"
    );
    assert_eq!(client.server().get().await.unwrap().inbound_hook_url, None);
    let again = sync::plan(&client, &desired, PlanOptions::new())
        .await
        .unwrap();
    assert!(again.is_in_sync(), "{again}");
}

/// A referenced value pasted into a URL must not move it to another host:
/// `PW=8443/x` in `https://inbound:${PW}@example.com/inbound` would give
/// the host `inbound`, port 8443, and the password in plain sight. Such a
/// file is refused, naming no value; a value with `@` stays in the
/// credentials; a reference in the host chooses it.
#[test]
fn a_referenced_value_that_moves_the_url_to_another_host_is_refused() {
    use postmark_webhooks::sync::{DesiredState, FileError, Format};
    let parse = |text: &str, value: &'static str| {
        DesiredState::parse(text, Format::Yaml, &move |_: &str| Some(value.to_owned()))
    };
    let inbound = "InboundHookUrl: \"https://inbound:${PW}@example.com/inbound\"\n";
    let err = parse(inbound, "8443/x").unwrap_err();
    assert!(
        matches!(err, FileError::BadInboundHookUrl { .. }),
        "{err:?}"
    );
    let shown = err.to_string();
    assert!(
        shown.contains("changes the URL's scheme, host or port"),
        "{shown}"
    );
    assert!(!shown.contains("8443/x"), "{shown}");

    let webhook = "Webhooks:\n  - Url: \"https://hook:${PW}@example.com/pm\"\n";
    let err = parse(webhook, "99?x").unwrap_err();
    assert!(
        matches!(&err, FileError::BadReference { index: 0, field, .. } if field == "Url"),
        "{err:?}"
    );
    assert!(!err.to_string().contains("99?x"));

    // Values that keep the host are pasted as they are, as before.
    let kept = parse(inbound, "p@ss=").unwrap();
    assert_eq!(
        kept.inbound_hook_url.as_deref(),
        Some("https://inbound:p@ss=@example.com/inbound")
    );
    let host = parse(
        "InboundHookUrl: \"https://${HOST}/inbound\"\n",
        "hooks.example.com",
    )
    .unwrap();
    assert_eq!(
        host.inbound_hook_url.as_deref(),
        Some("https://hooks.example.com/inbound")
    );
}
