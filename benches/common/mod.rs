//! What the benchmarks share: the median of their rounds, a timer, the
//! interleaved throughput of two parsers, and the fixture files.
// Each bench is its own crate and uses only some of these.
#![allow(dead_code)]

use std::future::Future;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The median of `values` (the upper one of an even count).
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// How long `call` takes, in seconds.
pub async fn timed(call: impl Future<Output = ()>) -> f64 {
    let started = Instant::now();
    call.await;
    started.elapsed().as_secs_f64()
}

/// Parses `payloads` over and over for about `per_round`; returns bytes/s.
pub fn throughput(payloads: &[Vec<u8>], per_round: Duration, parse: &impl Fn(&[u8])) -> f64 {
    let bytes_per_pass: usize = payloads.iter().map(Vec::len).sum();
    let started = Instant::now();
    let mut passes = 0u64;
    while started.elapsed() < per_round {
        for payload in payloads {
            parse(black_box(payload));
        }
        passes += 1;
    }
    (bytes_per_pass as f64 * passes as f64) / started.elapsed().as_secs_f64()
}

/// The median throughputs (bytes/s) of parsers `a` and `b` over `payloads`:
/// one warm-up round each, then `rounds` rounds of both, in alternating order.
pub fn interleaved(
    payloads: &[Vec<u8>],
    rounds: usize,
    per_round: Duration,
    a: impl Fn(&[u8]),
    b: impl Fn(&[u8]),
) -> (f64, f64) {
    throughput(payloads, per_round, &a);
    throughput(payloads, per_round, &b);
    let (mut of_a, mut of_b) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        if round % 2 == 0 {
            of_a.push(throughput(payloads, per_round, &a));
            of_b.push(throughput(payloads, per_round, &b));
        } else {
            of_b.push(throughput(payloads, per_round, &b));
            of_a.push(throughput(payloads, per_round, &a));
        }
    }
    (median(of_a), median(of_b))
}

/// The JSON files of `tests/fixtures/<fixtures>/`, sorted by name.
pub fn fixture_files(fixtures: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixtures);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("the fixtures exist")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}
