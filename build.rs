//! Generates the rust-protobuf 3 messages of the protos in `proto/` with the pure-Rust parser:
//! the users contract, and the health and reflection contracts the server also speaks.

fn main() {
    // One run per output directory: both reflection protos are named `reflection.proto`,
    // and a run names each module after its file.
    let runs: [(&str, &[&str]); 3] = [
        (
            "proto",
            &["proto/users.proto", "proto/grpc/health/v1/health.proto"],
        ),
        (
            "reflection_v1",
            &["proto/grpc/reflection/v1/reflection.proto"],
        ),
        (
            "reflection_v1alpha",
            &["proto/grpc/reflection/v1alpha/reflection.proto"],
        ),
    ];
    for (out, inputs) in runs {
        protobuf_codegen::Codegen::new()
            .pure()
            .include("proto")
            .inputs(inputs)
            .cargo_out_dir(out)
            .run_from_script();
    }
}
