//! A run: its connections on one completion queue, the futures it spawns there (one per stream,
//! or per lane of short streams), and the calling thread that waits for their outcomes, draws
//! the progress bar and enforces the run's bound.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use futures::channel::oneshot;
use futures::future::{self, AbortHandle, Abortable};
use grpcio::{Channel, ChannelBuilder, ConnectivityState, EnvBuilder};
use hdrhistogram::Histogram;
use log::debug;
use users_client::{check_addr, ClientError, ClientTls};
use users_grpc::UsersClient;

use crate::drive::{idle_stream, Drive, Pace};
use crate::error::BenchError;
use crate::latency::{new_histogram, Latencies};
use crate::progress::Bar;
use crate::report::Report;
use crate::scenario::Scenario;
use crate::schedule::{after, scheduled_slots, slots_of_stream, Schedule};

/// The bound on a whole run unless told otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// How often the waiting thread checks the clock and redraws the progress bar.
const TICK: Duration = Duration::from_millis(100);

/// The C core's channel argument for a stack without optional filters.
const MINIMAL_STACK: &std::ffi::CStr = c"grpc.minimal_stack";

/// How long an aborted run waits for its streams to be cancelled before returning.
const ABORT_WAIT: Duration = Duration::from_secs(2);

/// Where to run a scenario and how to watch it.
#[derive(Clone, Debug)]
pub struct BenchOptions {
    /// Server address, `HOST:PORT`.
    pub addr: String,
    /// Bound on the whole run; exceeding it is an error.
    pub timeout: Duration,
    /// Show a progress bar on stderr once the run has lasted about a second.
    pub progress: bool,
    /// TLS to the server; plaintext when `None`.
    pub tls: Option<ClientTls>,
}

impl Default for BenchOptions {
    fn default() -> Self {
        BenchOptions {
            addr: users_client::DEFAULT_ADDR.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            progress: false,
            tls: None,
        }
    }
}

/// Runs `scenario` against `options.addr` and reports what it measured.
///
/// Every answer is checked; the first failure stops the run, cancels its streams and is
/// returned. `on_ready` is called once in the idle and connect scenarios, with the number of
/// streams, when all of them have been answered and the hold begins.
pub fn run(
    scenario: &Scenario,
    options: &BenchOptions,
    on_ready: &mut dyn FnMut(u64),
) -> Result<Report, BenchError> {
    check_addr(&options.addr).map_err(|e| BenchError::Invalid(e.to_string()))?;
    if matches!(scenario, Scenario::OpenLoop { duration, .. } if duration.is_zero()) {
        return Err(BenchError::Invalid(
            "--duration must be longer than zero".to_owned(),
        ));
    }
    let mut run = Run::new(scenario, options);
    let start = run.start;
    match *scenario {
        Scenario::Flood { streams, users, .. } => {
            let (streams, users) = (streams.get(), users.get());
            run.set_total(streams.saturating_mul(users));
            for stream in 0..streams {
                run.check_deadline()?;
                run.spawn_drive(stream, users, Pace::Flood)?;
            }
            run.wait_done()?;
        }
        Scenario::PingPong { requests } => {
            let requests = requests.get();
            run.set_total(requests);
            run.spawn_drive(0, requests, Pace::PingPong)?;
            run.wait_done()?;
        }
        Scenario::OpenLoop {
            rate,
            duration,
            streams,
            ..
        } => {
            let (rate, streams) = (rate.get(), streams.get());
            // Slot k of the run's schedule is due at k/rate seconds; stream s takes the slots
            // s, s + S, s + 2S... so the streams together send at an even pace.
            let slots = scheduled_slots(rate, duration);
            run.set_total(slots);
            for stream in 0..streams {
                run.check_deadline()?;
                let users = slots_of_stream(slots, streams, stream);
                let schedule = Schedule {
                    start,
                    rate,
                    first_slot: stream,
                    stride: streams,
                };
                run.spawn_drive(stream, users, Pace::Schedule(schedule))?;
            }
            run.wait_done()?;
        }
        Scenario::Churn {
            streams,
            concurrency,
            users,
            ..
        } => {
            let (streams, concurrency, users) = (streams.get(), concurrency.get(), users.get());
            run.set_total(streams.saturating_mul(users));
            let next = Arc::new(AtomicU64::new(0));
            for _ in 0..concurrency.min(streams) {
                run.check_deadline()?;
                run.spawn_churn_lane(Arc::clone(&next), streams, users);
            }
            run.wait_done()?;
        }
        Scenario::Idle { hold, .. } | Scenario::Connect { hold, .. } => {
            let streams = scenario.streams();
            run.set_total(streams);
            let mut releases = Vec::new();
            for stream in 0..streams {
                run.check_deadline()?;
                releases.push(run.spawn_idle(stream));
            }
            run.wait_ready(streams)?;
            on_ready(streams);
            run.hold(hold)?;
            for release in releases {
                let _ = release.send(());
            }
            run.wait_done()?;
        }
    }
    Ok(run.finish(scenario))
}

