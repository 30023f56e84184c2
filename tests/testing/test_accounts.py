from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ConnectionClosedError

from greengrass_sdk.testing import LocalGreengrass
from tests.testing.conftest import NO_RETRIES, SESSION, recipe


def _client(server: LocalGreengrass, region: str) -> Any:
    return SESSION.create_client(
        "greengrassv2",
        endpoint_url=server.endpoint_url,
        region_name=region,
        aws_access_key_id="x",
        aws_secret_access_key="x",
        config=NO_RETRIES,
    )


async def test_state_is_per_region_from_the_signature_and_account_is_configurable() -> None:
    async with LocalGreengrass(account_id="111122223333") as server:
        async with _client(server, "eu-central-1") as eu, _client(server, "us-west-2") as us:
            created = await eu.create_component_version(
                inlineRecipe=recipe("com.example.R", "1.0.0")
            )
            assert created["arn"] == (
                "arn:aws:greengrass:eu-central-1:111122223333:components:com.example.R:versions:1.0.0"
            )
            assert (await us.list_components())["components"] == []
            assert len((await eu.list_components())["components"]) == 1
        assert server.state("eu-central-1").components
        server.reset()
        assert not server.state("eu-central-1").components
        assert len(server.requests) == 0


async def test_get_requests_dropped_once_are_resent_by_aiohttp(
    server: LocalGreengrass, gg: Any
) -> None:
    # aiohttp transparently resends idempotent methods (GET, PUT, DELETE…) once when a
    # reused connection drops; drop twice to make the failure visible to the caller.
    await gg.list_components()
    server.faults.drop_connection_next("ListComponents", times=1)
    await gg.list_components()
    server.faults.drop_connection_next("ListComponents", times=2)
    with pytest.raises(ConnectionClosedError):
        await gg.list_components()
    assert [r.status for r in server.requests] == [200, None, 200, None, None]


def test_in_thread_serves_blocking_clients() -> None:
    import botocore.session

    with LocalGreengrass().in_thread() as server:
        gg = botocore.session.get_session().create_client(
            "greengrassv2",
            endpoint_url=server.endpoint_url,
            region_name="us-east-1",
            aws_access_key_id="x",
            aws_secret_access_key="x",
        )
        gg.create_component_version(inlineRecipe=recipe("com.example.Sync", "1.0.0"))
        server.register_core_device("core-sync")
        assert gg.list_core_devices()["coreDevices"][0]["coreDeviceThingName"] == "core-sync"
        gg.close()
    assert server.requests.operations() == ["CreateComponentVersion", "ListCoreDevices"]
