#!/usr/bin/env python3
"""The peers of ci/peers.toml, the one registry: how each is built, where its programs are,
how its server and client are started, and what it speaks.

For the checks (ci/checks/) it is a module: `peers.load()`, `peers.get(name)`. For the bash
scripts it is a command line:

  peers.py list [--role server|client] [--speaks WHAT] [--interop] [--bench] [--warm-up]
                                  the peers' names, one a line, in the registry's order
  peers.py about                  each peer's name, roles, what it speaks and one line on it
  peers.py build NAME [--release] builds the peer (incremental); --release: the optimised
                                  build, for a peer whose build has one (build_release)
  peers.py path NAME PROGRAM [--profile debug|release]
                                  the path of one of its programs (users-go-load, ...)
  peers.py server NAME [--addr HOST:PORT] [--profile debug|release] [--bench]
                                  its server's command line, one word a line (for mapfile),
                                  beginning with `env K=V...` when it sets variables
  peers.py needs [--check]        the commands that the interop peers' builds and the checks
                                  need; --check: exit 1 naming those that are missing

Runs on the system's python3 (3.11 or newer: tomllib); imports nothing outside the standard
library.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tomllib

CI = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(CI)
REGISTRY = os.path.join(CI, "peers.toml")
WHAT = ("plaintext", "tls", "gzip", "health", "reflection")
ROLES = ("server", "client")


def cache_dir():
    return os.environ.get("USERS_GRPC_CACHE") or os.path.expanduser("~/.cache/users-grpc")


def target_dir():
    return os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")


def fill(words, values):
    """`words` with every {name} replaced by values[name]; an unknown name is an error."""
    def one(word):
        def sub(m):
            if m.group(1) not in values or values[m.group(1)] is None:
                raise KeyError(f"{REGISTRY}: no value for {{{m.group(1)}}} in {word!r}")
            return str(values[m.group(1)])
        return re.sub(r"\{(\w+)\}", sub, word)
    return [one(w) for w in words]


class Peer:
    """One peer of the registry."""

    def __init__(self, name, spec):
        self.name = name
        self.spec = spec
        self.about = spec.get("about", "")
        self.roles = spec.get("roles", [])
        self.speaks_list = spec.get("speaks", [])
        self.interop = spec.get("interop", False)
        self.bench = spec.get("bench", False)
        self.warm_up = spec.get("warm_up", False)
        self.needs = spec.get("needs", [])
        self.server_spec = spec.get("server", {})
        self.client_spec = spec.get("client", {})
        for what in self.speaks_list:
            if what not in WHAT:
                raise ValueError(f"{REGISTRY}: {name} speaks {what!r}, not one of {WHAT}")
        for role in self.roles:
            if role not in ROLES or role not in spec:
                raise ValueError(f"{REGISTRY}: {name} has the role {role!r} but no [{name}.{role}]")

    def values(self, profile="debug", **more):
        return {"root": ROOT, "ci": CI, "cache": cache_dir(), "target": target_dir(), "profile": profile,
                "out": os.path.join(cache_dir(), self.name), **more}

    def speaks(self, what):
        return what in self.speaks_list

    def dir(self, profile="debug"):
        return fill([self.spec["bin"]], self.values(profile))[0]

    def path(self, program, profile="debug"):
        return os.path.join(self.dir(profile), program)

    def build_argv(self, release=False):
        return fill(self.spec["build"] + (self.spec.get("build_release", []) if release else []), self.values())

    def build(self, release=False, log=None, seconds=None):
        """Runs the build; its output goes to the file `log` (else through). Returns the exit
        status (124 when it ran past `seconds`)."""
        out = open(log, "w") if log else None
        try:
            return subprocess.run(self.build_argv(release), stdout=out, stderr=subprocess.STDOUT if out else None,
                                  cwd=ROOT, timeout=seconds).returncode
        except subprocess.TimeoutExpired:
            return 124
        finally:
            if out:
                out.close()

    def _program(self, words, profile):
        """The first word of a role's argv is a program in the peer's folder."""
        return [self.path(words[0], profile)] + words[1:]

    def server(self, addr="127.0.0.1:0", profile="debug", bench=False, tls=None, compression=None, extra=()):
        """(argv, env): the server's command line and the variables it sets. tls: a dict with
        cert, key and ca (client certificates then required); compression: gzip or none."""
        s = self.server_spec
        v = self.values(profile, addr=addr, compression=compression, **(tls or {}))
        argv = self._program(fill(s["argv"], v), profile)
        env = dict(s.get("env", {}))
        if bench:
            argv += fill(s.get("bench_argv", []), v)
            env.update(s.get("bench_env", {}))
        if tls:
            argv += fill(self._need(s, "tls", "server"), v)
        if compression:
            argv += fill(self._need(s, "compression", "server"), v)
        return argv + list(extra), env

    def client(self, addr, count=0, input=None, trust=None, identity=None, compression=None, deadline=None,
               extra=()):
        """The client's command line: the tutorial's users (count 0) or `count` generated ones
        (from the file `input` for a client that reads a file); trust: a dict with ca and name;
        identity: a dict with cert and key; deadline: seconds, for a client with a deadline flag."""
        c = self.client_spec
        v = self.values("debug", addr=addr, count=count, input=input, compression=compression, deadline=deadline,
                        **(trust or {}), **(identity or {}))
        argv = self._program(fill(c["argv"], v), "debug")
        argv += fill(c["generated"] if count else c["tutorial"], v)
        if trust:
            argv += fill(self._need(c, "trust", "client"), v)
        if identity:
            argv += fill(self._need(c, "identity", "client"), v)
        if compression:
            argv += fill(self._need(c, "compression", "client"), v)
        if deadline and "deadline" in c:
            argv += fill(c["deadline"], v)
        return argv + list(extra)

    def _need(self, spec, key, role):
        if key not in spec:
            raise KeyError(f"{REGISTRY}: the {self.name} {role} has no {key} flags")
        return spec[key]


def _registry():
    with open(REGISTRY, "rb") as f:
        return tomllib.load(f)


def load():
    """Every peer, by name, in the registry's order (the tables of the registry)."""
    return {name: Peer(name, spec) for name, spec in _registry().items() if isinstance(spec, dict)}


