//! The key under which the build script keeps a compiled core covers the variables cc reads
//! for the compilers, their flags and the archiver: a changed `CXXFLAGS`, `CFLAGS`, `CXX` or
//! `AR` gives a new key, so the build compiles a new archive instead of linking the one built
//! without it (the build script also reruns on each, `build/main.rs`). The key is computed by
//! the build script's own code, compiled here from `build/`.

// Only the key and what it is made of are used here; the rest of the build script's code is
// compiled with it.
#![allow(dead_code)]

#[path = "../build/cache.rs"]
mod cache;
#[path = "../build/compile.rs"]
mod compile;
#[path = "../build/objects.rs"]
mod objects;
#[path = "../build/pch.rs"]
mod pch;

use std::env;
use std::path::Path;

/// The key the build script would compute with the environment as it is now.
fn current_key() -> String {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let compilers = compile::Compilers::new(crate_dir);
    cache::key(&compilers, &compile::Sources::read(crate_dir))
}

#[test]
fn compiler_variables_change_the_key() {
    // What cargo gives a build script, for cc; one test, as it changes the environment.
    env::set_var("CARGO_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR"));
    env::set_var("TARGET", env!("GRPCIO_SYS_TARGET"));
    env::set_var("HOST", env!("GRPCIO_SYS_HOST"));
    env::set_var("OPT_LEVEL", "3");
    env::set_var("DEBUG", "false");
    for var in ["CC", "CXX", "CFLAGS", "CXXFLAGS", "AR", "ARFLAGS"] {
        env::remove_var(var);
    }
    let plain = current_key();
    assert_eq!(current_key(), plain, "the key is not stable");

    for (var, value) in [
        ("CXXFLAGS", "-DGRPCIO_SYS_KEY_PROBE"),
        ("CFLAGS", "-DGRPCIO_SYS_KEY_PROBE"),
        ("CXX", "g++"),
        ("AR", "gcc-ar"),
    ] {
        env::set_var(var, value);
        let changed = current_key();
        env::remove_var(var);
        assert_ne!(changed, plain, "{var}={value} keeps the key {plain}");
    }
    assert_eq!(current_key(), plain, "the key changed back and forth");
}
