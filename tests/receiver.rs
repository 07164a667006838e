//! Verifying requests to a webhook endpoint: Basic credentials and a
//! shared-secret header, each wrong in every way, the body cap, the answers'
//! statuses, and secrets kept out of every message.

mod event_fixtures;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use http::header::{AUTHORIZATION, CONTENT_LENGTH};
use http::{HeaderMap, HeaderValue};
use postmark_webhooks::events::{ParseErrorKind, WebhookEvent};
use postmark_webhooks::receiver::{
    DEFAULT_MAX_BODY_BYTES, Rejection, Verifier, VerifierError, retries_remaining,
};
use proptest::prelude::*;

const USER: &str = "postmark-hook";
const PASSWORD: &str = "c0rrect-h0rse-7f1c";
const SECRET_HEADER: &str = "X-Webhook-Secret";
const SECRET: &str = "sh4red-s3cret-9a2b";
const SECRETS: [&str; 2] = [PASSWORD, SECRET];

const DELIVERY: &[u8] = br#"{"RecordType": "Delivery", "Recipient": "john@example.com",
    "DeliveredAt": "2022-09-02T11:49:27Z"}"#;

fn basic_only() -> Verifier {
    Verifier::builder()
        .basic_auth(USER, PASSWORD)
        .build()
        .unwrap()
}

fn header_only() -> Verifier {
    Verifier::builder()
        .secret_header(SECRET_HEADER, SECRET)
        .build()
        .unwrap()
}

fn both() -> Verifier {
    Verifier::builder()
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
fn rejected(verifier: &Verifier, headers: &HeaderMap, body: &[u8]) -> Rejection {
    let rejection = verifier.verify(headers, body).unwrap_err();
    let shown = format!("{rejection} {rejection:?}");
    for secret in SECRETS {
        assert!(!shown.contains(secret), "{shown}");
    }
    rejection
}

// ---- what passes ----

#[test]
fn correct_credentials_pass_with_each_mechanism() {
    for verifier in [basic_only(), header_only(), both()] {
        let event = verifier.verify(&good_headers(), DELIVERY).unwrap();
        assert_eq!(event.recipient(), Some("john@example.com"));
    }
}

#[test]
fn every_real_payload_passes_a_correct_request() {
    let verifier = both();
    for fixture in event_fixtures::all() {
        let result = verifier.verify(&good_headers(), &fixture.bytes);
        match (fixture.is_valid(), result) {
            (true, Ok(event)) => {
                assert_eq!(event, WebhookEvent::from_slice(&fixture.bytes).unwrap())
            }
            (false, Err(Rejection::InvalidPayload(_))) => {}
            (_, other) => panic!("{}: {other:?}", fixture.name),
        }
    }
}

#[test]
fn basic_auth_follows_rfc_7617_leniently() {
    let verifier = basic_only();
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
        assert!(verifier.verify(&headers, DELIVERY).is_ok(), "{value}");
    }
    // The password may contain ':'; only the first one separates.
    let colon = Verifier::builder()
        .basic_auth("u", "p:a:ss")
        .build()
        .unwrap();
    let headers = headers(&[("authorization", basic("u", "p:a:ss"))]);
    assert!(colon.verify(&headers, DELIVERY).is_ok());
}

#[test]
fn the_secret_header_name_is_case_insensitive() {
    let headers = headers(&[("x-WEBHOOK-secret", HeaderValue::from_static(SECRET))]);
    assert!(header_only().verify(&headers, DELIVERY).is_ok());
}

#[test]
fn insecure_accept_all_checks_only_the_body() {
    let verifier = Verifier::insecure_accept_all();
    assert!(verifier.verify(&HeaderMap::new(), DELIVERY).is_ok());
    assert!(matches!(
        verifier.verify(&HeaderMap::new(), b"{}"),
        Err(Rejection::InvalidPayload(_))
    ));
}

#[test]
fn verify_request_takes_an_http_request() {
    let request = http::Request::post("/hook")
        .header(AUTHORIZATION, basic(USER, PASSWORD))
        .header(SECRET_HEADER, SECRET)
        .body(DELIVERY.to_vec())
        .unwrap();
    assert!(both().verify_request(&request).is_ok());
    let request = http::Request::post("/hook").body(DELIVERY).unwrap();
    assert!(matches!(
        both().verify_request(&request),
        Err(Rejection::MissingCredentials)
    ));
}

// ---- what is rejected, and why ----

#[test]
fn wrong_basic_credentials_are_rejected_with_their_reason() {
    let verifier = basic_only();
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
        let rejection = rejected(&verifier, &headers(&[("authorization", value)]), DELIVERY);
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
    for verifier in [basic_only(), both()] {
        let only_secret = headers(&[(SECRET_HEADER, HeaderValue::from_static(SECRET))]);
        let rejection = rejected(&verifier, &only_secret, DELIVERY);
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
    let verifier = header_only();
    let rejection = rejected(&verifier, &HeaderMap::new(), DELIVERY);
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
        let rejection = rejected(&verifier, &headers, DELIVERY);
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
        rejected(&verifier, &twice, DELIVERY),
        Rejection::WrongSecret
    ));
}

