//! `cargo xtask msrv`: the SDK's declared `rust-version` is at least that of
//! every crate a user compiles with it. Reads `cargo metadata` (all
//! features, the locked versions) and follows normal and build dependencies
//! from the SDK; dev-dependencies and xtask's are the maintainers' own.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::{Command, ExitCode};

use serde_json::Value;

/// The SDK package's name.
const SDK: &str = "postmark-webhooks";

/// Runs the check: fails naming every crate that needs a newer Rust; `Err`
/// when cargo metadata cannot be read.
pub fn run(root: &Path) -> Result<ExitCode, String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--all-features",
            "--locked",
        ])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let metadata: Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("cargo metadata printed no JSON: {e}"))?;
    let (declared, too_new) = check(&metadata)?;
    if too_new.is_empty() {
        println!("rust-version {declared}: every dependency builds with it");
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "{SDK} declares rust-version {declared}, but these dependencies need more:\n{}\n\
         Raise `rust-version` in Cargo.toml to the highest, or pin older versions in Cargo.lock.",
        too_new.join("\n")
    );
    Ok(ExitCode::FAILURE)
}

/// The SDK's declared rust-version and, sorted, each dependency that
/// declares a higher one (`name version: rust-version`).
pub fn check(metadata: &Value) -> Result<(String, Vec<String>), String> {
    let packages: HashMap<&str, &Value> = metadata["packages"]
        .as_array()
        .ok_or("cargo metadata lists no packages")?
        .iter()
        .filter_map(|p| Some((p["id"].as_str()?, p)))
        .collect();
    let sdk = packages
        .values()
        .find(|p| p["name"] == SDK && p["source"].is_null())
        .ok_or(format!("no package {SDK} in the workspace"))?;
    let declared = sdk["rust_version"]
        .as_str()
        .ok_or(format!("{SDK} declares no rust-version"))?;
    let limit = parse(declared).ok_or(format!("unreadable rust-version {declared}"))?;
    let nodes: HashMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .ok_or("cargo metadata has no resolve graph")?
        .iter()
        .filter_map(|n| Some((n["id"].as_str()?, n)))
        .collect();
    let mut seen = BTreeSet::new();
    let mut stack = vec![sdk["id"].as_str().unwrap_or_default()];
    let mut too_new = BTreeSet::new();
    while let Some(id) = stack.pop() {
        let Some(node) = nodes.get(id) else { continue };
        for dep in node["deps"].as_array().into_iter().flatten() {
            let user_compiled = dep["dep_kinds"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|k| k["kind"].is_null() || k["kind"] == "build");
            let Some(dep_id) = dep["pkg"].as_str() else {
                continue;
            };
            if !user_compiled || !seen.insert(dep_id) {
                continue;
            }
            stack.push(dep_id);
            let package = packages
                .get(dep_id)
                .ok_or(format!("unknown package {dep_id}"))?;
            if let Some(needed) = package["rust_version"].as_str()
                && parse(needed).is_some_and(|n| n > limit)
            {
                too_new.insert(format!(
                    "  {} {}: rust-version {needed}",
                    package["name"].as_str().unwrap_or_default(),
                    package["version"].as_str().unwrap_or_default()
                ));
            }
        }
    }
    Ok((declared.to_owned(), too_new.into_iter().collect()))
}

/// `1.88` or `1.88.1` as (major, minor, patch).
fn parse(version: &str) -> Option<(u64, u64, u64)> {
    let mut parts = version.split('.').map(str::parse::<u64>);
    let major = parts.next()?.ok()?;
    let minor = parts.next().unwrap_or(Ok(0)).ok()?;
    let patch = parts.next().unwrap_or(Ok(0)).ok()?;
    parts.next().is_none().then_some((major, minor, patch))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The SDK at 1.88 with a normal dependency `a` (which has a build
    /// dependency `b`) and a dev-dependency `dev`.
    fn metadata(a: &str, b: &str, dev: &str) -> Value {
        json!({
            "packages": [
                {"id": "sdk", "name": SDK, "version": "0.1.0", "source": null, "rust_version": "1.88"},
                {"id": "a", "name": "a", "version": "1.0.0", "source": "registry", "rust_version": a},
                {"id": "b", "name": "b", "version": "2.0.0", "source": "registry", "rust_version": b},
                {"id": "dev", "name": "dev", "version": "3.0.0", "source": "registry", "rust_version": dev},
            ],
            "resolve": {"nodes": [
                {"id": "sdk", "deps": [
                    {"pkg": "a", "dep_kinds": [{"kind": null}]},
                    {"pkg": "dev", "dep_kinds": [{"kind": "dev"}]},
                ]},
                {"id": "a", "deps": [{"pkg": "b", "dep_kinds": [{"kind": "build"}]}]},
                {"id": "b", "deps": []},
                {"id": "dev", "deps": []},
            ]}
        })
    }

    #[test]
    fn dependencies_at_or_below_the_declared_version_pass() {
        let (declared, too_new) = check(&metadata("1.88.0", "1.63", "1.90")).unwrap();
        assert_eq!(declared, "1.88");
        assert_eq!(too_new, Vec::<String>::new());
    }

    #[test]
    fn a_transitive_build_dependency_above_it_is_named() {
        let (_, too_new) = check(&metadata("1.88", "1.88.1", "1.60")).unwrap();
        assert_eq!(too_new, ["  b 2.0.0: rust-version 1.88.1"]);
    }

    #[test]
    fn versions_compare_as_numbers() {
        assert_eq!(parse("1.88"), Some((1, 88, 0)));
        assert_eq!(parse("1.9.3"), Some((1, 9, 3)));
        assert!(parse("1.100") > parse("1.88"));
        assert_eq!(parse("1.x"), None);
        assert_eq!(parse("1.2.3.4"), None);
    }
}
