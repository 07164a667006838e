//! Webhooks as configuration against the embedded mock: plan, apply,
//! prune, the ten-per-stream limit, failures mid-apply, duplicates, and
//! secrets kept out of every rendering.
#![cfg(all(feature = "mock", feature = "sync"))]

use postmark_webhooks::events::RecordType;
use postmark_webhooks::mock::{Fault, MockServer};
use postmark_webhooks::sync::{
    self, ApplyOptions, ApplyReport, Change, DeleteReason, DesiredState, DesiredWebhook,
    FieldChange, FileError, Format, Outcome, Plan, PlanOptions, SecretChange, Secrets,
};
use postmark_webhooks::triggers::{Bounce, Click, Open, Triggers};
use postmark_webhooks::{Error, HttpAuth, HttpHeader, Operation, RetryPolicy, ServerClient};
use serde_json::{Value, json};

fn client_for(mock: &MockServer) -> ServerClient {
    mock.client_builder()
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("a client for the mock builds")
}

async fn plan_of(client: &ServerClient, desired: &DesiredState, prune: bool) -> Plan {
    sync::plan(client, desired, PlanOptions::new().prune(prune))
        .await
        .expect("planning succeeds")
}

async fn apply(client: &ServerClient, plan: &Plan) -> ApplyReport {
    sync::apply(client, plan, ApplyOptions::new())
        .await
        .expect("applying succeeds")
}

const PASSWORD: &str = "pw-hunter2";
const HEADER_VALUE: &str = "hdr-s3cr3t";

/// The file the tests start from: an outbound webhook with secrets, and a
/// broadcast one.
fn file(click: bool) -> String {
    format!(
        r#"
Webhooks:
  - Url: https://example.com/postmark
    HttpAuth: {{Username: pm, Password: "${{PW}}"}}
    HttpHeaders: [{{Name: X-Secret, Value: "${{HDR}}"}}]
    Triggers:
      Open: {{Enabled: true, PostFirstOpenOnly: true}}
      Click: {{Enabled: {click}}}
      Bounce: {{Enabled: true}}
  - Url: https://example.com/news
    MessageStream: broadcast
    Triggers: {{Delivery: {{Enabled: true}}}}
"#
    )
}

fn desired(password: &str, header: &str, click: bool) -> DesiredState {
    let env = |name: &str| match name {
        "PW" => Some(password.to_owned()),
        "HDR" => Some(header.to_owned()),
        _ => None,
    };
    DesiredState::parse(&file(click), Format::Yaml, &env).expect("the test file parses")
}

fn body(request: &postmark_webhooks::mock::RecordedRequest) -> Value {
    serde_json::from_slice(&request.body).expect("a JSON body")
}

/// (method, path) of every request since `from`.
fn calls(mock: &MockServer, from: usize) -> Vec<(String, String)> {
    mock.requests()[from..]
        .iter()
        .map(|r| {
            let path = match &r.query {
                Some(q) => format!("{}?{q}", r.path),
                None => r.path.clone(),
            };
            (r.method.clone(), path)
        })
        .collect()
}

fn pair(method: &str, path: &str) -> (String, String) {
    (method.to_owned(), path.to_owned())
}

#[track_caller]
fn assert_no_secret(text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!text.contains(secret), "{secret:?} shown in {text}");
    }
}

