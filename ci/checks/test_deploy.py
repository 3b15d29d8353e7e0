"""Deployment checks of deploy/: the systemd unit and the Kubernetes manifests, against the
users-server they start.
 - systemd: `systemd-analyze verify`, in a root holding the unit (alone, then with its
   Unix-socket drop-in), the built binary where ExecStart= names it and the system's units,
   finds nothing; `systemd-analyze security --offline=true` gives the exposure the README
   states; every flag and USERS_* variable the unit and drop-in name is one the server has.
 - kubernetes: the manifests agree with the server's flags and defaults (every flag and
   variable exists; the gRPC port is the server's default and the container's and Service's
   port; the probes use the health port the server is told to open; the drain delay is set,
   where the server's default of 0 s would race the removal from the endpoints; delay, grace,
   cancellation and the last spans' export end within the termination grace period; the
   liveness probe outlasts the drain; every file a flag names is in a mounted Secret, which
   the kustomization makes from files of those names; the selectors match the pods); and the server run with the Deployment's arguments and
   variables (its files made from a test CA, its ports made free ones on 127.0.0.1) serves
   users-client over mutual TLS with a token, answers the probes' services on the health port
   without TLS or token, reports NOT_SERVING there through the drain delay while the gRPC port
   still serves, and exits 0 on SIGTERM within the termination grace period.
"""
import os
import re
import shutil
import signal
import subprocess
import time

import pytest
import yaml

import answers
import pki
import processes
from peers import ROOT

SECONDS = 60
DEPLOY = os.path.join(ROOT, "deploy")
UNIT = os.path.join(DEPLOY, "systemd", "users-server.service")
DROP_IN = os.path.join(DEPLOY, "systemd", "unix-socket.conf")
MANIFESTS = os.path.join(DEPLOY, "kubernetes", "users-server.yaml")
KUSTOMIZATION = os.path.join(DEPLOY, "kubernetes", "kustomization.yaml")
# What a stop takes beyond the drain delay and the grace, at most: the wait for health
# watches to end (server/src/server.rs WATCH_CLOSE_WAIT), the cancellation of the calls left
# (CANCEL_WAIT) and the export of the last spans (TRACE_FLUSH).
STOP_BEYOND_GRACE = 1 + 5 + 5


def options(help_text):
    """The server's options from its --help: {"--flag": {"env": NAME or None, "default": TEXT
    or None}}."""
    found = {}
    blocks = re.split(r"^ +(?=(?:-\w, )?--)", help_text, flags=re.M)
    for block in blocks[1:]:
        flag = re.match(r"(?:-\w, )?(--[\w-]+)", block).group(1)
        env = re.search(r"\[env: (\w+)", block)
        default = re.search(r"\[default: ([^\]]*)\]", block)
        found[flag] = {"env": env and env.group(1), "default": default and default.group(1)}
    return found


def seconds(text):
    """A duration as the server's flags take it (10s, 500ms, 1m), in seconds."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m)", text.strip())
    assert m, f"a duration this check cannot read: {text!r}"
    return float(m.group(1)) * {"ms": 0.001, "s": 1, "m": 60}[m.group(2)]


@pytest.fixture(scope="module")
def server_bin(rust):
    return rust.path("users-server")


@pytest.fixture(scope="module")
def server_options(server_bin):
    out = processes.run([server_bin, "--help"], SECONDS).expect_ok("users-server --help")
    found = options(out.stdout)
    assert "--addr" in found and found["--addr"]["env"] == "USERS_ADDR", out.stdout[:500]
    return found


def named_flags_and_variables(unit_text):
    """The flags of a unit's ExecStart= lines and the variables of its Environment= lines."""
    text = unit_text.replace("\\\n", " ")
    flags, variables = set(), set()
    for line in text.splitlines():
        if line.startswith("ExecStart="):
            flags |= set(re.findall(r"(?<!\S)(--[\w-]+)", line))
        if line.startswith("Environment="):
            variables |= set(re.findall(r"(\w+)=", line[len("Environment="):]))
    return flags, variables


# --- systemd -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def systemd_root(tmp_path_factory, server_bin):
    """A root for systemd-analyze: the system's units, the binary, the unit; its unit path."""
    root = tmp_path_factory.mktemp("systemd-root")
    shutil.copytree("/usr/lib/systemd/system", root / "usr/lib/systemd/system", symlinks=True)
    (root / "usr/local/bin").mkdir(parents=True)
    shutil.copy(server_bin, root / "usr/local/bin/users-server")
    units = root / "etc/systemd/system"
    units.mkdir(parents=True)
    shutil.copy(UNIT, units)
    return root, units / "users-server.service"


def systemd_analyze(*args):
    tool = processes.require_tool("systemd-analyze")
    return subprocess.run([tool, *args], capture_output=True, text=True, timeout=SECONDS)


