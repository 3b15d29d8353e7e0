//! The load generator behind `users-bench`: drives a `users.Users` server with generated users
//! over many streams and connections, checks every answer, and measures throughput and latency.
//!
//! Every stream is polled on the one completion-queue thread of a shared environment, the
//! thread that completes its gRPC operations, so sending, receiving and checking a message
//! costs no hand-off between threads. The calling thread only waits for outcomes.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, LazyLock, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use futures::channel::oneshot;
use futures::future::{self, AbortHandle, Abortable, Either};
use futures::{Sink, SinkExt, Stream, StreamExt};
use futures_timer::Delay;
use grpcio::{
    Channel, ChannelBuilder, ClientDuplexReceiver, ClientDuplexSender, ConnectivityState,
    EnvBuilder, WriteFlags,
};
use hdrhistogram::Histogram;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use log::debug;
use serde::{Deserialize, Serialize};
use users_grpc::rules::{Broken, Rule};
use users_grpc::{CreateUserRes, User, UsersClient};

use crate::{check_addr, classify, ClientError};

/// The server address `users-bench` dials unless told otherwise.
pub const DEFAULT_ADDR: &str = "127.0.0.1:3000";

/// The bound on a whole run unless told otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// How often the waiting thread checks the clock and redraws the progress bar.
const TICK: Duration = Duration::from_millis(100);

/// Runs shorter than this show no progress bar.
const PROGRESS_AFTER: Duration = Duration::from_secs(1);

/// Latencies are gathered per stream and merged into the run's histogram in batches this big.
const LATENCY_BATCH: usize = 1024;

/// The C core's channel argument for a stack without optional filters.
const MINIMAL_STACK: &std::ffi::CStr = c"grpc.minimal_stack";

/// How long an aborted run waits for its streams to be cancelled before returning.
const ABORT_WAIT: Duration = Duration::from_secs(2);

/// One line of `testdata/generated_cycle.jsonl`: a generated user's names.
#[derive(Deserialize)]
struct CycleRow {
    name: String,
    last_name: String,
}

/// The generated users' names and the rules each breaks, by `i % 12`.
struct Cycle {
    rows: Vec<(CycleRow, Broken)>,
}

/// The cycle of `testdata/generated_cycle.jsonl`, read once.
fn cycle() -> &'static Cycle {
    static CYCLE: LazyLock<Cycle> = LazyLock::new(|| {
        let rows = include_str!("../../testdata/generated_cycle.jsonl")
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| {
                let row: CycleRow =
                    serde_json::from_str(line).expect("generated_cycle.jsonl lines are users");
                let broken = Broken::of(&User {
                    name: row.name.clone(),
                    last_name: row.last_name.clone(),
                    ..Default::default()
                });
                (row, broken)
            })
            .collect::<Vec<_>>();
        assert!(!rows.is_empty(), "generated_cycle.jsonl has no users");
        Cycle { rows }
    });
    &CYCLE
}

impl Cycle {
    fn row(&self, i: u64) -> &(CycleRow, Broken) {
        &self.rows[(i % self.rows.len() as u64) as usize]
    }
}

/// User `i` of a stream: id and age `i`, names from line `i % 12` of the generated cycle.
pub fn bench_user(i: u64) -> User {
    let mut digits = [0u8; 20];
    let (row, _) = cycle().row(i);
    User {
        id: String::from_utf8(decimal(i, &mut digits).to_vec()).unwrap_or_default(),
        name: row.name.clone(),
        last_name: row.last_name.clone(),
        age: i as i32,
        ..Default::default()
    }
}

