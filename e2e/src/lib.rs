//! What the end-to-end tests share: the real server and client wired together in the test
//! process, the binaries built and run as processes, and certificates made at test time.
//!
//! # Layout
//!
//! - [`pair`]: a real server on 127.0.0.1:0 and a real client dialled to it, in process.
//! - [`process`]: the workspace's binaries, built once per run and started as processes
//!   (without the caller's `USERS_*` variables), a running `users-server` and its log, and
//!   the signals and `/proc` readings the fault tests need.
//! - [`pki`]: a CA that issues server and client certificates.
//! - [`h2`]: a bare HTTP/2 client's frames, for the tests that read what a server sends.
//!
//! The tests themselves are the modules of `tests/e2e/`, one test binary.

pub mod h2;
pub mod pair;
pub mod pki;
pub mod process;

pub use pair::{
    as_json, fast, fields, paced_stream, real_server, real_server_with, run, serve_service,
    spec_responses, start_pair, start_pair_with, user, Pair, StreamThread,
};
pub use process::{
    bench_bin, client_bin, command, http, proc_status_field, run_bin, run_bin_env, run_bounded,
    scrape, server_bin, signal, vm_rss_kib, wait_bounded, wait_or_kill, workspace_root,
    ServerProcess,
};
