from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from greengrass_sdk.testing import LocalGreengrass
from tests.testing.conftest import error_of, group_arn, recipe, thing_arn


async def _seed(gg: Any) -> None:
    await gg.create_component_version(
        inlineRecipe=recipe(
            "com.example.App",
            "1.0.0",
            ComponentDependencies={"com.example.Lib": {"VersionRequirement": "^1.0.0"}},
            Manifests=[{"Platform": {"os": "linux"}}],
        )
    )
    for version in ("1.0.0", "1.4.0", "2.0.0"):
        await gg.create_component_version(inlineRecipe=recipe("com.example.Lib", version))


async def test_deployment_lifecycle_with_a_device(server: LocalGreengrass, gg: Any) -> None:
    await _seed(gg)
    server.register_core_device("core-1", thing_groups=["Fleet"])
    created = await gg.create_deployment(
        targetArn=group_arn("Fleet"),
        deploymentName="fleet",
        components={"com.example.App": {"componentVersion": "1.0.0"}},
        tags={"k": "v"},
    )
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    deployment_id = created["deploymentId"]
    got = await gg.get_deployment(deploymentId=deployment_id)
    assert got["deploymentStatus"] == "ACTIVE"
    assert got["revisionId"] == "1"
    assert got["isLatestForTarget"] is True
    assert got["tags"] == {"k": "v"}
    assert got["iotJobId"] == created["iotJobId"]
    effective = await gg.list_effective_deployments(coreDeviceThingName="core-1")
    assert effective["effectiveDeployments"][0]["coreDeviceExecutionStatus"] == "QUEUED"

    assert server.apply_deployments("core-1") == {deployment_id: "SUCCEEDED"}
    installed = await gg.list_installed_components(
        coreDeviceThingName="core-1", topologyFilter="ALL"
    )
    versions = {c["componentName"]: c["componentVersion"] for c in installed["installedComponents"]}
    assert versions == {"com.example.App": "1.0.0", "com.example.Lib": "1.4.0"}
    paged = await gg.list_installed_components(
        coreDeviceThingName="core-1", topologyFilter="ALL", maxResults=1
    )
    assert [c["componentName"] for c in paged["installedComponents"]] == ["com.example.App"]
    paged = await gg.list_installed_components(
        coreDeviceThingName="core-1", topologyFilter="ALL", nextToken=paged["nextToken"]
    )
    assert [c["componentName"] for c in paged["installedComponents"]] == ["com.example.Lib"]
    assert "nextToken" not in paged
    roots = await gg.list_installed_components(coreDeviceThingName="core-1")
    assert [c["componentName"] for c in roots["installedComponents"]] == ["com.example.App"]
    effective = await gg.list_effective_deployments(coreDeviceThingName="core-1")
    assert effective["effectiveDeployments"][0]["coreDeviceExecutionStatus"] == "SUCCEEDED"
    # Thing-group deployments stay active: new members keep receiving them.
    assert (await gg.get_deployment(deploymentId=deployment_id))["deploymentStatus"] == "ACTIVE"


async def test_revisions_cancel_delete_and_history(server: LocalGreengrass, gg: Any) -> None:
    await _seed(gg)
    target = thing_arn("core-2")
    server.register_core_device("core-2")
    spec = {"com.example.Lib": {"componentVersion": "1.0.0"}}
    first = (await gg.create_deployment(targetArn=target, components=spec))["deploymentId"]
    second = (await gg.create_deployment(targetArn=target, components=spec))["deploymentId"]
    old = await gg.get_deployment(deploymentId=first)
    assert (old["deploymentStatus"], old["isLatestForTarget"]) == ("INACTIVE", False)
    assert (await gg.get_deployment(deploymentId=second))["revisionId"] == "2"
    latest = await gg.list_deployments(targetArn=target)
    assert [d["deploymentId"] for d in latest["deployments"]] == [second]
    history = await gg.list_deployments(targetArn=target, historyFilter="ALL")
    assert [d["deploymentId"] for d in history["deployments"]] == [second, first]

    with pytest.raises(ClientError) as excinfo:
        await gg.delete_deployment(deploymentId=second)
    assert error_of(excinfo)["Error"]["Code"] == "ConflictException"
    cancel = await gg.cancel_deployment(deploymentId=second)
    assert "canceled" in cancel["message"]
    assert (await gg.get_deployment(deploymentId=second))["deploymentStatus"] == "CANCELED"
    with pytest.raises(ClientError) as excinfo:
        await gg.cancel_deployment(deploymentId=second)
    assert error_of(excinfo)["Error"]["Code"] == "ConflictException"
    effective = await gg.list_effective_deployments(coreDeviceThingName="core-2")
    statuses = {
        d["deploymentId"]: d["coreDeviceExecutionStatus"] for d in effective["effectiveDeployments"]
    }
    assert statuses[second] == "CANCELED"
    deleted = await gg.delete_deployment(deploymentId=second)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as excinfo:
        await gg.get_deployment(deploymentId=second)
    assert error_of(excinfo)["resourceType"] == "deployment"


