//! Finished spans to the body of an OTLP/HTTP trace export: an `ExportTraceServiceRequest`,
//! its spans grouped by instrumentation scope under one resource.

use std::time::{SystemTime, UNIX_EPOCH};

use opentelemetry::trace::{SpanId, SpanKind, Status};
use opentelemetry::{Array, KeyValue, Value};
use opentelemetry_sdk::trace::SpanData;
use opentelemetry_sdk::Resource;
use protobuf::{EnumOrUnknown, Message, MessageField};

use crate::proto::common::{any_value, AnyValue, ArrayValue, InstrumentationScope};
use crate::proto::resource::Resource as ResourceProto;
use crate::proto::trace::{span, status, ResourceSpans, ScopeSpans, Span, Status as StatusProto};
use crate::proto::trace_service::ExportTraceServiceRequest;

/// OTLP's span flag bits: the W3C trace flags, and whether the parent's remoteness is known
/// and whether it is remote.
const FLAGS_HAS_IS_REMOTE: u32 = 0x100;
const FLAGS_IS_REMOTE: u32 = 0x200;

/// The serialized `ExportTraceServiceRequest` of `spans`, produced under `resource`.
pub fn export_request(resource: &Resource, spans: Vec<SpanData>) -> Vec<u8> {
    let mut scopes: Vec<ScopeSpans> = Vec::new();
    for data in spans {
        let scope = &data.instrumentation_scope;
        let index = scopes.iter().position(|s| {
            s.scope.name == scope.name() && s.scope.version == scope.version().unwrap_or_default()
        });
        let index = index.unwrap_or_else(|| {
            scopes.push(ScopeSpans {
                scope: MessageField::some(InstrumentationScope {
                    name: scope.name().to_owned(),
                    version: scope.version().unwrap_or_default().to_owned(),
                    attributes: scope.attributes().map(key_value).collect(),
                    ..Default::default()
                }),
                schema_url: scope.schema_url().unwrap_or_default().to_owned(),
                ..Default::default()
            });
            scopes.len() - 1
        });
        scopes[index].spans.push(span(data));
    }
    let request = ExportTraceServiceRequest {
        resource_spans: vec![ResourceSpans {
            resource: MessageField::some(ResourceProto {
                attributes: resource
                    .iter()
                    .map(|(key, value)| key_value(&KeyValue::new(key.clone(), value.clone())))
                    .collect(),
                ..Default::default()
            }),
            scope_spans: scopes,
            schema_url: resource.schema_url().unwrap_or_default().to_owned(),
            ..Default::default()
        }],
        ..Default::default()
    };
    request
        .write_to_bytes()
        .expect("an OTLP request has no required fields to miss")
}

/// One span in OTLP's form.
fn span(data: SpanData) -> Span {
    let context = &data.span_context;
    // A root span has no parent id: the field stays empty.
    let parent = if data.parent_span_id == SpanId::INVALID {
        Vec::new()
    } else {
        data.parent_span_id.to_bytes().to_vec()
    };
    let remote = if data.parent_span_is_remote {
        FLAGS_IS_REMOTE
    } else {
        0
    };
    Span {
        trace_id: context.trace_id().to_bytes().to_vec(),
        span_id: context.span_id().to_bytes().to_vec(),
        trace_state: context.trace_state().header(),
        parent_span_id: parent,
        flags: u32::from(context.trace_flags().to_u8()) | FLAGS_HAS_IS_REMOTE | remote,
        name: data.name.into_owned(),
        kind: EnumOrUnknown::new(kind(&data.span_kind)),
        start_time_unix_nano: unix_nanos(data.start_time),
        end_time_unix_nano: unix_nanos(data.end_time),
        attributes: data.attributes.iter().map(key_value).collect(),
        dropped_attributes_count: data.dropped_attributes_count,
        events: data
            .events
            .events
            .iter()
            .map(|event| span::Event {
                time_unix_nano: unix_nanos(event.timestamp),
                name: event.name.to_string(),
                attributes: event.attributes.iter().map(key_value).collect(),
                dropped_attributes_count: event.dropped_attributes_count,
                ..Default::default()
            })
            .collect(),
        dropped_events_count: data.events.dropped_count,
        links: data
            .links
            .links
            .iter()
            .map(|link| span::Link {
                trace_id: link.span_context.trace_id().to_bytes().to_vec(),
                span_id: link.span_context.span_id().to_bytes().to_vec(),
                trace_state: link.span_context.trace_state().header(),
                attributes: link.attributes.iter().map(key_value).collect(),
                dropped_attributes_count: link.dropped_attributes_count,
                flags: u32::from(link.span_context.trace_flags().to_u8()),
                ..Default::default()
            })
            .collect(),
        dropped_links_count: data.links.dropped_count,
        status: MessageField::some(status(&data.status)),
        ..Default::default()
    }
}

