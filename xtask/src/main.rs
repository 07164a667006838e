//! Maintenance tasks: `cargo xtask check-spec` and `cargo xtask codegen`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

include!("../../codegen/settings.rs");

/// Where the reviewable copy of the generated client lives.
const SNAPSHOT_PATH: &str = "spec/codegen.snapshot.rs";

const USAGE: &str = "\
Usage: cargo xtask <task>

Tasks:
  check-spec   check spec/postmark-webhooks.yaml and that spec/codegen.snapshot.rs is current
  codegen      regenerate spec/codegen.snapshot.rs from the spec";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("check-spec") => check_spec(&root),
        Some("codegen") => codegen(&root),
        Some("-h" | "--help") | None => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(vec![format!("unknown task `{other}`\n\n{USAGE}")]),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(findings) => {
            for finding in &findings {
                eprintln!("{finding}");
            }
            eprintln!("\n{} finding(s)", findings.len());
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

fn generate(root: &Path) -> Result<String, Vec<String>> {
    let spec_path = root.join(SPEC_PATH);
    let text = std::fs::read_to_string(&spec_path)
        .map_err(|e| vec![format!("{}: cannot read: {e}", spec_path.display())])?;
    generate_client(&text).map_err(|e| vec![e])
}

fn codegen(root: &Path) -> Result<(), Vec<String>> {
    let code = generate(root)?;
    let path = root.join(SNAPSHOT_PATH);
    std::fs::write(&path, code)
        .map_err(|e| vec![format!("{}: cannot write: {e}", path.display())])?;
    println!("wrote {SNAPSHOT_PATH}");
    Ok(())
}

fn check_spec(root: &Path) -> Result<(), Vec<String>> {
    let code = generate(root)?;
    let snapshot_path = root.join(SNAPSHOT_PATH);
    let snapshot = std::fs::read_to_string(&snapshot_path).unwrap_or_default();
    if snapshot != code {
        return Err(vec![format!(
            "{SNAPSHOT_PATH}: out of date with {SPEC_PATH}; run `cargo xtask codegen` and review the diff"
        )]);
    }
    println!("check-spec: {SPEC_PATH} generates a client equal to {SNAPSHOT_PATH}");
    Ok(())
}
