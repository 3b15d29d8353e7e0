//! What users-server, users-client and users-bench share around the gRPC C core; none of it
//! is the wire contract, which is the `users-grpc` crate's.
//!
//! # Layout
//!
//! One file, one item per concern: [`Compression`] (the `--compression` flag and the core's
//! algorithm), [`version_line`] (`--version`: the binary and the core release it runs on),
//! [`read_file`] and [`check_pem`] (the files TLS and tokens are read from, with errors that
//! name the flag), [`status_code_name`] (how logs, metrics and errors print a status),
//! [`redirect_core_log`] (the core's own messages through `log`), [`time_left`] (what is left
//! of a call's deadline), and the frame of each binary's `main`: [`init_logging`],
//! [`exit_status`], [`tls_identity_args!`] (the `--tls-cert`/`--tls-key` pair) and
//! [`parse_without_env`] (for tests of a binary's defaults).

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;
use std::time::Duration;

use grpcio::{ChannelBuilder, CompressionAlgorithms, Deadline, RpcStatusCode};
use grpcio_sys::{gpr_clock_type, gpr_timespec};

/// How messages are compressed on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compression {
    /// Messages go out as they are.
    #[default]
    None,
    /// Messages go out gzip-compressed (each peer decompresses whatever it receives).
    Gzip,
}

impl Compression {
    /// The C core's name for this algorithm.
    pub fn algorithm(self) -> CompressionAlgorithms {
        match self {
            Compression::None => CompressionAlgorithms::GRPC_COMPRESS_NONE,
            Compression::Gzip => CompressionAlgorithms::GRPC_COMPRESS_GZIP,
        }
    }

    /// Sets this compression as the default for what `builder`'s channel or server sends (the
    /// C core compresses gzip at zlib's default level).
    pub fn configure(self, builder: ChannelBuilder) -> ChannelBuilder {
        builder.default_compression_algorithm(self.algorithm())
    }
}

impl fmt::Display for Compression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
        })
    }
}

impl FromStr for Compression {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "none" => Ok(Compression::None),
            "gzip" => Ok(Compression::Gzip),
            other => Err(format!(
                "unknown compression {other:?}: expected none or gzip"
            )),
        }
    }
}

/// The gRPC C core release this build runs on, e.g. `1.85.3`.
pub const GRPC_CORE_RELEASE: &str = grpcio_sys::GRPC_CORE_RELEASE;

/// A binary's version line: its own version and the gRPC C core release it runs on.
pub fn version_line(binary_version: &str) -> String {
    format!("{binary_version} (gRPC C core {GRPC_CORE_RELEASE})")
}

/// A file named by a flag (a certificate, a key, a token list) that could not be read.
#[derive(Debug)]
pub struct FileError {
    flag: String,
    path: PathBuf,
    source: io::Error,
}

impl FileError {
    /// The flag that named the file, e.g. `--tls-ca`.
    pub fn flag(&self) -> &str {
        &self.flag
    }

    /// The file's path as the flag gave it.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The OS's error, for a caller that keeps it in its own error.
    pub fn into_io_error(self) -> io::Error {
        self.source
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The OS's reason is part of the one line a CLI prints, and also the error's source.
        write!(
            f,
            "cannot read {} {}: {}",
            self.flag,
            self.path.display(),
            self.source
        )
    }
}

impl std::error::Error for FileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Reads the file `flag` names, for a one-line error naming both when it cannot.
pub fn read_file(flag: &str, path: &Path) -> Result<Vec<u8>, FileError> {
    std::fs::read(path).map_err(|source| FileError {
        flag: flag.to_owned(),
        path: path.to_owned(),
        source,
    })
}

/// Checks that `pem` is PEM text with a block of type `kind` (`CERTIFICATE`, `PRIVATE KEY`);
/// otherwise says what is wrong, as a phrase to follow the file's name ("has no PEM block of
/// type CERTIFICATE"). grpcio panics on a NUL byte, and the C core says little about the rest.
pub fn check_pem(pem: &[u8], kind: &str) -> Result<(), String> {
    let text = std::str::from_utf8(pem).map_err(|_| "is not PEM text".to_owned())?;
    if text.contains('\0') {
        return Err("contains a NUL byte".to_owned());
    }
    let end = format!("{kind}-----");
    let has_block = text
        .lines()
        .any(|l| l.starts_with("-----BEGIN ") && l.trim_end().ends_with(&end));
    if !has_block {
        return Err(format!("has no PEM block of type {kind}"));
    }
    if text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || text.contains("ENCRYPTED\n") {
        return Err(
            "is encrypted; give the key unencrypted (e.g. openssl pkey -in KEY)".to_owned(),
        );
    }
    Ok(())
}

