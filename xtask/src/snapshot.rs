//! [codegen]: progenitor, run with the settings `build.rs` uses, succeeds on
//! the spec, and its output equals the reviewed snapshot.

use crate::findings::Finding;
use similar::TextDiff;
use std::path::Path;

const RULE: &str = "codegen";

/// Lines of context around each change in the diff.
const CONTEXT: usize = 3;

/// Generates the client from `spec_text` and compares it with the snapshot at
/// `snapshot_path` (shown as `snapshot_name`).
pub fn check(spec_text: &str, snapshot_path: &Path, snapshot_name: &str) -> Vec<Finding> {
    let generated = match crate::generate_client(spec_text) {
        Ok(code) => code,
        Err(message) => {
            return vec![Finding::error(
                RULE,
                snapshot_name,
                format!("{message}; fix the spec so that progenitor accepts it"),
            )];
        }
    };
    let snapshot = match std::fs::read_to_string(snapshot_path) {
        Ok(text) => text,
        Err(e) => {
            return vec![Finding::error(
                RULE,
                snapshot_name,
                format!(
                    "cannot read the snapshot ({e}); run cargo xtask codegen and review the diff"
                ),
            )];
        }
    };
    if snapshot == generated {
        return Vec::new();
    }
    let diff = TextDiff::from_lines(&snapshot, &generated)
        .unified_diff()
        .context_radius(CONTEXT)
        .header(snapshot_name, "generated from the spec")
        .to_string();
    vec![
        Finding::error(
            RULE,
            snapshot_name,
            "the snapshot differs from what progenitor generates from the spec (diff below); run \
         cargo xtask codegen and review the diff",
        )
        .detail(diff),
    ]
}

/// `cargo xtask codegen`: writes the generated client to the snapshot.
pub fn write(spec_text: &str, snapshot_path: &Path) -> Result<(), String> {
    let code = crate::generate_client(spec_text)?;
    std::fs::write(snapshot_path, code)
        .map_err(|e| format!("cannot write {}: {e}", snapshot_path.display()))
}
