//! The client's channel: streams spread round-robin over several servers, given as a list or
//! as one DNS name with several addresses, and gzip on the wire in either direction.

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream, UdpSocket};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use common::{real_server, real_server_with};
use users_client::{connect_with, create_users, target, user, ConnectOptions, StreamOptions};
use users_grpc::{Compression, UsersClient};
use users_server::{ServerConfig, UsersServer};

fn options() -> StreamOptions {
    StreamOptions {
        delay: Duration::ZERO,
        timeout: Some(Duration::from_secs(30)),
    }
}

/// Runs one stream of the tutorial's users; panics unless every answer is right.
fn one_stream(client: &UsersClient, addr: &str) {
    let summary = futures::executor::block_on(create_users(
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

/// A TCP relay to `to` that counts the bytes going each way: (relay address, up, down).
fn counting_relay(to: String) -> (String, Arc<AtomicU64>, Arc<AtomicU64>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let (up, down) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let (up2, down2) = (Arc::clone(&up), Arc::clone(&down));
    thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { break };
            let server = TcpStream::connect(&to).unwrap();
            let pipe = |mut from: TcpStream, mut to: TcpStream, count: Arc<AtomicU64>| {
                thread::spawn(move || {
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
            pipe(
                client.try_clone().unwrap(),
                server.try_clone().unwrap(),
                Arc::clone(&up2),
            );
            pipe(server, client, Arc::clone(&down2));
        }
    });
    (addr, up, down)
}

/// Bytes each way for one user with a 100 kB id, which the answer echoes.
fn bytes_for_long_id(server: Compression, client: Compression) -> (u64, u64) {
    let (_server, addr) = real_server_with(ServerConfig {
        addr: "127.0.0.1:0".to_owned(),
        cq_count: 1,
        compression: server,
        ..Default::default()
    });
    let (relay, up, down) = counting_relay(addr);
    let client = connect_with(
        &relay,
        &ConnectOptions {
            compression: client,
        },
    );
    let id = "0123456789".repeat(10_000);
    let mut answers = Vec::new();
    futures::executor::block_on(create_users(
        &client,
        &relay,
        vec![user(&id, "Carl", "Smith", 30)],
        &options(),
        |res| answers.push(res.user_id.clone()),
    ))
    .unwrap();
    assert_eq!(answers, [id]);
    (up.load(Ordering::SeqCst), down.load(Ordering::SeqCst))
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
