//! Test servers for the client's tests.

use std::sync::Arc;

use grpcio::{Environment, Server, ServerBuilder, ServerCredentials};
use users_grpc::Users;

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
