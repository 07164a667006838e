//! `GET /webhooks`: the request sent, and the decoding of its answer.

use crate::common;

use postmark_webhooks::{HttpAuth, HttpHeader, ServerClient};
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{assert_common_headers, client, list_example, single_request};

#[tokio::test]
async fn list_without_stream_sends_get_webhooks_with_no_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/webhooks"))
        .and(header("x-postmark-server-token", "test-token"))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Webhooks": []})))
        .expect(1)
        .mount(&server)
        .await;

    let webhooks = client(&server).webhooks().list().await.unwrap();

    assert!(webhooks.is_empty());
    let request = single_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/webhooks");
    assert_eq!(request.url.query(), None, "no query at all, not even `?`");
    assert_common_headers(&request, false);
}

#[tokio::test]
async fn list_with_message_stream_sends_the_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/webhooks"))
        .and(query_param("MessageStream", "outbound"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Webhooks": []})))
        .expect(1)
        .mount(&server)
        .await;

    let webhooks = client(&server)
        .webhooks()
        .list()
        .message_stream("outbound")
        .await
        .unwrap();

    assert!(webhooks.is_empty());
    let request = single_request(&server).await;
    assert_eq!(request.url.query(), Some("MessageStream=outbound"));
    assert_common_headers(&request, false);
}

#[tokio::test]
async fn list_message_stream_is_percent_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/webhooks"))
        .and(query_param("MessageStream", "a&b=c"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Webhooks": []})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .webhooks()
        .list()
        .message_stream("a&b=c")
        .send()
        .await
        .unwrap();

    let request = single_request(&server).await;
    assert_eq!(request.url.query(), Some("MessageStream=a%26b%3Dc"));
}

#[tokio::test]
async fn list_decodes_the_documented_example() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/webhooks"))
        .respond_with(ResponseTemplate::new(200).set_body_json(list_example()))
        .expect(1)
        .mount(&server)
        .await;

    let webhooks = client(&server).webhooks().list().await.unwrap();

    assert_eq!(webhooks.len(), 2);

    let first = &webhooks[0];
    assert_eq!(first.id, 1234567);
    assert_eq!(first.url, "https://www.example.com/webhook-test-tracking");
    assert_eq!(first.message_stream, "outbound");
    let auth = first.http_auth.as_ref().expect("first has credentials");
    assert_eq!(auth.username, "user");
    assert_eq!(auth.password, "password");
    assert_eq!(first.http_headers, vec![HttpHeader::new("name", "value")]);
    assert_eq!(first.http_headers[0].name, "name");
    assert_eq!(first.http_headers[0].value, "value");
    let t = first.triggers;
    assert!(t.open.enabled);
    assert!(!t.open.post_first_open_only);
    assert!(t.click.enabled);
    assert!(t.delivery.enabled);
    assert!(!t.bounce.enabled);
    assert!(!t.bounce.include_content);
    assert!(!t.spam_complaint.enabled);
    assert!(!t.spam_complaint.include_content);
    assert!(!t.subscription_change.enabled);
    assert_eq!(first.status, None);

    let second = &webhooks[1];
    assert_eq!(second.id, 1234568);
    assert_eq!(second.url, "https://www.example.com/webhook-test-bounce");
    assert_eq!(second.message_stream, "outbound");
    assert_eq!(second.http_auth, Some(HttpAuth::new("user", "password")));
    assert_eq!(second.http_headers, vec![HttpHeader::new("name", "value")]);
    let t = second.triggers;
    assert!(!t.open.enabled);
    assert!(!t.open.post_first_open_only);
    assert!(!t.click.enabled);
    assert!(!t.delivery.enabled);
    assert!(t.bounce.enabled);
    assert!(!t.bounce.include_content);
    assert!(!t.spam_complaint.enabled);
    assert!(!t.spam_complaint.include_content);
    assert!(!t.subscription_change.enabled);
    assert_eq!(second.status, None);
}

#[tokio::test]
async fn list_of_null_webhooks_is_empty() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/webhooks"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Webhooks": null})))
        .expect(1)
        .mount(&server)
        .await;

    let webhooks = client(&server).webhooks().list().await.unwrap();
    assert_eq!(webhooks, Vec::new());
}

#[tokio::test]
async fn list_of_empty_array_is_empty() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/webhooks"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Webhooks": []})))
        .expect(1)
        .mount(&server)
        .await;

    let webhooks = client(&server).webhooks().list().await.unwrap();
    assert_eq!(webhooks, Vec::new());
}

#[tokio::test]
async fn base_url_path_prefix_is_kept_and_trailing_slash_dropped() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/postmark/webhooks"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Webhooks": []})))
        .expect(1)
        .mount(&server)
        .await;

    let client = ServerClient::builder("test-token")
        .base_url(format!("{}/postmark/", server.uri()))
        .build()
        .unwrap();
    assert_eq!(client.base_url(), format!("{}/postmark", server.uri()));
    client.webhooks().list().await.unwrap();

    let request = single_request(&server).await;
    assert_eq!(request.url.path(), "/postmark/webhooks");
}

#[tokio::test]
async fn custom_user_agent_replaces_the_default() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/webhooks"))
        .and(header("user-agent", "billing-service/2.3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Webhooks": []})))
        .expect(1)
        .mount(&server)
        .await;

    let client = ServerClient::builder("test-token")
        .base_url(server.uri())
        .user_agent("billing-service/2.3")
        .build()
        .unwrap();
    client.webhooks().list().await.unwrap();

    let request = single_request(&server).await;
    assert_eq!(
        common::single_header(&request, "user-agent"),
        "billing-service/2.3"
    );
}

#[tokio::test]
async fn clones_of_a_client_send_the_same_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/webhooks"))
        .and(header("x-postmark-server-token", "test-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Webhooks": []})))
        .expect(2)
        .mount(&server)
        .await;

    let original = client(&server);
    let clone = original.clone();
    drop(original);
    clone.webhooks().list().await.unwrap();
    clone.webhooks().list().await.unwrap();
}

/// Answers one request with a 200 whose JSON body arrives in chunks of
/// `chunk` bytes (chunked transfer encoding), each written separately.
async fn chunked_answer_server(body: Vec<u8>, chunk: usize) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buf = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = socket.read(&mut buf).await.unwrap();
            assert!(n > 0, "the client closed before sending its request");
            request.extend_from_slice(&buf[..n]);
        }
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        socket.write_all(head.as_bytes()).await.unwrap();
        for piece in body.chunks(chunk) {
            let mut encoded = format!("{:x}\r\n", piece.len()).into_bytes();
            encoded.extend_from_slice(piece);
            encoded.extend_from_slice(b"\r\n");
            socket.write_all(&encoded).await.unwrap();
            socket.flush().await.unwrap();
        }
        socket.write_all(b"0\r\n\r\n").await.unwrap();
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn an_answer_in_many_chunks_decodes_like_one_in_a_single_chunk() {
    let body = serde_json::to_vec(&list_example()).unwrap();
    let whole = {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_bytes(body.clone()))
            .mount(&server)
            .await;
        client(&server).webhooks().list().await.unwrap()
    };
    for chunk in [1, 7, body.len() / 2 + 1] {
        let client = ServerClient::builder("test-token")
            .base_url(chunked_answer_server(body.clone(), chunk).await)
            .build()
            .unwrap();

        let webhooks = client.webhooks().list().await.unwrap();

        assert_eq!(webhooks, whole, "in chunks of {chunk} bytes");
        let ids: Vec<i64> = webhooks.iter().map(|w| w.id).collect();
        assert_eq!(ids, [1234567, 1234568], "in chunks of {chunk} bytes");
    }
}
