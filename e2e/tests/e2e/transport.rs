//! The client's channel: streams spread round-robin over several servers, given as a list or
//! as one DNS name with several addresses, gzip on the wire in either direction, and the
//! HTTP/2 transport whatever the core's experiments ask for.

use users_e2e as common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream, UdpSocket};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use common::{real_server, real_server_with, user};
use users_client::{connect_with, send_users, target, ConnectOptions, StreamOptions};
use users_grpc::UsersClient;
use users_server::{ServerConfig, UsersServer};
use users_transport::Compression;

fn options() -> StreamOptions {
    StreamOptions {
        delay: Duration::ZERO,
        call: users_client::CallOptions {
            timeout: Some(Duration::from_secs(30)),
            ..Default::default()
        },
    }
}

/// Runs one stream of the tutorial's users; panics unless every answer is right.
fn one_stream(client: &UsersClient, addr: &str) {
    let summary = futures::executor::block_on(send_users(
        client,
        addr,
        users_client::tutorial_users(),
        &options(),
        |_| {},
    ))
    .unwrap();
    assert_eq!(summary.received, 5);
}

/// Runs streams until every server has had one (at most 50: connections come up one by one),
/// then 10 more, which round-robin must split evenly.
fn assert_spread(client: &UsersClient, shown: &str, servers: &[&UsersServer]) {
    let streams = |s: &UsersServer| s.stats().snapshot().total_streams;
    for _ in 0..50 {
        if servers.iter().all(|s| streams(s) > 0) {
            break;
        }
        one_stream(client, shown);
    }
    let before: Vec<u64> = servers.iter().map(|s| streams(s)).collect();
    assert!(
        before.iter().all(|&n| n > 0),
        "not every server was used: {before:?}"
    );
    for _ in 0..10 {
        one_stream(client, shown);
    }
    let added: Vec<u64> = servers
        .iter()
        .zip(&before)
        .map(|(s, b)| streams(s) - b)
        .collect();
    assert_eq!(added.iter().sum::<u64>(), 10);
    assert!(added.iter().all(|&n| n == 5), "uneven spread: {added:?}");
}

/// Two addresses in a list: streams alternate between the two servers.
#[test]
fn address_list_spreads_streams() {
    let (a, addr_a) = real_server();
    let (b, addr_b) = real_server();
    let target = target(&[addr_a.clone(), addr_b.clone()]).unwrap();
    assert!(target.starts_with("ipv4:"), "{target}");
    let client = connect_with(&target, &ConnectOptions::default());
    assert_spread(&client, &format!("{addr_a},{addr_b}"), &[&a, &b]);
}

/// Answers A queries for `name` with `ips` and every other query with no records, over UDP
/// on a free loopback port; returns that port.
fn fake_dns(name: &'static str, ips: [[u8; 4]; 2]) -> u16 {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = socket.local_addr().unwrap().port();
    thread::spawn(move || {
        let mut buf = [0u8; 1500];
        while let Ok((len, from)) = socket.recv_from(&mut buf) {
            let query = &buf[..len];
            // The question: labels from byte 12 to a zero byte, then type and class.
            let Some(end) = query[12..].iter().position(|&b| b == 0).map(|p| 12 + p + 1) else {
                continue;
            };
            if query.len() < end + 4 {
                continue;
            }
            let mut labels = Vec::new();
            let mut i = 12;
            while query[i] != 0 && i + 1 + usize::from(query[i]) <= end {
                let n = usize::from(query[i]);
                labels.push(String::from_utf8_lossy(&query[i + 1..i + 1 + n]).to_lowercase());
                i += 1 + n;
            }
            let qtype = u16::from_be_bytes([query[end], query[end + 1]]);
            let answers: &[[u8; 4]] = if labels.join(".") == name && qtype == 1 {
                &ips
            } else {
                &[]
            };
            let mut reply = Vec::with_capacity(512);
            reply.extend_from_slice(&query[..2]); // id
            reply.extend_from_slice(&[0x85, 0x80]); // answer, authoritative, recursion
            reply.extend_from_slice(&[0, 1, 0, answers.len() as u8, 0, 0, 0, 0]);
            reply.extend_from_slice(&query[12..end + 4]);
            for ip in answers {
                // A pointer to the question's name, type A, class IN, TTL 60, 4 bytes.
                reply.extend_from_slice(&[0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4]);
                reply.extend_from_slice(ip);
            }
            let _ = socket.send_to(&reply, from);
        }
    });
    port
}

/// One host name that resolves to two addresses: streams alternate between the servers
/// behind them (127.0.0.1 and 127.0.0.2 on the same port, named by a DNS server of the test).
#[test]
fn name_with_two_addresses_spreads_streams() {
    let config = |addr: String| ServerConfig {
        addr,
        cq_count: 1,
        ..Default::default()
    };
    // The second server needs the first one's port free on 127.0.0.2; try a few ports.
    let (a, b, port) = (0..5)
        .find_map(|_| {
            let a = UsersServer::start(&config("127.0.0.1:0".to_owned())).unwrap();
            let port = a.port();
            UsersServer::start(&config(format!("127.0.0.2:{port}")))
                .ok()
                .map(|b| (a, b, port))
        })
        .expect("a port free on both 127.0.0.1 and 127.0.0.2");
    let dns = fake_dns("users.test", [[127, 0, 0, 1], [127, 0, 0, 2]]);
    let target = format!("dns://127.0.0.1:{dns}/users.test:{port}");
    let client = connect_with(&target, &ConnectOptions::default());
    assert_spread(&client, &target, &[&a, &b]);
}

