"""What the service model says about each parameter of an operation, in words.

One home for these facts: the generated docstrings (``Keyword Args:``, ``Raises:``) and the
per-operation reference pages both read them from here. Only facts from botocore's model (names,
types, limits, patterns, allowed values, where a member travels) — no AWS prose.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from codegen.naming import field_name
from codegen.services import ServiceScope

_SCALAR_WORDS = {
    "string": "str",
    "boolean": "bool",
    "integer": "int (32-bit)",
    "long": "int (64-bit)",
    "double": "float",
    "float": "float",
    "timestamp": "datetime",
    "blob": "bytes",
}


@dataclass(frozen=True)
class ParameterFact:
    """One keyword parameter of an operation.

    Attributes:
        name: The snake_case keyword.
        wire_name: The member name on the wire.
        type_text: The type in words (``str``, ``list of DeploymentPolicies``...).
        required: Whether the service requires it.
        rules: The constraints in words (length, range, pattern, allowed values).
        location: Where it travels: ``body``, ``uri``, ``querystring`` or ``header``.
        client_token: Whether it is the operation's client token (filled once per call).
        sensitive: Whether the model marks its value sensitive.
    """

    name: str
    wire_name: str
    type_text: str
    required: bool
    rules: tuple[str, ...]
    location: str
    client_token: bool
    sensitive: bool

    def summary(self) -> str:
        """One sentence for a docstring: type, required or optional, rules."""
        parts = [f"``{self.type_text}``, {'required' if self.required else 'optional'}"]
        if self.client_token:
            parts.append("generated once per call when omitted")
        if self.location != "body":
            parts.append(f"sent in the {self.location}")
        if self.sensitive:
            parts.append("sensitive")
        text = "; ".join(parts) + "."
        if self.rules:
            rules = "; ".join(self.rules)
            text += f" {rules[:1].upper()}{rules[1:]}."
        return text


def type_text(scope: ServiceScope, shape_name: str) -> str:
    """A shape's type in words."""
    shape = scope.shapes[shape_name]
    kind = shape["type"]
    if kind == "structure":
        return shape_name
    if kind == "list":
        return f"list of {type_text(scope, shape['member']['shape'])}"
    if kind == "map":
        key = type_text(scope, shape["key"]["shape"])
        return f"map of {key} to {type_text(scope, shape['value']['shape'])}"
    if kind == "string" and "enum" in shape:
        return f"str ({shape_name})"
    return _SCALAR_WORDS.get(kind, kind)


def rules(scope: ServiceScope, shape_name: str) -> tuple[str, ...]:
    """A shape's constraints in words, as the request models enforce them."""
    shape = scope.shapes[shape_name]
    kind = shape["type"]
    low, high = shape.get("min"), shape.get("max")
    found: list[str] = []
    unit = {"string": "characters", "blob": "bytes", "list": "items", "map": "entries"}.get(kind)
    if unit and (low or high is not None):
        found.append(_bounds("length", low or None, high, unit))
    if kind in ("integer", "long", "double", "float") and (low is not None or high is not None):
        found.append(_bounds("value", low, high, ""))
    if kind == "string" and "pattern" in shape:
        found.append(f"pattern ``{shape['pattern']}``")
    if kind == "string" and "enum" in shape:
        found.append("one of " + ", ".join(f"``{value}``" for value in shape["enum"]))
    return tuple(found)


def _bounds(what: str, low: Any, high: Any, unit: str) -> str:
    suffix = f" {unit}" if unit else ""
    if low is not None and high is not None:
        return f"{what} {_num(low)} to {_num(high)}{suffix}"
    if low is not None:
        return f"{what} at least {_num(low)}{suffix}"
    return f"{what} at most {_num(high)}{suffix}"


def _num(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def parameters(scope: ServiceScope, operation: str) -> list[ParameterFact]:
    """The keyword parameters of ``operation``: required ones first, then optional ones."""
    op = scope.operations[operation]
    shape = scope.shapes[op["input"]["shape"]]
    required = set(shape.get("required", []))
    facts = []
    for member, ref in shape.get("members", {}).items():
        target = scope.shapes[ref["shape"]]
        facts.append(
            ParameterFact(
                name=field_name(member),
                wire_name=ref.get("locationName", member),
                type_text=type_text(scope, ref["shape"]),
                required=member in required,
                rules=rules(scope, ref["shape"]),
                location=ref.get("location", "body"),
                client_token=bool(ref.get("idempotencyToken")) or member == "AmznClientToken",
                sensitive=bool(ref.get("sensitive") or target.get("sensitive")),
            )
        )
    return sorted(facts, key=lambda fact: not fact.required)


@dataclass(frozen=True)
class ErrorFact:
    """A modelled error an operation can return."""

    name: str
    status: int | None


def errors(scope: ServiceScope, operation: str) -> list[ErrorFact]:
    """The operation's modelled errors, sorted by name."""
    names = sorted({e["shape"] for e in scope.operations[operation].get("errors", [])})
    return [
        ErrorFact(name, scope.shapes[name].get("error", {}).get("httpStatusCode")) for name in names
    ]
