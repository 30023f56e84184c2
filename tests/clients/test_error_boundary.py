"""Issue #10, findings 1-4 and 6: every failure typed, every attempt counted, over real HTTP."""

from __future__ import annotations

import asyncio
import email.utils
import gzip
import json
import logging
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from greengrass_sdk import GreengrassClient, GreengrassV2Client, RetryPolicy
from greengrass_sdk.errors import (
    ConfigurationError,
    EndpointConnectionError,
    GreengrassError,
    ResponseParseError,
    ServiceError,
    ThrottlingException,
)
from tests.clients.conftest import CREDS, FAST, client_kwargs
from tests.support.scripted_server import Reply, ScriptedServer

DEPLOYMENT = "/greengrass/v2/deployments/d-1"
COMPONENTS = "/greengrass/v2/components"


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# -- finding 1: connection failures and configuration ---------------------------------------


@pytest.mark.parametrize("where", ["refused", "no such host"])
async def test_connection_failure_is_typed_and_retried(
    caplog: pytest.LogCaptureFixture, where: str
) -> None:
    # .invalid never resolves (RFC 6761), so this is a DNS failure without any network.
    url = f"http://127.0.0.1:{free_port()}" if where == "refused" else "http://gg.invalid"
    kwargs = {"region_name": "us-east-1", "endpoint_url": url}
    async with GreengrassV2Client(**kwargs, retry=FAST, **CREDS) as v2:  # type: ignore[arg-type]
        with (
            caplog.at_level(logging.INFO, logger="greengrass_sdk"),
            pytest.raises(EndpointConnectionError, match="GetDeployment"),
        ):
            await v2.get_deployment(deployment_id="d-1")
    retries = [r for r in caplog.records if r.getMessage().startswith("retrying GetDeployment")]
    assert len(retries) == FAST.max_attempts - 1


async def test_unreachable_proxy_is_a_connection_error() -> None:
    from aiobotocore.config import AioConfig

    config = AioConfig(proxies={"http": f"http://127.0.0.1:{free_port()}"})
    kwargs = {"region_name": "us-east-1", "endpoint_url": "http://127.0.0.1:9/"}
    async with GreengrassV2Client(**kwargs, retry=FAST, config=config, **CREDS) as v2:  # type: ignore[arg-type]
        with pytest.raises(EndpointConnectionError, match="Proxy"):
            await v2.get_deployment(deployment_id="d-1")


@pytest.fixture
def no_aws_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    empty = tmp_path / "empty"
    empty.write_text("")
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty))
    yield


@pytest.mark.usefixtures("no_aws_config")
async def test_no_region_is_a_configuration_error() -> None:
    client = GreengrassV2Client(**CREDS)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="no AWS region"):
        await client.open()


@pytest.mark.usefixtures("no_aws_config")
async def test_unknown_profile_is_typed() -> None:
    client = GreengrassV2Client(region_name="us-east-1", profile_name="no-such-profile")
    with pytest.raises(GreengrassError, match="no-such-profile"):
        await client.open()


# -- findings 2 and 3: hostile responses ------------------------------------------------------

HOSTILE_SUCCESS = {
    "truncated": b'{"deploymentId": "d-1", "deploymentStatus": "ACT',
    "not json": b"<html>gateway says hi</html>",
    "top-level list": b'[{"deploymentId": "d-1"}]',
    "top-level string": b'"d-1"',
    "top-level number": b"42",
    "top-level null": b"null",
    "deeply nested": b'{"deploymentId": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "invalid utf-8": b'{"deploymentId": "\xff\xfe"}',
    "structure as string": b'{"deploymentPolicies": "nope"}',
    "structure as list": b'{"deploymentPolicies": [1, 2]}',
    "map as list": b'{"components": ["a"]}',
    "bad timestamp": b'{"creationTimestamp": "yesterday-ish"}',
    "huge timestamp": b'{"creationTimestamp": 1e300}',
}