/// Writes `n` in decimal into `buf` and returns the digits, without allocating.
fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut start = buf.len();
    loop {
        start -= 1;
        buf[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[start..]
}

/// Checks the answer at `position` of a stream: it must be for user `position`, with the
/// service's verdict on that user.
pub fn check_answer(res: &CreateUserRes, position: u64) -> Result<(), ClientError> {
    let mut digits = [0u8; 20];
    let id = decimal(position, &mut digits);
    if res.user_id.as_bytes() != id {
        return Err(ClientError::OutOfOrder {
            position: position as usize,
            expected: String::from_utf8_lossy(id).into_owned(),
            got: res.user_id.clone(),
        });
    }
    let (_, broken) = cycle().row(position);
    if !broken.matches(res) {
        let errors: Vec<&str> = broken.iter().map(Rule::message).collect();
        return Err(ClientError::WrongAnswer {
            position: position as usize,
            user_id: res.user_id.clone(),
            expected: format!("success={} errors={errors:?}", broken.is_empty()),
            got: format!("success={} errors={:?}", res.success, res.errors),
        });
    }
    Ok(())
}

/// A load pattern and its parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scenario {
    /// `streams` streams spread over `connections` connections, each sending `users` users as
    /// fast as flow control allows while reading the answers.
    Flood {
        streams: u64,
        connections: u64,
        users: u64,
    },
    /// One stream, one request outstanding at a time: send, await its answer, repeat.
    PingPong { requests: u64 },
    /// `rate` users/s in total on a fixed schedule for `duration`, latency from each user's
    /// intended send time.
    OpenLoop {
        rate: u64,
        duration: Duration,
        streams: u64,
        connections: u64,
    },
    /// `streams` short streams, `concurrency` at a time, each sending `users` users.
    Churn {
        streams: u64,
        concurrency: u64,
        users: u64,
        connections: u64,
    },
    /// `streams` streams that are each answered once, then held open and idle for `hold`.
    Idle {
        streams: u64,
        connections: u64,
        hold: Duration,
    },
}

impl Scenario {
    /// The scenario's name on the command line and in reports.
    pub fn name(&self) -> &'static str {
        match self {
            Scenario::Flood { .. } => "flood",
            Scenario::PingPong { .. } => "ping-pong",
            Scenario::OpenLoop { .. } => "open-loop",
            Scenario::Churn { .. } => "churn",
            Scenario::Idle { .. } => "idle",
        }
    }

    fn streams(&self) -> u64 {
        match *self {
            Scenario::PingPong { .. } => 1,
            Scenario::Flood { streams, .. }
            | Scenario::OpenLoop { streams, .. }
            | Scenario::Churn { streams, .. }
            | Scenario::Idle { streams, .. } => streams,
        }
    }

    /// Connections actually opened: never more than there are streams to put on them.
    fn connections(&self) -> u64 {
        let wanted = match *self {
            Scenario::PingPong { .. } => 1,
            Scenario::Flood { connections, .. }
            | Scenario::OpenLoop { connections, .. }
            | Scenario::Churn { connections, .. }
            | Scenario::Idle { connections, .. } => connections,
        };
        wanted.min(self.streams()).max(1)
    }

    /// Refuses parameters that leave nothing to measure or nothing to divide by.
    fn validate(&self) -> Result<(), BenchError> {
        let positive = |value: u64, flag: &str| {
            if value == 0 {
                Err(BenchError::Invalid(format!("{flag} must be at least 1")))
            } else {
                Ok(())
            }
        };
        match *self {
            Scenario::Flood {
                streams,
                connections,
                users,
            } => {
                positive(streams, "--streams")?;
                positive(connections, "--connections")?;
                positive(users, "--users")
            }
            Scenario::PingPong { requests } => positive(requests, "--requests"),
            Scenario::OpenLoop {
                rate,
                duration,
                streams,
                connections,
            } => {
                positive(rate, "--rate")?;
                positive(streams, "--streams")?;
                positive(connections, "--connections")?;
                if duration.is_zero() {
                    return Err(BenchError::Invalid(
                        "--duration must be positive".to_owned(),
                    ));
                }
                Ok(())
            }
            Scenario::Churn {
                streams,
                concurrency,
                users,
                connections,
            } => {
                positive(streams, "--streams")?;
                positive(concurrency, "--concurrency")?;
                positive(users, "--users")?;
                positive(connections, "--connections")
            }
            Scenario::Idle {
                streams,
                connections,
                ..
            } => {
                positive(streams, "--streams")?;
                positive(connections, "--connections")
            }
        }
    }
}

/// Where to run a scenario and how to watch it.
#[derive(Clone, Debug)]
pub struct BenchOptions {
    /// Server address, `HOST:PORT`.
    pub addr: String,
    /// Bound on the whole run; exceeding it is an error.
    pub timeout: Duration,
    /// Show a progress bar on stderr once the run has lasted about a second.
    pub progress: bool,
}

impl Default for BenchOptions {
    fn default() -> Self {
        BenchOptions {
            addr: DEFAULT_ADDR.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            progress: false,
        }
    }
}

/// Why a run failed.
#[derive(Debug)]
pub enum BenchError {
    /// The parameters or the address are unusable.
    Invalid(String),
    /// A stream failed, or its answers broke the service's contract.
    Stream { stream: u64, error: ClientError },
    /// The run did not finish within its bound.
    Timeout(Duration),
    /// Streams stopped without reporting an outcome (their completion queue shut down).
    Lost,
}

