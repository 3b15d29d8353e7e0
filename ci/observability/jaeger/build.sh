#!/usr/bin/env bash
# Builds Jaeger into $1: the all-in-one `jaeger` (v2, on the OpenTelemetry collector) of the Go
# module github.com/jaegertracing/jaeger at the release go.mod pins, as a tool dependency of a
# module of its own (go install refuses it: Jaeger's go.mod has replace directives), so that its
# dependency graph never moves the peers' grpc-go. The observability checks run it with
# in-memory storage as the trace backend. Incremental: Go's build cache lives in $1.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source "$here/../../lib.sh"
out=$(build_out "${1:-}" "$0")

go_module_env "$here" "$out"
cd "$here"
"$go" build -o "$out/jaeger" github.com/jaegertracing/jaeger/cmd/jaeger
