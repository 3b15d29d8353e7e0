# What the container scripts share: the project's paths (ci/lib.sh) and podman's settings for
# this project (containers.conf beside this file), whoever runs them.
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
export CONTAINERS_CONF=$ci_dir/container/containers.conf
