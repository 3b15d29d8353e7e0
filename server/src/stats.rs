//! Counters of the server's streams, readable while it runs and gathered for Prometheus.
//!
//! Counters are the `prometheus` crate's atomics, bumped on the completion-queue threads
//! without a lock; only the number of active streams also goes through a mutex, so that a
//! drain can wait for it.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use grpcio::{RpcContext, RpcStatusCode};
use prometheus::core::{Collector, Desc};
use prometheus::proto::MetricFamily;
use prometheus::{
    Encoder, Histogram, HistogramOpts, IntCounter, IntCounterVec, IntGauge, Opts, Registry,
    TextEncoder,
};
use users_grpc::rules::{Broken, Rule};
use users_otlp::rpc::Conventions;
use users_otlp::{ExportCounts, Tracing};
use users_transport::status_code_name;

use crate::calls::{dropped_code, known_code, CallMetrics, CallRecord};
use crate::spans::{CallTracer, SCOPE};

/// Totals over the server's lifetime, and the number of streams open now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// Streams open now.
    pub active_streams: u64,
    /// Streams ever started.
    pub total_streams: u64,
    /// Streams that ended with status OK.
    pub ok_streams: u64,
    /// Users received, counted as they arrive.
    pub users_received: u64,
    /// Responses sent, counted as they are handed to the transport.
    pub responses_sent: u64,
}

/// Upper bounds of the stream duration histogram's buckets, in seconds.
const DURATION_BUCKETS: [f64; 14] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0,
];

/// Shared counters of the server's streams.
#[derive(Debug)]
pub struct Stats {
    active: Mutex<u64>,
    idle: Condvar,
    registry: Registry,
    active_gauge: IntGauge,
    started: IntCounter,
    /// By status code name; a code appears once a stream has ended with it (OK at once).
    finished: IntCounterVec,
    received: IntCounter,
    sent: IntCounter,
    /// One counter per rule, in the order of `Rule::ALL`.
    failures: Vec<IntCounter>,
    durations: Histogram,
    /// The gRPC-standard per-call metrics of every method (gRFC A66).
    calls: CallMetrics,
    /// The tracer of the calls, when tracing is on.
    tracer: Option<CallTracer>,
}

impl Default for Stats {
    fn default() -> Self {
        let registry = Registry::new();
        let register = |collector: Box<dyn Collector>| {
            registry
                .register(collector)
                .expect("the server's metrics have distinct names");
        };
        let active_gauge = IntGauge::new("users_streams_active", "CreateUser streams open now.")
            .expect("valid metric");
        let started = IntCounter::new("users_streams_started_total", "CreateUser streams started.")
            .expect("valid metric");
        let finished = IntCounterVec::new(
            Opts::new(
                "users_streams_finished_total",
                "CreateUser streams finished, by gRPC status code.",
            ),
            &["code"],
        )
        .expect("valid metric");
        // OK is there from the start, so that the series exists before the first stream ends.
        finished.with_label_values(&["OK"]);
        let received = IntCounter::new(
            "users_received_total",
            "Users received on CreateUser streams.",
        )
        .expect("valid metric");
        let sent = IntCounter::new(
            "users_responses_sent_total",
            "Responses sent on CreateUser streams.",
        )
        .expect("valid metric");
        let failures_vec = IntCounterVec::new(
            Opts::new(
                "users_validation_failures_total",
                "Validation rules broken by received users, by rule.",
            ),
            &["reason"],
        )
        .expect("valid metric");
        let failures = Rule::ALL
            .iter()
            .map(|rule| failures_vec.with_label_values(&[rule.label()]))
            .collect();
        let durations = Histogram::with_opts(
            HistogramOpts::new(
                "users_stream_duration_seconds",
                "How long finished CreateUser streams lasted.",
            )
            .buckets(DURATION_BUCKETS.to_vec()),
        )
        .expect("valid metric");
        register(Box::new(active_gauge.clone()));
        register(Box::new(started.clone()));
        register(Box::new(finished.clone()));
        register(Box::new(HandlerPanics::new()));
        register(Box::new(received.clone()));
        register(Box::new(sent.clone()));
        register(Box::new(failures_vec));
        register(Box::new(durations.clone()));
        let calls = CallMetrics::new();
        for collector in calls.collectors() {
            register(collector);
        }
        Stats {
            active: Mutex::new(0),
            idle: Condvar::new(),
            registry,
            active_gauge,
            started,
            finished,
            received,
            sent,
            failures,
            durations,
            calls,
            tracer: None,
        }
    }
}

impl Stats {
    fn active(&self) -> MutexGuard<'_, u64> {
        // The count stays meaningful even if a holder panicked: keep using it.
        self.active.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts a new stream; it stays active until the returned guard is finished or dropped.
    pub fn stream_started(self: &Arc<Self>) -> StreamGuard {
        let mut active = self.active();
        *active += 1;
        self.active_gauge.set(gauge_value(*active));
        drop(active);
        self.started.inc();
        StreamGuard {
            stats: Arc::clone(self),
            started: Instant::now(),
            done: false,
        }
    }