async def test_thing_deployment_completes_or_fails(server: LocalGreengrass, gg: Any) -> None:
    await _seed(gg)
    server.register_core_device("core-3")
    spec = {"com.example.Lib": {"componentVersion": "2.0.0"}}
    first = (await gg.create_deployment(targetArn=thing_arn("core-3"), components=spec))[
        "deploymentId"
    ]
    server.apply_deployments("core-3")
    assert (await gg.get_deployment(deploymentId=first))["deploymentStatus"] == "COMPLETED"
    second = (await gg.create_deployment(targetArn=thing_arn("core-3"), components=spec))[
        "deploymentId"
    ]
    assert server.apply_deployments("core-3", fail_reason="disk full") == {second: "FAILED"}
    assert (await gg.get_deployment(deploymentId=second))["deploymentStatus"] == "FAILED"
    device = await gg.get_core_device(coreDeviceThingName="core-3")
    assert device["status"] == "UNHEALTHY"


async def test_unsatisfiable_dependencies_fail_the_deployment(
    server: LocalGreengrass, gg: Any
) -> None:
    await _seed(gg)
    server.register_core_device("core-4", thing_groups=["A", "B"])
    await gg.create_deployment(
        targetArn=group_arn("A"), components={"com.example.App": {"componentVersion": "1.0.0"}}
    )
    await gg.create_deployment(
        targetArn=group_arn("B"), components={"com.example.Lib": {"componentVersion": "2.0.0"}}
    )
    outcome = server.apply_deployments("core-4")
    assert set(outcome.values()) == {"FAILED"}
    effective = await gg.list_effective_deployments(coreDeviceThingName="core-4")
    assert "com.example.Lib" in effective["effectiveDeployments"][0]["reason"]


