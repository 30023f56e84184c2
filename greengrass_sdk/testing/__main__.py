"""Run the emulator from the shell: ``python -m greengrass_sdk.testing --port 4566``."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Sequence

from greengrass_sdk.testing.clock import SimulatedClock
from greengrass_sdk.testing.server import DEFAULT_ACCOUNT_ID, DEFAULT_SERVICES, LocalGreengrass

__all__ = ["main"]


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m greengrass_sdk.testing",
        description="Local emulator of AWS IoT Greengrass V2 and the IoT package catalog.",
    )
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
    return parser.parse_args(argv)


async def _serve(args: argparse.Namespace) -> None:
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
    asyncio.run(_serve(_arguments(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
