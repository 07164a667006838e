//! What the benchmarks share: the median of their rounds and a timer.
// Each bench is its own crate and uses only some of these.
#![allow(dead_code)]

use std::future::Future;
use std::time::Instant;

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
