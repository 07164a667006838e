//! Helpers that keep secrets out of `Debug` output.

use std::fmt;

/// What `Debug` shows in place of a secret.
pub(crate) const REDACTED: Redacted = Redacted;

/// Debug-prints as `"<redacted>"`.
#[derive(Clone, Copy)]
pub(crate) struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

/// Debug-prints an http(s) URL with any embedded credentials, query and
/// fragment replaced (webhook URLs often carry a secret as `?token=…`);
/// anything else is hidden whole, since it may hold anything.
pub(crate) struct RedactedUrl<'a>(pub(crate) &'a str);

impl fmt::Debug for RedactedUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match redact_url(self.0) {
            Ok(url) => fmt::Debug::fmt(&url, f),
            Err(hidden) => write!(f, "\"{hidden}\""),
        }
    }
}

/// An http(s) URL with any embedded credentials, query and fragment
/// replaced by `REDACTED`; for anything else, the words to show in its place.
pub(crate) fn redact_url(text: &str) -> Result<String, &'static str> {
    match reqwest::Url::parse(text) {
        // Anything but http(s) may be a mistyped URL such as
        // `user:pass@host/path` (scheme `user`): hide it whole.
        Ok(url) if !matches!(url.scheme(), "http" | "https") => Err("<non-http URL, hidden>"),
        Ok(url) => Ok(redact_parsed_url(url)),
        Err(_) => Err("<unparsable URL, hidden>"),
    }
}

/// [`redact_url`] of a URL already parsed.
pub(crate) fn redact_parsed_url(mut url: reqwest::Url) -> String {
    if !url.username().is_empty() || url.password().is_some() {
        // Both setters only fail for URLs that cannot carry credentials,
        // which these already do.
        let _ = url.set_username("REDACTED");
        let _ = url.set_password(None);
    }
    if url.query().is_some() {
        url.set_query(Some("REDACTED"));
    }
    if url.fragment().is_some() {
        url.set_fragment(Some("REDACTED"));
    }
    url.into()
}

/// Debug-prints an optional URL through [`RedactedUrl`].
pub(crate) struct RedactedOptionUrl<'a>(pub(crate) Option<&'a str>);

impl fmt::Debug for RedactedOptionUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(url) => f.debug_tuple("Some").field(&RedactedUrl(url)).finish(),
            None => f.write_str("None"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_credentials_are_hidden() {
        let shown = format!(
            "{:?}",
            RedactedUrl("https://user:hunter2@example.com/hook?a=1")
        );
        assert_eq!(shown, "\"https://REDACTED@example.com/hook?REDACTED\"");
        let shown = format!("{:?}", RedactedUrl("https://example.com/hook"));
        assert_eq!(shown, "\"https://example.com/hook\"");
        let shown = format!("{:?}", RedactedUrl("not a url user:hunter2@"));
        assert!(!shown.contains("hunter2"));
        let shown = format!("{:?}", RedactedOptionUrl(Some("http://a:b@h/")));
        assert_eq!(shown, "Some(\"http://REDACTED@h/\")");
    }
}
