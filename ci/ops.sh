#!/usr/bin/env bash
# gzip and keepalive with the Go peers, two servers behind nginx (ci/checks/test_ops.py).
exec bash "$(dirname "$0")/check.sh" ops -- "$@"
