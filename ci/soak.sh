#!/usr/bin/env bash
# Soak test of users-server (not part of CI): streams many users through one server with
# users-bench flood, which checks every answer (right user, in order, right verdict) and every
# stream's OK status, while the server's RSS is sampled from /proc/PID/status. Checks:
#  - no user lost: every flood run exits 0 with all its answers checked, and the server's
#    counters agree (users_received_total = users_responses_sent_total = users sent, every
#    stream finished OK);
#  - flat memory: after a warm-up (the first fifth of the samples), the peak RSS of the last
#    quarter of the samples is at most 10% above the peak of the first quarter.
# Prints the samples' summary, "soak: NAME: ok (figures)" or "soak: NAME: FAILED (reason)" per
# check, and "soak: N passed, M failed"; exits 1 when any check failed.
#
# usage: ci/soak.sh [--users N] [--duration D] [--streams S] [--connections C]
#                   [--interval SECONDS] [--timeout SECONDS]
#
#   --users N         users per flood run, spread over the streams (default 1000000)
#   --duration D      repeat flood runs until D has passed (e.g. 10m; default: one run)
#   --streams S       streams of each run (default 4), over --connections C (default 2)
#   --interval SECS   RSS sampling interval (default 0.5)
#   --timeout SECS    bound on the whole soak; overrunning it fails (default: 600, or the
#                     duration plus 600)
#
# Expects users-server and users-bench built in $target_dir/debug (cargo build --workspace
# --bins); set SOAK_BIN_DIR to use other builds (e.g. target/release).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

usage() { sed -n '13,24s/^# \{0,1\}//p' "$0"; }

users=1000000
duration=
streams=4
connections=2
interval=0.5
limit=
while [ $# -gt 0 ]; do
  case $1 in
    --users | --duration | --streams | --connections | --interval | --timeout)
      [ $# -ge 2 ] || { usage >&2; exit 2; }
      opt=${1#--}; val=$2; shift 2 ;;
    --users=* | --duration=* | --streams=* | --connections=* | --interval=* | --timeout=*)
      opt=${1%%=*}; opt=${opt#--}; val=${1#*=}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "soak: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  case $opt in
    users) users=$val ;;
    duration) duration=$val ;;
    streams) streams=$val ;;
    connections) connections=$val ;;
    interval) interval=$val ;;
    timeout) limit=$val ;;
  esac
done
for v in users streams connections; do
  if ! [[ ${!v} =~ ^[1-9][0-9]*$ ]]; then
    echo "soak: --$v needs a positive whole number, got '${!v}'" >&2
    exit 2
  fi
done
if ! [[ $interval =~ ^[0-9]*\.?[0-9]+$ ]] || [ "$(awk -v i="$interval" 'BEGIN { print (i >= 0.05) }')" != 1 ]; then
  echo "soak: --interval needs seconds, at least 0.05, got '$interval'" >&2
  exit 2
fi
duration_s=0
if [ -n "$duration" ]; then
  # 90, 90s, 15m, 2h
  if [[ $duration =~ ^([0-9]+)(s|m|h)?$ ]]; then
    case ${BASH_REMATCH[2]} in
      m) duration_s=$((BASH_REMATCH[1] * 60)) ;;
      h) duration_s=$((BASH_REMATCH[1] * 3600)) ;;
      *) duration_s=${BASH_REMATCH[1]} ;;
    esac
  else
    echo "soak: --duration needs a duration such as 90s, 15m or 2h, got '$duration'" >&2
    exit 2
  fi
fi
limit=${limit:-$((duration_s + 600))}
if ! [[ $limit =~ ^[1-9][0-9]*$ ]]; then
  echo "soak: --timeout needs whole seconds, got '$limit'" >&2
  exit 2
fi
if [ $((users % streams)) -ne 0 ]; then
  echo "soak: --users ($users) must be a multiple of --streams ($streams)" >&2
  exit 2
fi
per_stream=$((users / streams))

bin_dir=${SOAK_BIN_DIR:-$target_dir/debug}
server_bin=$bin_dir/users-server
bench_bin=$bin_dir/users-bench
need_built soak "$server_bin" "$bench_bin"

work=$(mktemp -d)

trap 'stop_spawned; stop_servers; rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

started=$SECONDS
passed=0
failed=0
reason=""

# result NAME OK FIGURES_OR_REASON: prints one check's line.
result() {
  if [ "$2" -eq 1 ]; then
    echo "soak: $1: ok ($3)"
    passed=$((passed + 1))
  else
    echo "soak: $1: FAILED ($3)"
    failed=$((failed + 1))
  fi
}

if ! start_users_server soak; then
  result "server start" 0 "$reason"
  echo "soak: $passed passed, $failed failed"
  exit 1
fi
samples=$work/rss.tsv  # seconds since the first run started, RSS KiB
cpu0=$(cpu_ticks "$server_pid")
t0=$(now_us)
runs=0
lost_reason=""
echo "soak: $users users per run ($streams streams of $per_stream over $connections connections)${duration:+, runs repeated for $duration}; server RSS sampled every ${interval}s"

