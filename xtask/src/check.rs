//! `check-spec`: every rule, in order, on one spec text.

use crate::findings::Finding;
use crate::{
    breaking, document, dropped_keys, examples, meta_schema, operations, refs, schema_rules,
    snapshot, sources,
};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// The snapshot to compare the generated client with: its path and the name
/// findings show.
pub struct Snapshot<'a> {
    /// Where it is.
    pub path: &'a Path,
    /// How findings name it.
    pub name: &'a str,
}

/// Runs every rule on `text`; the [codegen] rule only when `snapshot` is given.
pub fn run(text: &str, snapshot: Option<Snapshot<'_>>) -> Vec<Finding> {
    let doc = match document::parse(text) {
        Ok(doc) => doc,
        Err(e) => return vec![unreadable(e)],
    };
    let mut findings = Vec::new();
    let version_ok = openapi_version(&doc, &mut findings);
    let openapiv3 = dropped_keys::check(text, &doc);
    let dropped = openapiv3.as_ref().map(Vec::as_slice).unwrap_or_default();
    let dropped_pointers: BTreeSet<String> = dropped.iter().map(|f| f.location.clone()).collect();
    // The 3.0 meta-schema says nothing useful about a document of another version.
    if version_ok {
        findings.extend(meta_schema::check(&doc, &dropped_pointers));
    }
    let meta_schema_failed = findings.iter().any(|f| f.rule == "meta-schema");
    match &openapiv3 {
        Ok(dropped) => findings.extend(dropped.iter().cloned()),
        // The meta-schema findings name the cause more precisely.
        Err(_) if meta_schema_failed => {}
        Err(reason) => findings.push(Finding::error(
            "parse",
            "/",
            format!(
                "openapiv3 (and so progenitor) cannot read the document: {reason}; fix that part"
            ),
        )),
    }
    findings.extend(refs::check_unresolved(&doc));
    findings.extend(refs::check_unused(&doc));
    findings.extend(operations::check(&doc));
    findings.extend(schema_rules::check(&doc));
    findings.extend(sources::check(&doc));
    // A schema that is no valid JSON Schema has been reported already when
    // the meta-schema or a `$ref` failed: do not repeat it for each example.
    let schemas_reported =
        meta_schema_failed || findings.iter().any(|f| f.rule == "unresolved-ref");
    findings.extend(examples::check(&doc, !schemas_reported));
    // Without openapiv3, progenitor cannot run either: already reported.
    if let (Some(snapshot), Ok(_)) = (snapshot, &openapiv3) {
        findings.extend(snapshot::check(text, snapshot.path, snapshot.name));
    }
    crate::findings::dedup(&mut findings);
    findings
}

/// The breaking changes and additions from `base_text` to `text`.
pub fn against(base_text: &str, text: &str, base_name: &str) -> Vec<Finding> {
    let base = match document::parse(base_text) {
        Ok(doc) => doc,
        Err(e) => {
            return vec![Finding::error(
                "breaking",
                base_name,
                format!(
                    "the base spec is not readable YAML ({e}); compare against another revision"
                ),
            )];
        }
    };
    match document::parse(text) {
        Ok(doc) => breaking::compare(&base, &doc),
        Err(_) => Vec::new(), // `run` reports it
    }
}

fn unreadable(e: String) -> Finding {
    Finding::error(
        "parse",
        "/",
        format!("the spec is not readable YAML: {e}; fix the syntax"),
    )
}

/// [openapi-version]: `openapi` is 3.0.x, the version progenitor reads.
fn openapi_version(doc: &Value, findings: &mut Vec<Finding>) -> bool {
    let version = doc.get("openapi");
    let ok = version.and_then(Value::as_str).is_some_and(|v| {
        v.strip_prefix("3.0.")
            .is_some_and(|patch| !patch.is_empty() && patch.chars().all(|c| c.is_ascii_digit()))
    });
    if !ok {
        let found = match version {
            Some(v) => format!("`openapi` is {v}"),
            None => "`openapi` is missing".to_string(),
        };
        findings.push(Finding::error(
            "openapi-version",
            "/openapi",
            format!("{found}, but progenitor reads OpenAPI 3.0 only; write `openapi: 3.0.3`"),
        ));
    }
    ok
}
