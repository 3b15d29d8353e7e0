//! The span processor: finished spans wait in a bounded queue, and a thread of its own posts
//! them in batches. A call never waits on the collector: when the queue is full a span is
//! dropped and counted, and a collector that is down, slow or refusing only costs that thread
//! its time (each post is bounded by the export timeout).
//!
//! A collector that fails closes the [`Gate`]: the sampler records no span while it is
//! closed, and the thread drops what is still queued unencoded. The thread asks the collector
//! with an empty export request when it starts (so that one that is down is known before the
//! first batch) and, while the gate is closed, once per [`RETRY_AFTER`]; the first answer
//! opens the gate. A collector that is down costs the server a sampler's decision per call and
//! an empty post per second (each bounded by the export timeout, like every post).

use std::collections::VecDeque;
use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use log::{debug, warn};
use opentelemetry::Context;
use opentelemetry_sdk::error::{OTelSdkError, OTelSdkResult};
use opentelemetry_sdk::trace::{Span, SpanData, SpanProcessor};
use opentelemetry_sdk::Resource;

use crate::config::TraceConfig;
use crate::encode::export_request;

/// Spans held at most while they wait for the export thread (OpenTelemetry's default).
pub const MAX_QUEUE: usize = 2048;

/// Spans posted at most in one request (OpenTelemetry's default).
pub const MAX_BATCH: usize = 512;

/// How long a span waits at most for its batch to fill (OpenTelemetry's default).
pub const SCHEDULE_DELAY: Duration = Duration::from_secs(5);

/// How often a collector that failed is asked again, while the gate is closed.
pub const RETRY_AFTER: Duration = Duration::from_secs(1);

/// What became of the spans handed to the processor, since it started.
#[derive(Debug, Default)]
pub struct ExportCounts {
    exported: AtomicU64,
    dropped_queue_full: AtomicU64,
    dropped_export_failed: AtomicU64,
}

impl ExportCounts {
    /// Spans the collector accepted.
    pub fn exported(&self) -> u64 {
        self.exported.load(Ordering::Relaxed)
    }

    /// Spans dropped because the queue was full.
    pub fn dropped_queue_full(&self) -> u64 {
        self.dropped_queue_full.load(Ordering::Relaxed)
    }

    /// Spans dropped because their post failed, or not recorded while the collector failed.
    pub fn dropped_export_failed(&self) -> u64 {
        self.dropped_export_failed.load(Ordering::Relaxed)
    }

    /// Counts `n` spans lost to a collector that fails.
    pub(crate) fn export_failed(&self, n: u64) {
        self.dropped_export_failed.fetch_add(n, Ordering::Relaxed);
    }
}

/// Whether spans are taken: closed while the collector fails, open once it answers. Shared
/// by the sampler, which records no span while it is closed, and the export thread, which
/// opens and closes it.
#[derive(Debug, Default)]
pub struct Gate {
    closed: AtomicBool,
}

impl Gate {
    /// Whether spans are taken.
    pub fn is_open(&self) -> bool {
        !self.closed.load(Ordering::Relaxed)
    }

    fn close(&self) {
        self.closed.store(true, Ordering::Relaxed);
    }

    fn open(&self) {
        self.closed.store(false, Ordering::Relaxed);
    }
}

/// The queue and what the export thread is asked to do.
#[derive(Default)]
struct Queue {
    spans: VecDeque<SpanData>,
    /// Flushes asked for, and flushes done: a flush is done once every span queued before it
    /// was posted.
    flushes_asked: u64,
    flushes_done: u64,
    stopping: bool,
    stopped: bool,
}

struct Shared {
    queue: Mutex<Queue>,
    /// Wakes the export thread.
    work: Condvar,
    /// Wakes those waiting for a flush or the stop.
    done: Condvar,
    counts: Arc<ExportCounts>,
    /// Closed while the collector fails.
    gate: Arc<Gate>,
    /// The first drop of a full queue is logged; the rest are only counted.
    full_logged: AtomicBool,
}

