//! Checking requests to a webhook endpoint with a `Receiver`: Basic credentials and a
//! shared-secret header, each wrong in every way, the body cap, the answers'
//! statuses, and secrets kept out of every message.

use crate::event_fixtures;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use http::header::{AUTHORIZATION, CONTENT_LENGTH};
use http::{HeaderMap, HeaderValue};
use postmark_webhooks::events::{ParseErrorKind, WebhookEvent};
use postmark_webhooks::receiver::{DEFAULT_MAX_BODY_BYTES, Receiver, ReceiverError, Rejection};
use proptest::prelude::*;

const USER: &str = "postmark-hook";
const PASSWORD: &str = "c0rrect-h0rse-7f1c";
const SECRET_HEADER: &str = "X-Webhook-Secret";
const SECRET: &str = "sh4red-s3cret-9a2b";
const SECRETS: [&str; 2] = [PASSWORD, SECRET];

const DELIVERY: &[u8] = br#"{"RecordType": "Delivery", "Recipient": "john@example.com",
    "DeliveredAt": "2022-09-02T11:49:27Z"}"#;

fn basic_only() -> Receiver {
    Receiver::builder()
        .basic_auth(USER, PASSWORD)
        .build()
        .unwrap()
}

fn header_only() -> Receiver {
    Receiver::builder()
        .secret_header(SECRET_HEADER, SECRET)
        .build()
        .unwrap()
}

fn both() -> Receiver {
    Receiver::builder()
        .basic_auth(USER, PASSWORD)
        .secret_header(SECRET_HEADER, SECRET)
        .build()
        .unwrap()
}

fn basic(user: &str, password: &str) -> HeaderValue {
    let token = STANDARD.encode(format!("{user}:{password}"));
    HeaderValue::from_str(&format!("Basic {token}")).unwrap()
}

fn headers(pairs: &[(&str, HeaderValue)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(
            http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            value.clone(),
        );
    }
    map
}

fn good_headers() -> HeaderMap {
    headers(&[
        ("authorization", basic(USER, PASSWORD)),
        (SECRET_HEADER, HeaderValue::from_static(SECRET)),
    ])
}

/// Checks the rejection's text and Debug output hold no secret, and returns it.
fn rejected(receiver: &Receiver, headers: &HeaderMap, body: &[u8]) -> Rejection {
    let rejection = receiver.accept(headers, body).unwrap_err();
    let shown = format!("{rejection} {rejection:?}");
    for secret in SECRETS {
        assert!(!shown.contains(secret), "{shown}");
    }
    rejection
}

// ---- what passes ----

#[test]
fn correct_credentials_pass_with_each_mechanism() {
    for receiver in [basic_only(), header_only(), both()] {
        let received = receiver.accept(&good_headers(), DELIVERY).unwrap();
        assert_eq!(received.event().recipient(), Some("john@example.com"));
    }
}

#[test]
fn every_real_payload_passes_a_correct_request() {
    let receiver = both();
    for fixture in event_fixtures::all() {
        let result = receiver.accept(&good_headers(), &fixture.bytes);
        match (fixture.is_valid(), result) {
            (true, Ok(received)) => assert_eq!(
                received.into_event(),
                WebhookEvent::from_slice(&fixture.bytes).unwrap()
            ),
            (false, Err(Rejection::InvalidPayload(_))) => {}
            (_, other) => panic!("{}: {other:?}", fixture.name),
        }
    }
}

