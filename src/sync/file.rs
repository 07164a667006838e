//! The desired-state file: Postmark's own `{"Webhooks": [...]}` shape in
//! JSON, YAML or TOML, with `${NAME}` references expanded and every entry
//! checked before anything is sent.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use super::env::{self, ExpandError};
use crate::error::InvalidInput;
use crate::model::{HttpAuth, HttpHeader, null_as_default};
use crate::redact::RedactedUrl;
use crate::triggers::Triggers;
use crate::validate;

/// The message stream of an entry that names none, as on Postmark's create.
///
/// ```
/// let hook = postmark_webhooks::sync::DesiredWebhook::new("https://example.com/hook");
/// assert_eq!(hook.message_stream, postmark_webhooks::sync::DEFAULT_MESSAGE_STREAM);
/// ```
pub const DEFAULT_MESSAGE_STREAM: &str = "outbound";

/// The syntax of a desired-state file.
///
/// ```
/// use std::path::Path;
/// use postmark_webhooks::sync::Format;
///
/// assert_eq!(Format::from_path(Path::new("webhooks.yml")), Some(Format::Yaml));
/// assert_eq!(Format::from_path(Path::new("webhooks.TOML")), Some(Format::Toml));
/// assert_eq!(Format::from_path(Path::new("webhooks.txt")), None);
/// assert_eq!("json".parse::<Format>(), Ok(Format::Json));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// JSON.
    Json,
    /// YAML.
    Yaml,
    /// TOML: `[[Webhooks]]` tables.
    Toml,
}

impl Format {
    /// The format a file name's extension names: `.json`, `.yaml` or `.yml`,
    /// `.toml` (any letter case).
    ///
    /// ```
    /// # use postmark_webhooks::sync::Format;
    /// assert_eq!(Format::from_path("hooks.json".as_ref()), Some(Format::Json));
    /// ```
    pub fn from_path(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "json" => Some(Self::Json),
            "yaml" | "yml" => Some(Self::Yaml),
            "toml" => Some(Self::Toml),
            _ => None,
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "json" => Ok(Self::Json),
            "yaml" | "yml" => Ok(Self::Yaml),
            "toml" => Ok(Self::Toml),
            _ => Err(format!("`{s}` is not a format: use json, yaml or toml")),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Json => "json",
            Self::Yaml => "yaml",
            Self::Toml => "toml",
        })
    }
}

/// The webhooks a server should have: the whole of each message stream the
/// file names.
///
/// Read it with [`DesiredState::read`] or [`DesiredState::parse`]; both
/// expand `${NAME}` references, refuse unknown fields and duplicate
/// identities, and check every entry as the client would before sending.
///
/// ```
/// use postmark_webhooks::sync::{DesiredState, Format};
///
/// let yaml = r#"
/// Webhooks:
///   - Url: https://example.com/postmark
///     HttpAuth: {Username: postmark, Password: "${HOOK_PASSWORD}"}
///     Triggers:
///       Bounce: {Enabled: true, IncludeContent: false}
/// "#;
/// let env = |name: &str| (name == "HOOK_PASSWORD").then(|| "s3cr3t".to_owned());
/// let desired = DesiredState::parse(yaml, Format::Yaml, &env)?;
/// let hook = &desired.webhooks[0];
/// assert_eq!(hook.message_stream, "outbound");
/// assert_eq!(hook.http_auth.as_ref().unwrap().password, "s3cr3t");
/// # Ok::<(), postmark_webhooks::sync::FileError>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DesiredState {
    /// The server's `InboundHookUrl` (where Postmark POSTs inbound email),
    /// set through `PUT /server`; `None` leaves the server's setting alone,
    /// and `Some("")` (the file's `InboundHookUrl: ""`) removes it.
    /// It may carry Basic credentials, best written as references:
    /// `https://inbound:${INBOUND_PASSWORD}@example.com/inbound`.
    #[serde(rename = "InboundHookUrl", skip_serializing_if = "Option::is_none")]
    pub inbound_hook_url: Option<String>,
    /// The webhooks, in file order.
    #[serde(rename = "Webhooks")]
    pub webhooks: Vec<DesiredWebhook>,
}

