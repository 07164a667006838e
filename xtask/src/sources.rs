//! [source]: every claim the spec makes about Postmark is traceable. Each
//! operation, each component schema and each property of any schema (in
//! components or inline, `$ref` properties included) carries
//!
//! - `x-source`: the `https://` URL of the documentation page it comes from,
//!   or a non-empty list of such URLs; or
//! - `x-unverified`: a one-line reason why it has no primary source.
//!
//! Both may appear together (a sourced shape with an unverified detail).

use crate::document::{entries, join, operations};
use crate::findings::Finding;
use crate::schema_walk::all_schemas;
use serde_json::Value;

const RULE: &str = "source";

/// The key that names the documentation page(s) a claim comes from.
pub const SOURCE_KEY: &str = "x-source";
/// The key that marks a claim without a primary source, with the reason.
pub const UNVERIFIED_KEY: &str = "x-unverified";

/// All source findings.
pub fn check(doc: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    for op in operations(doc) {
        claim(op.operation, &op.pointer, &op.location(), &mut findings);
    }
    for (name, schema) in entries(doc.pointer("/components/schemas")) {
        let pointer = join("/components/schemas", name);
        claim(schema, &pointer, &format!("schema `{name}`"), &mut findings);
    }
    for (pointer, schema) in all_schemas(doc) {
        let properties = join(&pointer, "properties");
        for (name, property) in entries(schema.get("properties")) {
            let here = join(&properties, name);
            claim(
                property,
                &here,
                &format!("property `{name}`"),
                &mut findings,
            );
        }
    }
    findings.sort_by(|a, b| a.location.cmp(&b.location));
    crate::findings::dedup(&mut findings);
    findings
}

/// A key, its value if present, its well-formedness test, and what is wrong
/// with it otherwise.
type Form<'a> = (&'a str, Option<&'a Value>, fn(&Value) -> bool, &'a str);

/// Checks that the object at `pointer` (described as `what`) carries a
/// well-formed `x-source` or `x-unverified`.
fn claim(object: &Value, pointer: &str, what: &str, findings: &mut Vec<Finding>) {
    let Some(object) = object.as_object() else {
        return;
    };
    let source = object.get(SOURCE_KEY);
    let unverified = object.get(UNVERIFIED_KEY);
    let forms: [Form<'_>; 2] = [
        (
            SOURCE_KEY,
            source,
            is_source,
            "is not an https:// URL or a non-empty list of them; give the documentation \
             page's URL",
        ),
        (
            UNVERIFIED_KEY,
            unverified,
            is_reason,
            "is not a one-line reason; write why it has no source as a single line of text \
             (`x-unverified: \"<reason>\"`)",
        ),
    ];
    for (key, value, well_formed, problem) in forms {
        if value.is_some_and(|value| !well_formed(value)) {
            findings.push(Finding::error(
                RULE,
                join(pointer, key),
                format!("the `{key}` of {what} {problem}"),
            ));
        }
    }
    if source.is_none() && unverified.is_none() {
        findings.push(Finding::error(
            RULE,
            pointer,
            format!(
                "{what} has neither `{SOURCE_KEY}` nor `{UNVERIFIED_KEY}`, so nothing says where \
                 the claim comes from; add `{SOURCE_KEY}: <URL of the Postmark documentation \
                 page>` or `{UNVERIFIED_KEY}: \"<one-line reason>\"`"
            ),
        ));
    }
}

fn is_url(value: &Value) -> bool {
    value.as_str().is_some_and(|url| {
        url.strip_prefix("https://")
            .is_some_and(|rest| !rest.is_empty() && !rest.contains(char::is_whitespace))
    })
}

fn is_source(value: &Value) -> bool {
    match value {
        Value::Array(urls) => !urls.is_empty() && urls.iter().all(is_url),
        other => is_url(other),
    }
}

fn is_reason(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|reason| !reason.trim().is_empty() && !reason.trim().contains('\n'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PAGE: &str = "https://postmarkapp.com/developer/api/webhooks-api";

    fn found(doc: &Value) -> Vec<String> {
        check(doc).into_iter().map(|f| f.location).collect()
    }

    fn doc(schemas: Value) -> Value {
        json!({
            "paths": {"/a": {"get": {
                "x-source": PAGE,
                "responses": {"200": {"content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {"Inline": {"type": "string"}}
                }}}}}
            }}},
            "components": {"schemas": schemas}
        })
    }

    #[test]
    fn operations_component_schemas_and_every_property_need_a_source() {
        let doc = json!({
            "paths": {"/a": {"get": {}, "post": {"x-unverified": "seen in one answer"}}},
            "components": {"schemas": {
                "Out": {"type": "object", "properties": {
                    "Ref": {"$ref": "#/components/schemas/In"},
                    "Nested": {"x-source": PAGE, "type": "object", "properties": {"Deep": {}}}
                }},
                "In": {"x-source": [PAGE]}
            }}
        });
        assert_eq!(
            found(&doc),
            vec![
                "/components/schemas/Out",
                "/components/schemas/Out/properties/Nested/properties/Deep",
                "/components/schemas/Out/properties/Ref",
                "/paths/~1a/get",
            ]
        );
    }

    #[test]
    fn inline_response_properties_need_a_source() {
        assert_eq!(
            found(&doc(json!({}))),
            vec!["/paths/~1a/get/responses/200/content/application~1json/schema/properties/Inline"]
        );
    }

    #[test]
    fn a_source_is_an_https_url_and_a_reason_is_one_line() {
        let doc = doc(json!({
            "Good": {"x-source": PAGE, "x-unverified": "the null form was seen, not documented"},
            "Http": {"x-source": "http://postmarkapp.com/developer"},
            "Empty": {"x-source": []},
            "Mixed": {"x-source": [PAGE, "see the docs"]},
            "Flag": {"x-unverified": true},
            "Blank": {"x-unverified": "  "},
            "Lines": {"x-unverified": "first\nsecond"}
        }));
        let mut locations = found(&doc);
        locations.retain(|l| l.starts_with("/components"));
        assert_eq!(
            locations,
            vec![
                "/components/schemas/Blank/x-unverified",
                "/components/schemas/Empty/x-source",
                "/components/schemas/Flag/x-unverified",
                "/components/schemas/Http/x-source",
                "/components/schemas/Lines/x-unverified",
                "/components/schemas/Mixed/x-source",
            ]
        );
    }
}
