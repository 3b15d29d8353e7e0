//! One `CreateUser` stream: users go out as they may (paced, or as fast as flow control
//! allows) while the answers are read, and each answer must be for the user sent at its
//! position.

use std::time::Duration;

use futures::future::{self, Either};
use futures::{stream, SinkExt, TryStreamExt};
use futures_timer::Delay;
use grpcio::WriteFlags;
use opentelemetry::context::FutureExt as _;
use users_grpc::{CreateUserRes, User, UsersClient};

use crate::{classify, CallOptions, ClientError};

/// The pause after each send unless told otherwise, as the Go tutorial client.
pub const DEFAULT_DELAY: Duration = Duration::from_secs(1);

/// How to pace and bound one stream.
#[derive(Clone, Debug)]
pub struct StreamOptions {
    /// Pause after each send.
    pub delay: Duration,
    /// The call's deadline and token.
    pub call: CallOptions,
}

impl Default for StreamOptions {
    fn default() -> Self {
        StreamOptions {
            delay: DEFAULT_DELAY,
            call: CallOptions::default(),
        }
    }
}

/// What a finished stream did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Users sent.
    pub sent: usize,
    /// Responses received.
    pub received: usize,
}

/// Streams `users` on one `CreateUser` call and hands each response to `on_response`.
///
/// Sending and receiving run concurrently; the sender half-closes after the last user.
/// Succeeds when the stream ends OK with one response per user, in order.
pub async fn send_users<F>(
    client: &UsersClient,
    addr: &str,
    users: Vec<User>,
    options: &StreamOptions,
    mut on_response: F,
) -> Result<Summary, ClientError>
where
    F: FnMut(&CreateUserRes),
{
    let call_error = |e| classify(e, addr, options.call.timeout);
    let (mut sender, mut receiver) = client
        .create_user_opt(options.call.call_option())
        .map_err(call_error)?;

    let expected_ids: Vec<String> = users.iter().map(|u| u.id.clone()).collect();
    let delay = options.delay;
    let send = async move {
        if delay.is_zero() {
            // Unpaced: let the C core coalesce queued users into fewer socket writes (every
            // write but the last carries the buffer hint) instead of a round trip per user.
            sender.enhance_batch(true);
            let mut queued =
                stream::iter(users.into_iter().map(|u| Ok((u, WriteFlags::default()))));
            sender.send_all(&mut queued).await?;
        } else {
            for user in users {
                sender.send((user, WriteFlags::default())).await?;
                // As the tutorial client: a pause after each send, the last one included.
                Delay::new(delay).await;
            }
        }
        sender.close().await
    };
    let receive = async {
        let mut received = 0;
        loop {
            let res = match receiver.try_next().await {
                Ok(Some(res)) => res,
                Ok(None) => break,
                // Once the server has answered, UNAVAILABLE means the connection was lost,
                // not that the server could not be reached.
                Err(e) => {
                    return Err(match call_error(e) {
                        ClientError::Unavailable { addr, message } if received > 0 => {
                            ClientError::ConnectionLost {
                                addr,
                                message,
                                received,
                            }
                        }
                        other => other,
                    })
                }
            };
            match expected_ids.get(received) {
                Some(id) if *id == res.user_id => {}
                Some(id) => {
                    return Err(ClientError::OutOfOrder {
                        position: received,
                        expected: id.clone(),
                        got: res.user_id,
                    })
                }
                None => {
                    return Err(ClientError::ExtraResponse {
                        sent: expected_ids.len(),
                        user_id: res.user_id,
                    })
                }
            }
            on_response(&res);
            received += 1;
        }
        Ok(received)
    };

    futures::pin_mut!(send, receive);
    // The receiver ends with the call's status, which is what the stream's outcome is. A
    // sender error adds nothing: it either comes with a failed status, or (when the call
    // finished while the half-close was in flight) after a stream that ended OK.
    let received = match future::select(send, receive).await {
        Either::Left((sent, receive)) => {
            if let Err(e) = sent {
                log::debug!("sender stopped: {e}");
            }
            receive.await?
        }
        Either::Right((received, _send)) => received?,
    };
    if received != expected_ids.len() {
        return Err(ClientError::MissingResponses {
            sent: expected_ids.len(),
            received,
        });
    }
    Ok(Summary {
        sent: expected_ids.len(),
        received,
    })
}

/// Runs [`send_users`] to completion on the client's completion-queue thread.
///
/// Polling the stream on the thread that completes its gRPC operations saves a hand-off
/// between threads per message; the caller only waits for the outcome.
pub fn run_stream<F>(
    client: &UsersClient,
    addr: &str,
    users: Vec<User>,
    options: &StreamOptions,
    on_response: F,
) -> Result<Summary, ClientError>
where
    F: FnMut(&CreateUserRes) + Send + 'static,
{
    let (done_tx, done_rx) = futures::channel::oneshot::channel();
    let (stream_client, addr_owned, options) = (client.clone(), addr.to_owned(), options.clone());
    // The stream runs on the channel's completion-queue thread: the caller's trace context
    // goes with it, so that the call carries it.
    client.inner().spawn(
        async move {
            let outcome =
                send_users(&stream_client, &addr_owned, users, &options, on_response).await;
            let _ = done_tx.send(outcome);
        }
        .with_current_context(),
    );
    futures::executor::block_on(done_rx)
        .unwrap_or_else(|_| Err(ClientError::Unfinished("the stream was dropped unfinished")))
}
