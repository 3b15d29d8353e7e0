#!/usr/bin/env python3
"""A CreateUser client (Python grpcio) that cancels its call once the first answer arrives.

usage: cancel_client.py --addr HOST:PORT [--timeout SECONDS]

Sends the tutorial's first user and keeps the stream open (no half-close), checks the answer,
then cancels the call. Prints one line: the answer and the call's final code as the client
sees it (CANCELLED). Exits 0 when the answer was right and the call ended CANCELLED, else 1.
"""
import argparse
import queue
import sys

import grpc

import wire


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--addr", required=True)
    parser.add_argument("--timeout", type=float, default=10.0)
    args = parser.parse_args()

    user, (success, errors) = wire.TUTORIAL[0]
    requests = queue.Queue()
    requests.put(wire.encode_user(*user))

    def request_stream():
        # Yields the first user, then blocks: the stream stays open until the call is cancelled.
        while True:
            item = requests.get()
            if item is None:
                return
            yield item

    with grpc.insecure_channel(args.addr) as channel:
        create_user = channel.stream_stream(
            wire.PATH, request_serializer=lambda b: b, response_deserializer=wire.decode_response)
        call = create_user(request_stream(), timeout=args.timeout)
        try:
            first = next(call)
        except grpc.RpcError as e:
            print(f"cancel-client: no answer before the call ended: {e.code().name}: {e.details()}",
                  file=sys.stderr)
            return 1
        call.cancel()
        requests.put(None)
        code = call.code()
    want = (user[0], success, errors)
    print(f"answer {first}, then cancelled: the client sees {code.name}")
    if first != want or code != grpc.StatusCode.CANCELLED:
        print(f"cancel-client: expected answer {want} and CANCELLED", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