    /// Starts the record of the call `ctx` serves: its gRPC-standard metrics, and its span
    /// when tracing is on.
    pub(crate) fn call_started(self: &Arc<Self>, ctx: &RpcContext<'_>) -> CallRecord {
        let method = self.calls.method_index(ctx.method());
        let span = self
            .tracer
            .as_ref()
            .map(|tracer| tracer.start(ctx, self.calls.served_name(method)));
        CallRecord::start(Arc::clone(self), method, span)
    }

    /// The gRPC-standard per-call metrics.
    pub(crate) fn calls(&self) -> &CallMetrics {
        &self.calls
    }

    /// Counts a received user and the rules it broke.
    pub fn user_answered(&self, broken: Broken) {
        self.received.inc();
        for rule in broken.iter() {
            self.failures[rule.index()].inc();
        }
    }

    /// Counts a response handed to the transport.
    pub fn response_sent(&self) {
        self.sent.inc();
    }

    /// The counters as they are now.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            active_streams: *self.active(),
            total_streams: self.started.get(),
            ok_streams: self.finished.with_label_values(&["OK"]).get(),
            users_received: self.received.get(),
            responses_sent: self.sent.get(),
        }
    }

    /// Waits until no stream is active, for at most `timeout`; true when idle.
    pub fn wait_idle(&self, timeout: Duration) -> bool {
        let (active, _) = self
            .idle
            .wait_timeout_while(self.active(), timeout, |active| *active > 0)
            .unwrap_or_else(PoisonError::into_inner);
        *active == 0
    }

    fn end_stream(&self, code: RpcStatusCode, duration: Duration) {
        let code = known_code(code);
        self.finished
            .with_label_values(&[status_code_name(code)])
            .inc();
        self.durations.observe(duration.as_secs_f64());
        let mut active = self.active();
        *active -= 1;
        self.active_gauge.set(gauge_value(*active));
        if *active == 0 {
            self.idle.notify_all();
        }
    }

    /// The counters in the Prometheus text exposition format (version 0.0.4).
    pub fn render_prometheus(&self) -> String {
        let mut out = Vec::with_capacity(4096);
        // Writing text into a Vec fails only on a malformed family, which the registry
        // does not hold.
        if let Err(e) = TextEncoder::new().encode(&self.registry.gather(), &mut out) {
            log::warn!("cannot encode the metrics: {e}");
        }
        String::from_utf8(out).unwrap_or_default()
    }
}

impl Stats {
    /// Counters of a server whose calls `tracing` traces: each call gets a span, named after
    /// `conventions`, and what became of the spans is served beside the rest.
    pub(crate) fn traced(tracing: &Tracing, conventions: Conventions) -> Stats {
        let mut stats = Stats::default();
        stats
            .registry
            .register(Box::new(TraceExport::new(Arc::clone(tracing.counts()))))
            .expect("the trace export's metrics have names of their own");
        stats.tracer = Some(CallTracer::new(
            tracing.tracer(SCOPE, env!("CARGO_PKG_VERSION")),
            conventions,
        ));
        stats
    }
}

/// `users_trace_spans_exported_total` and `users_trace_spans_dropped_total{reason}`: read at
/// each scrape from the trace export's counts.
struct TraceExport {
    counts: Arc<ExportCounts>,
    exported: IntCounter,
    dropped: IntCounterVec,
}

impl TraceExport {
    fn new(counts: Arc<ExportCounts>) -> Self {
        let (exported, dropped) = Self::samples();
        TraceExport {
            counts,
            exported,
            dropped,
        }
    }

    fn samples() -> (IntCounter, IntCounterVec) {
        let exported = IntCounter::new(
            "users_trace_spans_exported_total",
            "Spans the trace collector accepted.",
        )
        .expect("valid metric");
        let dropped = IntCounterVec::new(
            Opts::new(
                "users_trace_spans_dropped_total",
                "Spans dropped: queue_full when the export could not keep up, export_failed \
                 when the collector failed or refused them.",
            ),
            &["reason"],
        )
        .expect("valid metric");
        (exported, dropped)
    }
}

impl Collector for TraceExport {
    fn desc(&self) -> Vec<&Desc> {
        let mut descs = self.exported.desc();
        descs.extend(self.dropped.desc());
        descs
    }

    fn collect(&self) -> Vec<MetricFamily> {
        // Fresh samples per scrape: concurrent scrapes cannot add to one another.
        let (exported, dropped) = Self::samples();
        exported.inc_by(self.counts.exported());
        dropped
            .with_label_values(&["queue_full"])
            .inc_by(self.counts.dropped_queue_full());
        dropped
            .with_label_values(&["export_failed"])
            .inc_by(self.counts.dropped_export_failed());
        let mut families = exported.collect();
        families.extend(dropped.collect());
        families
    }
}

fn gauge_value(active: u64) -> i64 {
    i64::try_from(active).unwrap_or(i64::MAX)
}

/// `users_handler_panics_total`: read at each scrape from the contract crate's count of
/// handlers that panicked (its guard counts them, whatever service they belong to).
struct HandlerPanics {
    opts: Opts,
    desc: IntCounter,
}