#[tokio::test]
async fn from_empty_apply_creates_and_a_second_plan_is_empty() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    let desired = desired(PASSWORD, HEADER_VALUE, false);

    let plan = plan_of(&client, &desired, false).await;
    assert_eq!(plan.message_streams, ["broadcast", "outbound"]);
    assert!(!plan.is_in_sync());
    assert_eq!(plan.changes.len(), 2);
    let trigger = |trigger, option| FieldChange::Trigger {
        trigger,
        option,
        from: false,
        to: true,
    };
    match &plan.changes[0] {
        Change::Create { webhook, fields } => {
            assert_eq!(webhook.url, "https://example.com/postmark");
            assert_eq!(
                fields,
                &[
                    trigger(RecordType::Open, "Enabled"),
                    trigger(RecordType::Open, "PostFirstOpenOnly"),
                    trigger(RecordType::Bounce, "Enabled"),
                    FieldChange::HttpAuth(SecretChange::Added),
                    FieldChange::HttpHeader {
                        name: "X-Secret".into(),
                        change: SecretChange::Added
                    },
                ]
            );
        }
        other => panic!("expected a create, got {other:?}"),
    }
    assert_eq!(
        plan.to_string(),
        "Message streams: broadcast, outbound\n\
         + create outbound https://example.com/postmark\n\
         \x20   Triggers.Open.Enabled: false -> true\n\
         \x20   Triggers.Open.PostFirstOpenOnly: false -> true\n\
         \x20   Triggers.Bounce.Enabled: false -> true\n\
         \x20   HttpAuth: added\n\
         \x20   HttpHeaders[X-Secret]: added\n\
         + create broadcast https://example.com/news\n\
         \x20   Triggers.Delivery.Enabled: false -> true\n\
         Plan: 2 to create, 0 to update, 0 to delete.\n"
    );
    // Planning only lists, one request per stream.
    assert_eq!(
        calls(&mock, 0),
        [
            pair("GET", "/webhooks?MessageStream=broadcast"),
            pair("GET", "/webhooks?MessageStream=outbound")
        ]
    );

    let report = apply(&client, &plan).await;
    assert!(report.is_complete());
    let ids: Vec<Option<i64>> = report
        .steps
        .iter()
        .map(|s| match s.outcome {
            Outcome::Done { id } => Some(id),
            _ => None,
        })
        .collect();
    assert_eq!(ids, [Some(1), Some(2)]);
    assert_eq!(
        report.to_string(),
        "done: create outbound https://example.com/postmark (ID 1)\n\
         done: create broadcast https://example.com/news (ID 2)\n"
    );
    let requests = mock.requests();
    assert_eq!(
        calls(&mock, 2),
        [pair("POST", "/webhooks"), pair("POST", "/webhooks")]
    );
    // The file's triggers as written; Verify left to Postmark's default.
    assert_eq!(
        body(&requests[2]),
        json!({
            "Url": "https://example.com/postmark",
            "MessageStream": "outbound",
            "HttpAuth": {"Username": "pm", "Password": PASSWORD},
            "HttpHeaders": [{"Name": "X-Secret", "Value": HEADER_VALUE}],
            "Triggers": {
                "Open": {"Enabled": true, "PostFirstOpenOnly": true},
                "Click": {"Enabled": false},
                "Bounce": {"Enabled": true}
            }
        })
    );
    assert_eq!(
        body(&requests[3]),
        json!({
            "Url": "https://example.com/news",
            "MessageStream": "broadcast",
            "Triggers": {"Delivery": {"Enabled": true}}
        })
    );
    let stored = mock.webhooks();
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0].http_auth, Some(HttpAuth::new("pm", PASSWORD)));
    assert_eq!(
        stored[0].http_headers,
        [HttpHeader::new("X-Secret", HEADER_VALUE)]
    );
    assert!(stored[0].triggers.open.post_first_open_only);
    assert!(stored[0].triggers.bounce.enabled);

    let again = plan_of(&client, &desired, true).await;
    assert!(again.is_in_sync(), "{again}");
    assert_eq!(again.changes, []);
    assert_eq!(
        again.to_string(),
        "No changes: the server matches the file (message streams: broadcast, outbound).\n"
    );
    assert_eq!(
        serde_json::to_value(&again).unwrap(),
        json!({"in_sync": true, "message_streams": ["broadcast", "outbound"], "changes": [], "duplicates": []})
    );
}

