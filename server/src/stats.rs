//! Counters of the server's streams, readable while it runs and rendered as Prometheus metrics.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use grpcio::RpcStatusCode;
use users_grpc::rules::{Broken, Rule};
use users_grpc::transport::status_code_name;

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

/// gRPC status codes run from 0 (OK) to 16 (UNAUTHENTICATED).
const STATUS_CODES: usize = 17;

/// Shared counters of the server's streams.
///
/// Counters are atomics, bumped on the completion-queue threads without a lock; only the
/// number of active streams also goes through a mutex, so that a drain can wait for it.
#[derive(Debug, Default)]
pub struct Stats {
    active: Mutex<u64>,
    idle: Condvar,
    total_streams: AtomicU64,
    users_received: AtomicU64,
    responses_sent: AtomicU64,
    failures: [AtomicU64; Rule::ALL.len()],
    finished: [AtomicU64; STATUS_CODES],
    /// Streams per duration bucket (not cumulative), the last one for longer streams.
    duration_buckets: [AtomicU64; DURATION_BUCKETS.len() + 1],
    duration_micros: AtomicU64,
}

impl Stats {
    fn active(&self) -> std::sync::MutexGuard<'_, u64> {
        // The count stays meaningful even if a holder panicked: keep using it.
        self.active.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts a new stream; it stays active until the returned guard is finished or dropped.
    pub fn stream_started(self: &Arc<Self>) -> StreamGuard {
        *self.active() += 1;
        self.total_streams.fetch_add(1, Ordering::Relaxed);
        StreamGuard {
            stats: Arc::clone(self),
            started: Instant::now(),
            done: false,
        }
    }

    /// Counts a received user and the rules it broke.
    pub fn user_answered(&self, broken: Broken) {
        self.users_received.fetch_add(1, Ordering::Relaxed);
        for rule in broken.iter() {
            self.failures[rule.index()].fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Counts a response handed to the transport.
    pub fn response_sent(&self) {
        self.responses_sent.fetch_add(1, Ordering::Relaxed);
    }

    /// The counters as they are now.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            active_streams: *self.active(),
            total_streams: self.total_streams.load(Ordering::Relaxed),
            ok_streams: self.finished[0].load(Ordering::Relaxed),
            users_received: self.users_received.load(Ordering::Relaxed),
            responses_sent: self.responses_sent.load(Ordering::Relaxed),
        }
    }

    /// Waits until no stream is active, for at most `timeout`; true when idle.
    pub fn wait_idle(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut active = self.active();
        while *active > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            active = self
                .idle
                .wait_timeout(active, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        true
    }

    fn end_stream(&self, code: RpcStatusCode, duration: Duration) {
        let code = usize::try_from(i32::from(code))
            .ok()
            .filter(|&c| c < STATUS_CODES)
            .unwrap_or(2); // UNKNOWN
        self.finished[code].fetch_add(1, Ordering::Relaxed);
        let seconds = duration.as_secs_f64();
        let bucket = DURATION_BUCKETS
            .iter()
            .position(|&le| seconds <= le)
            .unwrap_or(DURATION_BUCKETS.len());
        self.duration_buckets[bucket].fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(duration.as_micros()).unwrap_or(u64::MAX);
        self.duration_micros.fetch_add(micros, Ordering::Relaxed);
        let mut active = self.active();
        *active -= 1;
        if *active == 0 {
            self.idle.notify_all();
        }
    }

    /// The counters in the Prometheus text exposition format (version 0.0.4).
    pub fn render_prometheus(&self) -> String {
        let mut out = String::with_capacity(4096);
        let snapshot = self.snapshot();
        let o = &mut out;
        header(
            o,
            "users_streams_active",
            "gauge",
            "CreateUser streams open now.",
        );
        let _ = writeln!(o, "users_streams_active {}", snapshot.active_streams);
        header(
            o,
            "users_streams_started_total",
            "counter",
            "CreateUser streams started.",
        );
        let _ = writeln!(o, "users_streams_started_total {}", snapshot.total_streams);
        header(
            o,
            "users_streams_finished_total",
            "counter",
            "CreateUser streams finished, by gRPC status code.",
        );
        for (code, count) in self.finished.iter().enumerate() {
            let count = count.load(Ordering::Relaxed);
            // Codes no stream ended with stay out, except OK, so that the series exists.
            if count > 0 || code == 0 {
                let name = status_code_name(RpcStatusCode::from(code as i32));
                let _ = writeln!(o, "users_streams_finished_total{{code=\"{name}\"}} {count}");
            }
        }
        header(
            o,
            "users_handler_panics_total",
            "counter",
            "Request handlers that panicked; their calls ended INTERNAL.",
        );
        let _ = writeln!(
            o,
            "users_handler_panics_total {}",
            users_grpc::guard::panics()
        );
        header(
            o,
            "users_received_total",
            "counter",
            "Users received on CreateUser streams.",
        );
        let _ = writeln!(o, "users_received_total {}", snapshot.users_received);
        header(
            o,
            "users_responses_sent_total",
            "counter",
            "Responses sent on CreateUser streams.",
        );
        let _ = writeln!(o, "users_responses_sent_total {}", snapshot.responses_sent);
        header(
            o,
            "users_validation_failures_total",
            "counter",
            "Validation rules broken by received users, by rule.",
        );
        for (rule, count) in Rule::ALL.iter().zip(&self.failures) {
            let (reason, count) = (rule.label(), count.load(Ordering::Relaxed));
            let _ = writeln!(
                o,
                "users_validation_failures_total{{reason=\"{reason}\"}} {count}"
            );
        }
        header(
            o,
            "users_stream_duration_seconds",
            "histogram",
            "How long finished CreateUser streams lasted.",
        );
        // One pass over the buckets, so that they stay cumulative and +Inf is the count even
        // while streams end during a scrape.
        let mut cumulative = 0;
        let counts: Vec<u64> = self
            .duration_buckets
            .iter()
            .map(|c| c.load(Ordering::Relaxed))
            .collect();
        let finished_total: u64 = counts.iter().sum();
        for (le, count) in DURATION_BUCKETS.iter().zip(&counts) {
            cumulative += count;
            let _ = writeln!(
                o,
                "users_stream_duration_seconds_bucket{{le=\"{le}\"}} {cumulative}"
            );
        }
        let sum = self.duration_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(
            o,
            "users_stream_duration_seconds_bucket{{le=\"+Inf\"}} {finished_total}\n\
             users_stream_duration_seconds_sum {sum}\n\
             users_stream_duration_seconds_count {finished_total}"
        );
        out
    }
}

/// Writes a metric's `# HELP` and `# TYPE` lines.
fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
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
            // A stream whose future was dropped unfinished was cancelled by the server, or
            // its handler panicked and the guard ended it with INTERNAL.
            let code = if users_grpc::guard::dropping_after_panic() {
                RpcStatusCode::INTERNAL
            } else {
                RpcStatusCode::CANCELLED
            };
            self.stats.end_stream(code, self.started.elapsed());
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
        assert!(text.contains("users_validation_failures_total{reason=\"name_too_short\"} 1\n"));
        assert!(text.contains("users_validation_failures_total{reason=\"last_name_taken\"} 1\n"));
        assert!(text.contains("users_streams_finished_total{code=\"OK\"} 1\n"));
        assert!(text.contains("users_stream_duration_seconds_count 1\n"));
        assert!(text.contains("users_stream_duration_seconds_bucket{le=\"0.005\"} 1\n"));
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
        assert!(
            text.contains("users_stream_duration_seconds_sum 1007.401\n"),
            "{text}"
        );
    }
}
