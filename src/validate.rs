//! Checks that reject bad input before anything is sent. Messages name the
//! rule that was broken, never the value, which may be a secret.

use crate::error::InvalidInput;

/// An absolute `http` or `https` URL with a host, parsed.
pub(crate) fn http_url(field: &'static str, value: &str) -> Result<reqwest::Url, InvalidInput> {
    no_whitespace_or_control(field, value)?;
    let url = reqwest::Url::parse(value)
        .map_err(|e| InvalidInput::new(field, format!("must be an absolute http(s) URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(InvalidInput::new(field, "must use http or https"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(InvalidInput::new(field, "must name a host"));
    }
    Ok(url)
}

/// What [`http_url`] accepts, without building the parsed URL where the
/// string is plainly one: `http(s)://` and a DNS name, as most webhook URLs
/// are. Anything else goes through the full parse, so both accept and
/// refuse exactly the same strings (a test compares them).
pub(crate) fn check_http_url(field: &'static str, value: &str) -> Result<(), InvalidInput> {
    no_whitespace_or_control(field, value)?;
    if plainly_http_url(value) {
        return Ok(());
    }
    http_url(field, value).map(drop)
}

/// The URL parser drops tabs and newlines and trims spaces, but a string is
/// sent as given: such characters must not slip through.
fn no_whitespace_or_control(field: &'static str, value: &str) -> Result<(), InvalidInput> {
    // Every ASCII whitespace or control byte is a space or below, or DEL;
    // one pass without early exit, which the compiler vectorizes.
    let (control, non_ascii) = value
        .bytes()
        .fold((false, false), |(control, non_ascii), b| {
            (
                control | (b <= b' ') | (b == 0x7f),
                non_ascii | !b.is_ascii(),
            )
        });
    let bad = control || (non_ascii && value.chars().any(|c| c.is_whitespace() || c.is_control()));
    if bad {
        return Err(InvalidInput::new(
            field,
            "must not contain whitespace or control characters",
        ));
    }
    Ok(())
}

/// `http://` or `https://` (any case), then a host of ASCII letters,
/// digits, `-` and `.` whose last label starts and ends with a letter (so
/// it is neither an IP address nor a number the URL standard would read as
/// one) and with no `--` (which punycode labels, `xn--`, carry, and the
/// parser checks), an optional port up to 65535, and then nothing or a
/// path, query or fragment (which the parser never refuses). No
/// credentials: those take the full parse.
fn plainly_http_url(value: &str) -> bool {
    // The parser refuses a URL whose serialization passes 4 GiB; a webhook
    // URL is far shorter, and a long string takes the full parse.
    if value.len() > 64 * 1024 {
        return false;
    }
    let bytes = value.as_bytes();
    let rest = match bytes.iter().position(|&b| b == b':') {
        Some(4) if bytes[..4].eq_ignore_ascii_case(b"http") => &bytes[5..],
        Some(5) if bytes[..5].eq_ignore_ascii_case(b"https") => &bytes[6..],
        _ => return false,
    };
    let Some(rest) = rest.strip_prefix(b"//") else {
        return false;
    };
    let end = rest
        .iter()
        .position(|&b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let authority = &rest[..end];
    let (host, port) = match authority.iter().position(|&b| b == b':') {
        Some(colon) => (&authority[..colon], Some(&authority[colon + 1..])),
        None => (authority, None),
    };
    if let Some(port) = port {
        let digits = port.iter().all(u8::is_ascii_digit);
        if port.is_empty() || port.len() > 5 || !digits {
            return false;
        }
        let number = port.iter().fold(0u32, |n, &d| n * 10 + u32::from(d - b'0'));
        if number > u32::from(u16::MAX) {
            return false;
        }
    }
    let dns_name = host
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    // Punycode labels start `xn--`: any `--` takes the full parse.
    let hyphens = host.windows(2).any(|pair| pair == b"--");
    let last_label = &host[host
        .iter()
        .rposition(|&b| b == b'.')
        .map_or(0, |dot| dot + 1)..];
    let lettered = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphabetic);
    dns_name && !hyphens && lettered(last_label.first()) && lettered(last_label.last())
}

/// A server token: non-empty printable ASCII, sendable as a header value.
pub(crate) fn token(value: &str) -> Result<reqwest::header::HeaderValue, InvalidInput> {
    if value.trim().is_empty() {
        return Err(InvalidInput::new("token", "must not be empty"));
    }
    let invalid = || {
        InvalidInput::new(
            "token",
            "must be printable ASCII without spaces or control characters",
        )
    };
    if !value.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(invalid());
    }
    let mut header = reqwest::header::HeaderValue::from_str(value).map_err(|_| invalid())?;
    header.set_sensitive(true);
    Ok(header)
}

/// A custom header: a valid HTTP header name that clashes with nothing a
/// delivery carries (see [`header_name_clash`]), and a value without control
/// characters (CR and LF above all).
pub(crate) fn http_header(
    name: &str,
    value: &str,
    with_http_auth: bool,
) -> Result<(), InvalidInput> {
    if name.is_empty() {
        return Err(InvalidInput::new("http_header name", "must not be empty"));
    }
    if let Some(reason) = header_name_clash(name, with_http_auth) {
        return Err(InvalidInput::new("http_header name", reason));
    }
    reqwest::header::HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
        InvalidInput::new(
            "http_header name",
            "must be a valid HTTP header name (letters, digits and !#$%&'*+-.^_`|~)",
        )
    })?;
    reqwest::header::HeaderValue::from_str(value).map_err(|_| {
        InvalidInput::new(
            "http_header value",
            "must not contain control characters such as CR or LF",
        )
    })?;
    Ok(())
}

