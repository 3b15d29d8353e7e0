//! Which compilers the build script compiles the core with, and how it precompiles headers
//! for each (`build/compile.rs` and `build/pch.rs`, compiled here from `build/`): the newest
//! working clang on the `PATH` (its C and C++ compilers both there, clang 11 or later) for
//! each compiler `CC` or `CXX` does not name, none for a cross compile; cc's default without
//! one. Run against stand-in compilers in a `PATH` of their own.

// Only the choice of compilers and the precompiled headers' arguments are used here; the rest
// of the build script's code is compiled with it.
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

use compile::Family;

/// A folder of stand-in compilers: each name with the version its `--version` prints, and
/// whether it compiles (exits 0 on anything else).
fn compilers(name: &str, tools: &[(&str, &str, bool)]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("compiler_choice")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    for (tool, version, works) in tools {
        let path = dir.join(tool);
        let status = if *works { 0 } else { 1 };
        fs::write(
            &path,
            format!(
                "#!/bin/sh\n[ \"$1\" = --version ] && echo \"Debian clang version {version}\" \
                 && exit 0\ncat >/dev/null\nexit {status}\n"
            ),
        )
        .unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    }
    dir
}

/// The C and C++ compilers the build script would pick with `path` as the `PATH`.
fn chosen(path: &[&Path]) -> (String, String) {
    env::set_var("PATH", env::join_paths(path).unwrap());
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let compilers = compile::Compilers::new(crate_dir);
    // The identity starts with the C compiler's path, on a line of its own.
    let c = compilers.identity().lines().next().unwrap().to_owned();
    (c, compilers.cxx_path().to_string_lossy().into_owned())
}

fn tool(dir: &Path, name: &str) -> String {
    dir.join(name).to_string_lossy().into_owned()
}

#[test]
fn the_newest_working_clang_for_each_compiler_the_environment_does_not_name() {
    // What cargo gives a build script, for cc; one test, as it changes the environment.
    let target = env!("GRPCIO_SYS_TARGET");
    env::set_var("TARGET", target);
    env::set_var("HOST", env!("GRPCIO_SYS_HOST"));
    env::set_var("OPT_LEVEL", "3");
    env::set_var("DEBUG", "false");
    env::remove_var("CROSS_COMPILE");
    for var in ["CC", "CXX"] {
        for name in [
            var.to_owned(),
            format!("HOST_{var}"),
            format!("TARGET_{var}"),
            format!("{var}_{target}"),
            format!("{var}_{}", target.replace(['-', '.'], "_")),
        ] {
            env::remove_var(name);
        }
    }
    let old = compilers(
        "old",
        &[("clang-14", "14.0.6", true), ("clang++-14", "14.0.6", true)],
    );
    let new = compilers(
        "new",
        &[
            ("clang-17", "17.0.6", true),
            ("clang++-17", "17.0.6", true),
            ("clang", "18.1.0", true),
            ("clang++", "18.1.0", true),
        ],
    );
    let half = compilers("half", &[("clang++-30", "30.0.0", true)]);
    let broken = compilers(
        "broken",
        &[
            ("clang-29", "29.0.0", false),
            ("clang++-29", "29.0.0", false),
        ],
    );
    let ancient = compilers(
        "ancient",
        &[("clang", "10.0.0", true), ("clang++", "10.0.0", true)],
    );

    // The newest wherever it is on the PATH, an unversioned name by its --version; a clang++
    // without its clang, and a clang that does not compile, are passed over.
    assert_eq!(
        chosen(&[&old, &half, &broken, &new]),
        (tool(&new, "clang"), tool(&new, "clang++"))
    );
    assert_eq!(
        chosen(&[&old, &broken]),
        (tool(&old, "clang-14"), tool(&old, "clang++-14"))
    );
    // clang 10 is too old: cc's default, whatever it finds in this PATH.
    let (c, cxx) = chosen(&[&ancient]);
    assert!(
        !c.contains("compiler_choice") && !cxx.contains("compiler_choice"),
        "clang 10 was chosen: {c}, {cxx}"
    );

    // A compiler the environment names is kept, the other one is still clang.
    env::set_var("CXX", "g++");
    assert_eq!(chosen(&[&new]), (tool(&new, "clang"), "g++".to_owned()));
    env::remove_var("CXX");
    env::set_var("CC", "gcc");
    assert_eq!(chosen(&[&new]), ("gcc".to_owned(), tool(&new, "clang++")));
    env::remove_var("CC");

    // A cross compile keeps cc's compilers for the target.
    env::set_var("CROSS_COMPILE", "aarch64-linux-gnu-");
    let (c, cxx) = chosen(&[&new]);
    env::remove_var("CROSS_COMPILE");
    assert!(
        !c.contains("compiler_choice") && !cxx.contains("compiler_choice"),
        "a cross compile got the host's clang: {c}, {cxx}"
    );
}

#[test]
fn each_family_precompiles_and_uses_its_header_its_own_way() {
    let header = Path::new("/objects/pch/full.h");
    let cxx = vec!["c++".to_owned(), "-O3".to_owned()];

    let clang = pch::build(header, &cxx, Family::Clang);
    assert_eq!(clang.output, Path::new("/objects/pch/full.h.pch"));
    assert_eq!(clang.use_args, ["-include-pch", "/objects/pch/full.h.pch"]);
    assert!(clang
        .command
        .contains(&"-fpch-instantiate-templates".to_owned()));

    // GCC finds full.h.gch beside the header it is told to include.
    let gcc = pch::build(header, &cxx, Family::Gcc);
    assert_eq!(gcc.output, Path::new("/objects/pch/full.h.gch"));
    assert_eq!(gcc.use_args, ["-include", "/objects/pch/full.h"]);
    assert_eq!(gcc.command, cxx);
}
