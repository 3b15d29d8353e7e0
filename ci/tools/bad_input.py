#!/usr/bin/env python3
"""Sends malformed CreateUser calls over raw HTTP/2 (h2) and records how the server answers
each, while well-formed streams stay open beside them.

usage: bad_input.py --addr HOST:PORT [--wait SECONDS] [--json FILE]

Each case runs on a connection of its own. On it, a neighbour stream first sends one user
and reads its answer (so the SETTINGS have been exchanged), then the case is sent; after the
server's answer, the neighbour sends a second user, half-closes and must end OK, unless the
server ended the whole connection. Two cases are also sent in a connection's first flight,
before the server's SETTINGS are acknowledged, with no neighbour. A witness stream on its
own connection answers one user before the first case and one after the last, and must then
end OK. Prints one line per case:

    CASE  ->  OUTCOME  [other stream on the connection: FATE]

where OUTCOME lists what the server sent, in order: the HTTP status when it is not 200,
grpc-status and grpc-message, the answers, RST_STREAM with its error code, then GOAWAY with
its error code and debug data, and whether the server closed the connection. With --json,
writes the cases and outcomes to FILE. Exits 1 when the witness or a neighbour stream failed
while its connection stayed up, when a case got no answer at all within --wait seconds, or
when the server could not be connected to.
"""
import argparse
import json
import sys
import time

import hyperframe.frame

import wire
from h2conn import Conn, grpc_headers

GRPC_CODES = ["OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
              "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
              "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
              "UNAUTHENTICATED"]

USER = wire.encode_user(*wire.TUTORIAL[0][0])

# How long a case whose frame the server may ignore waits for a reaction before going on.
IGNORED_WAIT = 2.0


def shorten(text, limit=100):
    return text if len(text) <= limit else text[:limit - 3] + "..."


def describe(conn, sid):
    """What the server sent on stream `sid` of `conn`, and to the connection, in one line, in
    the order it came: HTTP status when not 200, grpc-status, the answers, RST_STREAM and
    GOAWAY with their codes, a closed connection. None when the server sent nothing yet."""
    parts, answers = [], 0
    stream = conn.streams.get(sid)
    for name, detail in conn.frames(sid):
        if name == "HEADERS":
            status = detail.get(":status")
            if status and status != "200":
                parts.append(f"HTTP {status}")
            if "grpc-status" in detail:
                if answers:
                    parts.append(f"{answers} answer(s)")
                    answers = 0
                code = int(detail["grpc-status"])
                text = f"grpc-status {code} {GRPC_CODES[code] if 0 <= code < len(GRPC_CODES) else '?'}"
                if detail.get("grpc-message"):
                    text += f" {shorten(detail['grpc-message'])!r}"
                parts.append(text)
        elif name == "DATA":
            answers = len(stream.messages) if stream and conn.h2_error is None else answers + 1
        elif name == "RST_STREAM":
            parts.append(f"RST_STREAM {detail}")
    if answers:
        parts.append(f"{answers} answer(s)")
    parts += [f"GOAWAY {detail}" for name, detail in conn.frames() if name == "GOAWAY"]
    if conn.closed:
        parts.append("connection closed")
    return ", ".join(parts) or None


def settled(conn, sid):
    """The server ended the stream (END_STREAM or RST_STREAM) or the connection."""
    ended = any(name == "RST_STREAM" or (name == "HEADERS" and "grpc-status" in detail)
                for name, detail in conn.frames(sid))
    return ended or conn.closed or any(name == "GOAWAY" for name, _ in conn.frames())


def settle(conn, sid, wait):
    conn.wait(lambda: settled(conn, sid), wait)
    # Whatever follows the end of the stream (a GOAWAY, a close, more frames on it).
    conn.pump(0.3)


def connection_over(conn):
    return conn.closed or any(name == "GOAWAY" for name, _ in conn.frames())


