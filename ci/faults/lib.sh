# Helpers shared by ci/faults.sh and ci/soak.sh; source it after ci/lib.sh, don't run it.
# Expects $work (a scratch directory) and $server_bin to be set, and $client_bin for
# serves_normal_client.

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

# one_line TEXT: TEXT's first lines joined into one, for $reason.
one_line() {
  printf '%s' "$1" | head -n 3 | tr '\n' ' ' | sed 's/ *$//'
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
  if ! problems=$(python3 "$ci_dir/check_responses.py" tutorial "$out"); then
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
