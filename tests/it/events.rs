//! Parsing the events Postmark POSTs to a receiver: every real payload of
//! `tests/fixtures/postmark-events/`, unknown record types and values,
//! missing and `null` fields, extra fields, and bad input of every kind,
//! which must give a typed error and never a panic.

use crate::event_fixtures;

use std::collections::BTreeMap;
use std::str::FromStr;

use postmark_webhooks::events::{
    BounceType, ClickLocation, IdempotencyKey, InvalidIdempotencyKey, Origin, ParseErrorKind,
    Platform, RecordType, SuppressionReason, Timestamp, WebhookEvent,
};
use proptest::prelude::*;
use serde_json::{Value, json};

use event_fixtures::{Fixture, normalized};

fn parse(fixture: &Fixture) -> WebhookEvent {
    WebhookEvent::from_slice(&fixture.bytes).unwrap_or_else(|e| panic!("{}: {e}", fixture.name))
}

fn parse_value(value: &Value) -> Result<WebhookEvent, postmark_webhooks::events::ParseError> {
    WebhookEvent::from_slice(&serde_json::to_vec(value).unwrap())
}

/// The variant's name, to compare with a fixture's file name.
fn variant(event: &WebhookEvent) -> &'static str {
    match event {
        WebhookEvent::Bounce(_) => "Bounce",
        WebhookEvent::SpamComplaint(_) => "SpamComplaint",
        WebhookEvent::Delivery(_) => "Delivery",
        WebhookEvent::Open(_) => "Open",
        WebhookEvent::Click(_) => "Click",
        WebhookEvent::SubscriptionChange(_) => "SubscriptionChange",
        WebhookEvent::Unknown(_) => "Unknown",
        _ => "a variant this test does not know",
    }
}

/// The fields each record type requires; every other field may be missing.
fn required(record_type: &str) -> &'static [&'static str] {
    match record_type {
        "Bounce" | "SpamComplaint" => &["RecordType", "ID", "Type", "TypeCode"],
        "Delivery" => &["RecordType", "Recipient", "DeliveredAt"],
        "Open" | "Click" => &["RecordType", "Recipient", "ReceivedAt"],
        "SubscriptionChange" => &["RecordType", "Recipient", "ChangedAt", "SuppressSending"],
        _ => &["RecordType"],
    }
}

// ---- every real payload ----

#[test]
fn there_are_31_real_payloads_and_the_synthetic_ones() {
    let all = event_fixtures::all();
    let real = all
        .iter()
        .filter(|f| !f.name.contains("-synthetic-"))
        .count();
    assert_eq!(real, 31);
    assert_eq!(all.len(), 36);
    for fixture in event_fixtures::valid() {
        let record_type = fixture.json()["RecordType"].clone();
        if fixture.prefix() != "Unknown" {
            assert_eq!(record_type, fixture.prefix(), "{}", fixture.name);
        }
    }
}

#[test]
fn every_payload_parses_to_its_variant_and_serializes_back() {
    for fixture in event_fixtures::valid() {
        let event = parse(&fixture);
        assert_eq!(variant(&event), fixture.prefix(), "{}", fixture.name);
        let written = serde_json::to_value(&event).unwrap();
        assert_eq!(written, normalized(&fixture.json()), "{}", fixture.name);
        let again = WebhookEvent::from_slice(&serde_json::to_vec(&event).unwrap()).unwrap();
        assert_eq!(again, event, "{}", fixture.name);
    }
}

#[test]
fn every_payload_has_its_typed_record_type() {
    for fixture in event_fixtures::valid() {
        let event = parse(&fixture);
        let expected = match fixture.prefix() {
            "Unknown" => None,
            name => Some(name.parse::<RecordType>().unwrap()),
        };
        assert_eq!(event.known_record_type(), expected, "{}", fixture.name);
        if let Some(known) = expected {
            assert_eq!(event.record_type(), known.as_str(), "{}", fixture.name);
        }
    }
}

#[test]
fn record_types_are_the_six_names_parsed_exactly() {
    let names = RecordType::ALL.map(RecordType::as_str);
    assert_eq!(
        names,
        [
            "Bounce",
            "SpamComplaint",
            "Delivery",
            "Open",
            "Click",
            "SubscriptionChange"
        ]
    );
    for record_type in RecordType::ALL {
        assert_eq!(record_type.as_str().parse(), Ok(record_type));
        assert_eq!(record_type.to_string(), record_type.as_str());
    }
    for name in ["bounce", "Inbound", "", " Open", "Open ", "Opens"] {
        let err = name.parse::<RecordType>().unwrap_err();
        assert_eq!(err.to_string(), format!("unknown record type `{name}`"));
        // The same name in an event is an unknown record type.
        let event = parse_value(&json!({ "RecordType": name })).unwrap();
        assert_eq!(event.known_record_type(), None);
        assert_eq!(event.record_type(), name);
    }
}

#[test]
fn every_payload_parses_from_a_str_and_through_serde() {
    for fixture in event_fixtures::valid() {
        let text = std::str::from_utf8(&fixture.bytes).unwrap();
        let event = parse(&fixture);
        assert_eq!(WebhookEvent::from_str(text).unwrap(), event);
        assert_eq!(text.parse::<WebhookEvent>().unwrap(), event);
        let through_serde: WebhookEvent = serde_json::from_str(text).unwrap();
        assert_eq!(through_serde, event, "{}", fixture.name);
    }
}

