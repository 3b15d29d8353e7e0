#!/usr/bin/env bash
# Fault and load checks of users-server. Each check starts its own server (127.0.0.1:0, with
# metrics), does its harm, and then checks that the server is still alive and still answers
# a normal client (users-client, the tutorial's five users, every field checked by
# check_responses.py); figures go on the check's line.
#  (Killed and stopped clients, dead peers, a killed server, deadlines, cancels and 10,000
#  streams from users-bench are end-to-end Rust tests: e2e/tests/e2e/faults.rs.)
#  6b. 10,000 concurrent streams over 10 connections, opened by the Go load tool users-go-load
#     idle, faster than users-bench: all held at once (users_streams_active), none refused or
#     cancelled, all end OK; a normal client is served meanwhile; RSS reported.
#  7. rapid reset: first 5,000 normal one-user streams (users-bench churn) measure what a
#     normal stream costs the server; then 100,000 streams are opened and at once reset
#     (HEADERS, RST_STREAM CANCEL) over 4 raw HTTP/2 connections (ci/faults/rapid_reset.py),
#     reconnecting when the server closes one, while users-bench ping-pong runs beside, over
#     and over: every ping-pong run succeeds, the server survives, resetting connections are
#     closed with GOAWAY ENHANCE_YOUR_CALM "too_many_premature_resets", and a reset stream costs
#     the server no more CPU than a normal one; the server's CPU per reset stream beside its CPU
#     per normal stream, the calls it started, the streams it refused, its RSS and the GOAWAYs
#     are reported.
#  8. bad input over raw HTTP/2 (ci/faults/bad_input.py): a truncated message, a wrong
#     content-type, bad grpc-timeouts, huge headers (also in a connection's first flight),
#     DATA before HEADERS, a compressed flag without grpc-encoding; each on a connection of
#     its own beside a well-formed stream, while a witness stream on another connection stays
#     open and then ends OK. Prints what the server answered to each case.
# Prints "faults: NAME: ok (figures)" or "faults: NAME: FAILED (reason)" per check and ends
# with "faults: N passed, M failed"; exits 1 when any check failed. 1 to 2 minutes on 2 cores.
#
# usage: ci/faults.sh [--server BIN] [--report FILE] [N...]
#   N...           runs the checks numbered N (6, 7, 8; all by default)
#   --server BIN   checks another users-server binary (a release build, or the one on the gRPC
#                  C core 1.56.2): its figures are reported, but a defence it may predate
#                  (check 7's GOAWAY) is not required
#   --report FILE  appends check 7's figures to FILE as one JSON object
# Builds the Python venv of ci/python and the Go load tool; expects users-server, users-client
# and users-bench built in $target_dir/debug (cargo build --workspace --bins).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

server_bin=$target_dir/debug/users-server
own_server=1
report=
only=()
while [ $# -gt 0 ]; do
  case $1 in
    --server) [ $# -ge 2 ] || { echo "faults: --server needs a binary" >&2; exit 2; }; server_bin=$2; own_server=0; shift 2 ;;
    --report) [ $# -ge 2 ] || { echo "faults: --report needs a file" >&2; exit 2; }; report=$2; shift 2 ;;
    6|7|8) only+=("$1"); shift ;;
    *) echo "faults: unknown argument '$1' (checks 6, 7 and 8, --server BIN, --report FILE)" >&2; exit 2 ;;
  esac
done

client_bin=$target_dir/debug/users-client
bench_bin=$target_dir/debug/users-bench
need_built faults "$server_bin" "$client_bin" "$bench_bin"

work=$(mktemp -d)
source "$ci_dir/faults/lib.sh"
trap 'stop_spawned; stop_servers; rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

started=$SECONDS
# The Python venv (raw HTTP/2 and grpc clients) and the Go load tool (check 6b).
for peer in python go; do
  echo "faults: building $peer"
  if ! timeout 900 bash -c "source $(printf '%q' "$ci_dir/lib.sh") && build_peer $peer" >"$work/build-$peer.log" 2>&1; then
    cat "$work/build-$peer.log" >&2
    echo "faults: FAILED to build $peer" >&2
    exit 1
  fi
done
py=$cache_dir/python/venv/bin/python
go_load_bin=$cache_dir/go/users-go-load
export PYTHONDONTWRITEBYTECODE=1  # the helpers' imports leave no __pycache__ in the checkout

passed=0
failed=0
reason=""
figures=""
details=""

