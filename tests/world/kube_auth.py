"""Authentication and authorization of a fake API server.

Authentication follows the apiserver's union authenticator: a verified client certificate
(CN = user, O = groups) wins, then a bearer token, then HTTP basic; anything else is 401.
A certificate that verified at the TLS layer but was issued by another CA is not trusted (the
TLS layer accepts both world CAs on purpose, so that this case reaches us and gets a 401).

Authorization allows everything except explicit deny rules, which is all the tests need.
"""

from __future__ import annotations

import base64
import binascii
import threading
from dataclasses import dataclass

from .tls import CA_NAME


@dataclass(frozen=True)
class Identity:
    user: str
    groups: tuple[str, ...] = ()
    method: str = "token"          # "cert" | "token" | "basic"


@dataclass(frozen=True)
class DenyRule:
    user: str                      # "*" = anyone
    verb: str                      # "get", "list", "patch", ... or "*"
    resource: str                  # "pods", "pods/log", "secrets", ... or "*"
    namespace: str | None = None   # None = every namespace and cluster scope
    group: str | None = None       # None = any API group

    def matches(self, identity: Identity, verb: str, group: str, resource: str,
                namespace: str | None) -> bool:
        return (self.user in ("*", identity.user) and self.verb in ("*", verb)
                and self.resource in ("*", resource)
                and (self.namespace is None or self.namespace == namespace)
                and (self.group is None or self.group == group))


def _names(cert: dict, field: str, attribute: str) -> list[str]:
    return [value for rdn in cert.get(field, ()) for (name, value) in rdn if name == attribute]


class Authenticator:
    def __init__(self, accept_client_certs: bool = True) -> None:
        self.accept_client_certs = accept_client_certs
        self.tokens: dict[str, Identity] = {}
        self.basic: dict[tuple[str, str], Identity] = {}

    def add_token(self, token: str, user: str, groups: tuple[str, ...] = ()) -> None:
        self.tokens[token] = Identity(user, tuple(groups), "token")

    def add_basic(self, user: str, password: str, groups: tuple[str, ...] = ()) -> None:
        self.basic[(user, password)] = Identity(user, tuple(groups), "basic")

    def authenticate(self, peer_cert: dict | None, authorization: str | None) -> Identity | None:
        if peer_cert and self.accept_client_certs:
            if _names(peer_cert, "issuer", "commonName") == [CA_NAME]:
                users = _names(peer_cert, "subject", "commonName")
                if users:
                    groups = tuple(_names(peer_cert, "subject", "organizationName"))
                    return Identity(users[0], groups, "cert")
        scheme, _, credentials = (authorization or "").partition(" ")
        if scheme.lower() == "bearer":
            return self.tokens.get(credentials.strip())
        if scheme.lower() == "basic":
            try:
                user, _, password = base64.b64decode(credentials).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return None
            return self.basic.get((user, password))
        return None


class Authorizer:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[DenyRule] = []

    def deny(self, user: str, verb: str, resource: str, namespace: str | None = None,
             group: str | None = None) -> DenyRule:
        rule = DenyRule(user, verb, resource, namespace, group)
        with self._lock:
            self._rules.append(rule)
        return rule

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def allowed(self, identity: Identity, verb: str, group: str, resource: str,
                namespace: str | None) -> bool:
        with self._lock:
            return not any(r.matches(identity, verb, group, resource, namespace)
                           for r in self._rules)


def forbidden_message(identity: Identity, verb: str, group: str, plural: str, subresource: str,
                      name: str | None, namespace: str | None) -> str:
    """The apiserver's text: `pods "x" is forbidden: User "dev" cannot get resource ...`."""
    qualified = f"{plural}.{group}" if group else plural
    resource = f"{plural}/{subresource}" if subresource else plural
    where = f'in the namespace "{namespace}"' if namespace else "at the cluster scope"
    reason = (f'User "{identity.user}" cannot {verb} resource "{resource}" '
              f'in API group "{group}" {where}')
    subject = f'{qualified} "{name}"' if name else qualified
    return f"{subject} is forbidden: {reason}"
