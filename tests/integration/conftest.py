from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from greengrass_sdk import GreengrassV2Client, IoTClient, RetryPolicy
from greengrass_sdk.testing import LocalGreengrass

FAST = RetryPolicy(max_attempts=4, initial_backoff=0.001, throttle_backoff=0.01, max_backoff=0.05)


@pytest.fixture
async def emulator() -> AsyncIterator[LocalGreengrass]:
    async with LocalGreengrass() as server:
        yield server


@pytest.fixture
async def gg(emulator: LocalGreengrass) -> AsyncIterator[GreengrassV2Client]:
    async with GreengrassV2Client(**emulator.connection_kwargs(), retry=FAST) as client:
        yield client


@pytest.fixture
async def iot(emulator: LocalGreengrass) -> AsyncIterator[IoTClient]:
    async with IoTClient(**emulator.connection_kwargs(), retry=FAST) as client:
        yield client
