"""Clients share one lazily created aiobotocore session; a caller's own ``session=`` wins."""

from __future__ import annotations

import threading

import pytest
from aiobotocore.session import AioSession

from greengrass_sdk import GreengrassClient, GreengrassV2Client
from greengrass_sdk._core.transport import shared_session
from tests.clients.conftest import client_kwargs
from tests.support.scripted_server import ScriptedServer


def _session_of(client: GreengrassV2Client | GreengrassClient) -> object:
    # aiobotocore keeps no back-reference to the session; its loader is the session's own.
    return client._transport._client._loader


async def test_clients_of_one_thread_share_one_session(server: ScriptedServer) -> None:
    kwargs = client_kwargs(server)
    async with (
        GreengrassV2Client(**kwargs) as v2,  # type: ignore[arg-type]
        GreengrassClient(**kwargs) as v1,  # type: ignore[arg-type]
    ):
        shared_loader = shared_session().get_component("data_loader")
        assert _session_of(v2) is shared_loader
        assert _session_of(v1) is shared_loader
        await v2.get_deployment(deployment_id="d-1")
        await v1.get_group(group_id="g-1")


async def test_a_callers_session_wins(server: ScriptedServer) -> None:
    mine = AioSession()
    mine.set_credentials("CALLERKEY", "caller-secret")
    kwargs = client_kwargs(server)
    for name in ("aws_access_key_id", "aws_secret_access_key"):
        kwargs.pop(name)
    async with GreengrassV2Client(session=mine, **kwargs) as v2:  # type: ignore[arg-type]
        assert _session_of(v2) is mine.get_component("data_loader")
        assert _session_of(v2) is not shared_session().get_component("data_loader")
        await v2.get_deployment(deployment_id="d-1")
    assert "Credential=CALLERKEY/" in server.requests[-1].headers["Authorization"]


def test_each_thread_and_profile_has_its_own_session() -> None:
    here = shared_session()
    assert shared_session() is here
    seen: list[AioSession] = []
    worker = threading.Thread(target=lambda: seen.append(shared_session()))
    worker.start()
    worker.join()
    assert seen[0] is not here
    assert shared_session("other-profile") is not here
    assert shared_session("other-profile").profile == "other-profile"


def test_a_changed_aws_environment_gets_its_own_session(monkeypatch: pytest.MonkeyPatch) -> None:
    before = shared_session()
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "ROTATED")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "rotated")
    after = shared_session()
    assert after is not before
    assert shared_session() is after
