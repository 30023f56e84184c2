"""Connection settings in one place: the caller's ``config=`` merged with the SDK's own."""

from __future__ import annotations

import pytest
from aiobotocore.config import AioConfig
from botocore.config import Config

from greengrass_sdk import GreengrassV2Client
from greengrass_sdk._core.connection import ConnectionOptions
from greengrass_sdk.errors import ConfigurationError
from tests.clients.conftest import client_kwargs
from tests.support.scripted_server import Reply, ScriptedServer

DEPLOYMENT = "/greengrass/v2/deployments/d-1"


async def test_callers_config_reaches_the_wire(server: ScriptedServer) -> None:
    config = AioConfig(user_agent_extra="fleet-tool/4.2")
    server.queue("GET", DEPLOYMENT, Reply(200, {"deploymentId": "d-1"}))
    async with GreengrassV2Client(**client_kwargs(server), config=config) as v2:  # type: ignore[arg-type]
        await v2.get_deployment(deployment_id="d-1")
    (sent,) = server.matching("GET", DEPLOYMENT)
    assert "fleet-tool/4.2" in sent.headers["User-Agent"]


async def test_botocore_retries_in_config_are_refused(server: ScriptedServer) -> None:
    config = AioConfig(retries={"total_max_attempts": 3})
    client = GreengrassV2Client(**client_kwargs(server), config=config)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="attempts multiply"):
        await client.open()


def test_settings_merge_and_conflict() -> None:
    merged = ConnectionOptions(config=AioConfig(max_pool_connections=7, proxies={})).aio_config()
    assert merged.max_pool_connections == 7
    assert merged.read_timeout == 60.0
    assert merged.retries == {"total_max_attempts": 1, "mode": "standard"}
    assert ConnectionOptions(max_pool_connections=3).aio_config().max_pool_connections == 3
    with pytest.raises(ConfigurationError, match="max_pool_connections=5 conflicts"):
        ConnectionOptions(
            max_pool_connections=5, config=AioConfig(max_pool_connections=7)
        ).aio_config()
    with pytest.raises(ConfigurationError, match="AioConfig"):
        ConnectionOptions(config=Config())  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="read_timeout"):
        ConnectionOptions(read_timeout=0)
    with pytest.raises(ConfigurationError, match="http_session_cls"):
        ConnectionOptions(config=AioConfig(http_session_cls=object)).aio_config()


def test_botocore_does_not_validate_requests_a_second_time() -> None:
    # The request models refuse bad input before botocore sees it; botocore's ParamValidator
    # would only repeat a weaker check on every call.
    assert ConnectionOptions().aio_config().parameter_validation is False
    mine = AioConfig(parameter_validation=True, user_agent_extra="tool/1")
    merged = ConnectionOptions(config=mine).aio_config()
    assert merged.parameter_validation is False
    assert merged.user_agent_extra == "tool/1"
