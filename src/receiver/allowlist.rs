//! Which client addresses may post: an allowlist of networks, and the
//! proxies whose `X-Forwarded-For` is believed.

use std::fmt;
use std::net::IpAddr;

use http::HeaderMap;
use ipnet::IpNet;

use super::Rejection;

/// The header in which a proxy names the client it forwards for.
const FORWARDED_FOR: &str = "x-forwarded-for";

/// The client addresses that may post, given as networks (CIDR). Off unless
/// set: a [`PostmarkLayer`](super::PostmarkLayer) without one accepts any
/// address.
///
/// The client is the connection's peer address. When the peer is a trusted
/// proxy ([`trust_proxy`](IpAllowlistBuilder::trust_proxy)), the client is
/// read from `X-Forwarded-For` instead: the nearest address (from the right)
/// that is not itself a trusted proxy. An `X-Forwarded-For` from any other
/// peer is ignored, so it cannot be spoofed. IPv4-mapped IPv6 addresses
/// (`::ffff:a.b.c.d`) count as the IPv4 address.
///
/// There is no built-in list: Postmark's addresses change, and it publishes
/// the current ones in its support article "IPs for firewalls"
/// (<https://postmarkapp.com/support/article/800-ips-for-firewalls>).
///
/// ```
/// use std::net::IpAddr;
/// use http::HeaderMap;
/// use postmark_webhooks::receiver::{IpAllowlist, Rejection};
///
/// let allowlist = IpAllowlist::builder().allow("203.0.113.0/24").build().unwrap();
/// let inside: IpAddr = "203.0.113.7".parse().unwrap();
/// let outside: IpAddr = "198.51.100.1".parse().unwrap();
/// assert_eq!(allowlist.check(Some(inside), &HeaderMap::new()).unwrap(), inside);
/// let refused = allowlist.check(Some(outside), &HeaderMap::new()).unwrap_err();
/// assert!(matches!(refused, Rejection::AddressNotAllowed { .. }));
/// assert_eq!(refused.status(), 403);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct IpAllowlist {
    allowed: Vec<IpNet>,
    trusted_proxies: Vec<IpNet>,
}

impl IpAllowlist {
    /// A builder; [`allow`](IpAllowlistBuilder::allow) at least one network.
    ///
    /// ```
    /// let allowlist = postmark_webhooks::receiver::IpAllowlist::builder()
    ///     .allow("203.0.113.0/24")
    ///     .allow("2001:db8::/32")
    ///     .trust_proxy("10.0.0.0/8")
    ///     .build()
    ///     .unwrap();
    /// ```
    pub fn builder() -> IpAllowlistBuilder {
        IpAllowlistBuilder {
            allowlist: Self {
                allowed: Vec::new(),
                trusted_proxies: Vec::new(),
            },
            problem: None,
        }
    }

    /// The client address of a request from `peer` with these headers, if
    /// it is allowed. A request whose peer is unknown (`None`) is refused,
    /// and so is one from a trusted proxy whose `X-Forwarded-For` has an
    /// entry that is not an IP address.
    ///
    /// ```
    /// use http::{HeaderMap, HeaderValue};
    /// use postmark_webhooks::receiver::{IpAllowlist, Rejection};
    ///
    /// let allowlist = IpAllowlist::builder()
    ///     .allow("203.0.113.0/24")
    ///     .trust_proxy("10.0.0.0/8")
    ///     .build()
    ///     .unwrap();
    /// let mut headers = HeaderMap::new();
    /// headers.insert("x-forwarded-for", HeaderValue::from_static("198.51.100.9, 203.0.113.7, 10.1.1.1"));
    /// let client = allowlist.check(Some("10.0.0.1".parse().unwrap()), &headers).unwrap();
    /// assert_eq!(client.to_string(), "203.0.113.7");
    /// assert!(matches!(allowlist.check(None, &headers), Err(Rejection::UnknownPeerAddress)));
    /// ```
    pub fn check(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Result<IpAddr, Rejection> {
        let peer = peer.ok_or(Rejection::UnknownPeerAddress)?.to_canonical();
        let client = self.client(peer, headers)?;
        if self.allowed.iter().any(|net| net.contains(&client)) {
            Ok(client)
        } else {
            Err(Rejection::AddressNotAllowed { address: client })
        }
    }

    /// The client behind `peer`: `peer` itself unless it is a trusted proxy.
    fn client(&self, peer: IpAddr, headers: &HeaderMap) -> Result<IpAddr, Rejection> {
        if !self.is_trusted_proxy(peer) {
            return Ok(peer);
        }
        // Several X-Forwarded-For headers are one list, in order (RFC 9110).
        let mut hops = Vec::new();
        for value in headers.get_all(FORWARDED_FOR) {
            let value = value
                .to_str()
                .map_err(|_| Rejection::MalformedForwardedFor)?;
            hops.extend(value.split(',').map(str::trim));
        }
        let mut client = peer;
        for hop in hops.into_iter().rev() {
            client = hop
                .parse::<IpAddr>()
                .map_err(|_| Rejection::MalformedForwardedFor)?
                .to_canonical();
            if !self.is_trusted_proxy(client) {
                break;
            }
        }
        Ok(client)
    }

    fn is_trusted_proxy(&self, address: IpAddr) -> bool {
        self.trusted_proxies
            .iter()
            .any(|net| net.contains(&address))
    }
}

impl fmt::Debug for IpAllowlist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |nets: &[IpNet]| nets.iter().map(ToString::to_string).collect::<Vec<_>>();
        f.debug_struct("IpAllowlist")
            .field("allowed", &shown(&self.allowed))
            .field("trusted_proxies", &shown(&self.trusted_proxies))
            .finish()
    }
}

