"""What the wire sent, checked before botocore's parser reads it.

botocore's REST-JSON parser is forgiving in ways that hide failures: a body that is not JSON
becomes ``{"message": <body>}`` (so a truncated 200 parses as an empty success), a top-level
list or string raises ``AttributeError`` deep inside it, and a ``Retry-After`` header that
the model binds to an integer member raises ``ValueError`` when it holds an HTTP date. The hook
registered here runs on botocore's ``before-parse`` event of every call and:

* refuses a successful body that is not a UTF-8 JSON object (:class:`ResponseParseError`);
* turns an error body that is not a JSON object into one (``{"message": <excerpt>}``), so the
  error is still typed from its status and ``x-amzn-ErrorType``;
* decompresses a gzip/deflate body (aiobotocore asks for ``identity`` but does not check);
* moves an error's ``Retry-After`` out of botocore's reach (our own parser reads it, see
  :func:`greengrass_sdk._core.error_mapping.parse_retry_after`);
* remembers the raw status, request id and body of the call, so that a failure later in
  botocore's parser (a bad timestamp, a bad base64 blob) is reported with them.
"""

from __future__ import annotations

import contextvars
import json
import zlib
from typing import Any, Final

from greengrass_sdk._core.exceptions import ResponseParseError

__all__ = [
    "RETRY_AFTER_HEADER",
    "RawResponse",
    "check_before_parse",
    "last_raw_response",
    "parser_checks_success_body",
    "reset_raw_response",
    "success_body_problem",
]

RETRY_AFTER_HEADER: Final = "x-greengrass-sdk-retry-after"
"""Where the hook keeps the service's ``Retry-After`` value, hidden from botocore's parser."""

MAX_DECOMPRESSED: Final = 64 * 1024 * 1024
"""Largest decompressed body accepted (a guard against compression bombs)."""

_REQUEST_ID_HEADERS: Final = ("x-amzn-requestid", "x-amz-request-id", "x-amzn-request-id")


class RawResponse:
    """The HTTP status, request id and body of the response botocore is about to parse."""

    # A plain class: a @dataclass would cost about 0.4 ms at import (issue #15, cold start).
    __slots__ = ("body", "operation", "request_id", "status_code")

    def __init__(self, operation: str, status_code: int, request_id: str | None, body: bytes):
        self.operation = operation
        self.status_code = status_code
        self.request_id = request_id
        self.body = body

    def __repr__(self) -> str:
        return (
            f"RawResponse({self.operation!r}, {self.status_code}, {self.request_id!r}, "
            f"<{len(self.body)} bytes>)"
        )

    def parse_error(self, reason: str) -> ResponseParseError:
        """A :class:`ResponseParseError` about this response."""
        return ResponseParseError(
            reason,
            operation=self.operation,
            status_code=self.status_code,
            request_id=self.request_id,
            body=self.body,
        )


_last: contextvars.ContextVar[RawResponse | None] = contextvars.ContextVar(
    "greengrass_sdk_raw_response", default=None
)

parser_checks_success_body: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "greengrass_sdk_parser_checks_success_body", default=False
)
"""Set while a client whose response parser is the SDK's own sends: a success body is then
checked by that parser (:mod:`greengrass_sdk._core.native_parse`), which decodes it once
natively instead of this hook decoding it a first time in Python."""


def last_raw_response() -> RawResponse | None:
    """The response the current task's latest call received, if one arrived."""
    return _last.get()


def reset_raw_response() -> None:
    """Forget the previous response (called before each attempt)."""
    _last.set(None)


def _decompress(body: bytes, encoding: str, raw: RawResponse) -> bytes:
    wbits = 16 + zlib.MAX_WBITS if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
    inflater = zlib.decompressobj(wbits)
    try:
        out = inflater.decompress(body, MAX_DECOMPRESSED)
    except zlib.error as exc:
        raise raw.parse_error(f"Content-Encoding {encoding} but the body is not ({exc})") from None
    if inflater.unconsumed_tail:
        raise raw.parse_error(f"body decompresses to more than {MAX_DECOMPRESSED} bytes")
    return out


def _decode_json(body: bytes) -> tuple[Any, str | None]:
    """The decoded body, or (None, why it could not be decoded)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"body is not UTF-8 ({exc.reason} at byte {exc.start})"
    try:
        return json.loads(text), None
    except RecursionError:
        return None, "JSON nested too deeply to read"
    except ValueError as exc:
        return None, f"body is not valid JSON ({exc})"


def success_body_problem(body: bytes, has_output: bool) -> str | None:
    """Why a success body of a JSON-protocol operation cannot be read, or None if it can.

    An empty body, and any body of an operation without output, is fine; anything else must
    be a UTF-8 JSON object.
    """
    if not body.strip() or not has_output:
        return None
    return _json_object_problem(body)


def _json_object_problem(body: bytes) -> str | None:
    decoded, problem = _decode_json(body)
    if problem is None and not isinstance(decoded, dict):
        problem = f"expected a JSON object, got a JSON {type(decoded).__name__}"
    return problem


def _speaks_json(operation_model: Any) -> bool:
    """Whether the operation's service uses a JSON protocol (all three Greengrass/IoT APIs)."""
    protocol = getattr(getattr(operation_model, "service_model", None), "protocol", "rest-json")
    return protocol in ("rest-json", "json")


def check_before_parse(
    response_dict: dict[str, Any], operation_model: Any = None, **_: Any
) -> None:
    """Botocore ``before-parse`` handler (see the module docstring)."""
    headers = response_dict.get("headers")
    if headers is None:
        return
    status = int(response_dict.get("status_code") or 0)
    context = response_dict.get("context") or {}
    body = response_dict.get("body")
    if not isinstance(body, bytes | bytearray):  # a streaming body: nothing to check
        return
    body = bytes(body)
    request_id = next((headers[h] for h in _REQUEST_ID_HEADERS if headers.get(h)), None)
    raw = RawResponse(str(context.get("operation_name", "")), status, request_id, body)
    _last.set(raw)
    retry_after = headers.get("retry-after") if status >= 300 else None
    if retry_after is not None:
        del headers["retry-after"]
        headers[RETRY_AFTER_HEADER] = retry_after
    if not _speaks_json(operation_model):
        return  # S3 and STS (publishing) answer in XML: botocore's own parser reads them
    encoding = str(headers.get("content-encoding") or "").strip().lower()
    if body and encoding in ("gzip", "x-gzip", "deflate"):
        body = _decompress(body, encoding, raw)
        del headers["content-encoding"]
        response_dict["body"] = body
    if status < 300:
        if parser_checks_success_body.get():
            return
        has_output = operation_model is None or operation_model.output_shape is not None
        problem = success_body_problem(body, has_output)
        if problem is not None:
            raise raw.parse_error(problem)
        return
    if not body.strip() or _json_object_problem(body) is None:
        return
    excerpt = body[: ResponseParseError.EXCERPT_LIMIT].decode("utf-8", "backslashreplace")
    response_dict["body"] = json.dumps({"message": excerpt}).encode()
