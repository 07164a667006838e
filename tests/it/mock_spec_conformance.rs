//! Every answer of the embedded mock, success or error, validates against the
//! spec's schema for that operation and status, and carries no field the spec
//! does not declare: a client generated from the spec cannot tell the mock
//! from Postmark's API.
#![cfg(feature = "mock")]

include!("../../xtask/src/openapi_schema.rs");

use postmark_webhooks::mock::MockServer;
use serde_json::{Value, json};

fn spec() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/spec/postmark-webhooks.yaml"
    ))
    .unwrap();
    yaml_serde::from_str(&text).unwrap()
}

/// Follows a local `$ref` (to a schema or a response) until a value is found.
fn resolve<'a>(spec: &'a Value, mut value: &'a Value) -> &'a Value {
    while let Some(reference) = value.get("$ref").and_then(Value::as_str) {
        let pointer = reference.strip_prefix('#').expect("local ref");
        value = spec
            .pointer(pointer)
            .unwrap_or_else(|| panic!("unresolved {reference}"));
    }
    value
}

/// The response schema the spec gives for this operation and status.
fn response_schema<'a>(spec: &'a Value, method: &str, path: &str, status: u16) -> &'a Value {
    let responses = &spec["paths"][path][method]["responses"];
    let range = format!("{}XX", status / 100);
    let response = responses
        .get(status.to_string())
        .or_else(|| responses.get(&range))
        .unwrap_or_else(|| panic!("{method} {path} declares no {status} answer"));
    let schema = &resolve(spec, response)["content"]["application/json"]["schema"];
    assert!(
        !schema.is_null(),
        "{method} {path} {status} has no JSON schema"
    );
    schema
}

/// Object keys in `value` that `schema` does not declare, as JSON pointers.
fn undeclared(spec: &Value, schema: &Value, value: &Value, at: &str, found: &mut Vec<String>) {
    let schema = resolve(spec, schema);
    match value {
        Value::Object(object) => {
            let properties = schema.get("properties").and_then(Value::as_object);
            // A map (`additionalProperties` with a schema) declares every key.
            let values = schema.get("additionalProperties").filter(|v| v.is_object());
            for (key, item) in object {
                match properties.and_then(|p| p.get(key)).or(values) {
                    Some(property) => {
                        undeclared(spec, property, item, &format!("{at}/{key}"), found)
                    }
                    None => found.push(format!("{at}/{key}")),
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                undeclared(spec, &schema["items"], item, &format!("{at}/{i}"), found);
            }
        }
        _ => {}
    }
}

struct Checker {
    spec: Value,
    http: reqwest::Client,
    base: String,
    token: String,
    /// The header the token goes in.
    header: &'static str,
    checked: Vec<String>,
}

impl Checker {
    /// A checker of `mock`'s answers to requests carrying `token`.
    fn new(mock: &MockServer, token: &str) -> Self {
        Checker {
            spec: spec(),
            http: reqwest::Client::new(),
            base: mock.base_url(),
            token: token.to_owned(),
            header: "X-Postmark-Server-Token",
            checked: Vec::new(),
        }
    }

    /// A checker of the mock's account API, with its account token.
    fn account(mock: &MockServer) -> Self {
        Checker {
            header: "X-Postmark-Account-Token",
            ..Checker::new(mock, &mock.account_token())
        }
    }

    /// Sends a raw request and checks its answer against the spec; returns
    /// the status and the body.
    async fn call(
        &mut self,
        method: &str,
        path: &str,
        spec_path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self
            .http
            .request(method.parse().unwrap(), format!("{}{path}", self.base))
            .header(self.header, &self.token)
            .header("Accept", "application/json");
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let content_type = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            content_type.starts_with("application/json"),
            "{method} {path}: {content_type}"
        );
        let value: Value = response.json().await.unwrap();

        let schema = response_schema(&self.spec, &method.to_ascii_lowercase(), spec_path, status);
        let validator = jsonschema::validator_for(&to_json_schema(&self.spec, schema)).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(
            errors.is_empty(),
            "{method} {path} {status}: {errors:?}\n{value:#}"
        );
        let mut extra = Vec::new();
        undeclared(&self.spec, schema, &value, "", &mut extra);
        assert!(
            extra.is_empty(),
            "{method} {path} {status}: undeclared fields {extra:?}\n{value:#}"
        );
        self.checked.push(format!("{method} {spec_path} {status}"));
        (status, value)
    }
}