/// Header names a webhook's custom headers must not use: the ones that
/// frame the HTTP request itself, and the ones Postmark sets on every
/// delivery. Compared without regard to letter case.
pub(crate) const RESERVED_HEADER_NAMES: [&str; 10] = [
    "Host",
    "Content-Length",
    "Transfer-Encoding",
    "Connection",
    "Keep-Alive",
    "Upgrade",
    "TE",
    "X-Postmark-Server-Token",
    "X-PM-Retries-Remaining",
    "X-PM-Webhook-Trace-Id",
];

/// Why a custom header name clashes with what a delivery carries, if it
/// does: a reserved name, or `Authorization` beside HTTP Basic credentials
/// (alone, it is how Postmark's docs send a bearer token).
pub(crate) fn header_name_clash(name: &str, with_http_auth: bool) -> Option<&'static str> {
    if RESERVED_HEADER_NAMES
        .iter()
        .any(|reserved| reserved.eq_ignore_ascii_case(name))
    {
        return Some("must not be a header that frames the request or that Postmark sets");
    }
    if with_http_auth && name.eq_ignore_ascii_case("Authorization") {
        return Some("must not be Authorization when http_auth is set: the two would clash");
    }
    None
}

/// What a create or edit sends, or a desired webhook holds, checked
/// together: the URL (named `url_field` in errors) and message stream where
/// given, the credentials, and the custom headers, which must not clash
/// with the credentials.
pub(crate) fn webhook_settings(
    url_field: &'static str,
    url: Option<&str>,
    message_stream: Option<&str>,
    auth: Option<&crate::model::HttpAuth>,
    headers: &[crate::model::HttpHeader],
) -> Result<(), InvalidInput> {
    if let Some(url) = url {
        check_http_url(url_field, url)?;
    }
    if let Some(stream) = message_stream {
        self::message_stream(stream)?;
    }
    if let Some(auth) = auth {
        basic_auth(&auth.username, &auth.password)?;
    }
    for header in headers {
        http_header(&header.name, &header.value, auth.is_some())?;
    }
    Ok(())
}

/// HTTP Basic credentials: no control characters, and no `:` in the user
/// name (Basic auth cannot carry one).
pub(crate) fn basic_auth(username: &str, password: &str) -> Result<(), InvalidInput> {
    if username.chars().any(char::is_control) {
        return Err(InvalidInput::new(
            "http_auth username",
            "must not contain control characters such as CR or LF",
        ));
    }
    if username.contains(':') {
        return Err(InvalidInput::new(
            "http_auth username",
            "must not contain `:`",
        ));
    }
    if password.chars().any(char::is_control) {
        return Err(InvalidInput::new(
            "http_auth password",
            "must not contain control characters such as CR or LF",
        ));
    }
    Ok(())
}

/// A message stream ID: non-empty, no whitespace or control characters.
pub(crate) fn message_stream(value: &str) -> Result<(), InvalidInput> {
    if value.is_empty() {
        return Err(InvalidInput::new("message_stream", "must not be empty"));
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(InvalidInput::new(
            "message_stream",
            "must not contain whitespace or control characters",
        ));
    }
    Ok(())
}

