"""Resolve before deploying, predict the device's own walk, and pin what it would get wrong.

A catalog where a consistent set of versions exists, yet the nucleus's greedy, non-backtracking
walk fails (it takes the newest Plugin, whose requirement on Lib clashes with App's). The
resolver finds the solution, simulate_device predicts the failure, pin() names the version to
add to the deployment, and the (emulated) device then succeeds. With --endpoint-url/--region
and --thing-group-arn it plans against a real account and creates the pinned deployment.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys

from _local import target

from greengrass_sdk import GreengrassV2Client
from greengrass_sdk.errors import ConflictException
from greengrass_sdk.recipes import OnlineCatalog
from greengrass_sdk.resolver import pin, resolve, simulate_device

TRAP = [
    ("com.example.Lib", "0.9.0", {}),
    ("com.example.Lib", "1.0.0", {}),
    ("com.example.Lib", "1.5.0", {}),
    ("com.example.Plugin", "1.0.0", {"com.example.Lib": "^1.0.0"}),
    ("com.example.Plugin", "2.0.0", {"com.example.Lib": "<1.0.0"}),
    ("com.example.App", "1.0.0", {"com.example.Lib": ">=1.0.0", "com.example.Plugin": "*"}),
]


def recipe(name: str, version: str, deps: dict[str, str]) -> str:
    return json.dumps(
        {
            "RecipeFormatVersion": "2020-01-25",
            "ComponentName": name,
            "ComponentVersion": version,
            "ComponentDependencies": {d: {"VersionRequirement": r} for d, r in deps.items()},
            "Manifests": [{"Platform": {"os": "linux"}, "Lifecycle": {"Run": name}}],
        }
    )


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--endpoint-url")
    parser.add_argument("--region", default=os.environ.get("AWS_REGION", "us-east-1"))
    parser.add_argument("--thing-group-arn")
    args = parser.parse_args()
    group_arn = args.thing_group_arn or f"arn:aws:iot:{args.region}:123456789012:thinggroup/Fleet"
    group = "thinggroup/" + group_arn.rsplit("/", 1)[-1]

    async with target(args) as where, GreengrassV2Client(**where.client_kwargs()) as gg:
        for name, version, deps in TRAP:
            with contextlib.suppress(ConflictException):
                await gg.create_component_version(inline_recipe=recipe(name, version, deps))
        catalog = await OnlineCatalog(gg, platform={"os": "linux"}).load(["com.example.App"])
        roots = {"com.example.App": {group: "=1.0.0"}}

        print("complete resolution:")
        print("  " + resolve(roots, catalog).table().replace("\n", "\n  "))
        predicted = simulate_device(roots, catalog, deployment=group)
        print(f"device prediction: {predicted.message}")
        print("  walk: " + "; ".join(str(step) for step in predicted.steps))
        pins = pin(roots, catalog, deployment=group)
        print(f"pin: {pins}")

        components = {"com.example.App": {"componentVersion": "1.0.0"}}
        if where.emulator is not None:
            where.emulator.register_core_device("core-1", thing_groups=[group.split("/", 1)[1]])
            await gg.create_deployment(target_arn=group_arn, components=components)
            outcome = where.emulator.apply_deployments("core-1")
            print(f"deployed as written: {list(outcome.values())}")
        pinned = components | {n: {"componentVersion": v} for n, v in pins.items()}
        deployment = await gg.create_deployment(target_arn=group_arn, components=pinned)
        print(f"deployment {deployment.deployment_id} with pins")
        if where.emulator is not None:
            outcome = where.emulator.apply_deployments("core-1")
            installed = {
                c.component_name: c.component_version
                async for c in gg.list_installed_components(
                    core_device_thing_name="core-1", topology_filter="ALL"
                )
            }
            print(f"deployed with pins: {list(outcome.values())}; running {installed}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
