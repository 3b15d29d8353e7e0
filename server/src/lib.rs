//! The `users.Users` gRPC server on grpcio: the stream handler, its rules, and a server
//! that starts, reports its port, answers health checks and reflection, exports metrics and
//! shuts down gracefully.

mod auth;
mod health;
mod metrics;
mod reflection;
mod service;
mod stats;

use std::fmt;
use std::net::SocketAddr;
use std::sync::{mpsc, Arc};
use std::thread;
use std::time::Duration;

use grpcio::{
    CertificateRequestType, ChannelBuilder, EnvBuilder, Environment, ResourceQuota, Server,
    ServerBuilder, ServerCredentials, ServerCredentialsBuilder,
};
use log::{info, warn};
use users_grpc::health::ServingStatus;
use users_grpc::reflection::{create_server_reflection, Version};
use users_grpc::transport::Compression;
use users_grpc::SERVICE_NAME;

pub use auth::{TokenChecker, Tokens};
pub use health::HealthService;
pub use metrics::MetricsServer;
pub use reflection::{DescriptorSet, ReflectionService};
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
    /// Keepalive pings sent, and the pings accepted from clients.
    pub keepalive: Keepalive,
    /// Connections are asked to go away (GOAWAY) after this long, so that clients reconnect
    /// and spread over replicas added since; running streams are not cut.
    pub max_connection_age: Option<Duration>,
    /// How responses are compressed; compressed requests are accepted whatever this says.
    pub compression: Compression,
    /// `HOST:PORT` of the Prometheus metrics endpoint, if any.
    pub metrics_addr: Option<String>,
    /// TLS for the gRPC port; plaintext when `None`.
    pub tls: Option<TlsConfig>,
    /// Bearer tokens every call but health checks must present; no check when `None`.
    pub tokens: Option<Tokens>,
    /// What one client may take of the server.
    pub limits: Limits,
}

/// The server's TLS identity, and the authority its clients' certificates must come from.
#[derive(Clone)]
pub struct TlsConfig {
    /// The certificate chain, PEM, the server's own certificate first.
    pub cert_chain: Vec<u8>,
    /// The private key of that certificate, PEM.
    pub private_key: Vec<u8>,
    /// When set, clients must present a certificate signed by one of these CAs (PEM): mTLS.
    pub client_ca: Option<Vec<u8>>,
}

impl fmt::Debug for TlsConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The private key stays out of logs and panics.
        f.debug_struct("TlsConfig")
            .field("cert_chain", &format!("{} bytes", self.cert_chain.len()))
            .field("client_ca", &self.client_ca.as_ref().map(Vec::len))
            .finish_non_exhaustive()
    }
}

/// The bounds on what one client can make the server hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest request decoded, in bytes; larger ones end their call RESOURCE_EXHAUSTED.
    pub max_message_bytes: usize,
    /// Streams one connection may have open at once; the client queues further ones.
    pub max_concurrent_streams: u32,
    /// The memory the C core may use for the buffers of all connections, in bytes.
    pub memory_quota: Option<usize>,
    /// Streams a connection may reset before they are answered, once they are more than half
    /// of its streams, before it is closed with GOAWAY (HTTP/2 rapid reset); 0: no limit.
    pub max_premature_resets: u32,
}

/// Streams one connection may have open at once unless told otherwise.
pub const DEFAULT_MAX_CONCURRENT_STREAMS: u32 = 1024;

/// The C core's buffer memory unless told otherwise: 1 GiB.
pub const DEFAULT_MEMORY_QUOTA: usize = 1 << 30;

/// Premature resets a connection may make unless told otherwise (Envoy's threshold).
pub const DEFAULT_MAX_PREMATURE_RESETS: u32 = 500;

/// Streams freed after a reset that do not yet count against max_concurrent_streams, so that a
/// client at its limit that cancels one stream can open the next at once (the headroom
/// upstream's h2_max_deallocating_streams_headroom experiment would give).
const DEALLOCATING_STREAMS_HEADROOM: i32 = 100;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_message_bytes: users_grpc::MAX_MESSAGE_BYTES,
            max_concurrent_streams: DEFAULT_MAX_CONCURRENT_STREAMS,
            memory_quota: Some(DEFAULT_MEMORY_QUOTA),
            max_premature_resets: DEFAULT_MAX_PREMATURE_RESETS,
        }
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            addr: DEFAULT_ADDR.to_owned(),
            cq_count: default_cq_count(),
            keepalive: Keepalive::default(),
            max_connection_age: None,
            compression: Compression::None,
            metrics_addr: None,
            tls: None,
            tokens: None,
            limits: Limits::default(),
        }
    }
}

