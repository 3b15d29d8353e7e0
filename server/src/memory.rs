//! Transparent huge pages, off for this process unless the environment asks for them.
//!
//! mimalloc advises the kernel to back its arenas with 2 MiB pages. Where the kernel honours
//! that advice on a fault (Debian's default `defrag=madvise`), a fault that finds no free huge
//! page compacts memory first, in the faulting thread: a burst of 10,000 new streams then
//! cost the server up to twice the CPU, depending on how fragmented the machine's memory was
//! (BENCHMARKS.md). With small pages the same burst holds about 1.5 KiB less per stream.

use std::env;
use std::io;

/// The variable that hands the choice back to mimalloc: set to anything, it keeps the
/// process's huge pages as mimalloc's own `MIMALLOC_ALLOW_THP` option then decides.
pub const ALLOW_THP_VAR: &str = "MIMALLOC_ALLOW_THP";

/// What [`small_pages`] did.
#[derive(Debug)]
pub enum HugePages {
    /// Transparent huge pages are off for the process.
    Off,
    /// `MIMALLOC_ALLOW_THP` is set: mimalloc decides.
    LeftToMimalloc,
    /// The kernel refused (`prctl(PR_SET_THP_DISABLE)`); huge pages stay as they were.
    Refused(io::Error),
}

/// Turns transparent huge pages off for the whole process (the C core's memory included),
/// unless `MIMALLOC_ALLOW_THP` is set.
pub fn small_pages() -> HugePages {
    if env::var_os(ALLOW_THP_VAR).is_some() {
        return HugePages::LeftToMimalloc;
    }
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and reads or writes no memory of ours.
    let rc = unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
    if rc == 0 {
        HugePages::Off
    } else {
        HugePages::Refused(io::Error::last_os_error())
    }
}
