//! The batching's decisions with no I/O: events in, the next action out (see the parent
//! module for why each rule holds). The machine counts the queued answers; the loop keeps
//! them, in order, and hands the oldest to each write, so an answer is moved only twice.

/// At most this many answers wait for the socket before the server stops reading requests.
///
/// A client that sends without reading fills this queue and then its own flow-control window,
/// instead of the server's memory.
pub(crate) const MAX_QUEUED_RESPONSES: usize = 64;

/// Something that happened on the stream, as the driving loop saw it.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Event {
    /// A request arrived; the handler gets its user.
    Request,
    /// The handler answered the last request; the loop queued the answer.
    Answered,
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    /// Nothing until the next event.
    Idle,
    /// Hands the oldest queued answer to the transport; with `buffer_hint` the C core keeps
    /// it for the next.
    Write { buffer_hint: bool },
    /// Waits for the next request until [`Event::WaitOver`]; `start` when the wait begins now.
    Wait { start: bool },
    /// Every answer is out and the client is done: ends the call, failing it if `bad_request`.
    Finish { bad_request: bool },
    /// The call is gone with `unsent` answers that will never be sent (the loop drops them).
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
pub(crate) struct Batch {
    /// Answers queued and not yet handed to the transport.
    queued: usize,
    reading: Reading,
    /// A write is pending in the C core.
    writing: bool,
    /// The newest request arrived while a write was pending (the client pipelines).
    pipelined: bool,
    wait: Wait,
}

impl Batch {
    /// A stream with nothing read, nothing queued and nothing written.
    pub(crate) fn new() -> Self {
        Batch {
            queued: 0,
            reading: Reading::Idle,
            writing: false,
            pipelined: false,
            wait: Wait::No,
        }
    }

    /// Whether the loop should look for the next request: the client may send more and the
    /// queue has room.
    pub(crate) fn wants_request(&self) -> bool {
        matches!(self.reading, Reading::Idle | Reading::Pending { .. })
            && self.queued < MAX_QUEUED_RESPONSES
    }

