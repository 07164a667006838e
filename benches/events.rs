//! Parsing inbound events: `WebhookEvent::from_slice` against parsing the
//! same bytes into `serde_json::Value`, per record type, in MB/s.
//!
//! ```text
//! cargo bench --bench events
//! ```
//!
//! Each record type's payloads are the real ones under
//! `tests/fixtures/postmark-events/`. Rounds of the two parsers are
//! interleaved and the median throughput of each is reported.

mod common;

use std::hint::black_box;
use std::time::Duration;

use postmark_webhooks::RecordType;
use postmark_webhooks::events::WebhookEvent;

use common::{fixture_files, interleaved};

const ROUNDS: usize = 21;
const PER_ROUND: Duration = Duration::from_millis(40);

fn main() {
    let files = fixture_files("postmark-events");
    println!(
        "{:<20} {:>8} {:>14} {:>14} {:>8}",
        "record type", "payloads", "typed MB/s", "Value MB/s", "ratio"
    );
    for record_type in RecordType::ALL.map(RecordType::as_str) {
        let payloads: Vec<Vec<u8>> = files
            .iter()
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                name.starts_with(&format!("{record_type}-"))
            })
            .map(|p| std::fs::read(p).unwrap())
            .collect();
        for payload in &payloads {
            // Every payload parses, and to its own record type.
            assert_eq!(
                WebhookEvent::from_slice(payload).unwrap().record_type(),
                record_type
            );
        }
        let typed = |bytes: &[u8]| {
            black_box(WebhookEvent::from_slice(bytes).unwrap());
        };
        let value = |bytes: &[u8]| {
            black_box(serde_json::from_slice::<serde_json::Value>(bytes).unwrap());
        };
        let (t, v) = interleaved(&payloads, ROUNDS, PER_ROUND, typed, value);
        println!(
            "{record_type:<20} {:>8} {:>14.1} {:>14.1} {:>8.2}",
            payloads.len(),
            t / 1e6,
            v / 1e6,
            t / v
        );
    }
}