/// What a spawned future tells the waiting thread.
pub(crate) enum Event {
    /// An idle stream got its answer and is being held.
    Ready,
    /// A stream (or a churn lane) finished.
    Done(Result<(), (u64, ClientError)>),
    /// A future was aborted before it finished.
    Aborted,
}

/// One run in progress: its connections, its spawned futures and what they report.
struct Run {
    clients: Vec<UsersClient>,
    addr: Arc<str>,
    events_tx: mpsc::Sender<Event>,
    events: mpsc::Receiver<Event>,
    aborts: Vec<AbortHandle>,
    running: usize,
    progress: Arc<AtomicU64>,
    latency: Arc<Mutex<Histogram<u64>>>,
    start: Instant,
    timeout: Duration,
    deadline: Instant,
    bar: Bar,
}

impl Run {
    /// Opens the run's connections; its clock starts once they are up.
    fn new(scenario: &Scenario, options: &BenchOptions) -> Run {
        let deadline = after(options.timeout);
        // One completion queue serves every channel: all streams are polled on its thread.
        let env = Arc::new(
            EnvBuilder::new()
                .cq_count(1)
                .name_prefix("users-bench")
                .build(),
        );
        let clients: Vec<UsersClient> = (0..scenario.connections())
            .map(|_| {
                // Channels with the same target would share one connection through the
                // global subchannel pool; a local pool gives each channel its own. The minimal
                // stack drops client filters the bench never uses (retries, deadlines, message
                // size limits): a third less CPU per message, same bytes on the wire.
                let mut builder = ChannelBuilder::new(Arc::clone(&env))
                    .use_local_subchannel_pool(true)
                    .raw_cfg_int(MINIMAL_STACK.into(), 1);
                if let Some(tls) = &options.tls {
                    builder = tls.configure(builder);
                }
                UsersClient::new(builder.connect(&options.addr))
            })
            .collect();
        // The connect scenario measures the handshakes: its connections start with its streams.
        if !matches!(scenario, Scenario::Connect { .. }) {
            warm_up(&clients, deadline);
        }
        let start = Instant::now();
        let (events_tx, events) = mpsc::channel();
        Run {
            clients,
            addr: Arc::from(options.addr.as_str()),
            events_tx,
            events,
            aborts: Vec::new(),
            running: 0,
            progress: Arc::new(AtomicU64::new(0)),
            latency: Arc::new(Mutex::new(new_histogram())),
            start,
            timeout: options.timeout,
            deadline,
            bar: Bar::new(options.progress, start),
        }
    }

    fn set_total(&mut self, total: u64) {
        self.bar.set_total(total);
    }

    fn client(&self, stream: u64) -> &UsersClient {
        &self.clients[(stream % self.clients.len() as u64) as usize]
    }

    /// Spawns `task` on the completion-queue thread, abortable, reporting its end as an event.
    fn spawn<F>(&mut self, task: F)
    where
        F: Future<Output = Result<(), (u64, ClientError)>> + Send + 'static,
    {
        let (handle, registration) = AbortHandle::new_pair();
        let events = self.events_tx.clone();
        let task = Abortable::new(task, registration);
        self.aborts.push(handle);
        self.running += 1;
        self.clients[0].inner().spawn(async move {
            let event = match task.await {
                Ok(outcome) => Event::Done(outcome),
                Err(_aborted) => Event::Aborted,
            };
            let _ = events.send(event);
        });
    }

    /// Opens stream `stream` and spawns the future that sends `users` users at `pace`.
    fn spawn_drive(&mut self, stream: u64, users: u64, pace: Pace) -> Result<(), BenchError> {
        let latencies = Latencies::new(&self.latency);
        let drive = Drive::open(
            self.client(stream),
            &self.addr,
            users,
            pace,
            Some(latencies),
            Arc::clone(&self.progress),
        )
        .map_err(|error| BenchError::Stream { stream, error })?;
        self.spawn(async move { drive.await.map(drop).map_err(|e| (stream, e)) });
        Ok(())
    }

    /// Spawns a churn lane: it runs streams one after another, taking the next stream number
    /// from `next`, until `streams` have been run.
    fn spawn_churn_lane(&mut self, next: Arc<AtomicU64>, streams: u64, users: u64) {
        let clients = self.clients.clone();
        let addr = Arc::clone(&self.addr);
        let progress = Arc::clone(&self.progress);
        let mut latencies = Latencies::new(&self.latency);
        self.spawn(async move {
            loop {
                let stream = next.fetch_add(1, Ordering::Relaxed);
                if stream >= streams {
                    return Ok(());
                }
                let client = &clients[(stream % clients.len() as u64) as usize];
                let opened = Instant::now();
                let drive = Drive::open(
                    client,
                    &addr,
                    users,
                    Pace::Flood,
                    None,
                    Arc::clone(&progress),
                )
                .map_err(|e| (stream, e))?;
                drive.await.map_err(|e| (stream, e))?;
                latencies.record(opened.elapsed());
            }
        });
    }

