//! Every `example` in the spec decodes into the matching public type and
//! re-serializes to the same JSON, or is exactly what the client sends or
//! understands. The verify and statistics examples are Postmark's documented
//! answers (`tests/fixtures/postmark-api/`), compared value for value.

use crate::common;

use std::collections::BTreeSet;

use postmark_webhooks::events::{
    BounceType, ClickLocation, Geo, Metadata, Origin, Platform, Software, SuppressionReason,
    WebhookEvent,
};
use postmark_webhooks::inbound::{Address, Attachment, Header, InboundMessage};
use postmark_webhooks::triggers::{
    Bounce, Click, Delivery, Open, SpamComplaint, SubscriptionChange, Triggers,
};
use postmark_webhooks::{
    AccountClient, ErrorCode, HttpAuth, HttpHeader, Server, TriggerVerification, Webhook,
    WebhookStatistics, WebhookTriggers, WebhookVerification,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{assert_is_webhook_example, client, example_triggers, spec};

/// The example at a JSON pointer into the spec.
fn example(pointer: &str) -> Value {
    spec()
        .pointer(pointer)
        .unwrap_or_else(|| panic!("the spec has an example at {pointer}"))
        .clone()
}

/// Decodes `value` as `T` and checks that it serializes back to `value`.
fn round_trip<T: DeserializeOwned + Serialize>(value: &Value) -> T {
    let decoded: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{value} does not decode: {e}"));
    assert_eq!(&serde_json::to_value(&decoded).unwrap(), value);
    decoded
}

/// Postmark's documented answer in `tests/fixtures/postmark-api/` (a copy of
/// `../shared/fixtures/postmark-api/`; SOURCES.md there says where it is from).
fn documented(name: &str) -> Value {
    json_file(&format!("tests/fixtures/postmark-api/{name}"))
}

/// A JSON file of the crate, by its path from the crate root.
fn json_file(path: &str) -> Value {
    let path = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every JSON pointer in `value` whose last key is `example`, and the
/// `value` of every named `examples` entry, not looking inside examples
/// themselves.
fn example_pointers(value: &Value, pointer: &str, found: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_pointer =
                    format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                if key == "example" {
                    found.insert(child_pointer);
                } else if key == "examples" {
                    for (name, entry) in child.as_object().into_iter().flatten() {
                        assert!(entry.get("value").is_some(), "{child_pointer}/{name}");
                        found.insert(format!("{child_pointer}/{name}/value"));
                    }
                } else {
                    example_pointers(child, &child_pointer, found);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                example_pointers(child, &format!("{pointer}/{i}"), found);
            }
        }
        _ => {}
    }
}

const LIST_PARAMETER: &str = "/paths/~1webhooks/get/parameters/0/example";
const SERVERS_COUNT_PARAMETER: &str = "/paths/~1servers/get/parameters/0/example";
const SERVERS_OFFSET_PARAMETER: &str = "/paths/~1servers/get/parameters/1/example";
const SERVERS_NAME_PARAMETER: &str = "/paths/~1servers/get/parameters/2/example";
const SERVER_ID_PARAMETER: &str = "/paths/~1servers~1{serverid}/parameters/0/example";
const SERVER_SCHEMA: &str = "/components/schemas/Server/example";
const SERVER_LIST_SCHEMA: &str = "/components/schemas/ServerList/example";
const LIST_RESPONSE: &str = "/paths/~1webhooks/get/responses/200/content/application~1json/example";
const CREATE_REQUEST: &str = "/paths/~1webhooks/post/requestBody/content/application~1json/example";
const ID_PARAMETER: &str = "/paths/~1webhooks~1{id}/parameters/0/example";
const EDIT_REQUEST: &str =
    "/paths/~1webhooks~1{id}/put/requestBody/content/application~1json/example";
const DELETE_RESPONSE: &str =
    "/paths/~1webhooks~1{id}/delete/responses/200/content/application~1json/example";
const WEBHOOK_RESPONSE: &str = "/components/responses/Webhook/content/application~1json/example";
const ERROR_NOT_FOUND: &str =
    "/components/responses/Error/content/application~1json/examples/not-found/value";
const ERROR_VERIFICATION_FAILED: &str =
    "/components/responses/Error/content/application~1json/examples/verification-failed/value";
