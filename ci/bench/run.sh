#!/usr/bin/env bash
# The benchmark harness: loads each peer's server (the benchmark's servers of ci/peers.toml:
# Rust on both cores, Go, Java, C++, tonic; Python and Go on grpc-go 1.33 on request) with each load tool (users-bench, the Rust one, and
# users-go-load, the Go one), scenario by scenario, round by round, a fresh server for every
# run. Records each run's result, the server's CPU time and memory, and writes the report
# (medians over rounds) with ci/bench/report.py.
#
# usage: ci/bench/run.sh [--rounds N] [--quick] [--servers "rust rust-1.56 go java cpp tonic ..."]
#                        [--python] [--scenarios "flood-1 ..."] [--out DIR]
#
#   --rounds N      rounds per scenario (default 5, at least 5 unless --quick)
#   --quick         every count about 20x smaller and 1 round: a functional check, whose
#                   report goes to the output directory instead of BENCHMARKS.md
#   --servers LIST  servers to load (default "rust rust-1.56 go java cpp tonic" and the
#                   tracing variants below; rust-1.56 is users-server on the gRPC C core
#                   1.56.2, built from the commit before grpcio-sys/ by
#                   ci/bench/build_old_core.sh; go-1.33 the Go server on Debian's grpc-go 1.33;
#                   java is warmed up before every measured run)
#   --python        also load the Python server
#   --scenarios L   a subset of flood-1 flood-64 ping-pong open-loop churn idle connect-tls
#                   (connect-tls: the servers that speak TLS, requiring client certificates)
#   --out DIR       where raw results and logs go (default $USERS_GRPC_CACHE/bench/DATE)
#
# Tracing variants of users-server, for what traces cost (flood-1, ping-pong, churn and idle
# only): rust-traced traces every call (always_on) to a Jaeger started for the run,
# rust-traced-0.01 samples a hundredth of them (parentbased_traceidratio), rust-no-collector
# traces to a port nothing listens on (the default sampler: every call recorded). `rust` is
# the same server with tracing off.
#
# The server runs pinned to core 0 and the load tool (and Jaeger) to core 1 (taskset), when
# there are at least two cores. Every load run is bounded by `timeout`; servers are stopped
# on exit.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_dir=$ci_dir/bench

usage() { sed -n '/^# usage:/,/^#   --out/s/^# \{0,1\}//p' "$0"; }

