"""The users.Users messages and gRPC's message framing, written out by hand.

The fault checks send bytes no gRPC runtime would (a truncated frame, a compressed flag
without an encoding), so they build User messages and length-prefixed frames themselves
instead of going through generated stubs. Only what users.proto declares is handled:

    message User { string id = 1; string name = 2; string last_name = 3; int32 age = 4; }
    message CreateUserRes { string user_id = 1; bool success = 2; repeated string errors = 3; }
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden  # noqa: E402  (golden.py, beside this file: the users and answers of testdata/)

PATH = "/users.Users/CreateUser"


def _as_tuple(user):
    return (user["id"], user["name"], user["last_name"], user["age"])


# The tutorial's five users and their answers: (id, name, last_name, age) -> (success, errors).
TUTORIAL = [
    (_as_tuple(user), (answer["success"], answer["errors"]))
    for user, answer in zip(golden.tutorial_users(), golden.tutorial_answers())
]


def _varint(n):
    n &= (1 << 64) - 1  # negative int32 values go out as 10-byte varints, as protobuf does
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _read_varint(buf, pos):
    shift = value = 0
    while True:
        if pos >= len(buf):
            raise ValueError("truncated varint")
        b = buf[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if not b & 0x80:
            return value, pos
        shift += 7
        if shift > 63:
            raise ValueError("varint too long")


def _string_field(number, text):
    data = text.encode("utf-8")
    return _varint(number << 3 | 2) + _varint(len(data)) + data


def encode_user(user_id, name, last_name, age):
    """A User message (proto3: fields at their default value are left out)."""
    out = b""
    for number, text in ((1, user_id), (2, name), (3, last_name)):
        if text:
            out += _string_field(number, text)
    if age:
        out += _varint(4 << 3 | 0) + _varint(age)
    return out


def generated_user(i):
    """Generated user i as (id, name, last_name, age), as the load tools send it."""
    return _as_tuple(golden.generated_user(i))


def generated_answer(i):
    """The answer to generated user i as (user_id, success, errors)."""
    answer = golden.generated_answer(i)
    return (answer["user_id"], answer["success"], answer["errors"])


def decode_response(data):
    """A CreateUserRes message as (user_id, success, errors)."""
    user_id, success, errors = "", False, []
    pos = 0
    while pos < len(data):
        key, pos = _read_varint(data, pos)
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            value, pos = _read_varint(data, pos)
            if number == 2:
                success = bool(value)
        elif wire_type == 2:
            length, pos = _read_varint(data, pos)
            value = data[pos:pos + length].decode("utf-8")
            pos += length
            if number == 1:
                user_id = value
            elif number == 3:
                errors.append(value)
        else:
            raise ValueError(f"unexpected wire type {wire_type} in CreateUserRes")
    return (user_id, success, errors)


def frame(message, compressed=False, declared_length=None):
    """A gRPC length-prefixed message: flag byte, 4-byte big-endian length, the bytes."""
    length = len(message) if declared_length is None else declared_length
    return struct.pack(">BI", 1 if compressed else 0, length) + message


class Deframer:
    """Splits a byte stream of length-prefixed messages; feed() returns the complete ones."""

    def __init__(self):
        self.buf = b""

    def feed(self, data):
        self.buf += data
        out = []
        while len(self.buf) >= 5:
            flag, length = struct.unpack(">BI", self.buf[:5])
            if len(self.buf) < 5 + length:
                break
            if flag:
                raise ValueError("compressed response (the checks do not ask for compression)")
            out.append(self.buf[5:5 + length])
            self.buf = self.buf[5 + length:]
        return out
