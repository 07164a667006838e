//! The fuzz corpus (`fuzz/corpus/<target>/`), replayed through the fuzz
//! targets' entry points, so that `cargo test` keeps what the fuzzers found
//! honest without cargo-fuzz. The corpus is seeded from the event fixtures
//! (events and inbound messages) and the spec's event examples; `BLESS_FUZZ_CORPUS=1 cargo test --test
//! fuzz_corpus` writes missing seeds.

#![cfg(feature = "fuzzing")]

use crate::common;
use crate::event_fixtures;
use crate::inbound;

use std::path::{Path, PathBuf};

/// A fuzz target's entry point.
type Entry = fn(&[u8]);

/// The targets and their entry points.
const TARGETS: [(&str, Entry); 3] = [
    ("event_parser", postmark_webhooks::fuzzing::event_parser),
    ("inbound_parser", postmark_webhooks::fuzzing::inbound_parser),
    ("receiver", postmark_webhooks::fuzzing::receiver),
];

fn corpus(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target)
}

/// The spec's event examples, by schema name, as pretty JSON.
fn spec_examples() -> Vec<(String, Vec<u8>)> {
    let spec = common::spec();
    let events = spec["x-webhook-events"]
        .as_object()
        .expect("the spec lists its webhook events");
    events
        .values()
        .map(|reference| {
            let pointer = reference["$ref"].as_str().unwrap().trim_start_matches('#');
            let name = pointer.rsplit('/').next().unwrap().to_string();
            let example = spec
                .pointer(&format!("{pointer}/example"))
                .unwrap_or_else(|| panic!("{name} has an example"));
            (name, serde_json::to_vec_pretty(example).unwrap())
        })
        .collect()
}

/// A `receiver` input (see `fuzzing::receiver`): a configuration byte,
/// the Authorization field, the secret field, the body.
fn request(config: u8, authorization: &[u8], secret: &[u8], body: &[u8]) -> Vec<u8> {
    let mut input = vec![config, authorization.len() as u8];
    input.extend_from_slice(authorization);
    input.push(secret.len() as u8);
    input.extend_from_slice(secret);
    input.extend_from_slice(body);
    input
}

/// Basic auth and the secret header, the credential sent base64-encoded, and
/// a body cap of 64 << 7 = 8192 bytes.
const ALL_CHECKS: u8 = 0b0011_1111;

/// The body read as an inbound message.
const INBOUND: u8 = 0b0100_0000;

