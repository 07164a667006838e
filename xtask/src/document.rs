//! The spec as a `serde_json::Value`: loading it from YAML, JSON pointers, and
//! following local `$ref`s.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The HTTP methods an OpenAPI 3.0 path item can hold, in document order.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The component sections whose entries must be used.
pub const COMPONENT_SECTIONS: [&str; 5] = [
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "securitySchemes",
];

/// How many `$ref`s in a row [`follow`] follows before it gives up (a cycle).
const MAX_REF_CHAIN: usize = 32;

/// Parses YAML (or JSON) text into a JSON value. Mapping keys that YAML reads
/// as numbers or booleans (an unquoted `200:`) become strings, as in JSON.
pub fn parse(text: &str) -> Result<Value, String> {
    let yaml: yaml_serde::Value = yaml_serde::from_str(text).map_err(|e| e.to_string())?;
    to_json(yaml)
}

fn to_json(yaml: yaml_serde::Value) -> Result<Value, String> {
    Ok(match yaml {
        yaml_serde::Value::Null => Value::Null,
        yaml_serde::Value::Bool(b) => Value::Bool(b),
        yaml_serde::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map(Value::Number)
                    .ok_or_else(|| format!("the number {n} has no JSON form"))?
            }
        }
        yaml_serde::Value::String(s) => Value::String(s),
        yaml_serde::Value::Sequence(items) => {
            Value::Array(items.into_iter().map(to_json).collect::<Result<_, _>>()?)
        }
        yaml_serde::Value::Mapping(mapping) => {
            let mut map = Map::new();
            for (key, value) in mapping {
                let key = match key {
                    yaml_serde::Value::String(s) => s,
                    yaml_serde::Value::Number(n) => n.to_string(),
                    yaml_serde::Value::Bool(b) => b.to_string(),
                    other => return Err(format!("a mapping key must be a scalar, not {other:?}")),
                };
                map.insert(key, to_json(value)?);
            }
            Value::Object(map)
        }
        yaml_serde::Value::Tagged(tagged) => to_json(tagged.value)?,
    })
}

/// Escapes one JSON pointer segment (`~` → `~0`, `/` → `~1`).
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Appends one segment to a JSON pointer.
pub fn join(pointer: &str, segment: &str) -> String {
    format!("{pointer}/{}", escape(segment))
}

/// The location of an operation-level finding: `GET /webhooks/{id}`.
pub fn operation_location(method: &str, path: &str) -> String {
    format!("{} {path}", method.to_ascii_uppercase())
}

/// If `value` is a Reference Object, its `$ref` string.
pub fn ref_of(value: &Value) -> Option<&str> {
    value.get("$ref").and_then(Value::as_str)
}

/// The JSON pointer a local `$ref` (`#/components/...`) names, or `None` for
/// a reference this tool cannot follow (another file, a URL).
pub fn local_pointer(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    if !(fragment.is_empty() || fragment.starts_with('/')) {
        return None;
    }
    Some(percent_decode(fragment))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(high * 16 + low);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

fn hex(digit: u8) -> Option<u8> {
    (digit as char).to_digit(16).map(|d| d as u8)
}

/// Resolves a local `$ref` against the document: the target and its pointer.
pub fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<(&'a Value, String)> {
    let pointer = local_pointer(reference)?;
    doc.pointer(&pointer).map(|target| (target, pointer))
}

/// Follows `value` through any chain of `$ref`s to the object it stands for,
/// returning that object and its pointer (`pointer` itself when `value` is no
/// reference). `None` when a reference does not resolve or the chain loops.
pub fn follow<'a>(doc: &'a Value, value: &'a Value, pointer: &str) -> Option<(&'a Value, String)> {
    let mut current = (value, pointer.to_string());
    for _ in 0..MAX_REF_CHAIN {
        match ref_of(current.0) {
            Some(reference) => current = resolve(doc, reference)?,
            None => return Some(current),
        }
    }
    None
}

