"""Issue #10, findings 8 and 9: bad input is refused before the wire, secrets stay secret.

Every case goes through a real client to the scripted server, and asserts that nothing
arrived there.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from greengrass_sdk import GreengrassClient, GreengrassV2Client, IoTClient
from greengrass_sdk._core.models import REDACTED
from greengrass_sdk.errors import RequestValidationError, ResponseValidationError
from greengrass_sdk.iot.models import CreatePackageRequest
from tests.support.scripted_server import Reply, ScriptedServer

TARGET = "arn:aws:iot:us-east-1:123456789012:thinggroup/Fleet"


def policy(timeout: object) -> dict[str, Any]:
    return {"componentUpdatePolicy": {"timeoutInSeconds": timeout}}


V2_CASES: dict[str, tuple[Callable[[GreengrassV2Client], Awaitable[object]], str, str]] = {
    "lone surrogate in a path": (
        lambda c: c.get_deployment(deployment_id="d-\ud800"),
        "deployment_id",
        "string_unicode",
    ),
    "lone surrogate in a query": (
        lambda c: c.list_components(next_token="t\udc00").to_list(),
        "next_token",
        "string_unicode",
    ),
    "lone surrogate in a JSON body": (
        lambda c: c.create_deployment(target_arn=TARGET, deployment_name="n\ud800"),
        "deployment_name",
        "string_unicode",
    ),
    "int beyond 32 bits": (
        lambda c: c.create_deployment(target_arn=TARGET, deployment_policies=policy(10**30)),
        "deployment_policies.component_update_policy.timeout_in_seconds",
        "int32_range",
    ),
    "bool for an int": (
        lambda c: c.create_deployment(target_arn=TARGET, deployment_policies=policy(True)),
        "deployment_policies.component_update_policy.timeout_in_seconds",
        "int_type",
    ),
    "bytes for a str": (
        lambda c: c.create_deployment(target_arn=TARGET, deployment_name=b"name"),
        "deployment_name",
        "str_type",
    ),
    "str for an int": (
        lambda c: c.create_deployment(target_arn=TARGET, deployment_policies=policy("30")),
        "deployment_policies.component_update_policy.timeout_in_seconds",
        "int_type",
    ),
}


@pytest.mark.parametrize(("call", "field", "rule"), V2_CASES.values(), ids=V2_CASES.keys())
async def test_v2_bad_input_never_reaches_the_wire(
    server: ScriptedServer,
    v2: GreengrassV2Client,
    call: Callable[[GreengrassV2Client], Awaitable[object]],
    field: str,
    rule: str,
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        await call(v2)
    assert caught.value.fields == [field]
    assert caught.value.errors[0]["type"] == rule
    assert server.requests == []


@pytest.mark.parametrize("bad", ["tok\r\nX-Injected: 1", "tok\x00", "tok\x7f", "tok\n"])
async def test_v1_header_token_refuses_control_characters(
    server: ScriptedServer, v1: GreengrassClient, bad: str
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        await v1.create_group(name="g", amzn_client_token=bad)
    assert caught.value.fields == ["amzn_client_token"]
    assert caught.value.errors[0]["type"] == "header_value"
    assert server.requests == []


async def test_sensitive_values_are_not_in_errors(server: ScriptedServer, iot: IoTClient) -> None:
    secret = "hunter2-" * 200  # longer than the model's 1,024 characters
    with pytest.raises(RequestValidationError) as caught:
        await iot.create_package(package_name="pkg", description=secret)
    assert caught.value.fields == ["description"]
    assert caught.value.errors[0]["type"] == "too_long"  # the rule is shown ...
    assert caught.value.errors[0]["input"] == REDACTED  # ... the value is not
    assert "hunter2" not in str(caught.value)
    assert "hunter2" not in repr(caught.value.errors)
    assert server.requests == []


def test_sensitive_values_are_not_in_reprs() -> None:
    request = CreatePackageRequest(package_name="pkg", description="hunter2")
    assert "hunter2" not in repr(request)
    assert REDACTED in repr(request)
    assert "pkg" in repr(request)
    assert request.description == "hunter2"  # the value itself is untouched


async def test_sensitive_values_are_not_in_response_errors(
    server: ScriptedServer, iot: IoTClient
) -> None:
    server.queue(
        "GET", "/packages/pkg", Reply(200, {"packageName": "pkg", "description": ["hunter2"]})
    )
    with pytest.raises(ResponseValidationError) as caught:
        await iot.get_package(package_name="pkg")
    assert caught.value.errors[0]["input"] == REDACTED
    assert "hunter2" not in str(caught.value)
    assert "hunter2" not in repr(caught.value.errors)
    assert caught.value.__cause__ is None  # pydantic's own message would print the value
