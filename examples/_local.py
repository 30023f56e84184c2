"""Shared by the examples: run against the embedded emulator unless an endpoint is given."""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TypedDict

from greengrass_sdk.testing import LocalGreengrass


class ClientKwargs(TypedDict, total=False):
    """Where to connect, typed so that ``Client(**kwargs)`` type-checks."""

    endpoint_url: str | None
    region_name: str | None
    aws_access_key_id: str
    aws_secret_access_key: str


@dataclass
class Target:
    """Where an example sends its calls."""

    endpoint_url: str | None
    region_name: str
    emulator: LocalGreengrass | None

    def client_kwargs(self) -> ClientKwargs:
        if self.emulator is not None:
            # The emulator checks no signature; these keep botocore from looking for real ones.
            return ClientKwargs(**self.emulator.connection_kwargs(self.region_name))
        return ClientKwargs(endpoint_url=self.endpoint_url, region_name=self.region_name)


def parse_args(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--endpoint-url",
        help="call this endpoint (e.g. a real AWS one) instead of the embedded local emulator",
    )
    parser.add_argument("--region", default=os.environ.get("AWS_REGION", "us-east-1"))
    return parser.parse_args()


@contextlib.asynccontextmanager
async def target(args: argparse.Namespace) -> AsyncIterator[Target]:
    if args.endpoint_url:
        yield Target(args.endpoint_url, args.region, None)
        return
    async with LocalGreengrass(default_region=args.region) as emulator:
        yield Target(emulator.endpoint_url, args.region, emulator)
