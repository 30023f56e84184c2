"""The synchronous clients over real HTTP: the same pipeline as the async ones, without ``await``.

The emulator runs on its own thread (``LocalGreengrass.in_thread``) so that blocking calls from the
test's thread cannot stall it.
"""

from __future__ import annotations

import asyncio
import gc
import json
import threading
from collections.abc import Iterator

import pytest
from moto.server import ThreadedMotoServer

from greengrass_sdk import (
    GreengrassSyncClient,
    GreengrassV2Client,
    GreengrassV2SyncClient,
    IoTSyncClient,
    RetryPolicy,
    SyncPager,
)
from greengrass_sdk.errors import (
    RequestValidationError,
    ResourceNotFoundException,
    ThrottlingException,
    WaiterError,
)
from greengrass_sdk.testing import LocalGreengrass

FAST = RetryPolicy(max_attempts=4, initial_backoff=0.001, throttle_backoff=0.001, max_backoff=0.01)
GROUP_ARN = "arn:aws:iot:us-east-1:123456789012:thinggroup/Fleet"


def recipe(name: str, version: str) -> bytes:
    return json.dumps(
        {
            "RecipeFormatVersion": "2020-01-25",
            "ComponentName": name,
            "ComponentVersion": version,
            "Manifests": [{"Platform": {"os": "linux"}, "Lifecycle": {"Run": "echo hi"}}],
        }
    ).encode()


@pytest.fixture
def emulator() -> Iterator[LocalGreengrass]:
    with LocalGreengrass().in_thread() as server:
        yield server


@pytest.fixture
def gg(emulator: LocalGreengrass) -> Iterator[GreengrassV2SyncClient]:
    with GreengrassV2SyncClient(**emulator.connection_kwargs(), retry=FAST) as client:
        yield client


def sync_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "greengrass-sdk-sync"]


def test_calls_listings_and_errors(emulator: LocalGreengrass, gg: GreengrassV2SyncClient) -> None:
    for minor in range(7):
        created = gg.create_component_version(
            inline_recipe=recipe("com.example.Lib", f"1.{minor}.0")
        )
        assert created.component_version == f"1.{minor}.0"
    arn = created.arn
    assert arn is not None
    assert gg.describe_component(arn=arn).component_version == "1.6.0"

    # Plain iteration over every page; the pager is the sync one and pages are typed.
    component_arn = arn.rsplit(":versions:", 1)[0]
    listing = gg.list_component_versions(arn=component_arn, max_results=2)
    assert isinstance(listing, SyncPager)
    versions = [v.component_version for v in listing]
    assert sorted(versions) == [f"1.{minor}.0" for minor in range(7)]
    pages = list(gg.list_component_versions(arn=component_arn, max_results=2).pages())
    assert [len(p.component_versions or []) for p in pages] == [2, 2, 2, 1]
    sent = len(emulator.requests)
    capped = gg.list_component_versions(arn=component_arn, max_results=2, max_items=3).to_list()
    assert len(capped) == 3
    assert len(emulator.requests) - sent == 2  # stopped fetching once three items were seen

    # Typed service errors, as from the async client, and reachable through client.exceptions.
    missing = arn.replace("com.example.Lib", "com.example.Missing")
    with pytest.raises(ResourceNotFoundException) as caught:
        gg.describe_component(arn=missing)
    assert isinstance(caught.value, gg.exceptions.ResourceNotFoundException)
    assert caught.value.status_code == 404

    # Bad input is refused before anything is sent, for calls and for listings alike.
    sent = len(emulator.requests)
    with pytest.raises(RequestValidationError):
        gg.describe_component(arn="")
    with pytest.raises(RequestValidationError):
        gg.list_components(scope="EVERYWHERE")  # type: ignore[arg-type]
    assert len(emulator.requests) == sent


