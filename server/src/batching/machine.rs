//! The batching's decisions with no I/O: events in, the next action out (see the parent
//! module for why each rule holds). The answers are generic so that tests can follow them.

use std::collections::VecDeque;

/// At most this many answers wait for the socket before the server stops reading requests.
///
/// A client that sends without reading fills this queue and then its own flow-control window,
/// instead of the server's memory.
pub(crate) const MAX_QUEUED_RESPONSES: usize = 64;

/// What the batching did on one stream, for its log line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct BatchCounts {
    /// Answers handed to the transport.
    pub(crate) sent: u64,
    /// Answers handed over without the buffer hint: each one ends a socket write.
    pub(crate) flushes: u64,
    /// Times the first answer of a burst waited for the next request.
    pub(crate) waits: u64,
}

/// Something that happened on the stream, as the driving loop saw it.
#[derive(Clone, Debug)]
pub(crate) enum Event<T> {
    /// A request arrived; the handler gets its user.
    Request,
    /// The handler answered the last request.
    Answered(T),
    /// A read is pending in the C core: no request has arrived yet.
    ReadPending,
    /// The client half-closed.
    ClientDone,
    /// The client sent a request that is too large or does not decode: the call fails with
    /// it once the answers to the requests before it are out.
    BadRequest,
    /// The transport takes a write: the last one, if any, is done.
    WriteReady,
    /// The wait for the next request is over.
    WaitOver,
    /// The call failed or the client went away: nothing more can be sent.
    Cancelled,
}

/// What the driving loop does next.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Action<T> {
    /// Nothing until the next event.
    Idle,
    /// Hands `answer` to the transport; with `buffer_hint` the C core keeps it for the next.
    Write { answer: T, buffer_hint: bool },
    /// Waits for the next request until [`Event::WaitOver`]; `start` when the wait begins now.
    Wait { start: bool },
    /// Every answer is out and the client is done: ends the call, failing it if `bad_request`.
    Finish { bad_request: bool },
    /// The call is gone with `unsent` answers that will never be sent.
    Abandon { unsent: usize },
}

/// The read side of the stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reading {
    /// No read is pending: the last one delivered a request, or none was started yet.
    Idle,
    /// A read is pending; `after_last_write` while no write has started since it did.
    Pending { after_last_write: bool },
    /// No more requests: the client half-closed, or sent a bad request.
    Done { bad_request: bool },
    /// The call is gone.
    Cancelled,
}

/// The wait of a burst's first answer for the next request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wait {
    /// Not waiting.
    No,
    /// Waiting for the next request or the timer.
    Armed,
    /// The timer fired: the answer goes out without waiting again.
    Over,
}

/// One stream's batching: its read and write sides and the answers queued between them.
pub(crate) struct Batch<T> {
    queued: VecDeque<T>,
    reading: Reading,
    /// A write is pending in the C core.
    writing: bool,
    /// The newest request arrived while a write was pending (the client pipelines).
    pipelined: bool,
    wait: Wait,
    counts: BatchCounts,
}

impl<T> Batch<T> {
    /// A stream with nothing read, nothing queued and nothing written.
    pub(crate) fn new() -> Self {
        Batch {
            queued: VecDeque::with_capacity(MAX_QUEUED_RESPONSES),
            reading: Reading::Idle,
            writing: false,
            pipelined: false,
            wait: Wait::No,
            counts: BatchCounts::default(),
        }
    }

    /// Whether the loop should look for the next request: the client may send more and the
    /// queue has room.
    pub(crate) fn wants_request(&self) -> bool {
        matches!(self.reading, Reading::Idle | Reading::Pending { .. })
            && self.queued.len() < MAX_QUEUED_RESPONSES
    }

    /// What the batching did so far.
    pub(crate) fn counts(&self) -> BatchCounts {
        self.counts
    }

    /// Moves the stream on by `event` and says what to do next.
    pub(crate) fn step(&mut self, event: Event<T>) -> Action<T> {
        if self.reading == Reading::Cancelled {
            return Action::Abandon { unsent: 0 };
        }
        match event {
            Event::Request => {
                self.reading = Reading::Idle;
                self.pipelined = self.writing;
                self.wait = Wait::No;
                Action::Idle
            }
            Event::Answered(answer) => {
                self.queued.push_back(answer);
                Action::Idle
            }
            Event::ReadPending => {
                if self.reading == Reading::Idle {
                    self.reading = Reading::Pending {
                        after_last_write: true,
                    };
                }
                Action::Idle
            }
            Event::ClientDone => {
                self.reading = Reading::Done { bad_request: false };
                Action::Idle
            }
            Event::BadRequest => {
                self.reading = Reading::Done { bad_request: true };
                Action::Idle
            }
            Event::WriteReady => {
                self.writing = false;
                self.next_write()
            }
            Event::WaitOver => {
                if self.wait == Wait::Armed {
                    self.wait = Wait::Over;
                }
                if self.writing {
                    Action::Idle
                } else {
                    self.next_write()
                }
            }
            Event::Cancelled => {
                self.reading = Reading::Cancelled;
                let unsent = self.queued.len();
                self.queued.clear();
                Action::Abandon { unsent }
            }
        }
    }

