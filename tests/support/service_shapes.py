"""Walk the botocore service models (through the generator's scopes) to parametrize tests."""

from __future__ import annotations

import functools
import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from codegen.naming import field_name
from codegen.services import ServiceScope, scopes
from greengrass_sdk._core.models import AwsModel
from tests.models.pattern_examples import PATTERN_EXAMPLES

SAMPLE_TIME = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)


@functools.cache
def all_scopes() -> tuple[ServiceScope, ...]:
    return tuple(scopes())


def model_class(scope: ServiceScope, name: str) -> type[AwsModel]:
    module = importlib.import_module(f"greengrass_sdk.{scope.spec.package}.models")
    cls: type[AwsModel] = getattr(module, name)
    return cls


def patterns_in_scope() -> set[str]:
    found: set[str] = set()
    for scope in all_scopes():
        names = set(scope.shapes) if scope.spec.all_structures else scope.reachable
        found |= {scope.shapes[n]["pattern"] for n in names if "pattern" in scope.shapes[n]}
    return found


def _fit(text: str, shape: dict[str, Any]) -> str:
    low, high = shape.get("min", 0), shape.get("max")
    while len(text) < low:
        text += text[-1] if text else "x"
    if high is not None:
        text = text[:high]
    return text


def sample(scope: ServiceScope, shape_name: str, depth: int = 0, index: int = 0) -> Any:
    """A wire value valid for the shape (all members set, recursion bounded)."""
    shape = scope.shapes[shape_name]
    kind = shape["type"]
    if kind == "string":
        if "enum" in shape:
            return shape["enum"][index % len(shape["enum"])]
        if "pattern" in shape:
            return PATTERN_EXAMPLES[shape["pattern"]][0]
        return _fit(f"{shape_name.strip('_')[:8] or 's'}{index}", shape)
    if kind in ("integer", "long"):
        low, high = shape.get("min", 1), shape.get("max")
        return low if high is None else min(max(low, 1), high)
    if kind in ("double", "float"):
        low, high = shape.get("min", 1.5), shape.get("max")
        return float(low if high is None else min(max(low, 1.5), high))
    if kind == "boolean":
        return True
    if kind == "blob":
        return b"blob-bytes"
    if kind == "timestamp":
        return SAMPLE_TIME
    if kind == "list":
        count = max(shape.get("min", 1), 1)
        return [sample(scope, shape["member"]["shape"], depth + 1, i) for i in range(count)]
    if kind == "map":
        count = max(shape.get("min", 1), 1)
        return {
            sample(scope, shape["key"]["shape"], depth + 1, i): sample(
                scope, shape["value"]["shape"], depth + 1, i
            )
            for i in range(count)
        }
    if kind == "structure":
        required = set(shape.get("required", []))
        return {
            member: sample(scope, ref["shape"], depth + 1)
            for member, ref in shape.get("members", {}).items()
            if depth < 6 or member in required
        }
    raise AssertionError(f"unexpected shape type {kind}")


@dataclass(frozen=True)
class StructureCase:
    scope: ServiceScope
    name: str

    @property
    def id(self) -> str:
        return f"{self.scope.spec.package}.{self.name}"


def structure_cases() -> Iterator[StructureCase]:
    for scope in all_scopes():
        for name in scope.structures:
            yield StructureCase(scope, name)


@dataclass(frozen=True)
class ConstraintCase:
    """A request-side member with a constraint, and a value that breaks it."""

    scope: ServiceScope
    structure: str
    member: str
    rule: str
    bad_value: Any
    error_types: tuple[str, ...]

    @property
    def field(self) -> str:
        return field_name(self.member)

    @property
    def id(self) -> str:
        return f"{self.scope.spec.package}.{self.structure}.{self.member}:{self.rule}"


_MISSING = object()


def _breakers(scope: ServiceScope, shape_name: str) -> Iterator[tuple[str, Any, tuple[str, ...]]]:
    shape = scope.shapes[shape_name]
    kind = shape["type"]
    low, high = shape.get("min"), shape.get("max")
    if kind == "string" and "enum" in shape:
        yield "enum", "NOT_A_" + shape_name.upper(), ("literal_error",)
    breaking = PATTERN_EXAMPLES[shape["pattern"]][1] if "pattern" in shape else None
    if kind == "string" and breaking is not None:
        yield "pattern", breaking, ("string_pattern_mismatch",)
    if kind in ("string", "blob", "list", "map"):
        good = sample(scope, shape_name)
        if low:
            if isinstance(good, dict):
                yield "min", dict(list(good.items())[: low - 1]), ("too_short",)
            else:
                yield "min", good[: low - 1], ("too_short",)
        if high is not None and kind == "string":
            yield "max", _fit(good, {}) + good[-1:] * (high + 1 - len(good)), ("too_long",)
        if high is not None and kind == "list" and high < 1000:
            member = shape["member"]["shape"]
            items = [sample(scope, member, 1, i) for i in range(high + 1)]
            yield "max", items, ("too_long",)
        if high is not None and kind == "map" and high < 1000:
            key, value = shape["key"]["shape"], shape["value"]["shape"]
            entries = {f"k{i}": sample(scope, value, 1, i) for i in range(high + 1)}
            if scope.shapes[key].get("pattern") is None:
                yield "max", entries, ("too_long",)
    if kind in ("integer", "long", "double", "float"):
        if low is not None:
            yield "min", low - 1, ("greater_than_equal",)
        if high is not None:
            yield "max", high + 1, ("less_than_equal",)


def constraint_cases() -> Iterator[ConstraintCase]:
    for scope in all_scopes():
        for name in scope.structures:
            if scope.side(name) == "response":
                continue
            shape = scope.shapes[name]
            for member in shape.get("required", []):
                yield ConstraintCase(scope, name, member, "required", _MISSING, ("missing",))
            for member, ref in shape.get("members", {}).items():
                for rule, bad, types in _breakers(scope, ref["shape"]):
                    yield ConstraintCase(scope, name, member, rule, bad, types)
                yield from _nested_cases(scope, name, member, ref["shape"])


def _nested_cases(
    scope: ServiceScope, structure: str, member: str, shape_name: str
) -> Iterator[ConstraintCase]:
    """Constraints on the items of a list member, and on the keys and values of a map member."""
    shape = scope.shapes[shape_name]
    if shape["type"] == "list":
        item = shape["member"]["shape"]
        if scope.shapes[item]["type"] != "structure":
            for rule, bad, types in _breakers(scope, item):
                yield ConstraintCase(scope, structure, member, f"item-{rule}", [bad], types)
    if shape["type"] == "map":
        key, value = shape["key"]["shape"], shape["value"]["shape"]
        good_key, good_value = sample(scope, key), sample(scope, value)
        for rule, bad, types in _breakers(scope, key):
            if isinstance(bad, str):
                yield ConstraintCase(
                    scope, structure, member, f"key-{rule}", {bad: good_value}, types
                )
        if scope.shapes[value]["type"] != "structure":
            for rule, bad, types in _breakers(scope, value):
                yield ConstraintCase(
                    scope, structure, member, f"value-{rule}", {good_key: bad}, types
                )


def is_missing(value: Any) -> bool:
    return value is _MISSING
