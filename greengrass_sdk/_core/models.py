"""Base classes for the generated models.

Three kinds of shape, decided by the generator from where a shape is used:

* :class:`RequestModel` — reachable only from operation inputs: strict (unknown members
  rejected, required members required, constraints enforced).
* :class:`ResponseModel` — reachable only from outputs and errors: forward compatible
  (unknown members kept, unknown enum values kept, limits not enforced, nothing required).
* :class:`SharedModel` — used on both sides: strict when built to be sent, lenient when parsed
  from a response (validation context ``LENIENT``, which :class:`ResponseModel` passes down).

Every model accepts both the snake_case field name and the wire name, and dumps by wire name.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, Final, Self, get_args, get_origin

from pydantic import (
    BaseModel,
    ConfigDict,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from greengrass_sdk._core.constraints import LENIENT, is_lenient, no_op_when_lenient

__all__ = [
    "REDACTED",
    "AwsModel",
    "EmptyResponse",
    "RequestModel",
    "ResponseMetadata",
    "ResponseModel",
    "SharedModel",
    "is_sensitive_path",
    "models_in",
    "redact_errors",
]

_BASE_CONFIG = ConfigDict(
    validate_by_name=True,
    validate_by_alias=True,
    loc_by_alias=False,
    defer_build=True,
)


_METADATA_KEY: Final = "_response_metadata"

REDACTED: Final = "**redacted**"
"""Shown instead of the value of a member the service model marks ``sensitive``."""


class AwsModel(BaseModel):
    """Common behaviour of every generated model."""

    model_config = _BASE_CONFIG

    _sensitive_members: ClassVar[frozenset[str]] = frozenset()
    """Members whose shape the service model marks ``sensitive``: never shown in a repr or
    an error message."""

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        for name, value in super().__repr_args__():
            if value is not None and name in self._sensitive_members:
                yield name, REDACTED
            else:
                yield name, value

    def to_wire(self) -> dict[str, Any]:
        """Return the members as the service expects them: wire names, unset members left out."""
        return self.model_dump(by_alias=True, exclude_none=True)


class RequestModel(AwsModel):
    """A shape that is only ever sent: validated strictly."""

    model_config = ConfigDict(**_BASE_CONFIG, extra="forbid", revalidate_instances="always")


@dataclass(frozen=True)
class ResponseMetadata:
    """What the SDK knows about the HTTP exchange that produced a response.

    Attributes:
        request_id: The AWS request id (quote it in support cases).
        http_status_code: The HTTP status of the successful attempt.
        headers: The HTTP response headers (lower-case names).
        attempts: How many requests the call sent (1 = no retry).
    """

    request_id: str | None = None
    http_status_code: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    attempts: int = 1

    @classmethod
    def from_botocore(cls, meta: Mapping[str, Any], attempts: int) -> ResponseMetadata:
        """Build from botocore's ``ResponseMetadata`` dict."""
        headers: Mapping[str, str] = meta.get("HTTPHeaders", {})
        return cls(
            request_id=meta.get("RequestId") or headers.get("x-amzn-requestid"),
            http_status_code=meta.get("HTTPStatusCode"),
            headers=dict(headers),
            attempts=attempts,
        )