def needs():
    """The commands the interop peers' builds and the checks need, in the registry's order."""
    wanted = [w for p in select(interop=True) for w in p.needs] + _registry().get("check_needs", [])
    return list(dict.fromkeys(wanted))


def missing(commands):
    return [c for c in commands if not (os.access(c, os.X_OK) if os.sep in c else shutil.which(c))]


def get(name):
    peers = load()
    if name not in peers:
        raise SystemExit(f"peers: unknown peer {name!r} (known: {' '.join(peers)})")
    return peers[name]


def select(role=None, speaks=None, interop=False, bench=False, warm_up=False):
    return [p for p in load().values()
            if (role is None or role in p.roles) and (speaks is None or p.speaks(speaks))
            and (not interop or p.interop) and (not bench or p.bench) and (not warm_up or p.warm_up)]


def main(argv):
    ap = argparse.ArgumentParser(prog="peers.py", formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    ls = sub.add_parser("list")
    ls.add_argument("--role", choices=ROLES)
    ls.add_argument("--speaks", choices=WHAT)
    ls.add_argument("--interop", action="store_true", help="only the peers of the interop matrix")
    ls.add_argument("--bench", action="store_true", help="only the benchmark's default servers")
    ls.add_argument("--warm-up", action="store_true", help="only the servers a benchmark warms up first")
    sub.add_parser("about")
    b = sub.add_parser("build")
    b.add_argument("name")
    b.add_argument("--release", action="store_true")
    pa = sub.add_parser("path")
    pa.add_argument("name")
    pa.add_argument("program")
    pa.add_argument("--profile", default="debug", choices=("debug", "release"))
    s = sub.add_parser("server")
    s.add_argument("name")
    s.add_argument("--addr", default="127.0.0.1:0")
    s.add_argument("--profile", default="debug", choices=("debug", "release"))
    s.add_argument("--bench", action="store_true", help="with the benchmark's arguments and variables")
    s.add_argument("--tls", nargs=3, metavar=("CERT", "KEY", "CA"),
                   help="serve TLS with this certificate and key, requiring client certificates signed by CA")
    n = sub.add_parser("needs")
    n.add_argument("--check", action="store_true", help="exit 1 naming the commands that are missing")
    a = ap.parse_args(argv)

    if a.command == "list":
        for p in select(a.role, a.speaks, a.interop, a.bench, a.warm_up):
            print(p.name)
    elif a.command == "about":
        for p in load().values():
            print(f"{p.name:<10} {'+'.join(p.roles):<14} {', '.join(p.speaks_list):<40} {p.about}")
    elif a.command == "build":
        return get(a.name).build(a.release)
    elif a.command == "path":
        print(get(a.name).path(a.program, a.profile))
    elif a.command == "server":
        p = get(a.name)
        if "server" not in p.roles:
            raise SystemExit(f"peers: {a.name} has no server")
        tls = dict(zip(("cert", "key", "ca"), a.tls)) if a.tls else None
        if tls and not p.speaks("tls"):
            raise SystemExit(f"peers: {a.name} does not speak tls")
        words, env = p.server(a.addr, a.profile, a.bench, tls=tls)
        if env:
            words = ["env"] + [f"{k}={v}" for k, v in env.items()] + words
        print("\n".join(words))
    elif a.command == "needs":
        if not a.check:
            print("\n".join(needs()))
            return 0
        gone = missing(needs())
        if gone:
            print(f"missing: {' '.join(gone)} (ci/setup.sh installs them, rustup the Rust toolchain; "
                  "ci/peers.toml says who needs what)",
                  file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
