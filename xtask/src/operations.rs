//! Rules on operations: [operation-id], [summary], [tag], [success-response],
//! [error-response], [security] and [path-params].

use crate::document::{Operation, effective_parameters, entries, follow, join, operations, ref_of};
use crate::findings::Finding;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The security schemes, one of which every operation must require: a
/// server's token, or the account's (the servers operations).
const SECURITY_SCHEMES: [&str; 2] = ["serverToken", "accountToken"];

/// All operation findings.
pub fn check(doc: &Value) -> Vec<Finding> {
    let declared_tags: BTreeSet<&str> = doc
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|tag| tag.get("name").and_then(Value::as_str))
        .collect();
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut findings = Vec::new();
    let mut reported_parameters = BTreeSet::new();
    let mut error_schemas = Vec::new();
    for op in operations(doc) {
        operation_id(&op, &mut ids, &mut findings);
        summary(&op, &mut findings);
        tags(&op, &declared_tags, &mut findings);
        success_response(doc, &op, &mut findings);
        if let Some(schema) = error_responses(doc, &op, &mut findings) {
            error_schemas.push((op.location(), schema));
        }
        security(doc, &op, &mut findings);
        path_parameters(doc, &op, &mut reported_parameters, &mut findings);
    }
    one_error_schema(&error_schemas, &mut findings);
    findings
}

/// Every operation uses the same error schema: the SDK maps all of them to
/// one error type. The odd ones out (against the most used) are reported.
fn one_error_schema(schemas: &[(String, String)], findings: &mut Vec<Finding>) {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, schema) in schemas {
        *counts.entry(schema).or_default() += 1;
    }
    let Some((shared, _)) = counts.iter().max_by_key(|(_, count)| **count) else {
        return;
    };
    for (location, schema) in schemas.iter().filter(|(_, s)| s != shared) {
        findings.push(Finding::error(
            "error-response",
            location.clone(),
            format!(
                "its error responses use {schema} while the other operations use {shared}; use \
                 the one shared error schema"
            ),
        ));
    }
}

fn operation_id(
    op: &Operation<'_>,
    ids: &mut HashMap<String, String>,
    findings: &mut Vec<Finding>,
) {
    let rule = "operation-id";
    let Some(id) = op.operation.get("operationId").and_then(Value::as_str) else {
        findings.push(Finding::error(
            rule,
            op.location(),
            "no operationId, so the SDK method has no stable name; add a unique snake_case \
             operationId",
        ));
        return;
    };
    if !is_snake_case(id) {
        findings.push(Finding::error(
            rule,
            op.location(),
            format!(
                "operationId `{id}` is not snake_case; rename it (lowercase words joined by `_`)"
            ),
        ));
    }
    if let Some(first) = ids.insert(id.to_string(), op.location()) {
        findings.push(Finding::error(
            rule,
            op.location(),
            format!("operationId `{id}` is already used by {first}; give each operation its own"),
        ));
    }
}

