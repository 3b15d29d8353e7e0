"""Operational checks of users-server with grpc-go peers and nginx:
 - gzip: compressed requests from the Go client are answered right; a server started with
   --compression gzip answers the Go client (plain and gzip) right, compressed on the wire;
   the Rust client's --compression gzip reaches the Go server compressed.
 - keepalive: the ping policy, scaled down in time by 50 (server default "clients may ping
   every 5 s" -> 100ms, a Go client pinging every 10 s -> 200ms, via users-go-keepalive, a raw
   HTTP/2 client that sends what a grpc-go client with keepalive sends, on that scale): a client
   pinging without data, with and without a stream, gets no GOAWAY and right answers; as a
   control, a server that allows pings every 1 s (50 s unscaled) sends GOAWAY ENHANCE_YOUR_CALM
   "too_many_pings" to the same client, without a stream and on an idle one.
 - nginx: two servers behind nginx with ci/tools/nginx/users-grpc.conf: streams through nginx
   are answered right, both servers get streams, and their metrics add up to the streams run.
 - unix: users-server on a Unix domain socket (a file with --socket-mode, and an abstract
   name) answers the Go client (grpc-go's unix resolver) right, and the file is gone once the
   server stopped on SIGTERM.
Every response is checked field by field against the golden answers of testdata/.
"""
import os
import re
import subprocess
import time

import pytest

import answers
import processes
from peers import CI

LONG_SUFFIX = "-" + "long-user-id-" * 20
SECONDS = 60


@pytest.fixture(scope="module")
def long_users(tmp_path_factory):
    """Users whose responses (which repeat the id) are long enough to shrink when gzip-
    compressed: the tutorial's responses are so short that the C core sends them uncompressed
    even when gzip is on (it sends a message as it is when compression would not make it
    smaller)."""
    return answers.write_generated(str(tmp_path_factory.mktemp("ops") / "long-ids.jsonl"), 50, LONG_SUFFIX)


def start_rust(procs, rust, name, **kw):
    argv, env = rust.server(**kw)
    return procs.start(argv, name, env)


def go_client(go, addr, *flags, what="go client"):
    """The Go client's run (tutorial users unless -input is among the flags); must exit 0."""
    return processes.run(go.client(addr, extra=list(flags)), SECONDS).expect_ok(what)


def wire_has(ran, want):
    """The Go client's -wire-stats line: "wire: requests ENC, K of N compressed; responses ..."."""
    line = next((l for l in ran.stderr.splitlines() if l.startswith("wire:")), "no wire line")
    assert want in line, f"expected \"{want}\" on the wire, got: {line}"


# --- gzip ----------------------------------------------------------------------------------

def test_gzip_go_client_to_rust_server(procs, rust, go):
    """go client -compression gzip -> rust server."""
    server = start_rust(procs, rust, "rust-plain")
    ran = go_client(go, server.addr, "-compression", "gzip", "-wire-stats")
    answers.expect(answers.tutorial(ran.stdout), "go client")
    wire_has(ran, "requests gzip, 5 of 5 compressed")


@pytest.mark.parametrize("compression", ["none", "gzip"])
def test_gzip_rust_server_to_go_client(procs, rust, go, long_users, compression):
    """rust server --compression gzip -> go client (-compression none, then gzip); the
    long-id answers must come compressed."""
    server = start_rust(procs, rust, f"rust-gzip-{compression}", compression="gzip")
    ran = go_client(go, server.addr, "-compression", compression, "-wire-stats")
    answers.expect(answers.tutorial(ran.stdout), "go client")
    wire_has(ran, "responses gzip")
    ran = go_client(go, server.addr, "-compression", compression, "-wire-stats", "-input", long_users)
    answers.expect(answers.generated(ran.stdout, 50, LONG_SUFFIX), "go client, long ids")
    wire_has(ran, "responses gzip, 50 of 50 compressed")


