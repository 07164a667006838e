//! The `Headers` of an inbound message: an ordered list whose names repeat.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::events::{ExtraReader, Key, deserialize_keeping_extra, once};

/// One header of an inbound email (an entry of `Headers`).
///
/// ```
/// let header: postmark_webhooks::inbound::Header =
///     serde_json::from_str(r#"{"Name": "X-Spam-Status", "Value": "No"}"#).unwrap();
/// assert_eq!((header.name.as_str(), header.value.as_str()), ("X-Spam-Status", "No"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Header {
    /// The name, as written in the email (`Name`).
    #[serde(rename = "Name")]
    pub name: String,
    /// The value as Postmark sends it: a folded value keeps the tab or
    /// space that continued it; may be empty (`Value`).
    #[serde(rename = "Value")]
    pub value: String,
    /// Fields this version does not name, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_extra!(Header, "a header object", rest extra: ExtraReader,
    required {
        name: "Name",
        value: "Value",
    }
    optional {}
);

/// The headers of an inbound email, in their order. Names repeat
/// (`Received`, `DKIM-Signature`, ...) and are compared without regard to
/// case.
///
/// ```
/// use postmark_webhooks::inbound::Headers;
///
/// let headers: Headers = serde_json::from_str(r#"[
///     {"Name": "Received", "Value": "by mx1"},
///     {"Name": "X-Spam-Score", "Value": "1.7"},
///     {"Name": "RECEIVED", "Value": "by mx2"}
/// ]"#).unwrap();
/// assert_eq!(headers.get("x-spam-score"), Some("1.7"));
/// assert_eq!(headers.get_all("received").collect::<Vec<_>>(), ["by mx1", "by mx2"]);
/// assert_eq!(headers.iter().map(|h| h.name.as_str()).collect::<Vec<_>>(),
///            ["Received", "X-Spam-Score", "RECEIVED"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Headers(Vec<Header>);

impl Headers {
    /// The value of the first header named `name`.
    ///
    /// ```
    /// let headers: postmark_webhooks::inbound::Headers =
    ///     serde_json::from_str(r#"[{"Name": "X-Header-Test", "Value": ""}]"#).unwrap();
    /// assert_eq!(headers.get("X-HEADER-TEST"), Some(""));
    /// assert_eq!(headers.get("X-Other"), None);
    /// ```
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|header| header.name.eq_ignore_ascii_case(name))
            .map(|header| header.value.as_str())
    }

    /// The values of every header named `name`, in order.
    ///
    /// ```
    /// let headers: postmark_webhooks::inbound::Headers =
    ///     serde_json::from_str(r#"[{"Name": "Received", "Value": "a"}]"#).unwrap();
    /// assert_eq!(headers.get_all("Received").count(), 1);
    /// assert_eq!(headers.get_all("Return-Path").count(), 0);
    /// ```
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |header| header.name.eq_ignore_ascii_case(name))
            .map(|header| header.value.as_str())
    }

    /// Every header, in order.
    ///
    /// ```
    /// let headers = postmark_webhooks::inbound::Headers::default();
    /// assert_eq!(headers.iter().count(), 0);
    /// ```
    pub fn iter(&self) -> std::slice::Iter<'_, Header> {
        self.0.iter()
    }

    /// How many headers there are.
    ///
    /// ```
    /// let headers: postmark_webhooks::inbound::Headers =
    ///     serde_json::from_str(r#"[{"Name": "A", "Value": "1"}, {"Name": "A", "Value": "2"}]"#).unwrap();
    /// assert_eq!(headers.len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    ///
    /// ```
    /// assert!(postmark_webhooks::inbound::Headers::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a Headers {
    type Item = &'a Header;
    type IntoIter = std::slice::Iter<'a, Header>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}
