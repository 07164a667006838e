//! The Postmark event payloads of `tests/fixtures/postmark-events/` (see its
//! `SOURCES.md`), for the tests that parse, verify and fuzz them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// The fixture directory.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/postmark-events")
}

/// One payload file.
pub struct Fixture {
    /// The file name, e.g. `Bounce-symfony-1.json`.
    pub name: String,
    /// The bytes, exactly as in the file.
    pub bytes: Vec<u8>,
}

impl Fixture {
    /// The file name's prefix: the payload's `RecordType`, or `Unknown` or
    /// `Invalid` for the synthetic files.
    pub fn prefix(&self) -> &str {
        self.name.split('-').next().unwrap()
    }

    /// Whether the payload is a real (or made-up but valid) event.
    pub fn is_valid(&self) -> bool {
        self.prefix() != "Invalid"
    }

    /// The payload as JSON (valid fixtures only).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or_else(|e| panic!("{}: {e}", self.name))
    }
}

/// Every fixture, by name.
pub fn all() -> Vec<Fixture> {
    let mut found: Vec<Fixture> = std::fs::read_dir(dir())
        .expect("the fixture directory exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| Fixture {
            name: path.file_name().unwrap().to_str().unwrap().to_string(),
            bytes: std::fs::read(&path).unwrap(),
        })
        .collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    found
}

/// The valid fixtures (every one but `Invalid-*`).
pub fn valid() -> Vec<Fixture> {
    all().into_iter().filter(Fixture::is_valid).collect()
}

/// The fixture with this name.
pub fn named(name: &str) -> Fixture {
    all()
        .into_iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no fixture {name}"))
}

/// An event's JSON with the normalisations that a parse and serialize round
/// trip makes: `ServerId` is spelled `ServerID`, and fields of the event (or
/// of its `Client`, `OS` and `Geo`) whose value is `null` are left out. (The
/// fixtures have no `null` in unknown fields or `Metadata`, which are kept
/// as they are.)
pub fn normalized(value: &Value) -> Value {
    let Value::Object(map) = value else {
        return value.clone();
    };
    let mut out = Map::new();
    for (key, value) in map {
        let key = if key == "ServerId" { "ServerID" } else { key };
        match value {
            Value::Null => {}
            Value::Object(inner) if matches!(key, "Client" | "OS" | "Geo") => {
                let inner = inner
                    .iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                out.insert(key.to_string(), Value::Object(inner));
            }
            other => {
                out.insert(key.to_string(), other.clone());
            }
        }
    }
    Value::Object(out)
}
