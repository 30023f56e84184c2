"""2,000 devices against an emulator that throttles beyond a fixed request rate."""

from __future__ import annotations

import pytest

from greengrass_sdk import GreengrassV2Client, IoTClient, RetryPolicy
from greengrass_sdk.errors import ServiceError
from greengrass_sdk.fleet import RateLimiter, rollout_status
from greengrass_sdk.testing import LocalGreengrass
from tests.fleet.conftest import COMPONENTS, group_arn

DEVICES = 2000
# The client's own retries are off: only the fan-out's rate limiter stands between the
# throttle and a failed call.
NO_CLIENT_RETRIES = RetryPolicy(max_attempts=1)


@pytest.fixture
async def deployment_id(server: LocalGreengrass) -> str:
    server.add_component_version(
        {
            "RecipeFormatVersion": "2020-01-25",
            "ComponentName": "com.example.App",
            "ComponentVersion": "1.0.0",
        }
    )
    server.add_thing_group("Fleet", [f"core-{i:04d}" for i in range(DEVICES)])
    for index in range(DEVICES):
        server.register_core_device(f"core-{index:04d}", thing_groups=["Fleet"])
    async with GreengrassV2Client(**server.connection_kwargs()) as gg:
        created = await gg.create_deployment(target_arn=group_arn("Fleet"), components=COMPONENTS)
    assert created.deployment_id is not None
    return created.deployment_id


async def test_two_thousand_devices_finish_under_throttling_without_a_failed_call(
    server: LocalGreengrass, deployment_id: str
) -> None:
    server.faults.throttle_above(400, burst=40)
    limiter = RateLimiter()
    kwargs = server.connection_kwargs()
    async with (
        GreengrassV2Client(**kwargs, retry=NO_CLIENT_RETRIES) as gg,
        IoTClient(**kwargs, retry=NO_CLIENT_RETRIES) as iot,
    ):
        report = await rollout_status(gg, iot, deployment_id, rate_limiter=limiter)
    assert len(report.devices) == DEVICES
    assert report.totals == {"QUEUED": DEVICES}
    assert sum(1 for row in report.devices if row.deployment_status == "QUEUED") == DEVICES
    throttled = [r for r in server.requests if r.error_code == "ThrottlingException"]
    assert throttled, "the emulator never throttled: the test proves nothing"
    assert limiter.throttles == len(throttled)
    assert limiter.rate is not None and limiter.rate < 1000


async def test_without_the_limiter_the_same_read_fails_on_a_throttle(
    server: LocalGreengrass, deployment_id: str
) -> None:
    server.faults.throttle_above(400, burst=40)
    kwargs = server.connection_kwargs()
    async with (
        GreengrassV2Client(**kwargs, retry=NO_CLIENT_RETRIES) as gg,
        IoTClient(**kwargs, retry=NO_CLIENT_RETRIES) as iot,
    ):
        with pytest.raises(ServiceError) as failed:
            await rollout_status(gg, iot, deployment_id, rate_limiter=False)
    assert failed.value.code == "ThrottlingException"
