//! `trigger`: POST one realistic event to a receiver, as Postmark does,
//! and print each answer.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use postmark_webhooks::events::{ExampleEvent, RecordType, random_id};
use postmark_webhooks::receiver::{RETRIES_REMAINING_HEADER, TRACE_ID_HEADER};
use postmark_webhooks::sync::{DEFAULT_MESSAGE_STREAM, DesiredState, DesiredWebhook, Format};
use serde_json::{Value, json};

use crate::Outcome;
use crate::listen::{PASSWORD_VAR, SECRET_VAR, secret};

/// Postmark sends at most this many retries of one delivery.
const MAX_RETRIES: u8 = 6;
/// How long one request may take, answer included.
const TIMEOUT: Duration = Duration::from_secs(10);
/// The longest first line of an answer that is printed, in characters.
const MAX_LINE_CHARS: usize = 200;

#[derive(clap::Args)]
pub(crate) struct TriggerArgs {
    /// The record type: Bounce, SpamComplaint, Delivery, Open, Click or
    /// SubscriptionChange (any case).
    #[arg(value_parser = record_type)]
    record_type: RecordType,
    /// The http(s) URL to POST to. With --file: which of the stream's
    /// webhooks to use.
    #[arg(long, required_unless_present = "file")]
    url: Option<String>,
    /// Send HTTP Basic auth with this user name; the password is read from
    /// POSTMARK_WEBHOOK_PASSWORD.
    #[arg(long, conflicts_with = "file")]
    user: Option<String>,
    /// Send this header; its value is read from POSTMARK_WEBHOOK_SECRET.
    #[arg(long, conflicts_with = "file")]
    secret_header: Option<String>,
    /// The event's message stream; with --file, the stream whose webhook
    /// to use [default: outbound].
    #[arg(long, visible_alias = "message-stream")]
    stream: Option<String>,
    /// Set a top-level field of the event to a JSON value (repeatable):
    /// --set Email='"a@example.com"' --set 'Metadata={"order":"42"}'.
    #[arg(long = "set", value_name = "FIELD=JSON", value_parser = field)]
    set: Vec<(String, Value)>,
    /// Keep the event's Content (a Bounce's or a spam complaint's dump), as
    /// the trigger option IncludeContent does.
    #[arg(long)]
    include_content: bool,
    /// Send the same delivery this many more times, as Postmark's retries:
    /// the same trace id, X-PM-Retries-Remaining counting down to 0.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=i64::from(MAX_RETRIES)))]
    retries: u8,
    /// Take the URL, Basic credentials and custom headers from this
    /// desired-state file's webhook of --stream (${VAR} references
    /// expanded, as by plan and apply).
    #[arg(short = 'f', long)]
    file: Option<PathBuf>,
    /// The file's format, if its extension does not tell it.
    #[arg(long, requires = "file")]
    format: Option<Format>,
    /// With --file: use the file's entry Webhooks[INDEX] (counting from 0).
    #[arg(long, requires = "file", conflicts_with = "url")]
    index: Option<usize>,
}

/// A record type by its name, in any case.
fn record_type(name: &str) -> Result<RecordType, String> {
    RecordType::ALL
        .into_iter()
        .find(|t| t.as_str().eq_ignore_ascii_case(name))
        .ok_or_else(|| {
            let names: Vec<&str> = RecordType::ALL.iter().map(|t| t.as_str()).collect();
            format!("unknown record type `{name}`: one of {}", names.join(", "))
        })
}

/// One `--set Field=JSON`.
fn field(text: &str) -> Result<(String, Value), String> {
    let (name, value) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not FIELD=JSON (no `=`)"))?;
    if name.is_empty() {
        return Err(format!("`{text}` names no field"));
    }
    let value = serde_json::from_str(value).map_err(|e| {
        format!("the value of {name} is not JSON ({e}); a string is written with its quotes: {name}='\"text\"'")
    })?;
    Ok((name.to_owned(), value))
}

/// Where to send, and with which credentials and headers.
struct Target {
    url: reqwest::Url,
    stream: String,
    basic: Option<(String, String)>,
    headers: Vec<(String, String)>,
    include_content: bool,
}

