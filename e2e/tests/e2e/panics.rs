//! Panic isolation: a handler that panics, before or while it serves, ends only its own call
//! with INTERNAL; the completion-queue thread lives on and serves the next calls.

use users_e2e as common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::user;
use futures::future::BoxFuture;
use futures::{SinkExt, TryStreamExt};
use grpcio::{RpcContext, RpcStatusCode, WriteFlags};
use users_client::{connect, tutorial_users, ClientError};
use users_grpc::guard::PANIC_MESSAGE;
use users_grpc::{UserRequests, UserResponses, Users};

/// Answers by the rules, except that it panics: before serving while `early` is above 0, and
/// while serving on a user named "boom".
#[derive(Clone, Default)]
struct Panicky {
    early: Arc<AtomicUsize>,
}

impl Users for Panicky {
    fn create_user(
        &mut self,
        _ctx: &RpcContext<'_>,
        mut requests: UserRequests,
        mut sink: UserResponses,
    ) -> BoxFuture<'static, ()> {
        if self
            .early
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
        {
            panic!("deliberate panic before serving");
        }
        Box::pin(async move {
            while let Ok(Some(user)) = requests.try_next().await {
                assert_ne!(user.name, "boom", "deliberate panic while serving");
                let res = users_grpc::rules::answer(user);
                if sink.send((res, WriteFlags::default())).await.is_err() {
                    return;
                }
            }
            let _ = sink.close().await;
        })
    }
}

/// Asserts the call ended with the guard's INTERNAL status.
fn assert_internal(result: Result<impl std::fmt::Debug, ClientError>) {
    match result {
        Err(ClientError::Status { code, message }) => {
            assert_eq!(code, RpcStatusCode::INTERNAL);
            assert_eq!(message, PANIC_MESSAGE);
        }
        other => panic!("expected INTERNAL, got {other:?}"),
    }
}

/// Panics before and during serving answer INTERNAL, again and again, on a server with one
/// completion-queue thread that serves normal calls between them.
#[test]
fn panics_answer_internal_and_the_thread_lives_on() {
    let panics_before = users_grpc::guard::panics();
    let service = Panicky::default();
    service.early.store(3, Ordering::SeqCst);
    let (_server, addr) = common::serve_service(service.clone(), 1);
    let client = connect(&addr);
    for _ in 0..3 {
        assert_internal(common::run(&client, &addr, tutorial_users()));
    }
    let (answers, _) = common::run(&client, &addr, tutorial_users()).unwrap();
    assert_eq!(answers.len(), 5);
    for round in 0..5 {
        // The answer to user 1 may or may not come before the status: the status decides.
        let users = vec![
            user("1", "Carl", "Smith", 30),
            user("2", "boom", "Smith", 30),
            user("3", "Dora", "Smith", 30),
        ];
        assert_internal(common::run(&client, &addr, users));
        let (answers, _) = common::run(&client, &addr, tutorial_users()).unwrap();
        assert_eq!(answers.len(), 5, "round {round}");
    }
    // Every panic was counted (no other test makes a handler panic).
    assert_eq!(users_grpc::guard::panics() - panics_before, 8);
}
