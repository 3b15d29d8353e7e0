fn main() -> Result<(), Box<dyn std::error::Error>> {
    tonic_build::configure().compile_protos(&["../../../proto/users.proto"], &["../../../proto"])?;
    println!("cargo:rerun-if-changed=../../../proto/users.proto");
    Ok(())
}
