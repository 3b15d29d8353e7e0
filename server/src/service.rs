//! The `CreateUser` stream handler.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use futures::{future, ready, Sink, SinkExt, Stream};
use futures_timer::Delay;
use grpcio::{Error, RpcContext, RpcStatus, RpcStatusCode, WriteFlags};
use log::{debug, info, warn};
use users_grpc::rules::Broken;
use users_grpc::transport::status_code_name;
use users_grpc::{CreateUserRes, MessageTooLarge, UserRequests, UserResponses, Users};

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
    /// Answers handed over without the buffer hint: each one ends a socket write.
    flushes: u64,
    /// Times the first answer of a burst waited for the next request.
    waits: u64,
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
        ctx: &RpcContext<'_>,
        requests: UserRequests,
        sink: UserResponses,
    ) -> BoxFuture<'static, ()> {
        // The C core escapes IPv6 brackets in peer names (ipv6:%5B::1%5D:5000).
        let peer = ctx.peer().replace("%5B", "[").replace("%5D", "]");
        let deadline = ctx.deadline();
        // The guard lives inside the future: the stream counts as active until it is dropped,
        // whether it ends cleanly, fails or is cancelled.
        let guard = self.stats.stream_started();
        let stats = Arc::clone(&self.stats);
        Box::pin(async move {
            let started = Instant::now();
            let mut counts = StreamCounts::default();
            let mut end = serve_stream(requests, sink, &stats, &mut counts).await;
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
            debug!(
                "stream batching: peer={peer} flushes={} waits={}",
                counts.flushes, counts.waits
            );
            guard.finish(end.code);
            let status = status_code_name(end.code);
            let detail = end.detail.map(|d| format!(" ({d})")).unwrap_or_default();
            let (received, sent) = (counts.received, counts.sent);
            let line = format!(
                "stream finished: peer={peer} users={received} responses={sent} \
                 status={status}{detail} duration={duration:.3?}"
            );
            match end.code {
                // A stream that ends badly before its first user is what a client resetting
                // or abusing streams in a loop leaves behind: at debug, so that it cannot
                // flood the log (the metrics count it all the same).
                code if received == 0 && code != RpcStatusCode::OK => debug!("{line}"),
                RpcStatusCode::OK | RpcStatusCode::CANCELLED | RpcStatusCode::DEADLINE_EXCEEDED => {
                    info!("{line}")
                }
                _ => warn!("{line}"),
            }
        })
    }
}

/// At most this many answers wait for the socket before the server stops reading requests.
///
/// A client that sends without reading fills this queue and then its own flow-control window,
/// instead of the server's memory.
const MAX_QUEUED_RESPONSES: usize = 64;

/// How long the first answer of a burst may wait for the next request to show up.
///
/// Only an answer whose request arrived while the previous answer was still being written
/// (a pipelining client) can wait; a lone request is answered at once.
const BATCH_WAIT: Duration = Duration::from_micros(100);

/// The answers of one stream on their way to the client, batched into few socket writes.
///
/// The C core writes an answer at once unless it carries the buffer hint, which is only safe
/// when another answer follows it. The completion queue tells when one does: a read whose
/// request has already arrived completes the moment it starts. So the next read is always
/// started before the next write, every queued answer but the last goes out hinted, and when
/// a write completes while a read started before it is still pending, no request is waiting:
/// the last answer goes out unhinted and flushes the batch. The one guess is at the start of
/// a burst, when no write has started since the pending read did: an answer to a pipelining
/// client then waits up to [`BATCH_WAIT`] for the next request. Without that wait a client
/// that sends faster than the server answers gets one socket write per answer, because reads
/// and writes then complete in strict alternation.
struct Responder {
    requests: UserRequests,
    sink: UserResponses,
    queued: VecDeque<CreateUserRes>,
    /// The client half-closed, or sent a request that is too large or does not decode.
    client_done: bool,
    /// A request that is too large or does not decode: the call fails with it once the
    /// answers to the requests before it are out.
    bad_request: Option<Error>,
    /// A read is pending in the C core.
    reading: bool,
    /// A write is pending in the C core.
    writing: bool,
    /// When the pending read and the last write started, in the order of a per-stream count.
    read_started: u64,
    write_started: u64,
    ops_started: u64,
    /// The newest queued answer's request arrived while a write was pending.
    pipelined: bool,
    /// The only queued answer is waiting for the next request, until `batch_wait` fires.
    waiting: bool,
    batch_wait: Option<Delay>,
    /// The wait fired: the queued answer goes out.
    batch_wait_over: bool,
    counts: StreamCounts,
    stats: Arc<Stats>,
}

