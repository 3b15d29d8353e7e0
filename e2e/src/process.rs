//! The workspace's binaries as processes: built once per test run, started without the
//! caller's `USERS_*` variables, bounded in time, signalled and measured.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::{mpsc, OnceLock};
use std::thread;
use std::time::Duration;

/// The workspace's root directory.
pub fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the e2e crate lives in the workspace")
}

/// Paths of the three binaries, built for the profile of this test binary.
struct Bins {
    server: String,
    client: String,
    bench: String,
}

/// Builds the binaries once per run (a no-op when they are up to date) with the cargo that
/// runs the tests, into the same target directory and profile, so that a test never runs a
/// stale binary: integration tests get `CARGO_BIN_EXE_*` only for their own package's.
fn bins() -> &'static Bins {
    static BINS: OnceLock<Bins> = OnceLock::new();
    BINS.get_or_init(|| {
        let exe = std::env::current_exe().expect("the test binary knows its path");
        // target/<profile>/deps/e2e-HASH
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("tests run from target/<profile>/deps");
        let target_dir = profile_dir
            .parent()
            .expect("a profile lives in a target dir");
        let profile = profile_dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("the profile directory has a name");
        let mut build = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        build
            .args([
                "build",
                "--bins",
                "-p",
                "users-server",
                "-p",
                "users-client",
            ])
            .args(["-p", "users-bench", "--target-dir"])
            .arg(target_dir);
        match profile {
            "debug" => {}
            "release" => {
                build.arg("--release");
            }
            other => {
                build.args(["--profile", other]);
            }
        }
        let out = build.output().expect("cargo starts");
        assert!(
            out.status.success(),
            "cargo could not build the binaries:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let path = |name: &str| profile_dir.join(name).to_string_lossy().into_owned();
        Bins {
            server: path("users-server"),
            client: path("users-client"),
            bench: path("users-bench"),
        }
    })
}

/// The `users-server` binary.
pub fn server_bin() -> &'static str {
    &bins().server
}

/// The `users-client` binary.
pub fn client_bin() -> &'static str {
    &bins().client
}

/// The `users-bench` binary.
pub fn bench_bin() -> &'static str {
    &bins().bench
}

/// `bin` as a command, with none of the caller's `USERS_*` variables, nor the `OTEL_*` ones
/// that would trace it.
pub fn command(bin: &str) -> Command {
    let mut command = Command::new(bin);
    for (name, _) in std::env::vars_os() {
        let text = name.to_string_lossy();
        if text.starts_with("USERS_") || text.starts_with("OTEL_") {
            command.env_remove(name);
        }
    }
    // The server reads it too (users_server::memory): tests see the server's default.
    command.env_remove(users_server::memory::ALLOW_THP_VAR);
    command
}

/// Runs `bin` with `args` and no stdin to completion, failing if it runs over a minute.
pub fn run_bin(bin: &str, args: &[&str]) -> Output {
    run_bin_env(bin, args, &[])
}

/// Like [`run_bin`], with `env` added to the environment.
pub fn run_bin_env(bin: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = command(bin);
    cmd.args(args).envs(env.iter().copied());
    run_bounded(cmd)
}

/// Runs `cmd` with no stdin to completion, collecting its output, failing if it runs over a
/// minute.
pub fn run_bounded(mut cmd: Command) -> Output {
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command starts");
    wait_bounded(child)
}

/// Waits for `child` and collects its output, failing (and killing it) if it runs over a
/// minute.
pub fn wait_bounded(child: Child) -> Output {
    let pid = child.id();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let Ok(output) = rx.recv_timeout(Duration::from_secs(60)) else {
        signal(pid, "KILL");
        panic!("the binary did not exit within a minute");
    };
    output.expect("the binary's output is collected")
}

/// Waits up to `limit` for `child` to exit; past it, kills the child and returns `None`.
pub fn wait_or_kill(mut child: Child, limit: Duration) -> Option<ExitStatus> {
    let pid = child.id();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(child.wait());
    });
    let Ok(status) = rx.recv_timeout(limit) else {
        signal(pid, "KILL");
        return None;
    };
    Some(status.expect("the child's status is read"))
}

