#!/usr/bin/env bash
# Instructions per message of users-server, counted by valgrind's callgrind (repeatable
# whatever else the machine does): the server's total for one stream of 60,000 users driven by
# users-go-load flood, minus its total for 20,000, over 40,000. With --per-call, instructions
# per call instead: users-go-load churn of 3,000 streams of one user each (8 at a time), minus
# 1,000, over 2,000. Each total is the least of three fresh servers (--cq-count 1) under
# callgrind, stopped with SIGTERM once the load is answered.
#
# usage: ci/bench/callgrind.sh [--per-call] [NAME=BIN ...]
#   default: rust=the release users-server (gRPC C core 1.85.3) and rust-1.56=the same server
#   on core 1.56.2 (both built first). The environment passes through, so e.g.
#   GRPC_EXPERIMENTS=-event_engine_listener ci/bench/callgrind.sh measures an experiment.
# Prints one line per server; the callgrind files stay in $USERS_GRPC_CACHE/callgrind/.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

command -v valgrind >/dev/null || { echo "callgrind: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
per_call=0
if [ "${1:-}" = --per-call ]; then
  per_call=1
  shift
fi
servers=("$@")
if [ ${#servers[@]} -eq 0 ]; then
  peers build rust --release >/dev/null
  peers build rust-1.56 >/dev/null
  servers=("rust=$(peers path rust users-server --profile release)" "rust-1.56=$(peers path rust-1.56 users-server)")
fi
peers build go >/dev/null
load=$(peers path go users-go-load)
out=$cache_dir/callgrind
mkdir -p "$out"
server_pid=
trap '[ -z "$server_pid" ] || stop_pid "$server_pid"' EXIT

# count BIN N FILE: the instructions the server executed for one flood of N users (or, with
# --per-call, a churn of N one-user streams):
# the least of three runs, as a run now and then adds work that depends on time, not on
# messages (the core's timers and polling, about 50 times slower under valgrind).
count() {
  local bin=$1 size=$2 file=$3 run n least=
  for run in 1 2 3; do
    rm -f "$file.$run"
    RUST_LOG=warn,users_server=info valgrind --tool=callgrind \
      --callgrind-out-file="$file.$run" "$bin" --addr 127.0.0.1:0 --cq-count 1 >"$file.$run.log" 2>&1 &
    server_pid=$!
    port=$(wait_listening "$file.$run.log" "$server_pid")
    if [ "$per_call" -eq 1 ]; then
      "$load" churn --addr "127.0.0.1:$port" --streams "$size" --concurrency 8 --users 1 --json \
        --timeout 900s >"$file.$run.load"
    else
      "$load" flood --addr "127.0.0.1:$port" --users "$size" --json --timeout 900s >"$file.$run.load"
    fi
    kill -TERM "$server_pid"
    wait "$server_pid" || true
    server_pid=
    n=$(sed -n 's/^summary: \([0-9]*\)$/\1/p' "$file.$run")
    [ -n "$least" ] && [ "$least" -le "$n" ] || least=$n
  done
  echo "$least"
}

for entry in "${servers[@]}"; do
  name=${entry%%=*} bin=${entry#*=}
  need_built callgrind "$bin"
  if [ "$per_call" -eq 1 ]; then
    small=$(count "$bin" 1000 "$out/$name.calls-1000.out")
    large=$(count "$bin" 3000 "$out/$name.calls-3000.out")
    echo "callgrind: $name: $large instructions for 3,000 one-user streams, $small for 1,000:" \
      "$(((large - small) / 2000)) per call${GRPC_EXPERIMENTS:+ (GRPC_EXPERIMENTS=$GRPC_EXPERIMENTS)}"
    continue
  fi
  small=$(count "$bin" 20000 "$out/$name.20000.out")
  large=$(count "$bin" 60000 "$out/$name.60000.out")
  echo "callgrind: $name: $large instructions for 60,000 users, $small for 20,000:" \
    "$(((large - small) / 40000)) per message${GRPC_EXPERIMENTS:+ (GRPC_EXPERIMENTS=$GRPC_EXPERIMENTS)}"
done
