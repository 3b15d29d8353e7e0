//! `users-bench`: a load generator for `users.Users` servers; the work is in
//! `users_client::bench`.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::LazyLock;
use std::time::Duration;

use clap::{Parser, Subcommand};
use users_client::bench::{self, BenchError, BenchOptions, Scenario, DEFAULT_ADDR};

/// `--version`: the crate's version and the gRPC C core's release.
static VERSION: LazyLock<String> =
    LazyLock::new(|| users_grpc::version_line(env!("CARGO_PKG_VERSION")));

/// Drives a users.Users gRPC server (CreateUser) with generated users, checks every answer and
/// reports throughput and latency.
#[derive(Parser)]
#[command(name = "users-bench", version = VERSION.as_str())]
struct Args {
    #[command(subcommand)]
    scenario: ScenarioArgs,

    /// Server address, HOST:PORT
    #[arg(long, global = true, value_name = "HOST:PORT", default_value = DEFAULT_ADDR)]
    addr: String,

    /// Print one JSON object on one line instead of a table
    #[arg(long, global = true)]
    json: bool,

    /// Bound on the whole run, e.g. 120s, 5m; exceeding it is an error
    #[arg(long, global = true, value_name = "DURATION", default_value = "120s", value_parser = positive_duration)]
    timeout: Duration,
}

/// The load patterns.
#[derive(Subcommand)]
enum ScenarioArgs {
    /// S streams over C connections, each sending N users as fast as flow control allows
    Flood {
        /// Streams in all
        #[arg(long, value_name = "S", default_value_t = 1, value_parser = at_least_one())]
        streams: u64,
        /// Connections the streams are spread over, round-robin
        #[arg(long, value_name = "C", default_value_t = 1, value_parser = at_least_one())]
        connections: u64,
        /// Users per stream
        #[arg(long, value_name = "N", default_value_t = 200_000, value_parser = at_least_one())]
        users: u64,
    },
    /// One stream, one request outstanding at a time: send, await its answer, repeat
    PingPong {
        /// Requests to send
        #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = at_least_one())]
        requests: u64,
    },
    /// A fixed total rate on a schedule; latency counts from each user's intended send time
    OpenLoop {
        /// Users per second, all streams together
        #[arg(long, value_name = "R", default_value_t = 50_000, value_parser = at_least_one())]
        rate: u64,
        /// How long to send, e.g. 5s
        #[arg(long, value_name = "D", default_value = "5s", value_parser = positive_duration)]
        duration: Duration,
        /// Streams, each sending at R/S users per second
        #[arg(long, value_name = "S", default_value_t = 1, value_parser = at_least_one())]
        streams: u64,
        /// Connections the streams are spread over, round-robin
        #[arg(long, value_name = "C", default_value_t = 1, value_parser = at_least_one())]
        connections: u64,
    },
    /// Many short streams, K at a time: each sends N users, half-closes and must end OK
    Churn {
        /// Streams in all
        #[arg(long, value_name = "S", default_value_t = 10_000, value_parser = at_least_one())]
        streams: u64,
        /// Streams in flight at once
        #[arg(long, value_name = "K", default_value_t = 32, value_parser = at_least_one())]
        concurrency: u64,
        /// Users per stream
        #[arg(long, value_name = "N", default_value_t = 1, value_parser = at_least_one())]
        users: u64,
        /// Connections the streams are spread over, round-robin
        #[arg(long, value_name = "C", default_value_t = 1, value_parser = at_least_one())]
        connections: u64,
    },
    /// S streams, each answered once, then held open and idle, then closed and checked
    Idle {
        /// Streams to hold open
        #[arg(long, value_name = "S", default_value_t = 1000, value_parser = at_least_one())]
        streams: u64,
        /// Connections the streams are spread over, round-robin
        #[arg(long, value_name = "C", default_value_t = 1, value_parser = at_least_one())]
        connections: u64,
        /// How long to hold the streams open once all are answered, e.g. 10s
        #[arg(long, value_name = "D", default_value = "10s", value_parser = humantime::parse_duration)]
        hold: Duration,
    },
}

impl ScenarioArgs {
    fn scenario(&self) -> Scenario {
        match *self {
            ScenarioArgs::Flood {
                streams,
                connections,
                users,
            } => Scenario::Flood {
                streams,
                connections,
                users,
            },
            ScenarioArgs::PingPong { requests } => Scenario::PingPong { requests },
            ScenarioArgs::OpenLoop {
                rate,
                duration,
                streams,
                connections,
            } => Scenario::OpenLoop {
                rate,
                duration,
                streams,
                connections,
            },
            ScenarioArgs::Churn {
                streams,
                concurrency,
                users,
                connections,
            } => Scenario::Churn {
                streams,
                concurrency,
                users,
                connections,
            },
            ScenarioArgs::Idle {
                streams,
                connections,
                hold,
            } => Scenario::Idle {
                streams,
                connections,
                hold,
            },
        }
    }
}

fn at_least_one() -> clap::builder::RangedU64ValueParser<u64> {
    clap::value_parser!(u64).range(1..)
}

fn positive_duration(text: &str) -> Result<Duration, String> {
    match humantime::parse_duration(text) {
        Ok(d) if d.is_zero() => Err("must be longer than zero".to_owned()),
        Ok(d) => Ok(d),
        Err(e) => Err(e.to_string()),
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    users_grpc::redirect_core_log();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("users-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<(), BenchError> {
    let scenario = args.scenario.scenario();
    let options = BenchOptions {
        addr: args.addr.clone(),
        timeout: args.timeout,
        progress: !args.json && io::stderr().is_terminal(),
    };
    // A harness waits for this line before it measures the server with the streams held.
    let mut on_ready = |streams: u64| {
        print_line(&format!("{{\"event\":\"ready\",\"streams\":{streams}}}\n"));
    };
    let report = bench::run(&scenario, &options, &mut on_ready)?;
    log::info!(
        "{} finished: {} answers checked in {:?}",
        report.scenario,
        report.messages,
        report.elapsed
    );
    if args.json {
        print_line(&format!("{}\n", report.to_json()));
    } else {
        print_line(&report.to_table());
    }
    Ok(())
}

/// Writes to stdout and flushes; a closed stdout (`| head`) is no reason to fail a run.
fn print_line(text: &str) {
    let mut stdout = io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}
