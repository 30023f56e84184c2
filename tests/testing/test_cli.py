from __future__ import annotations

import argparse
import asyncio
import socket
import sys

from greengrass_sdk.testing.shell import add_arguments
from tests.testing.conftest import SESSION, recipe


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def test_shell_entry_point_serves_until_terminated() -> None:

    port = _free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "greengrass_sdk.testing",
        "--port",
        str(port),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), timeout=30)
        assert line.decode().strip() == f"LocalGreengrass listening on http://127.0.0.1:{port}"
        async with SESSION.create_client(
            "greengrassv2",
            endpoint_url=f"http://127.0.0.1:{port}",
            region_name="eu-west-1",
            aws_access_key_id="x",
            aws_secret_access_key="x",
        ) as gg:
            created = await gg.create_component_version(
                inlineRecipe=recipe("com.example.Cli", "1.0.0")
            )
            assert created["arn"].startswith("arn:aws:greengrass:eu-west-1:123456789012:")
            listed = await gg.list_components()
            assert [c["componentName"] for c in listed["components"]] == ["com.example.Cli"]
    finally:
        process.terminate()
        assert await asyncio.wait_for(process.wait(), timeout=30) == 0


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(argv)


def test_arguments() -> None:
    args = _arguments(["--port", "0", "--services", "greengrassv2", "--no-generic-fallback"])
    assert (args.port, args.services, args.no_generic_fallback) == (0, "greengrassv2", True)
    assert _arguments([]).port == 4566
