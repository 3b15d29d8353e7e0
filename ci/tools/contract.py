"""The wire contract where gRPC runtimes differ: what users-server does, what grpc-go does
(`go`: ci/interop/go's module, the reference peer; `go-1.33`: Debian's grpc-go 1.33, the
tutorial's era), which of them we match and why. Check 9 of test_faults.py observes the three
servers and holds each to this table, so a newer grpc-go that changes its behaviour fails the
check until the table (and, where wanted, the server) follows.

Outcomes are reduced to a kind by `kind()`: the gRPC status name (prefixed with the HTTP status
when it is not 200, followed by the number of answers when there were any), `RST_STREAM CODE`
when the stream was reset without a status, `connection closed`; a frame the server let pass
is `ignored, then ` and the kind of the well-formed call sent after it.
"""
import re
from dataclasses import dataclass

SERVERS = ("rust", "go", "go-1.33")


@dataclass(frozen=True)
class Expect:
    """One bad_input.py case: each server's outcome kind, and why users-server does what it
    does. `message`, when set, is the start both users-server's and grpc-go's grpc-message
    must have (the wording we copy). `rust_at_random`, when set, is a second kind users-server
    may give instead of `rust`, drawn at random by the C core (see EARLY_REJECTION)."""
    rust: str
    go: str
    go_1_33: str
    why: str
    message: str = ""
    rust_at_random: str = ""

    def of(self, server):
        return {"rust": self.rust, "go": self.go, "go-1.33": self.go_1_33}[server]

    def allows(self, server, got):
        """Whether `got`, an outcome kind, is one this case allows `server`."""
        return got == self.of(server) or (server == "rust" and got == self.rust_at_random != "")


C_CORE = "the C core's own handling (gRPC C++ and Python, on the same core, do the same)"

# The C core rejects headers above its soft limit (8 KiB) and below its hard one at random, with
# a chance that grows linearly from 0 at the soft limit to 1 at the hard limit. The hard limit
# is the header list size the client has acknowledged, so 16 MiB (HTTP/2's default in the core)
# until the client acknowledges the server's SETTINGS: 10,000 small headers (about 410 KB as
# HPACK counts them) are refused about 2% of the time in a first flight, a 1 MB value about 6%.
EARLY_REJECTION = ("; the C core still refuses a few at random (RESOURCE_EXHAUSTED), as its "
                   "random early rejection between the 8 KiB soft limit and the 16 MiB hard "
                   "limit does")

BAD_INPUT = {
    "truncated frame (length 100, 10 bytes sent, END_STREAM)": Expect(
        "OK", "INTERNAL", "INTERNAL",
        "grpc-go fails the call ('unexpected EOF'); the C core ends the stream at END_STREAM and "
        "drops the incomplete message without telling the application, so users-server, which "
        "only sees the end of the requests, answers what came whole and ends OK. " + C_CORE),
    "content-type text/html": Expect(
        "OK, 1 answer", "HTTP 415 INVALID_ARGUMENT", "RST_STREAM PROTOCOL_ERROR",
        "grpc-go 1.85 answers HTTP 415 as the gRPC over HTTP/2 spec asks (1.33 reset the stream); "
        "the C core serves any content-type on a gRPC path. " + C_CORE),
    'grpc-timeout "abc"': Expect(
        "INTERNAL", "HTTP 400 INTERNAL", "RST_STREAM PROTOCOL_ERROR",
        "grpc-go 1.85's status, INTERNAL, though in an HTTP 200 response: the C core's answer "
        "(grpc-go 1.33 reset the stream)"),
    'grpc-timeout "99999999999H"': Expect(
        "OK, 1 answer", "HTTP 400 INTERNAL", "RST_STREAM PROTOCOL_ERROR",
        "grpc-go refuses a timeout of more than 8 digits, as the spec's TimeoutValue says; the "
        "C core reads it as no deadline. " + C_CORE),
    "1 MB header value": Expect(
        "RESOURCE_EXHAUSTED", "OK, 1 answer", "OK, 1 answer",
        "the C core's 16 KiB MAX_HEADER_LIST_SIZE, which users-server advertises and enforces: "
        "grpc-go takes up to 16 MiB of headers per stream, a cheap way to make a server hold "
        "memory (SECURITY.md's HPACK rows)"),
    "1 MB header value, in the connection's first flight": Expect(
        "OK, 1 answer", "OK, 1 answer", "OK, 1 answer",
        "before the client has acknowledged its SETTINGS the C core holds it to HTTP/2's "
        "defaults, which set no header list limit: every server serves the call" + EARLY_REJECTION,
        rust_at_random="RESOURCE_EXHAUSTED"),
    "10,000 small headers": Expect(
        "RESOURCE_EXHAUSTED", "OK, 1 answer", "OK, 1 answer",
        "the same 16 KiB header list limit as the 1 MB value"),
    "10,000 small headers, in the connection's first flight": Expect(
        "OK, 1 answer", "OK, 1 answer", "OK, 1 answer",
        "as for the 1 MB value in the first flight" + EARLY_REJECTION,
        rust_at_random="RESOURCE_EXHAUSTED"),
    "DATA before HEADERS": Expect(
        "ignored, then OK, 1 answer", "ignored, then OK, 1 answer", "ignored, then OK, 1 answer",
        "every server ignores DATA on an idle stream and serves the next call"),
    "compressed flag without grpc-encoding": Expect(
        "INTERNAL", "INTERNAL", "INTERNAL",
        "the status of both grpc-go releases, with the C core's message"),
    "invalid UTF-8 in a string field": Expect(
        "INTERNAL", "INTERNAL", "INTERNAL",
        "grpc-go's status and the start of grpc-go 1.85's message (1.33 had no colon), "
        "written by users-server's handler (server/src/service.rs)",
        message="grpc: failed to unmarshal the received message: "),
    "message of 4 MiB + 1 byte": Expect(
        "RESOURCE_EXHAUSTED", "RESOURCE_EXHAUSTED", "RESOURCE_EXHAUSTED",
        "grpc-go's status and wording, written by the contract crate's decoder (src/limit.rs)",
        message="grpc: received message larger than max (4194305 vs. 4194304)"),
    "unknown method": Expect(
        "UNIMPLEMENTED", "UNIMPLEMENTED", "UNIMPLEMENTED",
        "the status of every gRPC server; the C core sends no message with it"),
    "unknown service": Expect(
        "UNIMPLEMENTED", "UNIMPLEMENTED", "UNIMPLEMENTED",
        "as for an unknown method"),
}