const WEBHOOK_LIST: &str = "/components/schemas/WebhookList/example";
const WEBHOOK: &str = "/components/schemas/Webhook/example";
const HTTP_AUTH: &str = "/components/schemas/HttpAuth/example";
const HTTP_HEADER: &str = "/components/schemas/HttpHeader/example";
const WEBHOOK_TRIGGERS: &str = "/components/schemas/WebhookTriggers/example";
const TRIGGERS: &str = "/components/schemas/Triggers/example";
const OPEN: &str = "/components/schemas/OpenTrigger/example";
const CLICK: &str = "/components/schemas/ClickTrigger/example";
const DELIVERY: &str = "/components/schemas/DeliveryTrigger/example";
const BOUNCE: &str = "/components/schemas/BounceTrigger/example";
const SPAM_COMPLAINT: &str = "/components/schemas/SpamComplaintTrigger/example";
const SUBSCRIPTION_CHANGE: &str = "/components/schemas/SubscriptionChangeTrigger/example";
const CREATE_SCHEMA: &str = "/components/schemas/CreateWebhookRequest/example";
const EDIT_SCHEMA: &str = "/components/schemas/EditWebhookRequest/example";
const SERVER_RESPONSE: &str = "/components/responses/Server/content/application~1json/example";
const EDIT_SERVER_REQUEST: &str =
    "/paths/~1server/put/requestBody/content/application~1json/example";
const EDIT_SERVER_SCHEMA: &str = "/components/schemas/EditServerRequest/example";
const DELETE_SCHEMA: &str = "/components/schemas/DeleteWebhookResponse/example";
const ERROR_SCHEMA: &str = "/components/schemas/PostmarkError/example";
const BOUNCE_EVENT: &str = "/components/schemas/BounceEvent/example";
const SPAM_COMPLAINT_EVENT: &str = "/components/schemas/SpamComplaintEvent/example";
const DELIVERY_EVENT: &str = "/components/schemas/DeliveryEvent/example";
const OPEN_EVENT: &str = "/components/schemas/OpenEvent/example";
const CLICK_EVENT: &str = "/components/schemas/ClickEvent/example";
const SUBSCRIPTION_CHANGE_EVENT: &str = "/components/schemas/SubscriptionChangeEvent/example";
const SOFTWARE: &str = "/components/schemas/Software/example";
const GEO: &str = "/components/schemas/Geo/example";
const EVENT_METADATA: &str = "/components/schemas/EventMetadata/example";
const INBOUND_MESSAGE: &str = "/components/schemas/InboundMessage/example";
const INBOUND_ADDRESS: &str = "/components/schemas/InboundAddress/example";
const INBOUND_HEADER: &str = "/components/schemas/InboundHeader/example";
const INBOUND_ATTACHMENT: &str = "/components/schemas/InboundAttachment/example";
const VERIFY_ID_PARAMETER: &str = "/paths/~1webhooks~1{id}~1verify/parameters/0/example";
const VERIFY_RESPONSE: &str =
    "/paths/~1webhooks~1{id}~1verify/post/responses/200/content/application~1json/example";
const STATISTICS_ID_PARAMETER: &str = "/paths/~1webhooks~1{id}~1statistics/parameters/0/example";
const STATISTICS_RESPONSE: &str =
    "/paths/~1webhooks~1{id}~1statistics/get/responses/200/content/application~1json/example";
const VERIFY_SCHEMA: &str = "/components/schemas/VerifyWebhookResponse/example";
const TRIGGER_VERIFICATION: &str = "/components/schemas/TriggerVerification/example";
const STATISTICS_SCHEMA: &str = "/components/schemas/WebhookStatistics/example";
const TIME_RANGE: &str = "/components/schemas/StatisticsTimeRange/example";
const METRICS: &str = "/components/schemas/WebhookMetrics/example";
const WEBHOOK_STATUS: &str = "/components/schemas/WebhookStatus/example";

