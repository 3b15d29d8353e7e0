#!/usr/bin/env bash
# The whole test suite: installs what is missing, checks formatting and lints, runs the Rust
# tests, the interop matrix, the operability checks (reflection, health, gzip, keepalive,
# nginx), TLS with the Go and Java peers, the fault suite and cargo deny. ci/soak.sh and
# ci/fuzz.sh run beside it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root_dir"

bash "$ci_dir/setup.sh"
if cargo fmt --version >/dev/null 2>&1; then
  echo "== cargo fmt --check"
  cargo fmt --all -- --check
else
  echo "== cargo fmt: skipped (rustfmt is not installed: rustup component add rustfmt)"
fi
# The gRPC C core first, alone: on a machine without its compiled core this is the longest
# step, and the checks below would otherwise share the cores with it.
echo "== the gRPC C core (grpcio-sys; compiled once per machine, then taken from its cache)"
cargo build -p grpcio-sys
if cargo clippy --version >/dev/null 2>&1; then
  echo "== cargo clippy"
  cargo clippy --workspace --all-targets --quiet -- -D warnings
else
  echo "== cargo clippy: skipped (clippy is not installed: rustup component add clippy)"
fi
echo "== cargo test"
cargo test --workspace
echo "== interop matrix"
bash "$ci_dir/interop.sh"
echo "== operability: health and reflection with Python's grpc tools (the Rust and Java servers)"
bash "$ci_dir/reflection.sh"
echo "== operability: gzip and keepalive with Go peers, scale-out behind nginx"
bash "$ci_dir/ops.sh"
echo "== security: TLS with the Go and Java peers"
bash "$ci_dir/tls.sh"
echo "== faults: 10,000 streams from the Go load tool, rapid reset, bad HTTP/2, the wire against grpc-go (the process-level faults ran in cargo test)"
bash "$ci_dir/faults.sh"
echo "== supply chain: cargo deny"
bash "$ci_dir/deny.sh"
