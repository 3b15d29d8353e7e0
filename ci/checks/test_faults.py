"""Fault checks that need raw HTTP/2 or the Go load tool; the process-level ones (killed and
stopped peers, dead peers, deadlines, cancels, 10,000 streams from users-bench) are Rust tests
in e2e/tests/e2e/faults.rs. Each check starts its own server (conftest.py), does its harm,
and then checks that the server is still alive and answers a normal client. Figures go to
stdout (run pytest with -s to see them).

 6b. 10,000 concurrent streams over 10 connections, opened by the Go load tool (faster than
     users-bench): all held at once, none refused or cancelled, all end OK; a normal client
     is served meanwhile.
 7.  rapid reset: 5,000 normal one-user streams measure what a normal stream costs the
     server; then 100,000 streams are opened and at once reset (HEADERS, RST_STREAM CANCEL)
     over 4 raw HTTP/2 connections (rapid_reset.py), reconnecting when the server closes one,
     while users-bench ping-pong runs beside, over and over: every ping-pong run succeeds, the
     server survives, resetting connections are closed with GOAWAY ENHANCE_YOUR_CALM
     "too_many_premature_resets", and a reset stream costs the server no more CPU than a
     normal one (reset_figures.py).
 8.  bad input over raw HTTP/2 (bad_input.py): a truncated message, a wrong content-type, bad
     grpc-timeouts, huge headers (also in a connection's first flight), DATA before HEADERS, a
     compressed flag without grpc-encoding, invalid UTF-8, a message over 4 MiB, unknown
     methods and services; each on a connection of its own beside a well-formed stream, while
     a witness stream on another connection stays open and then ends OK.
 9.  the wire against grpc-go: the same bad input, the first SETTINGS frame and a client that
     pings too often, against users-server and both grpc-go servers (go and go-1.33); each
     server must do what contract.py says, where they agree and where they differ and why.
"""
import json
import os
import select
import subprocess
import sys
import threading
import time

import pytest

import contract
import processes
from h2conn import Conn

TOOLS = os.path.dirname(os.path.abspath(contract.__file__))  # ci/tools: the raw HTTP/2 scripts
IDLE_STREAMS = 10000
IDLE_CONNECTIONS = 10
RESET_STREAMS = 100000
RESET_CONNECTIONS = 4


def one_line(text):
    return " ".join(text.strip().splitlines()[:3])


def readline_within(stream, seconds):
    """The next line of `stream`, or "" when none comes within `seconds`."""
    ready, _, _ = select.select([stream], [], [], seconds)
    return stream.readline() if ready else ""


@pytest.fixture
def server(users_server):
    return users_server


@pytest.fixture(scope="session")
def bench_bin(rust):
    return processes.require_built(rust.path("users-bench"), "cargo build --workspace --bins")


@pytest.fixture
def go_servers(own_server, build, procs):
    """The grpc-go servers of the interop matrix: go (ci/interop/go's module) and go-1.33."""
    if not own_server:
        pytest.skip("the wire contract is this checkout's server's")
    started = {}
    for name in ("go", "go-1.33"):
        argv, env = build(name).server()
        started[name] = procs.start(argv, name, env)
    return started


