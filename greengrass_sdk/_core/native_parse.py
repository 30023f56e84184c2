"""Success responses parsed in one native pass: the body's bytes straight into the output model.

botocore parses a JSON response in Python (a shape walk with a ``dateutil`` conversion per
timestamp), then the SDK validates the resulting dict again. For a success response whose
output lives entirely in the JSON body, pydantic-core can do both at once from the raw bytes
(``model_validate_json``: epoch-second timestamps and base64 blobs decoded natively), with the
model's response-side validator (:mod:`greengrass_sdk._core.response_validator`), which leaves
out the request-side checks that do nothing on a response.

:class:`NativeParserFactory` wraps the response-parser factory of an aiobotocore client the
SDK owns (``client._endpoint._response_parser_factory``, the factory aiobotocore's
``AioEndpoint._do_get_response`` asks for a parser after the ``before-parse`` event). Its
parser takes the native path only when all of these hold, and hands everything else to
botocore's own parser unchanged:

* the SDK's pipeline is making the call (:func:`expecting` names the output model);
* the status is a success (< 300): error responses keep botocore's parser;
* the output shape binds no member to a header, the status code or the raw payload, holds no
  blob anywhere (pydantic would read base64 text as its UTF-8 bytes; only ``GetComponent`` and
  ``ResolveComponentCandidates`` carry one) and renames no member on the wire;
* the body is bytes (not a stream) and the model accepts it. A body the model refuses (a
  timestamp or blob it cannot read, a wrong type) goes to botocore's parser, so that what is
  reported for it stays exactly what it was.

A success body that is not a JSON object is refused with a ``ResponseParseError``: by the
``before-parse`` check (:mod:`greengrass_sdk._core.raw_response`), or, on the SDK's own clients
(which set ``parser_checks_success_body``), here, so that the body is decoded once, natively,
when the model takes it, and in Python only when it does not.

Unlike botocore's parser, which drops members the model does not know, the native path keeps
them (the response models allow extra members).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any, Final

from pydantic import ValidationError

from greengrass_sdk._core.models import ResponseModel
from greengrass_sdk._core.raw_response import (
    RawResponse,
    last_raw_response,
    parser_checks_success_body,
    success_body_problem,
)
from greengrass_sdk._core.response_validator import validate_response_json

__all__ = ["NATIVE_RESPONSE", "NativeParserFactory", "expecting"]

NATIVE_RESPONSE: Final = "__greengrass_sdk_native_response__"
"""Key of the parsed dict under which the native path returns the validated model."""

_JSON_PROTOCOLS: Final = frozenset({"rest-json", "json"})

_expected: contextvars.ContextVar[type[ResponseModel] | None] = contextvars.ContextVar(
    "greengrass_sdk_expected_output", default=None
)


@contextlib.contextmanager
def expecting(model: type[ResponseModel]) -> Iterator[None]:
    """Within the block, a success response of this task is parsed into ``model`` natively."""
    token = _expected.set(model)
    try:
        yield
    finally:
        _expected.reset(token)


def _body_only(shape: Any) -> bool:
    """Whether the output ``shape`` reads every member from the JSON body, as the model does.

    True when no member is bound to a header, the status code or the payload, and every shape
    reachable from it holds no blob and gives no member a JSON name other than its own (V1's
    ``GetConnectivityInfo`` reads ``connectivityInfo`` from ``ConnectivityInfo``; botocore's
    parser does that renaming, the model's aliases are the member names).
    """
    if "payload" in shape.serialization:
        return False
    if any("location" in member.serialization for member in shape.members.values()):
        return False
    return _plain_json(shape, set())


def _plain_json(shape: Any, seen: set[str]) -> bool:
    if shape.name in seen:
        return True
    seen.add(shape.name)
    kind = shape.type_name
    if kind == "blob":
        return False
    if kind == "structure":
        for name, member in shape.members.items():
            if member.serialization.get("name", name) != name or not _plain_json(member, seen):
                return False
    elif kind == "list":
        return _plain_json(shape.member, seen)
    elif kind == "map":
        return _plain_json(shape.key, seen) and _plain_json(shape.value, seen)
    return True


class _NativeJsonParser:
    """A JSON-protocol response parser that validates success bodies natively."""

    def __init__(self, botocore_parser: Any, body_only: dict[str, bool]) -> None:
        self._botocore = botocore_parser
        self._body_only = body_only

    async def parse(self, response: dict[str, Any], shape: Any) -> Any:
        model = _expected.get()
        body = response.get("body")
        success = response.get("status_code", 500) < 300
        if (
            model is None
            or shape is None
            or not success
            or not isinstance(body, bytes | bytearray)
            or not self._reads_body_only(shape)
        ):
            if success and shape is not None and isinstance(body, bytes | bytearray):
                self._check_success_body(response, bytes(body))
            return await self._botocore.parse(response, shape)
        try:
            parsed = validate_response_json(model, body or b"{}")
        except ValidationError:
            self._check_success_body(response, bytes(body))
            return await self._botocore.parse(response, shape)
        headers = response["headers"]
        lower = {str(key).lower(): value for key, value in headers.items()}
        metadata: dict[str, Any] = {"HTTPStatusCode": response["status_code"]}
        request_id = lower.get("x-amzn-requestid") or lower.get("x-amz-request-id")
        if request_id is not None:
            metadata["RequestId"] = request_id
        metadata["HTTPHeaders"] = lower
        return {NATIVE_RESPONSE: parsed, "ResponseMetadata": metadata}

    @staticmethod
    def _check_success_body(response: dict[str, Any], body: bytes) -> None:
        """The ``before-parse`` check, when it was left to this parser (it is for our clients)."""
        if not parser_checks_success_body.get():
            return
        problem = success_body_problem(body, has_output=True)
        if problem is None:
            return
        raw = last_raw_response() or RawResponse("", response.get("status_code", 0), None, body)
        raise raw.parse_error(problem)

    def _reads_body_only(self, shape: Any) -> bool:
        known = self._body_only.get(shape.name)
        if known is None:
            known = self._body_only[shape.name] = _body_only(shape)
        return known

    def __getattr__(self, name: str) -> Any:
        # Anything else aiobotocore may ask of a parser is botocore's.
        return getattr(self._botocore, name)


class NativeParserFactory:
    """Wraps a client's response-parser factory; see the module docstring.

    Args:
        botocore_factory: The factory the client was created with.
    """

    def __init__(self, botocore_factory: Any) -> None:
        self._botocore = botocore_factory
        self._body_only: dict[str, bool] = {}

    def create_parser(self, protocol_name: str) -> Any:
        """The parser for ``protocol_name``: native for JSON protocols, else botocore's."""
        parser = self._botocore.create_parser(protocol_name)
        if protocol_name not in _JSON_PROTOCOLS:
            return parser
        return _NativeJsonParser(parser, self._body_only)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._botocore, name)
