//! Inbound email payloads: every fixture of `tests/fixtures/postmark-inbound/`
//! (see its `SOURCES.md`) parses, with the exact values of what is unusual in
//! it, and serializes back to its JSON.

use std::path::Path;

use postmark_webhooks::inbound::{Address, AttachmentError, InboundMessage, ParseErrorKind};
use serde_json::Value;

/// Every fixture: (file name, bytes).
pub fn fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/postmark-inbound");
    let mut found: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    found.sort();
    found
}

fn parse(name: &str) -> InboundMessage {
    let (_, bytes) = fixtures()
        .into_iter()
        .find(|(found, _)| found == name)
        .unwrap_or_else(|| panic!("no fixture {name}"));
    InboundMessage::from_slice(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn emails(addresses: &Option<Vec<Address>>) -> Vec<&str> {
    addresses
        .as_deref()
        .unwrap_or_default()
        .iter()
        .map(|a| a.email.as_deref().unwrap())
        .collect()
}

fn utc(message: &InboundMessage) -> String {
    message
        .date
        .as_ref()
        .unwrap()
        .to_utc()
        .unwrap()
        .to_rfc3339()
}

#[test]
fn every_fixture_parses_and_serializes_back_to_its_json() {
    let all = fixtures();
    assert_eq!(all.len(), 13);
    for (name, bytes) in all {
        let message = InboundMessage::from_slice(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let text = std::str::from_utf8(&bytes).unwrap();
        assert_eq!(text.parse::<InboundMessage>().unwrap(), message, "{name}");
        let expected: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(serde_json::to_value(&message).unwrap(), expected, "{name}");
        assert!(message.extra.is_empty(), "{name}: {:?}", message.extra);
        // Every Date Postmark sent can be read.
        if let Some(date) = &message.date {
            assert!(date.date_time().is_some(), "{name}: {date}");
        }
    }
}

#[test]
fn docs_1_has_a_colon_offset_stray_brackets_and_an_empty_header() {
    let message = parse("Inbound-docs-1.json");
    assert_eq!(message.message_stream.as_deref(), Some("inbound"));
    assert_eq!(
        message.message_id.as_deref(),
        Some("73e6d360-66eb-11e1-8e72-a8904824019b")
    );
    let date = message.date.as_ref().unwrap();
    assert_eq!(date.as_str(), "Fri, 1 Aug 2014 16:45:32 -04:00");
    assert_eq!(
        date.date_time().unwrap().offset().local_minus_utc(),
        -4 * 3600
    );
    assert_eq!(utc(&message), "2014-08-01T20:45:32+00:00");
    assert_eq!(
        message.cc.as_deref(),
        Some("\"First Cc\" <firstcc@postmarkapp.com>, secondCc@postmarkapp.com>")
    );
    assert_eq!(
        emails(&message.cc_full),
        ["firstcc@postmarkapp.com", "secondCc@postmarkapp.com"]
    );
    assert_eq!(
        emails(&message.bcc_full),
        ["firstbcc@postmarkapp.com", "secondbcc@postmarkapp.com"]
    );
    let to = &message.to_full.as_ref().unwrap()[0];
    assert_eq!(to.name.as_deref(), Some("Firstname Lastname"));
    assert_eq!(to.mailbox_hash.as_deref(), Some("SampleHash"));
    assert_eq!(message.mailbox_hash.as_deref(), Some("SampleHash"));
    assert_eq!(message.header("X-Header-Test"), Some(""));
    assert_eq!(message.header("x-spam-status"), Some("No"));
    assert_eq!(message.header("X-SPAM-SCORE"), Some("-0.1"));
    assert_eq!(message.headers.as_ref().unwrap().len(), 4);
    let attachment = &message.attachments.as_ref().unwrap()[0];
    assert_eq!(attachment.content_id, None);
    assert_eq!(attachment.content_type.as_deref(), Some("text/plain"));
    assert_eq!(
        attachment.content().unwrap(),
        b"This is attachment contents, base-64 encoded."
    );
}

#[test]
fn bespoke_1_is_the_docs_example_before_message_stream() {
    let message = parse("Inbound-bespoke-1.json");
    assert_eq!(message.message_stream, None);
    let mut docs = parse("Inbound-docs-1.json");
    docs.message_stream = None;
    assert_eq!(message, docs);
    assert_eq!(
        message.html_body.as_deref(),
        Some("<html><body><p>This is a test html body.</p></body></html>")
    );
}

#[test]
fn gem_1_is_the_oldest_shape_with_placeholder_attachments() {
    let message = parse("Inbound-gem-1.json");
    for absent in [
        &message.from_name,
        &message.message_stream,
        &message.bcc,
        &message.original_recipient,
        &message.stripped_text_reply,
    ] {
        assert_eq!(absent, &None);
    }
    assert_eq!(message.bcc_full, None);
    let from = message.from_full.as_ref().unwrap();
    assert_eq!(from.email.as_deref(), Some("myUser@theirDomain.com"));
    assert_eq!(from.mailbox_hash, None);
    assert_eq!(message.to_full.as_ref().unwrap()[0].mailbox_hash, None);
    assert_eq!(
        message.message_id.as_deref(),
        Some("22c74902-a0c1-4511-804f2-341342852c90")
    );
    assert_eq!(utc(&message), "2012-04-05T14:59:01+00:00");
    assert_eq!(message.tag.as_deref(), Some(""));
    let attachments = message.attachments.as_ref().unwrap();
    assert_eq!(attachments.len(), 2);
    assert_eq!(attachments[1].name.as_deref(), Some("mypaper.doc"));
    assert_eq!(attachments[1].content_length, Some(16384));
    for attachment in attachments {
        assert_eq!(attachment.content(), Err(AttachmentError::NotBase64));
    }
}

#[test]
fn skills_1_has_a_ticket_hash_empty_lists_and_a_placeholder_attachment() {
    let message = parse("Inbound-skills-1.json");
    assert_eq!(message.mailbox_hash.as_deref(), Some("ticket-456"));
    // A Saturday written as Thursday: the weekday is not read.
    assert_eq!(
        message.date.as_ref().unwrap().as_str(),
        "Thu, 5 Apr 2025 16:59:01 +0200"
    );
    assert_eq!(utc(&message), "2025-04-05T14:59:01+00:00");
    assert_eq!(
        message.to_full.as_ref().unwrap()[0].mailbox_hash.as_deref(),
        Some("ticket-456")
    );
    assert_eq!(message.cc_full, Some(vec![]));
    assert_eq!(message.bcc_full, Some(vec![]));
    assert_eq!(
        message.stripped_text_reply.as_deref(),
        Some("I still haven't received my order.")
    );
    let attachment = &message.attachments.as_ref().unwrap()[0];
    assert_eq!(attachment.content_id.as_deref(), Some(""));
    assert_eq!(
        attachment.base64_content.as_deref(),
        Some("base64-encoded-content")
    );
    assert_eq!(attachment.content(), Err(AttachmentError::NotBase64));
}

#[test]
fn anymail_1_is_the_check_payload_whose_attachment_is_data() {
    let message = parse("Inbound-anymail-1.json");
    let attachment = &message.attachments.as_ref().unwrap()[0];
    assert_eq!(attachment.base64_content, None);
    assert_eq!(
        attachment.base64_data.as_deref(),
        Some("VGhpcyBpcyBhdHRhY2htZW50IGNvbnRlbnRzLCBiYXNlLTY0IGVuY29kZWQu")
    );
    assert_eq!(attachment.content_id, None);
    assert_eq!(
        attachment.content().unwrap(),
        b"This is attachment contents, base-64 encoded."
    );
    assert_eq!(
        message.message_id.as_deref(),
        Some("00000000-0000-0000-0000-000000000000")
    );
    assert_eq!(message.raw_email, None);
    assert_eq!(utc(&message), "2023-05-05T21:44:33+00:00");
    // `Data` is written back as `Data`.
    let json = serde_json::to_value(&message).unwrap();
    assert!(json["Attachments"][0].get("Content").is_none());
    assert_eq!(json["Attachments"][0]["ContentLength"], 45);
}

#[test]
fn a_nil_or_empty_message_id_is_keyed_by_the_whole_message() {
    // The dashboard's "Check" payloads all have the nil MessageID.
    let check_1 = parse("Inbound-anymail-1.json");
    let check_2 = parse("Inbound-anymail-2.json");
    assert_eq!(check_1.message_id, check_2.message_id);
    assert_ne!(check_1.idempotency_key(), check_2.idempotency_key());
    assert_eq!(
        check_1.idempotency_key(),
        parse("Inbound-anymail-1.json").idempotency_key()
    );
    let key = |json: &str| {
        InboundMessage::from_slice(json.as_bytes())
            .unwrap()
            .idempotency_key()
    };
    for id in ["00000000-0000-0000-0000-000000000000", ""] {
        assert_ne!(
            key(&format!(r#"{{"MessageID": "{id}", "Subject": "a"}}"#)),
            key(&format!(r#"{{"MessageID": "{id}", "Subject": "b"}}"#)),
            "{id:?}"
        );
    }
    // A real MessageID is the key, whatever else differs.
    assert_eq!(
        key(r#"{"MessageID": "73e6d360-66eb-11e1-8e72-a8904824019b", "Subject": "a"}"#),
        key(r#"{"MessageID": "73e6d360-66eb-11e1-8e72-a8904824019b", "Subject": "b"}"#)
    );
}

#[test]
fn anymail_2_has_the_raw_email() {
    let message = parse("Inbound-anymail-2.json");
    assert_eq!(
        message.raw_email.as_deref(),
        Some(
            "From: Postmarkapp Support <support@postmarkapp.com>\r\nTo: Firstname Lastname \
             <mailbox+SampleHash@inbound.postmarkapp.com>\r\nSubject: Test subject\r\n\r\n\
             This is a test text body.\r\n"
        )
    );
    assert_eq!(
        message.attachments.as_ref().unwrap()[0]
            .content()
            .unwrap()
            .len(),
        45
    );
    // Postmark's order: RawEmail between StrippedTextReply and Tag.
    let text = serde_json::to_string(&message).unwrap();
    let at = |key: &str| text.find(&format!("\"{key}\":")).unwrap();
    assert!(at("StrippedTextReply") < at("RawEmail") && at("RawEmail") < at("Tag"));
}

#[test]
fn anymail_3_is_partial_with_repeated_headers() {
    let message = parse("Inbound-anymail-3.json");
    for absent in [
        &message.from,
        &message.to,
        &message.cc,
        &message.from_name,
        &message.mailbox_hash,
    ] {
        assert_eq!(absent, &None);
    }
    assert_eq!(message.attachments, None);
    assert_eq!(
        message.from_full.as_ref().unwrap().mailbox_hash.as_deref(),
        Some("test")
    );
    assert_eq!(
        emails(&message.to_full),
        ["test@inbound.example.com", "other@example.com"]
    );
    assert_eq!(emails(&message.bcc_full), ["test@inbound.example.com"]);
    assert_eq!(
        message.header_values("received").collect::<Vec<_>>(),
        [
            "from mail.example.org by inbound.postmarkapp.com ...",
            "by mail.example.org for <test@inbound.example.com> ...",
            "by 10.10.1.71 with HTTP; Wed, 11 Oct 2017 18:31:04 -0700 (PDT)",
        ]
    );
    assert_eq!(
        message.header_values("Return-Path").collect::<Vec<_>>(),
        [
            "<envelope-from@example.org>",
            "<fake-return-path@postmark-should-have-removed>"
        ]
    );
    assert_eq!(
        message.header("Return-Path"),
        Some("<envelope-from@example.org>")
    );
    assert_eq!(message.header("X-Spam-Score"), Some("1.7"));
    assert_eq!(utc(&message), "2017-10-12T01:31:04+00:00");
}

#[test]
fn anymail_4_is_minimal_with_a_non_ascii_name() {
    let message = parse("Inbound-anymail-4.json");
    assert_eq!(message.message_stream.as_deref(), Some("inbound"));
    let from = message.from_full.as_ref().unwrap();
    assert_eq!(from.email.as_deref(), Some("noreply@spam.example.com"));
    assert_eq!(
        from.name.as_deref(),
        Some(
            "* * * 💲 Snag Your Free Gift! Click Here: https://spam.example.com/uploads/phish.php?123456 💲 * * *"
        )
    );
    assert_eq!(message.message_id, None);
    assert_eq!(message.date, None);
    assert_eq!(message.header("Received"), None);
    assert_eq!(message.header_values("Received").count(), 0);
}

#[test]
fn mvdnbrk_1_has_an_inline_image_and_a_wrong_content_length() {
    let message = parse("Inbound-mvdnbrk-1.json");
    assert_eq!(message.from.as_deref(), Some("myUser@theirDomain.com"));
    assert_eq!(
        message.from_full.as_ref().unwrap().email.as_deref(),
        Some("john@example.com")
    );
    assert_eq!(
        message.to.as_deref(),
        Some("someone+ahoy@inbound.postmarkapp.com")
    );
    assert_eq!(
        emails(&message.to_full),
        ["jane+ahoy@inbound.postmarkapp.com"]
    );
    assert_eq!(
        message.bcc_full.as_ref().unwrap()[0]
            .mailbox_hash
            .as_deref(),
        Some("ahoy")
    );
    assert_eq!(
        message.message_id.as_deref(),
        Some("a123456-b1234-c123456-d1234")
    );
    let attachments = message.attachments.as_ref().unwrap();
    assert_eq!(
        attachments[0].content_id.as_deref(),
        Some("myimage.png@01CE7342.75E71F80")
    );
    assert_eq!(attachments[1].content_id, None);
    assert_eq!(attachments[1].content_type.as_deref(), Some("plain/text"));
    // "dGVzdA==" is "test", 4 bytes; the payload says 8.
    assert_eq!(
        attachments[1].content(),
        Err(AttachmentError::LengthMismatch {
            declared: 8,
            decoded: 4
        })
    );
    assert_eq!(message.tag.as_deref(), Some("test-tag"));
}

#[test]
fn rsvpmaker_1_has_many_recipients_and_repeated_headers() {
    let message = parse("Inbound-rsvpmaker-1.json");
    assert_eq!(
        emails(&message.to_full),
        [
            "demo-officers@toastmost.org",
            "demo-president@toastmost.org",
            "members@libertylakers.org",
            "officers@libertylakers.org",
            "libertylakers.org-officers@toastmost.org",
            "organizer@example.com",
        ]
    );
    assert_eq!(
        message.to.as_deref(),
        Some(
            "demo-officers@toastmost.org, demo-president@toastmost.org, \"David F. Carr\" <organizer@example.com>"
        )
    );
    assert_eq!(emails(&message.cc_full).len(), 4);
    assert_eq!(
        message.bcc.as_deref(),
        Some("e57457449614918835dd9c9189b67f3b@inbound.postmarkapp.com")
    );
    assert_eq!(message.header("X-Spam-Score"), Some("4.5"));
    let headers = message.headers.as_ref().unwrap();
    assert_eq!(headers.len(), 36);
    assert_eq!(headers.get_all("Received").count(), 6);
    for repeated in [
        "DKIM-Signature",
        "Authentication-Results",
        "X-Filter-ID",
        "X-Recommended-Action",
        "X-Report-Abuse-To",
    ] {
        assert_eq!(headers.get_all(repeated).count(), 2, "{repeated}");
    }
    assert!(headers.iter().any(|h| h.value.contains('\t')));
    assert_eq!(message.attachments, Some(vec![]));
    assert_eq!(utc(&message), "2023-05-27T13:15:47+00:00");
}

#[test]
fn inboxhire_1_has_a_date_with_a_comment() {
    let message = parse("Inbound-inboxhire-1.json");
    let date = message.date.as_ref().unwrap();
    assert_eq!(date.as_str(), "Mon, 26 May 2025 08:34:50 +0530 (IST)");
    assert_eq!(
        date.date_time().unwrap().offset().local_minus_utc(),
        5 * 3600 + 30 * 60
    );
    assert_eq!(utc(&message), "2025-05-26T03:04:50+00:00");
    let to = &message.to_full.as_ref().unwrap()[0];
    assert_eq!(to.name, to.email);
    assert_eq!(
        to.mailbox_hash.as_deref(),
        Some("c8819ae7013a6f1294da41992e1cc048")
    );
    assert_eq!(message.header("X-MW-NODE"), Some(""));
    assert_eq!(message.headers.as_ref().unwrap().len(), 22);
}

#[test]
fn webhookdb_1_has_a_utc_comment_and_one_header() {
    let message = parse("Inbound-webhookdb-1.json");
    assert_eq!(
        message.date.as_ref().unwrap().as_str(),
        "Wed, 05 Jul 2023 22:27:31 +0000 (UTC)"
    );
    assert_eq!(utc(&message), "2023-07-05T22:27:31+00:00");
    assert_eq!(
        message.to.as_deref(),
        Some("\"Lime Rider\" <u1@in-dev.mysuma.org>")
    );
    assert_eq!(message.headers.as_ref().unwrap().len(), 1);
    assert_eq!(
        message.header("X-Entity-ID"),
        Some("L3Sx1tGADZEBfpfajFv1Pw==")
    );
    assert!(
        message
            .html_body
            .as_deref()
            .unwrap()
            .ends_with("<!DOCTYPE html PUBLIC \"")
    );
}

#[test]
fn boston_1_is_a_large_auto_reply_with_a_raw_email() {
    let message = parse("Inbound-boston-1.json");
    let raw = message.raw_email.as_deref().unwrap();
    assert!(raw.starts_with("Received: by p-pm-inboundg02a-aws-useast1a.inbound.postmarka"));
    assert!(!raw.contains("\r\n"));
    assert_eq!(raw.matches('\n').count(), 202);
    assert_eq!(
        message
            .text_body
            .as_deref()
            .unwrap()
            .matches('\u{b7}')
            .count(),
        2
    );
    assert_eq!(message.header("Return-Path"), Some("<MAILER-DAEMON>"));
    assert_eq!(message.header("X-MS-Has-Attach"), Some(""));
    assert_eq!(message.headers.as_ref().unwrap().len(), 46);
    assert_eq!(
        message.subject.as_deref(),
        Some("Automatic reply: reader1@example.com")
    );
    assert_eq!(utc(&message), "2023-04-26T14:58:03+00:00");
}

#[test]
fn bad_input_is_a_typed_error() {
    let kind = |body: &[u8]| InboundMessage::from_slice(body).unwrap_err().kind();
    assert_eq!(kind(b""), ParseErrorKind::Truncated);
    assert_eq!(kind(br#"{"Subject": "a""#), ParseErrorKind::Truncated);
    assert_eq!(kind(b"{} x"), ParseErrorKind::Syntax);
    assert_eq!(kind(b"\"text\""), ParseErrorKind::NotAnObject);
    assert_eq!(kind(b"null"), ParseErrorKind::NotAnObject);
    assert_eq!(
        kind(br#"{"ToFull": [{"Email": 1}]}"#),
        ParseErrorKind::InvalidField
    );
    assert_eq!(
        kind(br#"{"Headers": [{"Name": "X"}]}"#),
        ParseErrorKind::InvalidField
    );
    assert_eq!(
        kind(br#"{"Attachments": [{"ContentLength": -1}]}"#),
        ParseErrorKind::InvalidField
    );
    assert_eq!(kind(br#"{"Date": 2014}"#), ParseErrorKind::InvalidField);
    assert_eq!(
        kind(br#"{"MessageID": "a", "MessageID": "b"}"#),
        ParseErrorKind::InvalidField
    );
    assert_eq!(
        kind(br#"{"New": 1, "New": 2}"#),
        ParseErrorKind::InvalidField
    );
}

#[test]
fn nulls_read_as_absent_and_unknown_fields_are_kept() {
    let message = InboundMessage::from_slice(
        br#"{"MessageID": "m-1", "Subject": null, "ToFull": null, "Spam": {"Score": 1.5},
            "Attachments": [{"Name": "a", "Content": "", "Checksum": "x"}],
            "Date": "not a date"}"#,
    )
    .unwrap();
    assert_eq!(message.subject, None);
    assert_eq!(message.to_full, None);
    assert_eq!(message.extra["Spam"]["Score"], 1.5);
    let attachment = &message.attachments.as_ref().unwrap()[0];
    assert_eq!(attachment.extra["Checksum"], "x");
    assert_eq!(attachment.content().unwrap(), b"");
    let date = message.date.as_ref().unwrap();
    assert_eq!((date.as_str(), date.date_time()), ("not a date", None));
    assert_eq!(
        serde_json::to_value(&message).unwrap(),
        serde_json::json!({"MessageID": "m-1", "Spam": {"Score": 1.5}, "Date": "not a date",
            "Attachments": [{"Name": "a", "Content": "", "Checksum": "x"}]})
    );
}

#[test]
fn the_idempotency_key_is_the_message_id() {
    let docs = parse("Inbound-docs-1.json");
    let bespoke = parse("Inbound-bespoke-1.json");
    assert_eq!(docs.idempotency_key(), bespoke.idempotency_key());
    assert_ne!(
        docs.idempotency_key(),
        parse("Inbound-skills-1.json").idempotency_key()
    );
    // No MessageID: the whole message counts.
    let minimal = parse("Inbound-anymail-4.json");
    let mut changed = minimal.clone();
    changed.subject = Some("x".into());
    assert_ne!(minimal.idempotency_key(), changed.idempotency_key());
    assert_eq!(
        minimal.idempotency_key(),
        parse("Inbound-anymail-4.json").idempotency_key()
    );
}