#[test]
fn while_credentials_rotate_the_old_and_the_new_pass_and_nothing_else() {
    let receiver = Receiver::builder()
        .basic_auth(USER, PASSWORD)
        .basic_auth("postmark-hook-2", "n3w-passw0rd")
        .secret_header(SECRET_HEADER, SECRET)
        .secret_header("x-webhook-secret", "n3w-s3cret")
        .build()
        .unwrap();
    for (user, password) in [(USER, PASSWORD), ("postmark-hook-2", "n3w-passw0rd")] {
        for secret in [SECRET, "n3w-s3cret"] {
            let request = headers(&[
                ("authorization", basic(user, password)),
                (SECRET_HEADER, HeaderValue::from_static(secret)),
            ]);
            assert!(
                receiver.accept(&request, DELIVERY).is_ok(),
                "{user} {secret}"
            );
        }
    }
    // One credential's user name with the other's password is no credential.
    let mixed = headers(&[
        ("authorization", basic(USER, "n3w-passw0rd")),
        (SECRET_HEADER, HeaderValue::from_static(SECRET)),
    ]);
    assert!(matches!(
        rejected(&receiver, &mixed, DELIVERY),
        Rejection::WrongCredentials
    ));
    let wrong_secret = headers(&[
        ("authorization", basic(USER, PASSWORD)),
        (SECRET_HEADER, HeaderValue::from_static("0ld-s3cret")),
    ]);
    assert!(matches!(
        rejected(&receiver, &wrong_secret, DELIVERY),
        Rejection::WrongSecret
    ));
    let shown = format!("{receiver:?}");
    for secret in ["n3w-passw0rd", "n3w-s3cret", PASSWORD, SECRET] {
        assert!(!shown.contains(secret), "{shown}");
    }
}

#[test]
fn a_receiver_checks_one_secret_header_name() {
    let err = Receiver::builder()
        .secret_header(SECRET_HEADER, SECRET)
        .secret_header("X-Other-Secret", SECRET)
        .build()
        .unwrap_err();
    assert_eq!(
        err,
        ReceiverError::SecondSecretHeaderName("X-Other-Secret".to_string())
    );
}

#[test]
fn basic_auth_follows_rfc_7617_leniently() {
    let receiver = basic_only();
    let token = STANDARD_NO_PAD.encode(format!("{USER}:{PASSWORD}"));
    for value in [
        format!("basic {}", STANDARD.encode(format!("{USER}:{PASSWORD}"))),
        format!("BASIC {}", STANDARD.encode(format!("{USER}:{PASSWORD}"))),
        format!(
            "Basic   {}  ",
            STANDARD.encode(format!("{USER}:{PASSWORD}"))
        ),
        format!("Basic {token}"),
    ] {
        let headers = headers(&[("authorization", HeaderValue::from_str(&value).unwrap())]);
        assert!(receiver.accept(&headers, DELIVERY).is_ok(), "{value}");
    }
    // The password may contain ':'; only the first one separates.
    let colon = Receiver::builder()
        .basic_auth("u", "p:a:ss")
        .build()
        .unwrap();
    let headers = headers(&[("authorization", basic("u", "p:a:ss"))]);
    assert!(colon.accept(&headers, DELIVERY).is_ok());
}

#[test]
fn the_secret_header_name_is_case_insensitive() {
    let headers = headers(&[("x-WEBHOOK-secret", HeaderValue::from_static(SECRET))]);
    assert!(header_only().accept(&headers, DELIVERY).is_ok());
}

#[test]
fn insecure_accept_all_checks_only_the_body() {
    let receiver = Receiver::insecure_accept_all();
    assert!(receiver.accept(&HeaderMap::new(), DELIVERY).is_ok());
    assert!(matches!(
        receiver.accept(&HeaderMap::new(), b"{}"),
        Err(Rejection::InvalidPayload(_))
    ));
}

#[test]
fn accept_request_takes_an_http_request() {
    let request = http::Request::post("/hook")
        .header(AUTHORIZATION, basic(USER, PASSWORD))
        .header(SECRET_HEADER, SECRET)
        .body(DELIVERY.to_vec())
        .unwrap();
    assert!(both().accept_request(&request).is_ok());
    let request = http::Request::post("/hook").body(DELIVERY).unwrap();
    assert!(matches!(
        both().accept_request(&request),
        Err(Rejection::MissingCredentials)
    ));
}

// ---- what is rejected, and why ----

