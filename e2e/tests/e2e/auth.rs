//! Bearer-token authentication: calls without an accepted token are refused UNAUTHENTICATED
//! before any handler runs; health checks need no token.

use users_e2e as common;

use std::time::Duration;

use grpcio::RpcStatusCode;
use users_client::{send_users, tutorial_users, ClientError, StreamOptions};
use users_server::{ServerConfig, Tokens};

fn with_tokens() -> common::Pair {
    common::start_pair_with(ServerConfig {
        tokens: Some(Tokens::parse("first-token\nsecond-token\n").unwrap()),
        ..Default::default()
    })
}

/// Streams the tutorial users presenting `token`.
fn stream(pair: &common::Pair, token: Option<&str>) -> Result<usize, ClientError> {
    let options = StreamOptions {
        delay: Duration::ZERO,
        call: users_client::CallOptions {
            timeout: Some(Duration::from_secs(30)),
            token: token.map(Into::into),
        },
    };
    let summary = futures::executor::block_on(send_users(
        &pair.client,
        &pair.addr,
        tutorial_users(),
        &options,
        |_| {},
    ))?;
    Ok(summary.received)
}

/// Any accepted token gets in; a missing, wrong, truncated or differently cased one does not,
/// and the refused calls never reach the handler.
#[test]
fn only_accepted_tokens_get_in() {
    let pair = with_tokens();
    assert_eq!(stream(&pair, Some("first-token")).unwrap(), 5);
    assert_eq!(stream(&pair, Some("second-token")).unwrap(), 5);
    for token in [
        None,
        Some("wrong"),
        Some("first-toke"),
        Some("First-token"),
        Some(""),
    ] {
        match stream(&pair, token) {
            Err(ClientError::Status { code, message }) => {
                assert_eq!(code, RpcStatusCode::UNAUTHENTICATED, "{token:?}");
                assert_eq!(message, "missing or invalid bearer token", "{token:?}");
            }
            other => panic!("{token:?}: expected UNAUTHENTICATED, got {other:?}"),
        }
    }
    assert_eq!(pair.server.stats().snapshot().total_streams, 2);
}

/// Health checks need no token; health watches and reflection do.
#[test]
fn health_is_open_reflection_is_not() {
    let pair = with_tokens();
    let env = std::sync::Arc::new(grpcio::EnvBuilder::new().cq_count(1).build());
    let health =
        users_grpc::health::HealthClient::new(grpcio::ChannelBuilder::new(env).connect(&pair.addr));
    let opt = grpcio::CallOption::default().timeout(Duration::from_secs(30));
    let reply = futures::executor::block_on(health.check_async("", opt).unwrap()).unwrap();
    assert_eq!(
        reply.status.enum_value_or_default(),
        users_grpc::health::ServingStatus::SERVING
    );
    // Watch holds a stream open: it needs a token like every other call.
    let opt = grpcio::CallOption::default().timeout(Duration::from_secs(30));
    let mut watch = health.watch("", opt).unwrap();
    match futures::executor::block_on(futures::TryStreamExt::try_next(&mut watch)) {
        Err(grpcio::Error::RpcFailure(status)) => {
            assert_eq!(status.code(), RpcStatusCode::UNAUTHENTICATED)
        }
        other => panic!("expected UNAUTHENTICATED, got {other:?}"),
    }
    let channel = users_client::channel(&pair.addr, &Default::default());
    let mut asking = users_client::CallOptions {
        timeout: Some(Duration::from_secs(30)),
        token: None,
    };
    let refused = users_client::reflect::list_services(&channel, &pair.addr, &asking);
    assert!(
        matches!(&refused, Err(ClientError::Status { code, .. }) if *code == RpcStatusCode::UNAUTHENTICATED),
        "{refused:?}"
    );
    asking.token = Some("second-token".into());
    let services = users_client::reflect::list_services(&channel, &pair.addr, &asking).unwrap();
    assert_eq!(services.len(), 4);
}

/// A server without tokens lets every call in, token or not.
#[test]
fn no_tokens_no_check() {
    let pair = common::start_pair();
    assert_eq!(stream(&pair, None).unwrap(), 5);
    assert_eq!(stream(&pair, Some("anything")).unwrap(), 5);
}
