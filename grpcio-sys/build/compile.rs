//! The gRPC C core's compile: the compilers (clang when there is one), include paths,
//! defines and flags as the Python package's `setup.py` sets them, and the file list it
//! compiles (`sources.txt`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::{objects, pch};

/// The archive's name: `libgrpc_core.a`.
pub const ARCHIVE_NAME: &str = "grpc_core";

/// Include directories, relative to `grpc/` (setup.py's `EXTENSION_INCLUDE_DIRECTORIES`
/// without the Python extension's own folder).
const INCLUDES: &[&str] = &[
    "include",
    ".",
    "third_party/abseil-cpp",
    "third_party/address_sorting/include",
    "third_party/cares/cares/include",
    "third_party/cares",
    "third_party/cares/cares",
    "third_party/cares/cares/src/lib/include",
    "third_party/cares/cares/src/lib",
    "third_party/cares/config_linux",
    "third_party/upb",
    "src/core/ext/upb-gen",
    "src/core/ext/upbdefs-gen",
    "third_party/utf8_range",
    "third_party/xxhash",
    "third_party/zlib",
    "third_party/boringssl-with-bazel/include",
];

/// Whether a source of `sources.txt` is C++ (`.cc`), not C (`.c`) or assembly for the C
/// compiler's preprocessor and assembler (BoringSSL's `.S`).
fn is_cxx(file: &str) -> bool {
    !(file.ends_with(".c") || file.ends_with(".S"))
}

/// The optimisation level of the core, whatever the cargo profile: a debug build of the
/// core is much slower (its debug checks run on every call) and would be compiled again.
/// -O3 against -O2 on users-server: 2.5% fewer instructions per message, flood 6% faster
/// (BENCHMARKS.md), for 8% more code.
pub const OPT_LEVEL: u32 = 3;

/// The files of `sources.txt` and the release they belong to.
pub struct Sources {
    release: String,
    files: Vec<String>,
    text: String,
}

impl Sources {
    /// Reads `sources.txt`, whose first line names the release.
    pub fn read(crate_dir: &Path) -> Sources {
        let text = fs::read_to_string(crate_dir.join("sources.txt"))
            .expect("grpcio-sys/sources.txt is missing: run scripts/vendor.py");
        let release = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# gRPC "))
            .and_then(|l| l.split(':').next())
            .expect("sources.txt starts with \"# gRPC X.Y.Z:\"")
            .to_owned();
        let files = text
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect();
        Sources {
            release,
            files,
            text,
        }
    }

    /// The gRPC release, e.g. `1.85.3`.
    pub fn release(&self) -> &str {
        &self.release
    }

    /// The whole list, as it is hashed into the cache key.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// How many files are compiled.
    pub fn count(&self) -> usize {
        self.files.len()
    }
}

/// The compiler family, which decides how the core's headers are precompiled (`pch.rs`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Family {
    /// clang: a precompiled header is loaded lazily, so one serves every source.
    Clang,
    /// GCC (or any compiler that is not clang): precompiled headers sized per source.
    Gcc,
}

/// The oldest clang whose precompiled headers can hold template instantiations
/// (`-fpch-instantiate-templates`).
const CLANG_OLDEST: u32 = 11;

/// The C and C++ compilers, configured for the core.
pub struct Compilers {
    crate_dir: PathBuf,
    c: cc::Build,
    cxx: cc::Build,
    family: Family,
    cxx_by_env: bool,
}

impl Compilers {
    /// Configures both compilers.
    pub fn new(crate_dir: &Path) -> Compilers {
        let mut c = base(crate_dir);
        let mut cxx = base(crate_dir);
        cxx.cpp(true).std("c++17").flag("-fno-exceptions");
        // The newest working clang for each compiler the environment does not name: with its
        // precompiled header the core compiles in about half GCC's time (grpcio-sys/README.md).
        // Not for a cross compile, whose compilers cc picks by the target's prefix.
        let (c_by_env, cxx_by_env) = (compiler_var_set("CC"), compiler_var_set("CXX"));
        let native = std::env::var("TARGET").ok() == std::env::var("HOST").ok()
            && std::env::var_os("CROSS_COMPILE").is_none();
        if native && !(c_by_env && cxx_by_env) {
            if let Some((clang, clangxx)) = find_clang() {
                if !c_by_env {
                    c.compiler(clang);
                }
                if !cxx_by_env {
                    cxx.compiler(clangxx);
                }
            }
        }
        let tool = cxx.get_compiler();
        let family = if tool.is_like_clang()
            && clang_major(tool.path()).is_some_and(|m| m >= CLANG_OLDEST)
        {
            Family::Clang
        } else {
            Family::Gcc
        };
        Compilers {
            crate_dir: crate_dir.to_owned(),
            c,
            cxx,
            family,
            cxx_by_env,
        }
    }

