"""Deployment waiters, borrowed clients and concurrent use."""

from __future__ import annotations

import asyncio
import logging

import pytest
from aiobotocore.config import AioConfig
from aiobotocore.session import get_session

from greengrass_sdk import GreengrassV2Client
from greengrass_sdk.errors import WaiterError, WaiterTimeoutError
from tests.clients.conftest import CREDS, FAST, client_kwargs
from tests.support.scripted_server import Recorded, Reply, ScriptedServer

DEPLOYMENT = "/greengrass/v2/deployments/d-1"
EFFECTIVE = "/greengrass/v2/coreDevices/Core1/effectiveDeployments"


def status(value: str) -> Reply:
    return Reply(200, {"deploymentId": "d-1", "deploymentStatus": value})


async def test_wait_for_deployment_polls_until_completed(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    server.queue("GET", DEPLOYMENT, status("ACTIVE"), status("ACTIVE"), status("COMPLETED"))
    done = await v2.wait_for_deployment("d-1", poll_interval=0.01, timeout=5)
    assert done.deployment_status == "COMPLETED"
    assert len(server.matching("GET", DEPLOYMENT)) == 3


async def test_wait_for_deployment_reports_a_failed_final_state(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    server.queue("GET", DEPLOYMENT, status("ACTIVE"), status("CANCELED"))
    with pytest.raises(WaiterError) as caught:
        await v2.wait_for_deployment("d-1", poll_interval=0.01, timeout=5)
    assert caught.value.state == "CANCELED"
    assert caught.value.last_response.deployment_id == "d-1"


async def test_wait_for_deployment_times_out(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    server.respond("GET", DEPLOYMENT, lambda _: status("ACTIVE"))
    with pytest.raises(WaiterTimeoutError) as caught:
        await v2.wait_for_deployment("d-1", poll_interval=0.02, timeout=0.5)
    assert caught.value.state == "ACTIVE"
    await asyncio.sleep(0.05)  # a request cancelled in flight at the deadline may land late
    polls = len(server.matching("GET", DEPLOYMENT))
    assert polls >= 1
    await asyncio.sleep(0.1)
    assert len(server.matching("GET", DEPLOYMENT)) == polls  # no polling after giving up


def effective(*states: tuple[str, str]) -> Reply:
    return Reply(
        200,
        {
            "effectiveDeployments": [
                {"deploymentId": d, "deploymentName": d, "coreDeviceExecutionStatus": s}
                for d, s in states
            ]
        },
    )


async def test_wait_for_core_device_deployment(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    server.queue(
        "GET",
        EFFECTIVE,
        effective(("d-0", "SUCCEEDED")),
        effective(("d-0", "SUCCEEDED"), ("d-1", "IN_PROGRESS")),
        effective(("d-0", "SUCCEEDED"), ("d-1", "SUCCEEDED")),
    )
    done = await v2.wait_for_core_device_deployment("Core1", "d-1", poll_interval=0.01, timeout=5)
    assert (done.deployment_id, done.core_device_execution_status) == ("d-1", "SUCCEEDED")

    server.queue("GET", EFFECTIVE, effective(("d-2", "FAILED")))
    with pytest.raises(WaiterError) as caught:
        await v2.wait_for_core_device_deployment("Core1", "d-2", poll_interval=0.01, timeout=5)
    assert caught.value.state == "FAILED"

    server.respond("GET", EFFECTIVE, lambda _: effective())
    with pytest.raises(WaiterTimeoutError) as timed_out:
        await v2.wait_for_core_device_deployment("Core1", "d-3", poll_interval=0.01, timeout=0.05)
    assert timed_out.value.state == "NOT_FOUND"


async def test_from_client_borrows_and_does_not_close(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.queue(
        "GET",
        DEPLOYMENT,
        Reply.error(503, "ServiceUnavailable"),
        status("ACTIVE"),
        status("ACTIVE"),
    )
    session = get_session()
    config = AioConfig(retries={"total_max_attempts": 1})
    async with session.create_client(
        "greengrassv2",
        region_name="us-east-1",
        endpoint_url=server.endpoint_url,
        config=config,
        **CREDS,
    ) as raw:
        with caplog.at_level(logging.WARNING, logger="greengrass_sdk"):
            gg = GreengrassV2Client.from_client(raw, retry=FAST)
        assert not caplog.records
        async with gg:
            response = await gg.get_deployment(deployment_id="d-1")
        assert response.response_metadata is not None
        assert response.response_metadata.attempts == 2
        # Still usable: the borrowed client was not closed by leaving the block.
        again = await raw.get_deployment(deploymentId="d-1")
        assert again["deploymentStatus"] == "ACTIVE"
    assert len(server.matching("GET", DEPLOYMENT)) == 3


async def test_from_client_warns_when_botocore_also_retries(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    async with get_session().create_client(
        "greengrassv2", region_name="us-east-1", endpoint_url=server.endpoint_url, **CREDS
    ) as raw:
        with caplog.at_level(logging.WARNING, logger="greengrass_sdk"):
            GreengrassV2Client.from_client(raw)
    assert any("attempts multiply" in r.getMessage() for r in caplog.records)


async def test_many_concurrent_calls_share_one_client(server: ScriptedServer) -> None:
    def slow(recorded: Recorded) -> Reply:
        return Reply(200, {"deploymentId": recorded.path.rsplit("/", 1)[-1]}, delay=0.05)

    server.respond("GET", r"/greengrass/v2/deployments/.*", slow)
    kwargs = client_kwargs(server) | {"max_pool_connections": 40}
    async with GreengrassV2Client(**kwargs) as gg:  # type: ignore[arg-type]
        calls = (gg.get_deployment(deployment_id=f"d-{i}") for i in range(120))
        results = await asyncio.gather(*calls)
    assert [r.deployment_id for r in results] == [f"d-{i}" for i in range(120)]
    # Calls really overlap, and the configured pool (not aiobotocore's 10) bounds them.
    assert 10 < server.peak_in_flight <= 40
