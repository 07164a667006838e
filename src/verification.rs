//! The answer to a verify request: one test request per enabled trigger.
//!
//! Postmark documents this answer only in outline, so every field decodes
//! leniently: missing fields and `null`s take their defaults.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::null_as_default;
use crate::redact::RedactedOptionUrl;
use crate::triggers::TriggerType;

/// What [`Webhooks::verify`](crate::Webhooks::verify) found: whether the
/// receiver answered each trigger's test request with HTTP 200.
///
/// A `200` answer can still report failure: check [`success`](Self::success).
/// `Debug` hides credentials embedded in the URL.
///
/// ```
/// let verification: postmark_webhooks::WebhookVerification = serde_json::from_str(r#"{
///     "Id": 1234567,
///     "Url": "https://user:secret@example.com/hook",
///     "Success": false,
///     "Results": [{"TriggerType": "Click", "Success": false, "StatusCode": 401}]
/// }"#).unwrap();
/// assert!(!verification.success);
/// assert_eq!(verification.results[0].status_code, Some(401));
/// assert!(!format!("{verification:?}").contains("secret"));
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WebhookVerification {
    /// The webhook's ID, if the answer carries it.
    #[serde(rename = "Id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// The URL that was tested, if the answer carries it. It may carry
    /// credentials.
    #[serde(rename = "Url", default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Whether every test request was answered with HTTP 200. Missing or
    /// `null` decodes as `false`.
    #[serde(rename = "Success", default, deserialize_with = "null_as_default")]
    pub success: bool,
    /// One result per enabled trigger; `null` decodes as none.
    #[serde(rename = "Results", default, deserialize_with = "null_as_default")]
    pub results: Vec<TriggerVerification>,
    /// A human-readable summary, if any.
    #[serde(rename = "Message", default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl fmt::Debug for WebhookVerification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookVerification")
            .field("id", &self.id)
            .field("url", &RedactedOptionUrl(self.url.as_deref()))
            .field("success", &self.success)
            .field("results", &self.results)
            .field("message", &self.message)
            .finish()
    }
}

/// The outcome of one trigger's test request.
///
/// ```
/// use postmark_webhooks::{events::RecordType, triggers::TriggerType};
///
/// let result: postmark_webhooks::TriggerVerification = serde_json::from_str(
///     r#"{"TriggerType": "Open", "Success": true, "StatusCode": 200, "Message": "OK"}"#,
/// ).unwrap();
/// assert_eq!(result.trigger_type, Some(TriggerType::Known(RecordType::Open)));
/// assert!(result.success);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TriggerVerification {
    /// The trigger type. Open-ended: a name this version does not know is
    /// kept as [`TriggerType::Other`].
    #[serde(
        rename = "TriggerType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub trigger_type: Option<TriggerType>,
    /// Whether the receiver answered HTTP 200. Missing or `null` decodes as
    /// `false`.
    #[serde(rename = "Success", default, deserialize_with = "null_as_default")]
    pub success: bool,
    /// The receiver's HTTP status; `None` when it did not answer.
    #[serde(
        rename = "StatusCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub status_code: Option<i64>,
    /// A human-readable explanation, if any.
    #[serde(rename = "Message", default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}