#[test]
fn wrong_basic_credentials_are_rejected_with_their_reason() {
    let receiver = basic_only();
    let cases = [
        ("a wrong user", basic("postmark-hoo", PASSWORD)),
        ("a user in another case", basic("Postmark-Hook", PASSWORD)),
        ("a wrong password", basic(USER, "c0rrect-h0rse-7f1d")),
        (
            "a prefix of the password",
            basic(USER, &PASSWORD[..PASSWORD.len() - 1]),
        ),
        (
            "the password and more",
            basic(USER, &format!("{PASSWORD}x")),
        ),
        ("an empty password", basic(USER, "")),
        ("user and password swapped", basic(PASSWORD, USER)),
        ("the secret as the password", basic(USER, SECRET)),
    ];
    for (what, value) in cases {
        let rejection = rejected(&receiver, &headers(&[("authorization", value)]), DELIVERY);
        assert!(
            matches!(rejection, Rejection::WrongCredentials),
            "{what}: {rejection:?}"
        );
        assert_eq!(rejection.status(), 401);
        assert!(
            rejection
                .www_authenticate()
                .unwrap()
                .starts_with("Basic realm=")
        );
    }
}

#[test]
fn a_missing_authorization_header_is_missing_credentials() {
    for receiver in [basic_only(), both()] {
        let only_secret = headers(&[(SECRET_HEADER, HeaderValue::from_static(SECRET))]);
        let rejection = rejected(&receiver, &only_secret, DELIVERY);
        assert!(
            matches!(rejection, Rejection::MissingCredentials),
            "{rejection:?}"
        );
        assert_eq!(rejection.status(), 401);
        assert!(rejection.www_authenticate().is_some());
    }
}

#[test]
fn a_malformed_authorization_header_is_malformed() {
    let encoded = |text: &str| format!("Basic {}", STANDARD.encode(text));
    let cases = [
        "Bearer abc".to_string(),
        "Basic".to_string(),
        "Basic ".to_string(),
        "Basic !!!not-base64!!!".to_string(),
        "Basic cG9zdG1hcms=extra".to_string(),
        "Digest username=\"postmark-hook\"".to_string(),
        encoded("no colon at all"),
        format!("{}:{}", USER, PASSWORD),
        STANDARD.encode(format!("{USER}:{PASSWORD}")),
        format!("Basic{}", STANDARD.encode(format!("{USER}:{PASSWORD}"))),
    ];
    for value in cases {
        let headers = headers(&[("authorization", HeaderValue::from_str(&value).unwrap())]);
        let rejection = rejected(&basic_only(), &headers, DELIVERY);
        assert!(
            matches!(rejection, Rejection::MalformedAuthorization),
            "{value}: {rejection:?}"
        );
        assert_eq!(rejection.status(), 401);
    }
    // Non-ASCII bytes in the header are malformed too, never a panic.
    let headers = headers(&[(
        "authorization",
        HeaderValue::from_bytes(b"Basic \xff\xfe").unwrap(),
    )]);
    assert!(matches!(
        rejected(&basic_only(), &headers, DELIVERY),
        Rejection::MalformedAuthorization
    ));
    // Two Authorization headers, even if one is right, are ambiguous.
    let twice = headers_twice("authorization", basic(USER, PASSWORD), basic(USER, "x"));
    assert!(matches!(
        rejected(&basic_only(), &twice, DELIVERY),
        Rejection::MalformedAuthorization
    ));
}

fn headers_twice(name: &'static str, first: HeaderValue, second: HeaderValue) -> HeaderMap {
    let mut map = HeaderMap::new();
    map.append(name, first);
    map.append(name, second);
    map
}

