#!/usr/bin/env python3
"""Processes of the checks: servers started on port 0 and found ready by the line they log
("listening on HOST:PORT", the port read from it; a server with metrics also logs "metrics on
http://ADDR/metrics"), stopped within bounds (SIGTERM, then SIGKILL); clients run with a time
limit; the servers' Prometheus metrics and /proc figures (RSS, CPU).

Failures are AssertionErrors naming what went wrong, so that a check under pytest reports them
as its failure.

As a command line, for the bash scripts that start servers themselves (ci/bench/run.sh,
ci/bench/callgrind.sh, ci/demo.sh), through ci/lib.sh's wait_listening:
  processes.py listening LOG PID [SECONDS]
      waits (30 s by default) for LOG to hold the "listening on HOST:PORT" line and prints the
      port; fails with the log when PID exits first or the time runs out.
  processes.py free-port
      prints a port of 127.0.0.1 that nothing listens on now.
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass

LISTENING = r"listening on [^ ]*:(\d+)"
METRICS = r"metrics on http://([^/ ]+)/metrics"
HINT = "(it logs that line at info: check RUST_LOG)"


def one_line(text):
    """The first three lines of `text`, joined into one."""
    return " ".join(text.strip().splitlines()[:3])


def require_tool(name, hint="ci/setup.sh installs it"):
    """The path of the command `name`; fails naming it when it is not installed."""
    path = shutil.which(name)
    assert path, f"the {name} command is not installed ({hint})"
    return path


def require_built(path, how):
    """`path` is an executable that a build made; fails saying how to build it."""
    assert os.access(path, os.X_OK), f"{path} not found: build it first ({how})"
    return path


def child_env(env=None):
    """The environment of a child: this one without the USERS_* variables the programs read
    (everything a check wants is on the command line) and the OTEL_* ones that would trace
    them, plus `env`."""
    clean = {k: v for k, v in os.environ.items()
             if not (k.startswith("USERS_") and k != "USERS_GRPC_CACHE") and not k.startswith("OTEL_")}
    clean.update(env or {})
    return clean


class Process:
    """A server (or any program that logs), started at once; its stdout and stderr are read
    into `lines` (and the file `log`) on a thread of their own, so that it never blocks on a
    full pipe. With `ready`, waits up to `seconds` for its first line matching that pattern and
    sets `port` from the match's group 1."""

    def __init__(self, argv, name=None, env=None, log=None, ready=LISTENING, seconds=30):
        self.name = name or os.path.basename(argv[0])
        self.argv = argv
        self.lines = []
        self.port = None
        self.metrics_addr = None
        self._log = open(log, "w") if log else None
        self._cond = threading.Condition()
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, errors="replace", env=child_env(env))
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        if ready:
            try:
                self.port = int(self.wait_log(ready, seconds, HINT).group(1))
            except BaseException:
                self.stop()
                raise
        self.rss_start = self.vm_kib()

    def _read(self):
        for line in self.proc.stdout:
            with self._cond:
                self.lines.append(line.rstrip("\n"))
                if self._log:
                    self._log.write(line)
                    self._log.flush()
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def wait_log(self, pattern, seconds, hint=""):
        """The first logged line's match of `pattern`, waiting up to `seconds` for it."""
        deadline = time.monotonic() + seconds
        with self._cond:
            while True:
                for line in self.lines:
                    m = re.search(pattern, line)
                    if m:
                        return m
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None and not self._reader.is_alive():
                    state = "it exited" if self.proc.poll() is not None else f"not within {seconds} s"
                    raise AssertionError(f"the {self.name} server logged no {pattern!r} ({state}) {hint}; "
                                         f"its last lines: {self.lines[-3:]}")
                self._cond.wait(min(left, 0.2))

    def wait_metrics(self, seconds=5):
        """Waits for the "metrics on http://ADDR/metrics" line; returns ADDR."""
        self.metrics_addr = self.wait_log(METRICS, seconds).group(1)
        return self.metrics_addr

    @property
    def addr(self):
        return f"127.0.0.1:{self.port}"

    @property
    def pid(self):
        return self.proc.pid

    def alive(self):
        return self.proc.poll() is None

    def log_text(self):
        with self._cond:
            return "\n".join(self.lines)

    def tail(self, n=3):
        return one_line("\n".join(self.lines[-n:]))

    def stop(self, seconds=5):
        """SIGTERM, then SIGKILL when it is still there after `seconds`; returns its status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(seconds)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc.wait()
        self._reader.join(5)
        if self._log:
            with self._cond:
                self._log.close()
                self._log = None
        return self.proc.returncode

    def vm_kib(self, field="VmRSS"):
        return vm_kib(self.pid, field)

    def cpu_ticks(self):
        return cpu_ticks(self.pid)

    def scrape(self):
        assert self.metrics_addr, f"the {self.name} server was started without metrics"
        return scrape(self.metrics_addr)

    def metric(self, name):
        """The sample `name` (with its labels); fails when the server does not export it."""
        samples = self.scrape()
        assert name in samples, f"the {self.name} server exports no {name}"
        return samples[name]

    def wait_metric(self, name, value, seconds=10):
        """Waits for `name` to read `value`; fails naming the last reading otherwise."""
        deadline = time.monotonic() + seconds
        while True:
            now = self.metric(name)
            if now == value:
                return
            assert time.monotonic() < deadline, f"{name} is {now} after {seconds} s, expected {value}"
            time.sleep(0.05)


class Group:
    """The servers a check starts; stop_all() stops them all (in the fixtures' teardown)."""

    def __init__(self, work=None):
        self.work = work
        self.started = []

    def start(self, argv, name=None, env=None, **kw):
        name = name or os.path.basename(argv[0])
        if self.work and "log" not in kw:
            kw["log"] = os.path.join(self.work, f"{name}.log")
        p = Process(argv, name, env, **kw)
        self.started.append(p)
        return p

    def stop_all(self):
        for p in self.started:
            p.stop()
        self.started = []


@dataclass
class Ran:
    """A finished client: its exit status (124 when it ran past its time), stdout, stderr."""
    argv: list
    returncode: int
    stdout: str
    stderr: str

    def last_error(self):
        lines = self.stderr.strip().splitlines()
        return lines[-1] if lines else ""

    def expect_ok(self, what):
        """Fails naming `what` and its last error line unless it exited 0."""
        assert self.returncode == 0, f"{what} exited {self.returncode}: {self.last_error()}"
        return self


def run(argv, seconds=60, env=None, input=None):
    """Runs a client to its end, for `seconds` at the most (then it is killed: status 124)."""
    try:
        out = subprocess.run(argv, input=input, capture_output=True, text=True, errors="replace",
                             timeout=seconds, env=child_env(env), stdin=None if input is not None else subprocess.DEVNULL)
        return Ran(argv, out.returncode, out.stdout, out.stderr)
    except subprocess.TimeoutExpired as e:
        def text(b):
            return b.decode(errors="replace") if isinstance(b, bytes) else (b or "")
        return Ran(argv, 124, text(e.stdout), text(e.stderr) + f"\n{os.path.basename(argv[0])}: killed after {seconds} s")


def parse_metrics(text):
    """Prometheus text: the samples by name with labels."""
    samples = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            samples[name] = float(value)
    return samples


def scrape(metrics_addr, seconds=5):
    return parse_metrics(urllib.request.urlopen(f"http://{metrics_addr}/metrics", timeout=seconds).read().decode())


def vm_kib(pid, field="VmRSS"):
    """VmRSS, VmHWM... of the process, in KiB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_ticks(pid):
    """utime + stime of the process, in clock ticks."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(") ", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def pid_alive(pid):
    """The process exists and is no zombie."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(") ", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def accepts(port):
    """Something accepts TCP connections on 127.0.0.1:PORT."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def wait_until(seconds, check, step=0.05):
    """Calls `check` until it returns true or `seconds` pass; returns its last value."""
    deadline = time.monotonic() + seconds
    while True:
        got = check()
        if got or time.monotonic() > deadline:
            return got
        time.sleep(step)


def listening_cli(argv):
    """processes.py listening LOG PID [SECONDS]: see the module's help."""
    log, pid = argv[0], int(argv[1])
    seconds = float(argv[2]) if len(argv) > 2 else 30

    def port():
        try:
            with open(log, errors="replace") as f:
                m = re.search(LISTENING, f.read())
        except OSError:
            return None
        return m and m.group(1)

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = port()
        if found or not pid_alive(pid):
            break
        time.sleep(0.05)
    found = port()
    if found:
        print(found)
        return 0
    print(f"server did not log 'listening on HOST:PORT' within {seconds:g} s {HINT}; its output:", file=sys.stderr)
    with open(log, errors="replace") as f:
        sys.stderr.write(f.read())
    return 1


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "listening":
        sys.exit(listening_cli(sys.argv[2:]))
    if sys.argv[1:] == ["free-port"]:
        print(free_port())
        sys.exit(0)
    print(__doc__, file=sys.stderr)
    sys.exit(2)