#[test]
fn every_example_in_the_spec_is_covered_here() {
    let mut found = BTreeSet::new();
    example_pointers(&spec(), "", &mut found);
    let covered: BTreeSet<String> = [
        SERVER_RESPONSE,
        EDIT_SERVER_REQUEST,
        EDIT_SERVER_SCHEMA,
        LIST_PARAMETER,
        LIST_RESPONSE,
        CREATE_REQUEST,
        ID_PARAMETER,
        EDIT_REQUEST,
        DELETE_RESPONSE,
        WEBHOOK_RESPONSE,
        ERROR_NOT_FOUND,
        ERROR_VERIFICATION_FAILED,
        WEBHOOK_LIST,
        WEBHOOK,
        HTTP_AUTH,
        HTTP_HEADER,
        WEBHOOK_TRIGGERS,
        TRIGGERS,
        OPEN,
        CLICK,
        DELIVERY,
        BOUNCE,
        SPAM_COMPLAINT,
        SUBSCRIPTION_CHANGE,
        CREATE_SCHEMA,
        EDIT_SCHEMA,
        DELETE_SCHEMA,
        ERROR_SCHEMA,
        BOUNCE_EVENT,
        SPAM_COMPLAINT_EVENT,
        DELIVERY_EVENT,
        OPEN_EVENT,
        CLICK_EVENT,
        SUBSCRIPTION_CHANGE_EVENT,
        SOFTWARE,
        GEO,
        EVENT_METADATA,
        INBOUND_MESSAGE,
        INBOUND_ADDRESS,
        INBOUND_HEADER,
        INBOUND_ATTACHMENT,
        VERIFY_ID_PARAMETER,
        VERIFY_RESPONSE,
        STATISTICS_ID_PARAMETER,
        STATISTICS_RESPONSE,
        VERIFY_SCHEMA,
        TRIGGER_VERIFICATION,
        STATISTICS_SCHEMA,
        TIME_RANGE,
        METRICS,
        WEBHOOK_STATUS,
        SERVERS_COUNT_PARAMETER,
        SERVERS_OFFSET_PARAMETER,
        SERVERS_NAME_PARAMETER,
        SERVER_ID_PARAMETER,
        SERVER_SCHEMA,
        SERVER_LIST_SCHEMA,
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(
        found, covered,
        "a spec example is not checked by these tests"
    );
}

// ---- schemas: decode and re-serialize to the same JSON ----

#[test]
fn webhook_schema_example_round_trips() {
    let webhook: Webhook = round_trip(&example(WEBHOOK));
    assert_is_webhook_example(&webhook);
}

#[test]
fn webhook_response_example_round_trips() {
    let webhook: Webhook = round_trip(&example(WEBHOOK_RESPONSE));
    assert_is_webhook_example(&webhook);
    assert_eq!(example(WEBHOOK_RESPONSE), example(WEBHOOK));
}

#[test]
fn list_response_example_round_trips() {
    let list = example(LIST_RESPONSE);
    let items = list["Webhooks"].as_array().expect("Webhooks is an array");
    assert_eq!(items.len(), 2);
    let webhooks: Vec<Webhook> = items.iter().map(round_trip).collect();
    assert_eq!(webhooks[0].id, 1234567);
    assert_eq!(webhooks[1].id, 1234568);
    assert!(webhooks[1].triggers.bounce.enabled);
    assert_eq!(json!({"Webhooks": webhooks}), list);
}

#[test]
fn webhook_triggers_example_round_trips() {
    let triggers: WebhookTriggers = round_trip(&example(WEBHOOK_TRIGGERS));
    assert_eq!(triggers, example_triggers());
}

#[test]
fn triggers_example_round_trips() {
    let triggers: Triggers = round_trip(&example(TRIGGERS));
    assert_eq!(
        triggers,
        Triggers::new()
            .open(Open::enabled().post_first_open_only(true))
            .bounce(Bounce::enabled().include_content(true))
    );
}

#[test]
fn http_auth_example_round_trips() {
    let auth: HttpAuth = round_trip(&example(HTTP_AUTH));
    assert_eq!(auth, HttpAuth::new("user", "password"));
}

#[test]
fn http_header_example_round_trips() {
    let header: HttpHeader = round_trip(&example(HTTP_HEADER));
    assert_eq!(header, HttpHeader::new("X-Webhook-Secret", "shared-secret"));
}

#[test]
fn trigger_examples_round_trip_as_request_triggers() {
    let open: Open = round_trip(&example(OPEN));
    assert_eq!(open, Open::enabled().post_first_open_only(false));
    let click: Click = round_trip(&example(CLICK));
    assert_eq!(click, Click::enabled());
    let delivery: Delivery = round_trip(&example(DELIVERY));
    assert_eq!(delivery, Delivery::enabled());
    let bounce: Bounce = round_trip(&example(BOUNCE));
    assert_eq!(bounce, Bounce::disabled().include_content(false));
    let spam: SpamComplaint = round_trip(&example(SPAM_COMPLAINT));
    assert_eq!(spam, SpamComplaint::disabled().include_content(false));
    let change: SubscriptionChange = round_trip(&example(SUBSCRIPTION_CHANGE));
    assert_eq!(change, SubscriptionChange::disabled());
}

#[test]
fn trigger_examples_round_trip_as_stored_triggers() {
    // Each trigger's example, as an answer's `Triggers` carries it.
    let stored = json!({
        "Open": example(OPEN),
        "Click": example(CLICK),
        "Delivery": example(DELIVERY),
        "Bounce": example(BOUNCE),
        "SpamComplaint": example(SPAM_COMPLAINT),
        "SubscriptionChange": example(SUBSCRIPTION_CHANGE),
    });
    let triggers: WebhookTriggers = round_trip(&stored);
    assert_eq!(triggers, example_triggers());
}

// ---- requests: the builders can send exactly the documented bodies ----

/// A server that answers `method path` with the documented webhook only if
/// the body is exactly `body`.
async fn server_expecting(verb: &str, route: &str, body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(route))
        .and(body_json(body))
        .respond_with(ResponseTemplate::new(200).set_body_json(example(WEBHOOK)))
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn create_request_example_is_what_the_builder_sends() {
    let server = server_expecting("POST", "/webhooks", example(CREATE_REQUEST)).await;

    let created = client(&server)
        .webhooks()
        .create("https://www.example.com/webhook-test-tracking")
        .message_stream("outbound")
        .http_auth("user", "password")
        .http_header("name", "value")
        .triggers(
            Triggers::new()
                .open(Open::enabled().post_first_open_only(false))
                .click(Click::enabled())
                .delivery(Delivery::enabled())
                .bounce(Bounce::disabled().include_content(false))
                .spam_complaint(SpamComplaint::disabled().include_content(false))
                .subscription_change(SubscriptionChange::disabled()),
        )
        .await
        .unwrap();
    assert_is_webhook_example(&created);
}

#[tokio::test]
async fn create_request_example_is_sent_from_a_stored_webhooks_triggers() {
    let stored: Webhook = serde_json::from_value(example(WEBHOOK)).unwrap();
    let server = server_expecting("POST", "/webhooks", example(CREATE_REQUEST)).await;

    let client = client(&server);
    let mut create = client
        .webhooks()
        .create(stored.url.clone())
        .message_stream(stored.message_stream.clone())
        .http_headers(stored.http_headers.clone())
        .triggers(Triggers::from(stored.triggers));
    if let Some(auth) = &stored.http_auth {
        create = create.http_auth(auth.username.clone(), auth.password.clone());
    }
    create.await.unwrap();
}

#[tokio::test]
async fn create_schema_example_is_what_the_builder_sends() {
    let server = server_expecting("POST", "/webhooks", example(CREATE_SCHEMA)).await;

    client(&server)
        .webhooks()
        .create("https://www.example.com/webhook-test-tracking")
        .message_stream("outbound")
        .triggers(Triggers::new().open(Open::enabled().post_first_open_only(true)))
        .await
        .unwrap();
}

#[tokio::test]
async fn edit_request_example_is_what_the_builder_sends() {
    let id = example(ID_PARAMETER)
        .as_i64()
        .expect("the id example is an integer");
    assert_eq!(id, 1234567);
    let server = server_expecting("PUT", "/webhooks/1234567", example(EDIT_REQUEST)).await;

    client(&server)
        .webhooks()
        .edit(id)
        .url("https://www.example.com/webhook-test-tracking-edited")
        .triggers(
            Triggers::new()
                .open(Open::disabled())
                .click(Click::disabled()),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn edit_schema_example_is_what_the_builder_sends() {
    let server = server_expecting("PUT", "/webhooks/1234", example(EDIT_SCHEMA)).await;

    client(&server)
        .webhooks()
        .edit(1234)
        .clear_http_headers()
        .triggers(Triggers::new().open(Open::disabled()))
        .await
        .unwrap();
}

#[tokio::test]
async fn edit_server_examples_are_what_the_builder_sends() {
    assert_eq!(example(EDIT_SERVER_REQUEST), example(EDIT_SERVER_SCHEMA));
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/server"))
        .and(body_json(example(EDIT_SERVER_REQUEST)))
        .respond_with(ResponseTemplate::new(200).set_body_json(example(SERVER_RESPONSE)))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .server()
        .edit()
        .inbound_hook_url("https://user:password@example.com/inbound")
        .await
        .unwrap();
}

#[tokio::test]
async fn server_examples_decode_into_the_hook_urls() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/server"))
        .respond_with(ResponseTemplate::new(200).set_body_json(example(SERVER_RESPONSE)))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server).server().get().await.unwrap();

    assert_eq!(
        got.inbound_hook_url.as_deref(),
        Some("https://hooks.example.com/inbound")
    );
    assert_eq!(
        (
            &got.bounce_hook_url,
            &got.open_hook_url,
            &got.delivery_hook_url,
            &got.click_hook_url
        ),
        (&None, &None, &None, &None)
    );
}

// ---- answers and parameters: what the client understands ----

#[tokio::test]
async fn list_parameter_example_is_sent_as_the_query() {
    let stream = example(LIST_PARAMETER);
    let stream = stream.as_str().expect("the stream example is a string");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/webhooks"))
        .and(query_param("MessageStream", stream))
        .respond_with(ResponseTemplate::new(200).set_body_json(example(LIST_RESPONSE)))
        .expect(1)
        .mount(&server)
        .await;

    let webhooks = client(&server)
        .webhooks()
        .list()
        .message_stream(stream)
        .await
        .unwrap();
    assert_eq!(webhooks.len(), 2);
    assert_is_webhook_example(&webhooks[0]);
}

#[tokio::test]
async fn webhook_list_schema_example_is_an_empty_list() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/webhooks"))
        .respond_with(ResponseTemplate::new(200).set_body_json(example(WEBHOOK_LIST)))
        .expect(1)
        .mount(&server)
        .await;

    assert_eq!(client(&server).webhooks().list().await.unwrap(), Vec::new());
}

