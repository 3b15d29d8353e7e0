//! The gRPC-standard server metrics of gRFC A66, for every method the server serves, in the
//! Prometheus form OpenTelemetry gives them: calls started by method, and for each call that
//! ended its duration and the bytes of its messages each way, by method and status.
//!
//! Each call is a [`CallRecord`], made when its handler starts and ended with the status the
//! client is sent; one dropped unended (its handler cancelled or panicked) ends `CANCELLED`
//! or `INTERNAL`, so that every call started is also counted as ended. The record also holds
//! the call's span when tracing is on (`spans`), ended with the same status.
//!
//! A66 counts messages "compressed but not encrypted". The sizes here are those of the
//! serialized messages: the same for calls that are not compressed, and the sizes before
//! compression for gzip calls, as the C core inflates a message before grpcio hands it over.

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use grpcio::{CheckResult, Error, RpcContext, RpcStatusCode, ServerChecker};
use opentelemetry::trace::TraceId;
use opentelemetry::KeyValue;
use prometheus::{Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, Opts};
use users_grpc::reflection::Version;
use users_transport::status_code_name;

use crate::spans::CallSpan;
use crate::stats::Stats;

/// A66's latency buckets, in seconds.
const LATENCY_BUCKETS: [f64; 41] = [
    0.0, 0.00001, 0.00005, 0.0001, 0.0003, 0.0006, 0.0008, 0.001, 0.002, 0.003, 0.004, 0.005,
    0.006, 0.008, 0.01, 0.013, 0.016, 0.02, 0.025, 0.03, 0.04, 0.05, 0.065, 0.08, 0.1, 0.13, 0.16,
    0.2, 0.25, 0.3, 0.4, 0.5, 0.65, 0.8, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0,
];

/// A66's size buckets, in bytes.
const SIZE_BUCKETS: [f64; 14] = [
    0.0,
    1024.0,
    2048.0,
    4096.0,
    16384.0,
    65536.0,
    262144.0,
    1048576.0,
    4194304.0,
    16777216.0,
    67108864.0,
    268435456.0,
    1073741824.0,
    4294967296.0,
];

/// The `grpc.method` of a call to a method the server does not register, as A66 records it.
const OTHER_METHOD: &str = "other";

/// How many status codes gRPC has.
const CODES: usize = 17;

/// The paths of the methods the server registers, as the C core names them.
fn served_methods() -> Vec<&'static str> {
    let mut methods = vec![
        users_grpc::METHOD_CREATE_USER.name,
        users_grpc::health::METHOD_CHECK.name,
        users_grpc::health::METHOD_WATCH.name,
    ];
    methods.extend(Version::ALL.iter().map(|version| version.method().name));
    methods
}

/// The checker that counts calls to methods the server does not serve, which grpcio then
/// answers `UNIMPLEMENTED` (grpcio/patches/0001): the last checker, so that a call another
/// one refused is counted once, with that checker's status.
#[derive(Clone)]
pub(crate) struct UnknownMethods {
    stats: Arc<Stats>,
}

impl UnknownMethods {
    /// Counts in `stats` the calls to methods not served.
    pub(crate) fn new(stats: Arc<Stats>) -> Self {
        UnknownMethods { stats }
    }
}

impl ServerChecker for UnknownMethods {
    fn check(&mut self, ctx: &RpcContext) -> CheckResult {
        if self
            .stats
            .calls()
            .served_name(self.stats.calls().method_index(ctx.method()))
            .is_none()
        {
            self.stats
                .call_started(ctx)
                .end(RpcStatusCode::UNIMPLEMENTED);
        }
        CheckResult::Continue
    }

    fn box_clone(&self) -> Box<dyn ServerChecker> {
        Box::new(self.clone())
    }
}

/// The A66 instruments and, for each method served, its series.
#[derive(Debug)]
pub(crate) struct CallMetrics {
    started: IntCounterVec,
    duration: HistogramVec,
    sent: HistogramVec,
    received: HistogramVec,
    /// The methods served, then [`OTHER_METHOD`].
    methods: Vec<MethodSeries>,
}

/// One method's series; those of a status are made when a call first ends with it.
#[derive(Debug)]
struct MethodSeries {
    /// The path without its leading `/`, the form A66's `grpc.method` takes.
    label: &'static str,
    /// Made at once for the methods served, on first use for `other`.
    started: OnceLock<IntCounter>,
    ended: [OnceLock<Ended>; CODES],
}

/// The histograms of the calls of one method that ended with one status.
#[derive(Debug)]
struct Ended {
    duration: Histogram,
    sent: Histogram,
    received: Histogram,
}

