"""The shell emulator's control API and --region: the same controls as the Python API."""

from __future__ import annotations

import asyncio
import socket
import sys
from typing import Any

import aiohttp

from greengrass_sdk import GreengrassV2Client, IoTClient
from greengrass_sdk.fleet import rollout_status
from tests.fleet.conftest import APP, COMPONENTS


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def test_shell_server_with_region_frozen_clock_and_control_api() -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "greengrass_sdk.testing",
        "--port",
        str(port),
        "--region",
        "eu-central-1",
        "--frozen-clock",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        await asyncio.wait_for(process.stdout.readline(), timeout=30)
        second = (await asyncio.wait_for(process.stdout.readline(), timeout=30)).decode()
        assert "eu-central-1" in second and "/_emulator/" in second
        async with aiohttp.ClientSession(base_url=url) as http:

            async def call(method: str, path: str, body: Any = None) -> Any:
                async with http.request(method, "/_emulator" + path, json=body) as response:
                    payload = await response.json()
                    assert response.status < 300, payload
                    return payload

            clock = await call("GET", "/clock")
            assert clock["frozen"] is True
            await call("POST", "/components", {"recipe": APP})
            for name, outcome in (("core-1", "succeeds"), ("core-2", "fails")):
                await call("POST", "/core-devices", {"thingName": name, "thingGroups": ["Fleet"]})
                await call(
                    "PUT",
                    f"/core-devices/{name}/behaviour",
                    {"outcome": outcome, "duration": 5, "errorStack": ["DEPLOYMENT_FAILURE"]},
                )
            async with http.post("/_emulator/clock/advance", json={}) as response:
                assert response.status == 400
                assert "seconds" in (await response.json())["message"]

            kwargs: Any = {
                "endpoint_url": url,
                "region_name": "eu-central-1",
                "aws_access_key_id": "x",
                "aws_secret_access_key": "x",
            }
            async with GreengrassV2Client(**kwargs) as gg, IoTClient(**kwargs) as iot:
                created = await gg.create_deployment(
                    target_arn="arn:aws:iot:eu-central-1:123456789012:thinggroup/Fleet",
                    components=COMPONENTS,
                )
                deployment_id = created.deployment_id or ""
                advanced = await call("POST", "/clock/advance", {"seconds": 10})
                assert advanced["now"] > clock["now"]
                report = await rollout_status(gg, iot, deployment_id)
                assert report.totals == {"SUCCEEDED": 1, "FAILED": 1}
                assert report.device("core-2").error_stack == ("DEPLOYMENT_FAILURE",)
            await call("POST", "/reset")
            async with GreengrassV2Client(**kwargs) as gg:
                assert [d async for d in gg.list_deployments()] == []
    finally:
        process.terminate()
        assert await asyncio.wait_for(process.wait(), timeout=30) == 0


async def test_control_api_in_process_apply_unscript_and_throttle() -> None:
    from greengrass_sdk.testing import LocalGreengrass

    async with LocalGreengrass() as server, aiohttp.ClientSession() as http:
        base = f"{server.endpoint_url}/_emulator"
        server.add_component_version(APP)
        await http.post(
            f"{base}/core-devices", json={"thingName": "core-1", "coreVersion": "2.8.0"}
        )
        assert server.state().core_devices["core-1"].core_version == "2.8.0"
        await http.put(f"{base}/core-devices/core-1/behaviour", json={"outcome": "stuck"})
        assert server.state().behaviours["core-1"].outcome == "stuck"
        async with http.put(
            f"{base}/core-devices/core-1/behaviour", json={"outcome": "sleeps"}
        ) as response:
            assert response.status == 400
        await http.delete(f"{base}/core-devices/core-1/behaviour")
        assert "core-1" not in server.state().behaviours
        async with GreengrassV2Client(**server.connection_kwargs()) as gg:
            created = await gg.create_deployment(
                target_arn="arn:aws:iot:us-east-1:123456789012:thing/core-1",
                components=COMPONENTS,
            )
        async with http.post(f"{base}/core-devices/core-1/apply", json={}) as response:
            assert await response.json() == {created.deployment_id: "SUCCEEDED"}
        async with http.post(f"{base}/core-devices/nobody/apply") as response:
            assert response.status == 404
        async with http.post(f"{base}/faults/throttle", json={"requestsPerSecond": 1}) as r:
            assert r.status == 200
        statuses = []
        for _ in range(2):
            async with http.get(f"{server.endpoint_url}/greengrass/v2/deployments") as response:
                statuses.append((response.status, response.headers.get("x-amzn-ErrorType")))
        assert statuses == [(200, None), (429, "ThrottlingException")]
        async with http.post(f"{base}/clock/advance", data=b"not json") as response:
            assert response.status == 400