#[test]
fn common_accessors_read_every_payload_without_a_match() {
    for fixture in event_fixtures::valid() {
        let event = parse(&fixture);
        let json = fixture.json();
        let text = |key: &str| json.get(key).and_then(Value::as_str);
        assert_eq!(event.record_type(), text("RecordType").unwrap());
        assert_eq!(
            event.message_stream(),
            text("MessageStream"),
            "{}",
            fixture.name
        );
        assert_eq!(event.message_id(), text("MessageID"), "{}", fixture.name);
        assert_eq!(event.tag(), text("Tag"), "{}", fixture.name);
        assert_eq!(
            event.recipient(),
            text("Recipient").or(text("Email")),
            "{}",
            fixture.name
        );
        assert_eq!(
            event.metadata(),
            json.get("Metadata").and_then(Value::as_object),
            "{}",
            fixture.name
        );
        let server_id = json.get("ServerID").or(json.get("ServerId"));
        assert_eq!(event.server_id(), server_id.and_then(Value::as_i64));
        let at = ["BouncedAt", "DeliveredAt", "ReceivedAt", "ChangedAt"]
            .iter()
            .find_map(|key| text(key));
        if !matches!(event, WebhookEvent::Unknown(_)) {
            assert_eq!(
                event.occurred_at().map(Timestamp::as_str),
                at,
                "{}",
                fixture.name
            );
        }
    }
}