impl CallMetrics {
    /// The instruments, with a started count of zero for each method served.
    pub(crate) fn new() -> Self {
        let started = IntCounterVec::new(
            Opts::new(
                "grpc_server_call_started_total",
                "Calls started, including those that have not ended.",
            ),
            &["grpc_method"],
        )
        .expect("valid metric");
        let histogram = |name: &str, help: &str, buckets: &[f64]| {
            HistogramVec::new(
                HistogramOpts::new(name, help).buckets(buckets.to_vec()),
                &["grpc_method", "grpc_status"],
            )
            .expect("valid metric")
        };
        let duration = histogram(
            "grpc_server_call_duration_seconds",
            "How long ended calls took, from their handler's start to their status.",
            &LATENCY_BUCKETS,
        );
        let sent = histogram(
            "grpc_server_call_sent_total_compressed_message_size_bytes",
            "Bytes of the response messages of each ended call, as serialized before any \
             compression; metadata and framing excluded.",
            &SIZE_BUCKETS,
        );
        let received = histogram(
            "grpc_server_call_rcvd_total_compressed_message_size_bytes",
            "Bytes of the request messages of each ended call, as serialized after any \
             decompression; metadata and framing excluded.",
            &SIZE_BUCKETS,
        );
        let series = |label: &'static str, started: OnceLock<IntCounter>| MethodSeries {
            label,
            started,
            ended: Default::default(),
        };
        let mut methods: Vec<MethodSeries> = served_methods()
            .into_iter()
            .map(|path| {
                let label = path.strip_prefix('/').unwrap_or(path);
                series(label, OnceLock::from(started.with_label_values(&[label])))
            })
            .collect();
        // Calls to other methods reach the server's checkers only (UnknownMethods): the
        // series is there once one came.
        methods.push(series(OTHER_METHOD, OnceLock::new()));
        CallMetrics {
            started,
            duration,
            sent,
            received,
            methods,
        }
    }

    /// The instruments, to register with a Prometheus registry.
    pub(crate) fn collectors(&self) -> [Box<dyn prometheus::core::Collector>; 4] {
        [
            Box::new(self.started.clone()),
            Box::new(self.duration.clone()),
            Box::new(self.sent.clone()),
            Box::new(self.received.clone()),
        ]
    }

    /// The index of the series of the method at `path` (as `RpcContext::method` gives it).
    pub(crate) fn method_index(&self, path: &[u8]) -> usize {
        let path = path.strip_prefix(b"/").unwrap_or(path);
        self.methods
            .iter()
            .position(|method| method.label.as_bytes() == path)
            .unwrap_or(self.methods.len() - 1)
    }

    /// The name of the method at `index` (`package.Service/Method`); `None` for `other`.
    pub(crate) fn served_name(&self, index: usize) -> Option<&'static str> {
        Some(self.methods[index].label).filter(|label| *label != OTHER_METHOD)
    }

    /// Counts a call to the method at `index` as started.
    pub(crate) fn start(&self, index: usize) {
        let method = &self.methods[index];
        method
            .started
            .get_or_init(|| self.started.with_label_values(&[method.label]))
            .inc();
    }

    /// Records a call to the method at `index` that ended with `code`.
    pub(crate) fn end(&self, index: usize, code: RpcStatusCode, ended: &CallSizes, seconds: f64) {
        let method = &self.methods[index];
        let code = known_code(code);
        let slot = usize::try_from(i32::from(code)).unwrap_or_default();
        let series = method.ended[slot].get_or_init(|| {
            let labels = [method.label, status_code_name(code)];
            Ended {
                duration: self.duration.with_label_values(&labels),
                sent: self.sent.with_label_values(&labels),
                received: self.received.with_label_values(&labels),
            }
        });
        series.duration.observe(seconds);
        series.sent.observe(ended.sent as f64);
        series.received.observe(ended.received as f64);
    }
}

/// The bytes of a call's messages so far, each way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct CallSizes {
    /// Bytes of the request messages received.
    pub(crate) received: u64,
    /// Bytes of the response messages handed to the transport.
    pub(crate) sent: u64,
}

/// One call, from its handler's start to its status: its metrics, and its span when tracing
/// is on.
pub(crate) struct CallRecord {
    stats: Arc<Stats>,
    method: usize,
    started: Instant,
    sizes: CallSizes,
    span: Option<CallSpan>,
    done: bool,
}

impl CallRecord {
    /// Starts the record of a call to the method at `method`, counted in `stats`, with the
    /// call's `span`.
    pub(crate) fn start(stats: Arc<Stats>, method: usize, span: Option<CallSpan>) -> Self {
        stats.calls().start(method);
        CallRecord {
            stats,
            method,
            started: Instant::now(),
            sizes: CallSizes::default(),
            span,
            done: false,
        }
    }

    /// The call's trace id, for its log lines; `None` when tracing is off.
    pub(crate) fn trace_id(&self) -> Option<TraceId> {
        self.span.as_ref().map(CallSpan::trace_id)
    }

    /// Records an attribute on the call's span, when there is one.
    pub(crate) fn describe(&mut self, attribute: impl FnOnce() -> KeyValue) {
        if let Some(span) = &mut self.span {
            span.set(attribute());
        }
    }

