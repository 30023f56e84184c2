"""Greengrass V2 through GreengrassV2Client against the local emulator, over real HTTP."""

from __future__ import annotations

import json

import pytest
import yaml

from codegen.services import scopes
from greengrass_sdk import GreengrassV2Client
from greengrass_sdk.errors import ConflictException, ResourceNotFoundException, ServiceError
from greengrass_sdk.testing import LocalGreengrass

ACCOUNT = "123456789012"
GROUP_ARN = f"arn:aws:iot:us-east-1:{ACCOUNT}:thinggroup/Fleet"
THING_ARN = f"arn:aws:iot:us-east-1:{ACCOUNT}:thing/core-1"


def recipe(name: str, version: str, deps: dict[str, str] | None = None) -> bytes:
    document: dict[str, object] = {
        "RecipeFormatVersion": "2020-01-25",
        "ComponentName": name,
        "ComponentVersion": version,
        "ComponentDependencies": {
            dep: {"VersionRequirement": req, "DependencyType": "HARD"}
            for dep, req in (deps or {}).items()
        },
        "Manifests": [
            {
                "Platform": {"os": "linux"},
                "Lifecycle": {"Run": "echo hello"},
                "Artifacts": [{"Uri": f"s3://bucket/{name}/{version}/app.zip"}],
            }
        ],
    }
    return json.dumps(document).encode()


