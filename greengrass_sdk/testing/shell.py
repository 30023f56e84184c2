"""Serve the emulator from the shell: ``greengrass-sdk emulator serve``.

Serves until SIGINT or SIGTERM. ``--seed-file`` loads components, core devices and thing groups
at start (JSON or YAML)::

    components:            # recipes, as published with CreateComponentVersion
      - {RecipeFormatVersion: "2020-01-25", ComponentName: com.example.App, ComponentVersion: 1.0.0}
    publicComponents: []   # recipes listed in the PUBLIC scope (e.g. aws.greengrass.Nucleus)
    coreDevices:           # registered as the device would on first connection
      - {thingName: core-1, thingGroups: [Fleet], coreVersion: 2.14.0}
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

import yaml

from greengrass_sdk._core.exceptions import ClientUsageError
from greengrass_sdk.testing.clock import SimulatedClock
from greengrass_sdk.testing.server import DEFAULT_ACCOUNT_ID, DEFAULT_SERVICES, LocalGreengrass

__all__ = ["DESCRIPTION", "add_arguments", "main", "seed", "serve"]

DESCRIPTION = "Local emulator of AWS IoT Greengrass V2 and the IoT package catalog."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The emulator's options, for ``python -m greengrass_sdk.testing`` and the CLI."""
    parser.add_argument("--port", type=int, default=4566, help="TCP port (0 picks a free one)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind")
    parser.add_argument("--account-id", default=DEFAULT_ACCOUNT_ID, help="account id in ARNs")
    parser.add_argument(
        "--region",
        default="us-east-1",
        help="region of requests that carry no SigV4 scope, and of the control API's default",
    )
    parser.add_argument(
        "--frozen-clock",
        action="store_true",
        help="the clock moves only through POST /_emulator/clock/advance",
    )
    parser.add_argument(
        "--services",
        default=",".join(DEFAULT_SERVICES),
        help="comma-separated botocore service names to serve",
    )
    parser.add_argument(
        "--no-generic-fallback",
        action="store_true",
        help="answer operations without a stateful handler with 501 instead of a made-up output",
    )
    parser.add_argument(
        "--stateless",
        action="store_true",
        help="answer every operation with a made-up output (wire-format checks only)",
    )
    parser.add_argument(
        "--s3-endpoint-url",
        help="S3 endpoint to check new component versions' artifacts against (e.g. moto's)",
    )
    parser.add_argument(
        "--seed-file",
        help="JSON or YAML file of components, public components and core devices to load",
    )


def seed(server: LocalGreengrass, path: str) -> str:
    """Load a seed file into ``server`` (see the module docstring); return a summary line.

    Raises:
        ClientUsageError: The file cannot be read or is not a seed document.
    """
    try:
        document = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ClientUsageError(f"--seed-file {path}: {error}") from None
    if not isinstance(document, dict):
        raise ClientUsageError(f"--seed-file {path}: expected a mapping of seed lists")
    unknown = set(document) - {"components", "publicComponents", "coreDevices"}
    if unknown:
        raise ClientUsageError(f"--seed-file {path}: unknown keys {sorted(unknown)}")
    for public, key in ((False, "components"), (True, "publicComponents")):
        for recipe in document.get(key) or []:
            server.add_component_version(recipe, public=public)
    devices = document.get("coreDevices") or []
    for device in devices:
        server.register_core_device(
            device["thingName"],
            thing_groups=device.get("thingGroups", ()),
            core_version=device.get("coreVersion", "2.14.0"),
            platform=device.get("platform", "linux"),
            architecture=device.get("architecture", "amd64"),
        )
    components = len(document.get("components") or []) + len(document.get("publicComponents") or [])
    return f"seeded {components} component versions and {len(devices)} core devices"


async def serve(args: argparse.Namespace) -> None:
    """Serve with parsed :func:`add_arguments` options until SIGINT or SIGTERM."""
    server = LocalGreengrass(
        port=args.port,
        host=args.host,
        account_id=args.account_id,
        services=tuple(s for s in args.services.split(",") if s),
        generic_fallback=not args.no_generic_fallback,
        stateful=not args.stateless,
        s3_endpoint_url=args.s3_endpoint_url,
        default_region=args.region,
        clock=SimulatedClock(frozen=args.frozen_clock),
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with server:
        if args.seed_file:
            print(seed(server, args.seed_file), flush=True)
        print(f"LocalGreengrass listening on {server.endpoint_url}", flush=True)
        print(f"region {args.region}; control API at {server.endpoint_url}/_emulator/", flush=True)
        await stop.wait()


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and serve until SIGINT or SIGTERM.

    Args:
        argv: Command-line arguments without the program name; ``sys.argv`` when ``None``.

    Returns:
        The exit status.
    """
    parser = argparse.ArgumentParser(
        prog="python -m greengrass_sdk.testing", description=DESCRIPTION
    )
    add_arguments(parser)
    asyncio.run(serve(parser.parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
