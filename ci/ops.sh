#!/usr/bin/env bash
# Operational checks of users-server with grpc-go peers and nginx:
#  - gzip: compressed requests from the Go client are answered right; a server started with
#    --compression gzip answers the Go client (plain and gzip) right, compressed on the wire;
#    the Rust client's --compression gzip reaches the Go server compressed.
#  - keepalive: the ping policy, scaled down in time by 50 (server default "clients may ping
#    every 5 s" -> 100ms, a Go client pinging every 10 s -> 200ms, via users-go-keepalive, a
#    raw HTTP/2 client that sends what a grpc-go client with keepalive sends, on that scale):
#    a client pinging without data, with and without a stream, gets no GOAWAY and right
#    answers; as a control, a server that allows pings every 1 s (50 s unscaled) sends GOAWAY
#    ENHANCE_YOUR_CALM "too_many_pings" to the same client, without a stream and on an idle one.
#  - nginx: two servers behind nginx with ci/tools/nginx/users-grpc.conf: streams through nginx
#    are answered right, both servers get streams, and their metrics add up to the streams run.
# Every response is checked field by field against the golden answers (tools/check_responses.py).
# Prints "ops: NAME: ok" or "ops: NAME: FAILED (reason)" per check and ends with
# "ops: N passed, M failed"; exits 1 when any check failed.
#
# usage: ci/ops.sh   (builds the Go peers; expects users-server and users-client built in
#                     $target_dir/debug: cargo build --workspace --bins)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
check_prefix=ops

server_bin=$target_dir/debug/users-server
client_bin=$target_dir/debug/users-client
go_bin=$cache_dir/go
need_built ops "$server_bin" "$client_bin"

work=$(mktemp -d)
trap 'stop_servers; rm -rf "$work"' EXIT

started=$SECONDS
echo "ops: building go"
if ! build_peer go >"$work/build-go.log" 2>&1; then
  cat "$work/build-go.log" >&2
  echo "ops: FAILED to build go" >&2
  exit 1
fi

# Users whose responses (which repeat the id) are long enough to shrink when gzip-compressed:
# the tutorial's responses are so short that the C core sends them uncompressed even when
# gzip is on (it sends a message as it is when compression would not make it smaller).
long_users=$work/long-ids.jsonl
long_suffix=-$(printf 'long-user-id-%.0s' $(seq 20))
python3 "$ci_dir/tools/check_responses.py" write-generated 50 "$long_suffix" >"$long_users"

# start_rust_server NAME [FLAG...]: starts users-server on a free loopback port with the given
# flags; sets $port, $server_pid and $log.
start_rust_server() {
  log=$work/$1.log; shift
  start_server "$log" env RUST_LOG=warn,users_server=info "$server_bin" --addr 127.0.0.1:0 "$@"
}

# --- gzip ------------------------------------------------------------------------------------

# The Go client's -wire-stats line: "wire: requests ENC, K of N compressed; responses ENC, ...".
wire_has() {
  local out=$1 want=$2
  grep -q "^wire: .*$want" "$out.err" && return 0
  reason="$(basename "$out"): expected \"$want\" on the wire, got: $(grep '^wire:' "$out.err" || echo 'no wire line')"
  return 1
}

gzip_go_client_to_rust() {
  start_rust_server rust-plain || { reason="server did not start: $(one_line "$(tail -n 3 "$log")")"; return 1; }
  local out=$work/gzip-go-client.jsonl rc=0
  go_client "127.0.0.1:$port" "$out" -compression gzip -wire-stats || rc=$?
  client_ran "go client" "$rc" "$out" || return 1
  responses_right "$out" tutorial || return 1
  stop_server "$server_pid"
  wire_has "$out" "requests gzip, 5 of 5 compressed"
}

