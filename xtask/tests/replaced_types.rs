//! Every schema that `codegen/settings.rs` replaces with a hand-written type
//! (`REPLACED_SCHEMAS`) round-trips through that type: the schema's fullest
//! instance (every property, optional ones too) decodes, encodes again with
//! nothing lost, and the encoding validates against the schema. So a property
//! the spec gains and the type does not carry, a changed wire name or type, or
//! a required property the type skips fails here, naming the schema, the type
//! and the property.
//!
//! A type that keeps unknown fields (the events' `extra`) carries a new
//! property through that map, and passes; the inbound types' round trips
//! leave their unknown fields out, so there a new property fails too.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

#[allow(dead_code)]
mod codegen {
    include!("../../codegen/stamp.rs");
    include!("../../codegen/settings.rs");

    /// The schemas replaced by hand-written types, with those types' paths.
    pub(super) fn replaced_schemas() -> &'static [(&'static str, &'static str)] {
        REPLACED_SCHEMAS
    }
}

mod openapi_schema {
    include!("../src/openapi_schema.rs");
}

/// Decodes an instance into a Rust type and encodes it again.
type RoundTrip = fn(&Value) -> Result<Value, String>;

fn round_trip<T: DeserializeOwned + Serialize>(instance: &Value) -> Result<Value, String> {
    let value: T =
        serde_json::from_value(instance.clone()).map_err(|e| format!("does not decode: {e}"))?;
    serde_json::to_value(&value).map_err(|e| format!("does not encode: {e}"))
}

/// The round trip through a type that keeps the fields it does not name (in
/// the map `extra` returns): those are left out of the encoding, so a
/// property of the schema that the type keeps only as unknown is lost.
fn named_round_trip<T: DeserializeOwned + Serialize>(
    instance: &Value,
    extra: fn(&T) -> &Map<String, Value>,
) -> Result<Value, String> {
    let value: T =
        serde_json::from_value(instance.clone()).map_err(|e| format!("does not decode: {e}"))?;
    let mut encoded = serde_json::to_value(&value).map_err(|e| format!("does not encode: {e}"))?;
    if let Some(object) = encoded.as_object_mut() {
        for key in extra(&value).keys() {
            object.remove(key);
        }
    }
    Ok(encoded)
}

/// The round trip of an event through `WebhookEvent`, which must know its
/// record type (an unknown one would keep the JSON as it came).
fn event_round_trip(instance: &Value) -> Result<Value, String> {
    use postmark_webhooks::events::WebhookEvent;
    let event: WebhookEvent =
        serde_json::from_value(instance.clone()).map_err(|e| format!("does not decode: {e}"))?;
    let Some(common) = event.common() else {
        return Err("decodes as an unknown record type".into());
    };
    // As `named_round_trip`: a property kept only as unknown is lost.
    let mut encoded = serde_json::to_value(&event).map_err(|e| format!("does not encode: {e}"))?;
    if let Some(object) = encoded.as_object_mut() {
        for key in common.extra.keys() {
            object.remove(key);
        }
    }
    Ok(encoded)
}

