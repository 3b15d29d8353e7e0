//! The `users.Users` gRPC server on grpcio: the stream handler, its rules, and a server
//! that starts, reports its port and shuts down gracefully.

pub mod rules;
mod service;
mod stats;

use std::fmt;
use std::sync::{mpsc, Arc};
use std::thread;
use std::time::Duration;

use grpcio::{ChannelBuilder, Environment, Server, ServerBuilder, ServerCredentials};
use log::{info, warn};

pub use service::UsersService;
pub use stats::{Snapshot, Stats};

/// The address the server listens on unless told otherwise, as the Go tutorial server.
pub const DEFAULT_ADDR: &str = "0.0.0.0:3000";

/// How long running streams may go on after a shutdown starts, unless told otherwise.
pub const DEFAULT_SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// How long to wait for cancelled calls to wind down once the grace period is over.
const CANCEL_WAIT: Duration = Duration::from_secs(5);

/// What the server needs to start.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// `HOST:PORT` to listen on; port 0 picks a free port.
    pub addr: String,
    /// Number of completion-queue threads that serve calls.
    pub cq_count: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            addr: DEFAULT_ADDR.to_owned(),
            cq_count: default_cq_count(),
        }
    }
}

/// One completion queue per available core: more only adds contention.
pub fn default_cq_count() -> usize {
    thread::available_parallelism().map_or(1, |n| n.get())
}

/// Why the server could not start.
#[derive(Debug)]
pub enum ServerError {
    /// The address is not of the form `HOST:PORT`.
    BadAddress(String),
    /// The address could not be bound (in use, not local, unresolvable).
    Bind { addr: String, reason: String },
    /// grpcio refused to build the server.
    Build(grpcio::Error),
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServerError::BadAddress(addr) => {
                write!(
                    f,
                    "invalid address {addr:?}: expected HOST:PORT, e.g. 0.0.0.0:3000"
                )
            }
            ServerError::Bind { addr, reason } => write!(f, "cannot listen on {addr}: {reason}"),
            ServerError::Build(e) => write!(f, "cannot build the gRPC server: {e}"),
        }
    }
}

impl std::error::Error for ServerError {}

/// How a shutdown went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drain {
    /// Every running stream finished within the grace period.
    Completed,
    /// The grace period ran out; this many streams were still running and were cancelled.
    Cancelled(u64),
}

/// A running server.
pub struct UsersServer {
    server: Server,
    port: u16,
    stats: Arc<Stats>,
}

impl UsersServer {
    /// Binds `config.addr`, registers the service and starts serving.
    pub fn start(config: &ServerConfig) -> Result<UsersServer, ServerError> {
        let port_text = config
            .addr
            .rsplit_once(':')
            .map(|(_, port)| port)
            .ok_or_else(|| ServerError::BadAddress(config.addr.clone()))?;
        if port_text.parse::<u16>().is_err() {
            return Err(ServerError::BadAddress(config.addr.clone()));
        }

        let env = Arc::new(Environment::new(config.cq_count.max(1)));
        let stats = Arc::new(Stats::default());
        let service = users_grpc::create_users(UsersService::new(Arc::clone(&stats)));
        // The C core sets SO_REUSEPORT by default, which lets a second server silently share
        // (and split) a port that is already taken; refuse that as Go servers do.
        let args = ChannelBuilder::new(Arc::clone(&env))
            .reuse_port(false)
            // The minimal filter stack drops the message-size filter, which costs about a
            // quarter of the core's work per message (BENCHMARKS.md); the contract crate's
            // decoder enforces the same 4 MiB limit. Deadlines stay enforced by the core.
            .raw_cfg_int(c"grpc.minimal_stack".to_owned(), 1)
            .raw_cfg_int(c"grpc.enable_deadline_checking".to_owned(), 1)
            .build_args();
        let mut server = ServerBuilder::new(env)
            .channel_args(args)
            .register_service(service)
            .build()
            .map_err(ServerError::Build)?;
        let port = server
            .add_listening_port(config.addr.as_str(), ServerCredentials::insecure())
            .map_err(|_| ServerError::Bind {
                addr: config.addr.clone(),
                reason: bind_failure_reason(&config.addr),
            })?;
        server.start();
        Ok(UsersServer {
            server,
            port,
            stats,
        })
    }

    /// The port the server listens on (the one picked when the address asked for port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The server's stream counters.
    pub fn stats(&self) -> &Arc<Stats> {
        &self.stats
    }

    /// Stops accepting calls, lets running streams finish for `grace`, then cancels the rest.
    pub fn shutdown(self, grace: Duration) -> Drain {
        self.begin_shutdown().finish(grace)
    }

    /// Stops accepting calls at once; running streams go on until the drain is finished.
    pub fn begin_shutdown(mut self) -> Draining {
        let shutdown = self.server.shutdown();
        let (done_tx, done_rx) = mpsc::channel();
        // The shutdown future resolves only once every call has ended; wait for it off the
        // completion-queue threads so that a grace timer can run beside it.
        thread::spawn(move || {
            let _ = done_tx.send(futures::executor::block_on(shutdown));
        });
        Draining {
            server: self,
            done: done_rx,
        }
    }
}

/// A server that no longer accepts calls and waits for its running streams.
pub struct Draining {
    server: UsersServer,
    done: mpsc::Receiver<grpcio::Result<()>>,
}

impl Draining {
    /// The server's stream counters.
    pub fn stats(&self) -> &Arc<Stats> {
        &self.server.stats
    }

    /// Waits up to `grace` for running streams to end, then cancels those still running.
    pub fn finish(mut self, grace: Duration) -> Drain {
        if self.done.recv_timeout(grace).is_ok() {
            return Drain::Completed;
        }
        let running = self.server.stats.snapshot().active_streams;
        warn!("grace period of {grace:?} over: cancelling {running} running stream(s)");
        self.server.server.cancel_all_calls();
        if self.done.recv_timeout(CANCEL_WAIT).is_err() {
            warn!("calls still running {CANCEL_WAIT:?} after cancellation; stopping anyway");
        }
        Drain::Cancelled(running)
    }
}

/// Explains a failed bind: the C core reports only that it failed, the OS says why.
fn bind_failure_reason(addr: &str) -> String {
    match std::net::TcpListener::bind(addr) {
        Err(e) => e.to_string(),
        Ok(_) => "the gRPC core refused the address".to_owned(),
    }
}

/// Serves until `stop` yields, then drains for `grace`: the whole life of `users-server`.
pub fn run(
    config: &ServerConfig,
    grace: Duration,
    stop: mpsc::Receiver<()>,
) -> Result<Drain, ServerError> {
    let server = UsersServer::start(config)?;
    let shown = match config.addr.rsplit_once(':') {
        Some((host, _)) => format!("{host}:{}", server.port()),
        None => config.addr.clone(),
    };
    info!("users-server listening on {shown}");
    // A closed channel means nobody can ask for a stop any more: treat it as a stop.
    let _ = stop.recv();
    info!("shutting down: no new calls, running streams have {grace:?} to finish");
    let stats = Arc::clone(server.stats());
    let drain = server.shutdown(grace);
    let totals = stats.snapshot();
    let how = match drain {
        Drain::Completed => "all streams finished".to_owned(),
        Drain::Cancelled(n) => format!("{n} stream(s) cancelled"),
    };
    info!(
        "stopped ({how}): {} streams, {} users received, {} responses sent",
        totals.total_streams, totals.users_received, totals.responses_sent
    );
    Ok(drain)
}
