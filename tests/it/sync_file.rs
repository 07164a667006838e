//! Desired-state files: the same content in JSON, YAML and TOML, unknown
//! fields, bad entries, references and their escape.
#![cfg(all(feature = "mock", feature = "sync"))]

use std::path::Path;

use postmark_webhooks::mock::MockServer;
use postmark_webhooks::sync::{self, DesiredState, DesiredWebhook, FileError, Format, PlanOptions};
use postmark_webhooks::triggers::{Bounce, Open, SpamComplaint, Triggers};

const JSON: &str = r#"{
  "Webhooks": [
    {
      "Url": "https://example.com/a",
      "HttpAuth": {"Username": "pm", "Password": "${PW}"},
      "HttpHeaders": [{"Name": "X-Secret", "Value": "lit$${eral}"}],
      "Triggers": {
        "Open": {"Enabled": true, "PostFirstOpenOnly": true},
        "Bounce": {"Enabled": true, "IncludeContent": false}
      }
    },
    {
      "Url": "https://example.com/b",
      "MessageStream": "broadcast",
      "Triggers": {"SpamComplaint": {"Enabled": true}}
    }
  ]
}"#;

const YAML: &str = r#"
Webhooks:
  - Url: https://example.com/a
    HttpAuth:
      Username: pm
      Password: ${PW}
    HttpHeaders:
      - Name: X-Secret
        Value: lit$${eral}
    Triggers:
      Open: {Enabled: true, PostFirstOpenOnly: true}
      Bounce: {Enabled: true, IncludeContent: false}
  - Url: https://example.com/b
    MessageStream: broadcast
    Triggers:
      SpamComplaint: {Enabled: true}
"#;

const TOML: &str = r#"
[[Webhooks]]
Url = "https://example.com/a"
HttpAuth = { Username = "pm", Password = "${PW}" }
HttpHeaders = [{ Name = "X-Secret", Value = "lit$${eral}" }]
[Webhooks.Triggers]
Open = { Enabled = true, PostFirstOpenOnly = true }
Bounce = { Enabled = true, IncludeContent = false }

[[Webhooks]]
Url = "https://example.com/b"
MessageStream = "broadcast"
Triggers.SpamComplaint.Enabled = true
"#;

fn env(name: &str) -> Option<String> {
    (name == "PW").then(|| "pw-1".to_owned())
}

fn parse(text: &str, format: Format) -> Result<DesiredState, FileError> {
    DesiredState::parse(text, format, &env)
}

#[tokio::test]
async fn json_yaml_and_toml_with_the_same_content_give_the_same_plan() {
    let expected = vec![
        DesiredWebhook::new("https://example.com/a")
            .http_auth("pm", "pw-1")
            .http_header("X-Secret", "lit${eral}")
            .triggers(
                Triggers::new()
                    .open(Open::enabled().post_first_open_only(true))
                    .bounce(Bounce::enabled().include_content(false)),
            ),
        DesiredWebhook::new("https://example.com/b")
            .message_stream("broadcast")
            .triggers(Triggers::new().spam_complaint(SpamComplaint::enabled())),
    ];
    let mock = MockServer::start().await;
    let client = mock.client();
    client
        .webhooks()
        .create("https://example.com/a")
        .http_auth("pm", "old")
        .await
        .unwrap();
    let mut plans = Vec::new();
    for (text, format) in [
        (JSON, Format::Json),
        (YAML, Format::Yaml),
        (TOML, Format::Toml),
    ] {
        let desired = parse(text, format).unwrap_or_else(|e| panic!("{format}: {e}"));
        assert_eq!(desired.webhooks, expected, "{format}");
        plans.push(
            sync::plan(&client, &desired, PlanOptions::new().prune(true))
                .await
                .unwrap(),
        );
    }
    assert_eq!(plans[0], plans[1]);
    assert_eq!(plans[0], plans[2]);
    assert_eq!(plans[0].changes.len(), 2, "{}", plans[0]);
}

#[test]
fn an_unknown_field_is_an_error_naming_it_and_its_line() {
    let cases = [
        (
            Format::Json,
            "{\"Webhooks\": [{\"Url\": \"https://example.com/a\",\n \"Colour\": 1}]}",
            "Colour",
            2,
        ),
        (
            Format::Yaml,
            "Webhooks:\n  - Url: https://example.com/a\n    HttpAuth: {Username: u, Pasword: x}\n",
            "Pasword",
            3,
        ),
        (
            Format::Toml,
            "[[Webhooks]]\nUrl = \"https://example.com/a\"\n[Webhooks.Triggers.Open]\nEnabled = true\nFirstOnly = true\n",
            "FirstOnly",
            5,
        ),
        (
            Format::Yaml,
            "Webhooks:\n  - Url: https://example.com/a\n    HttpHeaders:\n      - {Name: A, Value: b, Secret: c}\n",
            "Secret",
            4,
        ),
        (Format::Json, "{\"Webhook\": []}", "Webhook", 1),
        (
            Format::Yaml,
            "Webhooks:\n  - Url: https://example.com/a\n    Triggers: {Opens: {Enabled: true}}\n",
            "Opens",
            3,
        ),
    ];
    for (format, text, field, line) in cases {
        let err = parse(text, format).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains(&format!("unknown field `{field}`")),
            "{format}: {message}"
        );
        assert!(
            message.contains(&format!("line {line}")),
            "{format}: {message}"
        );
        assert!(!message.contains('\n'), "one line: {message}");
        assert!(
            matches!(err, FileError::Syntax { line: Some(l), .. } if l == line),
            "{format}: {err:?}"
        );
    }
}

