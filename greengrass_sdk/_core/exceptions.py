"""Hand-written exception classes (``greengrass_sdk.errors`` re-exports them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from greengrass_sdk._core.models import AwsModel, ResponseModel, redact_errors

if TYPE_CHECKING:
    from pydantic import ValidationError

__all__ = [
    "ClientClosedError",
    "ClientUsageError",
    "ConfigurationError",
    "CredentialsError",
    "EndpointConnectionError",
    "GreengrassError",
    "PaginationError",
    "RequestTimeoutError",
    "RequestValidationError",
    "ResponseParseError",
    "ResponseValidationError",
    "ServiceError",
    "TransportError",
    "WaiterError",
    "WaiterTimeoutError",
]


class GreengrassError(Exception):
    """Root of every error raised by greengrass_sdk."""


class ServiceError(GreengrassError):
    """The service answered with an error.

    Attributes:
        code: The error code (``x-amzn-ErrorType``), e.g. ``ThrottlingException``.
        message: The service's message.
        status_code: The HTTP status.
        request_id: The AWS request id, for support cases.
        retry_after: Seconds the service asked to wait (``Retry-After``), if it said.
        operation: The operation that was called.
        service: The botocore service name.
        details: The error shape's members as a model, when the error is modelled.
        response: The raw error response as botocore parsed it.
    """

    shape: ClassVar[type[ResponseModel] | None] = None
    """Model of the error shape, set on the per-service subclasses."""

    def __init__(
        self,
        message: str = "",
        *,
        code: str = "",
        status_code: int | None = None,
        request_id: str | None = None,
        retry_after: float | None = None,
        operation: str = "",
        service: str = "",
        response: Mapping[str, Any] | None = None,
        details: ResponseModel | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or type(self).__name__
        self.status_code = status_code
        self.request_id = request_id
        self.retry_after = retry_after
        self.operation = operation
        self.service = service
        self.response: Mapping[str, Any] = response or {}
        self.details = details

    def __str__(self) -> str:
        where = f"{self.operation}: " if self.operation else ""
        status = f" (HTTP {self.status_code})" if self.status_code else ""
        request = f" [request id {self.request_id}]" if self.request_id else ""
        return f"{where}{self.code}{status}: {self.message}{request}"


class RequestValidationError(GreengrassError, ValueError):
    """A request did not pass validation, so nothing was sent.

    Attributes:
        operation: The operation that was called (e.g. ``CreateDeployment``).
        errors: One entry per problem: ``loc`` (path to the field), ``type`` (the rule), ``msg``.
    """

    def __init__(self, operation: str, errors: Sequence[Mapping[str, Any]]) -> None:
        self.operation = operation
        self.errors = [dict(error) for error in errors]
        lines = [
            f"  {_path(e['loc']) or '(request)'}: {e['msg']} [{e['type']}]" for e in self.errors
        ]
        count = len(self.errors)
        plural = "s" if count != 1 else ""
        super().__init__(
            f"{operation}: {count} invalid field{plural}, nothing was sent\n" + "\n".join(lines)
        )

    @classmethod
    def from_pydantic(
        cls, operation: str, error: ValidationError, model: type[AwsModel] | None = None
    ) -> RequestValidationError:
        """Wrap a pydantic ``ValidationError`` raised while building a request.

        The ``input`` of an entry about a member ``model`` marks sensitive is replaced by
        ``"**redacted**"`` (the rule is kept, the value is not).
        """
        errors = error.errors(include_url=False)
        return cls(operation, redact_errors(model, errors) if model is not None else errors)

    @property
    def fields(self) -> list[str]:
        """Dotted paths of the offending fields, in the order reported."""
        return [_path(e["loc"]) for e in self.errors]


def _path(loc: Sequence[Any]) -> str:
    """Readable path of an error location: ``cores.0.thing_arn``, ``tags.[key 'a b']``."""
    parts: list[str] = []
    for part in loc:
        if part == "[key]" and parts:
            parts[-1] = f"[key {parts[-1]!r}]"
        else:
            parts.append(str(part))
    return ".".join(parts)


class TransportError(GreengrassError):
    """No usable response arrived (connection refused or dropped, timeout).

    Attributes:
        operation: The operation that was called.
    """

    def __init__(self, message: str, *, operation: str = "") -> None:
        super().__init__(message)
        self.operation = operation


class EndpointConnectionError(TransportError):
    """The endpoint could not be reached, or it closed the connection without answering."""


class RequestTimeoutError(TransportError):
    """Connecting or reading took longer than the configured timeout."""


class ResponseValidationError(GreengrassError):
    """A response could not be read even leniently (a member of the wrong type).

    Responses tolerate unknown members, unknown enum values and out-of-range values; this is
    raised only for data no model of the operation can hold.

    Attributes:
        operation: The operation that was called.
        body: The response as botocore parsed it.
        errors: The problems, as pydantic reports them.
    """

    def __init__(self, operation: str, body: Mapping[str, Any], errors: Sequence[Any]) -> None:
        self.operation = operation
        self.body = body
        self.errors = list(errors)
        where = ", ".join(_path(e["loc"]) for e in self.errors[:5])
        super().__init__(f"{operation}: the response does not fit its model ({where})")


class ResponseParseError(GreengrassError):
    """A response arrived but could not be read.

    It was not JSON, cut short, not UTF-8, nested too deeply, of the wrong top-level type, or
    held a value botocore cannot decode (a bad timestamp or base64 blob). Not retried: the
    same request would most likely get the same answer.

    Attributes:
        operation: The operation that was called.
        status_code: The HTTP status of the response.
        request_id: The AWS request id, if the response carried one.
        excerpt: The start of the body (at most ``EXCERPT_LIMIT``, 200, characters).
        reason: What was wrong with it.
    """

    EXCERPT_LIMIT: ClassVar[int] = 200

    def __init__(
        self,
        reason: str,
        *,
        operation: str = "",
        status_code: int | None = None,
        request_id: str | None = None,
        body: bytes = b"",
    ) -> None:
        self.reason = reason
        self.operation = operation
        self.status_code = status_code
        self.request_id = request_id
        self.excerpt = body[: self.EXCERPT_LIMIT].decode("utf-8", "backslashreplace")
        status = f" (HTTP {status_code})" if status_code is not None else ""
        request = f" [request id {request_id}]" if request_id else ""
        more = "..." if len(body) > self.EXCERPT_LIMIT else ""
        super().__init__(
            f"{operation}: unreadable response{status}: {reason}; body starts "
            f"{self.excerpt!r}{more}{request}"
        )


class CredentialsError(GreengrassError):
    """No AWS credentials were found to sign the request (nothing was sent)."""


class ConfigurationError(GreengrassError, ValueError):
    """The client cannot be set up or cannot build a request; nothing was sent.

    No region, an unknown or malformed endpoint, conflicting connection settings, or another
    botocore configuration error.
    """


class PaginationError(GreengrassError):
    """A listing misbehaved, or went on longer than allowed.

    The service sent the same continuation token twice, or the walk went past its page limit
    or its deadline.
    """


class WaiterError(GreengrassError):
    """A waited-for resource reached a final state other than the one hoped for.

    Attributes:
        state: The final state observed.
        last_response: The last response received.
    """

    def __init__(self, message: str, *, state: str, last_response: Any) -> None:
        super().__init__(message)
        self.state = state
        self.last_response = last_response


class WaiterTimeoutError(WaiterError):
    """The waited-for resource did not reach a final state in time."""


class ClientClosedError(GreengrassError, RuntimeError):
    """A call was made on a client that is not open (use ``async with`` or ``open()``)."""


class ClientUsageError(GreengrassError, TypeError):
    """A method was called the wrong way (e.g. both ``request=`` and keyword fields)."""
