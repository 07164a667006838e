//! The mock as Postmark's inbound side: an email POSTed to the server's
//! `InboundHookUrl` (set through `PUT /server`), with the URL's Basic
//! credentials, retried on Postmark's inbound schedule until a 200 or a 403.
#![cfg(feature = "mock")]

use base64::Engine as _;
use postmark_webhooks::mock::{MockServer, inbound_example};
use serde_json::Value;

use crate::receivers::Receiver;

const SECRET: &str = "s3cret-pw";

/// A mock whose default server's inbound hook is `/inbound` on `receiver`,
/// with Basic credentials, and whose retries do not wait.
async fn mock_posting_to(receiver: &Receiver) -> MockServer {
    let mock = MockServer::start().await;
    mock.set_delivery_time_scale(0.0);
    let url = receiver
        .url("/inbound")
        .replace("http://", &format!("http://inbound:{SECRET}@"));
    mock.client()
        .server()
        .edit()
        .inbound_hook_url(url)
        .await
        .unwrap();
    mock
}

fn statuses(report: &postmark_webhooks::mock::InboundDeliveryReport) -> Vec<Option<u16>> {
    report.attempts.iter().map(|a| a.status).collect()
}

#[tokio::test]
async fn an_email_arrives_as_json_with_basic_credentials_and_its_attachment_intact() {
    let receiver = Receiver::start().await;
    let mock = mock_posting_to(&receiver).await;
    let message = inbound_example();

    let report = mock.deliver_inbound(&message).await.unwrap();

    assert!(report.delivered());
    assert_eq!(statuses(&report), [Some(200)]);
    let received = receiver.received();
    assert_eq!(received.len(), 1);
    let request = &received[0];
    assert_eq!(request.path, "/inbound");
    assert_eq!(request.header("content-type"), Some("application/json"));
    let expected = base64::engine::general_purpose::STANDARD.encode(format!("inbound:{SECRET}"));
    assert_eq!(
        request.header("authorization"),
        Some(format!("Basic {expected}").as_str())
    );
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body, message);
    assert_eq!(body["From"], "support@postmarkapp.com");
    assert_eq!(body["MessageStream"], "inbound");
    let attachment = &body["Attachments"][0];
    assert_eq!(attachment["Name"], "test.txt");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(attachment["Content"].as_str().unwrap())
        .unwrap();
    assert_eq!(bytes, b"This is attachment contents, base-64 encoded.");
    assert_eq!(attachment["ContentLength"], 45);
}

#[tokio::test]
async fn each_example_has_a_fresh_message_id() {
    let documented = "73e6d360-66eb-11e1-8e72-a8904824019b";
    let (a, b) = (inbound_example(), inbound_example());
    assert_ne!(a["MessageID"], b["MessageID"]);
    assert_ne!(a["MessageID"], documented);
    assert_eq!(a["MessageID"].as_str().unwrap().len(), documented.len());
}

#[tokio::test]
async fn a_500_is_retried_until_a_200() {
    let receiver = Receiver::start().await;
    receiver.script(&[500, 500]);
    let mock = mock_posting_to(&receiver).await;

    let report = mock.deliver_inbound(inbound_example()).await.unwrap();

    assert_eq!(statuses(&report), [Some(500), Some(500), Some(200)]);
    assert!(report.delivered());
    let bodies: Vec<_> = receiver.received().into_iter().map(|r| r.body).collect();
    assert_eq!(bodies.len(), 3);
    assert!(
        bodies.iter().all(|b| *b == bodies[0]),
        "every attempt carries the same body"
    );
}

#[tokio::test]
async fn any_answer_but_200_is_retried() {
    let receiver = Receiver::start().await;
    receiver.script(&[404, 201, 401]);
    let mock = mock_posting_to(&receiver).await;

    let report = mock.deliver_inbound(inbound_example()).await.unwrap();

    assert_eq!(
        statuses(&report),
        [Some(404), Some(201), Some(401), Some(200)]
    );
}

