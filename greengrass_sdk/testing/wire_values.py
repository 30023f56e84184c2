"""Converting single values between their rest-json wire form and Python values, by shape."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from typing import Any

from botocore.model import Shape

from greengrass_sdk.testing.service_error import validation_error

__all__ = ["from_json", "from_text", "to_json", "to_text"]


def _bad(path: str, expected: str) -> Exception:
    return validation_error(f"Value at '{path}' failed to parse: expected {expected}.", path)


def _timestamp(value: Any, path: str) -> dt.datetime:
    if isinstance(value, bool):
        raise _bad(path, "a timestamp")
    if isinstance(value, int | float):
        return dt.datetime.fromtimestamp(value, tz=dt.UTC)
    if isinstance(value, str):
        try:
            return dt.datetime.fromtimestamp(float(value), tz=dt.UTC)
        except ValueError:
            pass
        try:
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise _bad(path, "a timestamp") from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    raise _bad(path, "a timestamp")


def from_text(shape: Shape, text: str, path: str) -> Any:
    """Parse a scalar sent in a URI label, query string or header.

    Args:
        shape: The member's shape.
        text: The decoded text.
        path: Member path, for error messages.

    Returns:
        The Python value.
    """
    kind = shape.type_name
    try:
        if kind in ("integer", "long"):
            return int(text)
        if kind in ("float", "double"):
            return float(text)
    except ValueError:
        raise _bad(path, f"an {kind}") from None
    if kind == "boolean":
        if text.lower() not in ("true", "false"):
            raise _bad(path, "true or false")
        return text.lower() == "true"
    if kind == "timestamp":
        return _timestamp(text, path)
    if kind == "blob":
        return _blob(text, path)
    if kind == "string" and shape.serialization.get("jsonvalue"):
        try:
            return json.loads(base64.b64decode(text))
        except (ValueError, binascii.Error):
            raise _bad(path, "base64-encoded JSON") from None
    return text


def _blob(value: Any, path: str) -> bytes:
    if not isinstance(value, str):
        raise _bad(path, "a base64 string")
    try:
        return base64.b64decode(value, validate=True)
    except (ValueError, binascii.Error):
        raise _bad(path, "a base64 string") from None


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "boolean": (bool,),
    "integer": (int,),
    "long": (int,),
    "float": (int, float),
    "double": (int, float),
}


def from_json(shape: Shape, value: Any, path: str) -> Any:
    """Convert a decoded JSON body value to Python values keyed by member name.

    Args:
        shape: The expected shape.
        value: The decoded JSON value.
        path: Member path, for error messages.

    Returns:
        The value: structures become dicts keyed by member name, blobs ``bytes``,
        timestamps aware ``datetime``; unknown structure keys are dropped.
    """
    if value is None:
        return None
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            raise _bad(path, "an object")
        result: dict[str, Any] = {}
        for name, member in shape.members.items():
            if member.serialization.get("location"):
                continue
            wire = member.serialization.get("name", name)
            if wire in value:
                result[name] = from_json(member, value[wire], f"{path}.{name}" if path else name)
        return result
    if kind == "list":
        if not isinstance(value, list):
            raise _bad(path, "a list")
        return [from_json(shape.member, item, f"{path}.{i + 1}") for i, item in enumerate(value)]
    if kind == "map":
        if not isinstance(value, dict):
            raise _bad(path, "a map")
        return {str(k): from_json(shape.value, v, f"{path}.{k}") for k, v in value.items()}
    if kind == "timestamp":
        return _timestamp(value, path)
    if kind == "blob":
        return _blob(value, path)
    expected = _JSON_TYPES.get(kind)
    if expected is not None:
        if isinstance(value, bool) and kind != "boolean":
            raise _bad(path, f"a {kind}")
        if not isinstance(value, expected):
            raise _bad(path, f"a {kind}")
    return value


def _epoch(value: dt.datetime) -> int | float:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    seconds = value.timestamp()
    return int(seconds) if seconds.is_integer() else round(seconds, 3)


def to_json(shape: Shape, value: Any) -> Any:
    """Convert a Python value (keyed by member name) to its JSON wire form.

    Args:
        shape: The shape of the value.
        value: The value; ``None`` members of structures are omitted.

    Returns:
        A JSON-serializable value: timestamps as epoch seconds, blobs as base64 text.
    """
    kind = shape.type_name
    if kind == "structure":
        out: dict[str, Any] = {}
        for name, member in shape.members.items():
            if member.serialization.get("location") or value.get(name) is None:
                continue
            out[member.serialization.get("name", name)] = to_json(member, value[name])
        return out
    if kind == "list":
        return [to_json(shape.member, item) for item in value]
    if kind == "map":
        return {k: to_json(shape.value, v) for k, v in value.items()}
    if kind == "timestamp":
        return _epoch(value) if isinstance(value, dt.datetime) else value
    if kind == "blob":
        raw = value.encode() if isinstance(value, str) else bytes(value)
        return base64.b64encode(raw).decode("ascii")
    return value


def to_text(shape: Shape, value: Any) -> str:
    """Render a scalar for a response header.

    Args:
        shape: The member's shape.
        value: The value.

    Returns:
        The header text (timestamps in RFC 822 form, booleans lower-case).
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
    if shape.type_name == "string" and shape.serialization.get("jsonvalue"):
        return base64.b64encode(json.dumps(value).encode()).decode("ascii")
    return str(value)