#[tokio::test]
async fn an_edit_names_exactly_the_changed_fields_and_no_secret() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    let first = desired(PASSWORD, HEADER_VALUE, false);
    let plan = plan_of(&client, &first, false).await;
    apply(&client, &plan).await;

    // A trigger, the header's value and the password change.
    let new_password = "pw-rotated-9";
    let new_header = "hdr-rotated-7";
    let edited = desired(new_password, new_header, true);
    let plan = plan_of(&client, &edited, false).await;
    assert_eq!(plan.changes.len(), 1);
    let Change::Update { id, fields, .. } = &plan.changes[0] else {
        panic!("expected an update, got {:?}", plan.changes[0]);
    };
    assert_eq!(*id, 1);
    assert_eq!(
        fields,
        &[
            FieldChange::Trigger {
                trigger: RecordType::Click,
                option: "Enabled",
                from: false,
                to: true
            },
            FieldChange::HttpAuth(SecretChange::Changed),
            FieldChange::HttpHeader {
                name: "X-Secret".into(),
                change: SecretChange::Changed
            },
        ]
    );
    let display = plan.to_string();
    assert_eq!(
        display,
        "Message streams: broadcast, outbound\n\
         ~ update 1 outbound https://example.com/postmark\n\
         \x20   Triggers.Click.Enabled: false -> true\n\
         \x20   HttpAuth: changed\n\
         \x20   HttpHeaders[X-Secret]: changed\n\
         Plan: 0 to create, 1 to update, 0 to delete.\n"
    );
    let debug = format!("{plan:?}");
    let json = serde_json::to_string(&plan).unwrap();
    let secrets = [PASSWORD, HEADER_VALUE, new_password, new_header];
    for shown in [&display, &debug, &json] {
        assert_no_secret(shown, &secrets);
    }
    assert!(debug.contains("HttpAuth(Changed)"), "{debug}");
    assert_eq!(
        serde_json::to_value(&plan).unwrap()["changes"],
        json!([{
            "action": "update", "id": 1, "message_stream": "outbound",
            "url": "https://example.com/postmark",
            "fields": [
                {"field": "Triggers.Click.Enabled", "from": false, "to": true},
                {"field": "HttpAuth", "change": "changed"},
                {"field": "HttpHeaders[X-Secret]", "change": "changed"}
            ]
        }])
    );

    let before = mock.requests().len();
    let report = apply(&client, &plan).await;
    assert_no_secret(&format!("{report} {report:?}"), &secrets);
    assert_no_secret(&serde_json::to_string(&report).unwrap(), &secrets);
    let requests = mock.requests();
    assert_eq!(calls(&mock, before), [pair("PUT", "/webhooks/1")]);
    // Only what changed: the changed trigger in full, the credentials, the
    // whole header set.
    assert_eq!(
        body(&requests[before]),
        json!({
            "Triggers": {"Click": {"Enabled": true}},
            "HttpAuth": {"Username": "pm", "Password": new_password},
            "HttpHeaders": [{"Name": "X-Secret", "Value": new_header}]
        })
    );
    let stored = &mock.webhooks()[0];
    assert!(stored.triggers.click.enabled && stored.triggers.open.enabled);
    assert_eq!(stored.http_auth, Some(HttpAuth::new("pm", new_password)));
    assert!(plan_of(&client, &edited, false).await.is_in_sync());
}

#[tokio::test]
async fn credentials_and_headers_the_file_drops_are_removed() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    client
        .webhooks()
        .create("https://example.com/a")
        .http_auth("u", PASSWORD)
        .http_header("X-Secret", HEADER_VALUE)
        .await
        .unwrap();
    let mut desired = DesiredState::default();
    desired
        .webhooks
        .push(DesiredWebhook::new("https://example.com/a"));
    let plan = plan_of(&client, &desired, false).await;
    assert_eq!(
        plan.changes[0].fields(),
        [
            FieldChange::HttpAuth(SecretChange::Removed),
            FieldChange::HttpHeader {
                name: "X-Secret".into(),
                change: SecretChange::Removed
            }
        ]
    );
    let before = mock.requests().len();
    apply(&client, &plan).await;
    assert_eq!(
        body(&mock.requests()[before]),
        json!({"HttpAuth": {"Username": "", "Password": ""}, "HttpHeaders": []})
    );
    let stored = &mock.webhooks()[0];
    assert_eq!((&stored.http_auth, stored.http_headers.len()), (&None, 0));
    assert!(plan_of(&client, &desired, false).await.is_in_sync());
}

