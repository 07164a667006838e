// OpenAPI 3.0 Schema Object → JSON Schema (draft 4), so that a JSON Schema
// validator can check values (examples, a server's answers) against the spec.
//
// This file depends on serde_json alone and declares a single item, so that
// other crates can `include!` it: the SDK's tests validate the mock server's
// answers with it. Keep it that way: no `use`, no other top-level item.
//
// OpenAPI 3.0 semantics honoured:
// - `$ref: '#/components/schemas/X'` points into a `definitions` map holding
//   the component schemas the schema reaches, converted the same way.
// - `nullable: true` allows `null`: a schema with a `type` gets the type list
//   `[type, "null"]` (and `null` joins its `enum`, if any); a schema without
//   one (a `$ref` with a `nullable` sibling, an `allOf` wrapper, an untyped
//   schema) becomes `anyOf: [{type: null}, schema]`.
// - `format: int32`/`int64` mean an integer (`int32` also bounds it); the
//   other OpenAPI-only formats (`float`, `double`, `byte`, `binary`,
//   `password`) are dropped. Standard formats (`date-time`, …) are kept.
// - OpenAPI-only keywords (`nullable`, `discriminator`, `readOnly`,
//   `writeOnly`, `xml`, `externalDocs`, `example`, `deprecated`, `x-…`) are
//   dropped; siblings of `$ref` other than `nullable` are ignored, as 3.0 says.
// - `exclusiveMinimum`/`exclusiveMaximum` are booleans in both 3.0 and draft 4.

/// Converts the OpenAPI 3.0 `schema` (which may be a `$ref`) of the document
/// `spec` into a standalone JSON Schema (draft 4) document: the converted
/// schema, plus a `definitions` map of the component schemas it reaches.
pub fn to_json_schema(spec: &serde_json::Value, schema: &serde_json::Value) -> serde_json::Value {
    const COMPONENTS: &str = "#/components/schemas/";
    const OPENAPI_ONLY: [&str; 8] = [
        "nullable",
        "discriminator",
        "readOnly",
        "writeOnly",
        "xml",
        "externalDocs",
        "example",
        "deprecated",
    ];
    const OPENAPI_FORMATS: [&str; 7] = [
        "int32", "int64", "float", "double", "byte", "binary", "password",
    ];

    fn convert(schema: &serde_json::Value) -> serde_json::Value {
        let Some(object) = schema.as_object() else {
            return schema.clone();
        };
        let nullable = object.get("nullable") == Some(&serde_json::Value::Bool(true));
        if let Some(reference) = object.get("$ref").and_then(serde_json::Value::as_str) {
            let target = match reference.strip_prefix(COMPONENTS) {
                Some(rest) => format!("#/definitions/{rest}"),
                None => reference.to_string(),
            };
            let converted = serde_json::json!({ "$ref": target });
            return if nullable {
                or_null(converted)
            } else {
                converted
            };
        }
        let mut out = serde_json::Map::new();
        for (key, value) in object {
            if key.starts_with("x-") || OPENAPI_ONLY.contains(&key.as_str()) {
                continue;
            }
            let converted = match key.as_str() {
                "properties" => serde_json::Value::Object(
                    value
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(name, property)| (name.clone(), convert(property)))
                        .collect(),
                ),
                "items" | "not" | "additionalProperties" => convert(value),
                "allOf" | "oneOf" | "anyOf" => serde_json::Value::Array(
                    value
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(convert)
                        .collect(),
                ),
                "format" if value.as_str().is_some_and(|f| OPENAPI_FORMATS.contains(&f)) => {
                    continue;
                }
                "required" if value.as_array().is_some_and(Vec::is_empty) => continue,
                _ => value.clone(),
            };
            out.insert(key.clone(), converted);
        }
        let format = object.get("format").and_then(serde_json::Value::as_str);
        let numeric = matches!(
            object.get("type").and_then(serde_json::Value::as_str),
            Some("integer" | "number")
        );
        if numeric && matches!(format, Some("int32" | "int64")) {
            out.insert("type".into(), "integer".into());
            if format == Some("int32") {
                out.entry("minimum").or_insert(i32::MIN.into());
                out.entry("maximum").or_insert(i32::MAX.into());
            }
        }
        if !nullable {
            return serde_json::Value::Object(out);
        }
        match out
            .get("type")
            .and_then(serde_json::Value::as_str)
            .map(str::to_string)
        {
            Some(kind) => {
                out.insert("type".into(), serde_json::json!([kind, "null"]));
                if let Some(values) = out
                    .get_mut("enum")
                    .and_then(serde_json::Value::as_array_mut)
                    && !values.contains(&serde_json::Value::Null)
                {
                    values.push(serde_json::Value::Null);
                }
                serde_json::Value::Object(out)
            }
            None => or_null(serde_json::Value::Object(out)),
        }
    }

    fn or_null(schema: serde_json::Value) -> serde_json::Value {
        serde_json::json!({ "anyOf": [{ "type": "null" }, schema] })
    }

    // Only the component schemas `schema` reaches, so that a broken schema
    // elsewhere in the document does not stop this one from compiling. (A
    // `$ref` inside example data only adds a harmless extra definition.)
    fn references(schema: &serde_json::Value, found: &mut Vec<String>) {
        match schema {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    match (key.as_str(), value) {
                        ("$ref", serde_json::Value::String(reference)) => {
                            if let Some(rest) = reference.strip_prefix(COMPONENTS) {
                                let name = rest.split('/').next().unwrap_or(rest);
                                found.push(name.replace("~1", "/").replace("~0", "~"));
                            }
                        }
                        _ => references(value, found),
                    }
                }
            }
            serde_json::Value::Array(items) => {
                items.iter().for_each(|item| references(item, found))
            }
            _ => {}
        }
    }

    let components = spec
        .pointer("/components/schemas")
        .and_then(serde_json::Value::as_object);
    let mut definitions = serde_json::Map::new();
    let mut pending = Vec::new();
    references(schema, &mut pending);
    while let Some(name) = pending.pop() {
        if definitions.contains_key(&name) {
            continue;
        }
        let Some(component) = components.and_then(|c| c.get(&name)) else {
            continue;
        };
        references(component, &mut pending);
        definitions.insert(name, convert(component));
    }
    serde_json::json!({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "definitions": definitions,
        "allOf": [convert(schema)],
    })
}
