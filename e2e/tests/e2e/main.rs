//! The end-to-end tests: the real server, client and load tool, wired together in process
//! or run as the binaries, in one test binary.
//!
//! # Layout
//!
//! | module | what it covers |
//! |---|---|
//! | `service` | the tutorial's stream, the rules over the wire, ordering, large streams, bad bytes |
//! | `batching`, `limits`, `panics` | answers batched into few writes; message and stream limits; a handler that panics |
//! | `shutdown`, `health`, `reflection`, `metrics` | drain, health, reflection and `/metrics` |
//! | `tls`, `auth` | TLS and mTLS; bearer tokens |
//! | `transport`, `misbehaving_server` | the client over gzip, round-robin and TLS; the client against servers that answer wrongly |
//! | `server_cli`, `client_cli`, `bench` | the three binaries: flags, environment, signals, logs, exit statuses |
//! | `faults` | process-level faults: killed and stopped peers, dead peers, deadlines, cancels, 10,000 streams |
//! | `readme` | the README's commands, as a user types them, and its flag tables against `--help` |
//! | `record` | what a user sees, against `testdata/record/`: `--help`, the client's errors, the metric families |
//!
//! The shared test server, client and process helpers are the `users-e2e` library.

mod auth;
mod batching;
mod bench;
mod client_cli;
mod faults;
mod health;
mod limits;
mod metrics;
mod misbehaving_server;
mod panics;
mod readme;
mod record;
mod reflection;
mod server_cli;
mod service;
mod shutdown;
mod tls;
mod transport;
mod unix;
