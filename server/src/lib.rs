//! The `users.Users` gRPC server on grpcio.
//!
//! # Layout
//!
//! - [`config`]: what the server is told, with every default.
//! - `server`: start-up, the drain and `run`, the life of `users-server`.
//! - `core_args`: the C core's settings for the connections (keepalive, limits, rapid reset).
//! - `tls`, `auth`: the TLS identity, and the bearer tokens checked before a handler runs.
//! - `service`: the `CreateUser` handler: a loop that answers each user, in order.
//! - `batching`: how those answers reach the socket in few writes: the rules as a state
//!   machine with no I/O (`batching::machine`), driven by the thin loop of `Answers`.
//! - `health`, `reflection`: the standard health and reflection services.
//! - `stats`, `metrics`: the stream counters, and `/metrics` for Prometheus.
//! - `calls`: each call's record: the gRPC-standard metrics of gRFC A66, for every method,
//!   and its span (`spans`: OpenTelemetry, its parent from the call's `traceparent`).
//! - [`memory`]: transparent huge pages off for the process, unless the environment asks.
//! - [`error`]: why the server could not start.
//!
//! One user's way: the C core reads a request; `batching::Answers` hands the decoded `User`
//! to the loop in `service`, which asks the contract crate's rules (`users_grpc::rules`),
//! counts the verdict in `stats`, and queues the answer back into `Answers`; its state
//! machine says when the answer is written, and whether with the buffer hint of a batch.

mod auth;
mod batching;
mod calls;
pub mod config;
mod core_args;
pub mod error;
mod health;
pub mod listen;
pub mod memory;
mod metrics;
mod reflection;
mod server;
mod service;
mod spans;
mod stats;
mod tls;

pub use auth::{TokenChecker, Tokens};
pub use config::{
    default_cq_count, DrainConfig, Keepalive, Limits, ServerConfig, StreamWindow, DEFAULT_ADDR,
    DEFAULT_KEEPALIVE_TIME, DEFAULT_KEEPALIVE_TIMEOUT, DEFAULT_MAX_CONCURRENT_STREAMS,
    DEFAULT_MAX_PREMATURE_RESETS, DEFAULT_MEMORY_QUOTA, DEFAULT_MIN_PING_INTERVAL,
    DEFAULT_SHUTDOWN_GRACE, DEFAULT_STREAM_WINDOW,
};
pub use error::ServerError;
pub use health::HealthService;
pub use metrics::MetricsServer;
pub use reflection::{DescriptorSet, ReflectionService};
pub use server::{published_descriptors, run, Drain, Draining, UsersServer};
pub use service::UsersService;
pub use stats::{Snapshot, Stats};
pub use tls::TlsConfig;