# One flood run after another (one in all without --duration), sampling RSS meanwhile.
while :; do
  runs=$((runs + 1))
  left=$((limit - (SECONDS - started)))
  if [ "$left" -le 5 ]; then
    lost_reason="the soak's time bound (${limit}s) ran out before run $runs"
    break
  fi
  out=$work/flood-$runs.json
  spawn "$out" "$bench_bin" flood --addr "127.0.0.1:$port" --streams "$streams" \
    --connections "$connections" --users "$per_stream" --json --timeout "${left}s"
  pid=$spawned
  timed_out=0
  while alive "$pid"; do
    printf '%s\t%s\n' "$(since "$t0")" "$(vm_kib "$server_pid" VmRSS)" >>"$samples"
    if [ $((SECONDS - started)) -gt "$limit" ]; then
      kill_now "$pid"
      timed_out=1
      break
    fi
    sleep "$interval"
  done
  rc=0
  [ "$timed_out" -eq 1 ] || wait "$pid" 2>/dev/null || rc=$?
  if [ "$timed_out" -eq 1 ]; then
    lost_reason="run $runs did not finish within the soak's time bound (${limit}s)"
    break
  fi
  if ! alive "$server_pid"; then
    lost_reason="the server exited during run $runs: $(one_line "$(tail -n 3 "$log")")"
    break
  fi
  if [ "$rc" -ne 0 ]; then
    lost_reason="run $runs: users-bench flood exited $rc: $(one_line "$(cat "$out.err")")"
    break
  fi
  if ! python3 -c 'import json, sys; r = json.loads(open(sys.argv[1]).read().splitlines()[-1]); sys.exit(r["messages"] != int(sys.argv[2]))' \
    "$out" "$users"; then
    lost_reason="run $runs: users-bench reports $(tail -n 1 "$out"), expected $users messages"
    break
  fi
  if [ "$duration_s" -eq 0 ] || [ $((SECONDS - started)) -ge "$duration_s" ]; then
    break
  fi
done
elapsed=$(since "$t0")
cpu1=$(cpu_ticks "$server_pid")

# --- no user lost ---------------------------------------------------------------------------

sent=$((runs * users))
if [ -z "$lost_reason" ]; then
  if ! wait_until 10 metric_is users_responses_sent_total "$sent"; then
    lost_reason="users_responses_sent_total is $(metric users_responses_sent_total), expected $sent$(scrape_note)"
  elif [ "$(metric users_received_total)" != "$sent" ] ||
    [ "$(metric 'users_streams_finished_total{code="OK"}')" != $((runs * streams)) ] ||
    [ "$(metric users_streams_active)" != 0 ]; then
    lost_reason="server counters: received $(metric users_received_total), sent $(metric users_responses_sent_total) (expected $sent), streams finished OK $(metric 'users_streams_finished_total{code="OK"}') (expected $((runs * streams))), active $(metric users_streams_active)"
  fi
fi
if [ -z "$lost_reason" ]; then
  throughput=$(python3 - "$work" "$runs" <<'EOF'
import json, sys
rs = [json.loads(open(f"{sys.argv[1]}/flood-{i}.json").read().splitlines()[-1]) for i in range(1, int(sys.argv[2]) + 1)]
lo, hi = min(r["throughput"] for r in rs), max(r["throughput"] for r in rs)
print((f"{lo:.0f} msg/s" if len(rs) == 1 else f"{lo:.0f} to {hi:.0f} msg/s") + ", "
      f"worst p99 latency {max(r['latency_us']['p99'] for r in rs) / 1000:.0f} ms")
EOF
  )
  hz=$(getconf CLK_TCK)
  result "no user lost" 1 "$runs run(s), $sent users, every answer checked by users-bench and every stream OK; server counters agree (received = sent = $sent); ${elapsed}s, $throughput; server CPU $(awk -v t=$((cpu1 - cpu0)) -v hz="$hz" -v n="$sent" 'BEGIN { printf "%.1f s (%.1f us per user)", t / hz, t / hz / n * 1e6 }')"
else
  result "no user lost" 0 "$lost_reason"
fi

# --- flat memory ----------------------------------------------------------------------------

summary=$work/rss-summary.txt
if python3 - "$samples" >"$summary" <<'EOF'; then
import sys
rows = [line.split("\t") for line in open(sys.argv[1]) if line.strip()]
t = [float(r[0]) for r in rows if r[1]]
kib = [int(r[1]) for r in rows if r[1]]
mib = lambda k: f"{k / 1024:.1f}"
warm = len(kib) // 5
rest = kib[warm:]
print(f"soak: RSS samples: {len(kib)} over {t[-1] if t else 0:.1f} s; min {mib(min(kib))} MiB, "
      f"max {mib(max(kib))} MiB")
step = max(1, len(kib) // 12)
print("soak: RSS along the run (s: MiB): " + ", ".join(f"{t[i]:.1f}: {mib(kib[i])}" for i in range(0, len(kib), step)))
if len(rest) < 4:
    print(f"too few samples after the warm-up ({len(rest)}; at least 4 needed): run longer or lower --interval")
    sys.exit(1)
q = len(rest) // 4
first, last = max(rest[:q]), max(rest[-q:])
ratio = last / first
print(f"warm-up {warm} sample(s) left out; then {len(rest)} samples: first quarter peak {mib(first)} MiB, "
      f"last quarter peak {mib(last)} MiB ({(ratio - 1) * 100:+.1f}%, at most +10% allowed)")
sys.exit(0 if ratio <= 1.10 else 1)
EOF
  head -n 2 "$summary"
  result "flat memory" 1 "$(tail -n 1 "$summary")"
else
  head -n 2 "$summary"
  result "flat memory" 0 "$(tail -n 1 "$summary")"
fi

echo "soak: $((SECONDS - started))s"
echo "soak: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
