//! The `users-server` binary: start-up, signals, logging and bad flags.

use users_e2e as common;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{as_json, spec_responses, ServerProcess};
use futures::TryStreamExt;
use users_client::{connect, tutorial_users};
use users_grpc::health::{HealthClient, ServingStatus};

/// The binary as a command, with none of the caller's `USERS_*` variables.
fn command() -> Command {
    common::command(common::server_bin())
}

/// Starts the binary on 127.0.0.1:0 and waits for the line that names its port.
fn spawn(extra: &[&str]) -> ServerProcess {
    ServerProcess::start(extra)
}

/// Starts the binary with `RUST_LOG` set to `level`.
fn spawn_with_log(extra: &[&str], level: &str) -> ServerProcess {
    ServerProcess::start_with_log(extra, level)
}

/// The binary serves the tutorial stream, logs it in one line, and exits 0 on SIGTERM.
#[test]
fn serves_logs_and_stops_on_sigterm() {
    let server = spawn(&[]);
    let addr = format!("127.0.0.1:{}", server.port);
    let (responses, _) = common::run(&connect(&addr), &addr, tutorial_users()).unwrap();
    assert_eq!(as_json(&responses), spec_responses());
    let logged = server.line_containing("stream finished: peer=");
    assert!(logged.contains("users=5 responses=5 status=OK"), "{logged}");
    server.signal("TERM");
    let (status, rest) = server.wait(Duration::from_secs(20));
    assert!(status.success(), "{status:?}");
    assert!(
        rest.iter()
            .any(|l| l.contains("stopped (all streams finished)")),
        "{rest:?}"
    );
}

/// SIGINT with a stream that outlives the grace period: the stream is cancelled, exit 0.
#[test]
fn sigint_cancels_streams_after_grace() {
    let server = spawn(&["--shutdown-grace", "300ms"]);
    let addr = format!("127.0.0.1:{}", server.port);
    let (first_rx, client) = common::paced_stream(&addr, Duration::from_secs(30));
    first_rx.recv_timeout(Duration::from_secs(30)).unwrap();
    server.signal("INT");
    let (status, rest) = server.wait(Duration::from_secs(20));
    assert!(status.success(), "{status:?}");
    assert!(
        rest.iter().any(|l| l.contains("1 stream(s) cancelled")),
        "{rest:?}"
    );
    assert!(client.join().unwrap().is_err());
}

/// Watches the server's overall health at `addr`: each call gives the next status, `None`
/// once the watch has ended.
fn health_watch(addr: &str) -> impl FnMut() -> Option<ServingStatus> {
    let env = std::sync::Arc::new(grpcio::EnvBuilder::new().cq_count(1).build());
    let health = HealthClient::new(grpcio::ChannelBuilder::new(env).connect(addr));
    let opt = grpcio::CallOption::default().timeout(Duration::from_secs(30));
    let mut watch = health.watch("", opt).unwrap();
    move || {
        // The client keeps the channel of the watch alive.
        let _ = &health;
        futures::executor::block_on(watch.try_next())
            .unwrap()
            .map(|r| r.status.enum_value_or_default())
    }
}

/// SIGTERM with a live stream and a health watch: the watch hears NOT_SERVING, the stream
/// is answered in full, and the process exits 0 without waiting out the grace period.
#[test]
fn sigterm_drains_live_stream_and_reports_not_serving() {
    let server = spawn(&["--shutdown-grace", "60s"]);
    let addr = format!("127.0.0.1:{}", server.port);
    let mut next = health_watch(&addr);
    assert_eq!(next(), Some(ServingStatus::SERVING));
    let (first_rx, client) = common::paced_stream(&addr, Duration::from_millis(200));
    first_rx.recv_timeout(Duration::from_secs(30)).unwrap();
    server.signal("TERM");
    assert_eq!(next(), Some(ServingStatus::NOT_SERVING));
    let (status, rest) = server.wait(Duration::from_secs(30));
    assert!(status.success(), "{status:?}");
    assert!(
        rest.iter()
            .any(|l| l.contains("stopped (all streams finished)")),
        "{rest:?}"
    );
    let (ids, _) = client.join().unwrap().unwrap();
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);
}

