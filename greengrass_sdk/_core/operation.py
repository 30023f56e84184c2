"""Static descriptions of operations and services, emitted by the generator."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from greengrass_sdk._core.models import RequestModel, ResponseModel

if TYPE_CHECKING:
    from greengrass_sdk._core.exceptions import ServiceError
    from greengrass_sdk._core.wire_check import WireChecks

__all__ = ["OperationSpec", "PaginatorSpec", "ServiceSpec"]

RequestT = TypeVar("RequestT", bound=RequestModel)
ResponseT = TypeVar("ResponseT", bound=ResponseModel)


# The two specs are plain classes, not dataclasses: the generated clients create them at import,
# and each @dataclass costs about 0.4 ms there (it compiles its methods), paid by every program
# before its first call (issue #15, cold start).


class PaginatorSpec:
    """How an operation pages: snake_case field names of the request and response models."""

    __slots__ = ("input_token", "limit_key", "output_token", "result_key")

    def __init__(
        self, input_token: str, output_token: str, result_key: str, limit_key: str | None = None
    ) -> None:
        self.input_token = input_token
        self.output_token = output_token
        self.result_key = result_key
        self.limit_key = limit_key

    def __repr__(self) -> str:
        return (
            f"PaginatorSpec({self.input_token!r}, {self.output_token!r}, {self.result_key!r}, "
            f"{self.limit_key!r})"
        )


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


class ServiceSpec:
    """A service: its botocore name, its modelled errors by code and its native request checks."""

    __slots__ = ("checks", "errors", "name")

    def __init__(
        self,
        name: str,
        errors: Mapping[str, type[ServiceError]] | None = None,
        checks: WireChecks | None = None,
    ) -> None:
        self.name = name
        self.errors: Mapping[str, type[ServiceError]] = {} if errors is None else errors
        self.checks = checks

    def __repr__(self) -> str:
        return f"ServiceSpec({self.name!r})"
