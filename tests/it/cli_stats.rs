//! `postmark-webhooks stats`: Postmark's documented statistics answer as a
//! table per trigger, and as JSON without the URL.
#![cfg(feature = "cli")]

use std::process::{Command, Stdio};

use serde_json::Value;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CLI: &str = env!("CARGO_BIN_EXE_postmark-webhooks");

async fn stats(args: &'static [&'static str]) -> (Option<i32>, String, String) {
    let server = MockServer::start().await;
    let fixture = include_str!("../fixtures/postmark-api/webhook-statistics.json");
    Mock::given(method("GET"))
        .and(path("/webhooks/12345/statistics"))
        .and(header("X-Postmark-Server-Token", "stats-token"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(fixture, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let uri = server.uri();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(CLI)
            .args(args)
            .env_clear()
            .env("POSTMARK_API_URL", uri)
            .env("POSTMARK_SERVER_TOKEN", "stats-token")
            .stdin(Stdio::null())
            .output()
            .expect("postmark-webhooks runs")
    })
    .await
    .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn stats_prints_a_table_per_trigger() {
    let (code, stdout, stderr) = stats(&["stats", "12345"]).await;
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    assert_eq!(
        stdout,
        "Webhook 12345: 24 hours, 2025-04-04T16:33:54.9070259Z to 2025-04-05T16:33:54.9070259Z\n\
         TRIGGER   STATUS      REQUESTS  SUCCESS  FAILURE  RETRIES  SUCCESS %  SLOW  VERY SLOW  AVG MS  AVG RETRY MS\n\
         Bounce    unverified  100       50       50       62       50.0       12    4          900     1850\n\
         Delivery  verified    900       900      0        0        100.0      6     0          165     -\n\
         (all)                 1000      950      50       62       95.0       18    4          240     1850\n"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn stats_json_keeps_postmarks_fields_and_hides_the_url() {
    let (code, stdout, _) = stats(&["stats", "12345", "--json"]).await;
    assert_eq!(code, Some(0));
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["Url"], "<redacted>");
    assert_eq!(json["Metrics"]["TotalRequests"], 1000);
    assert_eq!(
        json["MetricsByTrigger"]["Delivery"]["AverageRetryResponseTimeMs"],
        Value::Null
    );
    assert_eq!(json["Statuses"]["Bounce"], "unverified");
    assert_eq!(json["TimeRange"]["Hours"], 24);
}
