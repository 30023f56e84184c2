r"""Native request checks: a request accepted and put in wire form by pydantic-core alone.

The request models (:mod:`greengrass_sdk._core.models`) are the authority on what may be sent,
and the source of every validation error. They need Python for part of their rules (a request
shape is strict when sent but lenient when the same shape is parsed from a response, and that
switch is a Python validator), which made a 200-component ``CreateDeployment`` cost more to
check than botocore's own ``ParamValidator``.

This module is a fast *acceptor* in front of them. From the generated description of each
service's request shapes (``greengrass_sdk/<service>/wire_checks.py``) it compiles one
pydantic-core validator per operation input, in which every rule is native:

* structures are typed dicts keyed by wire name, reading the wire name or the field name, with
  unknown members refused and required members required (and never None);
* strings are exact ``str`` with their length, their Java pattern (translated by
  :mod:`greengrass_sdk._core.java_regex` and run by Python's ``re`` from Rust, with the same
  search semantics) and no lone surrogate (any length constraint makes pydantic-core read the
  string as UTF-8, so every string gets at least ``min_length=0``);
* enums are the same ``Literal`` the models use; integers are exact ``int`` within their
  32/64-bit range and limits; floats ``int`` or ``float``, not ``bool``; booleans exact; blobs
  ``bytes``; timestamps timezone-aware ``datetime`` objects;
* lists are ``list`` and maps ``dict``, with their size limits;
* a member sent in an HTTP header refuses control characters (RFC 9110 section 5.5).

It is deliberately *narrower* than the models: an optional member given as None, a nested
model instance, a JSON document given as a mapping, a tuple, a ``Mapping`` that is not a
``dict``, a timestamp given as text and anything else it does not take natively is not
accepted here, and the call then goes through the models exactly as before (same result, same
errors). What it accepts, the models accept with the same wire form; a test checks that on
every request of the test corpus and on generated ones.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any, Final

from pydantic_core import SchemaValidator, ValidationError, core_schema

from greengrass_sdk._core.constraints import INT32, INT64
from greengrass_sdk._core.java_regex import translate

__all__ = ["WireChecks"]

_HEADER_SAFE: Final = r"\A[^\x00-\x08\x0a-\x1f\x7f]*\Z"
"""A header value without control characters (``constraints.header_value``'s rule)."""

Shape = tuple[Any, ...]


class WireChecks:
    """The request shapes of one service, compiled into native validators on first use.

    Args:
        shapes: The generated description (see ``codegen/render_wire_checks.py``).
    """

    def __init__(self, shapes: Mapping[str, Shape]) -> None:
        self._shapes = shapes
        self._validators: dict[str, SchemaValidator | None] = {}
        self._lock = threading.Lock()

    def wire_params(self, input_shape: str, data: Mapping[str, Any]) -> dict[str, Any] | None:
        """``data`` in wire form if the native check accepts it, else None (use the models)."""
        validator = self._validators.get(input_shape)
        if validator is None:
            if input_shape in self._validators:
                return None
            validator = self._compile(input_shape)
            if validator is None:
                return None
        try:
            params: dict[str, Any] = validator.validate_python(data)
        except ValidationError:
            return None
        return params

    def _compile(self, input_shape: str) -> SchemaValidator | None:
        with self._lock:
            if input_shape in self._validators:
                return self._validators[input_shape]
            validator = None
            if self._shapes.get(input_shape, ("",))[0] == "structure":
                try:
                    validator = SchemaValidator(_SchemaBuilder(self._shapes).build(input_shape))
                except Exception:  # e.g. a Java pattern with no faithful translation
                    # The models then check every request of this shape, and report what they
                    # cannot check themselves.
                    validator = None
            self._validators[input_shape] = validator
            return validator


class _SchemaBuilder:
    """Turns the shape description into one pydantic-core schema (structures as definitions)."""

    def __init__(self, shapes: Mapping[str, Shape]) -> None:
        self._shapes = shapes
        self._definitions: dict[str, core_schema.CoreSchema] = {}

    def build(self, root: str) -> core_schema.CoreSchema:
        reference = self._schema(root, "")
        return core_schema.definitions_schema(reference, list(self._definitions.values()))

    def _schema(self, name: str, flag: str) -> core_schema.CoreSchema:
        shape = self._shapes[name]
        kind = shape[0]
        if kind == "structure":
            if name not in self._definitions:
                self._definitions[name] = core_schema.none_schema()  # placeholder (recursion)
                self._definitions[name] = self._structure(name, shape[1])
            return core_schema.definition_reference_schema(name)
        if kind == "string":
            return self._string(shape, flag)
        if kind in ("integer", "long"):
            low, high = INT32 if kind == "integer" else INT64
            minimum = low if shape[1] is None else max(low, shape[1])
            maximum = high if shape[2] is None else min(high, shape[2])
            return core_schema.int_schema(strict=True, ge=minimum, le=maximum)
        if kind in ("double", "float"):
            return core_schema.float_schema(strict=True, ge=shape[1], le=shape[2])
        if kind == "boolean":
            return core_schema.bool_schema(strict=True)
        if kind == "blob":
            return core_schema.bytes_schema(strict=True, min_length=shape[1], max_length=shape[2])
        if kind == "timestamp":
            return core_schema.datetime_schema(strict=True, tz_constraint="aware")
        if kind == "list":
            return core_schema.list_schema(
                self._schema(shape[1], ""), strict=True, min_length=shape[2], max_length=shape[3]
            )
        if kind == "map":
            return core_schema.dict_schema(
                self._schema(shape[1], ""),
                self._schema(shape[2], ""),
                strict=True,
                min_length=shape[3],
                max_length=shape[4],
            )
        raise ValueError(f"unknown shape kind {kind!r} ({name})")

    def _structure(self, name: str, members: tuple[Any, ...]) -> core_schema.CoreSchema:
        fields: dict[str, core_schema.TypedDictField] = {}
        for wire, field, shape_name, required, flag in members:
            alias: list[list[str | int]] = [[wire]] if wire == field else [[wire], [field]]
            fields[wire] = core_schema.typed_dict_field(
                self._schema(shape_name, flag), required=required, validation_alias=alias
            )
        return core_schema.typed_dict_schema(fields, extra_behavior="forbid", total=False, ref=name)

    @staticmethod
    def _string(shape: Shape, flag: str) -> core_schema.CoreSchema:
        _, low, high, java_pattern, enum = shape
        if enum is not None:
            return core_schema.literal_schema(list(enum))
        pattern = None
        if java_pattern is not None:
            pattern = translate(java_pattern)
        if flag == "header":
            # One pattern per string: the header rule as a lookahead in front of the model's.
            pattern = (
                _HEADER_SAFE
                if pattern is None
                else rf"\A(?=[^\x00-\x08\x0a-\x1f\x7f]*\Z)[\s\S]*?(?:{pattern})"
            )
        return core_schema.str_schema(
            strict=True,
            min_length=low or 0,  # a constraint makes pydantic-core refuse lone surrogates
            max_length=high,
            pattern=pattern,
            regex_engine="python-re",
        )