#[test]
fn a_wrong_or_missing_secret_header_is_rejected() {
    let receiver = header_only();
    let rejection = rejected(&receiver, &HeaderMap::new(), DELIVERY);
    assert!(matches!(rejection, Rejection::MissingSecretHeader));
    assert_eq!(rejection.status(), 401);
    assert_eq!(rejection.www_authenticate(), None);
    for value in [
        "sh4red-s3cret-9a2",
        "sh4red-s3cret-9a2bb",
        "SH4RED-S3CRET-9A2B",
        "",
        PASSWORD,
    ] {
        let headers = headers(&[(SECRET_HEADER, HeaderValue::from_str(value).unwrap())]);
        let rejection = rejected(&receiver, &headers, DELIVERY);
        assert!(
            matches!(rejection, Rejection::WrongSecret),
            "{value:?}: {rejection:?}"
        );
        assert_eq!(rejection.status(), 401);
    }
    let twice = headers_twice(
        "x-webhook-secret",
        HeaderValue::from_static(SECRET),
        HeaderValue::from_static(SECRET),
    );
    assert!(matches!(
        rejected(&receiver, &twice, DELIVERY),
        Rejection::WrongSecret
    ));
}

#[test]
fn with_both_mechanisms_both_are_required() {
    let receiver = both();
    let no_secret = headers(&[("authorization", basic(USER, PASSWORD))]);
    assert!(matches!(
        rejected(&receiver, &no_secret, DELIVERY),
        Rejection::MissingSecretHeader
    ));
    let wrong_password = headers(&[
        ("authorization", basic(USER, "nope")),
        (SECRET_HEADER, HeaderValue::from_static(SECRET)),
    ]);
    assert!(matches!(
        rejected(&receiver, &wrong_password, DELIVERY),
        Rejection::WrongCredentials
    ));
}

#[test]
fn the_body_cap_is_enforced_after_the_credentials() {
    let receiver = Receiver::builder()
        .basic_auth(USER, PASSWORD)
        .max_body_bytes(200)
        .build()
        .unwrap();
    let big = vec![b' '; 201];
    let rejection = rejected(&receiver, &good_headers(), &big);
    assert!(matches!(rejection, Rejection::BodyTooLarge { limit: 200 }));
    assert_eq!(rejection.status(), 413);
    assert_eq!(rejection.to_string(), "the body is larger than 200 bytes");

    // A declared length is enough, before any body is read.
    let mut declared = good_headers();
    declared.insert(CONTENT_LENGTH, HeaderValue::from_static("201"));
    assert!(matches!(
        receiver.check_headers(&declared),
        Err(Rejection::BodyTooLarge { limit: 200 })
    ));
    declared.insert(CONTENT_LENGTH, HeaderValue::from_static("200"));
    assert!(receiver.check_headers(&declared).is_ok());

    // An unauthenticated client learns nothing about the cap.
    let mut anonymous = HeaderMap::new();
    anonymous.insert(CONTENT_LENGTH, HeaderValue::from_static("1000000"));
    assert!(matches!(
        rejected(&receiver, &anonymous, &big),
        Rejection::MissingCredentials
    ));

    // Exactly at the cap is fine.
    let mut at_cap = DELIVERY.to_vec();
    at_cap.resize(200, b' ');
    assert!(receiver.accept(&good_headers(), &at_cap).is_ok());
    assert_eq!(
        Receiver::insecure_accept_all().max_body_bytes(),
        DEFAULT_MAX_BODY_BYTES
    );
}

