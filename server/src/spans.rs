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
use users_transport::status_code_name;

/// The instrumentation scope of the server's spans.
pub(crate) const SCOPE: &str = "users-server";

/// Which attribute names the spans carry, chosen by `OTEL_SEMCONV_STABILITY_OPT_IN` as
/// `otelgrpc` (v0.72) chooses them; every choice has `rpc.response.status_code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Conventions {
    /// `rpc.system.name` and `rpc.method` (the full method): the default.
    Current,
    /// `rpc.system`, `rpc.service` and `rpc.method` (the method's own name): `rpc/old`.
    Old,
    /// Both, the full method winning `rpc.method`: `rpc/dup`.
    Both,
}

impl Conventions {
    /// The conventions the opt-in variable's value asks for: its first `rpc/dup` or
    /// `rpc/old`.
    pub(crate) fn from_opt_in(value: Option<&str>) -> Self {
        let items = value.unwrap_or_default().split(',').map(str::trim);
        items
            .filter_map(|item| match item {
                "rpc/dup" => Some(Conventions::Both),
                "rpc/old" => Some(Conventions::Old),
                _ => None,
            })
            .next()
            .unwrap_or(Conventions::Current)
    }
}

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

/// The attributes that name the method `name` (`package.Service/Method`).
fn method_attributes(name: &str, conventions: Conventions) -> Vec<KeyValue> {
    let current = [
        KeyValue::new("rpc.system.name", "grpc"),
        KeyValue::new("rpc.method", name.to_owned()),
    ];
    let (service, method) = name.split_once('/').unwrap_or(("", name));
    let old = [
        KeyValue::new("rpc.system", "grpc"),
        KeyValue::new("rpc.service", service.to_owned()),
    ];
    match conventions {
        Conventions::Current => current.to_vec(),
        Conventions::Old => {
            let mut attributes = old.to_vec();
            attributes.push(KeyValue::new("rpc.method", method.to_owned()));
            attributes
        }
        // One attribute per name: the full method is rpc.method, as in otelgrpc's rpc/dup.
        Conventions::Both => old.into_iter().chain(current).collect(),
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

/// The server's side and the peer's side of a call, as attribute names.
const SERVER: (&str, &str) = ("server.address", "server.port");
const PEER: (&str, &str) = ("network.peer.address", "network.peer.port");

/// The address and port attributes (`names`) of `HOST:PORT` (brackets of an IPv6 host
/// removed); only the address when there is no port.
fn address(names: (&'static str, &'static str), host_port: &str) -> Vec<KeyValue> {
    if host_port.is_empty() {
        return Vec::new();
    }
    let (host, port) = match host_port.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(':') && port.parse::<u16>().is_ok() => {
            (host, port.parse::<i64>().ok())
        }
        _ => (host_port, None),
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let mut attributes = vec![KeyValue::new(names.0, host.to_owned())];
    if let Some(port) = port {
        attributes.push(KeyValue::new(names.1, port));
    }
    attributes
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

    /// Hosts and ports of authorities and peers, IPv6 brackets removed; no port, no port
    /// attribute.
    #[test]
    fn addresses_are_split() {
        let text = |attributes: Vec<KeyValue>| -> Vec<String> {
            attributes
                .iter()
                .map(|kv| format!("{}={}", kv.key, kv.value))
                .collect()
        };
        assert_eq!(
            text(address(SERVER, "localhost:3000")),
            ["server.address=localhost", "server.port=3000"]
        );
        assert_eq!(
            text(address(PEER, &peer_address("ipv6:%5B::1%5D:5000"))),
            ["network.peer.address=::1", "network.peer.port=5000"]
        );
        assert_eq!(
            text(address(PEER, &peer_address("ipv4:127.0.0.1:41000"))),
            ["network.peer.address=127.0.0.1", "network.peer.port=41000"]
        );
        assert_eq!(
            text(address(SERVER, "users.internal")),
            ["server.address=users.internal"]
        );
        assert!(address(SERVER, "").is_empty());
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

    /// The opt-in variable picks the names as otelgrpc does: rpc/dup or rpc/old, else the
    /// current ones.
    #[test]
    fn conventions_follow_the_opt_in() {
        assert_eq!(Conventions::from_opt_in(None), Conventions::Current);
        assert_eq!(Conventions::from_opt_in(Some("http")), Conventions::Current);
        assert_eq!(
            Conventions::from_opt_in(Some("http, rpc/dup")),
            Conventions::Both
        );
        assert_eq!(
            Conventions::from_opt_in(Some("rpc/old,rpc/dup")),
            Conventions::Old
        );
        let names = |conventions| -> Vec<String> {
            method_attributes("users.Users/CreateUser", conventions)
                .iter()
                .map(|kv| format!("{}={}", kv.key, kv.value))
                .collect()
        };
        assert_eq!(
            names(Conventions::Current),
            ["rpc.system.name=grpc", "rpc.method=users.Users/CreateUser"]
        );
        assert_eq!(
            names(Conventions::Old),
            [
                "rpc.system=grpc",
                "rpc.service=users.Users",
                "rpc.method=CreateUser"
            ]
        );
        assert_eq!(
            names(Conventions::Both),
            [
                "rpc.system=grpc",
                "rpc.service=users.Users",
                "rpc.system.name=grpc",
                "rpc.method=users.Users/CreateUser"
            ]
        );
    }
}
