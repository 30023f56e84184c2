"""Serializing operation outputs and errors the way botocore's rest-json parser reads them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from botocore.model import OperationModel, ServiceModel, Shape

from greengrass_sdk.testing.service_error import ServiceError
from greengrass_sdk.testing.wire_values import to_json, to_text

__all__ = ["WireResponse", "serialize_error", "serialize_output"]


@dataclass
class WireResponse:
    """An HTTP response ready to send."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


def _split(shape: Shape | None, values: dict[str, Any], response: WireResponse) -> dict[str, Any]:
    """Move header/status members of ``values`` onto ``response``; return the body members."""
    if shape is None:
        return {}
    body: dict[str, Any] = {}
    for name, member in shape.members.items():
        value = values.get(name)
        if value is None:
            continue
        location = member.serialization.get("location")
        wire = member.serialization.get("name", name)
        if location == "header":
            response.headers[wire] = to_text(member, value)
        elif location == "headers":
            for key, item in value.items():
                response.headers[f"{wire}{key}"] = str(item)
        elif location == "statusCode":
            response.status = int(value)
        else:
            body[name] = value
    return body


def serialize_output(operation: OperationModel, output: dict[str, Any]) -> WireResponse:
    """Build the success response of an operation.

    Args:
        operation: The operation model; its ``http.responseCode`` sets the status (200 if absent).
        output: Output values keyed by member name.

    Returns:
        The response.
    """
    response = WireResponse(status=int(operation.http.get("responseCode", 200)))
    shape = operation.output_shape
    if shape is None:
        response.headers["Content-Type"] = "application/json"
        response.body = b"{}"
        return response
    body = _split(shape, output, response)
    payload = shape.serialization.get("payload")
    if payload:
        member = shape.members[payload]
        value = body.get(payload)
        if member.type_name in ("blob", "string"):
            response.body = value if isinstance(value, bytes) else str(value or "").encode()
            response.headers.setdefault("Content-Type", "application/octet-stream")
        else:
            response.body = json.dumps(to_json(member, value) if value is not None else {}).encode()
            response.headers["Content-Type"] = "application/json"
        return response
    if response.status == 204:  # "No Content" must not carry a body
        return response
    response.headers["Content-Type"] = "application/json"
    response.body = json.dumps(to_json(shape, body)).encode()
    return response


def _error_shape(service: ServiceModel | None, code: str) -> Shape | None:
    if service is None or code not in service.shape_names:
        return None
    shape = service.shape_for(code)
    return shape if shape.metadata.get("exception") else None


def serialize_error(service: ServiceModel | None, error: ServiceError) -> WireResponse:
    """Build an error response: ``x-amzn-ErrorType`` header, JSON ``message`` and modelled fields.

    Args:
        service: The service whose error shapes apply (``None`` for unroutable requests).
        error: The error.

    Returns:
        The response. Its status is the error's own, else the shape's ``httpStatusCode``,
        else 400. Members the shape does not model are left out.
    """
    shape = _error_shape(service, error.code)
    status = error.status or (
        shape.metadata.get("error", {}).get("httpStatusCode") if shape else None
    )
    response = WireResponse(status=int(status or 400))
    response.headers["x-amzn-ErrorType"] = error.code
    response.headers["Content-Type"] = "application/json"
    values = dict(error.fields)
    if error.retry_after is not None:
        response.headers["Retry-After"] = str(error.retry_after)
        values.pop("retryAfterSeconds", None)
    message_key = "message"
    if shape is not None:
        for name in shape.members:
            if name.lower() == "message":
                message_key = name
        values[message_key] = error.message
        body_values = _split(shape, values, response)
        body = to_json(shape, body_values)
    else:
        body = {"message": error.message}
    if "message" not in body and "Message" not in body:
        body["message"] = error.message
    response.body = json.dumps(body).encode()
    return response