#[tokio::test]
async fn every_answer_matches_the_spec() {
    let mock = MockServer::start().await;
    let mut c = Checker::new(&mock, mock.server_token());
    let full = json!({
        "Url": "https://example.com/hook",
        "MessageStream": "outbound",
        "HttpAuth": {"Username": "user", "Password": "secret"},
        "HttpHeaders": [{"Name": "X-Secret", "Value": "s"}],
        "Triggers": {
            "Open": {"Enabled": true, "PostFirstOpenOnly": true},
            "Click": {"Enabled": true},
            "Delivery": {"Enabled": true},
            "Bounce": {"Enabled": true, "IncludeContent": true},
            "SpamComplaint": {"Enabled": true, "IncludeContent": false},
            "SubscriptionChange": {"Enabled": true}
        }
    });

    let (status, list) = c.call("GET", "/webhooks", "/webhooks", None).await;
    assert_eq!((status, list), (200, json!({"Webhooks": []})));
    let (status, created) = c.call("POST", "/webhooks", "/webhooks", Some(full)).await;
    assert_eq!(status, 200);
    let (status, _) = c
        .call(
            "POST",
            "/webhooks",
            "/webhooks",
            Some(json!({"Url": "https://example.com/minimal"})),
        )
        .await;
    assert_eq!(status, 200);
    let id = created["ID"].as_i64().unwrap();
    let one = format!("/webhooks/{id}");
    assert_eq!(
        c.call("GET", &one, "/webhooks/{id}", None).await,
        (200, created.clone())
    );
    let (status, list) = c
        .call("GET", "/webhooks?MessageStream=outbound", "/webhooks", None)
        .await;
    assert_eq!(
        (status, list["Webhooks"].as_array().unwrap().len()),
        (200, 2)
    );
    let (status, _) = c
        .call(
            "PUT",
            &one,
            "/webhooks/{id}",
            Some(json!({"HttpHeaders": [], "HttpAuth": {"Username": "", "Password": ""}})),
        )
        .await;
    assert_eq!(status, 200);

    // The newer operations. The URL is not on loopback, so the mock sends
    // nothing; told that such URLs fail, every trigger's test fails without
    // a status.
    mock.set_remote_verification(false);
    let verify = format!("/webhooks/{id}/verify");
    let (status, verified) = c.call("POST", &verify, "/webhooks/{id}/verify", None).await;
    assert_eq!((status, &verified["Success"]), (200, &json!(false)));
    assert_eq!(verified["Results"].as_array().unwrap().len(), 6);
    let statistics = format!("/webhooks/{id}/statistics");
    let (status, stats) = c
        .call("GET", &statistics, "/webhooks/{id}/statistics", None)
        .await;
    assert_eq!((status, &stats["WebhookId"]), (200, &json!(id)));
    assert_eq!(stats["Statuses"]["Open"], "unverified");

    // Errors, each answered with the shared error schema.
    let errors: Vec<(&str, String, &str, Option<Value>, u16)> = vec![
        (
            "GET",
            "/webhooks/999".to_owned(),
            "/webhooks/{id}",
            None,
            422,
        ),
        (
            "GET",
            "/webhooks?MessageStream=nope".to_owned(),
            "/webhooks",
            None,
            422,
        ),
        (
            "POST",
            "/webhooks".to_owned(),
            "/webhooks",
            Some(json!({"Url": "ftp://x"})),
            422,
        ),
        (
            "POST",
            "/webhooks".to_owned(),
            "/webhooks",
            Some(json!({"Url": "https://x.example", "Nope": 1})),
            422,
        ),
        (
            "POST",
            "/webhooks".to_owned(),
            "/webhooks",
            Some(json!({"Url": "https://x.example", "MessageStream": "inbound"})),
            422,
        ),
        (
            "PUT",
            one.clone(),
            "/webhooks/{id}",
            Some(json!({"MessageStream": "broadcast"})),
            422,
        ),
        (
            "DELETE",
            "/webhooks/999".to_owned(),
            "/webhooks/{id}",
            None,
            422,
        ),
        (
            "POST",
            "/webhooks".to_owned(),
            "/webhooks",
            Some(
                json!({"Url": "https://x.example", "Triggers": {"Open": {"Enabled": true}}, "Verify": true}),
            ),
            422,
        ),
        (
            "POST",
            "/webhooks/999/verify".to_owned(),
            "/webhooks/{id}/verify",
            None,
            422,
        ),
        (
            "GET",
            "/webhooks/999/statistics".to_owned(),
            "/webhooks/{id}/statistics",
            None,
            422,
        ),
    ];
    for (method, path, spec_path, body, expected) in errors {
        let (status, value) = c.call(method, &path, spec_path, body).await;
        assert_eq!(status, expected, "{method} {path}: {value}");
        assert!(value["ErrorCode"].as_i64().unwrap() > 0, "{value}");
    }

    let (status, deleted) = c.call("DELETE", &one, "/webhooks/{id}", None).await;
    assert_eq!(
        (status, deleted),
        (
            200,
            json!({"ErrorCode": 0, "Message": format!("Webhook {id} removed.")})
        )
    );

    // Every operation of the spec was exercised, with a success and an error
    // (the statistics success in its own test, below).
    assert!(
        c.checked
            .iter()
            .any(|done| done == "GET /webhooks/{id}/statistics 422"),
        "{:?}",
        c.checked
    );
    for operation in [
        "GET /webhooks",
        "POST /webhooks",
        "GET /webhooks/{id}",
        "PUT /webhooks/{id}",
        "DELETE /webhooks/{id}",
        "POST /webhooks/{id}/verify",
    ] {
        for status in ["200", "422"] {
            assert!(
                c.checked
                    .iter()
                    .any(|done| done == &format!("{operation} {status}")),
                "{operation} {status} was not checked: {:?}",
                c.checked
            );
        }
    }
}

