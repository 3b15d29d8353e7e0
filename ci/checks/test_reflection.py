"""A generic client against every server of ci/peers.toml that speaks health and reflection
(the Rust server, and the grpc-java server with grpc-java's own services, the reference for
what a generic client expects): gRPC's own Python reflection and health clients
(grpcio-reflection, grpcio-health-checking; ci/tools/reflect.py, run as users-py-reflect),
without users.proto or any users stubs, list the services, load users.proto through reflection
(v1alpha and v1), stream the tutorial's five users with message classes built from it, and
check the health service.
"""
import pytest

import peers
import processes

SERVERS = [p.name for p in peers.select(role="server", speaks="reflection") if p.speaks("health") and p.interop]


def test_reflection_servers_are_known():
    assert SERVERS == ["rust", "java"], f"ci/peers.toml: the servers with health and reflection are {SERVERS}"


@pytest.mark.parametrize("name", SERVERS)
def test_generic_client(name, build, procs):
    reflect = build("python").path("users-py-reflect")
    argv, env = build(name).server()
    server = procs.start(argv, f"{name}-server", env)
    print(f"\nreflection: against the {name} server")
    ran = processes.run([reflect, "--addr", server.addr, "--timeout", "10"], seconds=120)
    print(ran.stdout, end="")
    server.stop()
    assert ran.returncode == 0, (f"users-py-reflect failed against the {name} server (exit {ran.returncode}"
                                 f"{', killed after 120 s' if ran.returncode == 124 else ''}): {ran.stderr.strip()}\n"
                                 f"its log:\n{server.log_text()}")
