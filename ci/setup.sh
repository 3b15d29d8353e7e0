#!/usr/bin/env bash
# Installs the system packages the build and the test suite need. Safe to run again:
# it only calls apt-get when a package is missing.
set -euo pipefail

command -v cargo >/dev/null || {
  echo "setup: cargo not found; install the Rust toolchain (rustup) first" >&2
  exit 1
}

packages=(
  # grpcio-sys/ builds the gRPC C core with a C++17 compiler, against the system's OpenSSL
  # for TLS (grpcio's "openssl" feature). cmake builds the crates.io grpcio-sys of the server
  # on the old core 1.56.2 that ci/bench measures beside the current one.
  g++ make pkg-config libssl-dev cmake
  # Go interop peers, built in GOPATH mode from Debian's packages.
  golang-go golang-google-grpc-dev golang-google-protobuf-dev
  golang-github-golang-protobuf-1-5-dev protoc-gen-go protoc-gen-go-grpc protobuf-compiler
  # C++ interop peers: gRPC C++ from Debian.
  libgrpc++-dev protobuf-compiler-grpc
  # Python and Node interop peers (grpcio from PyPI in a venv, @grpc/grpc-js from npm);
  # the interop checks also compare responses with a Python script.
  python3 python3-venv
  # ci/ops.sh spreads streams over two servers behind nginx (Debian's nginx has the grpc
  # module built in); it runs its own unprivileged instance, not the system service.
  nginx
  # ci/tls.sh makes its test CA and certificates with the openssl command line.
  openssl
)
# Node may come from elsewhere than Debian (e.g. NodeSource's nodejs bundles npm, and
# Debian's npm conflicts with it): install Debian's only when the command is missing.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
