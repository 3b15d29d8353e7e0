//! Which compilers the build script compiles the core with (`build/compile.rs`, compiled here
//! from `build/`): the newest clang on the `PATH` (its C and C++ compilers both there, clang
//! 11 or later), unless `CC` or `CXX` names a compiler; cc's default without one. Run against
//! stand-in compilers that only answer `--version`, in a `PATH` of their own.

// Only the choice of compilers is used here; the rest of the build script's code is compiled
// with it.
#![allow(dead_code)]

#[path = "../build/compile.rs"]
mod compile;
#[path = "../build/objects.rs"]
mod objects;
#[path = "../build/pch.rs"]
mod pch;

use std::env;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// A folder of stand-in compilers: each name with the version its `--version` prints.
fn compilers(name: &str, tools: &[(&str, &str)]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("compiler_choice")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    for (tool, version) in tools {
        let path = dir.join(tool);
        fs::write(
            &path,
            format!(
                "#!/bin/sh\n[ \"$1\" = --version ] && echo \"Debian clang version {version}\" \
                 && exit 0\nexit 1\n"
            ),
        )
        .unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    }
    dir
}

/// The C++ compiler the build script would pick with `path` as the `PATH`.
fn chosen(path: &[&Path]) -> String {
    env::set_var("PATH", env::join_paths(path).unwrap());
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let compilers = compile::Compilers::new(crate_dir, &[]);
    compilers.cxx_path().to_string_lossy().into_owned()
}

#[test]
fn the_newest_clang_unless_the_environment_names_a_compiler() {
    // What cargo gives a build script, for cc; one test, as it changes the environment.
    env::set_var("TARGET", env!("GRPCIO_SYS_TARGET"));
    env::set_var("HOST", env!("GRPCIO_SYS_HOST"));
    env::set_var("OPT_LEVEL", "3");
    env::set_var("DEBUG", "false");
    for var in ["CC", "CXX", "HOST_CC", "HOST_CXX"] {
        env::remove_var(var);
    }
    let old = compilers("old", &[("clang-14", "14.0.6"), ("clang++-14", "14.0.6")]);
    let new = compilers(
        "new",
        &[
            ("clang-17", "17.0.6"),
            ("clang++-17", "17.0.6"),
            ("clang", "18.1.0"),
            ("clang++", "18.1.0"),
        ],
    );
    let half = compilers("half", &[("clang++-30", "30.0.0")]);
    let plain = compilers("plain", &[("clang", "15.0.0"), ("clang++", "15.0.0")]);
    let ancient = compilers("ancient", &[("clang", "10.0.0"), ("clang++", "10.0.0")]);

    // The newest versioned clang, wherever it is on the PATH, before an unversioned one; a
    // clang++ without its clang is passed over.
    let picked = chosen(&[&old, &half, &new]);
    assert_eq!(picked, new.join("clang++-17").to_string_lossy());
    assert_eq!(
        chosen(&[&old]),
        old.join("clang++-14").to_string_lossy(),
        "a lone versioned clang"
    );
    // An unversioned clang counts from clang 11.
    assert_eq!(chosen(&[&plain]), plain.join("clang++").to_string_lossy());
    let without = chosen(&[&ancient]);
    assert!(
        !without.contains("compiler_choice"),
        "clang 10 was chosen: {without}"
    );

    // A compiler the environment names wins over any clang, for C++ and for C.
    env::set_var("CXX", "g++");
    assert_eq!(chosen(&[&new]), "g++");
    env::remove_var("CXX");
    env::set_var("CC", "gcc");
    let with_cc = chosen(&[&new]);
    assert!(
        !with_cc.contains("compiler_choice"),
        "CC=gcc but the C++ compiler is {with_cc}"
    );
    env::remove_var("CC");
}
