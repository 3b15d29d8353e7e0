//! The load patterns, as `users-bench` takes them on its command line: each field is a flag,
//! and counts are `NonZeroU64` so that a run always has something to measure and divide by.

use std::num::NonZeroU64;
use std::time::Duration;

use clap::Subcommand;

/// A load pattern and its parameters.
#[derive(Clone, Debug, PartialEq, Eq, Subcommand)]
pub enum Scenario {
    /// S streams over C connections, each sending N users as fast as flow control allows
    Flood {
        /// Streams in all
        #[arg(long, value_name = "S", default_value = "1")]
        streams: NonZeroU64,
        /// Connections the streams are spread over, round-robin
        #[arg(long, value_name = "C", default_value = "1")]
        connections: NonZeroU64,
        /// Users per stream
        #[arg(long, value_name = "N", default_value = "200000")]
        users: NonZeroU64,
    },
    /// One stream, one request outstanding at a time: send, await its answer, repeat
    PingPong {
        /// Requests to send
        #[arg(long, value_name = "N", default_value = "10000")]
        requests: NonZeroU64,
    },
    /// A fixed total rate on a schedule; latency counts from each user's intended send time
    OpenLoop {
        /// Users per second, all streams together
        #[arg(long, value_name = "R", default_value = "50000")]
        rate: NonZeroU64,
        /// How long to send, e.g. 5s
        #[arg(long, value_name = "D", default_value = "5s", value_parser = positive_duration)]
        duration: Duration,
        /// Streams, each sending at R/S users per second
        #[arg(long, value_name = "S", default_value = "1")]
        streams: NonZeroU64,
        /// Connections the streams are spread over, round-robin
        #[arg(long, value_name = "C", default_value = "1")]
        connections: NonZeroU64,
    },
    /// Many short streams, K at a time: each sends N users, half-closes and must end OK
    Churn {
        /// Streams in all
        #[arg(long, value_name = "S", default_value = "10000")]
        streams: NonZeroU64,
        /// Streams in flight at once
        #[arg(long, value_name = "K", default_value = "32")]
        concurrency: NonZeroU64,
        /// Users per stream
        #[arg(long, value_name = "N", default_value = "1")]
        users: NonZeroU64,
        /// Connections the streams are spread over, round-robin
        #[arg(long, value_name = "C", default_value = "1")]
        connections: NonZeroU64,
    },
    /// S streams, each answered once, then held open and idle, then closed and checked
    Idle {
        /// Streams to hold open
        #[arg(long, value_name = "S", default_value = "1000")]
        streams: NonZeroU64,
        /// Connections the streams are spread over, round-robin
        #[arg(long, value_name = "C", default_value = "1")]
        connections: NonZeroU64,
        /// How long to hold the streams open once all are answered, e.g. 10s
        #[arg(long, value_name = "D", default_value = "10s", value_parser = humantime::parse_duration)]
        hold: Duration,
    },
    /// C new connections at once, one stream each, answered once, held, then closed and checked
    ///
    /// The shape of a fleet of clients reconnecting: latency runs from each connection's start,
    /// its TCP, TLS and HTTP/2 handshakes included.
    Connect {
        /// Connections to open at once, one stream on each
        #[arg(long, value_name = "C", default_value = "100")]
        connections: NonZeroU64,
        /// How long to hold the connections open once all are answered, e.g. 1s
        #[arg(long, value_name = "D", default_value = "1s", value_parser = humantime::parse_duration)]
        hold: Duration,
    },
}

impl Scenario {
    /// The scenario's name on the command line and in reports.
    pub fn name(&self) -> &'static str {
        match self {
            Scenario::Flood { .. } => "flood",
            Scenario::PingPong { .. } => "ping-pong",
            Scenario::OpenLoop { .. } => "open-loop",
            Scenario::Churn { .. } => "churn",
            Scenario::Idle { .. } => "idle",
            Scenario::Connect { .. } => "connect",
        }
    }

    /// Streams the run opens.
    pub(crate) fn streams(&self) -> u64 {
        match *self {
            Scenario::PingPong { .. } => 1,
            Scenario::Connect { connections, .. } => connections.get(),
            Scenario::Flood { streams, .. }
            | Scenario::OpenLoop { streams, .. }
            | Scenario::Churn { streams, .. }
            | Scenario::Idle { streams, .. } => streams.get(),
        }
    }

    /// Connections actually opened: never more than there are streams to put on them.
    pub(crate) fn connections(&self) -> u64 {
        let wanted = match *self {
            Scenario::PingPong { .. } => 1,
            Scenario::Flood { connections, .. }
            | Scenario::OpenLoop { connections, .. }
            | Scenario::Churn { connections, .. }
            | Scenario::Idle { connections, .. }
            | Scenario::Connect { connections, .. } => connections.get(),
        };
        wanted.min(self.streams())
    }
}

/// Parses a duration longer than zero (`--duration`, `--timeout`): a zero-length run or bound
/// would measure nothing.
pub fn positive_duration(text: &str) -> Result<Duration, String> {
    match humantime::parse_duration(text) {
        Ok(d) if d.is_zero() => Err("must be longer than zero".to_owned()),
        Ok(d) => Ok(d),
        Err(e) => Err(e.to_string()),
    }
}
