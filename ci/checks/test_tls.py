"""TLS between the Rust pair and the grpc-go and grpc-java peers, in both directions (grpc-go
as ci/interop/go/go.mod pins it, which insists on ALPN "h2" both ways), with certificates made
for the run by the openssl command line (ci/harness/pki.py): a CA, a server certificate for the DNS name
users.test and a client certificate (extendedKeyUsage clientAuth), both signed by the CA.
 - a users-server requiring client certificates (--tls-client-ca) answers the Go client that
   presents the client certificate right;
 - the same server refuses the Go client without a client certificate (its error is shown),
   and goes on serving: a good client afterwards is answered right;
 - the Go server requiring client certificates answers users-client presenting one right;
 - users-client expecting the name other.test from the Go server's users.test certificate
   exits 1 with a one-line error naming the certificate problem (shown);
 - the same users-server answers the Java client that presents the client certificate right;
 - the Java server requiring client certificates answers users-client presenting one right,
   and refuses users-client without one;
 - both load tools' connect scenario (50 new connections at once, each presenting the client
   certificate) is answered on every connection by the same users-server;
 - users-server sends one TLS 1.3 session ticket per handshake, as the Go server does
   (counted by `openssl s_client`).
Every response is checked field by field against the golden answers of testdata/. The tests
of one server share it, in the order they are written.
"""
import json
import re

import pytest

import answers
import pki
import processes

SECONDS = 60


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    """The test CA, server and client certificates (EC P-256, PKCS#8 keys), made by openssl."""
    return pki.make(str(tmp_path_factory.mktemp("certs")))


def tls_server(build, module_procs, certs, name):
    """The peer's server requiring client certificates; it must log "listening on ... (TLS)"."""
    peer = build(name)
    assert peer.speaks("tls"), f"ci/peers.toml: {name} does not speak tls"
    argv, env = peer.server(tls=certs["server"])
    server = module_procs.start(argv, f"{name}-tls-server", env)
    assert re.search(r"listening on .*\(TLS\)", server.log_text()), \
        f"the {name} server did not log 'listening on ... (TLS)': {server.tail()}"
    return server


@pytest.fixture(scope="module")
def rust_server(build, module_procs, certs):
    return tls_server(build, module_procs, certs, "rust")


@pytest.fixture(scope="module")
def go_server(build, module_procs, certs):
    return tls_server(build, module_procs, certs, "go")


@pytest.fixture(scope="module")
def java_server(build, module_procs, certs):
    return tls_server(build, module_procs, certs, "java")


def client(build, name, addr, certs, identity=True, **kw):
    """The peer's client trusting the test CA (and presenting the client certificate)."""
    peer = build(name)
    argv = peer.client(addr, trust=kw.pop("trust", certs["trust"]), identity=certs["identity"] if identity else None,
                       deadline=50, **kw)
    return processes.run(argv, SECONDS)


def refused(ran, what):
    """The client exited 1 without a response; prints its error."""
    print(f"\ntls:   {what}: {processes.one_line(ran.stderr)}")
    n = len(ran.stdout.splitlines())
    assert ran.returncode == 1 and not ran.stdout.strip(), \
        f"expected the {what} to exit 1 without a response; it exited {ran.returncode} with {n} responses"


def right(ran, what):
    ran.expect_ok(what)
    answers.expect(answers.tutorial(ran.stdout), what)


def test_rust_server_mtls_go_client(build, rust_server, certs):
    """rust server --tls-client-ca <- go client with a client certificate: answers right."""
    right(client(build, "go", rust_server.addr, certs), "go client")


def test_rust_server_refuses_go_client_without_cert(build, rust_server, certs):
    """rust server --tls-client-ca <- go client without a client certificate: refused, server
    serves on."""
    refused(client(build, "go", rust_server.addr, certs, identity=False), "go client without a certificate")
    assert rust_server.alive(), f"the Rust server exited: {rust_server.tail()}"
    right(client(build, "go", rust_server.addr, certs), "go client with a certificate, afterwards,")


