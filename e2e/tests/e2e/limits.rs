//! Configured limits: the largest request, the streams one connection may have open, and the
//! window a stream is given.

use users_e2e as common;

use std::io::Write;
use std::net::TcpStream;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use common::{h2, user};
use protobuf::Message;
use users_client::{send_users, ClientError, StreamOptions};
use users_server::{Limits, ServerConfig, StreamWindow, DEFAULT_STREAM_WINDOW};

const LIMIT: usize = 1024;

fn limited(max_concurrent_streams: u32) -> common::Pair {
    common::start_pair_with(ServerConfig {
        limits: Limits {
            max_message_bytes: LIMIT,
            max_concurrent_streams,
            ..Limits::default()
        },
        ..Default::default()
    })
}

/// A request over the configured size ends its stream RESOURCE_EXHAUSTED, naming both sizes;
/// one at the limit is answered.
#[test]
fn configured_message_limit() {
    let pair = limited(16);
    // A user with only a name: a tag byte, a 2-byte length, then the name.
    let name_of = |len: usize| "n".repeat(len - 3);
    let at_limit = user("", &name_of(LIMIT), "", 0);
    assert_eq!(at_limit.write_to_bytes().unwrap().len(), LIMIT);
    let (responses, _) = pair.run(vec![at_limit]).unwrap();
    assert_eq!(responses.len(), 1);
    match pair.run(vec![user("", &name_of(LIMIT + 1), "", 0)]) {
        Err(ClientError::Status { code, message }) => {
            assert_eq!(code, grpcio::RpcStatusCode::RESOURCE_EXHAUSTED);
            assert_eq!(
                message,
                format!(
                    "grpc: received message larger than max ({} vs. {LIMIT})",
                    LIMIT + 1
                )
            );
        }
        other => panic!("expected RESOURCE_EXHAUSTED, got {other:?}"),
    }
}

/// Each server decodes up to its own limit: one in the same process with the default limit
/// answers the request the limited one refuses, and the client decodes with neither's.
#[test]
fn message_limit_is_per_server() {
    let limited = limited(16);
    let default = common::start_pair();
    let over = user("", &"n".repeat(LIMIT * 2), "", 0);
    assert!(matches!(
        limited.run(vec![over.clone()]),
        Err(ClientError::Status { code, .. }) if code == grpcio::RpcStatusCode::RESOURCE_EXHAUSTED
    ));
    let (responses, _) = default.run(vec![over.clone()]).unwrap();
    assert_eq!(responses.len(), 1);
    // A request within the limit whose answer (the id and both errors) is over it: the
    // answer still reaches the client.
    let long_id = user(&"i".repeat(LIMIT - 20), "Al", "Phill", 0);
    assert!(long_id.write_to_bytes().unwrap().len() <= LIMIT);
    let answer = users_grpc::rules::answer(long_id.clone());
    assert!(answer.write_to_bytes().unwrap().len() > LIMIT);
    let (responses, _) = limited.run(vec![long_id]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(responses, [answer]);
}

/// With two streams open on a connection, a third waits (here until its deadline) without
/// reaching the server; once one ends, the next stream gets through.
#[test]
fn concurrent_streams_per_connection() {
    let pair = limited(2);
    let (first_tx, first_rx) = mpsc::channel();
    let mut open = Vec::new();
    for _ in 0..2 {
        let (client, addr, first_tx) = (pair.client.clone(), pair.addr.clone(), first_tx.clone());
        open.push(thread::spawn(move || {
            let slow = StreamOptions {
                delay: Duration::from_secs(3),
                call: users_client::CallOptions {
                    timeout: Some(Duration::from_secs(60)),
                    ..Default::default()
                },
            };
            let users = vec![
                user("1", "Carl", "Smith", 30),
                user("2", "Dora", "Smith", 30),
            ];
            let mut first = Some(first_tx);
            futures::executor::block_on(send_users(&client, &addr, users, &slow, |_| {
                // One signal per stream: its first answer.
                if let Some(tx) = first.take() {
                    let _ = tx.send(());
                }
            }))
        }));
    }
    for _ in 0..2 {
        first_rx.recv_timeout(Duration::from_secs(30)).unwrap();
    }
    let quick = StreamOptions {
        delay: Duration::ZERO,
        call: users_client::CallOptions {
            timeout: Some(Duration::from_millis(500)),
            ..Default::default()
        },
    };
    let third = futures::executor::block_on(send_users(
        &pair.client,
        &pair.addr,
        users_client::tutorial_users(),
        &quick,
        |_| {},
    ));
    assert!(
        matches!(third, Err(ClientError::DeadlineExceeded { .. })),
        "{third:?}"
    );
    assert_eq!(pair.server.stats().snapshot().total_streams, 2);
    for stream in open {
        assert_eq!(stream.join().unwrap().unwrap().received, 2);
    }
    let (responses, _) = pair.run(users_client::tutorial_users()).unwrap();
    assert_eq!(responses.len(), 5);
}

/// The settings a server announces in its first SETTINGS frame (HTTP/2 identifiers and values),
/// read over a bare connection that sends the client preface and an empty SETTINGS frame.
fn announced_settings(addr: &str) -> Vec<(u16, u32)> {
    let mut conn = TcpStream::connect(addr).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    conn.write_all(&h2::preface()).unwrap();
    loop {
        let (kind, flags, _, payload) = h2::read_frame(&mut conn);
        if kind == h2::SETTINGS && flags & h2::ACK == 0 {
            return payload
                .chunks_exact(6)
                .map(|s| {
                    (
                        u16::from_be_bytes([s[0], s[1]]),
                        u32::from_be_bytes([s[2], s[3], s[4], s[5]]),
                    )
                })
                .collect();
        }
    }
}

/// The stream window a client is given: 64 KiB unless configured, the configured size when
/// it is, and the core's own, 4 MiB or more, with `Auto`.
#[test]
fn stream_window_is_announced() {
    const INITIAL_WINDOW_SIZE: u16 = 4;
    let window_of = |stream_window| {
        let pair = common::start_pair_with(ServerConfig {
            limits: Limits {
                stream_window,
                ..Limits::default()
            },
            ..Default::default()
        });
        announced_settings(&pair.addr)
            .into_iter()
            .find(|&(id, _)| id == INITIAL_WINDOW_SIZE)
            .map(|(_, value)| value)
    };
    assert_eq!(window_of(DEFAULT_STREAM_WINDOW), Some(65536));
    assert_eq!(window_of(StreamWindow::Fixed(1 << 20)), Some(1 << 20));
    // The core's own window: 4 MiB from the start while its memory quota is far from used.
    let auto = window_of(StreamWindow::Auto);
    assert!(auto.is_some_and(|w| w >= 4 << 20), "{auto:?}");
}