# The server's first SETTINGS frame, as each server sends it with its defaults (a setting left
# out keeps HTTP/2's: unlimited streams, 64 KiB windows, 16 KiB frames, no header list limit),
# and why users-server's differ. users-server's 1024 streams is its --max-concurrent-streams
# default, its 64 KiB window its --stream-window default (server/src/config.rs).
SETTINGS = {
    "rust": {"MAX_CONCURRENT_STREAMS": 1024, "INITIAL_WINDOW_SIZE": 65536,
             "MAX_HEADER_LIST_SIZE": 16384, "GRPC_ALLOW_TRUE_BINARY_METADATA": 1},
    "go": {"MAX_FRAME_SIZE": 16384},
    "go-1.33": {"MAX_FRAME_SIZE": 16384},
}
SETTINGS_WHY = {
    "MAX_CONCURRENT_STREAMS": "users-server's --max-concurrent-streams (1024 by default): a "
                              "client cannot open streams without bound, as it can on grpc-go",
    "INITIAL_WINDOW_SIZE": "users-server's --stream-window (64 KiB by default, fixed, with the C "
                           "core's BDP probes off; left to itself the core announces 4 MiB, and "
                           "a 4 MiB MAX_FRAME_SIZE, from the start); grpc-go starts at 64 KiB "
                           "and grows its windows by BDP probing",
    "MAX_HEADER_LIST_SIZE": "the C core's 16 KiB limit, enforced (see the 1 MB header cases)",
    "GRPC_ALLOW_TRUE_BINARY_METADATA": "a C core extension that other runtimes ignore",
}

# A client pinging every 200ms without data, with and without a stream, against each server
# at its default policy: every one sends GOAWAY ENHANCE_YOUR_CALM "too_many_pings" after two
# strikes (users-server allows a ping every 5 s, grpc-go one every 5 minutes and none without a
# stream; why 5 s: server/src/config.rs, DEFAULT_MIN_PING_INTERVAL).
KEEPALIVE_GOAWAY = 'ENHANCE_YOUR_CALM "too_many_pings"'


def kind(outcome):
    """An outcome line of bad_input.py reduced to its kind (see the module's doc)."""
    if outcome.startswith("ignored"):
        return "ignored, then " + kind(outcome.split(" then: ", 1)[-1])
    http = re.search(r"\bHTTP (\d+)", outcome)
    prefix = f"HTTP {http.group(1)} " if http else ""
    status = re.search(r"grpc-status \d+ ([A-Z_]+)", outcome)
    answers = re.search(r"\b(\d+) answer\(s\)", outcome)
    if status:
        n = int(answers.group(1)) if answers else 0
        return prefix + status.group(1) + (f", {n} answer{'s' * (n != 1)}" if n else "")
    reset = re.search(r"RST_STREAM ([A-Z_]+)", outcome)
    if reset:
        return prefix + "RST_STREAM " + reset.group(1)
    if "connection closed" in outcome:
        return prefix + "connection closed"
    return prefix + outcome


def grpc_message(outcome):
    """The grpc-message of an outcome line ('' when none)."""
    m = re.search(r"grpc-status \d+ [A-Z_]+ (['\"])(.*?)\1(?:,|$)", outcome)
    return m.group(2) if m else ""


def differences(observed):
    """Where the observed outcomes ({server: {case: outcome}}) break the table: one line each."""
    problems = []
    for case, expect in BAD_INPUT.items():
        for server in SERVERS:
            outcome = observed[server].get(case)
            if outcome is None:
                problems.append(f"{server}: no outcome for {case!r}")
                continue
            if not expect.allows(server, kind(outcome)):
                problems.append(f"{server}: {case!r} gave {kind(outcome)!r} ({outcome}), "
                                f"the contract says {expect.of(server)!r}")
            if expect.message and server in ("rust", "go") and \
                    not grpc_message(outcome).startswith(expect.message):
                problems.append(f"{server}: {case!r}: grpc-message {grpc_message(outcome)!r} does "
                                f"not start with {expect.message!r}")
    for case in set(observed["rust"]) - set(BAD_INPUT):
        problems.append(f"{case!r} is not in the contract table")
    return problems