#[tokio::test]
async fn prune_deletes_only_unlisted_webhooks_of_the_listed_streams() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    let hooks = client.webhooks();
    let kept = hooks.create("https://example.com/kept").await.unwrap();
    let unlisted = hooks.create("https://example.com/unlisted").await.unwrap();
    let other_stream = hooks
        .create("https://example.com/unlisted")
        .message_stream("broadcast")
        .await
        .unwrap();
    let mut desired = DesiredState::default();
    desired
        .webhooks
        .push(DesiredWebhook::new("https://example.com/kept"));

    let plan = plan_of(&client, &desired, false).await;
    assert!(
        plan.is_in_sync(),
        "without prune nothing is deleted: {plan}"
    );

    let plan = plan_of(&client, &desired, true).await;
    assert_eq!(plan.message_streams, ["outbound"]);
    assert_eq!(
        plan.changes,
        [Change::Delete {
            webhook: unlisted.clone(),
            reason: DeleteReason::NotInFile
        }]
    );
    assert_eq!(
        plan.to_string(),
        "Message streams: outbound\n\
         - delete 2 outbound https://example.com/unlisted (not in the file)\n\
         Plan: 0 to create, 0 to update, 1 to delete.\n"
    );
    let before = mock.requests().len();
    apply(&client, &plan).await;
    assert_eq!(calls(&mock, before), [pair("DELETE", "/webhooks/2")]);
    assert_eq!(mock.webhooks(), [kept, other_stream]);
}

#[tokio::test]
async fn a_swap_at_the_ten_webhook_limit_succeeds() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    let mut desired = DesiredState::default();
    for n in 0..10 {
        let url = format!("https://example.com/hook-{n}");
        client.webhooks().create(&url).await.unwrap();
        if n > 0 {
            desired.webhooks.push(DesiredWebhook::new(url));
        }
    }
    desired.webhooks.push(
        DesiredWebhook::new("https://example.com/new")
            .triggers(Triggers::new().click(Click::enabled())),
    );
    // The stream is full: a create alone is refused.
    let err = client
        .webhooks()
        .create("https://example.com/eleventh")
        .await
        .unwrap_err();
    assert_eq!(err.code().map(|c| c.as_i64()), Some(1359));

    let plan = plan_of(&client, &desired, true).await;
    let actions: Vec<(Option<i64>, &str)> =
        plan.changes.iter().map(|c| (c.id(), c.url())).collect();
    assert_eq!(
        actions,
        [
            (Some(1), "https://example.com/hook-0"),
            (None, "https://example.com/new")
        ]
    );
    let before = mock.requests().len();
    let report = apply(&client, &plan).await;
    assert!(report.is_complete());
    assert_eq!(
        calls(&mock, before),
        [pair("DELETE", "/webhooks/1"), pair("POST", "/webhooks")]
    );
    let stored = mock.webhooks();
    assert_eq!(stored.len(), 10);
    assert_eq!(stored[9].url, "https://example.com/new");
    assert!(plan_of(&client, &desired, true).await.is_in_sync());
}

