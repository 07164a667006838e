//! The expected credentials, kept as digests, and their constant-time checks.

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use http::header::AUTHORIZATION;
use http::{HeaderMap, HeaderName, HeaderValue};
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq;

use super::Rejection;

/// A SHA-256 digest of an expected secret; only digests are kept.
#[derive(Clone)]
pub(super) struct Secret([u8; 32]);

impl Secret {
    pub(super) fn new(value: &[u8]) -> Self {
        Self(Sha256::digest(value).into())
    }

    /// Compares the digest of `presented` with this one in constant time.
    fn matches(&self, presented: &[u8]) -> subtle::Choice {
        let presented: [u8; 32] = Sha256::digest(presented).into();
        self.0.ct_eq(&presented)
    }
}

/// The expected `HttpAuth` of the webhook.
#[derive(Clone)]
pub(super) struct BasicAuth {
    pub(super) username: Secret,
    pub(super) password: Secret,
}

/// The expected shared-secret header of the webhook, with each value it may
/// hold (several while a secret is rotated).
#[derive(Clone)]
pub(super) struct SecretHeader {
    pub(super) name: HeaderName,
    pub(super) values: Vec<Secret>,
}

/// Padding may be present or not: RFC 7617 clients pad, some proxies strip.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// RFC 7617: `Authorization: Basic base64(user-id ":" password)`, the scheme
/// name in any case; any of the `expected` credentials (several while they
/// are rotated), each compared.
pub(super) fn check_basic_auth(
    expected: &[BasicAuth],
    headers: &HeaderMap,
) -> Result<(), Rejection> {
    let mut values = headers.get_all(AUTHORIZATION).iter();
    let value = match (values.next(), values.next()) {
        (None, _) => return Err(Rejection::MissingCredentials),
        (Some(_), Some(_)) => return Err(Rejection::MalformedAuthorization),
        (Some(value), None) => value,
    };
    let decoded = basic_credentials(value).ok_or(Rejection::MalformedAuthorization)?;
    let colon = decoded
        .iter()
        .position(|&b| b == b':')
        .ok_or(Rejection::MalformedAuthorization)?;
    let (username, password) = (&decoded[..colon], &decoded[colon + 1..]);
    // Every comparison runs; `&` and `|` on `Choice` do not short-circuit.
    let matches = expected
        .iter()
        .fold(subtle::Choice::from(0), |found, expected| {
            found | (expected.username.matches(username) & expected.password.matches(password))
        });
    if bool::from(matches) {
        Ok(())
    } else {
        Err(Rejection::WrongCredentials)
    }
}

/// The exactly-once secret header, compared in constant time.
pub(super) fn check_secret_header(
    expected: &SecretHeader,
    headers: &HeaderMap,
) -> Result<(), Rejection> {
    let mut values = headers.get_all(&expected.name).iter();
    let (Some(value), None) = (values.next(), values.next()) else {
        return Err(match headers.contains_key(&expected.name) {
            true => Rejection::WrongSecret,
            false => Rejection::MissingSecretHeader,
        });
    };
    let matches = expected
        .values
        .iter()
        .fold(subtle::Choice::from(0), |found, secret| {
            found | secret.matches(value.as_bytes())
        });
    if bool::from(matches) {
        Ok(())
    } else {
        Err(Rejection::WrongSecret)
    }
}

/// The decoded token of a `Basic` credential, or `None` if the value is not
/// one.
pub(crate) fn basic_credentials(value: &HeaderValue) -> Option<Vec<u8>> {
    let value = value.as_bytes();
    let space = value.iter().position(|&b| b == b' ')?;
    let (scheme, token) = (&value[..space], &value[space..]);
    if !scheme.eq_ignore_ascii_case(b"basic") {
        return None;
    }
    let token = token.trim_ascii();
    if token.is_empty() {
        return None;
    }
    BASE64.decode(token).ok()
}
