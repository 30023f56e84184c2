"""Emulated devices remember the groups they applied, as the nucleus does.

The nucleus persists, after each successful deployment, the deployment's root components under
its group (``DeploymentService.persistGroupToRootComponents``, config key
``GroupToRootComponents``) and resolves every later deployment with the other groups' entries:
every ``thing/NAME`` entry, thing-group entries only while the device still belongs to the group
(``DefaultDeploymentTask.getNonTargetGroupToRootPackagesMap``). Source read:
github.com/aws-greengrass/aws-greengrass-nucleus, commit a28341c4.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from greengrass_sdk.testing import LocalGreengrass, SimulatedClock
from tests.testing.conftest import client, gg, group_arn, iot, recipe, server, thing_arn

__all__ = ["gg", "iot", "server"]  # fixtures

START = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)


async def _publish(gg: Any) -> None:
    for name, version in (
        ("com.example.Metrics", "1.0.0"),
        ("com.example.App", "1.0.0"),
        ("com.example.Lib", "1.0.0"),
        ("com.example.Lib", "2.0.0"),
    ):
        await gg.create_component_version(inlineRecipe=recipe(name, version))
    await gg.create_component_version(
        inlineRecipe=recipe(
            "com.example.Pinned",
            "1.0.0",
            ComponentDependencies={"com.example.Lib": {"VersionRequirement": "^1.0.0"}},
        )
    )


async def _installed(gg: Any, device: str) -> dict[str, str]:
    listed = await gg.list_installed_components(coreDeviceThingName=device, topologyFilter="ALL")
    return {c["componentName"]: c["componentVersion"] for c in listed["installedComponents"]}


def _version(name: str, version: str) -> dict[str, dict[str, str]]:
    return {name: {"componentVersion": version}}


async def test_a_completed_thing_deployment_keeps_its_components_through_group_deployments(
    server: LocalGreengrass, gg: Any
) -> None:
    await _publish(gg)
    server.register_core_device("core-1", thing_groups=["Fleet"])
    await gg.create_deployment(
        targetArn=thing_arn("core-1"), components=_version("com.example.Metrics", "1.0.0")
    )
    server.apply_deployments("core-1")
    first = await gg.list_deployments(targetArn=thing_arn("core-1"))
    assert first["deployments"][0]["deploymentStatus"] == "COMPLETED"

    for version in ("1.0.0", "2.0.0"):
        await gg.create_deployment(
            targetArn=group_arn("Fleet"), components=_version("com.example.Lib", version)
        )
        assert set(server.apply_deployments("core-1").values()) == {"SUCCEEDED"}
        installed = await _installed(gg, "core-1")
        assert installed["com.example.Metrics"] == "1.0.0"
        assert installed["com.example.Lib"] == version


async def test_a_remembered_requirement_still_constrains_the_next_deployment(
    server: LocalGreengrass, gg: Any
) -> None:
    # thing/core-1 keeps Pinned (Lib ^1.0.0); a group deployment of Lib 2.0.0 cannot succeed.
    await _publish(gg)
    server.register_core_device("core-1", thing_groups=["Fleet"])
    await gg.create_deployment(
        targetArn=thing_arn("core-1"), components=_version("com.example.Pinned", "1.0.0")
    )
    assert set(server.apply_deployments("core-1").values()) == {"SUCCEEDED"}
    await gg.create_deployment(
        targetArn=group_arn("Fleet"), components=_version("com.example.Lib", "2.0.0")
    )
    assert set(server.apply_deployments("core-1").values()) == {"FAILED"}
    effective = (await gg.list_effective_deployments(coreDeviceThingName="core-1"))[
        "effectiveDeployments"
    ]
    assert "com.example.Pinned 1.0.0 requires >=1.0.0 <2.0.0" in effective[0]["reason"]
    assert (await _installed(gg, "core-1"))["com.example.Lib"] == "1.0.0"


async def test_a_new_deployment_to_the_thing_replaces_what_it_remembers(
    server: LocalGreengrass, gg: Any
) -> None:
    await _publish(gg)
    server.register_core_device("core-1", thing_groups=["Fleet"])
    await gg.create_deployment(
        targetArn=thing_arn("core-1"), components=_version("com.example.Metrics", "1.0.0")
    )
    server.apply_deployments("core-1")
    await gg.create_deployment(
        targetArn=thing_arn("core-1"), components=_version("com.example.App", "1.0.0")
    )
    server.apply_deployments("core-1")
    await gg.create_deployment(
        targetArn=group_arn("Fleet"), components=_version("com.example.Lib", "1.0.0")
    )
    server.apply_deployments("core-1")
    assert await _installed(gg, "core-1") == {
        "com.example.App": "1.0.0",
        "com.example.Lib": "1.0.0",
    }


async def test_a_failed_deployment_is_not_remembered(server: LocalGreengrass, gg: Any) -> None:
    await _publish(gg)
    server.register_core_device("core-1", thing_groups=["Fleet"])
    await gg.create_deployment(
        targetArn=thing_arn("core-1"), components=_version("com.example.Metrics", "1.0.0")
    )
    assert server.apply_deployments("core-1", fail_reason="disk full")
    await gg.create_deployment(
        targetArn=group_arn("Fleet"), components=_version("com.example.Lib", "1.0.0")
    )
    assert set(server.apply_deployments("core-1").values()) == {"SUCCEEDED"}
    assert await _installed(gg, "core-1") == {"com.example.Lib": "1.0.0"}


async def test_a_group_the_device_left_is_forgotten(
    server: LocalGreengrass, gg: Any, iot: Any
) -> None:
    await _publish(gg)
    server.register_core_device("core-1", thing_groups=["Fleet", "Metrics"])
    await gg.create_deployment(
        targetArn=group_arn("Metrics"), components=_version("com.example.Metrics", "1.0.0")
    )
    server.apply_deployments("core-1")
    # The device no longer belongs to Metrics: the nucleus drops that group's remembered roots.
    await iot.remove_thing_from_thing_group(thingGroupName="Metrics", thingName="core-1")
    await gg.create_deployment(
        targetArn=group_arn("Fleet"), components=_version("com.example.Lib", "1.0.0")
    )
    assert set(server.apply_deployments("core-1").values()) == {"SUCCEEDED"}
    assert await _installed(gg, "core-1") == {"com.example.Lib": "1.0.0"}


async def test_the_device_reports_on_the_emulators_clock() -> None:
    clock = SimulatedClock(START, frozen=True)
    async with LocalGreengrass(clock=clock) as server, client(server, "greengrassv2") as gg:
        await _publish(gg)
        server.register_core_device("core-1")
        created = await gg.create_deployment(
            targetArn=thing_arn("core-1"), components=_version("com.example.Metrics", "1.0.0")
        )
        clock.advance(dt.timedelta(hours=3))
        applied_at = START + dt.timedelta(hours=3)
        assert server.apply_deployments("core-1") == {created["deploymentId"]: "SUCCEEDED"}

        deployment = await gg.get_deployment(deploymentId=created["deploymentId"])
        assert deployment["deploymentStatus"] == "COMPLETED"
        assert deployment["creationTimestamp"] == START
        effective = (await gg.list_effective_deployments(coreDeviceThingName="core-1"))[
            "effectiveDeployments"
        ]
        assert [(e["coreDeviceExecutionStatus"], e["modifiedTimestamp"]) for e in effective] == [
            ("SUCCEEDED", applied_at)
        ]
        listed = await gg.list_installed_components(coreDeviceThingName="core-1")
        component = listed["installedComponents"][0]
        assert component["lastStatusChangeTimestamp"] == applied_at
        device = await gg.get_core_device(coreDeviceThingName="core-1")
        assert (device["status"], device["lastStatusUpdateTimestamp"]) == ("HEALTHY", applied_at)
