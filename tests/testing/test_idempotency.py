from __future__ import annotations

from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from greengrass_sdk.testing import LocalGreengrass
from tests.testing.conftest import client, error_of, recipe, thing_arn

RETRYING = Config(retries={"mode": "standard", "total_max_attempts": 3})
IOT_TOKEN = "0123456789abcdef0123456789abcdef0123"


async def test_same_token_same_request_returns_the_original(gg: Any) -> None:
    body = recipe("com.example.Idem", "1.0.0")
    first = await gg.create_component_version(inlineRecipe=body, clientToken="tok-1")
    again = await gg.create_component_version(inlineRecipe=body, clientToken="tok-1")
    assert again["arn"] == first["arn"]
    assert again["creationTimestamp"] == first["creationTimestamp"]
    versions = await gg.list_component_versions(arn=first["arn"].rsplit(":versions:", 1)[0])
    assert len(versions["componentVersions"]) == 1


async def test_same_token_different_request_is_a_conflict(gg: Any) -> None:
    await gg.create_component_version(
        inlineRecipe=recipe("com.example.I", "1.0.0"), clientToken="tok-2"
    )
    with pytest.raises(ClientError) as excinfo:
        await gg.create_component_version(
            inlineRecipe=recipe("com.example.I", "2.0.0"), clientToken="tok-2"
        )
    error = error_of(excinfo)
    assert error["Error"]["Code"] == "ConflictException"
    assert (error["resourceId"], error["resourceType"]) == ("tok-2", "clientToken")


async def test_botocore_fills_a_token_so_plain_repeats_create_twice(gg: Any) -> None:
    await gg.create_component_version(inlineRecipe=recipe("com.example.Z", "1.0.0"))
    target = thing_arn("t")
    spec = {"com.example.Z": {"componentVersion": "1.0.0"}}
    one = await gg.create_deployment(targetArn=target, components=spec)
    two = await gg.create_deployment(targetArn=target, components=spec)
    assert one["deploymentId"] != two["deploymentId"]


async def test_commit_then_drop_retried_with_same_token_creates_once(
    server: LocalGreengrass,
) -> None:
    server.add_component_version(
        {
            "RecipeFormatVersion": "2020-01-25",
            "ComponentName": "com.example.C",
            "ComponentVersion": "1.0.0",
        }
    )
    server.faults.commit_then_drop_next("CreateDeployment")
    async with client(server, "greengrassv2", RETRYING) as gg:
        created = await gg.create_deployment(
            targetArn=thing_arn("t"), components={"com.example.C": {"componentVersion": "1.0.0"}}
        )
        assert created["ResponseMetadata"]["RetryAttempts"] == 1
        history = await gg.list_deployments(historyFilter="ALL")
    assert [d["deploymentId"] for d in history["deployments"]] == [created["deploymentId"]]
    attempts = server.requests.for_operation("CreateDeployment")
    assert [a.status for a in attempts] == [None, 201]
    assert attempts[0].fault == "commit_then_drop"
    assert attempts[0].body["clientToken"] == attempts[1].body["clientToken"]


async def test_commit_then_drop_without_retry_surfaces_a_connection_error(
    server: LocalGreengrass, gg: Any
) -> None:
    server.faults.commit_then_drop_next("CreateComponentVersion")
    with pytest.raises(Exception, match="onnection"):
        await gg.create_component_version(inlineRecipe=recipe("com.example.Lost", "1.0.0"))
    # The change was made although the client never heard about it.
    assert (await gg.list_components())["components"][0]["componentName"] == "com.example.Lost"


async def test_iot_tokens_in_the_query(server: LocalGreengrass) -> None:
    server.faults.commit_then_drop_next("CreatePackage")
    async with client(server, "iot", RETRYING) as iot:
        created = await iot.create_package(packageName="pkg", clientToken=IOT_TOKEN)
        assert created["packageName"] == "pkg"
        again = await iot.create_package(packageName="pkg", clientToken=IOT_TOKEN)
        assert again["packageArn"] == created["packageArn"]
        with pytest.raises(ClientError) as excinfo:
            await iot.create_package(packageName="pkg", description="other", clientToken=IOT_TOKEN)
        assert error_of(excinfo)["Error"]["Code"] == "ConflictException"
        await iot.delete_package(packageName="pkg", clientToken=IOT_TOKEN)
        with pytest.raises(ClientError) as excinfo:
            await iot.delete_package(packageName="other", clientToken=IOT_TOKEN)
        # DeletePackage models no ConflictException, so a reused token is a validation error.
        assert error_of(excinfo)["Error"]["Code"] == "ValidationException"
    assert server.requests.for_operation("CreatePackage")[0].query["clientToken"] == [IOT_TOKEN]


async def test_same_token_while_the_first_is_in_flight(server: LocalGreengrass, gg: Any) -> None:
    import asyncio

    server.add_component_version(
        {
            "RecipeFormatVersion": "2020-01-25",
            "ComponentName": "com.example.F",
            "ComponentVersion": "1.0.0",
        }
    )
    server.faults.delay("CreateDeployment", 0.5)
    spec = {"com.example.F": {"componentVersion": "1.0.0"}}
    first, second = await asyncio.gather(
        gg.create_deployment(targetArn=thing_arn("t"), components=spec, clientToken="tok-f"),
        gg.create_deployment(targetArn=thing_arn("t"), components=spec, clientToken="tok-f"),
        return_exceptions=True,
    )
    outcomes = [first, second]
    errors = [o for o in outcomes if isinstance(o, ClientError)]
    assert len(errors) == 1
    assert errors[0].response["Error"]["Code"] == "RequestAlreadyInProgressException"
    assert errors[0].response["ResponseMetadata"]["HTTPStatusCode"] == 400
    server.faults.delay("CreateDeployment", 0)
    again = await gg.create_deployment(
        targetArn=thing_arn("t"), components=spec, clientToken="tok-f"
    )
    assert any(
        not isinstance(o, BaseException) and o["deploymentId"] == again["deploymentId"]
        for o in outcomes
    )
