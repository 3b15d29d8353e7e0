//! The compile of the core's sources into objects, in parallel, with a cache of objects.
//!
//! The object cache is what lets a one-line change to a patch or a header recompile only the
//! sources it touches. An object is found by a first key (the compiler's command line, the
//! precompiled header's text, the source's path and contents), then checked against what it
//! was compiled from: every header the compiler read for it (its `-MD` list, and the
//! precompiled header's), each with its contents' digest. A header changed since means a
//! compile; the new object then replaces the old one.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread;
use std::time::Instant;

use sha2::{Digest, Sha256};

/// One source to compile.
pub struct Job {
    /// The source, in the tree.
    pub source: PathBuf,
    /// The compiler's command line (compiler and flags, without the files).
    pub command: Vec<String>,
    /// The precompiled header to use (its path in the objects folder) and its name.
    pub pch: Option<(PathBuf, String)>,
    /// Where the object goes.
    pub object: PathBuf,
}

/// A precompiled header to build before the sources that use it.
pub struct PchBuild {
    /// The header's copy in the objects folder, beside which the `.gch` goes.
    pub header: PathBuf,
    /// The compiler's command line.
    pub command: Vec<String>,
}

/// What a compile did.
pub struct Outcome {
    /// Sources compiled.
    pub compiled: usize,
    /// Objects taken from the cache.
    pub reused: usize,
    /// Seconds each compiled source took, slowest first.
    pub times: Vec<(f64, PathBuf)>,
}

/// Compiles `jobs` on `workers` threads, taking what it can from the object cache `cache`
/// (none: compile everything); `identity` (the compilers, their versions and flags) goes
/// into every key, and paths under `crate_dir` are kept relative in the cache, so that every
/// checkout shares it. Panics with the compiler's message on an error.
pub fn compile(
    jobs: &[Job],
    pchs: &[PchBuild],
    cache: Option<&Path>,
    crate_dir: &Path,
    identity: &str,
    workers: usize,
) -> Outcome {
    let digests = Digests::default();
    let keys: Vec<String> = jobs
        .iter()
        .map(|j| first_key(j, crate_dir, identity))
        .collect();
    let missing: Vec<usize> = (0..jobs.len())
        .filter(|&i| match cache {
            Some(dir) => !reuse(&dir.join(&keys[i]), &jobs[i].object, crate_dir, &digests),
            None => true,
        })
        .collect();
    let reused = jobs.len() - missing.len();

    // Only the headers a source to compile uses are precompiled.
    let wanted: Vec<&PchBuild> = pchs
        .iter()
        .filter(|p| {
            missing
                .iter()
                .any(|&i| jobs[i].pch.as_ref().is_some_and(|(h, _)| h == &p.header))
        })
        .collect();
    let pch_deps: HashMap<PathBuf, Vec<PathBuf>> = run_parallel(wanted.len(), workers, |n| {
        let p = wanted[n];
        let gch = PathBuf::from(format!("{}.gch", p.header.display()));
        let dep = p.header.with_extension("d");
        let mut cmd = command(&p.command);
        cmd.args(["-x", "c++-header", "-MD", "-MF"])
            .arg(&dep)
            .arg(&p.header)
            .arg("-o")
            .arg(&gch);
        run(cmd, &p.header);
        (p.header.clone(), read_deps(&dep))
    })
    .into_iter()
    .map(|(r, _)| r)
    .collect();

    let results = run_parallel(missing.len(), workers, |n| {
        let job = &jobs[missing[n]];
        let dep = job.object.with_extension("d");
        let mut cmd = command(&job.command);
        if let Some((header, _)) = &job.pch {
            cmd.arg("-include").arg(header);
        }
        cmd.args(["-MD", "-MF"])
            .arg(&dep)
            .arg("-c")
            .arg(&job.source)
            .arg("-o")
            .arg(&job.object);
        run(cmd, &job.source);
        let mut deps = read_deps(&dep);
        if let Some((header, _)) = &job.pch {
            deps.extend(pch_deps.get(header).cloned().unwrap_or_default());
        }
        if let Some(dir) = cache {
            let out_dir = job.object.parent().unwrap_or(Path::new("/"));
            deps.retain(|d| !d.starts_with(out_dir));
            store(
                &dir.join(&keys[missing[n]]),
                &job.object,
                &deps,
                crate_dir,
                &digests,
            );
        }
    });
    let mut times: Vec<(f64, PathBuf)> = results
        .into_iter()
        .enumerate()
        .map(|(n, ((), secs))| (secs, jobs[missing[n]].source.clone()))
        .collect();
    times.sort_by(|a, b| b.0.total_cmp(&a.0));
    Outcome {
        compiled: missing.len(),
        reused,
        times,
    }
}

