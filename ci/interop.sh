#!/usr/bin/env bash
# Go interop: every client (Rust, Go) against every server (Rust, Go), each checked field by
# field against SPEC.md, plus a 10,000-user stream per pair and a check that the Rust pair
# and the Go pair give the same responses. Prints a table and "N passed, M failed".
set -euo pipefail

source "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
trap 'stop_servers; rm -rf "$work"' EXIT

echo "interop: building the Go peers and the Rust binaries"
bash "$ci_dir/go/build.sh" "$cache_dir/go" >/dev/null
(cd "$root_dir" && cargo build --quiet --workspace --bins)
go_bin=$cache_dir/go
rust_bin=$target_dir/debug

declare -A ports
start_server "$work/rust-server.log" env RUST_LOG=warn,users_server=info "$rust_bin/users-server" --addr 127.0.0.1:0
ports[rust]=$port
start_server "$work/go-server.log" "$go_bin/users-go-server" -addr 127.0.0.1:0 -quiet
ports[go]=$port

python3 "$ci_dir/check_responses.py" write-generated 10000 >"$work/generated.jsonl"

# Runs one client against one server; $3 is "tutorial" or "generated".
run_client() {
  local client=$1 server=$2 kind=$3
  local addr=127.0.0.1:${ports[$server]}
  case "$client/$kind" in
    rust/tutorial) "$rust_bin/users-client" --addr "$addr" --delay 0ms --output json --timeout 60s ;;
    rust/generated) "$rust_bin/users-client" --addr "$addr" --delay 0ms --output json --timeout 60s --input "$work/generated.jsonl" ;;
    go/tutorial) timeout 60 "$go_bin/users-go-client" -addr "$addr" -delay 0s -output json ;;
    go/generated) timeout 60 "$go_bin/users-go-client" -addr "$addr" -delay 0s -output json -count 10000 ;;
  esac
}

passed=0
failed=0
failures=()
record() { # name, ok(0/1), detail
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$1: $3"); fi
}

printf '%-8s %-8s %-24s %-24s\n' client server "5 tutorial users" "10,000 users"
for client in rust go; do
  for server in rust go; do
    row=()
    for kind in tutorial generated; do
      out=$work/$client-$server-$kind.jsonl
      if ! run_client "$client" "$server" "$kind" >"$out" 2>"$out.err"; then
        record "$client client -> $server server ($kind)" 1 "client failed: $(tail -n 1 "$out.err")"
        row+=("FAIL (client error)")
        continue
      fi
      if [ "$kind" = tutorial ]; then
        check=(tutorial "$out")
      else
        check=(generated 10000 "$out")
      fi
      if problems=$(python3 "$ci_dir/check_responses.py" "${check[@]}"); then
        record "$client-$server-$kind" 0 ""
        n=$(grep -c . "$out")
        row+=("ok ($n/$n match)")
      else
        record "$client client -> $server server ($kind)" 1 "$(echo "$problems" | head -n 3 | tr '\n' ';')"
        row+=("FAIL (mismatch)")
      fi
    done
    printf '%-8s %-8s %-24s %-24s\n' "$client" "$server" "${row[0]}" "${row[1]}"
  done
done

# The Rust pair and the Go pair must agree response for response.
for kind in tutorial generated; do
  if problems=$(python3 "$ci_dir/check_responses.py" same "$work/rust-rust-$kind.jsonl" "$work/go-go-$kind.jsonl" 2>&1); then
    record "rust pair = go pair ($kind)" 0 ""
    echo "rust pair and go pair agree ($kind)"
  else
    record "rust pair = go pair ($kind)" 1 "$(echo "$problems" | head -n 3 | tr '\n' ';')"
    echo "rust pair and go pair DIFFER ($kind)"
  fi
done

for f in "${failures[@]}"; do echo "FAILED: $f"; done
echo "interop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
