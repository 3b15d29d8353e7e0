"""A plaintext HTTP/2 client connection (h2 over a TCP socket) for the fault checks: h2
builds the frames (including some a gRPC client would never send) and keeps each stream's
answers; every frame the server sends is also recorded as it came, independently of h2's
state machine, so that the checks can say exactly what the server did."""
import errno
import select
import socket
import time

import h2.config
import h2.connection
import h2.errors
import h2.events
import h2.exceptions
import hpack
import hyperframe.exceptions
import hyperframe.frame

import wire


FRAME_NAMES = {0x0: "DATA", 0x1: "HEADERS", 0x2: "PRIORITY", 0x3: "RST_STREAM", 0x4: "SETTINGS",
               0x5: "PUSH_PROMISE", 0x6: "PING", 0x7: "GOAWAY", 0x8: "WINDOW_UPDATE",
               0x9: "CONTINUATION"}


SETTING_NAMES = {0x1: "HEADER_TABLE_SIZE", 0x2: "ENABLE_PUSH", 0x3: "MAX_CONCURRENT_STREAMS",
                 0x4: "INITIAL_WINDOW_SIZE", 0x5: "MAX_FRAME_SIZE", 0x6: "MAX_HEADER_LIST_SIZE",
                 0x8: "ENABLE_CONNECT_PROTOCOL", 0xfe03: "GRPC_ALLOW_TRUE_BINARY_METADATA"}


def error_name(code):
    """An HTTP/2 error code by name (PROTOCOL_ERROR, CANCEL...), or its number."""
    try:
        return h2.errors.ErrorCodes(code).name
    except ValueError:
        return f"0x{code:x}"


def grpc_headers(authority, extra=(), content_type="application/grpc"):
    """The request headers of a CreateUser call, as a gRPC client sends them."""
    headers = [
        (":method", "POST"),
        (":scheme", "http"),
        (":path", wire.PATH),
        (":authority", authority),
        ("te", "trailers"),
    ]
    if content_type is not None:
        headers.append(("content-type", content_type))
    return headers + list(extra)


class _Connection(h2.connection.H2Connection):
    """h2's connection, except that a frame on a stream the server has already ended is
    dropped, as gRPC's own clients do, instead of failing the whole connection (h2 treats one
    after END_STREAM as a connection error). The frame trace still shows it."""

    def _receive_frame(self, frame):
        try:
            return super()._receive_frame(frame)
        except h2.exceptions.StreamClosedError:
            return []


class Stream:
    """What the server sent on one stream."""

    def __init__(self):
        self.headers = None  # response headers, as a dict of str
        self.trailers = None  # trailers (or the headers of a trailers-only answer)
        self.messages = []  # gRPC messages, deframed
        self.reset = None  # RST_STREAM error code received
        self.ended = False  # END_STREAM received
        self.deframer = wire.Deframer()

    @property
    def done(self):
        return self.ended or self.reset is not None

    def grpc_status(self):
        """The grpc-status and grpc-message the server ended the stream with, or (None, None)."""
        for block in (self.trailers, self.headers):
            if block and "grpc-status" in block:
                return int(block["grpc-status"]), block.get("grpc-message", "")
        return None, None