fn kind(kind: &SpanKind) -> span::SpanKind {
    match kind {
        SpanKind::Client => span::SpanKind::SPAN_KIND_CLIENT,
        SpanKind::Server => span::SpanKind::SPAN_KIND_SERVER,
        SpanKind::Producer => span::SpanKind::SPAN_KIND_PRODUCER,
        SpanKind::Consumer => span::SpanKind::SPAN_KIND_CONSUMER,
        SpanKind::Internal => span::SpanKind::SPAN_KIND_INTERNAL,
    }
}

fn status(status: &Status) -> StatusProto {
    let (code, message) = match status {
        Status::Unset => (status::StatusCode::STATUS_CODE_UNSET, String::new()),
        Status::Ok => (status::StatusCode::STATUS_CODE_OK, String::new()),
        Status::Error { description } => (
            status::StatusCode::STATUS_CODE_ERROR,
            description.to_string(),
        ),
    };
    StatusProto {
        code: EnumOrUnknown::new(code),
        message,
        ..Default::default()
    }
}

/// Nanoseconds since the Unix epoch; 0 for a time before it, which OTLP reads as unset.
fn unix_nanos(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map(|since| u64::try_from(since.as_nanos()).unwrap_or(u64::MAX))
        .unwrap_or_default()
}

fn key_value(kv: &KeyValue) -> crate::proto::common::KeyValue {
    crate::proto::common::KeyValue {
        key: kv.key.as_str().to_owned(),
        value: MessageField::some(any_value(&kv.value)),
        ..Default::default()
    }
}

fn any_value(value: &Value) -> AnyValue {
    let value = match value {
        Value::Bool(b) => any_value::Value::BoolValue(*b),
        Value::I64(i) => any_value::Value::IntValue(*i),
        Value::F64(f) => any_value::Value::DoubleValue(*f),
        Value::String(s) => any_value::Value::StringValue(s.as_str().to_owned()),
        Value::Array(array) => any_value::Value::ArrayValue(array_value(array)),
        // A kind of value newer than this encoder: sent as its text rather than lost.
        #[allow(unreachable_patterns)]
        other => any_value::Value::StringValue(other.to_string()),
    };
    AnyValue {
        value: Some(value),
        ..Default::default()
    }
}