def test_gzip_rust_client_to_go_server(procs, go, rust_client, long_users):
    """rust client --compression gzip -> go server. The Go server logs each stream's request
    encoding when the stream ends ("stream ended: requests gzip, K of N compressed")."""
    argv, env = go.server()
    # Without -quiet, which would keep those lines out of its log.
    server = procs.start([w for w in argv if w != "-quiet"], "go-server", env)
    ran = processes.run(rust_client(server.addr, compression="gzip"), SECONDS).expect_ok("rust client")
    answers.expect(answers.tutorial(ran.stdout), "rust client")
    ran = processes.run(rust_client(server.addr, compression="gzip", extra=["--input", long_users]),
                        SECONDS).expect_ok("rust client")
    answers.expect(answers.generated(ran.stdout, 50, LONG_SUFFIX), "rust client, long ids")
    server.stop()
    log = server.log_text()
    ended = ";".join(re.findall(r"stream ended: .*", log))
    assert re.search(r"stream ended: requests gzip, [0-9]* of 5 compressed", log) and \
        "stream ended: requests gzip, 50 of 50 compressed" in log, \
        ("the Go server did not get gzip requests (5 tutorial users, then 50 long-id users all compressed): "
         f"{ended or 'no stream logged'}")


# --- keepalive -----------------------------------------------------------------------------

# Scaled by 1/50: the server's 5 s becomes 100ms, the Go client's 10 s becomes 200ms; each
# idle phase lasts 3 s, some 14 pings, of which at least 10 must be answered. The probe's
# ping timeout stays at 1 s (20 s / 50 would be 400ms) so that a busy machine is no cause.
PING_EVERY = "200ms"
PROBE_FLAGS = ["-time", PING_EVERY, "-timeout", "1s", "-idle", "3s", "-min-pings", "10"]


def keepalive_probe(procs, rust, go, min_time, *flags):
    """A server with --keepalive-min-time MIN_TIME and the probe against it."""
    server = start_rust(procs, rust, f"keepalive-{min_time}", extra=["--keepalive-min-time", min_time])
    ran = processes.run([go.path("users-go-keepalive"), "-addr", server.addr, *PROBE_FLAGS, *flags], SECONDS)
    server.stop()
    return ran


def test_keepalive_scaled_default(procs, rust, go):
    """server min 100ms, go client pings every 200ms: no GOAWAY, answers right."""
    ran = keepalive_probe(procs, rust, go, "100ms")
    assert ran.returncode == 0, f"probe exited {ran.returncode}: {processes.one_line(ran.stdout + ran.stderr)}"


@pytest.mark.parametrize("where,flags", [("without a stream", []), ("on an idle stream", ["-without-stream=false"])],
                         ids=["without-stream", "idle-stream"])
def test_keepalive_control(procs, rust, go, where, flags):
    """server min 1s, go client pings every 200ms (without a stream, on an idle stream): the
    server must send GOAWAY too_many_pings, and the probe must fail naming it."""
    ran = keepalive_probe(procs, rust, go, "1s", *flags)
    out = ran.stdout + ran.stderr
    assert ran.returncode == 1 and re.search('ENHANCE_YOUR_CALM "too_many_pings".*' + where, out), \
        (f"expected the probe to fail (exit 1) with GOAWAY ENHANCE_YOUR_CALM \"too_many_pings\" {where}; "
         f"it exited {ran.returncode}: {processes.one_line(out)}")


# --- nginx ---------------------------------------------------------------------------------

RUNS = 6          # streams of the tutorial's users through nginx
GENERATED = 1000  # then one stream of this many generated users


def start_nginx(procs, work, backends):
    """Fills in ci/tools/nginx/users-grpc.conf, checks it with nginx -t, runs nginx in the
    foreground on a free loopback port and waits (10 s at most) until it accepts connections;
    returns its port. A port taken in between is tried again, twice."""
    nginx = processes.require_tool("nginx")
    folder = os.path.join(work, "nginx")
    os.makedirs(folder, exist_ok=True)
    # Started as root, nginx runs its worker as nobody, which must be able to reach its
    # temporary directories (nginx creates them and hands them over) through the work folder.
    os.chmod(work, 0o711)
    conf, error_log = os.path.join(folder, "nginx.conf"), os.path.join(folder, "error.log")
    template = open(os.path.join(CI, "tools", "nginx", "users-grpc.conf")).read()
    flags = ["-p", folder, "-c", conf, "-e", error_log, "-g", "daemon off;"]

    def bind_failed(p):
        return "bind() failed" in p.log_text() or \
            (os.path.exists(error_log) and "bind() failed" in open(error_log).read())

    for _ in range(3):
        port = processes.free_port()
        with open(conf, "w") as f:
            f.write(template.replace("@LISTEN@", f"127.0.0.1:{port}").replace("@BACKEND_1@", backends[0])
                    .replace("@BACKEND_2@", backends[1]).replace("@DIR@", folder))
        test = subprocess.run([nginx, "-t", *flags], capture_output=True, text=True)
        assert test.returncode == 0, "nginx -t: " + processes.one_line(
            "\n".join(l for l in test.stderr.splitlines() if "test failed" not in l))
        p = procs.start([nginx, *flags], "nginx", ready=None)
        # nginx retries a failed bind() for a while: a port taken in between may accept
        # connections for another process, so nginx must not have logged a bind failure.
        if processes.wait_until(10, lambda: processes.accepts(port) or not p.alive()) and p.alive():
            if not bind_failed(p):
                return port
        p.stop()
        if not bind_failed(p):
            break
        open(error_log, "w").close()
    tail = open(error_log).read().splitlines()[-2:] if os.path.exists(error_log) else []
    raise AssertionError(f"nginx did not accept connections on 127.0.0.1:{port} within 10 s: "
                         f"{processes.one_line(chr(10).join(tail + p.lines[-2:]))}")


