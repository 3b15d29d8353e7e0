#!/usr/bin/env python3
"""Draws a Go -> Rust trace as Jaeger holds it: runs Jaeger, users-server and the Go client
traced with otelgrpc (the peers of ci/peers.toml, built first), reads the trace back through
Jaeger's query API and writes it as a waterfall SVG, one row per span under its parent.

usage: python3 ci/observability/picture.py [OUT.svg]   (default ci/observability/trace.svg)

Jaeger built from its Go module carries no web UI: this picture stands in for its timeline.
"""
import html
import os
import re
import sys
import tempfile

CI = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True
sys.path[:0] = [os.path.join(CI, "harness")]
import peers  # noqa: E402
import processes  # noqa: E402
from jaeger import start_jaeger, traced_env  # noqa: E402

ROW = 34
LABEL = 330
BAR = 520
COLOURS = {"users-go-client": "#00add8", "users-server": "#dea584"}


def depth_first(spans):
    """The spans, each after its parent, siblings by start time; with their depth."""
    ids = {s["spanID"] for s in spans}
    children = {}
    for s in spans:
        parents = [r["spanID"] for r in s["references"] if r["refType"] == "CHILD_OF" and r["spanID"] in ids]
        children.setdefault(parents[0] if parents else None, []).append(s)
    out = []

    def walk(parent, depth):
        for s in sorted(children.get(parent, []), key=lambda s: s["startTime"]):
            out.append((s, depth))
            walk(s["spanID"], depth + 1)

    walk(None, 0)
    return out


def svg(trace):
    """The waterfall of a Jaeger trace (its JSON as the query API returns it)."""
    services = {pid: p["serviceName"] for pid, p in trace["processes"].items()}
    rows = depth_first(trace["spans"])
    start = min(s["startTime"] for s, _ in rows)
    end = max(s["startTime"] + s["duration"] for s, _ in rows)
    scale = BAR / max(end - start, 1)
    height = ROW * (len(rows) + 2)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{LABEL + BAR + 120}" height="{height}" '
           'font-family="sans-serif" font-size="12">',
           f'<text x="8" y="20" font-weight="bold">trace {trace["traceID"]} ({(end - start) / 1000:.2f} ms), '
           'as Jaeger\'s query API returns it</text>']
    for i, (s, depth) in enumerate(rows):
        y = ROW * (i + 1) + 8
        service = services[s["processID"]]
        kind = next((t["value"] for t in s["tags"] if t["key"] == "span.kind"), "")
        label = html.escape(f"{service}: {s['operationName']} ({kind})")
        x = LABEL + (s["startTime"] - start) * scale
        width = max(s["duration"] * scale, 1.5)
        colour = COLOURS.get(service, "#999999")
        out.append(f'<text x="{8 + 14 * depth}" y="{y + 16}">{label}</text>')
        out.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{width:.1f}" height="16" fill="{colour}"/>')
        out.append(f'<text x="{x + width + 6:.1f}" y="{y + 16}">{s["duration"] / 1000:.2f} ms</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main(argv):
    path = argv[0] if argv else os.path.join(CI, "observability", "trace.svg")
    registry = peers.load()
    for name in ("rust", "go-otel", "jaeger"):
        if registry[name].build():
            sys.exit(f"picture: building {name} failed")
    work = tempfile.mkdtemp(prefix="trace-picture-")
    procs = processes.Group(work)
    try:
        jaeger = start_jaeger(procs, registry["jaeger"], work)
        argv_, env = registry["rust"].server()
        env.update(traced_env(jaeger, "users-server"))
        server = procs.start(argv_, "users-server", env)
        client = [registry["go-otel"].path("users-go-otel-client"), "-addr", server.addr]
        ran = processes.run(client, 60, env=traced_env(jaeger, "users-go-client")).expect_ok("go otel client")
        trace_id = re.search(r"trace_id: ([0-9a-f]{32})", ran.stderr).group(1)
        server.stop()
        trace = jaeger.trace(trace_id, 3)
    finally:
        procs.stop_all()
    with open(path, "w") as f:
        f.write(svg(trace))
    print(f"picture: trace {trace_id}, {len(trace['spans'])} spans, written to {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
