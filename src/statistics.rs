//! The answer to a statistics request: delivery counts over a rolling
//! 24 hours.
//!
//! Postmark documents this answer only in outline, so every field decodes
//! leniently, names of triggers, statuses and metrics are open strings, and
//! metrics not modelled here are kept in [`WebhookMetrics::other`].

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::redact::RedactedOptionUrl;
use crate::verification::null_as_default;

/// What [`Webhooks::statistics`](crate::Webhooks::statistics) returns.
///
/// `Debug` hides credentials embedded in the URL.
///
/// ```
/// let stats: postmark_webhooks::WebhookStatistics = serde_json::from_str(r#"{
///     "WebhookId": 1234567,
///     "Statuses": {"Open": "Verified"},
///     "Metrics": {"Deliveries": 3, "Failures": 2, "LastStatusCode": 200, "AvgLatencyMs": 12},
///     "MetricsByTrigger": {"Open": {"Deliveries": 3, "Failures": 2}}
/// }"#).unwrap();
/// assert_eq!(stats.metrics.failures, Some(2));
/// assert_eq!(stats.metrics.other["AvgLatencyMs"], 12);
/// assert_eq!(stats.metrics_by_trigger["Open"].deliveries, Some(3));
/// assert_eq!(stats.statuses["Open"], "Verified");
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WebhookStatistics {
    /// The webhook's ID, if the answer carries it.
    #[serde(rename = "WebhookId", default, skip_serializing_if = "Option::is_none")]
    pub webhook_id: Option<i64>,
    /// The webhook's URL, if the answer carries it. It may carry credentials.
    #[serde(rename = "Url", default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The verification status of each trigger (such as `Verified`), by
    /// trigger name.
    #[serde(rename = "Statuses", default, deserialize_with = "null_as_default")]
    pub statuses: BTreeMap<String, String>,
    /// The period covered.
    #[serde(rename = "TimeRange", default, deserialize_with = "null_as_default")]
    pub time_range: TimeRange,
    /// The counts over all triggers.
    #[serde(rename = "Metrics", default, deserialize_with = "null_as_default")]
    pub metrics: WebhookMetrics,
    /// The counts of each trigger, by trigger name.
    #[serde(
        rename = "MetricsByTrigger",
        default,
        deserialize_with = "null_as_default"
    )]
    pub metrics_by_trigger: BTreeMap<String, WebhookMetrics>,
}

impl fmt::Debug for WebhookStatistics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookStatistics")
            .field("webhook_id", &self.webhook_id)
            .field("url", &RedactedOptionUrl(self.url.as_deref()))
            .field("statuses", &self.statuses)
            .field("time_range", &self.time_range)
            .field("metrics", &self.metrics)
            .field("metrics_by_trigger", &self.metrics_by_trigger)
            .finish()
    }
}

/// The period that statistics cover, as Postmark writes it.
///
/// ```
/// let range: postmark_webhooks::TimeRange =
///     serde_json::from_str(r#"{"From": "2024-05-01T10:00:00Z", "To": null}"#).unwrap();
/// assert_eq!(range.from.as_deref(), Some("2024-05-01T10:00:00Z"));
/// assert_eq!(range.to, None);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TimeRange {
    /// The start, as an ISO 8601 timestamp.
    #[serde(rename = "From", default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The end, as an ISO 8601 timestamp.
    #[serde(rename = "To", default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

/// Counts of delivery requests.
///
/// ```
/// let metrics: postmark_webhooks::WebhookMetrics =
///     serde_json::from_str(r#"{"Deliveries": 3, "Failures": 2, "LastStatusCode": 200}"#).unwrap();
/// assert_eq!((metrics.deliveries, metrics.failures), (Some(3), Some(2)));
/// assert_eq!(metrics.last_status_code, Some(200));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WebhookMetrics {
    /// How many requests were sent, retries included.
    #[serde(
        rename = "Deliveries",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub deliveries: Option<i64>,
    /// How many requests were not answered with HTTP 2xx.
    #[serde(rename = "Failures", default, skip_serializing_if = "Option::is_none")]
    pub failures: Option<i64>,
    /// The HTTP status of the last answer; `None` when there was none.
    #[serde(
        rename = "LastStatusCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_status_code: Option<i64>,
    /// Metrics this version does not model, by Postmark's name.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}
