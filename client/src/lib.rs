//! The `users.Users` gRPC client on grpcio: reads users, streams them to the server while
//! reading the answers, and checks that every user is answered once, in order.
//!
//! [`reflect`] asks a server for its services and their schema.

pub mod reflect;

use std::fmt;
use std::io::BufRead;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use futures::future::{self, Either};
use futures::{stream, SinkExt, TryStreamExt};
use futures_timer::Delay;
use grpcio::{
    CallOption, Channel, ChannelBuilder, ChannelCredentialsBuilder, EnvBuilder, LbPolicy,
    MetadataBuilder, RpcStatusCode, WriteFlags,
};
use serde::{Deserialize, Serialize};
use users_grpc::{status_code_name, Compression, CreateUserRes, User, UsersClient};

/// The server address the client dials unless told otherwise, as the Go tutorial client.
pub const DEFAULT_ADDR: &str = "localhost:3000";

/// The pause after each send unless told otherwise, as the Go tutorial client.
pub const DEFAULT_DELAY: Duration = Duration::from_secs(1);

/// The five users the Go tutorial client sends, in its order (`testdata/tutorial_users.jsonl`).
pub fn tutorial_users() -> Vec<User> {
    const TUTORIAL_USERS: &str = include_str!("../../testdata/tutorial_users.jsonl");
    read_users(TUTORIAL_USERS.as_bytes(), "testdata/tutorial_users.jsonl")
        .expect("the tutorial's users are valid input")
}

/// Builds a `User` message from its four fields.
pub fn user(id: &str, name: &str, last_name: &str, age: i32) -> User {
    User {
        id: id.to_owned(),
        name: name.to_owned(),
        last_name: last_name.to_owned(),
        age,
        ..Default::default()
    }
}

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

/// One line of a JSON Lines users file: unknown keys are refused, missing ones default.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserLine {
    #[serde(default)]
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    age: i32,
}

/// Reads users from JSON Lines, one object per line; blank lines are skipped.
///
/// Every line is checked before any user is returned, so a bad file sends nothing.
pub fn read_users(reader: impl BufRead, source: &str) -> Result<Vec<User>, ClientError> {
    let mut users = Vec::new();
    for (index, line) in reader.lines().enumerate() {
        let line_no = index + 1;
        let bad_line = |reason: String| ClientError::Input {
            source: source.to_owned(),
            line: line_no,
            reason,
        };
        let line = line.map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => bad_line("not valid UTF-8".to_owned()),
            _ => ClientError::Read {
                source: source.to_owned(),
                reason: e.to_string(),
            },
        })?;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        // serde would also accept a JSON array of the four fields: only objects are users.
        if !trimmed.starts_with('{') {
            return Err(bad_line("invalid user: expected a JSON object".to_owned()));
        }
        let parsed: UserLine = serde_json::from_str(&line).map_err(|e| {
            // serde_json counts lines within the one line it parsed: keep only the column.
            let text = e.to_string();
            let reason = text
                .rsplit_once(" at line ")
                .map_or(text.as_str(), |(r, _)| r);
            bad_line(format!("invalid user: {reason} (column {})", e.column()))
        })?;
        users.push(User {
            id: parsed.id,
            name: parsed.name,
            last_name: parsed.last_name,
            age: parsed.age,
            ..Default::default()
        });
    }
    Ok(users)
}

/// Formats a response on one readable line.
pub fn format_response(res: &CreateUserRes) -> String {
    format!(
        "user_id: {:?}, success: {}, errors: {:?}",
        res.user_id, res.success, res.errors
    )
}

/// Formats a response as one JSON object, for tools that compare peers field by field.
pub fn response_json(res: &CreateUserRes) -> String {
    #[derive(Serialize)]
    struct ResponseLine<'a> {
        user_id: &'a str,
        success: bool,
        errors: &'a [String],
    }
    let line = ResponseLine {
        user_id: &res.user_id,
        success: res.success,
        errors: &res.errors,
    };
    // Serializing borrowed strings and a bool cannot fail.
    serde_json::to_string(&line).unwrap_or_default()
}

