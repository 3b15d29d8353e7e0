//! The largest message the services of this crate decode.
//!
//! grpcio's decoders are plain functions, so the limit cannot travel with a service; it
//! travels with the threads that decode instead. A server's completion-queue threads, which
//! poll every handler and so decode every request, carry the limit their environment was
//! built with ([`with_decode_limit`]); every other thread decodes up to [`MAX_MESSAGE_BYTES`].
//! Two servers in one process can so have two limits.

use std::cell::Cell;
use std::fmt;

use grpcio::{EnvBuilder, MessageReader};

/// The largest message decoded unless told otherwise, in bytes: 4 MiB, the default of every
/// gRPC runtime.
pub const MAX_MESSAGE_BYTES: usize = 4 * 1024 * 1024;

thread_local! {
    static LIMIT: Cell<usize> = const { Cell::new(MAX_MESSAGE_BYTES) };
}

/// Makes the threads of the environment `builder` builds decode messages of at most
/// `max_message_bytes`; larger ones fail their call with [`MessageTooLarge`].
pub fn with_decode_limit(builder: EnvBuilder, max_message_bytes: usize) -> EnvBuilder {
    builder.after_start(move || LIMIT.with(|limit| limit.set(max_message_bytes)))
}

/// The largest message the current thread decodes.
pub fn max_message_bytes() -> usize {
    LIMIT.with(Cell::get)
}

/// A received message longer than the limit, reported as a codec error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageTooLarge {
    /// The message's length in bytes.
    pub size: usize,
    /// The limit it broke.
    pub limit: usize,
}

impl fmt::Display for MessageTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // grpc-go's wording, so that operators see the same message from either server.
        let (size, limit) = (self.size, self.limit);
        write!(
            f,
            "grpc: received message larger than max ({size} vs. {limit})"
        )
    }
}

impl std::error::Error for MessageTooLarge {}

/// Decodes a message of at most [`max_message_bytes`].
///
/// The check lives here rather than in the C core's message-size filter, which costs about a
/// quarter of the core's work per message and is left out when no limit is set there.
pub(crate) fn pb_de_limited<T: protobuf::Message>(reader: MessageReader) -> grpcio::Result<T> {
    let size = reader.len();
    let limit = max_message_bytes();
    if size > limit {
        return Err(grpcio::Error::Codec(Box::new(MessageTooLarge {
            size,
            limit,
        })));
    }
    grpcio::pb_de(reader)
}
