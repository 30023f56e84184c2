from __future__ import annotations

import time
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionClosedError

from greengrass_sdk.testing import LocalGreengrass
from tests.testing.conftest import client, error_of


async def test_fail_next_with_custom_error(server: LocalGreengrass, gg: Any) -> None:
    server.faults.fail_next("ListComponents", times=2, status=503, retry_after=3)
    for _ in range(2):
        with pytest.raises(ClientError) as excinfo:
            await gg.list_components()
        error = error_of(excinfo)
        assert error["ResponseMetadata"]["HTTPStatusCode"] == 503
        assert error["Error"]["Code"] == "InternalServerException"
        assert error["ResponseMetadata"]["HTTPHeaders"]["retry-after"] == "3"
        assert error["retryAfterSeconds"] == 3
    assert (await gg.list_components())["components"] == []


async def test_throttle_next_sends_retry_after(server: LocalGreengrass, gg: Any) -> None:
    server.faults.throttle_next("GetServiceRoleForAccount", retry_after=7)
    with pytest.raises(ClientError) as excinfo:
        await gg.get_service_role_for_account()
    error = error_of(excinfo)
    assert (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]) == (
        "ThrottlingException",
        429,
    )
    assert error["retryAfterSeconds"] == 7


async def test_botocore_retries_through_throttling(server: LocalGreengrass) -> None:
    server.faults.throttle_next("ListDeployments", times=2, retry_after=None)
    async with client(
        server, "greengrassv2", Config(retries={"mode": "standard", "total_max_attempts": 3})
    ) as gg:
        listed = await gg.list_deployments()
    assert listed["ResponseMetadata"]["RetryAttempts"] == 2
    assert [r.status for r in server.requests] == [429, 429, 200]
    assert "Retry-After" not in server.requests[0].headers


async def test_drop_connection_changes_nothing(server: LocalGreengrass, gg: Any) -> None:
    server.faults.drop_connection_next("CreateComponentVersion")
    with pytest.raises(ConnectionClosedError):
        await gg.create_component_version(
            inlineRecipe=b'{"RecipeFormatVersion": "2020-01-25", "ComponentName": "com.example.X",'
            b' "ComponentVersion": "1.0.0"}'
        )
    assert (await gg.list_components())["components"] == []
    dropped = server.requests[0]
    assert (dropped.operation, dropped.status, dropped.fault) == (
        "CreateComponentVersion",
        None,
        "drop",
    )


async def test_delay(server: LocalGreengrass, gg: Any) -> None:
    server.faults.delay("ListCoreDevices", 0.3)
    started = time.perf_counter()
    await gg.list_core_devices()
    assert time.perf_counter() - started >= 0.3
    server.faults.delay("ListCoreDevices", 0)
    assert server.faults.delay_for("ListCoreDevices") == 0


async def _outcomes(gg: Any, count: int) -> list[bool]:
    outcomes = []
    for _ in range(count):
        try:
            await gg.list_components()
            outcomes.append(True)
        except ClientError as error:
            assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 503
            outcomes.append(False)
    return outcomes


async def test_failure_rate_is_reproducible_and_wildcards(server: LocalGreengrass, gg: Any) -> None:
    server.faults.failure_rate("*", 0.5, seed=7)
    first = await _outcomes(gg, 20)
    assert 0 < first.count(False) < 20
    server.faults.failure_rate("*", 0.5, seed=7)
    assert await _outcomes(gg, 20) == first
    server.faults.failure_rate("*", 0)
    assert await _outcomes(gg, 5) == [True] * 5


def test_fault_arguments_are_checked() -> None:
    faults = LocalGreengrass().faults
    with pytest.raises(ValueError):
        faults.fail_next("X", times=0)
    with pytest.raises(ValueError):
        faults.failure_rate("X", 2)


async def test_journal_records_everything_and_clears(server: LocalGreengrass, gg: Any) -> None:
    await gg.update_connectivity_info(
        thingName="core", connectivityInfo=[{"hostAddress": "h", "portNumber": 1}]
    )
    with pytest.raises(ClientError):
        await gg.get_deployment(deploymentId="missing")
    first, second = server.requests
    assert (first.service, first.operation, first.method) == (
        "greengrassv2",
        "UpdateConnectivityInfo",
        "PUT",
    )
    assert first.path == "/greengrass/things/core/connectivityInfo"
    assert first.body == {"ConnectivityInfo": [{"HostAddress": "h", "PortNumber": 1}]}
    assert "Authorization" not in first.headers  # the signature never reaches the journal
    assert (second.status, second.error_code) == (404, "ResourceNotFoundException")
    assert server.requests.operations() == ["UpdateConnectivityInfo", "GetDeployment"]
    server.requests.clear()
    assert len(server.requests) == 0