class ResponseModel(AwsModel):
    """A shape that is only ever received: parsed leniently, keeping what it does not know."""

    model_config = ConfigDict(**_BASE_CONFIG, extra="allow")

    # No pydantic private attribute: declaring one makes pydantic-core call a Python
    # ``model_post_init`` for every nested object of every response. The metadata lives in
    # ``__pydantic_private__`` (so copies, pickles and equality keep treating it as private
    # state) and only the top-level response of a call gets it (:meth:`_attach_metadata`).

    @property
    def response_metadata(self) -> ResponseMetadata | None:
        """Request id, status, headers and attempt count of the call (None if not from a call)."""
        private = self.__pydantic_private__
        return None if private is None else private.get(_METADATA_KEY)

    def _attach_metadata(self, metadata: ResponseMetadata) -> None:
        """Record how this (top-level) response was received."""
        object.__setattr__(self, "__pydantic_private__", {_METADATA_KEY: metadata})

    def __init__(self, /, **data: Any) -> None:
        self.__pydantic_validator__.validate_python(data, self_instance=self, context=LENIENT)

    # Direct construction (``ResponseModel(...)``) goes through ``__init__`` above, for the
    # lenient context; marking it as pydantic's own keeps pydantic-core from calling it for
    # every nested object while parsing (those already inherit the parse's context).
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def model_validate(
        cls,
        obj: Any,
        *,
        strict: bool | None = None,
        extra: Any | None = None,
        from_attributes: bool | None = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        """Parse leniently (see class docstring); an explicit ``context`` wins."""
        return super().model_validate(
            obj,
            strict=strict,
            extra=extra,
            from_attributes=from_attributes,
            context=LENIENT if context is None else context,
            by_alias=by_alias,
            by_name=by_name,
        )

    @classmethod
    def model_validate_json(
        cls,
        json_data: str | bytes | bytearray,
        *,
        strict: bool | None = None,
        extra: Any | None = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        """Parse JSON leniently (see class docstring); an explicit ``context`` wins."""
        return super().model_validate_json(
            json_data,
            strict=strict,
            extra=extra,
            context=LENIENT if context is None else context,
            by_alias=by_alias,
            by_name=by_name,
        )


class EmptyResponse(ResponseModel):
    """The response of an operation that returns no members (only its metadata)."""


@functools.cache
def _member_lookup(cls: type[AwsModel]) -> dict[str, str]:
    """Map wire names and field names to field names."""
    lookup: dict[str, str] = {}
    for name, info in cls.model_fields.items():
        lookup[name] = name
        if info.alias:
            lookup[info.alias] = name
    return lookup


@functools.cache
def _required_keys(cls: type[SharedModel]) -> tuple[tuple[str, ...], ...]:
    """For each required member of ``cls``, the keys it may be given by (name, wire name)."""
    keys = []
    for name in cls._required_members:
        alias = cls.model_fields[name].alias
        keys.append((name, alias) if alias and alias != name else (name,))
    return tuple(keys)


def _as_mapping(data: Any) -> dict[str, Any] | None:
    if isinstance(data, dict):
        return data
    if isinstance(data, BaseModel):
        members = dict(data.__dict__)
        members.update(data.__pydantic_extra__ or {})
        return members
    return None


def _rebuild_error(error: Any) -> InitErrorDetails:
    message = str(error["msg"]).replace("{", "{{").replace("}", "}}")
    return InitErrorDetails(
        type=PydanticCustomError(str(error["type"]), message),
        loc=tuple(error["loc"]),
        input=error.get("input"),
    )


class SharedModel(AwsModel):
    """A shape both sent and received: strict when sent, lenient when parsed from a response."""

    model_config = ConfigDict(**_BASE_CONFIG, extra="allow", revalidate_instances="always")

    _required_members: ClassVar[tuple[str, ...]] = ()
    """Members the service model marks as required (snake_case), checked only when sending:
    the fields themselves are optional so that a received shape may lack them."""

    @model_validator(mode="wrap")
    @classmethod
    @no_op_when_lenient  # lenient: exactly handler(data)
    def _strict_when_sending(
        cls, data: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> Any:
        if is_lenient(info):
            return handler(data)
        # Fast paths (this runs in Python for every nested shared object of a request):
        # nothing unknown and every required member present.
        if isinstance(data, dict):
            if data.keys() <= _member_lookup(cls).keys() and all(
                any(data.get(key) is not None for key in keys) for keys in _required_keys(cls)
            ):
                return handler(data)
        elif (
            isinstance(data, cls)
            and not data.__pydantic_extra__
            and all(getattr(data, name) is not None for name in cls._required_members)
        ):
            return handler(data)
        members = _as_mapping(data)
        if members is None:
            return handler(data)
        lookup = _member_lookup(cls)
        problems: list[InitErrorDetails] = [
            InitErrorDetails(type="extra_forbidden", loc=(key,), input=value)
            for key, value in members.items()
            if key not in lookup
        ]
        present = {
            lookup[key] for key, value in members.items() if key in lookup and value is not None
        }
        problems += [
            InitErrorDetails(type="missing", loc=(name,), input=data)
            for name in cls._required_members
            if name not in present
        ]
        if not problems:
            return handler(data)
        known = {key: value for key, value in members.items() if key in lookup}
        try:
            handler(known)
        except ValidationError as exc:
            problems = [_rebuild_error(error) for error in exc.errors()] + problems
        raise ValidationError.from_exception_data(cls.__name__, problems)


def models_in(annotation: Any) -> Iterator[type[AwsModel]]:
    """The model classes an annotation can hold (through Optional, list, dict, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, AwsModel):
        yield annotation
        return
    origin = get_origin(annotation)
    if origin is None:
        return
    args = get_args(annotation)
    if origin is Annotated:
        args = args[:1]
    for arg in args:
        yield from models_in(arg)


def is_sensitive_path(model: type[AwsModel], loc: Sequence[Any]) -> bool:
    """Whether the member at ``loc`` (a pydantic error location) is, or is inside, a secret.

    A secret is a member whose shape the service model marks ``sensitive``.
    """
    current: list[type[AwsModel]] = [model]
    for part in loc:
        if not isinstance(part, str):
            continue  # a list index or a map key
        nested: list[type[AwsModel]] = []
        for cls in current:
            name = _member_lookup(cls).get(part)
            if name is None:
                continue
            if name in cls._sensitive_members:
                return True
            nested.extend(models_in(cls.model_fields[name].annotation))
        if nested:
            current = nested
    return False


def redact_errors(model: type[AwsModel], errors: list[Any]) -> list[Any]:
    """Pydantic error entries of ``model``, with the ``input`` of secret members replaced.

    The rule (``type``, ``msg``) stays; the value becomes :data:`REDACTED`.
    """
    for entry in errors:
        if is_sensitive_path(model, entry["loc"]):
            entry["input"] = REDACTED
            entry.pop("ctx", None)
    return errors
