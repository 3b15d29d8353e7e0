//! One stream, driven as one future on the completion-queue thread: it sends users at its
//! pace, checks each answer as it arrives, and ends when the call does.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::task::{Context, Poll};
use std::time::Instant;

use futures::channel::oneshot;
use futures::future::{self, Either};
use futures::{Sink, SinkExt, Stream, StreamExt};
use futures_timer::Delay;
use grpcio::{ClientDuplexReceiver, ClientDuplexSender, WriteFlags};
use log::debug;
use users_client::{classify, ClientError};
use users_grpc::{CreateUserRes, User, UsersClient};

use crate::generated::{bench_user, check_answer};
use crate::latency::Latencies;
use crate::run::Event;
use crate::schedule::Schedule;

/// How a stream paces its sends.
pub(crate) enum Pace {
    /// Every user at once, as fast as flow control allows.
    Flood,
    /// One at a time: the next user goes when the previous one has been answered.
    PingPong,
    /// Each user at its intended time; those overdue go out together.
    Schedule(Schedule),
}

/// Where the sending half of a stream stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sending {
    Users,
    HalfClosing,
    Done,
}

/// One stream's sender and receiver, driven as one future: it sends users as its pace allows,
/// checks every answer as it arrives, and ends when the call does.
///
/// Sending and receiving share the queue of send times without locks because one future owns
/// both halves.
pub(crate) struct Drive {
    sender: ClientDuplexSender<User>,
    receiver: ClientDuplexReceiver<CreateUserRes>,
    addr: Arc<str>,
    users: u64,
    pace: Pace,
    next: u64,
    received: u64,
    sent_at: VecDeque<Instant>,
    unflushed: bool,
    sending: Sending,
    timer: Option<(Instant, Delay)>,
    latencies: Option<Latencies>,
    progress: Arc<AtomicU64>,
}

impl Drive {
    pub(crate) fn open(
        client: &UsersClient,
        addr: &Arc<str>,
        users: u64,
        pace: Pace,
        latencies: Option<Latencies>,
        progress: Arc<AtomicU64>,
    ) -> Result<Drive, ClientError> {
        let (mut sender, receiver) = client.create_user().map_err(|e| classify(e, addr, None))?;
        // Users sent together go out with the buffer hint, all but the last of each burst,
        // so the C core coalesces them into few socket writes; a ping-pong user goes alone.
        sender.enhance_batch(!matches!(pace, Pace::PingPong));
        Ok(Drive {
            sender,
            receiver,
            addr: Arc::clone(addr),
            users,
            pace,
            next: 0,
            received: 0,
            sent_at: VecDeque::new(),
            unflushed: false,
            sending: Sending::Users,
            timer: None,
            latencies,
            progress,
        })
    }

    /// Reads and checks every answer that has arrived; ready when the call has ended.
    fn poll_receive(
        &mut self,
        cx: &mut Context<'_>,
        clock: &mut Clock,
    ) -> Poll<Result<u64, ClientError>> {
        loop {
            match Pin::new(&mut self.receiver).poll_next(cx) {
                Poll::Ready(Some(Ok(res))) => {
                    let position = self.received;
                    if position >= self.next {
                        return Poll::Ready(Err(ClientError::ExtraResponse {
                            sent: self.next as usize,
                            user_id: res.user_id,
                        }));
                    }
                    check_answer(&res, position)?;
                    if let (Some(sent_at), Some(latencies)) =
                        (self.sent_at.pop_front(), &mut self.latencies)
                    {
                        latencies.record(clock.now().saturating_duration_since(sent_at));
                    }
                    self.received += 1;
                }
                Poll::Ready(Some(Err(e))) => {
                    return Poll::Ready(Err(classify(e, &self.addr, None)))
                }
                Poll::Ready(None) if self.received < self.users => {
                    return Poll::Ready(Err(ClientError::MissingResponses {
                        sent: self.users as usize,
                        received: self.received as usize,
                    }))
                }
                Poll::Ready(None) => return Poll::Ready(Ok(self.received)),
                Poll::Pending => return Poll::Pending,
            }
        }
    }

    /// Whether user `self.next` may be sent at `now`.
    fn due(&self, now: Instant) -> bool {
        self.next < self.users
            && match &self.pace {
                Pace::Flood => true,
                Pace::PingPong => self.received == self.next,
                Pace::Schedule(schedule) => schedule.at(self.next) <= now,
            }
    }