/// Refuses addresses the gRPC core cannot even parse (empty, or with blanks in them).
pub fn check_addr(addr: &str) -> Result<(), ClientError> {
    if addr.is_empty() || addr.chars().any(char::is_whitespace) {
        return Err(ClientError::BadAddress(addr.to_owned()));
    }
    Ok(())
}

/// Target URI schemes of the C core's resolvers, passed through untouched.
const URI_SCHEMES: [&str; 6] = [
    "dns:",
    "ipv4:",
    "ipv6:",
    "unix:",
    "unix-abstract:",
    "vsock:",
];

/// The gRPC target that dials every address in `addrs`, each of which may itself be a
/// comma-separated list.
///
/// One address is used as it is: `HOST:PORT` (a DNS name may resolve to several addresses)
/// or any target URI the C core knows (`dns:///`, `ipv4:`, `ipv6:`, `unix:`...), commas
/// included. Several addresses must be `IP:PORT` literals of one family, which become one
/// `ipv4:` or `ipv6:` target list.
pub fn target(addrs: &[String]) -> Result<String, ClientError> {
    if let [uri] = addrs {
        if URI_SCHEMES.iter().any(|scheme| uri.starts_with(scheme)) {
            check_addr(uri)?;
            return Ok(uri.clone());
        }
    }
    let addrs: Vec<&str> = addrs
        .iter()
        .flat_map(|a| a.split(','))
        .map(str::trim)
        .collect();
    match addrs.as_slice() {
        [] => Err(ClientError::BadAddress(String::new())),
        [one] => {
            check_addr(one)?;
            Ok((*one).to_owned())
        }
        several => {
            let mut v4 = Vec::new();
            let mut v6 = Vec::new();
            for addr in several {
                check_addr(addr)?;
                match addr.parse::<SocketAddr>() {
                    Ok(SocketAddr::V4(a)) => v4.push(a.to_string()),
                    Ok(SocketAddr::V6(a)) => v6.push(a.to_string()),
                    Err(_) => return Err(ClientError::NotAnIpAddress((*addr).to_owned())),
                }
            }
            match (v4.is_empty(), v6.is_empty()) {
                (false, true) => Ok(format!("ipv4:{}", v4.join(","))),
                (true, false) => Ok(format!("ipv6:{}", v6.join(","))),
                _ => Err(ClientError::MixedAddressFamilies),
            }
        }
    }
}

/// How the client's channel is set up.
#[derive(Clone, Debug, Default)]
pub struct ConnectOptions {
    /// How requests are compressed; compressed responses are always accepted.
    pub compression: Compression,
    /// TLS to the server; plaintext when `None`.
    pub tls: Option<ClientTls>,
}

/// How the client checks the server, and proves who it is.
#[derive(Clone, Default)]
pub struct ClientTls {
    /// CAs the server's certificate must chain to (PEM) [default: the system's roots].
    pub ca: Option<Vec<u8>>,
    /// The client's own certificate chain and private key (PEM), for servers that ask.
    pub identity: Option<(Vec<u8>, Vec<u8>)>,
    /// The name the server's certificate must carry, when not the host dialled.
    pub server_name: Option<String>,
}

impl fmt::Debug for ClientTls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The private key stays out of logs.
        f.debug_struct("ClientTls")
            .field("ca", &self.ca.as_ref().map(Vec::len))
            .field("identity", &self.identity.is_some())
            .field("server_name", &self.server_name)
            .finish()
    }
}

/// Refuses what is not PEM holding a `kind` block, naming `what` it is.
pub fn check_pem(what: &str, pem: &[u8], kind: &str) -> Result<(), ClientError> {
    users_grpc::check_pem(pem, kind).map_err(|reason| ClientError::Tls(format!("{what} {reason}")))
}

/// Connects to `target` (see [`target`]) without TLS, with default options.
pub fn connect(target: &str) -> UsersClient {
    connect_with(target, &ConnectOptions::default())
}

/// Connects to `target` (see [`target`]) without TLS.
///
/// Calls are spread round-robin over every address the target resolves to, by the C core's
/// `round_robin` load-balancing policy: each new stream goes to the next server.
pub fn connect_with(target: &str, options: &ConnectOptions) -> UsersClient {
    UsersClient::new(channel(target, options))
}

