//! The answers of one stream on their way to the client, batched into few socket writes.
//!
//! The C core writes an answer at once unless it carries the buffer hint, which is only safe
//! when another answer follows it. The completion queue tells when one does: a read whose
//! request has already arrived completes the moment it starts. So the next read is always
//! started before the next write, every queued answer but the last goes out hinted, and when
//! a write completes while a read started before it is still pending, no request is waiting:
//! the last answer goes out unhinted and flushes the batch. The one guess is at the start of
//! a burst, when no write has started since the pending read did: an answer to a pipelining
//! client then waits up to [`BATCH_WAIT`] for the next request. Without that wait a client
//! that sends faster than the server answers gets one socket write per answer, because reads
//! and writes then complete in strict alternation.
//!
//! The handler sees none of this: it asks [`Answers::next_user`] for the next user and gives
//! its answer to [`Answers::push`]; writes go on while it waits for the next user.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use futures::{future, ready, Sink, Stream};
use futures_timer::Delay;
use grpcio::{Error, WriteFlags};
use users_grpc::{CreateUserRes, User, UserRequests, UserResponses};

use crate::stats::Stats;

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

/// What the batching did on one stream, for its log line.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct BatchCounts {
    /// Answers handed to the transport.
    pub(crate) sent: u64,
    /// Answers handed over without the buffer hint: each one ends a socket write.
    pub(crate) flushes: u64,
    /// Times the first answer of a burst waited for the next request.
    pub(crate) waits: u64,
}

/// One stream's requests and the answers queued for it.
pub(crate) struct Answers {
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
    counts: BatchCounts,
    stats: Arc<Stats>,
}

impl Answers {
    /// Takes over a stream's requests and sink; `stats` counts the answers sent.
    pub(crate) fn new(requests: UserRequests, sink: UserResponses, stats: Arc<Stats>) -> Self {
        Answers {
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
            counts: BatchCounts::default(),
            stats,
        }
    }

    /// The next user to answer; `None` once the client has finished and every answer has
    /// been handed over. A request that is too large or does not decode is returned as the
    /// error once the answers before it are out.
    pub(crate) async fn next_user(&mut self) -> Result<Option<User>, Error> {
        future::poll_fn(|cx| self.poll_next_user(cx)).await
    }

    /// Queues the answer to the user last returned by [`Answers::next_user`].
    pub(crate) fn push(&mut self, answer: CreateUserRes) {
        self.queued.push_back(answer);
    }

    /// What the batching did so far.
    pub(crate) fn counts(&self) -> BatchCounts {
        self.counts
    }

    /// The sink, to end the call with its status.
    pub(crate) fn into_sink(self) -> UserResponses {
        self.sink
    }

    fn poll_next_user(&mut self, cx: &mut Context<'_>) -> Poll<Result<Option<User>, Error>> {
        loop {
            // Read first: the next read must be pending before the next write starts.
            if let Some(user) = self.poll_request(cx)? {
                return Poll::Ready(Ok(Some(user)));
            }
            // One write at a time per call. Readiness also reports a call the client has
            // already ended.
            ready!(Pin::new(&mut self.sink).poll_ready(cx))?;
            self.writing = false;
            if self.queued.is_empty() {
                return if self.client_done {
                    Poll::Ready(self.bad_request.take().map_or(Ok(None), Err))
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

    /// A request that has arrived, if any and if the queue has room; otherwise leaves a read
    /// pending (or notes that the client is done).
    fn poll_request(&mut self, cx: &mut Context<'_>) -> Result<Option<User>, Error> {
        if self.client_done || self.queued.len() >= MAX_QUEUED_RESPONSES {
            return Ok(None);
        }
        match Pin::new(&mut self.requests).poll_next(cx) {
            Poll::Ready(Some(Ok(user))) => {
                self.reading = false;
                self.pipelined = self.writing;
                self.waiting = false;
                self.batch_wait_over = false;
                Ok(Some(user))
            }
            Poll::Ready(Some(Err(e @ Error::Codec(_)))) => {
                self.bad_request = Some(e);
                self.client_done = true;
                Ok(None)
            }
            Poll::Ready(Some(Err(e))) => Err(e),
            Poll::Ready(None) => {
                self.client_done = true;
                Ok(None)
            }
            Poll::Pending => {
                if !self.reading {
                    self.reading = true;
                    self.read_started = self.ops_started;
                    self.ops_started += 1;
                }
                Ok(None)
            }
        }
    }
}
