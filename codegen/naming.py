"""Python names for botocore members and shapes."""

from __future__ import annotations

import keyword

from botocore import xform_name
from pydantic import BaseModel

_RESERVED = {"datetime", "Annotated", "Any", "ClassVar", "Literal", "Field", "c"}


def field_name(member: str) -> str:
    """snake_case field name for a botocore member, made safe for a pydantic model."""
    name = xform_name(member).lstrip("_")
    if (
        keyword.iskeyword(name)
        or hasattr(BaseModel, name)
        or name.startswith("model_")
        or name in _RESERVED
    ):
        name += "_"
    return name


def alias_name(shape: str) -> str:
    """Module-level name of a type alias for a scalar, enum or collection shape."""
    cleaned = "".join(part[:1].upper() + part[1:] for part in shape.split("_") if part)
    if not cleaned or cleaned[0].isdigit():
        cleaned = "Shape" + cleaned
    return cleaned