    /// How long the call has lasted so far.
    pub(crate) fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// Counts a request message of `bytes` serialized bytes.
    pub(crate) fn received(&mut self, bytes: u64) {
        self.sizes.received += bytes;
    }

    /// Counts a response message of `bytes` serialized bytes.
    pub(crate) fn sent(&mut self, bytes: u64) {
        self.sizes.sent += bytes;
    }

    /// Records the call as ended with `code`.
    pub(crate) fn end(mut self, code: RpcStatusCode) {
        self.done = true;
        self.record(code);
    }

    fn record(&mut self, code: RpcStatusCode) {
        let seconds = self.started.elapsed().as_secs_f64();
        self.stats
            .calls()
            .end(self.method, code, &self.sizes, seconds);
        if let Some(span) = self.span.take() {
            span.end(code);
        }
    }
}

impl Drop for CallRecord {
    fn drop(&mut self) {
        if !self.done {
            self.record(dropped_code());
        }
    }
}

/// The serialized size of `message`, in bytes: what grpcio's encoder writes for it.
pub(crate) fn message_bytes(message: &impl protobuf::Message) -> u64 {
    message.compute_size()
}

/// `code`, or UNKNOWN for a number outside gRPC's codes (0, OK, to 16, UNAUTHENTICATED).
pub(crate) fn known_code(code: RpcStatusCode) -> RpcStatusCode {
    match usize::try_from(i32::from(code)) {
        Ok(number) if number < CODES => code,
        _ => RpcStatusCode::UNKNOWN,
    }
}

/// The status of a call whose handler's state is dropped before it ended: the server
/// cancelled the call, or its handler panicked and the guard ended it with INTERNAL.
pub(crate) fn dropped_code() -> RpcStatusCode {
    if users_grpc::guard::dropping_after_panic() {
        RpcStatusCode::INTERNAL
    } else {
        RpcStatusCode::CANCELLED
    }
}

/// The status a call ended with when its request stream or sink failed with `err`.
pub(crate) fn code_of(err: &Error) -> RpcStatusCode {
    match err {
        // The peer cancelled, hung up or its deadline passed: the C core already ended the call.
        Error::RemoteStopped | Error::RpcFinished(None) => RpcStatusCode::CANCELLED,
        Error::RpcFinished(Some(status)) => status.code(),
        _ => RpcStatusCode::UNKNOWN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The buckets are A66's: strictly increasing, from 0 to 100 s and to 4 GiB.
    #[test]
    fn buckets_are_a66s() {
        for buckets in [&LATENCY_BUCKETS[..], &SIZE_BUCKETS[..]] {
            assert!(buckets.windows(2).all(|w| w[0] < w[1]), "{buckets:?}");
            assert_eq!(buckets[0], 0.0);
        }
        assert_eq!(LATENCY_BUCKETS[LATENCY_BUCKETS.len() - 1], 100.0);
        assert_eq!(
            SIZE_BUCKETS[SIZE_BUCKETS.len() - 1],
            4.0 * 1024.0 * 1024.0 * 1024.0
        );
    }

    /// Served methods are found by their path; any other path is `other`.
    #[test]
    fn methods_are_labelled_by_path() {
        let calls = CallMetrics::new();
        let index = calls.method_index(b"/users.Users/CreateUser");
        assert_eq!(calls.methods[index].label, "users.Users/CreateUser");
        let index = calls.method_index(b"/grpc.health.v1.Health/Check");
        assert_eq!(calls.methods[index].label, "grpc.health.v1.Health/Check");
        for path in [&b"/users.Users/DeleteUser"[..], b"", b"/"] {
            let index = calls.method_index(path);
            assert_eq!(calls.methods[index].label, OTHER_METHOD);
        }
    }

    /// Errors of a call's halves map to the status the client saw.
    #[test]
    fn errors_map_to_the_status_seen() {
        assert_eq!(code_of(&Error::RemoteStopped), RpcStatusCode::CANCELLED);
        assert_eq!(code_of(&Error::RpcFinished(None)), RpcStatusCode::CANCELLED);
        let status = grpcio::RpcStatus::new(RpcStatusCode::RESOURCE_EXHAUSTED);
        assert_eq!(
            code_of(&Error::RpcFinished(Some(status))),
            RpcStatusCode::RESOURCE_EXHAUSTED
        );
        assert_eq!(code_of(&Error::QueueShutdown), RpcStatusCode::UNKNOWN);
    }

    /// Codes outside gRPC's count as UNKNOWN.
    #[test]
    fn unknown_codes_are_unknown() {
        assert_eq!(
            known_code(RpcStatusCode::UNAUTHENTICATED),
            RpcStatusCode::UNAUTHENTICATED
        );
        assert_eq!(known_code(RpcStatusCode::OK), RpcStatusCode::OK);
        assert_eq!(known_code(RpcStatusCode::from(17)), RpcStatusCode::UNKNOWN);
        assert_eq!(known_code(RpcStatusCode::from(-1)), RpcStatusCode::UNKNOWN);
    }
}
