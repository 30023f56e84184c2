"""Per-call overhead of GreengrassV2Client next to a raw aiobotocore call, same local server.

Both sides call ``GetDeployment`` and ``CreateDeployment`` against one aiohttp server on
127.0.0.1 (no network noise), with botocore retries off on the raw client as on ours. Batches of
the two sides are interleaved; prints the median per-call time of each and the median ratio.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiobotocore.config import AioConfig
from aiobotocore.session import get_session
from aiohttp import web

from greengrass_sdk import GreengrassV2Client

CALLS = 200
ROUNDS = 15
CREDS = {"aws_access_key_id": "bench", "aws_secret_access_key": "bench"}
TARGET = "arn:aws:iot:us-east-1:123456789012:thinggroup/Fleet"
DEPLOYMENT = {
    "targetArn": TARGET,
    "deploymentId": "d-1",
    "deploymentStatus": "ACTIVE",
    "components": {f"com.example.C{i}": {"componentVersion": "1.0.0"} for i in range(10)},
    "creationTimestamp": 1700000000,
}


async def start_server() -> tuple[web.AppRunner, str]:
    async def get(_: web.Request) -> web.Response:
        return web.json_response(DEPLOYMENT)

    async def create(_: web.Request) -> web.Response:
        return web.json_response({"deploymentId": "d-1"}, status=201)

    app = web.Application()
    app.router.add_get("/greengrass/v2/deployments/{id}", get)
    app.router.add_post("/greengrass/v2/deployments", create)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}"


async def batch(call: Callable[[], Awaitable[Any]]) -> float:
    started = time.perf_counter()
    for _ in range(CALLS):
        await call()
    return (time.perf_counter() - started) / CALLS


async def compare(
    raw: Callable[[], Awaitable[Any]], ours: Callable[[], Awaitable[Any]]
) -> tuple[float, float, float]:
    """Interleave batches of both sides (alternating which goes first) so that drift in machine
    speed hits both alike; return (median raw, median ours, median of per-round ratios)."""
    await batch(raw)
    await batch(ours)
    raw_times, our_times, ratios = [], [], []
    for round_number in range(ROUNDS):
        if round_number % 2:
            ours_s, raw_s = await batch(ours), await batch(raw)
        else:
            raw_s, ours_s = await batch(raw), await batch(ours)
        raw_times.append(raw_s)
        our_times.append(ours_s)
        ratios.append(ours_s / raw_s)
    return statistics.median(raw_times), statistics.median(our_times), statistics.median(ratios)


async def main() -> None:
    runner, url = await start_server()
    components = {f"com.example.C{i}": {"componentVersion": "1.0.0"} for i in range(10)}
    try:
        config = AioConfig(retries={"total_max_attempts": 1})
        async with (
            get_session().create_client(
                "greengrassv2", region_name="us-east-1", endpoint_url=url, config=config, **CREDS
            ) as raw,
            GreengrassV2Client(region_name="us-east-1", endpoint_url=url, **CREDS) as gg,
        ):
            rows = [
                (
                    "get_deployment",
                    *await compare(
                        lambda: raw.get_deployment(deploymentId="d-1"),
                        lambda: gg.get_deployment(deployment_id="d-1"),
                    ),
                ),
                (
                    "create_deployment (10 components)",
                    *await compare(
                        lambda: raw.create_deployment(targetArn=TARGET, components=components),
                        lambda: gg.create_deployment(target_arn=TARGET, components=components),
                    ),
                ),
            ]
    finally:
        await runner.cleanup()
    print(f"per-call time: {ROUNDS} interleaved rounds x {CALLS} sequential calls, local server")
    print(f"{'operation':36} {'aiobotocore us':>15} {'greengrass_sdk us':>18} {'ratio':>7}")
    for name, raw_s, ours_s, ratio in rows:
        print(f"{name:36} {raw_s * 1e6:15.0f} {ours_s * 1e6:18.0f} {ratio:7.2f}")
    print("ratio = median over rounds of (ours / raw); the difference is validation of the")
    print("request and the response and the client token (tenacity runs only after a failure).")


if __name__ == "__main__":
    asyncio.run(main())