@pytest.mark.parametrize("body", HOSTILE_SUCCESS.values(), ids=HOSTILE_SUCCESS.keys())
async def test_hostile_success_bodies_are_parse_errors(
    server: ScriptedServer, v2: GreengrassV2Client, body: bytes
) -> None:
    server.queue("GET", DEPLOYMENT, Reply(200, raw=body, headers={"x-amzn-RequestId": "r-9"}))
    with pytest.raises(ResponseParseError) as caught:
        await v2.get_deployment(deployment_id="d-1")
    error = caught.value
    assert error.operation == "GetDeployment"
    assert error.status_code == 200
    assert error.request_id == "r-9"
    assert len(error.excerpt) <= ResponseParseError.EXCERPT_LIMIT
    assert len(server.matching("GET", DEPLOYMENT)) == 1  # parse errors are not retried


async def test_bad_base64_blob_is_a_parse_error(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    server.queue("GET", f"{COMPONENTS}/.*", Reply(200, {"recipe": "not base64!!", "tags": {}}))
    with pytest.raises(ResponseParseError, match="could not read"):
        await v2.get_component(
            arn="arn:aws:greengrass:us-east-1:123456789012:components:c:versions:1.0.0"
        )


async def test_truncated_page_is_not_an_empty_listing(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    server.queue("GET", COMPONENTS, Reply(200, raw=b'{"components": [{"arn": "a'))
    with pytest.raises(ResponseParseError):
        await v2.list_components().to_list()


async def test_gzip_body_is_read(server: ScriptedServer, v2: GreengrassV2Client) -> None:
    raw = gzip.compress(json.dumps({"deploymentId": "d-1"}).encode())
    server.queue("GET", DEPLOYMENT, Reply(200, raw=raw, headers={"Content-Encoding": "gzip"}))
    assert (await v2.get_deployment(deployment_id="d-1")).deployment_id == "d-1"


HOSTILE_ERRORS = {
    "message is a number": (400, b'{"message": 5}', "ValidationException"),
    "message is a map": (409, b'{"message": {"deep": [1]}}', "ConflictException"),
    "html 503": (503, b"<html>busy</html>", None),
    "top-level list": (400, b"[1, 2, 3]", "ValidationException"),
    "deeply nested": (400, b"[" * 100_000 + b"]" * 100_000, "ValidationException"),
    "invalid utf-8": (500, b"\xff\xfe\xfd", "InternalServerException"),
    "redirect": (302, b"", None),
}


@pytest.mark.parametrize(
    ("status", "body", "code"), HOSTILE_ERRORS.values(), ids=HOSTILE_ERRORS.keys()
)
async def test_hostile_error_bodies_are_service_errors(
    server: ScriptedServer, v2: GreengrassV2Client, status: int, body: bytes, code: str | None
) -> None:
    headers = {"x-amzn-ErrorType": code} if code else {"Location": "http://127.0.0.1:1/"}
    server.queue("GET", DEPLOYMENT, *[Reply(status, raw=body, headers=headers)] * 5)
    with pytest.raises(ServiceError) as caught:
        await v2.get_deployment(deployment_id="d-1")
    assert caught.value.status_code == status
    if code:
        assert caught.value.code == code
    # Only the 5xx are worth another attempt.
    expected = FAST.max_attempts if status >= 500 else 1
    assert len(server.matching("GET", DEPLOYMENT)) == expected


# -- finding 4: Retry-After in every form -----------------------------------------------------


def _throttle(retry_after: str) -> Reply:
    return Reply.error(429, "ThrottlingException", headers={"Retry-After": retry_after})


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("1.5", 1.5),
        ("abc", None),
        ("0", None),
        ("-4", None),
        ("NaN", None),
        ("date+2", 2.0),
    ],
)
async def test_retry_after_forms_over_http(
    server: ScriptedServer, header: str, expected: float | None
) -> None:
    if header == "date+2":
        header = email.utils.formatdate(time.time() + 2.5, usegmt=True)
    policy = RetryPolicy(
        max_attempts=2, initial_backoff=0.001, throttle_backoff=0.001, max_retry_after=0.01
    )
    server.queue("GET", DEPLOYMENT, _throttle(header), _throttle(header))
    async with GreengrassV2Client(**client_kwargs(server, policy)) as v2:  # type: ignore[arg-type]
        with pytest.raises(ThrottlingException) as caught:
            await v2.get_deployment(deployment_id="d-1")
    assert len(server.matching("GET", DEPLOYMENT)) == 2
    if expected is None:
        assert caught.value.retry_after is None
    else:
        assert caught.value.retry_after == pytest.approx(expected, abs=1.0)


