#!/usr/bin/env bash
# The fault checks that need raw HTTP/2 or the Go peers, run by pytest (ci/faults/:
# test_faults.py says what each checks, conftest.py how the servers are started): 6b, 10,000
# streams opened by users-go-load; 7, rapid reset; 8, bad input over raw HTTP/2; 9, the wire
# against both grpc-go servers, held to ci/faults/contract.py. The
# process-level faults (killed and stopped peers, dead peers, deadlines, cancels, 10,000
# streams from users-bench) are Rust tests in e2e/tests/e2e/faults.rs, run by cargo test.
# About 45 s on 2 cores.
#
# usage: ci/faults.sh [--server BIN] [--report FILE] [N...]
#   N...           runs the checks numbered N (6 or 6b, 7, 8, 9; all by default)
#   --server BIN   checks another users-server binary (a release build, or the one on the gRPC
#                  C core 1.56.2): its figures are reported, but a defence it may predate
#                  (check 7's GOAWAY) is not required
#   --report FILE  appends check 7's figures to FILE as one JSON object
# Builds the Python venv of ci/interop/python (with pytest) and the Go peers; expects
# users-server, users-client and users-bench built in $target_dir/debug
# (cargo build --workspace --bins).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

args=()
select=()
while [ $# -gt 0 ]; do
  case $1 in
    --server) [ $# -ge 2 ] || { echo "faults: --server needs a binary" >&2; exit 2; }; args+=(--server "$2"); shift 2 ;;
    --report) [ $# -ge 2 ] || { echo "faults: --report needs a file" >&2; exit 2; }; args+=(--report "$2"); shift 2 ;;
    6|6b) select+=("test_6b"); shift ;;
    7|8|9) select+=("test_$1_"); shift ;;
    *) echo "faults: unknown argument '$1' (checks 6, 7, 8 and 9, --server BIN, --report FILE)" >&2; exit 2 ;;
  esac
done
if [ ${#select[@]} -gt 0 ]; then
  expr=${select[0]}
  for s in "${select[@]:1}"; do expr="$expr or $s"; done
  args+=(-k "$expr")
fi

need_built faults "$target_dir/debug/users-client" "$target_dir/debug/users-bench"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Check 9 also needs the grpc-go 1.33 server.
peers=(python go)
if [ ${#select[@]} -eq 0 ] || [[ " ${select[*]} " == *" test_9_ "* ]]; then peers+=(go-1.33); fi
for peer in "${peers[@]}"; do
  echo "faults: building $peer"
  if ! timeout 900 bash -c "source $(printf '%q' "$ci_dir/lib.sh") && build_peer $peer" >"$work/build-$peer.log" 2>&1; then
    cat "$work/build-$peer.log" >&2
    echo "faults: FAILED to build $peer" >&2
    exit 1
  fi
done
export PYTHONDONTWRITEBYTECODE=1  # the checks' imports leave no __pycache__ in the checkout
export CARGO_TARGET_DIR=$target_dir USERS_GRPC_CACHE=$cache_dir
"$cache_dir/python/venv/bin/python" -m pytest "$ci_dir/faults" -s -q -p no:cacheprovider \
  --basetemp "$work/pytest" "${args[@]}"
