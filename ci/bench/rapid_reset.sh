#!/usr/bin/env bash
# HTTP/2 rapid reset (CVE-2023-44487) against users-server on the gRPC C core 1.85.3 and on
# 1.56.2, side by side: ci/faults.sh's check 7 (100,000 streams opened and reset over 4
# connections, beside a ping-pong client, after 5,000 normal streams) run against both release
# servers, alternating, ROUNDS times each; prints the medians as a Markdown table.
#
# usage: ci/bench/rapid_reset.sh [ROUNDS]   (default 3; builds both servers first)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

rounds=${1:-3}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "rapid_reset: ROUNDS must be a positive number" >&2; exit 2; }
for peer in rust rust-1.56; do
  echo "rapid_reset: building $peer"
  peers build "$peer" --release >/dev/null
done
peers build rust >/dev/null  # faults.sh drives the servers with the debug client and load tool
declare -A bins=([1.85.3]=$(peers path rust users-server --profile release) [1.56.2]=$(peers path rust-1.56 users-server))
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for round in $(seq 1 "$rounds"); do
  order=(1.85.3 1.56.2)
  [ $((round % 2)) -eq 1 ] || order=(1.56.2 1.85.3)
  for core in "${order[@]}"; do
    echo "rapid_reset: round $round, core $core"
    bash "$ci_dir/faults.sh" --server "${bins[$core]}" --report "$out/$core.jsonl" 7 | sed 's/^/  /'
  done
done
python3 - "$out" <<'EOF'
import json, statistics, sys
rows = []
for core in ("1.56.2", "1.85.3"):
    runs = [json.loads(l) for l in open(f"{sys.argv[1]}/{core}.jsonl")]
    med = lambda f: statistics.median(f(r) for r in runs)
    goaways = med(lambda r: sum(n for code, n in r["goaway"].items()))
    rows.append([core, str(len(runs)), f"{med(lambda r: r['streams_per_s']):,.0f}",
                 f"{med(lambda r: r['calls_started']):,.0f}", f"{med(lambda r: r['refused']):,.0f}",
                 f"{goaways:,.0f} ({med(lambda r: r['connections']):,.0f} connections)",
                 f"{med(lambda r: r['headers']):,.0f}",
                 f"{med(lambda r: r['us_per_reset_stream']):.1f}",
                 f"{med(lambda r: r['us_per_normal_stream']):.1f}",
                 f"{med(lambda r: r['rss_mib'][0]):.1f} → {med(lambda r: r['rss_mib'][1]):.1f}",
                 f"{med(lambda r: r['pingpong_worst_p99_ms']):.1f}"])
header = ["C core", "rounds", "streams reset/s", "calls started", "streams refused",
          "GOAWAYs", "HEADERS sent to reset streams", "server CPU per reset stream (µs)",
          "per normal stream (µs)",
          "server RSS (MiB)", "ping-pong beside: worst p99 (ms)"]
print("| " + " | ".join(header) + " |")
print("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
for r in rows:
    print("| " + " | ".join(r) + " |")
EOF
