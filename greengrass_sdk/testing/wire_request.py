"""Binding an HTTP request to an operation's input members (rest-json)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from botocore.model import OperationModel

from greengrass_sdk.testing.service_error import validation_error
from greengrass_sdk.testing.wire_values import from_json, from_text

__all__ = ["bind_request", "decode_json_body"]


def decode_json_body(body: bytes) -> Any:
    """Decode a JSON request body; an empty body is ``None``.

    Args:
        body: The raw body.

    Returns:
        The decoded value.

    Raises:
        ServiceError: ``ValidationException`` when the body is not JSON or is nested deeper
            than the decoder can follow.
    """
    if not body.strip():
        return None
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise validation_error("The request body is not valid JSON.") from None
    except RecursionError:
        raise validation_error("The request body is nested too deeply.") from None


def bind_request(
    operation: OperationModel,
    uri_params: Mapping[str, str],
    query: Mapping[str, list[str]],
    headers: Mapping[str, str],
    body: bytes,
) -> dict[str, Any]:
    """Collect an operation's input members from every part of a request.

    Members are bound by their ``location`` (``uri``, ``querystring``, ``header``,
    ``headers``) and ``locationName``; the rest come from the JSON body, or from the body
    as a whole when the input shape names a ``payload`` member.

    Args:
        operation: The operation model.
        uri_params: Decoded URI labels.
        query: Decoded query parameters (every value of repeated keys).
        headers: Request headers (case-insensitive mapping).
        body: The raw body.

    Returns:
        Input values keyed by member name.
    """
    shape = operation.input_shape
    if shape is None:
        return {}
    params: dict[str, Any] = {}
    payload = shape.serialization.get("payload")
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        wire = member.serialization.get("name", name)
        if location == "uri" and wire in uri_params:
            params[name] = from_text(member, uri_params[wire], name)
        elif location == "querystring":
            if member.type_name == "list" and wire in query:
                params[name] = [from_text(member.member, v, name) for v in query[wire]]
            elif member.type_name == "map":
                values = {k: v[-1] for k, v in query.items() if k not in _other_query_names(shape)}
                if values:
                    params[name] = values
            elif wire in query:
                params[name] = from_text(member, query[wire][-1], name)
        elif location == "header" and wire in headers:
            params[name] = from_text(member, headers[wire], name)
        elif location == "headers":
            prefix = wire.lower()
            found = {
                k[len(prefix) :]: v for k, v in headers.items() if k.lower().startswith(prefix)
            }
            if found:
                params[name] = found
    if payload:
        member = shape.members[payload]
        if member.type_name in ("blob", "string"):
            if body:
                params[payload] = body if member.type_name == "blob" else body.decode()
        else:
            decoded = decode_json_body(body)
            if decoded is not None:
                params[payload] = from_json(member, decoded, payload)
        return params
    decoded = decode_json_body(body)
    if decoded is not None:
        if not isinstance(decoded, dict):
            raise validation_error("The request body must be a JSON object.")
        params.update(from_json(shape, decoded, ""))
    return params


def _other_query_names(shape: Any) -> set[str]:
    return {
        m.serialization.get("name", n)
        for n, m in shape.members.items()
        if m.serialization.get("location") == "querystring" and m.type_name != "map"
    }