#[tokio::test]
async fn get_with_the_id_example_decodes_the_webhook_response_example() {
    let id = example(ID_PARAMETER).as_i64().unwrap();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/webhooks/{id}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(example(WEBHOOK_RESPONSE)))
        .expect(1)
        .mount(&server)
        .await;

    let webhook = client(&server).webhooks().get(id).await.unwrap();
    assert_is_webhook_example(&webhook);
}

#[tokio::test]
async fn delete_response_examples_are_success() {
    for pointer in [DELETE_RESPONSE, DELETE_SCHEMA] {
        let server = MockServer::start().await;
        Mock::given(method("DELETE"))
            .and(path("/webhooks/1234"))
            .respond_with(ResponseTemplate::new(200).set_body_json(example(pointer)))
            .expect(1)
            .mount(&server)
            .await;

        client(&server).webhooks().delete(1234).await.unwrap();
    }
}

#[tokio::test]
async fn error_examples_decode_into_api_errors() {
    for (pointer, status, code) in [
        (ERROR_NOT_FOUND, 422, ErrorCode::WebhookNotFound),
        (
            ERROR_VERIFICATION_FAILED,
            422,
            ErrorCode::VerificationFailed,
        ),
        (ERROR_SCHEMA, 401, ErrorCode::InvalidToken),
    ] {
        let body = example(pointer);
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/webhooks/1234"))
            .respond_with(ResponseTemplate::new(status).set_body_json(body.clone()))
            .expect(1)
            .mount(&server)
            .await;

        let err = client(&server).webhooks().get(1234).await.unwrap_err();
        let postmark_webhooks::Error::Api(api) = &err else {
            panic!("expected Error::Api, got {err:?}")
        };
        assert_eq!(api.status(), status);
        assert_eq!(api.code(), Some(code));
        assert_eq!(
            api.code().map(ErrorCode::as_i64),
            body["ErrorCode"].as_i64()
        );
        assert_eq!(Some(api.message()), body["Message"].as_str());
    }
}