#[tokio::test]
async fn a_failure_mid_apply_stops_reports_and_a_rerun_converges() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    let hooks = client.webhooks();
    hooks.create("https://example.com/stale").await.unwrap();
    hooks.create("https://example.com/edited").await.unwrap();
    let mut desired = DesiredState::default();
    desired.webhooks.push(
        DesiredWebhook::new("https://example.com/edited")
            .triggers(Triggers::new().open(Open::enabled())),
    );
    desired
        .webhooks
        .push(DesiredWebhook::new("https://example.com/new-1"));
    desired
        .webhooks
        .push(DesiredWebhook::new("https://example.com/new-2"));
    let plan = plan_of(&client, &desired, true).await;
    assert_eq!(plan.changes.len(), 4);

    mock.inject(
        Fault::status(500)
            .json(r#"{"ErrorCode":0,"Message":"Internal error"}"#)
            .only(Operation::CreateWebhook),
    );
    let failed = sync::apply(&client, &plan, ApplyOptions::new())
        .await
        .unwrap_err();
    let outcomes: Vec<String> = failed
        .report
        .steps
        .iter()
        .map(|s| match &s.outcome {
            Outcome::Done { id } => format!("done {id}"),
            Outcome::Failed(Error::Api(api)) => format!("failed {}", api.status()),
            Outcome::Failed(other) => panic!("unexpected error {other:?}"),
            Outcome::NotAttempted => "not attempted".to_owned(),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(
        outcomes,
        ["done 1", "done 2", "failed 500", "not attempted"]
    );
    let (change, _) = failed.report.failure().unwrap();
    assert_eq!(change.url(), "https://example.com/new-1");
    assert!(!failed.report.is_complete());
    assert_eq!(
        failed.to_string(),
        "create outbound https://example.com/new-1 failed: create webhook failed with HTTP 500, Postmark error 0: Internal error (2 change(s) done before it, 1 not attempted)"
    );
    assert_eq!(
        failed.report.to_string(),
        "done: delete 1 outbound https://example.com/stale\n\
         done: update 2 outbound https://example.com/edited\n\
         failed: create outbound https://example.com/new-1: create webhook failed with HTTP 500, Postmark error 0: Internal error\n\
         not attempted: create outbound https://example.com/new-2\n"
    );
    let report_json = serde_json::to_value(&failed.report).unwrap();
    assert_eq!(report_json["complete"], false);
    assert_eq!(
        report_json["steps"][2]["outcome"], "failed",
        "{report_json}"
    );
    assert_eq!(report_json["steps"][3]["outcome"], "not_attempted");

    // The re-run plans what is left and converges.
    let rerun = plan_of(&client, &desired, true).await;
    let urls: Vec<&str> = rerun.changes.iter().map(Change::url).collect();
    assert_eq!(
        urls,
        ["https://example.com/new-1", "https://example.com/new-2"]
    );
    apply(&client, &rerun).await;
    assert!(plan_of(&client, &desired, true).await.is_in_sync());
}

#[tokio::test]
async fn a_missing_variable_fails_before_any_request() {
    let mock = MockServer::start().await;
    let _client = client_for(&mock);
    let text = r#"{"Webhooks": [
        {"Url": "https://example.com/a"},
        {"Url": "https://example.com/b", "HttpHeaders": [{"Name": "X-Secret", "Value": "${MISSING}"}]}
    ]}"#;
    let err = DesiredState::parse(text, Format::Json, &|_: &str| None).unwrap_err();
    assert!(
        matches!(&err, FileError::MissingVariable { index: 1, field, name }
            if field == "HttpHeaders[0].Value" && name == "MISSING"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "Webhooks[1].HttpHeaders[0].Value: environment variable `MISSING` is not set"
    );
    assert_eq!(mock.requests(), []);
}

#[tokio::test]
async fn duplicates_on_the_server_are_reported_and_pruned() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    for _ in 0..2 {
        client
            .webhooks()
            .create("https://example.com/twice")
            .await
            .unwrap();
    }
    let mut desired = DesiredState::default();
    desired.webhooks.push(
        DesiredWebhook::new("https://example.com/twice")
            .triggers(Triggers::new().bounce(Bounce::enabled())),
    );
    let plan = plan_of(&client, &desired, false).await;
    assert_eq!(plan.duplicates.len(), 1);
    let dup = &plan.duplicates[0];
    assert_eq!(
        (
            dup.message_stream.as_str(),
            dup.url.as_str(),
            dup.ids.as_slice()
        ),
        ("outbound", "https://example.com/twice", &[1, 2][..])
    );
    // The lowest ID is compared and updated; nothing is deleted without prune.
    let ids: Vec<Option<i64>> = plan.changes.iter().map(Change::id).collect();
    assert_eq!(ids, [Some(1)]);
    assert!(plan.to_string().contains(
        "! outbound https://example.com/twice is on the server 2 times (IDs 1, 2): 1 is kept; pruning deletes the others\n"
    ));
    apply(&client, &plan).await;
    let after = plan_of(&client, &desired, false).await;
    assert!(after.changes.is_empty() && !after.is_in_sync());

    let pruned = plan_of(&client, &desired, true).await;
    assert!(matches!(
        pruned.changes.as_slice(),
        [Change::Delete { webhook, reason: DeleteReason::Duplicate { kept: 1 } }] if webhook.id == 2
    ));
    apply(&client, &pruned).await;
    assert!(plan_of(&client, &desired, false).await.is_in_sync());
}

#[tokio::test]
async fn no_verify_sends_verify_false_on_create_and_edit() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    client
        .webhooks()
        .create("https://example.com/edit-me")
        .await
        .unwrap();
    let mut desired = DesiredState::default();
    for url in ["https://example.com/edit-me", "https://example.com/new"] {
        desired
            .webhooks
            .push(DesiredWebhook::new(url).triggers(Triggers::new().click(Click::enabled())));
    }
    let plan = plan_of(&client, &desired, false).await;
    let before = mock.requests().len();
    sync::apply(&client, &plan, ApplyOptions::new().verify(false))
        .await
        .unwrap();
    let requests = mock.requests();
    assert_eq!(
        calls(&mock, before),
        [pair("PUT", "/webhooks/1"), pair("POST", "/webhooks")]
    );
    assert_eq!(
        body(&requests[before]),
        json!({"Triggers": {"Click": {"Enabled": true}}, "Verify": false})
    );
    assert_eq!(body(&requests[before + 1])["Verify"], false);
}

