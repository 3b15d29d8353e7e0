//! One compiled core per machine: the archive is kept in a cache folder under a key made of
//! everything that went into it (the vendored tree, the file list, each compiler's version
//! and command line, the archiver, the precompiled headers), so dev, release, clippy and fuzz
//! builds and every checkout on the machine link the same archive, and any change to the
//! inputs makes a new one. The objects it is made of are kept too, in `objects/`
//! (objects.rs): a new archive recompiles only the sources whose inputs changed.
//!
//! The folder is `$GRPCIO_SYS_CACHE_DIR` (an absolute path), else `$XDG_CACHE_HOME/grpcio-sys`,
//! else `$HOME/.cache/grpcio-sys`; `GRPCIO_SYS_CACHE_DIR=off` compiles into the target
//! directory as any `-sys` crate does, and so does a build that cannot write the folder.
//! Concurrent builds wait on a lock file for the one compiling.

use std::env;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

use crate::compile::{Compiled, Compilers, Sources, ARCHIVE_NAME};

/// Bumped when the archive's layout changes in a way the key cannot see.
const FORMAT: u32 = 1;

/// Where compiled archives are kept, if anywhere.
pub struct Cache {
    dir: Option<PathBuf>,
}

impl Cache {
    /// The cache folder named by the environment.
    pub fn from_env() -> Cache {
        println!("cargo:rerun-if-env-changed=GRPCIO_SYS_CACHE_DIR");
        let dir = match env::var_os("GRPCIO_SYS_CACHE_DIR") {
            Some(v) if v == "off" => None,
            Some(v) if !v.is_empty() => Some(PathBuf::from(v)),
            _ => env::var_os("XDG_CACHE_HOME")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
                .map(|d| d.join("grpcio-sys")),
        };
        Cache { dir }
    }

    /// The path of a compiled core archive: from the cache, or compiled now (and then kept).
    pub fn archive(&self, compilers: &Compilers, sources: &Sources, out_dir: &Path) -> PathBuf {
        let Some(dir) = &self.dir else {
            let (archive, compiled) = compilers.compile(sources, out_dir, None);
            report(sources, &compiled, None);
            return archive;
        };
        let name = format!("core-{}-{}", sources.release(), key(compilers, sources));
        let entry = dir.join(&name);
        let archive = entry.join(format!("lib{ARCHIVE_NAME}.a"));
        if archive.is_file() {
            return archive;
        }
        let lock = fs::create_dir_all(dir)
            .and_then(|()| File::create(dir.join(format!("{name}.lock"))))
            .and_then(|f| f.lock().map(|()| f));
        let lock = match lock {
            Ok(lock) => lock,
            Err(e) => {
                println!(
                    "cargo:warning=cannot use the gRPC core cache {}: {e}; compiling here",
                    dir.display()
                );
                let (archive, compiled) = compilers.compile(sources, out_dir, None);
                report(sources, &compiled, None);
                return archive;
            }
        };
        // Another build may have compiled it while this one waited for the lock.
        if archive.is_file() {
            return archive;
        }
        let (built, compiled) = compilers.compile(sources, out_dir, Some(&dir.join("objects")));
        let staging = dir.join(format!("{name}.tmp{}", std::process::id()));
        let _ = fs::remove_dir_all(&staging);
        fs::create_dir_all(&staging)
            .and_then(|()| fs::copy(&built, staging.join(archive.file_name().unwrap())))
            .and_then(|_| {
                fs::write(
                    staging.join("build.txt"),
                    describe(compilers, sources, &compiled),
                )
            })
            .and_then(|()| {
                let mut times = compiled.times.join("\n");
                times.push('\n');
                fs::write(staging.join("compile-times.txt"), times)
            })
            .and_then(|()| fs::rename(&staging, &entry))
            .unwrap_or_else(|e| panic!("cannot store the core in {}: {e}", entry.display()));
        let _ = fs::remove_file(&built);
        drop(lock);
        report(sources, &compiled, Some(&entry));
        archive
    }
}

/// The hex digest of everything the archive is made of.
pub fn key(compilers: &Compilers, sources: &Sources) -> String {
    let mut hash = Sha256::new();
    hash.update(format!(
        "format {FORMAT}\n{}\n",
        env::var("TARGET").unwrap_or_default()
    ));
    hash.update(compilers.identity());
    hash.update(sources.text());
    let tree = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join("grpc");
    hash_tree(&mut hash, &tree, &tree);
    let digest = hash.finalize();
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Hashes every file under `dir` (names and contents, in a fixed order).
fn hash_tree(hash: &mut Sha256, root: &Path, dir: &Path) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("a readable directory entry").path())
        .collect();
    entries.sort();
    let mut buf = Vec::new();
    for path in entries {
        if path.is_dir() {
            hash_tree(hash, root, &path);
        } else {
            let rel = path.strip_prefix(root).expect("under the root");
            hash.update(rel.to_string_lossy().as_bytes());
            hash.update([0]);
            buf.clear();
            File::open(&path)
                .and_then(|mut f| f.read_to_end(&mut buf))
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            hash.update(&buf);
        }
    }
}

fn describe(compilers: &Compilers, sources: &Sources, compiled: &Compiled) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let [full, base, absl, none] = compiled.tiers;
    format!(
        "gRPC C core {}: {} files, {} compiled and {} from the object cache, in {} s \
         (finished at unix time {now})\n\
         precompiled headers: full.h for {full} sources, base.h for {base}, absl.h for {absl}, \
         none for {none}\n\
         slowest sources compiled (all in compile-times.txt):\n{}\n\n{}",
        sources.release(),
        sources.count(),
        compiled.compiled,
        compiled.reused,
        compiled.secs,
        compiled.times[..compiled.times.len().min(20)].join("\n"),
        compilers.identity()
    )
}

fn report(sources: &Sources, compiled: &Compiled, entry: Option<&Path>) {
    let place = match entry {
        Some(e) => format!("; kept in {} for every later build", e.display()),
        None => String::new(),
    };
    println!(
        "cargo:warning=compiled the gRPC C core {} ({} files: {} compiled, {} from the object \
         cache) in {}m{:02}s{place}",
        sources.release(),
        sources.count(),
        compiled.compiled,
        compiled.reused,
        compiled.secs / 60,
        compiled.secs % 60
    );
}
