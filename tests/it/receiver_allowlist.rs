//! `PostmarkLayer::allow_ips`: the client address, from the connection's
//! peer or a trusted proxy's `X-Forwarded-For`, decides 403 before anything
//! else is checked; IPv4-mapped IPv6 counts as IPv4; no peer, no entry.
#![cfg(feature = "axum")]

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use axum::routing::post;
use http_body_util::BodyExt as _;
use postmark_webhooks::receiver::{
    IpAllowlist, IpAllowlistError, PostmarkLayer, Receiver, Rejection,
};
use tower::ServiceExt as _;

const DELIVERY: &str = r#"{"RecordType": "Delivery", "Recipient": "john@example.com",
    "DeliveredAt": "2019-11-05T16:33:54Z"}"#;

fn allowlist() -> IpAllowlist {
    IpAllowlist::builder()
        .allow("203.0.113.0/24")
        .allow("2001:db8:1::/48")
        .trust_proxy("10.0.0.0/8")
        .trust_proxy("fd00::/8")
        .build()
        .unwrap()
}

/// A router behind an allowlisting layer, and how often its handler ran.
fn app() -> (Router, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = calls.clone();
    let router = Router::new().route(
        "/hook",
        post(move || async move {
            counted.fetch_add(1, Ordering::SeqCst);
            StatusCode::OK
        })
        .layer(PostmarkLayer::new(Receiver::insecure_accept_all()).allow_ips(allowlist())),
    );
    (router, calls)
}

/// Posts a delivery from `peer` (none: no `ConnectInfo`) with these
/// `X-Forwarded-For` headers; the status and the answer's text.
async fn post_from(peer: Option<&str>, forwarded: &[&str]) -> (StatusCode, String, usize) {
    let (router, calls) = app();
    let mut request = Request::post("/hook");
    for value in forwarded {
        request = request.header("X-Forwarded-For", *value);
    }
    let mut request = request.body(Body::from(DELIVERY)).unwrap();
    if let Some(peer) = peer {
        let ip: IpAddr = peer.parse().unwrap();
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::new(ip, 40_000)));
    }
    let response = router.oneshot(request).await.unwrap();
    let status = response.status();
    let text = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        String::from_utf8(text.to_vec()).unwrap(),
        calls.load(Ordering::SeqCst),
    )
}

#[tokio::test]
async fn an_allowed_ipv4_peer_reaches_the_handler() {
    assert_eq!(
        post_from(Some("203.0.113.7"), &[]).await,
        (StatusCode::OK, String::new(), 1)
    );
}

#[tokio::test]
async fn a_refused_ipv4_peer_gets_403_naming_its_address() {
    assert_eq!(
        post_from(Some("198.51.100.7"), &[]).await,
        (
            StatusCode::FORBIDDEN,
            "the address 198.51.100.7 is not allowed\n".into(),
            0
        )
    );
}

#[tokio::test]
async fn ipv6_peers_are_checked_against_ipv6_networks() {
    assert_eq!(
        post_from(Some("2001:db8:1::42"), &[]).await.0,
        StatusCode::OK
    );
    assert_eq!(
        post_from(Some("2001:db8:2::42"), &[]).await,
        (
            StatusCode::FORBIDDEN,
            "the address 2001:db8:2::42 is not allowed\n".into(),
            0
        )
    );
}

#[tokio::test]
async fn an_ipv4_mapped_ipv6_peer_counts_as_ipv4() {
    assert_eq!(
        post_from(Some("::ffff:203.0.113.7"), &[]).await.0,
        StatusCode::OK
    );
    assert_eq!(
        post_from(Some("::ffff:198.51.100.7"), &[]).await.1,
        "the address 198.51.100.7 is not allowed\n"
    );
}

#[tokio::test]
async fn a_mapped_network_in_the_allowlist_counts_as_ipv4() {
    let allowlist = IpAllowlist::builder()
        .allow("::ffff:203.0.113.0/120")
        .build()
        .unwrap();
    let headers = http::HeaderMap::new();
    let client = allowlist
        .check(Some("203.0.113.9".parse().unwrap()), &headers)
        .unwrap();
    assert_eq!(client, "203.0.113.9".parse::<IpAddr>().unwrap());
}

