//! The build script's object cache (`build/objects.rs`, compiled here from `build/`): a source
//! whose inputs are unchanged is taken from the cache, a changed header recompiles the sources
//! that read it and only those, and a compile that fails stops the build with the compiler's
//! message. Run on small C files with the system's `cc`.

// Only the compile and its cache are used here.
#![allow(dead_code)]

#[path = "../build/objects.rs"]
mod objects;

use std::fs;
use std::panic;
use std::path::{Path, PathBuf};

/// A scratch crate folder with `src/`, an objects folder and a cache folder, emptied first.
fn scratch(name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&root);
    let (krate, out, cache) = (root.join("crate"), root.join("out"), root.join("cache"));
    for dir in [krate.join("src"), out.clone()] {
        fs::create_dir_all(dir).unwrap();
    }
    (krate, out, cache)
}

fn jobs(krate: &Path, out: &Path, files: &[&str]) -> Vec<objects::Job> {
    files
        .iter()
        .map(|f| objects::Job {
            source: krate.join("src").join(f),
            command: vec![
                "cc".into(),
                "-O1".into(),
                "-I".into(),
                krate.join("src").to_string_lossy().into_owned(),
            ],
            pch: None,
            object: out.join(format!("{f}.o")),
        })
        .collect()
}

/// Compiles `files` of `krate` into a fresh `out` with the cache; returns (compiled, reused).
fn build(krate: &Path, out: &Path, cache: &Path, files: &[&str]) -> (usize, usize) {
    let _ = fs::remove_dir_all(out);
    fs::create_dir_all(out).unwrap();
    let outcome = objects::compile(
        &jobs(krate, out, files),
        &[],
        Some(cache),
        krate,
        "test compilers",
        2,
    );
    for f in files {
        assert!(out.join(format!("{f}.o")).is_file(), "no object for {f}");
    }
    (outcome.compiled, outcome.reused)
}

#[test]
fn a_changed_header_recompiles_only_the_sources_that_read_it() {
    let (krate, out, cache) = scratch("object-cache-header");
    let src = krate.join("src");
    fs::write(src.join("value.h"), "#define VALUE 1\n").unwrap();
    fs::write(
        src.join("a.c"),
        "#include \"value.h\"\nint a(void) { return VALUE; }\n",
    )
    .unwrap();
    fs::write(src.join("b.c"), "int b(void) { return 2; }\n").unwrap();
    let files = ["a.c", "b.c"];

    assert_eq!(build(&krate, &out, &cache, &files), (2, 0), "first build");
    let first = fs::read(out.join("a.c.o")).unwrap();
    assert_eq!(
        build(&krate, &out, &cache, &files),
        (0, 2),
        "nothing changed"
    );
    assert_eq!(
        fs::read(out.join("a.c.o")).unwrap(),
        first,
        "the cached object differs from the one compiled"
    );

    fs::write(src.join("value.h"), "#define VALUE 7\n").unwrap();
    assert_eq!(
        build(&krate, &out, &cache, &files),
        (1, 1),
        "header changed"
    );
    assert_ne!(
        fs::read(out.join("a.c.o")).unwrap(),
        first,
        "a.c was not compiled with the new header"
    );
    assert_eq!(
        build(&krate, &out, &cache, &files),
        (0, 2),
        "after the change"
    );
}

#[test]
fn a_failed_compile_stops_with_the_compilers_message() {
    let (krate, out, cache) = scratch("object-cache-error");
    let src = krate.join("src");
    // The biggest source, so the first compiled (the slowest are started first).
    fs::write(
        src.join("bad.c"),
        "/* a source that does not compile */\nint broken = ;\n",
    )
    .unwrap();
    for n in 0..4 {
        fs::write(src.join(format!("ok{n}.c")), "int ok(void) { return 0; }\n").unwrap();
    }
    let files = ["bad.c", "ok0.c", "ok1.c", "ok2.c", "ok3.c"];
    let all = jobs(&krate, &out, &files);
    let result = panic::catch_unwind(|| {
        objects::compile(&all, &[], Some(&cache), &krate, "test compilers", 1)
    });
    let message = match result {
        Ok(_) => panic!("a source that does not compile gave no error"),
        Err(payload) => payload
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_default(),
    };
    assert!(
        message.contains("bad.c") && message.contains("error"),
        "the panic does not carry the compiler's message: {message:?}"
    );
    // One worker, the failing source first: nothing after it was compiled.
    assert!(
        !out.join("ok0.c.o").exists(),
        "sources after the failure were still compiled"
    );
}
