//! The server and the client, both real, talking over loopback.

use users_e2e as common;

use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

use common::{as_json, fields, spec_responses, start_pair, user};
use futures::{SinkExt, StreamExt, TryStreamExt};
use grpcio::{
    CallOption, Client, GrpcSlice, Marshaller, MessageReader, Method, MethodType, RpcStatusCode,
    WriteFlags,
};
use protobuf::Message;
use users_client::{tutorial_users, ClientError};
use users_grpc::rules;
use users_grpc::{CreateUserRes, User, MAX_MESSAGE_BYTES, METHOD_CREATE_USER};

/// The tutorial's five users get exactly the five expected responses, in order, and OK.
#[test]
fn tutorial_users_get_spec_responses() {
    let pair = start_pair();
    let (responses, summary) = pair.run(tutorial_users()).unwrap();
    assert_eq!(as_json(&responses), spec_responses());
    assert_eq!((summary.sent, summary.received), (5, 5));
    assert!(pair.server.stats().wait_idle(Duration::from_secs(10)));
    let stats = pair.server.stats().snapshot();
    assert_eq!(
        (stats.ok_streams, stats.users_received, stats.responses_sent),
        (1, 5, 5)
    );
}

/// A stream that half-closes at once gets no response and status OK.
#[test]
fn empty_stream_ends_ok() {
    let pair = start_pair();
    let (responses, summary) = pair.run(Vec::new()).unwrap();
    assert!(responses.is_empty());
    assert_eq!((summary.sent, summary.received), (0, 0));
    assert!(pair.server.stats().wait_idle(Duration::from_secs(10)));
    assert_eq!(pair.server.stats().snapshot().ok_streams, 1);
}

/// 10,000 users on one stream all come back, one each, in order, with the rules applied.
#[test]
fn ten_thousand_users_in_order() {
    let pair = start_pair();
    let users: Vec<User> = (0..10_000).map(users_bench::bench_user).collect();
    let (responses, _) = pair.run(users.clone()).unwrap();
    assert_eq!(responses.len(), users.len());
    for (user, res) in users.into_iter().zip(&responses) {
        assert_eq!(*res, rules::answer(user));
    }
}

/// Names of 3 and 4 bytes, multi-byte names, empty fields and "phill" travel and are judged
/// by the same rules over the wire.
#[test]
fn edge_cases_over_the_wire() {
    let pair = start_pair();
    let users = vec![
        user("a", "Mia", "Smith", 1),
        user("b", "Carl", "Smith", 1),
        user("c", "Éa", "phill", 1),
        user("d", "Zoë", "Phill", 1),
        user("", "", "", 0),
    ];
    let (responses, _) = pair.run(users).unwrap();
    let got: Vec<_> = responses.iter().map(fields).collect();
    assert_eq!(
        got,
        vec![
            ("a", false, vec!["Name is too short"]),
            ("b", true, vec![]),
            ("c", false, vec!["Name is too short"]),
            ("d", false, vec!["Last Name already taken"]),
            ("", false, vec!["Name is too short"]),
        ]
    );
}

// The signature is fixed by grpcio's `SerializeFn<Vec<u8>>`.
#[allow(clippy::ptr_arg)]
fn raw_ser(msg: &Vec<u8>, buf: &mut GrpcSlice) -> grpcio::Result<()> {
    *buf = GrpcSlice::from(msg.clone());
    Ok(())
}

fn raw_de(mut reader: MessageReader) -> grpcio::Result<Vec<u8>> {
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut reader, &mut out)
        .map_err(|e| grpcio::Error::Codec(e.into()))?;
    Ok(out)
}

/// CreateUser with requests sent as raw bytes, so that tests can send what no encoder would.
const RAW_CREATE_USER: Method<Vec<u8>, CreateUserRes> = Method {
    ty: MethodType::Duplex,
    name: METHOD_CREATE_USER.name,
    req_mar: Marshaller {
        ser: raw_ser,
        de: raw_de,
    },
    resp_mar: Marshaller {
        ser: grpcio::pb_ser,
        de: grpcio::pb_de,
    },
};

/// Sends one good user then `bad`; returns the responses and the status the stream ended with.
fn send_raw(pair: &common::Pair, bad: Vec<u8>) -> (Vec<CreateUserRes>, grpcio::RpcStatus) {
    let client = Client::new(pair.client.inner().channel().clone());
    let opt = CallOption::default().timeout(Duration::from_secs(30));
    let (mut sender, mut receiver) = client.duplex_streaming(&RAW_CREATE_USER, opt).unwrap();
    let good = user("1", "Marisol", "Lee", 3).write_to_bytes().unwrap();
    futures::executor::block_on(async {
        let mut responses = Vec::new();
        sender.send((good, WriteFlags::default())).await.unwrap();
        responses.push(receiver.next().await.unwrap().unwrap());
        // The server may end the call before this write completes: either way is fine.
        let _ = sender.send((bad, WriteFlags::default())).await;
        loop {
            match receiver.try_next().await {
                Ok(Some(res)) => responses.push(res),
                Ok(None) => panic!("stream ended OK after a bad request"),
                Err(grpcio::Error::RpcFailure(status)) => return (responses, status),
                Err(e) => panic!("unexpected error {e:?}"),
            }
        }
    })
}

