#!/usr/bin/env bash
# The README's two commands as a newcomer runs them: on a fresh Debian 12 root (debootstrap
# minbase) with nothing but the Rust toolchain, from a fresh clone of this checkout's HEAD,
# `bash ci/demo.sh` and then `bash ci/test.sh`, as root in a chroot that shares this machine's
# network (so it reaches the same registries). Prints each command's time; exits non-zero when
# one fails. Not part of ci/test.sh: it takes as long as a first build (the C core, every peer).
#
# usage: ci/fresh_debian.sh [--core-cache DIR] [--demo-only] [--keep]
#   --core-cache DIR  lend the chroot this compiled C core cache (GRPCIO_SYS_CACHE_DIR, e.g.
#                     ~/.cache/users-grpc/grpcio-sys) instead of compiling the core there; the
#                     key of the cache (sources, compiler, flags) decides whether it is used
#   --demo-only       run `bash ci/demo.sh` only (a newcomer's first contact, timed alone)
#   --keep            keep the root afterwards (in $USERS_GRPC_CACHE/fresh-debian)
# Needs root and debootstrap (apt-get install debootstrap); the host's rustup toolchains are
# lent to the chroot read-only.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

core_cache=
keep=0
scripts=(demo test)
while [ $# -gt 0 ]; do
  case $1 in
    --core-cache)
      [ $# -ge 2 ] && [ -d "$2" ] || { echo "fresh-debian: --core-cache needs an existing folder (got '${2:-}')" >&2; exit 2; }
      core_cache=$(realpath "$2"); shift 2 ;;
    --keep) keep=1; shift ;;
    --demo-only) scripts=(demo); shift ;;
    *) echo "fresh-debian: unknown argument '$1' (--core-cache DIR, --demo-only, --keep)" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "fresh-debian: needs root (debootstrap, chroot, mounts)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "fresh-debian: debootstrap is not installed (apt-get install debootstrap)" >&2; exit 1; }
rustup_home=${RUSTUP_HOME:-$HOME/.rustup}
cargo_bin=${CARGO_HOME:-$HOME/.cargo}/bin
[ -d "$rustup_home/toolchains" ] && [ -x "$cargo_bin/cargo" ] ||
  { echo "fresh-debian: no rustup toolchain at $rustup_home and $cargo_bin to lend the chroot" >&2; exit 1; }

base=$cache_dir/fresh-debian
# Absolute and without symlinks, as /proc/PID/root and findmnt name it.
root=$(realpath -m "$base/root")
mounts=()
# mounted_under: whether anything is mounted at or below the root (awk reads findmnt's whole
# output: grep -q would stop early and, under pipefail, turn findmnt's SIGPIPE into "no").
mounted_under() {
  findmnt -rn -o TARGET | awk -v r="$root" '$0 == r || index($0, r "/") == 1 { found = 1 } END { exit !found }'
}
# in_root_pids: the processes whose root is the chroot.
in_root_pids() {
  local pid
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [ "$(readlink "/proc/$pid/root" 2>/dev/null)" != "$root" ] || echo "$pid"
  done
}
cleanup() {
  set +e
  local i pid pids round
  # Whatever the checks left running in the root (a server, nginx, whose master would start
  # a new worker for a killed one) goes first, until nothing is left.
  for round in 1 2 3 4 5; do
    pids=$(in_root_pids)
    [ -n "$pids" ] || break
    for pid in $pids; do kill -KILL "$pid" 2>/dev/null; done
    sleep 0.2
  done
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    umount "${mounts[$i]}" 2>/dev/null || umount -l "${mounts[$i]}" ||
      echo "fresh-debian: could not unmount ${mounts[$i]}" >&2
  done
  [ "$keep" -eq 0 ] || return 0
  # A mount still there (the lent core cache above all) must not be deleted with the root.
  if mounted_under; then
    echo "fresh-debian: mounts remain under $root; not deleting it" >&2
    return 0
  fi
  rm -rf --one-file-system "$root"
}
# bind SOURCE TARGET [ro]: mounts SOURCE on TARGET inside the root, for the cleanup to undo.
bind() {
  mkdir -p "$root$2"
  mount --bind "$1" "$root$2"
  mounts+=("$root$2")
  [ "${3:-}" != ro ] || mount -o remount,bind,ro "$root$2"
}

if mounted_under; then
  echo "fresh-debian: something is still mounted under $root (an earlier run?); unmount it first" >&2
  exit 1
fi
if [ -n "$(in_root_pids)" ]; then
  echo "fresh-debian: processes still run in $root (an earlier run, or a shell in a kept root); stop them first" >&2
  exit 1
fi
trap cleanup EXIT
rm -rf --one-file-system "$root"
mkdir -p "$base"
echo "fresh-debian: debootstrap --variant=minbase bookworm"
start=$SECONDS
debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$base/debootstrap.log" 2>&1 ||
  { tail -n 20 "$base/debootstrap.log" >&2; echo "fresh-debian: debootstrap failed (log: $base/debootstrap.log)" >&2; exit 1; }
echo "fresh-debian: root made in $((SECONDS - start))s"

cp /etc/resolv.conf "$root/etc/resolv.conf"
# Packages installed in the root must not start their services (nginx would start on the
# host's network).
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"
bind /proc /proc
bind /sys /sys
bind /dev /dev
bind /dev/pts /dev/pts
bind "$rustup_home" /root/.rustup ro
mkdir -p "$root/root/.cargo"
cp -a "$cargo_bin" "$root/root/.cargo/bin"
git clone --quiet --no-hardlinks "$root_dir" "$root/work/src"
bundle=${USERS_ADVISORY_DB_BUNDLE:-$root_dir/../shared/advisory-db/advisory-db.bundle}
if [ -f "$bundle" ]; then
  mkdir -p "$root/work/shared/advisory-db"
  cp "$bundle" "$root/work/shared/advisory-db/"
fi
env=(HOME=/root PATH=/root/.cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  LANG=C.UTF-8 TERM=dumb)
# The network is this machine's: where it reaches the registries through a proxy with a CA of
# its own, the root trusts that CA too (the ca-certificates package that ci/setup.sh installs
# takes it from /usr/local/share/ca-certificates) and the tools are pointed at the bundle the
# same way here.
if compgen -G "/usr/local/share/ca-certificates/*" >/dev/null; then
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp -a /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
fi
for var in SSL_CERT_FILE SSL_CERT_DIR CURL_CA_BUNDLE GIT_SSL_CAINFO PIP_CERT REQUESTS_CA_BUNDLE \
  NODE_EXTRA_CA_CERTS; do
  [ -z "${!var:-}" ] || env+=("$var=${!var}")
done
if [ -n "$core_cache" ]; then
  bind "$core_cache" /root/core-cache
  env+=(GRPCIO_SYS_CACHE_DIR=/root/core-cache)
fi

status=0
for script in "${scripts[@]}"; do
  cmd="bash ci/$script.sh" log=$base/$script.log
  echo "fresh-debian: $cmd"
  start=$SECONDS
  if chroot "$root" /usr/bin/env -i "${env[@]}" bash -c "cd /work/src && $cmd" >"$log" 2>&1; then
    echo "fresh-debian: $cmd passed in $(((SECONDS - start) / 60))m$(((SECONDS - start) % 60))s (log: $log)"
  else
    status=$?
    tail -n 30 "$log"
    echo "fresh-debian: $cmd FAILED (exit $status) after $(((SECONDS - start) / 60))m$(((SECONDS - start) % 60))s (log: $log)"
    break
  fi
done
exit "$status"
