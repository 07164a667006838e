//! The `Date` of an inbound message: RFC 2822-style text, read where it can be.

use std::fmt;

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The `Date` header of an inbound email: the text as Postmark sent it, and
/// its date and time when the text can be read.
///
/// The text is RFC 2822-style, but not always valid: a trailing comment
/// (`+0000 (UTC)`) is skipped, an offset with a colon (`-04:00`, in
/// Postmark's own example) is read as without, and the day of the week is
/// not read (so a wrong one, as in another of Postmark's examples, does not
/// matter). Text that cannot be read is
/// kept, with no date and time: a message is never refused for its `Date`.
/// It serializes back to its text.
///
/// ```
/// use postmark_webhooks::inbound::EmailDate;
///
/// let date = EmailDate::new("Mon, 26 May 2025 08:34:50 +0530 (IST)");
/// assert_eq!(date.as_str(), "Mon, 26 May 2025 08:34:50 +0530 (IST)");
/// assert_eq!(date.to_utc().unwrap().to_rfc3339(), "2025-05-26T03:04:50+00:00");
/// // 5 April 2025 was a Saturday.
/// assert_eq!(EmailDate::new("Thu, 5 Apr 2025 16:59:01 +0200").to_utc().unwrap().to_rfc3339(),
///            "2025-04-05T14:59:01+00:00");
/// assert_eq!(EmailDate::new("yesterday").date_time(), None);
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct EmailDate {
    text: String,
    date_time: Option<DateTime<FixedOffset>>,
}

impl EmailDate {
    /// The date of this text.
    ///
    /// ```
    /// let date = postmark_webhooks::inbound::EmailDate::new("Fri, 1 Aug 2014 16:45:32 -04:00");
    /// assert_eq!(date.date_time().unwrap().offset().local_minus_utc(), -4 * 3600);
    /// ```
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let date_time = parse(&text);
        Self { text, date_time }
    }

    /// The text as Postmark sent it.
    ///
    /// ```
    /// let date = postmark_webhooks::inbound::EmailDate::new("Thu, 5 Apr 2012 16:59:01 +0200");
    /// assert_eq!(date.as_str(), "Thu, 5 Apr 2012 16:59:01 +0200");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The date and time with the text's offset, if the text could be read.
    ///
    /// ```
    /// let date = postmark_webhooks::inbound::EmailDate::new("Wed, 05 Jul 2023 22:27:31 +0000 (UTC)");
    /// assert_eq!(date.date_time().unwrap().to_rfc3339(), "2023-07-05T22:27:31+00:00");
    /// ```
    pub fn date_time(&self) -> Option<DateTime<FixedOffset>> {
        self.date_time
    }

    /// The date and time in UTC, if the text could be read.
    ///
    /// ```
    /// let date = postmark_webhooks::inbound::EmailDate::new("Sat, 27 May 2023 09:15:47 -0400");
    /// assert_eq!(date.to_utc().unwrap().to_rfc3339(), "2023-05-27T13:15:47+00:00");
    /// ```
    pub fn to_utc(&self) -> Option<DateTime<Utc>> {
        self.date_time.map(|d| d.with_timezone(&Utc))
    }
}

/// RFC 2822 text, without its day of the week and a trailing `(comment)`,
/// and with an offset's colon taken out.
fn parse(text: &str) -> Option<DateTime<FixedOffset>> {
    let mut text = text.trim();
    if text.ends_with(')')
        && let Some(open) = text.rfind('(')
    {
        text = text[..open].trim_end();
    }
    if let Some((day, rest)) = text.split_once(',')
        && day.len() == 3
        && day.bytes().all(|b| b.is_ascii_alphabetic())
    {
        text = rest.trim_start();
    }
    if let Ok(date_time) = DateTime::parse_from_rfc2822(text) {
        return Some(date_time);
    }
    let (rest, offset) = text.rsplit_once(' ')?;
    let bytes = offset.as_bytes();
    if bytes.len() == 6 && matches!(bytes[0], b'+' | b'-') && bytes[3] == b':' {
        let joined = format!("{rest} {}{}", &offset[..3], &offset[4..]);
        return DateTime::parse_from_rfc2822(&joined).ok();
    }
    None
}

impl fmt::Debug for EmailDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}

impl fmt::Display for EmailDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for EmailDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for EmailDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}
