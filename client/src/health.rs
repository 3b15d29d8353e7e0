//! The standard health check, asked of a server.

use grpcio::Channel;
use users_grpc::health::{HealthClient, ServingStatus};

use crate::{classify, CallOptions, ClientError};

/// Asks the health service on `channel` for `service`'s status (`""`: the whole server).
pub fn health_status(
    channel: Channel,
    addr: &str,
    service: &str,
    options: &CallOptions,
) -> Result<ServingStatus, ClientError> {
    let client = HealthClient::new(channel);
    let reply = client
        .check_async(service, options.call_option())
        .and_then(futures::executor::block_on)
        .map_err(|e| classify(e, addr, options.timeout))?;
    Ok(reply.status.enum_value_or_default())
}
