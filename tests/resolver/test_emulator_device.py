"""The emulator's simulated devices end a deployment as simulate_device predicts."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from greengrass_sdk.resolver import InMemoryCatalog, resolve, simulate_device
from greengrass_sdk.testing import LocalGreengrass
from tests.testing.conftest import gg, group_arn, recipe, server

__all__ = ["gg", "server"]  # fixtures


async def _publish(gg: Any, requirement: str) -> InMemoryCatalog:
    catalog = InMemoryCatalog()
    await gg.create_component_version(
        inlineRecipe=recipe(
            "com.example.App",
            "1.0.0",
            ComponentDependencies={"com.example.Lib": {"VersionRequirement": requirement}},
            Manifests=[{"Platform": {"os": "linux"}}],
        )
    )
    catalog.add("com.example.App", "1.0.0", {"com.example.Lib": requirement})
    for version in ("1.2.0", "1.2.5"):
        await gg.create_component_version(inlineRecipe=recipe("com.example.Lib", version))
        catalog.add("com.example.Lib", version)
    return catalog


async def _installed(gg: Any, device: str) -> dict[str, str]:
    listed = await gg.list_installed_components(coreDeviceThingName=device, topologyFilter="ALL")
    return {c["componentName"]: c["componentVersion"] for c in listed["installedComponents"]}


async def test_device_reads_tilde_greater_as_semver4j_does(
    server: LocalGreengrass, gg: Any
) -> None:
    catalog = await _publish(gg, "~>1.2.0")  # semver4j stores "=1.2.0"; npm means >=1.2.0 <1.3.0
    server.register_core_device("core-1", thing_groups=["Fleet"])
    await gg.create_deployment(
        targetArn=group_arn("Fleet"), components={"com.example.App": {"componentVersion": "1.0.0"}}
    )
    roots = {"com.example.App": {"thinggroup/Fleet": "1.0.0"}}
    predicted = simulate_device(roots, catalog)
    assert set(server.apply_deployments("core-1").values()) == {"SUCCEEDED"}
    assert await _installed(gg, "core-1") == predicted.versions
    assert predicted.versions["com.example.Lib"] == "1.2.0"
    assert resolve(roots, catalog, semantics="npm").versions["com.example.Lib"] == "1.2.5"


async def test_a_requirement_the_device_cannot_parse_never_reaches_a_device(
    server: LocalGreengrass, gg: Any
) -> None:
    # npm reads ">=1.x"; semver4j cannot. The service (like the recipe library) refuses such a
    # recipe at CreateComponentVersion, so no deployment can carry it to a device; the replay
    # still predicts the device's failure for a catalog built without the service.
    with pytest.raises(ClientError) as refused:
        await _publish(gg, ">=1.x")
    assert refused.value.response["Error"]["Code"] == "ValidationException"
    assert ">=1.x" in refused.value.response["Error"]["Message"]
    catalog = InMemoryCatalog()
    catalog.add("com.example.App", "1.0.0", {"com.example.Lib": ">=1.x"})
    catalog.add("com.example.Lib", "1.2.0")
    predicted = simulate_device({"com.example.App": {"thinggroup/Fleet": "1.0.0"}}, catalog)
    assert predicted.rule == "unparseable-requirement"
    assert ">=1.x" in predicted.message


async def test_nucleus_update_must_be_named(server: LocalGreengrass, gg: Any) -> None:
    for version in ("2.14.0", "2.15.0"):
        await gg.create_component_version(
            inlineRecipe=recipe(
                "aws.greengrass.Nucleus", version, ComponentType="aws.greengrass.nucleus"
            )
        )
    await gg.create_component_version(
        inlineRecipe=recipe(
            "com.example.App",
            "1.0.0",
            ComponentDependencies={"aws.greengrass.Nucleus": {"VersionRequirement": ">=2.15.0"}},
        )
    )
    server.register_core_device("core-3", thing_groups=["Fleet"], core_version="2.14.0")
    app = {"com.example.App": {"componentVersion": "1.0.0"}}
    await gg.create_deployment(targetArn=group_arn("Fleet"), components=app)
    assert set(server.apply_deployments("core-3").values()) == {"FAILED"}
    effective = await gg.list_effective_deployments(coreDeviceThingName="core-3")
    assert (
        "update the nucleus from aws.greengrass.Nucleus-2.14.0"
        in (effective["effectiveDeployments"][0]["reason"])
    )
    named = {**app, "aws.greengrass.Nucleus": {"componentVersion": "2.15.0"}}
    await gg.create_deployment(targetArn=group_arn("Fleet"), components=named)
    assert set(server.apply_deployments("core-3").values()) == {"SUCCEEDED"}
    assert (await _installed(gg, "core-3"))["aws.greengrass.Nucleus"] == "2.15.0"
