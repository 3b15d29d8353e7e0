#!/usr/bin/env python3
"""A generic gRPC client against a Users server: it has no users.proto and no users stubs,
only what the server publishes through reflection (grpcio-reflection) and the standard
health service (grpcio-health-checking).

It lists the services, loads users.proto through reflection into a descriptor pool, builds
the message classes from it and streams the tutorial's five users on CreateUser, checks the
NOT_FOUND answers for an unknown symbol and file, speaks grpc.reflection.v1 as well as
v1alpha, and checks the health service's Check and Watch.

usage: reflect.py [--addr HOST:PORT] [--timeout SECONDS]
Prints "reflect: NAME: ok" per check; on the first failure prints one line naming it on
stderr and exits 1.
"""
import argparse
import importlib.util
import os
import sys

import grpc
from google.protobuf import descriptor, descriptor_pb2, descriptor_pool, message_factory
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase

# The tutorial's users and their answers come from testdata/ through golden.py, and the
# comparison from check_responses.py, both beside this file (imported without leaving a __pycache__ in the checkout).
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_responses  # noqa: E402
import golden  # noqa: E402

SERVICES = [
    "users.Users",
    "grpc.health.v1.Health",
    "grpc.reflection.v1.ServerReflection",
    "grpc.reflection.v1alpha.ServerReflection",
]
V1_METHOD = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"
NOT_FOUND = grpc.StatusCode.NOT_FOUND.value[0]

F = descriptor.FieldDescriptor
# users.proto's messages as SPEC fixes them: field name -> (number, type, repeated).
USER_FIELDS = {
    "id": (1, F.TYPE_STRING, False),
    "name": (2, F.TYPE_STRING, False),
    "last_name": (3, F.TYPE_STRING, False),
    "age": (4, F.TYPE_INT32, False),
}
CREATE_USER_RES_FIELDS = {
    "user_id": (1, F.TYPE_STRING, False),
    "success": (2, F.TYPE_BOOL, False),
    "errors": (3, F.TYPE_STRING, True),
}
TYPE_NAMES = {F.TYPE_STRING: "string", F.TYPE_INT32: "int32", F.TYPE_BOOL: "bool"}


class CheckFailed(Exception):
    pass


def ok(name):
    print(f"reflect: {name}: ok", flush=True)


def require(cond, reason):
    if not cond:
        raise CheckFailed(reason)


class _Deadline(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor,
                grpc.StreamUnaryClientInterceptor, grpc.StreamStreamClientInterceptor):
    """Gives every call without a deadline one, so that no call of a library that sets none
    (ProtoReflectionDescriptorDatabase) can hang."""

    class _Details(grpc.ClientCallDetails):
        def __init__(self, d, timeout):
            self.method = d.method
            self.timeout = timeout
            self.metadata = d.metadata
            self.credentials = d.credentials
            self.wait_for_ready = getattr(d, "wait_for_ready", None)
            self.compression = getattr(d, "compression", None)

    def __init__(self, timeout):
        self._timeout = timeout

    def _with_deadline(self, d):
        return d if d.timeout is not None else self._Details(d, self._timeout)

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._with_deadline(details), request)

    def intercept_unary_stream(self, continuation, details, request):
        return continuation(self._with_deadline(details), request)

    def intercept_stream_unary(self, continuation, details, request_iterator):
        return continuation(self._with_deadline(details), request_iterator)

    def intercept_stream_stream(self, continuation, details, request_iterator):
        return continuation(self._with_deadline(details), request_iterator)


def rpc_error(e):
    return f"{e.code().name}: {e.details()}"


def one_reflection_request(call, request, what):
    """Sends one ServerReflectionRequest on a new stream and returns the one response."""
    try:
        responses = list(call(iter([request])))
    except grpc.RpcError as e:
        raise CheckFailed(f"{what}: the call failed: {rpc_error(e)}")
    require(len(responses) == 1, f"{what}: {len(responses)} responses to one request, expected 1")
    return responses[0]


def check_no_stubs():
    found = [m for m in ("users_pb2", "users_pb2_grpc") if importlib.util.find_spec(m) is not None]
    require(not found, f"no users stubs: {', '.join(found)} importable; this client must work without them")
    ok("no users stubs on the path")


def check_list_services(db):
    try:
        services = list(db.get_services())
    except grpc.RpcError as e:
        raise CheckFailed(f"list services (v1alpha): {rpc_error(e)}")
    missing = [s for s in SERVICES if s not in services]
    require(not missing, f"list services (v1alpha): {missing} not listed; listed: {services}")
    ok("list services (v1alpha)")


