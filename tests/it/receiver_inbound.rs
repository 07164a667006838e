//! Receiving a server's inbound hook: `Receiver::accept_inbound`, the
//! `PostmarkInbound` extractor and `PostmarkLayer::inbound`. Exact statuses
//! (401, never 403, for a bad login; 413 over the inbound cap; 403 only when
//! the handler refuses), exact decoded values, and deduplication by
//! `MessageID`.

use crate::inbound::fixtures;

use http::header::{AUTHORIZATION, CONTENT_LENGTH};
use http::{HeaderMap, HeaderValue};
use postmark_webhooks::inbound::{InboundMessage, ParseErrorKind};
use postmark_webhooks::receiver::{DEFAULT_MAX_INBOUND_BODY_BYTES, Receiver, Rejection};

const USER: &str = "postmark";
const PASSWORD: &str = "inb0und-pw-3c9e";
const CHALLENGE: &str = "Basic realm=\"postmark-webhooks\", charset=\"UTF-8\"";

fn fixture(name: &str) -> Vec<u8> {
    fixtures()
        .into_iter()
        .find(|(found, _)| found == name)
        .unwrap()
        .1
}

fn basic(user: &str, password: &str) -> String {
    use base64::Engine as _;
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {token}")
}

fn login(password: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(AUTHORIZATION, basic(USER, password).parse().unwrap());
    headers
}

fn receiver() -> Receiver {
    Receiver::builder()
        .basic_auth(USER, PASSWORD)
        .build()
        .unwrap()
}

#[test]
fn accept_inbound_reads_the_docs_example_behind_basic_credentials() {
    let body = fixture("Inbound-docs-1.json");
    let message = receiver().accept_inbound(&login(PASSWORD), &body).unwrap();
    assert_eq!(message, InboundMessage::from_slice(&body).unwrap());
    assert_eq!(
        message.message_id.as_deref(),
        Some("73e6d360-66eb-11e1-8e72-a8904824019b")
    );
    assert_eq!(message.from.as_deref(), Some("support@postmarkapp.com"));
    assert_eq!(message.subject.as_deref(), Some("Test subject"));
    assert_eq!(message.header("X-Spam-Score"), Some("-0.1"));
}

#[test]
fn a_bad_login_is_401_never_403() {
    let body = fixture("Inbound-docs-1.json");
    let receiver = receiver();
    let cases = [
        (HeaderMap::new(), "MissingCredentials"),
        (login("wr0ng"), "WrongCredentials"),
        (
            HeaderMap::from_iter([(AUTHORIZATION, HeaderValue::from_static("Bearer x"))]),
            "MalformedAuthorization",
        ),
    ];
    for (headers, expected) in cases {
        let rejection = receiver.accept_inbound(&headers, &body).unwrap_err();
        assert_eq!(format!("{rejection:?}"), expected);
        assert_eq!(rejection.status(), 401);
        assert_eq!(rejection.www_authenticate(), Some(CHALLENGE));
    }
}

#[test]
fn an_inbound_request_is_checked_by_its_basic_credentials_only() {
    // One receiver for a webhook (Basic and a secret header) and an inbound
    // hook (which can carry only the Basic credentials of its URL).
    let both = Receiver::builder()
        .basic_auth(USER, PASSWORD)
        .secret_header("X-Webhook-Secret", "s3cr3t")
        .build()
        .unwrap();
    let body = fixture("Inbound-docs-1.json");
    let message = both.accept_inbound(&login(PASSWORD), &body).unwrap();
    assert_eq!(message, InboundMessage::from_slice(&body).unwrap());
    assert!(matches!(
        both.accept_inbound(&login("wr0ng"), &body),
        Err(Rejection::WrongCredentials)
    ));
    // Events still need the secret header.
    let delivery = br#"{"RecordType": "Delivery", "Recipient": "john@example.com"}"#;
    assert!(matches!(
        both.accept(&login(PASSWORD), delivery),
        Err(Rejection::MissingSecretHeader)
    ));
}

#[test]
fn a_receiver_without_basic_credentials_refuses_inbound_with_500() {
    let secret_only = Receiver::builder()
        .secret_header("X-Webhook-Secret", "s3cr3t")
        .build()
        .unwrap();
    let body = fixture("Inbound-docs-1.json");
    let mut headers = HeaderMap::new();
    headers.insert("x-webhook-secret", HeaderValue::from_static("s3cr3t"));
    let rejection = secret_only.accept_inbound(&headers, &body).unwrap_err();
    assert_eq!(format!("{rejection:?}"), "NoInboundCredentials");
    assert_eq!(rejection.status(), 500);
    assert_eq!(rejection.www_authenticate(), None);
    assert_eq!(
        rejection.to_string(),
        "the receiver has no Basic credentials, the one check an inbound hook can pass"
    );
    // A receiver that checks nothing still takes every message.
    let message = Receiver::insecure_accept_all()
        .accept_inbound(&HeaderMap::new(), &body)
        .unwrap();
    assert_eq!(message, InboundMessage::from_slice(&body).unwrap());
}

