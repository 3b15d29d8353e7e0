#!/usr/bin/env bash
# The whole test suite: installs what is missing, checks formatting and lints, runs the Rust
# tests, then the Go interop checks.
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