#[test]
fn the_docs_bounce_keeps_an_id_above_2_pow_53_and_seven_fraction_digits() {
    let fixture = event_fixtures::named("Bounce-webhookdb-1.json");
    let WebhookEvent::Bounce(bounce) = parse(&fixture) else {
        panic!("a bounce")
    };
    assert_eq!(bounce.id, 4_323_372_036_854_775_807);
    assert_eq!(bounce.bounce_type, BounceType::HardBounce);
    assert_eq!(bounce.type_code, 1);
    assert_eq!(bounce.name.as_deref(), Some("Hard bounce"));
    assert_eq!(bounce.common.server_id, Some(23));
    assert_eq!(bounce.email.as_deref(), Some("john@example.com"));
    assert_eq!(bounce.from.as_deref(), Some("sender@example.com"));
    assert_eq!(
        (bounce.dump_available, bounce.inactive, bounce.can_activate),
        (Some(true), Some(true), Some(true))
    );
    assert_eq!(bounce.content.as_deref(), Some("<Full dump of bounce>"));
    let at = bounce.bounced_at.as_ref().unwrap();
    assert_eq!(at.as_str(), "2019-11-05T16:33:54.9070259Z");
    assert_eq!(at.date_time().timestamp_subsec_nanos(), 907_025_900);
    assert_eq!(bounce.common.metadata.as_ref().unwrap()["b_key"], "b_value");
    assert!(bounce.common.extra.is_empty());
    let text = serde_json::to_string(&WebhookEvent::Bounce(bounce)).unwrap();
    assert!(text.contains(r#""ID":4323372036854775807"#), "{text}");
}

#[test]
fn offsets_and_fraction_lengths_parse_to_the_right_instant() {
    let cases = [
        ("Bounce-anymail-1.json", "2016-04-27T20:28:50.396393300Z"),
        ("Bounce-symfony-1.json", "2022-09-02T14:29:19.123456700Z"),
        (
            "SpamComplaint-symfony-1.json",
            "2022-09-02T14:29:57.123456000Z",
        ),
        ("Delivery-anymail-1.json", "2014-08-01T17:28:10.273539300Z"),
        ("Click-symfony-1.json", "2022-09-02T14:31:09.000000000Z"),
        (
            "SubscriptionChange-docs-1.json",
            "2020-02-01T10:53:34.416071000Z",
        ),
    ];
    for (name, utc) in cases {
        let event = parse(&event_fixtures::named(name));
        let at = event.occurred_at().unwrap();
        assert_eq!(
            at.to_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Nanos, true),
            utc,
            "{name}"
        );
    }
    let offset = parse(&event_fixtures::named("Bounce-anymail-1.json"));
    let at = offset.occurred_at().unwrap();
    assert_eq!(at.date_time().offset().local_minus_utc(), -4 * 3600);
    assert_eq!(at.as_str(), "2016-04-27T16:28:50.3963933-04:00");
}

/// The common fields are one struct in every event: each known event gives
/// them through `common()`, exactly as its JSON has them.
#[test]
fn every_known_event_has_the_common_fields_in_one_place() {
    for fixture in event_fixtures::valid() {
        let event = parse(&fixture);
        let json = fixture.json();
        let text = |key: &str| json.get(key).and_then(Value::as_str).map(str::to_owned);
        let Some(common) = event.common() else {
            assert_eq!(event.known_record_type(), None, "{}", fixture.name);
            continue;
        };
        assert_eq!(
            common.message_stream,
            text("MessageStream"),
            "{}",
            fixture.name
        );
        assert_eq!(common.message_id, text("MessageID"), "{}", fixture.name);
        assert_eq!(common.tag, text("Tag"), "{}", fixture.name);
        assert_eq!(
            common.metadata.as_ref(),
            json.get("Metadata").and_then(Value::as_object),
            "{}",
            fixture.name
        );
        let server_id = json.get("ServerID").or(json.get("ServerId"));
        assert_eq!(common.server_id, server_id.and_then(Value::as_i64));
    }
    let event = WebhookEvent::from_slice(
        br#"{"RecordType": "Click", "Recipient": "a@example.com", "ReceivedAt": "2022-09-02T14:31:09Z",
            "MessageStream": "outbound", "MessageID": "m-1", "Tag": "t", "Metadata": {"k": "v"},
            "ServerId": 7, "New": [1]}"#,
    )
    .unwrap();
    let common = event.common().unwrap();
    assert_eq!(common.message_stream.as_deref(), Some("outbound"));
    assert_eq!(common.message_id.as_deref(), Some("m-1"));
    assert_eq!(common.tag.as_deref(), Some("t"));
    assert_eq!(
        common.metadata,
        Some(json!({"k": "v"}).as_object().unwrap().clone())
    );
    assert_eq!(common.server_id, Some(7));
    assert_eq!(Value::Object(common.extra.clone()), json!({"New": [1]}));
    assert_eq!(
        serde_json::to_value(&event).unwrap(),
        json!({"RecordType": "Click", "Recipient": "a@example.com",
            "ReceivedAt": "2022-09-02T14:31:09Z", "MessageStream": "outbound",
            "MessageID": "m-1", "Tag": "t", "Metadata": {"k": "v"}, "ServerID": 7, "New": [1]})
    );
    let unknown = WebhookEvent::from_slice(br#"{"RecordType": "Inbound", "MessageID": "m-1"}"#);
    assert_eq!(unknown.unwrap().common(), None);
}

#[test]
fn server_id_is_read_in_both_spellings_and_written_as_server_id() {
    let event = parse(&event_fixtures::named("Delivery-anymail-1.json"));
    assert_eq!(event.server_id(), Some(23));
    let written = serde_json::to_value(&event).unwrap();
    assert_eq!(written["ServerID"], 23);
    assert!(written.get("ServerId").is_none());
    let both = json!({"RecordType": "Delivery", "ServerID": 1, "ServerId": 2,
        "Recipient": "a@example.com", "DeliveredAt": "2022-09-02T11:49:27Z"});
    assert_eq!(
        parse_value(&both).unwrap_err().kind(),
        ParseErrorKind::InvalidField
    );
}

#[test]
fn spam_complaints_keep_their_type_code() {
    let symfony = parse(&event_fixtures::named("SpamComplaint-symfony-1.json"));
    let WebhookEvent::SpamComplaint(complaint) = symfony else {
        panic!("a spam complaint")
    };
    assert_eq!(complaint.type_code, 100_001);
    assert_eq!(complaint.bounce_type, BounceType::SpamComplaint);
    let docs = parse(&event_fixtures::named("SpamComplaint-docs-1.json"));
    let WebhookEvent::SpamComplaint(complaint) = docs else {
        panic!("a spam complaint")
    };
    assert_eq!(complaint.type_code, 512);
    assert_eq!(complaint.content.as_deref(), Some("<Abuse report dump>"));
    assert_eq!(complaint.description.as_deref(), Some(""));
}

#[test]
fn an_unsubscribe_bounce_has_almost_nothing() {
    let WebhookEvent::Bounce(bounce) = parse(&event_fixtures::named("Bounce-anymail-2.json"))
    else {
        panic!("a bounce")
    };
    assert_eq!(bounce.bounce_type, BounceType::Unsubscribe);
    assert_eq!(bounce.type_code, 16);
    assert_eq!(bounce.common.tag.as_deref(), Some(""));
    assert_eq!(
        bounce.common.message_id.as_deref(),
        Some("5555555-5555555-5555-5555555")
    );
    assert_eq!(
        (
            &bounce.email,
            &bounce.bounced_at,
            &bounce.from,
            &bounce.details
        ),
        (&None, &None, &None, &None)
    );
    assert_eq!((bounce.inactive, bounce.can_activate), (None, None));
}

#[test]
fn opens_and_clicks_read_client_os_geo_and_platform() {
    let WebhookEvent::Open(open) = parse(&event_fixtures::named("Open-webhookdb-1.json")) else {
        panic!("an open")
    };
    assert_eq!(open.first_open, Some(true));
    assert_eq!(open.platform, Some(Platform::WebMail));
    let client = open.client.as_ref().unwrap();
    assert_eq!(client.name.as_deref(), Some("Chrome 35.0.1916.153"));
    assert_eq!(
        open.os.as_ref().unwrap().company.as_deref(),
        Some("Apple Computer, Inc.")
    );
    let geo = open.geo.as_ref().unwrap();
    assert_eq!(geo.country_iso_code.as_deref(), Some("RS"));
    assert_eq!(geo.region_iso_code.as_deref(), Some("VO"));
    assert_eq!(geo.coords.as_deref(), Some("45.2517,19.8369"));
    assert_eq!(geo.ip.as_deref(), Some("188.2.95.4"));

    let WebhookEvent::Open(empty) = parse(&event_fixtures::named("Open-anymail-1.json")) else {
        panic!("an open")
    };
    assert_eq!(empty.platform, Some(Platform::Unknown));
    assert_eq!(empty.read_seconds, Some(0));
    assert_eq!(empty.geo, Some(Default::default()));
    assert_eq!(empty.common.tag, None);

    let WebhookEvent::Click(click) = parse(&event_fixtures::named("Click-spatie-1.json")) else {
        panic!("a click")
    };
    assert_eq!(click.click_location, Some(ClickLocation::Html));
    assert_eq!(click.platform, Some(Platform::Desktop));
    assert_eq!(
        click.original_link.as_deref(),
        Some("http://example.com/signup")
    );
    assert_eq!(click.received_at.as_str(), "2017-10-25T15:21:11.9065619Z");
}

#[test]
fn subscription_changes_read_suppressions_and_reactivations() {
    let change = |name| match parse(&event_fixtures::named(name)) {
        WebhookEvent::SubscriptionChange(change) => change,
        other => panic!("{name}: {other:?}"),
    };
    let docs = change("SubscriptionChange-docs-1.json");
    assert!(docs.suppress_sending);
    assert_eq!(docs.suppression_reason, Some(SuppressionReason::HardBounce));
    assert_eq!(docs.origin, Some(Origin::Recipient));
    assert_eq!(docs.common.server_id, Some(123_456));

    let old = change("SubscriptionChange-docs-2.json");
    assert_eq!(
        (old.common.message_id, old.suppression_reason),
        (None, None)
    );

    let reactivation = change("SubscriptionChange-anymail-2.json");
    assert!(!reactivation.suppress_sending);
    assert_eq!(reactivation.suppression_reason, None);

    assert_eq!(
        change("SubscriptionChange-anymail-1.json").suppression_reason,
        Some(SuppressionReason::ManualSuppression)
    );
    assert_eq!(
        change("SubscriptionChange-spatie-1.json").suppression_reason,
        Some(SuppressionReason::SpamComplaint)
    );
}

// ---- what Postmark may add or leave out ----

#[test]
fn an_unknown_record_type_keeps_its_json() {
    let fixture = event_fixtures::named("Unknown-synthetic-1.json");
    let event = parse(&fixture);
    let WebhookEvent::Unknown(unknown) = &event else {
        panic!("unknown")
    };
    assert_eq!(unknown.record_type(), "InboundSomething");
    assert_eq!(Value::Object(unknown.json().clone()), fixture.json());
    assert_eq!(event.message_stream(), Some("inbound"));
    assert_eq!(event.recipient(), Some("john@example.com"));
    assert_eq!(event.server_id(), Some(23));
    assert_eq!(event.metadata().unwrap()["customer_id"], "12345");
    assert_eq!(serde_json::to_value(&event).unwrap(), fixture.json());
    assert_eq!(event.occurred_at(), None);
    // Known names in another case are unknown record types too.
    let lower = parse_value(&json!({"RecordType": "bounce", "ID": "x"})).unwrap();
    assert_eq!(lower.record_type(), "bounce");
}

#[test]
fn unknown_enum_values_are_kept_exactly() {
    let mut bounce = event_fixtures::named("Bounce-symfony-1.json").json();
    bounce["Type"] = json!("QuantumBounce");
    let event = parse_value(&bounce).unwrap();
    let WebhookEvent::Bounce(parsed) = &event else {
        panic!("a bounce")
    };
    assert_eq!(
        parsed.bounce_type,
        BounceType::Other("QuantumBounce".into())
    );
    assert!(!parsed.bounce_type.is_known());
    assert_eq!(serde_json::to_value(&event).unwrap(), bounce);

    let mut click = event_fixtures::named("Click-symfony-1.json").json();
    click["Platform"] = json!("Watch");
    click["ClickLocation"] = json!("AMP");
    let event = parse_value(&click).unwrap();
    let WebhookEvent::Click(parsed) = &event else {
        panic!("a click")
    };
    assert_eq!(parsed.platform, Some(Platform::Other("Watch".into())));
    assert_eq!(
        parsed.click_location,
        Some(ClickLocation::Other("AMP".into()))
    );
    assert_eq!(serde_json::to_value(&event).unwrap(), click);

    let mut change = event_fixtures::named("SubscriptionChange-symfony-1.json").json();
    change["Origin"] = json!("Robot");
    change["SuppressionReason"] = json!("Hibernation");
    let event = parse_value(&change).unwrap();
    let WebhookEvent::SubscriptionChange(parsed) = &event else {
        panic!("a change")
    };
    assert_eq!(parsed.origin, Some(Origin::Other("Robot".into())));
    assert_eq!(
        parsed.suppression_reason,
        Some(SuppressionReason::Other("Hibernation".into()))
    );
    assert_eq!(serde_json::to_value(&event).unwrap(), change);
}

#[test]
fn every_known_enum_value_round_trips() {
    for value in [
        "HardBounce",
        "Transient",
        "Unsubscribe",
        "Subscribe",
        "AutoResponder",
        "AddressChange",
        "DnsError",
        "SpamNotification",
        "OpenRelayTest",
        "Unknown",
        "SoftBounce",
        "VirusNotification",
        "ChallengeVerification",
        "BadEmailAddress",
        "SpamComplaint",
        "ManuallyDeactivated",
        "Unconfirmed",
        "Blocked",
        "SMTPApiError",
        "InboundError",
        "DMARCPolicy",
    ] {
        let parsed = BounceType::from(value);
        assert!(parsed.is_known(), "{value}");
        assert_eq!(parsed.as_str(), value);
    }
    for value in ["WebMail", "Desktop", "Mobile", "Unknown"] {
        assert!(Platform::from(value).is_known() && Platform::from(value).as_str() == value);
    }
    for value in ["HTML", "Text"] {
        assert!(ClickLocation::from(value).is_known());
    }
    for value in ["Recipient", "Customer", "Admin"] {
        assert!(Origin::from(value).is_known());
    }
    for value in ["HardBounce", "SpamComplaint", "ManualSuppression"] {
        assert!(SuppressionReason::from(value).is_known());
    }
}

#[test]
fn extra_fields_are_kept_and_written_back() {
    for fixture in event_fixtures::valid() {
        let mut json = fixture.json();
        json["SomethingNew"] = json!({"Nested": [1, null, "x"]});
        json["AlsoNew"] = Value::Null;
        if let Some(geo) = json.get_mut("Geo") {
            geo["Altitude"] = json!(81.5);
        }
        let event = parse_value(&json).unwrap_or_else(|e| panic!("{}: {e}", fixture.name));
        let written = serde_json::to_value(&event).unwrap();
        assert_eq!(
            written["SomethingNew"], json["SomethingNew"],
            "{}",
            fixture.name
        );
        assert_eq!(written["AlsoNew"], Value::Null, "{}", fixture.name);
        if json.get("Geo").is_some() {
            assert_eq!(written["Geo"]["Altitude"], 81.5, "{}", fixture.name);
        }
    }
}

#[test]
fn every_optional_field_may_be_missing_or_null() {
    for fixture in event_fixtures::valid() {
        let json = fixture.json();
        let record_type = json["RecordType"].as_str().unwrap().to_string();
        for key in json.as_object().unwrap().keys() {
            if required(&record_type).contains(&key.as_str()) {
                continue;
            }
            let mut missing = json.clone();
            missing.as_object_mut().unwrap().remove(key);
            let event = parse_value(&missing)
                .unwrap_or_else(|e| panic!("{} without {key}: {e}", fixture.name));
            assert_eq!(serde_json::to_value(&event).unwrap(), normalized(&missing));

            let mut null = json.clone();
            null[key] = Value::Null;
            let event = parse_value(&null)
                .unwrap_or_else(|e| panic!("{} with {key} null: {e}", fixture.name));
            assert_eq!(event.record_type(), record_type);
        }
        // Also inside Client, OS and Geo.
        for part in ["Client", "OS", "Geo"] {
            let Some(fields) = json.get(part).and_then(Value::as_object) else {
                continue;
            };
            for key in fields.keys() {
                let mut null = json.clone();
                null[part][key] = Value::Null;
                parse_value(&null)
                    .unwrap_or_else(|e| panic!("{} with {part}.{key} null: {e}", fixture.name));
            }
        }
    }
}

#[test]
fn a_missing_required_field_is_an_invalid_field() {
    for fixture in event_fixtures::valid() {
        let json = fixture.json();
        let record_type = json["RecordType"].as_str().unwrap().to_string();
        for key in required(&record_type)
            .iter()
            .filter(|k| **k != "RecordType")
        {
            let mut missing = json.clone();
            missing.as_object_mut().unwrap().remove(*key);
            let err = parse_value(&missing).unwrap_err();
            assert_eq!(
                err.kind(),
                ParseErrorKind::InvalidField,
                "{}: {key}",
                fixture.name
            );
            assert_eq!(err.record_type(), Some(record_type.as_str()));
            assert!(err.to_string().contains(key), "{err}");
        }
    }
}

#[test]
#[cfg(feature = "fuzzing")]
fn numbers_in_unknown_fields_round_trip_exactly() {
    // Found by the fuzzer: an integer too large for 64 bits is read as the
    // nearest double, and must be written so that it reads back the same.
    let huge = format!("1{}6", "2".repeat(110));
    for number in [
        huge.as_str(),
        "1.2345888888888891e+110",
        "0.1",
        "-0.0",
        "5e-324",
        "1.7976931348623157e308",
    ] {
        let body = format!(
            r#"{{"RecordType": "Delivery", "Recipient": "a", "DeliveredAt": "2022-09-02T11:49:27Z",
                "Odd": {number}, "Metadata": {{"n": {number}}}}}"#
        );
        postmark_webhooks::fuzzing::event_parser(body.as_bytes());
        let unknown = format!(r#"{{"RecordType": "Inbound", "Odd": {number}}}"#);
        postmark_webhooks::fuzzing::event_parser(unknown.as_bytes());
    }
}