class Neighbour:
    """A well-formed stream on the case's own connection: answered once before the case,
    then sent a second user and half-closed after it."""

    def __init__(self, conn, wait):
        self.conn = conn
        self.sid = conn.open(grpc_headers(conn.authority))
        conn.send_data(self.sid, wire.frame(wire.encode_user(*wire.generated_user(0))))
        self.stream = conn.streams[self.sid]
        conn.wait(lambda: self.stream.messages or settled(conn, self.sid), wait)

    def finish(self, wait):
        """(fine, text): how the neighbour stream ended."""
        conn = self.conn
        if connection_over(conn):
            return True, "ended with the connection"
        if not settled(conn, self.sid):
            conn.send_data(self.sid, wire.frame(wire.encode_user(*wire.generated_user(1))),
                           end_stream=True)
            conn.wait(lambda: settled(conn, self.sid), wait)
        got = [wire.decode_response(m) for m in self.stream.messages]
        want = [wire.generated_answer(i) for i in range(2)]
        code, _ = self.stream.grpc_status()
        if got == want and code == 0:
            return True, "OK"
        if connection_over(conn):
            return True, "ended with the connection"
        return False, describe(conn, self.sid) or f"no end within {wait:g} s"


def run_case(addr, case, wait):
    """Runs one case on a connection of its own. Unless the case is sent in the connection's
    first flight, a neighbour stream is opened (and the SETTINGS exchanged) first. Returns
    (outcome, neighbour's fate or None, neighbour fine, seconds)."""
    host, port = addr.rsplit(":", 1)
    conn = Conn(host, int(port))
    started = time.monotonic()
    try:
        neighbour = None if case.first_flight else Neighbour(conn, wait)
        sid, follow_up = case.send(conn)
        conn.flush()
        settle(conn, sid, case.wait or wait)
        outcome = describe(conn, sid)
        if follow_up:
            outcome = follow_up(conn, outcome, wait)
        fine, fate = neighbour.finish(wait) if neighbour else (True, None)
    finally:
        conn.close()
    return outcome, fate, fine, time.monotonic() - started


class Case:
    def __init__(self, name, send, first_flight=False, wait=None):
        self.name, self.send, self.first_flight, self.wait = name, send, first_flight, wait


def call(headers_extra=(), content_type="application/grpc", body=None, path=None):
    """A CreateUser call (or a call of another `path`) with extra headers (or another
    content-type) sending `body` (one well-formed user by default) and half-closing."""
    def send(conn):
        headers = grpc_headers(conn.authority, headers_extra, content_type=content_type)
        if path is not None:
            headers = [(k, path if k == ":path" else v) for k, v in headers]
        sid = conn.open(headers)
        conn.send_data(sid, wire.frame(USER) if body is None else body, end_stream=True)
        return sid, None
    return send


def data_before_headers(conn):
    # h2 will not send DATA on a stream it has not opened: the frame is written by hand, on
    # the next unused stream id. When the server lets it pass, a well-formed call on the id
    # after it shows whether the connection still serves.
    sid = conn.h2.highest_outbound_stream_id + 2 if conn.h2.highest_outbound_stream_id else 1
    frame = hyperframe.frame.DataFrame(sid)
    frame.data = wire.frame(USER)
    frame.flags.add("END_STREAM")
    conn.flush()
    conn.send_bytes(frame.serialize())

    def follow_up(conn, outcome, wait):
        if outcome is not None or conn.h2_error is not None:
            return outcome or f"nothing on stream {sid}; h2 refused a frame ({conn.h2_error})"
        nxt = conn.open(grpc_headers(conn.authority), sid=sid + 2)
        conn.send_data(nxt, wire.frame(USER), end_stream=True)
        settle(conn, nxt, wait)
        return (f"ignored (nothing on stream {sid} within {IGNORED_WAIT:g} s); a call on stream "
                f"{nxt} then: {describe(conn, nxt) or f'no answer within {wait:g} s'}")

    return sid, follow_up