async def test_whole_v2_surface(emulator: LocalGreengrass, gg: GreengrassV2Client) -> None:
    # Components: publish (JSON and YAML recipes), describe, get, list, artifacts.
    lib = await gg.create_component_version(inline_recipe=recipe("com.example.Lib", "1.4.2"))
    await gg.create_component_version(inline_recipe=recipe("com.example.Lib", "2.0.0"))
    yaml_recipe = yaml.safe_dump(
        json.loads(recipe("com.example.App", "1.0.0", {"com.example.Lib": "^1.4.0"}))
    )
    app = await gg.create_component_version(inline_recipe=yaml_recipe)
    assert (app.component_name, app.component_version) == ("com.example.App", "1.0.0")
    assert app.status is not None and app.status.component_state == "DEPLOYABLE"
    assert app.arn is not None and lib.arn is not None

    described = await gg.describe_component(arn=app.arn)
    assert described.component_version == "1.0.0"
    fetched = await gg.get_component(arn=app.arn, recipe_output_format="YAML")
    assert yaml.safe_load(fetched.recipe)["ComponentName"] == "com.example.App"
    artifact = await gg.get_component_version_artifact(arn=lib.arn, artifact_name="app.zip")
    assert artifact.pre_signed_url
    names = [c.component_name async for c in gg.list_components(scope="PRIVATE")]
    assert sorted(names) == ["com.example.App", "com.example.Lib"]
    component_arn = lib.arn.rsplit(":versions:", 1)[0]
    versions = [v.component_version async for v in gg.list_component_versions(arn=component_arn)]
    assert versions == ["2.0.0", "1.4.2"]

    candidates = await gg.resolve_component_candidates(
        platform={"name": "linux", "attributes": {"os": "linux", "architecture": "amd64"}},
        component_candidates=[
            {
                "componentName": "com.example.Lib",
                "componentVersion": "1.4.2",
                "versionRequirements": {"com.example.App": "^1.4.0"},
            }
        ],
    )
    assert candidates.resolved_component_versions is not None
    assert candidates.resolved_component_versions[0].component_version == "1.4.2"

    # A core device in the Fleet group, a deployment to the group, the device applies it.
    emulator.register_core_device("core-1", thing_groups=["Fleet"])
    deployment = await gg.create_deployment(
        target_arn=GROUP_ARN,
        deployment_name="fleet-rollout",
        components={"com.example.App": {"componentVersion": "1.0.0"}},
        tags={"team": "line-3"},
    )
    assert deployment.deployment_id
    assert emulator.apply_deployments("core-1") == {deployment.deployment_id: "SUCCEEDED"}
    effective = await gg.wait_for_core_device_deployment(
        "core-1", deployment.deployment_id, poll_interval=0.01, timeout=5
    )
    assert effective.core_device_execution_status == "SUCCEEDED"
    got = await gg.get_deployment(deployment_id=deployment.deployment_id)
    assert got.deployment_status == "ACTIVE" and got.target_arn == GROUP_ARN
    assert [d.deployment_id async for d in gg.list_deployments(target_arn=GROUP_ARN)] == [
        deployment.deployment_id
    ]
    device = await gg.get_core_device(core_device_thing_name="core-1")
    assert device.status == "HEALTHY"
    assert [d.core_device_thing_name async for d in gg.list_core_devices()] == ["core-1"]
    installed = {
        c.component_name: c.component_version
        async for c in gg.list_installed_components(
            core_device_thing_name="core-1", topology_filter="ALL"
        )
    }
    assert installed == {"com.example.App": "1.0.0", "com.example.Lib": "1.4.2"}
    assert [
        e.deployment_id
        async for e in gg.list_effective_deployments(core_device_thing_name="core-1")
    ] == [deployment.deployment_id]

    # Tags.
    tags = await gg.list_tags_for_resource(resource_arn=app.arn)
    await gg.tag_resource(resource_arn=app.arn, tags={"owner": "qa", "tier": "1"})
    await gg.untag_resource(resource_arn=app.arn, tag_keys=["tier"])
    tags = await gg.list_tags_for_resource(resource_arn=app.arn)
    assert tags.tags == {"owner": "qa"}

    # Connectivity info, service role, client devices.
    await gg.update_connectivity_info(
        thing_name="core-1",
        connectivity_info=[{"id": "lan", "hostAddress": "192.0.2.10", "portNumber": 8883}],
    )
    info = await gg.get_connectivity_info(thing_name="core-1")
    assert info.connectivity_info is not None and info.connectivity_info[0].port_number == 8883
    role = f"arn:aws:iam::{ACCOUNT}:role/GreengrassServiceRole"
    await gg.associate_service_role_to_account(role_arn=role)
    assert (await gg.get_service_role_for_account()).role_arn == role
    await gg.disassociate_service_role_from_account()
    await gg.batch_associate_client_device_with_core_device(
        core_device_thing_name="core-1",
        entries=[{"thingName": "sensor-1"}, {"thingName": "sensor-2"}],
    )
    await gg.batch_disassociate_client_device_from_core_device(
        core_device_thing_name="core-1", entries=[{"thingName": "sensor-2"}]
    )
    clients = [
        c.thing_name
        async for c in gg.list_client_devices_associated_with_core_device(
            core_device_thing_name="core-1"
        )
    ]
    assert clients == ["sensor-1"]

    # Cancel and delete the deployment, delete a component version and the device.
    canceled = await gg.cancel_deployment(deployment_id=deployment.deployment_id)
    assert canceled.message is not None or canceled.response_metadata is not None
    assert (
        await gg.get_deployment(deployment_id=deployment.deployment_id)
    ).deployment_status == "CANCELED"
    await gg.delete_deployment(deployment_id=deployment.deployment_id)
    await gg.delete_component(arn=app.arn)
    with pytest.raises(ResourceNotFoundException):
        await gg.describe_component(arn=app.arn)
    await gg.delete_core_device(core_device_thing_name="core-1")

    v2 = next(s for s in scopes() if s.spec.package == "greengrassv2")
    called = {r.operation for r in emulator.requests if r.status is not None and r.status < 300}
    assert set(v2.operations) <= called, set(v2.operations) - called


async def test_five_thousand_components_page_through(
    emulator: LocalGreengrass, gg: GreengrassV2Client
) -> None:
    for i in range(5_000):
        emulator.add_component_version(
            {
                "RecipeFormatVersion": "2020-01-25",
                "ComponentName": f"com.example.C{i:04d}",
                "ComponentVersion": "1.0.0",
            }
        )
    names = [c.component_name async for c in gg.list_components(max_results=100)]
    assert len(names) == 5_000 and len(set(names)) == 5_000
    assert len(emulator.requests.for_operation("ListComponents")) == 50
    first = await gg.list_components(max_results=100, max_items=250).to_list()
    assert len(first) == 250
    assert len(emulator.requests.for_operation("ListComponents")) == 53