    /// Whether no clang was found for C++, when the environment named no C++ compiler.
    fn clang_missing(&self) -> bool {
        !self.cxx_by_env && self.family == Family::Gcc
    }

    /// The C++ compiler's command, which also links.
    pub fn cxx_path(&self) -> PathBuf {
        self.cxx.get_compiler().path().to_owned()
    }

    /// What identifies the compile: each compiler's version line and full command line, with
    /// this checkout's path taken out so that every clone shares one key.
    pub fn identity(&self) -> String {
        let crate_dir = self.crate_dir.to_string_lossy();
        let mut id = String::new();
        for build in [&self.c, &self.cxx] {
            let tool = build.get_compiler();
            let version = Command::new(tool.path())
                .arg("--version")
                .output()
                .map(|o| {
                    String::from_utf8_lossy(&o.stdout)
                        .lines()
                        .next()
                        .unwrap_or("")
                        .to_owned()
                })
                .unwrap_or_default();
            id.push_str(&format!("{}\n{version}\n", tool.path().display()));
            for arg in tool.args() {
                id.push_str(&arg.to_string_lossy().replace(&*crate_dir, "@CRATE@"));
                id.push('\n');
            }
        }
        // The archiver and its flags (AR, ARFLAGS), then the precompiled headers.
        let ar = self.cxx.get_archiver();
        id.push_str(&format!("ar {}", ar.get_program().to_string_lossy()));
        for arg in ar.get_args() {
            id.push_str(&format!(" {}", arg.to_string_lossy()));
        }
        id.push('\n');
        id.push_str(&pch::texts(&self.crate_dir));
        id
    }

    /// Compiles every source into `out_dir/libgrpc_core.a`, taking unchanged objects from
    /// `object_cache`, removes the objects, and returns the archive and what the compile did.
    pub fn compile(
        &self,
        sources: &Sources,
        out_dir: &Path,
        object_cache: Option<&Path>,
    ) -> (PathBuf, Compiled) {
        let started = Instant::now();
        if self.clang_missing() {
            println!(
                "cargo:warning=no working clang {CLANG_OLDEST} or later on the PATH: the gRPC \
                 C core compiles with {} instead, in about twice the time (Debian 12: apt-get \
                 install clang-16, then cargo clean -p grpcio-sys)",
                self.cxx_path().display()
            );
        }
        let tree = self.crate_dir.join("grpc");
        let objects_dir = out_dir.join("core-objects");
        let _ = fs::remove_dir_all(&objects_dir);
        fs::create_dir_all(objects_dir.join(pch::DIR))
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", objects_dir.display()));
        let mut includes =
            pch::Includes::new(&tree, INCLUDES.iter().map(|d| tree.join(d)).collect());
        let headers = pch::Pch::new(&self.crate_dir, &mut includes, self.family);
        let cxx_line = command_line(&self.cxx);
        let c_line = command_line(&self.c);
        // The headers of pch/ are copied beside the objects, where their precompiled files go.
        for entry in fs::read_dir(self.crate_dir.join(pch::DIR)).expect("pch/ is in the crate") {
            let path = entry.expect("a readable pch/ entry").path();
            let copy = objects_dir
                .join(pch::DIR)
                .join(path.file_name().expect("a file"));
            fs::copy(&path, &copy)
                .unwrap_or_else(|e| panic!("cannot copy {}: {e}", path.display()));
        }
        // A file added to the tree could shadow a header an object was compiled with, which
        // its list of headers read cannot show: the tree's file names go into every key.
        let identity = format!("{}{}", self.identity(), file_names(&tree));
        let pchs: Vec<objects::PchBuild> = (0..pch::TIERS.len())
            .map(|tier| {
                pch::build(
                    &objects_dir.join(pch::DIR).join(pch::TIERS[tier]),
                    &cxx_line,
                    self.family,
                )
            })
            .collect();
        let mut tiers = [0usize; pch::TIERS.len() + 1];
        let jobs: Vec<objects::Job> = sources
            .files
            .iter()
            .enumerate()
            .map(|(n, file)| {
                let source = tree.join(file);
                let cxx = is_cxx(file);
                let tier = if cxx {
                    headers.tier_of(&source, &mut includes)
                } else {
                    None
                };
                tiers[tier.unwrap_or(pch::TIERS.len())] += 1;
                let name = Path::new(file).file_stem().expect("a file name");
                objects::Job {
                    object: objects_dir.join(format!("{n:04}-{}.o", name.to_string_lossy())),
                    command: if cxx {
                        cxx_line.clone()
                    } else {
                        c_line.clone()
                    },
                    // The family goes into the object's key: it decides the flags.
                    pch: tier.map(|t| {
                        (
                            pchs[t].header.clone(),
                            format!("{} {:?}", pch::TIERS[t], self.family),
                        )
                    }),
                    source,
                }
            })
            .collect();
        let workers = std::env::var("NUM_JOBS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        let outcome = objects::compile(
            &jobs,
            &pchs,
            object_cache,
            &self.crate_dir,
            &identity,
            workers,
        );
        let objects: Vec<PathBuf> = jobs.iter().map(|j| j.object.clone()).collect();
        let archive = self
            .cxx
            .clone()
            .out_dir(out_dir)
            .create_archive(ARCHIVE_NAME, &objects);
        let _ = fs::remove_dir_all(&objects_dir);
        let compiled = Compiled {
            secs: started.elapsed().as_secs(),
            compiled: outcome.compiled,
            reused: outcome.reused,
            tiers,
            times: outcome
                .times
                .iter()
                .map(|(secs, path)| {
                    let rel = path.strip_prefix(&tree).unwrap_or(path);
                    format!("{secs:6.1} s  {}", rel.display())
                })
                .collect(),
        };
        (archive, compiled)
    }
}

