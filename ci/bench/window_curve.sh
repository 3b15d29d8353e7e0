#!/usr/bin/env bash
# Latency against throughput of flood-1 for each stream window of users-server, beside the Go
# server: one stream sending users as fast as flow control allows, answers read concurrently,
# loaded by both load tools, ROUNDS alternating rounds; prints the medians as a Markdown table.
# A fixed window bounds how long requests queue at a busy server; this shows what each size
# costs on this machine (loopback: no round trip to fill, so throughput stays flat).
#
# usage: ci/bench/window_curve.sh [ROUNDS]   (default 5; builds the servers first)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

rounds=${1:-5}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "window_curve: ROUNDS must be a positive number" >&2; exit 2; }
windows=(16KiB 64KiB 256KiB 1MiB 4MiB auto)
for peer in rust go; do
  echo "window_curve: building $peer"
  peers build "$peer" --release >/dev/null
done
declare -A tool_bin=([users-bench]=$(peers path rust users-bench --profile release) [users-go-load]=$(peers path go users-go-load))
pin_server=() pin_load=()
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
  pin_server=(taskset -c 0) pin_load=(taskset -c 1)
fi
out=$(mktemp -d)
server_pid=
trap '[ -z "$server_pid" ] || stop_pid "$server_pid"; rm -rf "$out"' EXIT
for round in $(seq 1 "$rounds"); do
  for tool in users-bench users-go-load; do
    for w in "${windows[@]}" go; do
      if [ "$w" = go ]; then
        mapfile -t cmd < <(peers server go --profile release --bench)
      else
        mapfile -t cmd < <(peers server rust --profile release --bench)
        cmd+=(--stream-window "$w")
      fi
      "${pin_server[@]}" "${cmd[@]}" >"$out/server.log" 2>&1 &
      server_pid=$!
      port=$(wait_listening "$out/server.log" "$server_pid")
      result=$(timeout -k 5 90 "${pin_load[@]}" "${tool_bin[$tool]}" flood --streams 1 --connections 1 \
        --users 200000 --addr "127.0.0.1:$port" --json --timeout 60s | tail -n 1)
      stop_pid "$server_pid"
      server_pid=
      echo "{\"window\": \"$w\", \"tool\": \"$tool\", \"result\": $result}" >>"$out/runs.jsonl"
      echo "window_curve: round $round, $tool, ${w/go/Go server}"
    done
  done
done
python3 - "$out/runs.jsonl" "${windows[@]}" go <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
header = ["server", "stream window", "load tool", "throughput (msg/s)", "p50 (ms)", "p99 (ms)"]
print("| " + " | ".join(header) + " |")
print("|" + "|".join(["---"] * 3 + ["---:"] * 3) + "|")
for tool in ("users-bench", "users-go-load"):
    for w in sys.argv[2:]:
        rs = [r["result"] for r in runs if r["tool"] == tool and r["window"] == w]
        med = lambda f: statistics.median(f(r) for r in rs)
        server = "go (grpc-go)" if w == "go" else "rust (users-server)"
        print("| %s | %s | %s | %s | %.1f | %.1f |" % (
            server, "grpc-go's" if w == "go" else "`%s`" % w, tool, "{:,.0f}".format(med(lambda r: r["throughput"])),
            med(lambda r: r["latency_us"]["p50"]) / 1000, med(lambda r: r["latency_us"]["p99"]) / 1000))
PY
