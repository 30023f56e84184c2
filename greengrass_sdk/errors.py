"""The public exception tree of greengrass_sdk.

* :class:`GreengrassError` — root of everything the SDK raises on purpose.
* :class:`RequestValidationError` — a request failed validation; nothing was sent.
* :class:`ServiceError` — the service answered with an error. One subclass per modelled error
  name (``ThrottlingException``, ``ConflictException`` ...) catches that error from any service;
  each service's own subclasses (in ``greengrass_sdk.<service>.errors``, also reachable as
  ``client.exceptions``) derive from these and carry the error shape's fields in ``details``.
* :class:`TransportError` — no usable answer: :class:`EndpointConnectionError`,
  :class:`RequestTimeoutError`.
* :class:`CredentialsError` — no credentials to sign with; nothing was sent.
* :class:`ConfigurationError` — no region, a bad endpoint or conflicting connection settings;
  :class:`ClientClosedError` — a call on a client that is not open;
  :class:`ClientUsageError` — a method called the wrong way (a ``TypeError`` too).
* :class:`ResponseParseError` — a response that cannot be read at all (not JSON, cut short,
  not UTF-8, the wrong top-level type, nested too deeply); not retried.
* :class:`ResponseValidationError` — a response no model of the operation can hold.
* :class:`PaginationError`, :class:`WaiterError` — misbehaving listings and failed waits.
"""

from __future__ import annotations

from greengrass_sdk._core.exceptions import (
    ClientClosedError,
    ClientUsageError,
    ConfigurationError,
    CredentialsError,
    EndpointConnectionError,
    GreengrassError,
    PaginationError,
    RequestTimeoutError,
    RequestValidationError,
    ResponseParseError,
    ResponseValidationError,
    ServiceError,
    TransportError,
    WaiterError,
    WaiterTimeoutError,
)
from greengrass_sdk._modeled_errors import (
    AccessDeniedException,
    BadRequestException,
    ConflictException,
    InternalServerErrorException,
    InternalServerException,
    RequestAlreadyInProgressException,
    ResourceNotFoundException,
    ServiceQuotaExceededException,
    ThrottlingException,
    ValidationException,
)

__all__ = [
    "AccessDeniedException",
    "BadRequestException",
    "ClientClosedError",
    "ClientUsageError",
    "ConfigurationError",
    "ConflictException",
    "CredentialsError",
    "EndpointConnectionError",
    "GreengrassError",
    "InternalServerErrorException",
    "InternalServerException",
    "PaginationError",
    "RequestAlreadyInProgressException",
    "RequestTimeoutError",
    "RequestValidationError",
    "ResourceNotFoundException",
    "ResponseParseError",
    "ResponseValidationError",
    "ServiceError",
    "ServiceQuotaExceededException",
    "ThrottlingException",
    "TransportError",
    "ValidationException",
    "WaiterError",
    "WaiterTimeoutError",
]
