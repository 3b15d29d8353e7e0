#!/usr/bin/env python3
"""The figures of the rapid-reset fault check (check 7 of ci/checks/test_faults.py), from what
rapid_reset.py printed, the ping-pong runs beside it and the server's CPU and memory: prints
one line for the check, optionally appends them to a JSON-lines report, and with
--require-defences exits 1 when no connection was closed with GOAWAY
"too_many_premature_resets" or when a reset stream cost the server more CPU than a normal
one-user stream.
"""
import argparse
import json
import sys


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--resets", required=True, help="rapid_reset.py's JSON output")
    p.add_argument("--pingpong", required=True, help="the ping-pong runs' JSON lines")
    p.add_argument("--cpu-ticks", type=int, required=True, help="server CPU during the resets")
    p.add_argument("--clk-tck", type=int, required=True)
    p.add_argument("--calls-started", type=int, required=True, help="calls started for the resets")
    p.add_argument("--normal-cpu-ticks", type=int, required=True, help="server CPU for the normal streams")
    p.add_argument("--normal-streams", type=int, required=True)
    p.add_argument("--rss-kib", type=int, nargs=2, required=True, help="server RSS before and after")
    p.add_argument("--server", required=True, help="the server binary")
    p.add_argument("--report", help="append the figures to this JSON-lines file")
    p.add_argument("--require-defences", action="store_true",
                   help="exit 1 unless connections were closed with GOAWAY too_many_premature_resets "
                        "and a reset stream cost the server no more than a normal one")
    a = p.parse_args()

    r = json.load(open(a.resets))
    runs = [json.loads(line) for line in open(a.pingpong) if line.startswith("{")]
    frames = r["server_frames"]
    cpu = a.cpu_ticks / a.clk_tck
    figures = {
        "server": a.server,
        "streams": r["streams"],
        "seconds": r["seconds"],
        "streams_per_s": r["streams_per_s"],
        "connections": r["connections_opened"],
        "goaway": r["goaway_by_code"],
        "closed_without_goaway": r["closed_without_goaway"],
        "calls_started": a.calls_started,
        "refused": frames.get("RST_STREAM REFUSED_STREAM", 0),
        "pings": frames.get("PING", 0),
        "headers": frames.get("HEADERS", 0),
        "cpu_s": cpu,
        "us_per_reset_stream": cpu / r["streams"] * 1e6,
        "us_per_normal_stream": a.normal_cpu_ticks / a.clk_tck / a.normal_streams * 1e6,
        "rss_mib": [a.rss_kib[0] / 1024, a.rss_kib[1] / 1024],
        "pingpong_runs": len(runs),
        "pingpong_worst_p99_ms": max((x["latency_us"]["p99"] for x in runs), default=0) / 1000,
    }
    if a.report:
        with open(a.report, "a") as f:
            f.write(json.dumps(figures) + "\n")
    goaway = ", ".join(f"{n}x {code}" for code, n in r["goaway_by_code"].items())
    print(f"{r['streams']} streams reset in {r['seconds']:.1f} s ({r['streams_per_s']}/s) over "
          f"{r['connections_opened']} connection(s); GOAWAY received: {r['goaway']}"
          + (f" ({goaway})" if goaway else "")
          + f"; closed without GOAWAY: {r['closed_without_goaway']}; the server started "
          f"{a.calls_started} calls for them, refused {figures['refused']} streams, sent "
          f"{figures['pings']} PINGs and {frames.get('HEADERS', 0)} HEADERS; server CPU {cpu:.2f} s: "
          f"{figures['us_per_reset_stream']:.0f} us per reset stream, against "
          f"{figures['us_per_normal_stream']:.0f} us per normal one-user stream; server RSS "
          f"{figures['rss_mib'][0]:.1f} -> {figures['rss_mib'][1]:.1f} MiB; {len(runs)} ping-pong runs "
          f"of 500 requests beside, all answers right, worst p99 {figures['pingpong_worst_p99_ms']:.1f} ms")
    calm = sum(n for code, n in r["goaway_by_code"].items() if "too_many_premature_resets" in code)
    if a.require_defences and calm == 0:
        print("no connection was closed with GOAWAY too_many_premature_resets", file=sys.stderr)
        sys.exit(1)
    if a.require_defences and figures["us_per_reset_stream"] > figures["us_per_normal_stream"]:
        print("a reset stream cost the server more than a normal one", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