/// Runs the binary to completion with `args` and returns its exit code and stderr.
fn run_to_end(args: &[&str]) -> (Option<i32>, String) {
    let out = command().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A malformed address is refused with a one-line error and status 1.
#[test]
fn bad_address_is_one_line_error() {
    for addr in ["nonsense", "127.0.0.1:99999", "127.0.0.1:"] {
        let (code, stderr) = run_to_end(&["--addr", addr]);
        assert_eq!(code, Some(1), "{addr}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{addr}: {stderr}");
        assert!(
            stderr.starts_with("users-server: invalid address"),
            "{stderr}"
        );
    }
}

/// A port that is already taken is refused, naming the address and the reason.
#[test]
fn taken_port_is_refused() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let (code, stderr) = run_to_end(&["--addr", &addr]);
    assert_eq!(code, Some(1), "{stderr}");
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with(&format!("users-server: cannot listen on {addr}: ")),
        "{stderr}"
    );
    assert!(last.to_lowercase().contains("in use"), "{stderr}");
}

/// A bad duration is a usage error naming the flag.
#[test]
fn bad_grace_is_usage_error() {
    let (code, stderr) = run_to_end(&["--shutdown-grace", "soon"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("--shutdown-grace"), "{stderr}");
}

/// At debug level each request is logged with its fields, as the Go server prints them.
#[test]
fn debug_level_logs_each_request() {
    let server = spawn_with_log(&[], "debug");
    let addr = format!("127.0.0.1:{}", server.port);
    common::run(&connect(&addr), &addr, tutorial_users()).unwrap();
    let line = server.line_containing("request: id=\"3\"");
    assert!(
        line.contains("name=\"Mia\" last_name=\"Phill\" age=27"),
        "{line}"
    );
    server.signal("TERM");
    assert!(server.wait(Duration::from_secs(20)).0.success());
}

/// A second signal during the drain stops the server at once, with status 1.
#[test]
fn second_signal_stops_at_once() {
    let server = spawn(&["--shutdown-grace", "10m"]);
    let addr = format!("127.0.0.1:{}", server.port);
    let (first_rx, client) = common::paced_stream(&addr, Duration::from_secs(30));
    first_rx.recv_timeout(Duration::from_secs(30)).unwrap();
    server.signal("TERM");
    server.line_containing("shutting down");
    server.signal("TERM");
    let (status, _) = server.wait(Duration::from_secs(20));
    assert_eq!(status.code(), Some(1));
    assert!(client.join().unwrap().is_err());
}

/// A stream cut by the client's deadline is logged as DEADLINE_EXCEEDED, not as a hang-up.
#[test]
fn deadline_is_logged_as_such() {
    let server = spawn(&[]);
    let addr = format!("127.0.0.1:{}", server.port);
    let options = users_client::StreamOptions {
        delay: Duration::from_secs(30),
        call: users_client::CallOptions {
            timeout: Some(Duration::from_millis(500)),
            ..Default::default()
        },
    };
    let result = futures::executor::block_on(users_client::send_users(
        &connect(&addr),
        &addr,
        tutorial_users(),
        &options,
        |_| {},
    ));
    assert!(matches!(
        result,
        Err(users_client::ClientError::DeadlineExceeded { .. })
    ));
    let line = server.line_containing("stream finished");
    assert!(
        line.contains("users=1 responses=1 status=DEADLINE_EXCEEDED"),
        "{line}"
    );
    server.signal("TERM");
    assert!(server.wait(Duration::from_secs(20)).0.success());
}

/// Whether the kernel backs the process `pid` with transparent huge pages (its `THP_enabled`).
fn thp_enabled(pid: u32) -> bool {
    common::proc_status_field(pid, "THP_enabled")
        .expect("the kernel reports THP_enabled (Linux 5.0 and later)")
        == "1"
}

/// The server runs without transparent huge pages, and with them (as mimalloc then decides)
/// when MIMALLOC_ALLOW_THP is set; it serves either way.
#[test]
fn transparent_huge_pages_are_off_unless_the_environment_asks() {
    let allow = users_server::memory::ALLOW_THP_VAR;
    for (env, expected) in [(&[][..], false), (&[(allow, "1")][..], true)] {
        let server = ServerProcess::start_with_env(&[], env);
        assert_eq!(thp_enabled(server.pid()), expected, "with {env:?}");
        let addr = server.addr();
        let (responses, _) = common::run(&connect(&addr), &addr, tutorial_users()).unwrap();
        assert_eq!(as_json(&responses), spec_responses(), "with {env:?}");
    }
}

/// The completion-queue threads of the process `pid` (named `grpc-poll-N`).
fn poll_threads(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .unwrap()
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("comm")).ok())
        .filter(|name| name.starts_with("grpc-poll-"))
        .count()
}

