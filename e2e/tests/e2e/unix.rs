//! `users-server` on Unix domain sockets: a socket file with the mode asked for, served to the
//! real client binary and removed at a clean stop; an abstract socket; and the errors of
//! addresses and modes that cannot work.

use users_e2e as common;

use std::fs;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::os::unix::net::UnixListener;
use std::path::PathBuf;
use std::time::Duration;

use common::{spec_responses, ServerProcess};

/// A folder of its own for one test's socket, removed when the test ends.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Folder {
        let dir = std::env::temp_dir().join(format!("users-unix-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Folder(dir)
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// The tutorial's answers from `users-client` (the binary) dialing `addr`.
fn client_answers(addr: &str) -> Vec<String> {
    let out = common::run_bin(
        common::client_bin(),
        &["--addr", addr, "--delay", "0ms", "--output", "json"],
    );
    assert!(
        out.status.success(),
        "users-client --addr {addr}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// `unix:PATH` with `--socket-mode 660`: the socket has that mode, serves the client, and
/// is gone once the server stopped on SIGTERM.
#[test]
fn a_socket_file_is_served_with_its_mode_and_removed_at_the_stop() {
    let folder = Folder::new("file");
    let path = folder.0.join("users.sock");
    let addr = format!("unix:{}", path.display());
    let server = ServerProcess::start_at(&addr, &["--socket-mode", "660"], &[]);
    assert_eq!(server.listening, addr);
    let meta = fs::symlink_metadata(&path).expect("the socket file exists");
    assert!(meta.file_type().is_socket(), "{meta:?}");
    assert_eq!(meta.permissions().mode() & 0o777, 0o660);
    assert_eq!(client_answers(&addr), spec_responses());
    server.signal("TERM");
    let (status, rest) = server.wait(Duration::from_secs(20));
    assert!(status.success(), "{status:?} {rest:?}");
    assert!(
        !path.exists(),
        "the socket file is still there after the stop"
    );
}

/// A socket left behind by a server that did not stop cleanly is replaced; a file that is
/// not a socket is not, and the error says so.
#[test]
fn a_stale_socket_is_replaced_but_not_another_file() {
    let folder = Folder::new("stale");
    let path = folder.0.join("users.sock");
    drop(UnixListener::bind(&path).unwrap());
    assert!(path.exists());
    let addr = format!("unix:{}", path.display());
    let server = ServerProcess::start_at(&addr, &[], &[]);
    assert_eq!(client_answers(&addr), spec_responses());
    server.signal("TERM");
    assert!(server.wait(Duration::from_secs(20)).0.success());

    fs::write(&path, "not a socket").unwrap();
    let out = common::run_bin(common::server_bin(), &["--addr", &addr]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with(&format!("users-server: cannot listen on {addr}: ")),
        "{stderr}"
    );
    assert!(last.contains("not a socket"), "{stderr}");
    assert_eq!(fs::read_to_string(&path).unwrap(), "not a socket");
}

/// A socket another server answers on is refused, and that server keeps its socket: the
/// core would otherwise replace the file and leave it unreachable.
#[test]
fn a_socket_another_server_answers_on_is_refused() {
    let folder = Folder::new("live");
    let path = folder.0.join("users.sock");
    let addr = format!("unix:{}", path.display());
    let first = ServerProcess::start_at(&addr, &[], &[]);
    let out = common::run_bin(common::server_bin(), &["--addr", &addr]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("another server answers on"), "{stderr}");
    assert_eq!(client_answers(&addr), spec_responses());
    first.signal("TERM");
    assert!(first.wait(Duration::from_secs(20)).0.success());
    assert!(!path.exists());
}

/// `unix-abstract:NAME` serves the client; no file is made.
#[test]
fn an_abstract_socket_is_served() {
    let addr = format!("unix-abstract:users-e2e-{}", std::process::id());
    let server = ServerProcess::start_at(&addr, &[], &[]);
    assert_eq!(server.listening, addr);
    assert_eq!(client_answers(&addr), spec_responses());
    server.signal("TERM");
    assert!(server.wait(Duration::from_secs(20)).0.success());
}

/// A mode without a socket file, a mode that is not octal bits, and socket addresses with
/// nothing to bind are one-line errors.
#[test]
fn socket_addresses_and_modes_that_cannot_work_are_refused() {
    let run = |args: &[&str]| {
        let out = common::run_bin(common::server_bin(), args);
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stderr) = run(&["--addr", "127.0.0.1:0", "--socket-mode", "660"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("only a unix:PATH address"), "{stderr}");

    let (code, stderr) = run(&["--addr", "unix:/tmp/x.sock", "--socket-mode", "rw"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("invalid socket mode"), "{stderr}");

    for addr in ["unix:", "unix-abstract:"] {
        let (code, stderr) = run(&["--addr", addr]);
        assert_eq!(code, Some(1), "{addr}: {stderr}");
        assert!(
            stderr.starts_with("users-server: invalid address"),
            "{stderr}"
        );
    }
    let (code, stderr) = run(&["--addr", "127.0.0.1:0", "--health-addr", "unix:/tmp/h.sock"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("the health port takes HOST:PORT"),
        "{stderr}"
    );
    let (code, stderr) = run(&["--addr", "unix:/nonexistent-folder/users.sock"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("No such file or directory"), "{stderr}");
}
