//! Generates the rust-protobuf 3 messages of `proto/users.proto` with the pure-Rust parser.

fn main() {
    protobuf_codegen::Codegen::new()
        .pure()
        .include("proto")
        .input("proto/users.proto")
        .cargo_out_dir("proto")
        .run_from_script();
}
