//! What the mock remembers of its deliveries, per webhook: each request of
//! the last 24 hours and each trigger type's verification status, for
//! `GET /webhooks/{id}/statistics` and for pausing trigger types.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::{Duration, SystemTime};

use crate::model::{Webhook, WebhookStatus};
use crate::record_type::RecordType;
use crate::statistics::{TimeRange, WebhookMetrics, WebhookStatistics};

/// The period statistics cover, as Postmark's: a rolling 24 hours.
const WINDOW: Duration = Duration::from_secs(24 * 60 * 60);

/// At most this many requests are remembered per webhook; older ones are
/// dropped first.
pub(crate) const MAX_ATTEMPTS_PER_WEBHOOK: usize = 10_000;

/// One delivery request, as the statistics count it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Attempt {
    pub(crate) at: SystemTime,
    pub(crate) trigger: RecordType,
    /// Answered with HTTP 2xx.
    pub(crate) succeeded: bool,
    /// A retry, not the first request of its delivery.
    pub(crate) retry: bool,
    /// The last request of its delivery.
    pub(crate) terminal: bool,
    /// How long the answer took (or the wait for none).
    pub(crate) elapsed: Duration,
}

/// How long an answer may take before it counts as slow, and as very slow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SlowThresholds {
    pub(crate) slow: Duration,
    pub(crate) very_slow: Duration,
}

/// One webhook's record.
#[derive(Clone, Debug, Default)]
struct Record {
    attempts: VecDeque<Attempt>,
    statuses: BTreeMap<RecordType, WebhookStatus>,
}

/// Every webhook's record, by webhook ID (IDs are unique across servers).
#[derive(Debug, Default)]
pub(crate) struct Stats {
    records: HashMap<i64, Record>,
}

impl Stats {
    /// Remembers one delivery request, forgetting what is older than the
    /// window or over the per-webhook limit.
    pub(crate) fn attempt(&mut self, webhook: i64, attempt: Attempt) {
        let attempts = &mut self.records.entry(webhook).or_default().attempts;
        attempts.push_back(attempt);
        let oldest = attempt.at.checked_sub(WINDOW);
        while attempts.len() > MAX_ATTEMPTS_PER_WEBHOOK
            || attempts
                .front()
                .is_some_and(|a| oldest.is_some_and(|o| a.at < o))
        {
            attempts.pop_front();
        }
    }

    /// Sets a trigger type's verification status.
    pub(crate) fn set_status(&mut self, webhook: i64, trigger: RecordType, status: WebhookStatus) {
        self.records
            .entry(webhook)
            .or_default()
            .statuses
            .insert(trigger, status);
    }

    /// Whether a trigger type is paused: unverified after failing.
    pub(crate) fn paused(&self, webhook: i64, trigger: RecordType) -> bool {
        self.records
            .get(&webhook)
            .and_then(|r| r.statuses.get(&trigger))
            == Some(&WebhookStatus::Unverified)
    }

    /// Forgets a deleted webhook.
    pub(crate) fn forget(&mut self, webhook: i64) {
        self.records.remove(&webhook);
    }

    /// Whether anything is kept for this webhook.
    #[cfg(test)]
    pub(crate) fn tracks(&self, webhook: i64) -> bool {
        self.records.contains_key(&webhook)
    }

    /// The statistics of a webhook over the 24 hours before `now`. Each
    /// enabled trigger type has a status: its own if a verification or a
    /// failing delivery set one, else the webhook's.
    pub(crate) fn answer(
        &self,
        webhook: &Webhook,
        now: SystemTime,
        thresholds: SlowThresholds,
    ) -> WebhookStatistics {
        let empty = Record::default();
        let record = self.records.get(&webhook.id).unwrap_or(&empty);
        let start = now.checked_sub(WINDOW).unwrap_or(SystemTime::UNIX_EPOCH);
        let recent: Vec<&Attempt> = record
            .attempts
            .iter()
            .filter(|a| a.at >= start && a.at <= now)
            .collect();
        let metrics_by_trigger = RecordType::ALL
            .into_iter()
            .filter(|t| recent.iter().any(|a| a.trigger == *t))
            .map(|t| {
                let of_trigger = recent.iter().copied().filter(|a| a.trigger == t);
                (t.into(), metrics(of_trigger, thresholds))
            })
            .collect();
        let own = webhook.status.clone().unwrap_or(WebhookStatus::Unverified);
        let statuses = RecordType::ALL
            .into_iter()
            .filter(|&t| webhook.triggers.get(t).enabled)
            .map(|t| {
                let status = record.statuses.get(&t).cloned().unwrap_or(own.clone());
                (t.into(), status)
            })
            .collect();
        WebhookStatistics {
            webhook_id: webhook.id,
            url: webhook.url.clone(),
            statuses,
            time_range: TimeRange {
                start_time: chrono::DateTime::<chrono::Utc>::from(start).into(),
                end_time: chrono::DateTime::<chrono::Utc>::from(now).into(),
                hours: 24,
            },
            metrics: metrics(recent.iter().copied(), thresholds),
            metrics_by_trigger,
        }
    }
}

/// The nine metrics of some requests.
fn metrics<'a>(
    attempts: impl Iterator<Item = &'a Attempt>,
    thresholds: SlowThresholds,
) -> WebhookMetrics {
    let mut m = WebhookMetrics::default();
    let (mut terminal, mut terminal_ms, mut retry_ms) = (0u64, 0u128, 0u128);
    for a in attempts {
        m.total_requests += 1;
        if a.succeeded {
            m.success_count += 1;
        } else {
            m.failure_count += 1;
        }
        if a.elapsed >= thresholds.slow {
            m.slow_count += 1;
        }
        if a.elapsed >= thresholds.very_slow {
            m.very_slow_count += 1;
        }
        if a.retry {
            m.retry_count += 1;
            retry_ms += a.elapsed.as_millis();
        }
        if a.terminal {
            terminal += 1;
            terminal_ms += a.elapsed.as_millis();
        }
    }
    let average = |sum: u128, n: u64| u64::try_from(sum / u128::from(n.max(1))).unwrap_or(u64::MAX);
    if m.total_requests > 0 {
        let rate = 100.0 * m.success_count as f64 / m.total_requests as f64;
        m.success_rate = (rate * 100.0).round() / 100.0;
    }
    m.average_terminal_response_time_ms = average(terminal_ms, terminal);
    m.average_retry_response_time_ms =
        (m.retry_count > 0).then(|| average(retry_ms, m.retry_count));
    m
}