rounds=
quick=0
# The tracing variants: the `rust` peer's server with these variables ({jaeger}: Jaeger's
# OTLP endpoint, {down}: one nothing listens on), in these scenarios.
declare -A trace_variants=(
  [rust-traced]="OTEL_EXPORTER_OTLP_ENDPOINT={jaeger} OTEL_TRACES_SAMPLER=always_on"
  [rust-traced-0.01]="OTEL_EXPORTER_OTLP_ENDPOINT={jaeger} OTEL_TRACES_SAMPLER=parentbased_traceidratio OTEL_TRACES_SAMPLER_ARG=0.01"
  [rust-no-collector]="OTEL_EXPORTER_OTLP_ENDPOINT={down}"
)
trace_scenarios=(flood-1 ping-pong churn idle)
mapfile -t servers < <(peers list --bench)
servers+=(rust-traced rust-traced-0.01 rust-no-collector)
python=0
out=
scenarios=(flood-1 flood-64 ping-pong open-loop churn idle connect-tls)
argv=("$@")
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) [ $# -ge 2 ] || { usage >&2; exit 2; }; rounds=$2; shift 2 ;;
    --rounds=*) rounds=${1#*=}; shift ;;
    --quick) quick=1; shift ;;
    --servers) [ $# -ge 2 ] || { usage >&2; exit 2; }; read -r -a servers <<<"$2"; shift 2 ;;
    --servers=*) read -r -a servers <<<"${1#*=}"; shift ;;
    --python) python=1; shift ;;
    --scenarios) [ $# -ge 2 ] || { usage >&2; exit 2; }; read -r -a scenarios <<<"$2"; shift 2 ;;
    --scenarios=*) read -r -a scenarios <<<"${1#*=}"; shift ;;
    --out) [ $# -ge 2 ] || { usage >&2; exit 2; }; out=$2; shift 2 ;;
    --out=*) out=${1#*=}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
if [ -z "$rounds" ]; then
  rounds=5
  [ "$quick" -eq 0 ] || rounds=1
fi
if ! [[ $rounds =~ ^[0-9]+$ ]] || [ "$rounds" -lt 1 ]; then
  echo "bench: --rounds needs a positive number, got '$rounds'" >&2
  exit 2
fi
if [ "$quick" -eq 0 ] && [ "$rounds" -lt 5 ]; then
  echo "bench: at least 5 rounds (medians of fewer say little); --quick allows fewer" >&2
  exit 2
fi
if [ "$python" -eq 1 ] && [[ " ${servers[*]} " != *" python "* ]]; then servers+=(python); fi
[ ${#servers[@]} -gt 0 ] || { echo "bench: no servers" >&2; exit 2; }
mapfile -t known_servers < <(peers list --role server)
known_servers+=("${!trace_variants[@]}")
for s in "${servers[@]}"; do
  [[ " ${known_servers[*]} " == *" $s "* ]] || { echo "bench: unknown server '$s' (${known_servers[*]}; ci/peers.toml and the tracing variants)" >&2; exit 2; }
done
# is_variant SERVER: whether SERVER is a tracing variant of `rust`.
is_variant() { [ -n "${trace_variants[$1]:-}" ]; }
# peer_of SERVER: the peer whose server SERVER runs.
peer_of() { if is_variant "$1"; then echo rust; else echo "$1"; fi; }

# Scenarios: the load tool's arguments, full size and --quick (counts about 20x smaller).
declare -A full_args=(
  [flood-1]="flood --streams 1 --connections 1 --users 200000"
  [flood-64]="flood --streams 64 --connections 4 --users 5000"
  [ping-pong]="ping-pong --requests 10000"
  [open-loop]="open-loop --rate 100000 --duration 5s --streams 4 --connections 1"
  [churn]="churn --streams 10000 --concurrency 32 --users 1 --connections 1"
  [idle]="idle --streams 10000 --connections 10 --hold 5s"
  [connect-tls]="connect --connections 1000 --hold 1s"
)
declare -A quick_args=(
  [flood-1]="flood --streams 1 --connections 1 --users 10000"
  [flood-64]="flood --streams 64 --connections 4 --users 250"
  [ping-pong]="ping-pong --requests 500"
  [open-loop]="open-loop --rate 100000 --duration 250ms --streams 4 --connections 1"
  [churn]="churn --streams 500 --concurrency 32 --users 1 --connections 1"
  [idle]="idle --streams 500 --connections 10 --hold 1s"
  [connect-tls]="connect --connections 50 --hold 200ms"
)
for sc in "${scenarios[@]}"; do
  [ -n "${full_args[$sc]:-}" ] || { echo "bench: unknown scenario '$sc' (${!full_args[*]})" >&2; exit 2; }
done
scenario_args() {
  if [ "$quick" -eq 1 ]; then echo "${quick_args[$1]}"; else echo "${full_args[$1]}"; fi
}
# Bounds: the load tool's own --timeout (every scenario takes well under 15 s on 2 cores),
# and the outer `timeout` around it.
tool_timeout=60
outer_timeout=$((tool_timeout + 30))

started=$SECONDS
stamp=$(date -u +%Y%m%d-%H%M%S)
if [ -z "$out" ]; then
  out=$cache_dir/bench/$stamp
  mkdir -p "$out"
  ln -sfn "$stamp" "$cache_dir/bench/latest"
fi
mkdir -p "$out/logs"
out=$(cd "$out" && pwd)
results=$out/results.jsonl
: >"$results"
# The TLS scenario's certificates (ci/harness/pki.py), made for the run; servers that do not
# speak TLS sit it out.
mapfile -t tls_servers < <(peers list --speaks tls)
tls_args=()
if [[ " ${scenarios[*]} " == *" connect-tls "* ]]; then
  declare -A pki=()
  while IFS='=' read -r k v; do pki[$k]=$v; done < <(python3 "$ci_dir/harness/pki.py" "$out/pki")
  [ -n "${pki[ca]:-}" ] || { echo "bench: could not make the certificates of connect-tls (ci/harness/pki.py, above)" >&2; exit 1; }
  tls_server=(--tls "${pki[server_cert]}" "${pki[server_key]}" "${pki[ca]}")
  tls_args=(--tls-ca "${pki[ca]}" --tls-server-name "${pki[name]}" --tls-cert "${pki[client_cert]}" --tls-key "${pki[client_key]}")
fi
# tls_scenario SCENARIO: whether it runs over TLS.
tls_scenario() { [[ $1 == *-tls ]]; }
if [ "$quick" -eq 0 ]; then
  report_md=$root_dir/BENCHMARKS.md
  report_svg=$bench_dir/flood.svg
else
  report_md=$out/BENCHMARKS.md
  report_svg=$out/flood.svg
fi
load_pid=
server_pid=
jaeger_pid=
# On any exit: no load tool, server or Jaeger left behind.
trap '[ -z "$load_pid" ] || kill "$load_pid" 2>/dev/null || true; [ -z "$server_pid" ] || stop_pid "$server_pid"; [ -z "$jaeger_pid" ] || stop_pid "$jaeger_pid"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
echo "bench: results and logs in $out"

read -r load1 _ </proc/loadavg
if awk -v l="$load1" 'BEGIN { exit !(l > 0.5) }'; then
  echo "bench: warning: load average $load1 at start; other work on this machine skews the numbers" >&2
fi

# Builds (each build script is incremental). Both load tools are needed whatever the servers:
# users-bench comes with the workspace (bench/), users-go-load with the Go peers. The Rust
# binaries are built as `cargo build --release` builds them (the whole workspace), so the
# release build of the gRPC C core is shared rather than redone for another feature set.
builds=(rust go)
for s in "${servers[@]}"; do
  s=$(peer_of "$s")
  [[ " ${builds[*]} " == *" $s "* ]] || builds+=("$s")
done
tracing=0
for s in "${servers[@]}"; do
  if [[ ${trace_variants[$s]:-} == *"{jaeger}"* ]]; then tracing=1; fi
done
traced_scenarios=0
for sc in "${trace_scenarios[@]}"; do
  if [[ " ${scenarios[*]} " == *" $sc "* ]]; then traced_scenarios=1; fi
done
[ "$traced_scenarios" -eq 1 ] || tracing=0
[ "$tracing" -eq 0 ] || builds+=(jaeger)
skipped_tools=()
for b in "${builds[@]}"; do
  echo "bench: building $b"
  t=$SECONDS
  if ! peers build "$b" --release >"$out/logs/build-$b.log" 2>&1; then
    tail -n 30 "$out/logs/build-$b.log" >&2
    echo "bench: FAILED to build $b (log: $out/logs/build-$b.log)" >&2
    exit 1
  fi
  [ $((SECONDS - t)) -lt 5 ] || echo "bench: built $b in $((SECONDS - t))s"
done

# Load tools: name and binary.
declare -A tool_bin=([users-bench]=$(peers path rust users-bench --profile release) [users-go-load]=$(peers path go users-go-load))
tools=()
for t in users-bench users-go-load; do
  [[ " ${skipped_tools[*]} " != *" $t "* ]] || continue
  if [ -x "${tool_bin[$t]}" ]; then
    tools+=("$t")
  else
    echo "bench: warning: load tool $t not found at ${tool_bin[$t]}: skipped" >&2
    skipped_tools+=("$t")
  fi
done
[ ${#tools[@]} -gt 0 ] || { echo "bench: no load tool" >&2; exit 1; }

# Pinning: server on core 0, load tool on core 1.
pin_server=()
pin_load=()
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
  pin_server=(taskset -c 0)
  pin_load=(taskset -c 1)
  pinning="server on core 0, load tool on core 1 (taskset)"
else
  pinning="not pinned: $(nproc) core(s) available (taskset needs 2 to separate server and load tool)"
  echo "bench: warning: $pinning" >&2
fi

# Jaeger, for the variants that trace to it: started once for the run, beside the load tool,
# with in-memory storage (ci/harness/jaeger.py's configuration, on free ports).
jaeger_otlp=
if [ "$tracing" -eq 1 ]; then
  mkdir -p "$out/jaeger"
  jaeger_otlp=$(python3 "$ci_dir/harness/jaeger.py" config "$out/jaeger/jaeger.yaml")
  "${pin_load[@]}" "$(peers path jaeger jaeger)" --config "$out/jaeger/jaeger.yaml" >"$out/logs/jaeger.log" 2>&1 &
  jaeger_pid=$!
  for _ in $(seq 1 1200); do
    grep -q "Everything is ready" "$out/logs/jaeger.log" && break
    alive "$jaeger_pid" || break
    sleep 0.05
  done
  grep -q "Everything is ready" "$out/logs/jaeger.log" || {
    tail -n 20 "$out/logs/jaeger.log" >&2
    echo "bench: Jaeger did not start (log: $out/logs/jaeger.log)" >&2
    exit 1
  }
  echo "bench: Jaeger takes spans at $jaeger_otlp"
fi
# A port nothing listens on, for the collector that is down.
down_otlp="http://127.0.0.1:$(python3 "$ci_dir/harness/processes.py" free-port)"

# server_cmd NAME: sets $cmd to the server's command line (quiet, on a free loopback port;
# the release build, with the benchmark's arguments and variables of ci/peers.toml: the Rust
# server logs its listening line at info from the users_server target, its per-stream lines
# (users_server::service) stay at warn, and it runs one completion queue; a tracing variant
# with its OTEL_* variables as well).
server_cmd() {
  local peer vars
  peer=$(peer_of "$1")
  if [ -n "${2:-}" ] && tls_scenario "$2"; then
    mapfile -t cmd < <(peers server "$peer" --profile release --bench "${tls_server[@]}")
  else
    mapfile -t cmd < <(peers server "$peer" --profile release --bench)
  fi
  if is_variant "$1"; then
    vars=${trace_variants[$1]//\{jaeger\}/$jaeger_otlp}
    vars=${vars//\{down\}/$down_otlp}
    read -r -a vars <<<"$vars"
    [ "${cmd[0]}" != env ] || cmd=("${cmd[@]:1}")
    cmd=(env "${vars[@]}" "${cmd[@]}")
  fi
}

# Warm-up: the JVM compiles hot code only after it has run for a while. Measured here, rounds
# of the runs below against a fresh Java server went (flood msg/s, churn streams/s) from 41k and
# 4.5k in the first round to 460k and 50k in the seventh, and rose no further (single rounds
# vary by up to half on this VM, so no stopping rule on two rounds held up). So before each
# measured run a fresh Java server gets $warm_up_rounds such rounds from users-go-load,
# unmeasured (one with --quick, which measures nothing); the report gives the flood throughput
# of the last two.
mapfile -t warm_up_servers < <(peers list --warm-up)
warm_up_runs=("flood --streams 1 --connections 1 --users 200000" "churn --streams 10000 --concurrency 32 --users 1 --connections 1" "ping-pong --requests 2000")
warm_up_rounds=8
[ "$quick" -eq 0 ] || warm_up_rounds=1

# warm_up_server SERVER ADDR LOG [TOOL_ARGS...]: warms SERVER up (when it is one of
# $warm_up_servers), the load tool's output in LOG, TOOL_ARGS (the TLS options of a TLS
# scenario) added to each run; sets $warm_up_flood to the flood throughputs of its last two
# rounds ("" without a warm-up). Fails when a warm-up run fails.
warm_up_server() {
  local server=$1 addr=$2 log=$3 round run args out floods=()
  local extra=("${@:4}")
  warm_up_flood=""
  [[ " ${warm_up_servers[*]} " == *" $server "* ]] || return 0
  for round in $(seq 1 "$warm_up_rounds"); do
    for run in "${warm_up_runs[@]}"; do
      read -r -a args <<<"$run"
      out=$(timeout -k 5 "$outer_timeout" "${pin_load[@]}" "${tool_bin[users-go-load]}" "${args[@]}" \
        --addr "$addr" "${extra[@]}" --json --timeout "${tool_timeout}s" 2>>"$log") || { echo "$out" >>"$log"; return 1; }
      echo "$out" >>"$log"
      [ "${args[0]}" != flood ] || floods+=("$(echo "$out" | sed -n 's/.*"throughput":\([0-9.]*\).*/\1/p')")
    done
  done
  warm_up_flood="${floods[*]: -2}"
}

# The run's description, for the report.
server_cmds=()
for s in "${servers[@]}"; do
  server_cmd "$s"
  server_cmds+=("$s=${pin_server[*]}${pin_server[*]:+ }${cmd[*]}")
done
scenario_lines=()
for sc in "${scenarios[@]}"; do
  if tls_scenario "$sc"; then
    scenario_lines+=("$sc=$(scenario_args "$sc") --tls-ca CA --tls-server-name users.test --tls-cert CLIENT --tls-key KEY")
  else
    scenario_lines+=("$sc=$(scenario_args "$sc")")
  fi
done
BENCH_ARGV="${argv[*]}" BENCH_QUICK=$quick BENCH_ROUNDS=$rounds BENCH_SERVERS="${servers[*]}" \
  BENCH_TOOLS="${tools[*]}" BENCH_SKIPPED_TOOLS="${skipped_tools[*]}" BENCH_PINNING=$pinning \
  BENCH_PIN_LOAD="${pin_load[*]}" BENCH_LOAD1=$load1 BENCH_TOOL_TIMEOUT=$tool_timeout \
  BENCH_SERVER_CMDS="$(printf '%s\n' "${server_cmds[@]}")" \
  BENCH_WARM_UP_SERVERS="${warm_up_servers[*]}" BENCH_WARM_UP_ROUNDS=$warm_up_rounds \
  BENCH_WARM_UP_RUNS="$(printf 'users-go-load %s\n' "${warm_up_runs[@]}")" \
  BENCH_SCENARIOS="$(printf '%s\n' "${scenario_lines[@]}")" \
  python3 "$bench_dir/report.py" meta >"$out/meta.json"

# run_servers SCENARIO: the servers that take part in it.
run_servers() {
  local s
  for s in "${servers[@]}"; do
    if tls_scenario "$1" && [[ " ${tls_servers[*]} " != *" $s "* ]]; then continue; fi
    if is_variant "$s" && [[ " ${trace_scenarios[*]} " != *" $1 "* ]]; then continue; fi
    echo "$s"
  done
}
total=0
for sc in "${scenarios[@]}"; do
  total=$((total + rounds * ${#tools[@]} * $(run_servers "$sc" | wc -l)))
done
done_runs=0

# run_one SCENARIO ROUND TOOL SERVER: one run on a fresh server; appends its record.
run_one() {
  local sc=$1 round=$2 tool=$3 server=$4
  local tag="$sc.r$round.$tool.$server"
  local slog=$out/logs/$tag.server.log lout=$out/logs/$tag.out lerr=$out/logs/$tag.err
  local args pid cpu0 cpu1 rss0= rss_hold= hwm= rc=0 note= t0 t1 lpid server_exited=0
  warm_up_flood=""
  read -r -a args <<<"$(scenario_args "$sc")"
  local warm_args=()
  ! tls_scenario "$sc" || { args+=("${tls_args[@]}"); warm_args=("${tls_args[@]}"); }
  server_cmd "$server" "$sc"
  : >"$lout"
  : >"$lerr"
  "${pin_server[@]}" "${cmd[@]}" >"$slog" 2>&1 &
  server_pid=$!
  if ! port=$(wait_listening "$slog" "$server_pid" 2>"$lerr"); then
    rc=-1
    note="server did not start: $(tail -n 1 "$slog" 2>/dev/null)"
    t0=0 t1=0 cpu0= cpu1=
    stop_pid "$server_pid"
  elif ! warm_up_server "$server" "127.0.0.1:$port" "$out/logs/$tag.warm-up.log" "${warm_args[@]}"; then
    rc=-1
    note="the warm-up failed: $(tail -n 1 "$out/logs/$tag.warm-up.log" 2>/dev/null)"
    t0=0 t1=0 cpu0= cpu1=
    stop_pid "$server_pid"
  else
    pid=$server_pid
    args+=(--addr "127.0.0.1:$port" --json --timeout "${tool_timeout}s")
    cpu0=$(cpu_ticks "$pid")
    rss0=$(vm_kib "$pid" VmRSS)
    t0=$(date +%s.%N)
    timeout -k 5 "$outer_timeout" "${pin_load[@]}" "${tool_bin[$tool]}" "${args[@]}" >"$lout" 2>"$lerr" &
    lpid=$!
    load_pid=$lpid
    if [ "$sc" = idle ] || [ "$sc" = connect-tls ]; then
      # Memory while the streams are held: sampled shortly after the tool's ready line.
      while alive "$lpid" && ! grep -q '"event":"ready"' "$lout"; do sleep 0.02; done
      if grep -q '"event":"ready"' "$lout"; then
        sleep 0.25
        rss_hold=$(vm_kib "$pid" VmRSS)
      fi
    fi
    wait "$lpid" || rc=$?
    load_pid=
    t1=$(date +%s.%N)
    cpu1=$(cpu_ticks "$pid")
    hwm=$(vm_kib "$pid" VmHWM)
    server_exited=0
    alive "$pid" || { server_exited=1; note="the server exited during the run (log: $slog)"; }
    [ "$rc" -ne 124 ] && [ "$rc" -ne 137 ] || note="${note:+$note; }killed by timeout after ${outer_timeout}s"
    stop_pid "$pid"
  fi
  server_pid=
  done_runs=$((done_runs + 1))
  python3 "$bench_dir/report.py" record --results "$results" --progress "[$done_runs/$total]" \
    --scenario "$sc" --round "$round" --tool "$tool" --server "$server" --exit "$rc" --server-exited "$server_exited" \
    --note "$note" --stdout "$lout" --stderr "$lerr" --command "${tool_bin[$tool]##*/} ${args[*]}" \
    --wall "$t0" "$t1" --cpu-ticks "$cpu0" "$cpu1" --clk-tck "$(getconf CLK_TCK)" \
    --rss-before "$rss0" --rss-holding "$rss_hold" --hwm "$hwm" --warm-up-flood "${warm_up_flood:-}"
}

echo "bench: $total runs: ${#scenarios[@]} scenario(s) x $rounds round(s) x ${#tools[@]} load tool(s) x ${#servers[@]} server(s) (connect-tls: those that speak TLS)$([ "$quick" -eq 0 ] || echo ', quick')"
for sc in "${scenarios[@]}"; do
  for round in $(seq 1 "$rounds"); do
    # Rotate the order of servers (and of tools) from round to round.
    mapfile -t taking < <(run_servers "$sc")
    order=()
    for i in "${!taking[@]}"; do order+=("${taking[$(((i + round - 1) % ${#taking[@]}))]}"); done
    torder=()
    for i in "${!tools[@]}"; do torder+=("${tools[$(((i + round - 1) % ${#tools[@]}))]}"); done
    for tool in "${torder[@]}"; do
      for server in "${order[@]}"; do
        run_one "$sc" "$round" "$tool" "$server"
      done
    done
  done
done

elapsed=$((SECONDS - started))
python3 "$bench_dir/report.py" report --results "$out" --md "$report_md" --svg "$report_svg" --elapsed "$elapsed"
echo "bench: report written to $report_md (plot: $report_svg)"
echo "bench: total time $((elapsed / 60))m$((elapsed % 60))s"
