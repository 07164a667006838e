//! `cargo xtask check-spec` end to end: each fixture under `tests/fixtures/`
//! is `minimal.yaml` with one change and must produce exactly its one finding;
//! the real spec must produce none.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xtask() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("check-spec-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(args: &[&str]) -> Output {
    xtask().args(args).output().expect("the xtask binary runs")
}

/// Runs `check-spec --format json` with `args`; returns the exit code and
/// the findings as `(rule, location)` pairs (plus the raw JSON).
fn check_json(args: &[&str]) -> (i32, Vec<(String, String)>, Value) {
    let mut all = vec!["check-spec", "--format", "json"];
    all.extend_from_slice(args);
    let output = run(&all);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let json: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {stdout}\nstderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let pairs = json
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["location"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (output.status.code().unwrap(), pairs, json)
}

/// Every rule, its fixture's expected location, and its extra arguments.
const RULES: &[(&str, &str)] = &[
    ("openapi-version", "/openapi"),
    ("meta-schema", "/paths/~1items~1{id}/parameters/0"),
    (
        "dropped-key",
        "/components/schemas/NewItem/properties/Name/nulable",
    ),
    (
        "unresolved-ref",
        "/components/schemas/NewItem/properties/Owner/$ref",
    ),
    ("unused-component", "/components/schemas/Orphan"),
    ("operation-id", "GET /items/{id}"),
    ("summary", "GET /items/{id}"),
    ("tag", "GET /items/{id}"),
    ("success-response", "GET /items/{id}"),
    ("error-response", "GET /items/{id}"),
    ("security", "GET /items/{id}"),
    ("path-params", "GET /items/{id}"),
    (
        "nullable-optional-array",
        "/components/schemas/Item/properties/Tags",
    ),
    (
        "closed-response",
        "/components/schemas/Item/additionalProperties",
    ),
    (
        "closed-enum",
        "/components/schemas/Item/properties/Tags/items/enum",
    ),
    (
        "property-case",
        "/components/schemas/NewItem/properties/item_name",
    ),
    ("example", "/components/schemas/Item/example"),
    ("source", "/components/schemas/NewItem/properties/Name"),
    ("codegen", "xtask/tests/fixtures/codegen.snapshot.rs"),
];

/// Runs the fixture of `rule` and checks it yields exactly the one finding.
fn assert_fixture(rule: &str) {
    let (_, location) = RULES.iter().find(|(r, _)| *r == rule).unwrap();
    let spec = fixtures().join(format!("{rule}.yaml"));
    let snapshot = fixtures().join("codegen.snapshot.rs");
    let mut args = vec!["--spec", spec.to_str().unwrap()];
    if rule == "codegen" {
        args.extend(["--snapshot", snapshot.to_str().unwrap()]);
    }
    let (code, findings, _) = check_json(&args);
    assert_eq!(
        findings,
        vec![(rule.to_string(), location.to_string())],
        "fixture {rule}.yaml"
    );
    assert_eq!(code, 1, "a finding fails the run");
}

macro_rules! fixture_tests {
    ($($name:ident => $rule:literal,)*) => {
        $(
            #[test]
            fn $name() {
                assert_fixture($rule);
            }
        )*

        #[test]
        fn every_rule_has_a_fixture_test() {
            let tested = [$($rule),*];
            for (rule, _) in RULES {
                assert!(tested.contains(rule), "no test for {rule}");
                assert!(fixtures().join(format!("{rule}.yaml")).is_file(), "no fixture for {rule}");
            }
            assert_eq!(tested.len(), RULES.len());
        }
    };
}

fixture_tests! {
    fixture_openapi_version => "openapi-version",
    fixture_meta_schema => "meta-schema",
    fixture_dropped_key => "dropped-key",
    fixture_unresolved_ref => "unresolved-ref",
    fixture_unused_component => "unused-component",
    fixture_operation_id => "operation-id",
    fixture_summary => "summary",
    fixture_tag => "tag",
    fixture_success_response => "success-response",
    fixture_error_response => "error-response",
    fixture_security => "security",
    fixture_path_params => "path-params",
    fixture_nullable_optional_array => "nullable-optional-array",
    fixture_closed_response => "closed-response",
    fixture_closed_enum => "closed-enum",
    fixture_property_case => "property-case",
    fixture_example => "example",
    fixture_source => "source",
    fixture_codegen => "codegen",
}

#[test]
fn the_minimal_fixture_passes() {
    let spec = fixtures().join("minimal.yaml");
    let (code, findings, _) = check_json(&["--spec", spec.to_str().unwrap()]);
    assert_eq!(findings, Vec::new());
    assert_eq!(code, 0);
}

#[test]
fn refs_inside_extensions_count_as_uses() {
    let spec = fixtures().join("extension-refs.yaml");
    let (code, findings, json) = check_json(&["--spec", spec.to_str().unwrap()]);
    assert_eq!(findings, Vec::new(), "{json:#}");
    assert_eq!(code, 0);
}

#[test]
fn refs_inside_extensions_must_resolve() {
    let spec = fixtures().join("unresolved-ref-in-extension.yaml");
    let (code, findings, _) = check_json(&["--spec", spec.to_str().unwrap()]);
    assert_eq!(
        findings,
        vec![(
            "unresolved-ref".to_string(),
            "/x-events/Thing/$ref".to_string()
        )]
    );
    assert_eq!(code, 1);
}

/// The `source` fixture with its one unsourced property changed by
/// `replace`, written to a scratch file: the findings of check-spec on it.
fn source_fixture_with(name: &str, replace: &str) -> (i32, Vec<(String, String)>) {
    let text = std::fs::read_to_string(fixtures().join("source.yaml")).unwrap();
    let unsourced = "        Name:\n          type: string\n";
    assert_eq!(text.matches(unsourced).count(), 1, "source.yaml changed");
    let spec = scratch(name).join("spec.yaml");
    std::fs::write(&spec, text.replace(unsourced, replace)).unwrap();
    let (code, findings, _) = check_json(&["--spec", spec.to_str().unwrap()]);
    (code, findings)
}

#[test]
fn a_source_or_a_reason_makes_the_source_fixture_pass() {
    for (name, added) in [
        (
            "source-url",
            "          x-source: https://postmarkapp.com/developer/api/webhooks-api\n",
        ),
        (
            "source-urls",
            "          x-source:\n            - https://postmarkapp.com/developer/api/webhooks-api\n            - https://postmarkapp.com/developer/webhooks/webhooks-overview\n",
        ),
        (
            "source-reason",
            "          x-unverified: \"seen in one answer, not documented\"\n",
        ),
    ] {
        let sourced = format!("        Name:\n          type: string\n{added}");
        assert_eq!(
            source_fixture_with(name, &sourced),
            (0, Vec::new()),
            "{name}"
        );
    }
}

#[test]
fn a_source_that_is_no_url_or_a_reason_that_is_no_text_is_reported_where_it_stands() {
    let name = "/components/schemas/NewItem/properties/Name";
    for (case, added, key) in [
        (
            "source-http",
            "x-source: http://postmarkapp.com/developer",
            "x-source",
        ),
        ("source-words", "x-source: the webhooks page", "x-source"),
        ("source-flag", "x-unverified: true", "x-unverified"),
        ("source-blank", "x-unverified: \"\"", "x-unverified"),
    ] {
        let changed = format!("        Name:\n          type: string\n          {added}\n");
        assert_eq!(
            source_fixture_with(case, &changed),
            (1, vec![("source".to_string(), format!("{name}/{key}"))]),
            "{case}"
        );
    }
}

#[test]
fn a_missing_source_names_the_pointer_and_both_ways_to_fix_it() {
    let spec = fixtures().join("source.yaml");
    let output = run(&["check-spec", "--spec", spec.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        stdout,
        "error[source] /components/schemas/NewItem/properties/Name: property `Name` has neither \
         `x-source` nor `x-unverified`, so nothing says where the claim comes from; add \
         `x-source: <URL of the Postmark documentation page>` or `x-unverified: \"<one-line \
         reason>\"`\ncheck-spec: 1 error\n"
    );
}

#[test]
fn help_describes_the_traceability_keys() {
    let output = run(&["--help"]);
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("x-source: https://"), "{stdout}");
    assert!(
        stdout.contains("x-unverified: \"<one-line reason>\""),
        "{stdout}"
    );
}

#[test]
fn the_real_spec_passes_every_rule_and_matches_its_snapshot() {
    let (code, _, json) = check_json(&[]);
    // Notes inform without failing.
    let errors: Vec<&Value> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f.get("severity").is_none())
        .collect();
    assert_eq!(errors, Vec::<&Value>::new(), "{json:#}");
    assert_eq!(code, 0);
}

