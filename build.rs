//! Checks that the generated client checked in at `spec/codegen.snapshot.rs`
//! (which `src/raw.rs` compiles) was generated from the current spec and
//! settings. With the `codegen` feature, also runs progenitor on the spec and
//! fails unless its output is exactly the checked-in file.

include!("codegen/stamp.rs");
#[cfg(feature = "codegen")]
include!("codegen/settings.rs");

/// The spec, relative to the crate root.
#[cfg(not(feature = "codegen"))]
const SPEC_PATH: &str = "spec/postmark-webhooks.yaml";

/// The generation settings, relative to the crate root.
const SETTINGS_PATH: &str = "codegen/settings.rs";

fn main() {
    for path in [SPEC_PATH, SETTINGS_PATH, "codegen/stamp.rs", GENERATED_PATH] {
        println!("cargo::rerun-if-changed={path}");
    }
    let spec_text = read(SPEC_PATH);
    let generated = read(GENERATED_PATH);
    let expected = stamp(&spec_text, &read(SETTINGS_PATH));
    if generated.lines().next().map(|l| l.trim_end_matches('\r')) != Some(expected.as_str()) {
        fail(&format!(
            "{GENERATED_PATH} was not generated from the current {SPEC_PATH} and \
             {SETTINGS_PATH}: run `{REGENERATE}` and review its diff"
        ));
    }
    #[cfg(feature = "codegen")]
    match generate_client(&spec_text) {
        Ok(fresh) if fresh == generated.replace("\r\n", "\n") => {}
        Ok(_) => fail(&format!(
            "{GENERATED_PATH} differs from what progenitor generates from {SPEC_PATH}: run \
             `{REGENERATE}` and review its diff (`cargo xtask check-spec` shows it)"
        )),
        Err(message) => fail(&message),
    }
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| fail(&format!("cannot read {path}: {e}")))
}

fn fail(message: &str) -> ! {
    println!("cargo::error={message}");
    std::process::exit(1);
}
