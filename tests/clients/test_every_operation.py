"""Every one of the 156 methods is called over HTTP, and each sends the request botocore's
service model describes (method, path, client token)."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
from botocore import xform_name

from codegen.naming import field_name
from codegen.services import ServiceScope
from greengrass_sdk import AsyncPager
from greengrass_sdk._core.models import ResponseModel
from tests.clients.conftest import client_kwargs
from tests.support.scripted_server import ScriptedServer
from tests.support.service_shapes import all_scopes, model_class, sample

CLIENTS = {
    "greengrassv2": "GreengrassV2Client",
    "greengrass": "GreengrassClient",
    "iot": "IoTClient",
}
OPERATIONS = [(scope, name) for scope in all_scopes() for name in scope.operations]


def test_operation_counts() -> None:
    counts = {scope.spec.package: len(scope.operations) for scope in all_scopes()}
    assert counts == {"greengrassv2": 29, "greengrass": 92, "iot": 35}


def _path_regex(uri: str) -> str:
    """Regex for a request URI template: each ``{name}`` (or greedy ``{name+}``) is a value."""
    path = uri.split("?")[0]
    parts = re.split(r"\{[^}]+\}", path)
    return "^" + "[^?]+".join(re.escape(part) for part in parts) + "$"


def _kwargs(scope: ServiceScope, operation: str) -> dict[str, Any]:
    shape_name = scope.operations[operation]["input"]["shape"]
    model = model_class(scope, shape_name)
    wire = sample(scope, shape_name)
    built = model.model_validate(wire)
    return {
        name: getattr(built, name)
        for name in model.model_fields
        if getattr(built, name) is not None
    }


def _token_sent(scope: ServiceScope, operation: str, recorded: Any) -> str | None:
    members = scope.shapes[scope.operations[operation]["input"]["shape"]]["members"]
    for member, ref in members.items():
        if ref.get("idempotencyToken") or member == "AmznClientToken":
            where = ref.get("location")
            wire_name = ref.get("locationName", member)
            if where == "header":
                return recorded.headers.get(wire_name)
            if where == "querystring":
                return recorded.query.get(wire_name)
            return (recorded.body or {}).get(wire_name)
    return None


@pytest.mark.parametrize(
    ("scope", "operation"), OPERATIONS, ids=[f"{s.spec.package}.{o}" for s, o in OPERATIONS]
)
async def test_method_sends_the_modelled_request(
    server: ScriptedServer, scope: ServiceScope, operation: str
) -> None:
    module = importlib.import_module(f"greengrass_sdk.{scope.spec.package}.client")
    client_class = getattr(module, CLIENTS[scope.spec.package])
    http = scope.operations[operation]["http"]
    async with client_class(**client_kwargs(server)) as client:
        method = getattr(client, xform_name(operation))
        kwargs = _kwargs(scope, operation)
        result = method(**kwargs)
        if isinstance(result, AsyncPager):
            pages = [page async for page in result.pages()]
            response = pages[0]
        else:
            response = await result
    assert isinstance(response, ResponseModel)
    assert response.response_metadata is not None
    assert len(server.requests) == 1
    recorded = server.requests[0]
    assert recorded.method == http["method"]
    assert re.match(_path_regex(http["requestUri"]), recorded.path), (recorded.path, http)
    token_field = next(
        (
            field_name(m)
            for m, ref in scope.shapes[scope.operations[operation]["input"]["shape"]][
                "members"
            ].items()
            if ref.get("idempotencyToken") or m == "AmznClientToken"
        ),
        None,
    )
    if token_field is not None:
        assert _token_sent(scope, operation, recorded) == kwargs[token_field]


def test_thirty_two_operations_carry_a_client_token() -> None:
    with_token = [
        (s.spec.package, o)
        for s, o in OPERATIONS
        if any(
            ref.get("idempotencyToken") or m == "AmznClientToken"
            for m, ref in s.shapes[s.operations[o]["input"]["shape"]]["members"].items()
        )
    ]
    assert len(with_token) == 32
