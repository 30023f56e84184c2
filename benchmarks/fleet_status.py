"""Time and API calls of a 2,000-device ``rollout_status``, with and without the rate limiter.

The emulator serves a thing group of 2,000 core devices and throttles every request beyond a
fixed rate (``Faults.throttle_above``), as an account's request quota would. Each run reads the
whole rollout once; the emulator's journal counts the HTTP requests (retries included) and the
throttled ones. Prints both runs and the ratios "without / with".
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from greengrass_sdk import GreengrassV2Client, IoTClient, RetryPolicy
from greengrass_sdk.errors import GreengrassError
from greengrass_sdk.fleet import RateLimiter, rollout_status
from greengrass_sdk.testing import LocalGreengrass, SimulatedClock

DEVICES = 2000
THROTTLE_RPS = 200.0
GROUP = "arn:aws:iot:us-east-1:123456789012:thinggroup/Fleet"
# The SDK's default retry policy: a throttled call waits a full-jitter backoff from 1 s.
RETRY = RetryPolicy()


@dataclass(frozen=True)
class Run:
    """One measured status read."""

    label: str
    seconds: float
    requests: int
    throttled: int
    failed: str | None


async def seed(server: LocalGreengrass, devices: int) -> str:
    """Register ``devices`` core devices in one group and deploy to it; returns the id."""
    server.add_component_version(
        {
            "RecipeFormatVersion": "2020-01-25",
            "ComponentName": "com.example.App",
            "ComponentVersion": "1.0.0",
        }
    )
    for index in range(devices):
        server.register_core_device(f"core-{index:04d}", thing_groups=["Fleet"])
    async with GreengrassV2Client(**server.connection_kwargs()) as gg:
        created = await gg.create_deployment(
            target_arn=GROUP, components={"com.example.App": {"componentVersion": "1.0.0"}}
        )
    return created.deployment_id or ""


async def measure(
    server: LocalGreengrass,
    deployment_id: str,
    *,
    limited: bool,
    throttle_rps: float = THROTTLE_RPS,
    retry: RetryPolicy = RETRY,
) -> Run:
    """Read the rollout once under a throttle of ``throttle_rps`` requests a second."""
    server.requests.clear()
    server.faults.clear()
    server.faults.throttle_above(throttle_rps, burst=int(throttle_rps // 10) or 1)
    kwargs = server.connection_kwargs()
    failed: str | None = None
    started = time.perf_counter()
    async with (
        GreengrassV2Client(**kwargs, retry=retry) as gg,
        IoTClient(**kwargs, retry=retry) as iot,
    ):
        try:
            await rollout_status(
                gg, iot, deployment_id, rate_limiter=RateLimiter() if limited else False
            )
        except GreengrassError as error:
            failed = f"{type(error).__name__}: {str(error)[:120]}"
    seconds = time.perf_counter() - started
    throttled = sum(1 for r in server.requests if r.error_code == "ThrottlingException")
    server.faults.clear()
    label = "with the rate limiter" if limited else "without a rate limiter"
    return Run(label, seconds, len(server.requests), throttled, failed)


async def main() -> None:
    async with LocalGreengrass(clock=SimulatedClock(frozen=True)) as server:
        deployment_id = await seed(server, DEVICES)
        runs = [
            await measure(server, deployment_id, limited=False),
            await measure(server, deployment_id, limited=True),
        ]
    print(
        f"rollout_status of {DEVICES} devices, emulator throttling above {THROTTLE_RPS:.0f} req/s"
    )
    for run in runs:
        outcome = f"FAILED ({run.failed})" if run.failed else "ok"
        print(
            f"  {run.label:<24} {run.seconds:7.2f} s  {run.requests:6d} requests  "
            f"{run.throttled:5d} throttled  {outcome}"
        )
    without, with_ = runs
    print(
        f"  ratio without/with: time {without.seconds / with_.seconds:.2f}x, "
        f"requests {without.requests / with_.requests:.2f}x"
    )


if __name__ == "__main__":
    asyncio.run(main())