#[test]
fn the_inbound_cap_is_its_own_and_larger_by_default() {
    assert_eq!(DEFAULT_MAX_INBOUND_BODY_BYTES, 50 * 1024 * 1024);
    assert_eq!(receiver().max_inbound_body_bytes(), 50 * 1024 * 1024);
    let body = fixture("Inbound-rsvpmaker-1.json");
    assert_eq!(body.len(), 12_132);
    let events_small = Receiver::builder()
        .basic_auth(USER, PASSWORD)
        .max_body_bytes(1024)
        .build()
        .unwrap();
    assert!(events_small.accept_inbound(&login(PASSWORD), &body).is_ok());
    assert!(matches!(
        events_small.accept(&login(PASSWORD), &body),
        Err(Rejection::BodyTooLarge { limit: 1024 })
    ));

    let inbound_small = Receiver::builder()
        .basic_auth(USER, PASSWORD)
        .max_inbound_body_bytes(12_131)
        .build()
        .unwrap();
    let rejection = inbound_small
        .accept_inbound(&login(PASSWORD), &body)
        .unwrap_err();
    assert!(matches!(
        rejection,
        Rejection::BodyTooLarge { limit: 12_131 }
    ));
    assert_eq!(rejection.status(), 413);
    // A declared length over the cap is refused before the body...
    let mut declared = login(PASSWORD);
    declared.insert(CONTENT_LENGTH, HeaderValue::from_static("12132"));
    assert!(matches!(
        inbound_small.accept_inbound(&declared, b"{}"),
        Err(Rejection::BodyTooLarge { limit: 12_131 })
    ));
    // ...but never before the credentials.
    declared.insert(AUTHORIZATION, basic(USER, "wr0ng").parse().unwrap());
    assert!(matches!(
        inbound_small.accept_inbound(&declared, b"{}"),
        Err(Rejection::WrongCredentials)
    ));
}

#[test]
fn a_body_that_is_not_an_inbound_message_is_400() {
    let rejection = receiver()
        .accept_inbound(&login(PASSWORD), b"[]")
        .unwrap_err();
    let Rejection::InvalidInbound(e) = &rejection else {
        panic!("{rejection:?}");
    };
    assert_eq!(e.kind(), ParseErrorKind::NotAnObject);
    assert_eq!(rejection.status(), 400);
    assert!(
        rejection.to_string().starts_with(
            "the body is not a Postmark inbound message: the body is not a JSON object"
        ),
        "{rejection}"
    );
}

#[cfg(feature = "axum")]
mod axum_receiving {
    use super::*;

    use std::sync::{Arc, Mutex};

    use axum::Router;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use axum::routing::post;
    use postmark_webhooks::receiver::{
        InboundOutcome, MemorySeenStore, PostmarkInbound, PostmarkLayer,
    };

    type Calls = Arc<Mutex<Vec<InboundMessage>>>;

    /// The handler: files a message with a `SampleHash` mailbox hash,
    /// refuses one without a hash, and asks for a retry otherwise.
    async fn file(calls: Calls, message: InboundMessage) -> InboundOutcome {
        let outcome = match message.mailbox_hash.as_deref() {
            Some("SampleHash") => InboundOutcome::Handled,
            Some("") | None => InboundOutcome::Refused,
            Some(_) => InboundOutcome::RetryLater,
        };
        calls.lock().unwrap().push(message);
        outcome
    }

    /// A router whose handler takes `PostmarkInbound` from the state's receiver.
    fn extracting(receiver: Receiver) -> (Router, Calls) {
        let calls = Calls::default();
        let seen = calls.clone();
        let router = Router::new()
            .route(
                "/inbound",
                post(move |PostmarkInbound(message): PostmarkInbound| file(seen.clone(), message)),
            )
            .with_state(receiver);
        (router, calls)
    }

    /// A router behind `PostmarkLayer::inbound` that deduplicates.
    fn layered(receiver: Receiver) -> (Router, Calls) {
        let calls = Calls::default();
        let seen = calls.clone();
        let router = Router::new().route(
            "/inbound",
            post(move |PostmarkInbound(message): PostmarkInbound| file(seen.clone(), message))
                // Behind the layer, the extractor takes the layer's message
                // and never uses this receiver.
                .with_state(Receiver::insecure_accept_all())
                .layer(PostmarkLayer::inbound(receiver).deduplicate(MemorySeenStore::default())),
        );
        (router, calls)
    }

