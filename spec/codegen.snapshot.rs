#[allow(unused_imports)]
pub use progenitor_client::{ByteStream, ClientInfo, Error, ResponseValue};
#[allow(unused_imports)]
use progenitor_client::{encode_path, ClientHooks, OperationInfo, RequestBuilderExt};
/// Types used as operation parameters and responses.
#[allow(clippy::all)]
pub mod types {
    ///The body of a create request.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
    pub struct CreateWebhookRequest {
        #[serde(
            rename = "HttpAuth",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub http_auth: ::std::option::Option<crate::model::HttpAuth>,
        ///Custom headers to send with every POST.
        #[serde(
            rename = "HttpHeaders",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub http_headers: ::std::option::Option<
            ::std::vec::Vec<crate::model::HttpHeader>,
        >,
        ///The message stream whose events are posted. Defaults to `outbound`.
        #[serde(
            rename = "MessageStream",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub message_stream: ::std::option::Option<::std::string::String>,
        #[serde(
            rename = "Triggers",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub triggers: ::std::option::Option<crate::triggers::Triggers>,
        ///The absolute http(s) URL that Postmark POSTs events to.
        #[serde(rename = "Url")]
        pub url: ::std::string::String,
        /**Whether Postmark first tests the endpoint. Postmark's default is
`true`: a request without `Verify` is verified.
`true`: Postmark POSTs a test request for each enabled trigger and
saves the webhook only if every one is answered with HTTP 200,
else it answers 422 with ErrorCode 1364 and saves nothing.
`false`: the webhook is saved without a test, `unverified`, and
gets no events until a verification succeeds.
*/
        #[serde(
            rename = "Verify",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub verify: ::std::option::Option<bool>,
    }
    impl CreateWebhookRequest {
        pub fn builder() -> builder::CreateWebhookRequest {
            Default::default()
        }
    }
    ///The answer to a delete request.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
    pub struct DeleteWebhookResponse {
        ///Always 0.
        #[serde(rename = "ErrorCode")]
        pub error_code: i64,
        ///A human-readable confirmation.
        #[serde(rename = "Message")]
        pub message: ::std::string::String,
    }
    impl DeleteWebhookResponse {
        pub fn builder() -> builder::DeleteWebhookResponse {
            Default::default()
        }
    }
    /**The body of an edit request. Every field is optional; what is left
out stays unchanged, and `HttpHeaders: []` removes all headers.
*/
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default)]
    pub struct EditWebhookRequest {
        #[serde(
            rename = "HttpAuth",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub http_auth: ::std::option::Option<crate::model::HttpAuth>,
        ///The new custom headers; `[]` removes them all.
        #[serde(
            rename = "HttpHeaders",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub http_headers: ::std::option::Option<
            ::std::vec::Vec<crate::model::HttpHeader>,
        >,
        #[serde(
            rename = "Triggers",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub triggers: ::std::option::Option<crate::triggers::Triggers>,
        ///The new URL.
        #[serde(rename = "Url", skip_serializing_if = "::std::option::Option::is_none")]
        pub url: ::std::option::Option<::std::string::String>,
        /**Whether Postmark first re-tests the endpoint. Postmark's default
is `true`: an edit without `Verify` is verified.
`true`: Postmark POSTs a test request for each enabled trigger of
the edited webhook and saves the change only if every one is
answered with HTTP 200, else it answers 422 with ErrorCode 1364
and the webhook stays unchanged.
`false`: the change is saved without a test.
*/
        #[serde(
            rename = "Verify",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub verify: ::std::option::Option<bool>,
    }
    impl EditWebhookRequest {
        pub fn builder() -> builder::EditWebhookRequest {
            Default::default()
        }
    }
    /**Postmark's error body. Both fields are always present in Postmark's
own answers; a proxy in between may answer something else.
*/
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default)]
    pub struct PostmarkError {
        ///Postmark's error code.
        #[serde(
            rename = "ErrorCode",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub error_code: ::std::option::Option<i64>,
        ///A human-readable explanation.
        #[serde(
            rename = "Message",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub message: ::std::option::Option<::std::string::String>,
    }
    impl PostmarkError {
        pub fn builder() -> builder::PostmarkError {
            Default::default()
        }
    }
    ///The answer to a list request.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
    pub struct WebhookList {
        ///The webhooks, in no promised order.
        #[serde(
            rename = "Webhooks",
            deserialize_with = "::std::option::Option::deserialize"
        )]
        pub webhooks: ::std::option::Option<::std::vec::Vec<crate::model::Webhook>>,
    }
    impl WebhookList {
        pub fn builder() -> builder::WebhookList {
            Default::default()
        }
    }
    /**Whether a webhook, or one trigger type of it, receives events:
`verified` once a verification succeeded; `unverified` when it was
saved with `Verify: false` or its deliveries kept failing, and then
Postmark sends it no events until a verification succeeds. Set by
Postmark only: sending `Status` is ErrorCode 1363. Open-ended (no
closed enum): known values `verified`, `unverified`.
*/
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        Eq,
        Hash,
        Ord,
        PartialEq,
        PartialOrd
    )]
    #[serde(transparent)]
    pub struct WebhookStatus(pub ::std::string::String);
    impl ::std::ops::Deref for WebhookStatus {
        type Target = ::std::string::String;
        fn deref(&self) -> &::std::string::String {
            &self.0
        }
    }
    impl ::std::convert::From<WebhookStatus> for ::std::string::String {
        fn from(value: WebhookStatus) -> Self {
            value.0
        }
    }
    impl ::std::convert::From<::std::string::String> for WebhookStatus {
        fn from(value: ::std::string::String) -> Self {
            Self(value)
        }
    }
    impl ::std::fmt::Display for WebhookStatus {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            self.0.fmt(f)
        }
    }
    impl ::std::str::FromStr for WebhookStatus {
        type Err = ::std::convert::Infallible;
        fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
            Ok(Self(value.to_string()))
        }
    }
    /// Types for composing complex structures.
    pub mod builder {
        #[derive(Clone, Debug)]
        pub struct CreateWebhookRequest {
            http_auth: ::std::result::Result<
                ::std::option::Option<crate::model::HttpAuth>,
                ::std::string::String,
            >,
            http_headers: ::std::result::Result<
                ::std::option::Option<::std::vec::Vec<crate::model::HttpHeader>>,
                ::std::string::String,
            >,
            message_stream: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            triggers: ::std::result::Result<
                ::std::option::Option<crate::triggers::Triggers>,
                ::std::string::String,
            >,
            url: ::std::result::Result<::std::string::String, ::std::string::String>,
            verify: ::std::result::Result<
                ::std::option::Option<bool>,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for CreateWebhookRequest {
            fn default() -> Self {
                Self {
                    http_auth: Ok(Default::default()),
                    http_headers: Ok(Default::default()),
                    message_stream: Ok(Default::default()),
                    triggers: Ok(Default::default()),
                    url: Err("no value supplied for url".to_string()),
                    verify: Ok(Default::default()),
                }
            }
        }
        impl CreateWebhookRequest {
            pub fn http_auth<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::std::option::Option<crate::model::HttpAuth>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.http_auth = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for http_auth: {e}")
                    });
                self
            }
            pub fn http_headers<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::std::option::Option<::std::vec::Vec<crate::model::HttpHeader>>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.http_headers = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for http_headers: {e}")
                    });
                self
            }
            pub fn message_stream<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.message_stream = value
                    .try_into()
                    .map_err(|e| {
                        format!(
                            "error converting supplied value for message_stream: {e}"
                        )
                    });
                self
            }
            pub fn triggers<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::std::option::Option<crate::triggers::Triggers>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.triggers = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for triggers: {e}")
                    });
                self
            }
            pub fn url<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.url = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for url: {e}")
                    });
                self
            }
            pub fn verify<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<bool>>,
                T::Error: ::std::fmt::Display,
            {
                self.verify = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for verify: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<CreateWebhookRequest>
        for super::CreateWebhookRequest {
            type Error = super::error::ConversionError;
            fn try_from(
                value: CreateWebhookRequest,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    http_auth: value.http_auth?,
                    http_headers: value.http_headers?,
                    message_stream: value.message_stream?,
                    triggers: value.triggers?,
                    url: value.url?,
                    verify: value.verify?,
                })
            }
        }
        impl ::std::convert::From<super::CreateWebhookRequest> for CreateWebhookRequest {
            fn from(value: super::CreateWebhookRequest) -> Self {
                Self {
                    http_auth: Ok(value.http_auth),
                    http_headers: Ok(value.http_headers),
                    message_stream: Ok(value.message_stream),
                    triggers: Ok(value.triggers),
                    url: Ok(value.url),
                    verify: Ok(value.verify),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct DeleteWebhookResponse {
            error_code: ::std::result::Result<i64, ::std::string::String>,
            message: ::std::result::Result<::std::string::String, ::std::string::String>,
        }
        impl ::std::default::Default for DeleteWebhookResponse {
            fn default() -> Self {
                Self {
                    error_code: Err("no value supplied for error_code".to_string()),
                    message: Err("no value supplied for message".to_string()),
                }
            }
        }
        impl DeleteWebhookResponse {
            pub fn error_code<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<i64>,
                T::Error: ::std::fmt::Display,
            {
                self.error_code = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for error_code: {e}")
                    });
                self
            }
            pub fn message<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.message = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for message: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<DeleteWebhookResponse>
        for super::DeleteWebhookResponse {
            type Error = super::error::ConversionError;
            fn try_from(
                value: DeleteWebhookResponse,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    error_code: value.error_code?,
                    message: value.message?,
                })
            }
        }
        impl ::std::convert::From<super::DeleteWebhookResponse>
        for DeleteWebhookResponse {
            fn from(value: super::DeleteWebhookResponse) -> Self {
                Self {
                    error_code: Ok(value.error_code),
                    message: Ok(value.message),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct EditWebhookRequest {
            http_auth: ::std::result::Result<
                ::std::option::Option<crate::model::HttpAuth>,
                ::std::string::String,
            >,
            http_headers: ::std::result::Result<
                ::std::option::Option<::std::vec::Vec<crate::model::HttpHeader>>,
                ::std::string::String,
            >,
            triggers: ::std::result::Result<
                ::std::option::Option<crate::triggers::Triggers>,
                ::std::string::String,
            >,
            url: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            verify: ::std::result::Result<
                ::std::option::Option<bool>,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for EditWebhookRequest {
            fn default() -> Self {
                Self {
                    http_auth: Ok(Default::default()),
                    http_headers: Ok(Default::default()),
                    triggers: Ok(Default::default()),
                    url: Ok(Default::default()),
                    verify: Ok(Default::default()),
                }
            }
        }
        impl EditWebhookRequest {
            pub fn http_auth<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::std::option::Option<crate::model::HttpAuth>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.http_auth = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for http_auth: {e}")
                    });
                self
            }
            pub fn http_headers<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::std::option::Option<::std::vec::Vec<crate::model::HttpHeader>>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.http_headers = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for http_headers: {e}")
                    });
                self
            }
            pub fn triggers<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::std::option::Option<crate::triggers::Triggers>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.triggers = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for triggers: {e}")
                    });
                self
            }
            pub fn url<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.url = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for url: {e}")
                    });
                self
            }
            pub fn verify<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<bool>>,
                T::Error: ::std::fmt::Display,
            {
                self.verify = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for verify: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<EditWebhookRequest> for super::EditWebhookRequest {
            type Error = super::error::ConversionError;
            fn try_from(
                value: EditWebhookRequest,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    http_auth: value.http_auth?,
                    http_headers: value.http_headers?,
                    triggers: value.triggers?,
                    url: value.url?,
                    verify: value.verify?,
                })
            }
        }
        impl ::std::convert::From<super::EditWebhookRequest> for EditWebhookRequest {
            fn from(value: super::EditWebhookRequest) -> Self {
                Self {
                    http_auth: Ok(value.http_auth),
                    http_headers: Ok(value.http_headers),
                    triggers: Ok(value.triggers),
                    url: Ok(value.url),
                    verify: Ok(value.verify),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct PostmarkError {
            error_code: ::std::result::Result<
                ::std::option::Option<i64>,
                ::std::string::String,
            >,
            message: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for PostmarkError {
            fn default() -> Self {
                Self {
                    error_code: Ok(Default::default()),
                    message: Ok(Default::default()),
                }
            }
        }
        impl PostmarkError {
            pub fn error_code<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<i64>>,
                T::Error: ::std::fmt::Display,
            {
                self.error_code = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for error_code: {e}")
                    });
                self
            }
            pub fn message<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.message = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for message: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<PostmarkError> for super::PostmarkError {
            type Error = super::error::ConversionError;
            fn try_from(
                value: PostmarkError,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    error_code: value.error_code?,
                    message: value.message?,
                })
            }
        }
        impl ::std::convert::From<super::PostmarkError> for PostmarkError {
            fn from(value: super::PostmarkError) -> Self {
                Self {
                    error_code: Ok(value.error_code),
                    message: Ok(value.message),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct WebhookList {
            webhooks: ::std::result::Result<
                ::std::option::Option<::std::vec::Vec<crate::model::Webhook>>,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for WebhookList {
            fn default() -> Self {
                Self {
                    webhooks: Err("no value supplied for webhooks".to_string()),
                }
            }
        }
        impl WebhookList {
            pub fn webhooks<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::std::option::Option<::std::vec::Vec<crate::model::Webhook>>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.webhooks = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for webhooks: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<WebhookList> for super::WebhookList {
            type Error = super::error::ConversionError;
            fn try_from(
                value: WebhookList,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self { webhooks: value.webhooks? })
            }
        }
        impl ::std::convert::From<super::WebhookList> for WebhookList {
            fn from(value: super::WebhookList) -> Self {
                Self {
                    webhooks: Ok(value.webhooks),
                }
            }
        }
    }
    /// Error types.
    pub mod error {
        /// Error from a `TryFrom` or `FromStr` implementation.
        pub struct ConversionError(::std::borrow::Cow<'static, str>);
        impl ::std::error::Error for ConversionError {}
        impl ::std::fmt::Display for ConversionError {
            fn fmt(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
            ) -> Result<(), ::std::fmt::Error> {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }
        impl ::std::fmt::Debug for ConversionError {
            fn fmt(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
            ) -> Result<(), ::std::fmt::Error> {
                ::std::fmt::Debug::fmt(&self.0, f)
            }
        }
        impl From<&'static str> for ConversionError {
            fn from(value: &'static str) -> Self {
                Self(value.into())
            }
        }
        impl From<String> for ConversionError {
            fn from(value: String) -> Self {
                Self(value.into())
            }
        }
    }
}
#[derive(Clone, Debug)]
/**Client for Postmark Webhooks API

Manage the webhooks of a Postmark server: the URLs that Postmark POSTs
message events to (opens, clicks, deliveries, bounces, spam complaints
and subscription changes), per message stream.

Every request authenticates with the server's API token in the
`X-Postmark-Server-Token` header and sends `Accept: application/json`;
requests with a body send `Content-Type: application/json`. Postmark
rejects unknown request fields, so requests carry only the fields
described here. Every success is HTTP 200.

Every claim is traceable: each operation, each component schema and each
property carries `x-source`, the URL of the documentation page it comes
from (Postmark's developer documentation, or the webhook guide that
Postmark's owner publishes, ActiveCampaign/postmark-skills), or a list
of such URLs; or `x-unverified`, a one-line reason why it has no primary
source (it was seen in answers or payloads, not documented). Both may
stand together when a documented shape has an undocumented detail.
`cargo xtask check-spec` (rule `source`) fails when one has neither.


Version: 1.0.0*/
pub struct Client {
    pub(crate) baseurl: String,
    pub(crate) client: reqwest::Client,
    pub(crate) inner: crate::transport::Transport,
}
impl Client {
    /// Create a new client.
    ///
    /// `baseurl` is the base URL provided to the internal
    /// `reqwest::Client`, and should include a scheme and hostname,
    /// as well as port and a path stem if applicable.
    pub fn new(baseurl: &str, inner: crate::transport::Transport) -> Self {
        #[cfg(not(target_arch = "wasm32"))]
        let client = {
            let dur = ::std::time::Duration::from_secs(15u64);
            reqwest::ClientBuilder::new().connect_timeout(dur).timeout(dur)
        };
        #[cfg(target_arch = "wasm32")]
        let client = reqwest::ClientBuilder::new();
        Self::new_with_client(baseurl, client.build().unwrap(), inner)
    }
    /// Construct a new client with an existing `reqwest::Client`,
    /// allowing more control over its configuration.
    ///
    /// `baseurl` is the base URL provided to the internal
    /// `reqwest::Client`, and should include a scheme and hostname,
    /// as well as port and a path stem if applicable.
    pub fn new_with_client(
        baseurl: &str,
        client: reqwest::Client,
        inner: crate::transport::Transport,
    ) -> Self {
        Self {
            baseurl: baseurl.to_string(),
            client,
            inner,
        }
    }
}
impl ClientInfo<crate::transport::Transport> for Client {
    fn api_version() -> &'static str {
        "1.0.0"
    }
    fn baseurl(&self) -> &str {
        self.baseurl.as_str()
    }
    fn client(&self) -> &reqwest::Client {
        &self.client
    }
    fn inner(&self) -> &crate::transport::Transport {
        &self.inner
    }
}
const _: () = {
    #[allow(dead_code)]
    fn assert_client_hooks()
    where
        Client: ClientHooks<crate::transport::Transport>,
    {}
};
impl Client {
    /**List the webhooks of the server, or of one message stream

Without `MessageStream`, returns every webhook of the server. There is
no paging. An unknown message stream is an error, not an empty list.


Sends a `GET` request to `/webhooks`

Arguments:
- `message_stream`: Only return the webhooks of this message stream.
```ignore
let response = client.list_webhooks()
    .message_stream(message_stream)
    .send()
    .await;
```*/
    pub fn list_webhooks(&self) -> builder::ListWebhooks<'_> {
        builder::ListWebhooks::new(self)
    }
    /**Create a webhook

Only `Url` is required. `MessageStream` defaults to `outbound`; a
trigger left out of `Triggers` takes Postmark's default (disabled).
Unless `Verify` is `false`, Postmark first tests every enabled trigger
and saves nothing when one test is not answered with HTTP 200
(422, ErrorCode 1364).


Sends a `POST` request to `/webhooks`

```ignore
let response = client.create_webhook()
    .body(body)
    .send()
    .await;
```*/
    pub fn create_webhook(&self) -> builder::CreateWebhook<'_> {
        builder::CreateWebhook::new(self)
    }
    /**Get one webhook

Sends a `GET` request to `/webhooks/{id}`

Arguments:
- `id`: The webhook's ID.
```ignore
let response = client.get_webhook()
    .id(id)
    .send()
    .await;
```*/
    pub fn get_webhook(&self) -> builder::GetWebhook<'_> {
        builder::GetWebhook::new(self)
    }
    /**Edit a webhook

Every field is optional: a field or trigger that is left out (or
`null`) stays as it is. `HttpHeaders: []` removes all custom headers.
`ID` and `MessageStream` cannot change (ErrorCode 1357). Unless
`Verify` is `false`, Postmark re-tests every enabled trigger and, when
one test is not answered with HTTP 200, rejects the edit (422,
ErrorCode 1364) and leaves the webhook unchanged.


Sends a `PUT` request to `/webhooks/{id}`

Arguments:
- `id`: The webhook's ID.
- `body`
```ignore
let response = client.edit_webhook()
    .id(id)
    .body(body)
    .send()
    .await;
```*/
    pub fn edit_webhook(&self) -> builder::EditWebhook<'_> {
        builder::EditWebhook::new(self)
    }
    /**Delete a webhook

Sends a `DELETE` request to `/webhooks/{id}`

Arguments:
- `id`: The webhook's ID.
```ignore
let response = client.delete_webhook()
    .id(id)
    .send()
    .await;
```*/
    pub fn delete_webhook(&self) -> builder::DeleteWebhook<'_> {
        builder::DeleteWebhook::new(self)
    }
    /**Send a test request for each enabled trigger and report the answers

Postmark POSTs a test request for every enabled trigger now. HTTP 200
means the check ran, not that it passed: `Success` is true only when
every test was answered with HTTP 200, and `Results` says which were
not. A webhook or trigger type left unverified gets events again once
a verification succeeds.


Sends a `POST` request to `/webhooks/{id}/verify`

Arguments:
- `id`: The webhook's ID.
```ignore
let response = client.verify_webhook()
    .id(id)
    .send()
    .await;
```*/
    pub fn verify_webhook(&self) -> builder::VerifyWebhook<'_> {
        builder::VerifyWebhook::new(self)
    }
    /**Get the delivery statistics of a webhook over the last 24 hours

One webhook per call. The window is a fixed rolling 24 hours; there
are no filters. `Statuses` shows which trigger types are verified:
a trigger type whose deliveries kept failing is `unverified`, and
Postmark pauses it (the other trigger types keep flowing) until the
webhook is verified again.


Sends a `GET` request to `/webhooks/{id}/statistics`

Arguments:
- `id`: The webhook's ID.
```ignore
let response = client.get_webhook_statistics()
    .id(id)
    .send()
    .await;
```*/
    pub fn get_webhook_statistics(&self) -> builder::GetWebhookStatistics<'_> {
        builder::GetWebhookStatistics::new(self)
    }
}
/// Types for composing operation parameters.
#[allow(clippy::all)]
pub mod builder {
    use super::types;
    #[allow(unused_imports)]
    use super::{
        encode_path, ByteStream, ClientInfo, ClientHooks, Error, OperationInfo,
        RequestBuilderExt, ResponseValue,
    };
    /**Builder for [`Client::list_webhooks`]

[`Client::list_webhooks`]: super::Client::list_webhooks*/
    #[derive(Debug, Clone)]
    pub struct ListWebhooks<'a> {
        client: &'a super::Client,
        message_stream: Result<Option<::std::string::String>, String>,
    }
    impl<'a> ListWebhooks<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                message_stream: Ok(None),
            }
        }
        pub fn message_stream<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<::std::string::String>,
        {
            self.message_stream = value
                .try_into()
                .map(Some)
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for message_stream failed"
                        .to_string()
                });
            self
        }
        ///Sends a `GET` request to `/webhooks`
        pub async fn send(
            self,
        ) -> Result<ResponseValue<types::WebhookList>, Error<types::PostmarkError>> {
            let Self { client, message_stream } = self;
            let message_stream = message_stream.map_err(Error::InvalidRequest)?;
            let url = format!("{}/webhooks", client.baseurl,);
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            #[allow(unused_mut)]
            let mut request = client
                .client
                .get(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .query(
                    &progenitor_client::QueryParam::new("MessageStream", &message_stream),
                )
                .headers(header_map)
                .build()?;
            let info = OperationInfo {
                operation_id: "list_webhooks",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                200u16 => ResponseValue::from_response(response).await,
                400u16..=499u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                500u16..=599u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
    /**Builder for [`Client::create_webhook`]

[`Client::create_webhook`]: super::Client::create_webhook*/
    #[derive(Debug, Clone)]
    pub struct CreateWebhook<'a> {
        client: &'a super::Client,
        body: Result<types::builder::CreateWebhookRequest, String>,
    }
    impl<'a> CreateWebhook<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                body: Ok(::std::default::Default::default()),
            }
        }
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<types::CreateWebhookRequest>,
            <V as std::convert::TryInto<
                types::CreateWebhookRequest,
            >>::Error: std::fmt::Display,
        {
            self.body = value
                .try_into()
                .map(From::from)
                .map_err(|s| {
                    format!(
                        "conversion to `CreateWebhookRequest` for body failed: {}", s
                    )
                });
            self
        }
        pub fn body_map<F>(mut self, f: F) -> Self
        where
            F: std::ops::FnOnce(
                types::builder::CreateWebhookRequest,
            ) -> types::builder::CreateWebhookRequest,
        {
            self.body = self.body.map(f);
            self
        }
        ///Sends a `POST` request to `/webhooks`
        pub async fn send(
            self,
        ) -> Result<ResponseValue<crate::model::Webhook>, Error<types::PostmarkError>> {
            let Self { client, body } = self;
            let body = body
                .and_then(|v| {
                    types::CreateWebhookRequest::try_from(v).map_err(|e| e.to_string())
                })
                .map_err(Error::InvalidRequest)?;
            let url = format!("{}/webhooks", client.baseurl,);
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            #[allow(unused_mut)]
            let mut request = client
                .client
                .post(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .json(&body)
                .headers(header_map)
                .build()?;
            let info = OperationInfo {
                operation_id: "create_webhook",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                200u16 => ResponseValue::from_response(response).await,
                400u16..=499u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                500u16..=599u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
    /**Builder for [`Client::get_webhook`]

[`Client::get_webhook`]: super::Client::get_webhook*/
    #[derive(Debug, Clone)]
    pub struct GetWebhook<'a> {
        client: &'a super::Client,
        id: Result<i64, String>,
    }
    impl<'a> GetWebhook<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                id: Err("id was not initialized".to_string()),
            }
        }
        pub fn id<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<i64>,
        {
            self.id = value
                .try_into()
                .map_err(|_| "conversion to `i64` for id failed".to_string());
            self
        }
        ///Sends a `GET` request to `/webhooks/{id}`
        pub async fn send(
            self,
        ) -> Result<ResponseValue<crate::model::Webhook>, Error<types::PostmarkError>> {
            let Self { client, id } = self;
            let id = id.map_err(Error::InvalidRequest)?;
            let url = format!(
                "{}/webhooks/{}", client.baseurl, encode_path(& id.to_string()),
            );
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            #[allow(unused_mut)]
            let mut request = client
                .client
                .get(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .headers(header_map)
                .build()?;
            let info = OperationInfo {
                operation_id: "get_webhook",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                200u16 => ResponseValue::from_response(response).await,
                400u16..=499u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                500u16..=599u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
    /**Builder for [`Client::edit_webhook`]

[`Client::edit_webhook`]: super::Client::edit_webhook*/
    #[derive(Debug, Clone)]
    pub struct EditWebhook<'a> {
        client: &'a super::Client,
        id: Result<i64, String>,
        body: Result<types::builder::EditWebhookRequest, String>,
    }
    impl<'a> EditWebhook<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                id: Err("id was not initialized".to_string()),
                body: Ok(::std::default::Default::default()),
            }
        }
        pub fn id<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<i64>,
        {
            self.id = value
                .try_into()
                .map_err(|_| "conversion to `i64` for id failed".to_string());
            self
        }
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<types::EditWebhookRequest>,
            <V as std::convert::TryInto<
                types::EditWebhookRequest,
            >>::Error: std::fmt::Display,
        {
            self.body = value
                .try_into()
                .map(From::from)
                .map_err(|s| {
                    format!("conversion to `EditWebhookRequest` for body failed: {}", s)
                });
            self
        }
        pub fn body_map<F>(mut self, f: F) -> Self
        where
            F: std::ops::FnOnce(
                types::builder::EditWebhookRequest,
            ) -> types::builder::EditWebhookRequest,
        {
            self.body = self.body.map(f);
            self
        }
        ///Sends a `PUT` request to `/webhooks/{id}`
        pub async fn send(
            self,
        ) -> Result<ResponseValue<crate::model::Webhook>, Error<types::PostmarkError>> {
            let Self { client, id, body } = self;
            let id = id.map_err(Error::InvalidRequest)?;
            let body = body
                .and_then(|v| {
                    types::EditWebhookRequest::try_from(v).map_err(|e| e.to_string())
                })
                .map_err(Error::InvalidRequest)?;
            let url = format!(
                "{}/webhooks/{}", client.baseurl, encode_path(& id.to_string()),
            );
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            #[allow(unused_mut)]
            let mut request = client
                .client
                .put(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .json(&body)
                .headers(header_map)
                .build()?;
            let info = OperationInfo {
                operation_id: "edit_webhook",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                200u16 => ResponseValue::from_response(response).await,
                400u16..=499u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                500u16..=599u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
    /**Builder for [`Client::delete_webhook`]

[`Client::delete_webhook`]: super::Client::delete_webhook*/
    #[derive(Debug, Clone)]
    pub struct DeleteWebhook<'a> {
        client: &'a super::Client,
        id: Result<i64, String>,
    }
    impl<'a> DeleteWebhook<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                id: Err("id was not initialized".to_string()),
            }
        }
        pub fn id<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<i64>,
        {
            self.id = value
                .try_into()
                .map_err(|_| "conversion to `i64` for id failed".to_string());
            self
        }
        ///Sends a `DELETE` request to `/webhooks/{id}`
        pub async fn send(
            self,
        ) -> Result<
            ResponseValue<types::DeleteWebhookResponse>,
            Error<types::PostmarkError>,
        > {
            let Self { client, id } = self;
            let id = id.map_err(Error::InvalidRequest)?;
            let url = format!(
                "{}/webhooks/{}", client.baseurl, encode_path(& id.to_string()),
            );
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            #[allow(unused_mut)]
            let mut request = client
                .client
                .delete(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .headers(header_map)
                .build()?;
            let info = OperationInfo {
                operation_id: "delete_webhook",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                200u16 => ResponseValue::from_response(response).await,
                400u16..=499u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                500u16..=599u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
    /**Builder for [`Client::verify_webhook`]

[`Client::verify_webhook`]: super::Client::verify_webhook*/
    #[derive(Debug, Clone)]
    pub struct VerifyWebhook<'a> {
        client: &'a super::Client,
        id: Result<i64, String>,
    }
    impl<'a> VerifyWebhook<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                id: Err("id was not initialized".to_string()),
            }
        }
        pub fn id<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<i64>,
        {
            self.id = value
                .try_into()
                .map_err(|_| "conversion to `i64` for id failed".to_string());
            self
        }
        ///Sends a `POST` request to `/webhooks/{id}/verify`
        pub async fn send(
            self,
        ) -> Result<
            ResponseValue<crate::verification::WebhookVerification>,
            Error<types::PostmarkError>,
        > {
            let Self { client, id } = self;
            let id = id.map_err(Error::InvalidRequest)?;
            let url = format!(
                "{}/webhooks/{}/verify", client.baseurl, encode_path(& id.to_string()),
            );
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            #[allow(unused_mut)]
            let mut request = client
                .client
                .post(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .headers(header_map)
                .build()?;
            let info = OperationInfo {
                operation_id: "verify_webhook",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                200u16 => ResponseValue::from_response(response).await,
                400u16..=499u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                500u16..=599u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
    /**Builder for [`Client::get_webhook_statistics`]

[`Client::get_webhook_statistics`]: super::Client::get_webhook_statistics*/
    #[derive(Debug, Clone)]
    pub struct GetWebhookStatistics<'a> {
        client: &'a super::Client,
        id: Result<i64, String>,
    }
    impl<'a> GetWebhookStatistics<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                id: Err("id was not initialized".to_string()),
            }
        }
        pub fn id<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<i64>,
        {
            self.id = value
                .try_into()
                .map_err(|_| "conversion to `i64` for id failed".to_string());
            self
        }
        ///Sends a `GET` request to `/webhooks/{id}/statistics`
        pub async fn send(
            self,
        ) -> Result<
            ResponseValue<crate::statistics::WebhookStatistics>,
            Error<types::PostmarkError>,
        > {
            let Self { client, id } = self;
            let id = id.map_err(Error::InvalidRequest)?;
            let url = format!(
                "{}/webhooks/{}/statistics", client.baseurl, encode_path(& id
                .to_string()),
            );
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            #[allow(unused_mut)]
            let mut request = client
                .client
                .get(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .headers(header_map)
                .build()?;
            let info = OperationInfo {
                operation_id: "get_webhook_statistics",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                200u16 => ResponseValue::from_response(response).await,
                400u16..=499u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                500u16..=599u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
}
/// Items consumers will typically use such as the Client.
pub mod prelude {
    pub use self::super::Client;
}
