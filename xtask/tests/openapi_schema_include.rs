//! `src/openapi_schema.rs` is `include!`d by other crates' tests (the SDK
//! validates its mock server's answers with it): it must compile on its own,
//! with serde_json alone, and agree with the real spec's examples.

include!("../src/openapi_schema.rs");

use serde_json::{Value, json};

fn spec() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/postmark-webhooks.yaml"
    );
    yaml_serde::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn validator(spec: &Value, component: &str) -> jsonschema::Validator {
    let schema = json!({ "$ref": format!("#/components/schemas/{component}") });
    jsonschema::validator_for(&to_json_schema(spec, &schema)).unwrap()
}

#[test]
fn every_component_example_of_the_real_spec_validates() {
    let spec = spec();
    let schemas = spec["components"]["schemas"].as_object().unwrap();
    let with_examples = schemas
        .iter()
        .filter_map(|(name, s)| Some((name, s.get("example")?)));
    for (name, example) in with_examples {
        let validator = validator(&spec, name);
        let errors: Vec<String> = validator
            .iter_errors(example)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}

#[test]
fn answers_the_sdk_must_accept_and_reject() {
    let spec = spec();
    let webhook = validator(&spec, "Webhook");
    let minimal = json!({"ID": 1, "Url": "https://example.com/hook", "MessageStream": "outbound"});
    assert!(webhook.is_valid(&minimal));
    let mut nulls = minimal.clone();
    nulls["HttpAuth"] = Value::Null;
    nulls["HttpHeaders"] = Value::Null;
    nulls["Status"] = Value::Null;
    assert!(webhook.is_valid(&nulls), "nullable fields accept null");
    let mut unknown = minimal.clone();
    unknown["SomethingNew"] = json!(true);
    assert!(webhook.is_valid(&unknown), "responses stay open");
    let mut wrong = minimal.clone();
    wrong["ID"] = json!("1");
    assert!(!webhook.is_valid(&wrong), "ID is an integer");
    let mut missing = minimal;
    missing.as_object_mut().unwrap().remove("Url");
    assert!(!webhook.is_valid(&missing), "Url is required");
}
