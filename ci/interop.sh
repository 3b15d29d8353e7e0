#!/usr/bin/env bash
# The interop matrix (ci/checks/test_interop.py): every client against every server of the
# interop peers of ci/peers.toml, the tutorial's users and 10,000 generated users per pair.
# usage: ci/interop.sh [PEER...]   (default: every interop peer)
exec bash "$(dirname "$0")/check.sh" interop -- --peers "$*"
