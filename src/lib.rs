//! The wire contract of the `users.Users` gRPC service for grpcio and rust-protobuf 3.
//!
//! This crate owns `proto/users.proto`, the messages generated from it, and the one typed
//! binding of `/users.Users/CreateUser`. No other crate spells the method path or the rules.
//!
//! # Layout
//!
//! - this file: the messages ([`User`], [`CreateUserRes`]), the method
//!   ([`METHOD_CREATE_USER`]), the typed client ([`UsersClient`]), the service trait
//!   ([`Users`]) and [`create_users`], which registers an implementation with a server.
//! - [`rules`]: the validation rules ([`rules::Rule`]), each with its check, its error text
//!   and its metric label, and the answer they give a user ([`rules::answer`]).
//! - `limit`: the largest message decoded, set per server ([`with_decode_limit`]), and the
//!   error of one larger ([`MessageTooLarge`]).
//! - [`guard`]: runs each handler so that a panic ends its call `INTERNAL` instead of
//!   stranding it.
//! - [`health`], [`reflection`]: the bindings of the standard health and server reflection
//!   services, which the server speaks beside `users.Users`.
//!
//! A request's way through the crate: the C core hands the server a message of
//! `/users.Users/CreateUser`; the method's decoder (`limit`) refuses it if it is larger than
//! the server's limit, or decodes a [`User`]; the handler registered by [`create_users`] reads
//! it from [`UserRequests`] under the [`guard`], and answers with what [`rules::answer`]
//! says, on [`UserResponses`].

use futures::future::BoxFuture;
use grpcio::{
    CallOption, Channel, Client, ClientDuplexReceiver, ClientDuplexSender, Marshaller, Method,
    MethodType, RpcContext, Service, ServiceBuilder,
};

pub mod guard;
pub mod health;
mod limit;
pub mod reflection;
pub mod rules;

pub use limit::{max_message_bytes, with_decode_limit, MessageTooLarge, MAX_MESSAGE_BYTES};

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

/// The fully qualified name of the service, as registered on the wire.
pub const SERVICE_NAME: &str = "users.Users";

/// The descriptor of the bidirectional-streaming `CreateUser` method.
pub const METHOD_CREATE_USER: Method<User, CreateUserRes> = Method {
    ty: MethodType::Duplex,
    name: "/users.Users/CreateUser",
    req_mar: Marshaller {
        ser: grpcio::pb_ser,
        de: limit::pb_de_limited,
    },
    resp_mar: Marshaller {
        ser: grpcio::pb_ser,
        de: limit::pb_de_limited,
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
}
