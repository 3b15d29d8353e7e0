//! The health service: SERVING while up, NOT_SERVING to checkers and watchers once a drain
//! starts, and health watches that do not hold the drain up.

use users_e2e as common;

use std::time::{Duration, Instant};

use futures::TryStreamExt;
use grpcio::{CallOption, ChannelBuilder, EnvBuilder, RpcStatusCode};
use users_grpc::health::{HealthClient, ServingStatus};
use users_server::Drain;

fn health_client(addr: &str) -> HealthClient {
    let env = std::sync::Arc::new(EnvBuilder::new().cq_count(1).build());
    HealthClient::new(ChannelBuilder::new(env).connect(addr))
}

fn opt() -> CallOption {
    CallOption::default().timeout(Duration::from_secs(30))
}

fn check(client: &HealthClient, service: &str) -> grpcio::Result<ServingStatus> {
    let reply = futures::executor::block_on(client.check_async(service, opt())?)?;
    Ok(reply.status.enum_value_or_default())
}

/// The whole server and users.Users are SERVING; an unknown service is NOT_FOUND.
#[test]
fn check_reports_serving() {
    let pair = common::start_pair();
    let client = health_client(&pair.addr);
    assert_eq!(check(&client, "").unwrap(), ServingStatus::SERVING);
    assert_eq!(
        check(&client, "users.Users").unwrap(),
        ServingStatus::SERVING
    );
    match check(&client, "users.Nope") {
        Err(grpcio::Error::RpcFailure(status)) => {
            assert_eq!(status.code(), RpcStatusCode::NOT_FOUND);
            assert!(status.message().contains("users.Nope"), "{status:?}");
        }
        other => panic!("expected NOT_FOUND, got {other:?}"),
    }
}

/// A service name longer than any service has is refused, not echoed back or watched.
#[test]
fn overlong_names_are_refused() {
    let pair = common::start_pair();
    let client = health_client(&pair.addr);
    let long = "x".repeat(100_000);
    match check(&client, &long) {
        Err(grpcio::Error::RpcFailure(status)) => {
            assert_eq!(status.code(), RpcStatusCode::INVALID_ARGUMENT);
            assert!(status.message().len() < 100, "{status:?}");
        }
        other => panic!("expected INVALID_ARGUMENT, got {other:?}"),
    }
    let mut watch = client.watch(&long, opt()).unwrap();
    match futures::executor::block_on(watch.try_next()) {
        Err(grpcio::Error::RpcFailure(status)) => {
            assert_eq!(status.code(), RpcStatusCode::INVALID_ARGUMENT)
        }
        other => panic!("expected INVALID_ARGUMENT, got {other:?}"),
    }
}

/// A watch of an unknown service reports SERVICE_UNKNOWN and stays open, as for a service
/// that may be registered later: it ends only with its deadline.
#[test]
fn watch_of_unknown_service_says_so() {
    let pair = common::start_pair();
    let client = health_client(&pair.addr);
    let deadline = CallOption::default().timeout(Duration::from_millis(500));
    let mut watch = client.watch("users.Nope", deadline).unwrap();
    let first = futures::executor::block_on(watch.try_next())
        .unwrap()
        .unwrap();
    assert_eq!(
        first.status.enum_value_or_default(),
        ServingStatus::SERVICE_UNKNOWN
    );
    match futures::executor::block_on(watch.try_next()) {
        Err(grpcio::Error::RpcFailure(status)) => {
            assert_eq!(
                status.code(),
                RpcStatusCode::DEADLINE_EXCEEDED,
                "{status:?}"
            )
        }
        other => panic!("the watch ended before its deadline: {other:?}"),
    }
}

/// When a drain starts, watchers hear NOT_SERVING while a running stream still finishes, and
/// the open watch does not keep the server from stopping once that stream is done.
#[test]
fn drain_turns_health_to_not_serving() {
    let pair = common::start_pair();
    let client = health_client(&pair.addr);
    let mut watch = client.watch("", opt()).unwrap();
    let mut users_watch = client.watch("users.Users", opt()).unwrap();
    let next = |w: &mut grpcio::ClientSStreamReceiver<_>| {
        futures::executor::block_on(w.try_next())
            .unwrap()
            .map(|r: users_grpc::health::HealthCheckResponse| r.status.enum_value_or_default())
    };
    assert_eq!(next(&mut watch), Some(ServingStatus::SERVING));
    assert_eq!(next(&mut users_watch), Some(ServingStatus::SERVING));

    let (first, stream) = common::paced_stream(&pair.addr, Duration::from_millis(100));
    first.recv_timeout(Duration::from_secs(30)).unwrap();
    let draining = pair.server.begin_shutdown();
    assert_eq!(next(&mut watch), Some(ServingStatus::NOT_SERVING));
    assert_eq!(next(&mut users_watch), Some(ServingStatus::NOT_SERVING));

    let started = Instant::now();
    assert_eq!(draining.finish(Duration::from_secs(30)), Drain::Completed);
    // The watches were still open: the drain ended with the users stream, not the grace.
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let (ids, _) = stream.join().unwrap().unwrap();
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);
    // Each watch ended cleanly after its NOT_SERVING.
    assert_eq!(next(&mut watch), None);
    assert_eq!(next(&mut users_watch), None);
}

/// An idle server's drain still tells its watchers: NOT_SERVING arrives, then the watch ends
/// with OK, before the server stops.
#[test]
fn idle_drain_tells_watchers() {
    let pair = common::start_pair();
    let client = health_client(&pair.addr);
    let mut watch = client.watch("users.Users", opt()).unwrap();
    let mut next = || {
        futures::executor::block_on(watch.try_next())
            .unwrap()
            .map(|r| r.status.enum_value_or_default())
    };
    assert_eq!(next(), Some(ServingStatus::SERVING));
    assert_eq!(
        pair.server.shutdown(Duration::from_secs(30)),
        Drain::Completed
    );
    assert_eq!(next(), Some(ServingStatus::NOT_SERVING));
    assert_eq!(next(), None);
}