#[test]
fn with_both_mechanisms_both_are_required() {
    let verifier = both();
    let no_secret = headers(&[("authorization", basic(USER, PASSWORD))]);
    assert!(matches!(
        rejected(&verifier, &no_secret, DELIVERY),
        Rejection::MissingSecretHeader
    ));
    let wrong_password = headers(&[
        ("authorization", basic(USER, "nope")),
        (SECRET_HEADER, HeaderValue::from_static(SECRET)),
    ]);
    assert!(matches!(
        rejected(&verifier, &wrong_password, DELIVERY),
        Rejection::WrongCredentials
    ));
}

#[test]
fn the_body_cap_is_enforced_after_the_credentials() {
    let verifier = Verifier::builder()
        .basic_auth(USER, PASSWORD)
        .max_body_bytes(200)
        .build()
        .unwrap();
    let big = vec![b' '; 201];
    let rejection = rejected(&verifier, &good_headers(), &big);
    assert!(matches!(rejection, Rejection::BodyTooLarge { limit: 200 }));
    assert_eq!(rejection.status(), 413);
    assert_eq!(rejection.to_string(), "the body is larger than 200 bytes");

    // A declared length is enough, before any body is read.
    let mut declared = good_headers();
    declared.insert(CONTENT_LENGTH, HeaderValue::from_static("201"));
    assert!(matches!(
        verifier.check_headers(&declared),
        Err(Rejection::BodyTooLarge { limit: 200 })
    ));
    declared.insert(CONTENT_LENGTH, HeaderValue::from_static("200"));
    assert!(verifier.check_headers(&declared).is_ok());

    // An unauthenticated client learns nothing about the cap.
    let mut anonymous = HeaderMap::new();
    anonymous.insert(CONTENT_LENGTH, HeaderValue::from_static("1000000"));
    assert!(matches!(
        rejected(&verifier, &anonymous, &big),
        Rejection::MissingCredentials
    ));

    // Exactly at the cap is fine.
    let mut at_cap = DELIVERY.to_vec();
    at_cap.resize(200, b' ');
    assert!(verifier.verify(&good_headers(), &at_cap).is_ok());
    assert_eq!(
        Verifier::insecure_accept_all().max_body_bytes(),
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
fn a_verifier_that_checks_nothing_must_be_asked_for_by_name() {
    assert_eq!(
        Verifier::builder().build().unwrap_err(),
        VerifierError::NoMechanism
    );
    assert_eq!(
        Verifier::builder().max_body_bytes(10).build().unwrap_err(),
        VerifierError::NoMechanism
    );
}

#[test]
fn bad_configuration_is_refused_at_build() {
    let cases = [
        (
            Verifier::builder().basic_auth("", PASSWORD),
            VerifierError::EmptySecret,
        ),
        (
            Verifier::builder().basic_auth(USER, ""),
            VerifierError::EmptySecret,
        ),
        (
            Verifier::builder().basic_auth("a:b", PASSWORD),
            VerifierError::InvalidUsername,
        ),
        (
            Verifier::builder().secret_header(SECRET_HEADER, ""),
            VerifierError::EmptySecret,
        ),
        (
            Verifier::builder().secret_header("X Secret", SECRET),
            VerifierError::InvalidHeaderName("X Secret".into()),
        ),
        (
            Verifier::builder().secret_header(SECRET_HEADER, "a\r\nb"),
            VerifierError::InvalidHeaderValue,
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
    let builder = Verifier::builder()
        .basic_auth(USER, PASSWORD)
        .secret_header(SECRET_HEADER, SECRET);
    let verifier = builder.clone().build().unwrap();
    for shown in [
        format!("{builder:?}"),
        format!("{verifier:?}"),
        format!("{verifier:#?}"),
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

#[test]
fn retries_remaining_is_read_when_present() {
    let mut map = HeaderMap::new();
    assert_eq!(retries_remaining(&map), None);
    map.insert("x-pm-retries-remaining", HeaderValue::from_static("0"));
    assert_eq!(retries_remaining(&map), Some(0));
    map.insert("X-PM-Retries-Remaining", HeaderValue::from_static(" 12 "));
    assert_eq!(retries_remaining(&map), Some(12));
    map.insert("x-pm-retries-remaining", HeaderValue::from_static("-1"));
    assert_eq!(retries_remaining(&map), None);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// A presented password passes exactly when it equals the expected one.
    #[test]
    fn a_password_passes_only_if_equal(
        expected in "[ -~]{1,24}",
        presented in "[ -~]{0,24}",
    ) {
        let verifier = Verifier::builder().basic_auth("u", &expected).build().unwrap();
        let headers = headers(&[("authorization", basic("u", &presented))]);
        let result = verifier.verify(&headers, DELIVERY);
        prop_assert_eq!(result.is_ok(), presented == expected);
        if presented != expected {
            prop_assert!(matches!(result, Err(Rejection::WrongCredentials)));
        }
    }

    /// The fuzz target's checks, over arbitrary input.
    #[cfg(feature = "fuzzing")]
    #[test]
    fn arbitrary_requests_never_panic(data in proptest::collection::vec(any::<u8>(), 0..300)) {
        postmark_webhooks::receiver::fuzz_entry(&data);
    }
}
