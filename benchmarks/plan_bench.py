"""Time and API calls of ``plan_deployment`` for 2,000 devices in 20 groups.

The emulator serves 2,000 core devices, all in the thing group ``Fleet`` (the target) and each in
one of 20 other groups whose deployments name different components; half the devices are
``amd64``, half ``aarch64``; every device has applied its deployments, so the installed
components differ by group. The plan upgrades ``com.example.App`` from 1.0.0 to 2.0.0 on
``Fleet``: devices of the five groups whose component needs ``Lib ~1.0.0`` fail, the others
upgrade.

Printed: the plan's wall time, its API calls by operation (the catalog is fetched once: one
``ListComponents`` per scope, each recipe once), the number of outcome groups, and as a baseline
in the same run the time of only reading the devices (``GetCoreDevice`` and
``ListInstalledComponents`` for each), with the ratio plan / baseline.
"""

from __future__ import annotations

import asyncio
import time

from greengrass_sdk import GreengrassV2Client, IoTClient
from greengrass_sdk.fleet import FleetReader, plan_deployment
from greengrass_sdk.testing import LocalGreengrass, SimulatedClock

DEVICES = 2000
GROUPS = 20
STRICT_GROUPS = 5  # groups whose component needs Lib ~1.0.0
ARN = "arn:aws:iot:us-east-1:123456789012:thinggroup/"


def _recipe(
    name: str, version: str, dependencies: dict[str, str] | None = None
) -> dict[str, object]:
    return {
        "RecipeFormatVersion": "2020-01-25",
        "ComponentName": name,
        "ComponentVersion": version,
        "ComponentDependencies": {
            dep: {"VersionRequirement": req} for dep, req in (dependencies or {}).items()
        },
        "Manifests": [{"Platform": {"os": "linux"}, "Lifecycle": {}}],
    }


async def seed(server: LocalGreengrass) -> None:
    """Recipes, 2,000 devices in Fleet and one of 20 groups, deployments applied."""
    for version in ("1.0.0", "1.5.0", "2.0.0"):
        server.add_component_version(_recipe("com.example.Lib", version))
    server.add_component_version(_recipe("com.example.App", "1.0.0", {"com.example.Lib": "^1.0.0"}))
    server.add_component_version(_recipe("com.example.App", "2.0.0", {"com.example.Lib": "^2.0.0"}))
    for group in range(GROUPS):
        requirement = "~1.0.0" if group < STRICT_GROUPS else ">=1.0.0"
        name = f"com.example.Group{group:02d}"
        server.add_component_version(_recipe(name, "1.0.0", {"com.example.Lib": requirement}))
    for index in range(DEVICES):
        server.register_core_device(
            f"core-{index:04d}",
            thing_groups=["Fleet", f"Group{index % GROUPS:02d}"],
            architecture="amd64" if index % 2 else "aarch64",
        )
    async with GreengrassV2Client(**server.connection_kwargs()) as gg:
        await gg.create_deployment(
            target_arn=f"{ARN}Fleet",
            components={"com.example.App": {"componentVersion": "1.0.0"}},
        )
        for group in range(GROUPS):
            await gg.create_deployment(
                target_arn=f"{ARN}Group{group:02d}",
                components={f"com.example.Group{group:02d}": {"componentVersion": "1.0.0"}},
            )
    for index in range(DEVICES):
        server.apply_deployments(f"core-{index:04d}")


async def main() -> None:
    async with LocalGreengrass(clock=SimulatedClock(frozen=True)) as server:
        started = time.perf_counter()
        await seed(server)
        seeded = time.perf_counter() - started
        kwargs = server.connection_kwargs()
        async with GreengrassV2Client(**kwargs) as gg, IoTClient(**kwargs) as iot:
            server.requests.clear()
            started = time.perf_counter()
            plan = await plan_deployment(
                gg, iot, f"{ARN}Fleet", {"com.example.App": {"componentVersion": "2.0.0"}}
            )
            planned = time.perf_counter() - started
            requests = len(server.requests)

            reader = FleetReader(gg, iot)
            started = time.perf_counter()
            things = await reader.target_things(f"{ARN}Fleet")
            await asyncio.gather(
                *(
                    reader.call(
                        "GetCoreDevice", lambda n=n: gg.get_core_device(core_device_thing_name=n)
                    )
                    for n in things
                ),
                *(
                    reader.call(
                        "ListInstalledComponents",
                        lambda n=n: (
                            gg.list_installed_components(
                                core_device_thing_name=n, topology_filter="ALL"
                            )
                            .pages()
                            .__anext__()
                        ),
                    )
                    for n in things
                ),
            )
            baseline = time.perf_counter() - started
    failed = len(plan.failed)
    print(f"plan_deployment for {DEVICES} devices in {GROUPS} groups (seeding took {seeded:.1f} s)")
    print(
        f"  plan: {planned:6.2f} s, {plan.total_api_calls} API calls "
        f"({requests} HTTP requests), {len(plan.groups)} outcome groups, {failed} devices fail"
    )
    for operation, count in plan.api_calls.items():
        print(f"    {operation:<26} {count:6d}")
    once = plan.api_calls.get("ListComponents", 0) <= 2
    print(f"  catalog fetched once: {once} ({plan.recipes_fetched} recipes, each once)")
    print(f"  baseline (read every device only): {baseline:6.2f} s")
    print(f"  ratio plan / baseline: {planned / baseline:.2f}x")


if __name__ == "__main__":
    asyncio.run(main())
