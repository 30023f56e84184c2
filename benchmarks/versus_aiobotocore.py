"""greengrass_sdk next to raw aiobotocore / botocore: every row of issue 15's goals table.

Both sides talk to one aiohttp server on 127.0.0.1 (no network noise), raw aiobotocore with its
retries off as ours are. Batches of the two sides are interleaved, alternating which goes
first, so that drift in machine speed (other processes share the cores) hits both alike. Each
row prints the median of each side, the median of the per-round ratios (ours / raw; for
throughput raw / ours, so that > 1 is better for us), their spread (lowest and highest round)
and the goal. The load average is printed before and after. Nothing fails: benchmarks are not
tests.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiobotocore.config import AioConfig
from aiobotocore.session import get_session
from aiohttp import web
from botocore.validate import ParamValidator
from bytecode import compile_sdk

from greengrass_sdk import GreengrassV2Client
from greengrass_sdk._core.invoke import build_request, native_wire_params
from greengrass_sdk.greengrassv2 import models as m
from greengrass_sdk.greengrassv2.client import _CREATE_DEPLOYMENT, _SERVICE

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
COLD_ROUNDS = max(3, ROUNDS)
"""Fresh processes vary most from one to the next (other processes on the cores, disk cache):
the cold-start rows take as many rounds as the others, not fewer."""
CREDS = {"aws_access_key_id": "bench", "aws_secret_access_key": "bench"}
REGION = "us-east-1"
TARGET = "arn:aws:iot:us-east-1:123456789012:thinggroup/Fleet"
PAGE = 100
PAGES = 100  # 10,000 items


def components(count: int) -> dict[str, dict[str, Any]]:
    return {
        f"com.example.C{i}": {
            "componentVersion": "1.0.0",
            "configurationUpdate": {"merge": '{"level": 1}', "reset": ["/a"]},
        }
        for i in range(count)
    }


DEPLOYMENT = {
    "targetArn": TARGET,
    "deploymentId": "d-1",
    "deploymentStatus": "ACTIVE",
    "components": {f"com.example.C{i}": {"componentVersion": "1.0.0"} for i in range(10)},
    "creationTimestamp": 1700000000.123,
}


def component_page(page: int) -> dict[str, Any]:
    items = [
        {
            "arn": f"arn:aws:greengrass:us-east-1:123456789012:components:com.example.C{n}",
            "componentName": f"com.example.C{n}",
            "latestVersion": {
                "arn": f"arn:aws:greengrass:us-east-1:123456789012:components:C{n}:versions:1.0.0",
                "componentVersion": "1.0.0",
                "creationTimestamp": 1700000000 + n,
                "description": "a component",
                "publisher": "bench",
                "platforms": [{"name": "linux", "attributes": {"os": "linux"}}],
            },
        }
        for n in range(page * PAGE, (page + 1) * PAGE)
    ]
    body: dict[str, Any] = {"components": items}
    if page + 1 < PAGES:
        body["nextToken"] = str(page + 1)
    return body


async def start_server() -> tuple[web.AppRunner, str]:
    pages = [component_page(n) for n in range(PAGES)]

    async def get(_: web.Request) -> web.Response:
        return web.json_response(DEPLOYMENT)

    async def create(_: web.Request) -> web.Response:
        return web.json_response({"deploymentId": "d-1"}, status=201)

    async def list_components(request: web.Request) -> web.Response:
        return web.json_response(pages[int(request.query.get("nextToken", "0"))])

    async def get_group(_: web.Request) -> web.Response:
        return web.json_response({"Id": "g-1", "Name": "fleet", "CreationTimestamp": "2024-01-01"})

    async def list_packages(_: web.Request) -> web.Response:
        return web.json_response({"packageSummaries": []})

    app = web.Application()
    app.router.add_get("/greengrass/v2/deployments/{id}", get)
    app.router.add_post("/greengrass/v2/deployments", create)
    app.router.add_get("/greengrass/v2/components", list_components)
    app.router.add_get("/greengrass/groups/{id}", get_group)
    app.router.add_get("/packages", list_packages)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}"


Timer = Callable[[], Awaitable[float]]


def repeat(call: Callable[[], Awaitable[Any]], times: int) -> Timer:
    async def timed() -> float:
        started = time.perf_counter()
        for _ in range(times):
            await call()
        return (time.perf_counter() - started) / times

    return timed


def repeat_sync(call: Callable[[], Any], times: int) -> Timer:
    async def timed() -> float:
        started = time.perf_counter()
        for _ in range(times):
            call()
        return (time.perf_counter() - started) / times

    return timed


class Row:
    def __init__(self, name: str, unit: str, goal: str, throughput: bool = False) -> None:
        self.name, self.unit, self.goal, self.throughput = name, unit, goal, throughput
        self.raw: list[float] = []
        self.ours: list[float] = []

    @property
    def ratios(self) -> list[float]:
        pairs = zip(self.raw, self.ours, strict=True)
        return [(r / o) if self.throughput else (o / r) for r, o in pairs]

    def line(self) -> str:
        scale = {"ms": 1e3, "us": 1e6, "s": 1.0}[self.unit]
        ratios = self.ratios
        return (
            f"{self.name:44} {statistics.median(self.raw) * scale:10.2f} "
            f"{statistics.median(self.ours) * scale:10.2f} {self.unit:>3} "
            f"{statistics.median(ratios):6.2f}x [{min(ratios):4.2f}-{max(ratios):4.2f}]"
            f"  goal {self.goal}"
        )


async def interleave(row: Row, raw: Timer, ours: Timer, rounds: int = ROUNDS) -> Row:
    await raw()
    await ours()
    for number in range(rounds):
        if number % 2:
            ours_s, raw_s = await ours(), await raw()
        else:
            raw_s, ours_s = await raw(), await ours()
        row.raw.append(raw_s)
        row.ours.append(ours_s)
    return row


COLD = {
    "v2": (
        "from aiobotocore.session import get_session as s\n"
        "async def go(url):\n"
        "    async with s().create_client('greengrassv2', endpoint_url=url, **K) as c:\n"
        "        await c.get_deployment(deploymentId='d-1')\n",
        "from greengrass_sdk import GreengrassV2Client\n"
        "async def go(url):\n"
        "    async with GreengrassV2Client(endpoint_url=url, **K) as c:\n"
        "        await c.get_deployment(deployment_id='d-1')\n",
    ),
    "v1": (
        "from aiobotocore.session import get_session as s\n"
        "async def go(url):\n"
        "    async with s().create_client('greengrass', endpoint_url=url, **K) as c:\n"
        "        await c.get_group(GroupId='g-1')\n",
        "from greengrass_sdk import GreengrassClient\n"
        "async def go(url):\n"
        "    async with GreengrassClient(endpoint_url=url, **K) as c:\n"
        "        await c.get_group(group_id='g-1')\n",
    ),
    "all three": (
        "from aiobotocore.session import get_session as s\n"
        "async def go(url):\n"
        "    session = s()\n"
        "    async with session.create_client('greengrassv2', endpoint_url=url, **K) as a, \\\n"
        "            session.create_client('greengrass', endpoint_url=url, **K) as b, \\\n"
        "            session.create_client('iot', endpoint_url=url, **K) as c:\n"
        "        await a.get_deployment(deploymentId='d-1')\n"
        "        await b.get_group(GroupId='g-1')\n"
        "        await c.list_packages()\n",
        "from greengrass_sdk import GreengrassClient, GreengrassV2Client, IoTClient\n"
        "async def go(url):\n"
        "    async with GreengrassV2Client(endpoint_url=url, **K) as a, \\\n"
        "            GreengrassClient(endpoint_url=url, **K) as b, \\\n"
        "            IoTClient(endpoint_url=url, **K) as c:\n"
        "        await a.get_deployment(deployment_id='d-1')\n"
        "        await b.get_group(group_id='g-1')\n"
        "        async for _ in c.list_packages(): pass\n",
    ),
}
COLD_PROLOGUE = (
    "import time, asyncio, sys\n"
    "t0 = time.perf_counter()\n"
    "K = dict(region_name='us-east-1', aws_access_key_id='b', aws_secret_access_key='b')\n"
)
COLD_EPILOGUE = (
    "asyncio.run(go(sys.argv[1]))\n"
    "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
    "print(time.perf_counter() - t0, hwm)\n"
)


PYDANTIC_FIRST = "from pydantic import BaseModel\n"
"""For the (info) row: an application that already uses pydantic has paid for its import
before it creates its first client, on both sides."""


async def cold(code: str, url: str, rss: list[float], before: str = "") -> float:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        before + COLD_PROLOGUE + code + COLD_EPILOGUE,
        url,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await process.communicate()
    seconds, peak_kib = out.split()
    rss.append(float(peak_kib) * 1024)
    return float(seconds)


async def main() -> None:
    bytecode = compile_sdk()
    load_before = os.getloadavg()
    runner, url = await start_server()
    rows: list[Row] = []
    try:
        config = AioConfig(retries={"total_max_attempts": 1}, max_pool_connections=50)
        async with (
            get_session().create_client(
                "greengrassv2", region_name=REGION, endpoint_url=url, config=config, **CREDS
            ) as raw,
            GreengrassV2Client(region_name=REGION, endpoint_url=url, **CREDS) as gg,
        ):
            few, many = components(10), components(200)
            rows.append(
                await interleave(
                    Row("get_deployment per call", "ms", "<= 1.0x"),
                    repeat(lambda: raw.get_deployment(deploymentId="d-1"), 200),
                    repeat(lambda: gg.get_deployment(deployment_id="d-1"), 200),
                )
            )
            for label, comps, times in (("10", few, 200), ("200", many, 40)):
                rows.append(
                    await interleave(
                        Row(f"create_deployment, {label} components", "ms", "<= 1.0x"),
                        repeat(
                            lambda c=comps: raw.create_deployment(targetArn=TARGET, components=c),
                            times,
                        ),
                        repeat(
                            lambda c=comps: gg.create_deployment(target_arn=TARGET, components=c),
                            times,
                        ),
                    )
                )

            async def raw_page() -> None:
                await raw.list_components(maxResults=PAGE)

            async def our_page() -> None:
                async for _ in gg.list_components(max_results=PAGE).pages():
                    break

            rows.append(
                await interleave(
                    Row("list_components, one page of 100", "ms", "<= 0.7x"),
                    repeat(raw_page, 20),
                    repeat(our_page, 20),
                )
            )

            async def raw_all() -> None:
                count = 0
                async for page in raw.get_paginator("list_components").paginate():
                    count += len(page["components"])
                assert count == PAGE * PAGES

            async def our_all() -> None:
                count = 0
                async for _ in gg.list_components(max_pages=PAGES + 1):
                    count += 1
                assert count == PAGE * PAGES

            rows.append(
                await interleave(
                    Row("10,000 items paged", "s", "<= 0.8x"),
                    repeat(raw_all, 1),
                    repeat(our_all, 1),
                    rounds=max(3, ROUNDS // 3),
                )
            )

            model = raw.meta.service_model.operation_model("CreateDeployment").input_shape
            params = {"targetArn": TARGET, "components": many}
            validator = ParamValidator()
            op = _CREATE_DEPLOYMENT
            prebuilt = m.CreateDeploymentRequest(target_arn=TARGET, components=many)

            def botocore_validates() -> None:
                report = validator.validate(params, model)
                assert not report.has_errors()

            checks = _SERVICE.checks
            fields = {"target_arn": TARGET, "components": many}

            def ours_checks(request: Any, given: dict[str, Any]) -> None:
                # what a call does before sending: the native check, into wire form
                assert native_wire_params(op, checks, request, given) is not None

            rows.append(
                await interleave(
                    Row("validation, 200-component CreateDeployment", "ms", "<= 0.3x"),
                    repeat_sync(botocore_validates, 40),
                    repeat_sync(lambda: ours_checks(None, fields), 40),
                )
            )
            rows.append(
                await interleave(
                    Row("  ... a prebuilt request= model", "ms", "<= 0.3x"),
                    repeat_sync(botocore_validates, 40),
                    repeat_sync(lambda: ours_checks(prebuilt, {}), 40),
                )
            )
            rows.append(
                await interleave(
                    Row("  ... the models' path (input outside it)", "ms", "(info)"),
                    repeat_sync(botocore_validates, 40),
                    repeat_sync(lambda: build_request(op, None, fields), 40),
                )
            )

            async def raw_burst() -> None:
                await asyncio.gather(*(raw.get_deployment(deploymentId="d-1") for _ in range(1000)))

            async def our_burst() -> None:
                await asyncio.gather(*(gg.get_deployment(deployment_id="d-1") for _ in range(1000)))

            rows.append(
                await interleave(
                    Row("1,000 concurrent calls (throughput)", "s", ">= 1.0x", throughput=True),
                    repeat(raw_burst, 1),
                    repeat(our_burst, 1),
                    rounds=max(3, ROUNDS // 3),
                )
            )
        rss_rows: list[Row] = []
        for label, (raw_code, our_code) in COLD.items():
            raw_rss: list[float] = []
            our_rss: list[float] = []
            row = await interleave(
                Row(f"cold start to first result, {label}", "ms", "<= 1.15x"),
                lambda code=raw_code, sink=raw_rss: cold(code, url, sink),
                lambda code=our_code, sink=our_rss: cold(code, url, sink),
                rounds=COLD_ROUNDS,
            )
            rows.append(row)
            rss = Row(f"  peak RSS, {label}", "ms", "<= 1.15x")
            rss.raw, rss.ours = raw_rss[1:], our_rss[1:]  # the warm-up run is not a round
            rss_rows.append(rss)
        raw_code, our_code = COLD["v2"]
        unused: list[float] = []
        rows.append(
            await interleave(
                Row("  ... v2, pydantic imported already", "ms", "(info)"),
                lambda: cold(raw_code, url, unused, PYDANTIC_FIRST),
                lambda: cold(our_code, url, unused, PYDANTIC_FIRST),
                rounds=COLD_ROUNDS,
            )
        )
    finally:
        await runner.cleanup()
    print(f"greengrass_sdk vs raw aiobotocore/botocore, local server, {ROUNDS} interleaved rounds")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in load_before)}")
    print(bytecode)
    print(f"{'figure':44} {'raw':>10} {'ours':>10}     ratio [spread]")
    for row in rows:
        print(row.line())
    for rss in rss_rows:
        ratios = rss.ratios
        print(
            f"{rss.name:44} {statistics.median(rss.raw) / 2**20:10.1f} "
            f"{statistics.median(rss.ours) / 2**20:10.1f} MiB "
            f"{statistics.median(ratios):6.2f}x [{min(ratios):4.2f}-{max(ratios):4.2f}]"
            f"  goal {rss.goal}"
        )
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("ratio = median over rounds of ours / raw (throughput: raw / ours); [lowest-highest].")


if __name__ == "__main__":
    asyncio.run(main())