    /// Sends what is due, flushes each burst, half-closes after the last user. Returns when
    /// it has to wait (a waker is registered then) or when sending is over.
    fn poll_send(&mut self, cx: &mut Context<'_>, clock: &mut Clock) -> grpcio::Result<()> {
        loop {
            match self.sending {
                Sending::Done => return Ok(()),
                Sending::HalfClosing => {
                    if Pin::new(&mut self.sender).poll_close(cx)?.is_pending() {
                        return Ok(());
                    }
                    self.sending = Sending::Done;
                }
                Sending::Users => {
                    let now = clock.now();
                    if self.due(now) {
                        // One write in flight per call: wait for the previous one.
                        if Pin::new(&mut self.sender).poll_ready(cx)?.is_pending() {
                            return Ok(());
                        }
                        let sent_at = match &self.pace {
                            // Latency counts from the intended time: no coordinated omission.
                            Pace::Schedule(schedule) => schedule.at(self.next),
                            _ => now,
                        };
                        let user = (bench_user(self.next), WriteFlags::default());
                        Pin::new(&mut self.sender).start_send(user)?;
                        self.sent_at.push_back(sent_at);
                        self.next += 1;
                        self.unflushed = true;
                        continue;
                    }
                    // With enhance_batch the last user of a burst waits in the sink until
                    // the flush sends it without the hint, which makes the C core write.
                    if self.unflushed {
                        if Pin::new(&mut self.sender).poll_flush(cx)?.is_pending() {
                            return Ok(());
                        }
                        self.unflushed = false;
                    }
                    if self.next == self.users {
                        self.sending = Sending::HalfClosing;
                        continue;
                    }
                    let Pace::Schedule(schedule) = &self.pace else {
                        // Ping-pong: the answer's arrival wakes us.
                        return Ok(());
                    };
                    let due_at = schedule.at(self.next);
                    let wait = due_at.saturating_duration_since(now);
                    // Reset the timer only for a new due time, not on every answer's wake-up.
                    match &mut self.timer {
                        Some((at, timer)) if *at == due_at => {
                            if Pin::new(timer).poll(cx).is_pending() {
                                return Ok(());
                            }
                        }
                        slot => {
                            let mut timer = Delay::new(wait);
                            let pending = Pin::new(&mut timer).poll(cx).is_pending();
                            *slot = Some((due_at, timer));
                            if pending {
                                return Ok(());
                            }
                        }
                    }
                    // The user is due now: the time read before the wait is stale.
                    clock.refresh();
                }
            }
        }
    }
}

impl Future for Drive {
    type Output = Result<u64, ClientError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let mut clock = Clock::default();
        let before = this.received;
        let received = this.poll_receive(cx, &mut clock);
        if this.received > before {
            this.progress
                .fetch_add(this.received - before, Ordering::Relaxed);
        }
        if received.is_ready() {
            return received;
        }
        if let Err(e) = this.poll_send(cx, &mut clock) {
            // The call's status, which the receiver reports, says why: a send error adds
            // nothing, and the receiver's waker is registered already.
            debug!("sender stopped: {e}");
            this.sending = Sending::Done;
        }
        Poll::Pending
    }
}

/// The time, read once per poll and shared by the answer received and the user sent in it:
/// reading the clock is a measurable part of a message's cost.
#[derive(Default)]
struct Clock(Option<Instant>);

impl Clock {
    fn now(&mut self) -> Instant {
        *self.0.get_or_insert_with(Instant::now)
    }

    fn refresh(&mut self) {
        self.0 = None;
    }
}

/// One idle stream: one user, its answer, a hold until `release`, then half-close and OK.
pub(crate) async fn idle_stream(
    client: UsersClient,
    addr: Arc<str>,
    mut latencies: Latencies,
    progress: Arc<AtomicU64>,
    ready: mpsc::Sender<Event>,
    release: oneshot::Receiver<()>,
) -> Result<(), ClientError> {
    // From the stream's opening: in the connect scenario, its connection's handshakes too.
    let sent_at = Instant::now();
    let (mut sender, mut receiver) = client.create_user().map_err(|e| classify(e, &addr, None))?;
    if let Err(e) = sender.send((bench_user(0), WriteFlags::default())).await {
        debug!("sender stopped: {e}");
    }
    match receiver.next().await {
        Some(Ok(res)) => check_answer(&res, 0)?,
        Some(Err(e)) => return Err(classify(e, &addr, None)),
        None => {
            return Err(ClientError::MissingResponses {
                sent: 1,
                received: 0,
            })
        }
    }
    latencies.record(sent_at.elapsed());
    latencies.flush();
    progress.fetch_add(1, Ordering::Relaxed);
    let _ = ready.send(Event::Ready);

    // Watch the stream while holding it, so that a server that drops it fails the run now.
    let ended_early = match future::select(release, receiver.next()).await {
        Either::Left((Ok(()), _)) => None,
        // The run dropped its release without firing it: it has failed, so the stream must
        // be cancelled (by dropping it here), not closed as if the hold had ended.
        Either::Left((Err(_), _)) => {
            return Err(ClientError::Unfinished("the run stopped during the hold"))
        }
        Either::Right((ended, _)) => Some(ended),
    };
    let ended = match ended_early {
        Some(None) => {
            return Err(ClientError::Unfinished(
                "the server ended the stream while it was held open",
            ))
        }
        Some(ended) => ended,
        None => {
            if let Err(e) = sender.close().await {
                debug!("half-close failed: {e}");
            }
            receiver.next().await
        }
    };
    match ended {
        None => Ok(()),
        Some(Ok(res)) => Err(ClientError::ExtraResponse {
            sent: 1,
            user_id: res.user_id,
        }),
        Some(Err(e)) => Err(classify(e, &addr, None)),
    }
}