def test_systemd_unit_verifies(systemd_root):
    """`systemd-analyze verify` finds nothing in the unit, nor with the drop-in beside it."""
    root, unit = systemd_root
    out = systemd_analyze("verify", "--man=no", f"--root={root}", str(unit))
    assert out.returncode == 0 and not out.stdout + out.stderr, out.stdout + out.stderr
    drop_ins = unit.parent / "users-server.service.d"
    drop_ins.mkdir(exist_ok=True)
    shutil.copy(DROP_IN, drop_ins)
    try:
        out = systemd_analyze("verify", "--man=no", f"--root={root}", str(unit))
        assert out.returncode == 0 and not out.stdout + out.stderr, out.stdout + out.stderr
    finally:
        shutil.rmtree(drop_ins)
    # As a control, verify does look for the binary in the root.
    os.rename(root / "usr/local/bin/users-server", root / "usr/local/bin/users-server.away")
    try:
        out = systemd_analyze("verify", "--man=no", f"--root={root}", str(unit))
        assert out.returncode != 0 and "/usr/local/bin/users-server" in out.stderr, out.stderr
    finally:
        os.rename(root / "usr/local/bin/users-server.away", root / "usr/local/bin/users-server")


def test_systemd_exposure_is_as_the_readme_states(systemd_root):
    """The offline security review's overall exposure is the one the README gives."""
    root, unit = systemd_root
    out = systemd_analyze("security", "--offline=true", f"--root={root}", str(unit))
    measured = re.search(r"Overall exposure level for users-server\.service: ([\d.]+)", out.stdout + out.stderr)
    assert measured, out.stdout[-2000:] + out.stderr
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        stated = re.search(r"`systemd-analyze security --offline=true` rates its exposure ([\d.]+)", f.read())
    assert stated, "README.md states no exposure for the unit"
    assert measured.group(1) == stated.group(1), (measured.group(1), stated.group(1))


def test_systemd_names_only_the_servers_flags(server_options):
    """Every flag and USERS_* variable of the unit and its drop-in is the server's."""
    variables = {o["env"] for o in server_options.values() if o["env"]}
    for path in (UNIT, DROP_IN):
        with open(path, encoding="utf-8") as f:
            flags, env = named_flags_and_variables(f.read())
        assert flags and flags <= set(server_options), (path, flags - set(server_options))
        users = {v for v in env if v.startswith("USERS_")}
        assert users <= variables, (path, users - variables)


# --- Kubernetes ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def k8s():
    with open(MANIFESTS, encoding="utf-8") as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    by_kind = {d["kind"]: d for d in docs}
    assert sorted(by_kind) == ["Deployment", "PodDisruptionBudget", "Service"], sorted(by_kind)
    return by_kind


