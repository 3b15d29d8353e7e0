//! The gRPC C core's compile: include paths, defines and flags as the Python package's
//! `setup.py` sets them, and the file list it compiles (`sources.txt`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The archive's name: `libgrpc_core.a`.
pub const ARCHIVE_NAME: &str = "grpc_core";

/// Include directories, relative to `grpc/` (setup.py's `EXTENSION_INCLUDE_DIRECTORIES`
/// without BoringSSL and the Python extension's own folder).
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
    "third_party/re2",
    "third_party/upb",
    "src/core/ext/upb-gen",
    "src/core/ext/upbdefs-gen",
    "third_party/utf8_range",
    "third_party/xxhash",
    "third_party/zlib",
];

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

/// The C and C++ compilers, configured for the core.
pub struct Compilers {
    crate_dir: PathBuf,
    c: cc::Build,
    cxx: cc::Build,
}

impl Compilers {
    /// Configures both compilers; `ssl_includes` are the system OpenSSL's (often none).
    pub fn new(crate_dir: &Path, ssl_includes: &[PathBuf]) -> Compilers {
        let c = base(crate_dir, ssl_includes);
        let mut cxx = base(crate_dir, ssl_includes);
        cxx.cpp(true).std("c++17").flag("-fno-exceptions");
        Compilers {
            crate_dir: crate_dir.to_owned(),
            c,
            cxx,
        }
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
        id
    }

    /// Compiles every source into `out_dir/libgrpc_core.a`, removes the objects, and returns
    /// the archive's path and the seconds it took.
    pub fn compile(&self, sources: &Sources, out_dir: &Path) -> (PathBuf, u64) {
        let started = Instant::now();
        let tree = self.crate_dir.join("grpc");
        let (cxx_files, c_files): (Vec<&String>, Vec<&String>) =
            sources.files.iter().partition(|f| !f.ends_with(".c"));
        let objects_dir = out_dir.join("core-objects");
        let mut c = self.c.clone();
        let mut cxx = self.cxx.clone();
        c.out_dir(&objects_dir)
            .files(c_files.iter().map(|f| tree.join(f)));
        cxx.out_dir(&objects_dir)
            .files(cxx_files.iter().map(|f| tree.join(f)));
        let mut objects = c.compile_intermediates();
        objects.extend(cxx.compile_intermediates());
        let archive = cxx.out_dir(out_dir).create_archive(ARCHIVE_NAME, &objects);
        let _ = fs::remove_dir_all(&objects_dir);
        (archive, started.elapsed().as_secs())
    }
}

fn base(crate_dir: &Path, ssl_includes: &[PathBuf]) -> cc::Build {
    let tree = crate_dir.join("grpc");
    let mut build = cc::Build::new();
    for dir in INCLUDES {
        build.include(tree.join(dir));
    }
    build.includes(ssl_includes);
    build
        .define("NDEBUG", None)
        .define("HAVE_CONFIG_H", "1")
        .define("__STDC_FORMAT_MACROS", None)
        .define("GRPC_XDS_USER_AGENT_NAME_SUFFIX", "\"Rust\"")
        .define("GRPC_XDS_USER_AGENT_VERSION_SUFFIX", "\"grpcio-sys\"")
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
