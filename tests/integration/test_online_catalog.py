"""OnlineCatalog over a real GreengrassV2Client and the emulator."""

from __future__ import annotations

import json
import time

import pytest

from greengrass_sdk import GreengrassV2Client
from greengrass_sdk.greengrassv2.errors import ValidationException
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


REAL_WORLD_RECIPE = """\
RecipeFormatVersion: 2020-01-25
componentName: com.example.RealWorld
componentVersion: '1.0.0'
componentDependencies:
  aws.greengrass.Nucleus:
    versionRequirement: '>=2.0.0 <3.0.0'
    dependencyType: soft
  com.example.Lib:
    versionRequirement: ^2.0.0
manifests:
  - platform:
      os: ''
    lifecycle:
      install:
        script: pip3 install -r {artifacts:path}/requirements.txt
        requiresPrivilege: yes
      run:
      Uninstall: rm -rf /tmp/realworld
    artifacts:
      - URI: s3://my-bucket/com.example.RealWorld/1.0.0/app.zip
        unarchive: zip
        permission: {read: all}
"""


def nucleus_recipe(version: str) -> str:
    return json.dumps(
        {
            "RecipeFormatVersion": "2020-01-25",
            "ComponentName": "aws.greengrass.Nucleus",
            "ComponentVersion": version,
            "ComponentType": "aws.greengrass.nucleus",
        }
    )


async def test_a_real_world_recipe_is_published_loaded_and_resolved(
    emulator: LocalGreengrass, gg: GreengrassV2Client
) -> None:
    await publish(gg)
    for version in ("2.11.3", "2.12.0", "3.0.0"):
        emulator.add_component_version(nucleus_recipe(version), public=True)
    await gg.create_component_version(inline_recipe=REAL_WORLD_RECIPE.encode())

    online = OnlineCatalog(gg, platform={"os": "linux"}, include_public=True)
    catalog = await online.load(["com.example.RealWorld"])
    assert online.problems == []
    resolution = resolve({"com.example.RealWorld": "1.0.0"}, catalog)
    assert resolution.versions == {
        "com.example.RealWorld": "1.0.0",
        "aws.greengrass.Nucleus": "2.12.0",
        "com.example.Lib": "2.0.1",
    }
    [recipe] = [r for r in online.cached_recipes().values() if r.component_name.endswith("World")]
    manifest = recipe.manifests[0]
    assert manifest.artifacts[0].uri.startswith("s3://my-bucket/")
    assert manifest.artifacts[0].unarchive == "ZIP"
    assert manifest.lifecycle is not None and "Uninstall" in manifest.lifecycle

    # Without the public scope the Nucleus is not found, unless declared as provided.
    private_only = await OnlineCatalog(gg, platform={"os": "linux"}).load(["com.example.RealWorld"])
    assert private_only.versions("aws.greengrass.Nucleus") == []
    provided = await OnlineCatalog(
        gg, platform={"os": "linux"}, provided={"aws.greengrass.Nucleus": "2.13.0"}
    ).load(["com.example.RealWorld"])
    versions = resolve({"com.example.RealWorld": "1.0.0"}, provided).versions
    assert versions["aws.greengrass.Nucleus"] == "2.13.0"


async def test_the_public_scope_lists_only_public_components(
    emulator: LocalGreengrass, gg: GreengrassV2Client
) -> None:
    await publish(gg)
    arn = emulator.add_component_version(nucleus_recipe("2.12.0"), public=True)
    assert ":aws:components:aws.greengrass.Nucleus:versions:2.12.0" in arn
    public = [c.component_name async for c in gg.list_components(scope="PUBLIC")]
    private = [c.component_name async for c in gg.list_components(scope="PRIVATE")]
    assert public == ["aws.greengrass.Nucleus"]
    assert "aws.greengrass.Nucleus" not in private and "com.example.App" in private


async def test_a_malformed_recipe_is_refused_at_create_time(
    emulator: LocalGreengrass, gg: GreengrassV2Client
) -> None:
    broken = REAL_WORLD_RECIPE.replace("      - URI: s3://", "      - Location: s3://")
    with pytest.raises(ValidationException) as caught:
        await gg.create_component_version(inline_recipe=broken.encode())
    assert caught.value.status_code == 400
    assert "manifests[0].artifacts[0].URI: required" in str(caught.value)
    assert [c async for c in gg.list_components()] == []


async def test_versions_greengrass_accepts_but_cannot_be_resolved_are_problems(
    emulator: LocalGreengrass, gg: GreengrassV2Client
) -> None:
    await publish(gg)
    # Greengrass's recipe library accepts "2.0.1.7" (semver4j ignores a fourth part); the
    # resolver cannot order it, so the catalog records it and resolves with the rest.
    await gg.create_component_version(inline_recipe=recipe("com.example.Lib", "2.0.1.7", {}))
    online = OnlineCatalog(gg, platform={"os": "linux"})
    catalog = await online.load(["com.example.App"])
    assert [p.component for p in catalog.problems] == ["com.example.Lib"]
    assert "2.0.1.7" in str(catalog.problems[0])
    assert resolve({"com.example.App": "2.1.0"}, catalog).versions["com.example.Lib"] == "2.0.1"


async def test_a_version_the_service_will_not_return_is_a_problem(
    emulator: LocalGreengrass, gg: GreengrassV2Client
) -> None:
    await publish(gg)
    emulator.faults.fail_next(
        "GetComponent", status=403, code="AccessDeniedException", message="Not yours."
    )
    online = OnlineCatalog(gg, platform={"os": "linux"}, concurrency=1)
    catalog = await online.load(["com.example.Log"])
    assert catalog.versions("com.example.Log") == []
    [problem] = catalog.problems
    assert problem.component == "com.example.Log"
    assert "Not yours." in str(problem.error)
