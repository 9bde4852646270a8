"""Timestamps relative to now, in the formats the real APIs use."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def stamp(moment: datetime) -> str:
    """RFC 3339 with a Z, second precision (Kubernetes, GitHub, Argo CD)."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def ago(*, hours: float = 0, minutes: float = 0, seconds: float = 0) -> str:
    return stamp(now() - timedelta(hours=hours, minutes=minutes, seconds=seconds))


def hexdigest(*parts: object, length: int = 40) -> str:
    """A stable hex string derived from `parts` (fake SHAs, digests, ids)."""
    return hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest()[:length]


def number(*parts: object, digits: int = 10) -> int:
    """A stable positive integer derived from `parts` (GitHub ids)."""
    return int(hexdigest(*parts, length=12), 16) % (10 ** digits) + 10 ** (digits - 1)


_POD_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"  # what Kubernetes uses for generated suffixes


def kube_suffix(*parts: object, length: int = 5) -> str:
    value = int(hexdigest(*parts), 16)
    out = ""
    for _ in range(length):
        value, index = divmod(value, len(_POD_ALPHABET))
        out += _POD_ALPHABET[index]
    return out
