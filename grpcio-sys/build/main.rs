//! Builds the vendored gRPC C core and grpcio's C wrapper, and tells cargo how to link them.
//!
//! Layout:
//! - `compile.rs`: the compilers (the newest clang unless `CC` or `CXX` names one), their
//!   settings and the compile of the ~850 files in `sources.txt` into one static archive
//!   (always optimised, with `NDEBUG`, whatever the cargo profile);
//! - `pch.rs`: the precompiled headers of `pch/` and which C++ source uses which;
//! - `objects.rs`: the parallel compile of the sources, with a cache of objects that
//!   recompiles only the sources a change touches;
//! - `cache.rs`: one compiled archive per machine, keyed by what went into it, shared by every
//!   profile, target directory and checkout;
//! - `wrap.rs`: grpcio's `grpc_wrap.cc` and the compatibility layer `compat.cc`, compiled
//!   each time (seconds) and linked whole.
//!
//! The flow: check the features, configure the core's compilers, look the archive up in the
//! cache (compiling it on a miss), compile the wrapper, then emit the link lines: wrapper,
//! core (BoringSSL included), the C++ runtime.

mod cache;
mod compile;
mod objects;
mod pch;
mod wrap;

use std::env;
use std::path::PathBuf;

fn main() {
    // The core and the wrapper are compiled alike for every build, the fuzz build included:
    // cc would otherwise compile them with the address sanitizer the fuzz build's Rust code
    // runs under, a second compile of the core (no fuzz target reaches the C code).
    env::remove_var("CARGO_CFG_SANITIZE");
    if cfg!(feature = "openssl") || cfg!(feature = "openssl-vendored") {
        panic!(
            "this grpcio-sys compiles the BoringSSL that gRPC 1.85.3 bundles into the core and \
             links no OpenSSL: build grpcio with its default `boringssl` feature (with \
             `default-features = false`: features = [\"boringssl\", ...]), not openssl or \
             openssl-vendored"
        );
    }
    rerun_if_compiler_env_changed();
    let crate_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets it"));
    for path in [
        "grpc",
        "sources.txt",
        "grpc_wrap.cc",
        "compat.h",
        "compat.cc",
        "bindings/layout.cc",
        "build",
        "pch",
    ] {
        println!("cargo:rerun-if-changed={path}");
    }

    let sources = compile::Sources::read(&crate_dir);
    let release = sources.release();
    let package_release = env!("CARGO_PKG_VERSION").split('+').nth(1).unwrap_or("");
    if package_release != release {
        panic!(
            "grpcio-sys is versioned for gRPC {package_release:?} but grpc/ holds {release} \
             (sources.txt): update the version in grpcio-sys/Cargo.toml"
        );
    }

    let compilers = compile::Compilers::new(&crate_dir);
    let archive = cache::Cache::from_env().archive(&compilers, &sources, &out_dir);
    wrap::compile(&crate_dir);

    println!("cargo:rustc-link-lib=static:+whole-archive=grpcwrap");
    println!("cargo:rustc-link-search=native={}", out_dir.display());
    println!(
        "cargo:rustc-link-search=native={}",
        archive
            .parent()
            .expect("an archive sits in a folder")
            .display()
    );
    println!("cargo:rustc-link-lib=static={}", compile::ARCHIVE_NAME);
    println!("cargo:rustc-link-lib=stdc++");
    // For tests/link_complete.rs: the archive and the compiler that links it.
    println!(
        "cargo:rustc-env=GRPCIO_SYS_CORE_ARCHIVE={}",
        archive.display()
    );
    println!(
        "cargo:rustc-env=GRPCIO_SYS_CXX={}",
        compilers.cxx_path().display()
    );
    println!("cargo:rustc-env=GRPCIO_SYS_CORE_RELEASE={release}");
    // For tests/cache_key.rs, which runs this script's key code as cargo would.
    for var in ["TARGET", "HOST"] {
        let value = env::var(var).expect("cargo sets it");
        println!("cargo:rustc-env=GRPCIO_SYS_{var}={value}");
    }
    // Dependents with a build script read it as DEP_GRPC_CORE_RELEASE.
    println!("cargo:core_release={release}");
}

/// The variables cc reads for the compilers, their flags and the archiver.
const CC_VARIABLES: &[&str] = &[
    "CC",
    "CXX",
    "CFLAGS",
    "CXXFLAGS",
    "AR",
    "ARFLAGS",
    "RANLIB",
    "RANLIBFLAGS",
    "CRATE_CC_NO_DEFAULTS",
];

/// Tells cargo to rerun this script when any compiler variable changes, in every form cc looks
/// it up under (`VAR_<target>`, `VAR_<target_with_underscores>`, `HOST_VAR` or `TARGET_VAR`,
/// `VAR`).
fn rerun_if_compiler_env_changed() {
    // The cc builders run with cargo_metadata(false), so that their link lines do not repeat
    // ours, which also drops their rerun-if-env-changed lines: without these, a changed
    // CXXFLAGS would not rerun the script and the old archive would be linked.
    for var in CC_VARIABLES {
        for name in compile::cc_variable_names(var) {
            println!("cargo:rerun-if-env-changed={name}");
        }
    }
    for name in [
        "CC_SHELL_ESCAPED_FLAGS",
        "CC_FORCE_DISABLE",
        "CROSS_COMPILE",
    ] {
        println!("cargo:rerun-if-env-changed={name}");
    }
}
