"""A tiny block-style YAML writer for the kubeconfig and the profile (no PyYAML in the stdlib).

Strings are always written as JSON strings, which are valid YAML double-quoted scalars; so no
value can be misread as a number, boolean or null.
"""

from __future__ import annotations

import json
import re

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")


def _scalar(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _key(key: str) -> str:
    return key if _PLAIN_KEY.match(key) else json.dumps(key)


def _lines(value, indent: int) -> list[str]:
    pad = "  " * indent
    if isinstance(value, dict):
        if not value:
            return [pad + "{}"]
        out = []
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                out.append(f"{pad}{_key(key)}:")
                out += _lines(item, indent + (0 if isinstance(item, list) else 1))
            else:
                out.append(f"{pad}{_key(key)}: {_inline(item)}")
        return out
    if isinstance(value, list):
        if not value:
            return [pad + "[]"]
        out = []
        for item in value:
            nested = _lines(item, indent + 1)
            first = nested[0].lstrip()
            out.append(f"{pad}- {first}")
            out += nested[1:]
        return out
    return [pad + _scalar(value)]


def _inline(value) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return _scalar(value)


def dump(value) -> str:
    return "\n".join(_lines(value, 0)) + "\n"
