//! The load generator: every scenario against the real server, its checker against servers
//! that answer wrongly, and the `users-bench` binary's exit statuses and output.

use users_e2e as common;

use std::net::TcpListener;
use std::num::NonZeroU64;
use std::process::Output;
use std::time::Duration;

use futures::future::BoxFuture;
use futures::{SinkExt, TryStreamExt};
use grpcio::{RpcContext, Server, WriteFlags};
use users_bench::{self as bench, BenchError, BenchOptions, Report, Scenario};
use users_client::{ClientError, ClientTls};
use users_grpc::{UserRequests, UserResponses, Users};
use users_server::{ServerConfig, TlsConfig, UsersServer};

/// Options for tests: no progress bar, and a bound so that a bug fails instead of hanging.
fn options(addr: &str) -> BenchOptions {
    BenchOptions {
        addr: addr.to_owned(),
        timeout: Duration::from_secs(60),
        progress: false,
        tls: None,
    }
}

/// A count for a scenario's field.
fn n(count: u64) -> NonZeroU64 {
    NonZeroU64::new(count).expect("scenario counts in tests are positive")
}

fn run(scenario: &Scenario, addr: &str) -> Result<Report, BenchError> {
    bench::run(scenario, &options(addr), &mut |_| {})
}

/// Waits for the server to see every stream end, then checks they all ended OK.
fn assert_all_ok(server: &UsersServer, streams: u64) {
    assert!(server.stats().wait_idle(Duration::from_secs(30)));
    let stats = server.stats().snapshot();
    assert_eq!(stats.total_streams, streams, "{stats:?}");
    assert_eq!(stats.ok_streams, streams, "{stats:?}");
}

/// Flood: 2 streams over 2 connections, 1000 users each, every answer received and checked.
#[test]
fn flood_checks_every_answer() {
    let (server, addr) = common::real_server();
    let scenario = Scenario::Flood {
        streams: n(2),
        connections: n(2),
        users: n(1000),
    };
    let report = run(&scenario, &addr).unwrap();
    assert_eq!(report.scenario, "flood");
    assert_eq!((report.streams, report.connections), (2, 2));
    assert_eq!(report.messages, 2000);
    assert_eq!(report.latency.len(), 2000);
    assert_all_ok(&server, 2);
    assert_eq!(server.stats().snapshot().responses_sent, 2000);
}

/// Ping-pong: 200 requests on one stream, one latency sample each.
#[test]
fn ping_pong_answers_each_request() {
    let (server, addr) = common::real_server();
    let report = run(&Scenario::PingPong { requests: n(200) }, &addr).unwrap();
    assert_eq!((report.streams, report.connections), (1, 1));
    assert_eq!(report.messages, 200);
    assert_eq!(report.latency.len(), 200);
    assert_all_ok(&server, 1);
}

/// Open-loop: 2000 users/s for 300 ms over 3 streams sends exactly the 600 scheduled users.
#[test]
fn open_loop_sends_the_schedule() {
    let (server, addr) = common::real_server();
    let scenario = Scenario::OpenLoop {
        rate: n(2000),
        duration: Duration::from_millis(300),
        streams: n(3),
        connections: n(2),
    };
    let report = run(&scenario, &addr).unwrap();
    assert_eq!(report.rate, Some(2000));
    assert_eq!(report.messages, 600);
    assert_eq!(report.latency.len(), 600);
    assert!(report.to_json().contains("\"rate\":2000,"));
    assert_all_ok(&server, 3);
}

/// Churn: 100 short streams, 8 at a time, 2 users each; one latency sample per stream.
#[test]
fn churn_runs_every_stream() {
    let (server, addr) = common::real_server();
    let scenario = Scenario::Churn {
        streams: n(100),
        concurrency: n(8),
        users: n(2),
        connections: n(2),
    };
    let report = run(&scenario, &addr).unwrap();
    assert_eq!(report.messages, 200);
    assert_eq!(report.latency.len(), 100);
    assert!(report.streams_per_s().is_some());
    assert!(report.to_json().contains("\"streams_per_s\":"));
    assert_all_ok(&server, 100);
}

