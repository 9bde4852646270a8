"""An HTTP proxy for names the world cannot own: `ghcr.io`, and plain-HTTP hosts.

libcurl honours `https_proxy` / `http_proxy` / `no_proxy`, so with `w.proxy.env()` in the
environment the binary reaches `https://ghcr.io/...` through a CONNECT tunnel that this proxy
opens to a local server (`route("ghcr.io:443", w.registry.port)`; the world certificate is valid
for ghcr.io), without the internet. A CONNECT to a host it has no route for is refused (403).

A plain `http://` request (absolute form) never goes anywhere: it is recorded with its headers
and answered 401, so a client that retries with credentials shows them. That makes the proxy
the world's catcher for anything sent over plain HTTP:

    w.proxy.plain          # [(method, url, {header: value})] of plain-HTTP requests
    w.proxy.tunnels        # ["ghcr.io:443", ...] CONNECT targets
"""

from __future__ import annotations

import select
import socket
import socketserver
import threading


class ProxyServer:
    def __init__(self):
        self.routes: dict[str, int] = {}          # "host:port" -> local port on 127.0.0.1
        self.plain: list[tuple[str, str, dict[str, str]]] = []
        self.tunnels: list[str] = []
        self._lock = threading.Lock()
        self._server = _Server(self)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def env(self) -> dict[str, str]:
        """Environment for the binary: public hosts through this proxy, the world's own direct."""
        return {"https_proxy": self.url, "http_proxy": self.url,
                "no_proxy": "127.0.0.1,localhost", "NO_PROXY": None, "HTTPS_PROXY": None}

    def route(self, host_port: str, local_port: int) -> None:
        self.routes[host_port] = local_port

    def clear(self) -> None:
        with self._lock:
            self.plain.clear()
            self.tunnels.clear()

    def start(self) -> "ProxyServer":
        if self._thread is None:
            self._thread = threading.Thread(target=self._server.serve_forever,
                                            kwargs={"poll_interval": 0.05},
                                            name="world-proxy", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, owner: ProxyServer):
        self.owner = owner
        super().__init__(("127.0.0.1", 0), _Handler)


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        owner: ProxyServer = self.server.owner
        line = self.rfile.readline(65536).decode("latin-1").strip()
        headers: dict[str, str] = {}
        while True:
            header = self.rfile.readline(65536).decode("latin-1")
            if header in ("\r\n", "\n", ""):
                break
            name, _, value = header.partition(":")
            headers[name.strip().lower()] = value.strip()
        method, _, rest = line.partition(" ")
        target = rest.rpartition(" ")[0]
        if method != "CONNECT":
            with owner._lock:
                owner.plain.append((method, target, headers))
            body = b'{"message":"Bad credentials"}'
            self.wfile.write(b"HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n"
                             b'WWW-Authenticate: Basic realm="plain"\r\nConnection: close\r\n'
                             b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
            return
        with owner._lock:
            owner.tunnels.append(target)
        port = owner.routes.get(target)
        if port is None:
            self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            return
        upstream = socket.create_connection(("127.0.0.1", port))
        self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        self.wfile.flush()
        _pipe(self.connection, upstream)


def _pipe(a: socket.socket, b: socket.socket) -> None:
    try:
        while True:
            readable, _, _ = select.select([a, b], [], [])
            for src in readable:
                data = src.recv(65536)
                if not data:
                    return
                (b if src is a else a).sendall(data)
    except OSError:
        pass
    finally:
        b.close()