    /// Moves the stream on by `event` and says what to do next.
    pub(crate) fn step(&mut self, event: Event) -> Action {
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
            Event::Answered => {
                self.queued += 1;
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
                debug_assert!(!self.writing, "a wait starts only with no write pending");
                if self.wait == Wait::Armed {
                    self.wait = Wait::Over;
                }
                self.next_write()
            }
            Event::Cancelled => {
                self.reading = Reading::Cancelled;
                let unsent = std::mem::take(&mut self.queued);
                Action::Abandon { unsent }
            }
        }
    }

    /// The write to start now that none is pending.
    fn next_write(&mut self) -> Action {
        let client_done = match self.reading {
            Reading::Done { bad_request } if self.queued == 0 => {
                return Action::Finish { bad_request }
            }
            Reading::Done { .. } => true,
            _ if self.queued == 0 => return Action::Idle,
            _ => false,
        };
        // Once the client has finished, the call's status follows at once and flushes any
        // hinted answer.
        let more_follow = self.queued > 1 || client_done;
        if !more_follow && self.should_wait() {
            let start = self.wait == Wait::No;
            if start {
                self.wait = Wait::Armed;
            }
            return Action::Wait { start };
        }
        self.queued -= 1;
        self.writing = true;
        if let Reading::Pending { after_last_write } = &mut self.reading {
            *after_last_write = false;
        }
        Action::Write {
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
    use std::collections::VecDeque;

    use super::*;

    /// A stream's batch with the answers it counts, numbered 1, 2, ... as the handler gives
    /// them, the way the driving loop keeps them.
    struct Stream {
        batch: Batch,
        queued: VecDeque<u32>,
        answered: u32,
        /// Waits started.
        waits: u32,
    }

    impl Stream {
        fn new() -> Self {
            Stream {
                batch: Batch::new(),
                queued: VecDeque::new(),
                answered: 0,
                waits: 0,
            }
        }

        /// Steps the batch by `event`; a write is returned with its answer's number.
        fn step(&mut self, event: Event) -> Step {
            if let Event::Answered = event {
                self.answered += 1;
                self.queued.push_back(self.answered);
            }
            match self.batch.step(event) {
                Action::Write { buffer_hint } => Step::Write(
                    self.queued.pop_front().expect("an answer queued"),
                    buffer_hint,
                ),
                Action::Abandon { unsent } => {
                    self.queued.clear();
                    Step::Other(Action::Abandon { unsent })
                }
                Action::Wait { start } => {
                    self.waits += u32::from(start);
                    Step::Other(Action::Wait { start })
                }
                other => Step::Other(other),
            }
        }
    }

    /// What a step did: a write of the numbered answer with or without the buffer hint, or
    /// another action.
    #[derive(Debug, PartialEq, Eq)]
    enum Step {
        Write(u32, bool),
        Other(Action),
    }

    /// Drives `stream` by `events` and returns the writes, as (answer, buffer hint), and the
    /// last step.
    fn drive(stream: &mut Stream, events: Vec<Event>) -> (Vec<(u32, bool)>, Step) {
        let mut writes = Vec::new();
        let mut last = Step::Other(Action::Idle);
        for event in events {
            last = stream.step(event);
            if let Step::Write(answer, hint) = last {
                writes.push((answer, hint));
            }
        }
        (writes, last)
    }

    /// A request that came alone, read and answered: the loop starts the next read, which
    /// stays pending.
    fn lone() -> Vec<Event> {
        vec![Event::Request, Event::Answered, Event::ReadPending]
    }

    /// The write of answer `answer`, with or without the buffer hint.
    fn write(answer: u32, buffer_hint: bool) -> Step {
        Step::Write(answer, buffer_hint)
    }

    /// Another action than a write.
    fn action(action: Action) -> Step {
        Step::Other(action)
    }

    /// Two requests that arrived together, both answered, nothing written yet.
    fn two_answered() -> Vec<Event> {
        vec![
            Event::Request,
            Event::Answered,
            Event::Request,
            Event::Answered,
        ]
    }

    /// A lone first request answered and its answer written: a write is pending.
    fn first_written() -> Vec<Event> {
        [lone(), vec![Event::WriteReady]].concat()
    }

    /// A lone request is answered at once, unhinted: one socket write.
    #[test]
    fn lone_request_is_flushed_at_once() {
        let mut stream = Stream::new();
        let events = first_written();
        let (writes, _) = drive(&mut stream, events);
        assert_eq!(writes, [(1, false)]);
        assert_eq!(stream.waits, 0);
    }

    /// N requests that arrived together go out as one batch: hinted but the last.
    #[test]
    fn pipelined_run_is_one_batch() {
        const N: u32 = 5;
        let mut stream = Stream::new();
        let mut events = Vec::new();
        for _ in 1..=N {
            events.extend([Event::Request, Event::Answered]);
        }
        events.push(Event::ReadPending);
        events.extend((1..=N).map(|_| Event::WriteReady));
        let (writes, last) = drive(&mut stream, events);
        let expected: Vec<(u32, bool)> = (1..=N).map(|i| (i, i < N)).collect();
        assert_eq!(writes, expected);
        assert_eq!(last, write(N, false));
        // The read is still pending and every answer is out: nothing more to do.
        assert_eq!(stream.step(Event::WriteReady), action(Action::Idle));
    }

    /// A request that arrives while an answer is being written makes the next answer wait
    /// for the request after it; when the wait fires, the answer goes out alone.
    #[test]
    fn wait_fires_and_flushes() {
        let mut stream = Stream::new();
        let mut events = first_written();
        // The second request arrives while the first answer is written.
        events.extend(lone());
        let (writes, _) = drive(&mut stream, events);
        assert_eq!(writes, [(1, false)]);
        assert_eq!(
            stream.step(Event::WriteReady),
            action(Action::Wait { start: true })
        );
        // Woken before the timer: still waiting, the timer already running.
        assert_eq!(
            stream.step(Event::WriteReady),
            action(Action::Wait { start: false })
        );
        assert_eq!(stream.step(Event::WaitOver), write(2, false));
        assert_eq!(stream.waits, 1);
    }

    /// A request that comes during the wait ends it: both answers go out in one batch.
    #[test]
    fn wait_ends_with_the_next_request() {
        let mut stream = Stream::new();
        let mut events = first_written();
        events.extend(lone());
        events.push(Event::WriteReady);
        let (_, last) = drive(&mut stream, events);
        assert_eq!(last, action(Action::Wait { start: true }));
        let (writes, _) = drive(
            &mut stream,
            [lone(), vec![Event::WriteReady, Event::WriteReady]].concat(),
        );
        assert_eq!(writes, [(2, true), (3, false)]);
    }

    /// A write that completes while a read started before it is still pending means no
    /// request was waiting: the answer goes out without waiting, even for a pipelining client.
    #[test]
    fn no_wait_once_a_read_outlived_a_write() {
        let mut stream = Stream::new();
        let mut events = first_written();
        events.extend([Event::Request, Event::Answered, Event::Request]);
        events.extend([Event::Answered, Event::ReadPending, Event::WriteReady]);
        // Answer 2 went out hinted while the read for the next request was pending.
        let (writes, _) = drive(&mut stream, events);
        assert_eq!(writes, [(1, false), (2, true)]);
        // The loop looks at the pending read again on every poll: that changes nothing.
        stream.step(Event::ReadPending);
        assert_eq!(stream.step(Event::WriteReady), write(3, false));
        assert_eq!(stream.waits, 0);
    }

    /// A bad request after queued answers: they all go out, hinted (the status follows at
    /// once), then the call fails.
    #[test]
    fn bad_request_after_queued_answers() {
        let mut stream = Stream::new();
        let mut events = two_answered();
        events.extend([Event::BadRequest, Event::WriteReady, Event::WriteReady]);
        assert!(stream.batch.wants_request());
        let (writes, _) = drive(&mut stream, events);
        assert!(!stream.batch.wants_request());
        assert_eq!(writes, [(1, true), (2, true)]);
        assert_eq!(
            stream.step(Event::WriteReady),
            action(Action::Finish { bad_request: true })
        );
    }

    /// A half-close with answers queued: they all go out before the call ends OK.
    #[test]
    fn half_close_with_answers_queued() {
        let mut stream = Stream::new();
        let mut events = two_answered();
        events.extend([Event::ClientDone, Event::WriteReady, Event::WriteReady]);
        events.push(Event::WriteReady);
        let (writes, last) = drive(&mut stream, events);
        assert_eq!(writes, [(1, true), (2, true)]);
        assert_eq!(last, action(Action::Finish { bad_request: false }));
    }

    /// A cancelled call drops what is queued, and nothing is written after it.
    #[test]
    fn cancellation_abandons_the_queue() {
        let mut stream = Stream::new();
        let mut events = two_answered();
        events.push(Event::Cancelled);
        let (writes, last) = drive(&mut stream, events);
        assert!(writes.is_empty());
        assert_eq!(last, action(Action::Abandon { unsent: 2 }));
        assert!(!stream.batch.wants_request());
        assert_eq!(
            stream.step(Event::WriteReady),
            action(Action::Abandon { unsent: 0 })
        );
    }

    /// The server stops reading once the queue is full, and reads again when it has room.
    #[test]
    fn full_queue_stops_reading() {
        let mut stream = Stream::new();
        for _ in 0..MAX_QUEUED_RESPONSES {
            assert!(stream.batch.wants_request());
            drive(&mut stream, vec![Event::Request, Event::Answered]);
        }
        assert!(!stream.batch.wants_request());
        let (writes, _) = drive(&mut stream, vec![Event::WriteReady]);
        assert_eq!(writes, [(1, true)]);
        assert!(stream.batch.wants_request());
    }

    /// The batching's rules as six flags and three counters, as the server had them before
    /// the state machine: the machine must decide exactly as they did.
    #[derive(Default)]
    struct Flags {
        queued: usize,
        client_done: bool,
        bad_request: bool,
        reading: bool,
        writing: bool,
        read_started: u64,
        write_started: u64,
        ops_started: u64,
        pipelined: bool,
        waiting: bool,
        batch_wait_over: bool,
    }

    impl Flags {
        fn step(&mut self, event: Event) -> Action {
            match event {
                Event::Request => {
                    self.reading = false;
                    self.pipelined = self.writing;
                    self.waiting = false;
                    self.batch_wait_over = false;
                }
                Event::Answered => self.queued += 1,
                Event::ReadPending if !self.reading => {
                    self.reading = true;
                    self.read_started = self.ops_started;
                    self.ops_started += 1;
                }
                Event::ReadPending => {}
                Event::ClientDone => self.client_done = true,
                Event::BadRequest => (self.client_done, self.bad_request) = (true, true),
                Event::WriteReady => {
                    self.writing = false;
                    return self.decide();
                }
                Event::WaitOver => {
                    self.waiting = false;
                    self.batch_wait_over = true;
                    return self.decide();
                }
                Event::Cancelled => unreachable!("not generated"),
            }
            Action::Idle
        }

        fn decide(&mut self) -> Action {
            if self.queued == 0 {
                return match self.client_done {
                    true => Action::Finish {
                        bad_request: self.bad_request,
                    },
                    false => Action::Idle,
                };
            }
            let more_follow = self.queued > 1 || self.client_done;
            let may_wait = self.reading
                && self.read_started >= self.write_started
                && self.pipelined
                && !self.batch_wait_over;
            if !more_follow && may_wait {
                let start = !self.waiting;
                self.waiting = true;
                return Action::Wait { start };
            }
            self.queued -= 1;
            self.writing = true;
            self.write_started = self.ops_started;
            self.ops_started += 1;
            Action::Write {
                buffer_hint: more_follow,
            }
        }
    }

    /// Ten thousand random streams, each a sequence of the events the loop can report: the
    /// machine and the flags it replaced take the same action at every step.
    #[test]
    fn decides_as_the_flags_did() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |n: u64| {
            // xorshift64: a fixed, repeatable sequence.
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..10_000 {
            let (mut batch, mut flags) = (Batch::new(), Flags::default());
            let mut last = Action::Idle;
            for _ in 0..200 {
                let events: &[Event] = match (last, batch.wants_request(), next(100)) {
                    (Action::Finish { .. }, _, _) => break,
                    (Action::Wait { .. }, _, 0..=29) => &[Event::WaitOver],
                    (_, true, 0..=34) => &[Event::Request, Event::Answered],
                    (_, true, 35..=54) => &[Event::ReadPending],
                    (_, true, 55..=56) => &[Event::ClientDone],
                    (_, true, 57) => &[Event::BadRequest],
                    _ => &[Event::WriteReady],
                };
                for &event in events {
                    last = batch.step(event);
                    assert_eq!(last, flags.step(event), "after {event:?}");
                }
            }
        }
    }
}