async def test_deployment_of_unknown_component_is_not_found(gg: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        await gg.create_deployment(
            targetArn=thing_arn("x"), components={"com.example.Nope": {"componentVersion": "1.0.0"}}
        )
    assert error_of(excinfo)["resourceType"] == "component version"


async def test_resolve_component_candidates(gg: Any) -> None:
    await _seed(gg)
    resolved = await gg.resolve_component_candidates(
        platform={"attributes": {"os": "linux", "architecture": "amd64"}},
        componentCandidates=[
            {
                "componentName": "com.example.Lib",
                "versionRequirements": {"a": "^1.0.0", "b": "<1.4.0 || >=1.4.0"},
            },
            {"componentName": "com.example.App", "versionRequirements": {"a": ">=1.0.0"}},
        ],
    )
    got = {r["componentName"]: r["componentVersion"] for r in resolved["resolvedComponentVersions"]}
    assert got == {"com.example.Lib": "1.4.0", "com.example.App": "1.0.0"}
    assert (
        json.loads(resolved["resolvedComponentVersions"][0]["recipe"])["ComponentVersion"]
        == "1.4.0"
    )
    with pytest.raises(ClientError) as excinfo:
        await gg.resolve_component_candidates(
            platform={"attributes": {"os": "windows"}},
            componentCandidates=[
                {"componentName": "com.example.App", "versionRequirements": {"a": "*"}}
            ],
        )
    assert error_of(excinfo)["Error"]["Code"] == "ResourceNotFoundException"


async def test_core_devices_listing_filters_and_delete(server: LocalGreengrass, gg: Any) -> None:
    server.register_core_device("core-a", thing_groups=["G"])
    server.register_core_device("core-b", status="UNHEALTHY", runtime="aws_nucleus_lite")
    listed = await gg.list_core_devices()
    assert [d["coreDeviceThingName"] for d in listed["coreDevices"]] == ["core-a", "core-b"]
    assert [
        d["coreDeviceThingName"]
        for d in (await gg.list_core_devices(thingGroupArn=group_arn("G")))["coreDevices"]
    ] == ["core-a"]
    assert len((await gg.list_core_devices(status="UNHEALTHY"))["coreDevices"]) == 1
    assert len((await gg.list_core_devices(runtime="aws_nucleus_lite"))["coreDevices"]) == 1
    device = await gg.get_core_device(coreDeviceThingName="core-a")
    assert (device["platform"], device["architecture"], device["status"]) == (
        "linux",
        "amd64",
        "HEALTHY",
    )
    arn = "arn:aws:greengrass:us-east-1:123456789012:coreDevices:core-a"
    await gg.tag_resource(resourceArn=arn, tags={"x": "y"})
    assert (await gg.get_core_device(coreDeviceThingName="core-a"))["tags"] == {"x": "y"}
    assert (await gg.delete_core_device(coreDeviceThingName="core-a"))["ResponseMetadata"][
        "HTTPStatusCode"
    ] == 204
    for call in (
        gg.get_core_device,
        gg.delete_core_device,
        gg.list_installed_components,
        gg.list_effective_deployments,
    ):
        with pytest.raises(ClientError) as excinfo:
            await call(coreDeviceThingName="core-a")
        assert error_of(excinfo)["resourceId"] == "core-a"


async def test_client_device_association(server: LocalGreengrass, gg: Any) -> None:
    server.register_core_device("core-c")
    result = await gg.batch_associate_client_device_with_core_device(
        coreDeviceThingName="core-c", entries=[{"thingName": f"sensor-{i}"} for i in range(3)]
    )
    assert result.get("errorEntries", []) == []
    listed = await gg.list_client_devices_associated_with_core_device(
        coreDeviceThingName="core-c", maxResults=2
    )
    assert [d["thingName"] for d in listed["associatedClientDevices"]] == ["sensor-0", "sensor-1"]
    rest = await gg.list_client_devices_associated_with_core_device(
        coreDeviceThingName="core-c", nextToken=listed["nextToken"]
    )
    assert [d["thingName"] for d in rest["associatedClientDevices"]] == ["sensor-2"]
    removed = await gg.batch_disassociate_client_device_from_core_device(
        coreDeviceThingName="core-c", entries=[{"thingName": "sensor-0"}, {"thingName": "ghost"}]
    )
    assert [e["thingName"] for e in removed["errorEntries"]] == ["ghost"]
    with pytest.raises(ClientError):
        await gg.batch_associate_client_device_with_core_device(
            coreDeviceThingName="nobody", entries=[{"thingName": "s"}]
        )


async def test_connectivity_info_and_service_role(gg: Any) -> None:
    assert (await gg.get_connectivity_info(thingName="core")).get("connectivityInfo", []) == []
    info = [{"id": "a", "hostAddress": "10.0.0.1", "portNumber": 8883, "metadata": ""}]
    updated = await gg.update_connectivity_info(thingName="core", connectivityInfo=info)
    assert updated["version"]
    assert (await gg.get_connectivity_info(thingName="core"))["connectivityInfo"] == info
    role = "arn:aws:iam::123456789012:role/Greengrass"
    associated = await gg.associate_service_role_to_account(roleArn=role)
    got = await gg.get_service_role_for_account()
    assert (got["roleArn"], got["associatedAt"]) == (role, associated["associatedAt"])
    assert (await gg.disassociate_service_role_from_account())["disassociatedAt"]
    assert "roleArn" not in await gg.get_service_role_for_account()


async def test_device_registered_after_a_group_deployment_receives_it(
    server: LocalGreengrass, gg: Any
) -> None:
    await _seed(gg)
    created = await gg.create_deployment(
        targetArn=group_arn("Late"), components={"com.example.Lib": {"componentVersion": "1.0.0"}}
    )
    server.register_core_device("late-1", thing_groups=["Late"])
    effective = await gg.list_effective_deployments(coreDeviceThingName="late-1")
    assert [d["coreDeviceExecutionStatus"] for d in effective["effectiveDeployments"]] == ["QUEUED"]
    assert server.apply_deployments("late-1") == {created["deploymentId"]: "SUCCEEDED"}