#[tokio::test]
async fn an_export_applies_to_another_server_as_it_is() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    client
        .webhooks()
        .create("https://user:url-pass@example.com/hook?token=q-secret")
        .http_auth("pm", PASSWORD)
        .http_header("X-Secret", HEADER_VALUE)
        .triggers(Triggers::new().open(Open::enabled()))
        .await
        .unwrap();
    let source = client.webhooks().list().await.unwrap();

    // The answer of GET /webhooks, with its ID and Status, is a valid file.
    let mut listed: Vec<Value> = source
        .iter()
        .map(|w| serde_json::to_value(w).unwrap())
        .collect();
    listed[0]["Status"] = json!("verified");
    let raw = json!({ "Webhooks": listed }).to_string();
    let as_is = DesiredState::parse(&raw, Format::Json, &|_: &str| None).unwrap();

    let other = mock.create_server_token();
    let target = ServerClient::builder(&other)
        .base_url(mock.base_url())
        .build()
        .unwrap();
    let plan = plan_of(&target, &as_is, false).await;
    apply(&target, &plan).await;
    assert!(plan_of(&client, &as_is, false).await.is_in_sync());

    // An export names only the triggers that differ from the create
    // default, and with --include-secrets writes the values as they are.
    let (included, none) = sync::export(&source, Secrets::Include);
    assert!(none.is_empty());
    let mut expected = as_is.clone();
    expected.webhooks[0].triggers =
        Triggers::new().open(Open::enabled().post_first_open_only(false));
    assert_eq!(included, expected);
    assert_eq!(
        serde_json::to_value(&included).unwrap()["Webhooks"][0]["Triggers"],
        json!({"Open": {"Enabled": true, "PostFirstOpenOnly": false}})
    );
    assert!(plan_of(&client, &included, true).await.is_in_sync());

    // An export with references reads back, given the variables, as the
    // same state; without --include-secrets no secret is written.
    let (exported, variables) = sync::export(&source, Secrets::References);
    assert_eq!(
        variables,
        [
            "WEBHOOK_OUTBOUND_EXAMPLE_COM_HOOK_URL_PASSWORD",
            "WEBHOOK_OUTBOUND_EXAMPLE_COM_HOOK_URL_QUERY",
            "WEBHOOK_OUTBOUND_EXAMPLE_COM_HOOK_PASSWORD",
            "WEBHOOK_OUTBOUND_EXAMPLE_COM_HOOK_HEADER_X_SECRET",
        ]
    );
    for format in [Format::Json, Format::Yaml, Format::Toml] {
        let text = exported.to_text(format);
        assert_no_secret(&text, &[PASSWORD, HEADER_VALUE, "url-pass", "q-secret"]);
        let env = |name: &str| {
            let value = match name {
                "WEBHOOK_OUTBOUND_EXAMPLE_COM_HOOK_URL_PASSWORD" => "url-pass",
                "WEBHOOK_OUTBOUND_EXAMPLE_COM_HOOK_URL_QUERY" => "token=q-secret",
                "WEBHOOK_OUTBOUND_EXAMPLE_COM_HOOK_PASSWORD" => PASSWORD,
                "WEBHOOK_OUTBOUND_EXAMPLE_COM_HOOK_HEADER_X_SECRET" => HEADER_VALUE,
                _ => return None,
            };
            Some(value.to_owned())
        };
        let read = DesiredState::parse(&text, format, &env).unwrap();
        assert_eq!(read, included, "{format}");
    }
}

#[tokio::test]
async fn an_unknown_stream_is_an_error_from_postmark_before_any_change() {
    let mock = MockServer::start().await;
    let client = client_for(&mock);
    let mut desired = DesiredState::default();
    desired
        .webhooks
        .push(DesiredWebhook::new("https://example.com/a").message_stream("nope"));
    let err = sync::plan(&client, &desired, PlanOptions::new())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(422));
    assert_eq!(
        calls(&mock, 0),
        [pair("GET", "/webhooks?MessageStream=nope")]
    );
    assert!(mock.webhooks().is_empty());
}
