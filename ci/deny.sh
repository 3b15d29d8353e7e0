#!/usr/bin/env bash
# Supply-chain checks of every crate of the workspace (users-grpc, users-transport,
# users-server, users-client, users-bench, users-e2e, grpcio-sys) and what they ship, for the
# target the binaries are built for, with cargo-deny and deny.toml: licenses, banned or
# duplicated crates, sources, and RustSec advisories.
#
# Advisories come from the live RustSec database when it can be fetched, else from the dated
# offline snapshot (a git bundle: $USERS_ADVISORY_DB_BUNDLE, default
# ../shared/advisory-db/advisory-db.bundle beside the checkout); the script says which
# database it used and the date of its newest advisory commit. With neither, advisories are
# reported as NOT CHECKED and the other checks still decide the exit status.
#
# usage: ci/deny.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root_dir"

deny_version=0.20.0
if [ "$(cargo deny --version 2>/dev/null)" != "cargo-deny $deny_version" ]; then
  echo "deny: installing cargo-deny $deny_version"
  cargo install cargo-deny --version "$deny_version" --locked --quiet
fi
deny=(cargo deny --workspace --log-level error)

echo "deny: licenses, bans, sources (whole workspace)"
"${deny[@]}" check licenses bans sources

# cargo-deny keeps each database under DB_PATH in a folder named after its URL's hash; this
# is the one of the default RustSec URL.
db_folder=advisory-db-3157b0e258782691
bundle=${USERS_ADVISORY_DB_BUNDLE:-$root_dir/../shared/advisory-db/advisory-db.bundle}
live=$cache_dir/advisory-dbs/live
snapshot=$cache_dir/advisory-dbs/snapshot

# db_date DIR: the date of the database's newest commit.
db_date() { git -C "$1/$db_folder" log -1 --format=%cs 2>/dev/null || echo "unknown date"; }

if USERS_ADVISORY_DBS=$live timeout 120 "${deny[@]}" fetch db >/dev/null 2>&1; then
  echo "deny: advisories, from the live RustSec database (fetched now; newest advisory commit $(db_date "$live"))"
  USERS_ADVISORY_DBS=$live "${deny[@]}" --offline check advisories
elif [ -f "$bundle" ]; then
  head=$(git bundle list-heads "$bundle" | awk 'NR == 1 { print $1 }')
  if [ "$(git -C "$snapshot/$db_folder" rev-parse HEAD 2>/dev/null)" != "$head" ]; then
    rm -rf "${snapshot:?}/$db_folder"
    mkdir -p "$snapshot"
    git -c init.defaultBranch=main clone --quiet "$bundle" "$snapshot/$db_folder"
  fi
  echo "deny: advisories, from the OFFLINE SNAPSHOT of the RustSec database dated $(db_date "$snapshot")" \
    "($bundle): the live database could not be fetched, so advisories published since then are not known here"
  USERS_ADVISORY_DBS=$snapshot "${deny[@]}" --offline check advisories
else
  echo "deny: advisories NOT CHECKED: the live RustSec database could not be fetched and there is" \
    "no offline snapshot at $bundle (set USERS_ADVISORY_DB_BUNDLE)"
fi
