//! The [replaced-type] rule of `cargo xtask check-spec` end to end: the real
//! spec agrees with the hand-written types in `src/`, and a change on either
//! side (made in a scratch copy) fails naming the schema, the Rust type and
//! the property.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

const RULE: &str = "replaced-type";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn real_spec() -> PathBuf {
    workspace_root().join("spec/postmark-webhooks.yaml")
}

fn real_src() -> PathBuf {
    workspace_root().join("src")
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("replaced-types-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `check-spec --format json` with `args`: the exit code and the
/// findings.
fn check(args: &[&str]) -> (i32, Vec<Value>) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["check-spec", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let findings: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {stdout}\nstderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (
        output.status.code().unwrap(),
        findings.as_array().unwrap().clone(),
    )
}

/// The errors among `findings`, as (rule, location, message).
fn errors(findings: &[Value]) -> Vec<(String, String, String)> {
    findings
        .iter()
        .filter(|f| f.get("severity").is_none())
        .map(|f| {
            let field = |key: &str| f[key].as_str().unwrap().to_string();
            (field("rule"), field("location"), field("message"))
        })
        .collect()
}

/// The [replaced-type] errors among `findings` (a fixture property added
/// without `x-source` also draws a [source] error, which is not this rule's).
fn rule_errors(findings: &[Value]) -> Vec<(String, String, String)> {
    errors(findings)
        .into_iter()
        .filter(|(rule, _, _)| rule == RULE)
        .collect()
}

/// Asserts that `error` is a [replaced-type] error at `location` whose message
/// starts with `start`.
fn assert_error(error: &(String, String, String), location: &str, start: &str) {
    let (rule, at, message) = error;
    assert_eq!((rule.as_str(), at.as_str()), (RULE, location), "{message}");
    assert!(message.starts_with(start), "{message}");
}

/// The one error among `findings`.
fn only_error(findings: &[Value]) -> (String, String, String) {
    let mut errors = rule_errors(findings);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors.remove(0)
}

/// The real spec with `change` applied to its parsed form, written as JSON
/// into `dir`.
fn changed_spec(dir: &Path, change: impl FnOnce(&mut Value)) -> PathBuf {
    let text = std::fs::read_to_string(real_spec()).unwrap();
    let mut doc: Value = yaml_serde::from_str(&text).unwrap();
    change(&mut doc);
    let path = dir.join("spec.json");
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    path
}

/// A copy of the real `src/` in `dir`, with `file` (relative to `src/`)
/// changed by `edit`, which must change it.
fn changed_src(dir: &Path, file: &str, edit: impl FnOnce(&str) -> String) -> PathBuf {
    let src = dir.join("src");
    copy_dir(&real_src(), &src);
    let path = src.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = edit(&text);
    assert_ne!(changed, text, "the edit of src/{file} no longer applies");
    std::fs::write(&path, changed).unwrap();
    src
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs `check-spec` on `spec` with the sources `src`.
fn check_against(spec: &Path, src: &Path) -> (i32, Vec<Value>) {
    check(&[
        "--spec",
        spec.to_str().unwrap(),
        "--src",
        src.to_str().unwrap(),
    ])
}

/// Runs the real spec against `src` and returns its errors (the run must fail).
fn failing_against(src: &Path) -> Vec<(String, String, String)> {
    let (code, findings) = check_against(&real_spec(), src);
    assert_eq!(code, 1, "{findings:#?}");
    rule_errors(&findings)
}

#[test]
fn the_real_spec_agrees_with_the_hand_written_types() {
    let (code, findings) = check_against(&real_spec(), &real_src());
    assert_eq!(errors(&findings), Vec::new(), "{findings:#?}");
    assert_eq!(code, 0);
    let note = json!({
        "rule": RULE,
        "location": "/components/schemas/BounceEvent",
        "message": "crate::events::BounceEvent keeps unknown fields in `extra`",
        "severity": "note",
    });
    assert!(findings.contains(&note), "{findings:#?}");
}

#[test]
fn a_property_added_to_the_webhook_schema_fails_until_the_type_has_it() {
    let dir = scratch("description");
    let spec = changed_spec(&dir, |doc| {
        doc["components"]["schemas"]["Webhook"]["properties"]["Description"] = json!({"type": "string", "description": "A note about the webhook.", "x-unverified": "a test property"});
    });
    let (code, findings) = check_against(&spec, &real_src());
    assert_error(
        &only_error(&findings),
        "/components/schemas/Webhook/properties/Description",
        "components/schemas/Webhook: property Description has no field in \
         crate::model::Webhook; ",
    );
    assert_eq!(code, 1);

    // A fixture spec is compared with the sources only when they are given.
    let (code, findings) = check(&["--spec", spec.to_str().unwrap()]);
    assert_eq!((code, findings), (0, Vec::new()));
}

#[test]
fn a_property_added_to_a_macro_built_trigger_fails_too() {
    let dir = scratch("macro-trigger");
    let spec = changed_spec(&dir, |doc| {
        doc["components"]["schemas"]["OpenTrigger"]["properties"]["PostEveryOpen"] =
            json!({"type": "boolean", "x-unverified": "a test property"});
    });
    let (code, findings) = check_against(&spec, &real_src());
    assert_error(
        &only_error(&findings),
        "/components/schemas/OpenTrigger/properties/PostEveryOpen",
        "components/schemas/OpenTrigger: property PostEveryOpen has no field in \
         crate::triggers::Open (built by `triggers!`)",
    );
    assert_eq!(code, 1);
}

#[test]
fn a_field_with_a_wrong_rename_fails_from_both_sides() {
    let dir = scratch("rename");
    let src = changed_src(&dir, "model.rs", |text| {
        text.replacen(
            "#[serde(rename = \"MessageStream\")]",
            "#[serde(rename = \"MessageStreamId\")]",
            1,
        )
    });
    let errors = failing_against(&src);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_error(
        &errors[0],
        "/components/schemas/Webhook/properties/MessageStream",
        "components/schemas/Webhook: property MessageStream has no field in \
         crate::model::Webhook; ",
    );
    assert_error(
        &errors[1],
        "/components/schemas/Webhook/properties/MessageStreamId",
        "components/schemas/Webhook has no property MessageStreamId, but field \
         `message_stream` of crate::model::Webhook goes over the wire as MessageStreamId; ",
    );
}

#[test]
fn a_required_property_modelled_as_an_option_fails() {
    let dir = scratch("required");
    let src = changed_src(&dir, "model.rs", |text| {
        text.replacen("    pub id: i64,\n", "    pub id: Option<i64>,\n", 1)
    });
    let errors = failing_against(&src);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_error(
        &errors[0],
        "/components/schemas/Webhook/properties/ID",
        "components/schemas/Webhook: property ID is required and not nullable, but `id` of \
         crate::model::Webhook is an Option; ",
    );
}

#[test]
fn an_open_ended_property_mapped_to_a_closed_enum_fails() {
    let dir = scratch("closed-enum");
    let src = changed_src(&dir, "verification.rs", |text| {
        let closed = "\n/// Closed.\npub enum ClosedKind {\n    /// A.\n    Open,\n}\n";
        text.replacen(
            "pub trigger_type: Option<TriggerType>,",
            "pub trigger_type: Option<ClosedKind>,",
            1,
        ) + closed
    });
    let errors = failing_against(&src);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_error(
        &errors[0],
        "/components/schemas/TriggerVerification/properties/TriggerType",
        "components/schemas/TriggerVerification: property TriggerType takes open-ended values",
    );
}

#[test]
fn a_closed_spec_enum_needs_an_open_rust_type() {
    let dir = scratch("spec-enum");
    // `Url` is a String: an enum on it still passes, since a String keeps any
    // value; `ID` is an i64, which is no string type.
    let spec = changed_spec(&dir, |doc| {
        let properties = &mut doc["components"]["schemas"]["Webhook"]["properties"];
        properties["Url"]["enum"] = json!(["https://a.example"]);
        properties["ID"]["enum"] = json!(["1"]);
    });
    let (code, findings) = check_against(&spec, &real_src());
    let replaced: Vec<(String, String, String)> = errors(&findings)
        .into_iter()
        .filter(|(rule, _, _)| rule == RULE)
        .collect();
    assert_eq!(replaced.len(), 1, "{replaced:#?}");
    assert_error(
        &replaced[0],
        "/components/schemas/Webhook/properties/ID",
        "components/schemas/Webhook: property ID takes open-ended values (an `enum`, or \
         `Open-ended` in its description), but `id` of crate::model::Webhook is i64, which is \
         no string type; ",
    );
    assert_eq!(code, 1);
}
