//! Parsing inbound messages: `InboundMessage::from_slice` against parsing
//! the same bytes into `serde_json::Value`, per fixture and for all of them,
//! in MB/s.
//!
//! ```text
//! cargo bench --bench inbound
//! ```
//!
//! The payloads are the real ones under `tests/fixtures/postmark-inbound/`.
//! Rounds of the two parsers are interleaved and the median throughput of
//! each is reported.

mod common;

use std::hint::black_box;
use std::time::Duration;

use postmark_webhooks::inbound::InboundMessage;

use common::{fixture_files, interleaved};

const ROUNDS: usize = 21;
const PER_ROUND: Duration = Duration::from_millis(40);

fn main() {
    let files = fixture_files("postmark-inbound");
    let payloads: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy();
            let name = name.trim_start_matches("Inbound-").to_string();
            (name, std::fs::read(path).unwrap())
        })
        .collect();
    for (name, payload) in &payloads {
        // Every payload parses.
        InboundMessage::from_slice(payload).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let typed = |bytes: &[u8]| {
        black_box(InboundMessage::from_slice(bytes).unwrap());
    };
    let value = |bytes: &[u8]| {
        black_box(serde_json::from_slice::<serde_json::Value>(bytes).unwrap());
    };
    println!(
        "{:<16} {:>8} {:>14} {:>14} {:>8}",
        "payload", "bytes", "typed MB/s", "Value MB/s", "ratio"
    );
    let all: Vec<Vec<u8>> = payloads.iter().map(|(_, bytes)| bytes.clone()).collect();
    let rows = payloads
        .iter()
        .map(|(name, bytes)| (name.as_str(), vec![bytes.clone()]))
        .chain([("all", all)]);
    for (name, group) in rows {
        let (t, v) = interleaved(&group, ROUNDS, PER_ROUND, typed, value);
        let bytes: usize = group.iter().map(Vec::len).sum();
        println!(
            "{name:<16} {bytes:>8} {:>14.1} {:>14.1} {:>8.2}",
            t / 1e6,
            v / 1e6,
            t / v
        );
    }
}
