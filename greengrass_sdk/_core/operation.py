"""Static descriptions of operations and services, emitted by the generator."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from greengrass_sdk._core.models import RequestModel, ResponseModel

if TYPE_CHECKING:
    from greengrass_sdk._core.exceptions import ServiceError
    from greengrass_sdk._core.wire_check import WireChecks

__all__ = ["OperationSpec", "PaginatorSpec", "ServiceSpec"]

RequestT = TypeVar("RequestT", bound=RequestModel)
ResponseT = TypeVar("ResponseT", bound=ResponseModel)


@dataclass(frozen=True, slots=True)
class PaginatorSpec:
    """How an operation pages: snake_case field names of the request and response models."""

    input_token: str
    output_token: str
    result_key: str
    limit_key: str | None = None


@dataclass(frozen=True, slots=True)
class OperationSpec(Generic[RequestT, ResponseT]):
    """One operation of a service.

    Attributes:
        name: The API name, e.g. ``CreateDeployment``.
        method: The botocore client method, e.g. ``create_deployment``.
        input: The request model.
        output: The response model.
        token_field: snake_case name of the client-token field, if the operation has one.
        paginator: Paging description, if the operation pages.
    """

    name: str
    method: str
    input: type[RequestT]
    output: type[ResponseT]
    token_field: str | None = None
    paginator: PaginatorSpec | None = None


@dataclass(frozen=True, slots=True)
class ServiceSpec:
    """A service: its botocore name, its modelled errors by code and its native request checks."""

    name: str
    errors: Mapping[str, type[ServiceError]] = field(default_factory=dict)
    checks: WireChecks | None = None
