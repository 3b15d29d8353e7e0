//! Why a run of the client failed, in words for its user.

use std::fmt;
use std::time::Duration;

use grpcio::RpcStatusCode;
use users_grpc::transport::status_code_name;

/// Why a run of the client failed.
#[derive(Debug)]
pub enum ClientError {
    /// The server address is unusable.
    BadAddress(String),
    /// One of several addresses is not an `IP:PORT` literal.
    NotAnIpAddress(String),
    /// Several addresses mix IPv4 and IPv6.
    MixedAddressFamilies,
    /// The users file could not be read.
    Read { source: String, reason: String },
    /// A line of the users file is not a valid user.
    Input {
        source: String,
        line: usize,
        reason: String,
    },
    /// The server could not be reached.
    Unavailable { addr: String, message: String },
    /// The connection broke after the server had answered some users (status UNAVAILABLE).
    ConnectionLost {
        addr: String,
        message: String,
        received: usize,
    },
    /// The call's deadline passed before the stream ended.
    DeadlineExceeded { timeout: Option<Duration> },
    /// The stream ended with an error status.
    Status {
        code: RpcStatusCode,
        message: String,
    },
    /// The server's reflection service could not answer a question.
    Reflection {
        code: RpcStatusCode,
        message: String,
    },
    /// The TLS settings are unusable.
    Tls(String),
    /// The health service reports a status other than SERVING.
    NotServing(String),
    /// The stream broke without a status (a local gRPC failure).
    Grpc(String),
    /// A response answered another user than the one sent at its position.
    OutOfOrder {
        position: usize,
        expected: String,
        got: String,
    },
    /// The stream ended OK but some users got no response.
    MissingResponses { sent: usize, received: usize },
    /// The server sent a response after every user had been answered.
    ExtraResponse { sent: usize, user_id: String },
    /// A response answered the right user with the wrong verdict (`success` or `errors`).
    WrongAnswer {
        position: usize,
        user_id: String,
        expected: String,
        got: String,
    },
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::BadAddress(addr) => {
                write!(
                    f,
                    "invalid address {addr:?}: expected HOST:PORT, e.g. localhost:3000"
                )
            }
            ClientError::NotAnIpAddress(addr) => write!(
                f,
                "invalid address {addr:?} in a list: several addresses must each be IP:PORT \
                 (for host names, give one name that resolves to several addresses)"
            ),
            ClientError::MixedAddressFamilies => write!(
                f,
                "several addresses must be all IPv4 or all IPv6, not a mix"
            ),
            ClientError::Read { source, reason } => write!(f, "cannot read {source}: {reason}"),
            ClientError::Input {
                source,
                line,
                reason,
            } => write!(f, "{source}:{line}: {reason}"),
            ClientError::ConnectionLost {
                addr,
                message,
                received,
            } => write!(
                f,
                "connection to {addr} lost after {received} answer(s) (UNAVAILABLE): {message}"
            ),
            ClientError::Unavailable { addr, message } => {
                write!(f, "cannot reach server at {addr}: {message}")
            }
            ClientError::DeadlineExceeded { timeout: Some(t) } => write!(
                f,
                "deadline exceeded: the stream did not finish within {}",
                humantime::format_duration(*t)
            ),
            ClientError::DeadlineExceeded { timeout: None } => write!(f, "deadline exceeded"),
            ClientError::Status { code, message } if message.is_empty() => {
                write!(f, "stream failed with status {}", status_code_name(*code))
            }
            ClientError::Status { code, message } => {
                write!(
                    f,
                    "stream failed with status {}: {message}",
                    status_code_name(*code)
                )
            }
            ClientError::Reflection { code, message } => {
                write!(f, "reflection: {}: {message}", status_code_name(*code))
            }
            ClientError::NotServing(status) => write!(f, "the server reports {status}"),
            ClientError::Tls(reason) => write!(f, "cannot set up TLS: {reason}"),
            ClientError::Grpc(e) => write!(f, "stream failed: {e}"),
            ClientError::OutOfOrder {
                position,
                expected,
                got,
            } => write!(
                f,
                "response #{} is for user id {got:?}, expected {expected:?}",
                position + 1
            ),
            ClientError::MissingResponses { sent, received } => write!(
                f,
                "server ended the stream after answering {received} of {sent} users"
            ),
            ClientError::ExtraResponse { sent, user_id } => write!(
                f,
                "server sent a response for user id {user_id:?} after answering all {sent} users"
            ),
            ClientError::WrongAnswer {
                position,
                user_id,
                expected,
                got,
            } => write!(
                f,
                "response #{} (user id {user_id:?}) is {got}, expected {expected}",
                position + 1
            ),
        }
    }
}

impl std::error::Error for ClientError {}

/// Turns a grpcio error into the client's error for the user.
pub fn classify(err: grpcio::Error, addr: &str, timeout: Option<Duration>) -> ClientError {
    let status = match err {
        grpcio::Error::RpcFailure(status) => status,
        grpcio::Error::RpcFinished(Some(status)) => status,
        other => return ClientError::Grpc(other.to_string()),
    };
    match status.code() {
        RpcStatusCode::UNAVAILABLE => ClientError::Unavailable {
            addr: addr.to_owned(),
            message: status.message().to_owned(),
        },
        RpcStatusCode::DEADLINE_EXCEEDED => ClientError::DeadlineExceeded { timeout },
        code => ClientError::Status {
            code,
            message: status.message().to_owned(),
        },
    }
}