impl fmt::Debug for DesiredState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DesiredState")
            .field(
                "inbound_hook_url",
                &crate::redact::RedactedOptionUrl(self.inbound_hook_url.as_deref()),
            )
            .field("webhooks", &self.webhooks)
            .finish()
    }
}

/// One webhook of a desired state, written in the shape of Postmark's
/// create body.
///
/// It is not the body a create or edit sends, for it means something else:
/// its identity (`message_stream`, `url`) is always there, and it holds the
/// whole of a webhook, so credentials, headers or triggers it leaves out are
/// to be removed or disabled, where a request leaves them unchanged. A file
/// may also carry `${NAME}` references, expanded after reading, and the
/// read-only `ID` and `Status` of an export, which are dropped. Sync turns
/// it into requests ([`apply`](super::apply)).
///
/// `Debug` hides the password, header values and URL credentials.
///
/// ```
/// use postmark_webhooks::sync::DesiredWebhook;
/// use postmark_webhooks::triggers::{Open, Triggers};
///
/// let hook = DesiredWebhook::new("https://example.com/hook")
///     .triggers(Triggers::new().open(Open::enabled()));
/// assert_eq!(hook.message_stream, "outbound");
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DesiredWebhook {
    /// The URL Postmark POSTs to.
    #[serde(rename = "Url")]
    pub url: String,
    /// The message stream; `outbound` when the file names none.
    #[serde(
        rename = "MessageStream",
        default = "default_message_stream",
        deserialize_with = "message_stream_or_default"
    )]
    pub message_stream: String,
    /// HTTP Basic credentials, if any.
    #[serde(
        rename = "HttpAuth",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "HttpAuth::deserialize_strict"
    )]
    pub http_auth: Option<HttpAuth>,
    /// Custom headers.
    #[serde(
        rename = "HttpHeaders",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "strict_headers"
    )]
    pub http_headers: Vec<HttpHeader>,
    /// The triggers; one that is not named is disabled, as on Postmark's
    /// create.
    #[serde(rename = "Triggers", default, deserialize_with = "null_as_default")]
    pub triggers: Triggers,
    /// An export's `ID`: read-only on Postmark's side, read and dropped.
    #[serde(rename = "ID", default, skip_serializing)]
    id: ReadOnly,
    /// An export's `Status`: read-only on Postmark's side, read and dropped.
    #[serde(rename = "Status", default, skip_serializing)]
    status: ReadOnly,
}

