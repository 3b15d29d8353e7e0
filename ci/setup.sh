#!/usr/bin/env bash
# Installs the system packages the build and the test suite need. Safe to run again: it only
# calls apt-get when a package is missing.
#
# usage: ci/setup.sh [build]
#   build   only what building the workspace and ci/demo.sh need: the C and C++ compilers
#           and make for the gRPC C core (BoringSSL included), and python3
#   (none)  that, and every tool and peer toolchain ci/test.sh uses (the commands ci/peers.toml
#           lists as needs, which ci/test.sh checks after this; ci/bench/callgrind.sh and
#           ci/fresh_debian.sh, outside it, name what they need themselves)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

case ${1:-all} in
  build) want=build ;;
  all) want=all ;;
  *) echo "setup: unknown argument '$1' (build, or nothing for the whole test suite)" >&2; exit 2 ;;
esac

command -v cargo >/dev/null || {
  echo "setup: cargo not found; install the Rust toolchain (rustup) first" >&2
  exit 1
}

packages=(
  # grpcio-sys/ builds the gRPC C core with the BoringSSL it bundles for TLS (grpcio's
  # "boringssl" feature); g++ compiles grpcio's C wrapper and links. cargo fetches crates over
  # HTTPS, which needs the CA certificates a minimal Debian leaves out. ci/demo.sh finds the
  # binaries through the registry of peers and the server's port through the harness, both
  # Python (ci/harness/), which a minimal Debian leaves out too. ci/test.sh checks grpcio/
  # against its package with its patches applied by patch(1).
  g++ make ca-certificates python3 patch
)
# The core compiles with clang when there is one, in about half GCC's time (its precompiled
# header serves every source): Debian 12's clang 16 unless the machine has a clang already.
if ! compgen -c | grep -E '^clang\+\+(-[0-9]+)?$' >/dev/null; then
  packages+=(clang-16)
fi
if [ "$want" = all ]; then
  packages+=(
    # ci/deny.sh reads the offline RustSec snapshot, a git bundle; ci/bench/build_old_core.sh
    # takes the old server's source out of the history.
    git
    # cmake builds the crates.io grpcio-sys of the server on the old core 1.56.2 that
    # ci/bench measures beside the current one, against the system's OpenSSL (its "openssl"
    # feature, found by pkg-config).
    cmake pkg-config libssl-dev
    # The grpc-go 1.33 peer: Debian's grpc-go and protobuf-go, built in GOPATH mode by
    # Debian's own Go 1.19 (golang-go), the toolchain Debian built and tested those packages
    # with. ci/interop/go/build_1.33.sh calls that go by its path (/usr/lib/go-1.19/bin/go), so a
    # newer Go first on PATH (as /usr/local/go on some machines) builds nothing of this peer.
    golang-go golang-google-grpc-dev golang-google-protobuf-dev
    golang-github-golang-protobuf-1-5-dev protoc-gen-go protoc-gen-go-grpc
    # protoc generates users.proto's code for the Go peers (with the plugins each Go build
    # names) and the C++ peers (gRPC C++ from Debian).
    protobuf-compiler libgrpc++-dev protobuf-compiler-grpc
    # Python and Node interop peers (grpcio from PyPI in a venv, @grpc/grpc-js from npm);
    # the checks (ci/check.sh) run under pytest in the Python peer's venv, and the registry of
    # peers (ci/harness/peers.py) runs on the system's python3.
    python3-venv
    # The ops checks (ci/checks/test_ops.py) spread streams over two servers behind nginx
    # (Debian's nginx has the grpc module built in); they run their own unprivileged
    # instance, not the system service.
    nginx
    # The TLS checks (ci/checks/test_tls.py) make their test CA and certificates with the
    # openssl command line.
    openssl
    # The observability checks (ci/checks/test_observability.py) run Debian's Prometheus
    # (2.42) as a scraper of their own, and its promtool.
    prometheus
    # The deployment checks (ci/checks/test_deploy.py) verify the systemd unit of deploy/
    # with systemd-analyze (offline: the machine need not run systemd).
    systemd
    # The container check (ci/checks/test_container.py) builds and runs the image of
    # deploy/container/ with podman, on runc (crun fails on these machines' cgroups), from
    # base images it makes with debootstrap.
    podman runc debootstrap
  )
  # The grpc-java peer: Java 17 and Maven (which fetches grpc-java and protobuf-java from
  # Maven Central as ci/interop/java/pom.xml pins them). A machine's own JDK 17+ is used.
  java_major=0
  if command -v java >/dev/null && command -v javac >/dev/null; then
    java_major=$({ java -version 2>&1 || true; } | sed -n 's/.* version "\([0-9][0-9]*\).*/\1/p' | head -n 1)
  fi
  [ "${java_major:-0}" -ge 17 ] || packages+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null || packages+=(maven)
  # Node may come from elsewhere than Debian (e.g. NodeSource's nodejs bundles npm, and
  # Debian's npm conflicts with it): install Debian's only when the command is missing.
  command -v node >/dev/null || packages+=(nodejs)
  command -v npm >/dev/null || packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The Go module of ci/interop/go (grpc-go as its go.mod pins it, the reference peer) names a
# Go release newer than any Debian 12 package. Any Go from 1.21 on fetches that exact release
# from the Go module proxy (GOTOOLCHAIN, set by ci/interop/go/build.sh), so the machine's own
# Go is used when it is 1.21 or newer (lib.sh's module_go: the go on PATH, then Debian's
# golang-1.2x, then /usr/local/go); otherwise Debian's newest, golang-1.23-go from
# bookworm-backports, is installed for that.
# Debian's golang-go (1.19) above predates GOTOOLCHAIN and builds only the grpc-go 1.33 peer.
if [ "$want" = all ] && ! module_go >/dev/null; then
  codename=$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release 2>/dev/null)
  if [ "$codename" != bookworm ]; then
    echo "setup: no Go 1.21 or newer found; install one (https://go.dev/doc/install) and run again" >&2
    exit 1
  fi
  backports=/etc/apt/sources.list.d/users-grpc-bookworm-backports.list
  if ! grep -rqs '^[^#]*bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo "setup: adding Debian's bookworm-backports ($backports) for golang-1.23-go"
    echo "deb http://deb.debian.org/debian bookworm-backports main" | $sudo tee "$backports" >/dev/null
  fi
  echo "setup: installing golang-1.23-go from bookworm-backports"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends -t bookworm-backports golang-1.23-go
fi
