"""Plan before you deploy: each device's outcome, what blocks a nucleus upgrade, a revision.

Against the embedded emulator (the default) the example builds a small fleet: four devices in
the thing group Fleet, one of them also in Legacy, whose deployment runs a component that only
accepts nuclei older than 2.11. It then

1. plans a nucleus upgrade to 2.12.0 on Fleet (one device would fail, and why),
2. asks what blocks it and gets the smallest fix, checked by replaying the device,
3. revises Legacy's deployment with the fix and Fleet's with the upgrade (configuration as a
   dict; every other component kept), each created only because its plan has no failure,
4. lets the emulated devices apply them: every device ends up where the plan said.

With --endpoint-url (a real account), it only plans: set PLAN_TARGET_ARN and PLAN_COMPONENTS
(``name=version,name=version``) in the environment.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

from _local import parse_args, target

from greengrass_sdk import GreengrassV2Client, IoTClient
from greengrass_sdk.fleet import blockers, plan_deployment, revise_deployment
from greengrass_sdk.testing import LocalGreengrass

NUCLEUS = "aws.greengrass.Nucleus"


def recipe(name: str, version: str, **extra: Any) -> dict[str, Any]:
    """A recipe for linux, with optional ComponentDependencies / ComponentType."""
    found: dict[str, Any] = {
        "RecipeFormatVersion": "2020-01-25",
        "ComponentName": name,
        "ComponentVersion": version,
        "Manifests": [{"Platform": {"os": "linux"}, "Lifecycle": {}}],
    }
    found.update(extra)
    return found


def needs(name: str, requirement: str) -> dict[str, Any]:
    return {"ComponentDependencies": {name: {"VersionRequirement": requirement}}}


async def seed(gg: GreengrassV2Client, emulator: LocalGreengrass, account: str) -> str:
    """Recipes, four devices on nucleus 2.10.0, deployments to Fleet and Legacy, applied."""
    for version in ("2.10.0", "2.12.0"):
        emulator.add_component_version(
            recipe(NUCLEUS, version, ComponentType="aws.greengrass.nucleus")
        )
    emulator.add_component_version(recipe("com.example.Telemetry", "1.0.0"))
    emulator.add_component_version(
        recipe("com.example.Modbus", "1.0.0", **needs(NUCLEUS, ">=2.0.0 <2.11.0"))
    )
    emulator.add_component_version(
        recipe("com.example.Modbus", "1.1.0", **needs(NUCLEUS, "^2.0.0"))
    )
    for index in range(4):
        groups = ["Fleet", "Legacy"] if index == 3 else ["Fleet"]
        emulator.register_core_device(f"core-{index}", thing_groups=groups, core_version="2.10.0")
    arn = f"arn:aws:iot:{gg.region_name}:{account}:thinggroup/"
    await gg.create_deployment(
        target_arn=f"{arn}Fleet",
        components={"com.example.Telemetry": {"componentVersion": "1.0.0"}},
    )
    await gg.create_deployment(
        target_arn=f"{arn}Legacy",
        components={"com.example.Modbus": {"componentVersion": "1.0.0"}},
    )
    for index in range(4):
        emulator.apply_deployments(f"core-{index}")
    return arn


async def plan_only(gg: GreengrassV2Client, iot: IoTClient) -> int:
    target_arn = os.environ.get("PLAN_TARGET_ARN")
    components = os.environ.get("PLAN_COMPONENTS")
    if not target_arn or not components:
        print("set PLAN_TARGET_ARN and PLAN_COMPONENTS to plan against a real account")
        return 2
    wanted = dict(item.split("=", 1) for item in components.split(","))
    plan = await plan_deployment(
        gg, iot, target_arn, {name: {"componentVersion": v} for name, v in wanted.items()}
    )
    for group in plan.groups:
        print(f"{len(group.devices)} devices: {group.summary}")
    return 1 if plan.has_failures else 0


async def main() -> int:
    args = parse_args(__doc__ or "")
    async with (
        target(args) as where,
        GreengrassV2Client(**where.client_kwargs()) as gg,
        IoTClient(**where.client_kwargs()) as iot,
    ):
        if where.emulator is None:
            return await plan_only(gg, iot)
        emulator = where.emulator
        arn = await seed(gg, emulator, emulator.account_id)
        fleet, legacy = f"{arn}Fleet", f"{arn}Legacy"

        # 1. What would a nucleus upgrade on Fleet do to each device?
        upgrade = {
            "com.example.Telemetry": {"componentVersion": "1.0.0"},
            NUCLEUS: {"componentVersion": "2.12.0"},
        }
        plan = await plan_deployment(gg, iot, fleet, upgrade)
        for group in plan.groups:
            print(f"plan: {', '.join(group.devices)}: {group.summary}")

        # 2. What blocks it, and what would allow it?
        report = await blockers(gg, iot, fleet, NUCLEUS, "2.12.0")
        for answer in report.blocked:
            print(f"blocked: {answer.thing_name} by {'; '.join(map(str, answer.blockers))}")
            fixes = ", ".join(map(str, answer.changes))
            print(f"fix: {fixes} (verified by replay: {answer.verified})")

        # 3. Apply the fix to Legacy, then the upgrade to Fleet, keeping every other component.
        fixed = await revise_deployment(gg, legacy, {"com.example.Modbus": "1.1.0"}, iot=iot)
        print(f"revised Legacy: {[str(d) for d in fixed.changed]}, created: {fixed.created}")
        upgraded = await revise_deployment(
            gg,
            fleet,
            {NUCLEUS: "2.12.0", "com.example.Telemetry": {"merge": {"intervalSeconds": 30}}},
            iot=iot,
        )
        print(f"revised Fleet: {[d.kind for d in upgraded.diff]}, created: {upgraded.created}")

        # 4. The devices apply it, and end up where the plan said.
        assert upgraded.plan is not None
        for device_plan in upgraded.plan.devices:
            result = emulator.apply_deployments(device_plan.thing_name)
            running = emulator.state().core_devices[device_plan.thing_name].installed
            now = {name: str(entry["componentVersion"]) for name, entry in running.items()}
            print(
                f"{device_plan.thing_name}: {sorted(set(result.values()))}, "
                f"as planned: {now == device_plan.after}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
