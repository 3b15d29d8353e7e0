"""Observability checks of users-server against real backends:
 - jaeger: Jaeger (all-in-one, in-memory storage, built from its Go module) receives the spans
   of users-server and of a Go client traced with otelgrpc; the trace read back through
   Jaeger's query API holds the Go client's span and users-server's span as its child, with
   the attributes both sides give a gRPC call; with a collector that is down, refuses every
   post or never answers, calls still succeed, the spans lost are counted and the stop keeps
   to its bound.
 - prometheus: Debian's Prometheus scrapes the server's /metrics every second while the Go
   client runs a known number of tutorial streams; Prometheus's HTTP API then reports the
   gRPC-standard series of gRFC A66 (calls started, calls ended by status, a duration quantile)
   with the counts of the calls made; and promtool finds nothing to complain about in the
   exposition.
"""
import json
import os
import re
import socket
import subprocess
import threading
import time
import urllib.parse
import urllib.request

import pytest

import answers
import processes
from jaeger import start_jaeger, traced_env

RUNS = 7
SECONDS = 60
METHOD = "users.Users/CreateUser"
READY = r"Server is ready to receive web requests"


def start_prometheus(procs, work, target):
    """Prometheus scraping `target` every second, its data in `work`; its port. A free port
    can be taken before Prometheus binds it: it then exits, and another port is tried."""
    prometheus = processes.require_tool("prometheus")
    conf = os.path.join(work, "prometheus.yml")
    with open(conf, "w") as f:
        f.write("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                "scrape_configs:\n  - job_name: users-server\n"
                f"    static_configs:\n      - targets: [\"{target}\"]\n")
    promtool = processes.require_tool("promtool")
    checked = subprocess.run([promtool, "check", "config", conf], capture_output=True, text=True)
    assert checked.returncode == 0, f"promtool check config: {checked.stdout}{checked.stderr}"
    for attempt in range(5):
        port = processes.free_port()
        p = procs.start([prometheus, f"--config.file={conf}", f"--storage.tsdb.path={work}/data-{attempt}",
                         f"--web.listen-address=127.0.0.1:{port}"], "prometheus", ready=None)
        try:
            p.wait_log(READY, 30)
            return port
        except AssertionError:
            if p.alive():
                raise
    raise AssertionError(f"prometheus did not start on a free port in 5 tries: {p.tail()}")


def query(port, promql):
    """The instant vector of `promql`, as {labels: value}."""
    url = f"http://127.0.0.1:{port}/api/v1/query?" + urllib.parse.urlencode({"query": promql})
    with urllib.request.urlopen(url, timeout=5) as r:
        body = json.load(r)
    assert body["status"] == "success", body
    return {json.dumps(s["metric"], sort_keys=True): float(s["value"][1]) for s in body["data"]["result"]}


def one_value(port, promql):
    """The value of a query that yields at most one series; None when it yields none."""
    found = query(port, promql)
    assert len(found) <= 1, f"{promql}: {found}"
    return next(iter(found.values()), None)


def settles(port, promql, want, seconds=20):
    """Waits for `promql` to read `want` (scrapes come every second); its last value."""
    deadline = time.monotonic() + seconds
    while True:
        got = one_value(port, promql)
        if got == want or time.monotonic() > deadline:
            return got
        time.sleep(0.2)


@pytest.fixture
def scraped(procs, rust, tmp_path):
    """users-server with metrics, and Prometheus scraping it: (server, prometheus port)."""
    argv, env = rust.server(extra=["--metrics-addr", "127.0.0.1:0"])
    server = procs.start(argv, "rust-metrics", env)
    server.wait_metrics()
    return server, start_prometheus(procs, str(tmp_path), server.metrics_addr)


