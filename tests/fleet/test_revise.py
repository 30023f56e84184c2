"""revise_deployment over real HTTP against the emulator: every component not changed is kept."""

from __future__ import annotations

import json

import pytest

from greengrass_sdk import GreengrassV2Client, IoTClient
from greengrass_sdk.errors import GreengrassError, RequestValidationError
from greengrass_sdk.fleet import PlanHasFailures, presets, revise_deployment
from greengrass_sdk.testing import LocalGreengrass
from tests.fleet.conftest import group_arn
from tests.fleet.planning_fleet import NUCLEUS, installed, seed

APPS = group_arn("Apps")


@pytest.fixture
async def fleet(server: LocalGreengrass, gg: GreengrassV2Client) -> LocalGreengrass:
    await seed(server, gg)
    await gg.create_deployment(
        target_arn=APPS,
        deployment_name="apps-v2",
        components={
            "com.example.App": {
                "componentVersion": "1.0.0",
                "configurationUpdate": {"merge": json.dumps({"interval": 1, "nested": {"a": 1}})},
            },
            "com.example.Metrics": {"componentVersion": "1.0.0", "runWith": {"posixUser": "ggc"}},
            "com.example.Lib": {"componentVersion": "1.0.0"},
        },
        deployment_policies={"failureHandlingPolicy": "DO_NOTHING"},
        iot_job_configuration=presets.job_configuration(
            rollout=presets.rollout_rate(maximum_per_minute=50)
        ),
        tags={"team": "apps"},
    )
    for thing in ("core-a", "core-b", "core-c", "core-d", "core-f"):
        assert set(server.apply_deployments(thing).values()) == {"SUCCEEDED"}
    return server


async def _latest(gg: GreengrassV2Client) -> dict[str, object]:
    async for summary in gg.list_deployments(target_arn=APPS):
        assert summary.deployment_id
        found = await gg.get_deployment(deployment_id=summary.deployment_id)
        return found.model_dump(by_alias=True, exclude_none=True)
    raise AssertionError("no deployment")


async def test_revise_keeps_every_component_it_was_not_told_to_change(
    fleet: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient
) -> None:
    before = await _latest(gg)
    changes = {"com.example.App": {"merge": {"nested": {"b": 2}}}, "com.example.Lib": None}

    dry = await revise_deployment(gg, APPS, changes, iot=iot, dry_run=True)
    assert not dry.created and await _latest(gg) == before  # nothing created
    assert [(d.component, d.kind) for d in dry.diff] == [
        ("com.example.App", "configuration"),
        ("com.example.Lib", "removed"),
        ("com.example.Metrics", "kept"),
    ]
    app = dry.diff[0]
    assert app.merge_before == {"interval": 1, "nested": {"a": 1}}
    assert app.merge_after == {"interval": 1, "nested": {"a": 1, "b": 2}}
    assert dry.plan is not None and not dry.plan.has_failures

    revision = await revise_deployment(gg, APPS, changes, iot=iot)
    assert revision.created and revision.deployment_id
    after = await _latest(gg)
    assert after["deploymentId"] == revision.deployment_id
    components = after["components"]
    assert isinstance(components, dict)
    assert set(components) == {"com.example.App", "com.example.Metrics"}
    assert components["com.example.Metrics"] == {
        "componentVersion": "1.0.0",
        "runWith": {"posixUser": "ggc"},
    }
    merge = components["com.example.App"]["configurationUpdate"]["merge"]
    assert json.loads(merge) == {"interval": 1, "nested": {"a": 1, "b": 2}}
    for key in ("deploymentName", "deploymentPolicies", "iotJobConfiguration", "tags"):
        assert after[key] == before[key], key

    # And the devices do what the revision's plan said (Lib stays: App 1.0.0 still needs it).
    assert revision.plan is not None
    for device_plan in revision.plan.devices:
        results = fleet.apply_deployments(device_plan.thing_name)
        assert set(results.values()) == {"SUCCEEDED"}
        now = installed(fleet, device_plan.thing_name)
        now.setdefault(NUCLEUS, "2.10.0")
        assert now == device_plan.after


