"""Roll out to a fleet: deploy with a preset, watch every device, retry the ones that failed.

Against the embedded emulator a thing group of 100 scripted core devices gets the deployment
(4 fail with a component error, 1 is offline) and the emulator's clock is fast-forwarded
instead of waiting. Against a real account pass --endpoint-url/--region and set FLEET_GROUP_ARN
to the thing group to deploy to.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys

from _local import parse_args, target

from greengrass_sdk import GreengrassV2Client, IoTClient
from greengrass_sdk.fleet import presets, retry_failed, rollout_status, watch_rollout
from greengrass_sdk.testing import DeviceBehaviour, LocalGreengrass

COMPONENT = {"com.example.Telemetry": {"componentVersion": "1.2.0"}}


def seed_fleet(emulator: LocalGreengrass) -> None:
    """100 core devices in the thing group Fleet; 4 fail, 1 never comes online."""
    emulator.add_component_version(
        {
            "RecipeFormatVersion": "2020-01-25",
            "ComponentName": "com.example.Telemetry",
            "ComponentVersion": "1.2.0",
        }
    )
    for i in range(100):
        name = f"core-{i:03d}"
        emulator.register_core_device(name, thing_groups=["Fleet"])
        if i % 25 == 7:
            behaviour = DeviceBehaviour.fails("Component com.example.Telemetry exited with 1.")
        elif i == 42:
            behaviour = DeviceBehaviour.offline()
        else:
            behaviour = DeviceBehaviour.succeeds(after=45)
        emulator.script_device(name, behaviour)


async def main() -> int:
    args = parse_args(__doc__ or "")
    async with target(args) as where:
        emulator = where.emulator
        if emulator is not None:
            seed_fleet(emulator)

        async def wait(seconds: float) -> None:
            # On the emulator, time is simulated: fast-forward instead of sleeping.
            if emulator is not None:
                emulator.clock.advance(seconds)
            else:
                await asyncio.sleep(seconds)

        def now() -> dt.datetime:
            return emulator.clock.now() if emulator else dt.datetime.now(dt.UTC)

        kwargs = where.client_kwargs()
        async with GreengrassV2Client(**kwargs) as gg, IoTClient(**kwargs) as iot:
            group = os.environ.get(
                "FLEET_GROUP_ARN", f"arn:aws:iot:{where.region_name}:123456789012:thinggroup/Fleet"
            )
            created = await gg.create_deployment(
                target_arn=group,
                deployment_name="telemetry-1.2.0",
                components=COMPONENT,
                # 25 devices a minute; cancel if 20 % of the first 10+ fail; 30 min timeout.
                iot_job_configuration=presets.gradual(
                    25, abort_at_percentage=20, abort_after_devices=10, timeout_minutes=30
                ),
            )
            deployment_id = created.deployment_id or ""
            print(f"deployment {deployment_id} to {group}")
            async for update in watch_rollout(
                gg,
                iot,
                deployment_id,
                interval=30,
                deadline=dt.timedelta(minutes=10),
                stuck_after=dt.timedelta(minutes=5),
                clock=now,
                sleep=wait,
            ):
                for row in update.new_failures:
                    print(f"  failed: {row.thing_name}: {row.reason} {list(row.error_stack)}")
                if update.done:
                    totals = dict(sorted(update.report.totals.items()))
                    print(f"watch ended ({update.stop_reason}): {totals}")
                    for row in update.report.stuck:
                        print(f"  stuck: {row.thing_name}: {row.stuck_reason}")

            retry = await retry_failed(gg, iot, deployment_id, clock=now)
            print(
                f"retrying {len(retry.devices)} devices through {retry.thing_group_name}: "
                f"subdeployment {retry.deployment_id}"
            )
            if emulator is not None:  # the fix worked: the retried devices now succeed
                for name in retry.devices:
                    emulator.script_device(name, DeviceBehaviour.succeeds())
            await wait(120)
            report = await rollout_status(gg, iot, retry.deployment_id, clock=now)
            print(f"subdeployment: {dict(sorted(report.totals.items()))}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
