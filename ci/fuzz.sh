#!/usr/bin/env bash
# Fuzzes what the server decodes and answers from a client's bytes, with cargo fuzz
# (libFuzzer) on the nightly toolchain: CreateUser requests and their answers, streams of
# reflection requests, token files and presented tokens (fuzz/fuzz_targets/). Each target
# runs for a bounded time; a crash stops the script with the failing input's path, which
# becomes a regression test beside the code it broke.
#
# usage: ci/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (default: 60 s, every target)
# Not part of ci/test.sh (it needs the nightly toolchain). The build links the gRPC C core
# grpcio-sys keeps compiled for the machine (it is compiled once, about 7 minutes on 2 cores
# with clang, if no build has done it yet); the corpus and build are kept in
# $USERS_GRPC_CACHE/fuzz.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(create_user reflection tokens)

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "fuzz: the nightly toolchain is needed (rustup toolchain install nightly)" >&2
  exit 1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  cargo install cargo-fuzz --locked --quiet
fi

work=$cache_dir/fuzz
mkdir -p "$work"
export CARGO_TARGET_DIR=$work/target
cd "$root_dir"

# Seeds: the tutorial's users (testdata/) as the server receives them, and a reflection stream.
seed() {
  local target=$1 dir=$work/corpus/$1
  mkdir -p "$dir"
  [ -z "$(ls -A "$dir")" ] || return 0
  case $target in
    create_user)
      PYTHONDONTWRITEBYTECODE=1 python3 - "$dir" "$ci_dir/tools" <<'EOF'
import sys
sys.path.insert(0, sys.argv[2])
import wire
for user, _ in wire.TUTORIAL:
    with open(f"{sys.argv[1]}/tutorial-{user[0]}", "wb") as f:
        f.write(wire.encode_user(*user))
EOF
      ;;
    reflection) printf '\x03\x3a\x01*\x0d\x22\x0busers.Users' >"$dir/list-and-symbol" ;;
    tokens) printf '# ops\nabc\ndef\nabc' >"$dir/two-tokens" ;;
  esac
}

failed=0
for target in "${targets[@]}"; do
  seed "$target"
  echo "fuzz: $target for ${seconds}s"
  if ! cargo +nightly fuzz run --fuzz-dir fuzz "$target" "$work/corpus/$target" -- \
      -max_total_time="$seconds" -print_final_stats=1 2>"$work/$target.log"; then
    if grep -q 'Test unit written to' "$work/$target.log"; then
      echo "fuzz: $target FAILED: a crash; the failing input is under fuzz/artifacts/$target:" >&2
    else
      echo "fuzz: $target FAILED to build or run:" >&2
    fi
    grep -v '^ *at \|^ *[0-9]*: ' "$work/$target.log" | tail -n 30 >&2
    failed=1
    continue
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$target.log" | tail -n 1)
  echo "fuzz: $target: ok, ${runs:-?} executions, no crash"
done
exit "$failed"
