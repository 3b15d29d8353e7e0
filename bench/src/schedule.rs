//! The open-loop schedule: slot `k` of a run is due `k / rate` seconds after its start, and
//! stream `s` of `S` takes the slots `s`, `s + S`, `s + 2S`...

use std::time::{Duration, Instant};

/// The instant `d` from now; durations too long for the clock (`--timeout 1000000y`) mean
/// a century, which no run reaches.
pub(crate) fn after(d: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(d)
        .or_else(|| now.checked_add(Duration::from_secs(100 * 365 * 24 * 3600)))
        .unwrap_or(now)
}

/// Users an open-loop run sends: one per slot of 1/rate seconds that starts within `duration`.
pub(crate) fn scheduled_slots(rate: u64, duration: Duration) -> u64 {
    let slots = duration
        .as_nanos()
        .saturating_mul(u128::from(rate))
        .div_ceil(1_000_000_000);
    u64::try_from(slots).unwrap_or(u64::MAX)
}

/// Users stream `stream` of `streams` sends: the slots `stream`, `stream + streams`... below
/// `slots`.
pub(crate) fn slots_of_stream(slots: u64, streams: u64, stream: u64) -> u64 {
    if stream < slots {
        (slots - stream - 1) / streams + 1
    } else {
        0
    }
}

/// The intended send times of one open-loop stream.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Schedule {
    pub(crate) start: Instant,
    pub(crate) rate: u64,
    pub(crate) first_slot: u64,
    pub(crate) stride: u64,
}

impl Schedule {
    /// When user `i` of the stream is due.
    pub(crate) fn at(&self, i: u64) -> Instant {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