/// Runs `task(0..count)` on up to `workers` threads; returns each result with its seconds.
fn run_parallel<T: Send>(
    count: usize,
    workers: usize,
    task: impl Fn(usize) -> T + Sync,
) -> Vec<(T, f64)> {
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<Option<(T, f64)>>> = Mutex::new((0..count).map(|_| None).collect());
    thread::scope(|s| {
        for _ in 0..workers.clamp(1, count.max(1)) {
            s.spawn(|| loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= count {
                    break;
                }
                let started = Instant::now();
                let result = task(n);
                let secs = started.elapsed().as_secs_f64();
                done.lock().expect("no worker panics holding it")[n] = Some((result, secs));
            });
        }
    });
    done.into_inner()
        .expect("no worker panics holding it")
        .into_iter()
        .map(|r| r.expect("every task ran"))
        .collect()
}

fn command(line: &[String]) -> Command {
    let mut cmd = Command::new(&line[0]);
    cmd.args(&line[1..]);
    cmd
}

fn run(mut cmd: Command, what: &Path) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run the compiler for {}: {e}", what.display()));
    if !out.status.success() {
        panic!(
            "compiling {} failed ({}):\n{}",
            what.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The files a `-MD` file lists after its target (none when it cannot be read).
fn read_deps(path: &Path) -> Vec<PathBuf> {
    let text = fs::read_to_string(path).unwrap_or_default();
    let joined = text.replace("\\\n", " ");
    let Some((_, files)) = joined.split_once(": ") else {
        return Vec::new();
    };
    files.split_whitespace().map(PathBuf::from).collect()
}

fn first_key(job: &Job, crate_dir: &Path, identity: &str) -> String {
    let crate_prefix = crate_dir.to_string_lossy();
    let mut hash = Sha256::new();
    hash.update(identity.as_bytes());
    for arg in &job.command {
        hash.update(arg.replace(&*crate_prefix, CRATE).as_bytes());
        hash.update([0]);
    }
    hash.update(
        job.source
            .strip_prefix(crate_dir)
            .unwrap_or(&job.source)
            .to_string_lossy()
            .as_bytes(),
    );
    if let Some((_, text)) = &job.pch {
        hash.update(text.as_bytes());
    }
    hash.update([0]);
    hash.update(fs::read(&job.source).unwrap_or_default());
    let digest = hash.finalize();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// Contents digests of the files read so far, each read once per build.
#[derive(Default)]
struct Digests(Mutex<HashMap<PathBuf, String>>);

impl Digests {
    fn of(&self, path: &Path) -> String {
        if let Some(d) = self.0.lock().expect("no panic holding it").get(path) {
            return d.clone();
        }
        let digest = match fs::read(path) {
            Ok(bytes) => Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
            Err(_) => "missing".to_owned(),
        };
        self.0
            .lock()
            .expect("no panic holding it")
            .insert(path.to_owned(), digest.clone());
        digest
    }
}

const CRATE: &str = "@CRATE@";

/// Copies the cached object in `entry` to `object` if every file it was compiled from is
/// unchanged.
fn reuse(entry: &Path, object: &Path, crate_dir: &Path, digests: &Digests) -> bool {
    let Ok(list) = fs::read_to_string(entry.join("deps")) else {
        return false;
    };
    let fresh = list.lines().all(|line| {
        let Some((digest, path)) = line.split_once(' ') else {
            return false;
        };
        let path = match path.strip_prefix(CRATE) {
            Some(rel) => PathBuf::from(format!("{}{rel}", crate_dir.display())),
            None => PathBuf::from(path),
        };
        digests.of(&path) == digest
    });
    fresh && fs::copy(entry.join("object.o"), object).is_ok()
}

/// Keeps `object` in `entry`, with the digests of the files it was compiled from.
fn store(entry: &Path, object: &Path, deps: &[PathBuf], crate_dir: &Path, digests: &Digests) {
    let crate_prefix = crate_dir.to_string_lossy();
    let list: String = deps
        .iter()
        .map(|d| {
            let shown = d.to_string_lossy();
            let shown = match shown.strip_prefix(&*crate_prefix) {
                Some(rel) => format!("{CRATE}{rel}"),
                None => shown.into_owned(),
            };
            format!("{} {shown}\n", digests.of(d))
        })
        .collect();
    let staging = entry.with_extension(format!("tmp{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let stored = fs::create_dir_all(&staging)
        .and_then(|()| fs::copy(object, staging.join("object.o")))
        .and_then(|_| fs::write(staging.join("deps"), list))
        .and_then(|()| {
            let _ = fs::remove_dir_all(entry);
            fs::rename(&staging, entry)
        });
    // A cache that cannot be written only costs the next build a compile.
    if stored.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
}
