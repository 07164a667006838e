//! `list`, `get`, `delete`, `verify` and `stats`: one request each, shown as
//! text or JSON without secrets (passwords, header values and URL
//! credentials and queries are hidden).

use std::process::ExitCode;

use postmark_webhooks::{Error, ServerClient, Webhook, WebhookMetrics, WebhookTriggers};
use serde_json::{Value, json};

use super::{Outcome, print_json};

const HIDDEN: &str = "<redacted>";

/// An error about one webhook.
fn about(id: i64) -> impl Fn(Error) -> String {
    move |e| format!("webhook {id}: {e}")
}

pub(crate) async fn list(client: &ServerClient, stream: Option<String>, json: bool) -> Outcome {
    let mut request = client.webhooks().list();
    if let Some(stream) = stream {
        request = request.message_stream(stream);
    }
    let mut webhooks = request.await.map_err(|e| e.to_string())?;
    webhooks.sort_by_key(|w| w.id);
    if json {
        let shown: Vec<Value> = webhooks.iter().map(webhook_json).collect();
        print_json(&json!({ "Webhooks": shown }));
    } else {
        let rows = webhooks
            .iter()
            .map(|w| {
                vec![
                    w.id.to_string(),
                    w.message_stream.clone(),
                    w.status.as_ref().map_or("-", |s| s.as_str()).to_owned(),
                    triggers(&w.triggers),
                    w.redacted_url(),
                ]
            })
            .collect();
        print!(
            "{}",
            table(&["ID", "STREAM", "STATUS", "TRIGGERS", "URL"], rows)
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) async fn get(client: &ServerClient, id: i64, json: bool) -> Outcome {
    let w = client.webhooks().get(id).await.map_err(about(id))?;
    if json {
        print_json(&webhook_json(&w));
        return Ok(ExitCode::SUCCESS);
    }
    let auth = match &w.http_auth {
        Some(auth) => format!("user {:?}, password hidden", auth.username),
        None => "none".to_owned(),
    };
    let headers = if w.http_headers.is_empty() {
        "none".to_owned()
    } else {
        let names: Vec<&str> = w.http_headers.iter().map(|h| h.name.as_str()).collect();
        format!("{} (values hidden)", names.join(", "))
    };
    println!("ID:             {}", w.id);
    println!("URL:            {}", w.redacted_url());
    println!("Message stream: {}", w.message_stream);
    println!(
        "Status:         {}",
        w.status.as_ref().map_or("-", |s| s.as_str())
    );
    println!("HttpAuth:       {auth}");
    println!("HttpHeaders:    {headers}");
    println!("Triggers:       {}", triggers(&w.triggers));
    Ok(ExitCode::SUCCESS)
}

pub(crate) async fn delete(client: &ServerClient, id: i64, json: bool) -> Outcome {
    client.webhooks().delete(id).await.map_err(about(id))?;
    if json {
        print_json(&json!({ "ID": id, "Deleted": true }));
    } else {
        println!("Deleted webhook {id}.");
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) async fn verify(client: &ServerClient, id: i64, json: bool) -> Outcome {
    let v = client.webhooks().verify(id).await.map_err(about(id))?;
    if json {
        let results: Vec<Value> = v
            .results
            .iter()
            .map(|r| {
                json!({
                    "TriggerType": r.trigger_type,
                    "Success": r.success,
                    "StatusCode": r.status_code,
                    "Message": r.message,
                })
            })
            .collect();
        print_json(&json!({
            "ID": id,
            "Success": v.success,
            "Results": results,
            "Message": v.message,
        }));
    } else {
        let rows = v
            .results
            .iter()
            .map(|r| {
                vec![
                    r.trigger_type
                        .as_ref()
                        .map_or_else(|| "-".to_owned(), ToString::to_string),
                    if r.success { "yes" } else { "no" }.to_owned(),
                    r.status_code
                        .map_or_else(|| "-".to_owned(), |s| s.to_string()),
                    r.message.clone().unwrap_or_default(),
                ]
            })
            .collect();
        print!(
            "{}",
            table(&["TRIGGER", "SUCCESS", "STATUS", "MESSAGE"], rows)
        );
        if let Some(message) = &v.message {
            println!("{message}");
        }
    }
    if v.success {
        Ok(ExitCode::SUCCESS)
    } else {
        Err(format!(
            "webhook {id}: verification failed: not every enabled trigger was answered with HTTP 200"
        ))
    }
}

pub(crate) async fn stats(client: &ServerClient, id: i64, json: bool) -> Outcome {
    let s = client.webhooks().statistics(id).await.map_err(about(id))?;
    if json {
        let mut value = serde_json::to_value(&s).map_err(|e| e.to_string())?;
        // The URL may carry credentials; `get` shows it redacted.
        value["Url"] = json!(HIDDEN);
        print_json(&value);
        return Ok(ExitCode::SUCCESS);
    }
    let row = |name: &str, status: &str, m: &WebhookMetrics| {
        vec![
            name.to_owned(),
            status.to_owned(),
            m.total_requests.to_string(),
            m.success_count.to_string(),
            m.failure_count.to_string(),
            m.retry_count.to_string(),
            format!("{:.1}", m.success_rate),
            m.slow_count.to_string(),
            m.very_slow_count.to_string(),
            m.average_terminal_response_time_ms.to_string(),
            m.average_retry_response_time_ms
                .map_or_else(|| "-".to_owned(), |ms| ms.to_string()),
        ]
    };
    let mut rows: Vec<Vec<String>> = s
        .metrics_by_trigger
        .iter()
        .map(|(trigger, m)| {
            let status = s.statuses.get(trigger).map_or("-", |s| s.as_str());
            row(trigger.as_str(), status, m)
        })
        .collect();
    rows.push(row("(all)", "", &s.metrics));
    println!(
        "Webhook {id}: {} hours, {} to {}",
        s.time_range.hours,
        s.time_range.start_time.as_str(),
        s.time_range.end_time.as_str()
    );
    print!(
        "{}",
        table(
            &[
                "TRIGGER",
                "STATUS",
                "REQUESTS",
                "SUCCESS",
                "FAILURE",
                "RETRIES",
                "SUCCESS %",
                "SLOW",
                "VERY SLOW",
                "AVG MS",
                "AVG RETRY MS",
            ],
            rows
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// The webhook in Postmark's JSON shape, secrets replaced by `<redacted>`.
fn webhook_json(w: &Webhook) -> Value {
    let mut value = serde_json::to_value(w).unwrap_or(Value::Null);
    value["Url"] = json!(w.redacted_url());
    if let Some(auth) = value.get_mut("HttpAuth").filter(|a| a.is_object()) {
        auth["Password"] = json!(HIDDEN);
    }
    if let Some(headers) = value.get_mut("HttpHeaders").and_then(Value::as_array_mut) {
        for header in headers {
            header["Value"] = json!(HIDDEN);
        }
    }
    value
}

/// The enabled triggers with their enabled options, such as
/// `Open(PostFirstOpenOnly),Click`; `-` for none.
fn triggers(t: &WebhookTriggers) -> String {
    let on: Vec<String> = t
        .iter()
        .filter(|(_, trigger)| trigger.enabled)
        .map(|(record_type, trigger)| {
            let options: Vec<&str> = trigger
                .options
                .iter()
                .filter(|(_, on)| *on)
                .map(|(name, _)| *name)
                .collect();
            if options.is_empty() {
                record_type.to_string()
            } else {
                format!("{record_type}({})", options.join(","))
            }
        })
        .collect();
    if on.is_empty() {
        "-".to_owned()
    } else {
        on.join(",")
    }
}

/// Left-aligned columns, two spaces apart.
fn table(headers: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, (cell, width)) in cells.iter().zip(&widths).enumerate() {
            if i + 1 == cells.len() {
                out.push_str(cell);
            } else {
                out.push_str(&format!("{cell:<width$}  "));
            }
        }
        out.push('\n');
        out
    };
    let mut out = line(headers.to_vec());
    for row in &rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}