    /// Spawns idle stream `stream`; it is held open until the returned sender fires.
    fn spawn_idle(&mut self, stream: u64) -> oneshot::Sender<()> {
        let (release_tx, release) = oneshot::channel();
        let client = self.client(stream).clone();
        let addr = Arc::clone(&self.addr);
        let progress = Arc::clone(&self.progress);
        let latencies = Latencies::new(&self.latency);
        let ready = self.events_tx.clone();
        self.spawn(async move {
            idle_stream(client, addr, latencies, progress, ready, release)
                .await
                .map_err(|e| (stream, e))
        });
        release_tx
    }

    /// Fails once the run's deadline has passed, so that opening many streams is bounded too.
    fn check_deadline(&self) -> Result<(), BenchError> {
        if Instant::now() >= self.deadline {
            return Err(BenchError::Timeout(self.timeout));
        }
        Ok(())
    }

    /// Waits for the next event until `until`, or for the run's deadline, which is an error.
    fn next_event(&mut self, until: Instant) -> Result<Option<Event>, BenchError> {
        loop {
            self.check_deadline()?;
            let now = Instant::now();
            if now >= until {
                return Ok(None);
            }
            let wait = (until.min(self.deadline) - now).min(TICK);
            match self.events.recv_timeout(wait) {
                Ok(event) => return Ok(Some(event)),
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    self.bar.tick(self.progress.load(Ordering::Relaxed))
                }
                // The run holds a sender itself: this cannot happen, but is not worth a panic.
                Err(mpsc::RecvTimeoutError::Disconnected) => return Err(BenchError::Lost),
            }
        }
    }

    /// Handles an event that says a future has ended; an error ends the run.
    fn ended(&mut self, event: Event) -> Result<(), BenchError> {
        match event {
            Event::Ready => Ok(()),
            Event::Done(outcome) => {
                self.running -= 1;
                outcome.map_err(|(stream, error)| BenchError::Stream { stream, error })
            }
            Event::Aborted => {
                self.running -= 1;
                Err(BenchError::Lost)
            }
        }
    }

    /// Waits until every spawned future has finished.
    fn wait_done(&mut self) -> Result<(), BenchError> {
        while self.running > 0 {
            let far = self.deadline;
            if let Some(event) = self.next_event(far)? {
                self.ended(event)?;
            }
        }
        Ok(())
    }

    /// Waits until `streams` idle streams have been answered.
    fn wait_ready(&mut self, streams: u64) -> Result<(), BenchError> {
        let mut ready = 0;
        while ready < streams {
            let far = self.deadline;
            match self.next_event(far)? {
                Some(Event::Ready) => ready += 1,
                Some(event) => self.ended(event)?,
                None => {}
            }
        }
        Ok(())
    }

    /// Keeps the idle streams open for `hold`, failing as soon as one of them fails.
    fn hold(&mut self, hold: Duration) -> Result<(), BenchError> {
        let until = after(hold);
        while let Some(event) = self.next_event(until)? {
            self.ended(event)?;
        }
        Ok(())
    }

    fn finish(mut self, scenario: &Scenario) -> Report {
        let elapsed = self.start.elapsed();
        self.bar.finish();
        let latency = self
            .latency
            .lock()
            .map(|h| h.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone());
        Report {
            scenario: scenario.name(),
            streams: scenario.streams(),
            connections: self.clients.len() as u64,
            rate: match scenario {
                Scenario::OpenLoop { rate, .. } => Some(rate.get()),
                _ => None,
            },
            messages: self.progress.load(Ordering::Relaxed),
            elapsed,
            latency,
            per_stream: matches!(scenario, Scenario::Churn { .. }),
        }
    }
}

impl Drop for Run {
    /// Cancels whatever still runs (after an error or a timeout) and waits a little for the
    /// cancellations, so that no call outlives the run on the server's side.
    fn drop(&mut self) {
        self.bar.finish();
        if self.running == 0 {
            return;
        }
        for handle in &self.aborts {
            handle.abort();
        }
        let until = Instant::now() + ABORT_WAIT;
        while self.running > 0 {
            let now = Instant::now();
            if now >= until {
                debug!("{} streams still running after the abort", self.running);
                return;
            }
            match self.events.recv_timeout(until - now) {
                Ok(Event::Ready) => {}
                Ok(_) => self.running -= 1,
                Err(_) => return,
            }
        }
    }
}

/// Connects every channel before the clock starts, so that no scenario measures TCP and HTTP/2
/// handshakes. A channel that cannot connect is left to fail its first stream, which says why.
fn warm_up(clients: &[UsersClient], deadline: Instant) {
    let connect = |channel: &Channel| {
        let channel = channel.clone();
        async move {
            let mut state = channel.check_connectivity_state(true);
            while matches!(
                state,
                ConnectivityState::GRPC_CHANNEL_IDLE | ConnectivityState::GRPC_CHANNEL_CONNECTING
            ) {
                let left = deadline.saturating_duration_since(Instant::now());
                if !channel.wait_for_state_change(state, left).await {
                    return;
                }
                state = channel.check_connectivity_state(true);
            }
        }
    };
    let waits = clients.iter().map(|c| connect(c.inner().channel()));
    futures::executor::block_on(future::join_all(waits));
}
