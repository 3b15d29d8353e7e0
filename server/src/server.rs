//! A running server: start-up (bind, register the services, report the port), the drain
//! (health first, then no new calls, then a grace period, then cancellation) and `run`, the
//! whole life of `users-server`.

use std::net::SocketAddr;
use std::os::unix::fs::FileTypeExt;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use grpcio::{EnvBuilder, Environment, Server, ServerBuilder, ServerCredentials};
use log::{info, warn};
use users_grpc::health::ServingStatus;
use users_grpc::reflection::{create_server_reflection, Version};
use users_grpc::SERVICE_NAME;
use users_otlp::rpc::Conventions;
use users_otlp::Tracing;

use crate::calls::UnknownMethods;
use crate::core_args::channel_args;
use crate::listen::{set_mode, ListenAddr, SocketFile};
use crate::tls::server_credentials;
use crate::{
    DescriptorSet, DrainConfig, HealthService, MetricsServer, ReflectionService, ServerConfig,
    ServerError, Stats, TokenChecker, UsersService,
};

/// How long to wait for cancelled calls to wind down once the grace period is over.
const CANCEL_WAIT: Duration = Duration::from_secs(5);

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
    listen: ListenAddr,
    /// The socket file the server made, to remove at the end of the drain.
    socket: Option<SocketFile>,
    port: u16,
    stats: Arc<Stats>,
    health: HealthService,
    metrics: Option<MetricsServer>,
    /// The plaintext port of the health service alone, and the address it bound, when asked
    /// for.
    health_port: Option<(Server, String)>,
    /// The export of the calls' spans, when tracing is on.
    tracing: Option<Tracing>,
}

