//! A real server on 127.0.0.1:0 and a real client dialled to it, in the test process.

use std::sync::{mpsc, Arc};
use std::thread;
use std::time::Duration;

use grpcio::{Environment, Server, ServerBuilder, ServerCredentials};
use users_client::{
    connect, response_json, send_users, tutorial_users, CallOptions, ClientError, StreamOptions,
    Summary,
};
use users_grpc::{CreateUserRes, User, Users, UsersClient};
use users_server::{ServerConfig, UsersServer};

/// A server on a free loopback port and a client dialled to it.
pub struct Pair {
    /// The running server.
    pub server: UsersServer,
    /// A client connected to it.
    pub client: UsersClient,
    /// Its `127.0.0.1:PORT`.
    pub addr: String,
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

/// Starts the server in-process on 127.0.0.1:0 and connects a client to the port it got.
pub fn start_pair() -> Pair {
    start_pair_with(ServerConfig {
        cq_count: 2,
        ..Default::default()
    })
}

/// Like [`start_pair`], with `config` but for its address, which is always 127.0.0.1:0.
pub fn start_pair_with(config: ServerConfig) -> Pair {
    let config = ServerConfig {
        addr: "127.0.0.1:0".to_owned(),
        ..config
    };
    let server = UsersServer::start(&config).expect("server starts on a free port");
    let addr = format!("127.0.0.1:{}", server.port());
    let client = connect(&addr);
    Pair {
        server,
        client,
        addr,
    }
}

/// The server of [`start_pair`] on one completion queue, and its `127.0.0.1:PORT`.
pub fn real_server() -> (UsersServer, String) {
    real_server_with(ServerConfig {
        cq_count: 1,
        ..Default::default()
    })
}

/// The server of [`start_pair_with`] alone, and its `127.0.0.1:PORT`.
pub fn real_server_with(config: ServerConfig) -> (UsersServer, String) {
    let pair = start_pair_with(config);
    (pair.server, pair.addr)
}

/// Serves `service` alone, on `cq_count` completion-queue threads, on a free loopback port.
pub fn serve_service<S: Users + Send + Clone + 'static>(
    service: S,
    cq_count: usize,
) -> (Server, String) {
    let env = Arc::new(Environment::new(cq_count));
    let mut server = ServerBuilder::new(env)
        .register_service(users_grpc::create_users(service))
        .build()
        .expect("test server builds");
    let port = server
        .add_listening_port("127.0.0.1:0", ServerCredentials::insecure())
        .expect("test server binds a free port");
    server.start();
    (server, format!("127.0.0.1:{port}"))
}

/// Options for tests: no pause between sends, and a deadline so a bug fails instead of hanging.
pub fn fast() -> StreamOptions {
    StreamOptions {
        delay: Duration::ZERO,
        call: CallOptions {
            timeout: Some(Duration::from_secs(60)),
            ..Default::default()
        },
    }
}

impl Pair {
    /// Streams `users` with the real client code and collects the responses.
    pub fn run(&self, users: Vec<User>) -> Result<(Vec<CreateUserRes>, Summary), ClientError> {
        run(&self.client, &self.addr, users)
    }
}

/// Streams `users` to `addr` on `client` and collects the responses.
pub fn run(
    client: &UsersClient,
    addr: &str,
    users: Vec<User>,
) -> Result<(Vec<CreateUserRes>, Summary), ClientError> {
    let mut responses = Vec::new();
    let summary = futures::executor::block_on(send_users(client, addr, users, &fast(), |res| {
        responses.push(res.clone())
    }))?;
    Ok((responses, summary))
}

/// The golden answers to the tutorial's five users, one JSON line each.
pub fn spec_responses() -> Vec<&'static str> {
    include_str!("../../testdata/tutorial_answers.jsonl")
        .lines()
        .collect()
}

/// Responses as the client prints them with `--output json`, comparable with golden answers.
pub fn as_json(responses: &[CreateUserRes]) -> Vec<String> {
    responses.iter().map(response_json).collect()
}

/// A response as a comparable tuple.
pub fn fields(res: &CreateUserRes) -> (&str, bool, Vec<&str>) {
    (
        res.user_id.as_str(),
        res.success,
        res.errors.iter().map(String::as_str).collect(),
    )
}

/// A client stream running in a thread: the ids it was answered, and its summary.
pub type StreamThread = thread::JoinHandle<Result<(Vec<String>, Summary), ClientError>>;

/// Starts a stream of the five users to `addr` in a thread, pausing `delay` after each send;
/// the returned receiver fires on the first response.
pub fn paced_stream(addr: &str, delay: Duration) -> (mpsc::Receiver<()>, StreamThread) {
    let addr = addr.to_owned();
    let (first_tx, first_rx) = mpsc::channel();
    let handle = thread::spawn(move || {
        let options = StreamOptions {
            delay,
            call: CallOptions {
                timeout: Some(Duration::from_secs(60)),
                ..Default::default()
            },
        };
        let mut ids = Vec::new();
        let summary = futures::executor::block_on(send_users(
            &connect(&addr),
            &addr,
            tutorial_users(),
            &options,
            |res| {
                ids.push(res.user_id.clone());
                let _ = first_tx.send(());
            },
        ))?;
        Ok((ids, summary))
    });
    (first_rx, handle)
}
