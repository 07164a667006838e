//! `listen`: a ready receiver (the library's `Relay`), its deliveries as
//! JSON lines on standard output and its refusals on standard error. With
//! `--inbound`, it receives a server's inbound hook instead of webhooks.

use std::net::SocketAddr;

use std::time::Duration;

use postmark_webhooks::receiver::{
    DEFAULT_INBOUND_TTL, DEFAULT_TTL, IpAllowlist, MemorySeenStore, PostmarkLayer, Receiver, Relay,
    Report,
};

use crate::Outcome;

/// The variable holding the Basic auth password (`--user`'s).
pub(crate) const PASSWORD_VAR: &str = "POSTMARK_WEBHOOK_PASSWORD";
/// The variable holding the secret header's value (`--secret-header`'s).
pub(crate) const SECRET_VAR: &str = "POSTMARK_WEBHOOK_SECRET";

#[derive(clap::Args)]
pub(crate) struct ListenArgs {
    /// The port to listen on (0: any free port; the address is printed on
    /// standard error).
    #[arg(long)]
    port: u16,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: std::net::IpAddr,
    /// Expect HTTP Basic auth with this user name; the password is read
    /// from POSTMARK_WEBHOOK_PASSWORD.
    #[arg(long)]
    user: Option<String>,
    /// Expect this header; its value is read from POSTMARK_WEBHOOK_SECRET.
    #[arg(long)]
    secret_header: Option<String>,
    /// Receive a server's inbound hook (its InboundHookUrl) instead of
    /// webhooks: each request is an inbound email, deduplicated by its
    /// MessageID (remembered for 12 hours, past Postmark's last retry) and
    /// capped at 50 MiB. An inbound hook carries only the Basic credentials
    /// of its URL: use --user.
    #[arg(long, conflicts_with = "secret_header")]
    inbound: bool,
    /// Check no credentials at all (local development only).
    #[arg(long, conflicts_with_all = ["user", "secret_header"])]
    insecure_accept_all: bool,
    /// Where deliveries already handled are remembered: memory,
    /// redis://... (feature redis) or postgres://... (feature postgres).
    #[arg(long, default_value = "memory")]
    dedupe: String,
    /// POST each new delivery, unchanged, to this URL; the application's
    /// status is Postmark's answer.
    #[arg(long)]
    forward_to: Option<String>,
    /// Accept requests only from this network (CIDR); repeatable.
    #[arg(long = "allow-ip", value_name = "CIDR")]
    allow_ip: Vec<String>,
    /// Read X-Forwarded-For from peers in this network (CIDR); repeatable.
    #[arg(long = "trust-proxy", value_name = "CIDR", requires = "allow_ip")]
    trust_proxy: Vec<String>,
}

