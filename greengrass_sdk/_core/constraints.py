"""Context-aware constraint validators used by the generated models.

Each helper returns a pydantic validator to put in ``Annotated[...]``. Constraints are enforced
when a model is built for sending and skipped when it is parsed from a response (validation
context ``{"lenient": True}``), because AWS tightens and loosens limits without notice.
"""

from __future__ import annotations

from collections.abc import Sized
from datetime import UTC, datetime
from typing import Any, Final

from pydantic import AfterValidator, ValidationInfo, ValidatorFunctionWrapHandler, WrapValidator
from pydantic_core import PydanticCustomError

from greengrass_sdk._core.java_regex import compile_java

__all__ = [
    "LENIENT",
    "aware_datetime",
    "enum_value",
    "is_lenient",
    "length",
    "pattern",
    "value_range",
]

LENIENT: Final[dict[str, bool]] = {"lenient": True}
"""Validation context under which request-side constraints are not enforced."""


def is_lenient(info: ValidationInfo | None) -> bool:
    """Whether this validation parses a response (constraints off)."""
    context = info.context if info is not None else None
    return bool(isinstance(context, dict) and context.get("lenient"))


def length(min_len: int | None, max_len: int | None) -> AfterValidator:
    """Enforce a length (string characters, list items or map entries) between the bounds."""

    def check(value: Sized, info: ValidationInfo) -> Any:
        if is_lenient(info):
            return value
        size = len(value)
        kind = "String" if isinstance(value, str) else "Value"
        unit = "characters" if isinstance(value, str) else "items"
        if min_len is not None and size < min_len:
            raise PydanticCustomError(
                "too_short",
                "{kind} should have at least {min_length} {unit}, not {actual_length}",
                {"kind": kind, "min_length": min_len, "unit": unit, "actual_length": size},
            )
        if max_len is not None and size > max_len:
            raise PydanticCustomError(
                "too_long",
                "{kind} should have at most {max_length} {unit}, not {actual_length}",
                {"kind": kind, "max_length": max_len, "unit": unit, "actual_length": size},
            )
        return value

    return AfterValidator(check)


def value_range(minimum: float | None, maximum: float | None) -> AfterValidator:
    """Enforce ``minimum <= value <= maximum`` for integers, longs and doubles."""

    def check(value: float, info: ValidationInfo) -> Any:
        if is_lenient(info):
            return value
        if minimum is not None and value < minimum:
            raise PydanticCustomError(
                "greater_than_equal",
                "Input should be greater than or equal to {ge}",
                {"ge": minimum},
            )
        if maximum is not None and value > maximum:
            raise PydanticCustomError(
                "less_than_equal", "Input should be less than or equal to {le}", {"le": maximum}
            )
        return value

    return AfterValidator(check)


def pattern(java_pattern: str) -> AfterValidator:
    """Enforce an AWS (Java-flavoured, unanchored) regular expression with search semantics."""

    def check(value: str, info: ValidationInfo) -> str:
        if is_lenient(info) or compile_java(java_pattern).search(value):
            return value
        raise PydanticCustomError(
            "string_pattern_mismatch",
            "String should match pattern '{pattern}'",
            {"pattern": java_pattern},
        )

    return AfterValidator(check)


def _keep_unknown_enum(
    value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
) -> Any:
    try:
        return handler(value)
    except ValueError:
        if is_lenient(info) and isinstance(value, str):
            return value
        raise


enum_value: Final = WrapValidator(_keep_unknown_enum)
"""Keep an enum value this SDK does not know yet when parsing a response."""


def _require_timezone(value: datetime, info: ValidationInfo) -> datetime:
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value
    if is_lenient(info):
        return value.replace(tzinfo=UTC)
    raise PydanticCustomError(
        "timezone_aware", "Input should have timezone info (naive datetimes are ambiguous)"
    )


aware_datetime: Final = AfterValidator(_require_timezone)
"""Timestamps are timezone-aware: naive ones are rejected when sent, read as UTC when received."""