/// The canonical name of a gRPC status code (`OK`, `CANCELLED`, ...), as logs and errors print it.
pub fn status_code_name(code: RpcStatusCode) -> &'static str {
    match code {
        RpcStatusCode::OK => "OK",
        RpcStatusCode::CANCELLED => "CANCELLED",
        RpcStatusCode::UNKNOWN => "UNKNOWN",
        RpcStatusCode::INVALID_ARGUMENT => "INVALID_ARGUMENT",
        RpcStatusCode::DEADLINE_EXCEEDED => "DEADLINE_EXCEEDED",
        RpcStatusCode::NOT_FOUND => "NOT_FOUND",
        RpcStatusCode::ALREADY_EXISTS => "ALREADY_EXISTS",
        RpcStatusCode::PERMISSION_DENIED => "PERMISSION_DENIED",
        RpcStatusCode::RESOURCE_EXHAUSTED => "RESOURCE_EXHAUSTED",
        RpcStatusCode::FAILED_PRECONDITION => "FAILED_PRECONDITION",
        RpcStatusCode::ABORTED => "ABORTED",
        RpcStatusCode::OUT_OF_RANGE => "OUT_OF_RANGE",
        RpcStatusCode::UNIMPLEMENTED => "UNIMPLEMENTED",
        RpcStatusCode::INTERNAL => "INTERNAL",
        RpcStatusCode::UNAVAILABLE => "UNAVAILABLE",
        RpcStatusCode::DATA_LOSS => "DATA_LOSS",
        RpcStatusCode::UNAUTHENTICATED => "UNAUTHENTICATED",
        _ => "INVALID_STATUS_CODE",
    }
}

/// How long until `deadline` passes: `None` for a call without one, zero once it has passed.
pub fn time_left(deadline: Deadline) -> Option<Duration> {
    // grpcio 0.13.0 (pinned to that release in the workspace's Cargo.toml for this) keeps a
    // deadline as the core's gpr_timespec on the realtime clock, its only field
    // (src/call/server.rs), and offers no way to read it but `exceeded()`. The size and
    // alignment checks and the tests below hold that layout.
    const _: () = assert!(std::mem::size_of::<Deadline>() == std::mem::size_of::<gpr_timespec>());
    const _: () = assert!(std::mem::align_of::<Deadline>() == std::mem::align_of::<gpr_timespec>());
    // SAFETY: in grpcio 0.13.0, `Deadline` is a `Copy` struct whose one field is a
    // `gpr_timespec`.
    let spec = unsafe { std::mem::transmute::<Deadline, gpr_timespec>(deadline) };
    if spec.tv_sec == i64::MAX {
        return None;
    }
    // SAFETY: plain time arithmetic of the core, on values it made.
    let left = unsafe {
        let now = grpcio_sys::gpr_now(gpr_clock_type::GPR_CLOCK_REALTIME);
        grpcio_sys::gpr_time_sub(spec, now)
    };
    Some(
        match (u64::try_from(left.tv_sec), u32::try_from(left.tv_nsec)) {
            (Ok(secs), Ok(nanos)) => Duration::new(secs, nanos),
            _ => Duration::ZERO,
        },
    )
}

