//! The client against servers that break the contract: it must notice and say so.

use users_e2e as common;

use std::time::Duration;

use futures::future::BoxFuture;
use futures::{SinkExt, TryStreamExt};
use grpcio::{RpcContext, RpcStatus, RpcStatusCode, Server, WriteFlags};
use users_client::{connect, send_users, tutorial_users, ClientError, StreamOptions};
use users_grpc::{CreateUserRes, User, UserRequests, UserResponses, Users};

/// What the fake server does wrong.
#[derive(Clone, Copy)]
enum Fault {
    /// Answers all users but the last.
    SkipLast,
    /// Answers the first two users in swapped order.
    SwapFirstTwo,
    /// Answers every user, then once more.
    ExtraResponse,
    /// Ends the stream with INVALID_ARGUMENT after the first answer.
    FailAfterFirst,
}

#[derive(Clone)]
struct FaultyUsers(Fault);

impl Users for FaultyUsers {
    fn create_user(
        &mut self,
        _ctx: &RpcContext<'_>,
        requests: UserRequests,
        mut sink: UserResponses,
    ) -> BoxFuture<'static, ()> {
        let fault = self.0;
        Box::pin(async move {
            let users: Vec<User> = requests.try_collect().await.unwrap_or_default();
            let mut answers: Vec<CreateUserRes> = users
                .iter()
                .map(|u| CreateUserRes {
                    user_id: u.id.clone(),
                    success: true,
                    ..Default::default()
                })
                .collect();
            match fault {
                Fault::SkipLast => {
                    answers.pop();
                }
                Fault::SwapFirstTwo => answers.swap(0, 1),
                Fault::ExtraResponse => answers.push(answers[0].clone()),
                Fault::FailAfterFirst => answers.truncate(1),
            }
            for answer in answers {
                if sink.send((answer, WriteFlags::default())).await.is_err() {
                    return;
                }
            }
            let _ = match fault {
                Fault::FailAfterFirst => {
                    let status = RpcStatus::with_message(
                        RpcStatusCode::INVALID_ARGUMENT,
                        "no more users today".to_owned(),
                    );
                    sink.fail(status).await
                }
                _ => sink.close().await,
            };
        })
    }
}

/// Starts a faulty server on a free loopback port.
fn faulty_server(fault: Fault) -> (Server, String) {
    common::serve_service(FaultyUsers(fault), 1)
}

fn run_against(fault: Fault) -> ClientError {
    let (_server, addr) = faulty_server(fault);
    let options = StreamOptions {
        delay: Duration::ZERO,
        call: users_client::CallOptions {
            timeout: Some(Duration::from_secs(30)),
            ..Default::default()
        },
    };
    futures::executor::block_on(send_users(
        &connect(&addr),
        &addr,
        tutorial_users(),
        &options,
        |_| {},
    ))
    .expect_err("the client accepts a broken answer")
}

/// A user left unanswered fails the run even though the stream ended OK.
#[test]
fn missing_response_is_an_error() {
    let err = run_against(Fault::SkipLast);
    assert!(
        matches!(
            err,
            ClientError::MissingResponses {
                sent: 5,
                received: 4
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "server ended the stream after answering 4 of 5 users"
    );
}

/// Answers out of order are caught at the first misplaced one.
#[test]
fn out_of_order_response_is_an_error() {
    let err = run_against(Fault::SwapFirstTwo);
    assert_eq!(
        err.to_string(),
        "response #1 is for user id \"2\", expected \"1\""
    );
}

/// An answer beyond the last user is caught.
#[test]
fn extra_response_is_an_error() {
    let err = run_against(Fault::ExtraResponse);
    assert_eq!(
        err.to_string(),
        "server sent a response for user id \"1\" after answering all 5 users"
    );
}

/// An error status is reported with its code name and message.
#[test]
fn error_status_is_reported() {
    let err = run_against(Fault::FailAfterFirst);
    assert_eq!(
        err.to_string(),
        "stream failed with status INVALID_ARGUMENT: no more users today"
    );
}
