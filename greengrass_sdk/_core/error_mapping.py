"""Turn botocore/aiohttp exceptions into greengrass_sdk's exception tree."""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import Mapping
from typing import Any

import aiohttp
from botocore import exceptions as boto_errors

from greengrass_sdk._core.exceptions import (
    CredentialsError,
    EndpointConnectionError,
    GreengrassError,
    RequestTimeoutError,
    ServiceError,
)
from greengrass_sdk._core.operation import ServiceSpec

__all__ = ["map_exception", "parse_retry_after"]

_NOT_MEMBERS = ("Error", "ResponseMetadata")


def parse_retry_after(headers: Mapping[str, str], body: Mapping[str, Any]) -> float | None:
    """Seconds the service asked to wait, or None if it did not say.

    Read from ``retry-after-ms``, ``Retry-After`` (seconds or an HTTP date), or a modelled
    ``retryAfterSeconds`` member.
    """
    lowered = {key.lower(): value for key, value in headers.items()}
    if "retry-after-ms" in lowered:
        try:
            return max(0.0, float(lowered["retry-after-ms"]) / 1000)
        except ValueError:
            pass
    raw = lowered.get("retry-after")
    if raw is not None:
        try:
            return max(0.0, float(raw))
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(raw)
            except (TypeError, ValueError):
                when = None
            if when is not None:
                return max(0.0, when.timestamp() - time.time())
    for key in ("retryAfterSeconds", "RetryAfterSeconds"):
        value = body.get(key)
        if isinstance(value, int | float):
            return max(0.0, float(value))
    return None


def _service_error(
    error: boto_errors.ClientError, service: ServiceSpec, operation: str
) -> ServiceError:
    response: Mapping[str, Any] = error.response
    info: Mapping[str, Any] = response.get("Error", {})
    meta: Mapping[str, Any] = response.get("ResponseMetadata", {})
    headers: Mapping[str, str] = meta.get("HTTPHeaders", {})
    code = str(info.get("Code") or "UnknownError")
    members = {key: value for key, value in response.items() if key not in _NOT_MEMBERS}
    cls = service.errors.get(code, ServiceError)
    details = cls.shape.model_validate(members) if cls.shape is not None else None
    status = meta.get("HTTPStatusCode")
    return cls(
        str(info.get("Message") or members.get("message") or members.get("Message") or ""),
        code=code,
        status_code=int(status) if status is not None else None,
        request_id=meta.get("RequestId") or headers.get("x-amzn-requestid"),
        retry_after=parse_retry_after(headers, members),
        operation=operation,
        service=service.name,
        response=response,
        details=details,
    )


def map_exception(
    error: BaseException, service: ServiceSpec, operation: str
) -> GreengrassError | None:
    """Our exception for ``error``, or None when it is not one we translate."""
    if isinstance(error, boto_errors.ClientError):
        return _service_error(error, service, operation)
    if isinstance(error, boto_errors.NoCredentialsError | boto_errors.PartialCredentialsError):
        return CredentialsError(
            f"{operation}: no AWS credentials to sign the request with ({error}); set them in "
            "the environment, a profile, or the client's aws_access_key_id/secret arguments"
        )
    if isinstance(
        error, boto_errors.ReadTimeoutError | boto_errors.ConnectTimeoutError | asyncio.TimeoutError
    ):
        return RequestTimeoutError(f"{operation}: timed out ({error})", operation=operation)
    if isinstance(error, boto_errors.HTTPClientError | aiohttp.ClientError | ConnectionError):
        return EndpointConnectionError(
            f"{operation}: no response from the endpoint ({error})", operation=operation
        )
    return None
