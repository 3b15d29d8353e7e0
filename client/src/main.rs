//! `users-client`: streams users to a `users.Users` server and prints each response.

use std::fs::File;
use std::io::{self, BufReader, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use users_client::{
    check_addr, connect, format_response, read_users, response_json, run_stream, tutorial_users,
    ClientError, StreamOptions, DEFAULT_ADDR,
};

/// Streams users to a users.Users gRPC server (CreateUser) and prints each response.
#[derive(Parser)]
#[command(name = "users-client", version)]
struct Args {
    /// Server address, HOST:PORT
    #[arg(long, value_name = "HOST:PORT", default_value = DEFAULT_ADDR)]
    addr: String,

    /// Pause after each send, e.g. 1s, 250ms, 0ms
    #[arg(long, value_name = "DURATION", default_value = "1s", value_parser = humantime::parse_duration)]
    delay: Duration,

    /// Users to send, as JSON Lines ({"id":"7","name":"Ana","last_name":"Lee","age":31} per
    /// line; "-" reads standard input) [default: the tutorial's five users]
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,

    /// Deadline for the whole stream, e.g. 30s [default: none]
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration)]
    timeout: Option<Duration>,

    /// How each response is printed
    #[arg(long, value_enum, default_value_t = Output::Text)]
    output: Output,
}

/// The ways a response can be printed.
#[derive(Clone, Copy, ValueEnum)]
enum Output {
    /// One readable line per response
    Text,
    /// One JSON object per response
    Json,
}

fn main() -> ExitCode {
    let args = Args::parse();
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    users_grpc::redirect_core_log();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("users-client: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<(), ClientError> {
    check_addr(&args.addr)?;
    let users = match &args.input {
        None => tutorial_users(),
        Some(path) if path.as_os_str() == "-" => read_users(io::stdin().lock(), "<stdin>")?,
        Some(path) => {
            let source = path.display().to_string();
            let file = File::open(path).map_err(|e| ClientError::Read {
                source: source.clone(),
                reason: e.to_string(),
            })?;
            read_users(BufReader::new(file), &source)?
        }
    };

    let options = StreamOptions {
        delay: args.delay,
        timeout: args.timeout,
    };
    let client = connect(&args.addr);
    let output = args.output;
    let print = move |res: &users_grpc::CreateUserRes| {
        let line = match output {
            Output::Text => format_response(res),
            Output::Json => response_json(res),
        };
        // A closed stdout (e.g. `| head`) must not abort the stream: keep going, print nothing.
        let mut stdout = io::stdout().lock();
        let _ = writeln!(stdout, "{line}").and_then(|()| stdout.flush());
    };
    let summary = run_stream(&client, &args.addr, users, &options, print)?;
    log::info!(
        "stream finished: {} users sent, {} responses received, status OK",
        summary.sent,
        summary.received
    );
    Ok(())
}