/// The keepalive settings of the server's connections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keepalive {
    /// The server pings a client after this long without activity on its connection.
    pub time: Duration,
    /// A connection whose ping is not answered within this long is closed.
    pub timeout: Duration,
    /// Clients may ping this often; a client that pings more often is sent GOAWAY
    /// (`too_many_pings`) after two warnings, as in every gRPC runtime.
    pub min_ping_interval: Duration,
}

/// grpc-go's server defaults for the server's own pings: every 2 hours, 20 s to answer.
pub const DEFAULT_KEEPALIVE_TIME: Duration = Duration::from_secs(2 * 60 * 60);

/// How long a client has to answer a keepalive ping, unless told otherwise.
pub const DEFAULT_KEEPALIVE_TIMEOUT: Duration = Duration::from_secs(20);

/// Clients may ping every 5 s: grpc-go clients ping at most every 10 s, and the C core's own
/// default (5 minutes) would send GOAWAY to a Go client configured with a 10 s keepalive.
pub const DEFAULT_MIN_PING_INTERVAL: Duration = Duration::from_secs(5);

impl Default for Keepalive {
    fn default() -> Self {
        Keepalive {
            time: DEFAULT_KEEPALIVE_TIME,
            timeout: DEFAULT_KEEPALIVE_TIMEOUT,
            min_ping_interval: DEFAULT_MIN_PING_INTERVAL,
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
    /// The metrics endpoint could not listen on its address.
    Metrics { addr: String, reason: String },
    /// The TLS certificate, key or client CA is unusable.
    Tls(String),
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
            ServerError::Metrics { addr, reason } => {
                write!(f, "cannot serve metrics on {addr}: {reason}")
            }
            ServerError::Tls(reason) => write!(f, "cannot set up TLS: {reason}"),
        }
    }
}

impl std::error::Error for ServerError {}

/// How a shutdown went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drain {
    /// Every running call finished within the grace period.
    Completed,
    /// The grace period ran out and the calls still running were cancelled; this many of
    /// them were `CreateUser` streams.
    Cancelled(u64),
}

/// A running server.
pub struct UsersServer {
    server: Server,
    port: u16,
    stats: Arc<Stats>,
    health: HealthService,
    metrics: Option<MetricsServer>,
}

impl UsersServer {
    /// Binds `config.addr`, registers the services and starts serving.
    pub fn start(config: &ServerConfig) -> Result<UsersServer, ServerError> {
        let port_text = config
            .addr
            .rsplit_once(':')
            .map(|(_, port)| port)
            .ok_or_else(|| ServerError::BadAddress(config.addr.clone()))?;
        if port_text.parse::<u16>().is_err() {
            return Err(ServerError::BadAddress(config.addr.clone()));
        }

        let stats = Arc::new(Stats::default());
        let metrics = match &config.metrics_addr {
            None => None,
            Some(addr) => Some(MetricsServer::start(addr, Arc::clone(&stats)).map_err(|e| {
                ServerError::Metrics {
                    addr: addr.clone(),
                    reason: e.to_string(),
                }
            })?),
        };
        // The server's threads decode requests up to its own limit.
        let env = Arc::new(
            users_grpc::with_decode_limit(
                EnvBuilder::new().cq_count(config.cq_count.max(1)),
                config.limits.max_message_bytes,
            )
            .build(),
        );
        let health = HealthService::default();
        let reflection = ReflectionService::new(Arc::new(published_descriptors()));
        let credentials = match &config.tls {
            None => ServerCredentials::insecure(),
            Some(tls) => server_credentials(tls)?,
        };
        let mut builder = ServerBuilder::new(Arc::clone(&env))
            .channel_args(channel_args(config, env).build_args())
            .register_service(users_grpc::create_users(UsersService::new(Arc::clone(
                &stats,
            ))))
            .register_service(users_grpc::health::create_health(health.clone()));
        for version in Version::ALL {
            builder =
                builder.register_service(create_server_reflection(reflection.clone(), version));
        }
        if let Some(tokens) = &config.tokens {
            builder = builder.add_checker(TokenChecker::new(tokens.clone()));
        }
        let mut server = builder.build().map_err(ServerError::Build)?;
        let port = server
            .add_listening_port(config.addr.as_str(), credentials)
            .map_err(|_| ServerError::Bind {
                addr: config.addr.clone(),
                reason: bind_failure_reason(&config.addr, config.tls.is_some()),
            })?;
        // Serving from the first call on: no probe may see an unknown service.
        for service in ["", SERVICE_NAME] {
            health.set_status(service, ServingStatus::SERVING);
        }
        server.start();
        Ok(UsersServer {
            server,
            port,
            stats,
            health,
            metrics,
        })
    }

