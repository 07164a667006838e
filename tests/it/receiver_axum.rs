//! The `PostmarkWebhook` extractor and the `PostmarkLayer`, through real axum
//! routers: typed deliveries reach the handler; wrong credentials, oversized
//! bodies (declared or streamed, never buffered past the cap) and bodies that
//! are not events are answered before it; the mock's deliveries of every
//! record type arrive typed.
#![cfg(feature = "axum")]

use crate::event_fixtures;

use std::convert::Infallible;
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode};
use axum::response::Response;
use axum::routing::{MethodRouter, post};
use base64::Engine as _;
use http_body_util::{BodyExt as _, Full};
use postmark_webhooks::events::WebhookEvent;
use postmark_webhooks::receiver::{PostmarkLayer, PostmarkWebhook, ReceivedEvent, Receiver};
use tower::{Layer as _, ServiceExt as _};

const USER: &str = "postmark";
const PASSWORD: &str = "c0rrect-h0rse-7f1c";
const SECRET_HEADER: &str = "X-Webhook-Secret";
const SECRET: &str = "sh4red-s3cret-9a2b";
const CHALLENGE: &str = "Basic realm=\"postmark-webhooks\", charset=\"UTF-8\"";
const CAP: usize = 4 * 1024;

const DELIVERY: &str = r#"{"RecordType": "Delivery", "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
    "Recipient": "john@example.com", "DeliveredAt": "2019-11-05T16:33:54.9070259Z"}"#;

/// What the handler was given, in order.
type Calls = Arc<Mutex<Vec<ReceivedEvent>>>;

fn both() -> Receiver {
    Receiver::builder()
        .basic_auth(USER, PASSWORD)
        .secret_header(SECRET_HEADER, SECRET)
        .max_body_bytes(CAP)
        .build()
        .unwrap()
}

/// A router whose handler takes `PostmarkWebhook`, records the delivery and
/// answers 200.
fn app(receiver: Receiver) -> (Router, Calls) {
    let calls = Calls::default();
    let router = Router::new()
        .route("/hook", recording(&calls))
        .with_state(receiver);
    (router, calls)
}

/// A POST handler that takes `PostmarkWebhook`, records the delivery in
/// `calls` and answers "handled".
fn recording(calls: &Calls) -> MethodRouter<Receiver> {
    let seen = calls.clone();
    post(
        move |PostmarkWebhook(received): PostmarkWebhook| async move {
            seen.lock().unwrap().push(received);
            "handled"
        },
    )
}

fn basic(user: &str, password: &str) -> String {
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {token}")
}

fn post_hook() -> axum::http::request::Builder {
    Request::post("/hook").header("content-type", "application/json")
}

fn authorized() -> axum::http::request::Builder {
    post_hook()
        .header("authorization", basic(USER, PASSWORD))
        .header(SECRET_HEADER, SECRET)
}

/// A chunked body (no size known) of `chunks` chunks of `size` bytes that
/// counts how many bytes were pulled from it.
fn counting_body(chunks: usize, size: usize) -> (Body, Arc<AtomicUsize>) {
    let pulled = Arc::new(AtomicUsize::new(0));
    let counter = pulled.clone();
    let stream = futures_util::stream::iter((0..chunks).map(move |_| {
        counter.fetch_add(size, Ordering::SeqCst);
        Ok::<_, Infallible>(Bytes::from(vec![b' '; size]))
    }));
    (Body::from_stream(stream), pulled)
}

pub(crate) async fn answer(
    router: Router,
    request: Request<Body>,
) -> (StatusCode, Option<String>, String) {
    let response: Response = router.oneshot(request).await.unwrap();
    let status = response.status();
    let challenge = response
        .headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, challenge, String::from_utf8(body.to_vec()).unwrap())
}

// ---- the extractor ----