#[tokio::test]
async fn a_trusted_proxy_forwards_for_an_allowed_client() {
    assert_eq!(
        post_from(Some("10.0.0.2"), &["203.0.113.7"]).await,
        (StatusCode::OK, String::new(), 1)
    );
    assert_eq!(
        post_from(Some("::ffff:10.0.0.2"), &["::ffff:203.0.113.7"])
            .await
            .0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_trusted_proxy_forwarding_for_a_refused_client_gets_403() {
    assert_eq!(
        post_from(Some("10.0.0.2"), &["198.51.100.7"]).await,
        (
            StatusCode::FORBIDDEN,
            "the address 198.51.100.7 is not allowed\n".into(),
            0
        )
    );
}

#[tokio::test]
async fn a_trusted_proxy_without_x_forwarded_for_is_the_client() {
    assert_eq!(
        post_from(Some("10.0.0.2"), &[]).await.1,
        "the address 10.0.0.2 is not allowed\n"
    );
}

#[tokio::test]
async fn x_forwarded_for_from_an_untrusted_peer_is_ignored() {
    // An allowed address claimed by a peer that is not a trusted proxy.
    assert_eq!(
        post_from(Some("198.51.100.7"), &["203.0.113.7"]).await,
        (
            StatusCode::FORBIDDEN,
            "the address 198.51.100.7 is not allowed\n".into(),
            0
        )
    );
    // An allowed peer is not refused for what it claims either.
    assert_eq!(
        post_from(Some("203.0.113.7"), &["198.51.100.7"]).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_nearest_untrusted_hop_is_the_client() {
    // The client spoofs an allowed address at the left; the proxies append.
    assert_eq!(
        post_from(Some("10.0.0.2"), &["203.0.113.7, 198.51.100.7, 10.1.1.1"])
            .await
            .1,
        "the address 198.51.100.7 is not allowed\n"
    );
    assert_eq!(
        post_from(
            Some("10.0.0.2"),
            &["198.51.100.7, 203.0.113.7, fd00::1, 10.1.1.1"]
        )
        .await
        .0,
        StatusCode::OK
    );
    // Several headers are one list, in order.
    assert_eq!(
        post_from(
            Some("10.0.0.2"),
            &["198.51.100.7", "203.0.113.7", "10.1.1.1"]
        )
        .await
        .0,
        StatusCode::OK
    );
    assert_eq!(
        post_from(Some("10.0.0.2"), &["203.0.113.7", "198.51.100.7"])
            .await
            .1,
        "the address 198.51.100.7 is not allowed\n"
    );
}

#[tokio::test]
async fn a_malformed_x_forwarded_for_from_a_trusted_proxy_is_refused() {
    for forwarded in [
        "203.0.113.7:443",
        "unknown",
        "203.0.113.7,, 10.1.1.1",
        "[2001:db8:1::1]",
    ] {
        assert_eq!(
            post_from(Some("10.0.0.2"), &[forwarded]).await,
            (
                StatusCode::FORBIDDEN,
                "the X-Forwarded-For header is not a list of IP addresses\n".into(),
                0
            ),
            "{forwarded}"
        );
    }
}

#[tokio::test]
async fn a_malformed_hop_beyond_the_client_is_not_read() {
    // The client is found before the garbage at the left is reached.
    assert_eq!(
        post_from(Some("10.0.0.2"), &["garbage, 203.0.113.7"])
            .await
            .0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_unknown_peer_is_refused() {
    assert_eq!(
        post_from(None, &["203.0.113.7"]).await,
        (
            StatusCode::FORBIDDEN,
            "the client's address is unknown\n".into(),
            0
        )
    );
}

#[tokio::test]
async fn the_allowlist_is_checked_before_the_credentials() {
    let router = Router::new().route(
        "/hook",
        post(|| async { StatusCode::OK }).layer(
            PostmarkLayer::new(Receiver::builder().basic_auth("u", "p").build().unwrap())
                .allow_ips(allowlist()),
        ),
    );
    let mut request = Request::post("/hook").body(Body::from(DELIVERY)).unwrap();
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([198, 51, 100, 7], 1))));
    let response = router.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.headers().get("www-authenticate").is_none());
}

#[tokio::test]
async fn a_real_connection_gives_its_peer_address() {
    let loopback_only = IpAllowlist::builder().allow("127.0.0.0/8").build().unwrap();
    let elsewhere = IpAllowlist::builder()
        .allow("203.0.113.0/24")
        .build()
        .unwrap();
    let router = Router::new()
        .route(
            "/in",
            post(|| async { StatusCode::OK }).layer(
                PostmarkLayer::new(Receiver::insecure_accept_all()).allow_ips(loopback_only),
            ),
        )
        .route(
            "/out",
            post(|| async { StatusCode::OK })
                .layer(PostmarkLayer::new(Receiver::insecure_accept_all()).allow_ips(elsewhere)),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .into_future(),
    );
    let client = reqwest::Client::new();
    let post = |path: &str| {
        client
            .post(format!("http://{address}{path}"))
            .body(DELIVERY)
            .send()
    };
    assert_eq!(post("/in").await.unwrap().status(), 200);
    let refused = post("/out").await.unwrap();
    assert_eq!(refused.status(), 403);
    assert_eq!(
        refused.text().await.unwrap(),
        "the address 127.0.0.1 is not allowed\n"
    );
}

#[test]
fn bad_networks_are_refused_when_built() {
    for bad in [
        "203.0.113.0/33",
        "203.0.113",
        "example.com",
        "",
        "2001:db8::/129",
    ] {
        assert_eq!(
            IpAllowlist::builder().allow(bad).build(),
            Err(IpAllowlistError::InvalidNetwork(bad.to_string())),
            "{bad}"
        );
        assert_eq!(
            IpAllowlist::builder()
                .allow("203.0.113.0/24")
                .trust_proxy(bad)
                .build(),
            Err(IpAllowlistError::InvalidNetwork(bad.to_string())),
            "{bad}"
        );
    }
    assert_eq!(
        IpAllowlist::builder().build(),
        Err(IpAllowlistError::NothingAllowed)
    );
}

#[test]
fn the_rejections_are_403() {
    assert_eq!(Rejection::UnknownPeerAddress.status(), 403);
    assert_eq!(Rejection::MalformedForwardedFor.status(), 403);
    let address = "198.51.100.7".parse().unwrap();
    assert_eq!(Rejection::AddressNotAllowed { address }.status(), 403);
}

#[test]
fn on_an_inbound_hook_the_rejections_are_500_or_503() {
    assert_eq!(Rejection::UnknownPeerAddress.inbound_status(), 500);
    assert_eq!(Rejection::MalformedForwardedFor.inbound_status(), 500);
    let address = "198.51.100.7".parse().unwrap();
    assert_eq!(
        Rejection::AddressNotAllowed { address }.inbound_status(),
        503
    );
    assert_eq!(Rejection::WrongCredentials.inbound_status(), 401);
    assert_eq!(Rejection::NoInboundCredentials.inbound_status(), 500);
}
