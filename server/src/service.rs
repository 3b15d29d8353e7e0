//! The `CreateUser` stream handler.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use futures_timer::Delay;
use grpcio::{DuplexSink, Error, RequestStream, RpcContext, RpcStatus, RpcStatusCode, WriteFlags};
use log::{debug, info, warn};
use users_grpc::{status_code_name, CreateUserRes, User, Users};

use crate::rules::create_user_res;
use crate::stats::Stats;

/// How long after a hang-up a passed deadline still counts as the reason for it.
const DEADLINE_SLACK: Duration = Duration::from_millis(50);

/// The `users.Users` service: answers every user on a stream, in order.
#[derive(Clone, Default)]
pub struct UsersService {
    stats: Arc<Stats>,
}

impl UsersService {
    /// Creates the service, recording its activity in `stats`.
    pub fn new(stats: Arc<Stats>) -> Self {
        UsersService { stats }
    }
}

/// What one stream saw, for its log line.
#[derive(Default)]
struct StreamCounts {
    received: u64,
    sent: u64,
}

/// How a stream ended: the status the client sees, and a note when it was not a clean end.
struct StreamEnd {
    code: RpcStatusCode,
    detail: Option<String>,
}

impl StreamEnd {
    fn ok() -> Self {
        StreamEnd {
            code: RpcStatusCode::OK,
            detail: None,
        }
    }

    /// Maps a grpcio error on the request stream or the sink to the status the call ended with.
    fn from_error(err: Error) -> Self {
        match err {
            // The peer cancelled, hung up or its deadline passed: the C core already ended the
            // call; this is a normal way for a stream to stop, not a server error.
            Error::RemoteStopped => StreamEnd {
                code: RpcStatusCode::CANCELLED,
                detail: Some("client went away".to_owned()),
            },
            Error::RpcFinished(Some(status)) => StreamEnd {
                code: status.code(),
                detail: Some(status.message().to_owned()).filter(|m| !m.is_empty()),
            },
            Error::RpcFinished(None) => StreamEnd {
                code: RpcStatusCode::CANCELLED,
                detail: Some("call finished early".to_owned()),
            },
            other => StreamEnd {
                code: RpcStatusCode::UNKNOWN,
                detail: Some(other.to_string()),
            },
        }
    }
}

impl Users for UsersService {
    fn create_user(
        &mut self,
        ctx: RpcContext<'_>,
        requests: RequestStream<User>,
        sink: DuplexSink<CreateUserRes>,
    ) {
        // The C core escapes IPv6 brackets in peer names (ipv6:%5B::1%5D:5000).
        let peer = ctx.peer().replace("%5B", "[").replace("%5D", "]");
        let deadline = ctx.deadline();
        // The guard lives inside the future: the stream counts as active until it is dropped,
        // whether it ends cleanly, fails or is cancelled.
        let guard = self.stats.stream_started();
        ctx.spawn(async move {
            let started = Instant::now();
            let mut counts = StreamCounts::default();
            let mut end = serve_stream(requests, sink, &mut counts).await;
            let duration = started.elapsed();
            if end.code == RpcStatusCode::CANCELLED {
                // A client cancels its call when its deadline passes, a moment before the
                // server's own timer fires (the server counts from when the headers arrived),
                // so the call shows up as a hang-up: look at the deadline again shortly after.
                if !deadline.exceeded() {
                    Delay::new(DEADLINE_SLACK).await;
                }
                if deadline.exceeded() {
                    end = StreamEnd {
                        code: RpcStatusCode::DEADLINE_EXCEEDED,
                        detail: None,
                    };
                }
            }
            guard.finish(counts.received, counts.sent, end.code);
            let status = status_code_name(end.code);
            let detail = end.detail.map(|d| format!(" ({d})")).unwrap_or_default();
            let (received, sent) = (counts.received, counts.sent);
            let line = format!(
                "stream finished: peer={peer} users={received} responses={sent} \
                 status={status}{detail} duration={duration:.3?}"
            );
            match end.code {
                RpcStatusCode::OK | RpcStatusCode::CANCELLED | RpcStatusCode::DEADLINE_EXCEEDED => {
                    info!("{line}")
                }
                _ => warn!("{line}"),
            }
        });
    }
}

/// Answers each request in order until the client half-closes, then ends the call with OK.
async fn serve_stream(
    mut requests: RequestStream<User>,
    mut sink: DuplexSink<CreateUserRes>,
    counts: &mut StreamCounts,
) -> StreamEnd {
    loop {
        match requests.next().await {
            Some(Ok(user)) => {
                counts.received += 1;
                debug!(
                    "request: id={:?} name={:?} last_name={:?} age={}",
                    user.id, user.name, user.last_name, user.age
                );
                let res = create_user_res(user);
                if let Err(e) = sink.send((res, WriteFlags::default())).await {
                    return StreamEnd::from_error(e);
                }
                counts.sent += 1;
            }
            None => {
                return match sink.close().await {
                    Ok(()) => StreamEnd::ok(),
                    Err(e) => StreamEnd::from_error(e),
                };
            }
            Some(Err(Error::Codec(e))) => {
                // grpc-go answers an undecodable request with INTERNAL; grpcio would cancel.
                let message = format!("grpc: failed to unmarshal the received message: {e}");
                let status = RpcStatus::with_message(RpcStatusCode::INTERNAL, message.clone());
                if let Err(e) = sink.fail(status).await {
                    debug!("could not send INTERNAL status: {e}");
                }
                return StreamEnd {
                    code: RpcStatusCode::INTERNAL,
                    detail: Some(message),
                };
            }
            Some(Err(e)) => return StreamEnd::from_error(e),
        }
    }
}
