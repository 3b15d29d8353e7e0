//! What the server is told: its address, threads, keepalive, limits, TLS, tokens, metrics
//! and how it drains. Every default is here.

use std::thread;
use std::time::Duration;

use users_otlp::TraceConfig;
use users_transport::Compression;

use crate::{TlsConfig, Tokens};

/// The address the server listens on unless told otherwise, as the Go tutorial server.
pub const DEFAULT_ADDR: &str = "0.0.0.0:3000";

/// How long running streams may go on after a shutdown starts, unless told otherwise.
pub const DEFAULT_SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// What the server needs to start.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Where to listen: `HOST:PORT` (port 0 picks a free port), `unix:PATH` or
    /// `unix-abstract:NAME`.
    pub addr: String,
    /// The permission bits of a `unix:PATH` socket file; as the umask leaves them when
    /// `None`.
    pub socket_mode: Option<u32>,
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
    /// `HOST:PORT` of a plaintext port serving the health service alone, for probes that
    /// speak neither TLS nor tokens (Kubernetes' gRPC probes), if any.
    pub health_addr: Option<String>,
    /// TLS for the gRPC port; plaintext when `None`.
    pub tls: Option<TlsConfig>,
    /// Bearer tokens every call but health checks must present; no check when `None`.
    pub tokens: Option<Tokens>,
    /// What one client may take of the server.
    pub limits: Limits,
    /// Where the calls' spans are exported (OpenTelemetry over OTLP/HTTP); not traced when
    /// `None`.
    pub tracing: Option<TraceConfig>,
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
    /// How much a client may send on a stream ahead of what the server has read.
    pub stream_window: StreamWindow,
}

/// The HTTP/2 receive window of each stream: how far a client may send ahead of the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamWindow {
    /// A fixed window, in bytes (at most 2 GiB - 1, HTTP/2's largest).
    Fixed(u32),
    /// The C core's window, grown from bandwidth-delay probes: 4 MiB or more while memory is
    /// plentiful, for links whose round trips are long.
    Auto,
}

/// The stream window unless told otherwise: 64 KiB, HTTP/2's default and grpc-go's initial
/// window, enough for the server's full throughput on a LAN without queueing requests.
pub const DEFAULT_STREAM_WINDOW: StreamWindow = StreamWindow::Fixed(64 << 10);

/// Streams one connection may have open at once unless told otherwise.
pub const DEFAULT_MAX_CONCURRENT_STREAMS: u32 = 1024;

/// The C core's buffer memory unless told otherwise: 1 GiB.
pub const DEFAULT_MEMORY_QUOTA: usize = 1 << 30;

/// Premature resets a connection may make unless told otherwise (Envoy's threshold).
pub const DEFAULT_MAX_PREMATURE_RESETS: u32 = 500;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_message_bytes: users_grpc::MAX_MESSAGE_BYTES,
            max_concurrent_streams: DEFAULT_MAX_CONCURRENT_STREAMS,
            memory_quota: Some(DEFAULT_MEMORY_QUOTA),
            max_premature_resets: DEFAULT_MAX_PREMATURE_RESETS,
            stream_window: DEFAULT_STREAM_WINDOW,
        }
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            addr: DEFAULT_ADDR.to_owned(),
            socket_mode: None,
            cq_count: default_cq_count(),
            keepalive: Keepalive::default(),
            max_connection_age: None,
            compression: Compression::None,
            metrics_addr: None,
            health_addr: None,
            tls: None,
            tokens: None,
            limits: Limits::default(),
            tracing: None,
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
