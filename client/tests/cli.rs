//! The `users-client` binary against a real in-process server.

mod common;

use std::io::Write;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_users-client");

/// Runs the client binary to completion.
fn client(args: &[&str]) -> Output {
    common::run_bin(BIN, args)
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// Writes `text` to a fresh file under the target's temporary directory.
fn temp_file(name: &str, text: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(format!("{}-{name}", std::process::id()));
    std::fs::File::create(&path)
        .unwrap()
        .write_all(text)
        .unwrap();
    path
}

/// Asserts a failed run: status 1, one line on stderr starting with `prefix`, no panic.
fn assert_one_line_error(out: &Output, prefix: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with(prefix), "expected {prefix:?}, got {err:?}");
    assert!(!err.contains("panicked"), "{err}");
}

/// By default the client sends the tutorial's five users and prints the expected responses.
#[test]
fn default_users_print_spec_responses() {
    let (_server, addr) = common::real_server();
    let out = client(&["--addr", &addr, "--delay", "0ms"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        concat!(
            "user_id: \"1\", success: false, errors: [\"Last Name already taken\"]\n",
            "user_id: \"2\", success: true, errors: []\n",
            "user_id: \"3\", success: false, errors: [\"Name is too short\", \"Last Name already taken\"]\n",
            "user_id: \"4\", success: true, errors: []\n",
            "user_id: \"5\", success: true, errors: []\n",
        )
    );
}

/// Users come from a JSON Lines file when given, and JSON output is one object per line.
#[test]
fn input_file_and_json_output() {
    let (server, addr) = common::real_server();
    let file = temp_file(
        "users.jsonl",
        "{\"id\":\"7\",\"name\":\"Ana\",\"last_name\":\"Lee\",\"age\":31}\n\n{\"id\":\"8\",\"name\":\"Zoë\",\"last_name\":\"Phill\",\"age\":40}\n".as_bytes(),
    );
    let out = client(&[
        "--addr",
        &addr,
        "--delay",
        "0ms",
        "--output",
        "json",
        "--input",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        concat!(
            "{\"user_id\":\"7\",\"success\":false,\"errors\":[\"Name is too short\"]}\n",
            "{\"user_id\":\"8\",\"success\":false,\"errors\":[\"Last Name already taken\"]}\n",
        )
    );
    assert_eq!(server.stats().snapshot().total_streams, 1);
}

/// A malformed line is rejected before anything is sent, naming the file and line.
#[test]
fn malformed_input_sends_nothing() {
    let (server, addr) = common::real_server();
    let file = temp_file(
        "bad.jsonl",
        b"{\"id\":\"1\",\"name\":\"Carl\"}\n{\"id\":\"2\",\"name\":\"Mia\"}\n{\"id\":3}\n",
    );
    let path = file.to_str().unwrap();
    let out = client(&["--addr", &addr, "--delay", "0ms", "--input", path]);
    assert_one_line_error(&out, &format!("users-client: {path}:3: invalid user: "));
    assert!(stdout(&out).is_empty());
    assert_eq!(server.stats().snapshot().total_streams, 0);
}

/// A missing input file is a one-line error naming the file.
#[test]
fn missing_input_file() {
    let out = client(&["--input", "/nonexistent/users.jsonl"]);
    assert_one_line_error(&out, "users-client: cannot read /nonexistent/users.jsonl: ");
}

/// An address nobody listens on is a one-line "cannot reach" error, not a panic or a hang.
#[test]
fn unreachable_server() {
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = closed.local_addr().unwrap().to_string();
    drop(closed);
    let out = client(&["--addr", &addr, "--delay", "0ms", "--timeout", "30s"]);
    assert_one_line_error(
        &out,
        &format!("users-client: cannot reach server at {addr}: "),
    );
}

/// A deadline shorter than the stream ends it with a one-line deadline error.
#[test]
fn deadline_exceeded() {
    let (_server, addr) = common::real_server();
    let out = client(&["--addr", &addr, "--delay", "10s", "--timeout", "2s"]);
    assert_one_line_error(&out, "users-client: deadline exceeded");
    // The first response arrives before the deadline and is printed.
    assert!(
        stdout(&out).starts_with("user_id: \"1\""),
        "{}",
        stdout(&out)
    );
}

/// Users can be piped in on standard input with `--input -`.
#[test]
fn input_from_stdin() {
    let (_server, addr) = common::real_server();
    let mut child = Command::new(BIN)
        .args(["--addr", &addr, "--delay", "0ms", "--input", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"id\":\"9\",\"name\":\"Marisol\",\"last_name\":\"Heat\",\"age\":3}\n")
        .unwrap();
    let out = common::wait_bounded(child);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "user_id: \"9\", success: true, errors: []\n");
}

/// Bad flag values are usage errors that name the flag.
#[test]
fn bad_flags_are_usage_errors() {
    for args in [
        &["--delay", "soon"][..],
        &["--timeout=-1s"][..],
        &["--output", "xml"][..],
    ] {
        let out = client(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let flag = args[0].split('=').next().unwrap();
        assert!(stderr(&out).contains(flag), "{args:?}: {}", stderr(&out));
    }
}

/// An empty address is refused before dialling, with a one-line error.
#[test]
fn empty_address() {
    let out = client(&["--addr", ""]);
    assert_one_line_error(&out, "users-client: invalid address \"\"");
}
