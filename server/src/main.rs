//! `users-server`: serves `users.Users` until SIGINT or SIGTERM, then drains and exits.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{mpsc, LazyLock};
use std::thread;
use std::time::Duration;

use bytesize::ByteSize;
use clap::Parser;
use log::{debug, warn};
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;
use users_otlp::TraceConfig;
use users_server::listen::parse_mode;
use users_server::memory::{self, HugePages};
use users_server::{
    default_cq_count, DrainConfig, Keepalive, Limits, ServerConfig, StreamWindow, TlsConfig,
    Tokens, DEFAULT_ADDR, DEFAULT_KEEPALIVE_TIME, DEFAULT_KEEPALIVE_TIMEOUT,
    DEFAULT_MAX_CONCURRENT_STREAMS, DEFAULT_MAX_PREMATURE_RESETS, DEFAULT_MEMORY_QUOTA,
    DEFAULT_MIN_PING_INTERVAL, DEFAULT_STREAM_WINDOW,
};
use users_transport::Compression;

/// `--version`: the crate's version and the gRPC C core's release.
static VERSION: LazyLock<String> =
    LazyLock::new(|| users_transport::version_line(env!("CARGO_PKG_VERSION")));

// mimalloc also takes over malloc for the gRPC C core, which allocates on every message.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

users_transport::tls_identity_args!(
    /// The server's certificate and key.
    TlsIdentity,
    cert: (
        "USERS_TLS_CERT",
        "Serve TLS with this certificate chain (PEM); needs --tls-key [default: plaintext]"
    ),
    key: "USERS_TLS_KEY"
);

/// Serves the users.Users gRPC service (CreateUser, a bidirectional stream), with the
/// standard health and reflection services beside it.
///
/// Every option can also be set with the environment variable shown in its help; a flag on
/// the command line wins over the variable.
#[derive(Parser)]
#[command(name = "users-server", version = VERSION.as_str())]
struct Args {
    /// Address to listen on: HOST:PORT (port 0 picks a free port), a Unix socket
    /// unix:PATH (removed at a clean stop), or unix-abstract:NAME
    #[arg(long, env = "USERS_ADDR", value_name = "ADDRESS", default_value = DEFAULT_ADDR)]
    addr: String,

    /// Permission bits of a unix:PATH socket file, in octal (e.g. 660: owner and group may
    /// connect) [default: as the umask leaves them]
    #[arg(long, env = "USERS_SOCKET_MODE", value_name = "MODE", value_parser = parse_mode)]
    socket_mode: Option<u32>,

    /// How long running streams may go on after SIGINT/SIGTERM before they are cancelled
    #[arg(long, env = "USERS_SHUTDOWN_GRACE", value_name = "DURATION", default_value_t = DrainConfig::default().grace.into())]
    shutdown_grace: humantime::Duration,

    /// After SIGINT/SIGTERM, how long health reports NOT_SERVING while new calls are still
    /// accepted, before the listener closes
    #[arg(long, env = "USERS_DRAIN_DELAY", value_name = "DURATION", default_value_t = DrainConfig::default().delay.into())]
    drain_delay: humantime::Duration,

    /// Completion-queue threads serving calls [default: one per core]
    #[arg(long, env = "USERS_CQ_COUNT", value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    cq_count: Option<u16>,

    /// Ping a client after this long without activity on its connection
    #[arg(long, env = "USERS_KEEPALIVE_TIME", value_name = "DURATION", default_value_t = DEFAULT_KEEPALIVE_TIME.into(), value_parser = at_least_a_millisecond)]
    keepalive_time: humantime::Duration,

    /// Close a connection whose keepalive ping is not answered within this long
    #[arg(long, env = "USERS_KEEPALIVE_TIMEOUT", value_name = "DURATION", default_value_t = DEFAULT_KEEPALIVE_TIMEOUT.into(), value_parser = at_least_a_millisecond)]
    keepalive_timeout: humantime::Duration,

    /// Shortest interval at which clients may ping; a client that pings more often gets
    /// GOAWAY too_many_pings
    #[arg(long, env = "USERS_KEEPALIVE_MIN_TIME", value_name = "DURATION", default_value_t = DEFAULT_MIN_PING_INTERVAL.into())]
    keepalive_min_time: humantime::Duration,

    /// Ask clients to reconnect (GOAWAY) after a connection has lasted this long, so that
    /// they spread over new replicas; running streams go on [default: never]
    #[arg(long, env = "USERS_MAX_CONNECTION_AGE", value_name = "DURATION", value_parser = at_least_a_millisecond)]
    max_connection_age: Option<humantime::Duration>,