    /// The write to start now that none is pending.
    fn next_write(&mut self) -> Action<T> {
        let client_done = match self.reading {
            Reading::Done { bad_request } if self.queued.is_empty() => {
                return Action::Finish { bad_request }
            }
            Reading::Done { .. } => true,
            _ if self.queued.is_empty() => return Action::Idle,
            _ => false,
        };
        // Once the client has finished, the call's status follows at once and flushes any
        // hinted answer.
        let more_follow = self.queued.len() > 1 || client_done;
        if !more_follow && self.should_wait() {
            let start = self.wait == Wait::No;
            if start {
                self.wait = Wait::Armed;
                self.counts.waits += 1;
            }
            return Action::Wait { start };
        }
        let answer = self.queued.pop_front().expect("queue checked non-empty");
        self.writing = true;
        if let Reading::Pending { after_last_write } = &mut self.reading {
            *after_last_write = false;
        }
        self.counts.sent += 1;
        if !more_follow {
            self.counts.flushes += 1;
        }
        Action::Write {
            answer,
            buffer_hint: more_follow,
        }
    }

    /// Whether the only queued answer should wait for the next request instead of going out.
    fn should_wait(&self) -> bool {
        // A write that started after the pending read has completed first: no request was
        // waiting when the read started, so the batch ends here. Otherwise only a pipelining
        // client's answer waits, and only once per burst.
        self.reading
            == Reading::Pending {
                after_last_write: true,
            }
            && self.pipelined
            && self.wait != Wait::Over
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Drives a stream by `events` and returns the writes, as (answer, buffer hint), and
    /// the last action.
    fn drive(batch: &mut Batch<u32>, events: Vec<Event<u32>>) -> (Vec<(u32, bool)>, Action<u32>) {
        let mut writes = Vec::new();
        let mut last = Action::Idle;
        for event in events {
            last = batch.step(event);
            if let Action::Write {
                answer,
                buffer_hint,
            } = last
            {
                writes.push((answer, buffer_hint));
            }
        }
        (writes, last)
    }

    /// A request that came alone, read and answered: the loop starts the next read, which
    /// stays pending.
    fn lone(answer: u32) -> Vec<Event<u32>> {
        vec![Event::Request, Event::Answered(answer), Event::ReadPending]
    }

    /// The write of `answer`, with or without the buffer hint.
    fn write(answer: u32, buffer_hint: bool) -> Action<u32> {
        Action::Write {
            answer,
            buffer_hint,
        }
    }

    /// Two requests that arrived together, both answered, nothing written yet.
    fn two_answered() -> Vec<Event<u32>> {
        vec![
            Event::Request,
            Event::Answered(1),
            Event::Request,
            Event::Answered(2),
        ]
    }

    /// A lone first request answered and its answer written: a write is pending.
    fn first_written() -> Vec<Event<u32>> {
        [lone(1), vec![Event::WriteReady]].concat()
    }

    /// A lone request is answered at once, unhinted: one socket write.
    #[test]
    fn lone_request_is_flushed_at_once() {
        let mut batch = Batch::new();
        let events = first_written();
        let (writes, _) = drive(&mut batch, events);
        assert_eq!(writes, [(1, false)]);
        assert_eq!(
            batch.counts(),
            BatchCounts {
                sent: 1,
                flushes: 1,
                waits: 0
            }
        );
    }

    /// N requests that arrived together go out as one batch: hinted but the last.
    #[test]
    fn pipelined_run_is_one_batch() {
        const N: u32 = 5;
        let mut batch = Batch::new();
        let mut events = Vec::new();
        for i in 1..=N {
            events.extend([Event::Request, Event::Answered(i)]);
        }
        events.push(Event::ReadPending);
        events.extend((1..=N).map(|_| Event::WriteReady));
        let (writes, last) = drive(&mut batch, events);
        let expected: Vec<(u32, bool)> = (1..=N).map(|i| (i, i < N)).collect();
        assert_eq!(writes, expected);
        assert_eq!(last, write(N, false));
        assert_eq!(batch.counts().flushes, 1);
        // The read is still pending and every answer is out: nothing more to do.
        assert_eq!(batch.step(Event::WriteReady), Action::Idle);
    }

    /// A request that arrives while an answer is being written makes the next answer wait
    /// for the request after it; when the wait fires, the answer goes out alone.
    #[test]
    fn wait_fires_and_flushes() {
        let mut batch = Batch::new();
        let mut events = first_written();
        // The second request arrives while the first answer is written.
        events.extend(lone(2));
        let (writes, _) = drive(&mut batch, events);
        assert_eq!(writes, [(1, false)]);
        assert_eq!(batch.step(Event::WriteReady), Action::Wait { start: true });
        // Woken before the timer: still waiting, the timer already running.
        assert_eq!(batch.step(Event::WriteReady), Action::Wait { start: false });
        assert_eq!(batch.step(Event::WaitOver), write(2, false));
        assert_eq!(batch.counts().waits, 1);
    }

    /// A request that comes during the wait ends it: both answers go out in one batch.
    #[test]
    fn wait_ends_with_the_next_request() {
        let mut batch = Batch::new();
        let mut events = first_written();
        events.extend(lone(2));
        events.push(Event::WriteReady);
        let (_, last) = drive(&mut batch, events);
        assert_eq!(last, Action::Wait { start: true });
        let (writes, _) = drive(
            &mut batch,
            [lone(3), vec![Event::WriteReady, Event::WriteReady]].concat(),
        );
        assert_eq!(writes, [(2, true), (3, false)]);
    }

    /// A write that completes while a read started before it is still pending means no
    /// request was waiting: the answer goes out without waiting, even for a pipelining client.
    #[test]
    fn no_wait_once_a_read_outlived_a_write() {
        let mut batch = Batch::new();
        let mut events = first_written();
        events.extend([Event::Request, Event::Answered(2), Event::Request]);
        events.extend([Event::Answered(3), Event::ReadPending, Event::WriteReady]);
        // Answer 2 went out hinted while the read for the next request was pending.
        let (writes, _) = drive(&mut batch, events);
        assert_eq!(writes, [(1, false), (2, true)]);
        assert_eq!(batch.step(Event::WriteReady), write(3, false));
        assert_eq!(batch.counts().waits, 0);
    }

    /// A bad request after queued answers: they all go out, hinted (the status follows at
    /// once), then the call fails.
    #[test]
    fn bad_request_after_queued_answers() {
        let mut batch = Batch::new();
        let mut events = two_answered();
        events.extend([Event::BadRequest, Event::WriteReady, Event::WriteReady]);
        assert!(batch.wants_request());
        let (writes, _) = drive(&mut batch, events);
        assert!(!batch.wants_request());
        assert_eq!(writes, [(1, true), (2, true)]);
        assert_eq!(
            batch.step(Event::WriteReady),
            Action::Finish { bad_request: true }
        );
    }

    /// A half-close with answers queued: they all go out before the call ends OK.
    #[test]
    fn half_close_with_answers_queued() {
        let mut batch = Batch::new();
        let mut events = two_answered();
        events.extend([Event::ClientDone, Event::WriteReady, Event::WriteReady]);
        events.push(Event::WriteReady);
        let (writes, last) = drive(&mut batch, events);
        assert_eq!(writes, [(1, true), (2, true)]);
        assert_eq!(last, Action::Finish { bad_request: false });
    }

    /// A cancelled call drops what is queued, and nothing is written after it.
    #[test]
    fn cancellation_abandons_the_queue() {
        let mut batch = Batch::new();
        let mut events = two_answered();
        events.push(Event::Cancelled);
        let (writes, last) = drive(&mut batch, events);
        assert!(writes.is_empty());
        assert_eq!(last, Action::Abandon { unsent: 2 });
        assert!(!batch.wants_request());
        assert_eq!(batch.step(Event::WriteReady), Action::Abandon { unsent: 0 });
    }

    /// The server stops reading once the queue is full, and reads again when it has room.
    #[test]
    fn full_queue_stops_reading() {
        let mut batch = Batch::new();
        for i in 0..MAX_QUEUED_RESPONSES as u32 {
            assert!(batch.wants_request());
            drive(&mut batch, vec![Event::Request, Event::Answered(i)]);
        }
        assert!(!batch.wants_request());
        let (writes, _) = drive(&mut batch, vec![Event::WriteReady]);
        assert_eq!(writes, [(0, true)]);
        assert!(batch.wants_request());
    }
}