@pytest.fixture(scope="module")
def behind_nginx(module_procs, rust, go, tmp_path_factory):
    """Two users-servers with metrics behind nginx; the nginx port and the servers."""
    replicas = []
    for i in (1, 2):
        argv, env = rust.server(extra=["--metrics-addr", "127.0.0.1:0"])
        replica = module_procs.start(argv, f"replica-{i}", env)
        replica.wait_metrics()
        replicas.append(replica)
    port = start_nginx(module_procs, str(tmp_path_factory.mktemp("nginx")), [r.addr for r in replicas])
    return port, replicas


def test_nginx_streams(behind_nginx, go):
    """6 tutorial streams and one of 1,000 users through nginx, answers right."""
    addr = f"127.0.0.1:{behind_nginx[0]}"
    for i in range(1, RUNS + 1):
        ran = go_client(go, addr, what=f"go client (run {i})")
        answers.expect(answers.tutorial(ran.stdout), f"go client (run {i})")
    ran = processes.run(go.client(addr, count=GENERATED), SECONDS).expect_ok(f"go client ({GENERATED} users)")
    answers.expect(answers.generated(ran.stdout, GENERATED), f"go client ({GENERATED} users)")


def test_nginx_spread(behind_nginx):
    """Both replicas got streams, and their counters add up to the 7 streams run. A stream is
    counted finished just after its status is sent, so the counters are read again (5 s at
    most) until they settle."""
    streams, users = RUNS + 1, RUNS * 5 + GENERATED
    replicas = behind_nginx[1]
    for _ in range(50):
        samples = [r.scrape() for r in replicas]
        per_replica = [int(s.get("users_streams_started_total", 0)) for s in samples]
        started = sum(per_replica)
        finished = sum(int(s.get('users_streams_finished_total{code="OK"}', 0)) for s in samples)
        received = sum(int(s.get("users_received_total", 0)) for s in samples)
        if (started, finished, received) == (streams, streams, users):
            break
        time.sleep(0.1)
    print(f"\nops: streams per replica: {per_replica}")
    assert all(per_replica) and (started, finished, received) == (streams, streams, users), \
        (f"streams started per replica: {per_replica} (both must be > 0), in all {started}, finished OK "
         f"{finished} (expected {streams}); users received {received} (expected {users})")


@pytest.mark.parametrize("kind", ["file", "abstract"])
def test_unix_socket_go_client(procs, rust, go, tmp_path, kind):
    """grpc-go dials users-server on unix:PATH (and unix-abstract:NAME) as it dials any target."""
    path = tmp_path / "users.sock"
    addr = f"unix:{path}" if kind == "file" else f"unix-abstract:users-check-{os.getpid()}"
    extra = ["--socket-mode", "660"] if kind == "file" else []
    argv, env = rust.server(addr=addr, extra=extra)
    server = procs.start(argv, f"rust-unix-{kind}", env, ready=None)
    server.wait_log(r"listening on " + re.escape(addr) + " ", 30)
    if kind == "file":
        assert path.is_socket() and path.stat().st_mode & 0o777 == 0o660, oct(path.stat().st_mode)
    ran = processes.run(go.client(addr), SECONDS).expect_ok("go client")
    answers.expect(answers.tutorial(ran.stdout), "go client over " + addr)
    assert server.stop() == 0, server.tail()
    assert not path.exists(), "the socket file is still there after the stop"