/// What one compile of the core did.
pub struct Compiled {
    /// Seconds, from the first compile to the archive.
    pub secs: u64,
    /// Sources compiled.
    pub compiled: usize,
    /// Objects taken from the object cache.
    pub reused: usize,
    /// Sources per precompiled header (`pch::TIERS` in order, then none).
    pub tiers: [usize; pch::TIERS.len() + 1],
    /// The seconds each source compiled took, slowest first, one line each.
    pub times: Vec<String>,
}

/// The paths of every file under `dir`, sorted, one per line.
fn file_names(dir: &Path) -> String {
    let mut names = Vec::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(next) = todo.pop() {
        for entry in
            fs::read_dir(&next).unwrap_or_else(|e| panic!("cannot read {}: {e}", next.display()))
        {
            let path = entry.expect("a readable directory entry").path();
            if path.is_dir() {
                todo.push(path);
            } else {
                names.push(
                    path.strip_prefix(dir)
                        .unwrap_or(&path)
                        .to_string_lossy()
                        .into_owned(),
                );
            }
        }
    }
    names.sort();
    names.iter().map(|n| format!("{n}\n")).collect()
}

/// Every name cc looks the variable `var` up under: `VAR_<target>`,
/// `VAR_<target_with_underscores>`, `HOST_VAR` or `TARGET_VAR`, `VAR`.
pub fn cc_variable_names(var: &str) -> [String; 4] {
    let target = std::env::var("TARGET").expect("cargo sets it");
    let host = std::env::var("HOST").expect("cargo sets it");
    let kind = if target == host { "HOST" } else { "TARGET" };
    [
        format!("{var}_{target}"),
        format!("{var}_{}", target.replace(['-', '.'], "_")),
        format!("{kind}_{var}"),
        var.to_owned(),
    ]
}

/// Whether the environment names the compiler `var` (`CC` or `CXX`) in a form cc reads.
fn compiler_var_set(var: &str) -> bool {
    cc_variable_names(var)
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()))
}