/// Sends the signal `name` (`STOP`, `CONT`, `KILL`, `TERM`, `INT`, `HUP`) to process `pid`.
pub fn signal(pid: u32, name: &str) {
    // kill(2) itself, not the kill command: a minimal system (a fresh Debian root, a
    // container) has no procps.
    let sig = match name {
        "STOP" => libc::SIGSTOP,
        "CONT" => libc::SIGCONT,
        "KILL" => libc::SIGKILL,
        "TERM" => libc::SIGTERM,
        "INT" => libc::SIGINT,
        "HUP" => libc::SIGHUP,
        other => panic!("signal: unknown signal name {other}"),
    };
    // kill(2) reads pid 0 as the whole process group, the test runner included.
    assert!(pid > 0, "signal: no process to send {name} to (pid 0)");
    let target = libc::pid_t::try_from(pid).expect("a pid fits pid_t");
    // SAFETY: kill(2) takes two integers and touches no memory of this process.
    let rc = unsafe { libc::kill(target, sig) };
    assert_eq!(
        rc,
        0,
        "kill -{name} {pid} failed: {}",
        std::io::Error::last_os_error()
    );
}

/// The field `name` of `/proc/PID/status` (e.g. `VmRSS`), trimmed; `None` when the process
/// or the field is not there.
pub fn proc_status_field(pid: u32, name: &str) -> Option<String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
        .map(|v| v.trim().to_owned())
}