def test_6b_go_load_idle_streams(server, go, normal_client):
    rss0 = server.vm_kib()
    t0 = time.monotonic()
    load = subprocess.Popen(
        [go.path("users-go-load"), "idle", "--addr", server.addr, "--streams", str(IDLE_STREAMS),
         "--connections", str(IDLE_CONNECTIONS), "--hold", "5s", "--json", "--timeout", "150s"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        ready = readline_within(load.stdout, 120)
        assert '"event":"ready"' in ready, \
            f"users-go-load idle did not report its {IDLE_STREAMS} streams ready within 120 s: {ready!r}"
        opened = time.monotonic() - t0
        server.wait_metric("users_streams_active", IDLE_STREAMS)
        rss_held = server.vm_kib()
        c0 = time.monotonic()
        normal_client(server)
        client_took = time.monotonic() - c0
        out, err = load.communicate(timeout=60)
    finally:
        if load.poll() is None:
            load.kill()
            load.wait()
    assert load.returncode == 0, f"users-go-load idle exited {load.returncode}: {one_line(err)}"
    result = json.loads(out.splitlines()[-1])
    assert result["messages"] == IDLE_STREAMS and result["streams"] == IDLE_STREAMS, result
    server.wait_metric("users_streams_active", 0)
    server.wait_metric('users_streams_finished_total{code="OK"}', IDLE_STREAMS + 1)
    rss_after = server.vm_kib()
    print(f"\nfaults: 6b: {IDLE_STREAMS} streams held after {opened:.2f}s (first answers p99 "
          f"{result['latency_us']['p99'] / 1000:.0f} ms); server RSS {rss0 / 1024:.1f} MiB before, "
          f"{rss_held / 1024:.1f} holding them ({(rss_held - rss0) * 1024 // IDLE_STREAMS} bytes per "
          f"stream), {rss_after / 1024:.1f} after; normal client served in {client_took:.2f}s "
          f"meanwhile; all {IDLE_STREAMS} ended OK")


def pingpong_loop(bench_bin, addr, stop, runs, failures):
    """users-bench ping-pong runs (500 requests each), one after the other until `stop`."""
    while not stop.is_set():
        out = subprocess.run([bench_bin, "ping-pong", "--addr", addr, "--requests", "500",
                              "--json", "--timeout", "60s"], capture_output=True, text=True)
        if out.returncode == 0:
            runs.append(out.stdout.strip())
        else:
            failures.append(f"ping-pong run failed (exit {out.returncode}): {one_line(out.stderr)}")


def test_7_rapid_reset(server, bench_bin, report, own_server, normal_client, tmp_path):
    hz = os.sysconf("SC_CLK_TCK")
    normal_streams = 5000
    cpu0 = server.cpu_ticks()
    churn = subprocess.run([bench_bin, "churn", "--addr", server.addr, "--streams", str(normal_streams),
                            "--concurrency", "32", "--users", "1", "--json", "--timeout", "120s"],
                           capture_output=True, text=True)
    assert churn.returncode == 0, f"the normal streams failed: {one_line(churn.stderr)}"
    normal_cpu = server.cpu_ticks() - cpu0
    started0 = server.metric("users_streams_started_total")
    rss0, cpu0 = server.vm_kib(), server.cpu_ticks()
    stop, runs, failures = threading.Event(), [], []
    loop = threading.Thread(target=pingpong_loop, args=(bench_bin, server.addr, stop, runs, failures))
    loop.start()
    try:
        deadline = time.monotonic() + 30
        while not runs and not failures and time.monotonic() < deadline:
            time.sleep(0.05)
        assert runs, f"ping-pong beside: no run finished within 30 s: {failures}"
        resets = subprocess.run(
            [sys.executable, os.path.join(TOOLS, "rapid_reset.py"), "--addr", server.addr,
             "--streams", str(RESET_STREAMS), "--connections", str(RESET_CONNECTIONS), "--batch", "100",
             "--max-seconds", "180"], capture_output=True, text=True, timeout=200)
    finally:
        stop.set()
        loop.join(60)
    cpu1, rss1 = server.cpu_ticks(), server.vm_kib()
    assert resets.returncode == 0, f"rapid_reset.py exited {resets.returncode}: {one_line(resets.stdout + resets.stderr)}"
    assert not failures, f"ping-pong beside the resets failed: {failures[0]}"
    server.wait_metric("users_streams_active", 0)
    normal_client(server)
    out, pp = tmp_path / "rapid-reset.json", tmp_path / "pingpong.jsonl"
    out.write_text(resets.stdout)
    pp.write_text("\n".join(runs) + "\n")
    # The calls the server started for the resets: all since the normal streams but the
    # ping-pong runs' and the normal client's.
    calls = server.metric("users_streams_started_total") - started0 - len(runs) - 1
    args = [sys.executable, os.path.join(TOOLS, "reset_figures.py"), "--resets", str(out), "--pingpong", str(pp),
            "--cpu-ticks", str(cpu1 - cpu0), "--clk-tck", str(hz), "--calls-started", str(int(calls)),
            "--normal-cpu-ticks", str(normal_cpu), "--normal-streams", str(normal_streams),
            "--rss-kib", str(rss0), str(rss1), "--server", server.argv[0]]
    if report:
        args += ["--report", report]
    if own_server:
        args.append("--require-defences")
    figures = subprocess.run(args, capture_output=True, text=True)
    assert figures.returncode == 0, f"{figures.stderr.strip()}: {figures.stdout.strip()}"
    print(f"\nfaults: 7: {figures.stdout.strip()}")


def test_8_bad_input(server, normal_client, tmp_path):
    cases = tmp_path / "bad-input.json"
    out = subprocess.run([sys.executable, os.path.join(TOOLS, "bad_input.py"), "--addr", server.addr,
                          "--json", str(cases)], capture_output=True, text=True, timeout=120)
    print("\n" + "\n".join("faults:   " + line for line in out.stdout.splitlines()))
    assert out.returncode == 0, f"bad_input.py exited {out.returncode}: {one_line(out.stderr)}"
    server.wait_metric("users_streams_active", 0)
    rss = normal_client(server)
    print(f"faults: 8: {len(json.loads(cases.read_text()))} cases, each on a connection of its own; "
          f"the witness stream ended OK; {rss}")


def first_settings(addr):
    """The settings of the server's first SETTINGS frame."""
    host, port = addr.rsplit(":", 1)
    conn = Conn(host, int(port))
    try:
        conn.wait(lambda: any(name == "SETTINGS" for name, _ in conn.frames()), 5)
        return next((detail for name, detail in conn.frames() if name == "SETTINGS"), None)
    finally:
        conn.close()


def test_9_wire_contract(server, go_servers, go, normal_client, tmp_path):
    addrs = {"rust": server.addr, **{name: s.addr for name, s in go_servers.items()}}
    observed = {}
    # One server at a time: bad_input.py's waits are in seconds, and three at once on two
    # cores could run past them.
    for name, addr in addrs.items():
        run = subprocess.run([sys.executable, os.path.join(TOOLS, "bad_input.py"), "--addr", addr,
                              "--json", str(tmp_path / f"{name}.json")],
                             capture_output=True, text=True, timeout=180)
        assert run.returncode == 0, f"bad_input.py against {name} exited {run.returncode}: {one_line(run.stderr)}"
        observed[name] = {c["case"]: c["outcome"] for c in json.loads((tmp_path / f"{name}.json").read_text())}
    problems = contract.differences(observed)

    settings = {name: first_settings(addr) for name, addr in addrs.items()}
    for name, got in settings.items():
        if got != contract.SETTINGS[name]:
            problems.append(f"{name}: first SETTINGS {got}, the contract says {contract.SETTINGS[name]}")

    pings = {}
    for name, addr in addrs.items():
        for without_stream in ("true", "false"):
            out = subprocess.run([go.path("users-go-keepalive"), "-addr", addr, "-time", "200ms", "-timeout", "1s",
                                  "-idle", "3s", f"-without-stream={without_stream}"],
                                 capture_output=True, text=True, timeout=30)
            where = "without a stream" if without_stream == "true" else "on an idle stream"
            pings[name, where] = out.stdout.strip()
            if out.returncode != 1 or contract.KEEPALIVE_GOAWAY not in out.stdout or where not in out.stdout:
                problems.append(f"{name}: pings every 200ms {where}: expected GOAWAY "
                                f"{contract.KEEPALIVE_GOAWAY}, got (exit {out.returncode}) {out.stdout.strip()}")

    print("\nfaults: 9: outcome kinds (rust / go / go-1.33):")
    for case in contract.BAD_INPUT:
        kinds = " / ".join(contract.kind(observed[name].get(case, "?")) for name in contract.SERVERS)
        print(f"faults:   {case:<56} {kinds}")
    for name in contract.SERVERS:
        print(f"faults:   first SETTINGS of {name}: {settings[name]}")
    for (name, where), line in pings.items():
        print(f"faults:   pings every 200ms {where}, {name}: {line.removeprefix('keepalive: ')}")
    assert not problems, "the wire contract (ci/tools/contract.py) is broken:\n" + "\n".join(problems)
    normal_client(server)