/// A webhook ID: Postmark's IDs are positive.
pub(crate) fn webhook_id(id: i64) -> Result<(), InvalidInput> {
    if id <= 0 {
        return Err(InvalidInput::new("id", "must be a positive webhook ID"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert!(http_url("url", "https://example.com/hook").is_ok());
        assert!(http_url("url", "http://user:pass@127.0.0.1:8080/").is_ok());
        for bad in [
            "",
            "example.com",
            "/relative",
            "ftp://example.com",
            "mailto:a@b.c",
            "https://",
        ] {
            let err = http_url("url", bad).unwrap_err();
            assert_eq!(err.field(), "url", "{bad}");
        }
    }

    /// The plain-URL shortcut accepts only what the full parse accepts, so
    /// [`check_http_url`] and [`http_url`] agree on every string.
    fn agree(value: &str) {
        let full = http_url("url", value).is_ok();
        assert_eq!(check_http_url("url", value).is_ok(), full, "{value:?}");
        if plainly_http_url(value) {
            assert!(full, "shortcut accepted {value:?}, the parser refuses it");
        }
    }

    #[test]
    fn the_shortcut_agrees_with_the_parser_on_hosts_and_ports() {
        // Every host of up to four of these characters, with and without a
        // port, a path and credentials.
        let alphabet = ["a", "Z", "0", "9", "-", ".", "x", "n", "_", "%"];
        let mut hosts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = hosts
                .iter()
                .flat_map(|h| alphabet.iter().map(move |c| format!("{h}{c}")))
                .collect();
            hosts.extend(longer);
        }
        hosts.sort();
        hosts.dedup();
        for host in &hosts {
            for tail in ["", "/", ":443/hook", ":65536", ":0", ":", "?q", "#f"] {
                agree(&format!("https://{host}{tail}"));
                agree(&format!("https://{host}.example{tail}"));
            }
        }
        for named in [
            "https://example.com/hook",
            "HTTP://EXAMPLE.COM",
            "http://localhost:8080/a?b#c",
            "https://xn--bcher-kva.example/",
            "https://xn--zz.example/",
            "https://a.b.0x1a/",
            "https://1.2.3.4.0xa/",
            "https://999.999.999.999/",
            "https://[::1]:8080/",
            "https://[zz]/",
            "https://user:pass@example.com/",
            "https://a@b@example.com/",
            "https:example.com",
            "https:/example.com",
            "https:\\\\example.com\\hook",
            "https://example.com:99999",
            "https://example.com:00080",
            "https://bücher.example/",
            "ftp://example.com",
            "https://",
            "https://:80",
            "https://example..com",
            "https://-a-.example",
            "https://ab--cd.example",
        ] {
            agree(named);
        }
    }

    proptest::proptest! {
        #[test]
        fn the_shortcut_agrees_with_the_parser(
            value in "(https?|HTTPS|ftp|hTtP)(://|:/|:)[a-zA-Z0-9.\\-_%@:\\[\\]]{0,14}(:[0-9]{0,6})?([/?#][a-z%/]{0,4})?"
        ) {
            agree(&value);
        }
    }

    #[test]
    fn headers_and_credentials() {
        assert!(http_header("X-Secret", "value with spaces", true).is_ok());
        assert!(http_header("Authorization", "Bearer x", false).is_ok());
        for reserved in RESERVED_HEADER_NAMES {
            let err = http_header(&reserved.to_ascii_lowercase(), "v", false).unwrap_err();
            assert_eq!(err.field(), "http_header name", "{reserved}");
        }
        assert_eq!(
            http_header("authorization", "Bearer x", true)
                .unwrap_err()
                .field(),
            "http_header name"
        );
        assert_eq!(
            http_header("", "v", false).unwrap_err().field(),
            "http_header name"
        );
        assert_eq!(
            http_header("Bad Name", "v", false).unwrap_err().field(),
            "http_header name"
        );
        assert_eq!(
            http_header("X", "a\r\nB: c", false).unwrap_err().field(),
            "http_header value"
        );
        assert!(basic_auth("user", "p@ss:word").is_ok());
        assert_eq!(
            basic_auth("us\ner", "p").unwrap_err().field(),
            "http_auth username"
        );
        assert_eq!(
            basic_auth("a:b", "p").unwrap_err().field(),
            "http_auth username"
        );
        assert_eq!(
            basic_auth("u", "p\r").unwrap_err().field(),
            "http_auth password"
        );
    }

    #[test]
    fn tokens_never_appear_in_errors() {
        let err = token("sec\nret").unwrap_err();
        assert!(!err.to_string().contains("sec"));
        assert!(token("abc-123").unwrap().is_sensitive());
        assert_eq!(token("  ").unwrap_err().reason(), "must not be empty");
    }
}