/// The resident set size of process `pid`, in KiB (from `/proc`).
pub fn vm_rss_kib(pid: u32) -> u64 {
    proc_status_field(pid, "VmRSS")
        .and_then(|v| v.trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// A running `users-server` process, the port it listens on and the lines it logs.
pub struct ServerProcess {
    child: Option<Child>,
    /// The gRPC port (0 for a Unix socket).
    pub port: u16,
    /// The address the server logged it listens on (`HOST:PORT`, `unix:PATH`...).
    pub listening: String,
    /// The metrics endpoint, when `--metrics-addr` was given.
    pub metrics: Option<SocketAddr>,
    lines: mpsc::Receiver<String>,
}

impl ServerProcess {
    /// Starts the binary on 127.0.0.1:0 with `extra` flags, logging at info.
    pub fn start(extra: &[&str]) -> ServerProcess {
        ServerProcess::start_with_log(extra, "info")
    }

    /// Starts the binary with `RUST_LOG` set to `level`, and waits for the lines that name
    /// its port (and its metrics endpoint, when one was asked for).
    pub fn start_with_log(extra: &[&str], level: &str) -> ServerProcess {
        ServerProcess::start_with_env(extra, &[("RUST_LOG", level)])
    }

    /// Like [`ServerProcess::start`], with `env` added to the server's environment.
    pub fn start_with_env(extra: &[&str], env: &[(&str, &str)]) -> ServerProcess {
        ServerProcess::start_at("127.0.0.1:0", extra, env)
    }

    /// Starts the binary listening on `addr` with `extra` flags and `env` added to its
    /// environment, and waits for the line that names where it listens.
    pub fn start_at(addr: &str, extra: &[&str], env: &[(&str, &str)]) -> ServerProcess {
        let mut cmd = command(server_bin());
        cmd.args(["--addr", addr])
            .args(extra)
            .env("RUST_LOG", "info")
            .envs(env.iter().copied());
        ServerProcess::start_command(cmd, extra.contains(&"--metrics-addr"))
    }

    /// Starts `cmd`, a `users-server` command line (or one that execs it), and waits for the
    /// line that names where it listens (and, with `wants_metrics`, its metrics endpoint).
    pub fn start_command(mut cmd: Command, wants_metrics: bool) -> ServerProcess {
        let mut child = cmd
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("users-server starts");
        let stderr = BufReader::new(child.stderr.take().expect("stderr is piped"));
        let (tx, lines) = mpsc::channel();
        thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let (mut port, mut metrics, mut listening) = (None, None, String::new());
        while port.is_none() || (wants_metrics && metrics.is_none()) {
            let line = lines
                .recv_timeout(Duration::from_secs(30))
                .expect("users-server logs its addresses");
            if let Some((_, rest)) = line.split_once("listening on ") {
                let addr = rest.split_whitespace().next().unwrap_or_default();
                listening = addr.to_owned();
                port = if addr.starts_with("unix") {
                    Some(0)
                } else {
                    addr.rsplit_once(':').and_then(|(_, p)| p.parse().ok())
                };
            }
            if let Some((_, rest)) = line.split_once("metrics on http://") {
                metrics = rest.trim_end_matches("/metrics").parse().ok();
            }
        }
        ServerProcess {
            child: Some(child),
            port: port.expect("checked above"),
            listening,
            metrics,
            lines,
        }
    }

    /// The server's `127.0.0.1:PORT`.
    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    /// Sends the signal `name` to the server.
    pub fn signal(&self, name: &str) {
        signal(self.pid(), name);
    }

    /// Waits up to 30 s for a logged line containing `needle`.
    pub fn line_containing(&self, needle: &str) -> String {
        self.line_within(needle, Duration::from_secs(30))
            .unwrap_or_else(|| panic!("no line containing {needle:?} within 30 s"))
    }

    /// A logged line containing `needle`, if one comes within `limit`.
    pub fn line_within(&self, needle: &str, limit: Duration) -> Option<String> {
        let deadline = std::time::Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let line = self.lines.recv_timeout(left).ok()?;
            if line.contains(needle) {
                return Some(line);
            }
        }
    }

    /// Every sample of a scrape of the metrics endpoint.
    pub fn scrape(&self) -> HashMap<String, f64> {
        scrape(
            self.metrics
                .expect("the server was started with --metrics-addr"),
        )
    }

    /// Waits up to `limit` for the metric `name` to read `value`; the last reading otherwise.
    pub fn metric_reaches(&self, name: &str, value: f64, limit: Duration) -> Result<(), f64> {
        let deadline = std::time::Instant::now() + limit;
        loop {
            let now = self.scrape().get(name).copied().unwrap_or(f64::NAN);
            if now == value {
                return Ok(());
            }
            if std::time::Instant::now() >= deadline {
                return Err(now);
            }
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits for the process to exit, failing the test if it takes longer than `limit`;
    /// returns its status and the lines it logged since the last one read.
    pub fn wait(mut self, limit: Duration) -> (ExitStatus, Vec<String>) {
        let child = self
            .child
            .take()
            .expect("the process runs until waited for");
        let status = wait_or_kill(child, limit)
            .unwrap_or_else(|| panic!("users-server did not exit within {limit:?}"));
        // The reader thread ends at EOF, which closes the channel.
        let rest = self.lines.iter().collect();
        (status, rest)
    }
}

impl Drop for ServerProcess {
    /// A test that fails leaves no server behind.
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Sends one raw HTTP/1.1 request; returns the status line and the body.
pub fn http(addr: SocketAddr, method: &str, path: &str) -> (String, String) {
    let mut conn = TcpStream::connect(addr).expect("the metrics endpoint accepts");
    conn.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("a timeout can be set");
    write!(
        conn,
        "{method} {path} HTTP/1.1\r\nHost: test\r\nAccept: */*\r\n\r\n"
    )
    .expect("the request is sent");
    let mut text = String::new();
    conn.read_to_string(&mut text).expect("the answer is read");
    let (head, body) = text.split_once("\r\n\r\n").expect("an HTTP answer");
    (
        head.lines().next().unwrap_or_default().to_owned(),
        body.to_owned(),
    )
}

/// Every sample of a scrape, by its name with labels, e.g. `a_total{code="OK"}`.
pub fn scrape(addr: SocketAddr) -> HashMap<String, f64> {
    let (status, body) = http(addr, "GET", "/metrics");
    assert_eq!(status, "HTTP/1.1 200 OK");
    body.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .filter_map(|line| {
            let (name, value) = line.rsplit_once(' ')?;
            Some((name.to_owned(), value.parse().ok()?))
        })
        .collect()
}