#[tokio::test]
async fn a_403_stops_the_retries_at_once() {
    let receiver = Receiver::start().await;
    receiver.script(&[500, 403]);
    let mock = mock_posting_to(&receiver).await;

    let report = mock.deliver_inbound(inbound_example()).await.unwrap();

    assert_eq!(statuses(&report), [Some(500), Some(403)]);
    assert!(!report.delivered());
    assert_eq!(receiver.received().len(), 2);
}

#[tokio::test]
async fn a_failing_receiver_gets_ten_retries() {
    let receiver = Receiver::answering(503).await;
    let mock = mock_posting_to(&receiver).await;

    let report = mock.deliver_inbound(inbound_example()).await.unwrap();

    assert_eq!(report.attempts.len(), 11);
    assert!(!report.delivered());
    let fewer = mock
        .deliver_inbound(inbound_example())
        .retries(2)
        .await
        .unwrap();
    assert_eq!(statuses(&fewer), [Some(503); 3]);
}

#[tokio::test]
async fn bytes_are_sent_as_they_are() {
    let receiver = Receiver::start().await;
    let mock = mock_posting_to(&receiver).await;

    mock.deliver_inbound_bytes(b"{not json".as_slice())
        .await
        .unwrap();

    assert_eq!(&receiver.received()[0].body[..], b"{not json");
}

#[tokio::test]
async fn nothing_is_sent_without_an_inbound_hook_url_or_off_loopback() {
    let mock = MockServer::start().await;
    assert!(mock.deliver_inbound(inbound_example()).await.is_none());

    mock.client()
        .server()
        .edit()
        .inbound_hook_url(format!("https://inbound:{SECRET}@example.com/inbound"))
        .await
        .unwrap();
    let report = mock.deliver_inbound(inbound_example()).await.unwrap();

    assert_eq!(report.attempts.len(), 1);
    assert_eq!(report.attempts[0].status, None);
    assert_eq!(
        report.attempts[0].error.as_deref(),
        Some("the mock only delivers to loopback addresses")
    );
    let shown = format!("{report:?} {:?}", mock.requests());
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(
        shown.contains("https://REDACTED@example.com/inbound"),
        "{shown}"
    );
}

#[tokio::test]
async fn the_control_route_delivers_the_example_or_the_body_given() {
    let receiver = Receiver::start().await;
    let mock = mock_posting_to(&receiver).await;
    let http = reqwest::Client::new();
    let route = format!("{}/__mock/deliver/Inbound", mock.base_url());

    let answer: Value = http
        .post(&route)
        .header("X-Postmark-Server-Token", mock.server_token())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        answer,
        serde_json::json!([{ "Delivered": true, "Attempts": [{ "StatusCode": 200, "Error": null }] }])
    );
    let first: Value = serde_json::from_slice(&receiver.received()[0].body).unwrap();
    assert_eq!(first["Subject"], "Test subject");
    assert_ne!(first["MessageID"], "73e6d360-66eb-11e1-8e72-a8904824019b");

    receiver.script(&[403]);
    let answer: Value = http
        .post(format!("{route}?Retries=3"))
        .header("X-Postmark-Server-Token", mock.server_token())
        .body(r#"{"Subject":"mine"}"#)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        answer,
        serde_json::json!([{ "Delivered": false, "Attempts": [{ "StatusCode": 403, "Error": null }] }])
    );
    assert_eq!(&receiver.received()[1].body[..], br#"{"Subject":"mine"}"#);
}