impl DesiredWebhook {
    /// A webhook of the `outbound` stream posting to `url`, with no
    /// credentials, no headers and no trigger enabled.
    ///
    /// ```
    /// let hook = postmark_webhooks::sync::DesiredWebhook::new("https://example.com/hook");
    /// assert!(hook.triggers.is_empty());
    /// ```
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            message_stream: DEFAULT_MESSAGE_STREAM.to_owned(),
            http_auth: None,
            http_headers: Vec::new(),
            triggers: Triggers::new(),
            id: ReadOnly,
            status: ReadOnly,
        }
    }

    /// Sets the message stream.
    ///
    /// ```
    /// let hook = postmark_webhooks::sync::DesiredWebhook::new("https://example.com/hook")
    ///     .message_stream("broadcast");
    /// assert_eq!(hook.message_stream, "broadcast");
    /// ```
    pub fn message_stream(mut self, message_stream: impl Into<String>) -> Self {
        self.message_stream = message_stream.into();
        self
    }

    /// Sets HTTP Basic credentials.
    ///
    /// ```
    /// let hook = postmark_webhooks::sync::DesiredWebhook::new("https://example.com/hook")
    ///     .http_auth("user", "secret");
    /// assert_eq!(hook.http_auth.unwrap().username, "user");
    /// ```
    pub fn http_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.http_auth = Some(HttpAuth::new(username, password));
        self
    }

    /// Adds a custom header.
    ///
    /// ```
    /// let hook = postmark_webhooks::sync::DesiredWebhook::new("https://example.com/hook")
    ///     .http_header("X-Webhook-Secret", "s3cr3t");
    /// assert_eq!(hook.http_headers[0].name, "X-Webhook-Secret");
    /// ```
    pub fn http_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.http_headers.push(HttpHeader::new(name, value));
        self
    }

    /// Sets the triggers.
    ///
    /// ```
    /// use postmark_webhooks::triggers::{Click, Triggers};
    /// let hook = postmark_webhooks::sync::DesiredWebhook::new("https://example.com/hook")
    ///     .triggers(Triggers::new().click(Click::enabled()));
    /// assert!(hook.triggers.click.unwrap().enabled);
    /// ```
    pub fn triggers(mut self, triggers: Triggers) -> Self {
        self.triggers = triggers;
        self
    }

    /// The URL with credentials and query hidden, for messages.
    pub(crate) fn shown_url(&self) -> String {
        RedactedUrl(&self.url).to_string()
    }

    /// The checks the client makes before a create.
    fn check(&self) -> Result<(), InvalidInput> {
        validate::webhook_settings(
            "Url",
            Some(&self.url),
            Some(&self.message_stream),
            self.http_auth.as_ref(),
            &self.http_headers,
        )
    }

    /// Expands the `${NAME}` references of the entry at `index`; empty
    /// credentials after that mean none.
    fn expand(
        &mut self,
        index: usize,
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<(), FileError> {
        let expand = |field: &dyn Fn() -> String, value: &mut String| -> Result<(), FileError> {
            match env::expand(value, lookup) {
                Ok(Cow::Borrowed(_)) => Ok(()),
                Ok(Cow::Owned(expanded)) => {
                    *value = expanded;
                    Ok(())
                }
                Err(ExpandError::Missing(name)) => Err(FileError::MissingVariable {
                    index,
                    field: field(),
                    name,
                }),
                Err(ExpandError::Malformed(reason)) => Err(FileError::BadReference {
                    index,
                    field: field(),
                    reason,
                }),
            }
        };
        let template = self.url.clone();
        expand(&|| "Url".to_owned(), &mut self.url)?;
        if let Err(reason) = references_keep_the_host(&template, &self.url) {
            return Err(FileError::BadReference {
                index,
                field: "Url".to_owned(),
                reason,
            });
        }
        expand(&|| "MessageStream".to_owned(), &mut self.message_stream)?;
        if let Some(mut auth) = self.http_auth.take() {
            expand(&|| "HttpAuth.Username".to_owned(), &mut auth.username)?;
            expand(&|| "HttpAuth.Password".to_owned(), &mut auth.password)?;
            self.http_auth = auth.or_none();
        }
        for (i, header) in self.http_headers.iter_mut().enumerate() {
            expand(&|| format!("HttpHeaders[{i}].Name"), &mut header.name)?;
            expand(&|| format!("HttpHeaders[{i}].Value"), &mut header.value)?;
        }
        Ok(())
    }
}

impl fmt::Debug for DesiredWebhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DesiredWebhook")
            .field("url", &RedactedUrl(&self.url))
            .field("message_stream", &self.message_stream)
            .field("http_auth", &self.http_auth)
            .field("http_headers", &self.http_headers)
            .field("triggers", &self.triggers)
            .finish()
    }
}

