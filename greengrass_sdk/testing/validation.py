"""Checking operation input against the constraints in a botocore service model.

Kept in one module on purpose: once the generated request models exist
(``greengrass_sdk.<service>.models.<InputShapeName>``), :func:`validate_input` can delegate to
``Model.model_validate`` instead.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from botocore.model import Shape  # type: ignore[import-untyped]

from greengrass_sdk.testing.service_error import ServiceError

__all__ = ["translate_pattern", "validate_input"]

# Java/ICU character classes that Python's ``re`` lacks, approximated.
_CLASSES = {
    r"\p{C}": r"\x00-\x1f\x7f-\x9f",
    r"\p{Cntrl}": r"\x00-\x1f\x7f",
    r"\p{L}": r"a-zA-Z\u00aa-\uffff",
    r"\p{Z}": r"\s",
    r"\p{N}": r"\d",
    r"\p{Digit}": r"\d",
    r"\p{Upper}": r"A-Z",
    r"\p{Lower}": r"a-z",
    r"\p{Alpha}": r"a-zA-Z",
    r"\p{Alnum}": r"a-zA-Z0-9",
    r"\p{Punct}": r"!-/:-@\[-`{-~",
    r"\p{Graph}": r"!-~",
    r"\p{Print}": r" -~",
    r"\p{Space}": r"\s",
}


def translate_pattern(pattern: str) -> str:
    r"""Rewrite a Java-flavoured model pattern into Python ``re`` syntax.

    ``\p{X}`` classes inside a bracket expression are spliced in; outside one they become a
    bracket expression of their own (``[^\p{C}]`` works because the approximations are
    ranges; ``\p{L}`` is approximated as ASCII letters plus everything above U+00A9).

    Args:
        pattern: The model's pattern.

    Returns:
        An equivalent (or close) Python pattern.
    """
    out: list[str] = []
    i = 0
    depth = 0
    while i < len(pattern):
        if pattern[i] == "\\" and pattern.startswith(("\\p{", "\\P{"), i):
            end = pattern.index("}", i)
            name = "\\p" + pattern[i + 2 : end + 1]
            body = _CLASSES.get(name)
            if body is None:
                raise ValueError(f"unsupported class {name}")
            negate = pattern[i + 1] == "P"
            if depth and not negate:
                out.append(body)
            else:
                out.append(f"[{'^' if negate else ''}{body}]")
            i = end + 1
            continue
        if pattern[i] == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if pattern[i] == "[":
            depth += 1
        elif pattern[i] == "]" and depth:
            depth -= 1
        out.append(pattern[i])
        i += 1
    return "".join(out)


@functools.lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(translate_pattern(pattern), re.DOTALL)
    except (ValueError, re.error):
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
