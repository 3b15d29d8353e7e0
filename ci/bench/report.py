#!/usr/bin/env python3
"""The benchmark report, for ci/bench/run.sh.

  report.py meta                 prints the run's description (machine, versions, commands;
                                 the harness passes its settings in BENCH_* variables)
  report.py record ...           appends one run's record to results.jsonl, prints a progress line
  report.py report --results DIR [--md FILE] [--svg FILE] [--elapsed S]
                                 medians over rounds; writes the Markdown report and the flood
                                 plot (SVG, drawn here) and prints the tables

The Markdown report replaces only what lies between the bench:begin and bench:end markers
of an existing file; anything outside them is left as it is.
"""

import argparse
import datetime
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
from html import escape

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# The commit the server on core 1.56.2 is built from, as build_old_core.sh names it.
with open(os.path.join(HERE, "build_old_core.sh"), encoding="utf-8") as _f:
    OLD_CORE_COMMIT = re.search(r"^commit=([0-9a-f]{7})", _f.read(), re.M).group(1)
BEGIN = "<!-- bench:begin -->"
END = "<!-- bench:end -->"
TRACE_VARIANTS = ["rust-traced", "rust-traced-0.01", "rust-no-collector"]
SERVER_ORDER = ["rust"] + TRACE_VARIANTS + ["rust-1.56", "go", "go-1.33", "java", "cpp", "tonic", "python"]
SERVER_NAMES = {
    "rust": "rust (users-server)",
    "rust-traced": "rust, every call traced to Jaeger",
    "rust-traced-0.01": "rust, traced at a ratio of 0.01",
    "rust-no-collector": "rust, tracing to a collector that is down",
    "rust-1.56": "rust on core 1.56.2",
    "go": "go (grpc-go)",
    "go-1.33": "go on grpc-go 1.33",
    "java": "java (grpc-java)",
    "cpp": "cpp (gRPC C++)",
    "tonic": "tonic",
    "python": "python (grpc.aio)",
}
TOOL_ORDER = ["users-bench", "users-go-load"]
SCENARIO_TEXT = {
    "flood": "streams sending users as fast as flow control allows, answers read concurrently",
    "ping-pong": "one stream, one request outstanding at a time",
    "open-loop": "a fixed send schedule; latency from each user's intended send time",
    "churn": "short streams, opened, answered and closed back to back; latency per stream",
    "idle": "many open, idle streams: memory per stream; latency of each stream's first answer",
    "connect": "a fleet reconnecting: new connections opened at once, one stream each; latency from each "
               "connection's start to its first answer (handshakes included)",
}


def held(scenario):
    """Whether the scenario holds what it opened and is measured per stream or connection."""
    return scenario.startswith(("idle", "connect"))


# ---------------------------------------------------------------------------------------
# meta: the machine, the versions, the commands