/// Why a desired-state file could not be used. Messages name the entry
/// (`Webhooks[N]`, counting from 0), the field and, for syntax errors, the
/// line; never a secret value.
///
/// ```
/// use postmark_webhooks::sync::{DesiredState, FileError, Format};
///
/// let err = DesiredState::parse(r#"{"Webhooks": [{"Url": "https://example.com/a", "Colour": 1}]}"#,
///     Format::Json, &|_: &str| None).unwrap_err();
/// assert!(matches!(err, FileError::Syntax { line: Some(1), .. }));
/// assert!(err.to_string().contains("unknown field `Colour`"), "{err}");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FileError {
    /// The file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file's name does not tell its format.
    #[error("cannot tell the format of {}: name it .json, .yaml, .yml or .toml, or give the format", path.display())]
    UnknownFormat {
        /// The file.
        path: PathBuf,
    },
    /// The text is not valid for its format, or not the expected shape
    /// (an unknown field, a missing `Url`, a wrong type).
    #[error("{message}")]
    Syntax {
        /// The line at fault, counting from 1, where the parser tells it.
        line: Option<usize>,
        /// The parser's explanation, with the line and column.
        message: String,
    },
    /// A `${NAME}` reference names a variable that is not set.
    #[error("Webhooks[{index}].{field}: environment variable `{name}` is not set")]
    MissingVariable {
        /// The entry, counting from 0.
        index: usize,
        /// The field, such as `HttpAuth.Password`.
        field: String,
        /// The variable.
        name: String,
    },
    /// A `$` sequence that is not a valid reference.
    #[error("Webhooks[{index}].{field}: {reason}")]
    BadReference {
        /// The entry, counting from 0.
        index: usize,
        /// The field.
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// A `${NAME}` reference in `InboundHookUrl` names a variable that is
    /// not set, or is malformed.
    #[error("InboundHookUrl: {reason}")]
    BadInboundHookUrl {
        /// What is wrong, without the value.
        reason: String,
    },
    /// An entry the client would refuse to send.
    #[error("Webhooks[{index}] ({message_stream} {url}): {source}")]
    Invalid {
        /// The entry, counting from 0.
        index: usize,
        /// Its message stream.
        message_stream: String,
        /// Its URL, with credentials and query hidden.
        url: String,
        /// The rule it breaks.
        source: InvalidInput,
    },
    /// The file has both `Servers` and a top-level `Webhooks` or
    /// `InboundHookUrl`.
    #[error(
        "the file has both `Servers` and a top-level `Webhooks` or `InboundHookUrl`: write each \
         server's settings under its entry in `Servers`, or leave `Servers` out for one server"
    )]
    ServersAndWebhooks,
    /// The file lists `Servers` where one server's `Webhooks` were expected
    /// (read it with [`DesiredFile`](super::DesiredFile)).
    #[error("the file lists `Servers`: it describes several servers of an account")]
    ManyServers,
    /// Something wrong in one entry of `Servers`.
    #[error("Servers[{index}] ({name}): {source}")]
    InServer {
        /// The entry, counting from 0.
        index: usize,
        /// Its `Name`.
        name: String,
        /// What is wrong.
        source: Box<FileError>,
    },
    /// Two entries of `Servers` with one `Name`.
    #[error("Servers[{second}] repeats Servers[{first}]: both are named {name}")]
    DuplicateServer {
        /// The first entry, counting from 0.
        first: usize,
        /// The repeat.
        second: usize,
        /// The name of both.
        name: String,
    },
    /// Two entries with the same identity.
    #[error("Webhooks[{second}] repeats Webhooks[{first}]: both are {message_stream} {url}")]
    Duplicate {
        /// The first entry, counting from 0.
        first: usize,
        /// The repeat.
        second: usize,
        /// The message stream of both.
        message_stream: String,
        /// The URL of both, with credentials and query hidden.
        url: String,
    },
}

