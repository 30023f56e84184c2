"""The call pipeline: validate, fill the client token once, retry, map errors, parse."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError

from greengrass_sdk._core import tracing
from greengrass_sdk._core.error_mapping import map_exception
from greengrass_sdk._core.exceptions import (
    ClientUsageError,
    GreengrassError,
    RequestValidationError,
    ResponseValidationError,
    ServiceError,
)
from greengrass_sdk._core.idempotency import new_client_token, with_client_token
from greengrass_sdk._core.models import (
    RequestModel,
    ResponseMetadata,
    ResponseModel,
    redact_errors,
)
from greengrass_sdk._core.native_parse import NATIVE_RESPONSE, expecting
from greengrass_sdk._core.operation import OperationSpec, ServiceSpec
from greengrass_sdk._core.raw_response import reset_raw_response
from greengrass_sdk._core.retry import RetryBudget, RetryKind, RetryPolicy, classify
from greengrass_sdk._core.transport import Transport
from greengrass_sdk._core.wire_check import WireChecks

if TYPE_CHECKING:
    from tenacity import RetryCallState

__all__ = ["Invoker", "build_request", "native_wire_params"]

logger = logging.getLogger("greengrass_sdk")

RequestT = TypeVar("RequestT", bound=RequestModel)
ResponseT = TypeVar("ResponseT", bound=ResponseModel)


def build_request(
    op: OperationSpec[RequestT, Any], request: RequestModel | None, fields: Mapping[str, Any]
) -> RequestT:
    """Validate the caller's input into the operation's request model (nothing is sent if bad).

    Raises:
        RequestValidationError: A field is missing, unknown or breaks a rule.
        ClientUsageError: Both ``request=`` and keyword fields were given, or the wrong model.
    """
    if request is not None:
        if fields:
            raise ClientUsageError(
                f"{op.method}(): pass either request= or keyword fields, not both"
            )
        if not isinstance(request, op.input):
            raise ClientUsageError(
                f"{op.method}(): request= must be a {op.input.__name__}, "
                f"not {type(request).__name__}"
            )
    try:
        return op.input.model_validate(request if request is not None else dict(fields))
    except ValidationError as exc:
        raise RequestValidationError.from_pydantic(op.name, exc, op.input) from None


def native_wire_params(
    op: OperationSpec[Any, Any],
    checks: WireChecks | None,
    request: RequestModel | None,
    fields: Mapping[str, Any],
) -> dict[str, Any] | None:
    """The request in wire form with its client token, if the native check accepts it.

    None when it does not: the caller then goes through :func:`build_request`, which gives the
    same wire form for valid input and the validation error for invalid input (see
    :mod:`greengrass_sdk._core.wire_check`). A prebuilt ``request=`` model is dumped (natively)
    and checked once, instead of being validated again by its model.
    """
    if checks is None:
        return None
    if request is None:
        data: Mapping[str, Any] = fields
    elif fields or type(request) is not op.input:
        return None  # usage errors are build_request's to report
    else:
        data = request.model_dump(by_alias=True, exclude_none=True, warnings=False)
    params = checks.wire_params(op.input.__name__, data)
    if params is not None and op.token_field is not None:
        token = _wire_name(op.input, op.token_field)
        if token not in params:
            params[token] = new_client_token()
    return params


_token_wire_names: dict[tuple[type[RequestModel], str], str] = {}


def _wire_name(model: type[RequestModel], field: str) -> str:
    name = _token_wire_names.get((model, field))
    if name is None:
        name = _token_wire_names[model, field] = model.model_fields[field].alias or field
    return name


class _Reservation:
    """Budget tokens one call has taken for its retries.

    Given back as botocore's standard mode does (botocore/retries/standard.py,
    ``RetryQuotaChecker.release_retry_quota``): a call that succeeds after retries returns what
    its retries took. botocore returns only the last
    retry's cost; we return all of it, and also what a cancelled call had taken, since a
    caller's cancellation says nothing about the service's health. A call that fails for good
    keeps its cost spent.
    """

    __slots__ = ("budget", "spent")

    def __init__(self, budget: RetryBudget | None) -> None:
        self.budget = budget
        self.spent = 0

    def take(self, kind: RetryKind) -> bool:
        if self.budget is None:
            return True
        cost = self.budget.try_spend(kind)
        if cost is None:
            return False
        self.spent += cost
        return True

    def give_back(self) -> None:
        if self.budget is not None and self.spent:
            self.budget.release(self.spent)
            self.spent = 0


class Invoker:
    """Sends validated requests of one service with retry and error mapping."""

    # A plain class: a @dataclass would cost about 0.4 ms at import (issue #15, cold start).
    __slots__ = ("budget", "policy", "service", "transport")

    def __init__(
        self,
        service: ServiceSpec,
        transport: Transport,
        policy: RetryPolicy,
        budget: RetryBudget | None,
    ) -> None:
        self.service = service
        self.transport = transport
        self.policy = policy
        self.budget = budget

    def _stopper(self, reservation: _Reservation) -> Callable[[RetryCallState], bool]:
        def stop(state: RetryCallState) -> bool:
            if state.attempt_number >= self.policy.max_attempts:
                return True
            kind = classify(_failure(state))
            if kind is not None and not reservation.take(kind):
                logger.warning("retry budget exhausted; not retrying %s", _operation_of(state))
                return True
            return False

        return stop

    def _wait(self, state: RetryCallState) -> float:
        error = _failure(state)
        kind = classify(error)
        retry_after = error.retry_after if isinstance(error, ServiceError) else None
        if kind is None:
            return 0.0
        return self.policy.delay(kind, state.attempt_number, retry_after)

    @staticmethod
    def _log_retry(state: RetryCallState) -> None:
        error = _failure(state)
        code = error.code if isinstance(error, ServiceError) else type(error).__name__
        delay = state.next_action.sleep if state.next_action else 0.0
        if tracing.ENABLED:
            tracing.record_retry(state.attempt_number, code, delay)
        logger.info(
            "retrying %s: attempt %d failed with %s; sleeping %.3f s",
            _operation_of(state),
            state.attempt_number,
            code,
            delay,
            extra={
                "operation": _operation_of(state),
                "attempt": state.attempt_number,
                "error_code": code,
                "delay": delay,
            },
        )

    async def call(self, op: OperationSpec[RequestT, ResponseT], request: RequestT) -> ResponseT:
        """Send ``request`` (already validated) and return the typed response."""
        request = with_client_token(request, op.token_field)
        return await self.call_wire(op, request.to_wire())

    async def call_wire(
        self, op: OperationSpec[RequestT, ResponseT], params: dict[str, Any]
    ) -> ResponseT:
        """Send checked wire parameters (client token included) and return the typed response."""
        try:
            body, attempts = await self._send(op, params), 1
        except Exception as first_failure:
            body, attempts = await self._retry(op, params, first_failure)
        else:
            if self.budget is not None:
                self.budget.release(self.budget.success_increment)
        meta: Mapping[str, Any] = body.pop("ResponseMetadata", {})
        native = body.pop(NATIVE_RESPONSE, None)
        if isinstance(native, op.output):
            response: ResponseT = native
        else:
            try:
                response = op.output.model_validate(body)
            except ValidationError as exc:
                errors = redact_errors(op.output, exc.errors(include_url=False))
                raise ResponseValidationError(op.name, body, errors) from None
        response._attach_metadata(ResponseMetadata.from_botocore(meta, attempts))
        return response

    async def _retry(
        self, op: OperationSpec[Any, Any], params: Mapping[str, Any], first_failure: Exception
    ) -> tuple[dict[str, Any], int]:
        """Attempts after a failed first one, driven by tenacity with the policy's rules.

        The first attempt is sent outside tenacity (most calls succeed at once, and its loop
        costs ~90 us). When it fails, tenacity's own first attempt re-raises that failure
        instead of sending again, so every decision (retry or not, budget, delay, logging) is
        still tenacity's, and attempt numbers count real requests.
        """
        # Imported here: most processes' first calls succeed, and importing tenacity is ~5 ms
        # of a cold start.
        from tenacity import AsyncRetrying, retry_if_exception

        replay: list[Exception] = [first_failure]
        reservation = _Reservation(self.budget)
        retrying = AsyncRetrying(
            stop=self._stopper(reservation),
            wait=self._wait,
            retry=retry_if_exception(lambda error: classify(error) is not None),
            before_sleep=self._log_retry,
            reraise=True,
        )
        body: dict[str, Any] = {}
        attempts = 0
        try:
            async for attempt in retrying:
                with attempt:
                    attempt.retry_state.kwargs["operation"] = op.name
                    attempts = attempt.retry_state.attempt_number
                    if replay:
                        raise replay.pop()
                    body = await self._send(op, params)
        except asyncio.CancelledError:
            reservation.give_back()
            raise
        reservation.give_back()
        return body, attempts

    async def _send(self, op: OperationSpec[Any, Any], params: Mapping[str, Any]) -> dict[str, Any]:
        reset_raw_response()
        try:
            with expecting(op.output):
                return await self.transport.send(op.method, params)
        except GreengrassError:
            raise
        except Exception as exc:
            raise map_exception(exc, self.service, op.name) from exc


def _failure(state: RetryCallState) -> BaseException:
    outcome = state.outcome
    error = outcome.exception() if outcome is not None else None
    if error is None:
        raise RuntimeError("retry decision without a failed attempt")
    return error


def _operation_of(state: RetryCallState) -> str:
    return str(state.kwargs.get("operation", "?"))
