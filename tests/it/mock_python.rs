//! The official postmark-python SDK (`postmark-python` on PyPI) runs the
//! webhooks walkthrough of Postmark's guide against the standalone
//! `postmark-mock`: `tests/python/walkthrough.py`.
//!
//! The interpreter is `$POSTMARK_PYTHON` (`.ci/run` sets it to a virtual
//! environment with `postmark-python==0.4.0`), else `python3`. Without the
//! SDK the test fails under CI (`CI` set) and is skipped with a note
//! elsewhere.

#![cfg(feature = "mock")]

use crate::standalone;

use std::process::Command;

use standalone::Running;

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/python/walkthrough.py");

#[test]
fn the_official_python_sdk_walkthrough_passes_against_the_mock() {
    let python = std::env::var("POSTMARK_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let has_sdk = Command::new(&python)
        .args(["-c", "import postmark, postmark.models.webhooks"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_sdk {
        assert!(
            std::env::var_os("CI").is_none(),
            "{python} cannot import the official SDK: pip install postmark-python==0.4.0"
        );
        eprintln!("skipped: {python} cannot import postmark (pip install postmark-python==0.4.0)");
        return;
    }
    let running = Running::start(&["--port", "0", "--token", "python-walkthrough"]);
    let output = Command::new(&python)
        .args([SCRIPT, &running.base_url, "python-walkthrough"])
        .output()
        .expect("the walkthrough runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.ends_with("walkthrough: 16 passed, 0 failed\n"),
        "{stdout}"
    );
}