def describe_fields(msg, want):
    got = {}
    for f in msg.fields:
        got[f.name] = (f.number, f.type, f.is_repeated)
    if got != want:
        def show(fields):
            return ", ".join(f"{'repeated ' if r else ''}{TYPE_NAMES.get(t, t)} {n} = {num}"
                             for n, (num, t, r) in sorted(fields.items(), key=lambda kv: kv[1][0]))
        raise CheckFailed(f"describe {msg.full_name}: fields {{{show(got)}}}, expected {{{show(want)}}}")


def check_describe(pool):
    try:
        service = pool.FindServiceByName("users.Users")
    except KeyError:
        raise CheckFailed("describe users.Users: not found through reflection")
    require(service.file.name == "users.proto",
            f"describe users.Users: declared in {service.file.name!r}, expected 'users.proto'")
    methods = [m.name for m in service.methods]
    require(methods == ["CreateUser"], f"describe users.Users: methods {methods}, expected ['CreateUser']")
    method = service.methods_by_name["CreateUser"]
    got = (method.input_type.full_name, method.output_type.full_name,
           method.client_streaming, method.server_streaming)
    want = ("users.User", "users.CreateUserRes", True, True)
    require(got == want, "describe users.Users.CreateUser: (input, output, client streaming, server streaming) = "
                         f"{got}, expected {want}")
    ok("describe users.Users.CreateUser")
    describe_fields(pool.FindMessageTypeByName("users.User"), USER_FIELDS)
    ok("describe users.User")
    describe_fields(pool.FindMessageTypeByName("users.CreateUserRes"), CREATE_USER_RES_FIELDS)
    ok("describe users.CreateUserRes")
    for name in SERVICES[1:]:
        try:
            service = pool.FindServiceByName(name)
        except KeyError:
            raise CheckFailed(f"describe every listed service: {name} is listed but its file is not found")
        require(len(service.methods) > 0, f"describe every listed service: {name} has no methods")
    ok("describe every listed service")
    return method


def check_create_user(channel, method, timeout):
    User = message_factory.GetMessageClass(method.input_type)
    CreateUserRes = message_factory.GetMessageClass(method.output_type)
    path = f"/{method.containing_service.full_name}/{method.name}"
    call = channel.stream_stream(path, request_serializer=User.SerializeToString,
                                 response_deserializer=CreateUserRes.FromString)
    users = [User(**user) for user in golden.tutorial_users()]
    try:
        responses = list(call(iter(users), timeout=timeout))
    except grpc.RpcError as e:
        raise CheckFailed(f"CreateUser with dynamic messages: the stream failed: {rpc_error(e)}")
    got = [{"user_id": r.user_id, "success": r.success, "errors": list(r.errors)} for r in responses]
    problems = check_responses.compare(got, check_responses.TUTORIAL)
    require(not problems, f"CreateUser with dynamic messages ({path}): {'; '.join(problems)}")
    ok("CreateUser with dynamic messages")


def check_not_found(stub_call, pool, version):
    cases = [
        ("unknown symbol", reflection_pb2.ServerReflectionRequest(file_containing_symbol="users.Nope")),
        ("unknown file", reflection_pb2.ServerReflectionRequest(file_by_filename="nope/nope.proto")),
    ]
    for what, request in cases:
        name = f"{what} ({version})"
        res = one_reflection_request(stub_call, request, name)
        kind = res.WhichOneof("message_response")
        require(kind == "error_response", f"{name}: got {kind}, expected error_response")
        err = res.error_response
        require(err.error_code == NOT_FOUND,
                f"{name}: error_code {err.error_code} ({err.error_message!r}), expected {NOT_FOUND} (NOT_FOUND)")
        require(res.original_request == request,
                f"{name}: original_request is {res.original_request!r}, expected the request sent")
        ok(f"{name} is NOT_FOUND")
    if pool is not None:
        # The same through the descriptor pool: a generic client sees a missing name, not a crash.
        for what, lookup in [("symbol", lambda: pool.FindMessageTypeByName("users.Nope")),
                             ("file", lambda: pool.FindFileByName("nope/nope.proto"))]:
            try:
                lookup()
            except KeyError:
                continue
            except Exception as e:  # an unexpected error code trips the library's assertion
                raise CheckFailed(f"unknown {what} through the descriptor pool: {type(e).__name__}: {e}")
            raise CheckFailed(f"unknown {what} through the descriptor pool: found")
        ok("unknown symbol and file through the descriptor pool")


