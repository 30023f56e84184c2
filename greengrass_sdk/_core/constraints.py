"""Context-aware constraint validators used by the generated models.

Each helper returns a validator to put in ``Annotated[...]`` (:class:`InfoValidator`).
Constraints are enforced when a model is built for sending and skipped when it is parsed from a
response (validation context ``{"lenient": True}``), because AWS tightens and loosens limits
without notice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sized
from datetime import UTC, datetime, timezone
from typing import Annotated, Any, Final, TypeVar

from pydantic import GetCoreSchemaHandler, ValidationInfo, ValidatorFunctionWrapHandler
from pydantic_core import PydanticCustomError, TzInfo, core_schema

from greengrass_sdk._core.java_regex import compile_java

__all__ = [
    "INT32",
    "InfoValidator",
    "INT64",
    "LENIENT",
    "JsonObject",
    "WireBool",
    "WireBytes",
    "WireFloat",
    "WireInt32",
    "WireInt64",
    "WireStr",
    "aware_datetime",
    "blob",
    "boolean",
    "enum_value",
    "header_value",
    "int32",
    "int64",
    "is_lenient",
    "is_no_op_when_lenient",
    "json_document",
    "length",
    "no_op_when_lenient",
    "number",
    "pattern",
    "text",
    "value_range",
]

LENIENT: Final[dict[str, bool]] = {"lenient": True}
"""Validation context under which request-side constraints are not enforced."""


def is_lenient(info: ValidationInfo | None) -> bool:
    """Whether this validation parses a response (constraints off)."""
    context = info.context if info is not None else None
    if context is LENIENT:  # the SDK's own parses: no lookup
        return True
    return bool(isinstance(context, dict) and context.get("lenient"))


_NO_OP_WHEN_LENIENT: Final = "__greengrass_sdk_no_op_when_lenient__"

_Function = TypeVar("_Function", bound=Callable[..., Any])


def no_op_when_lenient(function: _Function) -> _Function:
    """Mark a validator that does nothing at all when :func:`is_lenient` holds.

    The mark is a promise, which a test checks by calling every marked validator: under a
    lenient context a before or after validator returns its input itself, and a wrap validator
    returns exactly ``handler(input)``; neither raises, converts or records anything.
    Response-side validators (:mod:`greengrass_sdk._core.response_validator`) leave marked
    validators out; a validator that does anything when lenient (keeps an unknown enum value,
    reads a naive timestamp as UTC) must not carry the mark.
    """
    setattr(function, _NO_OP_WHEN_LENIENT, True)
    return function


def is_no_op_when_lenient(function: object) -> bool:
    """Whether ``function`` (or the function of a bound method) carries the mark above."""
    return getattr(function, _NO_OP_WHEN_LENIENT, False) is True


class InfoValidator:
    """A validator for ``Annotated[...]``, run after, before or around the type's own.

    Its function takes ``(value, info)``, or ``(value, handler, info)`` in ``wrap`` mode. It
    gives the same core schema as pydantic's ``AfterValidator``, ``BeforeValidator`` and
    ``WrapValidator`` with such a function (``with_info_*_validator_function``), without
    reading the function's signature each time a model's schema is built: pydantic's classes
    call ``inspect.signature`` on every use, 15 % of building a response model's schema.
    """

    __slots__ = ("function", "mode")

    def __init__(self, mode: str, function: Callable[..., Any]) -> None:
        if mode not in ("after", "before", "wrap"):
            raise ValueError(f"mode must be 'after', 'before' or 'wrap', not {mode!r}")
        self.mode = mode
        self.function = function

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        schema = handler(source)
        if self.mode == "after":
            return core_schema.with_info_after_validator_function(self.function, schema)
        if self.mode == "before":
            return core_schema.with_info_before_validator_function(self.function, schema)
        return core_schema.with_info_wrap_validator_function(self.function, schema)

    def __repr__(self) -> str:
        return f"InfoValidator({self.mode!r}, {self.function.__qualname__})"


def length(min_len: int | None, max_len: int | None) -> InfoValidator:
    """Enforce a length (string characters, list items or map entries) between the bounds."""

    @no_op_when_lenient
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

    return InfoValidator("after", check)


def value_range(minimum: float | None, maximum: float | None) -> InfoValidator:
    """Enforce ``minimum <= value <= maximum`` for integers, longs and doubles."""

    @no_op_when_lenient
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

    return InfoValidator("after", check)


def pattern(java_pattern: str) -> InfoValidator:
    """Enforce an AWS (Java-flavoured, unanchored) regular expression with search semantics."""

    @no_op_when_lenient
    def check(value: str, info: ValidationInfo) -> str:
        if is_lenient(info) or compile_java(java_pattern).search(value):
            return value
        raise PydanticCustomError(
            "string_pattern_mismatch",
            "String should match pattern '{pattern}'",
            {"pattern": java_pattern},
        )

    return InfoValidator("after", check)


def _keep_unknown_enum(
    value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
) -> Any:
    try:
        return handler(value)
    except ValueError:
        if is_lenient(info) and isinstance(value, str):
            return value
        raise


enum_value: Final = InfoValidator("wrap", _keep_unknown_enum)
"""Keep an enum value this SDK does not know yet when parsing a response."""


def _require_timezone(value: datetime, info: ValidationInfo) -> datetime:
    zone = value.tzinfo
    # pydantic-core's own zones (every timestamp it parses) and datetime.timezone always have
    # an offset; asking pydantic-core's for it costs ~7 us a timestamp, so it is not asked.
    if zone is not None and (type(zone) in _FIXED_ZONES or value.utcoffset() is not None):
        return value
    if is_lenient(info):
        return value.replace(tzinfo=UTC)
    raise PydanticCustomError(
        "timezone_aware", "Input should have timezone info (naive datetimes are ambiguous)"
    )


_FIXED_ZONES: Final = (TzInfo, timezone)

aware_datetime: Final = InfoValidator("after", _require_timezone)
"""Timestamps are timezone-aware: naive ones are rejected when sent, read as UTC when received."""


# -- wire types: what the request side accepts, with no coercion ----------------------------
#
# pydantic's lax mode turns True into 1, b"x" into "x" and "5" into 5; a request is the
# caller's statement of what to send, so on the request side each scalar must already be of
# its wire type. Responses stay lenient (botocore has already typed them).

INT32: Final = (-(2**31), 2**31 - 1)
"""Range of the service model's ``integer`` (Java ``int``)."""
INT64: Final = (-(2**63), 2**63 - 1)
"""Range of the service model's ``long`` (Java ``long``)."""


