"""Success bodies parsed natively (one pass from the bytes): what a caller sees of a response."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from greengrass_sdk import GreengrassV2Client
from greengrass_sdk._core.native_parse import NativeParserFactory
from greengrass_sdk.errors import GreengrassError
from tests.clients.conftest import client_kwargs
from tests.support.scripted_server import Reply, ScriptedServer

DEPLOYMENT = "/greengrass/v2/deployments/d-1"


async def test_timestamps_unknown_members_and_metadata(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    body = {
        "deploymentId": "d-1",
        "deploymentStatus": "BRAND_NEW_STATUS",
        "creationTimestamp": 1700000000.5,
        "components": {"com.example.A": {"componentVersion": "1.0.0", "futureKnob": [1, 2]}},
        "addedNextYear": {"x": 1},
    }
    server.queue("GET", DEPLOYMENT, Reply(200, body, headers={"x-amzn-RequestId": "req-42"}))
    got = await v2.get_deployment(deployment_id="d-1")
    assert got.creation_timestamp == datetime(2023, 11, 14, 22, 13, 20, 500000, tzinfo=UTC)
    assert got.creation_timestamp is not None and got.creation_timestamp.utcoffset() is not None
    assert got.deployment_status == "BRAND_NEW_STATUS"
    assert got.model_extra == {"addedNextYear": {"x": 1}}
    assert got.components is not None
    spec = got.components["com.example.A"]
    assert spec.component_version == "1.0.0"
    assert spec.model_extra == {"futureKnob": [1, 2]}
    meta = got.response_metadata
    assert meta is not None
    assert (meta.request_id, meta.http_status_code, meta.attempts) == ("req-42", 200, 1)
    assert meta.headers["x-amzn-requestid"] == "req-42"


async def test_blobs_are_decoded_from_base64(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    recipe = b'{"RecipeFormatVersion": "2020-01-25"}'
    arn = "arn:aws:greengrass:us-east-1:123456789012:components:com.example.A:versions:1.0.0"
    server.queue(
        "GET",
        "/greengrass/v2/components/.*",
        Reply(200, {"recipeOutputFormat": "JSON", "recipe": base64.b64encode(recipe).decode()}),
    )
    got = await v2.get_component(arn=arn)
    assert got.recipe == recipe


@pytest.mark.parametrize(
    "body",
    [
        {"deploymentId": "d-1", "creationTimestamp": "not a time"},
        {"deploymentId": "d-1", "components": "not a map"},
        {"deploymentId": ["not", "a", "string"]},
    ],
)
async def test_a_body_the_model_refuses_is_still_a_typed_error(
    server: ScriptedServer, v2: GreengrassV2Client, body: dict[str, object]
) -> None:
    server.queue("GET", DEPLOYMENT, Reply(200, body))
    with pytest.raises(GreengrassError) as caught:
        await v2.get_deployment(deployment_id="d-1")
    assert "GetDeployment" in str(caught.value)


async def test_only_the_sdks_own_clients_parse_natively(server: ScriptedServer) -> None:
    async with GreengrassV2Client(**client_kwargs(server)) as owned:  # type: ignore[arg-type]
        factory = owned._transport._client._endpoint._response_parser_factory
        assert isinstance(factory, NativeParserFactory)
        raw = owned._transport._client
        server.queue("GET", DEPLOYMENT, Reply(200, {"deploymentId": "d-1", "extra": 1}))
        # A call made on the aiobotocore client directly is parsed by botocore, as ever.
        parsed = await raw.get_deployment(deploymentId="d-1")
        assert parsed["deploymentId"] == "d-1"
        assert "extra" not in parsed