impl fmt::Display for BenchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BenchError::Invalid(reason) => write!(f, "{reason}"),
            BenchError::Stream { stream, error } => write!(f, "stream {stream}: {error}"),
            BenchError::Timeout(t) => write!(
                f,
                "the run did not finish within {}",
                humantime::format_duration(*t)
            ),
            BenchError::Lost => write!(f, "streams stopped without reporting an outcome"),
        }
    }
}

impl std::error::Error for BenchError {}

/// What a finished run measured.
#[derive(Clone, Debug)]
pub struct Report {
    /// The scenario's name.
    pub scenario: &'static str,
    /// Streams opened.
    pub streams: u64,
    /// Connections (channels) the streams were spread over.
    pub connections: u64,
    /// Target rate in users/s (open-loop only).
    pub rate: Option<u64>,
    /// Responses received and checked.
    pub messages: u64,
    /// Wall time of the whole run.
    pub elapsed: Duration,
    /// Latencies in microseconds: per message, per stream (churn) or per first answer (idle).
    pub latency: Histogram<u64>,
    /// Whether streams per second are part of the report (churn).
    pub per_stream: bool,
}

/// Latency percentiles in microseconds, as reports print them.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub struct LatencySummary {
    /// Median.
    pub p50: u64,
    /// 90th percentile.
    pub p90: u64,
    /// 99th percentile.
    pub p99: u64,
    /// 99.9th percentile.
    pub p999: u64,
    /// Largest latency seen.
    pub max: u64,
}

#[derive(Serialize)]
struct JsonReport {
    tool: &'static str,
    scenario: &'static str,
    streams: u64,
    connections: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    rate: Option<u64>,
    messages: u64,
    elapsed_s: f64,
    throughput: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    streams_per_s: Option<f64>,
    latency_us: LatencySummary,
}

/// Rounds `x` to `decimals` places, to keep reports short without losing anything measured.
fn round(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (x * scale).round() / scale
}

impl Report {
    /// Responses per second over the whole run.
    pub fn throughput(&self) -> f64 {
        per_second(self.messages, self.elapsed)
    }

    /// Streams completed per second (churn only).
    pub fn streams_per_s(&self) -> Option<f64> {
        self.per_stream
            .then(|| per_second(self.streams, self.elapsed))
    }

    /// The latency percentiles.
    pub fn latency_summary(&self) -> LatencySummary {
        let h = &self.latency;
        LatencySummary {
            p50: h.value_at_quantile(0.5),
            p90: h.value_at_quantile(0.9),
            p99: h.value_at_quantile(0.99),
            p999: h.value_at_quantile(0.999),
            max: h.max(),
        }
    }

    /// The report as one line of JSON, the format shared with the Go load client.
    pub fn to_json(&self) -> String {
        let report = JsonReport {
            tool: "users-bench",
            scenario: self.scenario,
            streams: self.streams,
            connections: self.connections,
            rate: self.rate,
            messages: self.messages,
            elapsed_s: round(self.elapsed.as_secs_f64(), 6),
            throughput: round(self.throughput(), 1),
            streams_per_s: self.streams_per_s().map(|s| round(s, 1)),
            latency_us: self.latency_summary(),
        };
        // Plain numbers and strings always serialize.
        serde_json::to_string(&report).unwrap_or_default()
    }

