//! Why a request was refused, and the HTTP answer it calls for.

use std::fmt;
use std::net::IpAddr;

use crate::events::ParseError;

/// What a 401 answer to a Basic auth failure should carry as
/// `WWW-Authenticate` (see [`Rejection::www_authenticate`]).
const BASIC_CHALLENGE: &str = "Basic realm=\"postmark-webhooks\", charset=\"UTF-8\"";

/// Why a request was refused. [`status`](Self::status) is the HTTP status
/// to answer with; `Display` never shows a secret.
///
/// ```
/// use postmark_webhooks::receiver::Rejection;
///
/// assert_eq!(Rejection::WrongCredentials.status(), 401);
/// assert_eq!(Rejection::BodyTooLarge { limit: 10 }.status(), 413);
/// assert_eq!(Rejection::WrongCredentials.to_string(), "the Basic auth credentials are wrong");
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Rejection {
    /// Basic auth is expected and the request has no `Authorization` header.
    MissingCredentials,
    /// The `Authorization` header is not one `Basic` credential of the form
    /// `base64(user:password)`.
    MalformedAuthorization,
    /// The Basic user name or password is wrong (which one is not told).
    WrongCredentials,
    /// A secret header is expected and the request does not have it.
    MissingSecretHeader,
    /// The secret header has the wrong value, or appears more than once.
    WrongSecret,
    /// The body is larger than the cap (by its `Content-Length` or its size).
    BodyTooLarge {
        /// The cap, in bytes.
        limit: usize,
    },
    /// The body could not be read to its end (the client went away, or
    /// sent a broken chunked encoding).
    UnreadableBody,
    /// The body is not a Postmark event.
    InvalidPayload(ParseError),
    /// The body is not a Postmark inbound message (see
    /// [`Receiver::accept_inbound`](super::Receiver::accept_inbound)).
    InvalidInbound(crate::inbound::ParseError),
    /// An [`IpAllowlist`](super::IpAllowlist) is set and the client's
    /// address is not in it.
    AddressNotAllowed {
        /// The client's address (the peer's, or the one a trusted proxy
        /// forwarded for).
        address: IpAddr,
    },
    /// An [`IpAllowlist`](super::IpAllowlist) is set and the connection's
    /// peer address is unknown (with axum: the app was not served with
    /// `into_make_service_with_connect_info::<SocketAddr>()`).
    UnknownPeerAddress,
    /// A trusted proxy sent an `X-Forwarded-For` entry that is not an IP
    /// address.
    MalformedForwardedFor,
    /// A request to an inbound hook reached a receiver with a secret header
    /// but no Basic credentials, the one check an inbound hook can pass
    /// (see [`Receiver::accept_inbound`](super::Receiver::accept_inbound)):
    /// the receiver is set up wrong for it.
    NoInboundCredentials,
}

impl Rejection {
    /// The HTTP status to answer with: 403 for an address the allowlist
    /// refuses, 401 for the credential and secret checks, 413 for a body
    /// that is too large, 400 for an invalid body, 500 for a receiver with
    /// nothing to check an inbound request with.
    /// (Postmark does not retry 4xx answers to webhooks other than 408 and
    /// 429. To an inbound hook it retries every answer but 200, and none
    /// after a 403: answer an inbound hook with
    /// [`inbound_status`](Self::inbound_status).)
    ///
    /// ```
    /// use postmark_webhooks::receiver::Rejection;
    ///
    /// assert_eq!(Rejection::MissingSecretHeader.status(), 401);
    /// ```
    pub fn status(&self) -> u16 {
        match self {
            Self::MissingCredentials
            | Self::MalformedAuthorization
            | Self::WrongCredentials
            | Self::MissingSecretHeader
            | Self::WrongSecret => 401,
            Self::BodyTooLarge { .. } => 413,
            Self::UnreadableBody | Self::InvalidPayload(_) | Self::InvalidInbound(_) => 400,
            Self::AddressNotAllowed { .. }
            | Self::UnknownPeerAddress
            | Self::MalformedForwardedFor => 403,
            Self::NoInboundCredentials => 500,
        }
    }

    /// The HTTP status to answer a request to an inbound hook with: as
    /// [`status`](Self::status), but never 403, which would stop Postmark's
    /// retries and lose the message. An address the allowlist refuses is
    /// 503, and a peer address it cannot tell ([`UnknownPeerAddress`],
    /// [`MalformedForwardedFor`]: a setup to fix) is 500; Postmark retries
    /// both for about 10.5 hours.
    ///
    /// [`UnknownPeerAddress`]: Self::UnknownPeerAddress
    /// [`MalformedForwardedFor`]: Self::MalformedForwardedFor
    ///
    /// ```
    /// use postmark_webhooks::receiver::Rejection;
    ///
    /// let address = "198.51.100.7".parse().unwrap();
    /// assert_eq!(Rejection::AddressNotAllowed { address }.inbound_status(), 503);
    /// assert_eq!(Rejection::UnknownPeerAddress.inbound_status(), 500);
    /// assert_eq!(Rejection::WrongCredentials.inbound_status(), 401);
    /// ```
    pub fn inbound_status(&self) -> u16 {
        match self {
            Self::AddressNotAllowed { .. } => 503,
            Self::UnknownPeerAddress | Self::MalformedForwardedFor => 500,
            _ => self.status(),
        }
    }

    /// The `WWW-Authenticate` value that a 401 answer to a Basic auth
    /// failure must carry (RFC 9110); `None` for other rejections.
    ///
    /// ```
    /// use postmark_webhooks::receiver::Rejection;
    ///
    /// assert!(Rejection::MissingCredentials.www_authenticate().unwrap().starts_with("Basic "));
    /// assert_eq!(Rejection::WrongSecret.www_authenticate(), None);
    /// ```
    pub fn www_authenticate(&self) -> Option<&'static str> {
        match self {
            Self::MissingCredentials | Self::MalformedAuthorization | Self::WrongCredentials => {
                Some(BASIC_CHALLENGE)
            }
            _ => None,
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingCredentials => f.write_str("the request has no Authorization header"),
            Self::MalformedAuthorization => {
                f.write_str("the Authorization header is not one Basic credential")
            }
            Self::WrongCredentials => f.write_str("the Basic auth credentials are wrong"),
            Self::MissingSecretHeader => f.write_str("the request has no secret header"),
            Self::WrongSecret => f.write_str("the secret header is wrong"),
            Self::BodyTooLarge { limit } => write!(f, "the body is larger than {limit} bytes"),
            Self::UnreadableBody => f.write_str("the body could not be read"),
            Self::InvalidPayload(e) => write!(f, "the body is not a Postmark event: {e}"),
            Self::InvalidInbound(e) => {
                write!(f, "the body is not a Postmark inbound message: {e}")
            }
            Self::AddressNotAllowed { address } => {
                write!(f, "the address {address} is not allowed")
            }
            Self::UnknownPeerAddress => f.write_str("the client's address is unknown"),
            Self::MalformedForwardedFor => {
                f.write_str("the X-Forwarded-For header is not a list of IP addresses")
            }
            Self::NoInboundCredentials => f.write_str(
                "the receiver has no Basic credentials, the one check an inbound hook can pass",
            ),
        }
    }
}

impl std::error::Error for Rejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::InvalidPayload(e) => Some(e),
            Self::InvalidInbound(e) => Some(e),
            _ => None,
        }
    }
}
