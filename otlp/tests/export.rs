//! The export against collectors that misbehave, each a real HTTP listener on 127.0.0.1: one
//! that refuses every post, and one that takes the connection and never answers. Spans are
//! never waited for, what is lost is counted, and a failing collector costs no span's
//! recording and is asked again once per retry delay.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU16, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use opentelemetry::trace::{Span as _, Tracer as _};
use users_otlp::export::{MAX_BATCH, MAX_QUEUE, RETRY_AFTER};
use users_otlp::{SamplerChoice, TraceConfig, Tracing};

/// A collector on a free port: answers each post with the status it holds (0: never
/// answers), and counts the posts it read.
struct Collector {
    endpoint: String,
    status: Arc<AtomicU16>,
    posts: Arc<AtomicUsize>,
}

impl Collector {
    fn start(status: u16) -> Collector {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a collector port");
        let endpoint = format!("http://{}/v1/traces", listener.local_addr().unwrap());
        let status = Arc::new(AtomicU16::new(status));
        let posts = Arc::new(AtomicUsize::new(0));
        let (s, p) = (Arc::clone(&status), Arc::clone(&posts));
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (s, p) = (Arc::clone(&s), Arc::clone(&p));
                thread::spawn(move || serve(stream, &s, &p));
            }
        });
        Collector {
            endpoint,
            status,
            posts,
        }
    }

    fn posts(&self) -> usize {
        self.posts.load(Ordering::SeqCst)
    }
}

/// Reads posts off one connection, answering each with the status asked for.
fn serve(stream: TcpStream, status: &AtomicU16, posts: &AtomicUsize) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    loop {
        let mut length = 0usize;
        let mut line = String::new();
        loop {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap();
                }
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        posts.fetch_add(1, Ordering::SeqCst);
        match status.load(Ordering::SeqCst) {
            0 => thread::sleep(Duration::from_secs(3600)),
            code => {
                let answer = format!("HTTP/1.1 {code} Status\r\ncontent-length: 0\r\n\r\n");
                if writer.write_all(answer.as_bytes()).is_err() {
                    return;
                }
            }
        }
    }
}

fn config(endpoint: &str, timeout: Duration) -> TraceConfig {
    TraceConfig {
        endpoint: endpoint.to_owned(),
        headers: Vec::new(),
        timeout,
        service_name: "users-otlp-test".to_owned(),
        resource_attributes: Vec::new(),
        sampler: SamplerChoice::AlwaysOn,
        semconv_opt_in: None,
    }
}

/// Ends `n` spans.
fn spans(tracing: &Tracing, n: usize) {
    let tracer = tracing.tracer("users-otlp-test", "0");
    for _ in 0..n {
        tracer.start("call").end();
    }
}

/// Waits up to 5 s for `done`; whether it came.
fn within_5_s(mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !done() {
        if Instant::now() >= deadline {
            return false;
        }
        thread::sleep(Duration::from_millis(10));
    }
    true
}

/// A refusing collector is known from the export's first, empty request: no span is recorded
/// while it refuses (each counted as lost instead), and it is asked again once per retry
/// delay; once it accepts, spans are recorded and posted again.
#[test]
fn a_refusing_collector_costs_no_span_and_is_asked_once_per_retry_delay() {
    let collector = Collector::start(503);
    let tracing = Tracing::start(&config(&collector.endpoint, Duration::from_secs(5))).unwrap();
    let tracer = tracing.tracer("users-otlp-test", "0");
    assert!(within_5_s(|| !tracer.start("call").is_recording()));
    // A span recorded before the answer came is dropped with the next flush.
    tracing.force_flush().expect("flush");
    let asked = collector.posts();
    let before = tracing.counts().dropped_export_failed();
    let started = Instant::now();
    spans(&tracing, 3 * MAX_BATCH);
    tracing.force_flush().expect("flush");
    let took = started.elapsed();
    let counts = tracing.counts();
    assert_eq!(
        counts.dropped_export_failed(),
        before + 3 * MAX_BATCH as u64
    );
    assert_eq!(counts.exported(), 0);
    let most = asked + 1 + (took.as_millis() / RETRY_AFTER.as_millis()) as usize;
    assert!(
        collector.posts() <= most,
        "{} posts in {took:?}, at most {most} expected",
        collector.posts()
    );

    collector.status.store(200, Ordering::SeqCst);
    assert!(within_5_s(|| tracer.start("call").is_recording()));
    tracing.force_flush().expect("flush");
    let exported = counts.exported();
    spans(&tracing, 10);
    tracing.force_flush().expect("flush");
    assert_eq!(tracing.counts().exported(), exported + 10);
    tracing.shutdown(Duration::from_secs(5)).expect("stop");
}

/// A collector that never answers holds no span's end up: the queue fills, the spans past it
/// are dropped and counted, and the stop waits no longer than it is given.
#[test]
fn a_collector_that_never_answers_holds_nothing_up() {
    let collector = Collector::start(0);
    let tracing = Tracing::start(&config(&collector.endpoint, Duration::from_secs(30))).unwrap();
    let started = Instant::now();
    // The export thread is stuck in its first request; everything past the queue is dropped.
    assert!(within_5_s(|| collector.posts() == 1));
    spans(&tracing, MAX_QUEUE + 100);
    assert_eq!(tracing.counts().dropped_queue_full(), 100);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "ending spans took {:?}",
        started.elapsed()
    );
    let stop = Instant::now();
    assert!(tracing.shutdown(Duration::from_millis(500)).is_err());
    assert!(
        stop.elapsed() < Duration::from_secs(2),
        "the stop took {:?} with 500 ms given",
        stop.elapsed()
    );
}
