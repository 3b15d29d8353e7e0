//! The Users service on tonic: one response per request, in order, streamed as they come.

mod common;

use std::pin::Pin;

use common::pb::users_server::{Users, UsersServer};
use common::pb::{CreateUserRes, User};
use tokio_stream::{Stream, StreamExt};
use tonic::{Request, Response, Status, Streaming};

struct Service {
    verbose: bool,
}

fn create_user_res(user: User, verbose: bool) -> CreateUserRes {
    if verbose {
        eprintln!(
            "name: {}, last name: {}, id: {}",
            user.name, user.last_name, user.id
        );
    }
    let mut errors = Vec::new();
    if user.name.len() <= 3 {
        errors.push("Name is too short".to_owned());
    }
    if user.last_name == "Phill" {
        errors.push("Last Name already taken".to_owned());
    }
    CreateUserRes {
        user_id: user.id,
        success: errors.is_empty(),
        errors,
    }
}

#[tonic::async_trait]
impl Users for Service {
    type CreateUserStream = Pin<Box<dyn Stream<Item = Result<CreateUserRes, Status>> + Send>>;

    async fn create_user(
        &self,
        request: Request<Streaming<User>>,
    ) -> Result<Response<Self::CreateUserStream>, Status> {
        let verbose = self.verbose;
        // A request that fails to decode comes through as an error status and ends the stream.
        let responses = request
            .into_inner()
            .map(move |user| user.map(|u| create_user_res(u, verbose)));
        Ok(Response::new(Box::pin(responses)))
    }
}

#[tokio::main]
async fn main() {
    let addr = common::flag("--addr", "0.0.0.0:3000");
    let verbose = std::env::args().any(|a| a == "--verbose");
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("users-tonic-server: cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    eprintln!(
        "listening on {}",
        listener.local_addr().expect("bound socket has an address")
    );
    // As every other peer: no Nagle delay on answers (it costs a ping-pong client ~40 ms each).
    let incoming = tokio_stream::StreamExt::map(
        tokio_stream::wrappers::TcpListenerStream::new(listener),
        |conn| conn.and_then(|s| s.set_nodelay(true).map(|()| s)),
    );
    let result = tonic::transport::Server::builder()
        .add_service(UsersServer::new(Service { verbose }))
        .serve_with_incoming(incoming)
        .await;
    if let Err(e) = result {
        eprintln!("users-tonic-server: {e}");
        std::process::exit(1);
    }
}