#[tokio::test]
async fn valid_basic_and_secret_header_requests_reach_the_handler_typed() {
    let basic_only = Receiver::builder()
        .basic_auth(USER, PASSWORD)
        .build()
        .unwrap();
    let header_only = Receiver::builder()
        .secret_header(SECRET_HEADER, SECRET)
        .build()
        .unwrap();
    let cases = [
        (basic_only, ("authorization", basic(USER, PASSWORD))),
        (header_only, (SECRET_HEADER, SECRET.to_string())),
    ];
    for (receiver, (name, value)) in cases {
        let (router, calls) = app(receiver);
        let request = post_hook()
            .header(name, value)
            .header(
                "X-PM-Webhook-Trace-Id",
                "4a1f0c2e-77d3-4b8e-a5c9-0d2e6f1b3a7c",
            )
            .header("X-PM-Retries-Remaining", "5")
            .body(Body::from(DELIVERY))
            .unwrap();
        assert_eq!(
            answer(router, request).await,
            (StatusCode::OK, None, "handled".to_string())
        );
        let calls = calls.lock().unwrap();
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].event(), &WebhookEvent::from_str(DELIVERY).unwrap());
        assert!(matches!(calls[0].event(), WebhookEvent::Delivery(_)));
        assert_eq!(
            calls[0].trace_id(),
            Some("4a1f0c2e-77d3-4b8e-a5c9-0d2e6f1b3a7c")
        );
        assert_eq!(calls[0].retries_remaining(), Some(5));
    }
}

#[tokio::test]
async fn wrong_or_missing_credentials_get_401_and_the_body_is_never_read() {
    /// What is wrong, the headers sent, the challenge and text expected.
    type Case = (
        &'static str,
        Vec<(&'static str, String)>,
        Option<&'static str>,
        &'static str,
    );
    let cases: [Case; 5] = [
        (
            "a wrong password",
            vec![
                ("authorization", basic(USER, "c0rrect-h0rse-7f1d")),
                (SECRET_HEADER, SECRET.into()),
            ],
            Some(CHALLENGE),
            "the Basic auth credentials are wrong\n",
        ),
        (
            "no Authorization",
            vec![(SECRET_HEADER, SECRET.into())],
            Some(CHALLENGE),
            "the request has no Authorization header\n",
        ),
        (
            "a Bearer token",
            vec![
                ("authorization", format!("Bearer {PASSWORD}")),
                (SECRET_HEADER, SECRET.into()),
            ],
            Some(CHALLENGE),
            "the Authorization header is not one Basic credential\n",
        ),
        (
            "a wrong secret",
            vec![
                ("authorization", basic(USER, PASSWORD)),
                (SECRET_HEADER, "sh4red-s3cret-9a2c".into()),
            ],
            None,
            "the secret header is wrong\n",
        ),
        (
            "no secret header",
            vec![("authorization", basic(USER, PASSWORD))],
            None,
            "the request has no secret header\n",
        ),
    ];
    for (what, headers, challenge, text) in cases {
        let (router, calls) = app(both());
        let (body, pulled) = counting_body(4, 64);
        let mut builder = post_hook();
        for (name, value) in headers {
            builder = builder.header(name, value);
        }
        let (status, got_challenge, got_text) = answer(router, builder.body(body).unwrap()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{what}");
        assert_eq!(got_challenge.as_deref(), challenge, "{what}");
        assert_eq!(got_text, text, "{what}");
        assert!(!got_text.contains(PASSWORD) && !got_text.contains(SECRET));
        assert_eq!(
            pulled.load(Ordering::SeqCst),
            0,
            "{what}: the body was read"
        );
        assert!(calls.lock().unwrap().is_empty(), "{what}");
    }
}

#[tokio::test]
async fn an_oversized_declared_body_is_413_unread() {
    let (router, calls) = app(both());
    let (body, pulled) = counting_body(8, 1024);
    let request = authorized()
        .header("content-length", (CAP + 1).to_string())
        .body(body)
        .unwrap();
    assert_eq!(
        answer(router, request).await,
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            None,
            format!("the body is larger than {CAP} bytes\n")
        )
    );
    assert_eq!(pulled.load(Ordering::SeqCst), 0);
    assert!(calls.lock().unwrap().is_empty());

    // A body that knows its size (here, in memory) is refused unread too.
    let (router, _) = app(both());
    let request = authorized().body(Body::from(vec![b' '; CAP + 1])).unwrap();
    assert_eq!(
        answer(router, request).await.0,
        StatusCode::PAYLOAD_TOO_LARGE
    );
}

#[tokio::test]
async fn an_oversized_streamed_body_is_413_and_cut_off_at_the_cap() {
    const CHUNK: usize = 1000;
    let (router, calls) = app(both());
    // 1 MB offered, no Content-Length.
    let (body, pulled) = counting_body(1000, CHUNK);
    let request = authorized().body(body).unwrap();
    let (status, _, text) = answer(router, request).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(text, format!("the body is larger than {CAP} bytes\n"));
    // Pulled: the cap, and the one chunk that passed it.
    let pulled = pulled.load(Ordering::SeqCst);
    assert!(pulled <= CAP + CHUNK, "{pulled} bytes pulled");
    assert_eq!(pulled, CAP.div_ceil(CHUNK) * CHUNK);
    assert!(calls.lock().unwrap().is_empty());

    // Streamed and exactly at the cap: accepted.
    let mut at_cap = DELIVERY.as_bytes().to_vec();
    at_cap.resize(CAP, b' ');
    let chunks: Vec<Result<Bytes, Infallible>> = at_cap
        .chunks(CHUNK)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    let (router, calls) = app(both());
    let body = Body::from_stream(futures_util::stream::iter(chunks));
    assert_eq!(
        answer(router, authorized().body(body).unwrap()).await.0,
        StatusCode::OK
    );
    assert_eq!(calls.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_body_that_is_not_an_event_is_400() {
    for body in ["<xml/>", "", "[]", r#"{"RecordType": "Open"}"#] {
        let (router, calls) = app(both());
        let (status, challenge, text) =
            answer(router, authorized().body(Body::from(body)).unwrap()).await;
        assert_eq!(
            (status, challenge),
            (StatusCode::BAD_REQUEST, None),
            "{body:?}"
        );
        assert!(
            text.starts_with("the body is not a Postmark event: "),
            "{text}"
        );
        assert!(calls.lock().unwrap().is_empty());
    }
}

#[tokio::test]
async fn a_body_that_breaks_off_is_400_unreadable() {
    let (router, calls) = app(both());
    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(Bytes::from_static(b"{\"RecordType\": ")),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "reset",
        )),
    ];
    let body = Body::from_stream(futures_util::stream::iter(chunks));
    assert_eq!(
        answer(router, authorized().body(body).unwrap()).await,
        (
            StatusCode::BAD_REQUEST,
            None,
            "the body could not be read\n".to_string()
        )
    );
    assert!(calls.lock().unwrap().is_empty());
}

