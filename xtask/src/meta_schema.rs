//! [meta-schema]: the document validates against the OpenAPI Initiative's
//! JSON Schema for OpenAPI 3.0 (`xtask/schemas/openapi-3.0.json`, draft 4).

use crate::findings::Finding;
use crate::validation::{Problem, problems};
use serde_json::Value;
use std::collections::BTreeSet;

const RULE: &str = "meta-schema";

/// The official OpenAPI 3.0 schema, built into the binary.
const OPENAPI_3_0_SCHEMA: &str = include_str!("../schemas/openapi-3.0.json");

/// Validates `doc` against the OpenAPI 3.0 meta-schema. `dropped_keys` are the
/// pointers of keys the dropped-key rule already reports: an "additional
/// property not allowed" error about exactly those keys is not repeated.
pub fn check(doc: &Value, dropped_keys: &BTreeSet<String>) -> Vec<Finding> {
    let schema: Value =
        serde_json::from_str(OPENAPI_3_0_SCHEMA).expect("the bundled OpenAPI 3.0 schema is JSON");
    let validator =
        jsonschema::draft4::new(&schema).expect("the bundled OpenAPI 3.0 schema compiles");
    let mut findings: Vec<Finding> = problems(&validator, doc)
        .into_iter()
        .filter(|problem| !already_reported(problem, dropped_keys))
        .map(|problem| {
            let location = if problem.path.is_empty() {
                "/".to_string()
            } else {
                problem.path
            };
            Finding::error(
                RULE,
                location,
                format!(
                    "{}; make this part follow the OpenAPI 3.0 specification",
                    problem.message
                ),
            )
        })
        .collect();
    crate::findings::dedup(&mut findings);
    findings
}

/// Whether the error is "unknown keys" about keys the dropped-key rule reports.
fn already_reported(problem: &Problem, dropped_keys: &BTreeSet<String>) -> bool {
    !problem.unexpected.is_empty()
        && problem
            .unexpected
            .iter()
            .all(|key| dropped_keys.contains(&crate::document::join(&problem.path, key)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {
                "parameters": [{"name": "Q", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok"}}
            }}},
            "components": {"schemas": {"A": {"type": "object", "properties": {
                "B": {"type": "string"}
            }}}}
        })
    }

    fn found(doc: &Value, dropped: &[&str]) -> Vec<(String, String)> {
        let dropped = dropped.iter().map(|s| s.to_string()).collect();
        check(doc, &dropped)
            .into_iter()
            .map(|f| (f.location, f.message))
            .collect()
    }

    #[test]
    fn a_valid_document_passes() {
        assert_eq!(found(&doc(), &[]), Vec::new());
    }

    #[test]
    fn errors_inside_one_of_name_the_likely_branch() {
        let mut doc = doc();
        doc["paths"]["/a"]["get"]["parameters"][0]["in"] = json!("body");
        doc["components"]["schemas"]["A"]["properties"]["B"]["type"] = json!("strin");
        let found = found(&doc, &[]);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(found[0].0, "/components/schemas/A/properties/B/type");
        assert!(
            found[0]
                .1
                .starts_with("\"strin\" is not one of \"array\", \"boolean\"")
        );
        assert_eq!(found[1].0, "/paths/~1a/get/parameters/0/in");
        assert!(
            found[1]
                .1
                .starts_with(r#""body" is not one of "path", "query", "header", "cookie""#)
        );
    }

    #[test]
    fn unknown_keys_the_dropped_key_rule_reports_are_not_repeated() {
        let mut doc = doc();
        doc["components"]["schemas"]["A"]["properties"]["B"]["nulable"] = json!(true);
        let pointer = "/components/schemas/A/properties/B/nulable";
        assert_eq!(found(&doc, &[pointer]), Vec::new());
        let found = found(&doc, &[]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "/components/schemas/A/properties/B");
        assert!(found[0].1.starts_with("unknown key(s) nulable"));
    }
}