/// The CPUs the process `pid` may run on, from its `Cpus_allowed_list` (`0-3,6`).
fn allowed_cpus(pid: u32) -> usize {
    let list = common::proc_status_field(pid, "Cpus_allowed_list").unwrap();
    list.split(',')
        .map(|range| match range.split_once('-') {
            Some((a, b)) => b.parse::<usize>().unwrap() - a.parse::<usize>().unwrap() + 1,
            None => 1,
        })
        .sum()
}

/// Without `--cq-count`, one completion-queue thread per CPU the process may use: its
/// affinity (as `taskset` or a container's cpuset sets it) and its CPU quota, not the host's
/// count.
#[test]
fn completion_queue_threads_follow_the_cpus_allowed() {
    let server = spawn(&[]);
    // The test runs under the same affinity and quota as the server it started.
    let usable = std::thread::available_parallelism().unwrap().get();
    assert!(usable <= allowed_cpus(server.pid()));
    assert_eq!(poll_threads(server.pid()), usable);
    drop(server);

    let mut pinned = common::command("taskset");
    pinned
        .args(["-c", "0", common::server_bin(), "--addr", "127.0.0.1:0"])
        .env("RUST_LOG", "info");
    let server = ServerProcess::start_command(pinned, false);
    assert_eq!(allowed_cpus(server.pid()), 1);
    assert_eq!(poll_threads(server.pid()), 1);
    let addr = server.addr();
    let (responses, _) = common::run(&connect(&addr), &addr, tutorial_users()).unwrap();
    assert_eq!(as_json(&responses), spec_responses());
}

/// `--version` and the start-up line name the server's version and the gRPC C core release it
/// runs on.
#[test]
fn version_and_start_up_line_name_the_core() {
    let expected = format!(
        "users-server {} (gRPC C core {})",
        env!("CARGO_PKG_VERSION"),
        users_transport::GRPC_CORE_RELEASE
    );
    let out = command().arg("--version").output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), expected);

    let mut child = command()
        .args(["--addr", "127.0.0.1:0"])
        .env("RUST_LOG", "info")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let first = BufReader::new(child.stderr.take().unwrap())
        .lines()
        .next()
        .unwrap()
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        first.contains(&format!("{expected} listening on 127.0.0.1:")),
        "{first}"
    );
}

/// Options are read from the environment; a flag on the command line wins over its variable.
#[test]
fn environment_variables_configure_the_server() {
    let out = command().env("USERS_ADDR", "nonsense").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("users-server: invalid address \"nonsense\""),
        "{stderr}"
    );

    let out = command()
        .env("USERS_KEEPALIVE_TIME", "0s")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--keepalive-time"));

    // spawn() passes --addr 127.0.0.1:0, which must win over the variable.
    let mut child = command()
        .args(["--addr", "127.0.0.1:0"])
        .env("USERS_ADDR", "nonsense")
        .env("USERS_METRICS_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", "info")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let listening = lines.next().unwrap().unwrap();
    assert!(listening.contains("listening on 127.0.0.1:"), "{listening}");
    let metrics = lines.next().unwrap().unwrap();
    assert!(
        metrics.contains("metrics on http://127.0.0.1:"),
        "{metrics}"
    );
    let _ = child.kill();
    let _ = child.wait();
}

/// A metrics address that is taken stops the start with a one-line error naming it.
#[test]
fn taken_metrics_port_is_refused() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let (code, stderr) = run_to_end(&["--addr", "127.0.0.1:0", "--metrics-addr", &addr]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!("users-server: cannot serve metrics on {addr}: ")),
        "{stderr}"
    );
}

/// With --drain-delay, SIGTERM turns health NOT_SERVING while new streams are still served;
/// the listener closes once the delay is over, and the process exits 0.
#[test]
fn drain_delay_keeps_serving_while_not_serving() {
    let server = spawn(&["--drain-delay", "3s"]);
    let addr = format!("127.0.0.1:{}", server.port);
    let mut next = health_watch(&addr);
    assert_eq!(next(), Some(ServingStatus::SERVING));
    server.signal("TERM");
    assert_eq!(next(), Some(ServingStatus::NOT_SERVING));
    // Still within the delay: a new stream is accepted and answered in full.
    let (responses, _) = common::run(&connect(&addr), &addr, tutorial_users()).unwrap();
    assert_eq!(responses.len(), 5);
    server.line_containing("shutting down: no new calls");
    let (status, _) = server.wait(Duration::from_secs(30));
    assert!(status.success(), "{status:?}");
}

