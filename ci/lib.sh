# Shared helpers of the ci/ scripts; source it, don't run it.

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
# rust-1.56 is users-server on the gRPC C core 1.56.2, as it was before grpcio-sys/ (release).
build_peer() {
  local peer=$1; shift
  case $peer in
    rust) (cd "$root_dir" && cargo build --workspace --bins "$@") ;;
    rust-1.56) bash "$ci_dir/bench/build_old_core.sh" "$cache_dir/rust-1.56" ;;
    go) bash "$ci_dir/go/build.sh" "$cache_dir/go" ;;
    cpp) bash "$ci_dir/cpp/build.sh" "$cache_dir/cpp" ;;
    python) bash "$ci_dir/python/build.sh" "$cache_dir/python" ;;
    node) bash "$ci_dir/node/build.sh" "$cache_dir/node" ;;
    tonic) bash "$ci_dir/tonic/build.sh" "$cache_dir/tonic" ;;
    *) echo "unknown peer $peer (known: rust rust-1.56 go cpp python node tonic)" >&2; return 2 ;;
  esac
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
