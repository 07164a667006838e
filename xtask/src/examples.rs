//! [example]: every `example` (on a schema, a media type, a parameter or a
//! header) and every `examples` entry validates against its schema, with
//! OpenAPI 3.0 semantics (see `openapi_schema.rs`).

use crate::document::{entries, follow, join};
use crate::findings::Finding;
use crate::openapi_schema::to_json_schema;
use crate::schema_walk::{all_schemas, holders};
use crate::validation::problems;
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

const RULE: &str = "example";

/// All example findings. With `report_broken_schemas` false, an example
/// whose schema does not compile is skipped (its schema is reported already).
pub fn check(doc: &Value, report_broken_schemas: bool) -> Vec<Finding> {
    let mut check = Examples {
        doc,
        report_broken_schemas,
        findings: Vec::new(),
    };
    for (pointer, schema) in all_schemas(doc) {
        if let Some(example) = schema.get("example") {
            check.validate(schema, example, &join(&pointer, "example"));
        }
    }
    for holder in holders(doc) {
        let Some(schema) = holder.value.get("schema") else {
            continue;
        };
        if let Some(example) = holder.value.get("example") {
            check.validate(schema, example, &join(&holder.pointer, "example"));
        }
        let examples = join(&holder.pointer, "examples");
        for (name, entry) in entries(holder.value.get("examples")) {
            let Some((entry, pointer)) = follow(doc, entry, &join(&examples, name)) else {
                continue; // unresolved-ref reports it
            };
            if let Some(value) = entry.get("value") {
                check.validate(schema, value, &join(&pointer, "value"));
            }
        }
    }
    check.findings
}

struct Examples<'a> {
    doc: &'a Value,
    report_broken_schemas: bool,
    findings: Vec<Finding>,
}

impl Examples<'_> {
    fn validate(&mut self, schema: &Value, example: &Value, pointer: &str) {
        let json_schema = to_json_schema(self.doc, schema);
        let validator = match jsonschema::options()
            .should_validate_formats(true)
            .build(&json_schema)
        {
            Ok(validator) => validator,
            // A `$ref` that does not resolve: the unresolved-ref rule reports it.
            Err(e) if matches!(e.kind(), ValidationErrorKind::Referencing(_)) => return,
            Err(_) if !self.report_broken_schemas => return,
            Err(e) => {
                self.findings.push(Finding::error(
                    RULE,
                    pointer,
                    format!(
                        "cannot check the example: its schema is not a valid JSON Schema ({e}); \
                         fix the schema"
                    ),
                ));
                return;
            }
        };
        for problem in problems(&validator, example) {
            let at = if problem.path.is_empty() {
                String::new()
            } else {
                format!(" at {}", problem.path)
            };
            self.findings.push(Finding::error(
                RULE,
                pointer,
                format!(
                    "the example does not match its schema{at}: {}; fix the example or the schema",
                    problem.message
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec() -> Value {
        json!({"components": {"schemas": {
            "Auth": {"type": "object", "nullable": true, "properties": {"User": {"type": "string"}}},
            "Hook": {
                "type": "object",
                "required": ["ID"],
                "properties": {
                    "ID": {"type": "integer", "format": "int64"},
                    "Small": {"type": "integer", "format": "int32"},
                    "Tags": {"type": "array", "nullable": true, "items": {"type": "string"}},
                    "Auth": {"$ref": "#/components/schemas/Auth"},
                    "Kind": {"type": "string", "nullable": true, "enum": ["a", "b"]},
                    "Wrapped": {"nullable": true, "allOf": [{"$ref": "#/components/schemas/Auth"}]}
                }
            }
        }}})
    }

    fn valid(instance: Value) -> bool {
        let spec = spec();
        let schema = to_json_schema(&spec, &json!({"$ref": "#/components/schemas/Hook"}));
        jsonschema::validator_for(&schema)
            .unwrap()
            .is_valid(&instance)
    }

    #[test]
    fn nullable_allows_null() {
        assert!(valid(
            json!({"ID": 1, "Tags": null, "Auth": null, "Kind": null, "Wrapped": null})
        ));
        assert!(!valid(json!({"ID": null})));
    }

    #[test]
    fn refs_resolve_into_definitions() {
        assert!(valid(json!({"ID": 1, "Auth": {"User": "u"}})));
        assert!(!valid(json!({"ID": 1, "Auth": {"User": 5}})));
        assert!(!valid(json!({"ID": 1, "Wrapped": {"User": 5}})));
    }

    #[test]
    fn int64_means_integer_and_int32_is_bounded() {
        assert!(!valid(json!({"ID": 1.5})));
        assert!(!valid(json!({"ID": "1"})));
        assert!(valid(json!({"ID": 9_007_199_254_740_993_i64})));
        assert!(!valid(json!({"ID": 1, "Small": 3_000_000_000_i64})));
    }

    #[test]
    fn enums_stay_closed_but_accept_null_when_nullable() {
        assert!(valid(json!({"ID": 1, "Kind": "a"})));
        assert!(!valid(json!({"ID": 1, "Kind": "c"})));
    }

    #[test]
    fn the_converted_schema_is_draft_4() {
        let schema = to_json_schema(&spec(), &json!({"type": "string"}));
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-04/schema#");
        assert!(jsonschema::draft4::meta::is_valid(&schema));
    }

    #[test]
    fn a_bad_example_is_reported_with_its_path() {
        let mut doc = spec();
        doc["components"]["schemas"]["Hook"]["example"] = json!({"ID": "x"});
        let findings = check(&doc, true);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].location, "/components/schemas/Hook/example");
        assert!(
            findings[0].message.contains("at /ID"),
            "{}",
            findings[0].message
        );
    }
}