def test_prometheus_counts_the_calls(scraped, go):
    """7 tutorial streams from the Go client: Prometheus reads 7 CreateUser calls started and
    7 ended OK, a median duration within the longest run, and the per-call bytes of the users
    sent; no other status."""
    server, port = scraped
    started = f'grpc_server_call_started_total{{grpc_method="{METHOD}"}}'
    # The series exists at zero before the first call: a rate over the run starts from it.
    assert settles(port, started, 0.0) == 0.0, "Prometheus never scraped the server's zero count"
    longest = 0.0
    for i in range(1, RUNS + 1):
        began = time.monotonic()
        ran = processes.run(go.client(server.addr), SECONDS).expect_ok(f"go client (run {i})")
        longest = max(longest, time.monotonic() - began)
        answers.expect(answers.tutorial(ran.stdout), f"go client (run {i})")

    assert settles(port, started, float(RUNS)) == RUNS
    ended = f'grpc_server_call_duration_seconds_count{{grpc_method="{METHOD}"}}'
    assert settles(port, f'sum({ended})', float(RUNS)) == RUNS
    assert query(port, ended) == {json.dumps({
        "__name__": "grpc_server_call_duration_seconds_count", "grpc_method": METHOD, "grpc_status": "OK",
        "instance": server.metrics_addr, "job": "users-server"}, sort_keys=True): float(RUNS)}
    median = one_value(port, "histogram_quantile(0.5, sum by (le) "
                             f'(grpc_server_call_duration_seconds_bucket{{grpc_method="{METHOD}"}}))')
    assert median is not None and 0 < median <= longest, f"median {median} s, longest run {longest:.3f} s"
    # Each stream received the same five users: every stream's total is the same, and the
    # server's own scrape agrees with what Prometheus stored.
    rcvd = f'grpc_server_call_rcvd_total_compressed_message_size_bytes_sum{{grpc_method="{METHOD}"}}'
    stored = one_value(port, rcvd)
    own = server.metric(f'grpc_server_call_rcvd_total_compressed_message_size_bytes_sum'
                        f'{{grpc_method="{METHOD}",grpc_status="OK"}}')
    assert stored == own and stored > 0 and stored % RUNS == 0, f"stored {stored}, scraped {own}"


def test_promtool_accepts_the_exposition(scraped, go):
    """promtool check metrics: nothing to complain about, once a call has ended (the
    histograms by method and status have series then)."""
    server, _ = scraped
    processes.run(go.client(server.addr), SECONDS).expect_ok("go client")
    text = urllib.request.urlopen(f"http://{server.metrics_addr}/metrics", timeout=5).read()
    assert b"grpc_server_call_duration_seconds_bucket" in text
    checked = subprocess.run([processes.require_tool("promtool"), "check", "metrics"], input=text,
                             capture_output=True)
    complaints = (checked.stdout + checked.stderr).decode(errors="replace").strip()
    assert checked.returncode == 0 and not complaints, f"promtool check metrics:\n{complaints}"


# --- jaeger --------------------------------------------------------------------------------

def spans_by_side(trace):
    """A trace's spans by (service, span kind)."""
    services = {pid: p["serviceName"] for pid, p in trace["processes"].items()}
    sides = {}
    for span in trace["spans"]:
        sides.setdefault((services[span["processID"]], tags(span).get("span.kind")), []).append(span)
    return sides


def child_of(child, parent):
    """`child` continues `parent`'s trace as its child."""
    assert child["traceID"] == parent["traceID"], (child["traceID"], parent["traceID"])
    assert child["references"] == [{"refType": "CHILD_OF", "traceID": parent["traceID"],
                                    "spanID": parent["spanID"]}], child["references"]


@pytest.fixture
def jaeger(procs, build, tmp_path):
    return start_jaeger(procs, build("jaeger"), str(tmp_path))


def tags(span):
    """A Jaeger span's tags as {key: value}."""
    return {t["key"]: t["value"] for t in span["tags"]}


def test_go_client_trace_continues_into_users_server(procs, rust, jaeger, build):
    """Go client (otelgrpc) -> users-server: one trace in Jaeger, the Rust server span a child
    of the Go client span, with the method, status and addresses otelgrpc's spans carry."""
    argv, env = rust.server()
    env.update(traced_env(jaeger, "users-server"))
    server = procs.start(argv, "rust-traced", env)
    otel = build("go-otel")
    client_env = traced_env(jaeger, "users-go-client")
    ran = processes.run([otel.path("users-go-otel-client"), "-addr", server.addr], SECONDS,
                        env=client_env).expect_ok("go otel client")
    answers.expect(answers.tutorial(ran.stdout), "go otel client")
    trace_id = re.search(r"trace_id: ([0-9a-f]{32})", ran.stderr).group(1)
    # The server's spans go out in batches: its stop posts what is left.
    server.stop()
    trace = jaeger.trace(trace_id, 3)
    sides = spans_by_side(trace)
    [go_call] = sides[("users-go-client", "client")]
    [rust_call] = sides[("users-server", "server")]
    assert go_call["traceID"] == trace_id
    child_of(rust_call, go_call)
    assert rust_call["operationName"] == go_call["operationName"] == METHOD
    rust_tags, go_tags = tags(rust_call), tags(go_call)
    for key in ("rpc.system.name", "rpc.method", "rpc.response.status_code"):
        assert rust_tags.get(key) == go_tags.get(key), f"{key}: rust {rust_tags.get(key)!r}, go {go_tags.get(key)!r}"
    assert rust_tags["rpc.method"] == METHOD and rust_tags["rpc.response.status_code"] == "OK", rust_tags
    assert rust_tags["server.port"] == server.port and rust_tags["network.peer.address"] == "127.0.0.1", rust_tags
    assert (rust_tags["users.received"], rust_tags["users.refused"]) == (5, 2), rust_tags
    assert "error" not in rust_tags, rust_tags
    # The server's log line of the stream names the trace.
    finished = [line for line in server.lines if "stream finished:" in line]
    assert len(finished) == 1 and f"trace_id={trace_id}" in finished[0], finished


