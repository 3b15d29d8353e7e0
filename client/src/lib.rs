//! The `users.Users` gRPC client on grpcio: reads users, streams them to the server while
//! reading the answers, and checks that every user is answered once, in order.
//!
//! # Layout
//!
//! - [`input`]: the users to send: a JSON Lines file checked whole, or the tutorial's five.
//! - [`target`](mod@target): the addresses given, turned into the one gRPC target the channel dials.
//! - [`connect`](mod@connect): the channel: compression, TLS, round-robin over every address.
//! - [`call`]: what every call carries: its deadline and its bearer token.
//! - [`stream`]: one `CreateUser` stream: sends while it reads, checks each answer's user.
//! - [`output`]: each answer printed as a readable line or a JSON object.
//! - [`health`], [`reflect`]: the server's health and reflection services, asked.
//! - [`trace`]: each call's span, its context sent on with the call (OpenTelemetry).
//! - [`error`]: why a run failed, in words for its user, with its cause as `source()`.
//!
//! A run of `users-client` goes: [`read_users`] (or [`tutorial_users`]) → [`target()`] →
//! [`connect_with`] → [`run_stream`], which polls [`send_users`] on the channel's
//! completion-queue thread and hands each answer to [`format_response`] or
//! [`response_json`] as it arrives.

pub mod call;
pub mod connect;
pub mod error;
pub mod health;
pub mod input;
pub mod output;
pub mod reflect;
pub mod stream;
pub mod target;
pub mod trace;

pub use call::CallOptions;
pub use connect::{channel, connect, connect_with, ClientTls, ConnectOptions};
pub use error::{classify, ClientError};
pub use health::health_status;
pub use input::{read_users, tutorial_users};
pub use output::{format_response, response_json};
pub use stream::{run_stream, send_users, StreamOptions, Summary, DEFAULT_DELAY};
pub use target::{check_addr, target, DEFAULT_ADDR};
pub use trace::ClientTracing;