// ---- webhook events: what Postmark POSTs to a receiver ----

/// Parses the example at `pointer` as a webhook event, checks that it
/// serializes back to the same JSON, and that `x-webhook-events` lists its
/// schema under its record type.
fn event_example(pointer: &str) -> WebhookEvent {
    let value = example(pointer);
    let event = WebhookEvent::from_slice(&serde_json::to_vec(&value).unwrap())
        .unwrap_or_else(|e| panic!("{pointer}: {e}"));
    assert_eq!(serde_json::to_value(&event).unwrap(), value, "{pointer}");
    let schema = pointer.trim_end_matches("/example");
    let listed = &spec()["x-webhook-events"][event.record_type()]["$ref"];
    assert_eq!(listed.as_str(), Some(format!("#{schema}").as_str()));
    event
}

#[test]
fn bounce_event_example_is_a_bounce() {
    let WebhookEvent::Bounce(bounce) = event_example(BOUNCE_EVENT) else {
        panic!("a bounce")
    };
    assert_eq!(bounce.id, 4_323_372_036_854_775_807);
    assert_eq!(bounce.bounce_type, BounceType::HardBounce);
    assert_eq!(bounce.type_code, 1);
    assert_eq!(bounce.email.as_deref(), Some("john@example.com"));
    assert_eq!(bounce.common.server_id, Some(23));
    assert_eq!(
        bounce
            .bounced_at
            .map(|t| t.date_time().timestamp_subsec_nanos()),
        Some(907_025_900)
    );
    assert_eq!(bounce.content.as_deref(), Some("<Full dump of bounce>"));
    assert_eq!(bounce.common.metadata.unwrap()["a_key"], "a_value");
}

