//! Finding every schema of the document: the component schemas, the inline
//! schemas of parameters, headers, request bodies and responses, and their
//! subschemas (properties, items, allOf/oneOf/anyOf/not, additionalProperties).

use crate::document::{entries, join, operations};
use serde_json::Value;
use std::collections::BTreeMap;

/// What kind of object holds a `schema` (and may hold `example`/`examples`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HolderKind {
    /// A Parameter Object.
    Parameter,
    /// A Header Object.
    Header,
    /// A Media Type Object inside a request body.
    RequestMedia,
    /// A Media Type Object inside a response.
    ResponseMedia,
    /// A Media Type Object inside a parameter or header `content`.
    OtherMedia,
}

/// An inline object that holds a schema: a parameter, a header or a media type.
pub struct Holder<'a> {
    /// Its kind.
    pub kind: HolderKind,
    /// Its pointer.
    pub pointer: String,
    /// The object itself.
    pub value: &'a Value,
}

/// Every inline parameter, header and media type of the document, each once.
/// Objects that are `$ref`s are skipped: their targets are listed where they
/// are defined (under `components`).
pub fn holders(doc: &Value) -> Vec<Holder<'_>> {
    let mut found = BTreeMap::new();
    for op in operations(doc) {
        add_parameters(op.item.get("parameters"), &op.item_pointer, &mut found);
        add_parameters(op.operation.get("parameters"), &op.pointer, &mut found);
        if let Some(body) = op.operation.get("requestBody") {
            add_request_body(body, &join(&op.pointer, "requestBody"), &mut found);
        }
        let responses = join(&op.pointer, "responses");
        for (status, response) in entries(op.operation.get("responses")) {
            add_response(response, &join(&responses, status), &mut found);
        }
    }
    let components = doc.get("components");
    let section = |name: &str| entries(components.and_then(|c| c.get(name)));
    for (name, parameter) in section("parameters") {
        add_parameter(parameter, &join("/components/parameters", name), &mut found);
    }
    for (name, body) in section("requestBodies") {
        add_request_body(body, &join("/components/requestBodies", name), &mut found);
    }
    for (name, response) in section("responses") {
        add_response(response, &join("/components/responses", name), &mut found);
    }
    for (name, header) in section("headers") {
        add_header(header, &join("/components/headers", name), &mut found);
    }
    found.into_values().collect()
}

type Found<'a> = BTreeMap<String, Holder<'a>>;

fn add_parameters<'a>(list: Option<&'a Value>, pointer: &str, found: &mut Found<'a>) {
    for (i, parameter) in list
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        add_parameter(parameter, &format!("{pointer}/parameters/{i}"), found);
    }
}

fn insert<'a>(found: &mut Found<'a>, kind: HolderKind, pointer: String, value: &'a Value) {
    if value.is_object() && value.get("$ref").is_none() {
        found.entry(pointer.clone()).or_insert(Holder {
            kind,
            pointer,
            value,
        });
    }
}

fn add_media<'a>(
    content: Option<&'a Value>,
    pointer: &str,
    kind: HolderKind,
    found: &mut Found<'a>,
) {
    for (media_type, media) in entries(content) {
        insert(
            found,
            kind,
            join(&join(pointer, "content"), media_type),
            media,
        );
    }
}

fn add_parameter<'a>(parameter: &'a Value, pointer: &str, found: &mut Found<'a>) {
    if parameter.get("$ref").is_some() {
        return;
    }
    insert(found, HolderKind::Parameter, pointer.to_string(), parameter);
    add_media(
        parameter.get("content"),
        pointer,
        HolderKind::OtherMedia,
        found,
    );
}

fn add_header<'a>(header: &'a Value, pointer: &str, found: &mut Found<'a>) {
    if header.get("$ref").is_some() {
        return;
    }
    insert(found, HolderKind::Header, pointer.to_string(), header);
    add_media(
        header.get("content"),
        pointer,
        HolderKind::OtherMedia,
        found,
    );
}

fn add_request_body<'a>(body: &'a Value, pointer: &str, found: &mut Found<'a>) {
    if body.get("$ref").is_none() {
        add_media(
            body.get("content"),
            pointer,
            HolderKind::RequestMedia,
            found,
        );
    }
}

fn add_response<'a>(response: &'a Value, pointer: &str, found: &mut Found<'a>) {
    if response.get("$ref").is_some() {
        return;
    }
    add_media(
        response.get("content"),
        pointer,
        HolderKind::ResponseMedia,
        found,
    );
    for (name, header) in entries(response.get("headers")) {
        add_header(header, &join(&join(pointer, "headers"), name), found);
    }
}

/// The top-level schemas: every component schema and every holder's `schema`.
pub fn roots(doc: &Value) -> Vec<(String, &Value)> {
    let mut found: Vec<(String, &Value)> = entries(doc.pointer("/components/schemas"))
        .map(|(name, schema)| (join("/components/schemas", name), schema))
        .collect();
    for holder in holders(doc) {
        if let Some(schema) = holder.value.get("schema") {
            found.push((join(&holder.pointer, "schema"), schema));
        }
    }
    found
}

/// The direct subschemas of a schema, with their pointers.
pub fn children<'a>(schema: &'a Value, pointer: &str) -> Vec<(String, &'a Value)> {
    let mut found = Vec::new();
    for (name, property) in entries(schema.get("properties")) {
        found.push((join(&join(pointer, "properties"), name), property));
    }
    for keyword in ["items", "not", "additionalProperties"] {
        if let Some(child) = schema.get(keyword).filter(|c| c.is_object()) {
            found.push((join(pointer, keyword), child));
        }
    }
    for keyword in ["allOf", "oneOf", "anyOf"] {
        for (i, child) in schema
            .get(keyword)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            found.push((format!("{pointer}/{keyword}/{i}"), child));
        }
    }
    found
}

/// Every schema of the document (roots and their subschemas, no `$ref`
/// followed), each with its pointer, in document order.
pub fn all_schemas(doc: &Value) -> Vec<(String, &Value)> {
    let mut found = Vec::new();
    let mut stack: Vec<(String, &Value)> = roots(doc);
    stack.reverse();
    while let Some((pointer, schema)) = stack.pop() {
        let mut kids = children(schema, &pointer);
        kids.reverse();
        stack.extend(kids);
        found.push((pointer, schema));
    }
    found
}
