//! `users-bench`: a load generator for `users.Users` servers; the work is in the library.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::LazyLock;

use clap::Parser;
use users_bench::{positive_duration, BenchError, BenchOptions, Scenario, DEFAULT_TIMEOUT};
use users_client::{ClientTls, DEFAULT_ADDR};

/// `--version`: the crate's version and the gRPC C core's release.
static VERSION: LazyLock<String> =
    LazyLock::new(|| users_transport::version_line(env!("CARGO_PKG_VERSION")));

/// Drives a users.Users gRPC server (CreateUser) with generated users, checks every answer and
/// reports throughput and latency.
#[derive(Parser)]
#[command(name = "users-bench", version = VERSION.as_str())]
struct Args {
    #[command(subcommand)]
    scenario: Scenario,

    /// Server address, HOST:PORT
    #[arg(long, global = true, value_name = "HOST:PORT", default_value = DEFAULT_ADDR)]
    addr: String,

    /// Print one JSON object on one line instead of a table
    #[arg(long, global = true)]
    json: bool,

    /// Bound on the whole run, e.g. 120s, 5m; exceeding it is an error
    #[arg(long, global = true, value_name = "DURATION", default_value_t = DEFAULT_TIMEOUT.into(), value_parser = |text: &str| positive_duration(text).map(humantime::Duration::from))]
    timeout: humantime::Duration,

    /// Speak TLS, checking the server's certificate against these CAs (PEM) [default: plaintext;
    /// the system's CAs when another --tls option asks for TLS]
    #[arg(long, global = true, value_name = "FILE")]
    tls_ca: Option<PathBuf>,

    /// The name the server's certificate must carry [default: the host dialled]
    #[arg(long, global = true, value_name = "NAME")]
    tls_server_name: Option<String>,

    /// Present this certificate chain (PEM) to servers that ask for one; needs --tls-key
    #[arg(long, global = true, value_name = "FILE", requires = "tls_key")]
    tls_cert: Option<PathBuf>,

    /// The private key of --tls-cert (PEM)
    #[arg(long, global = true, value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    users_transport::init_logging("warn");
    users_transport::exit_status("users-bench", run(&args))
}

fn run(args: &Args) -> Result<(), BenchError> {
    let tls = ClientTls::from_flags(
        false,
        args.tls_ca.as_deref(),
        args.tls_cert.as_deref().zip(args.tls_key.as_deref()),
        args.tls_server_name.as_deref(),
    )
    .map_err(BenchError::Tls)?;
    let options = BenchOptions {
        addr: args.addr.clone(),
        timeout: args.timeout.into(),
        progress: !args.json && io::stderr().is_terminal(),
        tls,
    };
    // A harness waits for this line before it measures the server with the streams held.
    let mut on_ready = |streams: u64| {
        print_line(&format!("{{\"event\":\"ready\",\"streams\":{streams}}}\n"));
    };
    let report = users_bench::run(&args.scenario, &options, &mut on_ready)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// The flags fit together, and with none given the run takes the library's defaults.
    #[test]
    fn defaults_are_the_librarys() {
        let args: Args = users_transport::parse_without_env(&["users-bench", "flood"]).unwrap();
        assert_eq!(args.addr, DEFAULT_ADDR);
        assert_eq!(Duration::from(args.timeout), DEFAULT_TIMEOUT);
    }
}
