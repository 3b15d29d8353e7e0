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
//! The rules live in [`machine`], a state machine with no I/O; [`Answers`] is the thin loop
//! that feeds it what the request stream, the sink and the timer report and does what it says.
//! The handler sees none of this: it asks [`Answers::next_user`] for the next user and gives
//! its answer to [`Answers::push`]; writes go on while it waits for the next user.

mod machine;

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use futures::{future, ready, Sink, Stream};
use futures_timer::Delay;
use grpcio::{Error, WriteFlags};
use log::debug;
use users_grpc::{CreateUserRes, User, UserRequests, UserResponses};

use machine::{Action, Batch, Event};

use crate::calls::{message_bytes, CallRecord};
use crate::stats::Stats;

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
    batch: Batch,
    /// The answers the batch counts as queued, oldest first. It starts empty and grows to
    /// what the stream needs (at most MAX_QUEUED_RESPONSES): most streams hold few answers,
    /// and a burst of held streams would otherwise reserve room for 64 answers (5 KiB) each.
    queued: VecDeque<CreateUserRes>,
    /// The request that ended the stream because it is too large or does not decode.
    bad_request: Option<Error>,
    batch_wait: Option<Delay>,
    counts: BatchCounts,
    stats: Arc<Stats>,
    /// The call's gRPC-standard record, which counts the bytes of its messages.
    call: CallRecord,
}

impl Answers {
    /// Takes over a stream's requests and sink; `stats` counts the answers sent, and `call`
    /// the bytes of the users and answers.
    pub(crate) fn new(
        requests: UserRequests,
        sink: UserResponses,
        stats: Arc<Stats>,
        call: CallRecord,
    ) -> Self {
        Answers {
            requests,
            sink,
            batch: Batch::new(),
            queued: VecDeque::new(),
            bad_request: None,
            batch_wait: None,
            counts: BatchCounts::default(),
            stats,
            call,
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
        // A call that has failed takes no more answers.
        if let Action::Idle = self.batch.step(Event::Answered) {
            self.queued.push_back(answer);
        }
    }

    /// What the batching did so far.
    pub(crate) fn counts(&self) -> BatchCounts {
        self.counts
    }

    /// The sink, to end the call with its status, and the call's record, to end once it is.
    pub(crate) fn into_parts(self) -> (UserResponses, CallRecord) {
        (self.sink, self.call)
    }

    fn poll_next_user(&mut self, cx: &mut Context<'_>) -> Poll<Result<Option<User>, Error>> {
        loop {
            // Read first: the next read must be pending before the next write starts.
            if self.batch.wants_request() {
                let event = match Pin::new(&mut self.requests).poll_next(cx) {
                    Poll::Ready(Some(Ok(user))) => {
                        self.batch.step(Event::Request);
                        self.call.received(message_bytes(&user));
                        return Poll::Ready(Ok(Some(user)));
                    }
                    Poll::Ready(Some(Err(e @ Error::Codec(_)))) => {
                        self.bad_request = Some(e);
                        Event::BadRequest
                    }
                    Poll::Ready(Some(Err(e))) => return self.cancel(e),
                    Poll::Ready(None) => Event::ClientDone,
                    Poll::Pending => Event::ReadPending,
                };
                self.batch.step(event);
            }
            // One write at a time per call. Readiness also reports a call the client has
            // already ended.
            if let Err(e) = ready!(Pin::new(&mut self.sink).poll_ready(cx)) {
                return self.cancel(e);
            }
            let mut action = self.batch.step(Event::WriteReady);
            if let Action::Wait { start } = action {
                let wait = match (&mut self.batch_wait, start) {
                    (Some(wait), true) => {
                        wait.reset(BATCH_WAIT);
                        wait
                    }
                    (Some(wait), false) => wait,
                    (None, _) => self.batch_wait.insert(Delay::new(BATCH_WAIT)),
                };
                if start {
                    self.counts.waits += 1;
                }
                ready!(Pin::new(wait).poll(cx));
                action = self.batch.step(Event::WaitOver);
            }
            match action {
                Action::Write { buffer_hint } => {
                    let answer = self.queued.pop_front().expect("the batch counts it queued");
                    let flags = WriteFlags::default().buffer_hint(buffer_hint);
                    let bytes = message_bytes(&answer);
                    if let Err(e) = Pin::new(&mut self.sink).start_send((answer, flags)) {
                        return self.cancel(e);
                    }
                    self.call.sent(bytes);
                    self.counts.sent += 1;
                    self.counts.flushes += u64::from(!buffer_hint);
                    self.stats.response_sent();
                }
                Action::Finish { bad_request } => {
                    debug_assert_eq!(bad_request, self.bad_request.is_some());
                    return Poll::Ready(self.bad_request.take().map_or(Ok(None), Err));
                }
                Action::Idle | Action::Wait { .. } => return Poll::Pending,
                // The call failed before: no more users.
                Action::Abandon { .. } => return Poll::Ready(Ok(None)),
            }
        }
    }

    /// Ends the stream on a failure of the call: the queued answers are dropped.
    fn cancel(&mut self, error: Error) -> Poll<Result<Option<User>, Error>> {
        if let Action::Abandon { unsent } = self.batch.step(Event::Cancelled) {
            if unsent > 0 {
                debug!("stream ended with {unsent} answer(s) unsent");
            }
        }
        self.queued.clear();
        Poll::Ready(Err(error))
    }
}
