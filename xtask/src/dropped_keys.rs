//! [dropped-key]: keys that the openapiv3 parser (and so progenitor) silently
//! ignores, such as `nulable` or `operationID`. The document is parsed into
//! `openapiv3::OpenAPI`, serialized back, and every key of the original that
//! the round trip lost is reported.
//!
//! The traceability keys of the [source] rule (`x-source`, `x-unverified`)
//! are read by check-spec from the document itself, never by progenitor: they
//! may stand anywhere, also beside a `$ref` (whose siblings openapiv3 drops).

use crate::document::join;
use crate::findings::Finding;
use serde_json::Value;

const RULE: &str = "dropped-key";

/// OpenAPI fields that openapiv3 does not write back when they hold their
/// default (`false`, `[]` or `{}`): losing them loses nothing.
const OMITTED_WHEN_DEFAULT: &[&str] = &[
    "required",
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "uniqueItems",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "allowEmptyValue",
    "allowReserved",
    "explode",
    "enum",
    "properties",
    "allOf",
    "oneOf",
    "anyOf",
    "tags",
    "parameters",
    "servers",
    "headers",
    "content",
    "links",
    "callbacks",
    "examples",
    "encoding",
    "mapping",
    "variables",
    "schemas",
    "responses",
    "requestBodies",
    "securitySchemes",
];

/// Parses `text` with openapiv3 and compares the round trip with `doc` (the
/// same text as a JSON value). `Err` carries openapiv3's reason when it cannot
/// read the document at all.
pub fn check(text: &str, doc: &Value) -> Result<Vec<Finding>, String> {
    let parsed: openapiv3::OpenAPI = yaml_serde::from_str(text).map_err(|e| e.to_string())?;
    let round_trip = serde_json::to_value(&parsed).expect("openapiv3 documents serialize");
    let mut findings = Vec::new();
    compare(doc, &round_trip, "", &mut findings);
    Ok(findings)
}

fn compare(original: &Value, round_trip: &Value, pointer: &str, findings: &mut Vec<Finding>) {
    match (original, round_trip) {
        (Value::Object(original), Value::Object(kept)) => {
            for (key, value) in original {
                let here = join(pointer, key);
                match kept.get(key) {
                    Some(kept_value) => compare(value, kept_value, &here, findings),
                    None if is_omitted_default(key, value) => {}
                    None if is_traceability_key(key) => {}
                    None => findings.push(dropped(key, original.contains_key("$ref"), here)),
                }
            }
        }
        (Value::Array(original), Value::Array(kept)) => {
            for (i, (value, kept_value)) in original.iter().zip(kept).enumerate() {
                compare(value, kept_value, &format!("{pointer}/{i}"), findings);
            }
        }
        _ => {}
    }
}

fn is_omitted_default(key: &str, value: &Value) -> bool {
    let empty = match value {
        Value::Bool(b) => !b,
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        _ => false,
    };
    empty && OMITTED_WHEN_DEFAULT.contains(&key)
}

/// Whether `key` is one of the [source] rule's keys, which only check-spec reads.
fn is_traceability_key(key: &str) -> bool {
    key == crate::sources::SOURCE_KEY || key == crate::sources::UNVERIFIED_KEY
}

/// Valid OpenAPI 3.0 keys that openapiv3 does not model.
const UNMODELLED: &[&str] = &["xml"];

fn dropped(key: &str, beside_ref: bool, pointer: String) -> Finding {
    let message = if UNMODELLED.contains(&key) {
        format!(
            "openapiv3 does not model `{key}`, so progenitor never sees it; remove it (it cannot \
             change the generated client)"
        )
    } else if beside_ref {
        format!(
            "`{key}` beside `$ref` is ignored (OpenAPI 3.0 ignores the siblings of a $ref, and \
             openapiv3 drops them); wrap the reference as `allOf: [{{$ref: ...}}]` and put \
             `{key}` beside the allOf, or move it into the referenced component"
        )
    } else {
        format!(
            "openapiv3 silently ignores the key `{key}` (a misspelling, or a key that does not \
             belong here), so progenitor never sees it; fix its spelling or remove it"
        )
    };
    Finding::error(RULE, pointer, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(yaml: &str) -> Vec<(String, String)> {
        let doc = crate::document::parse(yaml).unwrap();
        check(yaml, &doc)
            .unwrap()
            .into_iter()
            .map(|f| (f.location, f.message))
            .collect()
    }

    const SPEC: &str = "
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      parameters:
        - {name: Q, in: query, required: false, schema: {type: string, nullable: false}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  A: {type: string, nulable: false}
                  B: {$ref: '#/components/schemas/B', description: beside}
                  C: {type: string, xml: {name: c}}
                  D: {$ref: '#/components/schemas/B', x-source: 'https://example.com/d', x-unverified: why}
                  E: {$ref: '#/components/schemas/B', x-sourse: 'https://example.com/e'}
components:
  schemas:
    B: {type: string}
";

    #[test]
    fn misspellings_siblings_of_ref_and_unmodelled_keys_are_reported_defaults_are_not() {
        let found = findings(SPEC);
        let base = "/paths/~1a/get/responses/200/content/application~1json/schema/properties";
        let locations: Vec<&str> = found.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(
            locations,
            vec![
                format!("{base}/A/nulable"),
                format!("{base}/B/description"),
                format!("{base}/C/xml"),
                format!("{base}/E/x-sourse"),
            ],
            "{found:#?}"
        );
        assert!(found[0].1.contains("silently ignores the key `nulable`"));
        assert!(found[1].1.contains("beside `$ref`"));
        assert!(found[2].1.contains("does not model `xml`"));
    }

    #[test]
    fn a_document_openapiv3_cannot_read_is_an_error() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t}\npaths: {}\n";
        let doc = crate::document::parse(yaml).unwrap();
        assert!(check(yaml, &doc).unwrap_err().contains("version"));
    }
}
