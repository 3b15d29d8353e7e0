//! What a finished run measured, as a table for people or one JSON line for harnesses (the
//! format `users-go-load --json` prints too).

use std::time::Duration;

use hdrhistogram::Histogram;
use serde::Serialize;

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
    /// Latencies in microseconds: per message, per stream (churn), per first answer (idle) or
    /// per connection, handshakes included (connect).
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
        } else if self.scenario == "connect" {
            "handshakes and first answer (µs)"
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

fn per_second(count: u64, elapsed: Duration) -> f64 {
    let secs = elapsed.as_secs_f64();
    if secs > 0.0 {
        count as f64 / secs
    } else {
        0.0
    }
}
