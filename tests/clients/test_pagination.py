"""``async for`` over paginated operations, against a scripted server."""

from __future__ import annotations

import asyncio

import pytest

from greengrass_sdk import AsyncPager, GreengrassV2Client
from greengrass_sdk.errors import PaginationError, RequestValidationError
from greengrass_sdk.greengrassv2.models import Component, ListComponentsResponse
from tests.support.scripted_server import Recorded, Reply, ScriptedServer

COMPONENTS = "/greengrass/v2/components"
TOTAL = 2_150


def component_pages(recorded: Recorded) -> Reply:
    start = int(recorded.query.get("nextToken", "0"))
    size = int(recorded.query.get("maxResults", "50"))
    end = min(start + size, TOTAL)
    body: dict[str, object] = {
        "components": [
            {
                "arn": f"arn:aws:greengrass:us-east-1:123456789012:components:c{i}",
                "componentName": f"c{i:05d}",
                "latestVersion": {
                    "componentVersion": "1.0.0",
                    "status": {"componentState": "DEPLOYABLE"},
                },
            }
            for i in range(start, end)
        ]
    }
    if end < TOTAL:
        body["nextToken"] = str(end)
    return Reply(200, body)


async def test_async_for_yields_typed_items_across_pages_through_a_fault(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    # Page 11 fails once with a 503 and is retried; the walk goes on.
    calls = {"n": 0}

    def flaky(recorded: Recorded) -> Reply:
        calls["n"] += 1
        if calls["n"] == 11:
            return Reply.error(503, "ServiceUnavailable")
        return component_pages(recorded)

    server.respond("GET", COMPONENTS, flaky)
    pager = v2.list_components(scope="PRIVATE", max_results=100)
    assert isinstance(pager, AsyncPager)
    names = []
    async for component in pager:
        assert isinstance(component, Component)
        names.append(component.component_name)
    assert names == [f"c{i:05d}" for i in range(TOTAL)]
    sent = server.matching("GET", COMPONENTS)
    assert len(sent) == 22 + 1
    assert {r.query["maxResults"] for r in sent} == {"100"}
    assert {r.query["scope"] for r in sent} == {"PRIVATE"}
    assert sent[10].query == sent[11].query  # the retried page asks for the same token


async def test_max_items_caps_and_stops_fetching(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    server.respond("GET", COMPONENTS, component_pages)
    items = await v2.list_components(max_results=100, max_items=150).to_list()
    assert len(items) == 150
    assert len(server.matching("GET", COMPONENTS)) == 2


async def test_pages_yields_typed_responses(server: ScriptedServer, v2: GreengrassV2Client) -> None:
    server.respond("GET", COMPONENTS, component_pages)
    sizes = []
    async for page in v2.list_components(max_results=100).pages():
        assert isinstance(page, ListComponentsResponse)
        sizes.append(len(page.components or []))
    assert sizes == [100] * 21 + [50]


async def test_repeated_token_stops_the_walk(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    server.respond(
        "GET",
        COMPONENTS,
        lambda _: Reply(200, {"components": [{"componentName": "same"}], "nextToken": "again"}),
    )
    with pytest.raises(PaginationError, match="again"):
        await v2.list_components().to_list()
    assert len(server.matching("GET", COMPONENTS)) == 2


async def test_bad_page_size_is_rejected_at_the_call(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    with pytest.raises(RequestValidationError, match="max_results"):
        v2.list_components(max_results=1000)
    with pytest.raises(ValueError, match="max_items"):
        v2.list_components(max_items=0)
    assert server.requests == []


async def _wait_for_requests(server: ScriptedServer, count: int, within: float) -> bool:
    try:
        async with asyncio.timeout(within):
            await server.wait_for_requests("GET", COMPONENTS, count)
    except TimeoutError:
        return False
    return True


@pytest.mark.parametrize("prefetch", [True, False])
async def test_prefetch_requests_the_next_page_while_the_caller_works(
    server: ScriptedServer, v2: GreengrassV2Client, prefetch: bool
) -> None:
    server.respond("GET", COMPONENTS, component_pages)
    pages = v2.list_components(max_results=100, prefetch=prefetch).pages()
    first = await anext(pages)
    assert first.components is not None and len(first.components) == 100
    # While we still hold page 1, page 2 is requested only when prefetching.
    assert await _wait_for_requests(server, 2, within=1.5) is prefetch
    second = await anext(pages)
    assert second.components is not None
    assert second.components[0].component_name == "c00100"
    await pages.aclose()


async def test_leaving_a_prefetching_loop_early_cancels_cleanly(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    def slow_pages(recorded: Recorded) -> Reply:
        reply = component_pages(recorded)
        reply.delay = 0.3 if "nextToken" in recorded.query else 0.0
        return reply

    server.respond("GET", COMPONENTS, slow_pages)
    seen = []
    async for component in v2.list_components(max_results=100, prefetch=True):
        seen.append(component.component_name)
        if len(seen) == 3:
            break
    await asyncio.sleep(0.5)
    assert len(seen) == 3
    assert len(server.matching("GET", COMPONENTS)) == 2  # page 1 and the cancelled page 2


async def test_prefetch_walks_every_page_in_order(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    server.respond("GET", COMPONENTS, component_pages)
    names = [c.component_name async for c in v2.list_components(max_results=100, prefetch=True)]
    assert names == [f"c{i:05d}" for i in range(TOTAL)]