/// The channel [`connect_with`] uses, for clients of the server's other services.
pub fn channel(target: &str, options: &ConnectOptions) -> Channel {
    // One completion queue is plenty for a client that runs one stream at a time.
    let env = Arc::new(
        EnvBuilder::new()
            .cq_count(1)
            .name_prefix("users-client")
            .build(),
    );
    let mut builder = ChannelBuilder::new(env).load_balancing_policy(LbPolicy::RoundRobin);
    builder = options.compression.configure(builder);
    if let Some(tls) = &options.tls {
        let mut credentials = ChannelCredentialsBuilder::new();
        if let Some(ca) = &tls.ca {
            credentials = credentials.root_cert(ca.clone());
        }
        if let Some((cert, key)) = &tls.identity {
            credentials = credentials.cert(cert.clone(), key.clone());
        }
        builder = builder.set_credentials(credentials.build());
        if let Some(name) = &tls.server_name {
            builder = builder.override_ssl_target(name.clone());
        }
    }
    builder.connect(target)
}

/// How to pace and bound one stream.
#[derive(Clone)]
pub struct StreamOptions {
    /// Pause after each send.
    pub delay: Duration,
    /// Deadline of the whole call, if any.
    pub timeout: Option<Duration>,
    /// Bearer token sent in the call's `authorization` header, if any.
    pub token: Option<String>,
}

impl Default for StreamOptions {
    fn default() -> Self {
        StreamOptions {
            delay: DEFAULT_DELAY,
            timeout: None,
            token: None,
        }
    }
}

impl fmt::Debug for StreamOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The token stays out of logs and panic messages.
        f.debug_struct("StreamOptions")
            .field("delay", &self.delay)
            .field("timeout", &self.timeout)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// The options of one call: its deadline, and the bearer token in its headers.
pub fn call_option(timeout: Option<Duration>, token: Option<&str>) -> CallOption {
    let mut call = CallOption::default();
    if let Some(timeout) = timeout {
        call = call.timeout(timeout);
    }
    if let Some(token) = token {
        let mut headers = MetadataBuilder::new();
        // A token with characters a header cannot carry is sent as it is refused: not at all.
        if headers
            .add_str("authorization", &format!("Bearer {token}"))
            .is_ok()
        {
            call = call.headers(headers.build());
        }
    }
    call
}

/// What a finished stream did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Users sent.
    pub sent: usize,
    /// Responses received.
    pub received: usize,
}

