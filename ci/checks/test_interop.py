"""The interop matrix: every client against every server, among the interop peers of
ci/peers.toml (this project's Rust pair, grpc-go as ci/interop/go/go.mod pins it and Debian's
grpc-go 1.33, grpc-java, C++, Python, Node and tonic; --peers "rust go" runs a subset). Each
pair streams the tutorial's five users and then 10,000 generated users; every field of every
response is checked against the golden answers of testdata/. Then every pair's answers are
compared with the Go pair's, response for response, so that a slip in the golden data cannot
hide a disagreement. Prints the matrix.
"""
import time

import pytest

import answers
import peers
import processes

COUNT = 10000
SECONDS = 120  # each client run
RESULTS = {}   # (client, server) -> "ok" or "FAIL"
FAILURES = []


def selected(config):
    names = (config.getoption("--peers") or "").replace(",", " ").split()
    known = [p.name for p in peers.select(interop=True)]
    for name in names:
        if name not in known:
            raise pytest.UsageError(f"--peers: {name} is no interop peer of ci/peers.toml ({' '.join(known)})")
    return names or known


def pytest_generate_tests(metafunc):
    if "client" in metafunc.fixturenames:
        names = selected(metafunc.config)
        metafunc.parametrize("client,server", [(c, s) for c in names for s in names], ids=lambda n: n)


@pytest.fixture(scope="module")
def matrix(request, build, module_procs, tmp_path_factory):
    """Every selected peer built and its server started; the generated users' file."""
    started = time.monotonic()
    names = selected(request.config)
    built = {name: build(name) for name in names}
    work = tmp_path_factory.mktemp("interop")
    servers = {}
    for name in names:
        argv, env = built[name].server()
        servers[name] = module_procs.start(argv, f"{name}-server", env)
    return {"peers": built, "servers": servers, "work": work, "started": started,
            "generated": answers.write_generated(str(work / "generated.jsonl"), COUNT)}


def output(matrix, client, server, n):
    return matrix["work"] / f"{client}-{server}-{n}.jsonl"


def test_pair(matrix, client, server):
    """The client streams the tutorial's users, then COUNT generated ones, to the server."""
    peer, addr = matrix["peers"][client], matrix["servers"][server].addr
    problems = []
    for n in (0, COUNT):
        what = f"{client} client -> {server} server ({'tutorial users' if n == 0 else f'{n} users'})"
        ran = processes.run(peer.client(addr, count=n, input=matrix["generated"], deadline=SECONDS), SECONDS + 10)
        if ran.returncode != 0:
            problems.append(f"{what}: client failed (exit {ran.returncode}): {ran.last_error()}")
            continue
        output(matrix, client, server, n).write_text(ran.stdout)
        found = answers.tutorial(ran.stdout) if n == 0 else answers.generated(ran.stdout, n)
        if found:
            problems.append(f"{what}: {';'.join(found[:3])}")
    RESULTS[client, server] = "FAIL" if problems else "ok"
    FAILURES.extend(problems)
    assert not problems, "\n".join(problems)


def test_every_pair_agrees_with_go(matrix):
    """Prints the matrix; every pair's answers are the Go pair's, response for response."""
    names = list(matrix["peers"])
    corner = "client \\ server"
    print(f"\n\n{corner:<16}" + "".join(f"{s:<8}" for s in names))
    for c in names:
        print(f"{c:<16}" + "".join(f"{RESULTS.get((c, s), '-'):<8}" for s in names))
    print(f"\neach cell: the tutorial's 5 users and {COUNT} generated users on one stream, every field of "
          "every response checked against the golden answers")
    for f in FAILURES:
        print(f"FAILED: {f}")
    print(f"interop: {time.monotonic() - matrix['started']:.0f}s for {len(names)} peers")
    if "go" not in names:
        print("interop: go is not among the peers: no comparison with the Go pair")
        return
    disagree = []
    for n in (0, COUNT):
        if not output(matrix, "go", "go", n).exists():
            disagree.append(f"the Go pair itself failed ({n}): nothing to compare with")
    for c in names:
        for s in names:
            for n in (0, COUNT):
                mine, go = output(matrix, c, s, n), output(matrix, "go", "go", n)
                if not mine.exists() or not go.exists():
                    continue  # (a failed pair: its own test failed)
                if answers.same(mine.read_text(), go.read_text()):
                    disagree.append(f"{c} client -> {s} server ({n}): differs from the Go pair")
    assert not disagree, "\n".join(disagree)
    print("every pair agrees with the Go pair, response for response")
