//! Generates the typed client from `spec/postmark-webhooks.yaml` into
//! `$OUT_DIR/codegen.rs`, which `src/raw.rs` includes.

include!("codegen/settings.rs");

fn main() {
    println!("cargo::rerun-if-changed={SPEC_PATH}");
    println!("cargo::rerun-if-changed=codegen/settings.rs");
    println!("cargo::rerun-if-changed=build.rs");

    let spec_text = match std::fs::read_to_string(SPEC_PATH) {
        Ok(text) => text,
        Err(e) => fail(&format!("cannot read {SPEC_PATH}: {e}")),
    };
    let code = match generate_client(&spec_text) {
        Ok(code) => code,
        Err(message) => fail(&message),
    };
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let out = std::path::Path::new(&out_dir).join("codegen.rs");
    if let Err(e) = std::fs::write(&out, code) {
        fail(&format!("cannot write {}: {e}", out.display()));
    }
    let examples = match event_examples(&spec_text) {
        Ok(examples) => examples,
        Err(message) => fail(&message),
    };
    let out = std::path::Path::new(&out_dir).join("event_examples.json");
    if let Err(e) = std::fs::write(&out, examples) {
        fail(&format!("cannot write {}: {e}", out.display()));
    }
}

/// The record types whose example events the mock delivers.
const RECORD_TYPES: [&str; 6] = [
    "Bounce",
    "SpamComplaint",
    "Delivery",
    "Open",
    "Click",
    "SubscriptionChange",
];

/// The spec's example of each `<RecordType>Event` schema, as one JSON object
/// by record type, for the mock's deliveries (`src/mock/delivery.rs`).
fn event_examples(spec_text: &str) -> Result<String, String> {
    let spec: openapiv3::OpenAPI = yaml_serde::from_str(spec_text)
        .map_err(|e| format!("{SPEC_PATH} is not a valid OpenAPI 3.0 document: {e}"))?;
    let schemas = spec.components.map(|c| c.schemas).unwrap_or_default();
    let mut entries = Vec::new();
    for record_type in RECORD_TYPES {
        let name = format!("{record_type}Event");
        let example = match schemas.get(&name) {
            Some(openapiv3::ReferenceOr::Item(schema)) => schema.schema_data.example.as_ref(),
            _ => None,
        }
        .ok_or_else(|| format!("{SPEC_PATH}: schema {name} needs an example"))?;
        entries.push(format!("{:?}: {example}", record_type));
    }
    Ok(format!("{{{}}}", entries.join(", ")))
}

fn fail(message: &str) -> ! {
    println!("cargo::error={message}");
    std::process::exit(1);
}