/// Idle: all 50 streams are open on the server when the ready signal comes, and all end OK.
#[test]
fn idle_holds_streams_open() {
    let (server, addr) = common::real_server();
    let scenario = Scenario::Idle {
        streams: n(50),
        connections: n(2),
        hold: Duration::from_millis(50),
    };
    let mut ready = Vec::new();
    let report = bench::run(&scenario, &options(&addr), &mut |streams| {
        ready.push((streams, server.stats().snapshot().active_streams));
    })
    .unwrap();
    assert_eq!(ready, vec![(50, 50)]);
    assert_eq!(report.messages, 50);
    assert_eq!(report.latency.len(), 50);
    assert_all_ok(&server, 50);
}

/// Connect: every connection is a new one, made with its stream, answered and held until the
/// ready signal; over mutual TLS too, and a client without a certificate is refused.
#[test]
fn connect_opens_a_connection_per_stream() {
    let scenario = Scenario::Connect {
        connections: n(20),
        hold: Duration::from_millis(50),
    };
    let ca = common::pki::Ca::new("bench test CA");
    let (cert, key) = ca.issue(&["users.test"], false);
    let (client_cert, client_key) = ca.issue(&["client"], false);
    let (server, addr) = common::real_server_with(ServerConfig {
        tls: Some(TlsConfig {
            cert_chain: cert,
            private_key: key.into(),
            client_ca: Some(ca.pem()),
        }),
        ..Default::default()
    });
    let trust = |identity| ClientTls {
        ca: Some(ca.pem()),
        identity,
        server_name: Some("users.test".to_owned()),
    };
    let tls = BenchOptions {
        tls: Some(trust(Some((client_cert, client_key.into())))),
        ..options(&addr)
    };
    let mut ready = Vec::new();
    let report = bench::run(&scenario, &tls, &mut |streams| {
        ready.push((streams, server.stats().snapshot().active_streams));
    })
    .unwrap();
    assert_eq!(ready, vec![(20, 20)]);
    assert_eq!((report.connections, report.messages), (20, 20));
    assert_eq!(report.latency.len(), 20);
    assert!(report.to_json().contains("\"scenario\":\"connect\""));
    assert_all_ok(&server, 20);

    let anonymous = BenchOptions {
        tls: Some(trust(None)),
        ..options(&addr)
    };
    let refused = bench::run(&scenario, &anonymous, &mut |_| {}).unwrap_err();
    assert!(matches!(refused, BenchError::Stream { .. }), "{refused}");

    // Plaintext: a connection per stream open at the ready signal, not one shared by them.
    let (server, addr) = common::real_server();
    let port = server.port();
    let mut open = Vec::new();
    let report = bench::run(&scenario, &options(&addr), &mut |_| {
        open.push(established_to(port))
    })
    .unwrap();
    // At least one per stream, so none is shared; not exactly 20: a loaded test run once
    // counted 23 server-side sockets at that moment.
    assert_eq!(open.len(), 1);
    assert!(open[0] >= 20, "{open:?} connections for 20 streams");
    assert_eq!((report.connections, report.messages), (20, 20));
    assert_all_ok(&server, 20);
}

/// The established TCP connections whose local port is `port` (the server's ends), from
/// /proc/net/tcp and tcp6 (the C core may take IPv4 connections on a dual-stack socket).
fn established_to(port: u16) -> usize {
    let table = ["/proc/net/tcp", "/proc/net/tcp6"]
        .map(|path| std::fs::read_to_string(path).unwrap_or_default())
        .concat();
    table
        .lines()
        .filter(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let local_port = fields
                .get(1)
                .and_then(|local| local.rsplit(':').next())
                .and_then(|hex| u16::from_str_radix(hex, 16).ok());
            // State 01 is ESTABLISHED.
            local_port == Some(port) && fields.get(3) == Some(&"01")
        })
        .count()
}

