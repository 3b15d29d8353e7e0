//! Why a run failed.

use std::fmt;
use std::time::Duration;

use users_client::ClientError;

/// Why a run failed.
#[derive(Debug)]
pub enum BenchError {
    /// The parameters or the address are unusable.
    Invalid(String),
    /// The TLS files cannot be used.
    Tls(ClientError),
    /// A stream failed, or its answers broke the service's contract.
    Stream { stream: u64, error: ClientError },
    /// The run did not finish within its bound.
    Timeout(Duration),
    /// Streams stopped without reporting an outcome (their completion queue shut down).
    Lost,
}

impl fmt::Display for BenchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BenchError::Invalid(reason) => write!(f, "{reason}"),
            BenchError::Tls(error) => write!(f, "{error}"),
            BenchError::Stream { stream, error } => write!(f, "stream {stream}: {error}"),
            BenchError::Timeout(t) => write!(
                f,
                "the run did not finish within {}",
                humantime::format_duration(*t)
            ),
            BenchError::Lost => write!(f, "streams stopped without reporting an outcome"),
        }
    }
}

impl std::error::Error for BenchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BenchError::Stream { error, .. } | BenchError::Tls(error) => Some(error),
            _ => None,
        }
    }
}