#[test]
fn spam_complaint_event_example_is_a_spam_complaint() {
    let WebhookEvent::SpamComplaint(complaint) = event_example(SPAM_COMPLAINT_EVENT) else {
        panic!("a spam complaint")
    };
    assert_eq!(complaint.bounce_type, BounceType::SpamComplaint);
    assert_eq!(complaint.type_code, 512);
    assert_eq!(complaint.can_activate, Some(false));
    assert_eq!(complaint.content.as_deref(), Some("<Abuse report dump>"));
}

#[test]
fn delivery_event_example_is_a_delivery() {
    let event = event_example(DELIVERY_EVENT);
    let WebhookEvent::Delivery(delivery) = &event else {
        panic!("a delivery")
    };
    assert_eq!(delivery.recipient, "john@example.com");
    assert_eq!(
        delivery.delivered_at.as_str(),
        "2019-11-05T16:33:54.9070259Z"
    );
    assert_eq!(
        delivery.details.as_deref(),
        Some("Test delivery webhook details")
    );
    assert_eq!(event.message_stream(), Some("outbound"));
    assert_eq!(event.tag(), Some("welcome-email"));
}

#[test]
fn open_event_example_is_an_open() {
    let WebhookEvent::Open(open) = event_example(OPEN_EVENT) else {
        panic!("an open")
    };
    assert_eq!(open.first_open, Some(true));
    assert_eq!(open.platform, Some(Platform::WebMail));
    assert_eq!(open.client.unwrap().family.as_deref(), Some("Chrome"));
    assert_eq!(open.os.unwrap().name.as_deref(), Some("OS X 10.7 Lion"));
    assert_eq!(open.geo.unwrap().city.as_deref(), Some("Novi Sad"));
}

#[test]
fn click_event_example_is_a_click() {
    let WebhookEvent::Click(click) = event_example(CLICK_EVENT) else {
        panic!("a click")
    };
    assert_eq!(click.click_location, Some(ClickLocation::Html));
    assert_eq!(click.original_link.as_deref(), Some("https://example.com"));
    assert_eq!(click.platform, Some(Platform::Desktop));
    assert_eq!(click.geo.unwrap().ip.as_deref(), Some("8.8.8.8"));
}

#[test]
fn subscription_change_event_example_is_a_suppression() {
    let WebhookEvent::SubscriptionChange(change) = event_example(SUBSCRIPTION_CHANGE_EVENT) else {
        panic!("a subscription change")
    };
    assert!(change.suppress_sending);
    assert_eq!(
        change.suppression_reason,
        Some(SuppressionReason::HardBounce)
    );
    assert_eq!(change.origin, Some(Origin::Recipient));
    assert_eq!(change.changed_at.as_str(), "2020-02-01T10:53:34.416071Z");
}

#[test]
fn event_part_examples_round_trip() {
    let software: Software = round_trip(&example(SOFTWARE));
    assert_eq!(software.company.as_deref(), Some("Google"));
    let geo: Geo = round_trip(&example(GEO));
    assert_eq!(geo.zip.as_deref(), Some("21000"));
    let metadata: Metadata = round_trip(&example(EVENT_METADATA));
    assert_eq!(metadata["customer_id"], "12345");
}

#[test]
fn x_webhook_events_lists_the_six_record_types() {
    let listed: Vec<String> = spec()["x-webhook-events"]
        .as_object()
        .expect("the spec has x-webhook-events")
        .keys()
        .cloned()
        .collect();
    let mut listed = listed;
    listed.sort();
    assert_eq!(
        listed,
        [
            "Bounce",
            "Click",
            "Delivery",
            "Open",
            "SpamComplaint",
            "SubscriptionChange"
        ]
    );
}