/// The newest clang on the `PATH` that compiles C++17 with the flag the core's precompiled
/// header needs: its C and C++ compilers. Each `clang++-N` and `clang++` found (with its
/// `clang-N` or `clang`) is tried, newest first, a versioned name first at equal versions.
fn find_clang() -> Option<(PathBuf, PathBuf)> {
    let path = std::env::var_os("PATH")?;
    let mut found: Vec<(u32, bool, PathBuf, PathBuf)> = Vec::new();
    for dir in std::env::split_paths(&path) {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(suffix) = name.strip_prefix("clang++") else {
                continue;
            };
            let c = dir.join(format!("clang{suffix}"));
            let cxx = dir.join(&name);
            let version = match suffix.strip_prefix('-') {
                Some(v) => v.parse().ok(),
                None if suffix.is_empty() => clang_major(&cxx),
                None => None,
            };
            if let Some(version) = version.filter(|&v| v >= CLANG_OLDEST) {
                if c.is_file() && !found.iter().any(|f| f.3 == cxx) {
                    found.push((version, !suffix.is_empty(), c, cxx));
                }
            }
        }
    }
    // Stable: at equal versions and names, the first on the PATH.
    found.sort_by_key(|f| std::cmp::Reverse((f.0, f.1)));
    found
        .into_iter()
        .find(|(_, _, c, cxx)| compiles(cxx, "c++", CXX_PROBE) && compiles(c, "c", C_PROBE))
        .map(|(_, _, c, cxx)| (c, cxx))
}

/// What a clang must compile to be chosen: the C++ library's headers, with the flag of the
/// precompiled header (a clang without the C++ library's headers, or one for another target,
/// fails here rather than at the core's first source).
const CXX_PROBE: &str = "#include <atomic>\n#include <optional>\nint main() { return 0; }\n";
/// The same for the C compiler.
const C_PROBE: &str = "#include <stdio.h>\nint main(void) { return 0; }\n";

/// Whether `compiler` checks `source` in `language` without an error.
fn compiles(compiler: &Path, language: &str, source: &str) -> bool {
    let mut cmd = Command::new(compiler);
    if language == "c++" {
        cmd.args(["-std=c++17", "-fpch-instantiate-templates"]);
    }
    cmd.args(["-fsyntax-only", "-x", language, "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let Ok(mut child) = cmd.spawn() else {
        return false;
    };
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        let _ = stdin.write_all(source.as_bytes());
    }
    child.wait().is_ok_and(|status| status.success())
}

/// The major version `clang++ --version` prints (`... clang version 16.0.6 ...`).
fn clang_major(cxx: &Path) -> Option<u32> {
    let out = Command::new(cxx).arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let version = text.split("clang version ").nth(1)?;
    version.split('.').next()?.trim().parse().ok()
}

/// A compiler's program and flags, as one command line.
fn command_line(build: &cc::Build) -> Vec<String> {
    let tool = build.get_compiler();
    std::iter::once(tool.path().to_string_lossy().into_owned())
        .chain(tool.args().iter().map(|a| a.to_string_lossy().into_owned()))
        .collect()
}

fn base(crate_dir: &Path) -> cc::Build {
    let tree = crate_dir.join("grpc");
    let mut build = cc::Build::new();
    for dir in INCLUDES {
        build.include(tree.join(dir));
    }
    build
        .define("NDEBUG", None)
        .define("HAVE_CONFIG_H", "1")
        .define("__STDC_FORMAT_MACROS", None)
        // RLS is not compiled (PROVENANCE.md): the plugin registry's own switch leaves it
        // unregistered.
        .define("GRPC_NO_RLS", None)
        // Nor is the promise-based HTTP/2 transport: the core's switch (with patch 0004 for
        // the server) gives every connection the chttp2 transport.
        .define("GRPC_EXPERIMENTAL_TEMPORARILY_DISABLE_PH2", None)
        .opt_level(OPT_LEVEL)
        .debug(false)
        .pic(true)
        .flag("-fvisibility=hidden")
        .flag("-fno-wrapv")
        .flag("-ffunction-sections")
        .flag("-fdata-sections")
        // File names in log lines and assertions read grpcio-sys/grpc/..., whatever the
        // checkout, so that one archive serves every clone.
        .flag(format!(
            "-ffile-prefix-map={}=grpcio-sys",
            crate_dir.display()
        ))
        .warnings(false)
        .extra_warnings(false)
        .cargo_warnings(false)
        .cargo_metadata(false)
        .inherit_rustflags(false);
    if cfg!(feature = "no-omit-frame-pointer") {
        build.flag("-fno-omit-frame-pointer");
    }
    build
}