def first_line(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (out.stdout or out.stderr).strip()
    return text.splitlines()[0] if out.returncode == 0 and text else None


def lock_versions(path, names):
    """Versions of the named packages in a Cargo.lock."""
    found = {}
    try:
        text = open(path, encoding="utf-8").read()
    except OSError:
        return found
    for block in text.split("[[package]]"):
        name = re.search(r'^name = "([^"]+)"', block, re.M)
        version = re.search(r'^version = "([^"]+)"', block, re.M)
        if name and version and name.group(1) in names:
            found.setdefault(name.group(1), version.group(1))
    return found


def go_mod_versions(path):
    """The required module versions of a go.mod (without the "v"), and its toolchain."""
    found = {}
    try:
        text = open(path, encoding="utf-8").read()
    except OSError:
        return found
    for m in re.finditer(r"^\s*([\w./-]+) v([\w.+-]+)", text, re.M):
        found.setdefault(m.group(1), m.group(2))
    toolchain = re.search(r"^toolchain go([\w.]+)", text, re.M)
    if toolchain:
        found["toolchain"] = toolchain.group(1)
    return found


def pom_versions(path):
    """The <properties> of a Maven pom.xml whose names end in "version"."""
    try:
        text = open(path, encoding="utf-8").read()
    except OSError:
        return {}
    return dict(re.findall(r"<([\w.-]*version)>([^<]+)</\1>", text))


def dpkg_version(package):
    return first_line(["dpkg-query", "-W", "-f=${Version}", package])


def machine():
    info = {}
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info.setdefault("cpu", platform.processor() or "unknown")
    info["cores"] = os.cpu_count()
    try:
        info["cores_usable"] = len(os.sched_getaffinity(0))
    except AttributeError:
        info["cores_usable"] = os.cpu_count()
    info["kernel"] = platform.release()
    try:
        for line in open("/proc/meminfo", encoding="utf-8"):
            if line.startswith("MemTotal:"):
                info["memory_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        for line in open("/etc/os-release", encoding="utf-8"):
            if line.startswith("PRETTY_NAME="):
                info["os"] = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return info


def versions():
    v = {
        "rustc": first_line(["rustc", "--version"]),
        "gcc": first_line(["gcc", "--version"]),
        "python": first_line([sys.executable, "--version"]),
    }
    cache = os.environ.get("USERS_GRPC_CACHE") or os.path.expanduser("~/.cache/users-grpc")
    for key, lock in (("rust_grpc", os.path.join(ROOT, "Cargo.lock")),
                      ("rust_old_grpc", os.path.join(cache, "rust-1.56", "src", "Cargo.lock"))):
        rust = lock_versions(lock, {"grpcio", "grpcio-sys", "protobuf"})
        if "grpcio" in rust:
            core = re.search(r"\+(\d+\.\d+\.\d+)", rust.get("grpcio-sys", ""))
            v[key] = "grpcio %s (gRPC C core %s), rust-protobuf %s" % (
                rust["grpcio"], core.group(1) if core else rust.get("grpcio-sys", "?"), rust.get("protobuf", "?"))
    jaeger = go_mod_versions(os.path.join(ROOT, "ci", "observability", "jaeger", "go.mod"))
    if "github.com/jaegertracing/jaeger" in jaeger:
        v["jaeger"] = "all-in-one v%s (ci/observability/jaeger/go.mod), in-memory storage, on the load " \
                      "tool's core" % jaeger["github.com/jaegertracing/jaeger"]
    go = go_mod_versions(os.path.join(ROOT, "ci", "interop", "go", "go.mod"))
    if "google.golang.org/grpc" in go:
        v["go_grpc"] = "grpc-go %s, protobuf-go %s (ci/interop/go/go.mod), Go %s" % (
            go["google.golang.org/grpc"], go.get("google.golang.org/protobuf", "?"), go.get("toolchain", "?"))
    go_grpc = dpkg_version("golang-google-grpc-dev")
    if go_grpc:
        v["go_old_grpc"] = "grpc-go %s, protobuf-go %s (Debian packages), %s" % (
            go_grpc, dpkg_version("golang-google-protobuf-dev") or "?",
            first_line(["/usr/lib/go-1.19/bin/go", "version"]) or "Debian's Go 1.19")
    java = pom_versions(os.path.join(ROOT, "ci", "interop", "java", "pom.xml"))
    if "grpc.version" in java:
        v["java_grpc"] = "grpc-java %s (Netty), protobuf-java %s (ci/interop/java/pom.xml), %s" % (
            java["grpc.version"], java.get("protobuf.version", "?"),
            first_line(["java", "-version"]) or "java")
    cpp = dpkg_version("libgrpc++-dev")
    if cpp:
        v["cpp_grpc"] = "gRPC C++ %s, protobuf %s (Debian packages)" % (cpp, dpkg_version("libprotobuf-dev") or "?")
    tonic = lock_versions(os.path.join(ROOT, "ci", "interop", "tonic", "Cargo.lock"), {"tonic", "prost", "h2", "hyper", "tokio"})
    if tonic:
        v["tonic"] = ", ".join("%s %s" % (k, tonic[k]) for k in ["tonic", "prost", "h2", "hyper", "tokio"] if k in tonic)
    try:
        for line in open(os.path.join(ROOT, "ci", "interop", "python", "requirements.txt"), encoding="utf-8"):
            m = re.match(r"\s*grpcio\s*==\s*([\w.]+)", line)
            if m:
                v["python_grpc"] = "grpcio %s (PyPI, grpc.aio)" % m.group(1)
    except OSError:
        pass
    return {k: val for k, val in v.items() if val}


def cmd_meta(_args):
    env = os.environ
    meta = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "argv": env.get("BENCH_ARGV", ""),
        "quick": env.get("BENCH_QUICK") == "1",
        "rounds": int(env.get("BENCH_ROUNDS", "0") or 0),
        "servers": env.get("BENCH_SERVERS", "").split(),
        "tools": env.get("BENCH_TOOLS", "").split(),
        "skipped_tools": env.get("BENCH_SKIPPED_TOOLS", "").split(),
        "pinning": env.get("BENCH_PINNING", ""),
        "pin_load": env.get("BENCH_PIN_LOAD", ""),
        "load_average_at_start": env.get("BENCH_LOAD1", ""),
        "tool_timeout_s": int(env.get("BENCH_TOOL_TIMEOUT", "0") or 0),
        "warm_up": {
            "servers": env.get("BENCH_WARM_UP_SERVERS", "").split(),
            "rounds": int(env.get("BENCH_WARM_UP_ROUNDS", "0") or 0),
            "runs": [line for line in env.get("BENCH_WARM_UP_RUNS", "").splitlines() if line.strip()],
        },
        "server_commands": dict(
            line.split("=", 1) for line in env.get("BENCH_SERVER_CMDS", "").splitlines() if "=" in line),
        "scenarios": dict(
            line.split("=", 1) for line in env.get("BENCH_SCENARIOS", "").splitlines() if "=" in line),
        "machine": machine(),
        "versions": versions(),
    }
    json.dump(meta, sys.stdout, indent=1)
    print()


# ---------------------------------------------------------------------------------------
# record: one run


def num(text, kind=float):
    try:
        return kind(text)
    except (TypeError, ValueError):
        return None


def cmd_record(a):
    result = None
    try:
        for line in open(a.stdout, encoding="utf-8", errors="replace"):
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                obj = json.loads(line)
            except ValueError:
                continue
            if isinstance(obj, dict) and "tool" in obj:
                result = obj
    except OSError:
        pass
    err_lines = []
    try:
        err_lines = [l.strip() for l in open(a.stderr, encoding="utf-8", errors="replace") if l.strip()]
    except OSError:
        pass
    exit_code = int(a.exit)
    server_exited = a.server_exited == "1"
    ok = exit_code == 0 and result is not None and not server_exited
    error = None
    if not ok:
        parts = []
        if exit_code == -1:
            parts.append(a.note or "server did not start")
        else:
            if exit_code in (124, 137):
                parts.append("timed out (exit %d)" % exit_code)
            else:
                parts.append("exit %d" % exit_code)
            if err_lines:
                parts.append(err_lines[-1])
            elif exit_code == 0 and result is None:
                parts.append("no result line on stdout")
            if a.note:
                parts.append(a.note)
        error = ": ".join(parts)
    wall = None
    if a.wall and num(a.wall[0]) and num(a.wall[1]):
        wall = round(num(a.wall[1]) - num(a.wall[0]), 3)
    cpu_s = None
    c0, c1 = num(a.cpu_ticks[0], int), num(a.cpu_ticks[1], int)
    if c0 is not None and c1 is not None:
        cpu_s = (c1 - c0) / int(a.clk_tck)
    rec = {
        "scenario": a.scenario,
        "round": int(a.round),
        "tool": a.tool,
        "server": a.server,
        "ok": ok,
        "exit": exit_code,
        "error": error,
        "command": a.command,
        "wall_s": wall,
        "result": result,
        "server_cpu_s": cpu_s,
        "server_cpu_us_per_msg": None,
        "server_peak_rss_kib": num(a.hwm, int),
        "rss_before_kib": num(a.rss_before, int),
        "rss_holding_kib": num(a.rss_holding, int),
        "idle_kib_per_stream": None,
        "warm_up_flood": [num(x) for x in a.warm_up_flood.split()],
    }
    if result and cpu_s is not None and result.get("messages"):
        rec["server_cpu_us_per_msg"] = round(cpu_s * 1e6 / result["messages"], 3)
    if result and rec["rss_before_kib"] is not None and rec["rss_holding_kib"] is not None and result.get("streams"):
        rec["idle_kib_per_stream"] = round((rec["rss_holding_kib"] - rec["rss_before_kib"]) / result["streams"], 3)
    with open(a.results, "a", encoding="utf-8") as f:
        f.write(json.dumps(rec) + "\n")

    what = "%s %s r%s: %s -> %s:" % (a.progress, a.scenario, a.round, a.tool, a.server)
    if not ok:
        print("bench: %s FAILED: %s" % (what, error), flush=True)
        return
    bits = []
    if held(a.scenario):
        if rec["idle_kib_per_stream"] is not None:
            bits.append("%.2f KiB/stream" % rec["idle_kib_per_stream"])
        bits.append("first answer p50 %s us, p99 %s us" % (
            fmt_lat(result["latency_us"]["p50"]), fmt_lat(result["latency_us"]["p99"])))
    else:
        bits.append("%s msg/s" % fmt_int(result["throughput"]))
        if "streams_per_s" in result:
            bits.append("%s streams/s" % fmt_int(result["streams_per_s"]))
        bits.append("p50 %s us, p99 %s us" % (fmt_lat(result["latency_us"]["p50"]), fmt_lat(result["latency_us"]["p99"])))
    if rec["server_cpu_us_per_msg"] is not None:
        bits.append("server %.2f us CPU/msg" % rec["server_cpu_us_per_msg"])
    if rec["server_peak_rss_kib"] is not None:
        bits.append("peak %.1f MiB" % (rec["server_peak_rss_kib"] / 1024))
    print("bench: %s %s (%.1fs)" % (what, ", ".join(bits), wall or 0), flush=True)


# ---------------------------------------------------------------------------------------
# report: medians, tables, plot


def fmt_int(x):
    return "{:,}".format(int(round(x))) if x is not None else "–"


def fmt_lat(x):
    if x is None:
        return "–"
    return "%.1f" % x if x < 100 else fmt_int(x)


def fmt_f(x, digits=2):
    return ("%." + str(digits) + "f") % x if x is not None else "–"


def fmt_mib(kib):
    return "%.1f" % (kib / 1024) if kib is not None else "–"


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def load(results_dir):
    meta = json.load(open(os.path.join(results_dir, "meta.json"), encoding="utf-8"))
    records = []
    for line in open(os.path.join(results_dir, "results.jsonl"), encoding="utf-8"):
        if line.strip():
            records.append(json.loads(line))
    return meta, records


def summarize(records):
    """(scenario, tool, server) -> medians over the successful rounds."""
    groups = {}
    for r in records:
        groups.setdefault((r["scenario"], r["tool"], r["server"]), []).append(r)
    out = {}
    for key, runs in groups.items():
        good = [r for r in runs if r["ok"]]
        res = [r["result"] for r in good]
        out[key] = {
            "runs": len(runs),
            "ok": len(good),
            "throughput": median([x["throughput"] for x in res]),
            "throughput_min": min([x["throughput"] for x in res], default=None),
            "throughput_max": max([x["throughput"] for x in res], default=None),
            "streams_per_s": median([x.get("streams_per_s") for x in res]),
            "p50": median([x["latency_us"]["p50"] for x in res]),
            "p99": median([x["latency_us"]["p99"] for x in res]),
            "p999": median([x["latency_us"]["p999"] for x in res]),
            "cpu": median([r["server_cpu_us_per_msg"] for r in good]),
            "busy": median([r["server_cpu_s"] / r["result"]["elapsed_s"]
                            for r in good if r["server_cpu_s"] is not None and r["result"]["elapsed_s"]]),
            "hwm": median([r["server_peak_rss_kib"] for r in good]),
            "rss_before": median([r["rss_before_kib"] for r in good]),
            "rss_holding": median([r["rss_holding_kib"] for r in good]),
            "kib_per_stream": median([r["idle_kib_per_stream"] for r in good]),
            "failures": [r for r in runs if not r["ok"]],
        }
    return out


def ordered(items, order):
    return sorted(items, key=lambda x: (order.index(x) if x in order else len(order), x))


def ratio(value, base):
    if value is None or not base:
        return "–"
    return "%.2f×" % (value / base)


def md_table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" if i < 2 else "---:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def scenario_table(scenario, summary, servers, tools):
    idle = held(scenario)
    churn = scenario.startswith("churn")
    if idle:
        per = "connection" if scenario.startswith("connect") else "stream"
        header = ["server", "load tool", "runs ok", "KiB per held %s" % per, "vs Go", "RSS before (MiB)",
                  "RSS holding (MiB)", "first answer p50 (µs)", "p99 (µs)", "server CPU (µs/%s)" % per,
                  "vs Go", "peak RSS (MiB)"]
    else:
        header = ["server", "load tool", "runs ok", "throughput (msg/s)", "vs Go", "server CPU (µs/msg)",
                  "server busy", "p50 (µs)", "p99 (µs)", "peak RSS (MiB)"]
        if churn:
            header.insert(4, "streams/s")
    rows = []
    for tool in tools:
        go = summary.get((scenario, tool, "go"))
        for server in servers:
            s = summary.get((scenario, tool, server))
            if s is None:
                continue
            runs = "%d/%d" % (s["ok"], s["runs"])
            if s["ok"] == 0:
                rows.append([SERVER_NAMES.get(server, server), tool, runs] + ["failed"] + ["–"] * (len(header) - 4))
                continue
            if idle:
                rows.append([
                    SERVER_NAMES.get(server, server), tool, runs, fmt_f(s["kib_per_stream"], 2),
                    ratio(s["kib_per_stream"], go and go["kib_per_stream"]), fmt_mib(s["rss_before"]),
                    fmt_mib(s["rss_holding"]), fmt_lat(s["p50"]), fmt_lat(s["p99"]), fmt_f(s["cpu"], 1),
                    ratio(s["cpu"], go and go["cpu"]), fmt_mib(s["hwm"])])
            else:
                row = [SERVER_NAMES.get(server, server), tool, runs, fmt_int(s["throughput"]),
                       ratio(s["throughput"], go and go["throughput"]), fmt_f(s["cpu"], 2),
                       "%d%%" % round(100 * s["busy"]) if s["busy"] is not None else "–",
                       fmt_lat(s["p50"]), fmt_lat(s["p99"]), fmt_mib(s["hwm"])]
                if churn:
                    row.insert(4, fmt_int(s["streams_per_s"]))
                rows.append(row)
    return md_table(header, rows)


def summary_table(summary, servers, tools):
    """The figures a burst or a flood is judged by, each with its ratio to the Go server's under the
    same load tool: the stream burst (idle), the connection burst (connect-tls) and flood-1."""
    columns = [  # (title, scenario, statistic, how it is shown)
        ("stream burst: first answer p99", "idle", "p99", lambda v: "%s ms" % fmt_f(v / 1000, 1)),
        ("CPU per stream", "idle", "cpu", lambda v: "%s µs" % fmt_f(v, 1)),
        ("KiB per stream", "idle", "kib_per_stream", lambda v: fmt_f(v, 2)),
        ("connection burst (TLS): first answer p99", "connect-tls", "p99", lambda v: "%s ms" % fmt_f(v / 1000, 1)),
        ("CPU per connection", "connect-tls", "cpu", lambda v: "%s µs" % fmt_f(v, 1)),
        ("flood-1: p50", "flood-1", "p50", lambda v: "%s ms" % fmt_f(v / 1000, 1)),
        ("flood-1: throughput", "flood-1", "throughput", lambda v: "%s msg/s" % fmt_int(v)),
    ]
    columns = [c for c in columns if any(k[0] == c[1] for k in summary)]
    rows = []
    for tool in tools:
        for server in servers:
            row, any_figure = [SERVER_NAMES.get(server, server), tool], False
            for _, sc, stat, show in columns:
                s, go = summary.get((sc, tool, server)), summary.get((sc, tool, "go"))
                value = s[stat] if s and s["ok"] else None
                if value is None:
                    row.append("–")
                    continue
                any_figure = True
                base = go[stat] if go and go["ok"] and server != "go" else None
                row.append(show(value) + (" (%s)" % ratio(value, base) if base else ""))
            if any_figure:
                rows.append(row)
    return md_table(["server", "load tool"] + [c[0] for c in columns], rows)


def core_table(summary, scenarios, tools):
    """users-server on core 1.85.3 against the same server on 1.56.2, per scenario and tool."""
    header = ["scenario", "load tool", "throughput new/old", "server CPU new/old", "p50 new/old",
              "p99 new/old", "peak RSS new/old", "KiB per idle stream new/old"]
    rows = []
    for sc in scenarios:
        for tool in tools:
            new, old = summary.get((sc, tool, "rust")), summary.get((sc, tool, "rust-1.56"))
            if not new or not old or new["ok"] == 0 or old["ok"] == 0:
                continue
            idle = held(sc)
            rows.append([sc, tool,
                         "–" if idle else ratio(new["throughput"], old["throughput"]),
                         ratio(new["cpu"], old["cpu"]), ratio(new["p50"], old["p50"]),
                         ratio(new["p99"], old["p99"]), ratio(new["hwm"], old["hwm"]),
                         ratio(new["kib_per_stream"], old["kib_per_stream"]) if idle else "–"])
    return md_table(header, rows)


def trace_table(summary, scenarios, tools):
    """users-server with tracing on, each way, over the same server with tracing off (`rust`),
    per scenario and tool: the figures each scenario is read by."""
    header = ["scenario", "load tool", "tracing", "throughput", "p50", "p99", "server CPU", "KiB per stream"]
    rows = []
    for sc in scenarios:
        idle = held(sc)
        for tool in tools:
            off = summary.get((sc, tool, "rust"))
            if not off or off["ok"] == 0:
                continue
            shown = False
            for variant in TRACE_VARIANTS:
                on = summary.get((sc, tool, variant))
                if not on or on["ok"] == 0:
                    continue
                if not shown:
                    rows.append([sc, tool, "off", "–" if idle else fmt_int(off["throughput"]), fmt_lat(off["p50"]),
                                 fmt_lat(off["p99"]), fmt_f(off["cpu"], 2),
                                 fmt_f(off["kib_per_stream"], 2) if idle else "–"])
                    shown = True
                label = SERVER_NAMES[variant].split(", ", 1)[1]
                rows.append(["", "", label, "–" if idle else ratio(on["throughput"], off["throughput"]),
                             ratio(on["p50"], off["p50"]), ratio(on["p99"], off["p99"]), ratio(on["cpu"], off["cpu"]),
                             ratio(on["kib_per_stream"], off["kib_per_stream"]) if idle else "–"])
    return md_table(header, rows)


def failure_lines(scenario, summary, servers, tools):
    lines = []
    for tool in tools:
        for server in servers:
            s = summary.get((scenario, tool, server))
            for r in (s or {}).get("failures", []):
                lines.append("- FAILED: round %d, %s → %s: %s" % (r["round"], tool, server, r["error"]))
    return lines


def nice_step(top, ticks=5):
    raw = top / ticks
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * mag >= raw:
            return m * mag
    return 10 * mag


def flood_svg(summary, servers, tools, rounds):
    """Grouped bars: one panel per load tool, one group per server, one bar per flood scenario
    (median throughput, whiskers from the lowest to the highest round)."""
    scenarios = [s for s in ("flood-1", "flood-64") if any(k[0] == s for k in summary)]
    colors = {"flood-1": "#4878a8", "flood-64": "#e08a3c"}
    tools = [t for t in tools if any(k[1] == t and k[0] in scenarios for k in summary)]
    if not scenarios or not tools:
        return None
    top = max([v["throughput_max"] or 0 for k, v in summary.items() if k[0] in scenarios] + [1])
    step = nice_step(top / 1000) * 1000
    ymax = step * math.ceil(top / step)
    W, H = 960, 440
    left, right, top_m, bottom = 70, 20, 84, 70
    panel_gap = 40
    pw = (W - left - right - panel_gap * (len(tools) - 1)) / len(tools)
    ph = H - top_m - bottom
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
           'font-family="sans-serif" font-size="12">' % (W, H, W, H),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="22" font-size="16" font-weight="bold">Flood throughput, checked answers per second</text>' % left,
           '<text x="%d" y="40" fill="#555">median of %d round(s); whiskers: lowest and highest round; '
           'server on one core, load tool on another</text>' % (left, rounds)]
    y = lambda v: top_m + ph - ph * (v / ymax)
    for ti, tool in enumerate(tools):
        x0 = left + ti * (pw + panel_gap)
        tick = 0.0
        while tick <= ymax + 1e-9:
            out.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ddd"/>' % (x0, y(tick), x0 + pw, y(tick)))
            if ti == 0:
                out.append('<text x="%.1f" y="%.1f" text-anchor="end" fill="#333">%sk</text>'
                           % (x0 - 6, y(tick) + 4, fmt_int(tick / 1000)))
            tick += step
        out.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#333"/>' % (x0, y(0), x0 + pw, y(0)))
        out.append('<text x="%.1f" y="%.1f" text-anchor="middle" font-weight="bold">load tool: %s</text>'
                   % (x0 + pw / 2, top_m - 14, escape(tool)))
        present = [s for s in servers if any((sc, tool, s) in summary for sc in scenarios)]
        gw = pw / max(len(present), 1)
        bw = gw * 0.7 / len(scenarios)
        for si, server in enumerate(present):
            gx = x0 + si * gw + gw * 0.15
            for ci, sc in enumerate(scenarios):
                s = summary.get((sc, tool, server))
                bx = gx + ci * bw
                if not s or s["throughput"] is None:
                    out.append('<text x="%.1f" y="%.1f" text-anchor="middle" fill="#b00" font-size="10">failed</text>'
                               % (bx + bw / 2, y(0) - 4))
                    continue
                v = s["throughput"]
                out.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s, %s, %s: %s msg/s</title></rect>'
                           % (bx, y(v), bw - 2, y(0) - y(v), colors[sc], escape(sc), escape(tool), escape(server), fmt_int(v)))
                if s["throughput_min"] is not None and s["throughput_max"] is not None and s["ok"] > 1:
                    cx = bx + (bw - 2) / 2
                    out.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#222"/>'
                               % (cx, y(s["throughput_min"]), cx, y(s["throughput_max"])))
                label_at = max(v, s["throughput_max"] or v) if s["ok"] > 1 else v
                out.append('<text x="%.1f" y="%.1f" text-anchor="middle" font-size="10" fill="#222">%sk</text>'
                           % (bx + (bw - 2) / 2, y(label_at) - 4, fmt_int(v / 1000)))
            out.append('<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>' % (x0 + si * gw + gw / 2, y(0) + 18, escape(server)))
    lx = left
    for sc in scenarios:
        out.append('<rect x="%d" y="%d" width="12" height="12" fill="%s"/>' % (lx, H - 28, colors[sc]))
        out.append('<text x="%d" y="%d">%s</text>' % (lx + 18, H - 18, escape(sc)))
        lx += 120
    out.append("</svg>")
    return "\n".join(out) + "\n"


