//! The client's traces: one span (kind CLIENT) per call, whose context goes out with the call
//! as W3C `traceparent` and `tracestate` metadata, so that the server's span continues the
//! trace. Configured by the standard `OTEL_*` variables (see `users_otlp::config`); off
//! without an endpoint.
//!
//! The span is the current OpenTelemetry context while the call runs: [`CallOptions`]
//! (crate::CallOptions) injects the current context into every call's metadata, and
//! [`run_stream`](crate::run_stream) carries it onto the completion-queue thread that runs
//! the stream.

use std::time::Duration;

use grpcio::MetadataBuilder;
use opentelemetry::propagation::{Injector, TextMapPropagator};
use opentelemetry::trace::{SpanKind, Status, TraceContextExt, Tracer as _};
use opentelemetry::{Context, KeyValue};
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::SdkTracer;
use users_otlp::rpc::{address, method_attributes, Conventions, SERVER};
use users_otlp::{TraceConfig, Tracing};
use users_transport::status_code_name;

use crate::ClientError;

/// How long the spans of the run may take to reach the collector at exit.
const FLUSH: Duration = Duration::from_secs(5);

/// The trace export of the client, when the environment asks for one.
pub struct ClientTracing {
    tracing: Tracing,
    tracer: SdkTracer,
    conventions: Conventions,
}

impl ClientTracing {
    /// The export the `OTEL_*` variables ask for; `None` when tracing is off.
    pub fn from_env() -> Result<Option<ClientTracing>, ClientError> {
        let config =
            TraceConfig::from_env("users-client").map_err(|e| ClientError::Trace(e.to_string()))?;
        let Some(config) = config else {
            return Ok(None);
        };
        let tracing = Tracing::start(&config)
            .map_err(|e| ClientError::Trace(format!("cannot start the trace export: {e}")))?;
        let tracer = tracing.tracer("users-client", env!("CARGO_PKG_VERSION"));
        let conventions = Conventions::from_opt_in(config.semconv_opt_in.as_deref());
        Ok(Some(ClientTracing {
            tracing,
            tracer,
            conventions,
        }))
    }

    /// Runs `call`, a call of `method` (`/package.Service/Method`) to `target`, in a span of
    /// its own, current while it runs.
    pub fn in_span<T>(
        &self,
        method: &str,
        target: &str,
        call: impl FnOnce() -> Result<T, ClientError>,
    ) -> Result<T, ClientError> {
        let name = method.strip_prefix('/').unwrap_or(method).to_owned();
        let mut attributes = method_attributes(&name, self.conventions);
        // One target: its host and port, as otelgrpc reads them from the dial target.
        if !target.contains(',') {
            attributes.extend(address(SERVER, target));
        }
        let span = self
            .tracer
            .span_builder(name)
            .with_kind(SpanKind::Client)
            .with_attributes(attributes)
            .start(&self.tracer);
        let cx = Context::current_with_span(span);
        let outcome = {
            let _current = cx.clone().attach();
            call()
        };
        let span = cx.span();
        let code = match &outcome {
            Ok(_) => "OK",
            Err(e) => e.status_code().map_or("UNKNOWN", status_code_name),
        };
        span.set_attribute(KeyValue::new("rpc.response.status_code", code));
        if let Err(e) = &outcome {
            // A client span fails with any status but OK, as otelgrpc's client spans do.
            span.set_status(Status::error(e.to_string()));
        }
        span.end();
        outcome
    }

    /// Exports the spans still queued, waiting a few seconds at most.
    pub fn shutdown(&self) {
        if let Err(e) = self.tracing.shutdown(FLUSH) {
            log::warn!("trace export: the last spans were not all exported: {e}");
        }
        let counts = self.tracing.counts();
        let lost = counts.dropped_queue_full() + counts.dropped_export_failed();
        if lost > 0 {
            log::warn!("trace export: {lost} span(s) could not be exported");
        }
    }
}

/// Adds the current OpenTelemetry context, if a span is current, to `headers` as W3C trace
/// context; whether it added anything.
pub(crate) fn inject_current(headers: &mut MetadataBuilder) -> bool {
    let cx = Context::current();
    if !cx.span().span_context().is_valid() {
        return false;
    }
    let mut injector = Headers {
        headers,
        added: false,
    };
    TraceContextPropagator::new().inject_context(&cx, &mut injector);
    injector.added
}

/// Call metadata, as the propagator writes it.
struct Headers<'a> {
    headers: &'a mut MetadataBuilder,
    added: bool,
}

impl Injector for Headers<'_> {
    fn set(&mut self, key: &str, value: String) {
        // The propagator writes lowercase ASCII keys and values a header can carry.
        if self.headers.add_str(key, &value).is_ok() {
            self.added = true;
        }
    }
}
