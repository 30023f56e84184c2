"""Retry, Retry-After, the retry budget and client tokens, over real HTTP to a scripted server."""

from __future__ import annotations

import logging
import time

import pytest

from greengrass_sdk import GreengrassClient, GreengrassV2Client, IoTClient, RetryPolicy
from greengrass_sdk import errors as public_errors
from greengrass_sdk.errors import (
    EndpointConnectionError,
    RequestTimeoutError,
    RequestValidationError,
    ServiceError,
)
from greengrass_sdk.greengrassv2 import errors as v2_errors
from tests.clients.conftest import client_kwargs
from tests.support.scripted_server import Reply, ScriptedServer

DEPLOYMENTS = "/greengrass/v2/deployments"
TARGET = "arn:aws:iot:us-east-1:123456789012:thinggroup/Fleet"
CREATED = Reply(201, {"deploymentId": "d-1", "iotJobId": "job-1"})


async def create_deployment(v2: GreengrassV2Client, **extra: object) -> object:
    return await v2.create_deployment(
        target_arn=TARGET, components={"com.example.App": {"componentVersion": "1.0.0"}}, **extra
    )


async def test_transient_errors_are_retried_with_one_token(
    server: ScriptedServer, v2: GreengrassV2Client, caplog: pytest.LogCaptureFixture
) -> None:
    server.queue(
        "POST",
        DEPLOYMENTS,
        Reply.error(503, "ServiceUnavailable"),
        Reply.error(500, "InternalServerException"),
        CREATED,
    )
    with caplog.at_level(logging.INFO, logger="greengrass_sdk"):
        response = await v2.create_deployment(
            target_arn=TARGET, components={"com.example.App": {"componentVersion": "1.0.0"}}
        )
    assert response.deployment_id == "d-1"
    assert response.response_metadata is not None
    assert response.response_metadata.attempts == 3
    assert response.response_metadata.request_id == "req-0000"
    sent = server.matching("POST", DEPLOYMENTS)
    assert len(sent) == 3
    tokens = {r.body["clientToken"] for r in sent}
    assert len(tokens) == 1
    assert len(next(iter(tokens))) == 36
    retries = [r for r in caplog.records if r.name == "greengrass_sdk"]
    assert [(r.operation, r.attempt, r.error_code) for r in retries] == [  # type: ignore[attr-defined]
        ("CreateDeployment", 1, "ServiceUnavailable"),
        ("CreateDeployment", 2, "InternalServerException"),
    ]


async def test_each_call_gets_a_new_token_and_a_callers_token_is_kept(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    server.respond("POST", DEPLOYMENTS, lambda _: CREATED)
    await create_deployment(v2)
    await create_deployment(v2)
    server.queue("POST", DEPLOYMENTS, Reply.error(503, "ServiceUnavailable"), CREATED)
    await create_deployment(v2, client_token="my-own-token-1")
    tokens = [r.body["clientToken"] for r in server.matching("POST", DEPLOYMENTS)]
    assert tokens[0] != tokens[1]
    assert tokens[2:] == ["my-own-token-1", "my-own-token-1"]


async def test_v1_amzn_client_token_header_is_stable_across_attempts(
    server: ScriptedServer, v1: GreengrassClient
) -> None:
    path = "/greengrass/definition/cores"
    server.queue(
        "POST",
        path,
        Reply.error(500, "InternalServerErrorException"),
        Reply(drop=True),
        Reply(200, {"Id": "core-def-1", "Name": "cores"}),
    )
    created = await v1.create_core_definition(name="cores")
    assert created.id == "core-def-1"
    tokens = [r.headers.get("X-Amzn-Client-Token") for r in server.matching("POST", path)]
    assert len(tokens) == 3
    assert tokens[0] and len(set(tokens)) == 1


async def test_iot_query_client_token_is_stable_across_attempts(
    server: ScriptedServer, iot: IoTClient
) -> None:
    path = "/packages/firmware"
    server.queue(
        "PUT",
        path,
        Reply.error(400, "ThrottlingException", headers={"Retry-After": "0"}),
        Reply(200, {"packageName": "firmware", "packageArn": "arn:aws:iot:::package/firmware"}),
    )
    created = await iot.create_package(package_name="firmware")
    assert created.package_name == "firmware"
    tokens = [r.query.get("clientToken") for r in server.matching("PUT", path)]
    assert len(tokens) == 2 and tokens[0] and tokens[0] == tokens[1]


async def test_client_errors_are_not_retried_and_are_typed(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    server.queue(
        "POST",
        DEPLOYMENTS,
        Reply.error(
            400,
            "ValidationException",
            "bad target",
            reason="FIELD_VALIDATION_FAILED",
            fields=[{"name": "targetArn", "message": "no such group"}],
        ),
    )
    with pytest.raises(v2_errors.ValidationException) as caught:
        await create_deployment(v2)
    error = caught.value
    assert isinstance(error, public_errors.ValidationException)
    assert isinstance(error, v2.exceptions.ValidationException)
    assert isinstance(error, ServiceError)
    assert (error.code, error.status_code, error.message) == (
        "ValidationException",
        400,
        "bad target",
    )
    assert error.request_id == "req-0000"
    assert error.operation == "CreateDeployment"
    assert error.details is not None
    assert error.details.reason == "FIELD_VALIDATION_FAILED"
    assert error.details.fields is not None and error.details.fields[0].name == "targetArn"
    assert len(server.matching("POST", DEPLOYMENTS)) == 1


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (404, "ResourceNotFoundException"),
        (409, "ConflictException"),
        (403, "AccessDeniedException"),
    ],
)
async def test_other_4xx_are_raised_after_one_attempt(
    server: ScriptedServer, v2: GreengrassV2Client, status: int, code: str
) -> None:
    server.queue("GET", f"{DEPLOYMENTS}/d-1", Reply.error(status, code, resourceId="d-1"))
    with pytest.raises(ServiceError) as caught:
        await v2.get_deployment(deployment_id="d-1")
    assert type(caught.value) is getattr(v2_errors, code)
    assert len(server.matching("GET", f"{DEPLOYMENTS}/d-1")) == 1