/// Streams `users` on one `CreateUser` call and hands each response to `on_response`.
///
/// Sending and receiving run concurrently; the sender half-closes after the last user.
/// Succeeds when the stream ends OK with one response per user, in order.
pub async fn create_users<F>(
    client: &UsersClient,
    addr: &str,
    users: Vec<User>,
    options: &StreamOptions,
    mut on_response: F,
) -> Result<Summary, ClientError>
where
    F: FnMut(&CreateUserRes),
{
    let call_error = |e| classify(e, addr, options.timeout);
    let call = call_option(options.timeout, options.token.as_deref());
    let (mut sender, mut receiver) = client.create_user_opt(call).map_err(call_error)?;

    let expected_ids: Vec<String> = users.iter().map(|u| u.id.clone()).collect();
    let delay = options.delay;
    let send = async move {
        if delay.is_zero() {
            // Unpaced: let the C core coalesce queued users into fewer socket writes (every
            // write but the last carries the buffer hint) instead of a round trip per user.
            sender.enhance_batch(true);
            let mut queued =
                stream::iter(users.into_iter().map(|u| Ok((u, WriteFlags::default()))));
            sender.send_all(&mut queued).await?;
        } else {
            for user in users {
                sender.send((user, WriteFlags::default())).await?;
                // As the tutorial client: a pause after each send, the last one included.
                Delay::new(delay).await;
            }
        }
        sender.close().await
    };
    let receive = async {
        let mut received = 0;
        loop {
            let res = match receiver.try_next().await {
                Ok(Some(res)) => res,
                Ok(None) => break,
                // Once the server has answered, UNAVAILABLE means the connection was lost,
                // not that the server could not be reached.
                Err(e) => {
                    return Err(match call_error(e) {
                        ClientError::Unavailable { addr, message } if received > 0 => {
                            ClientError::ConnectionLost {
                                addr,
                                message,
                                received,
                            }
                        }
                        other => other,
                    })
                }
            };
            match expected_ids.get(received) {
                Some(id) if *id == res.user_id => {}
                Some(id) => {
                    return Err(ClientError::OutOfOrder {
                        position: received,
                        expected: id.clone(),
                        got: res.user_id,
                    })
                }
                None => {
                    return Err(ClientError::ExtraResponse {
                        sent: expected_ids.len(),
                        user_id: res.user_id,
                    })
                }
            }
            on_response(&res);
            received += 1;
        }
        Ok(received)
    };

    futures::pin_mut!(send, receive);
    // The receiver ends with the call's status, which is what the stream's outcome is. A
    // sender error adds nothing: it either comes with a failed status, or (when the call
    // finished while the half-close was in flight) after a stream that ended OK.
    let received = match future::select(send, receive).await {
        Either::Left((sent, receive)) => {
            if let Err(e) = sent {
                log::debug!("sender stopped: {e}");
            }
            receive.await?
        }
        Either::Right((received, _send)) => received?,
    };
    if received != expected_ids.len() {
        return Err(ClientError::MissingResponses {
            sent: expected_ids.len(),
            received,
        });
    }
    Ok(Summary {
        sent: expected_ids.len(),
        received,
    })
}

