//! Why the server could not start.

use std::fmt;
use std::io;

/// Why the server could not start.
#[derive(Debug)]
pub enum ServerError {
    /// The address is none of `HOST:PORT`, `unix:PATH` and `unix-abstract:NAME`, or does
    /// not go with the other settings.
    BadAddress {
        /// The address given.
        addr: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The address could not be bound (in use, not local, unresolvable).
    Bind { addr: String, reason: String },
    /// grpcio refused to build the server.
    Build(grpcio::Error),
    /// The metrics endpoint could not listen on its address.
    Metrics {
        /// The address asked for.
        addr: String,
        /// Why the OS refused it.
        source: io::Error,
    },
    /// The TLS certificate, key or client CA is unusable.
    Tls(String),
    /// The trace export could not start its thread.
    Tracing(io::Error),
    /// The socket file could not be given its mode.
    SocketMode {
        /// The socket file.
        path: String,
        /// Why the OS refused.
        source: io::Error,
    },
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServerError::BadAddress { addr, reason } => {
                write!(f, "invalid address {addr:?}: {reason}")
            }
            ServerError::Bind { addr, reason } => write!(f, "cannot listen on {addr}: {reason}"),
            ServerError::Build(e) => write!(f, "cannot build the gRPC server: {e}"),
            ServerError::Metrics { addr, source } => {
                write!(f, "cannot serve metrics on {addr}: {source}")
            }
            ServerError::Tls(reason) => write!(f, "cannot set up TLS: {reason}"),
            ServerError::Tracing(e) => write!(f, "cannot start the trace export: {e}"),
            ServerError::SocketMode { path, source } => {
                write!(f, "cannot set the mode of the socket {path}: {source}")
            }
        }
    }
}

impl std::error::Error for ServerError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServerError::Build(e) => Some(e),
            ServerError::Metrics { source, .. } => Some(source),
            ServerError::Tracing(e) => Some(e),
            ServerError::SocketMode { source, .. } => Some(source),
            _ => None,
        }
    }
}