#[tokio::test]
async fn a_refused_token_is_answered_with_the_error_schema() {
    let mock = MockServer::start().await;
    let mut c = Checker::new(&mock, "wrong-token");
    let (status, value) = c.call("GET", "/webhooks", "/webhooks", None).await;
    assert_eq!((status, value["ErrorCode"].as_i64()), (401, Some(10)));
}

/// The account API's answers have the documented shapes: a list page, one
/// server, a missing one, a refused token.
#[tokio::test]
async fn the_account_answers_match_the_spec() {
    let mock = MockServer::start().await;
    let mut c = Checker::account(&mock);
    let (status, page) = c
        .call("GET", "/servers?count=1&offset=0", "/servers", None)
        .await;
    assert_eq!((status, page["TotalCount"].as_i64()), (200, Some(1)));
    assert_eq!(page["Servers"][0]["Name"], "Production01");
    assert_eq!(
        page["Servers"][0]["ApiTokens"],
        json!([mock.server_token()])
    );
    let (status, one) = c
        .call("GET", "/servers/1", "/servers/{serverid}", None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(one, page["Servers"][0]);
    let (status, _) = c
        .call("GET", "/servers/99", "/servers/{serverid}", None)
        .await;
    assert_eq!(status, 404);
    let (status, refused) = c.call("GET", "/servers", "/servers", None).await;
    assert_eq!(status, 422, "count and offset are required: {refused}");
    let mut wrong = Checker::new(&mock, mock.server_token());
    let (status, value) = wrong
        .call("GET", "/servers?count=1&offset=0", "/servers", None)
        .await;
    assert_eq!((status, value["ErrorCode"].as_i64()), (401, Some(10)));
}

/// The mock's statistics answer has Postmark's documented shape.
#[tokio::test]
async fn the_statistics_answer_matches_the_spec() {
    let mock = MockServer::start().await;
    let mut c = Checker::new(&mock, mock.server_token());
    let (status, created) = c
        .call(
            "POST",
            "/webhooks",
            "/webhooks",
            Some(json!({"Url": "https://example.com/hook", "Verify": false})),
        )
        .await;
    assert_eq!(status, 200, "{created}");
    let id = created["ID"].as_i64().unwrap();
    let statistics = format!("/webhooks/{id}/statistics");
    let (status, stats) = c
        .call("GET", &statistics, "/webhooks/{id}/statistics", None)
        .await;
    assert_eq!((status, &stats["WebhookId"]), (200, &json!(id)));
    assert_eq!(stats["TimeRange"]["Hours"], 24);
}
