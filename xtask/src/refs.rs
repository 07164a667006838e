//! [unresolved-ref]: every `$ref` is local and resolves.
//! [unused-component]: every component is reachable from the operations, or
//! from a specification extension (an `x-` key, such as the spec's
//! `x-webhook-events`, which lists the payloads Postmark POSTs to receivers).
//!
//! A `$ref` inside an `x-` extension is a reference like any other: it counts
//! as a use and must resolve.

use crate::document::{COMPONENT_SECTIONS, entries, escape, join, local_pointer, operations};
use crate::findings::Finding;
use serde_json::Value;
use std::collections::{BTreeSet, VecDeque};

/// Keys whose values are data, not OpenAPI objects: a `$ref` in them is not a
/// reference (unless the key is a name inside a map of [`NAME_MAPS`]).
const DATA_KEYS: [&str; 3] = ["example", "default", "enum"];

/// Maps whose keys are names (property names, status codes, component
/// names), not OpenAPI keywords.
const NAME_MAPS: [&str; 15] = [
    "properties",
    "responses",
    "schemas",
    "parameters",
    "requestBodies",
    "headers",
    "examples",
    "securitySchemes",
    "links",
    "callbacks",
    "content",
    "encoding",
    "paths",
    "variables",
    "mapping",
];

/// One `$ref` of the document.
struct Reference<'a> {
    /// Pointer of the `$ref` key itself.
    pointer: String,
    value: &'a Value,
}

/// Collects the `$ref`s under `value` (whose pointer is `pointer`).
fn references<'a>(
    value: &'a Value,
    pointer: &str,
    parent_key: &str,
    found: &mut Vec<Reference<'a>>,
) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_pointer = join(pointer, key);
                let is_name = NAME_MAPS.contains(&parent_key);
                if key == "$ref" && !is_name {
                    found.push(Reference {
                        pointer: child_pointer,
                        value: child,
                    });
                    continue;
                }
                let is_data = !is_name
                    && (DATA_KEYS.contains(&key.as_str())
                        || (key == "value" && is_example_object(map)));
                if !is_data {
                    references(child, &child_pointer, key, found);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                references(item, &format!("{pointer}/{i}"), "[]", found);
            }
        }
        _ => {}
    }
}

/// An Example Object: `value` with `summary`, `description` or nothing else.
fn is_example_object(map: &serde_json::Map<String, Value>) -> bool {
    map.keys()
        .all(|k| matches!(k.as_str(), "value" | "summary" | "description") || k.starts_with("x-"))
}

/// [unresolved-ref] findings.
pub fn check_unresolved(doc: &Value) -> Vec<Finding> {
    let mut found = Vec::new();
    references(doc, "", "", &mut found);
    let mut findings = Vec::new();
    for reference in found {
        let problem = match reference.value.as_str() {
            None => Some("`$ref` is not a string; write the reference as a string such as `'#/components/schemas/Name'`".to_string()),
            Some(target) => match local_pointer(target) {
                None => Some(format!(
                    "`{target}` is not a local reference (only `#/...` references are \
                     supported); copy the referenced definition into `components` and refer to it \
                     with `#/components/...`"
                )),
                Some(pointer) if doc.pointer(&pointer).is_none() => Some(format!(
                    "`{target}` does not resolve: nothing in the document at `{pointer}`; fix \
                     the reference or add the missing component"
                )),
                Some(_) => None,
            },
        };
        if let Some(message) = problem {
            findings.push(Finding::error("unresolved-ref", reference.pointer, message));
        }
    }
    findings
}

/// The component a pointer lies in: `/components/<section>/<name>`.
fn component_of(pointer: &str) -> Option<String> {
    let mut segments = pointer.strip_prefix('/')?.splitn(4, '/');
    let (root, section, name) = (segments.next()?, segments.next()?, segments.next()?);
    (root == "components").then(|| format!("/components/{section}/{name}"))
}