    /// Compression of responses (none or gzip); compressed requests are always accepted
    #[arg(
        long,
        env = "USERS_COMPRESSION",
        value_name = "ALGORITHM",
        default_value_t = ServerConfig::default().compression
    )]
    compression: Compression,

    /// Serve Prometheus metrics at http://HOST:PORT/metrics [default: off]
    #[arg(long, env = "USERS_METRICS_ADDR", value_name = "HOST:PORT")]
    metrics_addr: Option<String>,

    /// Also serve the health service alone, in plaintext, on HOST:PORT: for probes that speak
    /// neither TLS nor tokens, such as Kubernetes' gRPC probes [default: off]
    #[arg(long, env = "USERS_HEALTH_ADDR", value_name = "HOST:PORT")]
    health_addr: Option<String>,

    #[command(flatten)]
    identity: TlsIdentity,

    /// Require client certificates signed by these CAs (PEM): mutual TLS
    #[arg(
        long,
        env = "USERS_TLS_CLIENT_CA",
        value_name = "FILE",
        requires = "tls_cert"
    )]
    tls_client_ca: Option<PathBuf>,

    /// Refuse calls (but health checks) without "authorization: Bearer TOKEN" naming one of
    /// the tokens in FILE, one per line [default: no check]
    #[arg(long, env = "USERS_AUTH_TOKEN_FILE", value_name = "FILE")]
    auth_token_file: Option<PathBuf>,

    /// Largest request accepted, in bytes (suffixes KiB, MiB, GiB); larger ones end their
    /// stream with RESOURCE_EXHAUSTED
    #[arg(long, env = "USERS_MAX_MESSAGE_SIZE", value_name = "BYTES", default_value_t = ByteCount(Limits::default().max_message_bytes))]
    max_message_size: ByteCount,

    /// Streams one connection may have open at once; a client's further streams wait
    #[arg(long, env = "USERS_MAX_CONCURRENT_STREAMS", value_name = "N", default_value_t = DEFAULT_MAX_CONCURRENT_STREAMS, value_parser = clap::value_parser!(u32).range(1..))]
    max_concurrent_streams: u32,

    /// Memory the gRPC core may use for connection buffers, in bytes (suffixes KiB, MiB,
    /// GiB); past it, connections read less
    #[arg(long, env = "USERS_MEMORY_QUOTA", value_name = "BYTES", default_value_t = ByteCount(DEFAULT_MEMORY_QUOTA))]
    memory_quota: ByteCount,

    /// Streams a connection may reset before they are answered; past that, and once they are
    /// more than half of its streams, it gets GOAWAY and is closed (HTTP/2 rapid reset); 0
    /// for no limit
    #[arg(long, env = "USERS_MAX_PREMATURE_RESETS", value_name = "N", default_value_t = DEFAULT_MAX_PREMATURE_RESETS)]
    max_premature_resets: u32,

    /// Bytes a client may send on a stream ahead of what the server has read (suffixes KiB,
    /// MiB, GiB), the HTTP/2 window that bounds how long requests queue; "auto" lets the core
    /// grow it from bandwidth-delay probes (4 MiB or more), for links with long round trips
    #[arg(long, env = "USERS_STREAM_WINDOW", value_name = "BYTES|auto", default_value_t = WindowArg(DEFAULT_STREAM_WINDOW))]
    stream_window: WindowArg,
}

/// The stream window of a flag: a byte count, or "auto".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct WindowArg(StreamWindow);

impl fmt::Display for WindowArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            StreamWindow::Fixed(bytes) => ByteCount(bytes as usize).fmt(f),
            StreamWindow::Auto => f.write_str("auto"),
        }
    }
}

impl std::str::FromStr for WindowArg {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        if text.trim() == "auto" {
            return Ok(WindowArg(StreamWindow::Auto));
        }
        // parse_bytes bounds it to 2 GiB - 1, HTTP/2's largest window.
        let bytes = parse_bytes(text).map_err(|e| format!("{e} (or auto)"))?;
        Ok(WindowArg(StreamWindow::Fixed(
            u32::try_from(bytes).map_err(|_| format!("{text:?} is too large"))?,
        )))
    }
}

/// A byte count of a flag: a number, optionally followed by KiB, MiB or GiB, shown in the
/// largest unit that divides it, so that `--help` shows a default the way it is typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ByteCount(usize);

