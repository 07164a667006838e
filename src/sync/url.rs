//! Where the parts of an `http(s)://user:pass@host/path?query#fragment`
//! string are, found on the string itself so that it is rebuilt exactly,
//! and how a value written into the credentials or the query is encoded.

use std::borrow::Cow;
use std::ops::Range;

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

/// The query percent-encode set of the WHATWG URL standard: what cannot
/// stand in a query (`&` and `=` can, and keep their meaning).
const QUERY: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'<').add(b'>');

/// The userinfo percent-encode set of the WHATWG URL standard, and `%`: a
/// value written into the credentials is text, never an escape.
const USERINFO: &AsciiSet = &QUERY
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b':')
    .add(b';')
    .add(b'=')
    .add(b'@')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'|')
    .add(b'%');

/// The parts of a URL string, as byte ranges.
pub(crate) struct UrlParts {
    /// `user:pass`, before the `@`.
    pub(crate) userinfo: Option<Range<usize>>,
    /// `pass`, after the first `:` of the userinfo.
    pub(crate) password: Option<Range<usize>>,
    pub(crate) host_and_path: Range<usize>,
    /// After the `?`, before any `#`.
    pub(crate) query: Option<Range<usize>>,
}

/// The parts of `url`; `None` without a `://`.
pub(crate) fn url_parts(url: &str) -> Option<UrlParts> {
    let start = url.find("://")? + 3;
    let authority_end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    let at = url[start..authority_end].rfind('@').map(|i| start + i);
    let password = at.and_then(|at| {
        let colon = url[start..at].find(':')? + start;
        Some(colon + 1..at)
    });
    let host_start = at.map_or(start, |at| at + 1);
    let fragment = url[authority_end..]
        .find('#')
        .map_or(url.len(), |i| authority_end + i);
    let query = url[authority_end..fragment]
        .find('?')
        .map(|i| authority_end + i + 1..fragment);
    let path_end = query.as_ref().map_or(fragment, |q| q.start - 1);
    Some(UrlParts {
        userinfo: at.map(|at| start..at),
        password,
        host_and_path: host_start..path_end,
        query,
    })
}

impl UrlParts {
    /// `value`, to be written at byte `at` of the URL: percent-encoded with
    /// the userinfo set in the credentials and the query set in the query,
    /// as it is elsewhere.
    pub(crate) fn encode<'a>(&self, at: usize, value: &'a str) -> Cow<'a, str> {
        let within = |range: &Option<Range<usize>>| range.as_ref().is_some_and(|r| r.contains(&at));
        if within(&self.userinfo) {
            utf8_percent_encode(value, USERINFO).into()
        } else if within(&self.query) {
            utf8_percent_encode(value, QUERY).into()
        } else {
            Cow::Borrowed(value)
        }
    }
}

/// A URL's password as text (its escapes decoded), as [`UrlParts::encode`]
/// writes it back.
pub(crate) fn decoded_password(password: &str) -> Cow<'_, str> {
    percent_decode_str(password).decode_utf8_lossy()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_encoded_where_they_stand() {
        let template = "https://u:${P}@example.com/a/${X}?t=${T}#${F}";
        let parts = url_parts(template).unwrap();
        let at = |name: &str| template.find(name).unwrap();
        assert_eq!(parts.encode(at("${P}"), "a%b/c@d:e"), "a%25b%2Fc%40d%3Ae");
        assert_eq!(parts.encode(at("${T}"), "a b#c&d=e%20"), "a%20b%23c&d=e%20");
        assert_eq!(parts.encode(at("${X}"), "x/y z"), "x/y z");
        assert_eq!(parts.encode(at("${F}"), "a b"), "a b");
        assert_eq!(decoded_password("a%25b%2Fc%40d%3Ae"), "a%b/c@d:e");
    }
}