#[tokio::test]
async fn every_real_payload_reaches_the_handler_as_its_event() {
    for fixture in event_fixtures::valid() {
        let (router, calls) = app(both());
        let request = authorized()
            .body(Body::from(fixture.bytes.clone()))
            .unwrap();
        assert_eq!(
            answer(router, request).await.0,
            StatusCode::OK,
            "{}",
            fixture.name
        );
        let calls = calls.lock().unwrap();
        assert_eq!(
            calls[0].event(),
            &WebhookEvent::from_slice(&fixture.bytes).unwrap(),
            "{}",
            fixture.name
        );
    }
}

// ---- the layer ----

#[tokio::test]
async fn the_layer_checks_in_front_of_any_tower_service() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let service = tower::service_fn(move |request: Request<Full<Bytes>>| {
        let counter = counter.clone();
        async move {
            counter.fetch_add(1, Ordering::SeqCst);
            let received = request.extensions().get::<ReceivedEvent>().unwrap().clone();
            let body = request.into_body().collect().await.unwrap().to_bytes();
            // The body was read once, and is passed on.
            assert_eq!(body, DELIVERY.as_bytes());
            let text = format!(
                "{} {:?}",
                received.event().record_type(),
                received.trace_id()
            );
            Ok::<_, Infallible>(http::Response::new(Full::new(Bytes::from(text))))
        }
    });
    let service = PostmarkLayer::new(both()).layer(service);

    let good = authorized()
        .header("x-pm-webhook-trace-id", "t-1")
        .body(Full::new(Bytes::from(DELIVERY)))
        .unwrap();
    let response = service.clone().oneshot(good).await.unwrap();
    assert_eq!(response.status(), 200);
    let text = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(text, "Delivery Some(\"t-1\")");

    let anonymous = post_hook().body(Full::new(Bytes::from(DELIVERY))).unwrap();
    let response = service.oneshot(anonymous).await.unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(response.headers()["www-authenticate"], CHALLENGE);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn behind_the_layer_the_extractor_takes_the_checked_delivery() {
    let calls = Calls::default();
    // The state's receiver accepts anything: only the layer's checks count.
    let router = Router::new()
        .route("/hook", recording(&calls).layer(PostmarkLayer::new(both())))
        .with_state(Receiver::insecure_accept_all());
    let anonymous = post_hook().body(Body::from(DELIVERY)).unwrap();
    assert_eq!(
        answer(router.clone(), anonymous).await.0,
        StatusCode::UNAUTHORIZED
    );
    let good = authorized().body(Body::from(DELIVERY)).unwrap();
    assert_eq!(
        answer(router, good).await,
        (StatusCode::OK, None, "handled".to_string())
    );
    assert_eq!(calls.lock().unwrap().len(), 1);
}