pub(crate) async fn listen(args: ListenArgs) -> Outcome {
    let layer = layer(&args).await?;
    let mut relay = Relay::new(layer);
    if let Some(url) = &args.forward_to {
        relay = relay.forward_to(url).map_err(|e| e.to_string())?;
    }
    let router = relay.router(|report| match report {
        Report::Handled(_) | Report::HandledInbound(_) => println!("{}", report.line()),
        _ => eprintln!("postmark-webhooks: {}", report.line()),
    });
    let listener = tokio::net::TcpListener::bind((args.host, args.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", args.host, args.port))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    // Installed before the banner: a signal right after it stops the server.
    let stop = stopped();
    eprintln!("postmark-webhooks: listening on http://{address}");
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(stop)
    .await
    .map_err(|e| format!("the server failed: {e}"))?;
    Ok(std::process::ExitCode::SUCCESS)
}

/// The layer the flags describe: credentials, allowlist, deduplication.
async fn layer(args: &ListenArgs) -> Result<PostmarkLayer, String> {
    let receiver = if args.insecure_accept_all {
        Receiver::insecure_accept_all()
    } else {
        let mut builder = Receiver::builder();
        if let Some(user) = &args.user {
            builder = builder.basic_auth(user, secret(PASSWORD_VAR, "--user")?);
        }
        if let Some(name) = &args.secret_header {
            builder = builder.secret_header(name, secret(SECRET_VAR, "--secret-header")?);
        }
        builder.build().map_err(|e| match e {
            postmark_webhooks::receiver::ReceiverError::NoMechanism if args.inbound => {
                "no credentials to check: give --user (an inbound hook carries only \
                 the Basic credentials of its URL), or --insecure-accept-all"
                    .to_string()
            }
            postmark_webhooks::receiver::ReceiverError::NoMechanism => {
                "no credentials to check: give --user, --secret-header or both \
                 (or --insecure-accept-all)"
                    .to_string()
            }
            e => e.to_string(),
        })?
    };
    let mut layer = match args.inbound {
        true => PostmarkLayer::inbound(receiver),
        false => PostmarkLayer::new(receiver),
    };
    if !args.allow_ip.is_empty() {
        let mut allowlist = IpAllowlist::builder();
        for network in &args.allow_ip {
            allowlist = allowlist.allow(network);
        }
        for network in &args.trust_proxy {
            allowlist = allowlist.trust_proxy(network);
        }
        layer = layer.allow_ips(allowlist.build().map_err(|e| e.to_string())?);
    }
    // Inbound email is retried for longer than webhook deliveries.
    let ttl = match args.inbound {
        true => DEFAULT_INBOUND_TTL,
        false => DEFAULT_TTL,
    };
    dedupe(layer, &args.dedupe, ttl).await
}

/// A secret from the environment, for the flag that asks for it.
pub(crate) fn secret(var: &str, flag: &str) -> Result<String, String> {
    std::env::var(var)
        .ok()
        .filter(|value| !value.is_empty())
        .ok_or_else(|| format!("{flag} needs {var} to be set"))
}

/// The layer deduplicating in the store `spec` names, which remembers a
/// handled delivery for `ttl`.
async fn dedupe(layer: PostmarkLayer, spec: &str, ttl: Duration) -> Result<PostmarkLayer, String> {
    if spec == "memory" {
        return Ok(layer.deduplicate(MemorySeenStore::new(100_000, ttl)));
    }
    if spec.starts_with("redis://") || spec.starts_with("rediss://") {
        #[cfg(feature = "redis")]
        {
            let store = postmark_webhooks::receiver::RedisSeenStore::builder(spec)
                .ttl(ttl)
                .connect()
                .await
                .map_err(|e| e.to_string())?;
            return Ok(layer.deduplicate(store));
        }
        #[cfg(not(feature = "redis"))]
        return Err(
            "--dedupe redis://... needs postmark-webhooks built with the `redis` feature".into(),
        );
    }
    if spec.starts_with("postgres://") || spec.starts_with("postgresql://") {
        #[cfg(feature = "postgres")]
        {
            let store = postmark_webhooks::receiver::PostgresSeenStore::builder(spec)
                .ttl(ttl)
                .connect()
                .await
                .map_err(|e| e.to_string())?;
            return Ok(layer.deduplicate(store));
        }
        #[cfg(not(feature = "postgres"))]
        return Err(
            "--dedupe postgres://... needs postmark-webhooks built with the `postgres` feature"
                .into(),
        );
    }
    Err("--dedupe takes memory, redis://... or postgres://...".into())
}

/// Resolves on Ctrl-C or SIGTERM. On Unix the handlers are installed when
/// this is called, not when the future is first polled.
fn stopped() -> impl Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{Signal, SignalKind, signal};
        async fn received(signal: Option<Signal>) {
            match signal {
                Some(mut signal) => {
                    signal.recv().await;
                }
                None => std::future::pending().await,
            }
        }
        let interrupt = signal(SignalKind::interrupt()).ok();
        let terminate = signal(SignalKind::terminate()).ok();
        async move {
            tokio::select! {
                () = received(interrupt) => {}
                () = received(terminate) => {}
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