#[test]
fn text_output_is_one_line_a_finding_and_a_summary() {
    let spec = fixtures().join("summary.yaml");
    let output = run(&["check-spec", "--spec", spec.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].starts_with("error[summary] GET /items/{id}: "),
        "{stdout}"
    );
    assert!(
        lines[0].contains("; "),
        "what is wrong; what to do: {stdout}"
    );
    assert_eq!(lines[1], "check-spec: 1 error");
}

#[test]
fn a_changed_spec_without_a_refreshed_snapshot_fails_with_a_diff() {
    let dir = scratch("drift");
    let root = workspace_root();
    let spec = dir.join("spec.yaml");
    let snapshot = dir.join("snapshot.rs");
    std::fs::copy(root.join("spec/postmark-webhooks.yaml"), &spec).unwrap();
    std::fs::copy(root.join("spec/codegen.snapshot.rs"), &snapshot).unwrap();
    let args = [
        "--spec",
        spec.to_str().unwrap(),
        "--snapshot",
        snapshot.to_str().unwrap(),
    ];

    let (code, findings, _) = check_json(&args);
    assert_eq!((code, findings), (0, Vec::new()), "the copies agree");

    let text = std::fs::read_to_string(&spec).unwrap();
    // The list operation's query parameter: generated code (request bodies
    // are hand-written types, so a body property would not show).
    let changed = text.replace(
        "        - name: MessageStream\n",
        "        - name: Stream\n",
    );
    assert_ne!(
        changed, text,
        "the spec still has the list operation's MessageStream parameter"
    );
    std::fs::write(&spec, changed).unwrap();

    let mut all = vec!["check-spec"];
    all.extend_from_slice(&args);
    let output = run(&all);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with("error[codegen] "), "{stdout}");
    assert!(
        stdout.contains("run cargo xtask codegen and review the diff"),
        "{stdout}"
    );
    assert!(stdout.contains("\n@@ "), "a unified diff: {stdout}");
    assert!(
        stdout.contains("QueryParam::new(\"MessageStream\""),
        "{stdout}"
    );
    assert!(stdout.contains("QueryParam::new(\"Stream\""), "{stdout}");

    let (_, findings, json) = check_json(&args);
    assert_eq!(findings.len(), 1, "{json:#}");
    assert_eq!(findings[0].0, "codegen");
    assert!(
        findings[0].1.ends_with("check-spec-drift/snapshot.rs"),
        "{json:#}"
    );
    assert!(
        json[0]["diff"]
            .as_str()
            .unwrap()
            .contains("QueryParam::new(\"Stream\"")
    );

    let mut codegen = vec!["codegen"];
    codegen.extend_from_slice(&args);
    assert!(run(&codegen).status.success());
    let (code, findings, _) = check_json(&args);
    assert_eq!((code, findings), (0, Vec::new()), "refreshed");
}

