"""Jaeger as the checks run it: Jaeger v2 all-in-one (the peer `jaeger` of ci/peers.toml)
with OTLP over HTTP in, in-memory storage, and the query API out, on free ports of 127.0.0.1;
and the trace it holds, read back through that API.

As a command line, for ci/bench/run.sh, which starts Jaeger itself:
  jaeger.py config FILE
      writes Jaeger's configuration on free ports to FILE and prints its OTLP endpoint
      (http://127.0.0.1:PORT, the base that OTEL_EXPORTER_OTLP_ENDPOINT takes).
"""
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import processes

JAEGER_READY = r"Everything is ready"


def jaeger_config(ports):
    """Jaeger v2's configuration: OTLP over HTTP in, in-memory storage, the query API out,
    every port on 127.0.0.1 as `ports` gives it, no telemetry of its own."""
    return f"""service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: info
extensions:
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 10000
  jaeger_query:
    storage:
      traces: memstore
    enable_tracing: false
    http:
      endpoint: 127.0.0.1:{ports["query"]}
    grpc:
      endpoint: 127.0.0.1:{ports["query_grpc"]}
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:{ports["otlp"]}
processors:
  batch:
    timeout: 100ms
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
"""


class Jaeger:
    """A running Jaeger: where to send spans (`otlp`, a base URL) and read traces back."""

    def __init__(self, process, ports):
        self.process = process
        self.otlp = f"http://127.0.0.1:{ports['otlp']}"
        self.query = f"http://127.0.0.1:{ports['query']}"

    def trace(self, trace_id, want_spans, seconds=20):
        """The trace `trace_id` as Jaeger's query API returns it, once it holds `want_spans`
        spans (spans arrive in batches); fails naming what it holds otherwise."""
        deadline = time.monotonic() + seconds
        got = None
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.query}/api/traces/{trace_id}", timeout=5) as r:
                    data = json.load(r)["data"]
                got = data[0] if data else None
            except urllib.error.HTTPError as e:
                if e.code != 404:
                    raise
            if got and len(got["spans"]) >= want_spans:
                return got
            time.sleep(0.2)
        raise AssertionError(f"Jaeger holds no trace {trace_id} of {want_spans} spans after {seconds} s: {got}")


    def only_trace(self, service, want_spans, seconds=20):
        """The one trace of `service` in Jaeger, once it holds `want_spans` spans."""
        deadline = time.monotonic() + seconds
        found = []
        while time.monotonic() < deadline:
            url = f"{self.query}/api/traces?" + urllib.parse.urlencode({"service": service, "limit": 20})
            with urllib.request.urlopen(url, timeout=5) as r:
                found = json.load(r)["data"] or []
            if len(found) == 1 and len(found[0]["spans"]) >= want_spans:
                return found[0]
            assert len(found) <= 1, f"{len(found)} traces of {service}, expected one"
            time.sleep(0.2)
        raise AssertionError(f"Jaeger holds no trace of {service} with {want_spans} spans after {seconds} s: {found}")


def start_jaeger(procs, registry_peer, work):
    """Jaeger on free ports; a port taken before Jaeger binds it makes it exit: tried again."""
    jaeger = registry_peer.path("jaeger")
    processes.require_built(jaeger, "ci/observability/jaeger/build.sh")
    for attempt in range(5):
        ports = {name: processes.free_port() for name in ("otlp", "query", "query_grpc")}
        conf = os.path.join(work, f"jaeger-{attempt}.yaml")
        with open(conf, "w") as f:
            f.write(jaeger_config(ports))
        p = procs.start([jaeger, "--config", conf], "jaeger", ready=None)
        try:
            p.wait_log(JAEGER_READY, 60)
            return Jaeger(p, ports)
        except AssertionError:
            if p.alive():
                raise
    raise AssertionError(f"jaeger did not start on free ports in 5 tries: {p.tail()}")


def traced_env(jaeger, service):
    """The variables that make a program export its spans to `jaeger` as `service`."""
    return {"OTEL_EXPORTER_OTLP_ENDPOINT": jaeger.otlp, "OTEL_SERVICE_NAME": service}


def config_cli(path):
    """jaeger.py config FILE: see the module's help."""
    ports = {name: processes.free_port() for name in ("otlp", "query", "query_grpc")}
    with open(path, "w") as f:
        f.write(jaeger_config(ports))
    print(f"http://127.0.0.1:{ports['otlp']}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "config":
        sys.exit(config_cli(sys.argv[2]))
    print(__doc__, file=sys.stderr)
    sys.exit(2)
