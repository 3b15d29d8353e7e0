//! The Prometheus endpoint: off unless asked for, and its counters follow the streams.

use users_e2e as common;

use common::{http, scrape, user};

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use futures::{SinkExt, TryStreamExt};
use grpcio::WriteFlags;
use users_client::{send_users, ClientError, StreamOptions};
use users_server::{MetricsServer, ServerConfig, Tokens};

fn with_metrics() -> common::Pair {
    common::start_pair_with(ServerConfig {
        metrics_addr: Some("127.0.0.1:0".to_owned()),
        ..Default::default()
    })
}

/// Streams, users, responses, rule failures, statuses (OK, DEADLINE_EXCEEDED, CANCELLED) and
/// durations are all counted.
#[test]
fn counters_follow_the_streams() {
    let pair = with_metrics();
    let addr = pair.server.metrics_addr().unwrap();
    let before = scrape(addr);
    assert_eq!(before["users_streams_started_total"], 0.0);
    assert_eq!(before["users_streams_finished_total{code=\"OK\"}"], 0.0);

    pair.run(users_client::tutorial_users()).unwrap();
    pair.run(vec![user("9", "Anna", "Smith", 40)]).unwrap();
    // A stream whose deadline passes while the client pauses ends DEADLINE_EXCEEDED.
    let slow = StreamOptions {
        delay: Duration::from_secs(30),
        call: users_client::CallOptions {
            timeout: Some(Duration::from_millis(300)),
            ..Default::default()
        },
    };
    let late = futures::executor::block_on(send_users(
        &pair.client,
        &pair.addr,
        vec![
            user("10", "Bruno", "Diaz", 50),
            user("11", "Carla", "Diaz", 51),
        ],
        &slow,
        |_| {},
    ));
    assert!(
        matches!(late, Err(ClientError::DeadlineExceeded { .. })),
        "{late:?}"
    );
    // A client that goes away after its first answer ends the stream CANCELLED.
    futures::executor::block_on(async {
        let (mut tx, mut rx) = pair.client.create_user().unwrap();
        let user = user("12", "Dora", "Diaz", 30);
        tx.send((user, WriteFlags::default())).await.unwrap();
        assert_eq!(rx.try_next().await.unwrap().unwrap().user_id, "12");
    });
    assert!(pair.server.stats().wait_idle(Duration::from_secs(30)));
    let (first, stream) = common::paced_stream(&pair.addr, Duration::from_secs(30));
    first.recv_timeout(Duration::from_secs(30)).unwrap();

    let m = scrape(addr);
    assert_eq!(m["users_streams_active"], 1.0);
    assert_eq!(m["users_streams_started_total"], 5.0);
    assert_eq!(m["users_streams_finished_total{code=\"OK\"}"], 2.0);
    assert_eq!(
        m["users_streams_finished_total{code=\"DEADLINE_EXCEEDED\"}"],
        1.0
    );
    assert_eq!(m["users_streams_finished_total{code=\"CANCELLED\"}"], 1.0);
    assert!(!m.contains_key("users_streams_finished_total{code=\"INTERNAL\"}"));
    // The open stream's first user is counted already: counters are live.
    assert_eq!(m["users_received_total"], 9.0);
    assert_eq!(m["users_responses_sent_total"], 9.0);
    // Tutorial users 1 and 3 have the taken last name, user 3 the short name; so does the
    // open stream's first user.
    assert_eq!(
        m["users_validation_failures_total{reason=\"last_name_taken\"}"],
        3.0
    );
    assert_eq!(
        m["users_validation_failures_total{reason=\"name_too_short\"}"],
        1.0
    );
    assert_eq!(m["users_stream_duration_seconds_count"], 4.0);
    assert_eq!(m["users_stream_duration_seconds_bucket{le=\"+Inf\"}"], 4.0);
    // The late stream lasted at least its 300 ms deadline; the other three far less.
    assert_eq!(m["users_stream_duration_seconds_bucket{le=\"0.25\"}"], 3.0);
    assert!(m["users_stream_duration_seconds_sum"] >= 0.3);

    pair.server.shutdown(Duration::from_millis(100));
    assert!(stream.join().unwrap().is_err());
}

/// Paths other than /metrics are 404, methods other than GET and HEAD are 405, bad heads 400.
#[test]
fn other_requests_are_refused() {
    let pair = with_metrics();
    let addr = pair.server.metrics_addr().unwrap();
    assert_eq!(http(addr, "GET", "/").0, "HTTP/1.1 404 Not Found");
    assert_eq!(
        http(addr, "POST", "/metrics").0,
        "HTTP/1.1 405 Method Not Allowed"
    );
    let (status, body) = http(addr, "HEAD", "/metrics");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(body.is_empty());
    // Bytes that are no request head get 400; one that sends garbage and hangs up leaves
    // the endpoint serving.
    let mut bad = TcpStream::connect(addr).unwrap();
    bad.write_all(b"GET /metrics HTTP/1.1\r\nno colon here\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    bad.read_to_string(&mut answer).unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 400 Bad Request\r\n"),
        "{answer}"
    );
    let mut junk = TcpStream::connect(addr).unwrap();
    junk.write_all(b"\x00\xffnot http\r\n\r\n").unwrap();
    drop(junk);
    assert_eq!(scrape(addr)["users_streams_started_total"], 0.0);
}

