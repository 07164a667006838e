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
}

fn fail(message: &str) -> ! {
    println!("cargo::error={message}");
    std::process::exit(1);
}