/// Every seed: (target, file name, bytes).
fn seeds() -> Vec<(&'static str, String, Vec<u8>)> {
    let mut seeds = Vec::new();
    let mut bodies = Vec::new();
    for fixture in event_fixtures::all() {
        seeds.push((
            "event_parser",
            format!("fixture-{}", fixture.name),
            fixture.bytes.clone(),
        ));
        bodies.push((fixture.name.clone(), fixture.bytes));
    }
    for (name, bytes) in inbound::fixtures() {
        // Those under ALL_CHECKS's cap.
        if bytes.len() <= 8192 {
            let good = request(INBOUND | ALL_CHECKS, b"postmark:hunter2", b"s3cr3t", &bytes);
            seeds.push(("receiver", format!("accepted-{name}"), good));
        }
        let half = bytes[..bytes.len() / 2].to_vec();
        seeds.push(("inbound_parser", format!("fixture-{name}"), bytes));
        seeds.push(("inbound_parser", format!("half-{name}"), half));
    }
    let broken: [(&str, &[u8]); 5] = [
        (
            "repeated-key.json",
            br#"{"MessageID": "m-1", "MessageID": "m-2"}"#,
        ),
        (
            "header-without-value.json",
            br#"{"Headers": [{"Name": "X-Spam-Status"}]}"#,
        ),
        (
            "negative-length.json",
            br#"{"Attachments": [{"Content": "aGk=", "ContentLength": -2}]}"#,
        ),
        (
            "odd-date.json",
            br#"{"Date": "Fri, 1 Aug 2014 16:45:32 -04:0\u00e9 (x"}"#,
        ),
        ("not-an-object.json", br#"[{"MessageID": "m-1"}]"#),
    ];
    for (name, bytes) in broken {
        seeds.push(("inbound_parser", format!("broken-{name}"), bytes.to_vec()));
    }
    for (name, bytes) in spec_examples() {
        seeds.push(("event_parser", format!("spec-{name}.json"), bytes.clone()));
        bodies.push((format!("spec-{name}.json"), bytes));
    }
    for (name, body) in &bodies {
        let good = request(ALL_CHECKS, b"postmark:hunter2", b"s3cr3t", body);
        seeds.push(("receiver", format!("accepted-{name}"), good));
    }
    let delivery = &event_fixtures::named("Delivery-symfony-1.json").bytes;
    let docs = inbound::fixtures()
        .into_iter()
        .find(|(name, _)| name == "Inbound-docs-1.json")
        .unwrap()
        .1;
    let more: [(&str, Vec<u8>); 10] = [
        (
            "wrong-password",
            request(ALL_CHECKS, b"postmark:hunter3", b"s3cr3t", delivery),
        ),
        (
            "password-prefix",
            request(ALL_CHECKS, b"postmark:hunter", b"s3cr3t", delivery),
        ),
        (
            "no-credentials",
            request(ALL_CHECKS, b"", b"s3cr3t", delivery),
        ),
        (
            "malformed-authorization",
            request(0b0011_1011, b"Basic !!!", b"s3cr3t", delivery),
        ),
        (
            "raw-authorization",
            request(
                0b0011_1011,
                b"Basic cG9zdG1hcms6aHVudGVyMg==",
                b"s3cr3t",
                delivery,
            ),
        ),
        (
            "wrong-secret",
            request(ALL_CHECKS, b"postmark:hunter2", b"s3cr3", delivery),
        ),
        (
            "oversized",
            request(0b0000_0111, b"postmark:hunter2", b"s3cr3t", delivery),
        ),
        ("accept-all", request(0b0011_1000, b"", b"", delivery)),
        (
            "inbound-wrong-password",
            request(INBOUND | ALL_CHECKS, b"postmark:hunter3", b"s3cr3t", &docs),
        ),
        (
            "inbound-oversized",
            request(INBOUND | 0b0001_1111, b"postmark:hunter2", b"s3cr3t", &docs),
        ),
    ];
    for (name, input) in more {
        seeds.push(("receiver", name.to_string(), input));
    }
    seeds
}

#[test]
fn the_corpus_holds_every_seed() {
    let bless = std::env::var_os("BLESS_FUZZ_CORPUS").is_some();
    let mut missing = Vec::new();
    for (target, name, bytes) in seeds() {
        let path = corpus(target).join(&name);
        if bless {
            std::fs::create_dir_all(corpus(target)).unwrap();
            std::fs::write(&path, &bytes).unwrap();
        }
        if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
            missing.push(format!("{target}/{name}"));
        }
    }
    assert!(
        missing.is_empty(),
        "seeds missing or stale in fuzz/corpus: {missing:?}; run \
         BLESS_FUZZ_CORPUS=1 cargo test --test fuzz_corpus"
    );
}

#[test]
fn every_corpus_file_replays_through_its_target() {
    for (target, entry) in TARGETS {
        let mut replayed = 0;
        for file in std::fs::read_dir(corpus(target)).unwrap() {
            let path = file.unwrap().path();
            let input = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| entry(&input));
            assert!(outcome.is_ok(), "{} fails its target", path.display());
            replayed += 1;
        }
        assert!(replayed > 30, "{target}: only {replayed} corpus files");
    }
}

#[test]
fn the_seeds_reach_the_interesting_outcomes() {
    use postmark_webhooks::events::WebhookEvent;
    use postmark_webhooks::receiver::{Receiver, Rejection};
    // The accepted-* seeds pass; the others fail as their names say. (This
    // re-derives what fuzzing::receiver does, to keep the seeds meaningful.)
    let receiver = Receiver::builder()
        .basic_auth("postmark", "hunter2")
        .secret_header("X-Webhook-Secret", "s3cr3t")
        .build()
        .unwrap();
    let mut headers = http::HeaderMap::new();
    headers.insert(
        http::header::AUTHORIZATION,
        http::HeaderValue::from_static("Basic cG9zdG1hcms6aHVudGVyMg=="),
    );
    headers.insert("x-webhook-secret", http::HeaderValue::from_static("s3cr3t"));
    for fixture in event_fixtures::valid() {
        assert!(receiver.accept(&headers, &fixture.bytes).is_ok());
        assert!(WebhookEvent::from_slice(&fixture.bytes).is_ok());
    }
    for (_, bytes) in inbound::fixtures() {
        assert!(receiver.accept_inbound(&headers, &bytes).is_ok());
    }
    headers.insert("x-webhook-secret", http::HeaderValue::from_static("s3cr3"));
    assert!(matches!(
        receiver.accept(&headers, b"{}"),
        Err(Rejection::WrongSecret)
    ));
}