impl Shared {
    fn queue(&self) -> MutexGuard<'_, Queue> {
        // The queue stays consistent whatever a holder did: keep using it after a panic.
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The span processor that exports over OTLP/HTTP from a thread of its own.
pub struct QueueProcessor {
    shared: Arc<Shared>,
    /// The resource the provider hands over before the first span, for the export thread.
    resource: Arc<Mutex<Resource>>,
}

impl fmt::Debug for QueueProcessor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QueueProcessor").finish_non_exhaustive()
    }
}

impl QueueProcessor {
    /// Starts the export thread, posting to `config`'s endpoint; `counts` records what
    /// becomes of each span, and `gate` closes while the collector fails.
    pub fn start(
        config: &TraceConfig,
        counts: Arc<ExportCounts>,
        gate: Arc<Gate>,
    ) -> std::io::Result<Self> {
        let shared = Arc::new(Shared {
            queue: Mutex::new(Queue::default()),
            work: Condvar::new(),
            done: Condvar::new(),
            counts,
            gate,
            full_logged: AtomicBool::new(false),
        });
        let resource = Arc::new(Mutex::new(Resource::builder_empty().build()));
        let poster = Poster::new(config);
        let (thread_shared, thread_resource) = (Arc::clone(&shared), Arc::clone(&resource));
        thread::Builder::new()
            .name("otlp-export".to_owned())
            .spawn(move || export_loop(&thread_shared, &thread_resource, &poster))?;
        Ok(QueueProcessor { shared, resource })
    }

    /// Waits until the export thread has done what `reached` asks, for at most `timeout`.
    fn wait(&self, timeout: Duration, reached: impl Fn(&Queue) -> bool) -> OTelSdkResult {
        let (queue, _) = self
            .shared
            .done
            .wait_timeout_while(self.shared.queue(), timeout, |q| !reached(q))
            .unwrap_or_else(PoisonError::into_inner);
        if reached(&queue) {
            Ok(())
        } else {
            Err(OTelSdkError::Timeout(timeout))
        }
    }
}

impl SpanProcessor for QueueProcessor {
    fn on_start(&self, _span: &mut Span, _cx: &Context) {}

    fn on_end(&self, span: SpanData) {
        if !span.span_context.is_sampled() {
            return;
        }
        let mut queue = self.shared.queue();
        if queue.stopping {
            return;
        }
        if queue.spans.len() >= MAX_QUEUE {
            drop(queue);
            self.shared
                .counts
                .dropped_queue_full
                .fetch_add(1, Ordering::Relaxed);
            if !self.shared.full_logged.swap(true, Ordering::Relaxed) {
                warn!(
                    "trace export cannot keep up: {MAX_QUEUE} spans wait already; newer spans \
                     are dropped, and counted, until there is room"
                );
            }
            return;
        }
        queue.spans.push_back(span);
        if queue.spans.len() >= MAX_BATCH {
            self.shared.work.notify_one();
        }
    }

    fn force_flush(&self) -> OTelSdkResult {
        let asked = {
            let mut queue = self.shared.queue();
            queue.flushes_asked += 1;
            queue.flushes_asked
        };
        self.shared.work.notify_one();
        self.wait(Duration::from_secs(30), |q| {
            q.flushes_done >= asked || q.stopped
        })
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        self.shared.queue().stopping = true;
        self.shared.work.notify_one();
        self.wait(timeout, |q| q.stopped)
    }

    fn set_resource(&mut self, resource: &Resource) {
        *self.resource.lock().unwrap_or_else(PoisonError::into_inner) = resource.clone();
    }
}

