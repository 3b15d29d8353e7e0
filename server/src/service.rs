//! The `CreateUser` stream handler: like grpc-rs's `route_chat`, a loop that answers each
//! user in order ([`answer_each_user`]); how the answers reach the socket is `batching`'s
//! concern. Around the loop: the stream's status, its log line and its counters.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use futures::SinkExt;
use grpcio::{Error, RpcContext, RpcStatus, RpcStatusCode};
use log::{debug, log, log_enabled, Level};
use opentelemetry::trace::TraceId;
use opentelemetry::KeyValue;
use users_grpc::rules::Broken;
use users_grpc::{MessageTooLarge, UserRequests, UserResponses, Users};
use users_transport::{status_code_name, time_left};

use crate::batching::{Answers, BatchCounts};
use crate::calls::{code_of, CallRecord};
use crate::stats::Stats;

/// How close to its deadline a hang-up counts as the deadline passing.
const DEADLINE_SLACK: Duration = Duration::from_millis(50);

/// Whether a call cancelled with `left` of its deadline to go ended because of it.
///
/// A client cancels its call when its deadline passes, a moment before the server's own timer
/// fires (the server counts from when the headers arrived), so the call shows up as a hang-up.
fn ended_by_deadline(left: Option<Duration>) -> bool {
    left.is_some_and(|left| left <= DEADLINE_SLACK)
}

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

/// What one stream saw, for its log line and its span.
#[derive(Default)]
struct StreamCounts {
    received: u64,
    /// Users answered with errors (a rule broken).
    refused: u64,
    batching: BatchCounts,
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
        let detail = match &err {
            // The peer cancelled, hung up or its deadline passed: a normal way for a stream to
            // stop, not a server error.
            Error::RemoteStopped => "client went away".to_owned(),
            Error::RpcFinished(Some(status)) => status.message().to_owned(),
            Error::RpcFinished(None) => "call finished early".to_owned(),
            other => other.to_string(),
        };
        StreamEnd {
            code: code_of(&err),
            detail: Some(detail).filter(|d| !d.is_empty()),
        }
    }
}

impl Users for UsersService {
    fn create_user(
        &mut self,
        ctx: &RpcContext<'_>,
        requests: UserRequests,
        sink: UserResponses,
    ) -> BoxFuture<'static, ()> {
        let peer = unescape_peer(ctx.peer());
        let deadline = ctx.deadline();
        // The guard lives inside the future: the stream counts as active until it is dropped,
        // whether it ends cleanly, fails or is cancelled.
        let guard = self.stats.stream_started();
        let call = self.stats.call_started(ctx);
        // Every log line of a traced call names its trace.
        let trace = TraceSuffix(call.trace_id());
        let stats = Arc::clone(&self.stats);
        Box::pin(async move {
            let mut counts = StreamCounts::default();
            let (mut end, mut call) =
                serve_stream(requests, sink, &stats, call, &mut counts, trace).await;
            let duration = call.elapsed();
            if end.code == RpcStatusCode::CANCELLED && ended_by_deadline(time_left(deadline)) {
                end = StreamEnd {
                    code: RpcStatusCode::DEADLINE_EXCEEDED,
                    detail: None,
                };
            }
            debug!(
                "stream batching: peer={peer} flushes={} waits={}{trace}",
                counts.batching.flushes, counts.batching.waits
            );
            let (received, sent) = (counts.received, counts.batching.sent);
            call.describe(|| KeyValue::new("users.received", saturating_i64(received)));
            call.describe(|| KeyValue::new("users.refused", saturating_i64(counts.refused)));
            call.end(end.code);
            guard.finish(end.code);
            let level = finish_level(end.code, received);
            // Formatted only when logged: a burst of short streams ends thousands a second.
            if log_enabled!(level) {
                let status = status_code_name(end.code);
                let detail = end.detail.map(|d| format!(" ({d})")).unwrap_or_default();
                log!(
                    level,
                    "stream finished: peer={peer} users={received} responses={sent} \
                     status={status}{detail} duration={duration:.3?}{trace}"
                );
            }
        })
    }
}

/// ` trace_id=...` at the end of a traced call's log lines, written only when a line is.
#[derive(Clone, Copy)]
struct TraceSuffix(Option<TraceId>);

impl fmt::Display for TraceSuffix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(id) => write!(f, " trace_id={id}"),
            None => Ok(()),
        }
    }
}

/// A count as a span attribute's integer.
fn saturating_i64(count: u64) -> i64 {
    i64::try_from(count).unwrap_or(i64::MAX)
}

