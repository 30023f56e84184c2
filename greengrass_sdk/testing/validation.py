"""Checking operation input against the constraints in a botocore service model.

This is the server's own check, phrased as AWS phrases it, and deliberately independent of the
SDK's generated request models (so the emulator also catches what a client lets through). Patterns
use the same exact Java translation as the models (``greengrass_sdk._core.java_regex``).
"""

from __future__ import annotations

import re
from typing import Any

from botocore.model import Shape

from greengrass_sdk._core.java_regex import JavaRegexError, compile_java
from greengrass_sdk.testing.service_error import ServiceError

__all__ = ["validate_input"]


def _compiled(pattern: str) -> re.Pattern[str] | None:
    """The model's Java pattern, translated exactly (None if it cannot be translated)."""
    try:
        return compile_java(pattern)
    except (JavaRegexError, re.error):
        return None


def _problems(shape: Shape, value: Any, path: str, out: list[tuple[str, str]]) -> None:
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure":
        for name in meta.get("required", ()):
            if value.get(name) is None:
                out.append((_join(path, name), "Member must not be null"))
        for name, member in shape.members.items():
            if value.get(name) is not None:
                _problems(member, value[name], _join(path, name), out)
        return
    size: int | None = None
    if kind == "string" and isinstance(value, str):
        size = len(value)
        enum = meta.get("enum")
        if enum and value not in enum:
            out.append((path, f"Member must satisfy enum value set: [{', '.join(enum)}]"))
        pattern = meta.get("pattern")
        compiled = _compiled(pattern) if pattern else None
        if compiled is not None and compiled.search(value) is None:
            out.append((path, f"Member must satisfy regular expression pattern: {pattern}"))
    elif kind == "blob" and isinstance(value, bytes):
        size = len(value)
    elif kind == "list":
        size = len(value)
        for i, item in enumerate(value):
            if item is not None:
                _problems(shape.member, item, f"{path}.{i + 1}", out)
    elif kind == "map":
        size = len(value)
        for key, item in value.items():
            _problems(shape.key, key, f"{path}.key", out)
            if item is not None:
                _problems(shape.value, item, f"{path}.{key}", out)
    elif kind in ("integer", "long", "float", "double") and not isinstance(value, bool):
        if "min" in meta and value < meta["min"]:
            out.append((path, f"Member must have value greater than or equal to {meta['min']}"))
        if "max" in meta and value > meta["max"]:
            out.append((path, f"Member must have value less than or equal to {meta['max']}"))
        return
    if size is not None:
        noun = "length" if kind in ("string", "blob") else "size"
        if "min" in meta and size < meta["min"]:
            out.append((path, f"Member must have {noun} greater than or equal to {meta['min']}"))
        if "max" in meta and size > meta["max"]:
            out.append((path, f"Member must have {noun} less than or equal to {meta['max']}"))


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def validate_input(shape: Shape | None, params: dict[str, Any]) -> None:
    """Reject input that breaks the model's constraints.

    Checks required members, string/blob lengths, list/map sizes, numeric ranges, enums and
    patterns (search semantics, as AWS's patterns are unanchored).

    Args:
        shape: The operation's input shape.
        params: Input values keyed by member name.

    Raises:
        ServiceError: ``ValidationException`` whose message and ``fields`` name every
            offending member, e.g. ``Value at 'clientToken' failed to satisfy constraint: …``.
    """
    if shape is None:
        return
    problems: list[tuple[str, str]] = []
    _problems(shape, params, "", problems)
    if not problems:
        return
    details = "; ".join(f"Value at '{p}' failed to satisfy constraint: {m}" for p, m in problems)
    count = len(problems)
    raise ServiceError(
        "ValidationException",
        f"{count} validation error{'s' if count > 1 else ''} detected: {details}",
        fields={
            "reason": "FIELD_VALIDATION_FAILED",
            "fields": [{"name": p, "message": m} for p, m in problems],
        },
    )
