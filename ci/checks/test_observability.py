"""Observability checks of users-server against a real backend:
 - prometheus: Debian's Prometheus scrapes the server's /metrics every second while the Go
   client runs a known number of tutorial streams; Prometheus's HTTP API then reports the
   gRPC-standard series of gRFC A66 (calls started, calls ended by status, a duration quantile)
   with the counts of the calls made; and promtool finds nothing to complain about in the
   exposition.
"""
import json
import os
import subprocess
import time
import urllib.parse
import urllib.request

import pytest

import answers
import processes

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