/// The export thread: asks the collector once, then waits for a full batch, a flush, the
/// stop, the schedule delay or (while the gate is closed) the time to ask again, and posts
/// what is queued; on the stop it posts what is left and ends.
fn export_loop(shared: &Shared, resource: &Mutex<Resource>, poster: &Poster) {
    let gate = &shared.gate;
    let mut retry_at = ask(gate, poster);
    loop {
        let deadline = Instant::now() + SCHEDULE_DELAY;
        let mut queue = shared.queue();
        loop {
            let due = queue.spans.len() >= MAX_BATCH
                || queue.flushes_asked > queue.flushes_done
                || queue.stopping;
            let wake = retry_at.map_or(deadline, |at| at.min(deadline));
            let left = wake.saturating_duration_since(Instant::now());
            if due || left.is_zero() {
                break;
            }
            queue = shared
                .work
                .wait_timeout(queue, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        let flushes = queue.flushes_asked;
        let stopping = queue.stopping;
        // Everything queued now goes out, in batches: a flush or the stop covers it all.
        let mut batches = Vec::new();
        while !queue.spans.is_empty() {
            let take = queue.spans.len().min(MAX_BATCH);
            batches.push(queue.spans.drain(..take).collect::<Vec<_>>());
        }
        drop(queue);
        if !stopping && retry_at.is_some_and(|at| Instant::now() >= at) {
            retry_at = ask(gate, poster);
        }
        for (i, batch) in batches.into_iter().enumerate() {
            let count = batch.len() as u64;
            // The stop gets one post whatever the last failure: its spans are the last.
            let last_chance = stopping && i == 0;
            if !last_chance && !gate.is_open() {
                drop(batch);
                shared.counts.export_failed(count);
                continue;
            }
            let resource = resource
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone();
            let counter = match poster.post(export_request(&resource, batch)) {
                Ok(()) => {
                    gate.open();
                    retry_at = None;
                    &shared.counts.exported
                }
                Err(e) => {
                    gate.close();
                    retry_at = Some(Instant::now() + RETRY_AFTER);
                    poster.report(&e);
                    &shared.counts.dropped_export_failed
                }
            };
            counter.fetch_add(count, Ordering::Relaxed);
        }
        let mut queue = shared.queue();
        queue.flushes_done = queue.flushes_done.max(flushes);
        if stopping {
            queue.stopped = true;
        }
        shared.done.notify_all();
        if stopping {
            return;
        }
    }
}

/// Asks the collector with an empty export request: opens the gate when it answers, closes
/// it otherwise; when to ask again (`None` when it answered). An answer that refuses the empty
/// request itself (a 4xx but 408 and 429) still shows a collector there: the gate opens, and
/// the batches tell whether it takes spans.
fn ask(gate: &Gate, poster: &Poster) -> Option<Instant> {
    match poster.post(Vec::new()) {
        Ok(()) => {
            gate.open();
            None
        }
        Err(ureq::Error::StatusCode(code))
            if (400..500).contains(&code) && code != 408 && code != 429 =>
        {
            gate.open();
            None
        }
        Err(e) => {
            gate.close();
            poster.report(&e);
            Some(Instant::now() + RETRY_AFTER)
        }
    }
}

/// Posts export requests to the collector.
struct Poster {
    agent: ureq::Agent,
    endpoint: String,
    headers: Vec<(String, String)>,
    /// Whether the collector failed last time: a failure is logged when it starts, and the
    /// recovery when it ends, not every post in between.
    failing: AtomicBool,
}

impl Poster {
    fn new(config: &TraceConfig) -> Self {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(config.timeout))
            .http_status_as_error(true)
            .build()
            .new_agent();
        Poster {
            agent,
            endpoint: config.endpoint.clone(),
            headers: config.headers.clone(),
            failing: AtomicBool::new(false),
        }
    }

    /// Posts one serialized `ExportTraceServiceRequest`.
    fn post(&self, body: Vec<u8>) -> Result<(), ureq::Error> {
        let mut request = self
            .agent
            .post(&self.endpoint)
            .header("Content-Type", "application/x-protobuf");
        for (name, value) in &self.headers {
            request = request.header(name, value);
        }
        let mut response = request.send(&body[..])?;
        // Read to its end, so that the connection can carry the next post.
        response.body_mut().read_to_vec()?;
        if self.failing.swap(false, Ordering::Relaxed) {
            warn!("trace export to {} works again", self.endpoint);
        }
        Ok(())
    }

    fn report(&self, error: &ureq::Error) {
        if self.failing.swap(true, Ordering::Relaxed) {
            debug!("trace export to {} failed again: {error}", self.endpoint);
        } else {
            warn!(
                "trace export to {} failed: {error}; spans are dropped, and counted, while it \
                 fails",
                self.endpoint
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The gate is open until closed, and closed until opened.
    #[test]
    fn the_gate_opens_and_closes() {
        let gate = Gate::default();
        assert!(gate.is_open());
        gate.close();
        assert!(!gate.is_open());
        gate.open();
        assert!(gate.is_open());
    }
}