def test_retries_and_one_client_token_per_call(
    emulator: LocalGreengrass, gg: GreengrassV2SyncClient
) -> None:
    emulator.faults.commit_then_drop_next("CreateComponentVersion")
    created = gg.create_component_version(inline_recipe=recipe("com.example.Once", "1.0.0"))
    assert created.response_metadata is not None
    assert created.response_metadata.attempts == 2
    creates = [r for r in emulator.requests if r.operation == "CreateComponentVersion"]
    tokens = {r.body["clientToken"] for r in creates}
    assert len(creates) == 2 and len(tokens) == 1
    assert len(emulator.state().components) == 1

    emulator.faults.throttle_next("ListComponents", times=10, retry_after=None)
    with pytest.raises(ThrottlingException):
        gg.list_components().to_list()
    assert len([r for r in emulator.requests if r.operation == "ListComponents"]) == 4


def test_waiters(emulator: LocalGreengrass, gg: GreengrassV2SyncClient) -> None:
    gg.create_component_version(inline_recipe=recipe("com.example.App", "1.0.0"))
    emulator.register_core_device("core-1", thing_groups=["Fleet"])
    deployment = gg.create_deployment(
        target_arn=GROUP_ARN, components={"com.example.App": {"componentVersion": "1.0.0"}}
    )
    assert deployment.deployment_id is not None
    emulator.apply_deployments("core-1")
    done = gg.wait_for_core_device_deployment(
        "core-1", deployment.deployment_id, timeout=5, poll_interval=0.01
    )
    assert done.core_device_execution_status == "SUCCEEDED"

    emulator.register_core_device("core-2", thing_groups=["Fleet"])
    emulator.apply_deployments("core-2", fail_reason="component crashed")
    with pytest.raises(WaiterError) as failed:
        gg.wait_for_core_device_deployment(
            "core-2", deployment.deployment_id, timeout=5, poll_interval=0.01
        )
    assert failed.value.state == "FAILED"


def test_opens_on_first_call_and_closes_cleanly(emulator: LocalGreengrass) -> None:
    before = len(sync_threads())
    client = GreengrassV2SyncClient(**emulator.connection_kwargs(), retry=FAST)
    assert len(sync_threads()) == before  # nothing started until it is used
    assert list(client.list_components()) == []
    assert len(sync_threads()) == before + 1
    client.close()
    client.close()  # idempotent
    assert len(sync_threads()) == before
    # A closed client reopens on its next call, like a boto3 client that was never closed.
    assert list(client.list_components()) == []
    del client
    gc.collect()
    assert len(sync_threads()) == before  # collected clients close their loop thread


def test_leaving_a_listing_early_closes_its_page_walk(emulator: LocalGreengrass) -> None:
    for patch in range(5):
        emulator.add_component_version(recipe("com.example.Many", f"1.0.{patch}"))
    with GreengrassV2SyncClient(**emulator.connection_kwargs(), retry=FAST) as client:
        arn = f"arn:aws:greengrass:us-east-1:{emulator.account_id}:components:com.example.Many"
        for version in client.list_component_versions(arn=arn, max_results=1):
            assert version.component_version
            break
        walks = [r for r in emulator.requests if r.operation == "ListComponentVersions"]
        assert len(walks) == 1


async def test_usable_where_an_event_loop_already_runs(emulator: LocalGreengrass) -> None:
    # asyncio.run() would refuse here (a loop is running); the sync client has its own loop.
    asyncio.get_running_loop()
    with GreengrassV2SyncClient(**emulator.connection_kwargs(), retry=FAST) as client:
        assert list(client.list_components()) == []
    async with GreengrassV2Client(**emulator.connection_kwargs(), retry=FAST) as async_client:
        assert [c async for c in async_client.list_components()] == []


def test_iot_package_catalog(emulator: LocalGreengrass) -> None:
    with IoTSyncClient(**emulator.connection_kwargs(), retry=FAST) as iot:
        iot.create_package(package_name="firmware")
        created = iot.create_package_version(package_name="firmware", version_name="1.0.0")
        assert created.version_name == "1.0.0"
        names = [v.version_name for v in iot.list_package_versions(package_name="firmware")]
        assert names == ["1.0.0"]


def test_v1_against_moto() -> None:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        with GreengrassSyncClient(
            region_name="us-east-1",
            endpoint_url=f"http://{host}:{port}",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            retry=FAST,
        ) as v1:
            group = v1.create_group(name="line-3")
            assert group.id is not None
            assert v1.get_group(group_id=group.id).name == "line-3"
            assert [g.name for g in v1.list_groups()] == ["line-3"]
    finally:
        server.stop()
