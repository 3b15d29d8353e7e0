#!/usr/bin/env bash
# The main job: installs what is missing, builds, starts users-server, runs users-client
# against it (the tutorial's five users, one per second), then stops the server with SIGTERM.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

bash "$ci_dir/setup.sh" build
echo "== building"
(cd "$root_dir" && cargo build --workspace --bins)

work=$(mktemp -d)
server_pid=
trap '[ -z "$server_pid" ] || stop_pid "$server_pid"; rm -rf "$work"' EXIT
log=$work/server.log
# The port is read from the server's start-up line, logged at info.
RUST_LOG="${RUST_LOG:-info}" "$(peers path rust users-server)" --addr 127.0.0.1:0 >"$log" 2>&1 &
server_pid=$!
port=$(wait_listening "$log" "$server_pid")
echo "== users-server is listening on 127.0.0.1:$port"
echo "== users-client --addr 127.0.0.1:$port $*"
client_status=0
"$(peers path rust users-client)" --addr "127.0.0.1:$port" "$@" || client_status=$?
echo "== stopping users-server (SIGTERM)"
kill -TERM "$server_pid"
status=0
wait "$server_pid" || status=$?
server_pid=
echo "== server log"
cat "$log"
echo "== users-server exited with status $status"
[ "$client_status" -eq 0 ] || { echo "== users-client failed with status $client_status"; exit "$client_status"; }
exit "$status"
