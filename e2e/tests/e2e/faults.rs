//! Process-level faults: each test starts `users-server` as a process (127.0.0.1:0, with
//! metrics), does its harm with the real client or load tool, and checks that the server
//! recorded it and still answers a normal client. They take turns, so that their timings do
//! not disturb one another. (Faults on the HTTP/2 wire are in `ci/checks/test_faults.py`, in Python.)

use users_e2e as common;

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Stdio};
use std::sync::{mpsc, Arc, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::Duration;

use common::{
    client_bin, command, signal, spec_responses, vm_rss_kib, wait_or_kill, ServerProcess,
};
use futures::{SinkExt, StreamExt};
use grpcio::WriteFlags;
use users_client::{connect, response_json, tutorial_users};
use users_grpc::rules;

/// One fault test at a time.
fn one_at_a_time() -> MutexGuard<'static, ()> {
    static TURN: Mutex<()> = Mutex::new(());
    TURN.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A server with its metrics endpoint.
fn server(extra: &[&str]) -> ServerProcess {
    ServerProcess::start(&[&["--metrics-addr", "127.0.0.1:0"][..], extra].concat())
}

/// A binary running in the background: its stdout lines as they come, its stderr as it goes.
struct Running {
    child: Option<Child>,
    lines: mpsc::Receiver<String>,
    stderr: Arc<Mutex<String>>,
    stderr_done: Option<thread::JoinHandle<()>>,
}

impl Running {
    fn start(bin: &str, args: &[&str]) -> Running {
        let mut child = command(bin)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let stdout: ChildStdout = child.stdout.take().expect("stdout is piped");
        let (tx, lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let err_pipe = child.stderr.take().expect("stderr is piped");
        let stderr = Arc::new(Mutex::new(String::new()));
        let err_text = Arc::clone(&stderr);
        let stderr_done = thread::spawn(move || {
            for line in BufReader::new(err_pipe).lines().map_while(Result::ok) {
                let mut text = err_text.lock().unwrap_or_else(PoisonError::into_inner);
                text.push_str(&line);
                text.push('\n');
            }
        });
        Running {
            child: Some(child),
            lines,
            stderr,
            stderr_done: Some(stderr_done),
        }
    }

    /// The next stdout line, within `limit`.
    fn line(&self, limit: Duration) -> String {
        self.lines
            .recv_timeout(limit)
            .unwrap_or_else(|_| panic!("no output within {limit:?}: {}", self.stderr()))
    }

    fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    fn stderr(&self) -> String {
        self.stderr
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Waits up to `limit` for the exit; returns the exit code, the stdout lines not read yet
    /// and the whole stderr.
    fn wait(mut self, limit: Duration) -> (Option<i32>, Vec<String>, String) {
        let child = self.child.take().expect("the child runs until waited for");
        let Some(status) = wait_or_kill(child, limit) else {
            panic!(
                "the binary did not exit within {limit:?}: {}",
                self.stderr()
            );
        };
        let code = status.code();
        // The pipes close with the process: the readers end.
        let rest: Vec<String> = self.lines.iter().collect();
        if let Some(done) = self.stderr_done.take() {
            let _ = done.join();
        }
        (code, rest, self.stderr())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The client streaming the tutorial's users to `server`, `delay` apart, printing JSON.
fn paced_client(server: &ServerProcess, delay: &str, timeout: &str) -> Running {
    let addr = server.addr();
    Running::start(
        client_bin(),
        &[
            "--addr",
            &addr,
            "--delay",
            delay,
            "--output",
            "json",
            "--timeout",
            timeout,
        ],
    )
}

/// A normal client gets the tutorial's five golden answers from `server`.
fn serves_normal_client(server: &ServerProcess) {
    let out = common::run_bin(
        client_bin(),
        &[
            "--addr",
            &server.addr(),
            "--delay",
            "0ms",
            "--output",
            "json",
            "--timeout",
            "30s",
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout.lines().collect::<Vec<_>>(), spec_responses());
}

/// Waits for `metric` to read `value`, naming the last reading otherwise.
fn metric_reaches(server: &ServerProcess, metric: &str, value: f64, limit: Duration) {
    if let Err(last) = server.metric_reaches(metric, value, limit) {
        panic!("{metric} is {last} after {limit:?}, expected {value}");
    }
}

const TEN_SECONDS: Duration = Duration::from_secs(10);

/// A file removed when the test ends, whether it passes or fails.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A client SIGKILLed mid-stream: the server logs the stream CANCELLED, the active count goes
/// back to 0, and the server serves on.
#[test]
fn client_killed_mid_stream() {
    let _turn = one_at_a_time();
    let server = server(&[]);
    let client = paced_client(&server, "1s", "60s");
    client.line(Duration::from_secs(20));
    metric_reaches(&server, "users_streams_active", 1.0, Duration::from_secs(5));
    signal(client.pid(), "KILL");
    let line = server
        .line_within("stream finished:", TEN_SECONDS)
        .expect("the stream's end is logged within 10 s");
    assert!(line.contains("status=CANCELLED"), "{line}");
    metric_reaches(&server, "users_streams_active", 0.0, TEN_SECONDS);
    serves_normal_client(&server);
}

/// A client streaming 200,000 users is SIGSTOPped while the server answers: the server stops
/// reading once its queue and the flow-control windows are full, so its memory levels off;
/// after SIGCONT every answer arrives, right and in order.
#[test]
fn stopped_reader_levels_off() {
    const USERS: u64 = 200_000;
    let _turn = one_at_a_time();
    let server = server(&[]);
    let file = TempFile(
        PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("{}-stopped-reader.jsonl", std::process::id())),
    );
    let mut input = std::io::BufWriter::new(std::fs::File::create(&file.0).unwrap());
    for i in 0..USERS {
        let u = users_bench::bench_user(i);
        let line =
            serde_json::json!({"id": u.id, "name": u.name, "last_name": u.last_name, "age": u.age});
        writeln!(input, "{line}").unwrap();
    }
    input.flush().unwrap();
    drop(input);
    let addr = server.addr();
    let client = Running::start(
        client_bin(),
        &[
            "--addr",
            &addr,
            "--delay",
            "0ms",
            "--output",
            "json",
            "--timeout",
            "180s",
            "--input",
            file.0.to_str().unwrap(),
        ],
    );
    let mut answers: Vec<String> = (0..100)
        .map(|_| client.line(Duration::from_secs(60)))
        .collect();
    signal(client.pid(), "STOP");
    // Eight seconds stopped, sampled every half second: the last four seconds' peak may be at
    // most 4 MiB above the first four seconds'.
    let samples: Vec<u64> = (0..16)
        .map(|_| {
            thread::sleep(Duration::from_millis(500));
            vm_rss_kib(server.pid())
        })
        .collect();
    let first = samples[..8].iter().max().copied().unwrap_or(0);
    let last = samples[8..].iter().max().copied().unwrap_or(0);
    signal(client.pid(), "CONT");
    assert!(
        last <= first + 4096,
        "server RSS still growing while the client was stopped (KiB every 0.5 s: {samples:?})"
    );
    let (code, rest, stderr) = client.wait(Duration::from_secs(180));
    assert_eq!(code, Some(0), "{stderr}");
    answers.extend(rest);
    assert_eq!(answers.len() as u64, USERS);
    for (i, got) in answers.iter().enumerate() {
        let want = response_json(&rules::answer(users_bench::bench_user(i as u64)));
        assert_eq!(*got, want, "answer #{}", i + 1);
    }
    serves_normal_client(&server);
}

/// A client that holds a stream open and is then SIGSTOPped (so it cannot answer pings) has
/// its connection closed by keepalive (1 s, 1 s); with the default keepalive (2 h) the stream
/// is still held 4 s later.
#[test]
fn dead_peer_reclaimed_by_keepalive() {
    let _turn = one_at_a_time();
    let held = |server: &ServerProcess| {
        let client = paced_client(server, "60s", "120s");
        client.line(Duration::from_secs(20));
        metric_reaches(server, "users_streams_active", 1.0, Duration::from_secs(5));
        signal(client.pid(), "STOP");
        client
    };
    let control = server(&[]);
    let client = held(&control);
    // Nothing happens here, which only a wait can show.
    thread::sleep(Duration::from_secs(4));
    assert_eq!(control.scrape()["users_streams_active"], 1.0);
    drop(client);
    drop(control);

    let server = server(&["--keepalive-time", "1s", "--keepalive-timeout", "1s"]);
    let client = held(&server);
    metric_reaches(&server, "users_streams_active", 0.0, TEN_SECONDS);
    let line = server.line_containing("stream finished:");
    assert!(line.contains("users=1 responses=1 status="), "{line}");
    drop(client);
    serves_normal_client(&server);
}

/// The server SIGKILLed mid-stream: the client exits 1 with one line naming the lost server.
#[test]
fn server_killed_mid_stream() {
    let _turn = one_at_a_time();
    let server = server(&[]);
    let client = paced_client(&server, "500ms", "60s");
    client.line(Duration::from_secs(20));
    server.signal("KILL");
    let (code, _, stderr) = client.wait(Duration::from_secs(20));
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("UNAVAILABLE") || stderr.contains("cannot reach server"),
        "{stderr}"
    );
}

/// A client whose deadline passes mid-stream exits 1 with "deadline exceeded"; the server
/// records DEADLINE_EXCEEDED in its log and its metrics.
#[test]
fn deadline_exceeded_is_recorded() {
    let _turn = one_at_a_time();
    let server = server(&[]);
    let client = paced_client(&server, "1s", "1500ms");
    let (code, _, stderr) = client.wait(Duration::from_secs(30));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("deadline exceeded"), "{stderr}");
    let line = server.line_containing("stream finished:");
    assert!(line.contains("status=DEADLINE_EXCEEDED"), "{line}");
    metric_reaches(
        &server,
        "users_streams_finished_total{code=\"DEADLINE_EXCEEDED\"}",
        1.0,
        Duration::from_secs(5),
    );
    metric_reaches(&server, "users_streams_active", 0.0, TEN_SECONDS);
    serves_normal_client(&server);
}

/// A client that cancels its call after the first answer: the server records CANCELLED.
#[test]
fn cancel_is_recorded() {
    let _turn = one_at_a_time();
    let server = server(&[]);
    let client = connect(&server.addr());
    futures::executor::block_on(async {
        let (mut sender, mut receiver) = client.create_user().unwrap();
        let first = tutorial_users().remove(0);
        sender
            .send((first.clone(), WriteFlags::default()))
            .await
            .unwrap();
        let answer = receiver.next().await.unwrap().unwrap();
        assert_eq!(answer, rules::answer(first));
        sender.cancel();
    });
    let line = server.line_containing("stream finished:");
    assert!(
        line.contains("users=1 responses=1 status=CANCELLED"),
        "{line}"
    );
    metric_reaches(
        &server,
        "users_streams_finished_total{code=\"CANCELLED\"}",
        1.0,
        Duration::from_secs(5),
    );
    metric_reaches(&server, "users_streams_active", 0.0, TEN_SECONDS);
    serves_normal_client(&server);
}

/// 10,000 streams over 10 connections, opened at once by `users-bench idle`: all are held at
/// the same time, none is refused or cancelled, a normal client is served meanwhile, and all
/// end OK.
#[test]
fn ten_thousand_concurrent_streams() {
    const STREAMS: f64 = 10_000.0;
    let _turn = one_at_a_time();
    let server = server(&[]);
    let addr = server.addr();
    let bench = Running::start(
        common::bench_bin(),
        &[
            "idle",
            "--addr",
            &addr,
            "--streams",
            "10000",
            "--connections",
            "10",
            "--hold",
            "5s",
            "--json",
            "--timeout",
            "150s",
        ],
    );
    let ready = bench.line(Duration::from_secs(120));
    assert_eq!(ready, "{\"event\":\"ready\",\"streams\":10000}");
    metric_reaches(&server, "users_streams_active", STREAMS, TEN_SECONDS);
    serves_normal_client(&server);
    let (code, rest, stderr) = bench.wait(Duration::from_secs(60));
    assert_eq!(code, Some(0), "{stderr}");
    let report: serde_json::Value =
        serde_json::from_str(rest.last().expect("a JSON report")).unwrap();
    assert_eq!(report["messages"], 10_000);
    assert_eq!(report["streams"], 10_000);
    metric_reaches(&server, "users_streams_active", 0.0, TEN_SECONDS);
    metric_reaches(
        &server,
        "users_streams_finished_total{code=\"OK\"}",
        STREAMS + 1.0,
        TEN_SECONDS,
    );
}
