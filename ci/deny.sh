#!/usr/bin/env bash
# Supply-chain checks of what the binaries ship, with cargo-deny (deny.toml): licenses,
# banned or duplicated crates, sources, and RustSec advisories. The advisory database is
# fetched from GitHub; where it cannot be fetched, that check is reported as not run
# (loudly), the others still decide the exit status.
#
# usage: ci/deny.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root_dir"

if ! cargo deny --version >/dev/null 2>&1; then
  echo "deny: installing cargo-deny"
  cargo install cargo-deny --locked --quiet
fi

echo "deny: licenses, bans, sources"
cargo deny --log-level error check licenses bans sources

if cargo deny --log-level error fetch db >/dev/null 2>&1; then
  echo "deny: advisories"
  cargo deny --log-level error check advisories
else
  echo "deny: advisories NOT CHECKED: the RustSec database could not be fetched" \
    "(github.com/rustsec/advisory-db is unreachable from here); run ci/deny.sh where it is"
fi
