from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from greengrass_sdk import GreengrassClient, GreengrassV2Client, IoTClient, RetryPolicy
from tests.support.scripted_server import ScriptedServer

FAST = RetryPolicy(max_attempts=4, initial_backoff=0.001, throttle_backoff=0.001, max_backoff=0.01)
CREDS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@pytest.fixture
async def server() -> AsyncIterator[ScriptedServer]:
    async with ScriptedServer() as scripted:
        yield scripted


def client_kwargs(server: ScriptedServer, retry: RetryPolicy = FAST) -> dict[str, object]:
    return {
        "region_name": "us-east-1",
        "endpoint_url": server.endpoint_url,
        "retry": retry,
        "read_timeout": 2.0,
        "connect_timeout": 2.0,
        **CREDS,
    }


@pytest.fixture
async def v2(server: ScriptedServer) -> AsyncIterator[GreengrassV2Client]:
    async with GreengrassV2Client(**client_kwargs(server)) as client:  # type: ignore[arg-type]
        yield client


@pytest.fixture
async def v1(server: ScriptedServer) -> AsyncIterator[GreengrassClient]:
    async with GreengrassClient(**client_kwargs(server)) as client:  # type: ignore[arg-type]
        yield client


@pytest.fixture
async def iot(server: ScriptedServer) -> AsyncIterator[IoTClient]:
    async with IoTClient(**client_kwargs(server)) as client:  # type: ignore[arg-type]
        yield client
