//! Rules on schemas: [nullable-optional-array], [property-case] on every
//! schema; [closed-response] and [closed-enum] on every schema a response body
//! reaches.

use crate::document::{entries, follow, join, required};
use crate::findings::Finding;
use crate::schema_walk::{HolderKind, all_schemas, children, holders};
use serde_json::Value;
use std::collections::BTreeSet;

/// All schema findings.
pub fn check(doc: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (pointer, schema) in all_schemas(doc) {
        nullable_optional_arrays(doc, schema, &pointer, &mut findings);
        property_case(schema, &pointer, &mut findings);
    }
    for (pointer, schema) in response_schemas(doc) {
        closed_response(schema, &pointer, &mut findings);
        closed_enum(schema, &pointer, &mut findings);
    }
    findings
}

fn nullable_optional_arrays(
    doc: &Value,
    schema: &Value,
    pointer: &str,
    findings: &mut Vec<Finding>,
) {
    let required = required(schema);
    for (name, property) in entries(schema.get("properties")) {
        if required.contains(name.as_str()) {
            continue;
        }
        let here = join(&join(pointer, "properties"), name);
        let Some((target, _)) = follow(doc, property, &here) else {
            continue;
        };
        let is_array = target.get("type").and_then(Value::as_str) == Some("array");
        let nullable = [property, target]
            .iter()
            .any(|s| s.get("nullable") == Some(&Value::Bool(true)));
        if is_array && !nullable {
            findings.push(Finding::error(
                "nullable-optional-array",
                here,
                format!(
                    "optional array `{name}` is not nullable, so a `null` from the server fails \
                     to decode and a request can never send `[]`; add `nullable: true`"
                ),
            ));
        }
    }
}

fn property_case(schema: &Value, pointer: &str, findings: &mut Vec<Finding>) {
    for (name, _) in entries(schema.get("properties")) {
        let pascal = name.starts_with(|c: char| c.is_ascii_uppercase())
            && name.chars().all(|c| c.is_ascii_alphanumeric());
        if !pascal {
            findings.push(Finding::error(
                "property-case",
                join(&join(pointer, "properties"), name),
                format!(
                    "property `{name}` is not PascalCase, Postmark's convention (an uppercase \
                     first letter, no `_` or `-`); check the name against Postmark's API docs"
                ),
            ));
        }
    }
}

/// Every schema reachable from a response body, following `$ref`s, each once,
/// with the pointer where it is defined.
fn response_schemas(doc: &Value) -> Vec<(String, &Value)> {
    let mut stack: Vec<(String, &Value)> = holders(doc)
        .into_iter()
        .filter(|holder| holder.kind == HolderKind::ResponseMedia)
        .filter_map(|holder| {
            let schema = holder.value.get("schema")?;
            Some((join(&holder.pointer, "schema"), schema))
        })
        .collect();
    let mut seen = BTreeSet::new();
    let mut found = Vec::new();
    while let Some((pointer, schema)) = stack.pop() {
        let Some((schema, pointer)) = follow(doc, schema, &pointer) else {
            continue;
        };
        if !seen.insert(pointer.clone()) {
            continue;
        }
        stack.extend(children(schema, &pointer));
        found.push((pointer, schema));
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

fn closed_response(schema: &Value, pointer: &str, findings: &mut Vec<Finding>) {
    if schema.get("additionalProperties") == Some(&Value::Bool(false)) {
        findings.push(Finding::error(
            "closed-response",
            join(pointer, "additionalProperties"),
            "`additionalProperties: false` on a schema a response reaches makes the generated \
             type reject any field Postmark adds later; remove it",
        ));
    }
}

fn closed_enum(schema: &Value, pointer: &str, findings: &mut Vec<Finding>) {
    let Some(values) = schema.get("enum").and_then(Value::as_array) else {
        return;
    };
    let is_string = schema.get("type").and_then(Value::as_str) == Some("string")
        || values.iter().any(Value::is_string);
    if is_string {
        findings.push(Finding::error(
            "closed-enum",
            join(pointer, "enum"),
            "a string `enum` on a schema a response reaches becomes a closed Rust enum, and a \
             new value from Postmark then fails the whole decode; leave `enum` off and list the \
             known values in `description`",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn found(doc: &Value) -> Vec<(&'static str, String)> {
        check(doc)
            .into_iter()
            .map(|f| (f.rule, f.location))
            .collect()
    }

    fn doc(schemas: Value) -> Value {
        json!({
            "paths": {"/a": {
                "get": {"responses": {
                    "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Out"}}}},
                    "201": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Out"}}}}
                }},
                "post": {"requestBody": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/In"}}}}}
            }},
            "components": {"schemas": schemas}
        })
    }

    #[test]
    fn optional_arrays_must_be_nullable_also_through_a_ref() {
        let doc = doc(json!({
            "Out": {"type": "object", "required": ["Must"], "properties": {
                "Must": {"type": "array", "items": {}},
                "May": {"type": "array", "nullable": true, "items": {}},
                "Listed": {"$ref": "#/components/schemas/List"},
                "Bare": {"type": "array", "items": {}}
            }},
            "In": {"type": "object", "properties": {"Items": {"type": "array", "items": {}}}},
            "List": {"type": "array", "items": {"type": "string"}}
        }));
        assert_eq!(
            found(&doc),
            vec![
                (
                    "nullable-optional-array",
                    "/components/schemas/In/properties/Items".to_string()
                ),
                (
                    "nullable-optional-array",
                    "/components/schemas/Out/properties/Bare".to_string()
                ),
                (
                    "nullable-optional-array",
                    "/components/schemas/Out/properties/Listed".to_string()
                ),
            ]
        );
    }

    #[test]
    fn only_schemas_a_response_reaches_must_stay_open() {
        let doc = doc(json!({
            "Out": {"type": "object", "properties": {
                "Kind": {"$ref": "#/components/schemas/Kind"},
                "Code": {"type": "integer", "enum": [1, 2]},
                "Inner": {"type": "object", "additionalProperties": false}
            }},
            "In": {"type": "object", "additionalProperties": false, "properties": {
                "Mode": {"type": "string", "enum": ["a"]}
            }},
            "Kind": {"type": "string", "enum": ["a", "b"]}
        }));
        assert_eq!(
            found(&doc),
            vec![
                ("closed-enum", "/components/schemas/Kind/enum".to_string()),
                (
                    "closed-response",
                    "/components/schemas/Out/properties/Inner/additionalProperties".to_string()
                ),
            ]
        );
    }

    /// Postmark's own names include all-caps acronyms (`ServerID`, `OS`,
    /// `CountryISOCode`): they pass.
    #[test]
    fn property_names_are_pascal_case() {
        let doc = doc(json!({
            "Out": {"type": "object", "properties": {
                "ID": {}, "Url": {}, "HttpHeaders2": {}, "url": {}, "Http_Headers": {}, "Http-Headers": {},
                "ServerID": {}, "ServerId": {}, "MessageID": {}, "OS": {}, "IP": {}, "CountryISOCode": {}
            }},
            "In": {"type": "object", "items": {"properties": {"nested_bad": {}}}}
        }));
        let locations: Vec<String> = found(&doc).into_iter().map(|(_, l)| l).collect();
        assert_eq!(
            locations,
            vec![
                "/components/schemas/In/items/properties/nested_bad",
                "/components/schemas/Out/properties/Http-Headers",
                "/components/schemas/Out/properties/Http_Headers",
                "/components/schemas/Out/properties/url",
            ]
        );
    }
}
