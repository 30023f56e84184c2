"""Issue #10, finding 7: listings and waiters end, whatever the server does (real HTTP)."""

from __future__ import annotations

import itertools
import time

import pytest

from greengrass_sdk import GreengrassV2Client
from greengrass_sdk.errors import PaginationError, WaiterTimeoutError
from tests.support.scripted_server import Recorded, Reply, Responder, ScriptedServer

COMPONENTS = "/greengrass/v2/components"
EFFECTIVE = "/greengrass/v2/coreDevices/core-1/effectiveDeployments"


def endless(key: str, delay: float = 0.0) -> Responder:
    """A responder that returns one item and a fresh continuation token, for ever."""
    counter = itertools.count()

    def respond(_: Recorded) -> Reply:
        n = next(counter)
        return Reply(200, {key: [], "nextToken": f"token-{n}"}, delay=delay)

    return respond


async def test_endless_tokens_stop_at_max_pages(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    server.respond("GET", COMPONENTS, endless("components"))
    with pytest.raises(PaginationError, match="after 25 pages"):
        await v2.list_components(max_pages=25).to_list()
    assert len(server.matching("GET", COMPONENTS)) == 25


async def test_endless_tokens_stop_at_max_pages_with_prefetch(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    server.respond("GET", COMPONENTS, endless("components"))
    with pytest.raises(PaginationError, match="max_pages"):
        await v2.list_components(max_pages=10, prefetch=True).to_list()
    assert len(server.matching("GET", COMPONENTS)) == 10


async def test_a_listing_honours_its_deadline(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    server.respond("GET", COMPONENTS, endless("components", delay=0.02))
    start = time.monotonic()
    with pytest.raises(PaginationError, match=r"within 0\.5 s"):
        await v2.list_components(timeout=0.5).to_list()
    assert time.monotonic() - start < 1.5


async def test_waiter_timeout_covers_an_endless_listing(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    server.respond("GET", EFFECTIVE, endless("effectiveDeployments", delay=0.01))
    start = time.monotonic()
    with pytest.raises(WaiterTimeoutError):
        await v2.wait_for_core_device_deployment("core-1", "d-1", timeout=1, poll_interval=0.1)
    assert time.monotonic() - start < 2.5


async def test_waiter_timeout_covers_a_hanging_request(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    server.queue("GET", "/greengrass/v2/deployments/d-1", Reply(200, {}, delay=1.5))
    start = time.monotonic()
    with pytest.raises(WaiterTimeoutError) as caught:
        await v2.wait_for_deployment("d-1", timeout=0.3, poll_interval=0.1)
    assert time.monotonic() - start < 1.2
    assert caught.value.state == ""
