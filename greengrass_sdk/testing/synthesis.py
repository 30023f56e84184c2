"""The generic responder: syntactically valid outputs made up from a service model's shapes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from botocore.model import Shape

__all__ = ["synthesize"]

_EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
_MAX_DEPTH = 6


def _is_token(name: str) -> bool:
    # Never invent a pagination token: a paginator would follow it for ever.
    return name.lower() in ("nexttoken", "marker", "nextmarker")


def synthesize(shape: Shape | None, depth: int = 0, name: str = "") -> Any:
    """Make up a value that fits ``shape``.

    Strings are the member name (padded to the shape's minimum length, or the first enum
    value), numbers the shape's minimum or 1, lists and maps hold one element, timestamps are
    2024-01-01T00:00:00Z, and pagination tokens are left out. Recursive shapes stop after a few
    levels
    except for required members.

    Args:
        shape: The shape to fill (``None`` gives an empty dict).
        depth: Current nesting level.
        name: Member name the value is for, used as string content.

    Returns:
        The value, keyed by member name for structures.
    """
    if shape is None:
        return {}
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure":
        # Past the depth limit only required members are filled, so recursion ends.
        required = set(meta.get("required", ()))
        return {
            member_name: synthesize(member, depth + 1, member_name)
            for member_name, member in shape.members.items()
            if not _is_token(member_name)
            and member.serialization.get("location") not in ("statusCode", "headers")
            and not member.serialization.get("eventstream")
            and (depth < _MAX_DEPTH or member_name in required)
        }
    if kind == "list":
        return [synthesize(shape.member, depth + 1, name)]
    if kind == "map":
        return {"key": synthesize(shape.value, depth + 1, name)}
    if kind == "string":
        if meta.get("enum"):
            return meta["enum"][0]
        text = name or "value"
        minimum = int(meta.get("min", 0))
        maximum = int(meta.get("max", max(minimum, len(text))))
        return text.ljust(minimum, "x")[: max(maximum, minimum)]
    if kind in ("integer", "long"):
        return int(meta.get("min", 1))
    if kind in ("float", "double"):
        return float(meta.get("min", 1.0))
    if kind == "boolean":
        return True
    if kind == "timestamp":
        return _EPOCH
    if kind == "blob":
        return b"blob"
    return None
