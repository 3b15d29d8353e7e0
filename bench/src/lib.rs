//! `users-bench`: drives a `users.Users` server with generated users over many streams and
//! connections, checks every answer, and measures throughput and latency.
//!
//! # Layout
//!
//! - [`scenario`]: the load patterns and their flags (flood, ping-pong, open-loop, churn, idle,
//!   connect).
//! - [`run`](mod@run): a run: opens the connections, spawns the streams, waits for their outcomes.
//! - `drive`: one stream as one future: sends at its pace, checks each answer as it arrives.
//! - `schedule`: the open-loop schedule, slot by slot and stream by stream.
//! - `generated`: the users a run sends (the cycle of `testdata/generated_cycle.jsonl`) and
//!   the check of each answer against the contract crate's rules.
//! - `latency`, `progress`: the run's latency histogram and its progress bar.
//! - [`report`]: what a run measured, as a table or one JSON line.
//! - [`error`]: why a run failed.
//!
//! A run goes: [`run()`] opens `connections` channels on one completion queue and warms them
//! up (but for connect, which measures the handshakes), spawns one `Drive` per stream on that queue's thread, and waits for their outcomes;
//! each `Drive` sends `generated` users, checks every answer as it comes and records its
//! latency; the first failure cancels the rest. Every stream is polled on the one thread that
//! completes its gRPC operations, so sending, receiving and checking a message costs no
//! hand-off between threads.

mod drive;
pub mod error;
mod generated;
mod latency;
mod progress;
pub mod report;
pub mod run;
pub mod scenario;
mod schedule;

pub use error::BenchError;
pub use generated::{bench_user, check_answer};
pub use report::{LatencySummary, Report};
pub use run::{run, BenchOptions, DEFAULT_TIMEOUT};
pub use scenario::{positive_duration, Scenario};
