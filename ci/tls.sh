#!/usr/bin/env bash
# TLS and mTLS between the Rust pair and the Go and Java peers (ci/checks/test_tls.py).
exec bash "$(dirname "$0")/check.sh" tls -- "$@"
