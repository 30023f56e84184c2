"""Bounded-concurrency fan-out: the health and installed components of every core device.

One client, many concurrent calls, at most N in flight (a semaphore), so a fleet of thousands
does not trip the service's throttling. Runs against the embedded emulator (which gets a fleet
of 200 devices); pass --endpoint-url/--region to use a real account.
"""

from __future__ import annotations

import asyncio
import collections
import json
import sys

from _local import parse_args, target

from greengrass_sdk import GreengrassV2Client
from greengrass_sdk.testing import LocalGreengrass

IN_FLIGHT = 16


async def installed_count(gg: GreengrassV2Client, gate: asyncio.Semaphore, thing: str) -> int:
    async with gate:
        return len(await gg.list_installed_components(core_device_thing_name=thing).to_list())


async def seed_fleet(gg: GreengrassV2Client, emulator: LocalGreengrass) -> None:
    """Give the emulator a fleet of 200 devices that run a deployed component (12 failed)."""
    recipe = {
        "RecipeFormatVersion": "2020-01-25",
        "ComponentName": "com.example.Telemetry",
        "ComponentVersion": "1.2.0",
        "Manifests": [{"Platform": {"os": "linux"}, "Lifecycle": {"Run": "telemetry"}}],
    }
    await gg.create_component_version(inline_recipe=json.dumps(recipe))
    for i in range(200):
        emulator.register_core_device(f"core-{i:03d}", thing_groups=["Fleet"])
    await gg.create_deployment(
        target_arn=f"arn:aws:iot:{gg.region_name}:123456789012:thinggroup/Fleet",
        components={"com.example.Telemetry": {"componentVersion": "1.2.0"}},
    )
    for i in range(200):
        emulator.apply_deployments(f"core-{i:03d}", fail_reason=None if i % 17 else "disk full")


async def main() -> int:
    args = parse_args(__doc__ or "")
    async with (
        target(args) as where,
        GreengrassV2Client(**where.client_kwargs(), max_pool_connections=IN_FLIGHT) as gg,
    ):
        if where.emulator is not None:
            await seed_fleet(gg, where.emulator)
        devices = await gg.list_core_devices().to_list()
        gate = asyncio.Semaphore(IN_FLIGHT)
        counts = await asyncio.gather(
            *(installed_count(gg, gate, d.core_device_thing_name or "") for d in devices)
        )
    health = collections.Counter(str(d.status) for d in devices)
    print(f"{len(devices)} core devices: {dict(sorted(health.items()))}")
    print(f"installed components across the fleet: {sum(counts)}")
    unhealthy = [d.core_device_thing_name for d in devices if d.status == "UNHEALTHY"]
    print(f"unhealthy: {', '.join(str(u) for u in unhealthy) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
