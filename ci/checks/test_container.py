"""Container checks of deploy/container/Containerfile, built and run by podman (as root, with
the settings of ci/container/containers.conf):
 - the build: from this checkout, on base images made here (no image registry is reachable:
   ci/container/base_images.sh imports a Debian 12 minbase root from debootstrap under the
   names the Containerfile uses), with the host's toolchain, crates and compiled gRPC core
   lent to it (TOOLCHAIN=host). What this skips of a user's build is the rustup download of the
   toolchain; Debian's packages are installed as in any build.
 - the image: its size as the README states it; the two binaries and nothing else added to
   Debian 12 slim but their user; every library they need is in the image; it runs as
   uid 10001; the health check is kept (--format docker); `users-server --version` in it names
   the core.
 - the container (host networking, a free port on 127.0.0.1): the Go client's answers, the
   health service (users-client from outside, and the image's own HEALTHCHECK through
   `podman healthcheck run`), reflection; then `podman stop`: SIGTERM, the drain logged, exit
   status 0 within the drain delay plus the grace;
 - the completion-queue threads: one per CPU the container may use, with a CPU limit
   (`--cpus 1`, a CFS quota as a Kubernetes limit sets it) and without one.
"""
import json
import os
import re
import subprocess
import time

import pytest

import answers
import processes
from peers import CI, ROOT

IMAGE = "localhost/users-grpc:check"
CONTAINERFILE = os.path.join(ROOT, "deploy", "container", "Containerfile")
BUILD_SECONDS = 3600
SECONDS = 60


def podman_env():
    env = dict(os.environ)
    env["CONTAINERS_CONF"] = os.path.join(CI, "container", "containers.conf")
    return env


def podman(*args, seconds=SECONDS, check=True):
    tool = processes.require_tool("podman")
    out = subprocess.run([tool, *args], capture_output=True, text=True, timeout=seconds, env=podman_env())
    if check:
        assert out.returncode == 0, f"podman {' '.join(args)}: {out.stdout[-2000:]}{out.stderr[-2000:]}"
    return out


@pytest.fixture(scope="module")
def image(tmp_path_factory):
    """The image, built from the checkout with the host's toolchain, crates and core."""
    base = subprocess.run(["bash", os.path.join(CI, "container", "base_images.sh")], capture_output=True,
                          text=True, timeout=1800, env=podman_env())
    assert base.returncode == 0, base.stdout[-2000:] + base.stderr[-2000:]
    home = os.path.expanduser("~")
    rustup = os.environ.get("RUSTUP_HOME", os.path.join(home, ".rustup"))
    cargo = os.environ.get("CARGO_HOME", os.path.join(home, ".cargo"))
    cache = os.environ.get("USERS_GRPC_CACHE", os.path.join(home, ".cache", "users-grpc"))
    core = os.environ.get("GRPCIO_SYS_CACHE_DIR", os.path.join(cache, "grpcio-sys"))
    os.makedirs(core, exist_ok=True)
    log = tmp_path_factory.mktemp("container") / "build.log"
    started = time.monotonic()
    out = podman("build", "--format", "docker", "--network", "host", "--build-arg", "TOOLCHAIN=host",
                 "-v", f"{rustup}:/usr/local/rustup:ro", "-v", f"{cargo}:/usr/local/cargo",
                 "-v", f"{core}:/cache/grpcio-sys", "-f", CONTAINERFILE, "-t", IMAGE, ROOT,
                 seconds=BUILD_SECONDS, check=False)
    log.write_text(out.stdout + out.stderr)
    assert out.returncode == 0, f"podman build failed (log: {log}): {out.stderr[-3000:]}"
    print(f"container: image built in {time.monotonic() - started:.0f} s")
    return IMAGE


def inspect(ref):
    return json.loads(podman("image", "inspect", ref).stdout)[0]