#[test]
fn the_layer_and_rejections_show_no_secret() {
    use axum::response::IntoResponse as _;
    use postmark_webhooks::receiver::{MemorySeenStore, Rejection};

    let layer = PostmarkLayer::new(both()).deduplicate(MemorySeenStore::default());
    let service = layer
        .clone()
        .layer(tower::service_fn(|_: Request<Full<Bytes>>| async {
            Ok::<_, Infallible>(http::Response::new(Full::new(Bytes::new())))
        }));
    for shown in [format!("{layer:?}"), format!("{service:?}")] {
        assert!(
            !shown.contains(PASSWORD) && !shown.contains(SECRET),
            "{shown}"
        );
        assert!(!shown.contains(USER), "{shown}");
        assert!(shown.contains("deduplicate: true"), "{shown}");
    }
    let response = Rejection::WrongSecret.into_response();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.headers().get("www-authenticate"), None);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; charset=utf-8"
    );
}

// ---- the mock's deliveries ----

#[cfg(feature = "mock")]
#[tokio::test]
async fn the_mock_delivers_every_record_type_to_the_extractor() {
    use postmark_webhooks::mock::{MockServer, RecordType};
    use postmark_webhooks::triggers::{
        Bounce, Click, Delivery, Open, SpamComplaint, SubscriptionChange, Triggers,
    };

    // The receiver listens before the webhook exists, so that a create that
    // verifies the URL succeeds; verification requests are not counted.
    let (router, calls) = app(both());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });

    let mock = MockServer::start().await;
    let client = mock.client();
    let triggers = Triggers::new()
        .open(Open::enabled())
        .click(Click::enabled())
        .delivery(Delivery::enabled())
        .bounce(Bounce::enabled())
        .spam_complaint(SpamComplaint::enabled())
        .subscription_change(SubscriptionChange::enabled());
    client
        .webhooks()
        .create(url)
        .http_auth(USER, PASSWORD)
        .http_header(SECRET_HEADER, SECRET)
        .triggers(triggers)
        .await
        .unwrap();
    calls.lock().unwrap().clear();

    for record_type in RecordType::ALL {
        let reports = mock.deliver(record_type).retries(0).await;
        assert_eq!(reports.len(), 1, "{record_type}: {reports:?}");
        assert!(reports[0].delivered(), "{record_type}: {reports:?}");
        let received = calls.lock().unwrap().pop().expect("the handler ran");
        assert_eq!(received.event().record_type(), record_type.as_str());
        assert_eq!(
            serde_json::to_value(received.event()).unwrap(),
            reports[0].event,
            "{record_type}"
        );
        assert!(!matches!(received.event(), WebhookEvent::Unknown(_)));
    }
    assert!(calls.lock().unwrap().is_empty());
}
