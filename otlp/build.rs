//! Generates the rust-protobuf 3 messages of the OTLP trace export from `proto/`.

fn main() {
    protobuf_codegen::Codegen::new()
        .pure()
        .include("proto")
        .inputs([
            "proto/opentelemetry/proto/common/v1/common.proto",
            "proto/opentelemetry/proto/resource/v1/resource.proto",
            "proto/opentelemetry/proto/trace/v1/trace.proto",
            "proto/opentelemetry/proto/collector/trace/v1/trace_service.proto",
        ])
        .cargo_out_dir("otlp")
        .run_from_script();
}