    /// The address of the metrics endpoint, when there is one.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics.as_ref().map(MetricsServer::local_addr)
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

    /// Reports NOT_SERVING to health checks and watchers while calls are still accepted,
    /// so that load balancers polling health stop sending new streams first.
    pub fn set_not_serving(&self) {
        self.health.set_not_serving();
    }

    /// Reports NOT_SERVING to health checks, ends health watches, and stops accepting calls
    /// at once; running streams go on until the drain is finished.
    pub fn begin_shutdown(mut self) -> Draining {
        self.health.shutdown();
        // Watchers hear NOT_SERVING and see their watch end with OK before connections are
        // sent away; a watch that does not end in time is cancelled with the rest.
        if !self.health.wait_watches_closed(WATCH_CLOSE_WAIT) {
            warn!("health watches still open after {WATCH_CLOSE_WAIT:?}; going on");
        }
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

/// How long a drain waits for health watches to take their NOT_SERVING and end.
const WATCH_CLOSE_WAIT: Duration = Duration::from_secs(1);

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

    /// Waits up to `grace` for every running call to end, then cancels those still running.
    pub fn finish(mut self, grace: Duration) -> Drain {
        // Every call counts, not only the streams the counters know of: a call the core had
        // just accepted when the drain started may not have reached its handler yet.
        if self.done.recv_timeout(grace).is_ok() {
            return Drain::Completed;
        }
        let running = self.server.stats.snapshot().active_streams;
        warn!(
            "grace period of {grace:?} over: cancelling the calls still running \
             ({running} CreateUser stream(s))"
        );
        self.server.server.cancel_all_calls();
        // The core reports its calls ended a moment before their handlers have counted them.
        let ended =
            self.done.recv_timeout(CANCEL_WAIT).is_ok() && self.server.stats.wait_idle(CANCEL_WAIT);
        if !ended {
            warn!("calls still running {CANCEL_WAIT:?} after cancellation; stopping anyway");
        }
        Drain::Cancelled(running)
    }
}

/// The services the server offers and the schemas reflection publishes for them.
pub fn published_descriptors() -> DescriptorSet {
    let services = [
        SERVICE_NAME,
        users_grpc::health::SERVICE_NAME,
        Version::V1.service_name(),
        Version::V1Alpha.service_name(),
    ];
    DescriptorSet::new(
        &services,
        &[
            users_grpc::file_descriptor(),
            users_grpc::health::file_descriptor(),
            Version::V1.file_descriptor(),
            Version::V1Alpha.file_descriptor(),
        ],
    )
}

/// The C core's settings for the server's connections.
fn channel_args(config: &ServerConfig, env: Arc<Environment>) -> ChannelBuilder {
    let keepalive = &config.keepalive;
    let mut builder = ChannelBuilder::new(env)
        // The C core sets SO_REUSEPORT by default, which lets a second server silently share
        // (and split) a port that is already taken; refuse that as Go servers do.
        .reuse_port(false)
        // Without size limits the core leaves out its message-size filter, about a quarter
        // of its work per message (BENCHMARKS.md); the contract crate's decoder enforces the
        // 4 MiB limit instead.
        .max_receive_message_len(-1)
        .max_send_message_len(-1)
        .keepalive_time(keepalive.time)
        .keepalive_timeout(keepalive.timeout)
        // Idle connections are pinged too, so that dead peers are found without a call.
        .keepalive_permit_without_calls(true)
        .http2_max_pings_without_data(0)
        .http2_min_recv_ping_interval_without_data(keepalive.min_ping_interval)
        .http2_max_ping_strikes(2)
        .max_concurrent_stream(
            i32::try_from(config.limits.max_concurrent_streams).unwrap_or(i32::MAX),
        )
        // HTTP/2 rapid reset (SECURITY.md). A reset stream keeps counting against the limit
        // above until its call is freed, so a client that resets faster than calls are freed
        // gets its new streams refused (REFUSED_STREAM) before any call is made for them.
        .raw_cfg_int(c"grpc.http.overload_protection".to_owned(), 1)
        .raw_cfg_int(
            c"grpc.http2.max_deallocating_streams".to_owned(),
            DEALLOCATING_STREAMS_HEADROOM,
        )
        // And a connection that mostly resets its streams before they are answered is closed
        // (grpcio-sys's patch 0001).
        .raw_cfg_int(
            c"grpc.http2.max_premature_resets".to_owned(),
            i32::try_from(config.limits.max_premature_resets).unwrap_or(i32::MAX),
        )
        // New calls that arrive faster than the completion queues take them wait for a
        // handler, as in grpc-go: left at its defaults, the core cancels such calls at random
        // once 1,000 wait and every one past 3,000, which a burst of new streams reaches
        // (grpcio asks for 1,024 calls per queue at a time). Waiting calls stay bounded by
        // the streams per connection, the memory quota and the core's 30 s wait limit.
        .raw_cfg_int(c"grpc.server.max_pending_requests".to_owned(), i32::MAX)
        .raw_cfg_int(
            c"grpc.server.max_pending_requests_hard_limit".to_owned(),
            i32::MAX,
        );
    if let Some(bytes) = config.limits.memory_quota {
        let quota = ResourceQuota::new(Some("users-server")).resize_memory(bytes);
        builder = builder.set_resource_quota(quota);
    }
    builder = config.compression.configure(builder);
    if let Some(age) = config.max_connection_age {
        let ms = i32::try_from(age.as_millis()).unwrap_or(i32::MAX);
        builder = builder
            .raw_cfg_int(c"grpc.max_connection_age_ms".to_owned(), ms)
            // Streams are long: the age only stops new calls on the connection.
            .raw_cfg_int(c"grpc.max_connection_age_grace_ms".to_owned(), i32::MAX);
    }
    builder
}

/// Explains a failed bind: the C core reports only that it failed, the OS says why.
fn bind_failure_reason(addr: &str, tls: bool) -> String {
    match std::net::TcpListener::bind(addr) {
        Err(e) => e.to_string(),
        // The core loads the certificate and key when it opens a TLS port.
        Ok(_) if tls => "the TLS certificate or key is unusable (does the key belong to the \
                         certificate?)"
            .to_owned(),
        Ok(_) => "the gRPC core refused the address".to_owned(),
    }
}

/// The C core's TLS credentials for `tls`, after checking that each part is PEM.
fn server_credentials(tls: &TlsConfig) -> Result<ServerCredentials, ServerError> {
    check_pem("certificate", &tls.cert_chain, "CERTIFICATE")?;
    check_pem("private key", &tls.private_key, "PRIVATE KEY")?;
    let mut builder =
        ServerCredentialsBuilder::new().add_cert(tls.cert_chain.clone(), tls.private_key.clone());
    if let Some(ca) = &tls.client_ca {
        check_pem("client CA", ca, "CERTIFICATE")?;
        builder = builder.root_cert(
            ca.clone(),
            CertificateRequestType::RequestAndRequireClientCertificateAndVerify,
        );
    }
    Ok(builder.build())
}

/// Refuses what is not PEM holding a `kind` block, naming `what` it is.
fn check_pem(what: &str, pem: &[u8], kind: &str) -> Result<(), ServerError> {
    users_grpc::transport::check_pem(pem, kind)
        .map_err(|reason| ServerError::Tls(format!("the {what} {reason}")))
}

/// How the server stops once asked to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DrainConfig {
    /// How long health reports NOT_SERVING while calls are still accepted, so that load
    /// balancers that poll health move new streams elsewhere before the listener closes.
    pub delay: Duration,
    /// How long running calls may go on once new calls are refused.
    pub grace: Duration,
}