/// What a [`counting_relay`] has seen.
#[derive(Default)]
struct Relayed {
    connections: AtomicU64,
    up: AtomicU64,
    down: AtomicU64,
}

/// A TCP relay to `to` that counts connections and the bytes going each way.
fn counting_relay(to: String) -> (String, Arc<Relayed>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let relayed = Arc::new(Relayed::default());
    let counts = Arc::clone(&relayed);
    thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { break };
            counts.connections.fetch_add(1, Ordering::SeqCst);
            let server = TcpStream::connect(&to).unwrap();
            let pipe = |mut from: TcpStream, mut to: TcpStream, counts: Arc<Relayed>, up: bool| {
                thread::spawn(move || {
                    let count = if up { &counts.up } else { &counts.down };
                    let mut buf = vec![0u8; 64 * 1024];
                    while let Ok(n @ 1..) = from.read(&mut buf) {
                        // Counted before it is passed on, so that it is counted by the time
                        // the other side can have read it.
                        count.fetch_add(n as u64, Ordering::SeqCst);
                        if to.write_all(&buf[..n]).is_err() {
                            break;
                        }
                    }
                    let _ = to.shutdown(Shutdown::Write);
                })
            };
            let (client_in, server_in) = (client.try_clone().unwrap(), server.try_clone().unwrap());
            pipe(client_in, server_in, Arc::clone(&counts), true);
            pipe(server, client, Arc::clone(&counts), false);
        }
    });
    (addr, relayed)
}

/// Bytes each way for one user with a 100 kB id, which the answer echoes.
fn bytes_for_long_id(server: Compression, client: Compression) -> (u64, u64) {
    let (_server, addr) = real_server_with(ServerConfig {
        addr: "127.0.0.1:0".to_owned(),
        cq_count: 1,
        compression: server,
        ..Default::default()
    });
    let (relay, relayed) = counting_relay(addr);
    let client = connect_with(
        &relay,
        &ConnectOptions {
            compression: client,
            ..Default::default()
        },
    );
    let id = "0123456789".repeat(10_000);
    let mut answers = Vec::new();
    futures::executor::block_on(send_users(
        &client,
        &relay,
        vec![user(&id, "Carl", "Smith", 30)],
        &options(),
        |res| answers.push(res.user_id.clone()),
    ))
    .unwrap();
    assert_eq!(answers, [id]);
    (
        relayed.up.load(Ordering::SeqCst),
        relayed.down.load(Ordering::SeqCst),
    )
}

/// gzip shrinks requests when the client asks for it and responses when the server does;
/// each side decompresses whatever it gets.
#[test]
fn gzip_in_each_direction() {
    let (up, down) = bytes_for_long_id(Compression::None, Compression::None);
    assert!(
        up > 100_000 && down > 100_000,
        "uncompressed: {up} up, {down} down"
    );
    let (up, down) = bytes_for_long_id(Compression::Gzip, Compression::None);
    assert!(
        up > 100_000 && down < 20_000,
        "gzip responses: {up} up, {down} down"
    );
    let (up, down) = bytes_for_long_id(Compression::None, Compression::Gzip);
    assert!(
        up < 20_000 && down > 100_000,
        "gzip requests: {up} up, {down} down"
    );
}

/// Connections made for `rounds` streams of 300 ms each, one after the other on one client.
fn connections_for_streams(max_connection_age: Option<Duration>, rounds: usize) -> u64 {
    let (_server, addr) = real_server_with(ServerConfig {
        addr: "127.0.0.1:0".to_owned(),
        cq_count: 1,
        max_connection_age,
        ..Default::default()
    });
    let (relay, relayed) = counting_relay(addr);
    let client = connect_with(&relay, &ConnectOptions::default());
    let paced = StreamOptions {
        delay: Duration::from_millis(100),
        call: users_client::CallOptions {
            timeout: Some(Duration::from_secs(30)),
            ..Default::default()
        },
    };
    for _ in 0..rounds {
        let users = vec![user("1", "Carl", "Smith", 30); 3];
        // Each stream outlives the connection's age: it must still end OK, answered in full.
        let summary =
            futures::executor::block_on(send_users(&client, &relay, users, &paced, |_| {}))
                .unwrap();
        assert_eq!(summary.received, 3);
    }
    relayed.connections.load(Ordering::SeqCst)
}

/// With a maximum connection age the client is sent away and reconnects for later streams,
/// while the running stream goes on; without one, one connection serves every stream.
#[test]
fn max_connection_age_makes_clients_reconnect() {
    assert_eq!(connections_for_streams(None, 3), 1);
    assert!(connections_for_streams(Some(Duration::from_millis(100)), 3) >= 2);
}

/// The core's experiments that switch to its promise-based HTTP/2 transport name code that
/// grpcio-sys does not compile: with them on, the server and the client still talk (over the
/// chttp2 transport, the only one compiled).
#[test]
fn ph2_experiments_keep_the_chttp2_transport() {
    let env = [("GRPC_EXPERIMENTS", "ph2_client_server")];
    let server = common::ServerProcess::start_with_env(&[], &env);
    let out = common::run_bin_env(
        common::client_bin(),
        &["--addr", &server.addr(), "--delay", "0ms"],
        &env,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        include_str!("../../../testdata/tutorial_answers.txt")
    );
    // The core logs a name it does not know as an error: this one it knows.
    assert!(!err.contains("Unknown experiment"), "{err}");
    server.signal("TERM");
    let (status, _) = server.wait(Duration::from_secs(30));
    assert!(status.success(), "{status}");
}