// ---- inbound email: what Postmark POSTs to a server's InboundHookUrl ----

/// The spec's inbound example is Postmark's documented one, which the mock
/// delivers; `inbound::docs_1_*` checks the rest of its values.
#[test]
fn inbound_message_example_is_postmarks_documented_example() {
    let value = example(INBOUND_MESSAGE);
    assert_eq!(
        value,
        json_file("tests/fixtures/postmark-inbound/Inbound-docs-1.json")
    );
    assert_eq!(value, json_file("src/mock/inbound-example.json"));
    assert_eq!(
        spec()["x-inbound-webhook"]["$ref"],
        "#/components/schemas/InboundMessage"
    );

    let message = InboundMessage::from_slice(&serde_json::to_vec(&value).unwrap()).unwrap();
    assert_eq!(message.from.as_deref(), Some("support@postmarkapp.com"));
    assert_eq!(
        message.message_id.as_deref(),
        Some("73e6d360-66eb-11e1-8e72-a8904824019b")
    );
    let attachments = message.attachments.as_ref().unwrap();
    assert_eq!(attachments.len(), 1);
    assert_eq!(
        attachments[0].content().unwrap(),
        b"This is attachment contents, base-64 encoded."
    );
    assert!(message.extra.is_empty(), "{:?}", message.extra);
    assert_eq!(serde_json::to_value(&message).unwrap(), value);
}

/// The part examples are parts of the documented example: its first `To`
/// recipient, its `X-Spam-Status` header and its attachment.
#[test]
fn inbound_part_examples_round_trip() {
    let documented = example(INBOUND_MESSAGE);
    let address: Address = round_trip(&example(INBOUND_ADDRESS));
    assert_eq!(example(INBOUND_ADDRESS), documented["ToFull"][0]);
    assert_eq!(address.mailbox_hash.as_deref(), Some("SampleHash"));
    let header: Header = round_trip(&example(INBOUND_HEADER));
    assert_eq!(example(INBOUND_HEADER), documented["Headers"][1]);
    assert_eq!(
        (header.name.as_str(), header.value.as_str()),
        ("X-Spam-Status", "No")
    );
    let attachment: Attachment = round_trip(&example(INBOUND_ATTACHMENT));
    assert_eq!(example(INBOUND_ATTACHMENT), documented["Attachments"][0]);
    assert_eq!(attachment.content_length, Some(45));
    assert_eq!(attachment.content().unwrap().len(), 45);
}

// ---- verify and statistics: Postmark's documented answers ----

#[test]
fn verify_response_example_is_postmarks_documented_answer() {
    assert_eq!(example(VERIFY_RESPONSE), documented("webhook-verify.json"));
}

#[test]
fn statistics_response_example_is_postmarks_documented_answer() {
    assert_eq!(
        example(STATISTICS_RESPONSE),
        documented("webhook-statistics.json")
    );
}

/// The statistics schema examples are parts of the documented answer: the
/// whole answer with one trigger type, its time range, and one trigger
/// type's figures (the one without retries, whose retry time is `null`).
#[test]
fn statistics_schema_examples_are_parts_of_the_documented_answer() {
    let documented = documented("webhook-statistics.json");
    let mut one_trigger = documented.clone();
    one_trigger["MetricsByTrigger"]
        .as_object_mut()
        .unwrap()
        .remove("Bounce")
        .expect("the documented answer has Bounce figures");
    assert_eq!(example(STATISTICS_SCHEMA), one_trigger);
    assert_eq!(example(TIME_RANGE), documented["TimeRange"]);
    assert_eq!(example(METRICS), documented["MetricsByTrigger"]["Delivery"]);
    assert_eq!(example(METRICS)["AverageRetryResponseTimeMs"], Value::Null);
    assert_eq!(example(WEBHOOK_STATUS), documented["Statuses"]["Delivery"]);
}

#[test]
fn verify_schema_examples_round_trip() {
    let verification: WebhookVerification = round_trip(&example(VERIFY_SCHEMA));
    assert!(verification.success);
    assert_eq!(verification.results.len(), 1);
    let result: TriggerVerification = round_trip(&example(TRIGGER_VERIFICATION));
    assert!(!result.success);
    assert_eq!(result.status_code, Some(500));
    assert_eq!(
        example(TRIGGER_VERIFICATION),
        documented("webhook-verify.json")["Results"][4]
    );
}