impl DesiredState {
    /// Reads a file, in the format its extension names unless `format` is
    /// given, expanding references through `env` (pass
    /// `&|name| std::env::var(name).ok()` for the process environment).
    ///
    /// ```no_run
    /// use postmark_webhooks::sync::DesiredState;
    /// let desired = DesiredState::read("webhooks.yaml", None, &|name| std::env::var(name).ok())?;
    /// # Ok::<(), postmark_webhooks::sync::FileError>(())
    /// ```
    pub fn read(
        path: impl AsRef<Path>,
        format: Option<Format>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, FileError> {
        let (text, format) = read_text(path.as_ref(), format)?;
        Self::parse(&text, format, env)
    }

    /// Parses a desired state from text, expanding references through `env`.
    ///
    /// `ID` and `Status` fields, which an export of `GET /webhooks` carries,
    /// are read-only on Postmark's side: they are accepted and ignored, so
    /// such an export can be applied as it is. Any other unknown field is an
    /// error naming it.
    ///
    /// ```
    /// use postmark_webhooks::sync::{DesiredState, Format};
    ///
    /// let toml = r#"
    /// [[Webhooks]]
    /// ID = 12
    /// Url = "https://example.com/hook"
    /// Status = "verified"
    /// [Webhooks.Triggers.Click]
    /// Enabled = true
    /// "#;
    /// let desired = DesiredState::parse(toml, Format::Toml, &|_: &str| None)?;
    /// assert_eq!(desired.webhooks[0].triggers.click.unwrap().enabled, true);
    /// # Ok::<(), postmark_webhooks::sync::FileError>(())
    /// ```
    pub fn parse(
        text: &str,
        format: Format,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, FileError> {
        Self::from_wire(WireFile::parse(text, format)?, env)
    }

    /// The one server's state a parsed file describes; a `Servers` file is
    /// an error here (see [`DesiredFile`](super::DesiredFile)).
    pub(crate) fn from_wire(
        wire: WireFile,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, FileError> {
        match wire {
            WireFile {
                servers: Some(_),
                webhooks: None,
                inbound_hook_url: None,
            } => Err(FileError::ManyServers),
            WireFile {
                servers: Some(_), ..
            } => Err(FileError::ServersAndWebhooks),
            WireFile {
                webhooks: None,
                inbound_hook_url: None,
                ..
            } => Err(FileError::Syntax {
                line: None,
                message: "missing field `Webhooks`".to_owned(),
            }),
            WireFile {
                webhooks,
                inbound_hook_url,
                ..
            } => Self::from_parts(inbound_hook_url, webhooks.unwrap_or_default(), env),
        }
    }

    /// The state of a server's settings as written, references expanded and
    /// everything checked.
    pub(crate) fn from_parts(
        inbound_hook_url: Option<String>,
        webhooks: Vec<DesiredWebhook>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, FileError> {
        let mut desired = Self {
            inbound_hook_url: inbound_hook_url
                .map(|url| expand_inbound_hook_url(url, env))
                .transpose()?,
            webhooks,
        };
        for (index, hook) in desired.webhooks.iter_mut().enumerate() {
            hook.expand(index, env)?;
        }
        desired.check()?;
        Ok(desired)
    }

    /// Checks every entry and that no identity repeats.
    fn check(&self) -> Result<(), FileError> {
        let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
        for (index, hook) in self.webhooks.iter().enumerate() {
            hook.check().map_err(|source| FileError::Invalid {
                index,
                message_stream: hook.message_stream.clone(),
                url: hook.shown_url(),
                source,
            })?;
            let identity = (hook.message_stream.as_str(), hook.url.as_str());
            if let Some(&first) = seen.get(&identity) {
                return Err(FileError::Duplicate {
                    first,
                    second: index,
                    message_stream: hook.message_stream.clone(),
                    url: hook.shown_url(),
                });
            }
            seen.insert(identity, index);
        }
        Ok(())
    }

    /// The message streams the file names, sorted, each once.
    pub(crate) fn streams(&self) -> Vec<String> {
        let mut streams: Vec<String> = self
            .webhooks
            .iter()
            .map(|h| h.message_stream.clone())
            .collect();
        streams.sort();
        streams.dedup();
        streams
    }

    /// Writes the state in `format`. Strings are written as they are, so a
    /// `${NAME}` in them is a reference when the text is read back (see
    /// [`export`](super::export), which escapes literal `${` as `$${`).
    ///
    /// ```
    /// use postmark_webhooks::sync::{DesiredState, DesiredWebhook, Format};
    ///
    /// let mut state = DesiredState::default();
    /// state.webhooks.push(DesiredWebhook::new("https://example.com/hook"));
    /// for format in [Format::Json, Format::Yaml, Format::Toml] {
    ///     let text = state.to_text(format);
    ///     assert_eq!(DesiredState::parse(&text, format, &|_: &str| None).unwrap(), state);
    /// }
    /// ```
    pub fn to_text(&self, format: Format) -> String {
        write_text(self, format)
    }
}

/// A desired state (of one server or of many) as text in `format`.
pub(crate) fn write_text(value: &impl Serialize, format: Format) -> String {
    let text = match format {
        Format::Json => serde_json::to_string_pretty(value).map(|mut s| {
            s.push('\n');
            s
        }),
        Format::Yaml => yaml_serde::to_string(value).map_err(serde::ser::Error::custom),
        Format::Toml => toml::to_string(value).map_err(serde::ser::Error::custom),
    };
    // Strings, booleans, lists and maps with string keys serialize in all
    // three formats.
    text.expect("a desired state serializes")
}

/// A TOML error as one line with its position.
fn toml_error(text: &str, e: &toml::de::Error) -> FileError {
    let message = hide_values(e.message());
    match e.span() {
        Some(span) => {
            let before = text.get(..span.start).unwrap_or(text);
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            FileError::Syntax {
                line: Some(line),
                message: format!("{message} at line {line} column {column}"),
            }
        }
        None => FileError::Syntax {
            line: None,
            message,
        },
    }
}

/// Removes the offending value from serde's "invalid type: string \"…\",
/// expected …" messages: a password written as a number must not be echoed.
fn hide_values(message: &str) -> String {
    let mut out = message.replace('\n', " ");
    for marker in ["invalid type: ", "invalid value: "] {
        let Some(start) = out.find(marker).map(|i| i + marker.len()) else {
            continue;
        };
        let Some(end) = out[start..].find(", expected").map(|i| start + i) else {
            continue;
        };
        let shown = &out[start..end];
        let kind_end = shown.find(['"', '`', '\'']).unwrap_or(shown.len());
        let kind = shown[..kind_end].trim_end().to_owned();
        out.replace_range(start..end, &kind);
    }
    out
}

/// The file's text and format: the format given, or the one its name tells.
pub(crate) fn read_text(
    path: &Path,
    format: Option<Format>,
) -> Result<(String, Format), FileError> {
    let format =
        format
            .or_else(|| Format::from_path(path))
            .ok_or_else(|| FileError::UnknownFormat {
                path: path.to_owned(),
            })?;
    let text = std::fs::read_to_string(path).map_err(|source| FileError::Read {
        path: path.to_owned(),
        source,
    })?;
    Ok((text, format))
}

/// The file as written: one server's `Webhooks`, or `Servers` (see
/// [`DesiredAccount`](super::DesiredAccount)); every unknown field refused.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WireFile {
    #[serde(rename = "InboundHookUrl", default)]
    pub(crate) inbound_hook_url: Option<String>,
    #[serde(rename = "Webhooks", default)]
    pub(crate) webhooks: Option<Vec<DesiredWebhook>>,
    #[serde(rename = "Servers", default)]
    pub(crate) servers: Option<Vec<WireServer>>,
}

/// One entry of `Servers`: a server's name and settings.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WireServer {
    #[serde(rename = "Name")]
    pub(crate) name: String,
    #[serde(rename = "InboundHookUrl", default)]
    pub(crate) inbound_hook_url: Option<String>,
    #[serde(rename = "Webhooks", default)]
    pub(crate) webhooks: Vec<DesiredWebhook>,
}

impl WireFile {
    pub(crate) fn parse(text: &str, format: Format) -> Result<Self, FileError> {
        Ok(match format {
            Format::Json => serde_json::from_str(text).map_err(|e| FileError::Syntax {
                line: Some(e.line()),
                message: hide_values(&e.to_string()),
            })?,
            Format::Yaml => yaml_serde::from_str(text).map_err(|e| FileError::Syntax {
                line: e.location().map(|l| l.line()),
                message: hide_values(&e.to_string()),
            })?,
            Format::Toml => toml::from_str(text).map_err(|e| toml_error(text, &e))?,
        })
    }
}

/// `InboundHookUrl` with its `${NAME}` references expanded, checked as the
/// client checks it before `PUT /server`. A literal `""` stays: it removes
/// the server's URL (a reference that expands to nothing is refused).
fn expand_inbound_hook_url(
    url: String,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<String, FileError> {
    if url.is_empty() {
        return Ok(url);
    }
    let expanded = match env::expand(&url, lookup) {
        Ok(expanded) => expanded.into_owned(),
        Err(ExpandError::Missing(name)) => {
            return Err(FileError::BadInboundHookUrl {
                reason: format!("environment variable `{name}` is not set"),
            });
        }
        Err(ExpandError::Malformed(reason)) => {
            return Err(FileError::BadInboundHookUrl { reason });
        }
    };
    references_keep_the_host(&url, &expanded)
        .map_err(|reason| FileError::BadInboundHookUrl { reason })?;
    validate::check_http_url("InboundHookUrl", &expanded).map_err(|e| {
        FileError::BadInboundHookUrl {
            reason: e.to_string(),
        }
    })?;
    Ok(expanded)
}

/// Checks that the values of a URL's `${NAME}` references did not move its
/// scheme, host or port: a password holding `/`, `?`, `#` or `:` pasted as
/// it is turns `https://u:${PW}@example.com/` into a URL to another host,
/// with the password in plain sight. Where a reference stands in the host
/// itself, the host is the value's to choose.
fn references_keep_the_host(template: &str, expanded: &str) -> Result<(), String> {
    let origin = |url: &str| {
        reqwest::Url::parse(url).ok().map(|u| {
            (
                u.scheme().to_owned(),
                u.host_str().map(str::to_owned),
                u.port(),
            )
        })
    };
    let with = |placeholder: &str| {
        env::expand(template, &|_: &str| Some(placeholder.to_owned()))
            .ok()
            .and_then(|url| origin(&url))
    };
    let (Some(written), Some(other)) = (with("x"), with("y")) else {
        return Ok(());
    };
    // A value in the host chooses it; a URL that no longer parses is
    // refused by the URL check that follows, without its value.
    match origin(expanded) {
        Some(moved) if written == other && moved != written => {}
        _ => return Ok(()),
    }
    Err(
        "a referenced value changes the URL's scheme, host or port: write `/`, `?`, `#`, `@` \
         and `:` in a value inside the URL percent-encoded (%2F, %3F, %23, %40, %3A)"
            .to_owned(),
    )
}

/// A field that is read, whatever it holds, and dropped.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
struct ReadOnly;

impl<'de> Deserialize<'de> for ReadOnly {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        IgnoredAny::deserialize(d).map(|_| Self)
    }
}

fn default_message_stream() -> String {
    DEFAULT_MESSAGE_STREAM.to_owned()
}

/// A message stream, `outbound` for `null`.
fn message_stream_or_default<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_else(default_message_stream))
}

/// `HttpHeaders` as a file may write them, with a misspelt key refused;
/// `null` is none.
fn strict_headers<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<HttpHeader>, D::Error> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Strict {
        #[serde(rename = "Name")]
        name: String,
        #[serde(rename = "Value")]
        value: String,
    }
    let headers = Option::<Vec<Strict>>::deserialize(d)?.unwrap_or_default();
    Ok(headers
        .into_iter()
        .map(|h| HttpHeader::new(h.name, h.value))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offending_values_are_cut_from_messages() {
        assert_eq!(
            hide_values(
                "Webhooks[0].HttpAuth.Password: invalid type: integer `123456`, expected a string at line 4 column 15"
            ),
            "Webhooks[0].HttpAuth.Password: invalid type: integer, expected a string at line 4 column 15"
        );
        assert_eq!(
            hide_values("invalid type: string \"hunter2\", expected a boolean at line 1 column 9"),
            "invalid type: string, expected a boolean at line 1 column 9"
        );
        assert_eq!(hide_values("missing field `Url`"), "missing field `Url`");
    }
}