#[test]
fn against_head_compares_with_the_committed_spec() {
    let root = workspace_root();
    let in_git = Command::new("git")
        .arg("-C")
        .arg(&root)
        .args(["cat-file", "-e", "HEAD:spec/postmark-webhooks.yaml"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !in_git {
        eprintln!(
            "skipped: {} is not a git checkout with the spec at HEAD",
            root.display()
        );
        return;
    }
    // The spec as committed at HEAD, so the test does not depend on
    // uncommitted edits: compared with itself it has no change at all.
    let head = Command::new("git")
        .arg("-C")
        .arg(&root)
        .args(["show", "HEAD:spec/postmark-webhooks.yaml"])
        .output()
        .unwrap();
    // Outside the repository, so that `--against` compares with the
    // project's spec at HEAD rather than with this file's own history.
    let dir = std::env::temp_dir().join(format!("xtask-against-head-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let same = dir.join("same.yaml");
    std::fs::write(&same, &head.stdout).unwrap();
    let (code, findings, _) = check_json(&["--spec", same.to_str().unwrap(), "--against", "HEAD"]);
    assert_eq!((code, findings), (0, Vec::new()));

    // Without the delete operation, the same comparison reports it as breaking.
    let text = String::from_utf8(head.stdout).unwrap();
    let mut doc: Value = yaml_serde::from_str(&text).unwrap();
    doc["paths"]["/webhooks/{id}"]
        .as_object_mut()
        .unwrap()
        .remove("delete");
    let fewer = dir.join("fewer.yaml");
    std::fs::write(&fewer, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let (code, _, json) = check_json(&["--spec", fewer.to_str().unwrap(), "--against", "HEAD"]);
    assert_eq!(code, 1);
    let breaking: Vec<&Value> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "breaking")
        .collect();
    assert!(
        breaking
            .iter()
            .any(|f| f["message"].as_str().unwrap().contains("delete_webhook")),
        "{breaking:#?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_option_is_a_usage_error() {
    let output = run(&["check-spec", "--frobnicate"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown option `--frobnicate`"));
    let output = run(&["check-spec", "--format", "xml"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn codegen_with_a_fixture_spec_needs_an_explicit_snapshot() {
    let spec = fixtures().join("minimal.yaml");
    let output = run(&["codegen", "--spec", spec.to_str().unwrap()]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "must not overwrite the real snapshot"
    );
}
