//! Maintenance tasks: `cargo xtask check-spec`, `cargo xtask codegen`,
//! `cargo xtask msrv` and `cargo xtask build-cost`.

mod breaking;
mod build_cost;
mod check;
mod document;
mod dropped_keys;
mod examples;
mod findings;
mod meta_schema;
mod msrv;
mod openapi_schema;
mod operations;
mod refs;
mod schema_rules;
mod schema_walk;
mod snapshot;
mod sources;
mod validation;

use findings::{Format, error_count, render};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

include!("../../codegen/stamp.rs");
include!("../../codegen/settings.rs");

const USAGE: &str = "\
Usage: cargo xtask <task> [options]

Tasks:
  check-spec   check the spec against the project's rules, and that the
               snapshot of the generated client is current
  codegen      regenerate the snapshot from the spec
  msrv         check that no dependency in Cargo.lock declares a higher
               rust-version than the SDK's
  build-cost   time a clean debug build of a small application using the SDK
               against the same application using reqwest + serde + tokio

Options:
  --spec <path>       the spec (default: spec/postmark-webhooks.yaml)
  --snapshot <path>   the snapshot (default: spec/codegen.snapshot.rs; with
                      --spec, check-spec skips the snapshot unless given)
  --format text|json  check-spec output (default: text)
  --against <git-ref> check-spec also lists the changes since the spec at
                      <git-ref> that break SDK users, and the additions

Traceability (check-spec rule `source`): every operation, every component
schema and every property of any schema (`$ref` properties included) says
where its claim about Postmark comes from, with one of
  x-source: https://postmarkapp.com/developer/...   the documentation page
            (or a list of page URLs)
  x-unverified: \"<one-line reason>\"               no primary source, and why
Both may stand together, also beside a `$ref`.";

/// Exit status for a usage error or a failure to run (findings exit with 1).
const EXIT_USAGE: u8 = 2;

struct Args {
    task: String,
    spec: Option<PathBuf>,
    snapshot: Option<PathBuf>,
    format: Format,
    against: Option<String>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let task = args.next().ok_or("no task given")?;
    let mut parsed = Args {
        task,
        spec: None,
        snapshot: None,
        format: Format::Text,
        against: None,
    };
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--spec" => parsed.spec = Some(PathBuf::from(value()?)),
            "--snapshot" => parsed.snapshot = Some(PathBuf::from(value()?)),
            "--against" => parsed.against = Some(value()?),
            "--format" => {
                parsed.format = match value()?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    other => return Err(format!("unknown format `{other}` (text or json)")),
                }
            }
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    let mut raw = std::env::args().skip(1).peekable();
    if matches!(raw.peek().map(String::as_str), None | Some("-h" | "--help")) {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let args = match parse_args(raw) {
        Ok(args)
            if ["check-spec", "codegen", "msrv", "build-cost"].contains(&args.task.as_str()) =>
        {
            args
        }
        Ok(args) => return usage_error(&format!("unknown task `{}`", args.task)),
        Err(message) => return usage_error(&message),
    };
    let result = match args.task.as_str() {
        "codegen" => codegen(&args),
        "msrv" => msrv::run(&workspace_root()),
        "build-cost" => build_cost::run(&workspace_root()).map(|()| ExitCode::SUCCESS),
        _ => check_spec(&args),
    };
    result.unwrap_or_else(|message| {
        eprintln!("error: {message}");
        ExitCode::from(EXIT_USAGE)
    })
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\n{USAGE}");
    ExitCode::from(EXIT_USAGE)
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

/// The path relative to the workspace root, if it lies inside it.
fn in_workspace(root: &Path, path: &Path) -> Option<String> {
    let absolute = std::fs::canonicalize(path).ok()?;
    let root = std::fs::canonicalize(root).ok()?;
    let relative = absolute.strip_prefix(&root).ok()?;
    Some(relative.to_string_lossy().replace('\\', "/"))
}

/// A path as findings show it: relative to the workspace when inside it.
fn display_name(root: &Path, path: &Path) -> String {
    in_workspace(root, path).unwrap_or_else(|| path.display().to_string())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn check_spec(args: &Args) -> Result<ExitCode, String> {
    let root = workspace_root();
    let spec_path = args.spec.clone().unwrap_or_else(|| root.join(SPEC_PATH));
    // The snapshot belongs to the real spec: a fixture spec is compared only
    // with a snapshot given explicitly.
    let snapshot_path = match (&args.spec, &args.snapshot) {
        (_, Some(snapshot)) => Some(snapshot.clone()),
        (None, None) => Some(root.join(GENERATED_PATH)),
        (Some(_), None) => None,
    };
    let text = read(&spec_path)?;
    let snapshot_name = snapshot_path.as_deref().map(|p| display_name(&root, p));
    let snapshot = snapshot_path
        .as_deref()
        .zip(snapshot_name.as_deref())
        .map(|(path, name)| check::Snapshot { path, name });
    let mut findings = check::run(&text, snapshot);
    if let Some(git_ref) = &args.against {
        // The same file at <git-ref>; a spec from outside the repository is
        // compared with the project's spec.
        let in_repo = in_workspace(&root, &spec_path).unwrap_or_else(|| SPEC_PATH.to_string());
        let base = breaking::base_spec(&root, git_ref, &in_repo)?;
        findings.extend(check::against(
            &base,
            &text,
            &format!("{git_ref}:{in_repo}"),
        ));
    }
    print!("{}", render(&findings, args.format));
    Ok(if error_count(&findings) == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn codegen(args: &Args) -> Result<ExitCode, String> {
    let root = workspace_root();
    let spec_path = args.spec.clone().unwrap_or_else(|| root.join(SPEC_PATH));
    let snapshot_path = match (&args.spec, &args.snapshot) {
        (_, Some(snapshot)) => snapshot.clone(),
        (None, None) => root.join(GENERATED_PATH),
        (Some(_), None) => return Err("with --spec, codegen needs --snapshot too".into()),
    };
    snapshot::write(&read(&spec_path)?, &snapshot_path)?;
    println!("wrote {}", display_name(&root, &snapshot_path));
    Ok(ExitCode::SUCCESS)
}