MB = 1 << 20
MANY = [(f"x-h-{i}", "v") for i in range(10000)]
# A User whose id is "1" and whose name is two bytes that are not UTF-8 (proto3 strings must be).
BAD_UTF8_USER = b"\x0a\x011" + b"\x12\x02\xff\xfe"
# A User one byte over the 4 MiB every gRPC runtime accepts by default.
OVERSIZED_USER = wire.encode_user("1", "a" * (4 * MB - 16), "Smith", 30)
assert len(OVERSIZED_USER) == 4 * MB + 1
CASES = [
    Case("truncated frame (length 100, 10 bytes sent, END_STREAM)",
         call(body=wire.frame(b"\x0a" + b"x" * 9, declared_length=100))),
    Case("content-type text/html", call(content_type="text/html")),
    Case("grpc-timeout \"abc\"", call([("grpc-timeout", "abc")])),
    Case("grpc-timeout \"99999999999H\"", call([("grpc-timeout", "99999999999H")])),
    Case("1 MB header value", call([("x-huge", "a" * MB)])),
    Case("1 MB header value, in the connection's first flight", call([("x-huge", "a" * MB)]),
         first_flight=True),
    Case("10,000 small headers", call(MANY)),
    Case("10,000 small headers, in the connection's first flight", call(MANY), first_flight=True),
    Case("DATA before HEADERS", data_before_headers, wait=IGNORED_WAIT),
    Case("compressed flag without grpc-encoding", call(body=wire.frame(USER, compressed=True))),
    Case("invalid UTF-8 in a string field", call(body=wire.frame(BAD_UTF8_USER))),
    Case("message of 4 MiB + 1 byte", call(body=wire.frame(OVERSIZED_USER))),
    Case("unknown method", call(path="/users.Users/Nope")),
    Case("unknown service", call(path="/users.Nope/CreateUser")),
]


class Witness:
    """A well-formed stream held open on a connection of its own across all the cases."""

    def __init__(self, addr, wait):
        host, port = addr.rsplit(":", 1)
        self.neighbour = Neighbour(Conn(host, int(port)), wait)

    def answered(self):
        return len(self.neighbour.stream.messages) == 1

    def finish(self, wait):
        fine, fate = self.neighbour.finish(wait)
        self.neighbour.conn.close()
        return fate if fine and fate == "OK" else f"the witness stream: {fate}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--addr", required=True)
    parser.add_argument("--wait", type=float, default=5.0)
    parser.add_argument("--json")
    args = parser.parse_args()

    witness = Witness(args.addr, args.wait)
    if not witness.answered():
        print(f"bad-input: the witness stream got no answer to its first user: "
              f"{describe(witness.neighbour.conn, witness.neighbour.sid)}", file=sys.stderr)
        return 1

    results, failures = [], []
    width = max(len(case.name) for case in CASES)
    for case in CASES:
        fate, fine, took = None, True, 0.0
        try:
            outcome, fate, fine, took = run_case(args.addr, case, args.wait)
        except OSError as e:
            outcome = None
            failures.append(f"{case.name}: {type(e).__name__}: {e}")
        if outcome is None:
            outcome = f"no answer within {case.wait or args.wait:g} s"
            failures.append(f"{case.name}: {outcome}")
        if not fine:
            failures.append(f"{case.name}: the other stream on its connection: {fate}")
        results.append({"case": case.name, "outcome": outcome, "other_stream": fate,
                        "seconds": round(took, 3)})
        other = f"  [other stream on the connection: {fate}]" if fate else ""
        print(f"  {case.name:<{width}}  ->  {outcome}{other}", flush=True)

    fate = witness.finish(args.wait)
    if fate != "OK":
        failures.append(fate)
    print(f"  {'witness stream on its own connection, open throughout':<{width}}  ->  {fate}",
          flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1)
    for failure in failures:
        print(f"bad-input: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
