//! `users-server`: serves `users.Users` until SIGINT or SIGTERM, then drains and exits.

use std::process::ExitCode;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use clap::Parser;
use log::warn;
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;
use users_server::{default_cq_count, ServerConfig, DEFAULT_ADDR};

// mimalloc also takes over malloc for the gRPC C core, which allocates on every message.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Serves the users.Users gRPC service (CreateUser, a bidirectional stream).
#[derive(Parser)]
#[command(name = "users-server", version)]
struct Args {
    /// Address to listen on, HOST:PORT (port 0 picks a free port)
    #[arg(long, value_name = "HOST:PORT", default_value = DEFAULT_ADDR)]
    addr: String,

    /// How long running streams may go on after SIGINT/SIGTERM before they are cancelled
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = humantime::parse_duration)]
    shutdown_grace: Duration,

    /// Completion-queue threads serving calls [default: one per core]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    cq_count: Option<u16>,
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
    };
    match users_server::run(&config, args.shutdown_grace, stop_rx) {
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
