# shellcheck shell=bash
# What the bash scripts of ci/ share; source it, don't run it. It sets the four paths below
# and defines functions that keep no state between calls: the peers are described in
# ci/peers.toml (read through `peers`), the checks run in the pytest harness (ci/check.sh), and
# a script that starts a process keeps its pid itself.

ci_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root_dir=$(cd "$ci_dir/.." && pwd)
cache_dir=${USERS_GRPC_CACHE:-$HOME/.cache/users-grpc}
target_dir=${CARGO_TARGET_DIR:-$root_dir/target}

# peers ARG...: the registry's command line (ci/harness/peers.py; `peers --help`): `peers build
# go`, `peers path go users-go-load`, `peers list --bench`, `mapfile -t cmd < <(peers server go)`.
peers() {
  USERS_GRPC_CACHE=$cache_dir CARGO_TARGET_DIR=$target_dir python3 "$ci_dir/harness/peers.py" "$@"
}

# wait_listening LOG PID: waits (30 s at most) for the server PID, which writes its output to
# LOG, to log "listening on HOST:PORT", and prints PORT; fails with its log when it exits first
# or the time runs out (ci/harness/processes.py, the checks' own readiness test).
wait_listening() {
  python3 "$ci_dir/harness/processes.py" listening "$1" "$2"
}

# alive PID: the process exists and has not exited (a child that exited but was not waited
# for yet is a zombie, which kill -0 still finds).
alive() {
  local state
  state=$(sed -n 's/^[0-9]* (.*) \([A-Za-z]\).*/\1/p' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# stop_pid PID...: stops child processes: SIGTERM, SIGKILL for those still there after 5 s;
# reaps them, quietly (the shell would otherwise report each killed job on stderr).
stop_pid() {
  {
    local pid running
    for pid in "$@"; do kill -TERM "$pid" || true; done
    for _ in $(seq 1 100); do
      running=0
      for pid in "$@"; do alive "$pid" && running=1; done
      [ "$running" -eq 1 ] || break
      sleep 0.05
    done
    for pid in "$@"; do kill -KILL "$pid" || true; done
    for pid in "$@"; do wait "$pid" || true; done
  } 2>/dev/null
}

# module_go: prints the first go command that can build ci/interop/go's module, i.e. Go 1.21 or
# newer (which fetches the release go.mod names through GOTOOLCHAIN): the go on PATH, else
# Debian's golang-1.2x (bookworm-backports), else /usr/local/go. Fails when there is none.
module_go() {
  local go version minor
  for go in "$(command -v go)" /usr/lib/go-1.2[1-9]/bin/go /usr/local/go/bin/go; do
    [ -x "$go" ] || continue
    # From /: in a folder whose go.mod names a newer Go, an older go refuses even this.
    version=$(cd / && GOTOOLCHAIN=local "$go" env GOVERSION 2>/dev/null) || continue
    minor=$(echo "$version" | sed -n 's/^go1\.\([0-9][0-9]*\).*/\1/p')
    if [ -n "$minor" ] && [ "$minor" -ge 21 ]; then
      echo "$go"
      return 0
    fi
  done
  return 1
}

# go_module_env DIR OUT: sets `go` to the go command that builds the Go module in DIR, and
# exports what its build needs: the exact Go release DIR/go.mod's toolchain line names (a newer
# or older go first on PATH fetches it from the Go module proxy, once per machine, rather than
# building with itself), every dependency as go.mod and go.sum pin it (-mod=readonly fails
# rather than resolve anything anew), and Go's build cache in OUT. Exits when there is no go.
go_module_env() {
  go=$(module_go) || {
    echo "go build: no Go 1.21 or newer found (on PATH or as Debian's golang-1.2x); ci/setup.sh installs one" >&2
    exit 1
  }
  GOTOOLCHAIN=$(sed -n 's/^toolchain //p' "$1/go.mod")
  export GOTOOLCHAIN GOFLAGS="-mod=readonly -trimpath" GOCACHE="$2/gocache" GO111MODULE=on
}

# go_module_src DIR OUT PACKAGE...: assembles the Go module in DIR outside the checkout, in
# OUT/src (its go.mod, go.sum and each PACKAGE folder's .go files), with users.proto's Go
# package generated in pb/ by the protoc-gen-go and protoc-gen-go-grpc that its go.mod pins as
# tools; sets `src` and leaves the shell there. After go_module_env.
go_module_src() {
  local here=$1 out=$2 dir module
  shift 2
  module=$(sed -n 's/^module //p' "$here/go.mod")
  src=$out/src
  rm -rf "$src"
  mkdir -p "$src/pb" "$out/tools"
  cp "$here/go.mod" "$here/go.sum" "$src/"
  for dir in "$@"; do
    mkdir -p "$src/$dir"
    cp "$here/$dir"/*.go "$src/$dir/"
  done
  cd "$src"
  "$go" build -o "$out/tools/" google.golang.org/protobuf/cmd/protoc-gen-go google.golang.org/grpc/cmd/protoc-gen-go-grpc
  protoc -I "$root_dir/proto" \
    --plugin=protoc-gen-go="$out/tools/protoc-gen-go" --plugin=protoc-gen-go-grpc="$out/tools/protoc-gen-go-grpc" \
    --go_out=pb --go_opt=paths=source_relative --go_opt="Musers.proto=$module/pb" \
    --go-grpc_out=pb --go-grpc_opt=paths=source_relative --go-grpc_opt="Musers.proto=$module/pb" \
    "$root_dir/proto/users.proto"
}

# build_out OUT_DIR SCRIPT: a peer's build script's output folder (its one argument), created
# and made absolute; without one, the script's usage line and exit 2.
build_out() {
  [ -n "$1" ] || { echo "usage: $(basename "$2") OUT_DIR" >&2; exit 2; }
  mkdir -p "$1" && (cd "$1" && pwd)
}

# up_to_date TARGET SOURCE...: TARGET exists and is newer than every SOURCE (make-style
# builds: a step is skipped when its outputs are up to date).
up_to_date() {
  local target=$1 src
  shift
  [[ -e $target ]] || return 1
  for src in "$@"; do
    [[ $target -nt $src ]] || return 1
  done
}

# need_built PREFIX BIN...: each binary exists, else a one-line error (PREFIX: ...) and exit 1.
need_built() {
  local prefix=$1 bin; shift
  for bin in "$@"; do
    if [ ! -x "$bin" ]; then
      echo "$prefix: $bin not found: build it first (cargo build --workspace --bins; CARGO_TARGET_DIR=$target_dir)" >&2
      exit 1
    fi
  done
}

# cpu_ticks PID: utime + stime of the process (clock ticks), from /proc/PID/stat.
cpu_ticks() {
  local stat rest f
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  rest=${stat##*) }
  read -r -a f <<<"$rest"
  echo $((f[11] + f[12]))
}

# vm_kib PID FIELD: VmRSS, VmHWM... of the process, in KiB.
vm_kib() {
  sed -n "s/^$2:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$1/status" 2>/dev/null || true
}