/// The round trip through the type that `REPLACED_SCHEMAS` names `rust_path`.
fn round_trip_of(rust_path: &str) -> Option<RoundTrip> {
    use postmark_webhooks::{events, inbound, triggers};
    Some(match rust_path {
        "crate::model::Webhook" => round_trip::<postmark_webhooks::Webhook>,
        // The one create/edit body is crate-private; the fuzzing entry
        // points reach it.
        "crate::webhooks::body::Shared" => postmark_webhooks::fuzzing::request_body_round_trip,
        "crate::server::SharedEdit" => postmark_webhooks::fuzzing::server_edit_round_trip,
        "crate::servers::Server" => round_trip::<postmark_webhooks::Server>,
        "crate::model::HttpAuth" => round_trip::<postmark_webhooks::HttpAuth>,
        "crate::model::HttpHeader" => round_trip::<postmark_webhooks::HttpHeader>,
        "crate::triggers::WebhookTriggers" => round_trip::<postmark_webhooks::WebhookTriggers>,
        "crate::triggers::Triggers" => round_trip::<triggers::Triggers>,
        "crate::triggers::Open" => round_trip::<triggers::Open>,
        "crate::triggers::Click" => round_trip::<triggers::Click>,
        "crate::triggers::Delivery" => round_trip::<triggers::Delivery>,
        "crate::triggers::Bounce" => round_trip::<triggers::Bounce>,
        "crate::triggers::SpamComplaint" => round_trip::<triggers::SpamComplaint>,
        "crate::triggers::SubscriptionChange" => round_trip::<triggers::SubscriptionChange>,
        "crate::verification::WebhookVerification" => {
            round_trip::<postmark_webhooks::WebhookVerification>
        }
        "crate::verification::TriggerVerification" => {
            round_trip::<postmark_webhooks::TriggerVerification>
        }
        "crate::statistics::WebhookStatistics" => {
            round_trip::<postmark_webhooks::WebhookStatistics>
        }
        "crate::statistics::TimeRange" => round_trip::<postmark_webhooks::TimeRange>,
        "crate::statistics::WebhookMetrics" => round_trip::<postmark_webhooks::WebhookMetrics>,
        // An event's `RecordType` is read and written by `WebhookEvent`,
        // which picks the event's type.
        "crate::events::BounceEvent"
        | "crate::events::SpamComplaintEvent"
        | "crate::events::DeliveryEvent"
        | "crate::events::OpenEvent"
        | "crate::events::ClickEvent"
        | "crate::events::SubscriptionChangeEvent" => event_round_trip,
        "crate::events::Software" => |v| named_round_trip::<events::Software>(v, |s| &s.extra),
        "crate::events::Geo" => |v| named_round_trip::<events::Geo>(v, |g| &g.extra),
        "crate::events::Metadata" => round_trip::<events::Metadata>,
        // The inbound types keep unknown fields too, but every property of
        // their schemas must be one they name.
        "crate::inbound::InboundMessage" => {
            |v| named_round_trip::<inbound::InboundMessage>(v, |m| &m.extra)
        }
        "crate::inbound::Address" => |v| named_round_trip::<inbound::Address>(v, |a| &a.extra),
        "crate::inbound::Header" => |v| named_round_trip::<inbound::Header>(v, |h| &h.extra),
        "crate::inbound::Attachment" => {
            |v| named_round_trip::<inbound::Attachment>(v, |a| &a.extra)
        }
        _ => return None,
    })
}

/// The component schema `name` of `doc`.
fn component<'a>(doc: &'a Value, name: &str) -> &'a Value {
    &doc["components"]["schemas"][name]
}

/// The schema a `$ref` (or a one-entry `allOf`) stands for; others as they are.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
        let name = target.trim_start_matches("#/components/schemas/");
        return resolve(doc, component(doc, name));
    }
    match schema
        .get("allOf")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
    {
        Some([only]) => resolve(doc, only),
        _ => schema,
    }
}

/// The fullest instance of `schema`: every property set (optional ones too,
/// never `null`), one item in every array and map, `true` for every boolean,
/// and for other values the schema's `example`, its first `enum` value, or a
/// value of its type and format.
fn fullest(doc: &Value, schema: &Value) -> Value {
    let schema = resolve(doc, schema);
    let kind = schema.get("type").and_then(Value::as_str);
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        let object = properties
            .iter()
            .map(|(name, property)| (name.clone(), fullest(doc, property)));
        return Value::Object(object.collect());
    }
    match kind {
        Some("object") => match schema.get("additionalProperties") {
            Some(values) if values.is_object() => json!({ "key": fullest(doc, values) }),
            _ => json!({}),
        },
        Some("array") => json!([fullest(doc, &schema["items"])]),
        Some("boolean") => json!(true),
        _ => match (schema.get("example"), schema.get("enum"), kind) {
            (Some(example), _, _) => example.clone(),
            (None, Some(values), _) => values[0].clone(),
            (None, None, Some("integer")) => json!(7),
            (None, None, Some("number")) => json!(7.5),
            (None, None, _) if schema["format"] == "date-time" => json!("2024-05-06T07:08:09Z"),
            (None, None, _) => json!("text"),
        },
    }
}