class Conn:
    """One HTTP/2 connection; `pump` reads the server's frames, files them by stream and adds
    them to the trace (see `frames`)."""

    def __init__(self, host, port, timeout=10.0):
        self.host, self.port = host, port
        self.authority = f"{host}:{port}"
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        config = h2.config.H2Configuration(
            client_side=True,
            header_encoding="utf-8",
            # The checks send headers h2 would refuse or rewrite (bad values, odd names).
            validate_outbound_headers=False,
            normalize_outbound_headers=False,
            validate_inbound_headers=False,
        )
        self.h2 = _Connection(config=config)
        self.writing = False  # send_bytes is writing (see flush)
        # Header values go out as plain literals: hpack's pure-Python Huffman coder takes
        # time quadratic in a value's length (minutes for the 1 MB header of the checks).
        encode = self.h2.encoder.encode
        self.h2.encoder.encode = lambda headers, huffman=False: encode(headers, huffman=False)
        self.h2.initiate_connection()
        self.streams = {}
        self.closed = False  # the server closed the TCP connection
        self.h2_error = None  # h2 refused a frame the server sent (see receive)
        self.trace = []  # (frame type, stream id, detail) received
        self.trace_buf = b""
        self.trace_block = b""  # a header block waiting for its END_HEADERS
        self.trace_decoder = hpack.Decoder(max_header_list_size=1 << 30)
        self.flush()

    # --- sending -----------------------------------------------------------------------------

    def flush(self):
        # While bytes are half written, what h2 queues meanwhile (a PING or SETTINGS
        # acknowledgement for a frame read in between) waits for them: written in the middle
        # of a frame, it would corrupt the connection.
        if self.writing:
            return
        data = self.h2.data_to_send()
        if data:
            self.send_bytes(data)

    def send_bytes(self, data):
        """Writes bytes as they are, reading the server's frames whenever the socket is full
        (a server that stops reading until its frames are read would otherwise deadlock us),
        then what h2 queued meanwhile."""
        view = memoryview(data)
        self.writing = True
        try:
            while view:
                try:
                    _, writable, _ = select.select([], [self.sock], [], 10.0)
                    if not writable:
                        raise TimeoutError("the server did not read for 10 s")
                    sent = self.sock.send(view[:65536], socket.MSG_DONTWAIT)
                    view = view[sent:]
                except BlockingIOError:
                    pass
                except (BrokenPipeError, ConnectionResetError):
                    self.closed = True
                    return
                if view:
                    self.pump(0)
        finally:
            self.writing = False
        if not self.closed:
            self.flush()

    def open(self, headers, end_stream=False, sid=None):
        """Opens a stream with HEADERS (on the next stream id unless given); returns its id."""
        sid = sid or self.h2.get_next_available_stream_id()
        self.streams[sid] = Stream()
        self.h2.send_headers(sid, headers, end_stream=end_stream)
        return sid

    def send_data(self, sid, data, end_stream=False):
        """Sends DATA on a stream within the flow-control windows, waiting for them to open."""
        view = memoryview(data)
        while True:
            window = min(self.h2.local_flow_control_window(sid), self.h2.max_outbound_frame_size)
            if window <= 0 and view:
                self.flush()
                self.pump(1.0)
                if self.closed or self.streams[sid].done:
                    return
                continue
            chunk, view = view[:window], view[window:]
            self.h2.send_data(sid, bytes(chunk), end_stream=end_stream and not view)
            if not view:
                break
        self.flush()

    # --- receiving ---------------------------------------------------------------------------

    def pump(self, timeout):
        """Reads what the server sent within `timeout` seconds (0: only what is there now)."""
        deadline = time.monotonic() + timeout
        while not self.closed:
            wait = max(0.0, deadline - time.monotonic())
            readable, _, _ = select.select([self.sock], [], [], wait)
            if not readable:
                return
            try:
                data = self.sock.recv(1 << 20)
            except OSError as e:
                if e.errno in (errno.ECONNRESET, errno.EPIPE):
                    self.closed = True
                    return
                raise
            if not data:
                self.closed = True
                return
            self.receive(data)

    def receive(self, data):
        self.trace_frames(data)
        if self.h2_error is not None:
            return
        try:
            events = self.h2.receive_data(data)
        except h2.exceptions.ProtocolError as e:
            # A frame h2 finds against the protocol (HEADERS on a reset stream, say): h2 stops
            # here, the trace goes on until the server closes the connection.
            self.h2_error = f"{type(e).__name__}: {e}"
            return
        for event in events:
            self.handle(event)
        self.flush()

    def trace_frames(self, data):
        """Records every frame received as (type, stream id, detail), independently of h2's
        state machine: a header block (HEADERS and its CONTINUATIONs) as one HEADERS entry
        whose detail holds its status fields, RST_STREAM and GOAWAY with their error code, a
        SETTINGS frame (not an ACK) with its settings by name."""
        self.trace_buf += data
        while len(self.trace_buf) >= 9:
            try:
                frame, length = hyperframe.frame.Frame.parse_frame_header(
                    memoryview(self.trace_buf[:9]))
            except hyperframe.exceptions.HyperframeError as e:
                self.trace.append(("unparsable", 0, str(e)))
                self.trace_buf = b""
                return
            if len(self.trace_buf) < 9 + length:
                return
            body, self.trace_buf = self.trace_buf[9:9 + length], self.trace_buf[9 + length:]
            detail = ""
            if isinstance(frame, (hyperframe.frame.HeadersFrame, hyperframe.frame.ContinuationFrame)):
                frame.parse_body(memoryview(body))
                self.trace_block += frame.data
                if "END_HEADERS" not in frame.flags:
                    continue
                block, self.trace_block = self.trace_block, b""
                try:
                    fields = self.trace_decoder.decode(block, raw=False)
                except Exception as e:  # the trace must not stop on what h2 would reject
                    fields = [("undecodable", str(e))]
                detail = {k: v for k, v in fields if k in (":status", "grpc-status", "grpc-message")}
                self.trace.append((0x1, frame.stream_id, detail))
                continue
            if isinstance(frame, hyperframe.frame.SettingsFrame) and "ACK" not in frame.flags:
                frame.parse_body(memoryview(body))
                detail = {SETTING_NAMES.get(k, f"0x{k:x}"): v for k, v in frame.settings.items()}
            if isinstance(frame, (hyperframe.frame.RstStreamFrame, hyperframe.frame.GoAwayFrame)):
                frame.parse_body(memoryview(body))
                detail = error_name(frame.error_code)
                if isinstance(frame, hyperframe.frame.GoAwayFrame) and frame.additional_data:
                    detail += " " + repr(frame.additional_data.decode("utf-8", "replace"))
            self.trace.append((frame.type, frame.stream_id, detail))

    def frames(self, sid=None):
        """The traced frames (of stream `sid` only, when given) as (NAME, DETAIL): DETAIL is
        the error code for RST_STREAM and GOAWAY, the status fields of a header block, the
        settings of a SETTINGS frame."""
        return [(FRAME_NAMES.get(t, str(t)), d) for t, s, d in self.trace
                if sid is None or s == sid]

    def handle(self, event):
        stream = self.streams.get(getattr(event, "stream_id", None) or 0)
        if isinstance(event, h2.events.ResponseReceived) and stream:
            stream.headers = dict(event.headers)
        elif isinstance(event, h2.events.TrailersReceived) and stream:
            stream.trailers = dict(event.headers)
        elif isinstance(event, h2.events.DataReceived):
            if event.flow_controlled_length:
                try:
                    self.h2.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                except h2.exceptions.StreamClosedError:
                    pass
            if stream:
                stream.messages.extend(stream.deframer.feed(event.data))
        elif isinstance(event, h2.events.StreamEnded) and stream:
            stream.ended = True
        elif isinstance(event, h2.events.StreamReset) and stream:
            stream.reset = event.error_code

    def wait(self, predicate, timeout):
        """Pumps until predicate() is true or `timeout` seconds pass; returns predicate()."""
        deadline = time.monotonic() + timeout
        while not predicate():
            left = deadline - time.monotonic()
            if left <= 0 or self.closed:
                break
            self.pump(min(left, 0.2))
        return predicate()

    def close(self):
        try:
            self.h2.close_connection()
            self.flush()
        except Exception:  # the server may have gone already
            pass
        self.sock.close()
