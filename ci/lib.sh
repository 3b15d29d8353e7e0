# The one library of the ci/ entry scripts; source it, don't run it. Sections: servers and
# peers; the check harness of ops.sh and tls.sh (set $check_prefix first); the process,
# metrics and client helpers of soak.sh (set $work, $server_bin and $client_bin first).

ci_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root_dir=$(cd "$ci_dir/.." && pwd)
cache_dir=${USERS_GRPC_CACHE:-$HOME/.cache/users-grpc}
target_dir=${CARGO_TARGET_DIR:-$root_dir/target}
server_pids=()

# Stops every server started with start_server.
stop_servers() {
  local pid
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${server_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  server_pids=()
}

# start_server LOG CMD...: starts a server that logs "listening on HOST:PORT", waits for that
# line and sets $port (and $server_pid). Gives up after 30 s or if the server exits.
start_server() {
  local log=$1; shift
  "$@" >"$log" 2>&1 &
  server_pid=$!
  server_pids+=("$server_pid")
  local i
  for i in $(seq 1 600); do
    port=$(sed -n 's/.*listening on [^ ]*:\([0-9][0-9]*\).*/\1/p' "$log" | head -n 1)
    [ -n "$port" ] && return 0
    alive "$server_pid" || break
    sleep 0.05
  done
  echo "server did not log 'listening on HOST:PORT' within 30 s ($*)" >&2
  echo "(it logs that line at info: check RUST_LOG); its output:" >&2
  cat "$log" >&2
  return 1
}

# alive PID: the process exists and has not exited (a child that exited but was not waited
# for yet is a zombie, which kill -0 still finds).
alive() {
  local state
  state=$(sed -n 's/^[0-9]* (.*) \([A-Za-z]\).*/\1/p' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# stop_server PID: stops one server started with start_server (SIGTERM, SIGKILL if it is
# still there after 5 s) and forgets it.
stop_server() {
  local pid=$1 i p rest=()
  kill "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do
    alive "$pid" || break
    sleep 0.05
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${server_pids[@]}"; do [ "$p" = "$pid" ] || rest+=("$p"); done
  server_pids=("${rest[@]}")
}

# build_peer PEER [CARGO_FLAG...]: builds one peer's server and client (incremental); the Rust
# pair is the whole workspace, with the given cargo flags (--release for benchmarks).
# rust-1.56 is users-server on the gRPC C core 1.56.2, as it was before grpcio-sys/ (release);
# go is grpc-go as ci/interop/go/go.mod pins it (with the load tool and the keepalive probe),
# go-1.33 the same server and client on Debian's grpc-go 1.33; java grpc-java as
# ci/interop/java/pom.xml pins it.
build_peer() {
  local peer=$1; shift
  case $peer in
    rust) (cd "$root_dir" && cargo build --workspace --bins "$@") ;;
    rust-1.56) bash "$ci_dir/bench/build_old_core.sh" "$cache_dir/rust-1.56" ;;
    go) bash "$ci_dir/interop/go/build.sh" "$cache_dir/go" ;;
    go-1.33) bash "$ci_dir/interop/go/build_1.33.sh" "$cache_dir/go-1.33" ;;
    java) bash "$ci_dir/interop/java/build.sh" "$cache_dir/java" ;;
    cpp) bash "$ci_dir/interop/cpp/build.sh" "$cache_dir/cpp" ;;
    python) bash "$ci_dir/interop/python/build.sh" "$cache_dir/python" ;;
    node) bash "$ci_dir/interop/node/build.sh" "$cache_dir/node" ;;
    tonic) bash "$ci_dir/interop/tonic/build.sh" "$cache_dir/tonic" ;;
    *) echo "unknown peer $peer (known: rust rust-1.56 go go-1.33 java cpp python node tonic)" >&2; return 2 ;;
  esac
}

# module_go: prints the first go command that can build ci/interop/go's module, i.e. Go 1.21 or
# newer (which fetches the release go.mod names through GOTOOLCHAIN): the go on PATH, else
# Debian's golang-1.2x (bookworm-backports), else /usr/local/go. Fails when there is none.
module_go() {
  local go version minor
  for go in "$(command -v go)" /usr/lib/go-1.2[1-9]/bin/go /usr/local/go/bin/go; do
    [ -x "$go" ] || continue
    # From /: in a folder whose go.mod names a newer Go, an older go refuses even this.
    version=$(cd / && GOTOOLCHAIN=local "$go" env GOVERSION 2>/dev/null) || continue
    minor=$(echo "$version" | sed -n 's/^go1\.\([0-9][0-9]*\).*/\1/p')
    if [ -n "$minor" ] && [ "$minor" -ge 21 ]; then
      echo "$go"
      return 0
    fi
  done
  return 1
}

