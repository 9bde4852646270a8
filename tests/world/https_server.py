"""The HTTPS plumbing every world server shares: TLS, HTTP/1.1 keep-alive, recording, faults.

A protocol (Kubernetes, GitHub, ...) is a `Service` with one method, `handle(Request) ->
Response`; `HttpsServer` runs it on 127.0.0.1 on an ephemeral port. The listening socket is
bound in the constructor, so the server accepts connections as soon as it exists: nothing
needs to wait for readiness.
"""

from __future__ import annotations

import base64
import json
import socket
import ssl
import struct
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from . import faults as faultlib
from .recorder import Headers, Recorded, Recorder
from .tls import Certificates


@dataclass
class Request:
    method: str
    raw_path: str                    # as sent, still percent-encoded, no query
    query: dict[str, list[str]]
    headers: Headers
    body: bytes
    peer_cert: dict | None           # verified client certificate (ssl.getpeercert()), if any
    identity: str | None = None      # set by the service once it has authenticated the caller
    tags: dict[str, Any] = field(default_factory=dict)  # service notes for the recorder

    @property
    def path(self) -> str:
        return unquote(self.raw_path)

    @property
    def segments(self) -> list[str]:
        """Path segments, each percent-decoded on its own (so %2F stays inside a segment)."""
        return [unquote(s) for s in self.raw_path.strip("/").split("/") if s]

    def param(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    stream: Any = None   # a chunked body instead: stream(write) writes it, see _write_stream

    @classmethod
    def json(cls, status: int, obj: Any, headers: list[tuple[str, str]] | None = None,
             content_type: str = "application/json") -> "Response":
        body = json.dumps(obj, separators=(",", ":")).encode()
        return cls(status, body, [("Content-Type", content_type), *(headers or [])])

    @classmethod
    def text(cls, status: int, text: str, content_type: str = "text/plain; charset=utf-8",
             headers: list[tuple[str, str]] | None = None) -> "Response":
        return cls(status, text.encode(), [("Content-Type", content_type), *(headers or [])])


class ResetConnection(Exception):
    """Raised by a service to drop the connection without answering."""


class Service(Protocol):
    name: str

    def handle(self, request: Request) -> Response: ...


class HttpsServer:
    """Serves one Service over HTTPS on 127.0.0.1:<ephemeral>."""

    def __init__(self, service: Service, certs: Certificates, *, client_auth: bool = False,
                 tls: str = "valid", recorder: Recorder | None = None,
                 faults: faultlib.Faults | None = None):
        self.service = service
        self.certs = certs
        self.client_auth = client_auth
        self.recorder = recorder or Recorder()
        self.faults = faults or faultlib.Faults()
        self.tls_failures: list[str] = []       # handshakes that failed (wrong CA, expired, ...)
        self.tls_variant = tls
        self._ssl_context = self._make_context(tls)
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._conn_lock = threading.Lock()
        self._httpd = _TLSHTTPServer(self)
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def start(self) -> "HttpsServer":
        if self._thread is None:
            self._thread = threading.Thread(target=self._httpd.serve_forever,
                                            kwargs={"poll_interval": 0.05},
                                            name=f"world-{self.service.name}", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()                     # wakes handlers sleeping in delays
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()
        with self._conn_lock:                    # idle keep-alive connections
            connections = list(self._connections)
        for conn in connections:
            _hard_close(conn)

    def set_tls(self, variant: str) -> None:
        """Present another server certificate to new connections (see Certificates)."""
        self._ssl_context = self._make_context(variant)
        self.tls_variant = variant

    def _make_context(self, variant: str) -> ssl.SSLContext:
        pair = self.certs.server_pair(variant)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(pair.cert, pair.key)
        # Real API servers offer h2; we speak HTTP/1.1 only and say so, so clients don't try h2.
        ctx.set_alpn_protocols(["http/1.1"])
        if self.client_auth:
            # Request a client certificate but do not require one (like the apiserver). Both
            # CAs are trusted at the TLS layer so a foreign certificate reaches the
            # authenticator, which rejects it with a 401, as the apiserver does.
            ctx.verify_mode = ssl.CERT_OPTIONAL
            ctx.load_verify_locations(self.certs.ca.cert)
            ctx.load_verify_locations(self.certs.other_ca.cert)
        return ctx

    def sleep(self, ms: float, interrupt: threading.Event | None = None) -> bool:
        """Sleep that ends early when the server stops or `interrupt` is set; True when it
        slept the whole time."""
        deadline = time.monotonic() + ms / 1000.0
        while not self._stopping.is_set() and not (interrupt and interrupt.is_set()):
            left = deadline - time.monotonic()
            if left <= 0:
                return True
            self._stopping.wait(min(left, 0.05))
        return False


class _TLSHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False        # idle keep-alive threads must not delay stop()
    request_queue_size = 128

    def __init__(self, owner: HttpsServer):
        self.owner = owner
        super().__init__(("127.0.0.1", 0), _Handler)

    def get_request(self):
        sock, addr = self.socket.accept()
        # The handshake runs in the handler thread, so a slow or broken client cannot stall
        # the accept loop.
        tls_sock = self.owner._ssl_context.wrap_socket(sock, server_side=True,
                                                       do_handshake_on_connect=False)
        return tls_sock, addr

    def process_request(self, request, client_address):
        with self.owner._conn_lock:
            self.owner._connections.add(request)
        super().process_request(request, client_address)

    def finish_request(self, request, client_address):
        try:
            request.settimeout(10)
            request.do_handshake()
            request.settimeout(None)
        except (ssl.SSLError, OSError) as exc:
            self.owner.tls_failures.append(str(exc))
            return
        super().finish_request(request, client_address)

    def shutdown_request(self, request):
        with self.owner._conn_lock:
            self.owner._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request, client_address):
        pass  # clients hanging up mid-answer are normal in fault tests; stay quiet


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; without TCP_NODELAY, Nagle's algorithm and
    # the client's delayed ACK add ~40 ms to every answer.
    disable_nagle_algorithm = True
    server: _TLSHTTPServer

    # One method for every verb; the service does the routing.
    def do_GET(self): self._dispatch()
    def do_HEAD(self): self._dispatch()
    def do_POST(self): self._dispatch()
    def do_PUT(self): self._dispatch()
    def do_PATCH(self): self._dispatch()
    def do_DELETE(self): self._dispatch()

    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        pass

    def version_string(self) -> str:
        return f"preview-test-world/{self.server.owner.service.name}"

    def finish(self):
        try:
            super().finish()
        except OSError:
            pass

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _dispatch(self) -> None:
        owner = self.server.owner
        started = time.time()
        split = urlsplit(self.path)
        request = Request(
            method=self.command,
            raw_path=split.path or "/",
            query=parse_qs(split.query, keep_blank_values=True),
            headers=Headers(self.headers.items()),
            body=self._read_body(),
            peer_cert=self.connection.getpeercert() or None,
        )
        record = Recorded(server=owner.service.name, method=request.method, path=request.path,
                          query=request.query, headers=request.headers, body=request.body,
                          identity=None, time=started, raw_path=request.raw_path,
                          tags=request.tags)
        try:
            response = self._answer(owner, request, record)
        finally:
            record.identity = request.identity
            owner.recorder.add(record)
        if response is not None:
            self._write(response)

    def _answer(self, owner: HttpsServer, request: Request, record: Recorded) -> Response | None:
        if owner.faults.latency_ms:
            owner.sleep(owner.faults.latency_ms)
        cleared = owner.faults.cleared
        action = owner.faults.pick(request.method, request.path)
        if action is not None:
            record.fault = action.name
            if action.kind == "reset":
                self._reset()
                return None
            if action.kind == "cut_off":
                record.status = action.status
                self._cut_off(action)
                return None
            if action.kind == "stall":
                if request.method == "HEAD":    # headers would be a complete answer: say nothing
                    owner.sleep(action.delay_ms, cleared)
                    self._reset()
                    return None
                record.status = action.status
                self._cut_off(action, stall_ms=action.delay_ms, interrupt=cleared)
                return None
            if action.kind == "respond":
                record.status = action.status
                return Response(action.status, action.body, list(action.headers))
            if action.kind == "endless":
                record.status = action.status
                body = action.body.replace(b"{n}", str(owner.faults.hits).encode())
                return Response(action.status, body, list(action.headers))
            if action.kind == "echo":
                record.status = action.status
                body = action.body.replace(b"{authorization}", _echoed_credentials(request))
                return Response(action.status, body, list(action.headers))
            if action.kind == "delay":              # then answer normally
                if not owner.sleep(action.delay_ms, cleared):
                    self._reset()                   # cleared or stopping: never answer late
                    return None
        try:
            response = owner.service.handle(request)
        except ResetConnection:
            self._reset()
            return None
        except Exception:  # a bug in the world itself: say so loudly, answer 500
            trace = traceback.format_exc()
            sys.stderr.write(f"test world {owner.service.name}: error handling "
                             f"{request.method} {request.raw_path}\n{trace}")
            response = Response.text(500, f"test world error\n{trace}")
        if action is not None and action.kind == "relabel":
            kept = [(k, v) for k, v in response.headers if k.lower() != "content-type"]
            response = Response(response.status, response.body, kept + list(action.headers))
        record.status = response.status
        return response

    def _send_head(self, status: int, headers, framing: tuple[str, str]) -> None:
        """The status line, the headers and `framing` (how the body's end is told)."""
        self.send_response(status)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header(*framing)
        self.end_headers()

    def _write(self, response: Response) -> None:
        if response.stream is not None:
            return self._write_stream(response)
        try:
            self._send_head(response.status, response.headers,
                            ("Content-Length", str(len(response.body))))
            if self.command != "HEAD":
                self.wfile.write(response.body)
            self.wfile.flush()
        except OSError:
            self.close_connection = True

    def _write_stream(self, response: Response) -> None:
        """A chunked body written as it comes (watch events); a writer that raises
        ConnectionResetError drops the connection mid-stream."""
        def write(data: bytes) -> None:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()
        try:
            self._send_head(response.status, response.headers, ("Transfer-Encoding", "chunked"))
            self.wfile.flush()
            response.stream(write)
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except ConnectionResetError:
            self._reset()
        except OSError:
            self.close_connection = True

    def _cut_off(self, action: faultlib.Action, stall_ms: int = 0,
                 interrupt: threading.Event | None = None) -> None:
        try:
            self._send_head(action.status, action.headers,
                            ("Content-Length", str(len(action.body))))
            self.wfile.write(action.body[: int(len(action.body) * action.send_fraction)])
            self.wfile.flush()
        except OSError:
            pass
        if stall_ms:
            self.server.owner.sleep(stall_ms, interrupt)
        self._reset()

    def _reset(self) -> None:
        self.close_connection = True
        _hard_close(self.connection)


def _echoed_credentials(request: Request) -> bytes:
    """The Authorization header as received, plus the decoded user:password of Basic auth."""
    value = request.headers.get("Authorization") or "(no Authorization header)"
    scheme, _, credentials = value.partition(" ")
    if scheme.lower() == "basic":
        try:
            value += " (" + base64.b64decode(credentials).decode() + ")"
        except ValueError:
            pass
    return value.encode()


def _hard_close(sock: socket.socket) -> None:
    """Close with an RST instead of a FIN, like a crashed proxy."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass


class ServedOverHttps:
    """What every test-world service exposes about its HttpsServer (`self.http`): where it
    listens, what it recorded, how to make it misbehave, and its lifecycle."""

    http: HttpsServer

    @property
    def port(self) -> int:
        return self.http.port

    @property
    def host(self) -> str:
        return self.http.host

    @property
    def url(self) -> str:
        return self.http.url

    @property
    def recorder(self):
        return self.http.recorder

    @property
    def faults(self):
        return self.http.faults

    def start(self):
        self.http.start()
        return self

    def stop(self) -> None:
        self.http.stop()
