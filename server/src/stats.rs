//! Counters of the server's streams, readable while it runs.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use grpcio::RpcStatusCode;

/// Totals over the server's lifetime, and the number of streams open now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// Streams open now.
    pub active_streams: u64,
    /// Streams ever started.
    pub total_streams: u64,
    /// Streams that ended with status OK.
    pub ok_streams: u64,
    /// Users received over all finished streams.
    pub users_received: u64,
    /// Responses sent over all finished streams.
    pub responses_sent: u64,
}

/// Shared counters of the server's streams.
#[derive(Debug, Default)]
pub struct Stats {
    inner: Mutex<Snapshot>,
    changed: Condvar,
}

impl Stats {
    fn lock(&self) -> MutexGuard<'_, Snapshot> {
        // The counters stay meaningful even if a holder panicked: keep using them.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts a new stream; it stays active until the returned guard is finished or dropped.
    pub fn stream_started(self: &Arc<Self>) -> StreamGuard {
        let mut s = self.lock();
        s.active_streams += 1;
        s.total_streams += 1;
        StreamGuard {
            stats: Arc::clone(self),
            done: false,
        }
    }

    /// The counters as they are now.
    pub fn snapshot(&self) -> Snapshot {
        *self.lock()
    }

    /// Waits until no stream is active, for at most `timeout`; true when idle.
    pub fn wait_idle(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut s = self.lock();
        while s.active_streams > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            s = self
                .changed
                .wait_timeout(s, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        true
    }

    fn end_stream(&self, received: u64, sent: u64, ok: bool) {
        let mut s = self.lock();
        s.active_streams -= 1;
        s.users_received += received;
        s.responses_sent += sent;
        s.ok_streams += u64::from(ok);
        drop(s);
        self.changed.notify_all();
    }
}

/// Marks one stream as active for as long as it lives.
pub struct StreamGuard {
    stats: Arc<Stats>,
    done: bool,
}

impl StreamGuard {
    /// Records how the stream ended.
    pub fn finish(mut self, received: u64, sent: u64, code: RpcStatusCode) {
        self.done = true;
        self.stats
            .end_stream(received, sent, code == RpcStatusCode::OK);
    }
}

impl Drop for StreamGuard {
    fn drop(&mut self) {
        if !self.done {
            self.stats.end_stream(0, 0, false);
        }
    }
}