def test_rust_server_mtls_java_client(build, rust_server, certs):
    """rust server --tls-client-ca <- java client with a client certificate: answers right."""
    right(client(build, "java", rust_server.addr, certs), "java client")


def test_go_server_mtls_rust_client(build, go_server, certs):
    """go server -tls-client-ca <- rust client with a client certificate: answers right."""
    right(client(build, "rust", go_server.addr, certs), "rust client")


def test_rust_client_wrong_server_name(build, go_server, certs):
    """go server <- rust client --tls-server-name other.test: exits 1 naming the certificate
    problem in one line."""
    ran = client(build, "rust", go_server.addr, certs, trust={**certs["trust"], "name": "other.test"})
    refused(ran, "rust client expecting other.test")
    lines = [l for l in ran.stderr.splitlines() if l]
    assert len(lines) == 1, f"expected a one-line error, got {len(lines)} lines"
    assert re.search(r"certificate|peer name|server name", ran.stderr, re.I), \
        "the error does not name the certificate problem"


def test_java_server_mtls_rust_client(build, java_server, certs):
    """java server --tls-client-ca <- rust client with a client certificate: answers right."""
    right(client(build, "rust", java_server.addr, certs), "rust client")


def test_java_server_refuses_rust_client_without_cert(build, java_server, certs):
    """java server --tls-client-ca <- rust client without a client certificate: refused."""
    refused(client(build, "rust", java_server.addr, certs, identity=False), "rust client without a certificate")


@pytest.mark.parametrize("tool", ["users-bench", "users-go-load"])
def test_load_tools_connect_over_mtls(build, rust_server, certs, tool):
    """rust server --tls-client-ca <- each load tool's connect scenario, 50 new connections at
    once presenting the client certificate: every connection answered and ended OK (what the
    benchmark's connect-tls runs)."""
    peer = build("rust" if tool == "users-bench" else "go")
    trust, identity = certs["trust"], certs["identity"]
    argv = [peer.path(tool), "connect", "--connections", "50", "--hold", "100ms", "--addr", rust_server.addr,
            "--json", "--tls-ca", trust["ca"], "--tls-server-name", trust["name"],
            "--tls-cert", identity["cert"], "--tls-key", identity["key"]]
    ran = processes.run(argv, SECONDS)
    ran.expect_ok(f"{tool} connect")
    result = json.loads(ran.stdout.splitlines()[-1])
    assert (result["scenario"], result["connections"], result["messages"]) == ("connect", 50, 50), result


def session_tickets(addr, certs):
    """How many TLS 1.3 session tickets the server at addr sends after one handshake, counted
    by the openssl command line's client, which presents the client certificate and stays
    connected for a second to read them."""
    host, port = addr.rsplit(":", 1)
    trust, identity = certs["trust"], certs["identity"]
    argv = ["bash", "-c", 'sleep 1 | openssl s_client -connect "$0" -servername "$1" -alpn h2 -tls1_3 '
            '-CAfile "$2" -cert "$3" -key "$4" -verify_return_error',
            f"{host}:{port}", trust["name"], trust["ca"], identity["cert"], identity["key"]]
    ran = processes.run(argv, SECONDS)
    assert "Verify return code: 0 (ok)" in ran.stdout, f"the handshake failed: {ran.stderr[-2000:]}"
    return ran.stdout.count("Post-Handshake New Session Ticket arrived")


def test_rust_server_sends_as_many_session_tickets_as_go(rust_server, go_server, certs):
    """rust and go servers <- openssl s_client over TLS 1.3: each sends one session ticket per
    handshake (BoringSSL's and OpenSSL's default is two, each part of a handshake's CPU)."""
    counts = {name: session_tickets(server.addr, certs) for name, server in
              (("rust", rust_server), ("go", go_server))}
    print(f"\ntls:   TLS 1.3 session tickets per handshake: {counts}")
    assert counts == {"rust": 1, "go": 1}, counts