/// The names a schema lists in `required`.
pub fn required(schema: &Value) -> std::collections::BTreeSet<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// The entries of an object (none for anything else), for walking maps that
/// may be absent.
pub fn entries(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    value.and_then(Value::as_object).into_iter().flatten()
}

/// The operations of the document: `(path, method, path item, operation)`,
/// with path items that are `$ref`s followed.
pub fn operations(doc: &Value) -> Vec<Operation<'_>> {
    let mut found = Vec::new();
    for (path, item) in entries(doc.get("paths")) {
        let item_pointer = join("/paths", path);
        let Some((item, item_pointer)) = follow(doc, item, &item_pointer) else {
            continue;
        };
        for method in METHODS {
            if let Some(operation) = item.get(method).filter(|op| op.is_object()) {
                found.push(Operation {
                    path: path.clone(),
                    method,
                    item,
                    pointer: join(&item_pointer, method),
                    item_pointer: item_pointer.clone(),
                    operation,
                });
            }
        }
    }
    found
}

/// One operation of the document and where it sits.
pub struct Operation<'a> {
    /// The path template, `/webhooks/{id}`.
    pub path: String,
    /// The lowercase method, `get`.
    pub method: &'static str,
    /// The path item holding the operation.
    pub item: &'a Value,
    /// The pointer of the path item.
    pub item_pointer: String,
    /// The operation object.
    pub operation: &'a Value,
    /// The pointer of the operation object.
    pub pointer: String,
}

impl Operation<'_> {
    /// `GET /webhooks/{id}`.
    pub fn location(&self) -> String {
        operation_location(self.method, &self.path)
    }
}

/// The effective parameters of an operation, by (location, name), resolved:
/// path-level ones, overridden by the operation's own with the same name and
/// location. Unresolvable references are skipped (the refs rule reports them).
pub fn effective_parameters<'a>(
    doc: &'a Value,
    op: &Operation<'a>,
) -> BTreeMap<(String, String), (&'a Value, String)> {
    let mut found = BTreeMap::new();
    for (list, pointer) in [
        (
            op.item.get("parameters"),
            join(&op.item_pointer, "parameters"),
        ),
        (
            op.operation.get("parameters"),
            join(&op.pointer, "parameters"),
        ),
    ] {
        for (i, parameter) in list
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            if let Some((parameter, pointer)) = follow(doc, parameter, &format!("{pointer}/{i}")) {
                let field = |key: &str| {
                    parameter
                        .get(key)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string()
                };
                found.insert((field("in"), field("name")), (parameter, pointer));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn yaml_keys_become_strings() {
        let doc = parse("responses:\n  200: {description: ok}\n  true: x\n").unwrap();
        assert_eq!(
            doc,
            json!({"responses": {"200": {"description": "ok"}, "true": "x"}})
        );
    }

    #[test]
    fn pointers_escape_and_refs_decode() {
        assert_eq!(join("/paths", "/webhooks/{id}"), "/paths/~1webhooks~1{id}");
        assert_eq!(join("", "a~b"), "/a~0b");
        assert_eq!(
            local_pointer("#/components/schemas/A%20B").unwrap(),
            "/components/schemas/A B"
        );
        assert_eq!(local_pointer("other.yaml#/A"), None);
        assert_eq!(local_pointer("#A"), None);
        assert_eq!(operation_location("get", "/x/{id}"), "GET /x/{id}");
    }

    #[test]
    fn follow_walks_ref_chains_and_stops_on_loops() {
        let doc = json!({"components": {"schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"type": "string"},
            "L": {"$ref": "#/components/schemas/L"}
        }}});
        let start = json!({"$ref": "#/components/schemas/A"});
        let (target, pointer) = follow(&doc, &start, "/x").unwrap();
        assert_eq!(target, &json!({"type": "string"}));
        assert_eq!(pointer, "/components/schemas/B");
        let looping = json!({"$ref": "#/components/schemas/L"});
        assert!(follow(&doc, &looping, "/x").is_none());
        let plain = json!({"type": "integer"});
        assert_eq!(follow(&doc, &plain, "/x").unwrap().1, "/x");
    }
}
