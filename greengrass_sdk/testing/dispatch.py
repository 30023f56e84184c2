"""Running one matched request: binding, validation, client tokens, handler or generic responder."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from botocore.model import OperationModel

from greengrass_sdk.testing import (
    iot_jobs,
    iot_packages,
    iot_things,
    v2_components,
    v2_deployments,
    v2_devices,
)
from greengrass_sdk.testing.registry import HANDLERS, Call
from greengrass_sdk.testing.service_error import ServiceError
from greengrass_sdk.testing.state import RegionState, TokenRecord
from greengrass_sdk.testing.synthesis import synthesize
from greengrass_sdk.testing.validation import validate_input
from greengrass_sdk.testing.wire_request import bind_request

__all__ = ["execute", "peek_token", "token_member"]

# Importing the handler modules registers their operations.
_HANDLER_MODULES = (iot_jobs, iot_packages, iot_things, v2_components, v2_deployments, v2_devices)


def token_member(operation: OperationModel) -> str | None:
    """The input member flagged ``idempotencyToken``, if the operation has one."""
    shape = operation.input_shape
    if shape is None:
        return None
    for name, member in shape.members.items():
        if member.metadata.get("idempotencyToken"):
            return str(name)
    return None


def peek_token(
    operation: OperationModel,
    uri_params: Mapping[str, str],
    query: Mapping[str, list[str]],
    headers: Mapping[str, str],
    body: bytes,
) -> str | None:
    """The client token a request carries, if its operation has one and it can be read."""
    name = token_member(operation)
    if name is None:
        return None
    try:
        token = bind_request(operation, uri_params, query, headers, body).get(name)
    except ServiceError:
        return None
    return None if token is None else str(token)


def _fingerprint(params: dict[str, Any], token_name: str) -> str:
    rest = {k: v for k, v in params.items() if k != token_name}
    return json.dumps(rest, sort_keys=True, default=repr)


def _mismatch(operation: OperationModel, token: str) -> ServiceError:
    """Same token, different request.

    AWS documents that reusing a client token with different parameters fails; the error is
    ``ConflictException`` where the operation models it (409, not retryable), else
    ``ValidationException``.
    """
    message = f"The client token {token} was already used with a different request."
    if any(shape.name == "ConflictException" for shape in operation.error_shapes):
        return ServiceError(
            "ConflictException",
            message,
            fields={"resourceId": token, "resourceType": "clientToken"},
        )
    return ServiceError("ValidationException", message)


def execute(
    operation: OperationModel,
    state: RegionState,
    uri_params: Mapping[str, str],
    query: Mapping[str, list[str]],
    headers: Mapping[str, str],
    body: bytes,
    *,
    generic_fallback: bool,
    stateful: bool = True,
) -> dict[str, Any]:
    """Run an operation and return its output values by member name.

    Args:
        operation: The matched operation.
        state: The caller's account/region state.
        uri_params: Decoded URI labels.
        query: Decoded query parameters.
        headers: Request headers.
        body: Raw body.
        generic_fallback: Answer operations without a handler with a synthesized output.
        stateful: Use the stateful handlers; ``False`` answers every operation generically.

    Returns:
        The output.

    Raises:
        ServiceError: Any modelled error.
    """
    params = bind_request(operation, uri_params, query, headers, body)
    validate_input(operation.input_shape, params)
    service = operation.service_model.service_name
    handler = HANDLERS.get((service, operation.name)) if stateful else None
    if handler is None:
        if stateful and not generic_fallback:
            raise ServiceError(
                "NotImplementedException",
                f"The emulator does not implement {service} {operation.name}.",
                status=501,
            )
        return dict(synthesize(operation.output_shape))
    token_name = token_member(operation)
    token = params.get(token_name) if token_name else None
    if token_name is None or token is None:
        return handler(Call(state, params))
    key = (f"{service}:{operation.name}", str(token))
    fingerprint = _fingerprint(params, token_name)
    previous = state.tokens.get(key)
    if previous is not None:
        if previous.fingerprint != fingerprint:
            raise _mismatch(operation, str(token))
        return previous.output
    output = handler(Call(state, params))
    state.tokens[key] = TokenRecord(fingerprint, output)
    return output