def _wrong_type(expected: str, value: Any) -> PydanticCustomError:
    return PydanticCustomError(
        f"{expected}_type",
        "Input should be {expected}, not {actual} (no conversion on the request side)",
        {"expected": expected, "actual": type(value).__name__},
    )


def _integer_check(bits: int, bounds: tuple[int, int]) -> InfoValidator:
    low, high = bounds

    @no_op_when_lenient
    def check(value: Any, info: ValidationInfo) -> Any:
        if is_lenient(info):
            return value
        if isinstance(value, bool) or not isinstance(value, int):
            raise _wrong_type("int", value)
        if not low <= value <= high:
            raise PydanticCustomError(
                f"int{bits}_range",
                "Integer should fit the service's {bits}-bit type ({low} to {high})",
                {"bits": bits, "low": low, "high": high},
            )
        return value

    return InfoValidator("before", check)


int32: Final = _integer_check(32, INT32)
"""Request-side ``integer``: an ``int`` (not a bool) within 32 bits."""
int64: Final = _integer_check(64, INT64)
"""Request-side ``long``: an ``int`` (not a bool) within 64 bits."""


@no_op_when_lenient
def _check_number(value: Any, info: ValidationInfo) -> Any:
    if is_lenient(info):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _wrong_type("float", value)
    return value