#[test]
fn an_option_that_answers_may_carry_is_unknown_in_a_file() {
    // Postmark's answers may add options inside a trigger and still decode;
    // a file that names one is an error, in every format.
    let cases = [
        (
            Format::Json,
            "{\"Webhooks\": [{\"Url\": \"https://example.com/a\",\n \"Triggers\": {\"Open\": {\"Enabled\": true, \"PostEveryOpen\": true}}}]}",
            2,
        ),
        (
            Format::Yaml,
            "Webhooks:\n  - Url: https://example.com/a\n    Triggers:\n      Open: {Enabled: true, PostEveryOpen: true}\n",
            4,
        ),
        (
            Format::Toml,
            "[[Webhooks]]\nUrl = \"https://example.com/a\"\n[Webhooks.Triggers.Open]\nEnabled = true\nPostEveryOpen = true\n",
            5,
        ),
    ];
    for (format, text, line) in cases {
        let err = parse(text, format).unwrap_err();
        assert!(
            err.to_string().contains("unknown field `PostEveryOpen`"),
            "{format}: {err}"
        );
        assert!(
            matches!(err, FileError::Syntax { line: Some(l), .. } if l == line),
            "{format}: {err:?}"
        );
    }
}

#[test]
fn a_wrongly_typed_secret_is_not_echoed() {
    let err = parse(
        "Webhooks:\n  - Url: https://example.com/a\n    Triggers: {Open: {Enabled: \"918273645\"}}\n",
        Format::Yaml,
    )
    .unwrap_err();
    let message = err.to_string();
    assert!(!message.contains("918273645"), "{message}");
    assert!(message.contains("invalid type"), "{message}");
    let err = parse(
        "[[Webhooks]]\nUrl = \"https://example.com/a\"\nHttpHeaders = [{Name = \"A\", Value = 918273645}]\n",
        Format::Toml,
    )
    .unwrap_err();
    assert!(!err.to_string().contains("918273645"), "{err}");
}

#[test]
fn duplicate_identities_in_the_file_are_an_error() {
    let text = "Webhooks:\n  - Url: https://example.com/a\n  - Url: https://example.com/a\n    MessageStream: broadcast\n  - Url: https://example.com/a\n    MessageStream: outbound\n";
    let err = parse(text, Format::Yaml).unwrap_err();
    assert!(
        matches!(&err, FileError::Duplicate { first: 0, second: 2, message_stream, .. } if message_stream == "outbound"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "Webhooks[2] repeats Webhooks[0]: both are outbound https://example.com/a"
    );
}

#[test]
fn entries_the_client_would_refuse_are_errors_naming_the_entry() {
    let cases = [
        (
            "{\"Webhooks\": [{\"Url\": \"ftp://example.com/a\"}]}",
            "Url",
        ),
        (
            "{\"Webhooks\": [{\"Url\": \"https://example.com/a\", \"HttpHeaders\": [{\"Name\": \"Host\", \"Value\": \"x\"}]}]}",
            "http_header name",
        ),
        (
            "{\"Webhooks\": [{\"Url\": \"https://example.com/a\", \"MessageStream\": \"\"}]}",
            "message_stream",
        ),
        (
            "{\"Webhooks\": [{\"Url\": \"https://example.com/a\", \"HttpAuth\": {\"Username\": \"a:b\", \"Password\": \"x\"}}]}",
            "http_auth username",
        ),
    ];
    for (text, field) in cases {
        let err = parse(text, Format::Json).unwrap_err();
        assert!(
            matches!(&err, FileError::Invalid { index: 0, source, .. } if source.field() == field),
            "{text}: {err:?}"
        );
        assert!(err.to_string().starts_with("Webhooks[0] ("), "{err}");
    }
}

#[test]
fn references_expand_everywhere_and_a_bad_one_is_an_error() {
    let env = |name: &str| match name {
        "HOST" => Some("hooks.example.com".to_owned()),
        "STREAM" => Some("broadcast".to_owned()),
        _ => None,
    };
    let desired = DesiredState::parse(
        r#"{"Webhooks": [{"Url": "https://${HOST}/pm?a=$${b}", "MessageStream": "${STREAM}"}]}"#,
        Format::Json,
        &env,
    )
    .unwrap();
    assert_eq!(
        desired.webhooks[0].url,
        "https://hooks.example.com/pm?a=${b}"
    );
    assert_eq!(desired.webhooks[0].message_stream, "broadcast");

    let err = DesiredState::parse(
        r#"{"Webhooks": [{"Url": "https://x.test/", "HttpAuth": {"Username": "u", "Password": "${OOPS"}}]}"#,
        Format::Json,
        &env,
    )
    .unwrap_err();
    assert!(
        matches!(&err, FileError::BadReference { index: 0, field, .. } if field == "HttpAuth.Password"),
        "{err:?}"
    );
}

#[test]
fn read_picks_the_format_from_the_extension() {
    let dir = std::env::temp_dir().join(format!("pm-sync-file-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in [("w.json", JSON), ("w.yml", YAML), ("w.toml", TOML)] {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let read = DesiredState::read(&path, None, &env).unwrap();
        assert_eq!(read.webhooks.len(), 2, "{name}");
    }
    let odd = dir.join("w.conf");
    std::fs::write(&odd, YAML).unwrap();
    assert!(matches!(
        DesiredState::read(&odd, None, &env),
        Err(FileError::UnknownFormat { .. })
    ));
    assert_eq!(
        DesiredState::read(&odd, Some(Format::Yaml), &env)
            .unwrap()
            .webhooks
            .len(),
        2
    );
    assert!(matches!(
        DesiredState::read(dir.join("missing.yaml"), None, &env),
        Err(FileError::Read { .. })
    ));
    assert_eq!(Format::from_path(Path::new("x.YAML")), Some(Format::Yaml));
    std::fs::remove_dir_all(&dir).unwrap();
}
