//! What the mock remembers of its deliveries and test requests, per webhook,
//! for `GET /webhooks/{id}/statistics`.

use std::collections::{BTreeMap, HashMap};
use std::time::SystemTime;

use serde_json::{Value, json};

use crate::model::Webhook;

/// Counts of one trigger's requests.
#[derive(Clone, Copy, Debug, Default)]
struct Counts {
    deliveries: i64,
    failures: i64,
    last_status: Option<u16>,
}

impl Counts {
    fn add(&mut self, status: Option<u16>) {
        self.deliveries += 1;
        if !status.is_some_and(|s| (200..300).contains(&s)) {
            self.failures += 1;
        }
        self.last_status = status;
    }

    fn to_json(self) -> Value {
        let mut value = json!({ "Deliveries": self.deliveries, "Failures": self.failures });
        if let Some(status) = self.last_status {
            value["LastStatusCode"] = json!(status);
        }
        value
    }
}

/// One webhook's record.
#[derive(Clone, Debug, Default)]
struct Record {
    by_trigger: BTreeMap<String, Counts>,
    statuses: BTreeMap<String, &'static str>,
    /// The status of the last request over all triggers.
    last_status: Option<u16>,
}

/// Every webhook's record, by webhook ID (IDs are unique across servers).
#[derive(Debug, Default)]
pub(crate) struct Stats {
    records: HashMap<i64, Record>,
}

impl Stats {
    /// Counts one delivery request (`None`: no answer).
    pub(crate) fn attempt(&mut self, webhook: i64, trigger: &str, status: Option<u16>) {
        let record = self.records.entry(webhook).or_default();
        record
            .by_trigger
            .entry(trigger.to_owned())
            .or_default()
            .add(status);
        record.last_status = status;
    }

    /// Notes the outcome of a trigger's test request.
    pub(crate) fn verified(&mut self, webhook: i64, trigger: &str, ok: bool) {
        let status = if ok { "Verified" } else { "Unverified" };
        self.records
            .entry(webhook)
            .or_default()
            .statuses
            .insert(trigger.to_owned(), status);
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

    /// The statistics answer for a webhook.
    pub(crate) fn answer(&self, webhook: &Webhook, now: SystemTime) -> Value {
        let record = self.records.get(&webhook.id).cloned().unwrap_or_default();
        let mut total = Counts {
            last_status: record.last_status,
            ..Counts::default()
        };
        let mut by_trigger = serde_json::Map::new();
        for (trigger, counts) in &record.by_trigger {
            total.deliveries += counts.deliveries;
            total.failures += counts.failures;
            by_trigger.insert(trigger.clone(), counts.to_json());
        }
        let day = std::time::Duration::from_secs(24 * 60 * 60);
        json!({
            "WebhookId": webhook.id,
            "Url": webhook.url,
            "Statuses": record.statuses,
            "TimeRange": {
                "From": super::delivery::rfc3339(now.checked_sub(day).unwrap_or(now)),
                "To": super::delivery::rfc3339(now),
            },
            "Metrics": total.to_json(),
            "MetricsByTrigger": by_trigger,
        })
    }
}