/// Bytes that are not a User (truncated field, invalid UTF-8) end the stream with INTERNAL
/// and a message, after the valid user before them was answered; the server then serves on.
#[test]
fn undecodable_request_gets_internal() {
    let pair = start_pair();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        // Field 1 announces 5 bytes, 1 follows.
        ("truncated", vec![0x0a, 0x05, b'1']),
        // Field 2 (name) holds bytes that are not UTF-8.
        ("invalid UTF-8", vec![0x12, 0x02, 0xff, 0xfe]),
        // Wire type 7 does not exist.
        ("bad wire type", vec![0x0f]),
    ];
    for (what, bad) in cases {
        let (responses, status) = send_raw(&pair, bad);
        assert_eq!(responses.len(), 1, "{what}");
        assert_eq!(responses[0].user_id, "1", "{what}");
        assert_eq!(status.code(), RpcStatusCode::INTERNAL, "{what}: {status:?}");
        assert!(
            status.message().contains("failed to unmarshal"),
            "{what}: {status:?}"
        );
    }
    let (responses, _) = pair.run(tutorial_users()).unwrap();
    assert_eq!(as_json(&responses), spec_responses());
    assert!(pair.server.stats().wait_idle(Duration::from_secs(10)));
}

/// A request over 4 MiB ends the stream with RESOURCE_EXHAUSTED and grpc-go's message, after
/// the user before it was answered; one of exactly 4 MiB is answered; the server serves on.
#[test]
fn oversized_request_gets_resource_exhausted() {
    let pair = start_pair();
    // A user with only a name, `len` bytes once encoded (tag, 4-byte length, name).
    let user_of_len = |len: usize| {
        user("", &"n".repeat(len - 5), "", 0)
            .write_to_bytes()
            .unwrap()
    };
    let at_limit = user_of_len(MAX_MESSAGE_BYTES);
    assert_eq!(at_limit.len(), MAX_MESSAGE_BYTES);
    let (responses, summary) = pair
        .run(vec![User::parse_from_bytes(&at_limit).unwrap()])
        .unwrap();
    assert_eq!((responses.len(), summary.received), (1, 1));

    let too_large = user_of_len(MAX_MESSAGE_BYTES + 1);
    let (responses, status) = send_raw(&pair, too_large);
    assert_eq!(responses.len(), 1);
    assert_eq!(
        status.code(),
        RpcStatusCode::RESOURCE_EXHAUSTED,
        "{status:?}"
    );
    assert_eq!(
        status.message(),
        format!(
            "grpc: received message larger than max ({} vs. {MAX_MESSAGE_BYTES})",
            MAX_MESSAGE_BYTES + 1
        )
    );
    let (responses, _) = pair.run(tutorial_users()).unwrap();
    assert_eq!(responses.len(), 5);
    assert!(pair.server.stats().wait_idle(Duration::from_secs(10)));
}

/// A client that drops its stream halfway, with responses unread, leaves no stream behind
/// and the server serving.
#[test]
fn client_dropped_mid_stream() {
    let pair = start_pair();
    futures::executor::block_on(async {
        let opt = CallOption::default().timeout(Duration::from_secs(30));
        let (mut sender, mut receiver) = pair.client.create_user_opt(opt).unwrap();
        for user in tutorial_users().into_iter().take(3) {
            sender.send((user, WriteFlags::default())).await.unwrap();
        }
        let first = receiver.next().await.unwrap().unwrap();
        assert_eq!(first.user_id, "1");
        // Dropping both halves without close() cancels the call.
        drop(sender);
        drop(receiver);
    });
    assert!(
        pair.server.stats().wait_idle(Duration::from_secs(10)),
        "the dropped stream is still active on the server"
    );
    let (responses, _) = pair.run(tutorial_users()).unwrap();
    assert_eq!(as_json(&responses), spec_responses());
}

/// A client that sends many users and vanishes without reading leaves the server serving.
#[test]
fn client_gone_while_server_writes() {
    let pair = start_pair();
    futures::executor::block_on(async {
        let opt = CallOption::default().timeout(Duration::from_secs(30));
        let (mut sender, receiver) = pair.client.create_user_opt(opt).unwrap();
        for i in 0..2_000 {
            let user = user(&i.to_string(), "Marisol", "Richardson", 29);
            sender.send((user, WriteFlags::default())).await.unwrap();
        }
        drop(receiver);
        drop(sender);
    });
    assert!(pair.server.stats().wait_idle(Duration::from_secs(10)));
    assert_eq!(pair.run(tutorial_users()).unwrap().1.received, 5);
}