# check NAME FUNCTION [ARG...]: runs one check; the function returns non-zero with $reason
# set when the check fails, and may set $figures (shown on the line) and $details (lines
# shown under it). Whatever the check started is stopped afterwards.
check() {
  local name=$1; shift
  if [ ${#only[@]} -gt 0 ] && [[ " ${only[*]} " != *" ${name%%[.a-z]*} "* ]]; then
    return 0
  fi
  reason="" figures="" details=""
  if "$@" && [ -z "$reason" ]; then  # (a function's last command may fail with $reason set)
    echo "faults: $name: ok${figures:+ ($figures)}"
    passed=$((passed + 1))
  else
    echo "faults: $name: FAILED (${reason:-failed without a reason})"
    failed=$((failed + 1))
  fi
  [ -z "$details" ] || printf '%s\n' "$details"
  stop_spawned
  stop_servers
}

# active_back_to_zero: users_streams_active reads 0 within 10 s.
active_back_to_zero() {
  wait_until 10 metric_is users_streams_active 0 && return 0
  reason="users_streams_active is still $(metric users_streams_active) after 10 s$(scrape_note)"
  return 1
}

# --- 6. 10,000 concurrent streams -----------------------------------------------------------

idle_streams=10000
idle_connections=10

# concurrent_streams TOOL_NAME TOOL_BIN
concurrent_streams() {
  local tool=$1 tool_bin=$2
  start_users_server concurrent || return 1
  local out=$work/idle.json pid rss0 rss_held rss_after t0 opened client_t0 client_took json_check
  rss0=$(vm_kib "$server_pid" VmRSS)
  t0=$(now_us)
  spawn "$out" "$tool_bin" idle --addr "127.0.0.1:$port" --streams "$idle_streams" \
    --connections "$idle_connections" --hold 5s --json --timeout 150s
  pid=$spawned
  if ! wait_until 120 grep -qs '"event":"ready"' "$out"; then
    reason="$tool idle did not report its $idle_streams streams ready within 120 s: $(one_line "$(cat "$out.err")")"
    return 1
  fi
  opened=$(since "$t0")
  if ! wait_until 10 metric_is users_streams_active "$idle_streams"; then
    reason="users_streams_active is $(metric users_streams_active) while users-bench holds $idle_streams streams$(scrape_note)"
    return 1
  fi
  rss_held=$(vm_kib "$server_pid" VmRSS)
  client_t0=$(now_us)
  serves_normal_client concurrent || return 1
  client_took=$(since "$client_t0")
  if ! wait_exit "$pid" 60; then
    reason="$tool idle did not finish within 60 s of its ready line"
    return 1
  fi
  if [ "$exit_code" -ne 0 ]; then
    reason="$tool idle exited $exit_code: $(one_line "$(cat "$out.err")")"
    return 1
  fi
  if ! json_check=$(python3 - "$out" "$idle_streams" <<'EOF'
import json, sys
result = json.loads(open(sys.argv[1]).read().splitlines()[-1])
ok = result.get("messages") == int(sys.argv[2]) and result.get("streams") == int(sys.argv[2])
print(f"first answers p99 {result['latency_us']['p99'] / 1000:.0f} ms")
sys.exit(0 if ok else 1)
EOF
  ); then
    reason="$tool idle: $(tail -n 1 "$out")"
    return 1
  fi
  active_back_to_zero || return 1
  if ! wait_until 10 metric_is 'users_streams_finished_total{code="OK"}' $((idle_streams + 1)); then
    reason="users_streams_finished_total{code=\"OK\"} is $(metric 'users_streams_finished_total{code="OK"}'), expected $((idle_streams + 1)) (the idle streams and the normal client)$(scrape_note)"
    return 1
  fi
  rss_after=$(vm_kib "$server_pid" VmRSS)
  figures="$idle_streams streams held after ${opened}s ($json_check); server RSS $(mib "$rss0") MiB before, $(mib "$rss_held") holding them ($(((rss_held - rss0) * 1024 / idle_streams)) bytes per stream), $(mib "$rss_after") after; normal client served in ${client_took}s meanwhile; all $idle_streams ended OK"
}

check "6b. $idle_streams concurrent streams over $idle_connections connections (users-go-load idle)" \
  concurrent_streams users-go-load "$go_load_bin"

# --- 7. rapid reset -------------------------------------------------------------------------

reset_streams=100000
reset_connections=4

# pingpong_loop OUT STOP_FILE: users-bench ping-pong runs (500 requests each), one after the
# other until STOP_FILE exists; each run's JSON line goes to OUT, a failure's error to OUT.err.
pingpong_loop() {
  local out=$1 stop=$2 child=""
  trap 'kill "$child" 2>/dev/null; exit 0' TERM
  while [ ! -e "$stop" ]; do
    "$bench_bin" ping-pong --addr "127.0.0.1:$port" --requests 500 --json --timeout 60s \
      >>"$out" 2>>"$out.err" &
    child=$!
    wait "$child" || echo "ping-pong run failed (exit $?)" >>"$out.err"
  done
}

rapid_reset() {
  start_users_server rapid-reset || return 1
  local out=$work/rapid-reset.json pp=$work/pingpong.jsonl stop=$work/pingpong.stop
  local rss0 rss1 cpu0 cpu1 hz rc=0 summary normal_streams=5000 normal_cpu started0
  hz=$(getconf CLK_TCK)
  # What a normal stream costs: one user, answered, closed OK.
  cpu0=$(cpu_ticks "$server_pid")
  if ! "$bench_bin" churn --addr "127.0.0.1:$port" --streams "$normal_streams" --concurrency 32 \
      --users 1 --json --timeout 120s >"$work/churn.json" 2>"$work/churn.err"; then
    reason="the normal streams failed: $(one_line "$(cat "$work/churn.err")")"
    return 1
  fi
  normal_cpu=$(($(cpu_ticks "$server_pid") - cpu0))
  scraped || return 1
  started0=$(metric users_streams_started_total)
  rss0=$(vm_kib "$server_pid" VmRSS)
  cpu0=$(cpu_ticks "$server_pid")
  : >"$pp"
  pingpong_loop "$pp" "$stop" &
  bg_pids+=("$!")
  local loop_pid=$!
  wait_until 30 lines_at_least "$pp" 1 || { reason="ping-pong beside: no run finished within 30 s: $(one_line "$(cat "$pp.err")")"; return 1; }
  timeout 200 "$py" "$ci_dir/faults/rapid_reset.py" --addr "127.0.0.1:$port" --streams "$reset_streams" \
    --connections "$reset_connections" --batch 100 --max-seconds 180 >"$out" 2>"$out.err" || rc=$?
  touch "$stop"
  wait_exit "$loop_pid" 60 || true
  cpu1=$(cpu_ticks "$server_pid")
  rss1=$(vm_kib "$server_pid" VmRSS)
  if [ "$rc" -ne 0 ]; then
    reason="rapid_reset.py exited $rc: $(one_line "$(cat "$out" "$out.err")")"
    return 1
  fi
  if [ -s "$pp.err" ]; then
    reason="ping-pong beside the resets failed: $(one_line "$(cat "$pp.err")")"
    return 1
  fi
  active_back_to_zero || return 1
  serves_normal_client rapid-reset || return 1
  scraped || return 1
  # The calls the server started for the resets: all since the normal streams but the
  # ping-pong runs' and the normal client's.
  if ! summary=$(python3 "$ci_dir/faults/reset_figures.py" --resets "$out" --pingpong "$pp" \
      --cpu-ticks "$((cpu1 - cpu0))" --clk-tck "$hz" \
      --calls-started "$(($(metric users_streams_started_total) - started0 - $(grep -c '^{' "$pp") - 1))" \
      --normal-cpu-ticks "$normal_cpu" --normal-streams "$normal_streams" --rss-kib "$rss0" "$rss1" \
      --server "$server_bin" ${report:+--report "$report"} $([ "$own_server" -eq 0 ] || echo --require-defences) 2>"$work/figures.err"); then
    reason="$(cat "$work/figures.err"): $summary"
    return 1
  fi
  figures=$summary
}

check "7. rapid reset: $reset_streams streams opened and reset over $reset_connections connections" rapid_reset

# --- 8. bad input over raw HTTP/2 -----------------------------------------------------------

bad_input() {
  start_users_server bad-input || return 1
  local out=$work/bad-input.out rc=0
  timeout 120 "$py" "$ci_dir/faults/bad_input.py" --addr "127.0.0.1:$port" --json "$work/bad-input.json" \
    >"$out" 2>"$out.err" || rc=$?
  details=$(sed 's/^/faults:   /' "$out")
  if [ "$rc" -ne 0 ]; then
    reason="bad_input.py exited $rc: $(one_line "$(cat "$out.err")")"
    return 1
  fi
  active_back_to_zero || return 1
  serves_normal_client bad-input || return 1
  figures="$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$work/bad-input.json") cases, each on a connection of its own; what the server answered is listed below; the witness stream ended OK; $rss_change"
}

check "8. bad input over raw HTTP/2, beside open streams" bad_input

echo "faults: $((SECONDS - started))s"
echo "faults: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