/// Runs [`create_users`] to completion on the client's completion-queue thread.
///
/// Polling the stream on the thread that completes its gRPC operations saves a hand-off
/// between threads per message; the caller only waits for the outcome.
pub fn run_stream<F>(
    client: &UsersClient,
    addr: &str,
    users: Vec<User>,
    options: &StreamOptions,
    on_response: F,
) -> Result<Summary, ClientError>
where
    F: FnMut(&CreateUserRes) + Send + 'static,
{
    let (done_tx, done_rx) = futures::channel::oneshot::channel();
    let (stream_client, addr_owned, options) = (client.clone(), addr.to_owned(), options.clone());
    client.inner().spawn(async move {
        let outcome = create_users(&stream_client, &addr_owned, users, &options, on_response).await;
        let _ = done_tx.send(outcome);
    });
    futures::executor::block_on(done_rx).unwrap_or_else(|_| {
        Err(ClientError::Grpc(
            "the stream was dropped unfinished".to_owned(),
        ))
    })
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Vec<User>, ClientError> {
        read_users(text.as_bytes(), "users.jsonl")
    }

    /// Address lists become one ipv4: or ipv6: target; names and URIs pass through as they are.
    #[test]
    fn targets_from_addresses() {
        let t = |addrs: &[&str]| target(&addrs.iter().map(|a| a.to_string()).collect::<Vec<_>>());
        assert_eq!(t(&["localhost:3000"]).unwrap(), "localhost:3000");
        assert_eq!(
            t(&["10.0.0.1:1,10.0.0.2:2"]).unwrap(),
            "ipv4:10.0.0.1:1,10.0.0.2:2"
        );
        assert_eq!(
            t(&["10.0.0.1:1", "10.0.0.2:2"]).unwrap(),
            "ipv4:10.0.0.1:1,10.0.0.2:2"
        );
        assert_eq!(t(&["[::1]:1,[::1]:2"]).unwrap(), "ipv6:[::1]:1,[::1]:2");
        assert_eq!(
            t(&["ipv4:10.0.0.1:1,10.0.0.2:2"]).unwrap(),
            "ipv4:10.0.0.1:1,10.0.0.2:2"
        );
        assert_eq!(
            t(&["dns://10.0.0.53:53/users:3000"]).unwrap(),
            "dns://10.0.0.53:53/users:3000"
        );
        assert!(matches!(t(&["a:1,b:2"]), Err(ClientError::NotAnIpAddress(a)) if a == "a:1"));
        assert!(matches!(
            t(&["10.0.0.1:1,[::1]:2"]),
            Err(ClientError::MixedAddressFamilies)
        ));
        assert!(matches!(
            t(&["10.0.0.1:1,"]),
            Err(ClientError::BadAddress(_))
        ));
    }

    /// A well-formed file gives its users in file order; blank lines are skipped.
    #[test]
    fn reads_users_in_order() {
        let users = read(concat!(
            "{\"id\":\"7\",\"name\":\"Ana\",\"last_name\":\"Lee\",\"age\":31}\n",
            "\n",
            "  {\"id\":\"8\",\"name\":\"Zoë\",\"last_name\":\"Phill\",\"age\":-2}  \n",
        ))
        .unwrap();
        assert_eq!(
            users,
            vec![user("7", "Ana", "Lee", 31), user("8", "Zoë", "Phill", -2)]
        );
    }

    /// Missing fields take their proto3 defaults, as on the wire.
    #[test]
    fn missing_fields_default() {
        assert_eq!(read("{\"id\":\"1\"}").unwrap(), vec![user("1", "", "", 0)]);
    }

    /// A malformed line is reported with its line number, and no user is returned.
    #[test]
    fn malformed_line_is_named() {
        let text = "{\"id\":\"1\",\"name\":\"Carl\"}\n{\"id\":2}\n";
        let err = read(text).unwrap_err();
        match &err {
            ClientError::Input { line, .. } => assert_eq!(*line, 2),
            other => panic!("unexpected error {other:?}"),
        }
        assert!(
            err.to_string().starts_with("users.jsonl:2: invalid user:"),
            "{err}"
        );
    }

    /// Broken JSON, unknown keys, wrong types and out-of-range ages are all rejected.
    #[test]
    fn rejects_bad_lines() {
        for (text, needle) in [
            ("{\"id\":\"1\"", "EOF"),
            (
                "{\"id\":\"1\",\"lastname\":\"Lee\"}",
                "unknown field `lastname`",
            ),
            ("{\"age\":\"31\"}", "invalid type"),
            ("{\"age\":3000000000}", "i32"),
            ("{\"age\":1.5}", "invalid type"),
            ("[\"1\",\"Carl\"]", "expected a JSON object"),
            ("null", "expected a JSON object"),
            ("{\"id\":1}", "invalid type"),
        ] {
            let err = read(text).unwrap_err().to_string();
            assert!(err.starts_with("users.jsonl:1: "), "{text}: {err}");
            assert!(err.contains(needle), "{text}: {err}");
        }
    }

    /// Empty addresses and addresses with blanks are refused before dialling.
    #[test]
    fn checks_addresses() {
        assert!(check_addr("localhost:3000").is_ok());
        assert!(check_addr("[::1]:3000").is_ok());
        for bad in ["", " ", "localhost: 3000"] {
            let err = check_addr(bad).unwrap_err().to_string();
            assert!(err.starts_with("invalid address"), "{err}");
        }
    }

    /// A file that is not UTF-8 is rejected with the line number.
    #[test]
    fn rejects_invalid_utf8() {
        let bytes: &[u8] = b"{\"id\":\"1\"}\n{\"id\":\"\xff\"}\n";
        let err = read_users(bytes, "f").unwrap_err().to_string();
        assert_eq!(err, "f:2: not valid UTF-8");
    }

    /// Both output formats print the golden answers to the tutorial's users exactly.
    #[test]
    fn formats_responses() {
        let answers: Vec<CreateUserRes> = tutorial_users()
            .into_iter()
            .map(users_grpc::rules::answer)
            .collect();
        let text: Vec<String> = answers.iter().map(format_response).collect();
        let json: Vec<String> = answers.iter().map(response_json).collect();
        let golden_text: Vec<&str> = include_str!("../../testdata/tutorial_answers.txt")
            .lines()
            .collect();
        let golden_json: Vec<&str> = include_str!("../../testdata/tutorial_answers.jsonl")
            .lines()
            .collect();
        assert_eq!(text, golden_text);
        assert_eq!(json, golden_json);
    }
}
