//! Unit tests of `breaking.rs`: one pair of documents for each kind of
//! breaking change, and one for the additions.

use super::*;
use crate::findings::Severity;
use serde_json::json;

/// A small spec: list (GET /hooks, query param), create (POST, body),
/// get (GET /hooks/{id}); `Hook` is the response, `NewHook` the request.
fn base() -> Value {
    json!({
        "openapi": "3.0.3",
        "paths": {
            "/hooks": {
                "get": {
                    "operationId": "list_hooks",
                    "parameters": [{"name": "Stream", "in": "query", "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {
                        "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Hook"}}}}}}
                },
                "post": {
                    "operationId": "create_hook",
                    "requestBody": {"required": true, "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/NewHook"}}}},
                    "responses": {"200": {"description": "ok", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Hook"}}}}}
                }
            },
            "/hooks/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true,
                                "schema": {"type": "integer", "format": "int64"}}],
                "get": {
                    "operationId": "get_hook",
                    "responses": {"200": {"description": "ok", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Hook"}}}}}
                }
            }
        },
        "components": {"schemas": {
            "Hook": {
                "type": "object",
                "required": ["ID", "Url"],
                "properties": {
                    "ID": {"type": "integer", "format": "int64"},
                    "Url": {"type": "string"},
                    "Kind": {"type": "string", "enum": ["a", "b"]},
                    "Note": {"type": "string"}
                }
            },
            "NewHook": {
                "type": "object",
                "required": ["Url"],
                "properties": {
                    "Url": {"type": "string"},
                    "Label": {"type": "string"},
                    "Kind": {"type": "string", "enum": ["a", "b"]}
                }
            }
        }}
    })
}

fn changed(edit: impl FnOnce(&mut Value)) -> Vec<Finding> {
    let old = base();
    let mut new = base();
    edit(&mut new);
    compare(&old, &new)
}

fn breaking(findings: &[Finding]) -> Vec<(&str, &str)> {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.location.as_str(), f.message.as_str()))
        .collect()
}

fn additions(findings: &[Finding]) -> Vec<(&str, &str)> {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Note)
        .map(|f| (f.location.as_str(), f.message.as_str()))
        .collect()
}

/// Exactly one breaking change, at `location`, whose message contains `text`.
fn assert_one_breaking(findings: &[Finding], location: &str, text: &str) {
    let found = breaking(findings);
    assert_eq!(found.len(), 1, "{findings:#?}");
    assert_eq!(found[0].0, location, "{findings:#?}");
    assert!(found[0].1.contains(text), "{findings:#?}");
    assert!(
        findings
            .iter()
            .all(|f| f.rule == BREAKING || f.rule == ADDITION)
    );
}

#[test]
fn the_same_spec_has_no_changes() {
    assert_eq!(compare(&base(), &base()), Vec::new());
}

#[test]
fn a_removed_operation_is_breaking() {
    let findings = changed(|s| {
        s["paths"]["/hooks/{id}"]
            .as_object_mut()
            .unwrap()
            .remove("get");
    });
    assert_one_breaking(
        &findings,
        "GET /hooks/{id}",
        "`get_hook` (GET /hooks/{id}) was removed",
    );
    assert!(additions(&findings).is_empty());
}

#[test]
fn a_renamed_operation_is_breaking() {
    let findings =
        changed(|s| s["paths"]["/hooks/{id}"]["get"]["operationId"] = json!("fetch_hook"));
    assert_one_breaking(
        &findings,
        "GET /hooks/{id}",
        "from `get_hook` to `fetch_hook`",
    );
}

#[test]
fn a_moved_operation_is_breaking() {
    let findings = changed(|s| {
        let op = s["paths"]["/hooks/{id}"]
            .as_object_mut()
            .unwrap()
            .remove("get")
            .unwrap();
        s["paths"]["/hooks/{id}"]["put"] = op;
    });
    assert_one_breaking(
        &findings,
        "PUT /hooks/{id}",
        "moved from GET /hooks/{id} to PUT /hooks/{id}",
    );
}

#[test]
fn a_removed_parameter_is_breaking() {
    let findings = changed(|s| s["paths"]["/hooks"]["get"]["parameters"] = json!([]));
    assert_one_breaking(
        &findings,
        "GET /hooks",
        "query parameter `Stream` was removed",
    );
}

#[test]
fn a_parameter_that_became_required_is_breaking() {
    let findings =
        changed(|s| s["paths"]["/hooks"]["get"]["parameters"][0]["required"] = json!(true));
    assert_one_breaking(
        &findings,
        "/paths/~1hooks/get/parameters/0",
        "became required",
    );
}

#[test]
fn a_new_required_parameter_is_breaking_and_an_optional_one_is_an_addition() {
    let findings = changed(|s| {
        let list = s["paths"]["/hooks"]["get"]["parameters"]
            .as_array_mut()
            .unwrap();
        list.push(
            json!({"name": "Must", "in": "query", "required": true, "schema": {"type": "string"}}),
        );
        list.push(json!({"name": "May", "in": "query", "schema": {"type": "string"}}));
    });
    assert_one_breaking(
        &findings,
        "/paths/~1hooks/get/parameters/1",
        "new required query parameter `Must`",
    );
    assert_eq!(additions(&findings).len(), 1, "{findings:#?}");
    assert!(additions(&findings)[0].1.contains("`May`"));
}

#[test]
fn a_changed_parameter_type_is_breaking() {
    let findings = changed(|s| {
        s["paths"]["/hooks/{id}"]["parameters"][0]["schema"] = json!({"type": "string"})
    });
    assert_one_breaking(
        &findings,
        "/paths/~1hooks~1{id}/parameters/0/schema",
        "type changed from integer to string",
    );
}

