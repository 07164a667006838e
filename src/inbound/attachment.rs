//! An attachment of an inbound message, decoded from base64 when asked.

use std::fmt;

use base64::Engine as _;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::events::{ExtraReader, Key, deserialize_keeping_extra, once};

/// One attachment of an inbound email (an entry of `Attachments`). Its bytes
/// stay base64 text until [`content`](Self::content) decodes them.
///
/// ```
/// let attachment: postmark_webhooks::inbound::Attachment = serde_json::from_str(
///     r#"{"Name": "test.txt", "Content": "dGVzdA==", "ContentType": "text/plain", "ContentLength": 4}"#,
/// ).unwrap();
/// assert_eq!(attachment.name.as_deref(), Some("test.txt"));
/// assert_eq!(attachment.content().unwrap(), b"test");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Attachment {
    /// The file name (`Name`).
    #[serde(rename = "Name", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The bytes, base64-encoded (`Content`).
    #[serde(rename = "Content", skip_serializing_if = "Option::is_none")]
    pub base64_content: Option<String>,
    /// The bytes, base64-encoded, as the dashboard's test payload names
    /// them (`Data`, in place of `Content`).
    #[serde(rename = "Data", skip_serializing_if = "Option::is_none")]
    pub base64_data: Option<String>,
    /// The MIME type (`ContentType`).
    #[serde(rename = "ContentType", skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// The size of the decoded bytes (`ContentLength`).
    #[serde(rename = "ContentLength", skip_serializing_if = "Option::is_none")]
    pub content_length: Option<u64>,
    /// The `Content-ID` an HTML body refers to an inline image by
    /// (`ContentID`); `""` or absent for other attachments.
    #[serde(rename = "ContentID", skip_serializing_if = "Option::is_none")]
    pub content_id: Option<String>,
    /// Fields this version does not name, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_extra!(Attachment, "an attachment object", rest extra: ExtraReader,
    required {}
    optional {
        name: "Name",
        base64_content: "Content",
        base64_data: "Data",
        content_type: "ContentType",
        content_length: "ContentLength",
        content_id: "ContentID",
    }
);

impl Attachment {
    /// The bytes: `Content` (or `Data` when there is no `Content`) decoded
    /// from base64, and checked against `ContentLength` when there is one.
    /// Each call decodes again.
    ///
    /// ```
    /// use postmark_webhooks::inbound::{Attachment, AttachmentError};
    ///
    /// let attachment = |json: &str| serde_json::from_str::<Attachment>(json).unwrap();
    /// assert_eq!(attachment(r#"{"Data": "aGk="}"#).content().unwrap(), b"hi");
    /// assert_eq!(
    ///     attachment(r#"{"Content": "aGk=", "ContentLength": 3}"#).content(),
    ///     Err(AttachmentError::LengthMismatch { declared: 3, decoded: 2 })
    /// );
    /// assert_eq!(attachment(r#"{"Content": "[BASE64]"}"#).content(), Err(AttachmentError::NotBase64));
    /// assert_eq!(attachment(r#"{"Name": "a.txt"}"#).content(), Err(AttachmentError::NoContent));
    /// ```
    pub fn content(&self) -> Result<Vec<u8>, AttachmentError> {
        let encoded = self
            .base64_content
            .as_deref()
            .or(self.base64_data.as_deref())
            .ok_or(AttachmentError::NoContent)?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|_| AttachmentError::NotBase64)?;
        match self.content_length {
            Some(declared) if declared != bytes.len() as u64 => {
                Err(AttachmentError::LengthMismatch {
                    declared,
                    decoded: bytes.len() as u64,
                })
            }
            _ => Ok(bytes),
        }
    }
}

/// Why [`Attachment::content`] has no bytes to give.
///
/// ```
/// use postmark_webhooks::inbound::AttachmentError;
///
/// let err = AttachmentError::LengthMismatch { declared: 8, decoded: 4 };
/// assert_eq!(err.to_string(), "the attachment decodes to 4 bytes, but its ContentLength is 8");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AttachmentError {
    /// The attachment has neither `Content` nor `Data`.
    #[error("the attachment has no Content")]
    NoContent,
    /// `Content` (or `Data`) is not padded standard base64.
    #[error("the attachment's Content is not base64")]
    NotBase64,
    /// The decoded bytes are not as many as `ContentLength` says.
    #[error("the attachment decodes to {decoded} bytes, but its ContentLength is {declared}")]
    LengthMismatch {
        /// `ContentLength`.
        declared: u64,
        /// The number of bytes decoded.
        decoded: u64,
    },
}
