//! The wire contract of the `users.Users` gRPC service for grpcio and rust-protobuf 3.
//!
//! This crate owns `proto/users.proto`, the messages generated from it, and the one typed
//! binding of `/users.Users/CreateUser`: its method descriptor, a client wrapper, a service
//! trait and the function that registers an implementation with a grpcio server. No other
//! crate spells the method path. It also holds the bindings of the standard health
//! ([`health`]) and server reflection ([`reflection`]) services, which the server speaks
//! beside it.

use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures::future::BoxFuture;
use grpcio::{
    CallOption, Channel, ChannelBuilder, Client, ClientDuplexReceiver, ClientDuplexSender,
    CompressionAlgorithms, Marshaller, MessageReader, Method, MethodType, RpcContext,
    RpcStatusCode, Service, ServiceBuilder,
};

pub mod guard;
pub mod health;
pub mod reflection;
pub mod rules;

mod proto {
    include!(concat!(env!("OUT_DIR"), "/proto/mod.rs"));
}

mod proto_reflection_v1 {
    include!(concat!(env!("OUT_DIR"), "/reflection_v1/mod.rs"));
}

mod proto_reflection_v1alpha {
    include!(concat!(env!("OUT_DIR"), "/reflection_v1alpha/mod.rs"));
}

pub use proto::users::{CreateUserRes, User};

/// The generated descriptor of `proto/users.proto`, for tools that need the schema.
pub use proto::users::file_descriptor;

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

/// The fully qualified name of the service, as registered on the wire.
pub const SERVICE_NAME: &str = "users.Users";

/// The largest message decoded unless told otherwise, in bytes: 4 MiB, the default of every
/// gRPC runtime.
pub const MAX_MESSAGE_BYTES: usize = 4 * 1024 * 1024;

static MAX_MESSAGE_LIMIT: AtomicUsize = AtomicUsize::new(MAX_MESSAGE_BYTES);

/// Sets the largest message this process decodes, for every call of every service bound by
/// this crate (the decoders are plain functions, so the limit is process-wide).
pub fn set_max_message_bytes(limit: usize) {
    MAX_MESSAGE_LIMIT.store(limit, Ordering::Relaxed);
}

/// The largest message this process decodes now.
pub fn max_message_bytes() -> usize {
    MAX_MESSAGE_LIMIT.load(Ordering::Relaxed)
}

/// A received message longer than [`max_message_bytes`], reported as a codec error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageTooLarge {
    /// The message's length in bytes.
    pub size: usize,
    /// The limit it broke.
    pub limit: usize,
}

impl fmt::Display for MessageTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // grpc-go's wording, so that operators see the same message from either server.
        let (size, limit) = (self.size, self.limit);
        write!(
            f,
            "grpc: received message larger than max ({size} vs. {limit})"
        )
    }
}

impl std::error::Error for MessageTooLarge {}

/// Decodes a message of at most [`max_message_bytes`].
///
/// The check lives here rather than in the C core's message-size filter, which costs about a
/// quarter of the core's work per message and is left out when no limit is set there.
fn pb_de_limited<T: protobuf::Message>(reader: MessageReader) -> grpcio::Result<T> {
    let size = reader.len();
    let limit = max_message_bytes();
    if size > limit {
        return Err(grpcio::Error::Codec(Box::new(MessageTooLarge {
            size,
            limit,
        })));
    }
    grpcio::pb_de(reader)
}

/// The descriptor of the bidirectional-streaming `CreateUser` method.
pub const METHOD_CREATE_USER: Method<User, CreateUserRes> = Method {
    ty: MethodType::Duplex,
    name: "/users.Users/CreateUser",
    req_mar: Marshaller {
        ser: grpcio::pb_ser,
        de: pb_de_limited,
    },
    resp_mar: Marshaller {
        ser: grpcio::pb_ser,
        de: pb_de_limited,
    },
};

/// A typed client of the `users.Users` service.
#[derive(Clone)]
pub struct UsersClient {
    client: Client,
}

impl UsersClient {
    /// Creates a client that issues its calls on `channel`.
    pub fn new(channel: Channel) -> Self {
        UsersClient {
            client: Client::new(channel),
        }
    }

    /// Opens a `CreateUser` stream with the given call options (deadline, headers...).
    pub fn create_user_opt(
        &self,
        opt: CallOption,
    ) -> grpcio::Result<(
        ClientDuplexSender<User>,
        ClientDuplexReceiver<CreateUserRes>,
    )> {
        self.client.duplex_streaming(&METHOD_CREATE_USER, opt)
    }

