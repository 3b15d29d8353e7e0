//! The compiled core is link-complete: every symbol any of its objects refers to is defined
//! by another of its objects (BoringSSL's included) or by the C++ and C runtimes. A binary only pulls in the objects it references, so a file left out
//! of `sources.txt` that only some unused-looking object needed would otherwise go unnoticed
//! until a code path reached it; here every object is linked, with `--whole-archive`, into a
//! shared library under `-Wl,--no-undefined`, and any unresolved symbol fails the test.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Symbols the core may leave unresolved, each with the reason. None today: the linker
/// itself provides `__start_`/`__stop_` section bounds, the GOT and `__tls_get_addr`.
const ALLOWED: &[(&str, &str)] = &[];

/// Links every object of `archive` into a shared library in `dir`; returns the symbols the
/// linker could not resolve, or the linker's output when it failed for another reason.
fn unresolved(archive: &Path, dir: &Path) -> Result<BTreeSet<String>, String> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let output = Command::new(env!("GRPCIO_SYS_CXX"))
        .arg("-shared")
        .arg("-o")
        .arg(dir.join("libcore-check.so"))
        .arg("-Wl,--whole-archive")
        .arg(archive)
        .arg("-Wl,--no-whole-archive")
        .arg("-Wl,--no-undefined")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", env!("GRPCIO_SYS_CXX")))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    // GNU ld: "... undefined reference to `symbol'".
    let missing: BTreeSet<String> = stderr
        .lines()
        .filter_map(|l| l.split("undefined reference to `").nth(1))
        .filter_map(|rest| rest.split('\'').next())
        .map(str::to_owned)
        .collect();
    if output.status.success() || !missing.is_empty() {
        Ok(missing)
    } else {
        Err(format!("the link failed: {stderr}"))
    }
}

fn scratch(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name)
}

#[test]
fn every_symbol_the_core_needs_is_defined() {
    let archive = Path::new(env!("GRPCIO_SYS_CORE_ARCHIVE"));
    let missing = unresolved(archive, &scratch("link-complete")).unwrap();
    let allowed: BTreeSet<&str> = ALLOWED.iter().map(|(s, _)| *s).collect();
    let unexpected: Vec<&String> = missing
        .iter()
        .filter(|s| !allowed.contains(s.as_str()))
        .collect();
    assert!(
        unexpected.is_empty(),
        "the core in {} refers to {} symbols nothing defines (a source left out of \
         sources.txt?): {unexpected:?}",
        archive.display(),
        unexpected.len()
    );
}

#[test]
fn an_object_left_out_is_caught() {
    // The check itself can fail: without the object that defines a symbol the rest of the
    // core calls, that symbol is reported.
    let archive = Path::new(env!("GRPCIO_SYS_CORE_ARCHIVE"));
    let symbol = "grpc_slice_from_copied_string";
    let defined = Command::new("nm")
        .args(["-A", "--defined-only"])
        .arg(archive)
        .output()
        .expect("nm runs (binutils)");
    let listing = String::from_utf8_lossy(&defined.stdout);
    // "ARCHIVE:MEMBER.o:ADDRESS T SYMBOL"
    let member = listing
        .lines()
        .find(|l| l.ends_with(&format!(" T {symbol}")))
        .and_then(|l| l.strip_prefix(&format!("{}:", archive.display())))
        .and_then(|l| l.split(':').next())
        .unwrap_or_else(|| panic!("no object of the core defines {symbol}"))
        .to_owned();
    let dir = scratch("link-complete-pruned");
    fs::create_dir_all(&dir).unwrap();
    let pruned = dir.join("libpruned.a");
    fs::copy(archive, &pruned).unwrap();
    let removed = Command::new("ar")
        .arg("d")
        .arg(&pruned)
        .arg(&member)
        .status()
        .expect("ar runs (binutils)");
    assert!(removed.success(), "ar d {member} failed");
    let missing = unresolved(&pruned, &dir).unwrap();
    assert!(
        missing.contains(symbol),
        "without {member}, {symbol} should be reported; got {missing:?}"
    );
}

/// Symbols (demangled) that only the features left out of the compile define, one or more
/// per feature (PROVENANCE.md, "What is in grpc/").
const LEFT_OUT: &[(&str, &str)] = &[
    ("xDS", "grpc_core::XdsClient::"),
    ("xDS", "grpc_xds_credentials_create"),
    ("xDS", "grpc_server_config_fetcher_xds_create"),
    ("RLS", "grpc_core::(anonymous namespace)::RlsLb"),
    ("RBAC", "grpc_core::GrpcAuthorizationEngine::"),
    ("RBAC", "grpc_core::RbacFilter"),
    ("RE2", "re2::RE2::"),
    ("ALTS", "grpc_alts_credentials_create"),
    ("ALTS", "alts_tsi_handshaker_create"),
    ("PH2", "grpc_core::http2::Http2ClientTransport::"),
    ("PH2", "grpc_core::http2::Http2ServerTransport::"),
    (
        "Google default credentials",
        "grpc_google_default_credentials_create",
    ),
    (
        "Google default credentials",
        "grpc_core::GcpAuthenticationFilter",
    ),
];

#[test]
fn features_left_out_are_not_in_the_archive() {
    let archive = Path::new(env!("GRPCIO_SYS_CORE_ARCHIVE"));
    let defined = Command::new("nm")
        .args(["-C", "--defined-only"])
        .arg(archive)
        .output()
        .expect("nm runs (binutils)");
    assert!(
        defined.status.success(),
        "nm failed on {}",
        archive.display()
    );
    let listing = String::from_utf8_lossy(&defined.stdout);
    // "ADDRESS T SYMBOL", member headers and blank lines between.
    let symbols: Vec<&str> = listing
        .lines()
        .filter_map(|l| l.splitn(3, ' ').nth(2))
        .collect();
    assert!(
        symbols.iter().any(|s| s.starts_with("grpc_core::Server::")),
        "nm listed no symbol of the core's server: the check would prove nothing"
    );
    let found: Vec<String> = LEFT_OUT
        .iter()
        .filter_map(|(feature, prefix)| {
            symbols
                .iter()
                .find(|s| s.starts_with(prefix))
                .map(|s| format!("{feature}: {s}"))
        })
        .collect();
    assert!(
        found.is_empty(),
        "the core in {} defines symbols of features left out: {found:?}",
        archive.display()
    );
}
