from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from greengrass_sdk import GreengrassV2Client, IoTClient, RetryPolicy
from greengrass_sdk.testing import DeviceBehaviour, LocalGreengrass, SimulatedClock

REGION = "us-east-1"
ACCOUNT = "123456789012"
APP = {
    "RecipeFormatVersion": "2020-01-25",
    "ComponentName": "com.example.App",
    "ComponentVersion": "1.0.0",
}
COMPONENTS = {"com.example.App": {"componentVersion": "1.0.0"}}


def group_arn(name: str) -> str:
    return f"arn:aws:iot:{REGION}:{ACCOUNT}:thinggroup/{name}"


def device_name(index: int) -> str:
    return f"core-{index:04d}"


@dataclass(frozen=True)
class Fleet:
    """Names of a scripted fleet's devices, by what they were scripted to do."""

    succeeding: frozenset[str]
    failing: frozenset[str]
    stuck: frozenset[str]
    offline: frozenset[str]

    @property
    def size(self) -> int:
        return len(self.succeeding | self.failing | self.stuck | self.offline)


def script_fleet(
    server: LocalGreengrass,
    size: int,
    *,
    group: str = "Fleet",
    failing: frozenset[int] = frozenset(),
    stuck: frozenset[int] = frozenset(),
    offline: frozenset[int] = frozenset(),
    fail_after: float = 20,
    succeed_after: float = 40,
) -> Fleet:
    """Register ``size`` core devices in ``group``, scripted by index; the others succeed."""
    server.add_component_version(APP)
    buckets: dict[str, set[str]] = {"succeeds": set(), "fails": set(), "stuck": set(), "off": set()}
    for index in range(size):
        name = device_name(index)
        server.register_core_device(name, thing_groups=[group])
        if index in failing:
            behaviour, bucket = DeviceBehaviour.fails(after=fail_after), "fails"
        elif index in stuck:
            behaviour, bucket = DeviceBehaviour.stuck(), "stuck"
        elif index in offline:
            behaviour, bucket = DeviceBehaviour.offline(), "off"
        else:
            behaviour, bucket = DeviceBehaviour.succeeds(after=succeed_after), "succeeds"
        server.script_device(name, behaviour)
        buckets[bucket].add(name)
    return Fleet(*(frozenset(buckets[k]) for k in ("succeeds", "fails", "stuck", "off")))


# 200 devices: 5 % fail, 2 % stay stuck, 3 % are offline.
FAILING = frozenset(range(1, 200, 20))
STUCK = frozenset(range(27, 200, 50))
OFFLINE = frozenset(range(5, 200, 33))


@pytest.fixture
async def server() -> AsyncIterator[LocalGreengrass]:
    async with LocalGreengrass(clock=SimulatedClock(frozen=True)) as running:
        yield running


FAST_RETRIES = RetryPolicy(throttle_backoff=0.05, initial_backoff=0.01)


@pytest.fixture
async def gg(server: LocalGreengrass) -> AsyncIterator[GreengrassV2Client]:
    async with GreengrassV2Client(**server.connection_kwargs(), retry=FAST_RETRIES) as client:
        yield client


@pytest.fixture
async def iot(server: LocalGreengrass) -> AsyncIterator[IoTClient]:
    async with IoTClient(**server.connection_kwargs(), retry=FAST_RETRIES) as client:
        yield client
