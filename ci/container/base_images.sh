#!/usr/bin/env bash
# The base images deploy/container/Containerfile starts from, made here, since no image
# registry is reachable from these machines: a Debian 12 minbase root from debootstrap,
# imported into podman as docker.io/library/debian:12, and the same root without
# documentation, manuals and translations as docker.io/library/debian:12-slim (what Debian's
# slim images leave out). The roots' tarballs are kept in $USERS_GRPC_CACHE/container/; a run
# that finds both images does nothing.
#
# usage: ci/container/base_images.sh    (root; debootstrap and podman installed by ci/setup.sh)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

[ "$(id -u)" -eq 0 ] || { echo "base-images: needs root (debootstrap)" >&2; exit 1; }
for tool in debootstrap podman; do
  command -v "$tool" >/dev/null || { echo "base-images: $tool is not installed (bash ci/setup.sh)" >&2; exit 1; }
done
full=docker.io/library/debian:12
slim=docker.io/library/debian:12-slim
if podman image exists "$full" && podman image exists "$slim"; then
  exit 0
fi
dir=$cache_dir/container
mkdir -p "$dir"
if [ ! -s "$dir/debian-12.tar" ]; then
  root=$dir/debian-12-root
  rm -rf --one-file-system "$root"
  echo "base-images: debootstrap --variant=minbase bookworm"
  start=$SECONDS
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$dir/debootstrap.log" 2>&1 ||
    { tail -n 20 "$dir/debootstrap.log" >&2; echo "base-images: debootstrap failed (log: $dir/debootstrap.log)" >&2; exit 1; }
  # What debootstrap leaves of the host: its resolver and its apt caches.
  rm -f "$root/etc/resolv.conf"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" --numeric-owner -cf "$dir/debian-12.tar.tmp" .
  tar -C "$root" --numeric-owner --exclude=./usr/share/doc/* --exclude=./usr/share/man/* \
    --exclude=./usr/share/info/* --exclude=./usr/share/locale/* -cf "$dir/debian-12-slim.tar" .
  mv "$dir/debian-12.tar.tmp" "$dir/debian-12.tar"
  rm -rf --one-file-system "$root"
  echo "base-images: roots made in $((SECONDS - start))s"
fi
podman import --change 'CMD ["/bin/bash"]' "$dir/debian-12.tar" "$full" >"$dir/import.log" 2>&1 ||
  { cat "$dir/import.log" >&2; exit 1; }
podman import --change 'CMD ["/bin/bash"]' "$dir/debian-12-slim.tar" "$slim" >>"$dir/import.log" 2>&1 ||
  { cat "$dir/import.log" >&2; exit 1; }
echo "base-images: $full and $slim imported"
