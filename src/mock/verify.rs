//! Verification as Postmark does it: one test request per enabled trigger,
//! each of which must be answered with HTTP 200. URLs the mock does not
//! contact (not loopback) pass or fail as
//! [`MockServer::set_remote_verification`](super::MockServer::set_remote_verification)
//! says; the mock's own port always fails.

use serde_json::{Value, json};

use super::Inner;
use super::delivery::{self, DeliveryAttempt, NotSent};
use super::state::Reject;
use crate::model::{Webhook, WebhookStatus};
use crate::record_type::RecordType;

/// The outcome of one trigger's test request.
pub(super) struct Check {
    trigger: RecordType,
    attempt: DeliveryAttempt,
}

impl Check {
    fn passed(&self) -> bool {
        self.attempt.status == Some(200)
    }
}

/// POSTs a test event for each enabled trigger of `webhook`, one at a time.
/// Call it without holding the state lock.
pub(super) async fn run(inner: &Inner, webhook: &Webhook) -> Vec<Check> {
    let mut checks = Vec::new();
    for trigger in RecordType::ALL {
        if !webhook.triggers.get(trigger).enabled {
            continue;
        }
        let attempt = match delivery::target(inner, &webhook.url) {
            Err(NotSent::Remote) if inner.delivery_settings().remote_verification => {
                DeliveryAttempt {
                    status: Some(200),
                    error: None,
                }
            }
            Err(NotSent::Remote) => DeliveryAttempt {
                status: None,
                error: Some(delivery::NO_ANSWER.to_owned()),
            },
            _ => {
                let event = delivery::event(trigger, webhook, &delivery::uuid(), true);
                let body = serde_json::to_vec(&event).expect("JSON values serialize");
                delivery::post(inner, webhook, &body, &delivery::uuid(), None).await
            }
        };
        checks.push(Check { trigger, attempt });
    }
    checks
}

/// Whether every test request was answered with HTTP 200.
pub(super) fn all_passed(checks: &[Check]) -> bool {
    checks.iter().all(Check::passed)
}

/// Sets each trigger type's status from its outcome, and the webhook's to
/// verified if every check passed (a failed check leaves it as it was).
pub(super) fn record(inner: &Inner, id: i64, checks: &[Check]) {
    {
        let mut stats = super::lock(&inner.stats);
        for check in checks {
            let status = if check.passed() {
                WebhookStatus::Verified
            } else {
                WebhookStatus::Unverified
            };
            stats.set_status(id, check.trigger, status);
        }
    }
    if all_passed(checks) {
        inner.state().set_status(id, WebhookStatus::Verified);
    }
}

/// The refusal of a create or edit whose verification failed.
pub(super) fn refusal(checks: &[Check]) -> Reject {
    let failed: Vec<String> = checks
        .iter()
        .filter(|c| !c.passed())
        .map(|c| match c.attempt.status {
            Some(status) => format!("{} (HTTP {status})", c.trigger),
            None => format!("{} (no answer)", c.trigger),
        })
        .collect();
    Reject::new(
        422,
        1364,
        format!(
            "Webhook verification failed: the URL did not answer HTTP 200 for {}. Nothing was saved.",
            failed.join(", ")
        ),
    )
}

/// The answer of `POST /webhooks/{id}/verify`.
pub(super) fn answer(webhook: &Webhook, checks: &[Check]) -> Value {
    let results: Vec<Value> = checks
        .iter()
        .map(|c| {
            let message = match (c.attempt.status, &c.attempt.error) {
                (Some(200), _) => "OK".to_owned(),
                (Some(status), _) => format!("The receiver answered HTTP {status}."),
                (None, Some(error)) => format!("No answer: {error}."),
                (None, None) => "No answer.".to_owned(),
            };
            let mut result = json!({
                "TriggerType": c.trigger.as_str(),
                "Success": c.passed(),
                "Message": message,
            });
            if let Some(status) = c.attempt.status {
                result["StatusCode"] = json!(status);
            }
            result
        })
        .collect();
    let failed = checks.iter().filter(|c| !c.passed()).count();
    let message = if failed == 0 {
        "Verification succeeded.".to_owned()
    } else {
        format!(
            "Verification failed for {failed} of {} triggers.",
            checks.len()
        )
    };
    json!({
        "Id": webhook.id,
        "Url": webhook.url,
        "Success": failed == 0,
        "Results": results,
        "Message": message,
    })
}