def tilde(path):
    home = os.path.expanduser("~")
    return "~" + path[len(home):] if home != "/" and path.startswith(home + os.sep) else path


def render(meta, records, results_dir, md_path, svg_path, elapsed):
    summary = summarize(records)
    servers = ordered({k[2] for k in summary}, SERVER_ORDER)
    tools = ordered({k[1] for k in summary}, TOOL_ORDER)
    scenarios = [s for s in meta["scenarios"] if any(k[0] == s for k in summary)]
    m, v = meta["machine"], meta["versions"]
    failed = sum(1 for r in records if not r["ok"])
    L = [BEGIN, "<!-- Generated by ci/bench/report.py; everything between these markers is replaced on each run. -->", ""]
    L.append("## Results")
    L.append("")
    if meta["quick"]:
        L += ["> **Quick run** (`--quick`): counts about 20 times smaller and %d round(s): a functional check of "
              "the harness, not a measurement." % meta["rounds"], ""]
    took = " in %dm%02ds" % (elapsed // 60, elapsed % 60) if elapsed is not None else ""
    L.append("Run on %s%s: %d runs (%d failed), %d round(s) per scenario, load tools: %s." % (
        meta["date"], took, len(records), failed, meta["rounds"], ", ".join(tools) or "none"))
    if meta.get("skipped_tools"):
        L.append("Not run (load tool not built): %s." % ", ".join(meta["skipped_tools"]))
    L.append("")
    if "go" in servers:
        L += ["### Bursts and floods against the Go server", "",
              "Medians of the runs below; in brackets, the ratio to the Go server's figure under the same "
              "load tool (below 1: lower latency, CPU or memory; above 1: more throughput).", "",
              summary_table(summary, servers, tools), ""]
    L.append("### Machine")
    L.append("")
    L.append("- CPU: %s, %s cores (%s usable); memory %s GiB; kernel %s%s" % (
        m.get("cpu"), m.get("cores"), m.get("cores_usable"), m.get("memory_gib", "?"), m.get("kernel"),
        "; " + m["os"] if m.get("os") else ""))
    L.append("- load average when the run started: %s" % meta.get("load_average_at_start", "?"))
    L.append("- toolchains: %s" % "; ".join(v[k] for k in ("rustc", "gcc", "python") if k in v))
    # Each stack's versions, when its server was run; the Rust and Go ones always, since their
    # load tools load every server.
    for key, label, server in (("rust_grpc", "rust (users-server, users-bench)", None),
                               ("rust_old_grpc", "rust on core 1.56.2 (users-server of commit %s)" % OLD_CORE_COMMIT,
                                "rust-1.56"),
                               ("go_grpc", "go (server, users-go-load)", None),
                               ("go_old_grpc", "go on grpc-go 1.33 (server)", "go-1.33"),
                               ("java_grpc", "java", "java"), ("cpp_grpc", "cpp", "cpp"),
                               ("tonic", "tonic", "tonic"), ("python_grpc", "python", "python")):
        if key in v and (server is None or server in servers):
            L.append("- %s: %s" % (label, v[key]))
    L.append("")
    L.append("### Commands")
    L.append("")
    L.append("```sh")
    L.append(("bash ci/bench/run.sh " + meta.get("argv", "")).strip())
    L.append("# servers (a fresh one for every run; the port is read from its 'listening on' line):")
    for s in servers:
        cmd = meta["server_commands"].get(s, "?")
        L.append(re.sub(r"\S*/(users-[\w-]+)", r"\1", cmd))
    L.append("# load, per scenario (%s--addr 127.0.0.1:PORT --json --timeout %ds appended):" % (
        "pinned with '%s'; " % meta["pin_load"] if meta.get("pin_load") else "", meta.get("tool_timeout_s", 0)))
    for sc in scenarios:
        L.append("%-10s users-bench|users-go-load %s" % (sc + ":", meta["scenarios"][sc]))
    L.append("```")
    L.append("")
    L.append("Raw results (one JSON line per run) and every server's and tool's output: `%s`." % tilde(results_dir))
    L.append("")
    L.append("### How it is measured")
    L.append("")
    L += [
        "- **Pinning**: %s. The servers run quiet (no per-request logging); the Rust server with one "
        "completion queue (`--cq-count 1`)." % meta["pinning"],
        "- **Fresh server per run**: every run starts the server on `127.0.0.1:0`, waits for its listening "
        "line, runs one load tool once (after the warm-up below, for a server that has one), then stops the server. Each (scenario, load tool, server) is run once "
        "per round; the order of servers and of load tools rotates from round to round. Both load tools load "
        "every server, so no server only meets its own stack's client.",
        "- **Medians**: every figure is the median over the successful rounds of that statistic "
        "(`runs ok` counts them). A run fails when the load tool exits non-zero (a wrong, missing or extra "
        "answer, a stream not ending OK, a timeout); failures are listed under their table, never dropped.",
        "- **Checks**: the load tools check every answer (user_id, success, errors, in order, once each) and "
        "that every stream ends with status OK.",
        "- **Throughput**: checked answers per second over the tool's elapsed time (flood and open-loop: from "
        "every stream open to the last OK status; ping-pong and churn: the whole loop).",
        "- **Latency** (exact percentiles, nearest rank, µs): flood, from just before a user's send to its "
        "answer (mostly time queued in flow-control windows); ping-pong, one round trip; open-loop, from the "
        "user's intended send time (no coordinated omission); churn, per stream, from opening it to its OK "
        "status; idle, each stream's first answer; connect, from the start of each new connection (TCP, TLS "
        "and HTTP/2 handshakes) to its stream's first answer.",
        "- **Server CPU**: utime + stime from `/proc/PID/stat` read just before and just after the load "
        "(clock ticks of 10 ms), divided by the checked answers (idle: by the streams; connect: by the "
        "connections). **Server busy** is "
        "that CPU time over the tool's elapsed time: near 100% the server's one core was the limit, well "
        "below it the load tool (or the round trips) was.",
        "- **Memory**: peak RSS is `VmHWM` from `/proc/PID/status` after the run. Idle and connect: `VmRSS` "
        "just before the load and 0.25 s after the tool reports every stream open and answered; KiB per held "
        "stream (or connection) is the difference over their number.",
        "- **TLS** (connect-tls): certificates made for the run by `ci/harness/pki.py` (EC P-256); each "
        "server with its registry's TLS flags, which require client certificates, and each connection "
        "presenting one (mutual TLS); the servers that do not speak TLS sit it out.",
        "- **vs Go**: the server's median throughput over the Go server's under the same load tool "
        "(idle: KiB per stream over the Go server's); the Go server is the tutorial's server on %s." % (
            v.get("go_grpc", "grpc-go")),
    ]
    warm_up = meta.get("warm_up", {})
    for s in servers:
        if s in warm_up.get("servers", []):
            last = [r["warm_up_flood"] for r in records if r["server"] == s and len(r.get("warm_up_flood") or []) == 2]
            took = ""
            if last:
                took = (" Flood throughput of the last two warm-up rounds, medians over the runs: %s and %s "
                        "msg/s." % tuple("{:,.0f}".format(statistics.median(x[i] for x in last)) for i in (0, 1)))
            L.append("- **Warm-up** of the %s server: before each measured run the fresh server is loaded, unmeasured, "
                     "with %d round(s) of %s, so that the figures are those of the JIT's steady state; its CPU "
                     "time and RSS are read after the warm-up (its peak RSS includes it). The JVM's RSS is the "
                     "heap it has committed, which the warm-up has grown: its KiB per idle stream says little.%s" % (
                         SERVER_NAMES.get(s, s), warm_up["rounds"],
                         ", ".join("`%s`" % run for run in warm_up["runs"]), took))
    L.append("")
    if svg_path:
        rel = os.path.relpath(svg_path, os.path.dirname(os.path.abspath(md_path)) if md_path else ".")
        L += ["![Flood throughput per server and load tool](%s)" % rel, ""]
    if "rust" in servers and any(t in servers for t in TRACE_VARIANTS):
        L += ["### What traces cost", "",
              "users-server with OpenTelemetry tracing on, over the same server with tracing off (`off`, whose "
              "figures are given: throughput in msg/s, latency in µs, server CPU in µs per message or per "
              "stream), medians of the same rounds: every call traced to Jaeger (`always_on`), a hundredth of "
              "them (`parentbased_traceidratio` 0.01; the load tools send no `traceparent`, so each call is a "
              "root), and a collector that is down (the default sampler, a port nothing listens on: what the "
              "export does then, since a1036ba no span is recorded). Above 1: more throughput, or more latency, CPU or memory. %s." % (
                  "Jaeger: %s" % v["jaeger"] if "jaeger" in v else "Jaeger"),
              "", trace_table(summary, scenarios, tools), ""]
    if "rust" in servers and "rust-1.56" in servers:
        L += ["### gRPC C core 1.85.3 against 1.56.2", "",
              "users-server on core 1.85.3 over the same server at commit %s on core 1.56.2 (whose " % OLD_CORE_COMMIT +
              "flood latencies predate the fixed 64 KiB stream window), medians of the same rounds: new over old "
              "(throughput: above 1 is faster; CPU per message or stream, latency and memory: below 1 "
              "is better).", "", core_table(summary, scenarios, tools), ""]
    tables = []
    for sc in scenarios:
        kind = meta["scenarios"][sc].split()[0]
        title = "### %s: %s" % (sc, SCENARIO_TEXT.get(kind, kind))
        body = [title, "", "`%s`" % meta["scenarios"][sc], "", scenario_table(sc, summary, servers, tools)]
        fails = failure_lines(sc, summary, servers, tools)
        if fails:
            body += [""] + fails
        body.append("")
        tables.append("\n".join(body))
    L += tables
    L.append(END)
    return "\n".join(L) + "\n", tables, summary, servers, tools


NEW_FILE_HEAD = """# Benchmarks

The users-server (Rust, grpcio) against the Go, Java, C++ and tonic servers of the interop
matrix, loaded by two load tools, `users-bench` (Rust) and `users-go-load` (Go). Everything
between the `bench:begin` and `bench:end` markers is written by `bash ci/bench/run.sh` (through
`ci/bench/report.py`); the rest of this file is kept as written.

"""

NEW_FILE_TAIL = """
## Changes and their measured effect

One entry per optimisation: what changed, which scenario shows it, the numbers before and
after (same machine, same harness).

- (none recorded yet)
"""


def write_md(path, block):
    if os.path.exists(path):
        text = open(path, encoding="utf-8").read()
        i, j = text.find(BEGIN), text.find(END)
        if i >= 0 and j > i:
            text = text[:i] + block.rstrip("\n") + text[j + len(END):]
        else:
            print("report.py: %s has no %s ... %s markers: the results are appended at its end" % (path, BEGIN, END),
                  file=sys.stderr)
            text = text.rstrip("\n") + "\n\n" + block
    else:
        text = NEW_FILE_HEAD + block + NEW_FILE_TAIL
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def cmd_report(a):
    meta, records = load(a.results)
    md_path = a.md
    svg_path = a.svg
    summary = summarize(records)
    servers = ordered({k[2] for k in summary}, SERVER_ORDER)
    tools = ordered({k[1] for k in summary}, TOOL_ORDER)
    svg = flood_svg(summary, servers, tools, meta["rounds"])
    if svg is None:
        svg_path = None
    block, tables, _, _, _ = render(meta, records, os.path.abspath(a.results), md_path, svg_path, a.elapsed)
    if svg is not None and svg_path:
        os.makedirs(os.path.dirname(os.path.abspath(svg_path)), exist_ok=True)
        with open(svg_path, "w", encoding="utf-8") as f:
            f.write(svg)
    if md_path:
        write_md(md_path, block)
    print()
    print("\n".join(tables))
    failed = sum(1 for r in records if not r["ok"])
    print("bench: %d runs, %d failed" % (len(records), failed))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("meta")
    r = sub.add_parser("record")
    r.add_argument("--results", required=True)
    r.add_argument("--progress", default="")
    r.add_argument("--scenario", required=True)
    r.add_argument("--round", required=True)
    r.add_argument("--tool", required=True)
    r.add_argument("--server", required=True)
    r.add_argument("--exit", required=True)
    r.add_argument("--note", default="")
    r.add_argument("--warm-up-flood", default="", help="flood throughputs of the last warm-up rounds")
    r.add_argument("--server-exited", default="0")
    r.add_argument("--stdout", required=True)
    r.add_argument("--stderr", required=True)
    r.add_argument("--command", default="")
    r.add_argument("--wall", nargs=2, default=None)
    r.add_argument("--cpu-ticks", nargs=2, default=["", ""])
    r.add_argument("--clk-tck", default="100")
    r.add_argument("--rss-before", default="")
    r.add_argument("--rss-holding", default="")
    r.add_argument("--hwm", default="")
    g = sub.add_parser("report")
    g.add_argument("--results", required=True, help="directory holding meta.json and results.jsonl")
    g.add_argument("--md", default=os.path.join(ROOT, "BENCHMARKS.md"))
    g.add_argument("--svg", default=os.path.join(HERE, "flood.svg"))
    g.add_argument("--elapsed", type=int, default=None, help="the run's total time, seconds")
    a = p.parse_args()
    {"meta": cmd_meta, "record": cmd_record, "report": cmd_report}[a.cmd](a)


if __name__ == "__main__":
    main()
