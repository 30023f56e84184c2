from __future__ import annotations

import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

from greengrass_sdk.testing import LocalGreengrass
from tests.testing.conftest import error_of

COUNT = 5000


async def test_five_thousand_components_page_quickly(server: LocalGreengrass, gg: Any) -> None:
    started = time.perf_counter()
    for i in range(COUNT):
        server.add_component_version(
            {
                "RecipeFormatVersion": "2020-01-25",
                "ComponentName": f"com.example.C{i:05d}",
                "ComponentVersion": "1.0.0",
            }
        )
    seeded = time.perf_counter() - started
    names: list[str] = []
    pages = 0
    started = time.perf_counter()
    paginator = gg.get_paginator("list_components")
    async for page in paginator.paginate(PaginationConfig={"PageSize": 100}):
        pages += 1
        names.extend(c["componentName"] for c in page["components"])
    listed = time.perf_counter() - started
    assert pages == COUNT // 100
    assert names == sorted(names) and len(set(names)) == COUNT
    assert seeded < 5 and listed < 15, (seeded, listed)


async def test_five_thousand_versions_newest_first(server: LocalGreengrass, gg: Any) -> None:
    for i in range(COUNT):
        server.add_component_version(
            {
                "RecipeFormatVersion": "2020-01-25",
                "ComponentName": "com.example.Big",
                "ComponentVersion": f"1.{i}.0",
            }
        )
    paginator = gg.get_paginator("list_component_versions")
    versions: list[str] = []
    async for page in paginator.paginate(
        arn="arn:aws:greengrass:us-east-1:123456789012:components:com.example.Big"
    ):
        versions.extend(v["componentVersion"] for v in page["componentVersions"])
    assert len(versions) == COUNT
    assert versions[:2] == [f"1.{COUNT - 1}.0", f"1.{COUNT - 2}.0"]
    assert versions[-1] == "1.0.0"


async def test_page_limits_and_bad_tokens(server: LocalGreengrass, gg: Any) -> None:
    for i in range(3):
        server.add_component_version(
            {
                "RecipeFormatVersion": "2020-01-25",
                "ComponentName": f"c{i}",
                "ComponentVersion": "1.0.0",
            }
        )
    with pytest.raises(ClientError) as excinfo:
        await gg.list_components(maxResults=101)
    assert "maxResults" in error_of(excinfo)["Error"]["Message"]
    assert error_of(excinfo)["fields"][0]["name"] == "maxResults"
    with pytest.raises(ClientError) as excinfo:
        await gg.list_components(nextToken="garbage!")
    assert error_of(excinfo)["Error"]["Code"] == "ValidationException"
    first = await gg.list_components(maxResults=1)
    with pytest.raises(ClientError):
        await gg.list_deployments(nextToken=first["nextToken"])
    # Items added between pages after the cursor still show up; none repeat.
    server.add_component_version(
        {"RecipeFormatVersion": "2020-01-25", "ComponentName": "c9", "ComponentVersion": "1.0.0"}
    )
    rest = await gg.list_components(nextToken=first["nextToken"])
    assert [c["componentName"] for c in rest["components"]] == ["c1", "c2", "c9"]


async def test_iot_paging_over_many_packages(server: LocalGreengrass, iot: Any) -> None:
    for i in range(120):
        await iot.create_package(packageName=f"p{i:03d}")
    paginator = iot.get_paginator("list_packages")
    names = []
    async for page in paginator.paginate(PaginationConfig={"PageSize": 50}):
        names.extend(p["packageName"] for p in page["packageSummaries"])
    assert names == [f"p{i:03d}" for i in range(120)]