# gzip_rust_server_to_go COMPRESSION: a server with --compression gzip, the Go client sending
# with COMPRESSION; the long-id answers must come compressed.
gzip_rust_server_to_go() {
  local compression=$1 rc=0
  start_rust_server rust-gzip-$compression --compression gzip || { reason="server did not start: $(one_line "$(tail -n 3 "$log")")"; return 1; }
  local out=$work/gzip-server-tutorial-$compression.jsonl
  go_client "127.0.0.1:$port" "$out" -compression "$compression" -wire-stats || rc=$?
  client_ran "go client" "$rc" "$out" || return 1
  responses_right "$out" tutorial || return 1
  wire_has "$out" "responses gzip" || return 1
  out=$work/gzip-server-long-$compression.jsonl
  go_client "127.0.0.1:$port" "$out" -compression "$compression" -wire-stats -input "$long_users" || rc=$?
  client_ran "go client" "$rc" "$out" || return 1
  responses_right "$out" generated 50 "$long_suffix" || return 1
  stop_server "$server_pid"
  wire_has "$out" "responses gzip, 50 of 50 compressed"
}

# The Go server logs each stream's request encoding when the stream ends ("stream ended:
# requests gzip, K of N compressed"); it answers gzip requests with gzip.
gzip_rust_client_to_go() {
  local glog=$work/go-server.log rc=0
  start_server "$glog" "$go_bin/users-go-server" -addr 127.0.0.1:0 || { reason="go server did not start"; return 1; }
  local out=$work/gzip-rust-client-tutorial.jsonl
  rust_client "127.0.0.1:$port" "$out" --compression gzip || rc=$?
  client_ran "rust client" "$rc" "$out" || return 1
  responses_right "$out" tutorial || return 1
  out=$work/gzip-rust-client-long.jsonl
  rust_client "127.0.0.1:$port" "$out" --compression gzip --input "$long_users" || rc=$?
  client_ran "rust client" "$rc" "$out" || return 1
  responses_right "$out" generated 50 "$long_suffix" || return 1
  stop_server "$server_pid"
  local ended
  ended=$(grep -o 'stream ended: .*' "$glog" | tr '\n' ';')
  if ! grep -q 'stream ended: requests gzip, [0-9]* of 5 compressed' "$glog" ||
    ! grep -q 'stream ended: requests gzip, 50 of 50 compressed' "$glog"; then
    reason="the Go server did not get gzip requests (5 tutorial users, then 50 long-id users all compressed): ${ended:-no stream logged}"
    return 1
  fi
}

check "gzip: go client -compression gzip -> rust server" gzip_go_client_to_rust
check "gzip: rust server --compression gzip -> go client" gzip_rust_server_to_go none
check "gzip: rust server --compression gzip -> go client -compression gzip" gzip_rust_server_to_go gzip
check "gzip: rust client --compression gzip -> go server" gzip_rust_client_to_go

# --- keepalive -------------------------------------------------------------------------------

# Scaled by 1/50: the server's 5 s becomes 100ms, the Go client's 10 s becomes 200ms; each
# idle phase lasts 3 s, some 14 pings, of which at least 10 must be answered. The probe's
# ping timeout stays at 1 s (20 s / 50 would be 400ms) so that a busy machine is no cause.
ping_every=200ms
probe_flags=(-time "$ping_every" -timeout 1s -idle 3s -min-pings 10)

# keepalive_probe MIN_TIME OUT [FLAG...]: a server with --keepalive-min-time MIN_TIME and the
# probe against it; sets $probe_rc, the probe's output in OUT.
keepalive_probe() {
  local min_time=$1 out=$2; shift 2
  start_rust_server "keepalive-$min_time" --keepalive-min-time "$min_time" || { reason="server did not start: $(one_line "$(tail -n 3 "$log")")"; return 1; }
  probe_rc=0
  timeout 60 "$go_bin/users-go-keepalive" -addr "127.0.0.1:$port" "${probe_flags[@]}" "$@" >"$out" 2>&1 || probe_rc=$?
  stop_server "$server_pid"
}

