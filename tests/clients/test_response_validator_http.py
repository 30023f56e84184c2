"""Over real HTTP: a listing with nested shared shapes parses into the same objects as before.

The SDK's clients parse success bodies with the output model's response-side validator
(:mod:`greengrass_sdk._core.response_validator`); what a caller gets must be what
``model_validate_json`` (the parse before it) gives for the same bytes.
"""

from __future__ import annotations

import json
import pickle
from typing import Any

from greengrass_sdk import GreengrassV2Client
from greengrass_sdk._core.response_validator import response_validator
from greengrass_sdk.greengrassv2 import models as m
from tests.support.response_parsing import anatomy, marked_code, python_calls
from tests.support.scripted_server import Reply, ScriptedServer

COMPONENTS = "/greengrass/v2/components"


def _page(start: int, token: str | None) -> bytes:
    items: list[dict[str, Any]] = []
    for n in range(start, start + 30):
        items.append(
            {
                "arn": f"arn:aws:greengrass:us-east-1:123456789012:components:com.example.C{n}",
                "componentName": f"com.example.C{n}",
                "latestVersion": {
                    "componentVersion": f"1.{n}.0",
                    "creationTimestamp": 1700000000 + n + (0.25 if n % 2 else 0),
                    "description": "" if n % 3 else None,
                    "publisher": "x" * (n * 40),  # longer than any request-side limit
                    "platforms": [
                        {"name": "linux", "attributes": {"os": "linux", "arch": f"a{n}"}},
                        {"name": "", "attributes": {}, "addedLater": {"n": n}},
                        {},
                    ],
                    "futureField": [n, None],
                },
            }
        )
    body: dict[str, Any] = {"components": items, "anotherNewMember": True}
    if token is not None:
        body["nextToken"] = token
    return json.dumps(body).encode()


async def test_a_listing_returns_the_same_objects_as_model_validate_json(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    first, second = _page(0, "t1"), _page(30, None)
    server.queue("GET", COMPONENTS, Reply(raw=first), Reply(raw=second))
    with python_calls() as calls:
        items = [item async for item in v2.list_components()]
    # the response-side validator did the parsing: none of the no-ops ran
    assert response_validator(m.ListComponentsResponse) is not None
    assert not calls & marked_code(m.ListComponentsResponse)

    expected: list[m.Component] = []
    for raw in (first, second):
        components = m.ListComponentsResponse.model_validate_json(raw).components
        assert components is not None
        expected.extend(components)
    assert len(items) == 60
    assert items == expected
    assert anatomy(items) == anatomy(expected)
    assert [repr(item) for item in items] == [repr(item) for item in expected]
    assert pickle.loads(pickle.dumps(items)) == expected

    shared = items[1].latest_version.platforms  # type: ignore[union-attr]
    assert shared is not None and type(shared[0]) is m.ComponentPlatform
    assert shared[1].name == "" and shared[1].model_extra == {"addedLater": {"n": 1}}
    assert items[1].latest_version.model_extra == {"futureField": [1, None]}  # type: ignore[union-attr]


async def test_pages_keep_their_metadata_and_unknown_members(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    raw = _page(0, None)
    server.queue("GET", COMPONENTS, Reply(raw=raw, headers={"x-amzn-RequestId": "req-7"}))
    pages = [page async for page in v2.list_components().pages()]
    assert len(pages) == 1
    page = pages[0]
    before = m.ListComponentsResponse.model_validate_json(raw)
    assert type(page) is m.ListComponentsResponse
    assert page.model_extra == {"anotherNewMember": True}
    assert page.components == before.components
    assert page.model_dump() == before.model_dump()
    assert page.model_fields_set == before.model_fields_set
    meta = page.response_metadata
    assert meta is not None and meta.request_id == "req-7" and meta.http_status_code == 200
    # only the top-level response carries metadata, as before
    assert page.components is not None and page.components[0].response_metadata is None