impl UsersServer {
    /// Binds `config.addr`, registers the services and starts serving.
    pub fn start(config: &ServerConfig) -> Result<UsersServer, ServerError> {
        let listen = ListenAddr::parse(&config.addr)?;
        if config.socket_mode.is_some() && listen.socket_file().is_none() {
            return Err(ServerError::BadAddress {
                addr: config.addr.clone(),
                reason: "a socket mode is set, but only a unix:PATH address has a socket file"
                    .to_owned(),
            });
        }

        let tracing = match &config.tracing {
            None => None,
            Some(trace) => Some(Tracing::start(trace).map_err(ServerError::Tracing)?),
        };
        let stats = Arc::new(match (&tracing, &config.tracing) {
            (Some(tracing), Some(trace)) => Stats::traced(
                tracing,
                Conventions::from_opt_in(trace.semconv_opt_in.as_deref()),
            ),
            _ => Stats::default(),
        });
        let metrics = match &config.metrics_addr {
            None => None,
            Some(addr) => Some(MetricsServer::start(addr, Arc::clone(&stats)).map_err(
                |source| ServerError::Metrics {
                    addr: addr.clone(),
                    source,
                },
            )?),
        };
        // The server's threads decode requests up to its own limit.
        let env = Arc::new(
            users_grpc::with_decode_limit(
                EnvBuilder::new()
                    .cq_count(config.cq_count.max(1))
                    .name_prefix("grpc-poll"),
                config.limits.max_message_bytes,
            )
            .build(),
        );
        let health = HealthService::new(Arc::clone(&stats));
        let reflection =
            ReflectionService::new(Arc::new(published_descriptors()), Arc::clone(&stats));
        let credentials = match &config.tls {
            None => ServerCredentials::insecure(),
            Some(tls) => server_credentials(tls)?,
        };
        let health_env = Arc::clone(&env);
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
            builder = builder.add_checker(TokenChecker::new(tokens.clone(), Arc::clone(&stats)));
        }
        builder = builder.add_checker(UnknownMethods::new(Arc::clone(&stats)));
        let mut server = builder.build().map_err(ServerError::Build)?;
        refuse_live_socket(&listen, &config.addr)?;
        let port = server
            .add_listening_port(listen.core_address(), credentials)
            .map_err(|_| ServerError::Bind {
                addr: config.addr.clone(),
                reason: bind_failure_reason(&listen, config.tls.is_some()),
            })?;
        // From here on a failed start removes the socket file it made.
        let socket = BoundSocket::new(&listen);
        // Connecting takes write permission on the file, which the umask usually leaves to
        // the owner alone: until the mode is set only the server's own user can connect.
        if let (Some(path), Some(mode)) = (listen.socket_file(), config.socket_mode) {
            set_mode(path, mode).map_err(|source| ServerError::SocketMode {
                path: path.display().to_string(),
                source,
            })?;
        }
        // Serving from the first call on: no probe may see an unknown service.
        for service in ["", SERVICE_NAME] {
            health.set_status(service, ServingStatus::SERVING);
        }
        server.start();
        let health_port = match &config.health_addr {
            None => None,
            Some(addr) => Some(health_server(addr, config, health_env, &health)?),
        };
        Ok(UsersServer {
            server,
            listen,
            socket: socket.keep(),
            port,
            stats,
            health,
            metrics,
            health_port,
            tracing,
        })
    }

    /// Takes the trace export out of the server, to stop it once the calls have ended.
    pub fn take_tracing(&mut self) -> Option<Tracing> {
        self.tracing.take()
    }

    /// The address of the health service's own plaintext port, when there is one.
    pub fn health_address(&self) -> Option<&str> {
        self.health_port.as_ref().map(|(_, addr)| addr.as_str())
    }

    /// Whether the server listens on the network, not on a local socket.
    pub fn listens_on_network(&self) -> bool {
        matches!(self.listen, ListenAddr::Tcp(_))
    }

    /// The address of the metrics endpoint, when there is one.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics.as_ref().map(MetricsServer::local_addr)
    }

    /// The port the server listens on (the one picked when the address asked for port 0;
    /// 1 for a Unix socket, as the C core reports it).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The address the server listens on, with the port it bound.
    pub fn bound_address(&self) -> String {
        self.listen.bound(self.port)
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

    /// Waits up to `grace` for every running call to end, then cancels those still running;
    /// a socket file is removed once the calls are over.
    pub fn finish(mut self, grace: Duration) -> Drain {
        let socket = self.server.socket.take();
        let health_port = self.server.health_port.take();
        let drain = self.wait(grace);
        // Probes hear NOT_SERVING until the end of the drain; then their port closes too.
        if let Some((mut health, _)) = health_port {
            let closed = health.shutdown();
            health.cancel_all_calls();
            let _ = futures::executor::block_on(closed);
        }
        if let Some(socket) = socket {
            socket.remove();
        }
        drain
    }

    /// The drain of [`finish`](Draining::finish), up to the cancellation of the calls left.
    fn wait(mut self, grace: Duration) -> Drain {
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

/// Serves `health` alone on the plaintext port `addr`: the port of probes that speak neither
/// TLS nor bearer tokens, such as Kubernetes' gRPC probes; the address it bound.
fn health_server(
    addr: &str,
    config: &ServerConfig,
    env: Arc<Environment>,
    health: &HealthService,
) -> Result<(Server, String), ServerError> {
    let listen = ListenAddr::parse(addr)?;
    if !matches!(listen, ListenAddr::Tcp(_)) {
        return Err(ServerError::BadAddress {
            addr: addr.to_owned(),
            reason: "the health port takes HOST:PORT, for probes from outside the host".to_owned(),
        });
    }
    // The main port's connection settings: no shared port, the same limits on streams,
    // memory and resets.
    let mut server = ServerBuilder::new(Arc::clone(&env))
        .channel_args(channel_args(config, env).build_args())
        .register_service(users_grpc::health::create_health(health.clone()))
        .build()
        .map_err(ServerError::Build)?;
    let port = server
        .add_listening_port(listen.core_address(), ServerCredentials::insecure())
        .map_err(|_| ServerError::Bind {
            addr: addr.to_owned(),
            reason: bind_failure_reason(&listen, false),
        })?;
    server.start();
    Ok((server, listen.bound(port)))
}

/// Explains a failed bind: the C core reports only that it failed, the OS says why.
fn bind_failure_reason(listen: &ListenAddr, tls: bool) -> String {
    let tried = match listen {
        ListenAddr::Tcp(addr) => std::net::TcpListener::bind(addr).map(drop),
        ListenAddr::Unix(path) => {
            // The core replaces a socket left there, never another file.
            if std::fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_socket()) {
                return format!("{} is there and is not a socket", path.display());
            }
            let tried = std::os::unix::net::UnixListener::bind(path).map(drop);
            if tried.is_ok() {
                let _ = std::fs::remove_file(path);
            }
            tried
        }
        ListenAddr::UnixAbstract(name) => {
            use std::os::linux::net::SocketAddrExt;
            std::os::unix::net::SocketAddr::from_abstract_name(name.as_bytes())
                .and_then(|addr| std::os::unix::net::UnixListener::bind_addr(&addr))
                .map(drop)
        }
    };
    match tried {
        Err(e) => e.to_string(),
        // The core loads the certificate and key when it opens a TLS port.
        Ok(_) if tls => "the TLS certificate or key is unusable (does the key belong to the \
                         certificate?)"
            .to_owned(),
        Ok(_) => "the gRPC core refused the address".to_owned(),
    }
}

/// How long the spans of the last calls may take to reach the collector at exit.
const TRACE_FLUSH: Duration = Duration::from_secs(5);

/// Exports the spans still queued and stops the trace export: what became of the spans.
fn stop_tracing(tracing: &Tracing) -> String {
    let flushed = tracing.shutdown(TRACE_FLUSH);
    let counts = tracing.counts();
    let mut report = format!(
        "trace export stopped: {} spans exported, {} dropped (queue full), {} dropped \
         (export failed)",
        counts.exported(),
        counts.dropped_queue_full(),
        counts.dropped_export_failed()
    );
    if let Err(e) = flushed {
        report.push_str(&format!("; the last spans were not all exported: {e}"));
    }
    report
}

/// Serves until `stop` yields, then drains as `drain` says: the whole life of `users-server`.
pub fn run(
    config: &ServerConfig,
    drain: DrainConfig,
    stop: mpsc::Receiver<()>,
) -> Result<Drain, ServerError> {
    let mut server = UsersServer::start(config)?;
    let tracing = server.take_tracing();
    let shown = server.bound_address();
    let scheme = if config.tls.is_some() {
        "TLS"
    } else {
        "plaintext"
    };
    info!(
        "users-server {} listening on {shown} ({scheme})",
        users_transport::version_line(env!("CARGO_PKG_VERSION"))
    );
    if config.tokens.is_some() && config.tls.is_none() && server.listens_on_network() {
        warn!("bearer tokens are checked on a plaintext port: anyone on the path can read them");
    }
    if let Some(addr) = server.metrics_addr() {
        info!("metrics on http://{addr}/metrics");
    }
    if let Some(addr) = server.health_address() {
        info!("health checks on {addr} (plaintext, the health service alone)");
    }
    if let Some(trace) = &config.tracing {
        info!(
            "traces to {} (service {}, sampler {:?})",
            trace.endpoint, trace.service_name, trace.sampler
        );
    }
    // A closed channel means nobody can ask for a stop any more: treat it as a stop.
    let _ = stop.recv();
    let DrainConfig { delay, grace } = drain;
    if !delay.is_zero() {
        server.set_not_serving();
        info!("draining: health reports NOT_SERVING, new calls are still accepted for {delay:?}");
        let started = Instant::now();
        // A second stop ends the delay early; a closed channel cannot bring one, so the
        // delay is then waited out.
        if let Err(RecvTimeoutError::Disconnected) = stop.recv_timeout(delay) {
            thread::sleep(delay.saturating_sub(started.elapsed()));
        }
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
    if let Some(tracing) = tracing {
        info!("{}", stop_tracing(&tracing));
    }
    Ok(drain)
}

/// Refuses a socket path another server answers on: the C core would replace its socket
/// file, leaving that server unreachable.
fn refuse_live_socket(listen: &ListenAddr, addr: &str) -> Result<(), ServerError> {
    if let Some(path) = listen.socket_file() {
        if std::os::unix::net::UnixStream::connect(path).is_ok() {
            return Err(ServerError::Bind {
                addr: addr.to_owned(),
                reason: format!("another server answers on {}", path.display()),
            });
        }
    }
    Ok(())
}

/// The socket file of a start in progress: removed if the start fails.
struct BoundSocket(Option<SocketFile>);

impl BoundSocket {
    fn new(listen: &ListenAddr) -> Self {
        BoundSocket(listen.socket_file().and_then(SocketFile::bound))
    }

    /// The start succeeded: the file stays until the drain is over.
    fn keep(mut self) -> Option<SocketFile> {
        self.0.take()
    }
}

impl Drop for BoundSocket {
    fn drop(&mut self) {
        if let Some(socket) = self.0.take() {
            socket.remove();
        }
    }
}