/// TLS and token files are read and checked at start: each problem is one line naming the
/// flag and the file, with status 1; a flag missing its partner is a usage error.
#[test]
fn bad_security_files_are_one_line_errors() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let ca = common::pki::Ca::new("users test CA");
    let (cert, key) = ca.issue(&["users.test"], false);
    let cert_file = common::pki::write(&dir, "server.pem", &cert);
    let key_file = common::pki::write(&dir, "server.key", &key);
    let empty = common::pki::write(&dir, "empty-tokens.txt", b"# nothing yet\n");
    let addr = ["--addr", "127.0.0.1:0"];
    for (args, expected) in [
        (
            vec![
                "--tls-cert",
                "/nonexistent/server.pem",
                "--tls-key",
                key_file.as_str(),
            ],
            "users-server: cannot read --tls-cert /nonexistent/server.pem: ".to_owned(),
        ),
        (
            vec![
                "--tls-cert",
                key_file.as_str(),
                "--tls-key",
                key_file.as_str(),
            ],
            "users-server: cannot set up TLS: the certificate has no PEM block of type CERTIFICATE"
                .to_owned(),
        ),
        (
            vec![
                "--tls-cert",
                cert_file.as_str(),
                "--tls-key",
                cert_file.as_str(),
            ],
            "users-server: cannot set up TLS: the private key has no PEM block of type PRIVATE KEY"
                .to_owned(),
        ),
        (
            vec!["--auth-token-file", empty.as_str()],
            format!("users-server: --auth-token-file {empty}: no token in it (one per line)"),
        ),
    ] {
        let (code, stderr) = run_to_end(&[&addr[..], &args[..]].concat());
        assert_eq!(code, Some(1), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with(&expected), "{args:?}: {stderr}");
    }
    for args in [
        &["--tls-cert", cert_file.as_str()][..],
        &["--max-message-size", "4MB"][..],
        &["--max-message-size", "0"][..],
        &["--max-message-size", "3GiB"][..],
        &["--max-concurrent-streams", "0"][..],
        &["--memory-quota", "lots"][..],
    ] {
        let (code, stderr) = run_to_end(&[&addr[..], args].concat());
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(args[0]), "{args:?}: {stderr}");
    }
}

/// The binary serves TLS from its flags, says so when it starts, and warns when tokens would
/// be checked on a plaintext port.
#[test]
fn serves_tls_from_flags_and_warns_about_plaintext_tokens() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let ca = common::pki::Ca::new("users test CA");
    let (cert, key) = ca.issue(&["users.test"], false);
    let cert_file = common::pki::write(&dir, "flags-server.pem", &cert);
    let key_file = common::pki::write(&dir, "flags-server.key", &key);
    let server = spawn(&["--tls-cert", &cert_file, "--tls-key", &key_file]);
    let addr = format!("127.0.0.1:{}", server.port);
    let tls = users_client::ClientTls {
        ca: Some(ca.pem()),
        identity: None,
        server_name: Some("users.test".to_owned()),
    };
    let client = users_client::connect_with(
        &addr,
        &users_client::ConnectOptions {
            tls: Some(tls),
            ..Default::default()
        },
    );
    let (responses, _) = common::run(&client, &addr, tutorial_users()).unwrap();
    assert_eq!(responses.len(), 5);
    server.signal("TERM");
    let (status, _) = server.wait(Duration::from_secs(20));
    assert!(status.success());

    let tokens = common::pki::write(&dir, "tokens.txt", b"abc\n");
    let server = spawn(&["--auth-token-file", &tokens]);
    let warning = server.line_containing("bearer tokens are checked on a plaintext port");
    assert!(warning.contains("WARN"), "{warning}");
    server.signal("TERM");
    assert!(server.wait(Duration::from_secs(20)).0.success());
}