number: Final = InfoValidator("before", _check_number)
"""Request-side ``double``/``float``: an ``int`` or ``float``, not a bool or a string."""


@no_op_when_lenient
def _check_boolean(value: Any, info: ValidationInfo) -> Any:
    if is_lenient(info) or isinstance(value, bool):
        return value
    raise _wrong_type("bool", value)


boolean: Final = InfoValidator("before", _check_boolean)
"""Request-side ``boolean``: exactly ``True`` or ``False`` (not 1, "yes" ...)."""


def _unicode_problem(value: str) -> PydanticCustomError | None:
    if value.isascii():
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return PydanticCustomError(
            "string_unicode",
            "String should hold only Unicode scalar values; found a lone surrogate "
            "at index {index}",
            {"index": exc.start},
        )
    return None


@no_op_when_lenient
def _check_text(value: Any, info: ValidationInfo) -> Any:
    if is_lenient(info):
        return value
    if not isinstance(value, str):
        raise _wrong_type("str", value)
    problem = _unicode_problem(value)
    if problem is not None:
        raise problem
    return value


text: Final = InfoValidator("before", _check_text)
"""Request-side ``string``: a ``str`` (not bytes) that UTF-8 can encode (no lone surrogate,
which would otherwise fail in the URL encoder or be sent as an escaped ``\\ud800``)."""


@no_op_when_lenient
def _check_blob(value: Any, info: ValidationInfo) -> Any:
    if is_lenient(info):
        return value
    if isinstance(value, str):
        problem = _unicode_problem(value)
        if problem is not None:
            raise problem
        return value
    if not isinstance(value, bytes | bytearray | memoryview):
        raise _wrong_type("bytes", value)
    return value


blob: Final = InfoValidator("before", _check_blob)
"""Request-side ``blob``: bytes, or a str that botocore sends UTF-8 encoded."""


_HEADER_FORBIDDEN: Final = re.compile("[\x00-\x08\x0a-\x1f\x7f]")


@no_op_when_lenient
def _check_header(value: str, info: ValidationInfo) -> str:
    if is_lenient(info):
        return value
    found = _HEADER_FORBIDDEN.search(value)
    if found is not None:
        raise PydanticCustomError(
            "header_value",
            "Value is sent in an HTTP header and must not contain control characters "
            "(found {char} at index {index})",
            {"char": repr(found.group()), "index": found.start()},
        )
    return value


header_value: Final = InfoValidator("after", _check_header)
"""A member sent as an HTTP header refuses CR, LF, NUL, DEL and other control characters
(RFC 9110 section 5.5), which would otherwise break or split the request."""


JsonObject = Mapping[str, Any]
"""A JSON object given as a mapping, where the wire wants it as a JSON string."""


@no_op_when_lenient
def _serialise_json_document(value: Any, info: ValidationInfo) -> Any:
    if is_lenient(info) or not isinstance(value, Mapping):
        return value
    try:
        return json.dumps(value, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise PydanticCustomError(
            "json_document",
            "Mapping must be JSON-serialisable (objects, arrays, strings, finite numbers, "
            "booleans, null): {error}",
            {"error": str(exc)},
        ) from None


json_document: Final = InfoValidator("before", _serialise_json_document)
"""A member whose string holds a JSON document also takes a mapping, sent as compact JSON."""


WireStr = Annotated[str, text]
"""Request-side ``string`` type used by the generated models."""
WireInt32 = Annotated[int, int32]
"""Request-side ``integer`` type used by the generated models."""
WireInt64 = Annotated[int, int64]
"""Request-side ``long`` type used by the generated models."""
WireFloat = Annotated[float, number]
"""Request-side ``double``/``float`` type used by the generated models."""
WireBool = Annotated[bool, boolean]
"""Request-side ``boolean`` type used by the generated models."""
WireBytes = Annotated[bytes, blob]
"""Request-side ``blob`` type used by the generated models."""
