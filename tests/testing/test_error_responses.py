"""Issue #10, findings 9 and 10: the emulator answers every failure AWS-style and its journal
keeps no secrets (real HTTP)."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest

from greengrass_sdk import GreengrassV2Client
from greengrass_sdk.testing import LocalGreengrass, http_frontend

DEPLOYMENTS = "/greengrass/v2/deployments"


async def post(server: LocalGreengrass, path: str, body: bytes) -> tuple[int, dict[str, str], Any]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(server.endpoint_url + path, data=body) as response,
    ):
        raw = await response.read()
        return response.status, dict(response.headers), json.loads(raw)


async def test_deeply_nested_body_is_a_json_validation_error(server: LocalGreengrass) -> None:
    nested = b'{"targetArn": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    status, headers, body = await post(server, DEPLOYMENTS, nested)
    assert status == 400
    assert headers["x-amzn-ErrorType"] == "ValidationException"
    assert "nested too deeply" in body["message"]


async def test_an_emulator_bug_is_an_aws_style_500(
    server: LocalGreengrass, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise AttributeError("'NoneType' object has no attribute 'get'")

    monkeypatch.setattr(http_frontend, "execute", broken)
    status, headers, body = await post(server, DEPLOYMENTS, b"{}")
    assert status == 500
    assert headers["x-amzn-ErrorType"] == "InternalServerException"
    assert body["message"] == "The emulator failed: AttributeError."
    assert server.requests[-1].status == 500


async def test_journal_keeps_no_signature_or_session_token(server: LocalGreengrass) -> None:
    async with GreengrassV2Client(
        **server.connection_kwargs(),
        aws_session_token="SESSION-TOKEN-SECRET",
    ) as v2:
        await v2.list_components().to_list()
    (recorded,) = server.requests
    lowered = {key.lower() for key in recorded.headers}
    assert "authorization" not in lowered
    assert "x-amz-security-token" not in lowered
    assert "x-amz-date" in lowered  # the rest of the request is still there
    assert "SESSION-TOKEN-SECRET" not in repr(recorded)
