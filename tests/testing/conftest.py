from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiobotocore.session import get_session
from botocore.config import Config

from greengrass_sdk.testing import LocalGreengrass

REGION = "us-east-1"
ACCOUNT = "123456789012"
NO_RETRIES = Config(retries={"mode": "standard", "total_max_attempts": 1})
# One session for the whole run: its loader caches the parsed service models, which makes
# creating a client several times faster (the IoT model is large).
SESSION = get_session()


def recipe(name: str, version: str, **extra: Any) -> str:
    return json.dumps(
        {"RecipeFormatVersion": "2020-01-25", "ComponentName": name, "ComponentVersion": version}
        | extra
    )


def thing_arn(name: str) -> str:
    return f"arn:aws:iot:{REGION}:{ACCOUNT}:thing/{name}"


def group_arn(name: str) -> str:
    return f"arn:aws:iot:{REGION}:{ACCOUNT}:thinggroup/{name}"


def client(server: LocalGreengrass, service: str, config: Config = NO_RETRIES) -> Any:
    return SESSION.create_client(
        service,
        endpoint_url=server.endpoint_url,
        region_name=REGION,
        aws_access_key_id="x",
        aws_secret_access_key="x",
        config=config,
    )


@pytest.fixture
async def server() -> AsyncIterator[LocalGreengrass]:
    async with LocalGreengrass() as running:
        yield running


@pytest.fixture
async def gg(server: LocalGreengrass) -> AsyncIterator[Any]:
    async with client(server, "greengrassv2") as c:
        yield c


@pytest.fixture
async def iot(server: LocalGreengrass) -> AsyncIterator[Any]:
    async with client(server, "iot") as c:
        yield c


@pytest.fixture
async def v1(server: LocalGreengrass) -> AsyncIterator[Any]:
    async with client(server, "greengrass") as c:
        yield c


def error_of(excinfo: pytest.ExceptionInfo[Any]) -> dict[str, Any]:
    response: dict[str, Any] = excinfo.value.response
    return response