/// The level of a stream's "stream finished" line.
fn finish_level(code: RpcStatusCode, received: u64) -> Level {
    match code {
        // A stream that ends badly before its first user is what a client resetting or
        // abusing streams in a loop leaves behind: at debug, so that it cannot flood the log
        // (the metrics count it all the same).
        code if received == 0 && code != RpcStatusCode::OK => Level::Debug,
        RpcStatusCode::OK | RpcStatusCode::CANCELLED | RpcStatusCode::DEADLINE_EXCEEDED => {
            Level::Info
        }
        _ => Level::Warn,
    }
}

/// A peer name as the C core gives it, with its escaped IPv6 brackets restored
/// (`ipv6:%5B::1%5D:5000` becomes `ipv6:[::1]:5000`).
fn unescape_peer(peer: String) -> String {
    if peer.contains('%') {
        peer.replace("%5B", "[").replace("%5D", "]")
    } else {
        peer
    }
}

/// Answers each user in order until the client half-closes, then ends the call with OK; gives
/// back the call's record, to be ended with the status.
async fn serve_stream(
    requests: UserRequests,
    sink: UserResponses,
    stats: &Arc<Stats>,
    call: CallRecord,
    counts: &mut StreamCounts,
    trace: TraceSuffix,
) -> (StreamEnd, CallRecord) {
    let mut answers = Answers::new(requests, sink, Arc::clone(stats), call);
    let outcome = answer_each_user(&mut answers, stats, counts, trace).await;
    counts.batching = answers.counts();
    let (mut sink, call) = answers.into_parts();
    let end = match outcome {
        Ok(()) => match sink.close().await {
            Ok(()) => StreamEnd::ok(),
            Err(e) => StreamEnd::from_error(e),
        },
        Err(Error::Codec(e)) => {
            // As grpc-go: an oversized request is RESOURCE_EXHAUSTED, an undecodable one
            // INTERNAL (grpcio alone would cancel the call).
            let (code, message) = match e.downcast_ref::<MessageTooLarge>() {
                Some(too_large) => (RpcStatusCode::RESOURCE_EXHAUSTED, too_large.to_string()),
                None => (
                    RpcStatusCode::INTERNAL,
                    format!("grpc: failed to unmarshal the received message: {e}"),
                ),
            };
            let status = RpcStatus::with_message(code, message.clone());
            if let Err(e) = sink.fail(status).await {
                debug!("could not send the error status: {e}");
            }
            StreamEnd {
                code,
                detail: Some(message),
            }
        }
        Err(e) => StreamEnd::from_error(e),
    };
    (end, call)
}

/// The loop of the stream: each user in, its answer out, in order.
async fn answer_each_user(
    answers: &mut Answers,
    stats: &Stats,
    counts: &mut StreamCounts,
    trace: TraceSuffix,
) -> Result<(), Error> {
    while let Some(user) = answers.next_user().await? {
        counts.received += 1;
        debug!(
            "request: id={:?} name={:?} last_name={:?} age={}{trace}",
            user.id, user.name, user.last_name, user.age
        );
        let broken = Broken::of(&user);
        counts.refused += u64::from(!broken.is_empty());
        stats.user_answered(broken);
        answers.push(broken.answer(user.id));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hang-up counts as the deadline only near it: not without one, not long before it.
    #[test]
    fn hang_up_near_the_deadline_is_the_deadline() {
        assert!(!ended_by_deadline(None));
        assert!(!ended_by_deadline(Some(Duration::from_secs(10))));
        assert!(ended_by_deadline(Some(DEADLINE_SLACK)));
        assert!(ended_by_deadline(Some(Duration::ZERO)));
    }

    /// Clean and client-side ends at info, failures at warn, and a stream that fails before
    /// its first user (a resetting or abusive client) at debug.
    #[test]
    fn stream_ends_are_logged_at_their_level() {
        assert_eq!(finish_level(RpcStatusCode::OK, 0), Level::Info);
        assert_eq!(finish_level(RpcStatusCode::OK, 3), Level::Info);
        assert_eq!(finish_level(RpcStatusCode::CANCELLED, 1), Level::Info);
        assert_eq!(
            finish_level(RpcStatusCode::DEADLINE_EXCEEDED, 1),
            Level::Info
        );
        assert_eq!(
            finish_level(RpcStatusCode::INVALID_ARGUMENT, 1),
            Level::Warn
        );
        assert_eq!(finish_level(RpcStatusCode::CANCELLED, 0), Level::Debug);
        assert_eq!(
            finish_level(RpcStatusCode::RESOURCE_EXHAUSTED, 0),
            Level::Debug
        );
    }

    /// IPv6 peers read with their brackets; other peers are kept as they are.
    #[test]
    fn peers_are_unescaped() {
        assert_eq!(
            unescape_peer("ipv6:%5B::1%5D:5000".to_owned()),
            "ipv6:[::1]:5000"
        );
        assert_eq!(
            unescape_peer("ipv4:127.0.0.1:5000".to_owned()),
            "ipv4:127.0.0.1:5000"
        );
    }
}
