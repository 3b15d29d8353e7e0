//! The compile of the core's sources into objects, in parallel, with a cache of objects.
//!
//! The object cache is what lets a one-line change to a patch or a header recompile only the
//! sources it touches. An object is found by a first key (the compilers' identity, the
//! tree's file names, the command line, the precompiled header, the source's path and
//! contents), then checked against what it was compiled from: every file the compiler read
//! for it (its `-MD` list, and the precompiled header's), each with its contents' digest. A
//! file changed since means a compile; the new object then replaces the old one. Each entry
//! is one file (the list, then the object) replaced by a rename, so that builds sharing the
//! cache never read one build's list with another's object.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
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
    /// The header's copy in the objects folder.
    pub header: PathBuf,
    /// The compiler's command line that precompiles it.
    pub command: Vec<String>,
    /// The precompiled file, beside the header.
    pub output: PathBuf,
    /// The arguments that put it ahead of a source.
    pub use_args: Vec<String>,
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

/// Compiles `jobs` on up to `workers` threads (fewer when cargo's jobserver has no token to
/// spare), taking what it can from the object cache `cache` (none: compile everything);
/// `identity` goes into every key, and paths under `crate_dir` are kept relative in the
/// cache, so that every checkout shares it. Stops at the first compile that fails and panics
/// with the compiler's message.
pub fn compile(
    jobs: &[Job],
    pchs: &[PchBuild],
    cache: Option<&Path>,
    crate_dir: &Path,
    identity: &str,
    workers: usize,
) -> Outcome {
    // SAFETY: read once per build, before any thread starts, as the jobserver crate asks; the
    // descriptors it names are the ones cargo passed to this build script.
    let jobserver = unsafe { jobserver::Client::from_env() };
    let digests = Digests::default();
    let keys: Vec<String> = jobs
        .iter()
        .map(|j| first_key(j, crate_dir, identity))
        .collect();
    let entry = |i: usize| cache.map(|dir| dir.join(format!("{}.entry", keys[i])));
    let mut missing: Vec<usize> = (0..jobs.len())
        .filter(|&i| match entry(i) {
            Some(e) => !reuse(&e, &jobs[i].object, crate_dir, &digests),
            None => true,
        })
        .collect();
    // The biggest sources first, as they tend to be the slowest: a slow one started last
    // would keep one compiler busy after the others have finished.
    missing.sort_by_cached_key(|&i| {
        std::cmp::Reverse(fs::metadata(&jobs[i].source).map_or(0, |m| m.len()))
    });
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
    let pch_deps: HashMap<PathBuf, Vec<PathBuf>> =
        run_parallel(wanted.len(), workers, jobserver.as_ref(), |n| {
            let p = wanted[n];
            let dep = p.header.with_extension("d");
            let mut cmd = command(&p.command);
            cmd.args(["-x", "c++-header", "-MD", "-MF"])
                .arg(&dep)
                .arg(&p.header)
                .arg("-o")
                .arg(&p.output);
            run(cmd, &p.header)?;
            Ok((p.header.clone(), read_deps(&dep)))
        })
        .into_iter()
        .map(|(r, _)| r)
        .collect();

    let results = run_parallel(missing.len(), workers, jobserver.as_ref(), |n| {
        let job = &jobs[missing[n]];
        let dep = job.object.with_extension("d");
        let mut cmd = command(&job.command);
        if let Some((header, _)) = &job.pch {
            let pch = pchs
                .iter()
                .find(|p| &p.header == header)
                .expect("a job's precompiled header is one of pchs");
            cmd.args(&pch.use_args);
        }
        cmd.args(["-MD", "-MF"])
            .arg(&dep)
            .arg("-c")
            .arg(&job.source)
            .arg("-o")
            .arg(&job.object);
        run(cmd, &job.source)?;
        if let Some(entry) = entry(missing[n]) {
            let mut deps = read_deps(&dep);
            if let Some((header, _)) = &job.pch {
                deps.extend(pch_deps.get(header).cloned().unwrap_or_default());
            }
            // The precompiled header's own files stand for it (their digests, not the .gch's).
            let out_dir = job.object.parent().unwrap_or(Path::new("/"));
            deps.retain(|d| !d.starts_with(out_dir));
            store(&entry, job, &deps, crate_dir, &digests);
        }
        Ok(())
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
/// The first error stops the workers taking more tasks, and is the panic's message once the
/// running ones end. Beyond its first worker (the build script's own token), each task
/// waits for a token of cargo's jobserver when there is one.
fn run_parallel<T: Send>(
    count: usize,
    workers: usize,
    jobserver: Option<&jobserver::Client>,
    task: impl Fn(usize) -> Result<T, String> + Sync,
) -> Vec<(T, f64)> {
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let first_error: Mutex<Option<String>> = Mutex::new(None);
    let done: Mutex<Vec<Option<(T, f64)>>> = Mutex::new((0..count).map(|_| None).collect());
    thread::scope(|s| {
        for worker in 0..workers.clamp(1, count.max(1)) {
            let (next, failed, first_error, done, task) =
                (&next, &failed, &first_error, &done, &task);
            let jobserver = jobserver.filter(|_| worker > 0);
            s.spawn(move || loop {
                let token = jobserver.map(|c| c.acquire());
                if failed.load(Ordering::Relaxed) {
                    break;
                }
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= count {
                    break;
                }
                let started = Instant::now();
                let result = task(n);
                drop(token);
                match result {
                    Ok(value) => {
                        let secs = started.elapsed().as_secs_f64();
                        done.lock().expect("no worker panics holding it")[n] = Some((value, secs));
                    }
                    Err(message) => {
                        failed.store(true, Ordering::Relaxed);
                        first_error
                            .lock()
                            .expect("no worker panics holding it")
                            .get_or_insert(message);
                        break;
                    }
                }
            });
        }
    });
    if let Some(message) = first_error
        .into_inner()
        .expect("no worker panics holding it")
    {
        panic!("{message}");
    }
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

fn run(mut cmd: Command, what: &Path) -> Result<(), String> {
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run the compiler for {}: {e}", what.display()))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "compiling {} failed ({}):\n{}",
            what.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// The files a `-MD` file lists after its target (none when it cannot be read), with GCC's
/// escapes undone (`\ ` a space, `\#` a hash, `$$` a dollar).
fn read_deps(path: &Path) -> Vec<PathBuf> {
    let text = fs::read_to_string(path).unwrap_or_default();
    let Some((_, files)) = text.split_once(": ") else {
        return Vec::new();
    };
    let mut deps = Vec::new();
    let mut name = String::new();
    let mut chars = files.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if matches!(chars.peek(), Some(' ' | '#')) => {
                name.push(chars.next().expect("peeked"));
            }
            '\\' if matches!(chars.peek(), Some('\n')) => {
                chars.next();
            }
            '$' if chars.peek() == Some(&'$') => {
                name.push(chars.next().expect("peeked"));
            }
            c if c.is_whitespace() => {
                if !name.is_empty() {
                    deps.push(PathBuf::from(std::mem::take(&mut name)));
                }
            }
            c => name.push(c),
        }
    }
    if !name.is_empty() {
        deps.push(PathBuf::from(name));
    }
    deps
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

/// Contents digests of the files read so far, each read once per build; `None` for a file
/// that cannot be read.
#[derive(Default)]
struct Digests(Mutex<HashMap<PathBuf, Option<String>>>);

impl Digests {
    fn of(&self, path: &Path) -> Option<String> {
        if let Some(d) = self.0.lock().expect("no panic holding it").get(path) {
            return d.clone();
        }
        let digest = fs::read(path).ok().map(|bytes| {
            Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        });
        self.0
            .lock()
            .expect("no panic holding it")
            .insert(path.to_owned(), digest.clone());
        digest
    }
}

const CRATE: &str = "@CRATE@";
/// The first line of an entry, before the length of its list of files.
const MAGIC: &str = "grpcio-sys object 1";

/// Writes the cached object of `entry` to `object` if every file it was compiled from is
/// unchanged.
fn reuse(entry: &Path, object: &Path, crate_dir: &Path, digests: &Digests) -> bool {
    let Ok(bytes) = fs::read(entry) else {
        return false;
    };
    let Some(header_end) = bytes.iter().position(|&b| b == b'\n') else {
        return false;
    };
    let header = String::from_utf8_lossy(&bytes[..header_end]);
    let Some(len) = header
        .strip_prefix(MAGIC)
        .and_then(|rest| rest.trim().parse::<usize>().ok())
    else {
        return false;
    };
    let start = header_end + 1;
    let Some(list) = bytes.get(start..start + len) else {
        return false;
    };
    let list = String::from_utf8_lossy(list);
    let fresh = !list.is_empty()
        && list.lines().all(|line| {
            let Some((digest, path)) = line.split_once(' ') else {
                return false;
            };
            let path = match path.strip_prefix(CRATE) {
                Some(rel) => PathBuf::from(format!("{}{rel}", crate_dir.display())),
                None => PathBuf::from(path),
            };
            digests.of(&path).as_deref() == Some(digest)
        });
    fresh && fs::write(object, &bytes[start + len..]).is_ok()
}

/// Keeps `job`'s object in `entry`, with the digests of the files it was compiled from; not
/// when that list is empty, misses the source or names a file that cannot be read (the
/// object could then not be checked).
fn store(entry: &Path, job: &Job, deps: &[PathBuf], crate_dir: &Path, digests: &Digests) {
    if !deps.contains(&job.source) {
        return;
    }
    let crate_prefix = crate_dir.to_string_lossy();
    let mut list = String::new();
    for dep in deps {
        let Some(digest) = digests.of(dep) else {
            return;
        };
        let shown = dep.to_string_lossy();
        let shown = match shown.strip_prefix(&*crate_prefix) {
            Some(rel) => format!("{CRATE}{rel}"),
            None => shown.into_owned(),
        };
        list.push_str(&format!("{digest} {shown}\n"));
    }
    let Ok(object) = fs::read(&job.object) else {
        return;
    };
    let mut bytes = format!("{MAGIC} {}\n{list}", list.len()).into_bytes();
    bytes.extend_from_slice(&object);
    let staging = entry.with_extension(format!("tmp{}", std::process::id()));
    // A cache that cannot be written only costs the next build a compile.
    let stored = entry
        .parent()
        .map_or(Ok(()), fs::create_dir_all)
        .and_then(|()| fs::write(&staging, &bytes))
        .and_then(|()| fs::rename(&staging, entry));
    if stored.is_err() {
        let _ = fs::remove_file(&staging);
    }
}