/// What of `input` is missing or different in `output`, by JSON pointer.
fn lost(input: &Value, output: &Value, at: &str, found: &mut Vec<String>) {
    match (input, output) {
        (Value::Object(input), Value::Object(output)) => {
            for (key, value) in input {
                let at = format!("{at}/{key}");
                match output.get(key) {
                    Some(kept) => lost(value, kept, &at, found),
                    None => found.push(format!("{at} is lost")),
                }
            }
        }
        (Value::Array(input), Value::Array(output)) if input.len() == output.len() => {
            for (index, (value, kept)) in input.iter().zip(output).enumerate() {
                lost(value, kept, &format!("{at}/{index}"), found);
            }
        }
        _ if input != output => found.push(format!("{at} was {input} and came back as {output}")),
        _ => {}
    }
}

/// What is wrong with the round trip of the replaced schema `name` through the
/// type `rust_path`, one line a problem.
fn problems(doc: &Value, name: &str, rust_path: &str) -> Vec<String> {
    let Some(round_trip) = round_trip_of(rust_path) else {
        return vec![format!(
            "{name}: no round trip for {rust_path}; add it to `round_trip_of` in {}",
            file!()
        )];
    };
    let schema = json!({ "$ref": format!("#/components/schemas/{name}") });
    let instance = fullest(doc, &schema);
    let output = match round_trip(&instance) {
        Ok(output) => output,
        Err(e) => return vec![format!("{name} ({rust_path}): {instance} {e}")],
    };
    let mut found = Vec::new();
    lost(&instance, &output, "", &mut found);
    let validator = jsonschema::validator_for(&openapi_schema::to_json_schema(doc, &schema))
        .expect("the spec's schemas are valid JSON Schema (check-spec)");
    found.extend(
        validator
            .iter_errors(&output)
            .map(|e| format!("the encoding does not match the schema at {e}")),
    );
    found
        .into_iter()
        .map(|problem| format!("{name} ({rust_path}): {problem}"))
        .collect()
}

/// The problems of every replaced schema of `doc`.
fn all_problems(doc: &Value) -> Vec<String> {
    codegen::replaced_schemas()
        .iter()
        .flat_map(|(name, rust_path)| problems(doc, name, rust_path))
        .collect()
}

fn real_spec() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/postmark-webhooks.yaml"
    );
    yaml_serde::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_replaced_schema_round_trips_through_its_type() {
    assert_eq!(all_problems(&real_spec()), Vec::<String>::new());
}

#[test]
fn an_optional_property_the_type_does_not_carry_fails() {
    let mut doc = real_spec();
    doc["components"]["schemas"]["Webhook"]["properties"]["Description"] =
        json!({"type": "string", "example": "billing hooks"});
    assert_eq!(
        all_problems(&doc),
        ["Webhook (crate::model::Webhook): /Description is lost"]
    );
}

#[test]
fn an_optional_flag_a_macro_built_trigger_does_not_carry_fails() {
    let mut doc = real_spec();
    doc["components"]["schemas"]["OpenTrigger"]["properties"]["PostEveryOpen"] =
        json!({"type": "boolean"});
    let problems = all_problems(&doc);
    // Answers (read leniently) lose it; requests (read strictly, as the mock
    // reads them) refuse it.
    let lost = [
        "Webhook (crate::model::Webhook): /Triggers/Open/PostEveryOpen is lost",
        "WebhookTriggers (crate::triggers::WebhookTriggers): /Open/PostEveryOpen is lost",
    ];
    let refused_by = [
        "CreateWebhookRequest (crate::webhooks::body::Shared): ",
        "EditWebhookRequest (crate::webhooks::body::Shared): ",
        "Triggers (crate::triggers::Triggers): ",
        "OpenTrigger (crate::triggers::Open): ",
    ];
    let refused = "does not decode: unknown field `PostEveryOpen`, expected `Enabled` or \
                   `PostFirstOpenOnly`";
    assert_eq!(
        problems.len(),
        lost.len() + refused_by.len(),
        "{problems:#?}"
    );
    for line in lost {
        assert!(problems.iter().any(|p| p == line), "{line}: {problems:#?}");
    }
    for start in refused_by {
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with(start) && p.ends_with(refused)),
            "{start}: {problems:#?}"
        );
    }
}