pub(crate) async fn trigger(args: TriggerArgs, json: bool) -> Outcome {
    let target = match &args.file {
        Some(path) => from_file(&args, path)?,
        None => from_flags(&args)?,
    };
    let mut event = ExampleEvent::new(args.record_type)
        .message_stream(target.stream.as_str())
        .include_content(target.include_content)
        .to_json();
    if let Value::Object(fields) = &mut event {
        for (name, value) in &args.set {
            fields.insert(name.clone(), value.clone());
        }
    }
    let body = serde_json::to_vec(&event).map_err(|e| e.to_string())?;
    let trace_id = random_id();
    let client = reqwest::Client::builder()
        // Credentials must not follow a redirect elsewhere.
        .redirect(reqwest::redirect::Policy::none())
        .timeout(TIMEOUT)
        .build()
        .map_err(|e| format!("cannot start an HTTP client: {e}"))?;
    let retries = usize::from(args.retries);
    // Every request is built before the first is sent: a bad header stops
    // them all.
    let requests = (0..=retries)
        .map(|n| {
            let remaining = (n > 0).then(|| retries - n);
            let request = request(&client, &target, &body, &trace_id, remaining)?;
            Ok::<_, String>((remaining, request))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if !json {
        println!(
            "{} {} (MessageID {}), trace id {trace_id}",
            args.record_type,
            target.stream,
            event["MessageID"].as_str().unwrap_or("?"),
        );
    }
    let mut attempts = Vec::with_capacity(requests.len());
    let mut all_ok = true;
    for (n, (remaining, request)) in requests.into_iter().enumerate() {
        let answer = send(&client, request).await;
        all_ok &= answer.status.is_some_and(|s| (200..300).contains(&s));
        if !json {
            let which = match remaining {
                None => "first request".to_owned(),
                Some(r) => format!("retry {n}, {r} remaining"),
            };
            match (answer.status, &answer.error) {
                (Some(status), _) => println!("{which}: {status} {}", answer.first_line),
                (None, Some(error)) => println!("{which}: no answer ({error})"),
                (None, None) => println!("{which}: no answer"),
            }
        }
        attempts.push(json!({
            "RetriesRemaining": remaining,
            "StatusCode": answer.status,
            "FirstLine": answer.status.map(|_| answer.first_line),
            "Error": answer.error,
        }));
    }
    if json {
        crate::print_json(&json!({
            "RecordType": args.record_type.as_str(),
            "TraceId": trace_id,
            "Event": event,
            "Attempts": attempts,
        }));
    }
    Ok(if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The target of `--url`, `--user` and `--secret-header`.
fn from_flags(args: &TriggerArgs) -> Result<Target, String> {
    let url = args.url.as_deref().ok_or("give --url or --file")?;
    let basic = match &args.user {
        Some(user) => Some((user.clone(), secret(PASSWORD_VAR, "--user")?)),
        None => None,
    };
    let headers = match &args.secret_header {
        Some(name) => vec![(name.clone(), secret(SECRET_VAR, "--secret-header")?)],
        None => Vec::new(),
    };
    Ok(Target {
        url: parse_url(url)?,
        stream: args
            .stream
            .clone()
            .unwrap_or_else(|| DEFAULT_MESSAGE_STREAM.to_owned()),
        basic,
        headers,
        include_content: args.include_content,
    })
}

/// The target of a desired-state file's webhook.
fn from_file(args: &TriggerArgs, path: &std::path::Path) -> Result<Target, String> {
    let env = |name: &str| std::env::var(name).ok();
    let desired = DesiredState::read(path, args.format, &env).map_err(|e| match e {
        postmark_webhooks::sync::FileError::Read { .. }
        | postmark_webhooks::sync::FileError::UnknownFormat { .. } => e.to_string(),
        _ => format!("{}: {e}", path.display()),
    })?;
    let webhook = pick(&desired.webhooks, args, &path.display().to_string())?;
    // The two triggers with the option IncludeContent.
    let triggers = &webhook.triggers;
    let include_content = args.include_content
        || match args.record_type {
            RecordType::Bounce => triggers.bounce.and_then(|t| t.include_content),
            RecordType::SpamComplaint => triggers.spam_complaint.and_then(|t| t.include_content),
            _ => None,
        } == Some(true);
    Ok(Target {
        url: parse_url(&webhook.url)?,
        stream: webhook.message_stream.clone(),
        basic: webhook
            .http_auth
            .as_ref()
            .map(|auth| (auth.username.clone(), auth.password.clone())),
        headers: webhook
            .http_headers
            .iter()
            .map(|h| (h.name.clone(), h.value.clone()))
            .collect(),
        include_content,
    })
}

/// The file's webhook that the flags select: `--index`, or the one of
/// `--stream` (with `--url` if the stream has several).
fn pick<'a>(
    webhooks: &'a [DesiredWebhook],
    args: &TriggerArgs,
    file: &str,
) -> Result<&'a DesiredWebhook, String> {
    if let Some(index) = args.index {
        let webhook = webhooks
            .get(index)
            .ok_or_else(|| format!("{file} has no Webhooks[{index}]"))?;
        if let Some(stream) = &args.stream
            && *stream != webhook.message_stream
        {
            return Err(format!(
                "{file}: Webhooks[{index}] is of the stream {}, not {stream}",
                webhook.message_stream
            ));
        }
        return Ok(webhook);
    }
    let stream = args.stream.as_deref().unwrap_or(DEFAULT_MESSAGE_STREAM);
    let of_stream: Vec<(usize, &DesiredWebhook)> = webhooks
        .iter()
        .enumerate()
        .filter(|(_, w)| w.message_stream == stream)
        .collect();
    let chosen: Vec<&(usize, &DesiredWebhook)> = match &args.url {
        Some(url) => of_stream.iter().filter(|(_, w)| w.url == *url).collect(),
        None => of_stream.iter().collect(),
    };
    match chosen.as_slice() {
        [(_, webhook)] => Ok(webhook),
        [] if args.url.is_some() => Err(format!(
            "{file} has no webhook of the stream {stream} with that --url"
        )),
        [] => Err(format!("{file} has no webhook of the stream {stream}")),
        several => {
            let indexes: Vec<String> = several.iter().map(|(i, _)| i.to_string()).collect();
            Err(format!(
                "{file} has {} webhooks of the stream {stream} (Webhooks[{}]): choose one with --url or --index",
                several.len(),
                indexes.join("], Webhooks[")
            ))
        }
    }
}

/// An http(s) URL; the message never shows the URL, which may carry
/// credentials.
fn parse_url(text: &str) -> Result<reqwest::Url, String> {
    let url = reqwest::Url::parse(text).map_err(|e| format!("the URL is not valid: {e}"))?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        scheme => Err(format!(
            "the URL's scheme is {scheme}: only http and https are sent to"
        )),
    }
}

/// One request as Postmark sends it (as the mock's deliveries are): JSON,
/// `User-Agent: Postmark`, the Basic credentials and custom headers,
/// `X-PM-Webhook-Trace-Id`, and `X-PM-Retries-Remaining` on retries.
fn request(
    client: &reqwest::Client,
    target: &Target,
    body: &[u8],
    trace_id: &str,
    retries_remaining: Option<usize>,
) -> Result<reqwest::Request, String> {
    let mut request = client
        .post(target.url.clone())
        .header("Content-Type", "application/json")
        .header("User-Agent", "Postmark");
    if let Some((user, password)) = &target.basic {
        request = request.basic_auth(user, Some(password));
    }
    for (name, value) in &target.headers {
        request = request.header(name.as_str(), value.as_str());
    }
    request = request.header(TRACE_ID_HEADER, trace_id);
    if let Some(remaining) = retries_remaining {
        request = request.header(RETRIES_REMAINING_HEADER, remaining.to_string());
    }
    request
        .body(body.to_vec())
        .build()
        // Neither the URL nor a header value is shown: they may be secret.
        .map_err(|_| "cannot build the request: a header name or value is not valid".to_owned())
}

/// What the receiver answered to one request.
struct Answer {
    status: Option<u16>,
    first_line: String,
    error: Option<String>,
}

async fn send(client: &reqwest::Client, request: reqwest::Request) -> Answer {
    match client.execute(request).await {
        Ok(response) => {
            let status = response.status().as_u16();
            let text = response.text().await.unwrap_or_default();
            let first_line = text
                .lines()
                .next()
                .unwrap_or_default()
                .chars()
                .take(MAX_LINE_CHARS)
                .collect();
            Answer {
                status: Some(status),
                first_line,
                error: None,
            }
        }
        Err(e) => {
            // reqwest's message names the URL, which may carry credentials.
            let reason = if e.is_timeout() {
                "timed out"
            } else if e.is_connect() {
                "could not connect"
            } else {
                "the connection failed"
            };
            Answer {
                status: None,
                first_line: String::new(),
                error: Some(reason.to_owned()),
            }
        }
    }
}
