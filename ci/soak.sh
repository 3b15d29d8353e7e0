#!/usr/bin/env bash
# Soak test of users-server (not part of CI): many users through one server with users-bench
# flood, no user lost, memory flat (ci/checks/soak.py says what it checks; --help its options).
#
# usage: ci/soak.sh [--users N] [--duration D] [--streams S] [--connections C]
#                   [--interval SECONDS] [--timeout SECONDS]
exec python3 "$(dirname "$0")/checks/soak.py" "$@"