#[test]
fn a_property_whose_type_changes_fails() {
    let mut doc = real_spec();
    doc["components"]["schemas"]["HttpHeader"]["properties"]["Name"] =
        json!({"type": "integer", "format": "int64"});
    let problems = problems(&doc, "HttpHeader", "crate::model::HttpHeader");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with(
            "HttpHeader (crate::model::HttpHeader): {\"Name\":7,\"Value\":\"text\"} does not \
             decode: invalid type: integer `7`, expected a string"
        ),
        "{problems:#?}"
    );
}

#[test]
fn a_type_the_table_does_not_know_is_named() {
    assert_eq!(
        problems(&real_spec(), "Webhook", "crate::model::Elsewhere"),
        [format!(
            "Webhook: no round trip for crate::model::Elsewhere; add it to `round_trip_of` in {}",
            file!()
        )]
    );
}

#[test]
fn the_fullest_instance_sets_every_property() {
    let doc = json!({"components": {"schemas": {
        "Inner": {"type": "object", "nullable": true, "properties": {"On": {"type": "boolean"}}},
        "Outer": {
            "type": "object",
            "required": ["ID"],
            "properties": {
                "ID": {"type": "integer", "format": "int64"},
                "Kind": {"type": "string", "enum": ["a", "b"]},
                "Named": {"type": "string", "example": "hook"},
                "At": {"type": "string", "format": "date-time"},
                "Tags": {"type": "array", "nullable": true, "items": {"type": "string"}},
                "Inner": {"$ref": "#/components/schemas/Inner"},
                "Wrapped": {"nullable": true, "allOf": [{"$ref": "#/components/schemas/Inner"}]},
                "Counts": {"type": "object", "additionalProperties": {"type": "number"}}
            }
        }
    }}});
    assert_eq!(
        fullest(&doc, &json!({"$ref": "#/components/schemas/Outer"})),
        json!({
            "ID": 7,
            "Kind": "a",
            "Named": "hook",
            "At": "2024-05-06T07:08:09Z",
            "Tags": ["text"],
            "Inner": {"On": true},
            "Wrapped": {"On": true},
            "Counts": {"key": 7.5}
        })
    );
}

#[test]
fn lost_names_what_is_missing_or_changed() {
    let mut found = Vec::new();
    lost(
        &json!({"A": 1, "B": {"C": [1, 2]}, "D": "x"}),
        &json!({"A": 1, "B": {"C": [1, 3]}, "E": null}),
        "",
        &mut found,
    );
    assert_eq!(found, ["/B/C/1 was 2 and came back as 3", "/D is lost"]);
}

#[test]
fn a_property_an_inbound_type_keeps_only_as_unknown_fails() {
    let schemas = [
        ("InboundMessage", "crate::inbound::InboundMessage"),
        ("InboundAddress", "crate::inbound::Address"),
        ("InboundHeader", "crate::inbound::Header"),
        ("InboundAttachment", "crate::inbound::Attachment"),
    ];
    for (name, rust_path) in schemas {
        let mut doc = real_spec();
        doc["components"]["schemas"][name]["properties"]["Spare"] =
            json!({"type": "string", "nullable": true, "example": "kept"});
        assert_eq!(
            all_problems(&doc),
            [format!("{name} ({rust_path}): /Spare is lost")]
        );
    }
}
