//! Latencies: one histogram per run, fed by every stream in batches.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use hdrhistogram::Histogram;

/// Latencies are gathered per stream and merged into the run's histogram in batches this big.
const LATENCY_BATCH: usize = 1024;

/// Latencies up to an hour are told apart; longer ones count as an hour.
const MAX_LATENCY_US: u64 = 3_600_000_000;

pub(crate) fn new_histogram() -> Histogram<u64> {
    // One histogram per run (about 200 KiB at 3 significant figures), shared by its streams.
    Histogram::new_with_bounds(1, MAX_LATENCY_US, 3)
        .expect("hdrhistogram supports these constant bounds")
}

/// Latencies of one stream, merged into the run's histogram in batches so that the lock is
/// taken once per batch, not once per message.
pub(crate) struct Latencies {
    shared: Arc<Mutex<Histogram<u64>>>,
    pending: Vec<u64>,
}

impl Latencies {
    pub(crate) fn new(shared: &Arc<Mutex<Histogram<u64>>>) -> Latencies {
        Latencies {
            shared: Arc::clone(shared),
            pending: Vec::new(),
        }
    }

    pub(crate) fn record(&mut self, latency: Duration) {
        if self.pending.capacity() == 0 {
            self.pending.reserve_exact(LATENCY_BATCH);
        }
        self.pending
            .push(u64::try_from(latency.as_micros()).unwrap_or(u64::MAX));
        if self.pending.len() >= LATENCY_BATCH {
            self.flush();
        }
    }

    pub(crate) fn flush(&mut self) {
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
