//! The span processor: finished spans wait in a bounded queue, and a thread of its own posts
//! them in batches. A call never waits on the collector: when the queue is full a span is
//! dropped and counted, and a collector that is down, slow or refusing only costs that thread
//! its time (each post is bounded by the export timeout). After a failed post the [`Gate`]
//! closes for a second ([`RETRY_AFTER`]): the sampler records no span meanwhile, and the
//! thread drops what is queued unencoded, so a collector that is down costs the server a
//! sampler's decision per call and one batch's post per second.

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

/// How long after a failed post the next one is tried; the batches due before then are
/// dropped without being encoded.
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

/// Whether spans are taken: closed for [`RETRY_AFTER`] after a failed post, open again after
/// that or after a post that went through. Shared by the sampler, which records no span while
/// it is closed, and the export thread, which posts nothing while it is closed.
#[derive(Debug)]
pub struct Gate {
    epoch: Instant,
    /// Nanoseconds after `epoch` until which the gate is closed; 0 when it is open.
    closed_until: AtomicU64,
}

impl Default for Gate {
    fn default() -> Self {
        Gate {
            epoch: Instant::now(),
            closed_until: AtomicU64::new(0),
        }
    }
}

impl Gate {
    /// Whether spans are taken now; reads the clock only while the collector fails.
    pub fn is_open(&self) -> bool {
        let until = self.closed_until.load(Ordering::Relaxed);
        until == 0 || self.is_open_at(Instant::now())
    }

    /// Whether spans are taken at `now`.
    fn is_open_at(&self, now: Instant) -> bool {
        let until = self.closed_until.load(Ordering::Relaxed);
        until == 0 || self.nanos(now) >= until
    }

    /// A post failed at `now`: closed until [`RETRY_AFTER`] later.
    fn failed(&self, now: Instant) {
        let until = self.nanos(now + RETRY_AFTER).max(1);
        self.closed_until.store(until, Ordering::Relaxed);
    }

    /// A post went through: open.
    fn succeeded(&self) {
        self.closed_until.store(0, Ordering::Relaxed);
    }

    fn nanos(&self, at: Instant) -> u64 {
        u64::try_from(at.saturating_duration_since(self.epoch).as_nanos()).unwrap_or(u64::MAX)
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

/// The export thread: waits for a full batch, a flush, the stop or the schedule delay, and
/// posts what is queued; on the stop it posts what is left and ends.
fn export_loop(shared: &Shared, resource: &Mutex<Resource>, poster: &Poster) {
    let gate = &shared.gate;
    loop {
        let deadline = Instant::now() + SCHEDULE_DELAY;
        let mut queue = shared.queue();
        loop {
            let due = queue.spans.len() >= MAX_BATCH
                || queue.flushes_asked > queue.flushes_done
                || queue.stopping;
            let left = deadline.saturating_duration_since(Instant::now());
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
        for (i, batch) in batches.into_iter().enumerate() {
            let count = batch.len() as u64;
            // The stop gets one post whatever the last failure: its spans are the last.
            let last_chance = stopping && i == 0;
            if !last_chance && !gate.is_open_at(Instant::now()) {
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
                    gate.succeeded();
                    &shared.counts.exported
                }
                Err(e) => {
                    gate.failed(Instant::now());
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

    /// After a failure the gate stays closed until RETRY_AFTER has passed; a success opens
    /// it at once.
    #[test]
    fn a_failure_closes_the_gate_for_a_while() {
        let gate = Gate::default();
        let start = Instant::now();
        assert!(gate.is_open_at(start) && gate.is_open());
        gate.failed(start);
        assert!(!gate.is_open_at(start));
        assert!(!gate.is_open_at(start + RETRY_AFTER / 2));
        assert!(gate.is_open_at(start + RETRY_AFTER));
        gate.failed(start + RETRY_AFTER);
        assert!(!gate.is_open_at(start + RETRY_AFTER));
        gate.succeeded();
        assert!(gate.is_open_at(start + RETRY_AFTER) && gate.is_open());
    }
}