async def test_unmodelled_code_keeps_its_code(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    server.queue(
        "GET", f"{DEPLOYMENTS}/d-1", Reply.error(418, "TeapotException", "short and stout")
    )
    with pytest.raises(ServiceError) as caught:
        await v2.get_deployment(deployment_id="d-1")
    assert type(caught.value) is ServiceError
    assert (caught.value.code, caught.value.status_code) == ("TeapotException", 418)


async def test_request_already_in_progress_is_retried(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    server.queue(
        "POST", DEPLOYMENTS, Reply.error(400, "RequestAlreadyInProgressException"), CREATED
    )
    assert (await create_deployment(v2)).deployment_id == "d-1"  # type: ignore[attr-defined]
    assert len(server.matching("POST", DEPLOYMENTS)) == 2


@pytest.mark.parametrize("attempts", [1, 2, 5])
async def test_policy_of_n_attempts_sends_at_most_n_requests(
    server: ScriptedServer, attempts: int
) -> None:
    server.respond("POST", DEPLOYMENTS, lambda _: Reply.error(500, "InternalServerException"))
    policy = RetryPolicy(max_attempts=attempts, initial_backoff=0.001, max_backoff=0.002)
    async with GreengrassV2Client(**client_kwargs(server, policy)) as v2:  # type: ignore[arg-type]
        with pytest.raises(v2_errors.InternalServerException):
            await create_deployment(v2)
    assert len(server.matching("POST", DEPLOYMENTS)) == attempts


async def test_retry_after_is_honoured(server: ScriptedServer, v2: GreengrassV2Client) -> None:
    server.queue(
        "POST",
        DEPLOYMENTS,
        Reply.error(429, "ThrottlingException", headers={"Retry-After": "1"}),
        CREATED,
    )
    started = time.monotonic()
    await create_deployment(v2)
    assert time.monotonic() - started >= 0.95  # the fast policy alone would wait ~1 ms


async def test_retry_after_is_capped(server: ScriptedServer) -> None:
    server.queue(
        "POST",
        DEPLOYMENTS,
        Reply.error(429, "ThrottlingException", headers={"Retry-After": "3600"}),
        CREATED,
    )
    policy = RetryPolicy(max_attempts=2, max_retry_after=0.05)
    async with GreengrassV2Client(**client_kwargs(server, policy)) as v2:  # type: ignore[arg-type]
        started = time.monotonic()
        await create_deployment(v2)
        assert time.monotonic() - started < 5


async def test_throttling_without_retry_after_uses_backoff(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    server.queue("POST", DEPLOYMENTS, Reply.error(429, "TooManyRequestsException"), CREATED)
    response = await create_deployment(v2)
    assert response.response_metadata.attempts == 2  # type: ignore[attr-defined]


async def test_dropped_connections_are_retried_then_surface_as_transport_errors(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    server.respond("POST", DEPLOYMENTS, lambda _: Reply(drop=True))
    with pytest.raises(EndpointConnectionError):
        await create_deployment(v2)
    assert len(server.matching("POST", DEPLOYMENTS)) == 4


async def test_slow_responses_time_out_and_are_retried(server: ScriptedServer) -> None:
    server.queue("GET", f"{DEPLOYMENTS}/d-1", Reply(delay=1.0), Reply(200, {"deploymentId": "d-1"}))
    policy = RetryPolicy(max_attempts=3, initial_backoff=0.001)
    kwargs = client_kwargs(server, policy) | {"read_timeout": 0.3}
    async with GreengrassV2Client(**kwargs) as v2:  # type: ignore[arg-type]
        response = await v2.get_deployment(deployment_id="d-1")
    assert response.deployment_id == "d-1"
    assert response.response_metadata is not None and response.response_metadata.attempts == 2

    server.respond("GET", f"{DEPLOYMENTS}/d-2", lambda _: Reply(delay=1.0))
    policy = RetryPolicy(max_attempts=2, initial_backoff=0.001)
    kwargs = client_kwargs(server, policy) | {"read_timeout": 0.2}
    async with GreengrassV2Client(**kwargs) as v2:  # type: ignore[arg-type]
        with pytest.raises(RequestTimeoutError):
            await v2.get_deployment(deployment_id="d-2")
    assert len(server.matching("GET", f"{DEPLOYMENTS}/d-2")) == 2


async def test_retry_budget_stops_a_retry_storm(server: ScriptedServer) -> None:
    server.respond("POST", DEPLOYMENTS, lambda _: Reply.error(503, "ServiceUnavailable"))
    policy = RetryPolicy(
        max_attempts=5, initial_backoff=0.001, budget_capacity=12, retry_cost=5, timeout_cost=10
    )
    async with GreengrassV2Client(**client_kwargs(server, policy)) as v2:  # type: ignore[arg-type]
        for _ in range(2):
            with pytest.raises(ServiceError):
                await create_deployment(v2)
    # First call: 2 retries spend 10 of 12 tokens; then the budget is too low for any retry.
    assert len(server.matching("POST", DEPLOYMENTS)) == 3 + 1


async def test_bad_input_sends_nothing(server: ScriptedServer, v2: GreengrassV2Client) -> None:
    with pytest.raises(RequestValidationError) as caught:
        await v2.create_deployment(
            target_arn="not-an-arn",
            components={"com.example.App": {"componentVersion": ""}},
            deployment_name="",
        )
    assert isinstance(caught.value, ValueError)
    assert caught.value.operation == "CreateDeployment"
    assert set(caught.value.fields) == {
        "target_arn",
        "deployment_name",
        "components.com.example.App.component_version",
    }
    assert "target_arn" in str(caught.value)
    assert server.requests == []


async def test_request_model_and_fields_are_exclusive(v2: GreengrassV2Client) -> None:
    from greengrass_sdk.greengrassv2.models import GetDeploymentRequest

    with pytest.raises(TypeError):
        await v2.get_deployment(  # type: ignore[call-overload]
            request=GetDeploymentRequest(deployment_id="d"), deployment_id="d"
        )


async def test_calling_a_closed_client_explains_itself(server: ScriptedServer) -> None:
    client = GreengrassV2Client(**client_kwargs(server))  # type: ignore[arg-type]
    with pytest.raises(RuntimeError, match="async with"):
        await client.get_deployment(deployment_id="d-1")


async def test_unreadable_response_is_a_typed_error(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    from greengrass_sdk.errors import ResponseValidationError

    # botocore passes JSON values of string members through; a number cannot be a str here.
    server.queue("GET", f"{DEPLOYMENTS}/d-1", Reply(200, {"deploymentName": 12345}))
    with pytest.raises(ResponseValidationError, match="deployment_name") as caught:
        await v2.get_deployment(deployment_id="d-1")
    assert caught.value.body["deploymentName"] == 12345
    assert len(server.matching("GET", f"{DEPLOYMENTS}/d-1")) == 1  # not retried
