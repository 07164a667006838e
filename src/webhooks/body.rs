//! What create and edit send: one body, checked and redacted in one place,
//! and the five settings both builders share.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::InvalidInput;
use crate::model::{HttpAuth, HttpHeader};
use crate::redact::RedactedOptionUrl;
use crate::triggers::Triggers;
use crate::validate;

/// The body of a create or an edit, in Postmark's JSON; what is `None` is
/// left out. The generated client sends it as it is (through [`Shared`]),
/// and the mock reads requests into it, refusing unknown fields as Postmark
/// does. `Debug` hides URL credentials (and, through their own `Debug`,
/// passwords and header values).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub(crate) struct Body {
    /// Credentials; empty ones remove them on edit.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "HttpAuth::deserialize_strict"
    )]
    pub(crate) http_auth: Option<HttpAuth>,
    /// The custom headers, as a whole; `[]` removes them on edit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) http_headers: Option<Vec<HttpHeader>>,
    /// Create only: a webhook's stream cannot change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) message_stream: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) triggers: Option<Triggers>,
    /// Required on create, where `Webhooks::create` always sets it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) verify: Option<bool>,
}

/// The body of one call, shared by its attempts: handing it to an attempt
/// copies a pointer. The generated client takes it for both the create and
/// the edit request body (`codegen/settings.rs`).
pub(crate) type Shared = Arc<Body>;

impl Body {
    /// The URL, the message stream, the credentials and the custom headers,
    /// checked before anything is sent.
    pub(crate) fn check(&self) -> Result<(), InvalidInput> {
        validate::webhook_settings(
            "url",
            self.url.as_deref(),
            self.message_stream.as_deref(),
            self.http_auth.as_ref(),
            self.http_headers.as_deref().unwrap_or_default(),
        )
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Body")
            .field("url", &RedactedOptionUrl(self.url.as_deref()))
            .field("message_stream", &self.message_stream)
            .field("http_auth", &self.http_auth)
            .field("http_headers", &self.http_headers)
            .field("triggers", &self.triggers)
            .field("verify", &self.verify)
            .finish()
    }
}

/// The five settings of a builder with a `body: Body` field, with examples
/// that start from `$start` (a call on `client.webhooks()`).
macro_rules! body_settings {
    ($builder:ident, $start:literal) => {
        impl $builder<'_> {
            /// HTTP Basic credentials for Postmark to send with every POST;
            /// on edit they replace the old ones.
            ///
            /// ```no_run
            /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
            #[doc = concat!("client.webhooks().", $start, ".http_auth(\"user\", \"secret\").await?;")]
            /// # Ok(())
            /// # }
            /// ```
            pub fn http_auth(
                mut self,
                username: impl Into<String>,
                password: impl Into<String>,
            ) -> Self {
                self.body.http_auth = Some($crate::HttpAuth::new(username, password));
                self
            }

            /// Adds a custom header for Postmark to send with every POST. The
            /// headers sent replace the webhook's headers as a whole.
            ///
            /// ```no_run
            /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
            #[doc = concat!("client.webhooks().", $start)]
            ///     .http_header("X-Webhook-Secret", "shared-secret")
            ///     .http_header("X-Source", "postmark")
            ///     .await?;
            /// # Ok(())
            /// # }
            /// ```
            pub fn http_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.body
                    .http_headers
                    .get_or_insert_with(Vec::new)
                    .push($crate::HttpHeader::new(name, value));
                self
            }

            /// Sets all custom headers at once, replacing any added before.
            ///
            /// ```no_run
            /// use postmark_webhooks::HttpHeader;
            /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
            #[doc = concat!("client.webhooks().", $start)]
            ///     .http_headers([HttpHeader::new("X-Webhook-Secret", "shared-secret")])
            ///     .await?;
            /// # Ok(())
            /// # }
            /// ```
            pub fn http_headers(
                mut self,
                headers: impl IntoIterator<Item = $crate::HttpHeader>,
            ) -> Self {
                self.body.http_headers = Some(headers.into_iter().collect());
                self
            }

            /// The triggers to enable or disable. A trigger that is not
            /// named takes Postmark's default (disabled) on create and stays
            /// as it is on edit.
            ///
            /// ```no_run
            /// use postmark_webhooks::triggers::{Delivery, Triggers};
            /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
            #[doc = concat!("client.webhooks().", $start)]
            ///     .triggers(Triggers::new().delivery(Delivery::enabled()))
            ///     .await?;
            /// # Ok(())
            /// # }
            /// ```
            pub fn triggers(mut self, triggers: $crate::triggers::Triggers) -> Self {
                self.body.triggers = Some(triggers);
                self
            }

            /// Whether Postmark first POSTs a test request for each enabled
            /// trigger and saves only if the receiver answers each with HTTP
            /// 200 (else
            /// [`ErrorCode::VerificationFailed`](crate::ErrorCode::VerificationFailed)).
            /// Left out, Postmark verifies.
            ///
            /// ```no_run
            /// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
            #[doc = concat!("client.webhooks().", $start, ".verify(true).await?;")]
            /// # Ok(())
            /// # }
            /// ```
            pub fn verify(mut self, verify: bool) -> Self {
                self.body.verify = Some(verify);
                self
            }
        }
    };
}
pub(super) use body_settings;
