"""Static descriptions of operations and services, emitted by the generator."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar, cast

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


class OperationSpec(Generic[RequestT, ResponseT]):
    """One operation of a service.

    The generated clients give the models as functions returning them (``lambda: m.X``), so that
    importing a client creates no model class (see :mod:`greengrass_sdk._core.lazy_models`);
    :attr:`input` and :attr:`output` call them once, on first use.

    Args:
        name: The API name, e.g. ``CreateDeployment``.
        method: The botocore client method, e.g. ``create_deployment``.
        input: The request model, or a function returning it.
        output: The response model, or a function returning it.
        token_field: snake_case name of the client-token field, if the operation has one.
        paginator: Paging description, if the operation pages.
    """

    __slots__ = (
        "_input",
        "_load_input",
        "_load_output",
        "_output",
        "method",
        "name",
        "paginator",
        "token_field",
    )

    def __init__(
        self,
        name: str,
        method: str,
        input: type[RequestT] | Callable[[], type[RequestT]],
        output: type[ResponseT] | Callable[[], type[ResponseT]],
        token_field: str | None = None,
        paginator: PaginatorSpec | None = None,
    ) -> None:
        self.name = name
        self.method = method
        self.token_field = token_field
        self.paginator = paginator
        # A class given directly is the model already; a function is called on first use.
        self._input: type[RequestT] | None = input if isinstance(input, type) else None
        self._load_input = input
        self._output: type[ResponseT] | None = output if isinstance(output, type) else None
        self._load_output = output

    @property
    def input(self) -> type[RequestT]:
        """The request model."""
        if self._input is None:
            self._input = cast("Callable[[], type[RequestT]]", self._load_input)()
        return self._input

    @property
    def output(self) -> type[ResponseT]:
        """The response model."""
        if self._output is None:
            self._output = cast("Callable[[], type[ResponseT]]", self._load_output)()
        return self._output

    def __repr__(self) -> str:
        return f"OperationSpec({self.name!r}, {self.method!r})"


@dataclass(frozen=True, slots=True)
class ServiceSpec:
    """A service: its botocore name, its modelled errors by code and its native request checks."""

    name: str
    errors: Mapping[str, type[ServiceError]] = field(default_factory=dict)
    checks: WireChecks | None = None