#[test]
fn an_invalid_body_is_a_400_with_the_parse_error() {
    let rejection = rejected(&both(), &good_headers(), br#"{"RecordType": "Delivery""#);
    let Rejection::InvalidPayload(err) = &rejection else {
        panic!("{rejection:?}")
    };
    assert_eq!(err.kind(), ParseErrorKind::Truncated);
    assert_eq!(rejection.status(), 400);
    assert!(std::error::Error::source(&rejection).is_some());
}

// ---- configuration ----

#[test]
fn a_receiver_that_checks_nothing_must_be_asked_for_by_name() {
    assert_eq!(
        Receiver::builder().build().unwrap_err(),
        ReceiverError::NoMechanism
    );
    assert_eq!(
        Receiver::builder().max_body_bytes(10).build().unwrap_err(),
        ReceiverError::NoMechanism
    );
}

#[test]
fn bad_configuration_is_refused_at_build() {
    let cases = [
        (
            Receiver::builder().basic_auth("", PASSWORD),
            ReceiverError::EmptySecret,
        ),
        (
            Receiver::builder().basic_auth(USER, ""),
            ReceiverError::EmptySecret,
        ),
        (
            Receiver::builder().basic_auth("a:b", PASSWORD),
            ReceiverError::InvalidUsername,
        ),
        (
            Receiver::builder().secret_header(SECRET_HEADER, ""),
            ReceiverError::EmptySecret,
        ),
        (
            Receiver::builder().secret_header("X Secret", SECRET),
            ReceiverError::InvalidHeaderName("X Secret".into()),
        ),
        (
            Receiver::builder().secret_header(SECRET_HEADER, "a\r\nb"),
            ReceiverError::InvalidHeaderValue,
        ),
    ];
    for (builder, expected) in cases {
        let err = builder.basic_auth("fine", "fine").build().unwrap_err();
        assert_eq!(err, expected);
        let shown = format!("{err} {err:?}");
        for secret in SECRETS {
            assert!(!shown.contains(secret), "{shown}");
        }
    }
}

#[test]
fn debug_output_shows_no_secret() {
    let builder = Receiver::builder()
        .basic_auth(USER, PASSWORD)
        .secret_header(SECRET_HEADER, SECRET);
    let receiver = builder.clone().build().unwrap();
    for shown in [
        format!("{builder:?}"),
        format!("{receiver:?}"),
        format!("{receiver:#?}"),
    ] {
        for secret in SECRETS {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(!shown.contains(USER), "{shown}");
        assert!(
            shown.contains("x-webhook-secret"),
            "the header name is no secret: {shown}"
        );
    }
}

// ---- the delivery: trace id, retries remaining, idempotency key ----

fn with(name: &'static str, value: &[u8]) -> HeaderMap {
    let mut map = good_headers();
    map.insert(name, HeaderValue::from_bytes(value).unwrap());
    map
}

#[test]
fn the_trace_id_and_retries_remaining_are_read_from_their_headers() {
    let mut map = with(
        "X-PM-Webhook-Trace-Id",
        b"0b7f3c2e-6c1d-4e8a-9f3b-2d5e7a1c4b6f",
    );
    map.insert("X-PM-Retries-Remaining", HeaderValue::from_static("3"));
    let received = both().accept(&map, DELIVERY).unwrap();
    assert_eq!(
        received.trace_id(),
        Some("0b7f3c2e-6c1d-4e8a-9f3b-2d5e7a1c4b6f")
    );
    assert_eq!(received.retries_remaining(), Some(3));
    assert_eq!(
        received.event(),
        &WebhookEvent::from_slice(DELIVERY).unwrap()
    );

    let first = both().accept(&good_headers(), DELIVERY).unwrap();
    assert_eq!((first.trace_id(), first.retries_remaining()), (None, None));
}

#[test]
fn one_trace_id_is_one_key_whatever_the_body() {
    const OTHER: &[u8] =
        br#"{"RecordType": "Bounce", "ID": 7, "Type": "HardBounce", "TypeCode": 1}"#;
    let map = with("x-pm-webhook-trace-id", b"trace-a");
    let first = both().accept(&map, DELIVERY).unwrap();
    let retry = both().accept(&map, OTHER).unwrap();
    assert_eq!(first.idempotency_key(), retry.idempotency_key());
    assert_ne!(first.idempotency_key(), first.event().idempotency_key());

    let other_trace = with("x-pm-webhook-trace-id", b"trace-b");
    let other = both().accept(&other_trace, DELIVERY).unwrap();
    assert_ne!(other.idempotency_key(), first.idempotency_key());
}

#[test]
fn without_a_trace_id_the_key_is_the_payloads() {
    let received = both().accept(&good_headers(), DELIVERY).unwrap();
    let payload_key = WebhookEvent::from_slice(DELIVERY)
        .unwrap()
        .idempotency_key();
    assert_eq!(received.idempotency_key(), payload_key);
    // Retries remaining does not change the key.
    let retried = both()
        .accept(&with("x-pm-retries-remaining", b"2"), DELIVERY)
        .unwrap();
    assert_eq!(retried.idempotency_key(), payload_key);
}

#[test]
fn trace_ids_that_break_the_rule_count_as_absent() {
    let payload_key = WebhookEvent::from_slice(DELIVERY)
        .unwrap()
        .idempotency_key();
    let longest = "t".repeat(128);
    let too_long = "t".repeat(129);
    let absurd = "t".repeat(64 * 1024);
    let invalid: [&[u8]; 9] = [
        b"",
        b"   ",
        b"\t",
        "tr\u{e4}ce".as_bytes(),
        b"\xff\xfe",
        b"two words",
        b"tab\tinside",
        too_long.as_bytes(),
        absurd.as_bytes(),
    ];
    for value in invalid {
        let received = both()
            .accept(&with("x-pm-webhook-trace-id", value), DELIVERY)
            .unwrap();
        assert_eq!(
            received.trace_id(),
            None,
            "{:?}",
            String::from_utf8_lossy(value)
        );
        assert_eq!(received.idempotency_key(), payload_key);
    }
    // Twice, even with the same value, is ambiguous.
    let mut twice = good_headers();
    twice.append("x-pm-webhook-trace-id", HeaderValue::from_static("t-1"));
    twice.append("x-pm-webhook-trace-id", HeaderValue::from_static("t-1"));
    let received = both().accept(&twice, DELIVERY).unwrap();
    assert_eq!(received.trace_id(), None);
    // Surrounding spaces are trimmed; 128 bytes of visible ASCII are kept.
    let padded = both()
        .accept(&with("x-pm-webhook-trace-id", b"  t-1 "), DELIVERY)
        .unwrap();
    assert_eq!(padded.trace_id(), Some("t-1"));
    let long = both()
        .accept(&with("x-pm-webhook-trace-id", longest.as_bytes()), DELIVERY)
        .unwrap();
    assert_eq!(long.trace_id(), Some(longest.as_str()));
}

#[test]
fn retries_remaining_must_be_a_plain_number() {
    let read = |value: &[u8]| {
        both()
            .accept(&with("x-pm-retries-remaining", value), DELIVERY)
            .unwrap()
            .retries_remaining()
    };
    assert_eq!(read(b"0"), Some(0));
    assert_eq!(read(b" 12 "), Some(12));
    assert_eq!(read(b"4294967295"), Some(u32::MAX));
    for value in [
        &b"-1"[..],
        b"+5",
        b"4294967296",
        b"1.0",
        b"five",
        b"",
        b"\xff",
        "9".repeat(200).as_bytes(),
    ] {
        assert_eq!(read(value), None, "{:?}", String::from_utf8_lossy(value));
    }
    let mut twice = good_headers();
    twice.append("x-pm-retries-remaining", HeaderValue::from_static("1"));
    twice.append("x-pm-retries-remaining", HeaderValue::from_static("2"));
    assert_eq!(
        both().accept(&twice, DELIVERY).unwrap().retries_remaining(),
        None
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// A presented password passes exactly when it equals the expected one.
    #[test]
    fn a_password_passes_only_if_equal(
        expected in "[ -~]{1,24}",
        presented in "[ -~]{0,24}",
    ) {
        let receiver = Receiver::builder().basic_auth("u", &expected).build().unwrap();
        let headers = headers(&[("authorization", basic("u", &presented))]);
        let result = receiver.accept(&headers, DELIVERY);
        prop_assert_eq!(result.is_ok(), presented == expected);
        if presented != expected {
            prop_assert!(matches!(result, Err(Rejection::WrongCredentials)));
        }
    }

    /// The fuzz target's checks, over arbitrary input.
    #[cfg(feature = "fuzzing")]
    #[test]
    fn arbitrary_requests_never_panic(data in proptest::collection::vec(any::<u8>(), 0..300)) {
        postmark_webhooks::fuzzing::receiver(&data);
    }
}
