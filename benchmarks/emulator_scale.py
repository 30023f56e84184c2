"""The emulator at scale: CreateDeployment's cost as deployments pile up, and the journal's size.

Creates ``BENCH_DEPLOYMENTS`` deployments (default 5,000), each to its own thing group, through
GreengrassV2Client against LocalGreengrass, and prints the median time per call of the first and
the last 200 (flat when nothing scans every existing deployment). Then prints how many requests
the journal holds and how much memory it grew by (tracemalloc) with the default bound and with
bodies left out, over 2,000 calls.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import time
import tracemalloc

from greengrass_sdk import GreengrassV2Client
from greengrass_sdk.testing import LocalGreengrass

COUNT = int(os.environ.get("BENCH_DEPLOYMENTS", "5000"))
JOURNAL_CALLS = 2000
WINDOW = 200


def target(number: int) -> str:
    return f"arn:aws:iot:us-east-1:123456789012:thinggroup/G{number}"


async def create_many(server: LocalGreengrass, count: int) -> list[float]:
    recipe = {"RecipeFormatVersion": "2020-01-25", "ComponentVersion": "1.0.0"}
    times = []
    async with GreengrassV2Client(**server.connection_kwargs()) as v2:
        for name in ("com.example.A", "com.example.B"):
            await v2.create_component_version(
                inline_recipe=json.dumps({**recipe, "ComponentName": name})
            )
        components = {
            name: {"componentVersion": "1.0.0"} for name in ("com.example.A", "com.example.B")
        }
        for number in range(count):
            started = time.perf_counter()
            await v2.create_deployment(target_arn=target(number), components=components)
            times.append(time.perf_counter() - started)
    return times


async def journal_growth(**settings: object) -> tuple[int, int, float]:
    async with LocalGreengrass(**settings) as server:  # type: ignore[arg-type]
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        await create_many(server, JOURNAL_CALLS)
        after = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        return len(server.requests), server.requests.forgotten, (after - before) / 2**20


async def main() -> None:
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    async with LocalGreengrass(journal_bodies=False) as server:
        times = await create_many(server, COUNT)
    first = statistics.median(times[:WINDOW]) * 1e3
    last = statistics.median(times[-WINDOW:]) * 1e3
    print(f"CreateDeployment: first {WINDOW} {first:.2f} ms, last {WINDOW} {last:.2f} ms per call")
    for label, settings in (
        ("journal, 1,000 kept, with bodies", {"journal_size": 1000}),
        ("journal, 1,000 kept, no bodies", {"journal_size": 1000, "journal_bodies": False}),
    ):
        kept, forgotten, grown = await journal_growth(**settings)
        print(
            f"{label}: {kept} kept, {forgotten} forgotten; "
            f"state + journal grew {grown:.1f} MiB over {JOURNAL_CALLS} calls"
        )


if __name__ == "__main__":
    asyncio.run(main())