impl fmt::Display for ByteCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bytes = self.0;
        match [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
            .into_iter()
            .find(|&(unit, _)| bytes >= unit && bytes.is_multiple_of(unit))
        {
            Some((unit, name)) => write!(f, "{}{name}", bytes / unit),
            None => write!(f, "{bytes}"),
        }
    }
}

impl std::str::FromStr for ByteCount {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        parse_bytes(text).map(ByteCount)
    }
}

/// A byte count (parsed by `bytesize`). Decimal units (MB...) are refused: read as binary by
/// many, they would be off by 5%.
fn parse_bytes(text: &str) -> Result<usize, String> {
    let text = text.trim();
    if text.contains('.') {
        return Err(format!(
            "{text:?} is not a whole byte count, e.g. 4MiB or 4194304"
        ));
    }
    let unit = text.trim_start_matches(|c: char| c.is_ascii_digit()).trim();
    if !["", "B", "KiB", "MiB", "GiB"].contains(&unit) {
        return Err(format!("unknown unit {unit:?}: use KiB, MiB or GiB"));
    }
    let bytes = text
        .parse::<ByteSize>()
        .map_err(|_| format!("{text:?} is not a byte count, e.g. 4MiB or 4194304"))?
        .as_u64();
    if bytes == 0 {
        return Err("must be more than 0".to_owned());
    }
    usize::try_from(bytes)
        .ok()
        .filter(|&b| b <= i32::MAX as usize)
        .ok_or_else(|| format!("{text:?} is too large (at most 2GiB - 1)"))
}

/// Reads one file named by a flag, for a one-line error naming both when it cannot.
fn read_file(flag: &str, path: &Path) -> Result<Vec<u8>, String> {
    users_transport::read_file(flag, path).map_err(|e| e.to_string())
}

/// The parts of the configuration that come from files.
fn file_config(args: &Args) -> Result<(Option<TlsConfig>, Option<Tokens>), String> {
    let tls = match (&args.identity.tls_cert, &args.identity.tls_key) {
        (Some(cert), Some(key)) => Some(TlsConfig {
            cert_chain: read_file("--tls-cert", cert)?,
            private_key: read_file("--tls-key", key)?.into(),
            client_ca: match &args.tls_client_ca {
                Some(ca) => Some(read_file("--tls-client-ca", ca)?),
                None => None,
            },
        }),
        _ => None,
    };
    let tokens = match &args.auth_token_file {
        Some(path) => {
            let text = read_file("--auth-token-file", path)?;
            let text = String::from_utf8(text)
                .map_err(|_| format!("--auth-token-file {}: not UTF-8 text", path.display()))?;
            Some(
                Tokens::parse(&text)
                    .map_err(|e| format!("--auth-token-file {}: {e}", path.display()))?,
            )
        }
        None => None,
    };
    Ok((tls, tokens))
}

/// A duration of at least a millisecond, the C core's unit: a zero keepalive or connection
/// age would mean "at once".
fn at_least_a_millisecond(text: &str) -> Result<humantime::Duration, String> {
    match humantime::parse_duration(text) {
        Ok(d) if d < Duration::from_millis(1) => Err("must be at least 1ms".to_owned()),
        Ok(d) => Ok(d.into()),
        Err(e) => Err(e.to_string()),
    }
}

fn main() -> ExitCode {
    // Before the server allocates its memory, which then comes in small pages.
    let pages = memory::small_pages();
    let args = Args::parse();
    users_transport::init_logging("info");
    match pages {
        HugePages::Off => debug!("transparent huge pages off"),
        HugePages::LeftToMimalloc => {
            debug!(
                "transparent huge pages left to mimalloc ({})",
                memory::ALLOW_THP_VAR
            )
        }
        HugePages::Refused(e) => warn!("could not turn transparent huge pages off: {e}"),
    }
    users_transport::exit_status("users-server", run(args))
}

