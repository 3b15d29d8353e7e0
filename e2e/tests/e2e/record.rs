//! The record of what a user sees and scripts against, kept in `testdata/record/`: each
//! binary's `--help`, the client's errors (message and exit status) and the families of
//! `/metrics`. A change to any of them changes the interface: make it on purpose, then write
//! the record again with `USERS_RECORD=write cargo test -p users-e2e record`.

use users_e2e as common;

use std::fs;
use std::process::{Command, Output};

use users_server::ServerConfig;

/// Compares `actual` with the recorded file `name`, or writes it when `USERS_RECORD=write`.
fn check_record(name: &str, actual: &str) {
    let path = common::workspace_root().join("testdata/record").join(name);
    if std::env::var_os("USERS_RECORD").is_some_and(|v| v == "write") {
        fs::create_dir_all(path.parent().expect("a folder")).expect("the folder is made");
        fs::write(&path, actual).expect("the record is written");
        return;
    }
    let recorded = fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (write it with USERS_RECORD=write)", path.display()));
    assert!(
        recorded == actual,
        "{} is not what the binaries show now:\n--- recorded\n{recorded}\n--- now\n{actual}",
        path.display()
    );
}

/// The variables that add log lines or colour to what the binaries print, whatever the
/// caller's environment has.
const DISPLAY_VARIABLES: &[&str] = &[
    "RUST_LOG",
    "RUST_LOG_STYLE",
    "GRPC_VERBOSITY",
    "GRPC_TRACE",
    "GRPC_EXPERIMENTS",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "NO_COLOR",
];

/// `bin` as a user without those variables runs it (and without `USERS_*`, as every test).
fn plain_command(bin: &str) -> Command {
    let mut cmd = common::command(bin);
    for var in DISPLAY_VARIABLES {
        cmd.env_remove(var);
    }
    cmd
}

/// `--help` of each binary and of each users-bench command.
#[test]
fn help_is_as_recorded() {
    let mut cases = vec![
        ("users-server", common::server_bin(), vec![]),
        ("users-client", common::client_bin(), vec![]),
        ("users-bench", common::bench_bin(), vec![]),
    ];
    for sub in [
        "flood",
        "ping-pong",
        "open-loop",
        "churn",
        "idle",
        "connect",
    ] {
        cases.push(("users-bench", common::bench_bin(), vec![sub]));
    }
    for (name, bin, sub) in cases {
        let args = [&sub[..], &["--help"]].concat();
        let mut help = plain_command(bin);
        help.args(&args);
        let out = common::run_bounded(help);
        assert!(out.status.success(), "{name} {args:?}: {out:?}");
        let file = [&[name][..], &sub].concat().join("-");
        check_record(
            &format!("help/{file}.txt"),
            &String::from_utf8_lossy(&out.stdout),
        );
    }
}

/// A binary's command line, its stderr and exit status, as the record shows them.
fn shown(bin: &str, args: &[&str], out: &Output) -> String {
    format!(
        "$ {bin} {args:?}\nexit status {}\n{}\n",
        out.status
            .code()
            .map_or("none".to_owned(), |c| c.to_string()),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The client's errors that need no server: bad addresses, unreadable and malformed input,
/// an address nothing listens on, bad flags.
#[test]
fn client_errors_are_as_recorded() {
    let dir = std::env::temp_dir().join(format!("users-record-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("bad.jsonl"),
        "{\"id\":\"1\",\"name\":\"Carl\",\"last_name\":\"Phill\",\"age\":23}\n{\"id\":2}\n",
    )
    .unwrap();
    let cases: &[&[&str]] = &[
        &["--addr", ""],
        &["--addr", "127.0.0.1:1,::1:2"],
        &["--addr", "10.0.0.1:1,[::1]:2"],
        &["--addr", "127.0.0.1:1", "--input", "missing.jsonl"],
        &["--addr", "127.0.0.1:1", "--input", "bad.jsonl"],
        // Port 1 on the loopback address: nothing listens there, the connect is refused.
        &["--addr", "127.0.0.1:1", "--timeout", "10s"],
        &["--bogus"],
        &["--compression", "zip"],
        &["--timeout", "soon"],
    ];
    let mut record = String::new();
    for args in cases {
        let mut client = plain_command(common::client_bin());
        client.args(*args).current_dir(&dir);
        let out = common::run_bounded(client);
        assert!(!out.status.success(), "{args:?} succeeded");
        record.push_str(&shown("users-client", args, &out));
    }
    fs::remove_dir_all(&dir).unwrap();
    check_record("client_errors.txt", &record);
}

/// The flags that need one another (a TLS certificate and its key), given alone to the server
/// and the client: clap's usage error, exit status 2.
#[test]
fn flag_pairs_are_as_recorded() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "users-server",
            common::server_bin(),
            &["--tls-cert", "c.pem"],
        ),
        (
            "users-server",
            common::server_bin(),
            &["--tls-key", "k.pem"],
        ),
        (
            "users-server",
            common::server_bin(),
            &["--tls-client-ca", "ca.pem"],
        ),
        (
            "users-client",
            common::client_bin(),
            &["--tls-cert", "c.pem"],
        ),
        (
            "users-client",
            common::client_bin(),
            &["--tls-key", "k.pem"],
        ),
    ];
    let mut record = String::new();
    for (name, bin, args) in cases {
        let mut command = plain_command(bin);
        command.args(*args);
        let out = common::run_bounded(command);
        assert_eq!(out.status.code(), Some(2), "{name} {args:?}");
        record.push_str(&shown(name, args, &out));
    }
    check_record("flag_pairs.txt", &record);
}

/// The metric families of `/metrics` (name and type), after a tutorial stream.
#[test]
fn metric_families_are_as_recorded() {
    let pair = common::start_pair_with(ServerConfig {
        metrics_addr: Some("127.0.0.1:0".to_owned()),
        ..Default::default()
    });
    pair.run(users_client::tutorial_users()).unwrap();
    let addr = pair.server.metrics_addr().unwrap();
    let (status, body) = common::http(addr, "GET", "/metrics");
    assert_eq!(status, "HTTP/1.1 200 OK");
    let families: String = body
        .lines()
        .filter_map(|line| line.strip_prefix("# TYPE "))
        .map(|family| format!("{family}\n"))
        .collect();
    assert!(!families.is_empty(), "no family in {body}");
    check_record("metric_families.txt", &families);
}
