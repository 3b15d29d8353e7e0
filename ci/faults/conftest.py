"""Fixtures of the fault checks that need raw HTTP/2 or the Go load tool (test_faults.py):
a users-server per test, on free loopback ports, with its log and metrics; the binaries.

Options: --server BIN checks another users-server build (its figures are reported, but a
defence it may predate, check 7's GOAWAY, is not required); --report FILE appends the rapid-
reset figures to FILE as one JSON object.
"""
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

CI = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(CI, "tools"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden  # noqa: E402

TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(CI, "..", "target"))
CACHE = os.environ.get("USERS_GRPC_CACHE", os.path.expanduser("~/.cache/users-grpc"))


def pytest_addoption(parser):
    parser.addoption("--server", help="the users-server binary to check")
    parser.addoption("--report", help="append the rapid-reset figures to this file")


def _binary(path):
    if not os.access(path, os.X_OK):
        pytest.fail(f"{path} not found: build it first (cargo build --workspace --bins; "
                    f"CARGO_TARGET_DIR={TARGET})")
    return path


@pytest.fixture(scope="session")
def own_server(request):
    """Whether the server checked is this checkout's own debug build."""
    return request.config.getoption("--server") is None


@pytest.fixture(scope="session")
def report(request):
    return request.config.getoption("--report")


@pytest.fixture(scope="session")
def server_bin(request):
    return _binary(request.config.getoption("--server") or os.path.join(TARGET, "debug", "users-server"))


@pytest.fixture(scope="session")
def client_bin():
    return _binary(os.path.join(TARGET, "debug", "users-client"))


@pytest.fixture(scope="session")
def bench_bin():
    return _binary(os.path.join(TARGET, "debug", "users-bench"))


@pytest.fixture(scope="session")
def go_load_bin():
    return _binary(os.path.join(CACHE, "go", "users-go-load"))


@pytest.fixture(scope="session")
def go_keepalive_bin():
    return _binary(os.path.join(CACHE, "go", "users-go-keepalive"))


class PeerServer:
    """Another stack's server (its binary and flags) on 127.0.0.1:0; the port is read from its
    'listening on HOST:PORT' line."""

    def __init__(self, name, argv):
        self.name = name
        self.lines = []
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self._ready = threading.Condition()
        # Its log is read to the end on a thread of its own, so that it never blocks on a full
        # pipe and a server that prints nothing cannot hang the check.
        threading.Thread(target=self._read_log, daemon=True).start()
        deadline = time.monotonic() + 30
        with self._ready:
            while True:
                for line in self.lines:
                    m = re.search(r"listening on [^ ]*:(\d+)", line)
                    if m:
                        self.addr = f"127.0.0.1:{m.group(1)}"
                        return
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    break
                self._ready.wait(min(left, 0.5))
        self.stop()
        pytest.fail(f"the {name} server logged no 'listening on HOST:PORT' within 30 s: {self.lines[-3:]}")

    def _read_log(self):
        for line in self.proc.stderr:
            with self._ready:
                self.lines.append(line.rstrip("\n"))
                self._ready.notify_all()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


@pytest.fixture
def go_servers(own_server):
    """The grpc-go servers of the interop matrix: go (ci/interop/go's module) and go-1.33."""
    if not own_server:
        pytest.skip("the wire contract is this checkout's server's")
    started = []
    try:
        for name in ("go", "go-1.33"):
            binary = _binary(os.path.join(CACHE, name, "users-go-server"))
            started.append(PeerServer(name, [binary, "-addr", "127.0.0.1:0", "-quiet"]))
        yield {server.name: server for server in started}
    finally:
        for server in started:
            server.stop()


class Server:
    """A users-server process on 127.0.0.1:0 with metrics, logging each stream's end."""

    def __init__(self, binary, client_bin):
        self.client_bin = client_bin
        self.lines = []
        env = dict(os.environ, RUST_LOG="warn,users_server=info")
        env = {k: v for k, v in env.items() if not k.startswith("USERS_")}
        self.proc = subprocess.Popen(
            [binary, "--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        self._ready = threading.Condition()
        threading.Thread(target=self._read_log, daemon=True).start()
        try:
            self.port = int(self.wait_log(r"listening on [^ ]*:(\d+)", 30).group(1))
            self.metrics_addr = self.wait_log(r"metrics on http://([^/ ]+)/metrics", 5).group(1)
        except BaseException:
            self.stop()
            raise
        self.rss_start = self.vm_kib()

    def _read_log(self):
        for line in self.proc.stderr:
            with self._ready:
                self.lines.append(line.rstrip("\n"))
                self._ready.notify_all()

    def wait_log(self, pattern, seconds):
        """The first logged line's match of `pattern`, waiting up to `seconds` for it."""
        deadline = time.monotonic() + seconds
        with self._ready:
            while True:
                for line in self.lines:
                    m = re.search(pattern, line)
                    if m:
                        return m
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    pytest.fail(f"users-server logged no {pattern!r} within {seconds} s; "
                                f"last lines: {self.lines[-3:]}")
                self._ready.wait(left)

    @property
    def addr(self):
        return f"127.0.0.1:{self.port}"

    @property
    def pid(self):
        return self.proc.pid

    def scrape(self):
        """The metrics, by sample name with labels."""
        text = urllib.request.urlopen(f"http://{self.metrics_addr}/metrics", timeout=5).read().decode()
        samples = {}
        for line in text.splitlines():
            if line and not line.startswith("#"):
                name, value = line.rsplit(" ", 1)
                samples[name] = float(value)
        return samples

    def metric(self, name):
        """The sample `name`; fails when the server does not export it."""
        samples = self.scrape()
        if name not in samples:
            pytest.fail(f"the server exports no {name}")
        return samples[name]

    def wait_metric(self, name, value, seconds=10):
        """Waits for `name` to read `value`; fails naming the last reading otherwise."""
        deadline = time.monotonic() + seconds
        while True:
            now = self.metric(name)
            if now == value:
                return
            if time.monotonic() > deadline:
                pytest.fail(f"{name} is {now} after {seconds} s, expected {value}")
            time.sleep(0.05)

    def vm_kib(self, field="VmRSS"):
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return 0

    def cpu_ticks(self):
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(") ", 1)[1].split()
        return int(fields[11]) + int(fields[12])

    def serves_normal_client(self):
        """The server is alive and answers the tutorial's five users right; returns the RSS
        change since its start, for the figures."""
        assert self.proc.poll() is None, f"the server exited: {self.lines[-3:]}"
        out = subprocess.run([self.client_bin, "--addr", self.addr, "--delay", "0ms", "--output",
                              "json", "--timeout", "30s"], capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, f"a normal client then failed: {out.stderr.strip()}"
        got = [__import__("json").loads(line) for line in out.stdout.splitlines() if line.strip()]
        assert got == golden.tutorial_answers(), f"a normal client then got {got}"
        assert self.proc.poll() is None, f"the server exited after the normal client: {self.lines[-3:]}"
        return f"server RSS {self.rss_start / 1024:.1f} -> {self.vm_kib() / 1024:.1f} MiB"

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def server(server_bin, client_bin):
    s = Server(server_bin, client_bin)
    yield s
    s.stop()
