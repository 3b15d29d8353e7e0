#!/usr/bin/env bash
# Builds the tonic peers (users-tonic-server, users-tonic-client) into $1, release mode,
# with their own target directory under $1 so later runs are incremental.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source "$here/../../lib.sh"
out=$(build_out "${1:-}" "$0")
# tonic-build runs protoc: Debian's protobuf-compiler (installed by ci/setup.sh).
export PROTOC=${PROTOC:-$(command -v protoc)}
CARGO_TARGET_DIR="$out/target" cargo build --quiet --release --locked --manifest-path "$here/Cargo.toml"
cp "$out/target/release/users-tonic-server" "$out/target/release/users-tonic-client" "$out/"
