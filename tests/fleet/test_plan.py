"""plan_deployment over real HTTP against the emulator, checked against what its devices do.

The emulator's devices run the resolver's replay of the nucleus when they apply a deployment, so
"the plan is right" means: create the planned deployment, let every device apply it, and each
device ends up exactly where its plan said (or fails, where the plan said it would).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from greengrass_sdk import GreengrassV2Client, IoTClient
from greengrass_sdk.errors import GreengrassError, RequestValidationError
from greengrass_sdk.fleet import DeploymentPlan, UnknownDevice, plan_deployment
from greengrass_sdk.testing import LocalGreengrass
from tests.fleet.conftest import group_arn
from tests.fleet.planning_fleet import NUCLEUS, installed, seed


@pytest.fixture
async def fleet(server: LocalGreengrass, gg: GreengrassV2Client) -> LocalGreengrass:
    await seed(server, gg)
    return server


async def _deploy_and_compare(
    server: LocalGreengrass,
    gg: GreengrassV2Client,
    plan: DeploymentPlan,
    components: Mapping[str, Any],
) -> None:
    """Create the planned deployment, apply it on every device, compare with the plan."""
    await gg.create_deployment(target_arn=plan.target_arn, components=components)
    for device_plan in plan.devices:
        name = device_plan.thing_name
        results = server.apply_deployments(name)
        assert set(results.values()) == {"SUCCEEDED" if device_plan.succeeded else "FAILED"}, (
            name,
            device_plan.outcome.message,
        )
        now = installed(server, name)
        # The emulated device lists the nucleus only once a deployment named it.
        now.setdefault(NUCLEUS, server.state().core_devices[name].core_version)
        assert now == device_plan.after, name


async def test_each_devices_predicted_outcome_is_what_it_does(
    fleet: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient
) -> None:
    components = {"com.example.App": {"componentVersion": "2.0.0"}}
    plan = await plan_deployment(gg, iot, group_arn("Apps"), components)

    assert [p.thing_name for p in plan.devices] == [
        "core-a",
        "core-b",
        "core-c",
        "core-d",
        "core-f",
    ]
    # core-b is also in Logging, whose Logger 1.0.0 needs Lib ~1.0.0: App 2.0.0 needs ^2.0.0.
    failing = plan.device("core-b")
    assert not failing.succeeded
    assert failing.outcome.failed_component == "com.example.Lib"
    assert failing.outcome.rule == "no-version"
    assert "com.example.Logger 1.0.0 requires" in failing.outcome.message
    assert failing.other_deployments[0][0] == "thinggroup/Logging"
    assert all(c.kind == "unchanged" for c in failing.changes)  # the device rolls back
    with pytest.raises(UnknownDevice, match="core-z is not a core device of") as unknown:
        plan.device("core-z")
    assert isinstance(unknown.value, GreengrassError) and isinstance(unknown.value, KeyError)

    upgraded = plan.device("core-c")
    kinds = {c.component: (c.before, c.after, c.kind) for c in upgraded.changes}
    assert kinds == {
        "com.example.App": ("1.0.0", "2.0.0", "upgraded"),
        "com.example.Lib": ("1.5.0", "2.0.0", "upgraded"),
        "com.example.Metrics": ("1.0.0", "1.0.0", "unchanged"),
        NUCLEUS: ("2.10.0", "2.10.0", "unchanged"),
    }
    assert upgraded.device.thing_groups == ("Apps", "Monitoring")
    assert upgraded.replaces == plan.replaces is not None

    # Five devices, two outcomes: the failure first, then the four that upgrade alike.
    assert [g.devices for g in plan.groups] == [
        ("core-b",),
        ("core-a", "core-c", "core-d", "core-f"),
    ]
    assert plan.groups[1].summary == (
        "~ com.example.App 1.0.0 -> 2.0.0 (upgraded), ~ com.example.Lib 1.5.0 -> 2.0.0 (upgraded)"
    )
    await _deploy_and_compare(fleet, gg, plan, components)


async def test_a_platform_without_the_version_fails_and_others_succeed(
    fleet: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient
) -> None:
    # Metrics 1.1.0 has only a linux/amd64 manifest: core-d is aarch64.
    components = {"com.example.Metrics": {"componentVersion": "1.1.0"}}
    plan = await plan_deployment(gg, iot, group_arn("Monitoring"), components)
    assert plan.device("core-c").succeeded
    assert not plan.device("core-d").succeeded
    assert plan.device("core-d").outcome.failed_component == "com.example.Metrics"
    await _deploy_and_compare(fleet, gg, plan, components)


async def test_removed_components_and_downgrades_are_reported_and_happen(
    fleet: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient
) -> None:
    # Logging now ships Logger 1.1.0 only; on core-e Lib stays at 1.0.0 (the running version
    # meets >=1.0.0 <3.0.0), and replacing the Apps deployment with Metrics drops App on core-a.
    components = {"com.example.Metrics": {"componentVersion": "1.0.0"}}
    plan = await plan_deployment(gg, iot, group_arn("Apps"), components)
    changes = {c.component: c.kind for c in plan.device("core-a").changes}
    assert changes["com.example.App"] == "removed"
    assert changes["com.example.Lib"] == "removed"
    assert changes["com.example.Metrics"] == "added"
    await _deploy_and_compare(fleet, gg, plan, components)


async def test_catalog_and_groups_are_fetched_once(
    fleet: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient
) -> None:
    fleet.requests.clear()
    plan = await plan_deployment(
        gg, iot, group_arn("Apps"), {"com.example.App": {"componentVersion": "2.0.0"}}
    )
    # One listing per component scope, each component's versions once, each recipe once.
    assert plan.api_calls["ListComponents"] == 2
    assert len(fleet.requests.for_operation("ListComponents")) == 2
    recipe_reads = [r.path for r in fleet.requests.for_operation("GetComponent")]
    assert len(recipe_reads) == len(set(recipe_reads)) == plan.recipes_fetched
    assert plan.api_calls["ListDeployments"] == 1  # the account's latest deployments, once
    assert plan.api_calls["GetCoreDevice"] == 5
    assert plan.total_api_calls == len(fleet.requests)


async def test_things_that_are_not_core_devices_are_named(
    fleet: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient
) -> None:
    fleet.add_thing_group("Apps", ["just-a-sensor"])
    plan = await plan_deployment(
        gg, iot, group_arn("Apps"), {"com.example.App": {"componentVersion": "2.0.0"}}
    )
    assert plan.not_core_devices == ("just-a-sensor",)
    assert "just-a-sensor" not in {p.thing_name for p in plan.devices}


async def test_configuration_merge_is_a_mapping_and_bad_input_sends_nothing(
    fleet: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient
) -> None:
    components = {
        "com.example.App": {
            "component_version": "2.0.0",
            "configuration_update": {"merge": {"interval": 5}, "reset": ["/debug"]},
        }
    }
    plan = await plan_deployment(gg, iot, group_arn("Apps"), components)
    assert plan.components == {"com.example.App": "2.0.0"}

    fleet.requests.clear()
    bad = {"com.example.App": {"componentVersion": "2.0.0", "configurationUpdate": {"merge": [1]}}}
    with pytest.raises(RequestValidationError, match=r"components\['com.example.App'\]"):
        await plan_deployment(gg, iot, group_arn("Apps"), bad)
    with pytest.raises(GreengrassError, match="not a thing or thing group ARN"):
        await plan_deployment(gg, iot, "arn:aws:iot:us-east-1:123456789012:job/x", {})
    assert len(fleet.requests) == 0


async def test_a_throttling_service_slows_the_plan_down_but_not_its_answer(
    fleet: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient
) -> None:
    components = {"com.example.App": {"componentVersion": "2.0.0"}}
    calm = await plan_deployment(gg, iot, group_arn("Apps"), components)
    fleet.requests.clear()
    fleet.faults.throttle_above(40, burst=4)
    throttled = await plan_deployment(gg, iot, group_arn("Apps"), components)
    fleet.faults.clear()
    assert any(r.error_code == "ThrottlingException" for r in fleet.requests)
    assert [(g.devices, g.summary) for g in throttled.groups] == [
        (g.devices, g.summary) for g in calm.groups
    ]


async def test_a_completed_deployment_to_the_thing_stays_among_its_groups(
    fleet: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient
) -> None:
    await gg.create_deployment(
        target_arn="arn:aws:iot:us-east-1:123456789012:thing/core-a",
        components={"com.example.Metrics": {"componentVersion": "1.0.0"}},
    )
    assert set(fleet.apply_deployments("core-a").values()) == {"SUCCEEDED"}
    components = {"com.example.App": {"componentVersion": "2.0.0"}}
    plan = await plan_deployment(gg, iot, group_arn("Apps"), components, things=["core-a"])
    assert plan.device("core-a").after["com.example.Metrics"] == "1.0.0"
    await _deploy_and_compare(fleet, gg, plan, components)
