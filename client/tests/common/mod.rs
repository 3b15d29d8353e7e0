//! Servers and process helpers shared by the client's tests.

#![allow(dead_code)]

use std::process::{Child, Command, Output, Stdio};
use std::sync::{mpsc, Arc};
use std::thread;
use std::time::Duration;

use grpcio::{Environment, Server, ServerBuilder, ServerCredentials};
use users_grpc::Users;
use users_server::{ServerConfig, UsersServer};

/// Starts the real server on a free loopback port; returns it and its `HOST:PORT`.
pub fn real_server() -> (UsersServer, String) {
    real_server_with(ServerConfig {
        addr: "127.0.0.1:0".to_owned(),
        cq_count: 1,
        ..Default::default()
    })
}

/// Starts the real server with `config` (whose address must be a loopback `IP:PORT`);
/// returns it and the `IP:PORT` it listens on.
pub fn real_server_with(config: ServerConfig) -> (UsersServer, String) {
    let server = UsersServer::start(&config).expect("server starts on a free port");
    let host = config.addr.rsplit_once(':').map_or("127.0.0.1", |(h, _)| h);
    let addr = format!("{host}:{}", server.port());
    (server, addr)
}

/// Serves `service` on a free loopback port; returns the server and its `HOST:PORT`.
pub fn serve<S: Users + Send + Clone + 'static>(service: S) -> (Server, String) {
    let env = Arc::new(Environment::new(1));
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

/// `bin` as a command, with none of the caller's `USERS_*` variables.
pub fn command(bin: &str) -> Command {
    let mut command = Command::new(bin);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("USERS_") {
            command.env_remove(name);
        }
    }
    command
}

/// Runs `bin` with `args` and no stdin to completion, failing if it runs over a minute.
pub fn run_bin(bin: &str, args: &[&str]) -> Output {
    run_bin_env(bin, args, &[])
}

/// Like [`run_bin`], with `env` added to the environment.
pub fn run_bin_env(bin: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let child = command(bin)
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    wait_bounded(child)
}

/// Waits for `child` and collects its output, failing if it runs over a minute.
pub fn wait_bounded(child: Child) -> Output {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    rx.recv_timeout(Duration::from_secs(60))
        .expect("the binary exits within a minute")
        .expect("the binary's output is collected")
}
