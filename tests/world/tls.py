"""Certificates for the test world, made with the openssl CLI (the stdlib cannot mint them).

One `Certificates` set per process is enough: minting takes ~0.1 s, and every server of every
World in the process can share it. EC P-256 keys keep it fast.

Besides the normal CA + server + client certificates there are deliberately broken ones for
fault tests: a second, unrelated CA; a server certificate signed by it; an expired server
certificate (validity ended in 2020); a not-yet-valid one (validity starts in 2099); and one for
the wrong host name.
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

CA_NAME = "preview-world-ca"
OTHER_CA_NAME = "preview-world-other-ca"

# `openssl req` insists on a config with a distinguished_name section; ours is empty so that
# nothing from the system openssl.cnf (extensions, prompts) leaks into the certificates.
_REQ_CONFIG = "[req]\ndistinguished_name = dn\n[dn]\n"

# `openssl ca` is the only CLI path (openssl 3.0) that accepts explicit validity dates (needed for
# the expired and not-yet-valid certificates: `req -days` refuses non-positive values).
_CA_CONFIG = """[ca]
default_ca = ca_default
[ca_default]
database = index.txt
new_certs_dir = .
rand_serial = yes
default_md = sha256
policy = policy_any
copy_extensions = copy
unique_subject = no
[policy_any]
commonName = supplied
"""

_EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
_SERVER_EXT = ["-addext", "basicConstraints=critical,CA:FALSE",
               "-addext", "keyUsage=critical,digitalSignature",
               "-addext", "extendedKeyUsage=serverAuth"]
_CLIENT_EXT = ["-addext", "basicConstraints=critical,CA:FALSE",
               "-addext", "keyUsage=critical,digitalSignature",
               "-addext", "extendedKeyUsage=clientAuth"]


@dataclass(frozen=True)
class KeyPair:
    """A certificate and its private key, both PEM files."""

    cert: Path
    key: Path

    def cert_pem(self) -> str:
        return self.cert.read_text()

    def key_pem(self) -> str:
        return self.key.read_text()


class Certificates:
    """Every certificate a world needs, minted into `directory`."""

    SERVER_VARIANTS = ("valid", "expired", "not_yet_valid", "wrong_host", "other_ca")

    def __init__(self, directory: Path):
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        (self.dir / "req.cnf").write_text(_REQ_CONFIG)
        (self.dir / "ca.cnf").write_text(_CA_CONFIG)
        (self.dir / "index.txt").write_text("")
        self._lock = threading.Lock()
        self._clients: dict[tuple[str, tuple[str, ...]], KeyPair] = {}

        self.ca = self._make_ca("ca", CA_NAME)
        self.other_ca = self._make_ca("other-ca", OTHER_CA_NAME)
        # ghcr.io and the real preview hosts too: the proxy (proxy_server.py) tunnels them to
        # the world's registry and app server.
        self.server = self._make_leaf("server", "127.0.0.1", self.ca,
                                      "IP:127.0.0.1,DNS:localhost,DNS:ghcr.io,"
                                      "DNS:*.homerun2-dev.sthings-vsphere.labul.sva.de",
                                      _SERVER_EXT)
        self.wrong_host_server = self._make_leaf("wrong-host", "wrong.example.invalid", self.ca,
                                                 "DNS:wrong.example.invalid", _SERVER_EXT)
        self.other_ca_server = self._make_leaf("other-ca-server", "127.0.0.1", self.other_ca,
                                               "IP:127.0.0.1,DNS:localhost", _SERVER_EXT)
        self.expired_server = self._make_dated("expired", "127.0.0.1",
                                               "IP:127.0.0.1,DNS:localhost",
                                               "20200101000000Z", "20200102000000Z")
        self.not_yet_valid_server = self._make_dated("not-yet-valid", "127.0.0.1",
                                                     "IP:127.0.0.1,DNS:localhost",
                                                     "20990101000000Z", "20990102000000Z")

    # -- public -------------------------------------------------------------------------------

    def server_pair(self, variant: str = "valid") -> KeyPair:
        """The server certificate for a TLS variant (see SERVER_VARIANTS)."""
        return {
            "valid": self.server,
            "expired": self.expired_server,
            "not_yet_valid": self.not_yet_valid_server,
            "wrong_host": self.wrong_host_server,
            "other_ca": self.other_ca_server,
        }[variant]

    def client(self, user: str, groups: tuple[str, ...] | list[str] = (),
               issuer: str = "ca") -> KeyPair:
        """A client certificate with CN = user and one O per group, as Kubernetes reads them.

        issuer="other_ca" signs it with the unrelated CA (the API server must answer 401).
        """
        groups = tuple(groups)
        key = (f"{issuer}:{user}", groups)
        with self._lock:
            if key not in self._clients:
                subject = "/CN=" + _escape(user) + "".join("/O=" + _escape(g) for g in groups)
                ca = self.ca if issuer == "ca" else self.other_ca
                stem = f"client-{issuer}-{len(self._clients)}"
                self._clients[key] = self._make_leaf(stem, subject, ca, None, _CLIENT_EXT,
                                                     raw_subject=True)
            return self._clients[key]

    # -- minting ------------------------------------------------------------------------------

    def _openssl(self, *args: str) -> None:
        result = subprocess.run(["openssl", *args], cwd=self.dir, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"openssl {args[0]} failed: {result.stderr.strip()}")

    def _make_ca(self, stem: str, common_name: str) -> KeyPair:
        pair = KeyPair(self.dir / f"{stem}.pem", self.dir / f"{stem}.key")
        self._openssl("req", "-x509", "-config", "req.cnf", *_EC,
                      "-keyout", str(pair.key), "-out", str(pair.cert),
                      "-subj", f"/CN={common_name}", "-days", "30",
                      "-addext", "basicConstraints=critical,CA:TRUE",
                      "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        return pair

    def _make_leaf(self, stem: str, subject: str, ca: KeyPair, san: str | None,
                   extensions: list[str], raw_subject: bool = False) -> KeyPair:
        pair = KeyPair(self.dir / f"{stem}.pem", self.dir / f"{stem}.key")
        args = ["req", "-config", "req.cnf", *_EC, "-keyout", str(pair.key), "-out",
                str(pair.cert), "-subj", subject if raw_subject else f"/CN={subject}",
                "-CA", str(ca.cert), "-CAkey", str(ca.key), "-days", "30", *extensions]
        if san:
            args += ["-addext", f"subjectAltName={san}"]
        self._openssl(*args)
        return pair

    def _make_dated(self, stem: str, common_name: str, san: str, start: str,
                    end: str) -> KeyPair:
        """A server certificate from the world CA, valid only from `start` to `end`
        (YYYYMMDDHHMMSSZ)."""
        pair = KeyPair(self.dir / f"{stem}.pem", self.dir / f"{stem}.key")
        csr = self.dir / f"{stem}.csr"
        self._openssl("req", "-new", "-config", "req.cnf", *_EC, "-keyout", str(pair.key),
                      "-out", str(csr), "-subj", f"/CN={common_name}",
                      "-addext", f"subjectAltName={san}", *_SERVER_EXT)
        self._openssl("ca", "-batch", "-config", "ca.cnf", "-notext",
                      "-cert", str(self.ca.cert), "-keyfile", str(self.ca.key),
                      "-in", str(csr), "-out", str(pair.cert),
                      "-startdate", start, "-enddate", end)
        return pair


def _escape(value: str) -> str:
    # `-subj` uses / and = as separators; escape them so odd user names still work.
    return value.replace("\\", "\\\\").replace("/", "\\/").replace("=", "\\=")


_shared: Certificates | None = None
_shared_lock = threading.Lock()


def shared() -> Certificates:
    """The process-wide certificate set, minted on first use and removed at exit."""
    global _shared
    with _shared_lock:
        if _shared is None:
            directory = Path(tempfile.mkdtemp(prefix="preview-world-tls-"))
            atexit.register(shutil.rmtree, directory, True)
            _shared = Certificates(directory)
        return _shared
