"""Render ``greengrass_sdk/<service>/wire_checks.py``: the request shapes as plain data.

The runtime (``greengrass_sdk._core.wire_check``) compiles this data into pydantic-core
validators that accept a request natively; see that module for the rules. Only shapes reachable
from an operation's input are written, each as a tuple:

* ``("structure", ((wire name, field name, shape, required, flag), ...))`` where ``flag`` is
  ``"header"`` (sent in an HTTP header), ``"json"`` (a JSON document in a string) or ``""``;
* ``("string", min, max, pattern, enum values)``, ``("blob", min, max)``;
* ``("integer" | "long" | "double" | "float", min, max)``, ``("boolean",)``, ``("timestamp",)``;
* ``("list", member shape, min, max)``, ``("map", key shape, value shape, min, max)``.
"""

from __future__ import annotations

from typing import Any

from codegen.naming import field_name
from codegen.render_models import HEADER
from codegen.services import ServiceScope


def _shape_entry(scope: ServiceScope, name: str) -> tuple[Any, ...]:
    shape = scope.shapes[name]
    kind = shape["type"]
    low, high = shape.get("min"), shape.get("max")
    if kind == "structure":
        required = set(shape.get("required", []))
        members = []
        for member, ref in shape.get("members", {}).items():
            flag = ""
            if ref.get("location") == "header":
                flag = "header"
            elif (name, member) in scope.spec.json_document_members:
                flag = "json"
            members.append((member, field_name(member), ref["shape"], member in required, flag))
        return ("structure", tuple(members))
    if kind == "string":
        enum = tuple(shape["enum"]) if "enum" in shape else None
        return ("string", low, high, shape.get("pattern"), enum)
    if kind in ("blob", "integer", "long", "double", "float"):
        return (kind, low, high)
    if kind in ("boolean", "timestamp"):
        return (kind,)
    if kind == "list":
        return ("list", shape["member"]["shape"], low, high)
    if kind == "map":
        return ("map", shape["key"]["shape"], shape["value"]["shape"], low, high)
    raise ValueError(f"unsupported shape type {kind} ({name})")


def render_wire_checks(scope: ServiceScope) -> str:
    """Source text of ``greengrass_sdk/<package>/wire_checks.py`` (not yet formatted)."""
    spec = scope.spec
    entries = [
        f"    {name!r}: {_shape_entry(scope, name)!r}," for name in sorted(scope.input_shapes)
    ]
    return "\n".join(
        [
            HEADER,
            '"""Request shapes as data, for native request checks.',
            "",
            f"{spec.title} (botocore ``{spec.botocore_name}``).",
            "",
            "See :mod:`greengrass_sdk._core.wire_check`.",
            '"""',
            "",
            "from __future__ import annotations",
            "",
            "from greengrass_sdk._core.wire_check import WireChecks",
            "",
            '__all__ = ["CHECKS"]',
            "",
            "CHECKS = WireChecks(",
            "    {",
            *entries,
            "    }",
            ")",
            "",
        ]
    )