/// A scraper that starts a request and stops sending is answered nothing and cut off once the
/// request deadline passes, while other scrapes go on being served meanwhile.
#[test]
fn stalled_request_does_not_block_scrapes() {
    let pair = with_metrics();
    let addr = pair.server.metrics_addr().unwrap();
    let mut stalled = TcpStream::connect(addr).unwrap();
    stalled.write_all(b"GET /metrics HTTP/1.1\r\n").unwrap();
    assert_eq!(scrape(addr)["users_streams_started_total"], 0.0);
    stalled
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut rest = Vec::new();
    stalled.read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty(), "{:?}", String::from_utf8_lossy(&rest));
}

/// Scrapers beyond the limit are closed unanswered while the limit's worth stall, and are
/// served again once the stalled ones are cut off at the request deadline.
#[test]
fn connections_beyond_the_limit_are_closed() {
    let pair = with_metrics();
    let addr = pair.server.metrics_addr().unwrap();
    let start = |head: &[u8]| {
        let mut conn = TcpStream::connect(addr).unwrap();
        conn.set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        conn.write_all(head).unwrap();
        conn
    };
    let stalled: Vec<TcpStream> = (0..MetricsServer::MAX_CONNECTIONS)
        .map(|_| start(b"GET /metrics HTTP/1.1\r\n"))
        .collect();
    let mut refused = start(b"GET /metrics HTTP/1.1\r\n\r\n");
    let mut answer = Vec::new();
    // Closed with the request unread, the connection may end in a reset instead of EOF.
    if let Err(e) = refused.read_to_end(&mut answer) {
        assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset, "{e}");
    }
    assert!(answer.is_empty(), "{:?}", String::from_utf8_lossy(&answer));
    for mut conn in stalled {
        let mut rest = Vec::new();
        conn.read_to_end(&mut rest).unwrap();
        assert!(rest.is_empty(), "{:?}", String::from_utf8_lossy(&rest));
    }
    assert_eq!(scrape(addr)["users_streams_started_total"], 0.0);
}

/// Without a metrics address there is no endpoint.
#[test]
fn metrics_are_off_by_default() {
    let pair = common::start_pair();
    assert!(pair.server.metrics_addr().is_none());
}

/// The serialized size of `messages`, in bytes.
fn bytes<M: protobuf::Message>(messages: &[M]) -> f64 {
    messages.iter().map(|m| m.compute_size() as f64).sum()
}

/// The series of one A66 histogram sample: `{name}_{what}{grpc_method=...,grpc_status=...}`.
fn a66(name: &str, what: &str, method: &str, status: &str) -> String {
    format!("grpc_server_call_{name}_{what}{{grpc_method=\"{method}\",grpc_status=\"{status}\"}}")
}