def test_the_image_holds_the_two_binaries_and_their_libraries(image):
    meta = inspect(image)
    base = inspect("docker.io/library/debian:12-slim")
    assert meta["Config"]["User"] == "10001:10001", meta["Config"]["User"]
    assert meta["Config"]["Entrypoint"] == ["users-server"], meta["Config"]["Entrypoint"]
    assert meta["Config"].get("StopSignal") in ("SIGTERM", "15"), meta["Config"].get("StopSignal")
    health = meta.get("Healthcheck")
    assert health and health["Test"] == ["CMD", "users-client", "--health"], health
    # Above the base: the user, and the two binaries.
    added = meta["RootFS"]["Layers"][len(base["RootFS"]["Layers"]):]
    assert len(added) == 2, meta["RootFS"]["Layers"]
    listing = podman("run", "--rm", "--network", "none", "--entrypoint", "sh", image, "-c",
                     "ls /usr/local/bin; ldd /usr/local/bin/users-server /usr/local/bin/users-client").stdout
    assert listing.split("\n")[:2] == ["users-client", "users-server"], listing
    assert "not found" not in listing, listing
    version = podman("run", "--rm", "--network", "none", image, "--version").stdout
    assert re.search(r"users-server \S+ \(gRPC C core 1\.85\.3\)", version), version

    size_mb = meta["Size"] / 1e6
    base_mb = base["Size"] / 1e6
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        stated = re.search(r"The image is (\d+) MB \(Debian 12 slim's (\d+) MB and the two binaries' (\d+) MB\)",
                           f.read())
    assert stated, "README.md states no image size"
    image_mb, slim_mb, binaries_mb = (int(x) for x in stated.groups())
    assert abs(size_mb - image_mb) <= 2 and abs(base_mb - slim_mb) <= 2, (size_mb, base_mb, stated.group(0))
    assert abs(size_mb - base_mb - binaries_mb) <= 2, (size_mb - base_mb, stated.group(0))


def test_the_container_serves_and_stops_within_its_drain(image, go, rust_client):
    port = processes.free_port()
    addr = f"127.0.0.1:{port}"
    name = f"users-check-{os.getpid()}"
    delay, grace = 1, 5
    podman("rm", "--force", name, check=False)
    podman("run", "--detach", "--name", name, "--network", "host", "-e", f"USERS_ADDR={addr}",
           "-e", f"USERS_DRAIN_DELAY={delay}s", "-e", f"USERS_SHUTDOWN_GRACE={grace}s", image)
    try:
        deadline = time.monotonic() + 30
        while "listening on" not in podman("logs", name).stderr + podman("logs", name).stdout:
            assert time.monotonic() < deadline, podman("logs", name).stderr
            time.sleep(0.2)
        assert podman("exec", name, "id", "-u").stdout.strip() == "10001"

        ran = processes.run(go.client(addr), SECONDS).expect_ok("go client against the container")
        answers.expect(answers.tutorial(ran.stdout), "go client against the container")
        probe = processes.run(rust_client(addr) + ["--health"], SECONDS)
        assert probe.returncode == 0 and probe.stdout.split() == ["SERVING"], (probe.stdout, probe.stderr)
        healthy = podman("healthcheck", "run", name, check=False)
        assert healthy.returncode == 0, healthy.stdout + healthy.stderr
        listed = processes.run(rust_client(addr) + ["--list-services"], SECONDS).expect_ok("users-client --list-services")
        assert "users.Users" in listed.stdout.split(), listed.stdout

        started = time.monotonic()
        podman("stop", "--time", str(delay + grace + 10), name, seconds=SECONDS)
        took = time.monotonic() - started
        state = json.loads(podman("inspect", name).stdout)[0]["State"]
        logs = podman("logs", name)
        assert state["ExitCode"] == 0, (state, logs.stderr[-2000:])
        assert "stopped (all streams finished)" in logs.stdout + logs.stderr, logs.stderr[-2000:]
        assert took < delay + grace, f"the stop took {took:.1f} s, past the drain's {delay + grace} s"
    finally:
        podman("rm", "--force", name, check=False)


def poll_threads(name):
    """The completion-queue threads of the container's server, and the CPUs it may run on."""
    out = podman("exec", name, "sh", "-c",
                 "cat /proc/1/task/*/comm | grep -c '^grpc-poll-'; grep Cpus_allowed_list /proc/1/status").stdout
    count, allowed = out.split("\n", 1)
    cpus = 0
    for part in allowed.split(":", 1)[1].strip().split(","):
        first, _, last = part.partition("-")
        cpus += int(last or first) - int(first) + 1
    return int(count), cpus


@pytest.mark.parametrize("limit", [None, 1])
def test_completion_queue_threads_follow_the_cpu_limit(image, limit):
    """One completion-queue thread per CPU the container may use: its CPU quota (--cpus, a
    Kubernetes CPU limit) when there is one, else its CPUs."""
    name = f"users-cpus-{os.getpid()}-{limit}"
    podman("rm", "--force", name, check=False)
    cpus = ["--cpus", str(limit)] if limit else []
    podman("run", "--detach", "--name", name, "--network", "host", *cpus,
           "-e", "USERS_ADDR=127.0.0.1:0", image)
    try:
        deadline = time.monotonic() + 30
        while "listening on" not in podman("logs", name).stderr:
            assert time.monotonic() < deadline, podman("logs", name).stderr
            time.sleep(0.2)
        threads, allowed = poll_threads(name)
        assert threads == (limit or allowed), (threads, allowed, limit)
    finally:
        podman("rm", "--force", name, check=False)
