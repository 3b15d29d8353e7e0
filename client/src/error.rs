//! Why a run of the client failed, in words for its user, with the cause kept as `source()`.
//!
//! A message names its cause too, as the client prints only the top error's one line: a
//! printer of the whole chain shows the cause twice.

use std::error::Error;
use std::fmt;
use std::io;
use std::time::Duration;

use grpcio::RpcStatusCode;
use users_transport::{status_code_name, FileError};

/// Why a run of the client failed; every kind exits the client with status 1.
#[derive(Debug)]
pub enum ClientError {
    /// The server address is unusable.
    BadAddress(String),
    /// One of several addresses is not an `IP:PORT` literal.
    NotAnIpAddress(String),
    /// Several addresses mix IPv4 and IPv6.
    MixedAddressFamilies,
    /// A file could not be read: the users file, or a TLS file with its flag.
    Read {
        /// The file as the user named it (`users.jsonl`, `--tls-ca ca.pem`).
        file: String,
        /// The OS's error.
        source: io::Error,
    },
    /// A line of the users file is not a valid user.
    Input {
        /// The users file as the user named it (`<stdin>` for standard input).
        file: String,
        /// The line's number, from 1.
        line: usize,
        /// What is wrong with it.
        reason: String,
        /// The JSON decoder's error, when it was the decoder that refused the line.
        source: Option<serde_json::Error>,
    },
    /// The TLS settings are unusable.
    Tls(String),
    /// The `OTEL_*` variables ask for a trace export that cannot be had.
    Trace(String),
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
    /// The reflection service answered something that is not an answer to the question.
    BadReflectionAnswer(String),
    /// A file descriptor sent by the reflection service could not be decoded or linked.
    BadDescriptor {
        /// What was wrong with it, as a phrase.
        what: &'static str,
        /// The protobuf library's error.
        source: protobuf::Error,
    },
    /// The health service reports a status other than SERVING.
    NotServing(String),
    /// The call failed in the local gRPC library, without a status from the server.
    Call(grpcio::Error),
    /// The stream stopped before its end without a status (given up, or closed early).
    Unfinished(&'static str),
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

impl ClientError {
    /// The gRPC status the call ended with, when it ended with one.
    pub fn status_code(&self) -> Option<RpcStatusCode> {
        match self {
            ClientError::Status { code, .. } | ClientError::Reflection { code, .. } => Some(*code),
            ClientError::Unavailable { .. } | ClientError::ConnectionLost { .. } => {
                Some(RpcStatusCode::UNAVAILABLE)
            }
            ClientError::DeadlineExceeded { .. } => Some(RpcStatusCode::DEADLINE_EXCEEDED),
            _ => None,
        }
    }
}

impl From<FileError> for ClientError {
    fn from(e: FileError) -> Self {
        let file = format!("{} {}", e.flag(), e.path().display());
        ClientError::Read {
            file,
            source: e.into_io_error(),
        }
    }
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
            ClientError::Read { file, source } => write!(f, "cannot read {file}: {source}"),
            ClientError::Input {
                file, line, reason, ..
            } => write!(f, "{file}:{line}: {reason}"),
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
            ClientError::Trace(reason) => write!(f, "tracing: {reason}"),
            // The three below read as they did when they were one catch-all kind.
            ClientError::BadReflectionAnswer(what) => write!(f, "stream failed: {what}"),
            ClientError::BadDescriptor { what, source } => {
                write!(f, "stream failed: {what}: {source}")
            }
            ClientError::Call(e) => write!(f, "stream failed: {e}"),
            ClientError::Unfinished(what) => write!(f, "stream failed: {what}"),
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

impl Error for ClientError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            ClientError::Read { source, .. } => Some(source),
            ClientError::Input {
                source: Some(source),
                ..
            } => Some(source),
            ClientError::BadDescriptor { source, .. } => Some(source),
            ClientError::Call(source) => Some(source),
            _ => None,
        }
    }
}

/// Turns a grpcio error into the client's error for the user.
pub fn classify(err: grpcio::Error, addr: &str, timeout: Option<Duration>) -> ClientError {
    let status = match err {
        grpcio::Error::RpcFailure(status) => status,
        grpcio::Error::RpcFinished(Some(status)) => status,
        other => return ClientError::Call(other),
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// A TLS file that cannot be read reads as before and keeps the OS's error as its source.
    #[test]
    fn unreadable_files_keep_the_os_error() {
        let err = ClientError::from(
            users_transport::read_file("--tls-ca", Path::new("/nonexistent/ca.pem")).unwrap_err(),
        );
        let os = err.source().and_then(|e| e.downcast_ref::<io::Error>());
        assert_eq!(os.map(io::Error::kind), Some(io::ErrorKind::NotFound));
        assert_eq!(
            err.to_string(),
            format!("cannot read --tls-ca /nonexistent/ca.pem: {}", os.unwrap())
        );
    }

    /// A local gRPC failure is kept whole, not flattened to text.
    #[test]
    fn local_grpc_failures_keep_their_error() {
        let err = classify(grpcio::Error::RemoteStopped, "127.0.0.1:1", None);
        assert!(matches!(
            err,
            ClientError::Call(grpcio::Error::RemoteStopped)
        ));
        let source = err.source().and_then(|e| e.downcast_ref::<grpcio::Error>());
        assert!(
            matches!(source, Some(grpcio::Error::RemoteStopped)),
            "{source:?}"
        );
        assert_eq!(err.to_string(), "stream failed: RemoteStopped");
    }

    /// Statuses are sorted by kind: UNAVAILABLE is a connection failure, DEADLINE_EXCEEDED
    /// names the deadline, the rest keep their code and message, and none has a source.
    #[test]
    fn statuses_are_sorted_by_kind() {
        let failed = |code, message: &str| {
            grpcio::Error::RpcFailure(grpcio::RpcStatus::with_message(code, message.to_owned()))
        };
        let timeout = Some(Duration::from_secs(3));
        let err = classify(
            failed(RpcStatusCode::UNAVAILABLE, "refused"),
            "h:1",
            timeout,
        );
        assert!(
            matches!(&err, ClientError::Unavailable { addr, message } if addr == "h:1" && message == "refused")
        );
        let err = classify(failed(RpcStatusCode::DEADLINE_EXCEEDED, ""), "h:1", timeout);
        assert_eq!(
            err.to_string(),
            "deadline exceeded: the stream did not finish within 3s"
        );
        let err = classify(failed(RpcStatusCode::NOT_FOUND, "gone"), "h:1", timeout);
        assert_eq!(err.to_string(), "stream failed with status NOT_FOUND: gone");
        assert!(err.source().is_none());
    }
}