#[tokio::test]
async fn verify_response_example_decodes_through_the_client() {
    let id = example(VERIFY_ID_PARAMETER).as_i64().unwrap();
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/webhooks/{id}/verify")))
        .respond_with(ResponseTemplate::new(200).set_body_json(example(VERIFY_RESPONSE)))
        .expect(1)
        .mount(&server)
        .await;

    let verification = client(&server).webhooks().verify(id).await.unwrap();
    assert!(!verification.success);
    let statuses: Vec<_> = verification.results.iter().map(|r| r.status_code).collect();
    assert_eq!(
        statuses,
        [Some(200), Some(200), Some(200), Some(200), Some(500)]
    );
    assert_eq!(
        serde_json::to_value(&verification).unwrap(),
        example(VERIFY_RESPONSE)
    );
}

/// The documented statistics answer decodes through the client, and its
/// identity, statuses and every figure come back unchanged. (The typed
/// fields are checked against the same fixture in `tests/verify.rs`.)
#[tokio::test]
async fn statistics_response_example_decodes_through_the_client() {
    let id = example(STATISTICS_ID_PARAMETER).as_i64().unwrap();
    let answer = example(STATISTICS_RESPONSE);
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/webhooks/{id}/statistics")))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;

    let statistics: WebhookStatistics = client(&server).webhooks().statistics(id).await.unwrap();
    let back = serde_json::to_value(&statistics).unwrap();
    for field in [
        "WebhookId",
        "Url",
        "Statuses",
        "Metrics",
        "MetricsByTrigger",
    ] {
        assert_eq!(back[field], answer[field], "{field}");
    }
}

// ---- the account API ----

#[test]
fn server_schema_example_is_postmarks_documented_server() {
    let server: Server = round_trip(&example(SERVER_SCHEMA));
    // The docs' "Get a server" answer, as the first server of the list example.
    assert_eq!(
        example(SERVER_SCHEMA),
        documented("Servers-mrz1836-1.json")["Servers"][0]
    );
    assert_eq!((server.id, server.name.as_str()), (1, "Production01"));
    assert_eq!(server.api_tokens.len(), 1);
    assert_eq!(server.api_tokens[0].expose(), "server token");
    assert_eq!(
        server.inbound_hook_url.as_deref(),
        Some("http://inboundhook.example.com/inbound")
    );
}

#[tokio::test]
async fn server_list_schema_example_decodes_through_the_account_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/servers"))
        .and(query_param("count", "500"))
        .and(query_param("offset", "0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(example(SERVER_LIST_SCHEMA)))
        .expect(1)
        .mount(&server)
        .await;
    let account = AccountClient::builder("account-token")
        .base_url(server.uri())
        .build()
        .unwrap();
    let servers = account.servers().list().await.unwrap();
    assert_eq!(servers.len(), 1);
    assert_eq!(
        (servers[0].id, servers[0].name.as_str()),
        (1, "Production01")
    );
    assert_eq!(servers[0].api_tokens[0].expose(), "server token");
}

/// The parameter examples, sent as given, are answered by the embedded mock
/// (which plays Postmark's account API) with the servers they select.
#[tokio::test]
async fn servers_parameter_examples_select_servers_of_the_mock() {
    let mock = postmark_webhooks::mock::MockServer::start().await;
    let http = reqwest::Client::new();
    let get = |path: String| {
        http.get(format!("{}{path}", mock.base_url()))
            .header("X-Postmark-Account-Token", mock.account_token())
            .header("Accept", "application/json")
            .send()
    };
    let query = format!(
        "/servers?count={}&offset={}&name={}",
        example(SERVERS_COUNT_PARAMETER),
        example(SERVERS_OFFSET_PARAMETER),
        example(SERVERS_NAME_PARAMETER).as_str().unwrap(),
    );
    let page: Value = get(query).await.unwrap().json().await.unwrap();
    assert_eq!(page["TotalCount"], 1);
    assert_eq!(page["Servers"][0]["Name"], "Production01");
    assert_eq!(page["Servers"][0]["ID"], example(SERVER_ID_PARAMETER));

    let one = get(format!("/servers/{}", example(SERVER_ID_PARAMETER)))
        .await
        .unwrap();
    assert_eq!(one.status(), 200);
    let one: Value = one.json().await.unwrap();
    assert_eq!(one["Name"], "Production01");
}
