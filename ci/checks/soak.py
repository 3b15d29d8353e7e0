#!/usr/bin/env python3
"""Soak test of users-server (not part of CI): streams many users through one server with
users-bench flood, which checks every answer (right user, in order, right verdict) and every
stream's OK status, while the server's RSS is sampled from /proc/PID/status. Checks:
 - no user lost: every flood run exits 0 with all its answers checked, and the server's
   counters agree (users_received_total = users_responses_sent_total = users sent, every
   stream finished OK);
 - flat memory: after a warm-up (the first fifth of the samples), the peak RSS of the last
   quarter of the samples is at most 10% above the peak of the first quarter.
Prints the samples' summary, "soak: NAME: ok (figures)" or "soak: NAME: FAILED (reason)" per
check, and "soak: N passed, M failed"; exits 1 when any check failed.

usage: ci/soak.sh [--users N] [--duration D] [--streams S] [--connections C]
                  [--interval SECONDS] [--timeout SECONDS]

  --users N         users per flood run, spread over the streams (default 1000000)
  --duration D      repeat flood runs until D has passed (e.g. 10m; default: one run)
  --streams S       streams of each run (default 4), over --connections C (default 2)
  --interval SECS   RSS sampling interval (default 0.5)
  --timeout SECS    bound on the whole soak; overrunning it fails (default: 600, or the
                    duration plus 600)

Expects users-server and users-bench built in $CARGO_TARGET_DIR/debug (cargo build --workspace
--bins); set SOAK_BIN_DIR to use other builds (e.g. target/release). Runs on the system's
python3, with the harness of ci/harness/ (the processes and metrics of the checks).
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "harness"))
import peers  # noqa: E402
import processes  # noqa: E402

USAGE = __doc__[__doc__.index("usage:"):__doc__.index("\nExpects")].rstrip()


def usage_error(message=None):
    if message:
        print(f"soak: {message}", file=sys.stderr)
    print(USAGE, file=sys.stderr)
    sys.exit(2)


def parse(argv):
    opts = {"users": "1000000", "duration": "", "streams": "4", "connections": "2", "interval": "0.5",
            "timeout": ""}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("-h", "--help"):
            print(USAGE)
            sys.exit(0)
        name, eq, value = arg.partition("=")
        if not name.startswith("--") or name[2:] not in opts:
            usage_error(f"unknown argument '{arg}'")
        if not eq:
            if i + 1 >= len(argv):
                usage_error()
            i += 1
            value = argv[i]
        opts[name[2:]] = value
        i += 1
    for name in ("users", "streams", "connections"):
        if not re.fullmatch(r"[1-9][0-9]*", opts[name]):
            print(f"soak: --{name} needs a positive whole number, got '{opts[name]}'", file=sys.stderr)
            sys.exit(2)
    if not re.fullmatch(r"[0-9]*\.?[0-9]+", opts["interval"]) or float(opts["interval"]) < 0.05:
        print(f"soak: --interval needs seconds, at least 0.05, got '{opts['interval']}'", file=sys.stderr)
        sys.exit(2)
    duration_s = 0
    if opts["duration"]:
        m = re.fullmatch(r"([0-9]+)(s|m|h)?", opts["duration"])  # 90, 90s, 15m, 2h
        if not m:
            print(f"soak: --duration needs a duration such as 90s, 15m or 2h, got '{opts['duration']}'",
                  file=sys.stderr)
            sys.exit(2)
        duration_s = int(m.group(1)) * {"m": 60, "h": 3600}.get(m.group(2), 1)
    limit = opts["timeout"] or str(duration_s + 600)
    if not re.fullmatch(r"[1-9][0-9]*", limit):
        print(f"soak: --timeout needs whole seconds, got '{limit}'", file=sys.stderr)
        sys.exit(2)
    users, streams = int(opts["users"]), int(opts["streams"])
    if users % streams:
        print(f"soak: --users ({users}) must be a multiple of --streams ({streams})", file=sys.stderr)
        sys.exit(2)
    return users, opts["duration"], duration_s, streams, int(opts["connections"]), float(opts["interval"]), \
        opts["interval"], int(limit)


class Soak:
    def __init__(self):
        self.passed = self.failed = 0

    def result(self, name, ok, text):
        print(f"soak: {name}: {'ok' if ok else 'FAILED'} ({text})", flush=True)
        if ok:
            self.passed += 1
        else:
            self.failed += 1


def flat_memory(samples):
    """(summary lines, verdict line, ok) of the RSS samples [(seconds, KiB)]."""
    t = [s for s, _ in samples]
    kib = [k for _, k in samples]
    mib = lambda k: f"{k / 1024:.1f}"  # noqa: E731
    lines = []
    if kib:
        lines.append(f"soak: RSS samples: {len(kib)} over {t[-1]:.1f} s; min {mib(min(kib))} MiB, max {mib(max(kib))} MiB")
        step = max(1, len(kib) // 12)
        lines.append("soak: RSS along the run (s: MiB): "
                     + ", ".join(f"{t[i]:.1f}: {mib(kib[i])}" for i in range(0, len(kib), step)))
    warm = len(kib) // 5
    rest = kib[warm:]
    if len(rest) < 4:
        return lines, (f"too few samples after the warm-up ({len(rest)}; at least 4 needed): run longer or "
                       "lower --interval"), False
    q = len(rest) // 4
    first, last = max(rest[:q]), max(rest[-q:])
    ratio = last / first
    return lines, (f"warm-up {warm} sample(s) left out; then {len(rest)} samples: first quarter peak {mib(first)} "
                   f"MiB, last quarter peak {mib(last)} MiB ({(ratio - 1) * 100:+.1f}%, at most +10% allowed)"), \
        ratio <= 1.10


def main(argv):
    users, duration, duration_s, streams, connections, interval, interval_text, limit = parse(argv)
    per_stream = users // streams
    rust = peers.get("rust")
    bin_dir = os.environ.get("SOAK_BIN_DIR") or rust.dir("debug")
    how = f"cargo build --workspace --bins; CARGO_TARGET_DIR={peers.target_dir()}"
    try:
        server_bin = processes.require_built(os.path.join(bin_dir, "users-server"), how)
        bench_bin = processes.require_built(os.path.join(bin_dir, "users-bench"), how)
    except AssertionError as e:
        print(f"soak: {e}", file=sys.stderr)
        return 1

    started = time.monotonic()
    soak = Soak()
    work = tempfile.mkdtemp()
    group = processes.Group(work)
    load = None
    try:
        try:
            server = group.start([server_bin, "--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0"], "soak",
                                 env={"RUST_LOG": "warn,users_server=info"})
            server.wait_metrics()
        except AssertionError as e:
            soak.result("server start", False, f"the server did not start: {e}")
            print(f"soak: {soak.passed} passed, {soak.failed} failed")
            return 1
        samples = []  # (seconds since the first run started, RSS KiB)
        cpu0 = server.cpu_ticks()
        t0 = time.monotonic()
        runs, lost, floods = 0, "", []
        print(f"soak: {users} users per run ({streams} streams of {per_stream} over {connections} connections)"
              f"{f', runs repeated for {duration}' if duration else ''}; server RSS sampled every {interval_text}s",
              flush=True)
        # One flood run after another (one in all without --duration), sampling RSS meanwhile.
        while True:
            runs += 1
            left = int(limit - (time.monotonic() - started))
            if left <= 5:
                lost = f"the soak's time bound ({limit}s) ran out before run {runs}"
                break
            out_path = os.path.join(work, f"flood-{runs}.json")
            with open(out_path, "w") as out, open(out_path + ".err", "w") as err:
                load = subprocess.Popen([bench_bin, "flood", "--addr", server.addr, "--streams", str(streams),
                                         "--connections", str(connections), "--users", str(per_stream), "--json",
                                         "--timeout", f"{left}s"], stdout=out, stderr=err,
                                        env=processes.child_env())
                timed_out = False
                while load.poll() is None:
                    samples.append((time.monotonic() - t0, server.vm_kib()))
                    if time.monotonic() - started > limit:
                        load.kill()
                        timed_out = True
                        break
                    try:
                        load.wait(interval)
                    except subprocess.TimeoutExpired:
                        pass
                rc = load.wait()
                load = None
            if timed_out:
                lost = f"run {runs} did not finish within the soak's time bound ({limit}s)"
                break
            if not server.alive():
                lost = f"the server exited during run {runs}: {server.tail()}"
                break
            if rc != 0:
                lost = f"run {runs}: users-bench flood exited {rc}: {processes.one_line(open(out_path + '.err').read())}"
                break
            lines = open(out_path).read().splitlines()
            record = json.loads(lines[-1]) if lines else {}
            if record.get("messages") != users:
                lost = f"run {runs}: users-bench reports {lines[-1] if lines else 'nothing'}, expected {users} messages"
                break
            floods.append(record)
            if duration_s == 0 or time.monotonic() - started >= duration_s:
                break
        elapsed = time.monotonic() - t0
        cpu1 = server.cpu_ticks()

        # --- no user lost -------------------------------------------------------------------
        sent = runs * users
        if not lost:
            metrics = {}

            def settled():
                try:
                    metrics.update(server.scrape())
                except OSError as e:
                    metrics["error"] = f" (scraping http://{server.metrics_addr}/metrics failed: {e})"
                    return False
                metrics.pop("error", None)
                return metrics.get("users_responses_sent_total", 0) == sent

            m = lambda name: int(metrics.get(name, 0))  # noqa: E731
            ok_name = 'users_streams_finished_total{code="OK"}'
            if not processes.wait_until(10, settled):
                lost = (f"users_responses_sent_total is {m('users_responses_sent_total')}, expected {sent}"
                        f"{metrics.get('error', '')}")
            elif m("users_received_total") != sent or m(ok_name) != runs * streams or m("users_streams_active") != 0:
                lost = (f"server counters: received {m('users_received_total')}, sent "
                        f"{m('users_responses_sent_total')} (expected {sent}), streams finished OK {m(ok_name)} "
                        f"(expected {runs * streams}), active {m('users_streams_active')}")
        if not lost:
            lo, hi = min(r["throughput"] for r in floods), max(r["throughput"] for r in floods)
            throughput = (f"{lo:.0f} msg/s" if len(floods) == 1 else f"{lo:.0f} to {hi:.0f} msg/s") + \
                f", worst p99 latency {max(r['latency_us']['p99'] for r in floods) / 1000:.0f} ms"
            cpu = (cpu1 - cpu0) / os.sysconf("SC_CLK_TCK")
            soak.result("no user lost", True,
                        f"{runs} run(s), {sent} users, every answer checked by users-bench and every stream OK; "
                        f"server counters agree (received = sent = {sent}); {elapsed:.2f}s, {throughput}; "
                        f"server CPU {cpu:.1f} s ({cpu / sent * 1e6:.1f} us per user)")
        else:
            soak.result("no user lost", False, lost)

        # --- flat memory --------------------------------------------------------------------
        lines, verdict, ok = flat_memory([s for s in samples if s[1]])
        for line in lines:
            print(line)
        soak.result("flat memory", ok, verdict)
    finally:
        if load is not None and load.poll() is None:
            load.kill()
            load.wait()
        group.stop_all()
        subprocess.run(["rm", "-rf", work])
    print(f"soak: {time.monotonic() - started:.0f}s")
    print(f"soak: {soak.passed} passed, {soak.failed} failed")
    return 0 if soak.failed == 0 else 1


def interrupted(signum, _frame):
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)
    sys.exit(main(sys.argv[1:]))
