//! Timestamps as Postmark writes them, keeping the text it sent.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Deserializer, Serialize};

/// An ISO 8601 / RFC 3339 timestamp, with the text Postmark sent (in events
/// and in webhook statistics).
///
/// Postmark writes up to seven fractional digits and either `Z` or an offset
/// (`2016-04-27T16:28:50.3963933-04:00`). The parsed value keeps nanosecond
/// precision and the offset; the original text is kept too, so a value
/// serializes back to exactly what was received. Two timestamps are equal when
/// their texts are; they order by instant.
///
/// ```
/// use postmark_webhooks::Timestamp;
///
/// let at: Timestamp = "2019-11-05T16:33:54.9070259Z".parse().unwrap();
/// assert_eq!(at.as_str(), "2019-11-05T16:33:54.9070259Z");
/// assert_eq!(at.date_time().timestamp_subsec_nanos(), 907_025_900);
/// let offset: Timestamp = "2019-11-05T12:33:54.9070259-04:00".parse().unwrap();
/// assert_eq!(offset.to_utc(), at.to_utc());
/// assert!("2019-11-05 nope".parse::<Timestamp>().is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    text: String,
    date_time: DateTime<FixedOffset>,
}

impl Timestamp {
    /// The text as Postmark sent it.
    ///
    /// ```
    /// let at: postmark_webhooks::Timestamp = "2022-09-02T14:31:09Z".parse().unwrap();
    /// assert_eq!(at.as_str(), "2022-09-02T14:31:09Z");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The date and time with the offset Postmark sent.
    ///
    /// ```
    /// let at: postmark_webhooks::Timestamp =
    ///     "2014-08-01T13:28:10.2735393-04:00".parse().unwrap();
    /// assert_eq!(at.date_time().offset().local_minus_utc(), -4 * 3600);
    /// ```
    pub fn date_time(&self) -> DateTime<FixedOffset> {
        self.date_time
    }

    /// The date and time in UTC.
    ///
    /// ```
    /// let at: postmark_webhooks::Timestamp =
    ///     "2014-08-01T13:28:10-04:00".parse().unwrap();
    /// assert_eq!(at.to_utc().to_rfc3339(), "2014-08-01T17:28:10+00:00");
    /// ```
    pub fn to_utc(&self) -> DateTime<Utc> {
        self.date_time.with_timezone(&Utc)
    }
}

impl FromStr for Timestamp {
    type Err = chrono::ParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let date_time = DateTime::parse_from_rfc3339(text)?;
        Ok(Self {
            text: text.to_string(),
            date_time,
        })
    }
}

/// Formats the date and time as RFC 3339 with as many fractional digits as
/// needed.
impl From<DateTime<FixedOffset>> for Timestamp {
    fn from(date_time: DateTime<FixedOffset>) -> Self {
        Self {
            text: date_time.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
            date_time,
        }
    }
}

/// Formats the date and time as RFC 3339 in UTC (`Z`), with as many
/// fractional digits as needed.
impl From<DateTime<Utc>> for Timestamp {
    fn from(date_time: DateTime<Utc>) -> Self {
        Self::from(date_time.fixed_offset())
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// By instant, then by text (so that the order agrees with `Eq`).
impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.date_time
            .cmp(&other.date_time)
            .then_with(|| self.text.cmp(&other.text))
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Timestamp").field(&self.text).finish()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = Timestamp;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp such as \"2019-11-05T16:33:54.9070259Z\"")
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Timestamp, E> {
                value.parse().map_err(|e| {
                    E::custom(format_args!(
                        "invalid timestamp {value:?} ({e}); expected RFC 3339 such as \
                         \"2019-11-05T16:33:54.9070259Z\""
                    ))
                })
            }
        }

        deserializer.deserialize_str(Visitor)
    }
}