/// A method the server does not have gets UNIMPLEMENTED.
#[test]
fn unknown_method_is_unimplemented() {
    let pair = start_pair();
    let unknown: Method<User, CreateUserRes> = Method {
        ty: MethodType::Duplex,
        name: "/users.Users/DeleteUser",
        req_mar: METHOD_CREATE_USER.req_mar,
        resp_mar: METHOD_CREATE_USER.resp_mar,
    };
    let client = Client::new(pair.client.inner().channel().clone());
    let opt = CallOption::default().timeout(Duration::from_secs(30));
    let (mut sender, mut receiver) = client.duplex_streaming(&unknown, opt).unwrap();
    let err = futures::executor::block_on(async {
        let _ = sender.send((User::default(), WriteFlags::default())).await;
        let _ = sender.close().await;
        receiver.try_next().await.unwrap_err()
    });
    match err {
        grpcio::Error::RpcFailure(status) => {
            assert_eq!(status.code(), RpcStatusCode::UNIMPLEMENTED)
        }
        other => panic!("unexpected error {other:?}"),
    }
}

/// Connections that do not speak HTTP/2, or stop mid-preface, do not disturb the server.
#[test]
fn garbage_connections_leave_server_serving() {
    let pair = start_pair();
    let payloads: [&[u8]; 3] = [
        b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x12\x04\x00\x00\x00\x00",
        &[0xff; 4096],
    ];
    for payload in payloads {
        let mut conn = TcpStream::connect(&pair.addr).unwrap();
        conn.write_all(payload).unwrap();
        drop(conn);
    }
    let (responses, _) = pair.run(tutorial_users()).unwrap();
    assert_eq!(as_json(&responses), spec_responses());
}

/// A second server cannot take a port the first one listens on (no silent SO_REUSEPORT split).
#[test]
fn second_server_on_same_port_is_refused() {
    let pair = start_pair();
    let config = users_server::ServerConfig {
        addr: pair.addr.clone(),
        cq_count: 1,
        ..Default::default()
    };
    let err = users_server::UsersServer::start(&config)
        .err()
        .expect("a second server on the same port fails to start");
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("cannot listen on {}: ", pair.addr)),
        "{text}"
    );
    assert!(text.to_lowercase().contains("in use"), "{text}");
    assert_eq!(pair.run(tutorial_users()).unwrap().1.received, 5);
}

/// The call deadline ends a stream that outlives it with a deadline error.
#[test]
fn deadline_ends_slow_stream() {
    let pair = start_pair();
    let options = users_client::StreamOptions {
        delay: Duration::from_secs(5),
        call: users_client::CallOptions {
            timeout: Some(Duration::from_millis(300)),
            ..Default::default()
        },
    };
    let err = futures::executor::block_on(users_client::send_users(
        &pair.client,
        &pair.addr,
        tutorial_users(),
        &options,
        |_| {},
    ))
    .unwrap_err();
    assert!(
        matches!(err, ClientError::DeadlineExceeded { .. }),
        "{err:?}"
    );
    assert!(pair.server.stats().wait_idle(Duration::from_secs(10)));
}

/// Several streams at once are each answered in full.
#[test]
fn concurrent_streams() {
    let pair = start_pair();
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let (client, addr) = (pair.client.clone(), pair.addr.clone());
            std::thread::spawn(move || common::run(&client, &addr, tutorial_users()).unwrap().0)
        })
        .collect();
    for handle in handles {
        let responses = handle.join().unwrap();
        assert_eq!(as_json(&responses), spec_responses());
    }
    assert!(pair.server.stats().wait_idle(Duration::from_secs(10)));
    assert_eq!(pair.server.stats().snapshot().ok_streams, 8);
}

/// A stream its client cancels is accounted at once, as CANCELLED, not after a wait for a
/// deadline it does not have or that is far off: twenty such streams, one after the other,
/// take less than half the 50 ms a wait would add to each, twenty times.
#[test]
fn cancelled_streams_are_accounted_at_once() {
    let pair = start_pair();
    let started = std::time::Instant::now();
    for i in 0..20 {
        // Every other call carries a deadline an hour away.
        let call = match i % 2 {
            0 => CallOption::default(),
            _ => CallOption::default().timeout(Duration::from_secs(3600)),
        };
        futures::executor::block_on(async {
            let (mut tx, mut rx) = pair.client.create_user_opt(call).unwrap();
            let id = i.to_string();
            tx.send((user(&id, "Anna", "Smith", 40), WriteFlags::default()))
                .await
                .unwrap();
            assert_eq!(rx.try_next().await.unwrap().unwrap().user_id, id);
            // Dropping both halves cancels the call.
        });
        assert!(pair.server.stats().wait_idle(Duration::from_secs(30)));
    }
    let took = started.elapsed();
    assert!(
        took < Duration::from_millis(500),
        "20 cancelled streams took {took:?}"
    );
    let metrics = pair.server.stats().render_prometheus();
    assert!(
        metrics.contains("\nusers_streams_finished_total{code=\"CANCELLED\"} 20\n"),
        "{metrics}"
    );
    assert!(!metrics.contains("DEADLINE_EXCEEDED"), "{metrics}");
}