    /// Opens a `CreateUser` stream with default call options.
    pub fn create_user(
        &self,
    ) -> grpcio::Result<(
        ClientDuplexSender<User>,
        ClientDuplexReceiver<CreateUserRes>,
    )> {
        self.create_user_opt(CallOption::default())
    }

    /// The underlying grpcio client, for spawning futures on its completion queue.
    pub fn inner(&self) -> &Client {
        &self.client
    }
}

/// The requests of a `CreateUser` stream, as its handler reads them.
pub type UserRequests = guard::Requests<User, CreateUserRes>;

/// The response sink of a `CreateUser` stream.
pub type UserResponses = guard::Responses<User, CreateUserRes>;

/// The server side of the `users.Users` service.
pub trait Users {
    /// Returns the future that serves one `CreateUser` stream: it reads users from
    /// `requests` and answers on `sink`. The future runs on the call's completion-queue
    /// thread, under a guard that answers `INTERNAL` if the handler panics.
    fn create_user(
        &mut self,
        ctx: &RpcContext<'_>,
        requests: UserRequests,
        sink: UserResponses,
    ) -> BoxFuture<'static, ()>;
}

/// Builds the grpcio `Service` that routes `CreateUser` calls to `service`.
pub fn create_users<S: Users + Send + Clone + 'static>(service: S) -> Service {
    let mut service = service;
    ServiceBuilder::new()
        .add_duplex_streaming_handler(&METHOD_CREATE_USER, move |ctx, requests, sink| {
            guard::serve(ctx, requests, sink, |ctx, requests, sink| {
                service.create_user(ctx, requests, sink)
            })
        })
        .build()
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
    use super::*;
    use protobuf::Message;

    /// The method path is the one every gRPC peer derives from the proto.
    #[test]
    fn method_path_matches_proto() {
        let fd = file_descriptor();
        let service = fd
            .services()
            .next()
            .expect("users.proto declares a service");
        let method = service
            .methods()
            .next()
            .expect("the service declares a method");
        assert_eq!(
            METHOD_CREATE_USER.name,
            format!(
                "/{}.{}/{}",
                fd.package(),
                service.proto().name(),
                method.proto().name()
            )
        );
        assert_eq!(
            SERVICE_NAME,
            format!("{}.{}", fd.package(), service.proto().name())
        );
        assert!(method.proto().client_streaming() && method.proto().server_streaming());
    }

    /// Field numbers and wire types are the contract's: a User encodes to known bytes.
    #[test]
    fn user_encodes_to_contract_bytes() {
        let user = User {
            id: "1".into(),
            name: "Carl".into(),
            last_name: "Phill".into(),
            age: 23,
            ..Default::default()
        };
        let bytes = user.write_to_bytes().unwrap();
        let mut expected = vec![0x0a, 1, b'1', 0x12, 4];
        expected.extend_from_slice(b"Carl");
        expected.extend_from_slice(&[0x1a, 5]);
        expected.extend_from_slice(b"Phill");
        expected.extend_from_slice(&[0x20, 23]);
        assert_eq!(bytes, expected);
    }

    /// A response with errors encodes `errors` as repeated field 3 and `success` as field 2.
    #[test]
    fn response_encodes_to_contract_bytes() {
        let res = CreateUserRes {
            user_id: "3".into(),
            success: false,
            errors: vec!["a".into(), "b".into()],
            ..Default::default()
        };
        let bytes = res.write_to_bytes().unwrap();
        assert_eq!(bytes, vec![0x0a, 1, b'3', 0x1a, 1, b'a', 0x1a, 1, b'b']);
        let ok = CreateUserRes {
            user_id: "2".into(),
            success: true,
            ..Default::default()
        };
        assert_eq!(ok.write_to_bytes().unwrap(), vec![0x0a, 1, b'2', 0x10, 1]);
    }

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

    /// grpcio's `ChannelCredentials::google_default_credentials()` calls gRPC 1.56's
    /// one-argument `grpc_google_default_credentials_create`, which 1.85 replaced with a
    /// two-argument one; grpcio-sys maps the old call onto the new. With Application Default
    /// Credentials in a file (an OAuth refresh token, read without any network), it returns
    /// credentials.
    #[test]
    fn google_default_credentials_from_a_file() {
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
        assert!(creds.is_ok(), "no credentials from {}", path.display());
    }
}
