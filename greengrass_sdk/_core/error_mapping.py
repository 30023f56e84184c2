"""Turn botocore/aiohttp exceptions into greengrass_sdk's exception tree."""

from __future__ import annotations

import asyncio
import email.utils
import json
import math
import time
from collections.abc import Mapping
from datetime import UTC
from typing import Any

import aiohttp
from botocore import exceptions as boto_errors
from pydantic import ValidationError

from greengrass_sdk._core.exceptions import (
    ConfigurationError,
    CredentialsError,
    EndpointConnectionError,
    GreengrassError,
    RequestTimeoutError,
    RequestValidationError,
    ServiceError,
)
from greengrass_sdk._core.operation import ServiceSpec
from greengrass_sdk._core.raw_response import RETRY_AFTER_HEADER, last_raw_response

__all__ = ["map_exception", "map_setup_exception", "parse_retry_after"]

_NOT_MEMBERS = ("Error", "ResponseMetadata")


def _positive_seconds(value: float) -> float | None:
    """``value`` if it is a usable delay; 0, negative, NaN and infinity are not."""
    if math.isfinite(value) and value > 0:
        return value
    return None


def _seconds_from_header(raw: str) -> float | None:
    raw = raw.strip()
    try:
        return _positive_seconds(float(raw))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; a zone-less one is read as GMT too
        when = when.replace(tzinfo=UTC)
    return _positive_seconds(when.timestamp() - time.time())


def parse_retry_after(headers: Mapping[str, str], body: Mapping[str, Any]) -> float | None:
    """Seconds the service asked to wait, or None when it did not say anything usable.

    Read, in order, from ``retry-after-ms``, ``Retry-After`` (seconds, fractions of a second,
    or an HTTP date), and a modelled ``retryAfterSeconds`` member. A value that is 0, negative,
    NaN, infinite or unreadable counts as not said, so the policy's own backoff applies (a
    server answering ``Retry-After: 0`` must not turn retries into a busy loop). The policy
    caps what is returned (``RetryPolicy.max_retry_after``).
    """
    lowered = {key.lower(): value for key, value in headers.items()}
    if "retry-after-ms" in lowered:
        try:
            waited = _positive_seconds(float(lowered["retry-after-ms"]) / 1000)
        except ValueError:
            waited = None
        if waited is not None:
            return waited
    raw = lowered.get(RETRY_AFTER_HEADER, lowered.get("retry-after"))
    if raw is not None:
        waited = _seconds_from_header(str(raw))
        if waited is not None:
            return waited
    for key in ("retryAfterSeconds", "RetryAfterSeconds"):
        value = body.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return _positive_seconds(float(value))
    return None


def _details(cls: type[ServiceError], members: Mapping[str, Any]) -> Any:
    """The error shape's members as a model, without those of the wrong type.

    An error must never fail to be reported because its body is odd (``"message": 5``).
    """
    if cls.shape is None:
        return None
    try:
        return cls.shape.model_validate(members)
    except ValidationError as exc:
        bad = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
        known = {key: value for key, value in members.items() if key not in bad}
        try:
            return cls.shape.model_validate(known)
        except ValidationError:
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
    details = _details(cls, members)
    status = meta.get("HTTPStatusCode")
    message = info.get("Message") or members.get("message") or members.get("Message") or ""
    return cls(
        message if isinstance(message, str) else json.dumps(message, default=str)[:500],
        code=code,
        status_code=int(status) if status is not None else None,
        request_id=meta.get("RequestId") or headers.get("x-amzn-requestid"),
        retry_after=parse_retry_after(headers, members),
        operation=operation,
        service=service.name,
        response=response,
        details=details,
    )


def map_setup_exception(error: BaseException, what: str) -> GreengrassError | None:
    """Our exception for a failure that happens before anything is sent, or None.

    Args:
        error: What botocore or aiohttp raised.
        what: The operation, or what was being set up (e.g. ``opening the greengrassv2
            client``), for the message.
    """
    if isinstance(error, GreengrassError):
        return error
    if isinstance(
        error,
        boto_errors.NoCredentialsError
        | boto_errors.PartialCredentialsError
        | boto_errors.CredentialRetrievalError
        | boto_errors.UnknownCredentialError
        | boto_errors.NoAuthTokenError
        | boto_errors.TokenRetrievalError
        | boto_errors.SSOError
        | boto_errors.LoginError
        | boto_errors.RefreshWithMFAUnsupportedError
        | boto_errors.ProfileNotFound,
    ):
        return CredentialsError(
            f"{what}: no AWS credentials to sign the request with ({error}); set them "
            "in the environment, a profile, or the client's aws_access_key_id/secret arguments"
        )
    if isinstance(error, boto_errors.NoRegionError):
        return ConfigurationError(
            f"{what}: no AWS region configured; pass region_name= or set AWS_REGION / "
            "AWS_DEFAULT_REGION or a profile's region"
        )
    if isinstance(
        error,
        boto_errors.BaseEndpointResolverError
        | boto_errors.EndpointProviderError
        | boto_errors.InvalidRegionError
        | boto_errors.InvalidEndpointConfigurationError
        | boto_errors.UnknownServiceError
        | boto_errors.InvalidConfigError
        | boto_errors.InvalidRetryConfigurationError
        | boto_errors.InvalidProxiesConfigError
        | boto_errors.ConfigParseError
        | boto_errors.InvalidDNSNameError
        | boto_errors.InvalidHostLabelError,
    ):
        return ConfigurationError(f"{what}: {type(error).__name__}: {error}")
    if isinstance(error, ValueError) and "endpoint" in str(error).lower():
        # botocore refuses a malformed endpoint_url with a bare ValueError
        return ConfigurationError(f"{what}: {error}")
    return None


def map_exception(error: BaseException, service: ServiceSpec, operation: str) -> GreengrassError:
    """Our exception for anything that escaped one attempt of ``operation``.

    Transport failures become :class:`TransportError` subclasses (retried by the policy); a
    response that botocore could not read becomes :class:`ResponseParseError` (not retried);
    configuration and credential problems their own classes. Nothing else leaves: an
    unexpected exception after a response arrived is a parse error of that response; one
    before any response is reported as a plain :class:`GreengrassError` (not retried).
    """
    if isinstance(error, boto_errors.ClientError):
        return _service_error(error, service, operation)
    setup = map_setup_exception(error, operation)
    if setup is not None:
        return setup
    if isinstance(
        error, boto_errors.ReadTimeoutError | boto_errors.ConnectTimeoutError | asyncio.TimeoutError
    ):
        return RequestTimeoutError(f"{operation}: timed out ({error})", operation=operation)
    if isinstance(
        error,
        boto_errors.ConnectionError  # endpoint, proxy, SSL and connect-timeout failures
        | boto_errors.HTTPClientError  # closed connection, read timeout, streaming errors
        | boto_errors.IncompleteReadError
        | aiohttp.ClientError
        | ConnectionError
        | OSError,
    ):
        return EndpointConnectionError(
            f"{operation}: no response from the endpoint ({type(error).__name__}: {error})",
            operation=operation,
        )
    raw = last_raw_response()
    if raw is not None:
        return raw.parse_error(f"botocore could not read it ({type(error).__name__}: {error})")
    if isinstance(error, boto_errors.ValidationError | boto_errors.ParamValidationError):
        return RequestValidationError(
            operation, [{"loc": (), "type": "botocore_validation", "msg": str(error)}]
        )
    return GreengrassError(
        f"{operation}: unexpected {type(error).__name__} before any response arrived: {error}"
    )