/// [unused-component] findings: components of the checked sections that
/// neither an operation nor an `x-` extension reaches, directly or through
/// other components. Security schemes are used by naming them in a `security`
/// requirement.
pub fn check_unused(doc: &Value) -> Vec<Finding> {
    let mut outside = Vec::new();
    if let Some(map) = doc.as_object() {
        for (key, value) in map.iter().filter(|(key, _)| key.as_str() != "components") {
            references(value, &join("", key), key, &mut outside);
        }
    }
    let mut used = BTreeSet::new();
    let mut queue: VecDeque<String> = outside
        .iter()
        .filter_map(|r| r.value.as_str().and_then(local_pointer))
        .filter_map(|pointer| component_of(&pointer))
        .collect();
    while let Some(component) = queue.pop_front() {
        if !used.insert(component.clone()) {
            continue;
        }
        let Some(value) = doc.pointer(&component) else {
            continue;
        };
        let mut inner = Vec::new();
        references(value, &component, "", &mut inner);
        queue.extend(
            inner
                .iter()
                .filter_map(|r| r.value.as_str().and_then(local_pointer))
                .filter_map(|pointer| component_of(&pointer)),
        );
    }
    let mut requirements: Vec<&Value> = doc.get("security").into_iter().collect();
    requirements.extend(
        operations(doc)
            .iter()
            .filter_map(|op| op.operation.get("security")),
    );
    for requirement in requirements
        .into_iter()
        .filter_map(Value::as_array)
        .flatten()
    {
        for (name, _) in entries(Some(requirement)) {
            used.insert(format!("/components/securitySchemes/{}", escape(name)));
        }
    }
    let mut findings = Vec::new();
    for section in COMPONENT_SECTIONS {
        let section_pointer = join("/components", section);
        for (name, _) in entries(doc.pointer(&section_pointer)) {
            let pointer = join(&section_pointer, name);
            if !used.contains(&pointer) {
                let how = if section == "securitySchemes" {
                    "name it in a `security` requirement"
                } else {
                    "refer to it with `$ref`"
                };
                findings.push(Finding::error(
                    "unused-component",
                    pointer,
                    format!("no operation or `x-` extension uses `{name}`; remove it or {how}"),
                ));
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn locations(findings: &[Finding]) -> Vec<&str> {
        findings.iter().map(|f| f.location.as_str()).collect()
    }

    fn doc() -> Value {
        json!({
            "security": [{"serverToken": []}],
            "paths": {"/a": {"get": {
                "responses": {
                    "200": {"$ref": "#/components/responses/Ok"},
                    "default": {"$ref": "#/components/responses/Gone"}
                }
            }}},
            "components": {
                "securitySchemes": {"serverToken": {}, "other": {}},
                "responses": {"Ok": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Loop1"},
                    "example": {"$ref": "#/components/schemas/NotARef"}
                }}}},
                "schemas": {
                    "Loop1": {"properties": {"Next": {"$ref": "#/components/schemas/Loop2"}}},
                    "Loop2": {"properties": {"Back": {"$ref": "#/components/schemas/Loop1"},
                                             "$ref": {"type": "string"}}},
                    "Dead1": {"properties": {"Far": {"$ref": "other.yaml#/Far"},
                                             "Next": {"$ref": "#/components/schemas/Dead2"}}},
                    "Dead2": {"default": {"$ref": "#/nowhere"}}
                }
            }
        })
    }

    #[test]
    fn unresolved_refs_include_default_responses_and_external_files_but_not_data() {
        let findings = check_unresolved(&doc());
        assert_eq!(
            locations(&findings),
            vec![
                "/components/schemas/Dead1/properties/Far/$ref",
                "/paths/~1a/get/responses/default/$ref"
            ],
            "{findings:#?}"
        );
        assert!(findings[0].message.contains("not a local reference"));
        assert!(findings[1].message.contains("does not resolve"));
    }

    #[test]
    fn refs_inside_extensions_are_uses_and_must_resolve() {
        let doc = json!({
            "x-webhook-events": {
                "Bounce": {"$ref": "#/components/schemas/Event"},
                "Gone": {"$ref": "#/components/schemas/Missing"}
            },
            "paths": {},
            "components": {"schemas": {
                "Event": {"properties": {"Geo": {"$ref": "#/components/schemas/Geo"}}},
                "Geo": {"x-note": {"see": {"$ref": "#/components/schemas/Note"}}},
                "Note": {"type": "string"},
                "Orphan": {"type": "string"}
            }}
        });
        assert_eq!(
            locations(&check_unused(&doc)),
            vec!["/components/schemas/Orphan"]
        );
        assert_eq!(
            locations(&check_unresolved(&doc)),
            vec!["/x-webhook-events/Gone/$ref"]
        );
    }

    #[test]
    fn unused_components_are_those_no_operation_reaches() {
        let findings = check_unused(&doc());
        assert_eq!(
            locations(&findings),
            vec![
                "/components/schemas/Dead1",
                "/components/schemas/Dead2",
                "/components/securitySchemes/other"
            ],
            "{findings:#?}"
        );
    }
}
