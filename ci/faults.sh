#!/usr/bin/env bash
# The fault checks that need raw HTTP/2 or the Go peers (ci/checks/test_faults.py says what
# each checks): 6b, 10,000 streams opened by users-go-load; 7, rapid reset; 8, bad input over
# raw HTTP/2; 9, the wire against both grpc-go servers, held to ci/tools/contract.py. The
# process-level faults (killed and stopped peers, dead peers, deadlines, cancels, 10,000
# streams from users-bench) are Rust tests in e2e/tests/e2e/faults.rs, run by cargo test.
# About 1.5 min on 2 cores.
#
# usage: ci/faults.sh [--server BIN] [--report FILE] [N...]
#   N...           runs the checks numbered N (6 or 6b, 7, 8, 9; all by default)
#   --server BIN   checks another users-server binary (a release build, or the one on the gRPC
#                  C core 1.56.2): its figures are reported, but a defence it may predate
#                  (check 7's GOAWAY) is not required
#   --report FILE  appends check 7's figures to FILE as one JSON object
set -euo pipefail

args=()
select=()
while [ $# -gt 0 ]; do
  case $1 in
    --server | --report) [ $# -ge 2 ] || { echo "faults: $1 needs a ${1#--}" >&2; exit 2; }; args+=("$1" "$2"); shift 2 ;;
    6 | 6b) select+=("test_6b"); shift ;;
    7 | 8 | 9) select+=("test_$1_"); shift ;;
    *) echo "faults: unknown argument '$1' (checks 6, 7, 8 and 9, --server BIN, --report FILE)" >&2; exit 2 ;;
  esac
done
if [ ${#select[@]} -gt 0 ]; then
  expr=${select[0]}
  for s in "${select[@]:1}"; do expr="$expr or $s"; done
  args+=(-k "$expr")
fi
exec bash "$(dirname "$0")/check.sh" faults -- "${args[@]}"