fn array_value(array: &Array) -> ArrayValue {
    let values: Vec<Value> = match array {
        Array::Bool(items) => items.iter().map(|b| Value::Bool(*b)).collect(),
        Array::I64(items) => items.iter().map(|i| Value::I64(*i)).collect(),
        Array::F64(items) => items.iter().map(|f| Value::F64(*f)).collect(),
        Array::String(items) => items.iter().map(|s| Value::String(s.clone())).collect(),
        #[allow(unreachable_patterns)]
        other => vec![Value::String(other.to_string().into())],
    };
    ArrayValue {
        values: values.iter().map(any_value).collect(),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::time::Duration;

    use opentelemetry::trace::{SpanContext, TraceFlags, TraceId, TraceState};
    use opentelemetry::InstrumentationScope;
    use protobuf::Message as _;

    use super::*;
    use crate::proto::trace_service::ExportTraceServiceRequest;

    fn server_span(parent: SpanId) -> SpanData {
        let started = UNIX_EPOCH + Duration::from_nanos(1_700_000_000_123_456_789);
        SpanData {
            span_context: SpanContext::new(
                TraceId::from_hex("4bf92f3577b34da6a3ce929d0e0e4736").unwrap(),
                SpanId::from_hex("00f067aa0ba902b7").unwrap(),
                TraceFlags::SAMPLED,
                false,
                TraceState::from_key_value([("vendor", "value")]).unwrap(),
            ),
            parent_span_id: parent,
            parent_span_is_remote: true,
            span_kind: SpanKind::Server,
            name: Cow::Borrowed("users.Users/CreateUser"),
            start_time: started,
            end_time: started + Duration::from_millis(2),
            attributes: vec![
                KeyValue::new("rpc.method", "users.Users/CreateUser"),
                KeyValue::new("users.received", 5_i64),
                KeyValue::new("sampled", true),
            ],
            dropped_attributes_count: 0,
            events: Default::default(),
            links: Default::default(),
            status: Status::error("INTERNAL"),
            instrumentation_scope: InstrumentationScope::builder("users-server")
                .with_version("0.1.0")
                .build(),
        }
    }

    /// A span reaches the request with its ids, parent, remote flag, kind, times, attributes
    /// and status, under its scope and the resource.
    #[test]
    fn spans_keep_every_field() {
        let resource = Resource::builder_empty()
            .with_service_name("users-server")
            .build();
        let parent = SpanId::from_hex("b7ad6b7169203331").unwrap();
        let bytes = export_request(&resource, vec![server_span(parent)]);
        let request = ExportTraceServiceRequest::parse_from_bytes(&bytes).unwrap();
        let [resource_spans] = &request.resource_spans[..] else {
            panic!("one resource: {request:?}")
        };
        let service = &resource_spans.resource.attributes[0];
        assert_eq!(service.key, "service.name");
        assert_eq!(
            service.value.value,
            Some(any_value::Value::StringValue("users-server".into()))
        );
        let [scope] = &resource_spans.scope_spans[..] else {
            panic!("one scope")
        };
        assert_eq!(
            (scope.scope.name.as_str(), scope.scope.version.as_str()),
            ("users-server", "0.1.0")
        );
        let span = &scope.spans[0];
        assert_eq!(hex(&span.trace_id), "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_eq!(hex(&span.span_id), "00f067aa0ba902b7");
        assert_eq!(hex(&span.parent_span_id), "b7ad6b7169203331");
        assert_eq!(span.trace_state, "vendor=value");
        assert_eq!(span.flags, 0x01 | FLAGS_HAS_IS_REMOTE | FLAGS_IS_REMOTE);
        assert_eq!(span.kind.enum_value(), Ok(span::SpanKind::SPAN_KIND_SERVER));
        assert_eq!(span.start_time_unix_nano, 1_700_000_000_123_456_789);
        assert_eq!(
            span.end_time_unix_nano - span.start_time_unix_nano,
            2_000_000
        );
        let values: Vec<(&str, Option<any_value::Value>)> = span
            .attributes
            .iter()
            .map(|kv| (kv.key.as_str(), kv.value.value.clone()))
            .collect();
        assert_eq!(
            values,
            [
                (
                    "rpc.method",
                    Some(any_value::Value::StringValue(
                        "users.Users/CreateUser".into()
                    ))
                ),
                ("users.received", Some(any_value::Value::IntValue(5))),
                ("sampled", Some(any_value::Value::BoolValue(true))),
            ]
        );
        assert_eq!(
            span.status.code.enum_value(),
            Ok(status::StatusCode::STATUS_CODE_ERROR)
        );
        assert_eq!(span.status.message, "INTERNAL");
    }

    /// A root span has no parent id.
    #[test]
    fn root_spans_have_no_parent() {
        let resource = Resource::builder_empty().build();
        let bytes = export_request(&resource, vec![server_span(SpanId::INVALID)]);
        let request = ExportTraceServiceRequest::parse_from_bytes(&bytes).unwrap();
        assert!(request.resource_spans[0].scope_spans[0].spans[0]
            .parent_span_id
            .is_empty());
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
}