/// The mock's delivery, received by the typed extractor: the credentials
/// check passes, the message arrives typed with its attachment's bytes
/// intact, a 503 from the handler is retried, and a refusal (403) is final.
#[tokio::test]
async fn the_extractor_receives_the_delivery_typed_retried_and_refused() {
    use axum::extract::{FromRef, State};
    use postmark_webhooks::inbound::InboundMessage;
    use postmark_webhooks::receiver::{InboundOutcome, PostmarkInbound};
    use std::sync::{Arc, Mutex};

    #[derive(Clone)]
    struct App {
        receiver: postmark_webhooks::receiver::Receiver,
        answers: Arc<Mutex<Vec<InboundOutcome>>>,
        got: Arc<Mutex<Vec<InboundMessage>>>,
    }
    impl FromRef<App> for postmark_webhooks::receiver::Receiver {
        fn from_ref(app: &App) -> Self {
            app.receiver.clone()
        }
    }
    async fn handle(
        State(app): State<App>,
        PostmarkInbound(message): PostmarkInbound,
    ) -> InboundOutcome {
        app.got.lock().unwrap().push(message);
        app.answers
            .lock()
            .unwrap()
            .pop()
            .unwrap_or(InboundOutcome::Handled)
    }

    let app = App {
        receiver: postmark_webhooks::receiver::Receiver::builder()
            .basic_auth("inbound", SECRET)
            .build()
            .unwrap(),
        // Popped from the end: 503, then 200.
        answers: Arc::new(Mutex::new(vec![
            InboundOutcome::Handled,
            InboundOutcome::RetryLater,
        ])),
        got: Arc::default(),
    };
    let router = axum::Router::new()
        .route("/inbound", axum::routing::post(handle))
        .with_state(app.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    let mock = MockServer::start().await;
    mock.set_delivery_time_scale(0.0);
    let hook = |password: &str| format!("http://inbound:{password}@{address}/inbound");
    mock.client()
        .server()
        .edit()
        .inbound_hook_url(hook(SECRET))
        .await
        .unwrap();

    let sent = inbound_example();
    let report = mock.deliver_inbound(&sent).await.unwrap();
    assert_eq!(statuses(&report), [Some(503), Some(200)]);
    let got = std::mem::take(&mut *app.got.lock().unwrap());
    assert_eq!(got.len(), 2);
    assert_eq!(got[0], got[1]);
    let message = &got[1];
    assert_eq!(message.message_id.as_deref(), sent["MessageID"].as_str());
    assert_eq!(
        message.from_full.as_ref().and_then(|a| a.email.as_deref()),
        Some("support@postmarkapp.com")
    );
    assert_eq!(message.mailbox_hash.as_deref(), Some("SampleHash"));
    let attachment = &message.attachments.as_ref().unwrap()[0];
    assert_eq!(
        attachment.content().unwrap(),
        b"This is attachment contents, base-64 encoded."
    );

    // Refused for good: one attempt.
    app.answers.lock().unwrap().push(InboundOutcome::Refused);
    let report = mock.deliver_inbound(inbound_example()).await.unwrap();
    assert_eq!(statuses(&report), [Some(403)]);

    // A wrong password is 401, never 403: Postmark keeps retrying.
    mock.client()
        .server()
        .edit()
        .inbound_hook_url(hook("wrong"))
        .await
        .unwrap();
    let report = mock.deliver_inbound(inbound_example()).await.unwrap();
    assert_eq!(statuses(&report), [Some(401); 11]);
    assert_eq!(app.got.lock().unwrap().len(), 1);
}

/// Inbound deliveries wait for an answer as long as Postmark's (about two
/// minutes), not a webhook delivery's timeout; their own setting bounds them.
#[tokio::test]
async fn an_inbound_delivery_waits_by_its_own_timeout() {
    let router = axum::Router::new().route(
        "/inbound",
        axum::routing::post(|| async {
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            "ok"
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    let mock = MockServer::start().await;
    mock.set_delivery_time_scale(0.0);
    mock.set_delivery_timeout(std::time::Duration::from_millis(50));
    mock.client()
        .server()
        .edit()
        .inbound_hook_url(format!("http://{address}/inbound"))
        .await
        .unwrap();

    let report = mock.deliver_inbound(inbound_example()).await.unwrap();
    assert_eq!(statuses(&report), [Some(200)]);

    mock.set_inbound_delivery_timeout(std::time::Duration::from_millis(50));
    let report = mock.deliver_inbound(inbound_example()).await.unwrap();
    assert_eq!(statuses(&report), [None; 11]);
}