fn is_snake_case(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && !id.ends_with('_')
        && !id.contains("__")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn summary(op: &Operation<'_>, findings: &mut Vec<Finding>) {
    let present = op
        .operation
        .get("summary")
        .and_then(Value::as_str)
        .is_some_and(|s| !s.trim().is_empty());
    if !present {
        findings.push(Finding::error(
            "summary",
            op.location(),
            "no summary, so the SDK method has no doc line; add a one-sentence `summary`",
        ));
    }
}

fn tags(op: &Operation<'_>, declared: &BTreeSet<&str>, findings: &mut Vec<Finding>) {
    let tags: Vec<&str> = op
        .operation
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if tags.is_empty() {
        findings.push(Finding::error(
            "tag",
            op.location(),
            "no tag; add at least one tag declared in the top-level `tags`",
        ));
    }
    for tag in tags.into_iter().filter(|tag| !declared.contains(tag)) {
        findings.push(Finding::error(
            "tag",
            op.location(),
            format!("tag `{tag}` is not declared in the top-level `tags`; declare it there or use a declared tag"),
        ));
    }
}

fn is_success(status: &str) -> bool {
    status == "2XX"
        || (status.len() == 3 && status.starts_with('2') && status.parse::<u16>().is_ok())
}

fn is_error(status: &str) -> bool {
    matches!(status.as_bytes().first(), Some(b'4' | b'5'))
}

fn success_response(doc: &Value, op: &Operation<'_>, findings: &mut Vec<Finding>) {
    let rule = "success-response";
    let responses = join(&op.pointer, "responses");
    let successes: Vec<(&String, &Value)> = entries(op.operation.get("responses"))
        .filter(|(status, _)| is_success(status))
        .collect();
    let [(status, response)] = successes.as_slice() else {
        let statuses: Vec<&str> = successes.iter().map(|(s, _)| s.as_str()).collect();
        findings.push(Finding::error(
            rule,
            op.location(),
            format!(
                "{} 2xx responses ({}); progenitor needs exactly one success response: keep one",
                successes.len(),
                if statuses.is_empty() {
                    "none".to_string()
                } else {
                    statuses.join(", ")
                }
            ),
        ));
        return;
    };
    let Some((response, _)) = follow(doc, response, &join(&responses, status)) else {
        return; // unresolved-ref reports it
    };
    let media_types: Vec<(&String, &Value)> = entries(response.get("content")).collect();
    let problem = match media_types.as_slice() {
        [(media_type, media)] if media_type.as_str() == "application/json" => {
            if media.get("schema").is_some() {
                return;
            }
            "its application/json content has no schema; add one".to_string()
        }
        [] => {
            "it has no content; give it one `application/json` media type with a schema".to_string()
        }
        _ => format!(
            "its content has the media types {}; keep exactly one, `application/json`, with a schema",
            media_types
                .iter()
                .map(|(m, _)| m.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    findings.push(Finding::error(
        rule,
        op.location(),
        format!("the {status} response has the wrong body: {problem}"),
    ));
}

/// The component schema an error response's JSON body refers to.
fn error_schema(doc: &Value, response: &Value, pointer: &str) -> Result<String, String> {
    let Some((response, _)) = follow(doc, response, pointer) else {
        return Err("does not resolve".into());
    };
    let schema = response
        .pointer("/content/application~1json/schema")
        .ok_or("has no application/json schema")?;
    let reference = ref_of(schema).ok_or("has an inline schema, not a $ref to a component")?;
    if !reference.starts_with("#/components/schemas/") {
        return Err(format!("refers to `{reference}`, not a component schema"));
    }
    Ok(reference.to_string())
}

/// Checks the error responses; returns their schema when they share one.
fn error_responses(doc: &Value, op: &Operation<'_>, findings: &mut Vec<Finding>) -> Option<String> {
    let rule = "error-response";
    let responses = join(&op.pointer, "responses");
    let map: BTreeMap<&String, &Value> = entries(op.operation.get("responses")).collect();
    if map.keys().any(|status| status.as_str() == "default") {
        findings.push(Finding::error(
            rule,
            op.location(),
            "has a `default` response, which progenitor counts as both a success and an error \
             body; replace it with `4XX` and `5XX` responses",
        ));
    }
    let missing: Vec<&str> = ["4XX", "5XX"]
        .into_iter()
        .filter(|status| !map.keys().any(|s| s.as_str() == *status))
        .collect();
    if !missing.is_empty() {
        findings.push(Finding::error(
            rule,
            op.location(),
            format!(
                "no {} response; add it, referring to the shared error response",
                missing.join(" or ")
            ),
        ));
    }
    let mut schemas: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (status, response) in map.iter().filter(|(status, _)| is_error(status)) {
        match error_schema(doc, response, &join(&responses, status)) {
            Ok(schema) => schemas.entry(schema).or_default().push(status.as_str()),
            Err(problem) => findings.push(Finding::error(
                rule,
                op.location(),
                format!(
                    "the {status} response {problem}; make every error response's \
                     application/json body a $ref to the one shared error schema"
                ),
            )),
        }
    }
    if schemas.len() > 1 {
        let list: Vec<String> = schemas
            .iter()
            .map(|(schema, statuses)| format!("{} → {schema}", statuses.join(", ")))
            .collect();
        findings.push(Finding::error(
            rule,
            op.location(),
            format!(
                "error responses use different schemas ({}), and progenitor allows one error \
                 type; use the same shared error schema for all",
                list.join("; ")
            ),
        ));
    }
    let mut schemas = schemas.into_keys();
    match (schemas.next(), schemas.next()) {
        (Some(schema), None) => Some(schema),
        _ => None,
    }
}

fn security(doc: &Value, op: &Operation<'_>, findings: &mut Vec<Finding>) {
    let requirements = op.operation.get("security").or_else(|| doc.get("security"));
    let alternatives: Vec<&Value> = requirements
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .collect();
    let covered = !alternatives.is_empty()
        && alternatives.iter().all(|requirement| {
            SECURITY_SCHEMES
                .iter()
                .any(|scheme| requirement.get(scheme).is_some())
        });
    if !covered {
        findings.push(Finding::error(
            "security",
            op.location(),
            "not covered by a token's security requirement (every alternative must include \
             `serverToken` or `accountToken`); remove the operation's own `security` or make it \
             `[{serverToken: []}]` or `[{accountToken: []}]`",
        ));
    }
}

fn path_parameters(
    doc: &Value,
    op: &Operation<'_>,
    reported: &mut BTreeSet<String>,
    findings: &mut Vec<Finding>,
) {
    let rule = "path-params";
    let template: Vec<&str> = op
        .path
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect();
    let parameters = effective_parameters(doc, op);
    let declared: BTreeSet<&str> = parameters
        .keys()
        .filter(|(location, _)| location == "path")
        .map(|(_, name)| name.as_str())
        .collect();
    let expected: BTreeSet<&str> = template.iter().copied().collect();
    let missing: Vec<&str> = expected.difference(&declared).copied().collect();
    let extra: Vec<&str> = declared.difference(&expected).copied().collect();
    if !missing.is_empty() || !extra.is_empty() {
        let list = |names: &BTreeSet<&str>| {
            if names.is_empty() {
                "none".to_string()
            } else {
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        findings.push(Finding::error(
            rule,
            op.location(),
            format!(
                "the path template names {} but the path parameters are {}; declare exactly one \
                 `in: path` parameter for each `{{...}}` name",
                list(&expected),
                list(&declared)
            ),
        ));
    }
    for ((location, name), (parameter, pointer)) in &parameters {
        if location != "path" || parameter.get("required") == Some(&Value::Bool(true)) {
            continue;
        }
        if reported.insert(pointer.clone()) {
            findings.push(Finding::error(
                rule,
                pointer.clone(),
                format!("path parameter `{name}` is not `required: true`; add `required: true`"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok_responses() -> Value {
        json!({
            "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}},
            "4XX": {"$ref": "#/components/responses/Error"},
            "5XX": {"$ref": "#/components/responses/Error"}
        })
    }

    fn op(id: &str) -> Value {
        json!({"operationId": id, "summary": "s", "tags": ["t"], "responses": ok_responses()})
    }

    fn doc(paths: Value) -> Value {
        json!({
            "security": [{"serverToken": []}],
            "tags": [{"name": "t"}],
            "paths": paths,
            "components": {
                "responses": {
                    "Error": {"description": "e", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Error"}}}},
                    "Other": {"description": "e", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Other"}}}}
                },
                "schemas": {"Error": {"type": "object"}, "Other": {"type": "object"}}
            }
        })
    }

    fn found(doc: &Value) -> Vec<(&'static str, String)> {
        check(doc)
            .into_iter()
            .map(|f| (f.rule, f.location))
            .collect()
    }

    #[test]
    fn well_formed_operations_pass() {
        let doc = doc(json!({"/a": {"get": op("get_a"), "post": op("create_a")}}));
        assert_eq!(found(&doc), Vec::new());
    }

    #[test]
    fn snake_case() {
        for good in ["list_webhooks", "get", "v2_get"] {
            assert!(is_snake_case(good), "{good}");
        }
        for bad in ["listWebhooks", "List", "_x", "x_", "a__b", "a-b", ""] {
            assert!(!is_snake_case(bad), "{bad}");
        }
    }

    #[test]
    fn duplicate_operation_ids_are_reported_on_the_second() {
        let doc = doc(json!({"/a": {"get": op("same")}, "/b": {"get": op("same")}}));
        assert_eq!(found(&doc), vec![("operation-id", "GET /b".to_string())]);
    }

    #[test]
    fn security_must_include_the_token_in_every_alternative() {
        let mut optional = op("get_a");
        optional["security"] = json!([{"serverToken": []}, {}]);
        let mut own = op("get_b");
        own["security"] = json!([{"serverToken": []}]);
        let mut account = op("get_c");
        account["security"] = json!([{"accountToken": []}]);
        let mut other = op("get_d");
        other["security"] = json!([{"other": []}]);
        let doc = doc(
            json!({"/a": {"get": optional}, "/b": {"get": own}, "/c": {"get": account}, "/d": {"get": other}}),
        );
        assert_eq!(
            found(&doc),
            vec![
                ("security", "GET /a".to_string()),
                ("security", "GET /d".to_string())
            ]
        );
    }

    #[test]
    fn error_responses_must_share_one_schema() {
        let mut op = op("get_a");
        op["responses"]["404"] = json!({"$ref": "#/components/responses/Other"});
        let findings = check(&doc(json!({"/a": {"get": op}})));
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!(findings[0].rule, "error-response");
        assert!(
            findings[0]
                .message
                .contains("404 → #/components/schemas/Other")
        );
    }

    #[test]
    fn every_operation_uses_the_same_error_schema() {
        let mut odd = op("get_c");
        odd["responses"]["4XX"] = json!({"$ref": "#/components/responses/Other"});
        odd["responses"]["5XX"] = json!({"$ref": "#/components/responses/Other"});
        let doc = doc(
            json!({"/a": {"get": op("get_a")}, "/b": {"get": op("get_b")}, "/c": {"get": odd}}),
        );
        let findings = check(&doc);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!(findings[0].location, "GET /c");
        assert!(
            findings[0]
                .message
                .contains("use #/components/schemas/Other while")
        );
    }

    #[test]
    fn a_success_response_needs_one_json_body() {
        let mut op = op("get_a");
        op["responses"]["200"]["content"]["text/plain"] = json!({"schema": {"type": "string"}});
        let findings = check(&doc(json!({"/a": {"get": op}})));
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!(findings[0].rule, "success-response");
        assert!(findings[0].message.contains("application/json, text/plain"));
    }

    #[test]
    fn an_optional_path_parameter_is_reported_once_where_it_is_declared() {
        let doc = doc(json!({"/a/{id}": {
            "parameters": [{"name": "id", "in": "path", "schema": {"type": "string"}}],
            "get": op("get_a"),
            "delete": op("delete_a")
        }}));
        assert_eq!(
            found(&doc),
            vec![("path-params", "/paths/~1a~1{id}/parameters/0".to_string())]
        );
    }

    #[test]
    fn operation_parameters_complete_the_path_item_ones() {
        let mut get = op("get_a");
        get["parameters"] = json!([{"name": "b", "in": "path", "required": true, "schema": {}}]);
        let doc = doc(json!({"/a/{a}/{b}": {
            "parameters": [{"name": "a", "in": "path", "required": true, "schema": {}}],
            "get": get,
            "put": op("put_a")
        }}));
        let findings = check(&doc);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!(findings[0].location, "PUT /a/{a}/{b}");
        assert!(
            findings[0]
                .message
                .contains("names `a`, `b` but the path parameters are `a`")
        );
    }
}
