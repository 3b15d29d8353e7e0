//! Answers batched into few socket writes still reach a client that waits for them, and the
//! answers to many new streams share socket writes.

use users_e2e as common;

use std::collections::BTreeMap;
use std::io::Write;
use std::net::TcpStream;
use std::os::fd::AsRawFd;
use std::time::Duration;

use common::h2::{self, frame, read_frame, ACK, DATA, END_HEADERS, HEADERS, SETTINGS};
use common::{fields, start_pair, user};
use futures::{stream, SinkExt, TryStreamExt};
use grpcio::{CallOption, WriteFlags};
use protobuf::Message;
use users_grpc::{rules, CreateUserRes};

/// Sends bursts of `sizes` users on one stream, reading every burst's answers before sending
/// the next, and checks each answer; the stream stays open until the end.
fn bursts_on_one_stream(sizes: &[usize]) {
    let pair = start_pair();
    // A deadline turns an answer held back forever into a failure instead of a hang.
    let call = CallOption::default().timeout(Duration::from_secs(30));
    let (mut sender, mut receiver) = pair.client.create_user_opt(call).expect("stream opens");
    futures::executor::block_on(async {
        let mut next_id = 0;
        for &size in sizes {
            let users: Vec<_> = (next_id..next_id + size)
                .map(|i| user(&i.to_string(), ["Al", "Carl"][i % 2], "Smith", 30))
                .collect();
            next_id += size;
            let mut burst = stream::iter(
                users
                    .clone()
                    .into_iter()
                    .map(|u| Ok((u, WriteFlags::default()))),
            );
            sender.enhance_batch(true);
            sender.send_all(&mut burst).await.expect("burst sent");
            for expected in users {
                let res = receiver
                    .try_next()
                    .await
                    .unwrap_or_else(|e| {
                        panic!("answer to user {} in a burst of {size}: {e}", expected.id)
                    })
                    .expect("stream still open");
                assert_eq!(fields(&res), fields(&rules::answer(expected)));
            }
        }
        // grpcio reports RpcFinished when the server's status (the answer to the half-close)
        // arrives before its close operation has returned; the receiver tells how it ended.
        match sender.close().await {
            Ok(()) | Err(grpcio::Error::RpcFinished(None)) => {}
            Err(e) => panic!("half-close: {e:?}"),
        }
        assert!(receiver.try_next().await.expect("stream ends OK").is_none());
    });
}

/// A client that waits for each answer before sending the next gets every one of them.
#[test]
fn one_at_a_time() {
    bursts_on_one_stream(&[1; 50]);
}

/// Short bursts (two, three users) are answered in full while the stream stays open.
#[test]
fn short_bursts() {
    bursts_on_one_stream(&[2, 3, 2, 2, 3, 1, 2, 2, 2, 3, 2]);
}

/// Long bursts are answered in full, and a lone request after them too.
#[test]
fn long_bursts_then_lone_requests() {
    bursts_on_one_stream(&[5000, 1, 2000, 1, 1]);
}

/// The TCP segments with data that `conn` has received so far.
fn data_segments_in(conn: &TcpStream) -> u32 {
    // SAFETY: tcp_info is plain data, and getsockopt writes at most `len` bytes into it.
    unsafe {
        let mut info: libc::tcp_info = std::mem::zeroed();
        let mut len = libc::socklen_t::try_from(std::mem::size_of::<libc::tcp_info>()).unwrap();
        let rc = libc::getsockopt(
            conn.as_raw_fd(),
            libc::IPPROTO_TCP,
            libc::TCP_INFO,
            std::ptr::addr_of_mut!(info).cast(),
            &mut len,
        );
        assert_eq!(rc, 0, "TCP_INFO: {}", std::io::Error::last_os_error());
        info.tcpi_data_segs_in
    }
}

/// The answers to many new streams that reach the server in one read leave it in a few socket
/// writes, not in one write per stream: the server's core writes what its completion-queue
/// thread answered once the thread has no event left (grpcio-sys's patch 0006).
#[test]
fn answers_to_new_streams_share_socket_writes() {
    const STREAMS: u32 = 64;
    let (_server, addr) = common::real_server();
    let mut conn = TcpStream::connect(&addr).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    conn.write_all(&h2::preface()).unwrap();
    // The handshake: the server's SETTINGS, acknowledged, and its acknowledgement of ours.
    let (mut theirs, mut ours) = (false, false);
    while !(theirs && ours) {
        let (kind, flags, _, _) = read_frame(&mut conn);
        if kind == SETTINGS && flags & ACK == 0 {
            conn.write_all(&frame(SETTINGS, ACK, 0, &[])).unwrap();
            theirs = true;
        }
        ours |= kind == SETTINGS && flags & ACK != 0;
    }

    // Every stream's headers and one user, in one write; the streams stay open.
    let headers = h2::request_headers(&addr);
    let mut expected = BTreeMap::new();
    let mut burst = Vec::new();
    for i in 0..STREAMS {
        let stream = 2 * i + 1;
        let sent = user(&i.to_string(), ["Al", "Carl"][i as usize % 2], "Smith", 30);
        let bytes = sent.write_to_bytes().unwrap();
        let mut message = vec![0];
        message.extend_from_slice(&u32::try_from(bytes.len()).unwrap().to_be_bytes());
        message.extend_from_slice(&bytes);
        burst.extend(frame(HEADERS, END_HEADERS, stream, &headers));
        burst.extend(frame(DATA, 0, stream, &message));
        expected.insert(stream, rules::answer(sent));
    }
    let before = data_segments_in(&conn);
    conn.write_all(&burst).unwrap();

    let mut answered = BTreeMap::new();
    while answered.len() < expected.len() {
        let (kind, _, stream, payload) = read_frame(&mut conn);
        if kind == DATA && !payload.is_empty() {
            let len = u32::from_be_bytes([payload[1], payload[2], payload[3], payload[4]]) as usize;
            let answer = CreateUserRes::parse_from_bytes(&payload[5..5 + len]).expect("an answer");
            assert!(answered.insert(stream, answer).is_none(), "{stream}");
        }
    }
    assert_eq!(answered, expected);
    let segments = data_segments_in(&conn) - before;
    // Written stream by stream, they took 52 segments here; shared, one.
    assert!(
        segments <= STREAMS / 4,
        "{segments} segments for the answers to {STREAMS} new streams"
    );
}
