"""TLS between the Rust pair and the grpc-go and grpc-java peers, in both directions (grpc-go
as ci/interop/go/go.mod pins it, which insists on ALPN "h2" both ways), with certificates made
for the run by the openssl command line: a CA, a server certificate for the DNS name
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
   and refuses users-client without one.
Every response is checked field by field against the golden answers of testdata/. The tests
of one server share it, in the order they are written.
"""
import os
import re
import subprocess

import pytest

import answers
import processes

SECONDS = 60


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    """The test CA, server and client certificates (EC P-256, PKCS#8 keys), made by openssl."""
    openssl = processes.require_tool("openssl")
    d = str(tmp_path_factory.mktemp("certs"))
    log = []

    def run(*args):
        out = subprocess.run([openssl, *args], capture_output=True, text=True, cwd=d)
        log.append(out.stdout + out.stderr)
        assert out.returncode == 0, "FAILED to make the certificates with openssl:\n" + "\n".join(log)

    def new_key_and_csr(name, subject):
        run("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", subject)

    def sign(name, extensions):
        # Go checks the subjectAltName only, never the common name.
        with open(os.path.join(d, f"{name}.ext"), "w") as f:
            f.write(extensions + "\n")
        run("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-days", "1", "-out", f"{name}.pem", "-extfile", f"{name}.ext")

    run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key",
        "-out", "ca.pem", "-days", "1", "-subj", "/CN=users-grpc tls check CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    new_key_and_csr("server", "/CN=users.test")
    sign("server", "subjectAltName=DNS:users.test\nextendedKeyUsage=serverAuth")
    new_key_and_csr("client", "/CN=users-grpc tls check client")
    sign("client", "extendedKeyUsage=clientAuth")
    path = lambda name: os.path.join(d, name)  # noqa: E731
    return {
        "server": {"cert": path("server.pem"), "key": path("server.key"), "ca": path("ca.pem")},
        "trust": {"ca": path("ca.pem"), "name": "users.test"},
        "identity": {"cert": path("client.pem"), "key": path("client.key")},
    }


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