    /// The report as a small table for people.
    pub fn to_table(&self) -> String {
        let l = self.latency_summary();
        let plural = |n: u64, word: &str| {
            if n == 1 {
                format!("{n} {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        let mut rows = vec![
            (
                "scenario",
                format!(
                    "{} ({} over {})",
                    self.scenario,
                    plural(self.streams, "stream"),
                    plural(self.connections, "connection")
                ),
            ),
            ("messages", self.messages.to_string()),
            ("elapsed", format!("{:.3} s", self.elapsed.as_secs_f64())),
            ("throughput", format!("{:.1} msg/s", self.throughput())),
        ];
        if let Some(rate) = self.rate {
            rows.push(("target rate", format!("{rate} users/s")));
        }
        if let Some(s) = self.streams_per_s() {
            rows.push(("streams/s", format!("{s:.1}")));
        }
        let what = if self.per_stream {
            "latency per stream (µs)"
        } else if self.scenario == "idle" {
            "first-answer latency (µs)"
        } else {
            "latency (µs)"
        };
        rows.push((
            what,
            format!(
                "p50 {}  p90 {}  p99 {}  p99.9 {}  max {}",
                l.p50, l.p90, l.p99, l.p999, l.max
            ),
        ));
        let width = rows
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        let mut table = String::new();
        for (key, value) in rows {
            let pad = width - key.chars().count();
            table.push_str(&format!("{key}{:pad$}  {value}\n", ""));
        }
        table
    }
}

/// The instant `d` from now; durations too long for the clock (`--timeout 1000000y`) mean
/// a century, which no run reaches.
fn after(d: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(d)
        .or_else(|| now.checked_add(Duration::from_secs(100 * 365 * 24 * 3600)))
        .unwrap_or(now)
}

fn per_second(count: u64, elapsed: Duration) -> f64 {
    let secs = elapsed.as_secs_f64();
    if secs > 0.0 {
        count as f64 / secs
    } else {
        0.0
    }
}

/// Runs `scenario` against `options.addr` and reports what it measured.
///
/// Every answer is checked; the first failure stops the run, cancels its streams and is
/// returned. `on_ready` is called once in the idle scenario, with the number of streams,
/// when all of them have been answered and the hold begins.
pub fn run(
    scenario: &Scenario,
    options: &BenchOptions,
    on_ready: &mut dyn FnMut(u64),
) -> Result<Report, BenchError> {
    scenario.validate()?;
    check_addr(&options.addr).map_err(|e| BenchError::Invalid(e.to_string()))?;
    let mut run = Run::new(scenario, options);
    let start = run.start;
    match *scenario {
        Scenario::Flood { streams, users, .. } => {
            run.set_total(streams.saturating_mul(users));
            for stream in 0..streams {
                run.check_deadline()?;
                run.spawn_drive(stream, users, Pace::Flood)?;
            }
            run.wait_done()?;
        }
        Scenario::PingPong { requests } => {
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
            run.set_total(streams.saturating_mul(users));
            let next = Arc::new(AtomicU64::new(0));
            for _ in 0..concurrency.min(streams) {
                run.check_deadline()?;
                run.spawn_churn_lane(Arc::clone(&next), streams, users);
            }
            run.wait_done()?;
        }
        Scenario::Idle { streams, hold, .. } => {
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
enum Event {
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
                let channel = ChannelBuilder::new(Arc::clone(&env))
                    .use_local_subchannel_pool(true)
                    .raw_cfg_int(MINIMAL_STACK.into(), 1)
                    .connect(&options.addr);
                UsersClient::new(channel)
            })
            .collect();
        warm_up(&clients, deadline);
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
                Scenario::OpenLoop { rate, .. } => Some(*rate),
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

/// Latencies up to an hour are told apart; longer ones count as an hour.
const MAX_LATENCY_US: u64 = 3_600_000_000;

fn new_histogram() -> Histogram<u64> {
    // One histogram per run (about 200 KiB at 3 significant figures), shared by its streams.
    Histogram::new_with_bounds(1, MAX_LATENCY_US, 3)
        .expect("hdrhistogram supports these constant bounds")
}

/// Latencies of one stream, merged into the run's histogram in batches so that the lock is
/// taken once per batch, not once per message.
struct Latencies {
    shared: Arc<Mutex<Histogram<u64>>>,
    pending: Vec<u64>,
}

impl Latencies {
    fn new(shared: &Arc<Mutex<Histogram<u64>>>) -> Latencies {
        Latencies {
            shared: Arc::clone(shared),
            pending: Vec::new(),
        }
    }

    fn record(&mut self, latency: Duration) {
        if self.pending.capacity() == 0 {
            self.pending.reserve_exact(LATENCY_BATCH);
        }
        self.pending
            .push(u64::try_from(latency.as_micros()).unwrap_or(u64::MAX));
        if self.pending.len() >= LATENCY_BATCH {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let mut histogram = self
            .shared
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        for &micros in &self.pending {
            histogram.saturating_record(micros);
        }
        self.pending.clear();
    }
}

impl Drop for Latencies {
    fn drop(&mut self) {
        self.flush();
    }
}

/// The progress bar: hidden unless asked for, and drawn only once a run has lasted a while.
struct Bar {
    bar: Option<ProgressBar>,
    start: Instant,
    shown: bool,
}

impl Bar {
    fn new(enabled: bool, start: Instant) -> Bar {
        let bar = enabled.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
            if let Ok(style) = ProgressStyle::with_template(
                "{elapsed_precise} [{bar:40}] {human_pos}/{human_len} answers, {eta} left",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        });
        Bar {
            bar,
            start,
            shown: false,
        }
    }

    fn set_total(&mut self, total: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(total);
        }
    }

    fn tick(&mut self, position: u64) {
        let Some(bar) = &self.bar else { return };
        if !self.shown && self.start.elapsed() >= PROGRESS_AFTER {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
        }
        bar.set_position(position);
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

/// Users an open-loop run sends: one per slot of 1/rate seconds that starts within `duration`.
fn scheduled_slots(rate: u64, duration: Duration) -> u64 {
    let slots = duration
        .as_nanos()
        .saturating_mul(u128::from(rate))
        .div_ceil(1_000_000_000);
    u64::try_from(slots).unwrap_or(u64::MAX)
}

/// Users stream `stream` of `streams` sends: the slots `stream`, `stream + streams`... below
/// `slots`.
fn slots_of_stream(slots: u64, streams: u64, stream: u64) -> u64 {
    if stream < slots {
        (slots - stream - 1) / streams + 1
    } else {
        0
    }
}

/// The intended send times of one open-loop stream.
#[derive(Clone, Copy, Debug)]
struct Schedule {
    start: Instant,
    rate: u64,
    first_slot: u64,
    stride: u64,
}

impl Schedule {
    /// When user `i` of the stream is due.
    fn at(&self, i: u64) -> Instant {
        let slot = u128::from(i)
            .saturating_mul(u128::from(self.stride))
            .saturating_add(u128::from(self.first_slot));
        let nanos = slot.saturating_mul(1_000_000_000) / u128::from(self.rate.max(1));
        let offset = Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX));
        self.start
            .checked_add(offset)
            .unwrap_or_else(|| after(offset))
    }
}

/// How a stream paces its sends.
enum Pace {
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
struct Drive {
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
    fn open(
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
async fn idle_stream(
    client: UsersClient,
    addr: Arc<str>,
    mut latencies: Latencies,
    progress: Arc<AtomicU64>,
    ready: mpsc::Sender<Event>,
    release: oneshot::Receiver<()>,
) -> Result<(), ClientError> {
    let (mut sender, mut receiver) = client.create_user().map_err(|e| classify(e, &addr, None))?;
    let sent_at = Instant::now();
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
            return Err(ClientError::Grpc(
                "the run stopped during the hold".to_owned(),
            ))
        }
        Either::Right((ended, _)) => Some(ended),
    };
    let ended = match ended_early {
        Some(None) => {
            return Err(ClientError::Grpc(
                "the server ended the stream while it was held open".to_owned(),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Decimal ids are written without allocating, from 0 to the largest u64.
    #[test]
    fn writes_decimal_ids() {
        let mut buf = [0u8; 20];
        assert_eq!(decimal(0, &mut buf), b"0");
        assert_eq!(decimal(1207, &mut buf), b"1207");
        assert_eq!(decimal(u64::MAX, &mut buf), b"18446744073709551615");
        assert_eq!(bench_user(1207).id, "1207");
    }

    /// The open-loop schedule is split among the streams without losing or adding a slot.
    #[test]
    fn splits_the_schedule_among_streams() {
        assert_eq!(scheduled_slots(2000, Duration::from_millis(300)), 600);
        assert_eq!(scheduled_slots(3, Duration::from_millis(500)), 2);
        for (slots, streams) in [(600, 3), (7, 3), (2, 5), (1, 1), (0, 2)] {
            let split: Vec<u64> = (0..streams)
                .map(|s| slots_of_stream(slots, streams, s))
                .collect();
            assert_eq!(split.iter().sum::<u64>(), slots, "{slots} over {streams}");
            assert!(split.windows(2).all(|w| w[0] >= w[1] && w[0] - w[1] <= 1));
        }
    }

    /// Stream s of S sends user i at slot i * S + s, so the streams interleave evenly.
    #[test]
    fn schedules_interleaved_slots() {
        let start = Instant::now();
        let schedule = Schedule {
            start,
            rate: 1000,
            first_slot: 1,
            stride: 4,
        };
        assert_eq!(schedule.at(0), start + Duration::from_millis(1));
        assert_eq!(schedule.at(2), start + Duration::from_millis(9));
    }

    /// The generated users repeat the golden cycle, and each answer the rules give them passes
    /// the check while a wrong one does not.
    #[test]
    fn generated_users_follow_the_cycle() {
        assert_eq!(cycle().rows.len(), 12);
        for i in [0u64, 5, 12, 29] {
            let user = bench_user(i);
            let (row, _) = cycle().row(i);
            assert_eq!(
                (user.name.as_str(), user.last_name.as_str()),
                (row.name.as_str(), row.last_name.as_str())
            );
            let mut res = users_grpc::rules::answer(user);
            assert!(check_answer(&res, i).is_ok(), "user {i}");
            res.success = !res.success;
            assert!(check_answer(&res, i).is_err(), "user {i}");
        }
    }
}