keepalive_scaled_default() {
  local out=$work/keepalive-default.out
  keepalive_probe 100ms "$out" || return 1
  if [ "$probe_rc" -ne 0 ]; then
    reason="probe exited $probe_rc: $(one_line "$(cat "$out")")"
    return 1
  fi
}

# keepalive_control WHERE [FLAG...]: a server that allows pings only every 1 s must send the
# probe GOAWAY too_many_pings, and the probe must fail naming it.
keepalive_control() {
  local where=$1 out=$work/keepalive-control-${1// /-}.out; shift
  keepalive_probe 1s "$out" "$@" || return 1
  if [ "$probe_rc" -ne 1 ] || ! grep -q 'ENHANCE_YOUR_CALM "too_many_pings".*'"$where" "$out"; then
    reason="expected the probe to fail (exit 1) with GOAWAY ENHANCE_YOUR_CALM \"too_many_pings\" $where; it exited $probe_rc: $(one_line "$(cat "$out")")"
    return 1
  fi
}

check "keepalive: server min 100ms, go client pings every $ping_every: no GOAWAY, answers right" keepalive_scaled_default
check "keepalive control: server min 1s, go client pings every $ping_every without a stream: GOAWAY too_many_pings" \
  keepalive_control "without a stream"
check "keepalive control: server min 1s, go client pings every $ping_every on an idle stream: GOAWAY too_many_pings" \
  keepalive_control "on an idle stream" -without-stream=false

# --- nginx -----------------------------------------------------------------------------------

runs=6          # streams of the tutorial's users through nginx
generated=1000  # then one stream of this many generated users
declare -a metrics_addrs=()
nginx_up=0

# wait_metrics LOG: waits (5 s at most) for "metrics on http://ADDR/metrics"; sets $metrics_addr.
wait_metrics() {
  local i
  for i in $(seq 1 100); do
    metrics_addr=$(sed -n 's|.*metrics on http://\([^/ ]*\)/metrics.*|\1|p' "$1" | head -n 1)
    [ -n "$metrics_addr" ] && return 0
    sleep 0.05
  done
  return 1
}

# accepts PORT: something accepts TCP connections on 127.0.0.1:PORT.
accepts() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_nginx BACKEND_1 BACKEND_2: fills in ci/tools/nginx/users-grpc.conf, checks it with nginx -t,
# runs nginx in the foreground on a free loopback port and waits (10 s at most) until it
# accepts connections; sets $nginx_port. A port taken in between is tried again, twice.
start_nginx() {
  if ! command -v nginx >/dev/null; then
    reason="nginx is not installed (ci/setup.sh installs it)"
    return 1
  fi
  local dir=$work/nginx attempt i out
  mkdir -p "$dir"
  # Started as root, nginx runs its worker as nobody, which must be able to reach its
  # temporary directories (nginx creates them and hands them over) through the work directory.
  chmod 711 "$work"
  for attempt in 1 2 3; do
    nginx_port=$(free_port)
    sed -e "s|@LISTEN@|127.0.0.1:$nginx_port|" -e "s|@BACKEND_1@|$1|" -e "s|@BACKEND_2@|$2|" \
      -e "s|@DIR@|$dir|g" "$ci_dir/tools/nginx/users-grpc.conf" >"$dir/nginx.conf"
    if ! out=$(nginx -t -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -g 'daemon off;' 2>&1); then
      reason="nginx -t: $(one_line "$(echo "$out" | grep -v 'test failed')")"
      return 1
    fi
    nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -g 'daemon off;' >"$dir/stderr.log" 2>&1 &
    local pid=$!
    server_pids+=("$pid")
    # nginx retries a failed bind() for a while: a port taken in between may accept
    # connections for another process, so nginx must not have logged a bind failure.
    for i in $(seq 1 200); do
      if accepts "$nginx_port"; then
        grep -q 'bind() failed' "$dir/error.log" "$dir/stderr.log" 2>/dev/null || return 0
        break
      fi
      alive "$pid" || break
      sleep 0.05
    done
    stop_server "$pid"
    grep -q 'bind() failed' "$dir/error.log" "$dir/stderr.log" 2>/dev/null || break
    : >"$dir/error.log"
  done
  reason="nginx did not accept connections on 127.0.0.1:$nginx_port within 10 s: $(one_line "$(tail -n 2 "$dir/error.log" "$dir/stderr.log" 2>/dev/null | grep -v '^==\|^$')")"
  return 1
}

nginx_streams() {
  local backends=() i
  for i in 1 2; do
    start_rust_server "replica-$i" --metrics-addr 127.0.0.1:0 || { reason="server $i did not start: $(one_line "$(tail -n 3 "$log")")"; return 1; }
    wait_metrics "$log" || { reason="server $i did not log 'metrics on http://ADDR/metrics' within 5 s"; return 1; }
    backends+=("127.0.0.1:$port")
    metrics_addrs+=("$metrics_addr")
  done
  start_nginx "${backends[@]}" || return 1
  nginx_up=1
  local out rc=0
  for i in $(seq 1 "$runs"); do
    out=$work/nginx-run-$i.jsonl
    go_client "127.0.0.1:$nginx_port" "$out" || rc=$?
    client_ran "go client (run $i)" "$rc" "$out" || return 1
    responses_right "$out" tutorial || return 1
  done
  out=$work/nginx-run-generated.jsonl
  go_client "127.0.0.1:$nginx_port" "$out" -count "$generated" || rc=$?
  client_ran "go client ($generated users)" "$rc" "$out" || return 1
  responses_right "$out" generated "$generated"
}

# scrape URL: the body of URL (5 s at most).
scrape() {
  python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' "$1"
}

# metric TEXT NAME: the value of the sample NAME (with its labels, if any) in TEXT, 0 if absent.
metric() {
  printf '%s\n' "$1" | awk -v name="$2" '$1 == name { v = $2 } END { print v + 0 }'
}

# Both replicas got streams, and their counters add up to the streams run. A stream is counted
# finished just after its status is sent, so the counters are read again (5 s at most) until
# they settle.
nginx_spread() {
  [ "$nginx_up" -eq 1 ] || { reason="nginx and its replicas did not start (see the check above)"; return 1; }
  local streams=$((runs + 1)) users=$((runs * 5 + generated)) i m text
  local started finished received per_replica
  for i in $(seq 1 50); do
    started=0 finished=0 received=0 per_replica=""
    for m in "${metrics_addrs[@]}"; do
      if ! text=$(scrape "http://$m/metrics" 2>&1); then
        reason="scraping http://$m/metrics: $(one_line "$text")"
        return 1
      fi
      local s
      s=$(metric "$text" users_streams_started_total)
      per_replica+=" $s"
      started=$((started + s))
      finished=$((finished + $(metric "$text" 'users_streams_finished_total{code="OK"}')))
      received=$((received + $(metric "$text" users_received_total)))
    done
    [ "$started" -eq "$streams" ] && [ "$finished" -eq "$streams" ] && [ "$received" -eq "$users" ] && break
    sleep 0.1
  done
  local counts
  read -r -a counts <<<"$per_replica"
  if [ "${counts[0]}" -eq 0 ] || [ "${counts[1]}" -eq 0 ] || [ "$started" -ne "$streams" ] ||
    [ "$finished" -ne "$streams" ] || [ "$received" -ne "$users" ]; then
    reason="streams started per replica:${per_replica} (both must be > 0), in all $started, finished OK $finished (expected $streams); users received $received (expected $users)"
    return 1
  fi
}

check "nginx: $runs tutorial streams and one of $generated users through nginx, answers right" nginx_streams
check "nginx: both replicas got streams, metrics add up to $((runs + 1)) streams" nginx_spread

check_summary "$started"
