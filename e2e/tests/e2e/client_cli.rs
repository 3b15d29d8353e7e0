//! The `users-client` binary against a real in-process server.

use users_e2e as common;

use std::io::Write;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Output, Stdio};

/// Runs the client binary to completion.
fn client(args: &[&str]) -> Output {
    common::run_bin(common::client_bin(), args)
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
        include_str!("../../../testdata/tutorial_answers.txt")
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

/// `--version` names the client's version and the gRPC C core release it runs on.
#[test]
fn version_names_the_core() {
    let out = client(&["--version"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        format!(
            "users-client {} (gRPC C core {})",
            env!("CARGO_PKG_VERSION"),
            users_transport::GRPC_CORE_RELEASE
        )
    );
}

/// The C core's own error lines come through the client's logger (env_logger's format, from
/// grpcio's log bridge), and the core does not also print them in its own (Abseil's) format.
#[test]
fn core_errors_arrive_through_the_logger() {
    // The ipv4 resolver refuses an authority, and the core logs that as an error.
    let out = client(&["--addr", "ipv4://authority/127.0.0.1:1", "--timeout", "5s"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.lines().any(|l| l.starts_with('[')
            && l.contains(" ERROR")
            && l.contains("] authority-based URIs not supported")),
        "{err}"
    );
    let abseil_format = |line: &str| {
        let b = line.as_bytes();
        b.len() > 6
            && b"IWEF".contains(&b[0])
            && b[1..5].iter().all(u8::is_ascii_digit)
            && b[5] == b' '
    };
    assert!(!err.lines().any(abseil_format), "{err}");
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
    let mut child = common::command(common::client_bin())
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

/// Several addresses must be IP:PORT literals of one family: anything else is a one-line error.
#[test]
fn bad_address_lists() {
    let out = client(&["--addr", "127.0.0.1:1,localhost:2"]);
    assert_one_line_error(
        &out,
        "users-client: invalid address \"localhost:2\" in a list",
    );
    let out = client(&["--addr", "127.0.0.1:1", "--addr", "[::1]:2"]);
    assert_one_line_error(
        &out,
        "users-client: several addresses must be all IPv4 or all IPv6",
    );
}

/// Every flag can come from its environment variable; a flag given on the command line wins.
#[test]
fn environment_variables_are_read() {
    let (_server, addr) = common::real_server();
    let env = [
        ("USERS_ADDR", addr.as_str()),
        ("USERS_DELAY", "0ms"),
        ("USERS_OUTPUT", "json"),
        ("USERS_COMPRESSION", "gzip"),
        ("USERS_TIMEOUT", "30s"),
    ];
    let out = common::run_bin_env(common::client_bin(), &[], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("{\"user_id\":\"1\""),
        "{}",
        stdout(&out)
    );
    let out = common::run_bin_env(common::client_bin(), &["--output", "text"], &env);
    assert!(
        stdout(&out).starts_with("user_id: \"1\""),
        "{}",
        stdout(&out)
    );
    let out = common::run_bin_env(common::client_bin(), &[], &[("USERS_COMPRESSION", "zip")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown compression \"zip\""),
        "{}",
        stderr(&out)
    );
}

/// --list-services and --describe ask the server's reflection service.
#[test]
fn lists_and_describes_by_reflection() {
    let (_server, addr) = common::real_server();
    let out = client(&["--addr", &addr, "--list-services"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "grpc.health.v1.Health\ngrpc.reflection.v1.ServerReflection\n\
         grpc.reflection.v1alpha.ServerReflection\nusers.Users\n"
    );
    let out = client(&["--addr", &addr, "--describe", "users.User"]);
    assert_eq!(
        stdout(&out),
        "message users.User {\n  string id = 1;\n  string name = 2;\n  \
         string last_name = 3;\n  int32 age = 4;\n}\n"
    );
    let out = client(&["--addr", &addr, "--describe", "users.Nope"]);
    assert_one_line_error(&out, "users-client: reflection: NOT_FOUND: unknown symbol");
}

/// A users.Users service with nothing else: no reflection.
#[derive(Clone)]
struct UsersOnly;

impl users_grpc::Users for UsersOnly {
    fn create_user(
        &mut self,
        _ctx: &grpcio::RpcContext<'_>,
        _requests: users_grpc::UserRequests,
        _sink: users_grpc::UserResponses,
    ) -> futures::future::BoxFuture<'static, ()> {
        Box::pin(async {})
    }
}

/// A USERS_INPUT in the environment does not get in the way of the one-shot modes.
#[test]
fn one_shot_modes_ignore_input_variable() {
    let (_server, addr) = common::real_server();
    let env = [("USERS_INPUT", "/nonexistent/users.jsonl")];
    for mode in [
        &["--health"][..],
        &["--list-services"][..],
        &["--describe", "users.User"][..],
    ] {
        let out = common::run_bin_env(
            common::client_bin(),
            &[&["--addr", addr.as_str()][..], mode].concat(),
            &env,
        );
        assert!(out.status.success(), "{mode:?}: {}", stderr(&out));
    }
}

/// Reflection against a server without it says so in one line, after trying both versions.
#[test]
fn reflection_missing_on_server() {
    let (_server, addr) = common::serve_service(UsersOnly, 1);
    let out = client(&["--addr", &addr, "--list-services"]);
    assert_one_line_error(
        &out,
        "users-client: reflection: UNIMPLEMENTED: the server offers no reflection service",
    );
}

/// --health prints the status and exits 0 only when SERVING, usable as a probe.
#[test]
fn health_probe() {
    let (server, addr) = common::real_server();
    for args in [&["--health"][..], &["--health", "users.Users"][..]] {
        let out = client(&[&["--addr", addr.as_str()][..], args].concat());
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert_eq!(stdout(&out), "SERVING\n");
    }
    let out = client(&["--addr", &addr, "--health", "users.Nope"]);
    assert_one_line_error(&out, "users-client: stream failed with status NOT_FOUND");
    server.shutdown(std::time::Duration::from_secs(1));
    let out = client(&["--addr", &addr, "--health", "--timeout", "5s"]);
    assert_one_line_error(&out, "users-client: cannot reach server at");
}

use common::pki;

/// TLS and mTLS from the command line: the CA, the client's certificate and the expected
/// server name come from flags; without them the same server refuses the client.
#[test]
fn tls_flags() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let ca = pki::Ca::new("users test CA");
    let (cert, key) = ca.issue(&["users.test"], false);
    let (client_cert, client_key) = ca.issue(&["client.users.test"], false);
    let (_server, addr) = common::real_server_with(users_server::ServerConfig {
        addr: "127.0.0.1:0".to_owned(),
        cq_count: 1,
        tls: Some(users_server::TlsConfig {
            cert_chain: cert,
            private_key: key.into(),
            client_ca: Some(ca.pem()),
        }),
        ..Default::default()
    });
    let ca_file = pki::write(&dir, "ca.pem", &ca.pem());
    let cert_file = pki::write(&dir, "client.pem", &client_cert);
    let key_file = pki::write(&dir, "client.key", &client_key);
    let base = [
        "--addr",
        addr.as_str(),
        "--delay",
        "0ms",
        "--timeout",
        "20s",
    ];
    let tls = [
        "--tls-ca",
        ca_file.as_str(),
        "--tls-server-name",
        "users.test",
        "--tls-cert",
        cert_file.as_str(),
        "--tls-key",
        key_file.as_str(),
    ];
    let out = client(&[&base[..], &tls[..]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 5);

    let out = client(&[&base[..], &tls[..4]].concat());
    assert_one_line_error(&out, "users-client: cannot reach server at");
    let out = client(&base);
    assert_one_line_error(&out, "users-client: cannot reach server at");

    let out = client(
        &[
            &base[..],
            &[
                "--tls-ca",
                cert_file.as_str(),
                "--tls-cert",
                key_file.as_str(),
                "--tls-key",
                key_file.as_str(),
            ][..],
        ]
        .concat(),
    );
    assert_one_line_error(
        &out,
        "users-client: cannot set up TLS: --tls-cert has no PEM block of type CERTIFICATE",
    );
    let out = client(&[&base[..], &["--tls-ca", "/nonexistent/ca.pem"][..]].concat());
    assert_one_line_error(
        &out,
        "users-client: cannot read --tls-ca /nonexistent/ca.pem:",
    );
    let out = client(&[&base[..], &["--tls-cert", cert_file.as_str()][..]].concat());
    assert_eq!(out.status.code(), Some(2), "--tls-cert needs --tls-key");
}

/// --token (or USERS_TOKEN) is sent as a bearer token; without it the call is refused, and a
/// token sent without TLS draws a warning.
#[test]
fn token_flag() {
    let (_server, addr) = common::real_server_with(users_server::ServerConfig {
        addr: "127.0.0.1:0".to_owned(),
        cq_count: 1,
        tokens: Some(users_server::Tokens::parse("t0ken\n").unwrap()),
        ..Default::default()
    });
    let base = [
        "--addr",
        addr.as_str(),
        "--delay",
        "0ms",
        "--timeout",
        "20s",
    ];
    let out = client(&[&base[..], &["--token", "t0ken"][..]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("sending a bearer token without TLS"),
        "{}",
        stderr(&out)
    );
    let out = common::run_bin_env(common::client_bin(), &base, &[("USERS_TOKEN", "t0ken")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = client(&base);
    assert_one_line_error(
        &out,
        "users-client: stream failed with status UNAUTHENTICATED: missing or invalid bearer token",
    );
    let out = client(&[&base[..], &["--list-services"][..]].concat());
    assert_one_line_error(
        &out,
        "users-client: stream failed with status UNAUTHENTICATED",
    );
    let out = client(&[&base[..], &["--list-services", "--token", "t0ken"][..]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
}

/// A trace export the `OTEL_*` variables ask for but that cannot be had stops the client
/// before any call, in one line naming the variable.
#[test]
fn bad_trace_settings_are_one_line_errors() {
    let out = common::run_bin_env(
        common::client_bin(),
        &["--addr", "127.0.0.1:1"],
        &[
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"),
            ("OTEL_TRACES_SAMPLER", "sometimes"),
        ],
    );
    assert_one_line_error(
        &out,
        "users-client: tracing: OTEL_TRACES_SAMPLER=\"sometimes\": ",
    );
}
