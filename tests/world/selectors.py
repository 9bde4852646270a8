"""Label and field selectors, with the apiserver's syntax and its rejections.

Label selectors: `k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`, `k>1`, `k<1`;
a comma means AND (commas inside parentheses belong to the set).
Field selectors: `f=v`, `f==v`, `f!=v`, comma = AND; which fields exist depends on the type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class SelectorError(ValueError):
    """The selector is malformed or uses an unsupported field (the apiserver answers 400)."""


@dataclass(frozen=True)
class Requirement:
    key: str
    op: str                      # "=", "!=", "in", "notin", "exists", "!", "gt", "lt"
    values: tuple[str, ...] = ()

    def matches(self, labels: dict[str, str]) -> bool:
        present = self.key in labels
        value = labels.get(self.key)
        if self.op == "exists":
            return present
        if self.op == "!":
            return not present
        if self.op in ("=", "in"):
            return present and value in self.values
        if self.op in ("!=", "notin"):
            return not present or value not in self.values
        try:  # gt / lt compare integers; non-integers never match
            number, bound = int(value), int(self.values[0])
        except (TypeError, ValueError):
            return False
        return number > bound if self.op == "gt" else number < bound


_KEY = r"[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?"
_VALUE = r"([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?"
_SET = re.compile(rf"^({_KEY})\s+(in|notin)\s*\(([^)]*)\)$")
_EQ = re.compile(rf"^({_KEY})\s*(==|=|!=)\s*(.*)$")
_CMP = re.compile(rf"^({_KEY})\s*([<>])\s*(-?\d+)$")
_KEY_ONLY = re.compile(rf"^(!?)\s*({_KEY})$")


def _split_terms(text: str) -> list[str]:
    terms, depth, current = [], 0, ""
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == "," and depth == 0:
            terms.append(current.strip())
            current = ""
        else:
            current += char
    terms.append(current.strip())
    return terms


def _check_value(value: str) -> str:
    if not re.fullmatch(_VALUE, value) or len(value) > 63:
        raise SelectorError(f"unable to parse requirement: invalid label value: {value!r}")
    return value


def parse_label_selector(text: str | None) -> list[Requirement]:
    if not text or not text.strip():
        return []
    requirements = []
    for term in _split_terms(text):
        if not term:
            raise SelectorError(f"unable to parse requirement: found '', expected: identifier "
                                f"in selector {text!r}")
        if m := _SET.match(term):
            values = tuple(_check_value(v.strip()) for v in m.group(4).split(","))
            requirements.append(Requirement(m.group(1), m.group(3), values))
        elif m := _CMP.match(term):
            requirements.append(Requirement(m.group(1), "gt" if m.group(3) == ">" else "lt",
                                            (m.group(4),)))
        elif m := _EQ.match(term):
            op = "!=" if m.group(3) == "!=" else "="
            requirements.append(Requirement(m.group(1), op, (_check_value(m.group(4).strip()),)))
        elif m := _KEY_ONLY.match(term):
            requirements.append(Requirement(m.group(2), "!" if m.group(1) else "exists"))
        else:
            raise SelectorError(f"unable to parse requirement: {term!r}")
    return requirements


def matches_labels(requirements: list[Requirement], labels: dict[str, str] | None) -> bool:
    labels = labels or {}
    return all(r.matches(labels) for r in requirements)


@dataclass(frozen=True)
class FieldRequirement:
    field: str
    negate: bool
    value: str


def parse_field_selector(text: str | None, supported: tuple[str, ...]) -> list[FieldRequirement]:
    if not text or not text.strip():
        return []
    out = []
    for term in text.split(","):
        m = re.fullmatch(r"\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*", term)
        if not m:
            raise SelectorError(f"invalid selector: '{text}'; can't understand '{term}'")
        if m.group(1) not in supported:
            raise SelectorError(f'field label not supported: {m.group(1)}')
        out.append(FieldRequirement(m.group(1), m.group(2) == "!=", m.group(3)))
    return out


def field_value(obj: dict, dotted: str) -> str:
    node: object = obj
    for part in dotted.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    if node is None:
        return ""
    if isinstance(node, bool):
        return "true" if node else "false"
    return str(node)


def matches_fields(requirements: list[FieldRequirement], obj: dict) -> bool:
    return all((field_value(obj, r.field) == r.value) != r.negate for r in requirements)
