#!/usr/bin/env bash
# Builds the Go peers (users-go-server, users-go-client), the load generator users-go-load and
# the keepalive probe users-go-keepalive into $1 from Debian's Go packages, in GOPATH mode: no
# Go module downloads. Debian's Go 1.19 builds them, whatever go comes first on PATH (see
# ci/setup.sh).
set -euo pipefail

out=${1:?usage: build.sh OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
mkdir -p "$out"
gopath="$out/gopath"
pkg="$gopath/src/users"
rm -rf "$pkg"
mkdir -p "$pkg/pb" "$pkg/server" "$pkg/client" "$pkg/load"

protoc -I "$root/proto" \
  --plugin=protoc-gen-go=/usr/bin/protoc-gen-go --plugin=protoc-gen-go-grpc=/usr/bin/protoc-gen-go-grpc \
  --go_out="$pkg/pb" --go_opt=paths=source_relative --go_opt=Musers.proto=users/pb \
  --go-grpc_out="$pkg/pb" --go-grpc_opt=paths=source_relative --go-grpc_opt=Musers.proto=users/pb \
  "$root/proto/users.proto"
cp "$here/server/main.go" "$pkg/server/"
cp "$here/client/main.go" "$pkg/client/"
cp "$root/ci/tools/go-load/main.go" "$pkg/load/"
# The load tool and the keepalive probe embed the golden users and answers of testdata/.
mkdir -p "$pkg/load/golden"
cp "$root/testdata/generated_cycle.jsonl" "$pkg/load/golden/"

go=/usr/lib/go-1.19/bin/go
[ -x "$go" ] || { echo "go build: $go not found (Debian's golang-go; ci/setup.sh installs it)" >&2; exit 1; }
export GO111MODULE=off GOPATH="$gopath:/usr/share/gocode" GOFLAGS= GOCACHE="$out/gocache"
(cd "$pkg/server" && "$go" build -o "$out/users-go-server" .)
(cd "$pkg/client" && "$go" build -o "$out/users-go-client" .)
(cd "$pkg/load" && "$go" build -o "$out/users-go-load" .)

# The keepalive probe lowers grpc-go's 10 s floor on client ping intervals, which lives in the
# internal package google.golang.org/grpc/internal: only code inside the grpc tree may import
# it. So the probe is built in a GOPATH of its own, in a copy of Debian's grpc tree made of
# symlinks with the probe placed inside it; that copy is the grpc the probe and users/pb use.
grpc_src=/usr/share/gocode/src/google.golang.org/grpc
kgopath="$out/keepalive-gopath"
probe="$kgopath/src/google.golang.org/grpc/usersprobe/keepalive"
rm -rf "$kgopath"
mkdir -p "$kgopath/src/google.golang.org"
cp -rs "$grpc_src" "$kgopath/src/google.golang.org/grpc"
mkdir -p "$probe"
cp "$root/ci/tools/go-keepalive/main.go" "$probe/"
mkdir -p "$probe/golden"
cp "$root/testdata/tutorial_users.jsonl" "$root/testdata/tutorial_answers.jsonl" "$probe/golden/"
(cd "$probe" && GOPATH="$kgopath:$GOPATH" "$go" build -o "$out/users-go-keepalive" .)
