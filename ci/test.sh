#!/usr/bin/env bash
# The whole test suite: installs what is missing, checks formatting and lints, runs the Rust
# tests, then the process-level checks of ci/checks/ in one harness (ci/check.sh: the interop
# matrix, the operability checks (reflection, health, gzip, keepalive, nginx), TLS with the Go
# and Java peers, the fault suite) and cargo deny. ci/soak.sh and ci/fuzz.sh run beside it.
# A tool the suite needs that is missing after ci/setup.sh fails it, named, before anything
# runs: no check is skipped for want of a tool.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root_dir"

# Formatting and lints are part of the suite: without rustfmt or clippy it would pass on less
# than it says, so it stops before anything else.
for component in rustfmt clippy; do
  tool=${component#rust}
  cargo "$tool" --version >/dev/null 2>&1 || {
    echo "test: cargo $tool is not available: rustup component add $component (and the Rust toolchain itself, if cargo is missing)" >&2
    exit 1
  }
done
bash "$ci_dir/setup.sh"
command -v python3 >/dev/null || { echo "test: python3 is not installed (ci/setup.sh installs it)" >&2; exit 1; }
# The commands the peers' builds and the checks need (ci/peers.toml): all there, or stop.
python3 "$ci_dir/harness/peers.py" needs --check || { echo "test: a tool the suite needs is missing (above)" >&2; exit 1; }
echo "== cargo fmt --check"
cargo fmt --all -- --check
# The vendored grpcio is crates.io's package with its listed patches, nothing else.
echo "== grpcio/ against its package and patches"
python3 grpcio/scripts/vendor.py --check
# The gRPC C core first, alone: on a machine without its compiled core this is the longest
# step, and the checks below would otherwise share the cores with it.
echo "== the gRPC C core (grpcio-sys; compiled once per machine, then taken from its cache)"
cargo build -p grpcio-sys
echo "== cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings
echo "== cargo test"
cargo test --workspace
# One pytest run: interop matrix; health and reflection with Python's grpc tools (the Rust and
# Java servers); gzip and keepalive with Go peers, scale-out behind nginx; TLS with the Go and
# Java peers; traces read back from a real Jaeger (Go and Rust halves), a real Prometheus
# scraping the gRPC-standard metrics; faults: 10,000 streams from the Go load tool, rapid reset, bad HTTP/2, the wire
# against grpc-go (the process-level faults ran in cargo test).
echo "== the process-level checks (ci/check.sh): interop, reflection, ops, tls, observability, deploy, container, faults"
bash "$ci_dir/check.sh"
echo "== supply chain: cargo deny"
bash "$ci_dir/deny.sh"
