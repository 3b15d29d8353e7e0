#!/usr/bin/env bash
# The interop matrix: every client against every server, among the Rust pair (this project),
# Go (grpc-go as ci/interop/go/go.mod pins it, and Debian's grpc-go 1.33), Java (grpc-java),
# C++, Python, Node and tonic. Each pair streams the tutorial's five users and then
# 10,000 generated users; every response is checked field by field against the golden answers of testdata/.
# Prints the matrix, names any failing pair, and ends with "interop: N passed, M failed".
#
# usage: ci/interop.sh [PEER...]   (default: rust go go-1.33 java cpp python node tonic)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

all_peers=(rust go go-1.33 java cpp python node tonic)
peers=("$@")
[ ${#peers[@]} -gt 0 ] || peers=("${all_peers[@]}")
count=10000

work=$(mktemp -d)
trap 'stop_servers; rm -rf "$work"' EXIT

# Starts one peer's server on a free loopback port; sets $port.
start_peer_server() {
  local log=$work/$1-server.log
  case $1 in
    rust) start_server "$log" env RUST_LOG=warn,users_server=info "$target_dir/debug/users-server" --addr 127.0.0.1:0 ;;
    go | go-1.33) start_server "$log" "$cache_dir/$1/users-go-server" -addr 127.0.0.1:0 -quiet ;;
    java) start_server "$log" "$cache_dir/java/users-java-server" --addr 127.0.0.1:0 --quiet ;;
    cpp) start_server "$log" "$cache_dir/cpp/users-cpp-server" --addr 127.0.0.1:0 ;;
    python) start_server "$log" "$cache_dir/python/users-py-server" --addr 127.0.0.1:0 ;;
    node) start_server "$log" "$cache_dir/node/users-node-server" --addr 127.0.0.1:0 ;;
    tonic) start_server "$log" "$cache_dir/tonic/users-tonic-server" --addr 127.0.0.1:0 ;;
  esac
}

# run_client PEER ADDR N: N=0 sends the tutorial's five users, else N generated ones.
run_client() {
  local peer=$1 addr=$2 n=$3
  case $peer in
    rust)
      local input=()
      [ "$n" -eq 0 ] || input=(--input "$work/generated.jsonl")
      "$target_dir/debug/users-client" --addr "$addr" --delay 0ms --output json --timeout 120s "${input[@]}" ;;
    go | go-1.33) timeout 120 "$cache_dir/$peer/users-go-client" -addr "$addr" -delay 0s -output json -count "$n" ;;
    java) timeout 120 "$cache_dir/java/users-java-client" --addr "$addr" --delay-ms 0 --output json --count "$n" ;;
    cpp) timeout 120 "$cache_dir/cpp/users-cpp-client" --addr "$addr" --delay-ms 0 --output json --count "$n" ;;
    python) timeout 120 "$cache_dir/python/users-py-client" --addr "$addr" --delay-ms 0 --output json --count "$n" ;;
    node) timeout 120 "$cache_dir/node/users-node-client" --addr "$addr" --delay-ms 0 --output json --count "$n" ;;
    tonic) timeout 120 "$cache_dir/tonic/users-tonic-client" --addr "$addr" --delay-ms 0 --output json --count "$n" ;;
  esac
}

started=$SECONDS
passed=0
failed=0
failures=()
for peer in "${peers[@]}"; do
  echo "interop: building $peer"
  if ! build_peer "$peer" --quiet >"$work/build-$peer.log" 2>&1; then
    cat "$work/build-$peer.log" >&2
    echo "interop: FAILED to build $peer" >&2
    exit 1
  fi
done
python3 "$ci_dir/tools/check_responses.py" write-generated "$count" >"$work/generated.jsonl"

declare -A ports
for peer in "${peers[@]}"; do
  start_peer_server "$peer"
  ports[$peer]=$port
done

# check_pair CLIENT SERVER N: runs and checks one stream; prints nothing, records the result.
check_pair() {
  local client=$1 server=$2 n=$3
  local what="$client client -> $server server ($([ "$n" -eq 0 ] && echo 'tutorial users' || echo "$n users"))"
  local out=$work/$client-$server-$n.jsonl
  local check=(tutorial "$out")
  [ "$n" -eq 0 ] || check=(generated "$n" "$out")
  if ! run_client "$client" "127.0.0.1:${ports[$server]}" "$n" >"$out" 2>"$out.err"; then
    failures+=("$what: client failed: $(tail -n 1 "$out.err")")
  elif ! problems=$(python3 "$ci_dir/tools/check_responses.py" "${check[@]}"); then
    failures+=("$what: $(echo "$problems" | head -n 3 | tr '\n' ';')")
  else
    passed=$((passed + 1))
    return 0
  fi
  failed=$((failed + 1))
  return 1
}

printf '\n%-16s' "client \\ server"
for server in "${peers[@]}"; do printf '%-8s' "$server"; done
printf '\n'
for client in "${peers[@]}"; do
  printf '%-16s' "$client"
  for server in "${peers[@]}"; do
    cell=ok
    check_pair "$client" "$server" 0 || cell=FAIL
    check_pair "$client" "$server" "$count" || cell=FAIL
    printf '%-8s' "$cell"
  done
  printf '\n'
done
echo
echo "each cell: the tutorial's 5 users and $count generated users on one stream, every field of every response checked against the golden answers"

# Every pair's answers agree with the Go pair's, the reference: the same check again from
# the other side, so that a slip in the golden data cannot hide a disagreement.
if [ -n "${ports[go]:-}" ]; then
  disagree=0
  for client in "${peers[@]}"; do
    for server in "${peers[@]}"; do
      for n in 0 "$count"; do
        [ -s "$work/$client-$server-$n.jsonl" ] || continue
        if ! python3 "$ci_dir/tools/check_responses.py" same "$work/$client-$server-$n.jsonl" "$work/go-go-$n.jsonl" >/dev/null; then
          failures+=("$client client -> $server server ($n): differs from the Go pair")
          disagree=1
        fi
      done
    done
  done
  if [ "$disagree" -eq 0 ]; then
    passed=$((passed + 1))
    echo "every pair agrees with the Go pair, response for response"
  else
    failed=$((failed + 1))
  fi
fi

for f in "${failures[@]}"; do echo "FAILED: $f"; done
echo "interop: $((SECONDS - started))s for ${#peers[@]} peers"
echo "interop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