async def test_a_revision_that_would_fail_is_not_created_unless_allowed(
    fleet: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient
) -> None:
    before = await _latest(gg)
    with pytest.raises(PlanHasFailures, match="2 of 5 devices") as raised:
        # Metrics 1.1.0 is for linux/amd64 only (core-d is aarch64), and core-c's Monitoring
        # group names Metrics 1.0.0.
        await revise_deployment(gg, APPS, {"com.example.Metrics": "1.1.0"}, iot=iot)
    plan = raised.value.revision.plan
    assert plan is not None
    assert [p.thing_name for p in plan.failed] == ["core-c", "core-d"]
    assert "thinggroup/Monitoring requires =1.0.0" in plan.device("core-c").outcome.message
    assert await _latest(gg) == before

    forced = await revise_deployment(
        gg, APPS, {"com.example.Metrics": "1.1.0"}, iot=iot, allow_failures=True
    )
    assert forced.created
    assert (await _latest(gg))["components"]["com.example.App"]["componentVersion"] == "1.0.0"  # type: ignore[index]


async def test_bad_changes_are_refused_before_anything_is_sent(
    fleet: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient
) -> None:
    fleet.requests.clear()
    with pytest.raises(RequestValidationError, match="changes"):
        await revise_deployment(gg, APPS, {}, iot=iot)
    with pytest.raises(RequestValidationError, match="not a thing or thing group ARN"):
        await revise_deployment(gg, "arn:aws:s3:::bucket", {"x": "1.0.0"}, iot=iot)
    assert len(fleet.requests) == 0
    with pytest.raises(RequestValidationError, match=r"changes\['com.example.Nope'\]"):
        await revise_deployment(gg, APPS, {"com.example.Nope": None}, iot=iot)
    with pytest.raises(RequestValidationError, match="unknown keys"):
        await revise_deployment(gg, APPS, {"com.example.App": {"versoin": "2"}}, iot=iot)


async def test_reset_paths_add_up_and_clear_configuration_starts_over(
    fleet: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient
) -> None:
    revision = await revise_deployment(
        gg,
        APPS,
        {"com.example.App": {"reset": ["/interval"], "merge": {"interval": 9}}},
        iot=iot,
        dry_run=True,
    )
    (app,) = revision.changed
    assert (app.kind, app.reset_after) == ("configuration", ("/interval",))
    assert app.merge_after == {"interval": 9, "nested": {"a": 1}}
    assert "reset [] -> ['/interval']" in str(app)

    cleared = await revise_deployment(
        gg,
        APPS,
        {"com.example.App": {"version": "1.0.0", "clear_configuration": True}},
        iot=iot,
        dry_run=True,
    )
    (app,) = cleared.changed
    assert (app.merge_after, app.reset_after) == (None, ())
    assert cleared.components["com.example.App"].configuration_update is None

    added = await revise_deployment(
        gg, APPS, {"com.example.Logger": "1.1.0"}, iot=iot, dry_run=True
    )
    assert [(d.component, d.kind) for d in added.changed] == [("com.example.Logger", "added")]


async def test_without_an_iot_client_nothing_is_created_unplanned_unless_allowed(
    fleet: LocalGreengrass, gg: GreengrassV2Client
) -> None:
    before = await _latest(gg)
    with pytest.raises(GreengrassError, match="not planned"):
        await revise_deployment(gg, APPS, {"com.example.Lib": None}, iot=None)
    assert await _latest(gg) == before
    revision = await revise_deployment(
        gg, APPS, {"com.example.Lib": None}, iot=None, allow_failures=True
    )
    assert revision.created and revision.plan is None
    components = (await _latest(gg))["components"]
    assert isinstance(components, dict)
    assert set(components) == {"com.example.App", "com.example.Metrics"}
