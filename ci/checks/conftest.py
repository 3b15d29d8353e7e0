"""The one conftest of the process-level checks of ci/ (run by ci/check.sh): the peers of
ci/peers.toml, built once per run; servers started through ci/harness/processes.py, stopped at
the end of the test (or module) that started them; the options below.

A new check (a trace backend, a metrics scraper, a container) is a test_NAME.py here, run by
`ci/check.sh NAME` and by ci/test.sh with the rest: it gets the peers through `build(NAME)`
(a peers.Peer: .server(...), .client(...), .path(PROGRAM)), starts its processes through `procs`
or `module_procs` (processes.Process: ready by a logged line, .stop(), .scrape(), .vm_kib()),
runs clients through processes.run(argv, seconds), checks answers with answers.tutorial() and
answers.generated(), and fails, never skips, when a tool it needs is missing
(processes.require_tool; the tool goes into ci/peers.toml's check_needs and ci/setup.sh).

Options: --peers "rust go ..." limits the interop matrix to those peers; --server BIN checks
another users-server build in the fault checks (its figures are reported, but a defence it may
predate, check 7's GOAWAY, is not required); --report FILE appends the rapid-reset figures to
FILE as one JSON object.
"""
import os
import sys

import pytest

CI = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True
sys.path[:0] = [os.path.join(CI, "harness"), os.path.join(CI, "tools")]
import answers  # noqa: E402
import peers  # noqa: E402
import processes  # noqa: E402

BUILD_SECONDS = 900


def pytest_addoption(parser):
    parser.addoption("--peers", help="the peers of the interop matrix (default: every interop peer of ci/peers.toml)")
    parser.addoption("--server", help="the users-server binary the fault checks check")
    parser.addoption("--report", help="append the rapid-reset figures to this file")


@pytest.fixture(scope="session")
def registry():
    return peers.load()


@pytest.fixture(scope="session")
def build(registry, tmp_path_factory):
    """build(NAME): builds the peer NAME once per run (incremental; 15 minutes at the most)
    and returns it; fails with the end of its build log."""
    logs = tmp_path_factory.mktemp("builds")
    done = {}

    def build(name):
        if name not in done:
            peer = registry[name]
            log = logs / f"build-{name}.log"
            print(f"\nchecks: building {name}", flush=True)
            status = peer.build(log=str(log), seconds=BUILD_SECONDS)
            if status:
                tail = "".join(log.read_text(errors="replace").splitlines(True)[-30:])
                pytest.fail(f"FAILED to build {name} (exit {status}; log {log}):\n{tail}", pytrace=False)
            done[name] = peer
        return done[name]

    return build


@pytest.fixture
def procs(tmp_path):
    """The servers this test starts (logs in its tmp_path); all stopped when it ends."""
    group = processes.Group(str(tmp_path))
    yield group
    group.stop_all()


@pytest.fixture(scope="module")
def module_procs(tmp_path_factory):
    """The servers a module's tests share; stopped when the module ends."""
    group = processes.Group(str(tmp_path_factory.mktemp("servers")))
    yield group
    group.stop_all()


@pytest.fixture(scope="session")
def rust(build):
    """The Rust pair, built (cargo build --workspace --bins)."""
    return build("rust")


@pytest.fixture(scope="session")
def go(build):
    return build("go")


@pytest.fixture(scope="session")
def rust_client(rust):
    """rust_client(ADDR, **kw): the Rust client's command line (deadline 50 s)."""
    def argv(addr, **kw):
        kw.setdefault("deadline", 50)
        return rust.client(addr, **kw)
    return argv


@pytest.fixture(scope="session")
def own_server(request):
    """Whether the server checked is this checkout's own debug build."""
    return request.config.getoption("--server") is None


@pytest.fixture(scope="session")
def report(request):
    return request.config.getoption("--report")


@pytest.fixture(scope="session")
def server_bin(request, rust):
    return processes.require_built(request.config.getoption("--server") or rust.path("users-server"),
                                   "cargo build --workspace --bins")


@pytest.fixture
def users_server(procs, server_bin, rust_client):
    """users-server (or the --server build) on 127.0.0.1:0 with metrics on 127.0.0.1:0."""
    s = procs.start([server_bin, "--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0"], "users-server",
                    env={"RUST_LOG": "warn,users_server=info"})
    s.wait_metrics()
    return s


def serves_normal_client(server, client_argv):
    """The server is alive and answers the tutorial's five users right through the client;
    returns the RSS change since its start, for the figures."""
    assert server.alive(), f"the server exited: {server.tail()}"
    ran = processes.run(client_argv(server.addr, deadline=30), seconds=60)
    assert ran.returncode == 0, f"a normal client then failed (exit {ran.returncode}): {processes.one_line(ran.stderr)}"
    answers.expect(answers.tutorial(ran.stdout), "a normal client then got wrong answers")
    assert server.alive(), f"the server exited after the normal client: {server.tail()}"
    return f"server RSS {server.rss_start / 1024:.1f} -> {server.vm_kib() / 1024:.1f} MiB"


@pytest.fixture
def normal_client(rust_client):
    """normal_client(SERVER): serves_normal_client with the Rust client."""
    return lambda server: serves_normal_client(server, rust_client)
