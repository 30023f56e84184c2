"""The resolver's OnlineCatalog over a real GreengrassV2Client and the emulator."""

from __future__ import annotations

import json
import time

import pytest

from greengrass_sdk import GreengrassV2Client
from greengrass_sdk.recipes import OnlineCatalog
from greengrass_sdk.resolver import ResolutionConflict, resolve
from greengrass_sdk.testing import LocalGreengrass


def recipe(name: str, version: str, deps: dict[str, str], os_name: str = "linux") -> str:
    return json.dumps(
        {
            "RecipeFormatVersion": "2020-01-25",
            "ComponentName": name,
            "ComponentVersion": version,
            "ComponentDependencies": {d: {"VersionRequirement": r} for d, r in deps.items()},
            "Manifests": [{"Platform": {"os": os_name}, "Lifecycle": {"Run": "run"}}],
        }
    )


CATALOG = [
    ("com.example.App", "2.1.0", {"com.example.Lib": "^2.0.0", "com.example.Log": ">=1.0.0"}),
    ("com.example.App", "2.0.0", {"com.example.Lib": "^1.4.0"}),
    ("com.example.Lib", "1.4.3", {}),
    ("com.example.Lib", "2.0.1", {}),
    ("com.example.Log", "1.1.0", {}),
    ("com.example.Unrelated", "9.0.0", {}),
]


async def publish(gg: GreengrassV2Client) -> None:
    for name, version, deps in CATALOG:
        await gg.create_component_version(inline_recipe=recipe(name, version, deps))
    # Newest Lib only runs on Windows: a Linux device must not pick it.
    await gg.create_component_version(
        inline_recipe=recipe("com.example.Lib", "2.2.0", {}, os_name="windows")
    )


async def test_resolves_from_the_service_filtered_by_platform(
    emulator: LocalGreengrass, gg: GreengrassV2Client
) -> None:
    await publish(gg)
    catalog = await OnlineCatalog(gg, platform={"os": "linux"}, scopes=("PRIVATE",)).load(
        ["com.example.App"]
    )
    resolution = resolve({"com.example.App": ">=2.0.0"}, catalog)
    assert resolution.versions == {
        "com.example.App": "2.1.0",
        "com.example.Lib": "2.0.1",
        "com.example.Log": "1.1.0",
    }
    fetched = {r.query.get("arn", [""])[0] for r in emulator.requests.for_operation("GetComponent")}
    assert not any("Unrelated" in arn for arn in fetched)  # only what the roots reach

    with pytest.raises(ResolutionConflict, match=r"com\.example\.Lib"):
        resolve(
            {"com.example.App": "=2.1.0", "com.example.Lib": {"thinggroup/Fleet": "~1.4.0"}},
            catalog,
        )


async def test_recipes_are_fetched_once_and_with_bounded_concurrency(
    emulator: LocalGreengrass, gg: GreengrassV2Client
) -> None:
    await publish(gg)
    online = OnlineCatalog(gg, platform={"os": "linux"}, scopes=("PRIVATE",), concurrency=2)
    emulator.faults.delay("GetComponent", 0.1)
    started = time.monotonic()
    await online.load(["com.example.Lib"])
    elapsed = time.monotonic() - started
    first = len(emulator.requests.for_operation("GetComponent"))
    assert first == 3  # Lib 1.4.3, 2.0.1 and the Windows-only 2.2.0
    assert elapsed >= 0.2  # 3 fetches of 0.1 s, at most 2 at a time
    await online.load(["com.example.Lib"])
    assert len(emulator.requests.for_operation("GetComponent")) == first