def container(k8s):
    containers = k8s["Deployment"]["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1, containers
    return containers[0]


def flag_values(c):
    """The container's arguments as {"--flag": value}; every one is --flag=value."""
    values = {}
    for arg in c["args"]:
        flag, eq, value = arg.partition("=")
        assert eq, f"write --flag=value, not {arg!r}"
        values[flag] = value
    return values


def env_values(c):
    return {e["name"]: e["value"] for e in c.get("env", [])}


def setting(c, server_options, flag):
    """What the server gets for `flag`: the argument, else its variable, else its default."""
    args, env = flag_values(c), env_values(c)
    if flag in args:
        return args[flag]
    name = server_options[flag]["env"]
    return env.get(name, server_options[flag]["default"])


def port_of(addr):
    return int(addr.rsplit(":", 1)[1])


def container_port(c, name):
    ports = {p["name"]: p["containerPort"] for p in c["ports"]}
    return ports[name]


def test_kubernetes_manifests_agree_with_the_server(k8s, server_options):
    c = container(k8s)
    args, env = flag_values(c), env_values(c)
    variables = {o["env"] for o in server_options.values() if o["env"]}
    assert set(args) <= set(server_options), set(args) - set(server_options)
    assert {n for n in env if n.startswith("USERS_")} <= variables

    grpc = port_of(args["--addr"])
    assert grpc == port_of(server_options["--addr"]["default"]) == container_port(c, "grpc")
    service_ports = k8s["Service"]["spec"]["ports"]
    assert [p["targetPort"] for p in service_ports] == ["grpc"] and service_ports[0]["port"] == grpc

    health = port_of(args["--health-addr"])
    assert health == container_port(c, "health") != grpc
    for probe in ("readinessProbe", "livenessProbe"):
        assert c[probe]["grpc"]["port"] == health, (probe, c[probe])
    assert port_of(args["--metrics-addr"]) == container_port(c, "metrics")

    delay = seconds(setting(c, server_options, "--drain-delay"))
    grace = seconds(setting(c, server_options, "--shutdown-grace"))
    assert seconds(server_options["--drain-delay"]["default"]) == 0
    assert delay >= 5, f"a drain delay of {delay} s races the pod's removal from the endpoints"
    term = k8s["Deployment"]["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    assert delay + grace + STOP_BEYOND_GRACE < term, (delay, grace, term)
    live = c["livenessProbe"]
    assert live["periodSeconds"] * (live["failureThreshold"] - 1) > delay + grace + STOP_BEYOND_GRACE, live

    mounts = {m["name"]: m["mountPath"] for m in c["volumeMounts"]}
    secrets = {v["name"]: v["secret"]["secretName"]
               for v in k8s["Deployment"]["spec"]["template"]["spec"]["volumes"] if "secret" in v}
    for flag in ("--tls-cert", "--tls-key", "--tls-client-ca", "--auth-token-file"):
        folder = os.path.dirname(args[flag])
        assert any(mounts[name] == folder for name in secrets), (flag, args[flag], mounts)

    # The kustomization makes exactly the Secrets the volumes name, from files of the names
    # the flags read, and takes in the manifests.
    with open(KUSTOMIZATION, encoding="utf-8") as f:
        kustomization = yaml.safe_load(f)
    assert kustomization["resources"] == [os.path.basename(MANIFESTS)], kustomization["resources"]
    generated = {g["name"]: g["files"] for g in kustomization["secretGenerator"]}
    assert sorted(generated) == sorted(secrets.values()), (generated, secrets)
    for name, secret in secrets.items():
        read = {os.path.basename(args[flag]) for flag in ("--tls-cert", "--tls-key", "--tls-client-ca",
                                                          "--auth-token-file")
                if os.path.dirname(args[flag]) == mounts[name]}
        assert read == set(generated[secret]), (secret, read, generated[secret])

    labels = k8s["Deployment"]["spec"]["template"]["metadata"]["labels"]
    for selector in (k8s["Deployment"]["spec"]["selector"]["matchLabels"], k8s["Service"]["spec"]["selector"],
                     k8s["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"]):
        assert selector.items() <= labels.items(), (selector, labels)


def test_the_deployment_runs_as_written(procs, server_bin, rust_client, k8s, tmp_path):
    """The server with the Deployment's arguments and variables: files from a test CA in
    place of the Secrets, free ports on 127.0.0.1 in place of the container's."""
    c = container(k8s)
    certs = pki.make(str(tmp_path / "pki"))
    token = "token-of-the-deploy-check"
    secret_files = {
        "users-server-tls": {"tls.crt": certs["server"]["cert"], "tls.key": certs["server"]["key"],
                             "ca.crt": certs["server"]["ca"]},
        "users-server-tokens": {"tokens": None},
    }
    volumes = {v["name"]: v["secret"]["secretName"] for v in k8s["Deployment"]["spec"]["template"]["spec"]["volumes"]}
    local = {}
    for mount in c["volumeMounts"]:
        folder = tmp_path / mount["name"]
        folder.mkdir()
        for name, source in secret_files[volumes[mount["name"]]].items():
            if source:
                shutil.copy(source, folder / name)
            else:
                (folder / name).write_text(token + "\n")
        local[mount["mountPath"]] = str(folder)
    argv = [server_bin]
    for flag, value in flag_values(c).items():
        if flag in ("--addr", "--health-addr", "--metrics-addr"):
            value = "127.0.0.1:0"
        folder = os.path.dirname(value)
        if folder in local:
            value = os.path.join(local[folder], os.path.basename(value))
        argv.append(f"{flag}={value}")
    server = procs.start(argv, "rust-deployment", env_values(c))
    health = re.search(r"health checks on (127\.0\.0\.1:\d+)", server.wait_log(r"health checks on \S+", 10).group(0))
    health_addr = health.group(1)

    trust = {"trust": certs["trust"], "identity": certs["identity"]}
    client = rust_client(server.addr, **trust) + ["--token", token]
    ran = processes.run(client, SECONDS).expect_ok("users-client over mutual TLS with the token")
    answers.expect(answers.tutorial(ran.stdout), "users-client")

    probes = {c["readinessProbe"]["grpc"].get("service", ""), c["livenessProbe"]["grpc"].get("service", "")}
    for service in probes:
        probe = processes.run(rust_client(health_addr) + ["--health", service], SECONDS)
        assert probe.returncode == 0 and probe.stdout.split() == ["SERVING"], (service, probe.stdout, probe.stderr)

    term = k8s["Deployment"]["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    started = time.monotonic()
    server.proc.send_signal(signal.SIGTERM)
    server.wait_log(r"draining: health reports NOT_SERVING", 10)
    probe = processes.run(rust_client(health_addr) + ["--health", c["readinessProbe"]["grpc"]["service"]], SECONDS)
    assert probe.returncode == 1 and probe.stdout.split() == ["NOT_SERVING"], (probe.stdout, probe.stderr)
    ran = processes.run(client, SECONDS).expect_ok("users-client during the drain delay")
    answers.expect(answers.tutorial(ran.stdout), "users-client during the drain delay")
    try:
        code = server.proc.wait(timeout=term)
    except subprocess.TimeoutExpired:
        code = None
    took = time.monotonic() - started
    server.stop()
    assert code == 0, server.tail()
    assert took < term, f"the stop took {took:.1f} s, past the termination grace period of {term} s"
