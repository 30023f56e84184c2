"""A fleet for planning tests: devices in overlapping thing groups, seeded over real HTTP.

Components (recipes in the emulator):

* ``com.example.Lib`` 1.0.0, 1.5.0, 2.0.0
* ``com.example.App`` 1.0.0 (Lib ^1.0.0), 2.0.0 (Lib ^2.0.0)
* ``com.example.Logger`` 1.0.0 (Lib ~1.0.0), 1.1.0 (Lib >=1.0.0 <3.0.0)
* ``com.example.Metrics`` 1.0.0, 1.1.0 (linux/amd64 only)
* ``aws.greengrass.Nucleus`` 2.10.0, 2.12.0 (type nucleus)
* ``com.example.Legacy`` 1.0.0 (Nucleus >=2.0.0 <2.11.0), 1.1.0 and 1.2.0 (Nucleus ^2.0.0)

Groups and their deployments: ``Apps`` (App 1.0.0), ``Logging`` (Logger 1.0.0),
``Monitoring`` (Metrics 1.0.0), ``Old`` (Legacy 1.0.0). Devices (every one runs nucleus 2.10.0):

| device | groups | platform |
|---|---|---|
| core-a | Apps | linux/amd64 |
| core-b | Apps, Logging | linux/amd64 |
| core-c | Apps, Monitoring | linux/amd64 |
| core-d | Apps, Monitoring | linux/aarch64 |
| core-e | Logging | linux/amd64 |
| core-f | Apps, Old | linux/amd64 |
"""

from __future__ import annotations

from typing import Any

from greengrass_sdk import GreengrassV2Client
from greengrass_sdk.testing import LocalGreengrass
from tests.fleet.conftest import group_arn

NUCLEUS = "aws.greengrass.Nucleus"
DEVICES = {
    "core-a": (["Apps"], "amd64"),
    "core-b": (["Apps", "Logging"], "amd64"),
    "core-c": (["Apps", "Monitoring"], "amd64"),
    "core-d": (["Apps", "Monitoring"], "aarch64"),
    "core-e": (["Logging"], "amd64"),
    "core-f": (["Apps", "Old"], "amd64"),
}
GROUP_DEPLOYMENTS = {
    "Apps": {"com.example.App": "1.0.0"},
    "Logging": {"com.example.Logger": "1.0.0"},
    "Monitoring": {"com.example.Metrics": "1.0.0"},
    "Old": {"com.example.Legacy": "1.0.0"},
}


def recipe(
    name: str,
    version: str,
    dependencies: dict[str, str] | None = None,
    *,
    architecture: str | None = None,
    component_type: str | None = None,
) -> dict[str, Any]:
    """A recipe dict with dependencies and, optionally, one platform."""
    platform: dict[str, str] = {"os": "linux"}
    if architecture:
        platform["architecture"] = architecture
    found: dict[str, Any] = {
        "RecipeFormatVersion": "2020-01-25",
        "ComponentName": name,
        "ComponentVersion": version,
        "ComponentDependencies": {
            dep: {"VersionRequirement": req} for dep, req in (dependencies or {}).items()
        },
        "Manifests": [{"Platform": platform, "Lifecycle": {}}],
    }
    if component_type:
        found["ComponentType"] = component_type
    return found


RECIPES = [
    recipe("com.example.Lib", "1.0.0"),
    recipe("com.example.Lib", "1.5.0"),
    recipe("com.example.Lib", "2.0.0"),
    recipe("com.example.App", "1.0.0", {"com.example.Lib": "^1.0.0"}),
    recipe("com.example.App", "2.0.0", {"com.example.Lib": "^2.0.0"}),
    recipe("com.example.Logger", "1.0.0", {"com.example.Lib": "~1.0.0"}),
    recipe("com.example.Logger", "1.1.0", {"com.example.Lib": ">=1.0.0 <3.0.0"}),
    recipe("com.example.Metrics", "1.0.0"),
    recipe("com.example.Metrics", "1.1.0", architecture="amd64"),
    recipe(NUCLEUS, "2.10.0", component_type="aws.greengrass.nucleus"),
    recipe(NUCLEUS, "2.12.0", component_type="aws.greengrass.nucleus"),
    recipe("com.example.Legacy", "1.0.0", {NUCLEUS: ">=2.0.0 <2.11.0"}),
    recipe("com.example.Legacy", "1.1.0", {NUCLEUS: "^2.0.0"}),
    recipe("com.example.Legacy", "1.2.0", {NUCLEUS: "^2.0.0"}),
]


def installed(server: LocalGreengrass, thing: str) -> dict[str, str]:
    """What the emulated device runs now."""
    device = server.state().core_devices[thing]
    return {name: str(entry["componentVersion"]) for name, entry in device.installed.items()}


async def seed(server: LocalGreengrass, gg: GreengrassV2Client) -> None:
    """Recipes, devices, groups, one deployment per group, applied by every device."""
    for found in RECIPES:
        server.add_component_version(found)
    for thing, (groups, architecture) in DEVICES.items():
        server.register_core_device(
            thing, thing_groups=groups, architecture=architecture, core_version="2.10.0"
        )
    for group, components in GROUP_DEPLOYMENTS.items():
        await gg.create_deployment(
            target_arn=group_arn(group),
            deployment_name=group,
            components={n: {"componentVersion": v} for n, v in components.items()},
        )
    for thing in DEVICES:
        results = server.apply_deployments(thing)
        assert set(results.values()) == {"SUCCEEDED"}, (thing, results)
