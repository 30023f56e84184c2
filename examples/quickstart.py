"""The main job end to end: publish, resolve, deploy to a fleet, watch it, ship a package.

By default everything runs against the embedded local emulator (no AWS account needed) and a
simulated core device applies the deployment. With --endpoint-url/--region (and
--thing-group-arn, optionally --core-device) it does the same against a real account.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys

from _local import Target, target

from greengrass_sdk import GreengrassV2Client, IoTClient, RetryPolicy
from greengrass_sdk.errors import ConflictException
from greengrass_sdk.recipes import ComponentRecipe, OnlineCatalog, dump_recipe
from greengrass_sdk.resolver import (
    ResolutionConflict,
    resolve,
    simulate_device,
)

OLD_LOGGER = ComponentRecipe.model_validate(
    {
        "ComponentName": "com.example.Logger",
        "ComponentVersion": "1.0.4",
        "Manifests": [{"Platform": {"os": "linux"}, "Lifecycle": {"Run": "logger"}}],
    }
)
LOGGER = ComponentRecipe.model_validate(
    {
        "ComponentName": "com.example.Logger",
        "ComponentVersion": "1.2.0",
        "ComponentDescription": "Writes telemetry to local disk",
        "Manifests": [{"Platform": {"os": "linux"}, "Lifecycle": {"Run": "logger --rotate"}}],
    }
)
GREETER = ComponentRecipe.model_validate(
    {
        "ComponentName": "com.example.Greeter",
        "ComponentVersion": "1.0.0",
        "ComponentDependencies": {
            "com.example.Logger": {"VersionRequirement": "^1.1.0", "DependencyType": "HARD"}
        },
        "Manifests": [{"Platform": {"os": "linux"}, "Lifecycle": {"Run": "greeter --hello"}}],
    }
)
ROOT = GREETER.component_name


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--endpoint-url", help="a real endpoint instead of the local emulator")
    parser.add_argument("--region", default=os.environ.get("AWS_REGION", "us-east-1"))
    parser.add_argument("--thing-group-arn", help="deployment target (default: a local group)")
    parser.add_argument("--core-device", help="core device to watch (default: a simulated one)")
    return parser.parse_args()


def heading(text: str) -> None:
    print(f"\n== {text}")


async def publish(gg: GreengrassV2Client) -> list[str]:
    heading("1. publish component versions from typed recipes")
    published = []
    for recipe in (OLD_LOGGER, LOGGER, GREETER):
        try:
            created = await gg.create_component_version(inline_recipe=dump_recipe(recipe))
            state = created.status.component_state if created.status else "?"
            print(f"   {created.component_name} {created.component_version}: {state}")
        except ConflictException:
            print(f"   {recipe.component_name} {recipe.component_version}: already published")
        published.append(f"{recipe.component_name} {recipe.component_version}")
    heading("2. list them with async for")
    async for component in gg.list_components(scope="PRIVATE"):
        latest = component.latest_version.component_version if component.latest_version else "?"
        print(f"   {component.component_name:24} latest {latest}")
    return published


async def plan(gg: GreengrassV2Client, group: str) -> dict[str, str]:
    heading("3. resolve dependencies client-side, before deploying")
    catalog = await OnlineCatalog(gg, platform={"os": "linux"}).load([ROOT])
    resolution = resolve({ROOT: {group: "=1.0.0"}}, catalog)
    print("   " + resolution.table().replace("\n", "\n   "))
    device = simulate_device({ROOT: {group: "=1.0.0"}}, catalog)
    print(f"   the device's own walk: {device.message}")
    try:
        resolve(
            {ROOT: {group: "=1.0.0"}, "com.example.Logger": {"thinggroup/Legacy": "~1.0.0"}},
            catalog,
        )
    except ResolutionConflict as conflict:
        print("   and if the device were also in thinggroup/Legacy (Logger ~1.0.0):")
        print("   " + str(conflict).replace("\n", "\n   "))
    return resolution.versions


async def simulated_device_applies(where: Target, device: str) -> None:
    await asyncio.sleep(0.3)  # a moment later, the device picks the deployment up
    assert where.emulator is not None
    where.emulator.apply_deployments(device)


async def deploy(gg: GreengrassV2Client, where: Target, args: argparse.Namespace) -> str:
    group_arn = (
        args.thing_group_arn or f"arn:aws:iot:{args.region}:123456789012:thinggroup/DemoFleet"
    )
    device = args.core_device or ("demo-core-1" if where.emulator else None)
    if where.emulator is not None and device is not None:
        where.emulator.register_core_device(device, thing_groups=[group_arn.rsplit("/", 1)[-1]])
    heading("4. deploy to the thing group")
    deployment = await gg.create_deployment(
        target_arn=group_arn,
        deployment_name="quickstart",
        components={ROOT: {"componentVersion": GREETER.component_version}},
    )
    assert deployment.deployment_id is not None
    print(f"   deployment {deployment.deployment_id} to {group_arn}")
    heading("5. watch it complete")
    if device is None:
        accepted = await gg.wait_for_deployment(
            deployment.deployment_id, success={"ACTIVE", "COMPLETED"}, timeout=120
        )
        print(f"   deployment is {accepted.deployment_status} (pass --core-device to watch one)")
        return str(accepted.deployment_status)
    applying = (
        asyncio.create_task(simulated_device_applies(where, device)) if where.emulator else None
    )
    done = await gg.wait_for_core_device_deployment(
        device, deployment.deployment_id, poll_interval=0.1 if where.emulator else 5, timeout=600
    )
    if applying is not None:
        await applying
    installed = {
        c.component_name: c.component_version
        async for c in gg.list_installed_components(
            core_device_thing_name=device, topology_filter="ALL"
        )
    }
    print(f"   {device}: {done.core_device_execution_status}; running {installed}")
    return str(done.core_device_execution_status)


async def ship_package(iot: IoTClient) -> str:
    heading("6. publish a version in the software package catalog")
    with contextlib.suppress(ConflictException):
        await iot.create_package(package_name="greeter-bundle")
    try:
        await iot.create_package_version(
            package_name="greeter-bundle",
            version_name="1.0.0",
            attributes={"component": ROOT, "componentVersion": GREETER.component_version},
        )
    except ConflictException:
        print("   greeter-bundle 1.0.0 already exists")
    await iot.update_package_version(
        package_name="greeter-bundle", version_name="1.0.0", action="PUBLISH"
    )
    version = await iot.get_package_version(package_name="greeter-bundle", version_name="1.0.0")
    print(f"   greeter-bundle 1.0.0 is {version.status}")
    return str(version.status)


async def main() -> int:
    args = parse_args()
    retry = RetryPolicy(max_attempts=5)
    async with target(args) as where:
        kwargs = where.client_kwargs()
        async with (
            GreengrassV2Client(**kwargs, retry=retry) as gg,
            IoTClient(**kwargs, retry=retry) as iot,
        ):
            group = "thinggroup/" + (args.thing_group_arn or "DemoFleet").rsplit("/", 1)[-1]
            published = await publish(gg)
            versions = await plan(gg, group)
            outcome = await deploy(gg, where, args)
            package = await ship_package(iot)
    heading("summary")
    print(f"   published:  {', '.join(published)}")
    print(f"   resolved:   {', '.join(f'{n} {v}' for n, v in versions.items())}")
    print(f"   deployment: {outcome}")
    print(f"   package:    greeter-bundle 1.0.0 {package}")
    where_ran = "the embedded local emulator" if where.emulator else where.endpoint_url
    print(f"   ran against {where_ran}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