/// A run that outlasts --timeout fails, and its streams are cancelled rather than left open.
#[test]
fn timeout_cancels_the_run() {
    let (server, addr) = common::real_server();
    let scenario = Scenario::Idle {
        streams: n(3),
        connections: n(1),
        hold: Duration::from_secs(600),
    };
    let options = BenchOptions {
        timeout: Duration::from_millis(500),
        ..options(&addr)
    };
    let mut ready = 0;
    let err = bench::run(&scenario, &options, &mut |_| ready += 1).unwrap_err();
    assert!(matches!(err, BenchError::Timeout(_)), "{err:?}");
    assert_eq!(err.to_string(), "the run did not finish within 500ms");
    assert_eq!(ready, 1);
    assert!(server.stats().wait_idle(Duration::from_secs(30)));
    let stats = server.stats().snapshot();
    assert_eq!((stats.total_streams, stats.ok_streams), (3, 0), "{stats:?}");
}

/// The JSON report is one object with the shared contract's fields, in order.
#[test]
fn json_report_has_contract_fields() {
    let (_server, addr) = common::real_server();
    let scenario = Scenario::Flood {
        streams: n(1),
        connections: n(1),
        users: n(10),
    };
    let json = run(&scenario, &addr).unwrap().to_json();
    assert!(!json.contains('\n'));
    assert!(
        json.starts_with(
            "{\"tool\":\"users-bench\",\"scenario\":\"flood\",\"streams\":1,\"connections\":1,\"messages\":10,\"elapsed_s\":"
        ),
        "{json}"
    );
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    for key in ["p50", "p90", "p99", "p999", "max"] {
        assert!(value["latency_us"][key].is_u64(), "{json}");
    }
    assert!(value["throughput"].is_f64(), "{json}");
    assert!(value.get("rate").is_none() && value.get("streams_per_s").is_none());
}

/// What the fake server does wrong, at which answer (0-based).
#[derive(Clone, Copy)]
enum Fault {
    /// Answers with the next user's id.
    WrongId(usize),
    /// Leaves one user unanswered and answers the rest.
    Drop(usize),
    /// Flips `success`.
    WrongVerdict(usize),
    /// Answers the last user twice.
    Extra,
}

/// A server that answers by the rules except for one fault.
#[derive(Clone)]
struct FaultyUsers(Fault);

impl Users for FaultyUsers {
    fn create_user(
        &mut self,
        _ctx: &RpcContext<'_>,
        mut requests: UserRequests,
        mut sink: UserResponses,
    ) -> BoxFuture<'static, ()> {
        let fault = self.0;
        Box::pin(async move {
            let mut index = 0;
            let mut last = None;
            while let Ok(Some(user)) = requests.try_next().await {
                let mut res = users_grpc::rules::answer(user);
                match fault {
                    Fault::WrongId(at) if at == index => res.user_id = (index + 1).to_string(),
                    Fault::WrongVerdict(at) if at == index => res.success = !res.success,
                    _ => {}
                }
                index += 1;
                if matches!(fault, Fault::Drop(at) if at + 1 == index) {
                    continue;
                }
                last = Some(res.clone());
                if sink.send((res, WriteFlags::default())).await.is_err() {
                    return;
                }
            }
            if let (Fault::Extra, Some(res)) = (fault, last) {
                let _ = sink.send((res, WriteFlags::default())).await;
            }
            let _ = sink.close().await;
        })
    }
}

/// Starts a faulty server on a free loopback port.
fn faulty_server(fault: Fault) -> (Server, String) {
    common::serve_service(FaultyUsers(fault), 1)
}

/// Floods a faulty server with 3 streams of 20 users and returns the error it must cause.
fn error_against(fault: Fault) -> String {
    let (_server, addr) = faulty_server(fault);
    let scenario = Scenario::Flood {
        streams: n(3),
        connections: n(1),
        users: n(20),
    };
    let err = run(&scenario, &addr).expect_err("the checker accepts a wrong answer");
    assert!(
        matches!(err, BenchError::Stream { .. }),
        "not a stream error: {err:?}"
    );
    let text = err.to_string();
    assert_eq!(text.lines().count(), 1, "{text}");
    text
}