impl Responder {
    fn new(requests: UserRequests, sink: UserResponses, stats: Arc<Stats>) -> Self {
        Responder {
            requests,
            sink,
            queued: VecDeque::with_capacity(MAX_QUEUED_RESPONSES),
            client_done: false,
            bad_request: None,
            reading: false,
            writing: false,
            read_started: 0,
            write_started: 0,
            ops_started: 0,
            pipelined: false,
            waiting: false,
            batch_wait: None,
            batch_wait_over: false,
            counts: StreamCounts::default(),
            stats,
        }
    }

    /// Answers requests until the client has finished and every answer has been handed over.
    fn poll_answers(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        loop {
            // Read first: the next read must be pending before the next write starts.
            self.poll_requests(cx)?;
            // One write at a time per call. Readiness also reports a call the client has
            // already ended.
            ready!(Pin::new(&mut self.sink).poll_ready(cx))?;
            self.writing = false;
            if self.queued.is_empty() {
                return if self.client_done {
                    Poll::Ready(self.bad_request.take().map_or(Ok(()), Err))
                } else {
                    Poll::Pending
                };
            }
            // Once the client has finished, the call's status follows at once and flushes any
            // hinted answer.
            let more_follow = self.queued.len() > 1 || self.client_done;
            if !more_follow && self.should_wait(cx) {
                return Poll::Pending;
            }
            let res = self.queued.pop_front().expect("queue checked non-empty");
            Pin::new(&mut self.sink)
                .start_send((res, WriteFlags::default().buffer_hint(more_follow)))?;
            self.writing = true;
            self.write_started = self.ops_started;
            self.ops_started += 1;
            self.counts.sent += 1;
            self.stats.response_sent();
            if !more_follow {
                self.counts.flushes += 1;
            }
        }
    }

    /// Whether the only queued answer should wait for the next request instead of going out.
    fn should_wait(&mut self, cx: &mut Context<'_>) -> bool {
        if !self.reading || self.read_started < self.write_started {
            // A write that started after the pending read has completed first: no request
            // was waiting when the read started, so the batch ends here.
            return false;
        }
        if !self.pipelined || self.batch_wait_over {
            return false;
        }
        if !self.waiting {
            self.waiting = true;
            self.counts.waits += 1;
            match &mut self.batch_wait {
                Some(wait) => wait.reset(BATCH_WAIT),
                None => self.batch_wait = Some(Delay::new(BATCH_WAIT)),
            }
        }
        let wait = self.batch_wait.as_mut().expect("armed above");
        if Pin::new(wait).poll(cx).is_ready() {
            self.waiting = false;
            self.batch_wait_over = true;
            return false;
        }
        true
    }

    /// Queues the answers to every request that has arrived, and leaves a read pending.
    fn poll_requests(&mut self, cx: &mut Context<'_>) -> Result<(), Error> {
        while !self.client_done && self.queued.len() < MAX_QUEUED_RESPONSES {
            match Pin::new(&mut self.requests).poll_next(cx) {
                Poll::Ready(Some(Ok(user))) => {
                    self.reading = false;
                    self.pipelined = self.writing;
                    self.waiting = false;
                    self.batch_wait_over = false;
                    self.counts.received += 1;
                    debug!(
                        "request: id={:?} name={:?} last_name={:?} age={}",
                        user.id, user.name, user.last_name, user.age
                    );
                    let broken = Broken::of(&user);
                    self.stats.user_answered(broken);
                    let res = broken.answer(user.id);
                    self.queued.push_back(res);
                }
                Poll::Ready(Some(Err(e @ Error::Codec(_)))) => {
                    self.bad_request = Some(e);
                    self.client_done = true;
                }
                Poll::Ready(Some(Err(e))) => return Err(e),
                Poll::Ready(None) => self.client_done = true,
                Poll::Pending => {
                    if !self.reading {
                        self.reading = true;
                        self.read_started = self.ops_started;
                        self.ops_started += 1;
                    }
                    break;
                }
            }
        }
        Ok(())
    }
}

/// Answers each request in order until the client half-closes, then ends the call with OK.
async fn serve_stream(
    requests: UserRequests,
    sink: UserResponses,
    stats: &Arc<Stats>,
    counts: &mut StreamCounts,
) -> StreamEnd {
    let mut responder = Responder::new(requests, sink, Arc::clone(stats));
    let outcome = future::poll_fn(|cx| responder.poll_answers(cx)).await;
    *counts = std::mem::take(&mut responder.counts);
    let mut sink = responder.sink;
    match outcome {
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
    }
}