impl Default for DrainConfig {
    fn default() -> Self {
        DrainConfig {
            delay: Duration::ZERO,
            grace: DEFAULT_SHUTDOWN_GRACE,
        }
    }
}

/// Serves until `stop` yields, then drains as `drain` says: the whole life of `users-server`.
pub fn run(
    config: &ServerConfig,
    drain: DrainConfig,
    stop: mpsc::Receiver<()>,
) -> Result<Drain, ServerError> {
    let server = UsersServer::start(config)?;
    let shown = match config.addr.rsplit_once(':') {
        Some((host, _)) => format!("{host}:{}", server.port()),
        None => config.addr.clone(),
    };
    let scheme = if config.tls.is_some() {
        "TLS"
    } else {
        "plaintext"
    };
    info!(
        "users-server {} listening on {shown} ({scheme})",
        users_grpc::transport::version_line(env!("CARGO_PKG_VERSION"))
    );
    if config.tokens.is_some() && config.tls.is_none() {
        warn!("bearer tokens are checked on a plaintext port: anyone on the path can read them");
    }
    if let Some(addr) = server.metrics_addr() {
        info!("metrics on http://{addr}/metrics");
    }
    // A closed channel means nobody can ask for a stop any more: treat it as a stop.
    let _ = stop.recv();
    let DrainConfig { delay, grace } = drain;
    if !delay.is_zero() {
        info!("draining: health reports NOT_SERVING, new calls are still accepted for {delay:?}");
        server.set_not_serving();
        let _ = stop.recv_timeout(delay);
    }
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
