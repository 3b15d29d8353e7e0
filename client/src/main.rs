//! `users-client`: streams users to a `users.Users` server and prints each response.

use std::fs::File;
use std::io::{self, BufReader, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::LazyLock;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use users_client::{
    channel, connect_with, format_response, health_status, read_users, reflect, response_json,
    run_stream, target, tutorial_users, CallOptions, ClientError, ClientTls, ClientTracing,
    ConnectOptions, StreamOptions, DEFAULT_ADDR, DEFAULT_DELAY,
};
use users_grpc::health::{ServingStatus, METHOD_CHECK};
use users_grpc::reflection::Version;
use users_grpc::METHOD_CREATE_USER;
use users_transport::Compression;

/// `--version`: the crate's version and the gRPC C core's release.
static VERSION: LazyLock<String> =
    LazyLock::new(|| users_transport::version_line(env!("CARGO_PKG_VERSION")));

users_transport::tls_identity_args!(
    /// The certificate and key the client presents to servers that ask for one.
    TlsIdentity,
    cert: (
        "USERS_CLIENT_TLS_CERT",
        "Present this certificate chain (PEM) to servers that ask for one; needs --tls-key"
    ),
    key: "USERS_CLIENT_TLS_KEY"
);

/// Streams users to a users.Users gRPC server (CreateUser) and prints each response.
///
/// Every option can also be set with the environment variable shown in its help; a flag on
/// the command line wins over the variable.
#[derive(Parser)]
#[command(name = "users-client", version = VERSION.as_str())]
struct Args {
    /// Server address, HOST:PORT; several IP:PORT addresses (comma-separated or repeated)
    /// spread streams round-robin, as does a host name that resolves to several addresses
    #[arg(long, env = "USERS_ADDR", value_name = "HOST:PORT", default_value = DEFAULT_ADDR)]
    addr: Vec<String>,

    /// Pause after each send, e.g. 1s, 250ms, 0ms
    #[arg(long, env = "USERS_DELAY", value_name = "DURATION", default_value_t = DEFAULT_DELAY.into())]
    delay: humantime::Duration,

    /// Users to send, as JSON Lines ({"id":"7","name":"Ana","last_name":"Lee","age":31} per
    /// line; "-" reads standard input) [default: the tutorial's five users]
    #[arg(long, env = "USERS_INPUT", value_name = "FILE")]
    input: Option<PathBuf>,

    /// Deadline for the whole stream, e.g. 30s [default: none]
    #[arg(long, env = "USERS_TIMEOUT", value_name = "DURATION")]
    timeout: Option<humantime::Duration>,

    /// How each response is printed
    #[arg(long, env = "USERS_OUTPUT", value_enum, default_value_t = Output::Text)]
    output: Output,

    /// Compression of requests (none or gzip); compressed responses are always accepted
    #[arg(
        long,
        env = "USERS_COMPRESSION",
        value_name = "ALGORITHM",
        default_value_t = ConnectOptions::default().compression
    )]
    compression: Compression,

    /// Speak TLS, checking the server against the system's CAs (implied by the other --tls
    /// options)
    #[arg(long, env = "USERS_TLS")]
    tls: bool,

    /// Check the server's certificate against these CAs (PEM) instead of the system's
    #[arg(long, env = "USERS_TLS_CA", value_name = "FILE")]
    tls_ca: Option<PathBuf>,

    #[command(flatten)]
    identity: TlsIdentity,

    /// The name the server's certificate must carry [default: the host dialled]
    #[arg(long, env = "USERS_TLS_SERVER_NAME", value_name = "NAME")]
    tls_server_name: Option<String>,

    /// Bearer token sent with every call ("authorization: Bearer TOKEN"); prefer the variable,
    /// which other users cannot read in the process list
    #[arg(
        long,
        env = "USERS_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    token: Option<String>,

    /// Print the services the server offers (asked by server reflection) and exit
    #[arg(long, conflicts_with_all = ["describe", "health"])]
    list_services: bool,

    /// Ask the server's health service for SERVICE (the whole server when omitted), print the
    /// status and exit: 0 when SERVING, 1 otherwise
    #[arg(long, value_name = "SERVICE", num_args = 0..=1, default_missing_value = "", conflicts_with = "describe")]
    health: Option<String>,

    /// Print the declaration of a service, method or message (asked by server reflection),
    /// e.g. users.Users, and exit
    #[arg(long, value_name = "SYMBOL")]
    describe: Option<String>,
}

