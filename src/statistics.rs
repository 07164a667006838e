//! The answer to a statistics request: how one webhook's deliveries fared
//! over the last 24 hours, as Postmark documents it.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::WebhookStatus;
use crate::model::null_as_default;
use crate::redact::RedactedUrl;
use crate::timestamp::Timestamp;
use crate::triggers::TriggerType;

/// What [`Webhooks::statistics`](crate::Webhooks::statistics) returns: the
/// delivery figures of one webhook over a fixed rolling 24 hours, in all and
/// by trigger type, and each trigger type's verification status.
///
/// Trigger types are keyed by [`TriggerType`]: a [`RecordType`](crate::record_type::RecordType)
/// this version knows, or a name it does not, kept as Postmark sent it.
/// `Debug` hides credentials embedded in the URL.
///
/// ```
/// use postmark_webhooks::{WebhookStatistics, WebhookStatus, events::RecordType};
///
/// let stats: WebhookStatistics = serde_json::from_str(r#"{
///     "WebhookId": 12345,
///     "Url": "https://example.com/webhook",
///     "Statuses": {"Bounce": "unverified", "Delivery": "verified"},
///     "TimeRange": {"StartTime": "2025-04-04T16:33:54.9070259Z",
///                   "EndTime": "2025-04-05T16:33:54.9070259Z", "Hours": 24},
///     "Metrics": {"TotalRequests": 1000, "SuccessCount": 950, "FailureCount": 50,
///                 "RetryCount": 62, "SuccessRate": 95.0, "SlowCount": 18, "VerySlowCount": 4,
///                 "AverageTerminalResponseTimeMs": 240, "AverageRetryResponseTimeMs": 1850},
///     "MetricsByTrigger": {}
/// }"#).unwrap();
/// assert_eq!(stats.metrics.success_count, 950);
/// assert_eq!(stats.metrics.success_rate, 95.0);
/// assert_eq!(stats.statuses[&RecordType::Bounce.into()], WebhookStatus::Unverified);
/// assert_eq!(stats.time_range.hours, 24);
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WebhookStatistics {
    /// The webhook's ID.
    #[serde(rename = "WebhookId")]
    pub webhook_id: i64,
    /// The webhook's URL. It may carry credentials.
    #[serde(rename = "Url")]
    pub url: String,
    /// The verification status of each trigger type. A
    /// trigger type that kept failing is `unverified` and gets no events
    /// until the webhook is verified again.
    #[serde(rename = "Statuses", default, deserialize_with = "null_as_default")]
    pub statuses: BTreeMap<TriggerType, WebhookStatus>,
    /// The period covered.
    #[serde(rename = "TimeRange")]
    pub time_range: TimeRange,
    /// The figures over all trigger types.
    #[serde(rename = "Metrics")]
    pub metrics: WebhookMetrics,
    /// The figures of each trigger type.
    #[serde(
        rename = "MetricsByTrigger",
        default,
        deserialize_with = "null_as_default"
    )]
    pub metrics_by_trigger: BTreeMap<TriggerType, WebhookMetrics>,
}

impl fmt::Debug for WebhookStatistics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookStatistics")
            .field("webhook_id", &self.webhook_id)
            .field("url", &RedactedUrl(&self.url))
            .field("statuses", &self.statuses)
            .field("time_range", &self.time_range)
            .field("metrics", &self.metrics)
            .field("metrics_by_trigger", &self.metrics_by_trigger)
            .finish()
    }
}

/// The period that statistics cover: the last 24 hours up to the request.
///
/// ```
/// let range: postmark_webhooks::TimeRange = serde_json::from_str(
///     r#"{"StartTime": "2025-04-04T16:33:54.9070259Z", "EndTime": "2025-04-05T16:33:54.9070259Z", "Hours": 24}"#,
/// ).unwrap();
/// assert_eq!((range.end_time.to_utc() - range.start_time.to_utc()).num_hours(), 24);
/// assert_eq!(range.start_time.as_str(), "2025-04-04T16:33:54.9070259Z");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TimeRange {
    /// The start of the period.
    #[serde(rename = "StartTime")]
    pub start_time: Timestamp,
    /// The end of the period.
    #[serde(rename = "EndTime")]
    pub end_time: Timestamp,
    /// The length of the period in hours.
    #[serde(rename = "Hours")]
    pub hours: u32,
}

/// Delivery figures: requests, outcomes, retries and response times, with
/// the meanings Postmark's webhook guide gives them.
///
/// ```
/// let metrics: postmark_webhooks::WebhookMetrics = serde_json::from_str(r#"{
///     "TotalRequests": 900, "SuccessCount": 900, "FailureCount": 0, "RetryCount": 0,
///     "SuccessRate": 100.0, "SlowCount": 6, "VerySlowCount": 0,
///     "AverageTerminalResponseTimeMs": 165, "AverageRetryResponseTimeMs": null
/// }"#).unwrap();
/// assert_eq!(metrics.total_requests, 900);
/// assert_eq!(metrics.average_terminal_response_time_ms, 165);
/// assert_eq!(metrics.average_retry_response_time_ms, None);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WebhookMetrics {
    /// Requests attempted in the period.
    #[serde(rename = "TotalRequests")]
    pub total_requests: u64,
    /// Requests that succeeded.
    #[serde(rename = "SuccessCount")]
    pub success_count: u64,
    /// Requests that failed.
    #[serde(rename = "FailureCount")]
    pub failure_count: u64,
    /// Retry attempts made.
    #[serde(rename = "RetryCount")]
    pub retry_count: u64,
    /// The percentage of requests that succeeded (`95.0` is 95 %).
    #[serde(rename = "SuccessRate")]
    pub success_rate: f64,
    /// Slow responses.
    #[serde(rename = "SlowCount")]
    pub slow_count: u64,
    /// Very slow responses.
    #[serde(rename = "VerySlowCount")]
    pub very_slow_count: u64,
    /// The average response time of terminal attempts, in milliseconds.
    #[serde(rename = "AverageTerminalResponseTimeMs")]
    pub average_terminal_response_time_ms: u64,
    /// The average response time of retry attempts, in milliseconds; `None`
    /// when there were no retries.
    #[serde(rename = "AverageRetryResponseTimeMs")]
    pub average_retry_response_time_ms: Option<u64>,
}