@pytest.mark.parametrize("server_side", ["users-server", "go"])
def test_users_client_trace_continues_into_the_server(procs, rust, rust_client, jaeger, build, server_side):
    """users-client -> users-server, and users-client -> the Go server traced with otelgrpc
    (users-client's traceparent continued by Go): one trace, the server span a child of
    users-client's span, both named after the method, status OK; with
    OTEL_SEMCONV_STABILITY_OPT_IN=rpc/dup on both sides, both carry the older names too, as
    otelgrpc reads the variable."""
    if server_side == "go":
        argv, env = [build("go-otel").path("users-go-otel-server"), "-addr", "127.0.0.1:0"], {}
    else:
        argv, env = rust.server()
    service = f"{server_side}-traced"
    dup = {"OTEL_SEMCONV_STABILITY_OPT_IN": "rpc/dup"}
    env.update(traced_env(jaeger, service), **dup)
    server = procs.start(argv, service, env)
    ran = processes.run(rust_client(server.addr), SECONDS, env={**traced_env(jaeger, "users-client"), **dup})
    ran.expect_ok("users-client")
    answers.expect(answers.tutorial(ran.stdout), "users-client")
    server.stop()
    trace = jaeger.only_trace("users-client", 2)
    sides = spans_by_side(trace)
    [client_call] = sides[("users-client", "client")]
    [server_call] = sides[(service, "server")]
    child_of(server_call, client_call)
    for span in (client_call, server_call):
        assert span["operationName"] == METHOD, span["operationName"]
        got = {k: tags(span).get(k) for k in ("rpc.response.status_code", "rpc.system", "rpc.service", "rpc.system.name")}
        assert got == {"rpc.response.status_code": "OK", "rpc.system": "grpc", "rpc.service": "users.Users",
                       "rpc.system.name": "grpc"}, tags(span)
    assert tags(client_call)["rpc.method"] == tags(server_call)["rpc.method"] == METHOD


class Collector:
    """A collector that misbehaves, on a free port of 127.0.0.1: `refusing` answers every post
    with 503, `silent` takes the connection and the post and never answers; `down` is a port
    nothing listens on."""

    def __init__(self, kind):
        self.kind = kind
        self.posts = 0
        self.sock = None
        if kind == "down":
            self.port = processes.free_port()
            return
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        f = conn.makefile("rb")
        while True:
            length = None
            while True:
                line = f.readline()
                if not line:
                    return
                if line == b"\r\n":
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            f.read(length or 0)
            self.posts += 1
            if self.kind == "silent":
                continue
            conn.sendall(b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n")

    def close(self):
        if self.sock:
            self.sock.close()


@pytest.mark.parametrize("kind", ["down", "refusing", "silent"])
def test_a_failing_collector_changes_nothing_for_callers(procs, rust, go, kind):
    """users-server exporting to a collector that is down, refuses every post, or never
    answers: calls succeed, the failure is logged once, the spans lost are counted, the
    collector is asked at most once per second, and the stop keeps to its bound."""
    collector = Collector(kind)
    try:
        argv, env = rust.server(extra=["--metrics-addr", "127.0.0.1:0"])
        env.update({"OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{collector.port}",
                    "OTEL_EXPORTER_OTLP_TIMEOUT": "1000"})
        server_started = time.monotonic()
        server = procs.start(argv, f"rust-collector-{kind}", env)
        server.wait_metrics()
        for i in range(1, RUNS + 1):
            ran = processes.run(go.client(server.addr), SECONDS).expect_ok(f"go client (run {i})")
            answers.expect(answers.tutorial(ran.stdout), f"go client (run {i})")
        started = time.monotonic()
        code = server.stop()
        took = time.monotonic() - started
        assert code == 0, f"users-server exited with {code} after SIGTERM"
        failures = [line for line in server.lines if "trace export to" in line and "failed" in line]
        assert len(failures) == 1, failures
        stopped = server.wait_log(r"trace export stopped: (\d+) spans exported, (\d+) dropped \(queue full\), "
                                  r"(\d+) dropped \(export failed\)", 5)
        assert stopped.groups() == ("0", "0", str(RUNS)), stopped.group(0)
        assert took < 5, f"the stop took {took:.1f} s with a collector {kind}"
        if kind != "down":
            # The export's first, empty request, one per second while the collector fails, and
            # the stop's.
            most = 2 + int(time.monotonic() - server_started)
            assert 1 <= collector.posts <= most, f"{collector.posts} posts to the {kind} collector, at most {most}"
    finally:
        collector.close()
