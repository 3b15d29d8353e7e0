//! Graceful shutdown: running streams finish within the grace period, the rest are cancelled.

use users_e2e as common;

use std::time::{Duration, Instant};

use common::{as_json, paced_stream, spec_responses, start_pair};
use grpcio::RpcStatusCode;
use users_client::{connect, tutorial_users, ClientError};
use users_server::Drain;

/// A stream running when the shutdown starts is answered in full, then the server stops.
#[test]
fn running_stream_finishes_within_grace() {
    let pair = start_pair();
    let (first, handle) = paced_stream(&pair.addr, Duration::from_millis(100));
    first.recv_timeout(Duration::from_secs(30)).unwrap();
    let started = Instant::now();
    let drain = pair.server.shutdown(Duration::from_secs(30));
    assert_eq!(drain, Drain::Completed);
    // The four users still to come are sent 100 ms apart: the drain waited for them (the
    // bound leaves room for a test thread that wakes late).
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "the drain ended after {:?}, before the stream could",
        started.elapsed()
    );
    let (ids, summary) = handle.join().unwrap().unwrap();
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);
    assert_eq!(summary.received, 5);
}

/// A stream still running when the grace period ends is cancelled, and the client is told.
#[test]
fn stream_outliving_grace_is_cancelled() {
    let pair = start_pair();
    let (first, handle) = paced_stream(&pair.addr, Duration::from_secs(30));
    first.recv_timeout(Duration::from_secs(30)).unwrap();
    let started = Instant::now();
    let drain = pair.server.shutdown(Duration::from_millis(300));
    assert_eq!(drain, Drain::Cancelled(1));
    assert!(started.elapsed() < Duration::from_secs(10));
    // The server cancels the call, or closes the connection under it.
    let err = handle.join().unwrap().unwrap_err();
    assert!(
        matches!(
            err,
            ClientError::Status {
                code: RpcStatusCode::CANCELLED,
                ..
            } | ClientError::Unavailable { .. }
                | ClientError::ConnectionLost { received: 1.., .. }
        ),
        "{err:?}"
    );
}

/// Once a drain has started, new streams are refused while running ones go on.
#[test]
fn new_calls_refused_while_draining() {
    let pair = start_pair();
    let (client, addr) = (pair.client.clone(), pair.addr.clone());
    let (first, handle) = paced_stream(&pair.addr, Duration::from_millis(200));
    first.recv_timeout(Duration::from_secs(30)).unwrap();
    let draining = pair.server.begin_shutdown();
    // New streams, on a new connection or on the one already open, fail without reaching
    // the handler. The C core answers UNAVAILABLE once its listener is closed and the GOAWAY
    // is seen, CANCELLED for a stream that races them.
    for client in [connect(&addr), client] {
        let refused = common::run(&client, &addr, tutorial_users()).unwrap_err();
        assert!(
            matches!(
                refused,
                ClientError::Unavailable { .. }
                    | ClientError::Status {
                        code: RpcStatusCode::CANCELLED,
                        ..
                    }
            ),
            "{refused:?}"
        );
    }
    assert_eq!(draining.stats().snapshot().total_streams, 1);
    assert_eq!(draining.finish(Duration::from_secs(30)), Drain::Completed);
    let (ids, _) = handle.join().unwrap().unwrap();
    assert_eq!(ids.len(), 5);
}

/// An idle server shuts down at once.
#[test]
fn idle_server_stops_at_once() {
    let pair = start_pair();
    let (responses, _) = pair.run(tutorial_users()).unwrap();
    assert_eq!(as_json(&responses), spec_responses());
    let started = Instant::now();
    assert_eq!(
        pair.server.shutdown(Duration::from_secs(30)),
        Drain::Completed
    );
    // Nothing is running, so nothing is waited for (the bound leaves room for a slow machine).
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

/// The drain delay is kept in full when nothing can send a stop any more (the stop channel
/// closed): only a second stop ends it early.
#[test]
fn drain_delay_is_kept_when_the_stop_channel_closes() {
    let (stop, stopped) = std::sync::mpsc::channel::<()>();
    drop(stop);
    let config = users_server::ServerConfig {
        addr: "127.0.0.1:0".to_owned(),
        ..Default::default()
    };
    let drain = users_server::DrainConfig {
        // Far above what starting and stopping an idle server takes.
        delay: Duration::from_secs(2),
        grace: Duration::from_secs(5),
    };
    let started = Instant::now();
    assert_eq!(
        users_server::run(&config, drain, stopped).unwrap(),
        Drain::Completed
    );
    assert!(
        started.elapsed() >= drain.delay,
        "returned after {:?}",
        started.elapsed()
    );
}
