//! Why the server could not start.

use std::fmt;
use std::io;

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
            ServerError::Metrics { addr, source } => {
                write!(f, "cannot serve metrics on {addr}: {source}")
            }
            ServerError::Tls(reason) => write!(f, "cannot set up TLS: {reason}"),
            ServerError::Tracing(e) => write!(f, "cannot start the trace export: {e}"),
        }
    }
}

impl std::error::Error for ServerError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServerError::Build(e) => Some(e),
            ServerError::Metrics { source, .. } => Some(source),
            ServerError::Tracing(e) => Some(e),
            _ => None,
        }
    }
}