/// Serves until a signal asks for the drain and the drain is over.
fn run(args: Args) -> Result<(), String> {
    let signals = Signals::new([SIGINT, SIGTERM])
        .map_err(|e| format!("cannot install signal handlers: {e}"))?;
    let (stop_tx, stop_rx) = mpsc::channel();
    thread::spawn(move || watch_signals(signals, stop_tx));

    let (tls, tokens) = file_config(&args)?;
    let tracing = TraceConfig::from_env("users-server").map_err(|e| e.to_string())?;
    let config = ServerConfig {
        addr: args.addr,
        socket_mode: args.socket_mode,
        cq_count: args.cq_count.map_or_else(default_cq_count, usize::from),
        keepalive: Keepalive {
            time: args.keepalive_time.into(),
            timeout: args.keepalive_timeout.into(),
            min_ping_interval: args.keepalive_min_time.into(),
        },
        max_connection_age: args.max_connection_age.map(Into::into),
        compression: args.compression,
        metrics_addr: args.metrics_addr,
        health_addr: args.health_addr,
        tls,
        tokens,
        limits: Limits {
            max_message_bytes: args.max_message_size.0,
            max_concurrent_streams: args.max_concurrent_streams,
            memory_quota: Some(args.memory_quota.0),
            max_premature_resets: args.max_premature_resets,
            stream_window: args.stream_window.0,
        },
        tracing,
    };
    let drain = DrainConfig {
        delay: args.drain_delay.into(),
        grace: args.shutdown_grace.into(),
    };
    users_server::run(&config, drain, stop_rx)
        .map(drop)
        .map_err(|e| e.to_string())
}

/// The first signal starts a graceful shutdown; a second one stops the process at once.
fn watch_signals(mut signals: Signals, stop: mpsc::Sender<()>) {
    let mut seen = 0;
    for signal in signals.forever() {
        seen += 1;
        if seen == 1 {
            let _ = stop.send(());
        } else {
            warn!("second signal ({signal}): stopping now without waiting for streams");
            std::process::exit(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The flags fit together, and with none given each takes the library's default (the
    /// variables of the caller's shell aside).
    #[test]
    fn defaults_are_the_librarys() {
        let args: Args = users_transport::parse_without_env(&["users-server"]).unwrap();
        let (drain, config) = (DrainConfig::default(), ServerConfig::default());
        assert_eq!(args.addr, config.addr);
        assert_eq!(Duration::from(args.shutdown_grace), drain.grace);
        assert_eq!(Duration::from(args.drain_delay), drain.delay);
        assert_eq!(Duration::from(args.keepalive_time), config.keepalive.time);
        assert_eq!(
            Duration::from(args.keepalive_timeout),
            config.keepalive.timeout
        );
        assert_eq!(
            Duration::from(args.keepalive_min_time),
            config.keepalive.min_ping_interval
        );
        assert_eq!(args.max_connection_age, None);
        assert_eq!(args.compression, config.compression);
        assert_eq!(args.max_message_size.0, config.limits.max_message_bytes);
        assert_eq!(
            args.max_concurrent_streams,
            config.limits.max_concurrent_streams
        );
        assert_eq!(Some(args.memory_quota.0), config.limits.memory_quota);
        assert_eq!(
            args.max_premature_resets,
            config.limits.max_premature_resets
        );
        assert_eq!(args.stream_window.0, config.limits.stream_window);
    }

    /// The stream window takes a byte count or "auto", shows as typed, and names what is wrong.
    #[test]
    fn stream_windows_parse() {
        for (text, window, shown) in [
            ("64KiB", StreamWindow::Fixed(65536), "64KiB"),
            ("65535", StreamWindow::Fixed(65535), "65535"),
            ("auto", StreamWindow::Auto, "auto"),
        ] {
            let parsed: WindowArg = text.parse().unwrap();
            assert_eq!(parsed.0, window);
            assert_eq!(parsed.to_string(), shown);
        }
        let zero = "0".parse::<WindowArg>().unwrap_err();
        assert!(
            zero.contains("more than 0") && zero.contains("auto"),
            "{zero}"
        );
        let huge = "2GiB".parse::<WindowArg>().unwrap_err();
        assert!(huge.contains("too large"), "{huge}");
        let word = "big".parse::<WindowArg>().unwrap_err();
        assert!(
            word.contains("unknown unit") && word.contains("auto"),
            "{word}"
        );
    }

    /// A byte count shows in the largest unit that divides it, and parses back to itself.
    #[test]
    fn byte_counts_show_as_typed() {
        for (bytes, shown) in [
            (4 << 20, "4MiB"),
            (1 << 30, "1GiB"),
            (3 << 10, "3KiB"),
            (1536, "1536"),
            (1, "1"),
        ] {
            assert_eq!(ByteCount(bytes).to_string(), shown);
            assert_eq!(shown.parse::<ByteCount>(), Ok(ByteCount(bytes)));
        }
    }
}
