"""Certificates for a run, made by the openssl command line: a CA, a server certificate for the
DNS name users.test and a client certificate (extendedKeyUsage clientAuth), both signed by the
CA; EC P-256 keys in PKCS#8, valid for a day.

As a module: make(folder) returns the paths. As a command, for bash:
    python3 ci/harness/pki.py FOLDER
makes them in FOLDER and prints the paths as NAME=PATH lines (ca, server_cert, server_key,
client_cert, client_key) and the server's name (name=users.test).
"""
import os
import subprocess
import sys

import processes

# The name in the server's certificate, which clients check.
SERVER_NAME = "users.test"


def make(d):
    """Makes the CA, server and client certificates in folder d; returns the paths as
    {"server": {cert, key, ca}, "trust": {ca, name}, "identity": {cert, key}}."""
    openssl = processes.require_tool("openssl")
    os.makedirs(d, exist_ok=True)
    log = []

    def run(*args):
        out = subprocess.run([openssl, *args], capture_output=True, text=True, cwd=d)
        log.append(out.stdout + out.stderr)
        if out.returncode != 0:
            raise RuntimeError("FAILED to make the certificates with openssl:\n" + "\n".join(log))

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
        "-out", "ca.pem", "-days", "1", "-subj", "/CN=users-grpc test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    new_key_and_csr("server", "/CN=" + SERVER_NAME)
    sign("server", f"subjectAltName=DNS:{SERVER_NAME}\nextendedKeyUsage=serverAuth")
    new_key_and_csr("client", "/CN=users-grpc test client")
    sign("client", "extendedKeyUsage=clientAuth")
    path = lambda name: os.path.join(d, name)  # noqa: E731
    return {
        "server": {"cert": path("server.pem"), "key": path("server.key"), "ca": path("ca.pem")},
        "trust": {"ca": path("ca.pem"), "name": SERVER_NAME},
        "identity": {"cert": path("client.pem"), "key": path("client.key")},
    }


def main(argv):
    if len(argv) != 1 or argv[0].startswith("-"):
        print("usage: pki.py FOLDER", file=sys.stderr)
        return 2
    try:
        paths = make(os.path.abspath(argv[0]))
    except (RuntimeError, AssertionError) as e:
        print(f"pki: {e}", file=sys.stderr)
        return 1
    print(f"ca={paths['trust']['ca']}")
    print(f"name={paths['trust']['name']}")
    print(f"server_cert={paths['server']['cert']}")
    print(f"server_key={paths['server']['key']}")
    print(f"client_cert={paths['identity']['cert']}")
    print(f"client_key={paths['identity']['key']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
