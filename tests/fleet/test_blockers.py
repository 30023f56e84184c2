"""blockers over real HTTP against the emulator: the nucleus-upgrade scenario, fixed for real.

core-f is in the Apps and Old groups; Old deploys com.example.Legacy 1.0.0, which requires
aws.greengrass.Nucleus >=2.0.0 <2.11.0. Upgrading the nucleus to 2.12.0 through Apps fails on
core-f only; Legacy 1.1.0 (Nucleus ^2.0.0) would allow it.
"""

from __future__ import annotations

import pytest

from greengrass_sdk import GreengrassV2Client, IoTClient
from greengrass_sdk.fleet import SuggestedChange, blockers, plan_deployment
from greengrass_sdk.testing import LocalGreengrass
from tests.fleet.conftest import ACCOUNT, REGION, group_arn
from tests.fleet.planning_fleet import NUCLEUS, installed, seed

WANTED = "2.12.0"


@pytest.fixture
async def fleet(server: LocalGreengrass, gg: GreengrassV2Client) -> LocalGreengrass:
    await seed(server, gg)
    return server


async def test_the_blocking_component_is_found_and_the_fix_makes_the_upgrade_succeed(
    fleet: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient
) -> None:
    report = await blockers(gg, iot, group_arn("Apps"), NUCLEUS, WANTED)

    assert report.deployment == {"com.example.App": "1.0.0", NUCLEUS: WANTED}
    assert [d.thing_name for d in report.blocked] == ["core-f"]
    answer = report.device("core-f")
    (blocker,) = answer.blockers
    assert blocker.component == NUCLEUS
    assert blocker.dependent == "com.example.Legacy 1.0.0"
    assert blocker.requirement == ">=2.0.0 <2.11.0"
    assert blocker.group == "thinggroup/Old"
    assert str(blocker) == (
        "com.example.Legacy 1.0.0 (deployed by thinggroup/Old) requires "
        "aws.greengrass.Nucleus >=2.0.0 <2.11.0"
    )
    assert answer.changes == (
        SuggestedChange("thinggroup/Old", "com.example.Legacy", "1.0.0", "1.1.0"),
    )
    assert answer.verified
    assert report.changes == answer.changes
    assert all(d.allowed for d in report.devices if d.thing_name != "core-f")

    # Without the change, the device does fail; with it, the upgrade succeeds on every device.
    target = {
        "com.example.App": {"componentVersion": "1.0.0"},
        NUCLEUS: {"componentVersion": WANTED},
    }
    plan = await plan_deployment(gg, iot, group_arn("Apps"), target)
    assert [p.thing_name for p in plan.failed] == ["core-f"]
    await gg.create_deployment(
        target_arn=group_arn("Old"),
        components={"com.example.Legacy": {"componentVersion": "1.1.0"}},
    )
    await gg.create_deployment(target_arn=group_arn("Apps"), components=target)
    for thing in ("core-a", "core-b", "core-c", "core-d", "core-f"):
        assert set(fleet.apply_deployments(thing).values()) == {"SUCCEEDED"}, thing
        assert installed(fleet, thing)[NUCLEUS] == WANTED
    assert installed(fleet, "core-f")["com.example.Legacy"] == "1.1.0"


async def test_a_single_device_and_an_impossible_version(
    fleet: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient
) -> None:
    thing = f"arn:aws:iot:{REGION}:{ACCOUNT}:thing/core-f"
    report = await blockers(gg, iot, thing, NUCLEUS, WANTED)
    assert [d.thing_name for d in report.devices] == ["core-f"]
    assert report.device("core-f").changes[0].component == "com.example.Legacy"

    # No Lib satisfies Logger 1.0.0 and App 2.0.0 together, but Logger 1.1.0 does: on core-b
    # the fix is in the Logging group.
    report = await blockers(gg, iot, group_arn("Apps"), "com.example.App", "2.0.0")
    answer = report.device("core-b")
    assert {b.group for b in answer.blockers} == {"thinggroup/Logging"}
    assert answer.changes == (
        SuggestedChange("thinggroup/Logging", "com.example.Logger", "1.0.0", "1.1.0"),
    )
    assert answer.verified

    # A version the catalog does not have cannot be allowed by any change.
    report = await blockers(gg, iot, group_arn("Apps"), "com.example.App", "9.0.0")
    assert all(not d.allowed and d.unsolvable for d in report.devices)