async def test_versions_are_immutable(gg: GreengrassV2Client) -> None:
    await gg.create_component_version(inline_recipe=recipe("com.example.Lib", "1.0.0"))
    with pytest.raises(ConflictException) as caught:
        await gg.create_component_version(inline_recipe=recipe("com.example.Lib", "1.0.0"))
    assert isinstance(caught.value, gg.exceptions.ConflictException)
    assert caught.value.status_code == 409
    assert caught.value.details is not None and caught.value.details.resource_id


async def test_not_found_carries_the_resource(gg: GreengrassV2Client) -> None:
    with pytest.raises(gg.exceptions.ResourceNotFoundException) as caught:
        await gg.get_deployment(deployment_id="does-not-exist")
    assert caught.value.details is not None
    assert caught.value.details.resource_id == "does-not-exist"
    assert caught.value.request_id


async def test_commit_then_drop_does_not_duplicate_a_deployment(
    emulator: LocalGreengrass, gg: GreengrassV2Client
) -> None:
    await gg.create_component_version(inline_recipe=recipe("com.example.App", "1.0.0"))
    emulator.faults.commit_then_drop_next("CreateDeployment", times=2)
    deployment = await gg.create_deployment(
        target_arn=THING_ARN, components={"com.example.App": {"componentVersion": "1.0.0"}}
    )
    sent = emulator.requests.for_operation("CreateDeployment")
    assert [r.status for r in sent] == [None, None, 201]
    assert len({r.body["clientToken"] for r in sent}) == 1
    listed = [d.deployment_id async for d in gg.list_deployments(target_arn=THING_ARN)]
    assert listed == [deployment.deployment_id]


async def test_commit_then_drop_does_not_duplicate_a_component_version(
    emulator: LocalGreengrass, gg: GreengrassV2Client
) -> None:
    emulator.faults.commit_then_drop_next("CreateComponentVersion", times=1)
    created = await gg.create_component_version(inline_recipe=recipe("com.example.Once", "1.0.0"))
    assert created.component_version == "1.0.0"  # not a ConflictException: same token
    statuses = [r.status for r in emulator.requests.for_operation("CreateComponentVersion")]
    assert statuses == [None, 201]


async def test_throttling_from_the_emulator_is_retried(
    emulator: LocalGreengrass, gg: GreengrassV2Client
) -> None:
    emulator.faults.throttle_next("ListComponents", times=2, retry_after=0)
    assert await gg.list_components().to_list() == []
    assert len(emulator.requests.for_operation("ListComponents")) == 3
    emulator.faults.fail_next("GetDeployment", times=9, status=503, code="InternalServerException")
    with pytest.raises(ServiceError) as caught:
        await gg.get_deployment(deployment_id="x")
    assert caught.value.code == "InternalServerException"
    assert len(emulator.requests.for_operation("GetDeployment")) == 4


async def test_connection_kwargs_point_a_client_at_the_emulator(emulator: LocalGreengrass) -> None:
    async with GreengrassV2Client(**emulator.connection_kwargs(region="eu-west-1")) as gg:
        assert gg.region_name == "eu-west-1"
        await gg.create_component_version(inline_recipe=recipe("com.example.Here", "1.0.0"))
    assert "com.example.Here" in emulator.state(region="eu-west-1").components
    assert "com.example.Here" not in emulator.state(region="us-east-1").components


async def test_missing_credentials_are_a_typed_error(
    emulator: LocalGreengrass, monkeypatch: pytest.MonkeyPatch
) -> None:
    from greengrass_sdk.errors import CredentialsError

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    async with GreengrassV2Client(
        endpoint_url=emulator.endpoint_url, region_name="us-east-1"
    ) as gg:
        with pytest.raises(CredentialsError, match="no AWS credentials"):
            await gg.list_components().to_list()
    assert len(emulator.requests) == 0