# need_built PREFIX BIN...: each binary exists, else a one-line error (PREFIX: ...) and exit 1.
need_built() {
  local prefix=$1 bin; shift
  for bin in "$@"; do
    if [ ! -x "$bin" ]; then
      echo "$prefix: $bin not found: build it first (cargo build --workspace --bins; CARGO_TARGET_DIR=$target_dir)" >&2
      exit 1
    fi
  done
}

# cpu_ticks PID: utime + stime of the process (clock ticks), from /proc/PID/stat.
cpu_ticks() {
  local stat rest f
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  rest=${stat##*) }
  read -r -a f <<<"$rest"
  echo $((f[11] + f[12]))
}

# vm_kib PID FIELD: VmRSS, VmHWM... of the process, in KiB.
vm_kib() {
  sed -n "s/^$2:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$1/status" 2>/dev/null || true
}

# --- the check harness (ops.sh, tls.sh) -----------------------------------------------------

passed=0
failed=0
reason=""
details=""

# check NAME FUNCTION [ARG...]: runs one check and prints "PREFIX: NAME: ok" or
# "PREFIX: NAME: FAILED (reason)"; the function returns non-zero with $reason set when the
# check fails, and may set $details, lines printed under the result.
check() {
  local name=$1; shift
  reason=""
  details=""
  if "$@" && [ -z "$reason" ]; then  # (a function's last command may fail with $reason set)
    echo "$check_prefix: $name: ok"
    passed=$((passed + 1))
  else
    echo "$check_prefix: $name: FAILED (${reason:-failed without a reason})"
    failed=$((failed + 1))
  fi
  [ -z "$details" ] || printf '%s\n' "$details" | sed "s/^/$check_prefix:   /"
}

# one_line TEXT: TEXT's first lines joined into one, for $reason.
one_line() {
  printf '%s' "$1" | head -n 3 | tr '\n' ' ' | sed 's/ *$//'
}

# responses_right OUT CHECK_ARG...: check_responses.py CHECK_ARG... OUT passes, else $reason.
responses_right() {
  local out=$1 problems; shift
  if ! problems=$(python3 "$ci_dir/tools/check_responses.py" "$@" "$out"); then
    reason="$(basename "$out"): $(one_line "$problems")"
    return 1
  fi
}

# client_ran WHAT STATUS OUT: the client exited 0, else $reason names its last error line.
client_ran() {
  [ "$2" -eq 0 ] && return 0
  reason="$1 exited $2: $(tail -n 1 "$3.err")"
  return 1
}

# go_client ADDR OUT [FLAG...]: the Go client ($go_bin), its JSON responses in OUT and its
# stderr in OUT.err.
go_client() {
  local addr=$1 out=$2; shift 2
  timeout 60 "$go_bin/users-go-client" -addr "$addr" -delay 0s -output json "$@" >"$out" 2>"$out.err"
}

# rust_client ADDR OUT [FLAG...]: the Rust client ($client_bin), likewise.
rust_client() {
  local addr=$1 out=$2; shift 2
  timeout 60 "$client_bin" --addr "$addr" --delay 0ms --output json --timeout 50s "$@" >"$out" 2>"$out.err"
}

# check_summary STARTED: the closing lines, and the exit status (1 when a check failed).
check_summary() {
  echo "$check_prefix: $((SECONDS - $1))s"
  echo "$check_prefix: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

# --- processes, metrics and a normal client (soak.sh) ---------------------------------------

bg_pids=()  # clients and load tools started with spawn

# spawn OUT CMD...: starts CMD in the background, its stdout in OUT and its stderr in OUT.err;
# sets $spawned to its pid. stop_spawned kills whatever is still running.
spawn() {
  local out=$1; shift
  "$@" >"$out" 2>"$out.err" &
  spawned=$!
  bg_pids+=("$spawned")
}

# Stops every process started with spawn (or added to bg_pids): SIGTERM, then SIGKILL for
# those still there after 2 s (a SIGSTOPped client only ends that way). Quietly: the shell
# would otherwise report each killed job on stderr.
stop_spawned() {
  {
    local pid i
    for pid in "${bg_pids[@]}"; do kill -TERM "$pid" || true; done
    for i in $(seq 1 40); do
      any_alive "${bg_pids[@]}" || break
      sleep 0.05
    done
    for pid in "${bg_pids[@]}"; do kill -KILL "$pid" || true; done
    for pid in "${bg_pids[@]}"; do wait "$pid" || true; done
  } 2>/dev/null
  bg_pids=()
}

# any_alive PID...: one of the processes is still running.
any_alive() {
  local pid
  for pid in "$@"; do alive "$pid" && return 0; done
  return 1
}

# kill_now PID: SIGKILLs a child process and reaps it at once (so the shell reports nothing).
kill_now() {
  { kill -KILL "$1"; wait "$1"; } 2>/dev/null || true
}

# wait_exit PID SECONDS: waits up to SECONDS for a process started with spawn to exit and sets
# $exit_code; past SECONDS it is killed and the function fails (exit_code 137).
wait_exit() {
  local pid=$1 limit=$2 start=$SECONDS
  while alive "$pid"; do
    if [ $((SECONDS - start)) -ge "$limit" ]; then
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      exit_code=137
      return 1
    fi
    sleep 0.05
  done
  exit_code=0
  wait "$pid" 2>/dev/null || exit_code=$?
}

# wait_until SECONDS CMD...: runs CMD every 50 ms until it succeeds (status 0) or SECONDS pass.
wait_until() {
  local limit=$1 start=$SECONDS; shift
  until "$@"; do
    [ $((SECONDS - start)) -lt "$limit" ] || return 1
    sleep 0.05
  done
}

# now_us: the wall clock in microseconds. since T0_US: seconds since T0_US, as "1.23".
now_us() { echo "${EPOCHREALTIME/./}"; }
since() {
  local ms=$((($(now_us) - $1) / 1000))
  printf '%d.%02d' $((ms / 1000)) $((ms % 1000 / 10))
}

# mib KIB: KiB as MiB with one decimal.
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# start_users_server NAME [FLAG...]: users-server on free loopback ports for gRPC and metrics,
# logging each stream's end (info); sets $port, $server_pid, $log, $metrics_addr and
# $rss_start (KiB).
start_users_server() {
  log=$work/$1.log; shift
  if ! start_server "$log" env RUST_LOG=warn,users_server=info "$server_bin" --addr 127.0.0.1:0 \
    --metrics-addr 127.0.0.1:0 "$@" 2>>"$work/start.err"; then
    reason="the server did not start: $(tail -n 1 "$log")"
    return 1
  fi
  rss_start=$(vm_kib "$server_pid" VmRSS)
  metrics_addr=
  if ! wait_until 5 metrics_logged; then
    reason="the server did not log 'metrics on http://ADDR/metrics' within 5 s"
    return 1
  fi
}
metrics_logged() {
  metrics_addr=$(sed -n 's|.*metrics on http://\([^/ ]*\)/metrics.*|\1|p' "$log" | head -n 1)
  [ -n "$metrics_addr" ]
}

# scrape: reads the server's metrics into $metrics_text (5 s at most); on failure, says why
# in $scrape_error. scraped: the same, but a failure sets $reason.
scrape() {
  if ! metrics_text=$(python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' \
    "http://$metrics_addr/metrics" 2>&1); then
    scrape_error="scraping http://$metrics_addr/metrics failed: $(echo "$metrics_text" | tail -n 1)"
    metrics_text=""
    return 1
  fi
}
scraped() {
  scrape || { reason=$scrape_error; return 1; }
}

# scrape_note: " (scraping ... failed: ...)" when the last scrape failed, else nothing.
scrape_note() {
  [ -n "$metrics_text" ] || echo " ($scrape_error)"
}

# metric NAME: the value of the sample NAME (with its labels, if any) in $metrics_text, 0 if absent.
metric() {
  printf '%s\n' "$metrics_text" | awk -v name="$1" '$1 == name { v = $2 } END { print v + 0 }'
}

# metric_is NAME VALUE: a fresh scrape has NAME at VALUE.
metric_is() {
  scrape && [ "$(metric "$1")" = "$2" ]
}

# lines_at_least FILE N: FILE has N lines or more.
lines_at_least() {
  [ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ]
}

# serves_normal_client NAME: the server (still alive) answers the tutorial's five users right
# through users-client; else $reason. Sets $rss_end (KiB) and $rss_change ("RSS A -> B MiB",
# from the server's start).
serves_normal_client() {
  local out=$work/$1-after.jsonl rc=0 problems
  if ! alive "$server_pid"; then
    reason="the server exited: $(one_line "$(tail -n 3 "$log")")"
    return 1
  fi
  timeout 60 "$client_bin" --addr "127.0.0.1:$port" --delay 0ms --output json --timeout 30s \
    >"$out" 2>"$out.err" || rc=$?
  if [ "$rc" -ne 0 ]; then
    reason="a normal client then failed (exit $rc): $(one_line "$(cat "$out.err")")"
    return 1
  fi
  if ! problems=$(python3 "$ci_dir/tools/check_responses.py" tutorial "$out"); then
    reason="a normal client then got wrong answers: $(one_line "$problems")"
    return 1
  fi
  if ! alive "$server_pid"; then
    reason="the server exited after the normal client: $(one_line "$(tail -n 3 "$log")")"
    return 1
  fi
  rss_end=$(vm_kib "$server_pid" VmRSS)
  rss_change="server RSS $(mib "$rss_start") -> $(mib "$rss_end") MiB"
}
