#!/usr/bin/env bash
# Builds users-server as it was on the gRPC C core 1.56.2 (grpcio 0.13.0 with the crates.io
# grpcio-sys 0.13.0+1.56.2), for measurements beside the current server: the source of the
# last commit before grpcio-sys/, in release mode, into DIR/users-server. Idempotent: nothing
# is done when DIR holds the build of that commit. The first build compiles the 1.56.2 core
# with cmake (about 15 minutes on 2 cores).
#
# usage: ci/bench/build_old_core.sh DIR
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

commit=e6043609c79e5fcad1946a9f25ff44b4ed2cbe57
dest=${1:?usage: build_old_core.sh DIR}
if [ -x "$dest/users-server" ] && [ "$(cat "$dest/commit" 2>/dev/null)" = "$commit" ]; then
  exit 0
fi
if ! git -C "$root_dir" cat-file -e "$commit^{commit}" 2>/dev/null; then
  echo "build_old_core: commit $commit is not in this clone (a shallow one? git fetch --unshallow)" >&2
  exit 1
fi
mkdir -p "$dest"
rm -rf "$dest/src"
mkdir "$dest/src"
git -C "$root_dir" archive "$commit" | tar -x -C "$dest/src"
(cd "$dest/src" && CARGO_TARGET_DIR="$dest/target" cargo build --release --locked -p users-server --bin users-server)
cp "$dest/target/release/users-server" "$dest/users-server"
echo "$commit" >"$dest/commit"