/// The ways a response can be printed.
#[derive(Clone, Copy, ValueEnum)]
enum Output {
    /// One readable line per response
    Text,
    /// One JSON object per response
    Json,
}

/// How long a reflection or health question may take when no --timeout is given.
const REFLECTION_TIMEOUT: Duration = Duration::from_secs(10);

fn main() -> ExitCode {
    let args = Args::parse();
    users_transport::init_logging("warn");
    users_transport::exit_status("users-client", run(&args))
}

fn run(args: &Args) -> Result<(), ClientError> {
    let tracing = ClientTracing::from_env()?;
    let outcome = run_traced(args, tracing.as_ref());
    if let Some(tracing) = &tracing {
        tracing.shutdown();
    }
    outcome
}

/// Runs `call`, a call of `method` to `target`, in a span of its own when tracing is on.
fn traced<T>(
    tracing: Option<&ClientTracing>,
    method: &str,
    target: &str,
    call: impl FnOnce() -> Result<T, ClientError>,
) -> Result<T, ClientError> {
    match tracing {
        Some(tracing) => tracing.in_span(method, target, call),
        None => call(),
    }
}

fn run_traced(args: &Args, tracing: Option<&ClientTracing>) -> Result<(), ClientError> {
    let target = target(&args.addr)?;
    let shown = args.addr.join(",");
    let tls = ClientTls::from_flags(
        args.tls,
        args.tls_ca.as_deref(),
        args.identity
            .tls_cert
            .as_deref()
            .zip(args.identity.tls_key.as_deref()),
        args.tls_server_name.as_deref(),
    )?;
    let connect_options = ConnectOptions {
        compression: args.compression,
        tls,
    };
    if args.token.is_some() && connect_options.tls.is_none() {
        log::warn!("sending a bearer token without TLS: anyone on the path can read it");
    }
    let call = CallOptions {
        timeout: args.timeout.map(Into::into),
        token: args.token.clone().map(Into::into),
    };
    let asking = call.or_timeout(REFLECTION_TIMEOUT);
    if let Some(service) = &args.health {
        let channel = channel(&target, &connect_options);
        let status = traced(tracing, METHOD_CHECK.name, &shown, || {
            health_status(channel, &shown, service, &asking)
        })?;
        println!("{status:?}");
        return match status {
            ServingStatus::SERVING => Ok(()),
            _ => Err(ClientError::NotServing(format!("{status:?}"))),
        };
    }
    if args.list_services || args.describe.is_some() {
        let channel = channel(&target, &connect_options);
        let method = Version::V1.method().name;
        let text = traced(tracing, method, &shown, || match &args.describe {
            Some(symbol) => reflect::describe(&channel, &shown, symbol, &asking),
            None => reflect::list_services(&channel, &shown, &asking).map(|s| s.join("\n")),
        })?;
        println!("{text}");
        return Ok(());
    }
    let users = match &args.input {
        None => tutorial_users(),
        Some(path) if path.as_os_str() == "-" => read_users(io::stdin().lock(), "<stdin>")?,
        Some(path) => {
            let name = path.display().to_string();
            let file = File::open(path).map_err(|source| ClientError::Read {
                file: name.clone(),
                source,
            })?;
            read_users(BufReader::new(file), &name)?
        }
    };

    let options = StreamOptions {
        delay: args.delay.into(),
        call,
    };
    let client = connect_with(&target, &connect_options);
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
    let summary = traced(tracing, METHOD_CREATE_USER.name, &shown, || {
        run_stream(&client, &shown, users, &options, print)
    })?;
    log::info!(
        "stream finished: {} users sent, {} responses received, status OK",
        summary.sent,
        summary.received
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The flags fit together, and with none given each takes the library's default (the
    /// variables of the caller's shell aside).
    #[test]
    fn defaults_are_the_librarys() {
        let args: Args = users_transport::parse_without_env(&["users-client"]).unwrap();
        assert_eq!(args.addr, [DEFAULT_ADDR]);
        assert_eq!(Duration::from(args.delay), StreamOptions::default().delay);
        assert_eq!(args.timeout, None);
        assert_eq!(args.compression, ConnectOptions::default().compression);
    }
}
