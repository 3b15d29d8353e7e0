# The check harness shared by ci/ops.sh and ci/tls.sh; source it after lib.sh, with
# $check_prefix set to the script's name for its output lines.

passed=0
failed=0
reason=""
details=""

# check NAME FUNCTION [ARG...]: runs one check and prints "PREFIX: NAME: ok" or
# "PREFIX: NAME: FAILED (reason)"; the function returns non-zero with $reason set when the
# check fails, and may set $details, lines printed under the result.
check() {
  local name=$1; shift
  reason=""
  details=""
  if "$@" && [ -z "$reason" ]; then  # (a function's last command may fail with $reason set)
    echo "$check_prefix: $name: ok"
    passed=$((passed + 1))
  else
    echo "$check_prefix: $name: FAILED (${reason:-failed without a reason})"
    failed=$((failed + 1))
  fi
  [ -z "$details" ] || printf '%s\n' "$details" | sed "s/^/$check_prefix:   /"
}

# one_line TEXT: TEXT's first lines joined into one, for $reason.
one_line() {
  printf '%s' "$1" | head -n 3 | tr '\n' ' ' | sed 's/ *$//'
}

# responses_right OUT CHECK_ARG...: check_responses.py CHECK_ARG... OUT passes, else $reason.
responses_right() {
  local out=$1 problems; shift
  if ! problems=$(python3 "$ci_dir/check_responses.py" "$@" "$out"); then
    reason="$(basename "$out"): $(one_line "$problems")"
    return 1
  fi
}

# client_ran WHAT STATUS OUT: the client exited 0, else $reason names its last error line.
client_ran() {
  [ "$2" -eq 0 ] && return 0
  reason="$1 exited $2: $(tail -n 1 "$3.err")"
  return 1
}

# go_client ADDR OUT [FLAG...]: the Go client ($go_bin), its JSON responses in OUT and its
# stderr in OUT.err.
go_client() {
  local addr=$1 out=$2; shift 2
  timeout 60 "$go_bin/users-go-client" -addr "$addr" -delay 0s -output json "$@" >"$out" 2>"$out.err"
}

# rust_client ADDR OUT [FLAG...]: the Rust client ($client_bin), likewise.
rust_client() {
  local addr=$1 out=$2; shift 2
  timeout 60 "$client_bin" --addr "$addr" --delay 0ms --output json --timeout 50s "$@" >"$out" 2>"$out.err"
}

# check_summary STARTED: the closing lines, and the exit status (1 when a check failed).
check_summary() {
  echo "$check_prefix: $((SECONDS - $1))s"
  echo "$check_prefix: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