async def test_retry_after_zero_does_not_busy_loop(server: ScriptedServer) -> None:
    policy = RetryPolicy(max_attempts=4, throttle_backoff=0.04, max_backoff=0.04)
    server.queue("GET", DEPLOYMENT, *[_throttle("0")] * 4)
    delays: list[float] = []
    async with GreengrassV2Client(**client_kwargs(server, policy)) as v2:  # type: ignore[arg-type]
        for _ in range(5):
            server.queue("GET", DEPLOYMENT, *[_throttle("0")] * 4)
            start = time.monotonic()
            with pytest.raises(ThrottlingException):
                await v2.get_deployment(deployment_id="d-1")
            delays.append(time.monotonic() - start)
    # Three full-jitter sleeps of up to 40 ms each: on average 60 ms per call, not ~0.
    assert sum(delays) / len(delays) > 0.02


# -- finding 6: attempts are real ---------------------------------------------------------------


async def _warm(server: ScriptedServer, client: GreengrassV2Client) -> None:
    """One successful call, so the next request goes out on a kept-alive connection."""
    server.queue("GET", "/greengrass/v2/deployments/warm", Reply(200, {"deploymentId": "warm"}))
    await client.get_deployment(deployment_id="warm")


@pytest.mark.parametrize("method", ["GET", "DELETE", "POST"])
async def test_dropped_v2_requests_are_sent_max_attempts_times(
    server: ScriptedServer, method: str
) -> None:
    policy = RetryPolicy(max_attempts=2, initial_backoff=0.001)
    path = {"GET": DEPLOYMENT, "DELETE": DEPLOYMENT, "POST": "/greengrass/v2/deployments"}[method]
    async with GreengrassV2Client(**client_kwargs(server, policy)) as v2:  # type: ignore[arg-type]
        await _warm(server, v2)
        server.queue(method, path, *[Reply(drop=True)] * 6)
        with pytest.raises(EndpointConnectionError):
            if method == "GET":
                await v2.get_deployment(deployment_id="d-1")
            elif method == "DELETE":
                await v2.delete_deployment(deployment_id="d-1")
            else:
                await v2.create_deployment(target_arn="arn:aws:iot:us-east-1:1:thing/t")
    assert len(server.matching(method, path)) == 2


async def test_dropped_v1_put_is_sent_max_attempts_times(server: ScriptedServer) -> None:
    policy = RetryPolicy(max_attempts=2, initial_backoff=0.001)
    path = "/greengrass/things/t/connectivityInfo"
    async with GreengrassClient(**client_kwargs(server, policy)) as v1:  # type: ignore[arg-type]
        server.queue("GET", "/greengrass/groups", Reply(200, {"Groups": []}))
        await v1.list_groups().to_list()
        server.queue("PUT", path, *[Reply(drop=True)] * 6)
        with pytest.raises(EndpointConnectionError):
            await v1.update_connectivity_info(thing_name="t", connectivity_info=[])
    assert len(server.matching("PUT", path)) == 2


async def test_unfinished_request_is_cancelled_cleanly(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    server.queue("GET", DEPLOYMENT, Reply(200, {"deploymentId": "d-1"}, delay=5))
    task = asyncio.ensure_future(v2.get_deployment(deployment_id="d-1"))
    await server.wait_for_requests("GET", DEPLOYMENT, 1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_compression_bombs_and_fake_gzip_are_parse_errors(
    server: ScriptedServer, v2: GreengrassV2Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from greengrass_sdk._core import raw_response

    monkeypatch.setattr(raw_response, "MAX_DECOMPRESSED", 1024)
    bomb = gzip.compress(b'{"deploymentId": "' + b"0" * 10_000 + b'"}')
    server.queue("GET", DEPLOYMENT, Reply(200, raw=bomb, headers={"Content-Encoding": "gzip"}))
    with pytest.raises(ResponseParseError, match="more than 1024 bytes"):
        await v2.get_deployment(deployment_id="d-1")
    fake = Reply(200, raw=b'{"deploymentId": "d-1"}', headers={"Content-Encoding": "gzip"})
    server.queue("GET", DEPLOYMENT, fake)
    with pytest.raises(ResponseParseError, match="Content-Encoding gzip"):
        await v2.get_deployment(deployment_id="d-1")