/// An answer for the wrong user is caught at its position.
#[test]
fn checker_catches_wrong_id() {
    let err = error_against(Fault::WrongId(7));
    assert!(err.starts_with("stream "), "{err}");
    assert!(
        err.ends_with(": response #8 is for user id \"8\", expected \"7\""),
        "{err}"
    );
}

/// A dropped answer shows up as the next answer in its place.
#[test]
fn checker_catches_dropped_answer() {
    let err = error_against(Fault::Drop(4));
    assert!(
        err.ends_with(": response #5 is for user id \"5\", expected \"4\""),
        "{err}"
    );
}

/// An unanswered last user fails the stream even though it ended OK.
#[test]
fn checker_catches_missing_last_answer() {
    let err = error_against(Fault::Drop(19));
    assert!(
        err.ends_with(": server ended the stream after answering 19 of 20 users"),
        "{err}"
    );
}

/// The right id with the wrong verdict is caught, naming both verdicts.
#[test]
fn checker_catches_wrong_verdict() {
    let err = error_against(Fault::WrongVerdict(2));
    assert!(
        err.ends_with(
            ": response #3 (user id \"2\") is success=false errors=[], expected success=true errors=[]"
        ),
        "{err}"
    );
}

/// An answer beyond the last user is caught.
#[test]
fn checker_catches_extra_answer() {
    let err = error_against(Fault::Extra);
    assert!(
        err.ends_with(": server sent a response for user id \"19\" after answering all 20 users"),
        "{err}"
    );
}

/// Every generated user's answer passes the checker when it comes from the real rules.
#[test]
fn checker_accepts_the_rules() {
    for i in 0..1000 {
        let res = users_grpc::rules::answer(bench::bench_user(i));
        bench::check_answer(&res, i).unwrap();
    }
    let user = bench::bench_user(14);
    assert_eq!(
        (
            user.id.as_str(),
            user.name.as_str(),
            user.last_name.as_str(),
            user.age
        ),
        ("14", "Carl", "Smith", 14)
    );
    assert!(matches!(
        bench::check_answer(&users_grpc::rules::answer(bench::bench_user(3)), 30),
        Err(ClientError::OutOfOrder { position: 30, .. })
    ));
}

/// Runs the users-bench binary to completion.
fn bench_bin(args: &[&str]) -> Output {
    common::run_bin(common::bench_bin(), args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// Bad flags and scenarios are usage errors: exit status 2, naming what is wrong.
#[test]
fn bad_flags_exit_2() {
    for args in [
        &[][..],
        &["stampede"][..],
        &["flood", "--streams", "0"][..],
        &["flood", "--users", "many"][..],
        &["open-loop", "--rate=-5"][..],
        &["open-loop", "--duration", "0s"][..],
        &["idle", "--hold", "soon"][..],
        &["churn", "--timeout", "0s"][..],
        &["ping-pong", "--requests", "10", "--frobnicate"][..],
    ] {
        let out = bench_bin(args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        if let Some(flag) = args.get(1).filter(|a| a.starts_with("--")) {
            let flag = flag.split('=').next().unwrap_or(flag);
            assert!(err.contains(flag), "{args:?}: {err}");
        }
    }
}

/// An address nobody listens on is a one-line error naming the stream, with exit status 1.
#[test]
fn unreachable_server_exits_1() {
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = closed.local_addr().unwrap().to_string();
    drop(closed);
    let out = bench_bin(&["ping-pong", "--addr", &addr, "--timeout", "30s"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!(
            "users-bench: stream 0: cannot reach server at {addr}: "
        )),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

/// With --json the binary prints exactly one JSON line; idle prints its ready line first.
#[test]
fn binary_prints_json_and_ready_line() {
    let (_server, addr) = common::real_server();
    let out = bench_bin(&["flood", "--users", "50", "--addr", &addr, "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(value["messages"], 50);

    let out = bench_bin(&["idle", "--streams", "5", "--hold", "10ms", "--addr", &addr]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some("{\"event\":\"ready\",\"streams\":5}"));
    assert!(lines.next().unwrap().starts_with("scenario "), "{stdout}");
}
