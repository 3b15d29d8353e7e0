//! OpenTelemetry traces exported over OTLP/HTTP with protobuf: the `opentelemetry` SDK's
//! spans and samplers, encoded by rust-protobuf 3 (the workspace's protobuf) and posted by a
//! blocking HTTP client from a thread of its own. No async runtime, no prost.
//!
//! # Layout
//!
//! - [`config`]: what the standard `OTEL_*` variables ask for, checked ([`TraceConfig`]).
//! - `proto`: the OTLP trace messages, generated from opentelemetry-proto v1.10.0's files in
//!   `proto/` (see `PROVENANCE.md`).
//! - [`encode`]: finished spans to the body of an export request.
//! - [`export`]: the span processor: a bounded queue, the thread that posts its batches, and
//!   the count of what became of each span ([`ExportCounts`]).
//! - [`rpc`]: the attributes of a gRPC call's span, as grpc-go's otelgrpc names them.
//! - this file: [`Tracing`], the tracer provider a config asks for, and its shutdown.

use std::sync::Arc;
use std::time::Duration;

use opentelemetry::trace::{Link, SpanKind, TraceId, TracerProvider as _};
use opentelemetry::{Context, InstrumentationScope, KeyValue};
use opentelemetry_sdk::resource::TelemetryResourceDetector;
use opentelemetry_sdk::trace::{
    Sampler, SamplingDecision, SamplingResult, SdkTracer, SdkTracerProvider, ShouldSample,
};
use opentelemetry_sdk::Resource;

pub mod config;
pub mod encode;
pub mod export;
pub mod rpc;

pub use config::{ConfigError, ParentlessChoice, SamplerChoice, TraceConfig};
pub use export::{ExportCounts, Gate};

mod proto {
    include!(concat!(env!("OUT_DIR"), "/otlp/mod.rs"));
}

/// A running trace export.
pub struct Tracing {
    provider: SdkTracerProvider,
    counts: Arc<ExportCounts>,
}

impl Tracing {
    /// Starts exporting as `config` asks, with the export thread of its own.
    pub fn start(config: &TraceConfig) -> std::io::Result<Tracing> {
        let counts = Arc::new(ExportCounts::default());
        let gate = Arc::new(Gate::default());
        let processor =
            export::QueueProcessor::start(config, Arc::clone(&counts), Arc::clone(&gate))?;
        let resource = Resource::builder_empty()
            .with_detector(Box::new(TelemetryResourceDetector))
            .with_attributes(
                config
                    .resource_attributes
                    .iter()
                    .map(|(key, value)| KeyValue::new(key.clone(), value.clone())),
            )
            .with_service_name(config.service_name.clone())
            .build();
        let provider = SdkTracerProvider::builder()
            .with_span_processor(processor)
            .with_sampler(GatedSampler {
                sampler: sampler(config.sampler),
                gate,
                counts: Arc::clone(&counts),
            })
            .with_resource(resource)
            .build();
        Ok(Tracing { provider, counts })
    }

    /// The tracer of the instrumentation scope `name` at `version`.
    pub fn tracer(&self, name: &'static str, version: &'static str) -> SdkTracer {
        let scope = InstrumentationScope::builder(name)
            .with_version(version)
            .build();
        self.provider.tracer_with_scope(scope)
    }

    /// What became of the spans so far.
    pub fn counts(&self) -> &Arc<ExportCounts> {
        &self.counts
    }

    /// Posts the spans queued so far, waiting until their posts are done.
    pub fn force_flush(&self) -> Result<(), String> {
        self.provider.force_flush().map_err(|e| e.to_string())
    }

    /// Posts the spans still queued and stops the export, waiting `timeout` at most.
    pub fn shutdown(&self, timeout: Duration) -> Result<(), String> {
        self.provider
            .shutdown_with_timeout(timeout)
            .map_err(|e| e.to_string())
    }
}

/// A sampler that records nothing while the collector fails: what it would have sampled is
/// counted as lost instead, at the cost of its decision and not of a span's.
#[derive(Clone, Debug)]
struct GatedSampler {
    sampler: Sampler,
    gate: Arc<Gate>,
    counts: Arc<ExportCounts>,
}

impl ShouldSample for GatedSampler {
    fn should_sample(
        &self,
        parent_context: Option<&Context>,
        trace_id: TraceId,
        name: &str,
        span_kind: &SpanKind,
        attributes: &[KeyValue],
        links: &[Link],
    ) -> SamplingResult {
        let mut result = self.sampler.should_sample(
            parent_context,
            trace_id,
            name,
            span_kind,
            attributes,
            links,
        );
        if result.decision == SamplingDecision::RecordAndSample && !self.gate.is_open() {
            self.counts.export_failed(1);
            result.decision = SamplingDecision::Drop;
        }
        result
    }
}

/// The SDK's sampler for `choice`.
fn sampler(choice: SamplerChoice) -> Sampler {
    match choice {
        SamplerChoice::AlwaysOn => Sampler::AlwaysOn,
        SamplerChoice::AlwaysOff => Sampler::AlwaysOff,
        SamplerChoice::TraceIdRatio(ratio) => Sampler::TraceIdRatioBased(ratio),
        SamplerChoice::ParentBased(root) => Sampler::ParentBased(Box::new(match root {
            ParentlessChoice::AlwaysOn => Sampler::AlwaysOn,
            ParentlessChoice::AlwaysOff => Sampler::AlwaysOff,
            ParentlessChoice::TraceIdRatio(ratio) => Sampler::TraceIdRatioBased(ratio),
        })),
    }
}
