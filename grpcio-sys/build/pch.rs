//! Precompiled headers for the core's C++ sources, and which source uses which.
//!
//! The headers are in `pch/`, each compiled once per core build with the C++ compiler's own
//! command line and put ahead of a source. How many sources each serves depends on the
//! compiler:
//! - clang loads a precompiled header lazily, only the declarations a source uses, and
//!   keeps the templates it instantiates (`-fpch-instantiate-templates`): `full.h` serves
//!   every C++ source under `src/core` (a small source then compiles in about a quarter of
//!   its time) and `absl.h` (the C++ library and Abseil) Abseil's own sources (about 40%);
//! - GCC loads the whole file for each source (about 2 s for `full.h`), so `full.h` only
//!   serves the sources whose includes reach every tree header it names (they parse those
//!   anyway: it spares them about a third of their time), `base.h`, small, every other C++
//!   source under `src/core`, and none Abseil's (small: loading one costs them more than it
//!   saves);
//! - none for C, for the other third-party code and for a source that defines a macro before
//!   its first `#include` (that macro would come too late for the headers put ahead).

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::compile::Family;
use crate::objects::PchBuild;

/// The headers: the two for the core's sources, most specific first, then Abseil's.
pub const TIERS: &[&str] = &["full.h", "base.h", "absl.h"];
const FULL: usize = 0;
const BASE: usize = 1;
const ABSL: usize = 2;

/// The folder of the headers, in the crate.
pub const DIR: &str = "pch";

/// Reads and resolves `#include` lines in the vendored tree, remembering each file's.
pub struct Includes {
    tree: PathBuf,
    dirs: Vec<PathBuf>,
    direct: HashMap<PathBuf, Vec<PathBuf>>,
}

impl Includes {
    /// A reader for `tree`, looking includes up in `dirs` (after the including file's folder).
    pub fn new(tree: &Path, dirs: Vec<PathBuf>) -> Includes {
        Includes {
            tree: tree.to_owned(),
            dirs,
            direct: HashMap::new(),
        }
    }

    /// The files `file` includes itself, as found on disk (headers not found, like the C++
    /// library's, are left out).
    fn direct(&mut self, file: &Path) -> Vec<PathBuf> {
        if let Some(found) = self.direct.get(file) {
            return found.clone();
        }
        let text = fs::read(file).unwrap_or_default();
        let mut found = Vec::new();
        for (name, quoted) in include_names(&String::from_utf8_lossy(&text)) {
            // The including file's folder is searched first for "..." only, as GCC does.
            let here = file.parent().filter(|_| quoted).map(Path::to_path_buf);
            if let Some(path) = here
                .iter()
                .chain(self.dirs.iter())
                .map(|d| d.join(&name))
                .find(|p| p.is_file())
            {
                found.push(normalize(&path));
            }
        }
        self.direct.insert(file.to_owned(), found.clone());
        found
    }

    /// Every file `file` includes, directly or not.
    fn closure(&mut self, file: &Path) -> HashSet<PathBuf> {
        let mut seen = HashSet::new();
        let mut todo = vec![file.to_owned()];
        while let Some(next) = todo.pop() {
            if seen.insert(next.clone()) {
                todo.extend(self.direct(&next));
            }
        }
        seen
    }
}

/// The precompiled headers: the tree headers `full.h` names, and the compiler family.
pub struct Pch {
    full_named: HashSet<PathBuf>,
    family: Family,
}

impl Pch {
    /// Reads `full.h` in `crate_dir/pch`, for a compiler of `family`.
    pub fn new(crate_dir: &Path, includes: &mut Includes, family: Family) -> Pch {
        let dir = crate_dir.join(DIR);
        // The tree headers full.h names, through the other headers of pch/ it includes.
        let mut full_named = HashSet::new();
        let mut todo = vec![dir.join(TIERS[FULL])];
        while let Some(header) = todo.pop() {
            for inc in includes.direct(&header) {
                if inc.starts_with(&dir) {
                    todo.push(inc);
                } else {
                    full_named.insert(inc);
                }
            }
        }
        Pch { full_named, family }
    }

    /// The tier `source` (a path in the tree) compiles with, if any.
    pub fn tier_of(&self, source: &Path, includes: &mut Includes) -> Option<usize> {
        let rel = source.strip_prefix(&includes.tree).ok()?;
        let cxx = source.extension().is_some_and(|e| e == "cc");
        let core = rel.starts_with("src/core");
        let absl = rel.starts_with("third_party/abseil-cpp") && self.family == Family::Clang;
        if !cxx || !(core || absl) {
            return None;
        }
        let text = fs::read_to_string(source).ok()?;
        if defines_before_includes(&text) {
            return None;
        }
        if absl {
            return Some(ABSL);
        }
        if self.family == Family::Clang {
            return Some(FULL);
        }
        let reached = includes.closure(source);
        let full = self.full_named.iter().all(|h| reached.contains(h));
        Some(if full { FULL } else { BASE })
    }
}

/// How `header` (its copy in the objects folder) is precompiled with the C++ command line
/// `cxx`, and put ahead of a source.
pub fn build(header: &Path, cxx: &[String], family: Family) -> PchBuild {
    let (extension, build_flags, use_flag): (_, &[&str], _) = match family {
        Family::Clang => ("pch", &["-fpch-instantiate-templates"], "-include-pch"),
        Family::Gcc => ("gch", &[], "-include"),
    };
    let output = PathBuf::from(format!("{}.{extension}", header.display()));
    // GCC finds header.gch itself; clang is given its file, which must then be valid.
    let used = if family == Family::Clang {
        &output
    } else {
        header
    };
    PchBuild {
        header: header.to_owned(),
        command: cxx
            .iter()
            .cloned()
            .chain(build_flags.iter().map(|f| (*f).to_owned()))
            .collect(),
        output: output.clone(),
        use_args: vec![use_flag.to_owned(), used.to_string_lossy().into_owned()],
    }
}

/// Every header of `pch/` with its contents, as they go into cache keys.
pub fn texts(crate_dir: &Path) -> String {
    let mut names: Vec<_> = fs::read_dir(crate_dir.join(DIR))
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    names.sort();
    names
        .iter()
        .map(|p| {
            format!(
                "{}\n{}\n",
                p.file_name().unwrap_or_default().to_string_lossy(),
                fs::read_to_string(p).unwrap_or_default()
            )
        })
        .collect()
}

/// The names in a file's `#include "..."` and `#include <...>` lines, each with whether it
/// is quoted.
fn include_names(text: &str) -> Vec<(String, bool)> {
    text.lines()
        .filter_map(|line| {
            let rest = line.trim_start().strip_prefix('#')?.trim_start();
            let rest = rest.strip_prefix("include")?.trim_start();
            let close = match rest.chars().next()? {
                '"' => '"',
                '<' => '>',
                _ => return None,
            };
            let name = &rest[1..];
            Some((name[..name.find(close)?].to_owned(), close == '"'))
        })
        .collect()
}

/// Whether a `#define` comes before the first `#include` of a source.
fn defines_before_includes(text: &str) -> bool {
    for line in text.lines() {
        let Some(rest) = line.trim_start().strip_prefix('#') else {
            continue;
        };
        let rest = rest.trim_start();
        if rest.starts_with("include") {
            return false;
        }
        if rest.starts_with("define") {
            return true;
        }
    }
    false
}

/// `a/b/../c` as `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