#[test]
fn a_removed_request_property_is_breaking() {
    let findings = changed(|s| {
        s["components"]["schemas"]["NewHook"]["properties"]
            .as_object_mut()
            .unwrap()
            .remove("Label");
    });
    assert_one_breaking(
        &findings,
        "/components/schemas/NewHook/properties/Label",
        "request property `Label` was removed",
    );
}

#[test]
fn a_removed_response_property_is_breaking() {
    let findings = changed(|s| {
        s["components"]["schemas"]["Hook"]["properties"]
            .as_object_mut()
            .unwrap()
            .remove("Note");
    });
    assert_one_breaking(
        &findings,
        "/components/schemas/Hook/properties/Note",
        "response property `Note` was removed",
    );
}

#[test]
fn a_request_property_that_became_required_is_breaking() {
    let findings =
        changed(|s| s["components"]["schemas"]["NewHook"]["required"] = json!(["Url", "Label"]));
    assert_one_breaking(
        &findings,
        "/components/schemas/NewHook/properties/Label",
        "request property `Label` became required",
    );
}

#[test]
fn a_new_required_request_property_is_breaking() {
    let findings = changed(|s| {
        let hook = &mut s["components"]["schemas"]["NewHook"];
        hook["properties"]["Secret"] = json!({"type": "string"});
        hook["required"] = json!(["Url", "Secret"]);
    });
    assert_one_breaking(
        &findings,
        "/components/schemas/NewHook/properties/Secret",
        "new required request property `Secret`",
    );
}

#[test]
fn a_changed_property_type_or_format_is_breaking() {
    let findings = changed(|s| {
        s["components"]["schemas"]["Hook"]["properties"]["ID"]["type"] = json!("string")
    });
    assert_one_breaking(
        &findings,
        "/components/schemas/Hook/properties/ID",
        "type changed from integer to string",
    );
    let findings = changed(|s| {
        s["components"]["schemas"]["Hook"]["properties"]["ID"]["format"] = json!("int32")
    });
    assert_one_breaking(
        &findings,
        "/components/schemas/Hook/properties/ID",
        "format changed from int64 to int32",
    );
}

#[test]
fn a_response_property_that_became_optional_is_breaking() {
    let findings = changed(|s| s["components"]["schemas"]["Hook"]["required"] = json!(["ID"]));
    assert_one_breaking(
        &findings,
        "/components/schemas/Hook/properties/Url",
        "response property `Url` became optional",
    );
}

#[test]
fn a_response_property_that_became_nullable_is_breaking() {
    let findings = changed(|s| {
        s["components"]["schemas"]["Hook"]["properties"]["Url"]["nullable"] = json!(true)
    });
    assert_one_breaking(
        &findings,
        "/components/schemas/Hook/properties/Url",
        "became nullable",
    );
}

#[test]
fn a_removed_enum_value_is_breaking_and_a_new_one_an_addition() {
    let findings = changed(|s| {
        s["components"]["schemas"]["Hook"]["properties"]["Kind"]["enum"] = json!(["a", "c"])
    });
    assert_one_breaking(
        &findings,
        "/components/schemas/Hook/properties/Kind",
        "enum value \"b\" was removed",
    );
    assert_eq!(
        additions(&findings),
        vec![(
            "/components/schemas/Hook/properties/Kind",
            "new enum value \"c\"; not breaking, mention it in the changelog"
        )]
    );
}

#[test]
fn additions_are_notes_only() {
    let findings = changed(|s| {
        s["components"]["schemas"]["NewHook"]["properties"]["Verify"] = json!({"type": "boolean"});
        s["components"]["schemas"]["Hook"]["properties"]["Status"] = json!({"type": "string"});
        s["components"]["schemas"]["NewHook"]["properties"]["Kind"]["enum"] =
            json!(["a", "b", "c"]);
        s["paths"]["/hooks/{id}"]["delete"] = json!({
            "operationId": "delete_hook",
            "responses": {"200": {"description": "ok"}}
        });
    });
    assert!(breaking(&findings).is_empty(), "{findings:#?}");
    let notes = additions(&findings);
    let expected = [
        ("DELETE /hooks/{id}", "new operation `delete_hook`"),
        (
            "/components/schemas/NewHook/properties/Verify",
            "new optional request property `Verify`",
        ),
        (
            "/components/schemas/Hook/properties/Status",
            "new response property `Status`",
        ),
        (
            "/components/schemas/NewHook/properties/Kind",
            "new enum value \"c\"",
        ),
    ];
    for (location, text) in expected {
        assert!(
            notes
                .iter()
                .any(|(l, m)| *l == location && m.contains(text)),
            "missing {location}: {text} in {findings:#?}"
        );
    }
    assert_eq!(notes.len(), expected.len(), "{findings:#?}");
}

#[test]
fn refs_are_followed_through_allof() {
    let findings = changed(|s| {
        let hook = s["components"]["schemas"]["Hook"].take();
        s["components"]["schemas"]["HookBase"] = hook;
        s["components"]["schemas"]["Hook"] =
            json!({"allOf": [{"$ref": "#/components/schemas/HookBase"}]});
        s["components"]["schemas"]["HookBase"]["properties"]
            .as_object_mut()
            .unwrap()
            .remove("Note");
    });
    assert_one_breaking(
        &findings,
        "/components/schemas/Hook/properties/Note",
        "response property `Note` was removed",
    );
}
