//! The C core's settings for the server's connections: keepalive, stream and memory limits,
//! the rapid-reset defences, compression and connection age.

use std::sync::Arc;

use grpcio::{ChannelBuilder, Environment, ResourceQuota};

use crate::{ServerConfig, StreamWindow};

/// Streams freed after a reset that do not yet count against max_concurrent_streams, so that a
/// client at its limit that cancels one stream can open the next at once (the headroom
/// upstream's h2_max_deallocating_streams_headroom experiment would give).
const DEALLOCATING_STREAMS_HEADROOM: i32 = 100;

/// What each call's arena starts from, in bytes (the core's grpc.call_size_estimate, grpcio-sys's
/// patch 0005). A CreateUser call on core 1.85.3 uses 12,016 bytes of it; the core adds 256 to
/// 511 bytes of headroom and 71 of alignment, so 11,520 gives one 12,032-byte arena that fits
/// mimalloc's 12 KiB size class. Left at the core's 1,024, each call of a burst of new streams
/// allocated the rest piece by piece, about 4 KiB more per held stream (BENCHMARKS.md).
const CALL_SIZE_ESTIMATE: i32 = 11_520;

/// The C core's settings for the server's connections.
pub(crate) fn channel_args(config: &ServerConfig, env: Arc<Environment>) -> ChannelBuilder {
    let keepalive = &config.keepalive;
    let mut builder = ChannelBuilder::new(env)
        // The C core sets SO_REUSEPORT by default, which lets a second server silently share
        // (and split) a port that is already taken; refuse that as Go servers do.
        .reuse_port(false)
        // Without size limits the core leaves out its message-size filter, about a quarter
        // of its work per message (BENCHMARKS.md); the contract crate's decoder enforces the
        // 4 MiB limit instead.
        .max_receive_message_len(-1)
        .max_send_message_len(-1)
        .keepalive_time(keepalive.time)
        .keepalive_timeout(keepalive.timeout)
        // Idle connections are pinged too, so that dead peers are found without a call.
        .keepalive_permit_without_calls(true)
        .http2_max_pings_without_data(0)
        .http2_min_recv_ping_interval_without_data(keepalive.min_ping_interval)
        .http2_max_ping_strikes(2)
        .max_concurrent_stream(
            i32::try_from(config.limits.max_concurrent_streams).unwrap_or(i32::MAX),
        )
        // HTTP/2 rapid reset (SECURITY.md). A reset stream keeps counting against the limit
        // above until its call is freed, so a client that resets faster than calls are freed
        // gets its new streams refused (REFUSED_STREAM) before any call is made for them.
        .raw_cfg_int(c"grpc.http.overload_protection".to_owned(), 1)
        .raw_cfg_int(
            c"grpc.http2.max_deallocating_streams".to_owned(),
            DEALLOCATING_STREAMS_HEADROOM,
        )
        // And a connection that mostly resets its streams before they are answered is closed
        // (grpcio-sys's patch 0001).
        .raw_cfg_int(
            c"grpc.http2.max_premature_resets".to_owned(),
            i32::try_from(config.limits.max_premature_resets).unwrap_or(i32::MAX),
        )
        // New calls that arrive faster than the completion queues take them wait for a
        // handler, as in grpc-go: left at its defaults, the core cancels such calls at random
        // once 1,000 wait and every one past 3,000, which a burst of new streams reaches
        // (grpcio asks for 1,024 calls per queue at a time). Waiting calls stay bounded by
        // the streams per connection, the memory quota and the core's 30 s wait limit.
        .raw_cfg_int(c"grpc.server.max_pending_requests".to_owned(), i32::MAX)
        .raw_cfg_int(
            c"grpc.server.max_pending_requests_hard_limit".to_owned(),
            i32::MAX,
        )
        .raw_cfg_int(c"grpc.call_size_estimate".to_owned(), CALL_SIZE_ESTIMATE)
        // The answers a completion-queue thread gives between two polls leave in one write
        // per connection rather than one each (grpcio-sys's patch 0006): a burst of 10,000 new
        // streams made about 20,000 sendmsg calls without it. The handlers never block on
        // these threads, which is what the argument asks.
        .raw_cfg_int(c"grpc.http2.write_after_poll".to_owned(), 1);
    builder = match config.limits.stream_window {
        // The core's probes grow a window of at least 4 MiB while memory is plentiful: a
        // client sending flat out then queues a third of a second of requests on one core.
        StreamWindow::Fixed(bytes) => builder
            .http2_bdp_probe(false)
            .stream_initial_window_size(i32::try_from(bytes).unwrap_or(i32::MAX)),
        StreamWindow::Auto => builder,
    };
    if let Some(bytes) = config.limits.memory_quota {
        let quota = ResourceQuota::new(Some("users-server")).resize_memory(bytes);
        builder = builder.set_resource_quota(quota);
    }
    builder = config.compression.configure(builder);
    if let Some(age) = config.max_connection_age {
        let ms = i32::try_from(age.as_millis()).unwrap_or(i32::MAX);
        builder = builder
            .raw_cfg_int(c"grpc.max_connection_age_ms".to_owned(), ms)
            // Streams are long: the age only stops new calls on the connection.
            .raw_cfg_int(c"grpc.max_connection_age_grace_ms".to_owned(), i32::MAX);
    }
    builder
}