    fn request(password: &str, body: Vec<u8>) -> Request<Body> {
        Request::post("/inbound")
            .header("content-type", "application/json")
            .header("authorization", basic(USER, password))
            .body(Body::from(body))
            .unwrap()
    }

    async fn answer(
        router: &Router,
        request: Request<Body>,
    ) -> (StatusCode, Option<String>, String) {
        crate::receiver_axum::answer(router.clone(), request).await
    }

    #[tokio::test]
    async fn the_extractor_hands_over_the_message_and_the_handler_answers() {
        let (router, calls) = extracting(receiver());
        let docs = fixture("Inbound-docs-1.json");
        assert_eq!(
            answer(&router, request(PASSWORD, docs.clone())).await,
            (StatusCode::OK, None, "handled\n".into())
        );
        assert_eq!(
            calls.lock().unwrap().as_slice(),
            [InboundMessage::from_slice(&docs).unwrap()]
        );
        // No mailbox hash: the handler refuses it for good.
        assert_eq!(
            answer(
                &router,
                request(PASSWORD, fixture("Inbound-webhookdb-1.json"))
            )
            .await,
            (
                StatusCode::FORBIDDEN,
                None,
                "refused for good; do not retry\n".into()
            )
        );
        assert_eq!(
            answer(&router, request(PASSWORD, fixture("Inbound-skills-1.json"))).await,
            (
                StatusCode::SERVICE_UNAVAILABLE,
                None,
                "not handled now; retry later\n".into()
            )
        );
        assert_eq!(calls.lock().unwrap().len(), 3);
    }