// ---- bad input: typed errors ----

#[test]
fn the_invalid_fixtures_give_their_error_kinds() {
    let cases = [
        ("Invalid-synthetic-1.json", ParseErrorKind::Truncated),
        ("Invalid-synthetic-2.json", ParseErrorKind::NotAnObject),
        (
            "Invalid-synthetic-3.json",
            ParseErrorKind::InvalidRecordType,
        ),
        ("Invalid-synthetic-4.json", ParseErrorKind::Truncated),
    ];
    for (name, kind) in cases {
        let err = WebhookEvent::from_slice(&event_fixtures::named(name).bytes).unwrap_err();
        assert_eq!(err.kind(), kind, "{name}: {err}");
    }
    let empty = WebhookEvent::from_slice(b"").unwrap_err();
    assert_eq!(empty.to_string(), "the body is empty");
}

#[test]
fn each_kind_of_bad_input_has_its_kind() {
    let cases: &[(&[u8], ParseErrorKind)] = &[
        (b"{nope}", ParseErrorKind::Syntax),
        (b"<html>502 Bad Gateway</html>", ParseErrorKind::Syntax),
        (br#"{"RecordType": "Delivery"} trailing"#, ParseErrorKind::Syntax),
        (b"\xff\xfe{}", ParseErrorKind::Syntax),
        (br#"{"RecordType": "Open\xff"}"#, ParseErrorKind::Syntax),
        (b"{\"a\": 1x", ParseErrorKind::Syntax),
        (b"{\"a\": \xff", ParseErrorKind::Syntax),
        (b"{\"a\": 4.", ParseErrorKind::Truncated),
        (b"{\"a\": tr", ParseErrorKind::Truncated),
        (b"   ", ParseErrorKind::Truncated),
        (br#"{"RecordType": "Delivery", "Recipient": "a@"#, ParseErrorKind::Truncated),
        (b"null", ParseErrorKind::NotAnObject),
        (b"42", ParseErrorKind::NotAnObject),
        (br#""Bounce""#, ParseErrorKind::NotAnObject),
        (b"{}", ParseErrorKind::MissingRecordType),
        (br#"{"RecordType": null}"#, ParseErrorKind::MissingRecordType),
        (br#"{"recordtype": "Bounce"}"#, ParseErrorKind::MissingRecordType),
        (br#"{"RecordType": ["Bounce"]}"#, ParseErrorKind::InvalidRecordType),
        (br#"{"RecordType": "Bounce", "RecordType": "Open"}"#, ParseErrorKind::InvalidRecordType),
        (br#"{"RecordType": "Bounce", "ID": 1.5, "Type": "HardBounce", "TypeCode": 1}"#, ParseErrorKind::InvalidField),
        (br#"{"RecordType": "Bounce", "ID": "42", "Type": "HardBounce", "TypeCode": 1}"#, ParseErrorKind::InvalidField),
        (br#"{"RecordType": "Bounce", "ID": 18446744073709551615, "Type": "HardBounce", "TypeCode": 1}"#, ParseErrorKind::InvalidField),
        (br#"{"RecordType": "Bounce", "ID": 1, "Type": 7, "TypeCode": 1}"#, ParseErrorKind::InvalidField),
        (br#"{"RecordType": "Delivery", "Recipient": 5, "DeliveredAt": "2022-09-02T11:49:27Z"}"#, ParseErrorKind::InvalidField),
        (br#"{"RecordType": "Delivery", "Recipient": "a", "DeliveredAt": "yesterday"}"#, ParseErrorKind::InvalidField),
        (br#"{"RecordType": "Delivery", "Recipient": "a", "DeliveredAt": "2022-09-02T11:49:27"}"#, ParseErrorKind::InvalidField),
        (br#"{"RecordType": "Delivery", "Recipient": "a", "DeliveredAt": "2022-09-02T11:49:27Z", "Metadata": []}"#, ParseErrorKind::InvalidField),
        (br#"{"RecordType": "Open", "Recipient": "a", "ReceivedAt": "2022-09-02T11:49:27Z", "Geo": "RS"}"#, ParseErrorKind::InvalidField),
        (br#"{"RecordType": "SubscriptionChange", "Recipient": "a", "ChangedAt": "2022-09-02T11:49:27Z", "SuppressSending": "yes"}"#, ParseErrorKind::InvalidField),
    ];
    for (body, kind) in cases {
        let err = WebhookEvent::from_slice(body).unwrap_err();
        assert_eq!(
            err.kind(),
            *kind,
            "{}: {err}",
            String::from_utf8_lossy(body)
        );
        assert!(!err.to_string().is_empty());
    }
}

#[test]
fn a_second_record_type_is_invalid_however_it_is_written() {
    const DELIVERY: &str = r#""Recipient": "a@example.com", "DeliveredAt": "2022-09-02T11:49:27Z""#;
    let bodies = [
        format!(r#"{{"RecordType": "Delivery", {DELIVERY}, "RecordType": "Delivery"}}"#),
        format!(r#"{{"RecordType": "Delivery", {DELIVERY}, "Record\u0054ype": "Open"}}"#),
        format!(r#"{{"Record\u0054ype": "Open", "RecordType": "Delivery", {DELIVERY}}}"#),
        format!(r#"{{"RecordType": "Delivery", {DELIVERY}, "\u0052ecordType": "Delivery"}}"#),
        format!(r#"{{"Record\u0054ype": "Delivery", "RecordTyp\u0065": "Delivery", {DELIVERY}}}"#),
        r#"{"RecordType": "Inbound", "Record\u0054ype": "Inbound"}"#.to_string(),
        r#"{"RecordType": "Bounce", "ID": 1, "Type": "HardBounce", "TypeCode": 1, "Record\u0054ype": 1}"#
            .to_string(),
    ];
    for body in bodies {
        let err = WebhookEvent::from_str(&body).unwrap_err();
        assert_eq!(
            err.kind(),
            ParseErrorKind::InvalidRecordType,
            "{body}: {err}"
        );
        assert!(
            err.to_string()
                .starts_with("`RecordType` is not a single string"),
            "{err}"
        );
    }
    // One escaped `RecordType` alone is just a `RecordType`.
    let one = format!(r#"{{"Record\u0054ype": "Delivery", {DELIVERY}}}"#);
    assert!(matches!(
        WebhookEvent::from_str(&one),
        Ok(WebhookEvent::Delivery(_))
    ));
}

/// The rule of the `events` module docs: a key given twice in an object the
/// parser reads field by field (an event, `Client`, `OS`, `Geo`) is an
/// `InvalidField`, whether or not this version names the key; inside
/// free-form JSON (`Metadata`, the value of an unknown field) the last one wins.
#[test]
fn a_key_given_twice_in_an_event_is_an_invalid_field() {
    let invalid = [
        r#"{"RecordType": "Delivery", "Recipient": "a", "DeliveredAt": "2022-09-02T11:49:27Z", "New": 1, "New": 2}"#,
        r#"{"RecordType": "Delivery", "Recipient": "a", "DeliveredAt": "2022-09-02T11:49:27Z", "New": 1, "N\u0065w": 1}"#,
        r#"{"RecordType": "Delivery", "Recipient": "a", "Recipient": "b", "DeliveredAt": "2022-09-02T11:49:27Z"}"#,
        r#"{"RecordType": "Delivery", "Recipient": "a", "DeliveredAt": "2022-09-02T11:49:27Z", "ServerID": 1, "ServerId": 1}"#,
        r#"{"RecordType": "Delivery", "Recipient": "a", "DeliveredAt": "2022-09-02T11:49:27Z", "Tag": null, "Tag": "x"}"#,
        r#"{"RecordType": "Bounce", "ID": 1, "Type": "HardBounce", "TypeCode": 1, "MessageID": "a", "MessageID": "b"}"#,
        r#"{"RecordType": "Click", "Recipient": "a", "ReceivedAt": "2022-09-02T11:49:27Z", "Metadata": {}, "Metadata": null}"#,
        r#"{"RecordType": "SubscriptionChange", "Recipient": "a", "ChangedAt": "2022-09-02T11:49:27Z", "SuppressSending": true, "MessageStream": "a", "MessageStream": "a"}"#,
        r#"{"RecordType": "Open", "Recipient": "a", "ReceivedAt": "2022-09-02T11:49:27Z", "Geo": {"City": "X", "Zone": 1, "Zone": 2}}"#,
        r#"{"RecordType": "Open", "Recipient": "a", "ReceivedAt": "2022-09-02T11:49:27Z", "OS": {"Name": "A", "Name": "B"}}"#,
    ];
    for body in invalid {
        let err = WebhookEvent::from_str(body).unwrap_err();
        assert_eq!(err.kind(), ParseErrorKind::InvalidField, "{body}: {err}");
        assert!(err.to_string().contains("duplicate field"), "{err}");
    }
    let unknown =
        WebhookEvent::from_str(r#"{"RecordType": "Inbound", "New": 1, "New": 2}"#).unwrap_err();
    assert_eq!(unknown.kind(), ParseErrorKind::InvalidField, "{unknown}");
    assert_eq!(unknown.record_type(), Some("Inbound"));
    assert!(
        unknown.to_string().contains("duplicate field `New`"),
        "{unknown}"
    );

    // Free-form JSON keeps serde_json's rule: the last value wins.
    let event = WebhookEvent::from_str(
        r#"{"RecordType": "Delivery", "Recipient": "a", "DeliveredAt": "2022-09-02T11:49:27Z",
            "Metadata": {"k": "first", "k": "last"}, "New": {"x": 1, "x": 2}}"#,
    )
    .unwrap();
    assert_eq!(event.metadata().unwrap()["k"], "last");
    let WebhookEvent::Delivery(delivery) = &event else {
        panic!("{event:?}")
    };
    assert_eq!(delivery.common.extra["New"], json!({"x": 2}));
}

#[test]
fn errors_say_where() {
    let err = WebhookEvent::from_slice(
        b"{\n  \"RecordType\": \"Delivery\",\n  \"Recipient\": 5,\n  \"DeliveredAt\": \"2022-09-02T11:49:27Z\"\n}",
    )
    .unwrap_err();
    assert_eq!(err.position().map(|(line, _)| line), Some(3), "{err}");
    assert!(
        err.to_string().starts_with("invalid Delivery event: "),
        "{err}"
    );
}

#[test]
fn every_truncation_of_every_payload_is_a_truncated_error() {
    for fixture in event_fixtures::valid() {
        let text = fixture.bytes.trim_ascii_end();
        for end in 0..text.len() {
            let err = WebhookEvent::from_slice(&text[..end])
                .err()
                .unwrap_or_else(|| panic!("{} cut at {end} parses", fixture.name));
            assert_eq!(
                err.kind(),
                ParseErrorKind::Truncated,
                "{} cut at {end}: {err}",
                fixture.name
            );
        }
    }
}

// ---- deduplication ----

#[test]
fn idempotency_keys_are_stable_and_tell_events_apart() {
    let mut seen = BTreeMap::new();
    for fixture in event_fixtures::valid() {
        let key = parse(&fixture).idempotency_key();
        assert_eq!(parse(&fixture).idempotency_key(), key, "{}", fixture.name);
        // Postmark's retry of the same event: same fields, maybe reformatted.
        let reformatted = serde_json::to_vec_pretty(&fixture.json()).unwrap();
        assert_eq!(
            WebhookEvent::from_slice(&reformatted)
                .unwrap()
                .idempotency_key(),
            key
        );
        if let Some(other) = seen.insert(key, fixture.name.clone()) {
            panic!("{} and {other} have the same key", fixture.name);
        }
    }
}

#[test]
fn idempotency_keys_ignore_metadata_but_not_the_event_id() {
    let json = event_fixtures::named("Bounce-symfony-1.json").json();
    let key = parse_value(&json).unwrap().idempotency_key();
    let mut changed = json.clone();
    changed["Metadata"] = json!({"other": "metadata"});
    changed["Tag"] = json!("another tag");
    assert_eq!(parse_value(&changed).unwrap().idempotency_key(), key);
    for (field, value) in [
        ("ID", json!(43)),
        ("MessageID", json!("11111111-0000-0000-0000-000000000000")),
        ("BouncedAt", json!("2022-09-02T14:29:19.1234568Z")),
    ] {
        let mut other = json.clone();
        other[field] = value;
        assert_ne!(
            parse_value(&other).unwrap().idempotency_key(),
            key,
            "{field}"
        );
    }
    let mut spam = json.clone();
    spam["RecordType"] = json!("SpamComplaint");
    assert_ne!(parse_value(&spam).unwrap().idempotency_key(), key);
    let hex = key.to_string();
    assert_eq!(hex.len(), 64);
    assert!(
        hex.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
}

#[test]
fn idempotency_keys_are_written_as_lower_case_hex_and_read_back() {
    let bytes: [u8; 32] = std::array::from_fn(|i| (i * 8 + 7) as u8);
    let key = IdempotencyKey::from_bytes(bytes);
    let hex = "070f171f272f373f474f575f676f777f878f979fa7afb7bfc7cfd7dfe7eff7ff";
    assert_eq!(key.as_bytes(), &bytes);
    assert_eq!(key.to_string(), hex);
    assert_eq!(format!("{key:?}"), format!("IdempotencyKey({hex})"));
    assert_eq!(hex.parse::<IdempotencyKey>(), Ok(key));
    assert_eq!(serde_json::to_string(&key).unwrap(), format!("\"{hex}\""));
    assert_eq!(
        serde_json::from_str::<IdempotencyKey>(&format!("\"{hex}\"")).unwrap(),
        key
    );
    for fixture in event_fixtures::valid() {
        let key = parse(&fixture).idempotency_key();
        let text = key.to_string();
        assert_eq!(text.parse::<IdempotencyKey>(), Ok(key), "{}", fixture.name);
        assert_eq!(IdempotencyKey::from_bytes(*key.as_bytes()), key);
        let json = serde_json::to_value(key).unwrap();
        assert_eq!(json, Value::String(text));
        assert_eq!(serde_json::from_value::<IdempotencyKey>(json).unwrap(), key);
    }
}

#[test]
fn text_that_is_not_64_lower_case_hex_digits_is_not_a_key() {
    let hex = "070f171f272f373f474f575f676f777f878f979fa7afb7bfc7cfd7dfe7eff7ff";
    let upper = hex.to_uppercase();
    let accented = "é".repeat(32); // 64 bytes, not hex
    for bad in [
        "",
        &hex[..63],
        &format!("{hex}0"),
        &upper,
        &format!(" {}", &hex[1..]),
        &format!("{}g", &hex[..63]),
        &format!("+{}", &hex[1..]),
        &accented,
    ] {
        assert_eq!(
            bad.parse::<IdempotencyKey>(),
            Err(InvalidIdempotencyKey),
            "{bad:?}"
        );
        let err = serde_json::from_value::<IdempotencyKey>(json!(bad)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "an idempotency key is 64 lower-case hex digits",
            "{bad:?}"
        );
    }
    assert!(serde_json::from_value::<IdempotencyKey>(json!(7)).is_err());
    assert!(serde_json::from_value::<IdempotencyKey>(json!(null)).is_err());
}

#[test]
fn unknown_events_are_keyed_by_their_whole_json_in_any_key_order() {
    let a =
        WebhookEvent::from_slice(br#"{"RecordType": "Inbound", "A": 1, "B": {"y": 2, "x": 1}}"#)
            .unwrap();
    let b =
        WebhookEvent::from_slice(br#"{"B": {"x": 1, "y": 2}, "A": 1, "RecordType": "Inbound"}"#)
            .unwrap();
    let c =
        WebhookEvent::from_slice(br#"{"RecordType": "Inbound", "A": 2, "B": {"y": 2, "x": 1}}"#)
            .unwrap();
    assert_eq!(a.idempotency_key(), b.idempotency_key());
    assert_ne!(a.idempotency_key(), c.idempotency_key());
}

// ---- never a panic ----

#[cfg(feature = "fuzzing")]
fn fixture_bytes() -> impl Strategy<Value = Vec<u8>> {
    let all: Vec<Vec<u8>> = event_fixtures::all().into_iter().map(|f| f.bytes).collect();
    proptest::sample::select(all)
}

#[cfg(feature = "fuzzing")]
/// One edit of a byte string: replace, insert or delete a byte, or cut it.
#[derive(Clone, Debug)]
enum Edit {
    Replace(usize, u8),
    Insert(usize, u8),
    Delete(usize),
    Cut(usize),
}

#[cfg(feature = "fuzzing")]
fn edit() -> impl Strategy<Value = Edit> {
    let interesting = prop_oneof![
        Just(b'"'),
        Just(b'{'),
        Just(b'}'),
        Just(b','),
        Just(b':'),
        Just(b'0'),
        Just(b'\\'),
        Just(b'n'),
        any::<u8>()
    ];
    prop_oneof![
        (any::<usize>(), interesting.clone()).prop_map(|(i, b)| Edit::Replace(i, b)),
        (any::<usize>(), interesting).prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<usize>().prop_map(Edit::Delete),
        any::<usize>().prop_map(Edit::Cut),
    ]
}

#[cfg(feature = "fuzzing")]
fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for edit in edits {
        let len = bytes.len();
        match *edit {
            Edit::Replace(i, b) if len > 0 => bytes[i % len] = b,
            Edit::Insert(i, b) => bytes.insert(i % (len + 1), b),
            Edit::Delete(i) if len > 0 => {
                bytes.remove(i % len);
            }
            Edit::Cut(i) => bytes.truncate(i % (len + 1)),
            _ => {}
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any bytes give an event or a typed error; an event serializes and
    /// parses back to itself (the fuzz target's checks).
    #[cfg(feature = "fuzzing")]
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        postmark_webhooks::fuzzing::event_parser(&bytes);
    }

    /// JSON-looking text, built from the characters JSON is made of.
    #[cfg(feature = "fuzzing")]
    #[test]
    fn json_like_text_never_panics(text in r#"[{}\[\]",:0-9a-zA-Z .\\-]{0,120}"#) {
        postmark_webhooks::fuzzing::event_parser(text.as_bytes());
        let wrapped = format!(r#"{{"RecordType": "Delivery", {text}"#);
        postmark_webhooks::fuzzing::event_parser(wrapped.as_bytes());
    }

    /// Real payloads with a few bytes changed, inserted, deleted or cut.
    #[cfg(feature = "fuzzing")]
    #[test]
    fn mutated_payloads_never_panic(
        bytes in fixture_bytes(),
        edits in proptest::collection::vec(edit(), 1..6),
    ) {
        postmark_webhooks::fuzzing::event_parser(&apply(bytes, &edits));
    }

    /// A value of the wrong type in any field of a real payload is a typed
    /// error or, in an unknown field, kept.
    #[cfg(feature = "fuzzing")]
    #[test]
    fn wrong_types_in_real_payloads_never_panic(
        bytes in fixture_bytes(),
        index in any::<usize>(),
        value in prop_oneof![
            Just(json!(null)), Just(json!(true)), Just(json!(-1)), Just(json!(1.5e300)),
            Just(json!("text")), Just(json!([])), Just(json!({"a": 1})),
            Just(json!(9_223_372_036_854_775_807_i64)), Just(json!(u64::MAX)),
        ],
    ) {
        let Ok(Value::Object(mut map)) = serde_json::from_slice::<Value>(&bytes) else {
            return Ok(());
        };
        let keys: Vec<String> = map.keys().cloned().collect();
        let key = &keys[index % keys.len()];
        map.insert(key.clone(), value);
        postmark_webhooks::fuzzing::event_parser(&serde_json::to_vec(&Value::Object(map)).unwrap());
    }
}