impl HandlerPanics {
    fn new() -> Self {
        let opts = Opts::new(
            "users_handler_panics_total",
            "Request handlers that panicked; their calls ended INTERNAL.",
        );
        let desc = IntCounter::with_opts(opts.clone()).expect("valid metric");
        HandlerPanics { opts, desc }
    }
}

impl Collector for HandlerPanics {
    fn desc(&self) -> Vec<&Desc> {
        self.desc.desc()
    }

    fn collect(&self) -> Vec<MetricFamily> {
        // A fresh sample per scrape: concurrent scrapes cannot add to one another.
        let sample = IntCounter::with_opts(self.opts.clone()).expect("valid metric");
        sample.inc_by(users_grpc::guard::panics());
        sample.collect()
    }
}

/// Marks one stream as active for as long as it lives.
pub struct StreamGuard {
    stats: Arc<Stats>,
    started: Instant,
    done: bool,
}

impl StreamGuard {
    /// Records how the stream ended.
    pub fn finish(mut self, code: RpcStatusCode) {
        self.done = true;
        self.stats.end_stream(code, self.started.elapsed());
    }
}

impl Drop for StreamGuard {
    fn drop(&mut self) {
        if !self.done {
            self.stats
                .end_stream(dropped_code(), self.started.elapsed());
        }
    }
}

#[cfg(test)]
impl Stats {
    fn end_stream_for_test(&self, duration: Duration) {
        *self.active() += 1;
        self.end_stream(RpcStatusCode::OK, duration);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// Every sample line sits under its own metric's HELP and TYPE lines.
    #[test]
    fn samples_follow_their_metadata() {
        let stats = Arc::new(Stats::default());
        let guard = stats.stream_started();
        stats.user_answered(Broken::of(&users_grpc::User {
            name: "Al".into(),
            last_name: "Phill".into(),
            ..Default::default()
        }));
        stats.response_sent();
        guard.finish(RpcStatusCode::OK);
        let text = stats.render_prometheus();
        let mut current = String::new();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("# TYPE ") {
                current = rest.split(' ').next().unwrap().to_owned();
            } else if !line.starts_with('#') {
                assert!(
                    line.starts_with(&current),
                    "{line:?} is not under {current}"
                );
            }
        }
        // Every sample of the stream counters, exactly (the per-call metrics of gRFC A66
        // have tests of their own): the process-wide panic counter aside, and the duration's
        // sum and finite buckets, which hold a measured time (histogram_is_cumulative checks
        // them).
        let samples: BTreeMap<&str, &str> = text
            .lines()
            .filter(|line| line.starts_with("users_"))
            .filter_map(|line| line.rsplit_once(' '))
            .filter(|(name, _)| {
                let measured = *name == "users_stream_duration_seconds_sum"
                    || (name.starts_with("users_stream_duration_seconds_bucket")
                        && !name.ends_with("\"+Inf\"}"));
                !measured && !name.starts_with("users_handler_panics_total")
            })
            .collect();
        let expected = BTreeMap::from([
            ("users_received_total", "1"),
            ("users_responses_sent_total", "1"),
            ("users_streams_active", "0"),
            ("users_streams_started_total", "1"),
            ("users_streams_finished_total{code=\"OK\"}", "1"),
            (
                "users_validation_failures_total{reason=\"last_name_taken\"}",
                "1",
            ),
            (
                "users_validation_failures_total{reason=\"name_too_short\"}",
                "1",
            ),
            ("users_stream_duration_seconds_count", "1"),
            ("users_stream_duration_seconds_bucket{le=\"+Inf\"}", "1"),
        ]);
        assert_eq!(samples, expected);
    }

    /// Buckets are cumulative, and +Inf and the count include streams past the last bound.
    #[test]
    fn histogram_is_cumulative() {
        let stats = Stats::default();
        for seconds in [0.001, 0.2, 0.2, 7.0, 1000.0] {
            stats.end_stream_for_test(Duration::from_secs_f64(seconds));
        }
        let text = stats.render_prometheus();
        let buckets: Vec<u64> = text
            .lines()
            .filter(|l| l.starts_with("users_stream_duration_seconds_bucket"))
            .map(|l| l.rsplit_once(' ').unwrap().1.parse().unwrap())
            .collect();
        assert_eq!(buckets.len(), DURATION_BUCKETS.len() + 1);
        assert!(buckets.windows(2).all(|w| w[0] <= w[1]), "{buckets:?}");
        assert_eq!(buckets[0], 1);
        assert_eq!(buckets[DURATION_BUCKETS.len() - 1], 4);
        assert_eq!(*buckets.last().unwrap(), 5);
        assert!(text.contains("users_stream_duration_seconds_count 5\n"));
        let sum: f64 = text
            .lines()
            .find_map(|l| l.strip_prefix("users_stream_duration_seconds_sum "))
            .expect("the histogram has a sum")
            .parse()
            .unwrap();
        assert!((sum - 1007.401).abs() < 1e-6, "{text}");
    }
}