    #[tokio::test]
    async fn the_extractor_answers_a_bad_login_401_and_an_oversized_body_413() {
        let small = Receiver::builder()
            .basic_auth(USER, PASSWORD)
            .max_inbound_body_bytes(2049)
            .build()
            .unwrap();
        let (router, calls) = extracting(small);
        let docs = fixture("Inbound-docs-1.json");
        assert_eq!(docs.len(), 2050);
        assert_eq!(
            answer(&router, request("wr0ng", docs.clone())).await,
            (
                StatusCode::UNAUTHORIZED,
                Some(CHALLENGE.into()),
                "the Basic auth credentials are wrong\n".into()
            )
        );
        assert_eq!(
            answer(&router, request(PASSWORD, docs)).await,
            (
                StatusCode::PAYLOAD_TOO_LARGE,
                None,
                "the body is larger than 2049 bytes\n".into()
            )
        );
        let (status, _, text) =
            answer(&router, request(PASSWORD, b"{\"Subject\": 1}".to_vec())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            text.starts_with("the body is not a Postmark inbound message: invalid inbound message"),
            "{text}"
        );
        assert!(calls.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn the_layer_deduplicates_by_message_id() {
        let (router, calls) = layered(receiver());
        let docs = fixture("Inbound-docs-1.json");
        assert_eq!(
            answer(&router, request(PASSWORD, docs.clone())).await.0,
            StatusCode::OK
        );
        // Postmark's retry: the same MessageID, answered by the layer.
        assert_eq!(
            answer(&router, request(PASSWORD, docs.clone())).await,
            (StatusCode::OK, None, "already handled\n".into())
        );
        // The 2014 example without MessageStream has the same MessageID.
        assert_eq!(
            answer(
                &router,
                request(PASSWORD, fixture("Inbound-bespoke-1.json"))
            )
            .await,
            (StatusCode::OK, None, "already handled\n".into())
        );
        assert_eq!(calls.lock().unwrap().len(), 1);
        // A refused or retried message is not counted as handled: sent
        // again, it reaches the handler again.
        for (name, expected) in [
            ("Inbound-webhookdb-1.json", StatusCode::FORBIDDEN),
            ("Inbound-skills-1.json", StatusCode::SERVICE_UNAVAILABLE),
        ] {
            let first = answer(&router, request(PASSWORD, fixture(name))).await.0;
            let again = answer(&router, request(PASSWORD, fixture(name))).await.0;
            assert_eq!((first, again), (expected, expected), "{name}");
        }
        let ids: Vec<_> = calls
            .lock()
            .unwrap()
            .iter()
            .map(|m| m.message_id.clone().unwrap())
            .collect();
        assert_eq!(
            ids,
            [
                "73e6d360-66eb-11e1-8e72-a8904824019b",
                "1cc276c0-fae9-4793-b2c7-71c9cd45e023",
                "1cc276c0-fae9-4793-b2c7-71c9cd45e023",
                "73e6d360-66eb-11e1-8e72-a8206ea7d3ea",
                "73e6d360-66eb-11e1-8e72-a8206ea7d3ea",
            ]
        );
        // A bad login is 401 from the layer, before the handler.
        let (status, challenge, _) =
            answer(&router, request("wr0ng", fixture("Inbound-gem-1.json"))).await;
        assert_eq!(
            (status, challenge.as_deref()),
            (StatusCode::UNAUTHORIZED, Some(CHALLENGE))
        );
        assert_eq!(calls.lock().unwrap().len(), 5);
    }
    #[tokio::test]
    async fn the_layer_files_each_check_payload() {
        // The dashboard's "Check" payloads share the nil MessageID.
        let (router, calls) = layered(receiver());
        for name in ["Inbound-anymail-1.json", "Inbound-anymail-2.json"] {
            assert_eq!(
                answer(&router, request(PASSWORD, fixture(name))).await,
                (StatusCode::OK, None, "handled\n".into()),
                "{name}"
            );
        }
        assert_eq!(
            answer(
                &router,
                request(PASSWORD, fixture("Inbound-anymail-2.json"))
            )
            .await,
            (StatusCode::OK, None, "already handled\n".into())
        );
        assert_eq!(calls.lock().unwrap().len(), 2);
    }

    #[tokio::test]
    async fn the_extractor_answers_500_without_basic_credentials_to_check() {
        let secret_only = Receiver::builder()
            .secret_header("X-Webhook-Secret", "s3cr3t")
            .build()
            .unwrap();
        let (router, calls) = extracting(secret_only);
        let mut request = request(PASSWORD, fixture("Inbound-docs-1.json"));
        request
            .headers_mut()
            .insert("x-webhook-secret", HeaderValue::from_static("s3cr3t"));
        assert_eq!(
            answer(&router, request).await,
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                None,
                "the receiver has no Basic credentials, the one check an inbound hook can pass\n"
                    .into()
            )
        );
        assert!(calls.lock().unwrap().is_empty());
    }

    /// Posts the docs example from `peer` (none: no `ConnectInfo`), with
    /// these `X-Forwarded-For` values, through an inbound layer that allows
    /// 203.0.113.0/24 and trusts proxies in 10.0.0.0/8.
    async fn post_from(peer: Option<&str>, forwarded: &[&str]) -> (StatusCode, String, usize) {
        use axum::extract::ConnectInfo;
        use postmark_webhooks::receiver::IpAllowlist;
        use std::net::{IpAddr, SocketAddr};

        let allowlist = IpAllowlist::builder()
            .allow("203.0.113.0/24")
            .trust_proxy("10.0.0.0/8")
            .build()
            .unwrap();
        let calls = Calls::default();
        let seen = calls.clone();
        let router = Router::new().route(
            "/inbound",
            post(move |PostmarkInbound(message): PostmarkInbound| file(seen.clone(), message))
                .with_state(Receiver::insecure_accept_all())
                .layer(PostmarkLayer::inbound(receiver()).allow_ips(allowlist)),
        );
        let mut request = request(PASSWORD, fixture("Inbound-docs-1.json"));
        for value in forwarded {
            request
                .headers_mut()
                .append("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        }
        if let Some(peer) = peer {
            let ip: IpAddr = peer.parse().unwrap();
            request
                .extensions_mut()
                .insert(ConnectInfo(SocketAddr::new(ip, 40_000)));
        }
        let (status, challenge, text) = answer(&router, request).await;
        assert_eq!(challenge, None);
        let calls = calls.lock().unwrap().len();
        (status, text, calls)
    }

    #[tokio::test]
    async fn the_inbound_layers_allowlist_never_answers_403() {
        let refused = "the address 198.51.100.7 is not allowed\n";
        let cases: [(Option<&str>, &[&str], StatusCode, &str); 4] = [
            // Setup errors: 500, and Postmark retries.
            (
                None,
                &[],
                StatusCode::INTERNAL_SERVER_ERROR,
                "the client's address is unknown\n",
            ),
            (
                Some("10.0.0.1"),
                &["not-an-address"],
                StatusCode::INTERNAL_SERVER_ERROR,
                "the X-Forwarded-For header is not a list of IP addresses\n",
            ),
            // A refused address: 503, and Postmark retries.
            (
                Some("198.51.100.7"),
                &[],
                StatusCode::SERVICE_UNAVAILABLE,
                refused,
            ),
            (
                Some("10.0.0.1"),
                &["198.51.100.7"],
                StatusCode::SERVICE_UNAVAILABLE,
                refused,
            ),
        ];
        for (peer, forwarded, status, text) in cases {
            assert_eq!(
                post_from(peer, forwarded).await,
                (status, text.to_string(), 0),
                "{peer:?} {forwarded:?}"
            );
        }
        assert_eq!(
            post_from(Some("203.0.113.7"), &[]).await,
            (StatusCode::OK, "handled\n".into(), 1)
        );
    }
}