/// Declares a `clap::Args` struct of the flags `--tls-cert FILE` and `--tls-key FILE` (PEM),
/// each requiring the other, with the binary's variables and its help for the certificate.
///
/// For a binary that depends on clap: `tls_identity_args!(Name, cert: (VAR, HELP), key: VAR)`.
#[macro_export]
macro_rules! tls_identity_args {
    ($(#[$meta:meta])* $name:ident, cert: ($cert_env:literal, $cert_help:literal), key: $key_env:literal) => {
        $(#[$meta])*
        #[derive(clap::Args)]
        pub struct $name {
            #[doc = $cert_help]
            #[arg(long, env = $cert_env, value_name = "FILE", requires = "tls_key")]
            pub tls_cert: Option<std::path::PathBuf>,

            /// The private key of --tls-cert (PEM)
            #[arg(long, env = $key_env, value_name = "FILE", requires = "tls_cert")]
            pub tls_key: Option<std::path::PathBuf>,
        }
    };
}

/// Parses `argv` with a binary's parser `A` as if no variable were set, after clap's check
/// that `A`'s flags fit together: for the tests that its defaults are the library's.
pub fn parse_without_env<A: clap::Parser>(argv: &[&str]) -> Result<A, clap::Error> {
    A::command().debug_assert();
    let bare = A::command().mut_args(|arg| arg.env(None));
    A::from_arg_matches(&bare.try_get_matches_from(argv)?)
}

/// Sets up a binary's log: `RUST_LOG` if set, else `default_filter` (e.g. `info`), with the
/// C core's own messages through it.
pub fn init_logging(default_filter: &str) {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or(default_filter))
        .init();
    redirect_core_log();
}

/// A binary's exit status for the outcome of its run: failure comes with one line on stderr,
/// `binary: error`.
pub fn exit_status<E: fmt::Display>(binary: &str, outcome: Result<(), E>) -> ExitCode {
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{binary}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Sends the gRPC C core's own messages through `log`: errors only, unless the logger is
/// at debug level or finer, where the core's info and debug messages come too.
pub fn redirect_core_log() {
    let max = log::max_level();
    // grpcio picks the core's verbosity from the logger's level; its info messages are
    // start-up chatter (epoll fds, socket options), not worth an operator's attention.
    if max < log::LevelFilter::Debug {
        log::set_max_level(max.min(log::LevelFilter::Warn));
    }
    grpcio::redirect_log();
    log::set_max_level(max);
}

#[cfg(test)]
mod tests {
    use std::error::Error;

    use super::*;

    /// PEM checks name what is wrong: not text, NUL bytes, no block of the kind, encryption.
    #[test]
    fn pem_checks() {
        let key = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assert_eq!(check_pem(key.as_bytes(), "PRIVATE KEY"), Ok(()));
        assert_eq!(
            check_pem(key.as_bytes(), "CERTIFICATE").unwrap_err(),
            "has no PEM block of type CERTIFICATE"
        );
        assert_eq!(
            check_pem(b"\xff\xfe", "CERTIFICATE").unwrap_err(),
            "is not PEM text"
        );
        assert_eq!(
            check_pem(b"-----BEGIN CERTIFICATE-----\0", "CERTIFICATE").unwrap_err(),
            "contains a NUL byte"
        );
        let encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n";
        assert!(check_pem(encrypted.as_bytes(), "PRIVATE KEY")
            .unwrap_err()
            .starts_with("is encrypted"));
    }

    /// Status codes print by their gRPC names, whatever their number.
    #[test]
    fn status_codes_have_grpc_names() {
        assert_eq!(status_code_name(RpcStatusCode::OK), "OK");
        assert_eq!(status_code_name(RpcStatusCode::from(13)), "INTERNAL");
        assert_eq!(status_code_name(RpcStatusCode::from(16)), "UNAUTHENTICATED");
        assert_eq!(
            status_code_name(RpcStatusCode::from(99)),
            "INVALID_STATUS_CODE"
        );
    }

    /// Google default credentials are not compiled into the core (grpcio-sys/PROVENANCE.md):
    /// grpcio's `ChannelCredentials::google_default_credentials()` fails with its own error,
    /// without a crash, even where Application Default Credentials are at hand in a file.
    #[test]
    fn google_default_credentials_fail_cleanly() {
        let path = std::env::temp_dir().join(format!("users-grpc-adc-{}.json", std::process::id()));
        std::fs::write(
            &path,
            r#"{"type": "authorized_user", "client_id": "id.apps.googleusercontent.com",
                "client_secret": "secret", "refresh_token": "token"}"#,
        )
        .unwrap();
        std::env::set_var("GOOGLE_APPLICATION_CREDENTIALS", &path);
        let creds = grpcio::ChannelCredentials::google_default_credentials();
        std::fs::remove_file(&path).unwrap();
        assert!(
            matches!(creds, Err(grpcio::Error::GoogleAuthenticationFailed)),
            "google default credentials were made: {:?}",
            creds.err()
        );
    }

    /// A deadline reads back as the time left until it; a call without one has none.
    #[test]
    fn time_left_reads_the_deadline() {
        let left = time_left(Deadline::from(Duration::from_secs(100))).expect("a deadline");
        assert!(
            left <= Duration::from_secs(100) && left > Duration::from_secs(90),
            "{left:?}"
        );
        let past = Deadline::from(Duration::ZERO);
        assert!(past.exceeded());
        assert_eq!(time_left(past), Some(Duration::ZERO));
        // The core's infinite future, as a call without a deadline has it.
        let none = Deadline::from(Duration::from_secs(i64::MAX as u64));
        assert!(!none.exceeded());
        assert_eq!(time_left(none), None);
    }

    /// A missing file is named with its flag, the OS's reason follows, and the OS error is
    /// the error's source.
    #[test]
    fn unreadable_file_names_flag_and_path() {
        let err = read_file("--tls-ca", Path::new("/nonexistent/ca.pem")).unwrap_err();
        assert_eq!(err.flag(), "--tls-ca");
        assert_eq!(err.path(), Path::new("/nonexistent/ca.pem"));
        let os = err
            .source()
            .and_then(|e| e.downcast_ref::<io::Error>())
            .expect("an io::Error source");
        assert_eq!(os.kind(), io::ErrorKind::NotFound);
        assert_eq!(
            err.to_string(),
            format!("cannot read --tls-ca /nonexistent/ca.pem: {os}")
        );
    }
}