def check_v1(channel):
    # grpcio-reflection ships v1alpha stubs only; v1's messages are the same on the wire.
    call = channel.stream_stream(V1_METHOD,
                                 request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
                                 response_deserializer=reflection_pb2.ServerReflectionResponse.FromString)
    res = one_reflection_request(call, reflection_pb2.ServerReflectionRequest(list_services=""), "list services (v1)")
    kind = res.WhichOneof("message_response")
    require(kind == "list_services_response", f"list services (v1): got {kind}, expected list_services_response")
    services = [s.name for s in res.list_services_response.service]
    missing = [s for s in SERVICES if s not in services]
    require(not missing, f"list services (v1): {missing} not listed; listed: {services}")
    ok("list services (v1)")

    res = one_reflection_request(
        call, reflection_pb2.ServerReflectionRequest(file_containing_symbol="users.Users"), "users.Users's file (v1)")
    kind = res.WhichOneof("message_response")
    require(kind == "file_descriptor_response",
            f"users.Users's file (v1): got {kind}, expected file_descriptor_response")
    pool = descriptor_pool.DescriptorPool()
    names = []
    for raw in res.file_descriptor_response.file_descriptor_proto:
        fdp = descriptor_pb2.FileDescriptorProto.FromString(raw)
        names.append(fdp.name)
        pool.Add(fdp)
    try:
        method = pool.FindMethodByName("users.Users.CreateUser")
    except KeyError:
        raise CheckFailed(f"users.Users's file (v1): files {names} do not define users.Users.CreateUser")
    require(method.input_type.full_name == "users.User" and method.output_type.full_name == "users.CreateUserRes",
            f"users.Users's file (v1): CreateUser is {method.input_type.full_name} -> {method.output_type.full_name}")
    ok("users.Users's file (v1)")
    check_not_found(call, None, "v1")


def check_health(channel, timeout):
    stub = health_pb2_grpc.HealthStub(channel)
    serving = health_pb2.HealthCheckResponse.SERVING
    status_name = health_pb2.HealthCheckResponse.ServingStatus.Name
    for service in ["", "users.Users"]:
        try:
            res = stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=timeout)
        except grpc.RpcError as e:
            raise CheckFailed(f"health Check({service!r}): {rpc_error(e)}")
        require(res.status == serving, f"health Check({service!r}): {status_name(res.status)}, expected SERVING")
        ok(f"health Check({service!r}) is SERVING")
    try:
        res = stub.Check(health_pb2.HealthCheckRequest(service="nope"), timeout=timeout)
        raise CheckFailed(f"health Check('nope'): {status_name(res.status)}, expected the call to fail NOT_FOUND")
    except grpc.RpcError as e:
        require(e.code() == grpc.StatusCode.NOT_FOUND, f"health Check('nope'): {rpc_error(e)}, expected NOT_FOUND")
    ok("health Check('nope') is NOT_FOUND")

    watch = stub.Watch(health_pb2.HealthCheckRequest(service="users.Users"), timeout=timeout)
    try:
        first = next(watch)
    except StopIteration:
        raise CheckFailed("health Watch('users.Users'): the stream ended without a status")
    except grpc.RpcError as e:
        raise CheckFailed(f"health Watch('users.Users'): {rpc_error(e)}")
    finally:
        watch.cancel()
    require(first.status == serving, f"health Watch('users.Users'): first {status_name(first.status)}, expected SERVING")
    ok("health Watch('users.Users') is SERVING first")


def run(args):
    check_no_stubs()
    with grpc.insecure_channel(args.addr) as raw_channel:
        try:
            grpc.channel_ready_future(raw_channel).result(timeout=args.timeout)
        except grpc.FutureTimeoutError:
            raise CheckFailed(f"connect: no connection to {args.addr} within {args.timeout:g} s")
        channel = grpc.intercept_channel(raw_channel, _Deadline(args.timeout))
        db = ProtoReflectionDescriptorDatabase(channel)
        check_list_services(db)
        pool = descriptor_pool.DescriptorPool(db)
        method = check_describe(pool)
        check_create_user(channel, method, args.timeout)
        v1alpha = reflection_pb2_grpc.ServerReflectionStub(channel).ServerReflectionInfo
        check_not_found(v1alpha, pool, "v1alpha")
        check_v1(channel)
        check_health(channel, args.timeout)


def main():
    parser = argparse.ArgumentParser(description="Uses a Users server through reflection and health only.")
    parser.add_argument("--addr", default="localhost:3000", help="server address, HOST:PORT")
    parser.add_argument("--timeout", type=float, default=10.0, help="deadline of each call, in seconds")
    args = parser.parse_args()
    try:
        run(args)
    except CheckFailed as e:
        print(f"reflect: FAILED: {e}", file=sys.stderr, flush=True)
        sys.exit(1)
    except KeyboardInterrupt:
        print("reflect: FAILED: interrupted", file=sys.stderr, flush=True)
        sys.exit(1)
    except Exception as e:  # from a library call, e.g. an RPC error while loading descriptors
        if isinstance(e, grpc.RpcError) and hasattr(e, "code"):
            reason = rpc_error(e)
        else:
            reason = f"{type(e).__name__}: {e}"
        reason = " ".join(reason.split())
        print(f"reflect: FAILED: after the last check that passed: {reason}", file=sys.stderr, flush=True)
        sys.exit(1)
    print("reflect: all checks passed", flush=True)


if __name__ == "__main__":
    main()