/// The gRPC-standard metrics (gRFC A66) count every call of every method: started, and once
/// ended, by status, with the bytes of its messages each way; refused calls count too.
#[test]
fn grpc_standard_metrics_count_every_call() {
    let pair = common::start_pair_with(ServerConfig {
        metrics_addr: Some("127.0.0.1:0".to_owned()),
        tokens: Some(Tokens::parse("the-token\n").unwrap()),
        ..Default::default()
    });
    let addr = pair.server.metrics_addr().unwrap();
    let create_user = "users.Users/CreateUser";
    let check = "grpc.health.v1.Health/Check";
    let before = scrape(addr);
    // Every method served has its started count from the start.
    for method in [
        create_user,
        check,
        "grpc.health.v1.Health/Watch",
        "grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
        "grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
    ] {
        let started = format!("grpc_server_call_started_total{{grpc_method=\"{method}\"}}");
        assert_eq!(before[&started], 0.0, "{started}");
    }

    // Two streams with the token, one without it.
    let users = users_client::tutorial_users();
    let options = StreamOptions {
        delay: Duration::ZERO,
        call: users_client::CallOptions {
            timeout: Some(Duration::from_secs(30)),
            token: Some("the-token".into()),
        },
    };
    let mut answers = Vec::new();
    for _ in 0..2 {
        futures::executor::block_on(send_users(
            &pair.client,
            &pair.addr,
            users.clone(),
            &options,
            |res| answers.push(res.clone()),
        ))
        .unwrap();
    }
    let refused = futures::executor::block_on(send_users(
        &pair.client,
        &pair.addr,
        users.clone(),
        &StreamOptions {
            call: users_client::CallOptions {
                token: None,
                ..options.call.clone()
            },
            ..options.clone()
        },
        |_| {},
    ));
    assert!(refused.is_err(), "{refused:?}");
    // Health checks need no token: one known service, one unknown.
    let env = std::sync::Arc::new(grpcio::EnvBuilder::new().cq_count(1).build());
    let health =
        users_grpc::health::HealthClient::new(grpcio::ChannelBuilder::new(env).connect(&pair.addr));
    let call = |service: &str| {
        futures::executor::block_on(
            health
                .check_async(service, grpcio::CallOption::default())
                .unwrap(),
        )
    };
    let served = call("").unwrap();
    assert!(call("no.such.Service").is_err());
    // A method the server does not serve: with the token UNIMPLEMENTED, without it
    // UNAUTHENTICATED; both counted under "other".
    assert_eq!(
        unknown_method_call(&pair, Some("the-token")),
        grpcio::RpcStatusCode::UNIMPLEMENTED
    );
    assert_eq!(
        unknown_method_call(&pair, None),
        grpcio::RpcStatusCode::UNAUTHENTICATED
    );
    assert!(pair.server.stats().wait_idle(Duration::from_secs(30)));

    let m = scrape(addr);
    let started =
        |method: &str| m[&format!("grpc_server_call_started_total{{grpc_method=\"{method}\"}}")];
    assert_eq!(started(create_user), 3.0);
    assert_eq!(started(check), 2.0);
    assert_eq!(m[&a66("duration_seconds", "count", create_user, "OK")], 2.0);
    assert_eq!(
        m[&a66("duration_seconds", "count", create_user, "UNAUTHENTICATED")],
        1.0
    );
    assert_eq!(started("other"), 2.0);
    assert_eq!(
        m[&a66("duration_seconds", "count", "other", "UNIMPLEMENTED")],
        1.0
    );
    assert_eq!(
        m[&a66("duration_seconds", "count", "other", "UNAUTHENTICATED")],
        1.0
    );
    assert_eq!(m[&a66("duration_seconds", "count", check, "OK")], 1.0);
    assert_eq!(
        m[&a66("duration_seconds", "count", check, "NOT_FOUND")],
        1.0
    );
    // Statuses no call ended with have no series.
    assert!(!m.contains_key(&a66("duration_seconds", "count", create_user, "CANCELLED")));
    // The bytes are those of the serialized messages, each way.
    let users_bytes = bytes(&users);
    let answers_bytes = bytes(&answers);
    let rcvd = "rcvd_total_compressed_message_size_bytes";
    let sent = "sent_total_compressed_message_size_bytes";
    assert_eq!(m[&a66(rcvd, "sum", create_user, "OK")], 2.0 * users_bytes);
    assert_eq!(m[&a66(sent, "sum", create_user, "OK")], answers_bytes);
    assert_eq!(m[&a66(rcvd, "sum", create_user, "UNAUTHENTICATED")], 0.0);
    assert_eq!(m[&a66(sent, "sum", check, "OK")], bytes(&[served]));
    assert_eq!(m[&a66(sent, "sum", check, "NOT_FOUND")], 0.0);
    // Each stream's total falls in A66's size buckets: a few hundred bytes, under 1 KiB.
    let bucket = |le: &str| {
        m[&format!(
            "grpc_server_call_{rcvd}_bucket{{grpc_method=\"{create_user}\",grpc_status=\"OK\",le=\"{le}\"}}"
        )]
    };
    assert_eq!(
        (bucket("0"), bucket("1024"), bucket("+Inf")),
        (0.0, 2.0, 2.0)
    );
}

/// The status of a call to `/users.Users/DeleteUser`, a method the server does not serve,
/// presenting `token` when given.
fn unknown_method_call(pair: &common::Pair, token: Option<&str>) -> grpcio::RpcStatusCode {
    let unknown: grpcio::Method<users_grpc::User, users_grpc::CreateUserRes> = grpcio::Method {
        ty: grpcio::MethodType::Duplex,
        name: "/users.Users/DeleteUser",
        req_mar: users_grpc::METHOD_CREATE_USER.req_mar,
        resp_mar: users_grpc::METHOD_CREATE_USER.resp_mar,
    };
    let mut opt = grpcio::CallOption::default().timeout(Duration::from_secs(30));
    if let Some(token) = token {
        let mut headers = grpcio::MetadataBuilder::new();
        headers
            .add_str("authorization", &format!("Bearer {token}"))
            .unwrap();
        opt = opt.headers(headers.build());
    }
    let client = grpcio::Client::new(pair.client.inner().channel().clone());
    let (mut sender, mut receiver) = client.duplex_streaming(&unknown, opt).unwrap();
    let err = futures::executor::block_on(async {
        let _ = sender.close().await;
        receiver.try_next().await.unwrap_err()
    });
    match err {
        grpcio::Error::RpcFailure(status) => status.code(),
        other => panic!("unexpected error {other:?}"),
    }
}