/// `--health-addr`: the health service alone on a plaintext port of its own, which a probe
/// reaches without the token the main port asks for; it reports NOT_SERVING through the
/// drain, and serves nothing else.
#[test]
fn a_health_port_of_its_own_serves_probes_without_tokens() {
    let dir = std::env::temp_dir().join(format!("users-health-port-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let tokens = common::pki::write(&dir, "tokens.txt", b"abc\n");
    let server = spawn(&[
        "--auth-token-file",
        &tokens,
        "--health-addr",
        "127.0.0.1:0",
        "--drain-delay",
        "2s",
    ]);
    let line = server.line_containing("health checks on ");
    let health_addr = line
        .split("health checks on ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_owned();
    assert!(
        line.contains("plaintext, the health service alone"),
        "{line}"
    );
    assert_ne!(health_addr, server.addr());

    let env = std::sync::Arc::new(grpcio::EnvBuilder::new().cq_count(1).build());
    let health = HealthClient::new(grpcio::ChannelBuilder::new(env).connect(&health_addr));
    for service in ["", "users.Users"] {
        let reply = futures::executor::block_on(
            health
                .check_async(service, grpcio::CallOption::default())
                .unwrap(),
        )
        .expect("a check without a token");
        assert_eq!(reply.status.enum_value_or_default(), ServingStatus::SERVING);
    }
    let refused = common::run(&connect(&health_addr), &health_addr, tutorial_users()).unwrap_err();
    assert_eq!(
        refused.status_code(),
        Some(grpcio::RpcStatusCode::UNIMPLEMENTED),
        "{refused}"
    );

    let mut next = health_watch(&health_addr);
    assert_eq!(next(), Some(ServingStatus::SERVING));
    server.signal("TERM");
    assert_eq!(next(), Some(ServingStatus::NOT_SERVING));
    let (status, _) = server.wait(Duration::from_secs(30));
    assert!(status.success(), "{status:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The bindings' layout table (`grpcio-sys/bindings/layout.cc`, compiled into the wrapper
/// archive that is linked whole) serves grpcio-sys's tests only: the linker drops it from the
/// binaries, whose every byte is searched for its entries' names.
#[test]
fn binaries_carry_no_layout_table() {
    let entry = b"align grpc_compression_options";
    let table = include_str!("../../../grpcio-sys/bindings/layout.cc");
    assert!(table.contains("\"align grpc_compression_options\""));
    for bin in [common::server_bin(), common::client_bin()] {
        let bytes = std::fs::read(bin).unwrap();
        assert!(
            !bytes.windows(entry.len()).any(|w| w == entry),
            "{bin} carries the layout table"
        );
    }
}

/// A trace export the `OTEL_*` variables ask for but that cannot be had is refused at start,
/// in one line naming the variable; `OTEL_SDK_DISABLED=true` turns the export off whatever
/// else is set.
#[test]
fn bad_trace_settings_are_one_line_errors() {
    let endpoint = ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318");
    for (env, named) in [
        (
            vec![endpoint, ("OTEL_TRACES_SAMPLER", "sometimes")],
            "OTEL_TRACES_SAMPLER=\"sometimes\"",
        ),
        (
            vec![
                endpoint,
                ("OTEL_TRACES_SAMPLER", "traceidratio"),
                ("OTEL_TRACES_SAMPLER_ARG", "2"),
            ],
            "OTEL_TRACES_SAMPLER_ARG=\"2\"",
        ),
        (
            vec![("OTEL_EXPORTER_OTLP_ENDPOINT", "https://collector:4318")],
            "https is not supported",
        ),
        (
            vec![endpoint, ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")],
            "only http/protobuf",
        ),
    ] {
        let out = common::run_bin_env(common::server_bin(), &["--addr", "127.0.0.1:0"], &env);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{env:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{env:?}: {stderr}");
        assert!(stderr.starts_with("users-server: OTEL_"), "{stderr}");
        assert!(stderr.contains(named), "{env:?}: {stderr}");
    }
    let disabled = common::ServerProcess::start_with_env(
        &[],
        &[
            endpoint,
            ("OTEL_TRACES_SAMPLER", "sometimes"),
            ("OTEL_SDK_DISABLED", "true"),
        ],
    );
    let addr = disabled.addr();
    common::run(&connect(&addr), &addr, tutorial_users()).unwrap();
    disabled.signal("TERM");
    assert!(disabled.wait(Duration::from_secs(20)).0.success());
}
