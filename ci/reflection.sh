#!/usr/bin/env bash
# A generic client against the Rust server: gRPC's own Python reflection and health clients
# (grpcio-reflection, grpcio-health-checking), without users.proto or any users stubs, list
# the services, load users.proto through reflection (v1alpha and v1), stream the tutorial's
# five users with message classes built from it, and check the health service. The same
# checks then run against the grpc-java server (grpc-java's own health and reflection
# services), the reference for what a generic client expects.
# Uses the server already built in $CARGO_TARGET_DIR (cargo build --workspace --bins).
#
# usage: ci/reflection.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

server=$target_dir/debug/users-server
if [ ! -x "$server" ]; then
  echo "reflection: $server is missing: build it first (cargo build --workspace --bins)" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'stop_servers; rm -rf "$work"' EXIT

for peer in python java; do
  echo "reflection: building $peer"
  if ! timeout 900 bash -c "source $(printf '%q' "$ci_dir/lib.sh") && build_peer $peer" >"$work/build-$peer.log" 2>&1; then
    cat "$work/build-$peer.log" >&2
    echo "reflection: FAILED to build $peer" >&2
    exit 1
  fi
done

# reflect NAME CMD...: starts the server CMD and runs the generic client against it; fails
# with the server's log.
reflect() {
  local name=$1 log=$work/$1.log status=0; shift
  echo "reflection: against the $name server"
  start_server "$log" "$@"
  timeout 120 "$cache_dir/python/users-py-reflect" --addr "127.0.0.1:$port" --timeout 10 || status=$?
  stop_server "$server_pid"
  if [ "$status" -ne 0 ]; then
    [ "$status" -ne 124 ] || echo "reflection: users-py-reflect did not finish within 120 s" >&2
    echo "reflection: FAILED against the $name server; its log:" >&2
    cat "$log" >&2
    return 1
  fi
}

reflect rust env RUST_LOG=warn,users_server=info "$server" --addr 127.0.0.1:0
reflect java "$cache_dir/java/users-java-server" --addr 127.0.0.1:0 --quiet
