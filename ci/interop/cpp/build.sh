#!/usr/bin/env bash
# Builds the C++ peers (users-cpp-server, users-cpp-client) into $1 from Debian's packages
# (libgrpc++-dev, protobuf-compiler-grpc, pkg-config). Make-style: a step is skipped when
# its outputs are newer than its inputs, so a second run with nothing changed is fast.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source "$here/../../lib.sh"
out=$(build_out "${1:-}" "$0")
mkdir -p "$out/gen"
gen="$out/gen"
proto="$root_dir/proto/users.proto"

plugin=$(command -v grpc_cpp_plugin) || { echo "build.sh: grpc_cpp_plugin not found" >&2; exit 1; }
gen_files=("$gen/users.pb.h" "$gen/users.pb.cc" "$gen/users.grpc.pb.h" "$gen/users.grpc.pb.cc")
stale=0
for f in "${gen_files[@]}"; do
  up_to_date "$f" "$proto" "$here/build.sh" || stale=1
done
if ((stale)); then
  protoc -I "$root_dir/proto" --cpp_out="$gen" --grpc_out="$gen" \
    --plugin=protoc-gen-grpc="$plugin" "$proto"
fi

# pkg-config takes over a second per call here (abseil's many .pc files): ask it only
# when something has to be compiled or linked.
cflags=() libs=() have_cflags=0 have_libs=0
need_cflags() {
  ((have_cflags)) || read -r -a cflags <<<"$(pkg-config --cflags grpc++ protobuf)"
  have_cflags=1
}
need_libs() {
  ((have_libs)) || read -r -a libs <<<"$(pkg-config --libs grpc++ protobuf)"
  have_libs=1
}

# compile OBJ SRC [DEPS...]: g++ -c, skipped when OBJ is newer than SRC and DEPS.
compile() {
  local obj=$1 src=$2
  shift 2
  up_to_date "$obj" "$src" "$@" "$here/build.sh" && return 0
  need_cflags
  g++ -O2 -std=c++17 -I "$gen" "${cflags[@]}" -c -o "$obj.tmp" "$src"
  mv -f "$obj.tmp" "$obj"
}

# link BIN OBJ...: skipped when BIN is newer than every OBJ.
link() {
  local bin=$1
  shift
  up_to_date "$out/$bin" "$@" && return 0
  need_libs
  g++ -O2 -std=c++17 -o "$out/$bin.tmp" "$@" "${libs[@]}" -lpthread
  mv -f "$out/$bin.tmp" "$out/$bin"
}

obj="$out/obj"
mkdir -p "$obj"
compile "$obj/users.pb.o" "$gen/users.pb.cc" "$gen/users.pb.h"
compile "$obj/users.grpc.pb.o" "$gen/users.grpc.pb.cc" "${gen_files[@]}"
compile "$obj/server.o" "$here/server.cc" "${gen_files[@]}"
compile "$obj/client.o" "$here/client.cc" "${gen_files[@]}"
link users-cpp-server "$obj/server.o" "$obj/users.pb.o" "$obj/users.grpc.pb.o"
link users-cpp-client "$obj/client.o" "$obj/users.pb.o" "$obj/users.grpc.pb.o"