/// Builds an [`IpAllowlist`]; see [`IpAllowlist::builder`].
///
/// ```
/// use postmark_webhooks::receiver::{IpAllowlist, IpAllowlistError};
///
/// let err = IpAllowlist::builder().allow("203.0.113.0/33").build().unwrap_err();
/// assert_eq!(err, IpAllowlistError::InvalidNetwork("203.0.113.0/33".into()));
/// ```
#[derive(Clone, Debug)]
pub struct IpAllowlistBuilder {
    allowlist: IpAllowlist,
    problem: Option<IpAllowlistError>,
}

impl IpAllowlistBuilder {
    /// Allow clients in this network: CIDR (`203.0.113.0/24`,
    /// `2001:db8::/32`) or one address (`203.0.113.7`). An IPv4-mapped IPv6
    /// network (`::ffff:203.0.113.0/120`) counts as its IPv4 network.
    ///
    /// ```
    /// use postmark_webhooks::receiver::IpAllowlist;
    ///
    /// assert!(IpAllowlist::builder().allow("203.0.113.7").build().is_ok());
    /// ```
    pub fn allow(mut self, network: impl AsRef<str>) -> Self {
        if let Some(net) = self.parse(network.as_ref()) {
            self.allowlist.allowed.push(net);
        }
        self
    }

    /// Believe `X-Forwarded-For` from peers in this network (your load
    /// balancer or reverse proxy), written as for [`allow`](Self::allow).
    ///
    /// ```
    /// use postmark_webhooks::receiver::IpAllowlist;
    ///
    /// let allowlist = IpAllowlist::builder()
    ///     .allow("203.0.113.0/24")
    ///     .trust_proxy("127.0.0.1")
    ///     .trust_proxy("::1")
    ///     .build();
    /// assert!(allowlist.is_ok());
    /// ```
    pub fn trust_proxy(mut self, network: impl AsRef<str>) -> Self {
        if let Some(net) = self.parse(network.as_ref()) {
            self.allowlist.trusted_proxies.push(net);
        }
        self
    }

    /// The allowlist, or the first problem with what was set. An allowlist
    /// that allows nothing is an error.
    ///
    /// ```
    /// use postmark_webhooks::receiver::{IpAllowlist, IpAllowlistError};
    ///
    /// let err = IpAllowlist::builder().trust_proxy("10.0.0.0/8").build().unwrap_err();
    /// assert_eq!(err, IpAllowlistError::NothingAllowed);
    /// ```
    pub fn build(self) -> Result<IpAllowlist, IpAllowlistError> {
        if let Some(problem) = self.problem {
            return Err(problem);
        }
        if self.allowlist.allowed.is_empty() {
            return Err(IpAllowlistError::NothingAllowed);
        }
        Ok(self.allowlist)
    }

    /// `network` as CIDR or one address, IPv4-mapped IPv6 as IPv4; `None`
    /// (and the problem noted) if it is neither.
    fn parse(&mut self, network: &str) -> Option<IpNet> {
        let trimmed = network.trim();
        let parsed = trimmed
            .parse::<IpNet>()
            .or_else(|_| trimmed.parse::<IpAddr>().map(IpNet::from));
        match parsed {
            Ok(net) => Some(canonical(net)),
            Err(_) => {
                self.problem
                    .get_or_insert(IpAllowlistError::InvalidNetwork(network.to_string()));
                None
            }
        }
    }
}

/// An IPv4-mapped IPv6 network (`::ffff:0:0/96` and narrower) as IPv4.
fn canonical(net: IpNet) -> IpNet {
    match net {
        IpNet::V6(v6) if v6.prefix_len() >= 96 => match v6.addr().to_ipv4_mapped() {
            Some(v4) => ipnet::Ipv4Net::new(v4, v6.prefix_len() - 96)
                .map(IpNet::V4)
                .unwrap_or(net),
            None => net,
        },
        _ => net,
    }
}

/// Why an [`IpAllowlist`] cannot be built.
///
/// ```
/// use postmark_webhooks::receiver::IpAllowlistError;
///
/// let err = IpAllowlistError::InvalidNetwork("10.0.0.0/8x".into());
/// assert_eq!(err.to_string(), "`10.0.0.0/8x` is not a network (CIDR such as 203.0.113.0/24) or an IP address");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IpAllowlistError {
    /// A network is neither CIDR nor an IP address.
    #[error("`{0}` is not a network (CIDR such as 203.0.113.0/24) or an IP address")]
    InvalidNetwork(String),
    /// No network was allowed, so every request would be refused.
    #[error("the allowlist allows no network, so every request would be refused")]
    NothingAllowed,
}
