#!/usr/bin/env bash
# The process-level checks of ci/, in one pytest harness: the checks are ci/checks/test_*.py
# (one conftest), on the library of ci/harness/ (the registry of peers ci/peers.toml, servers
# started on port 0 and found ready by their "listening on" line, bounded stops, clients with
# time limits, metrics, the golden answers). Runs under the pytest of the Python peer's venv,
# which it builds first (ci/interop/python/requirements.txt pins pytest); each check builds the
# peers it needs. Prints each check's name and figures, and pytest's count of passed and
# failed checks; exits non-zero when any failed.
#
# usage: ci/check.sh [CHECK...] [-- PYTEST_ARG...]
#   CHECK   interop, reflection, ops, tls, observability, deploy, container, faults (ci/checks/test_CHECK.py);
#           all, in that order, by default
#   PYTEST_ARG  e.g. -k 'test_7_', --peers "rust go" (the interop matrix's peers),
#           --server BIN and --report FILE (the fault checks: see ci/faults.sh)
# Each check builds the peers it needs through the registry, the Rust pair (cargo build
# --workspace --bins, into $CARGO_TARGET_DIR) included.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

checks=()
while [ $# -gt 0 ]; do
  case $1 in
    --) shift; break ;;
    -h | --help) sed -n '/^# usage:/,/--server BIN and/s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *)
      [ -f "$ci_dir/checks/test_$1.py" ] || { echo "check: unknown check '$1' (interop reflection ops tls observability deploy container faults)" >&2; exit 2; }
      checks+=("$ci_dir/checks/test_$1.py"); shift ;;
  esac
done
[ ${#checks[@]} -gt 0 ] || for c in interop reflection ops tls observability deploy container faults; do checks+=("$ci_dir/checks/test_$c.py"); done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "check: building python (the venv with pytest)"
if ! timeout 900 python3 "$ci_dir/harness/peers.py" build python >"$work/build-python.log" 2>&1; then
  cat "$work/build-python.log" >&2
  echo "check: FAILED to build python" >&2
  exit 1
fi
export PYTHONDONTWRITEBYTECODE=1  # the checks' imports leave no __pycache__ in the checkout
export CARGO_TARGET_DIR=$target_dir USERS_GRPC_CACHE=$cache_dir
"$(python3 "$ci_dir/harness/peers.py" path python venv/bin/python)" -m pytest "${checks[@]}" \
  -v -s -p no:cacheprovider --basetemp "$work/pytest" -o console_output_style=classic -r fEs "$@"
