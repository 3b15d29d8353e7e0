//! One OpenTelemetry span per call (kind SERVER), its parent taken from the call's W3C
//! `traceparent` and `tracestate` metadata, named and described as grpc-go's `otelgrpc`
//! describes its server spans, so that the Go and Rust halves of a trace read alike.
//!
//! The span lives in the call's [`CallRecord`](crate::calls::CallRecord): started with it when
//! the handler starts, ended with the call's status. With tracing off there is no tracer and
//! a record holds no span.

use std::borrow::Cow;

use grpcio::{Metadata, RpcContext, RpcStatusCode};
use opentelemetry::propagation::{Extractor, TextMapPropagator};
use opentelemetry::trace::{Span as _, SpanKind, Status, TraceId, Tracer as _};
use opentelemetry::{Context, KeyValue};
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::{SdkTracer, Span};
use users_otlp::rpc::{address, method_attributes, Conventions, PEER, SERVER};
use users_transport::status_code_name;

/// The instrumentation scope of the server's spans.
pub(crate) const SCOPE: &str = "users-server";

/// The tracer of the server's calls, with the conventions its spans follow.
#[derive(Clone, Debug)]
pub(crate) struct CallTracer {
    tracer: SdkTracer,
    conventions: Conventions,
}

impl CallTracer {
    /// Traces calls with `tracer`, naming attributes after `conventions`.
    pub(crate) fn new(tracer: SdkTracer, conventions: Conventions) -> Self {
        CallTracer {
            tracer,
            conventions,
        }
    }

    /// Starts the span of the call `ctx` serves, a child of the span its metadata names;
    /// `served` is the method's name when the server serves it (no copy to make).
    pub(crate) fn start(&self, ctx: &RpcContext<'_>, served: Option<&'static str>) -> CallSpan {
        let parent = TraceContextPropagator::new()
            .extract_with_context(&Context::new(), &Headers(ctx.request_headers()));
        let name: Cow<'static, str> = match served {
            Some(name) => Cow::Borrowed(name),
            None => {
                let method = String::from_utf8_lossy(ctx.method());
                Cow::Owned(method.strip_prefix('/').unwrap_or(&method).to_owned())
            }
        };
        let mut span = self
            .tracer
            .span_builder(name.clone())
            .with_kind(SpanKind::Server)
            .start_with_context(&self.tracer, &parent);
        // Attributes only for a span that is recorded: a call the sampler leaves out costs no
        // more than its decision.
        if span.is_recording() {
            let mut attributes = method_attributes(&name, self.conventions);
            let authority = String::from_utf8_lossy(ctx.host()).into_owned();
            attributes.extend(address(SERVER, &authority));
            attributes.extend(address(PEER, &peer_address(&ctx.peer())));
            span.set_attributes(attributes);
        }
        CallSpan {
            span: Box::new(span),
        }
    }
}

/// The span of one call, boxed: a call's state carries it through every move, and with
/// tracing off only its empty place.
pub(crate) struct CallSpan {
    span: Box<Span>,
}

impl CallSpan {
    /// The call's trace id.
    pub(crate) fn trace_id(&self) -> TraceId {
        self.span.span_context().trace_id()
    }

    /// Records an attribute of the call, such as what it did.
    pub(crate) fn set(&mut self, attribute: KeyValue) {
        self.span.set_attribute(attribute);
    }

    /// Ends the span with the call's status: an error for the codes `otelgrpc` counts as the
    /// server's fault, as OpenTelemetry's gRPC conventions ask.
    pub(crate) fn end(mut self, code: RpcStatusCode) {
        self.span.set_attribute(KeyValue::new(
            "rpc.response.status_code",
            status_code_name(code),
        ));
        if server_fault(code) {
            self.span.set_status(Status::error(status_code_name(code)));
        }
        self.span.end();
    }
}

/// The codes that make a server span an error: the others are the client's doing.
fn server_fault(code: RpcStatusCode) -> bool {
    matches!(
        code,
        RpcStatusCode::UNKNOWN
            | RpcStatusCode::DEADLINE_EXCEEDED
            | RpcStatusCode::UNIMPLEMENTED
            | RpcStatusCode::INTERNAL
            | RpcStatusCode::UNAVAILABLE
            | RpcStatusCode::DATA_LOSS
    )
}

/// The `HOST:PORT` of a peer as the C core names it (`ipv4:127.0.0.1:5000`,
/// `ipv6:%5B::1%5D:5000`); other peers (`unix:...`) as they are.
fn peer_address(peer: &str) -> Cow<'_, str> {
    let address = peer
        .strip_prefix("ipv4:")
        .or_else(|| peer.strip_prefix("ipv6:"))
        .unwrap_or(peer);
    if address.contains('%') {
        Cow::Owned(address.replace("%5B", "[").replace("%5D", "]"))
    } else {
        Cow::Borrowed(address)
    }
}

/// A call's metadata, as the propagator reads it.
struct Headers<'a>(&'a Metadata);

impl Extractor for Headers<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(key))
            .and_then(|(_, value)| std::str::from_utf8(value).ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.iter().map(|(name, _)| name).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Peers as the C core names them become HOST:PORT, IPv6 brackets restored.
    #[test]
    fn peers_are_read() {
        assert_eq!(peer_address("ipv6:%5B::1%5D:5000"), "[::1]:5000");
        assert_eq!(peer_address("ipv4:127.0.0.1:41000"), "127.0.0.1:41000");
        assert_eq!(peer_address("unix:/run/users.sock"), "unix:/run/users.sock");
    }

    /// Only the codes that are the server's fault mark the span as an error.
    #[test]
    fn server_faults_are_errors() {
        assert!(server_fault(RpcStatusCode::INTERNAL));
        assert!(server_fault(RpcStatusCode::UNAVAILABLE));
        assert!(!server_fault(RpcStatusCode::OK));
        assert!(!server_fault(RpcStatusCode::CANCELLED));
        assert!(!server_fault(RpcStatusCode::INVALID_ARGUMENT));
        assert!(!server_fault(RpcStatusCode::UNAUTHENTICATED));
    }
}
