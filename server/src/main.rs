//! `users-server`: serves `users.Users` until SIGINT or SIGTERM, then drains and exits.

use std::process::ExitCode;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use clap::Parser;
use log::warn;
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;
use users_grpc::Compression;
use users_server::{default_cq_count, DrainConfig, Keepalive, ServerConfig, DEFAULT_ADDR};

// mimalloc also takes over malloc for the gRPC C core, which allocates on every message.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Serves the users.Users gRPC service (CreateUser, a bidirectional stream), with the
/// standard health and reflection services beside it.
///
/// Every option can also be set with the environment variable shown in its help; a flag on
/// the command line wins over the variable.
#[derive(Parser)]
#[command(name = "users-server", version)]
struct Args {
    /// Address to listen on, HOST:PORT (port 0 picks a free port)
    #[arg(long, env = "USERS_ADDR", value_name = "HOST:PORT", default_value = DEFAULT_ADDR)]
    addr: String,

    /// How long running streams may go on after SIGINT/SIGTERM before they are cancelled
    #[arg(long, env = "USERS_SHUTDOWN_GRACE", value_name = "DURATION", default_value = "10s", value_parser = humantime::parse_duration)]
    shutdown_grace: Duration,

    /// After SIGINT/SIGTERM, how long health reports NOT_SERVING while new calls are still
    /// accepted, before the listener closes
    #[arg(long, env = "USERS_DRAIN_DELAY", value_name = "DURATION", default_value = "0s", value_parser = humantime::parse_duration)]
    drain_delay: Duration,

    /// Completion-queue threads serving calls [default: one per core]
    #[arg(long, env = "USERS_CQ_COUNT", value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    cq_count: Option<u16>,

    /// Ping a client after this long without activity on its connection
    #[arg(long, env = "USERS_KEEPALIVE_TIME", value_name = "DURATION", default_value = "2h", value_parser = positive_duration)]
    keepalive_time: Duration,

    /// Close a connection whose keepalive ping is not answered within this long
    #[arg(long, env = "USERS_KEEPALIVE_TIMEOUT", value_name = "DURATION", default_value = "20s", value_parser = positive_duration)]
    keepalive_timeout: Duration,

    /// Shortest interval at which clients may ping; a client that pings more often gets
    /// GOAWAY too_many_pings
    #[arg(long, env = "USERS_KEEPALIVE_MIN_TIME", value_name = "DURATION", default_value = "5s", value_parser = humantime::parse_duration)]
    keepalive_min_time: Duration,

    /// Ask clients to reconnect (GOAWAY) after a connection has lasted this long, so that
    /// they spread over new replicas; running streams go on [default: never]
    #[arg(long, env = "USERS_MAX_CONNECTION_AGE", value_name = "DURATION", value_parser = positive_duration)]
    max_connection_age: Option<Duration>,

    /// Compression of responses (none or gzip); compressed requests are always accepted
    #[arg(
        long,
        env = "USERS_COMPRESSION",
        value_name = "ALGORITHM",
        default_value = "none"
    )]
    compression: Compression,

    /// Serve Prometheus metrics at http://HOST:PORT/metrics [default: off]
    #[arg(long, env = "USERS_METRICS_ADDR", value_name = "HOST:PORT")]
    metrics_addr: Option<String>,
}

/// A duration of at least a millisecond, the C core's unit: a zero keepalive or connection
/// age would mean "at once".
fn positive_duration(text: &str) -> Result<Duration, String> {
    match humantime::parse_duration(text) {
        Ok(d) if d < Duration::from_millis(1) => Err("must be at least 1ms".to_owned()),
        Ok(d) => Ok(d),
        Err(e) => Err(e.to_string()),
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    users_grpc::redirect_core_log();

    let signals = match Signals::new([SIGINT, SIGTERM]) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("users-server: cannot install signal handlers: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (stop_tx, stop_rx) = mpsc::channel();
    thread::spawn(move || watch_signals(signals, stop_tx));

    let config = ServerConfig {
        addr: args.addr,
        cq_count: args.cq_count.map_or_else(default_cq_count, usize::from),
        keepalive: Keepalive {
            time: args.keepalive_time,
            timeout: args.keepalive_timeout,
            min_ping_interval: args.keepalive_min_time,
        },
        max_connection_age: args.max_connection_age,
        compression: args.compression,
        metrics_addr: args.metrics_addr,
    };
    let drain = DrainConfig {
        delay: args.drain_delay,
        grace: args.shutdown_grace,
    };
    match users_server::run(&config, drain, stop_rx) {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("users-server: {e}");
            ExitCode::FAILURE
        }
    }
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
