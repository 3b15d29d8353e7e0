#!/usr/bin/env bash
# Health and reflection with gRPC's own Python clients against the Rust and Java servers
# (ci/checks/test_reflection.py).
exec bash "$(dirname "$0")/check.sh" reflection -- "$@"
